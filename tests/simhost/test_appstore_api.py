"""The App Store daemon (pvesmbgw-appstore) against the PVE simulator: HTTPS on loopback
with a self-signed certificate, PVE tickets and CSRF tokens made as PVE makes them,
privileges from the simulated user.cfg, installs run as PVE tasks followed through the
simulator's pvesh; refusals (401, 403, 400) change nothing."""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest

from tests.lib.appstore import (call, free_port, self_signed, start_daemon, stop_daemon,
                                task_log, wait_task)
from tests.lib.btrfs import BtrfsPool
from tests.lib.paths import PYTHON
from tests.lib.pveauth import assemble_ticket, make_keys
from tests.lib.svchost import APT_PROXY, SvcHost, make_svc_host

USER_CFG = """\
user:root@pam:1:0:::root@example.org:::
user:alice@pve:1:0:Alice::::
user:bob@pve:1:0:Bob::::
group:admins:alice@pve::
acl:1:/:@admins:PVEAdmin:
acl:1:/nodes/pve:alice@pve:Administrator:
acl:1:/:bob@pve:PVEAuditor:
"""


@dataclass
class Daemon:
    host: SvcHost
    proc: subprocess.Popen[bytes]
    port: int
    cert: Path
    key: Path  # the cluster's ticket signing key (priv/authkey.key)

    @property
    def www_key(self) -> Path:
        return self.host.state / "etc/pve/priv/pve-www.key"

    def call(self, method: str, path: str, user: Optional[str] = "alice@pve",
             body: Optional[dict[str, Any]] = None, csrf: bool = True,
             ticket: Optional[str] = None, origin: Optional[str] = None
             ) -> tuple[int, dict[str, Any], dict[str, str]]:
        return call("127.0.0.1", self.port, method, path, self.key, self.www_key, user,
                    body=body, csrf=csrf, ticket=ticket,
                    headers={"Origin": origin} if origin else None, cafile=self.cert)

    def wait_task(self, upid: str, timeout: float = 180) -> dict[str, Any]:
        return wait_task(self.host, "pve", upid, timeout)

    def task_log(self, upid: str) -> list[str]:
        return task_log(self.host, "pve", upid)


@pytest.fixture
def daemon(btrfs_pool: BtrfsPool, tmp_path: Path) -> Iterator[Daemon]:
    btrfs_pool.enable_quota()
    port = free_port()
    cert, tls_key = tmp_path / "cert.pem", tmp_path / "cert.key"
    self_signed(cert, tls_key, "localhost")
    host = make_svc_host(btrfs_pool, svc_apt_proxy=APT_PROXY)
    proc: Optional[subprocess.Popen[bytes]] = None
    try:
        pve = host.state / "etc/pve"
        signing = make_keys(pve)
        old = time.time() - 3 * 3600  # a key made hours ago: the full ticket window
        os.utime(pve / "authkey.pub", (old, old))
        (pve / "user.cfg").write_text(USER_CFG)
        with open(host.config, "a") as fh:
            fh.write(f"appstore_port = {port}\nappstore_listen = 127.0.0.1\n"
                     f"appstore_cert = {cert}\nappstore_key = {tls_key}\n"
                     f"appstore_task_dir = {host.state / 'var/log/pve/tasks'}\n"
                     f"appstore_svc_command = {PYTHON} -m pvesmbgw.cli.svc.main\n")
        proc = start_daemon(host, "127.0.0.1", port, tmp_path / "daemon.log")
        yield Daemon(host, proc, port, cert, signing)
    finally:
        if proc is not None:
            stop_daemon(proc)
        host.teardown()


