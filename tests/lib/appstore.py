"""The real App Store daemon (pvesmbgw-appstore, `python3 -m pvesmbgw.api.server`) of a
simulated node (tests/lib/svchost.py): started with the node's configuration and
environment, waited for until it listens, called over HTTPS with a PVE ticket and CSRF
token (tests/lib/pveauth.py), stopped by its PID."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from .paths import PYTHON, REPO
from .pveauth import assemble_csrf, assemble_ticket

if TYPE_CHECKING:  # importing svchost puts the simulator on sys.path
    from .svchost import SvcHost


def free_port(*addresses: str) -> int:
    """A TCP port free on each of ADDRESSES (default 127.0.0.1)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(((addresses or ("127.0.0.1",))[0], 0))
            port = int(s.getsockname()[1])
        try:
            for address in addresses[1:]:
                with socket.socket() as s:
                    s.bind((address, port))
        except OSError:
            continue
        return port
    raise AssertionError(f"no port free on all of {addresses}")


def self_signed(cert: Path, key: Path, cn: str, *extra: str) -> Path:
    """A self-signed certificate CERT for CN (a day long) and its key KEY; EXTRA: more
    `openssl req` options (-addext ...)."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", f"/CN={cn}", *extra, "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert


def start_daemon(host: SvcHost, address: str, port: int, log: Path,
                 timeout: float = 30) -> subprocess.Popen[bytes]:
    """The daemon of HOST (its config names address and port), once it listens; its
    stderr (the request log) goes to LOG."""
    with open(log, "ab") as err:
        proc = subprocess.Popen([PYTHON, "-m", "pvesmbgw.api.server", "--config",
                                 str(host.config)], env=host.env, cwd=REPO,
                                stdout=subprocess.DEVNULL, stderr=err)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                socket.create_connection((address, port), timeout=1).close()
                return proc
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(log.read_text())
                time.sleep(0.2)
    except BaseException:
        stop_daemon(proc)
        raise


def stop_daemon(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM to its PID, SIGKILL if it is still there after 10 s; reaped."""
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
            return
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


def requests_in_log(log: Path, since: int = 0) -> list[tuple[str, str, int]]:
    """(method, path, status) of every request the daemon answered, from its log
    (BaseHTTPRequestHandler's request lines) after byte SINCE."""
    text = log.read_bytes()[since:].decode(errors="replace")
    return [(m[1], m[2], int(m[3]))
            for m in re.finditer(r'"(GET|POST|OPTIONS) (\S+) HTTP/1\.1" (\d{3})', text)]


def call(address: str, port: int, method: str, path: str, signing: Optional[Path],
         www_key: Path, user: Optional[str] = "alice@pve",
         body: Optional[dict[str, Any]] = None, csrf: bool = True,
         ticket: Optional[str] = None, headers: Optional[dict[str, str]] = None,
         cafile: Optional[Path] = None) -> tuple[int, dict[str, Any], dict[str, str]]:
    """METHOD /api2/json/PATH at the daemon on ADDRESS:PORT as USER (a ticket signed with
    SIGNING unless TICKET is given; a CSRF token from WWW_KEY unless CSRF is false):
    status, JSON answer, headers. CAFILE: the certificate to trust (else any)."""
    sent = {"Content-Type": "application/json", **(headers or {})}
    if user is not None:
        if ticket is None:
            assert signing is not None, "a ticket or the key to sign one"
            ticket = assemble_ticket(signing, user)
        sent["Cookie"] = "PVEAuthCookie=" + urllib.parse.quote(ticket, safe="")
        if csrf:
            sent["CSRFPreventionToken"] = assemble_csrf(www_key, user)
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"https://{address}:{port}/api2/json{path}", data=data,
                                 method=method, headers=sent)
    ctx = ssl.create_default_context(cafile=str(cafile) if cafile else None)
    ctx.check_hostname = False
    if cafile is None:
        ctx.verify_mode = ssl.CERT_NONE
    try:
        with urllib.request.urlopen(req, context=ctx, timeout=120) as resp:
            return resp.status, json.loads(resp.read()), dict(resp.headers)
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read()), dict(err.headers)


def pvesh_get(host: "SvcHost", *args: str) -> Any:
    """`pvesh get ARGS` on the simulated node, its JSON answer."""
    return json.loads(host.tool("pvesh", "get", *args, "--output-format", "json").stdout)


def wait_task(host: "SvcHost", node: str, upid: str, timeout: float = 180) -> dict[str, Any]:
    """The status of task UPID on NODE once it has stopped (as PVE's task window polls)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        st = pvesh_get(host, f"/nodes/{node}/tasks/{upid}/status")
        if st["status"] == "stopped":
            return dict(st)
        time.sleep(0.5)
    raise AssertionError(f"task {upid} still running")


def task_log(host: "SvcHost", node: str, upid: str) -> list[str]:
    """Task UPID's log lines on NODE."""
    return [line["t"] for line in pvesh_get(host, f"/nodes/{node}/tasks/{upid}/log",
                                            "--limit", "0")]
