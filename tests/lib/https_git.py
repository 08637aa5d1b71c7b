"""An https git server on 127.0.0.1 for the tests, as a template repository's host
serves one: git's smart HTTP protocol (`git http-backend`, run as CGI per request)
behind a ThreadingHTTPServer whose connections are TLS, with certificates from a
throwaway CA made here with the `openssl` command.

Nothing outside the directories it is given: the CA and keys live under Pki.dir; the
server runs in a thread of the test process (its http-backend children end with each
request) and close() stops it and waits for its threads. The certificate it presents can
be swapped while it runs (use()): the next connection gets the new one, as a client would
see a man in the middle on the same address.
"""

from __future__ import annotations

import os
import ssl
import subprocess
import threading
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from .proc import run

HOST = "127.0.0.1"
_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
_CA_EXT = ("basicConstraints = critical, CA:TRUE\nkeyUsage = critical, keyCertSign\n"
           "subjectKeyIdentifier = hash\n")
_LEAF_EXT = ("basicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature\n"
             "extendedKeyUsage = serverAuth\nsubjectKeyIdentifier = hash\n"
             "subjectAltName = {san}\n")


@dataclass(frozen=True)
class Cert:
    cert: Path
    key: Path


@dataclass(frozen=True)
class Pki:
    dir: Path
    ca: Path  # the CA's certificate: what a client is told to trust
    server: Cert  # for 127.0.0.1, signed by the CA
    rogue: Cert  # for 127.0.0.1, self-signed (no CA the client knows)
    other_name: Cert  # signed by the CA, for another name (DNS:repo.example.org)


def _config(path: Path, cn: str, ext: str) -> Path:
    path.write_text(f"[req]\nprompt = no\ndistinguished_name = dn\n[dn]\nCN = {cn}\n"
                    f"[ext]\n{ext}")
    return path


def make_pki(base: Path) -> Pki:
    """A CA and the certificates of Pki in BASE (made here, 0700), valid for two days."""
    base.mkdir(mode=0o700, parents=True)
    ca = Cert(base / "ca.pem", base / "ca.key")
    run(["openssl", "req", "-x509", "-new", *_KEY, "-days", "2",
         "-config", str(_config(base / "ca.cnf", "pvesmbgw test CA", _CA_EXT)),
         "-extensions", "ext", "-keyout", str(ca.key), "-out", str(ca.cert)])

    def leaf(name: str, cn: str, san: str, signed: bool) -> Cert:
        made = Cert(base / f"{name}.pem", base / f"{name}.key")
        cnf = _config(base / f"{name}.cnf", cn, _LEAF_EXT.format(san=san))
        if not signed:
            run(["openssl", "req", "-x509", "-new", *_KEY, "-days", "2", "-config", str(cnf),
                 "-extensions", "ext", "-keyout", str(made.key), "-out", str(made.cert)])
            return made
        csr = base / f"{name}.csr"
        run(["openssl", "req", "-new", *_KEY, "-config", str(cnf), "-keyout", str(made.key),
             "-out", str(csr)])
        run(["openssl", "x509", "-req", "-in", str(csr), "-CA", str(ca.cert), "-CAkey",
             str(ca.key), "-set_serial", str(int.from_bytes(os.urandom(8), "big")),
             "-days", "2", "-extfile", str(cnf), "-extensions", "ext", "-out", str(made.cert)])
        return made

    return Pki(base, ca.cert, leaf("server", HOST, f"IP:{HOST}", True),
               leaf("rogue", HOST, f"IP:{HOST}", False),
               leaf("other-name", "repo.example.org", "DNS:repo.example.org", True))


def _context(cert: Cert) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert.cert, cert.key)
    return context


class _Server(ThreadingHTTPServer):
    # server_close() joins the request threads (a daemon one would not be waited for;
    # a client that stops talking ends its thread at the handler's timeout)
    daemon_threads = False
    block_on_close = True

    def __init__(self, owner: "GitHttpsServer") -> None:
        self.owner = owner
        super().__init__((HOST, 0), _Handler)

    def get_request(self) -> tuple[Any, Any]:
        sock, addr = super().get_request()
        # The handshake happens in the request's thread, at its first read.
        return self.owner.context.wrap_socket(sock, server_side=True,
                                              do_handshake_on_connect=False), addr

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that refused the certificate: its own error is what a test checks


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    timeout = 30  # a client that stops talking

    def do_GET(self) -> None:
        self._backend()

    def do_POST(self) -> None:
        self._backend()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _backend(self) -> None:
        """This request through `git http-backend` (CGI/1.1): the smart protocol."""
        path, _, query = self.path.partition("?")
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C",
               "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
               "GIT_PROJECT_ROOT": str(self.server.owner.root), "GIT_HTTP_EXPORT_ALL": "1",
               "GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": self.command,
               "PATH_INFO": urllib.parse.unquote(path), "QUERY_STRING": query,
               "REMOTE_ADDR": self.client_address[0]}
        for header, var in (("Content-Type", "CONTENT_TYPE"), ("Git-Protocol", "GIT_PROTOCOL"),
                            ("Content-Encoding", "HTTP_CONTENT_ENCODING")):
            if self.headers.get(header):
                env[var] = self.headers[header]
        body = b""
        if self.command == "POST":
            length = self.headers.get("Content-Length")
            if length is None:  # chunked: git sends that only above http.postBuffer (1 MiB)
                self.send_error(411)
                return
            body = self.rfile.read(int(length))
            env["CONTENT_LENGTH"] = str(len(body))
        out = subprocess.run(["git", "http-backend"], input=body, env=env,
                             capture_output=True, timeout=60).stdout
        head, _, payload = out.partition(b"\r\n\r\n")
        status, headers = 200, []
        for line in head.decode("latin-1").split("\r\n"):
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.split()[0])
            elif name:
                headers.append((name, value.strip()))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class GitHttpsServer:
    """Serves the git repositories under ROOT at https://127.0.0.1:PORT/NAME, presenting
    CERT; a repository with a work tree is served as its .git (http-backend's lookup)."""

    def __init__(self, root: Path, cert: Cert) -> None:
        self.root = root
        self.context = _context(cert)
        self.httpd = _Server(self)
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    def url(self, name: str) -> str:
        return f"https://{HOST}:{self.port}/{name}"

    def use(self, cert: Cert) -> None:
        """Present CERT from the next connection on."""
        self.context = _context(cert)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=30)
