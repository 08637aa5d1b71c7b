"""A small fake of HashiCorp Vault's KV version 2 HTTP API on loopback, for the Vault
backend of pve-svc's secret store (Vault itself is not in Debian).

It answers what python3-hvac sends for the calls pve-svc makes (read from hvac's
source, hvac/api/secrets_engines/kv_v2.py and hvac/adapters.py):
- POST or PUT /v1/<mount>/data/<path>, body {"data": {...}, "options": {"cas": N}}:
  a new version (check-and-set as Vault does it: 0 only when absent, N only when N is
  the current version), 200 {"data": {"version": N, ...}};
- GET /v1/<mount>/data/<path>[?version=N]: 200 {"data": {"data": ..., "metadata":
  ...}}, 404 {"errors": []} when absent;
- GET /v1/<mount>/metadata/<path>: 200 {"data": {"current_version": N, "versions":
  ...}}; DELETE /v1/<mount>/metadata/<path>: every version gone, 204;
- every request without the right X-Vault-Token header: 403 {"errors": ["permission
  denied"]}, as Vault answers.
It records every request (method, path, query, JSON body, whether the token was
right) so that a test asserts what arrived over the API.
"""

from __future__ import annotations

import http.server
import json
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Optional
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    body: dict[str, Any]
    token_ok: bool


@dataclass
class FakeVault:
    server: http.server.ThreadingHTTPServer
    thread: threading.Thread
    workdir: str
    token: str
    mount: str = "secret"
    # path -> its versions' data, oldest first (None: a version whose data is gone)
    kv: dict[str, list[Optional[dict[str, Any]]]] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def current(self, path: str) -> Optional[str]:
        """The newest version's "value" at PATH, or None."""
        versions = self.kv.get(path)
        data = versions[-1] if versions else None
        return None if data is None else str(data.get("value"))

    def version(self, path: str) -> int:
        return len(self.kv.get(path, []))

    def keys(self) -> list[str]:
        return sorted(self.kv)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
        shutil.rmtree(self.workdir, ignore_errors=True)


def _handler(vault: FakeVault) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _reply(self, status: int, body: Optional[dict[str, Any]] = None) -> None:
            data = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            if body is not None:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _handle(self) -> None:
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else {}
            token_ok = self.headers.get("X-Vault-Token") == vault.token
            with vault.lock:
                vault.requests.append(Request(self.command, url.path, parse_qs(url.query),
                                              body, token_ok))
                if not token_ok:
                    return self._reply(403, {"errors": ["permission denied"]})
                prefix = f"/v1/{vault.mount}/"
                if not url.path.startswith(prefix):
                    return self._reply(404, {"errors": ["no handler for route"]})
                kind, _, path = url.path[len(prefix):].partition("/")
                query = parse_qs(url.query)
                return self._route(kind, path, body, query)

        def _route(self, kind: str, path: str, body: dict[str, Any],
                   query: dict[str, list[str]]) -> None:
            versions = vault.kv.get(path)
            if kind == "data" and self.command in ("POST", "PUT"):
                cas = (body.get("options") or {}).get("cas")
                if cas is not None and int(cas) != len(versions or []):
                    return self._reply(400, {"errors": [
                        "check-and-set parameter did not match the current version"]})
                vault.kv.setdefault(path, []).append(dict(body["data"]))
                return self._reply(200, {"data": self._meta(path, len(vault.kv[path]))})
            if kind == "data" and self.command == "GET":
                number = int(query["version"][0]) if "version" in query else \
                    len(versions or [])
                if not versions or not 1 <= number <= len(versions) or \
                        versions[number - 1] is None:
                    return self._reply(404, {"errors": []})
                return self._reply(200, {"data": {"data": versions[number - 1],
                                                  "metadata": self._meta(path, number)}})
            if kind == "metadata" and self.command == "GET":
                if not versions:
                    return self._reply(404, {"errors": []})
                return self._reply(200, {"data": {
                    "current_version": len(versions), "max_versions": 0,
                    "versions": {str(n): self._meta(path, n)
                                 for n in range(1, len(versions) + 1)}}})
            if kind == "metadata" and self.command == "DELETE":
                vault.kv.pop(path, None)
                return self._reply(204)
            return self._reply(405, {"errors": [f"{self.command} {kind} not supported"]})

        @staticmethod
        def _meta(path: str, number: int) -> dict[str, Any]:
            return {"version": number, "created_time": time.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "deletion_time": "", "destroyed": False}

        do_GET = do_POST = do_PUT = do_DELETE = _handle  # noqa: N815 - the stdlib's names

    return Handler


def start_fake_vault() -> FakeVault:
    """A fake Vault on 127.0.0.1 (a free port), KV v2 mounted at `secret`, with a new
    random token (FakeVault.token; a test may change it to see requests refused)."""
    workdir = tempfile.mkdtemp(prefix="pvgwt-vault-")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    vault = FakeVault(server, threading.Thread(target=server.serve_forever, daemon=True),
                      workdir, "s." + secrets.token_hex(12))
    server.RequestHandlerClass = _handler(vault)
    vault.thread.start()
    return vault
