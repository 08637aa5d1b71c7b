"""A request for another node: the App Store daemon authenticates it, then passes it to
that node's service at its address in /etc/pve/.members, pinned to the certificate PVE
holds for that node, and returns the answer unchanged. Here the other node is a recording
TLS server on 127.0.0.2, to see exactly what is sent; between two real daemons on
simulated nodes (ticket, token and privileges checked again, the task run there) it is
tests/simhost/test_appstore_forward.py."""

from __future__ import annotations

import json
import ssl
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest

from pvesmbgw.api.auth import AuthKeys
from pvesmbgw.api.routes import Context, Routes
from pvesmbgw.api.server import AppStoreServer
from pvesmbgw.api.svc_client import Svc
from tests.lib.appstore import self_signed
from tests.lib.pveauth import assemble_csrf, assemble_ticket, make_keys

OTHER = "127.0.0.2"


def _cert(directory: Path, name: str) -> tuple[Path, Path]:
    cert, key = directory / f"{name}.pem", directory / f"{name}.key"
    return self_signed(cert, key, name), key


def _tls(cert: Path, key: Path) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(str(cert), str(key))
    return ctx


class _Peer(BaseHTTPRequestHandler):
    """The other node's service: records what it got, answers with a task id."""

    server: Any

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.seen.append((self.command, self.path,
                                 {k.lower(): v for k, v in self.headers.items()}, body))
        raw = json.dumps({"data": "UPID:pve2:0000ABCD:00001234:675A0000:pvesvcinstall:web:"
                                  "alice@pve:"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _serve(server: ThreadingHTTPServer) -> threading.Thread:
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    return t


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[dict[str, Any]]:
    pve = tmp_path / "pve"
    authkey = make_keys(pve)
    peer_cert, peer_key = _cert(tmp_path, "pve2")
    (pve / "nodes" / "pve2").mkdir(parents=True)
    (pve / "nodes" / "pve2" / "pve-ssl.pem").write_text(peer_cert.read_text())
    own_cert, own_key = _cert(tmp_path, "pve1")

    peer = ThreadingHTTPServer((OTHER, 0), _Peer)
    peer.seen = []  # type: ignore[attr-defined]
    peer.socket = _tls(peer_cert, peer_key).wrap_socket(peer.socket, server_side=True)
    port = peer.server_address[1]
    # The node's own service listens on the same port number as its peers, as in a cluster.
    ctx = Context(svc=Svc(("/bin/false",)), node="pve1", task_dir=tmp_path / "tasks",
                  lookup=lambda user, path: {}, storage_of=lambda paths: [])
    own = AppStoreServer(("127.0.0.1", port), Routes(ctx), AuthKeys.under(pve),
                         _tls(own_cert, own_key), pve)
    members = {"nodename": "pve1", "version": 4,
               "cluster": {"name": "lab", "version": 2, "nodes": 2, "quorate": 1},
               "nodelist": {"pve1": {"id": 1, "online": 1, "ip": "127.0.0.1"},
                            "pve2": {"id": 2, "online": 1, "ip": OTHER}}}
    (pve / ".members").write_text(json.dumps(members))
    token = assemble_csrf(pve / "priv" / "pve-www.key", "alice@pve")
    threads = [_serve(peer), _serve(own)]
    try:
        yield {"pve": pve, "authkey": authkey, "port": port, "peer": peer,
               "members": members, "token": token, "tmp": tmp_path}
    finally:
        for server in (own, peer):
            server.shutdown()
            server.server_close()
        for t in threads:
            t.join(timeout=10)


def _post(c: dict[str, Any], body: dict[str, Any], ticket: bool = True,
          extra: Optional[dict[str, str]] = None) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json", "CSRFPreventionToken": c["token"],
               **(extra or {})}
    if ticket:
        headers["cookie"] = "PVEAuthCookie=" + assemble_ticket(c["authkey"], "alice@pve")
    req = urllib.request.Request(f"https://127.0.0.1:{c['port']}/api2/json/install",
                                 data=json.dumps(body).encode(), headers=headers,
                                 method="POST")
    client = ssl.create_default_context()
    client.check_hostname = False
    client.verify_mode = ssl.CERT_NONE
    try:
        with urllib.request.urlopen(req, context=client, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


BODY = {"template": "webdav", "name": "web", "node": "pve2", "storage": "local",
        "params": {"port": 8080}}


def test_a_request_for_another_node_is_passed_on_with_its_ticket_and_token(cluster):
    status, answer = _post(cluster, BODY)
    assert status == 200, answer
    assert answer["data"].startswith("UPID:pve2:")
    [(method, path, headers, body)] = cluster["peer"].seen
    assert (method, path, json.loads(body)) == ("POST", "/api2/json/install", BODY)
    # What the other node checks again travels along; it answers it itself.
    assert headers["cookie"].startswith("PVEAuthCookie=PVE:alice@pve:")
    assert headers["csrfpreventiontoken"] == cluster["token"]
    assert headers["x-pvesmbgw-forwarded"] == "1"


def test_nothing_is_passed_on_without_a_valid_ticket(cluster):
    status, answer = _post(cluster, BODY, ticket=False)
    assert status == 401, answer
    assert cluster["peer"].seen == []


def test_a_request_passed_on_for_another_node_is_not_passed_on_again(cluster):
    # Nor answered with this node's data in the other's name.
    status, answer = _post(cluster, BODY, extra={"X-Pvesmbgw-Forwarded": "1"})
    assert (status, answer["message"]) == (400, "node: this is node pve1, not pve2")
    assert cluster["peer"].seen == []


def test_a_node_with_another_certificate_is_not_trusted(cluster):
    other_cert, _ = _cert(cluster["tmp"], "impostor")
    (cluster["pve"] / "nodes" / "pve2" / "pve-ssl.pem").write_text(other_cert.read_text())
    status, answer = _post(cluster, BODY)
    assert status == 502, answer
    assert answer["message"] == (f"node pve2's App Store service at {OTHER}:{cluster['port']} "
                                 "presented a certificate that is not the node's")
    assert cluster["peer"].seen == []


def test_a_damaged_certificate_file_is_named_not_an_internal_error(cluster):
    pem = cluster["pve"] / "nodes" / "pve2" / "pve-ssl.pem"
    pem.write_text("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n")
    status, answer = _post(cluster, BODY)
    assert status == 502, answer
    assert answer["message"] == (f"no readable certificate of node pve2 under "
                                 f"{cluster['pve']}/nodes/pve2")
    assert cluster["peer"].seen == []


@pytest.mark.parametrize("node,online,message", [
    ("pve3", 1, "node: pve3 is not a node of this cluster"),
    ("pve2", 0, "node: node pve2 is offline"),
])
def test_an_unknown_or_offline_node_is_bad_input(cluster, node, online, message):
    members = cluster["members"]
    members["nodelist"]["pve2"]["online"] = online
    (cluster["pve"] / ".members").write_text(json.dumps(members))
    status, answer = _post(cluster, dict(BODY, node=node))
    assert (status, answer["message"]) == (400, message)
    assert cluster["peer"].seen == []
