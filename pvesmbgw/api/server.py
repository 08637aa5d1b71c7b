"""pvesmbgw-appstore: HTTPS with the node's PVE certificate, PVE tickets, PVE's answers."""

from __future__ import annotations

import argparse
import json
import logging
import socket
import ssl
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Optional, Sequence

from .. import __version__
from ..core.config import Config, load
from ..core.errors import NotFoundError, PvesmbgwError, ValidationError
from ..core.i18n import _
from ..core.runner import Runner
from ..tools import pvesh
from .auth import AuthError, AuthKeys, verify_csrf_token, verify_ticket
from .forward import FORWARDED, ForwardError, Reply, forward
from .permissions import Forbidden, pvesh_lookup
from .request import MAX_BODY, Request, parse_body
from .routes import Context, Routes, storage_matcher
from .svc_client import Svc, SvcFailed

PREFIX = "/api2/json"
GUI_PORT = 8006
log = logging.getLogger("pvesmbgw-appstore")


class Handler(BaseHTTPRequestHandler):
    """One HTTP request; the server holds the routes and keys."""

    server: "AppStoreServer"
    protocol_version = "HTTP/1.1"
    server_version = "pvesmbgw-appstore"

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self._handle("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._handle("POST")

    def do_OPTIONS(self) -> None:  # noqa: N802
        """The browser's CORS pre-flight: allowed for the node's own GUI origin only."""
        if not self._origin_ok():
            self._reply(403, {"data": None, "message": "origin not allowed"})
            return
        self.send_response(204)
        self._cors()
        self.send_header("Access-Control-Allow-Methods", "GET, POST")
        self.send_header("Access-Control-Allow-Headers",
                         "CSRFPreventionToken, PVEAuthCookie, Content-Type")
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _allowed_origin(self) -> str:
        """https://<the host this request was sent to>:8006, PVE's GUI on this node."""
        host = self.headers.get("Host", "")
        name = urllib.parse.urlsplit(f"//{host}").hostname or ""
        if ":" in name:
            name = f"[{name}]"
        return f"https://{name}:{GUI_PORT}"

    def _allowed(self, origin: str) -> bool:
        """appstore_gui_origins, else PVE's GUI on the host this request was sent to."""
        return origin in (self.server.gui_origins or (self._allowed_origin(),))

    def _origin_ok(self) -> bool:
        origin = self.headers.get("Origin")
        return origin is None or self._allowed(origin)

    def _cors(self) -> None:
        origin = self.headers.get("Origin")
        if origin is not None and self._allowed(origin):
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Access-Control-Allow-Credentials", "true")
            self.send_header("Vary", "Origin")

    def _reply(self, code: int, body: dict[str, Any]) -> None:
        raw = (json.dumps(body) + "\n").encode()
        self.send_response(code)
        self._cors()
        self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Cache-Control", "max-age=0")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def _reply_raw(self, reply: Reply) -> None:
        """Another node's answer, as it came."""
        self.send_response(reply.status)
        self._cors()
        self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Cache-Control", "max-age=0")
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    def _error(self, code: int, message: str) -> None:
        # The body may be unread (too large, refused early): the connection ends here.
        self.close_connection = True
        self._reply(code, {"data": None, "message": message.strip().splitlines()[0]
                           if message.strip() else "error"})

    def _handle(self, method: str) -> None:
        try:
            data = self._run(method)
            if isinstance(data, Reply):
                self._reply_raw(data)
            else:
                self._reply(200, {"data": data})
        except ForwardError as exc:
            self._error(502, str(exc))
        except AuthError as exc:
            self._error(401, str(exc))
        except Forbidden as exc:
            self._error(403, str(exc))
        except NotFoundError as exc:
            self._error(404 if "handler" in str(exc) else 400, str(exc))
        except ValidationError as exc:
            self._error(400, str(exc))
        except SvcFailed as exc:
            self._error(400 if exc.bad_input else 500, str(exc))
        except PvesmbgwError as exc:
            self._error(500, str(exc))
        except Exception:  # a bug: logged with its trace, the client gets one line
            log.exception("%s %s failed", method, self.path)
            self._error(500, "internal error")

    def _run(self, method: str) -> Any:
        if not self._origin_ok():
            raise AuthError(_("origin not allowed"))
        url = urllib.parse.urlsplit(self.path)
        if not (url.path == PREFIX or url.path.startswith(PREFIX + "/")):
            raise NotFoundError(f"no {method} handler for {url.path}")
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ValidationError("body", _("too large"))
        raw = self.rfile.read(length) if length > 0 else b""
        req = Request(method, url.path[len(PREFIX):],
                      {k.lower(): v for k, v in self.headers.items()},
                      {k: v[-1] for k, v in urllib.parse.parse_qs(url.query).items()})
        keys = self.server.keys
        req.user = verify_ticket(keys, req.ticket())
        if method != "GET":
            verify_csrf_token(keys, req.user, req.csrf())
        req.body = parse_body(self.headers.get("Content-Type", ""), raw)
        node = req.get("node")
        if node and node != self.server.node:
            if req.headers.get(FORWARDED.lower()) is not None:
                # Passed on once only: not again, nor answered with this node's data.
                raise ValidationError("node", _("this is node {this_node}, not {node}").format(
                    this_node=self.server.node, node=node))
            # Authenticated here first, as pveproxy does, so this is no open relay; the
            # other node checks ticket, token and privileges again.
            return forward(self.server.pve_root, str(node), self.server.server_address[1],
                           method, self.path, dict(self.headers.items()), raw)
        return self.server.routes.dispatch(req)

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s %s", self.address_string(), format % args)


class AppStoreServer(ThreadingHTTPServer):
    """The listening socket, TLS, and what the handlers share."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], routes: Routes, keys: AuthKeys,
                 context: Optional[ssl.SSLContext], pve_root: Path,
                 gui_origins: tuple[str, ...] = ()) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.routes = routes
        self.node = routes.ctx.node
        self.pve_root = pve_root
        self.keys = keys
        self.tls = context
        self.gui_origins = gui_origins
        super().__init__(address, Handler)

    def finish_request(self, request: Any, client_address: Any) -> None:
        """TLS in the request's own thread: a slow handshake holds up no one else."""
        request.settimeout(60)
        if self.tls is not None:
            request = self.tls.wrap_socket(request, server_side=True)
        super().finish_request(request, client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.info("connection from %s failed: %s", client_address[0], sys.exc_info()[1])

    def server_bind(self) -> None:
        if self.address_family == socket.AF_INET6:
            # '::' serves IPv4 too, as pveproxy does.
            self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        super().server_bind()


def tls_context(cfg: Config) -> ssl.SSLContext:
    """TLS 1.2+ with the node's certificate (appstore_cert/appstore_key)."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        ctx.load_cert_chain(str(cfg.appstore.cert), str(cfg.appstore.key))
    except (OSError, ssl.SSLError) as exc:
        raise PvesmbgwError(_("cannot load the certificate {cert}: {exc}").format(cert=cfg.appstore.cert, exc=exc)) from None
    return ctx


def build(cfg: Config) -> AppStoreServer:
    """The server for CFG, bound, not yet serving."""
    runner = Runner(timeout=cfg.command_timeout)

    def storage_of(paths: list[str]) -> list[str]:
        return storage_matcher(pvesh.get(runner, "/storage") or [])(paths)
    ctx = Context(svc=Svc(cfg.appstore.svc_command), node=cfg.node,
                  task_dir=cfg.appstore.task_dir, lookup=pvesh_lookup(runner),
                  storage_of=storage_of, default_storage=cfg.svc.storage)
    return AppStoreServer((cfg.appstore.listen, cfg.appstore.port), Routes(ctx),
                          AuthKeys.under(cfg.pve_root), tls_context(cfg), cfg.pve_root,
                          cfg.appstore.gui_origins)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """pvesmbgw-appstore [--config FILE]: serve until stopped."""
    parser = argparse.ArgumentParser(prog="pvesmbgw-appstore",
                                     description="The PVE web UI's App Store backend.")
    parser.add_argument("--config", metavar="FILE", help="the agent's configuration")
    parser.add_argument("--version", action="version", version=__version__)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    try:
        server = build(load(args.config))
    except (PvesmbgwError, OSError) as exc:
        sys.stderr.write(f"pvesmbgw-appstore: error: {exc}\n")
        return 1
    log.info("listening on [%s]:%d", *server.server_address[:2])
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
