"""A loopback stand-in for pveproxy: serves PVE's web UI built from the vendored sources
(index.html.tpl rendered as pveproxy renders it, with pvesmbgw's GUI hook line) and
answers the /api2/json and /api2/extjs calls the UI makes, for a simulated node
(simnode.SimNode: the project's simulator, in the PVE major release of the UI under
test, with the real App Store daemon pvesmbgw-appstore beside it).

- POST /access/ticket: a real ticket and CSRF token made as PVE makes them for the
  users of the simulated user.cfg, with the capabilities PVE would compute from the
  simulator's privileges; every other call must carry a ticket the daemon's own
  verify_ticket accepts (and, for changes, a valid CSRF token), as pveproxy checks.
- GETs of every path the simulator's pvesh has (/version, /nodes, /cluster/resources,
  /storage, /nodes/{node}/storage, /nodes/{node}/tasks/{upid}/status|log, ...): answered
  by running it (`pvesh get PATH --output-format json`).
- GET /cluster/tasks (the simulator's pvesh lacks it): the simulated node's task list
  (var/log/pve/tasks/active, where the daemon lists its tasks as PVE::RPCEnvironment
  does; the end of one listed as running is asked of the simulator's pvesh), as
  pvestatd and pmxcfs pass it on.
- Canned (the simulator lacks them), in PVE 8.4's and 9.1's format, which agree for
  these: /access/domains, /cluster/status, /cluster/options, /cluster/sdn,
  /cluster/ha/status/current, /cluster/ha/groups, /pools, /access/users,
  /nodes/{node}/subscription (an active one: no "No valid subscription" box at login),
  /nodes/{node}/storage/{storage}/rrddata (no data points: pvestatd, which writes the
  storages' RRD files, does not run on the simulated node);
  POST /storage (the storage dialog's create; the simulator's pvesh has no create for
  /storage, nor the smbgateway type) is recorded, answered with success, and its entry
  added to GET /storage's answer.
  The login's passwords are simnode.PASSWORDS.

Served over HTTPS with the daemon's self-signed certificate, as pveproxy serves the UI:
the App Store pane talks to the daemon itself (another loopback port, CORS with
credentials, the ticket cookie PVE sets Secure and SameSite=Lax). Every API request made here is recorded.
"""

from __future__ import annotations

import json
import mimetypes
import re
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable

from tests.gui.pve.simnode import NODE, SimNode


def canned(path: str) -> Any:
    """The answer's data for GET path (below /api2/json), or KeyError."""
    answers: dict[str, Any] = {
        "/access/domains": [
            {"realm": "pam", "type": "pam", "comment": "Linux PAM standard authentication"},
            {"realm": "pve", "type": "pve", "comment": "Proxmox VE authentication server"}],
        "/cluster/status": [{"type": "node", "id": f"node/{NODE}", "name": NODE,
                             "nodeid": 0, "ip": "127.0.0.1", "local": 1, "online": 1,
                             "level": ""}],
        "/cluster/options": {"allowed-tags": []},
        "/cluster/sdn": [],
        "/cluster/ha/status/current": [],
        "/cluster/ha/groups": [],
        "/pools": [],
        "/access/users": [],
        f"/nodes/{NODE}/subscription": {"status": "active", "level": "c",
                                         "productname": "Proxmox VE Community Subscription"},
    }
    if re.fullmatch(f"/nodes/{NODE}/storage/[^/]+/rrddata", path):
        return []
    return answers[path]