def test_templates_install_as_a_task_and_refusals(daemon: Daemon) -> None:
    host = daemon.host
    code, body, _ = daemon.call("GET", "/templates")
    assert code == 200, body
    demo = next(t for t in body["data"] if t["id"] == "demo")
    assert (demo["guest"], demo["repo"], demo["ha_profile"]) == ("lxc", "builtin", "optional")
    code, body, _ = daemon.call("GET", "/templates/demo")
    assert code == 200, body
    params = {p["name"]: p for p in body["data"]["parameters"]}
    assert params["admin_password"]["secret"] and params["admin_password"]["default"] is None

    request = {"template": "demo", "name": "web1", "node": "pve", "storage": "data",
               "params": {"http_port": host.health.port, "greeting": "hi there",
                          "admin_password": "s3cret-from-the-form"}, "ha": "no"}
    before = host.fingerprint()

    # Refused: a user without the privileges, a bad ticket, no CSRF token, bad input.
    code, body, _ = daemon.call("POST", "/install", user="bob@pve", body=request)
    assert code == 403 and body["message"] == "permission check failed (/vms, VM.Allocate)"
    code, body, _ = daemon.call("POST", "/install", body=request,
                                ticket=assemble_ticket(daemon.key, "alice@pve",
                                                       int(time.time()) - 8000))
    assert code == 401, body
    code, body, _ = daemon.call("POST", "/install", body=request, csrf=False)
    assert code == 401 and "csrf" in body["message"], body
    code, body, _ = daemon.call("GET", "/templates", user=None)
    assert code == 401, body
    code, body, _ = daemon.call("POST", "/install", body={**request, "name": "Bad Name!"})
    assert code == 400 and body["message"].startswith("name:"), body
    code, body, _ = daemon.call("POST", "/install", body={**request, "params": {"nope": 1}})
    assert code == 400 and "nope" in body["message"], body
    assert host.fingerprint() == before

    # A foreign origin gets nothing; the node's own GUI origin gets CORS with credentials.
    code, _, headers = daemon.call("GET", "/templates", origin="https://evil.example:8006")
    assert code == 401 and "Access-Control-Allow-Origin" not in headers
    code, _, headers = daemon.call("GET", "/templates", origin="https://127.0.0.1:8006")
    assert code == 200 and headers["Access-Control-Allow-Origin"] == "https://127.0.0.1:8006"
    assert headers["Access-Control-Allow-Credentials"] == "true"

    # Dry run: the pre-flight, nothing changed.
    code, body, _ = daemon.call("POST", "/install", body={**request, "dry_run": 1})
    assert code == 200, body
    assert body["data"]["preflight"] == []
    assert any("install demo as web1" in line for line in body["data"]["plan"]), body
    code, body, _ = daemon.call("POST", "/install", body={**request, "storage": "nosuch",
                                                          "dry_run": 1})
    assert code == 400 and "nosuch" in body["message"], body
    assert host.fingerprint() == before

    # The real install: a PVE task the simulator's pvesh follows to TASK OK.
    code, body, _ = daemon.call("POST", "/install", body=request)
    assert code == 200, body
    upid = body["data"]
    assert upid.startswith("UPID:pve:") and ":pvesvcinstall:web1:alice@pve:" in upid
    status = daemon.wait_task(upid)
    log = daemon.task_log(upid)
    assert status["exitstatus"] == "OK", log
    assert log[-1] == "TASK OK"
    assert not any("s3cret-from-the-form" in line for line in log)
    assert "web1" in host.registry()["instances"]
    assert host.json("status", "web1")["healthy"]
    active = (host.state / "var/log/pve/tasks/active").read_text()
    assert upid in active
    assert not list(Path("/tmp").glob("pvesmbgw-appstore-*"))  # no secret files left

    code, body, _ = daemon.call("GET", "/instances")
    assert code == 200, body
    (row,) = body["data"]
    assert (row["name"], row["template"], row["health"], row["upgradable"]) == \
        ("web1", "demo", "ok", False)
    code, body, _ = daemon.call("GET", "/instances", user="carol@pve")
    assert code == 200 and body["data"] == []  # VM.Audit missing: filtered out

    # A failing action is a task that ends in TASK ERROR with pve-svc's message.
    code, body, _ = daemon.call("POST", "/instances/web1/rollback", body={})
    assert code == 200, body
    status = daemon.wait_task(body["data"])
    log = daemon.task_log(body["data"])
    assert status["exitstatus"] == "instance: web1 has no upgrade to roll back", log
    assert log[-1] == f"TASK ERROR: {status['exitstatus']}"
    code, body, _ = daemon.call("POST", "/instances/nosuch/upgrade", body={})
    assert code == 400 and "nosuch" in body["message"], body

    # Uninstall: bob may not; alice's task removes it (data kept).
    code, body, _ = daemon.call("POST", "/instances/web1/uninstall", user="bob@pve", body={})
    assert code == 403, body
    assert "web1" in host.registry()["instances"]
    code, body, _ = daemon.call("POST", "/instances/web1/uninstall", body={})
    assert code == 200, body
    status = daemon.wait_task(body["data"])
    assert status["exitstatus"] == "OK", daemon.task_log(body["data"])
    assert "web1" not in host.registry()["instances"]