class _Server(ThreadingHTTPServer):
    # The port is the one the daemon's appstore_gui_origins names, reused by each test;
    # a page loading PVE's UI opens many connections at once, which a loaded machine
    # accepts late: a short listen queue dropped some ("Failed to fetch").
    allow_reuse_address = True
    request_queue_size = 128
    daemon_threads = True
    tls: ssl.SSLContext
    # Connections that ended in a TLS or socket error, for a failed test's message.
    dropped: list[str] = []

    def finish_request(self, request: Any, client_address: Any) -> None:
        """TLS in the connection's own thread, as the daemon does (api/server.py): a
        handshake in the accepting thread made every connection wait for one that
        stalled (a browser's speculative connection sends nothing), so a page's scripts
        did not load ("Ext is not defined") or the page timed out."""
        request.settimeout(30)
        super().finish_request(self.tls.wrap_socket(request, server_side=True),
                               client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if not isinstance(exc, (ssl.SSLError, ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)  # a fault of the stand-in itself
        self.dropped = self.dropped[-20:] + [repr(exc)]


class PveProxy:
    """Serves index (rendered page text), files from a route table, and the API."""

    def __init__(self, index: str, routes: dict[str, Path | Callable[[], bytes]],
                 node: SimNode, port: int, empty: tuple[str, ...] = ()) -> None:
        self.pve = node.pve
        self.node = node
        self.index = index
        self.routes = routes
        self.empty = empty
        self.requests: list[dict[str, Any]] = []
        self.unknown: list[str] = []
        self.failed: list[str] = []  # the simulator's pvesh failed (500)
        self.results: list[Any] = []
        # The test's looks at the node while the page waits: each called with every report
        # as it arrives (the page sends its reports synchronously).
        self.watchers: list[Callable[[Any], None]] = []
        self.logins: list[dict[str, Any]] = []  # who logged in, with which capabilities
        self.config: dict[str, Any] = {}  # for the scenario: GET /__test/config
        self.created: list[dict[str, Any]] = []  # POST /storage's entries
        self.daemon_log_start = node.log_size()  # the daemon's requests from here on
        self.lock = threading.Lock()
        # The port the daemon's appstore_gui_origins names (reused by each test).
        self.httpd = _Server(("127.0.0.1", port), self._handler())
        # HTTPS as pveproxy (with the daemon's certificate): the ticket cookie PVE sets
        # (Secure, SameSite=Lax) then goes to the daemon's port on the same site.
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(str(node.cert), str(node.tls_key))
        self.httpd.tls = tls
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.httpd.server_address[1]}/"

    def __enter__(self) -> "PveProxy":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()

    def api_requests(self, method: str | None = None) -> list[dict[str, Any]]:
        with self.lock:
            return [r for r in self.requests if method is None or r["method"] == method]

    def _file(self, path: str) -> bytes | None:
        if path in self.routes and callable(self.routes[path]):
            return self.routes[path]()  # type: ignore[operator]
        for prefix, target in self.routes.items():
            if prefix.endswith("/") and path.startswith(prefix) and isinstance(target, Path):
                file = (target / path[len(prefix):]).resolve()
                if file.is_relative_to(target.resolve()) and file.is_file():
                    return file.read_bytes()
            elif path == prefix and isinstance(target, Path) and target.is_file():
                return target.read_bytes()
        if path.startswith(self.empty):
            return b""
        return None

    def _api(self, method: str, fmt: str, path: str, params: dict[str, Any],
             headers: dict[str, str]) -> tuple[int, Any]:
        with self.lock:
            self.requests.append({"method": method, "format": fmt, "path": path,
                                  "params": params,
                                  "csrf": headers.get("CSRFPreventionToken"),
                                  "cookie": headers.get("Cookie", "")})
        if method == "POST" and path == "/access/ticket":
            user = str(params.get("username", ""))
            if "@" not in user:
                user += "@" + str(params.get("realm", "pam"))
            answer = self.node.login(user, str(params.get("password", "")))
            with self.lock:
                self.logins.append({"user": user, "cap": answer and answer["cap"]})
            return (200, answer) if answer else (401, None)
        cookies = dict(c.strip().partition("=")[::2]
                       for c in headers.get("Cookie", "").split(";") if "=" in c)
        who = self.node.user_of(urllib.parse.unquote(cookies.get("PVEAuthCookie", "")))
        if who is None and path != "/access/domains":
            return 401, None
        if method != "GET":
            if who is None or not self.node.csrf_ok(who, headers.get("CSRFPreventionToken", "")):
                return 401, None
            if method == "POST" and path == "/storage":
                with self.lock:
                    self.created.append({k: ",".join(v) if isinstance(v, list) else v
                                         for k, v in params.items() if v != ""})
                return 200, None
            return 501, None
        if path.startswith("/nodes/localhost/"):  # pveproxy's name for the node it runs on
            path = f"/nodes/{NODE}/" + path[len("/nodes/localhost/"):]
        if path == "/cluster/tasks":
            return 200, self.task_index()
        if self.node.has(path):
            try:
                # pveproxy decodes the path (a UPID comes encodeURIComponent'ed)
                data = self.node.pvesh(urllib.parse.unquote(path), params)
                if path == "/storage":  # with those created here (no pvesh create)
                    with self.lock:
                        data = list(data or []) + [dict(e) for e in self.created]
                return 200, data
            except RuntimeError as exc:
                with self.lock:
                    self.failed.append(f"{path}: {exc}")
                return 500, None
        try:
            return 200, canned(path)
        except KeyError:
            with self.lock:
                self.unknown.append(path)
            return 200, None

    def task_index(self) -> list[dict[str, Any]]:
        """GET /cluster/tasks: the node's task list (var/log/pve/tasks/active, lines
        "UPID SAVED [ENDTIME STATUS]" as PVE::INotify writes them), newest first; a task
        listed without its end is asked for its status (the simulator's pvesh)."""
        active = self.node.host.state / "var/log/pve/tasks/active"
        out = []
        for line in (active.read_text().splitlines() if active.exists() else []):
            upid, _, end, status = (line.split(" ", 3) + ["", "", ""])[:4]
            f = upid.split(":")
            if len(f) < 9:
                continue
            entry: dict[str, Any] = {"upid": upid, "node": f[1], "pid": int(f[2], 16),
                                     "pstart": int(f[3], 16), "starttime": int(f[4], 16),
                                     "type": f[5], "id": f[6], "user": f[7]}
            if end:
                entry.update(endtime=int(end, 16), status=status)
            else:  # ended since? (pvestatd tells by the worker's PID; here its status)
                st = self.node.pvesh(f"/nodes/{f[1]}/tasks/{upid}/status")
                if st.get("status") == "stopped":
                    entry.update(endtime=int(st.get("endtime") or entry["starttime"]),
                                 status=st.get("exitstatus", "unknown"))
            out.append(entry)
        return sorted(out, key=lambda e: -e["starttime"])

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, code: int, body: bytes, ctype: str) -> None:
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def _dispatch(self, method: str) -> None:
                url = urllib.parse.urlsplit(self.path)
                params: dict[str, Any] = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
                if method in ("POST", "PUT", "DELETE"):
                    length = int(self.headers.get("Content-Length") or 0)
                    raw = self.rfile.read(length).decode()
                    if raw:
                        if "json" in (self.headers.get("Content-Type") or ""):
                            params.update({k: v for k, v in json.loads(raw).items()})
                        else:
                            # A repeated key (a multi-select's values) is kept as a list,
                            # as pveproxy keeps all of them.
                            for key, value in urllib.parse.parse_qsl(raw, keep_blank_values=True):
                                if key in params:
                                    old = params[key]
                                    params[key] = (old if isinstance(old, list) else [old]) + [value]
                                else:
                                    params[key] = value
                if url.path == "/__test/result" and method == "POST":
                    report = json.loads(raw)
                    with proxy.lock:
                        proxy.results.append(report)
                    for watch in proxy.watchers:
                        try:
                            watch(report)
                        except Exception as exc:  # the test fails, the page goes on
                            with proxy.lock:
                                proxy.failed.append(f"watcher: {exc!r}")
                    return self._send(200, b"{}", "application/json")
                for fmt in ("json", "extjs"):
                    prefix = f"/api2/{fmt}"
                    if url.path.startswith(prefix + "/"):
                        code, data = proxy._api(method, fmt, url.path[len(prefix):], params,
                                                dict(self.headers.items()))
                        if fmt == "extjs":
                            doc = {"success": 1 if code == 200 else 0, "data": data}
                            if re.fullmatch(r"/nodes/[^/]+/tasks/[^/]+/log", url.path[len(prefix):]) \
                                    and isinstance(data, list):
                                doc["total"] = len(data)  # as PVE's task log answers
                            if code != 200:
                                doc["message"] = "permission denied - invalid ticket\n"
                            return self._send(200, json.dumps(doc).encode(),
                                              "application/json;charset=UTF-8")
                        body = json.dumps({"data": data}).encode()
                        return self._send(code, body, "application/json;charset=UTF-8")
                if method != "GET":
                    return self._send(405, b"", "text/plain")
                if url.path == "/__test/sleep":  # real time passing, see pve-appstore.js
                    time.sleep(min(float(params.get("ms", 100)), 1000) / 1000)
                    return self._send(200, b"", "text/plain")
                if url.path == "/__test/config":
                    return self._send(200, json.dumps(proxy.config).encode(), "application/json")
                if url.path == "/":
                    return self._send(200, proxy.index.encode(), "text/html; charset=utf-8")
                content = proxy._file(url.path)
                if content is None:
                    with proxy.lock:
                        proxy.unknown.append(url.path)
                    return self._send(404, b"not found", "text/plain")
                ctype = mimetypes.guess_type(url.path)[0] or "application/octet-stream"
                return self._send(200, content, ctype)

            def do_GET(self) -> None:
                self._dispatch("GET")

            def do_POST(self) -> None:
                self._dispatch("POST")

            def do_PUT(self) -> None:
                self._dispatch("PUT")

            def do_DELETE(self) -> None:
                self._dispatch("DELETE")

        return Handler
