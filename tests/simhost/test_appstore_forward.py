"""Forwarding between two real App Store daemons: simulated nodes pve1 and pve2 of one
cluster, each with its own simulator state, agent state, task directory, storage paths
and daemon (`python3 -m pvesmbgw.api.server`, on 127.0.0.2 and 127.0.0.3, one port as in
a cluster), sharing one /etc/pve: .members lists both, nodes/pve1 and nodes/pve2 hold each
node's certificate (which its daemon serves), the ticket keys, user.cfg and the service
registry are the cluster's.

pve2's /etc/pve is its own directory whose entries link to pve1's, except what pmxcfs
resolves per node (local, lxc, qemu-server) and storage.cfg: the same storage ids, each
node's paths (a local storage's path names another disk on each node; one test machine
needs two paths for it).

What a request asked at pve1 for pve2 gets is pve2's answer (its templates, its health
probes, its PVE task in its task directory), checked again on pve2 (ticket, CSRF token,
privileges on pve2's path); a pve2 serving another certificate than the cluster holds for
it gets nothing; an unknown, offline or unreachable node is a clear error."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest

from tests.lib.appstore import (call, free_port, requests_in_log, self_signed,
                                start_daemon, stop_daemon, task_log, wait_task)
from tests.lib.btrfs import BtrfsPool
from tests.lib.paths import PYTHON
from tests.lib.pveauth import assemble_ticket, make_keys
from tests.lib.svchost import APT_PROXY, TEST_TEMPLATES, SvcHost, make_svc_host

# alice: everything. carol: may install on pve1 only (Sys.Modify on /nodes/pve1 alone).
USER_CFG = """\
user:root@pam:1:0:::root@example.org:::
user:alice@pve:1:0:Alice::::
user:carol@pve:1:0:Carol::::
acl:1:/:alice@pve:Administrator:
acl:1:/:carol@pve:PVEAuditor:
acl:1:/vms:carol@pve:PVEVMAdmin:
acl:1:/storage:carol@pve:PVEDatastoreUser:
acl:1:/nodes/pve1:carol@pve:Administrator:
"""
ADDRESSES = {"pve1": "127.0.0.2", "pve2": "127.0.0.3"}
# What pmxcfs shows each node as its own, and what stays per node here (see above).
PER_NODE = {"local", "lxc", "qemu-server", "storage.cfg", "nodes"}
# Made later by pve-svc or PVE: present (and shared) from the start.
SHARED_DIRS = ("pvesmbgw", "priv", "ha", "mapping")


@dataclass
class Node:
    name: str
    host: SvcHost
    port: int
    log: Path
    proc: Optional[subprocess.Popen[bytes]] = None

    @property
    def address(self) -> str:
        return ADDRESSES[self.name]

    @property
    def pve_root(self) -> Path:
        return self.host.state / "etc/pve"

    @property
    def task_dir(self) -> Path:
        return self.host.state / "var/log/pve/tasks"

    def start(self) -> None:
        self.proc = start_daemon(self.host, self.address, self.port, self.log)

    def stop(self) -> None:
        if self.proc is not None:
            stop_daemon(self.proc)
            self.proc = None

    def call(self, method: str, path: str, user: Optional[str] = "alice@pve",
             **kw: Any) -> tuple[int, dict[str, Any]]:
        code, body, _ = call(self.address, self.port, method, path,
                             self.pve_root / "priv/authkey.key",
                             self.pve_root / "priv/pve-www.key", user, **kw)
        return code, body

    def requests(self, since: int = 0) -> list[tuple[str, str, int]]:
        return requests_in_log(self.log, since)

    def log_size(self) -> int:
        return self.log.stat().st_size

    def wait_task(self, upid: str, timeout: float = 180) -> dict[str, Any]:
        return wait_task(self.host, self.name, upid, timeout)

    def task_log(self, upid: str) -> list[str]:
        return task_log(self.host, self.name, upid)

    def own(self) -> dict[str, Any]:
        """What is this node's alone: its guests, tasks, agent state, storage, file_sd."""
        tasks = sorted(str(p.relative_to(self.task_dir)) for p in self.task_dir.rglob("*")) \
            if self.task_dir.exists() else []
        data = sorted(str(p.relative_to(self.host.data_root))
                      for p in self.host.data_root.rglob("*"))
        guests = sorted(p.name for p in (self.pve_root / "nodes" / self.name).rglob("*.conf"))
        state = sorted(str(p.relative_to(self.host.state_dir))
                       for p in self.host.state_dir.rglob("*")
                       if p.is_file() and p.name != "lock")  # the node lock: held, not state
        return {"tasks": tasks, "data": data, "guests": guests, "cts": self.host.ct_ids(),
                "state": state,
                "file_sd": self.host.file_sd.read_text() if self.host.file_sd.exists()
                else "absent"}


def _certificate(directory: Path, cn: str, stem: str = "pve-ssl") -> Path:
    """A self-signed certificate STEM.pem and its key STEM.key in DIRECTORY."""
    directory.mkdir(parents=True, exist_ok=True)
    return self_signed(directory / f"{stem}.pem", directory / f"{stem}.key", cn)


def _join(shared: Path, node: Path, name: str) -> None:
    """NODE's /etc/pve becomes the cluster's SHARED one (see the module's docstring)."""
    shutil.move(str(node / "nodes" / name), str(shared / "nodes" / name))
    shutil.rmtree(node / "nodes")
    (node / "nodes").symlink_to(shared / "nodes")
    for sub in SHARED_DIRS:
        (shared / sub).mkdir(exist_ok=True)
    for entry in shared.iterdir():
        if entry.name in PER_NODE:
            continue
        mine = node / entry.name
        if mine.is_symlink() or mine.is_file():
            mine.unlink()
        elif mine.exists():
            shutil.rmtree(mine)
        mine.symlink_to(entry)


def _members(**changes: dict[str, Any]) -> dict[str, Any]:
    """pmxcfs's member list of the two nodes, with CHANGES to a node's entry."""
    nodelist: dict[str, Any] = {name: {"id": i, "online": 1, "ip": address}
                                for i, (name, address) in enumerate(ADDRESSES.items(), 1)}
    for name, change in changes.items():
        nodelist[name].update(change)
    return {"nodename": "pve1", "version": 5,
            "cluster": {"name": "lab", "version": 2, "nodes": len(nodelist), "quorate": 1},
            "nodelist": nodelist}


@pytest.fixture
def cluster(btrfs_pool: BtrfsPool, tmp_path: Path) -> Iterator[dict[str, Node]]:
    btrfs_pool.enable_quota()
    port = free_port(*ADDRESSES.values())
    nodes: dict[str, Node] = {}
    try:
        for name in ADDRESSES:
            # pve1's built-in templates lack ocidemo: a listing with it is pve2's.
            templates = tmp_path / f"templates-{name}"
            shutil.copytree(TEST_TEMPLATES, templates)
            if name == "pve1":
                (templates / "ocidemo.yml").unlink()
            host = make_svc_host(btrfs_pool, templates, node=name, svc_apt_proxy=APT_PROXY)
            nodes[name] = Node(name, host, port, tmp_path / f"{name}-daemon.log")
        shared = nodes["pve1"].pve_root
        make_keys(shared)
        old = time.time() - 3 * 3600  # a key made hours ago: the full ticket window
        os.utime(shared / "authkey.pub", (old, old))
        (shared / "user.cfg").write_text(USER_CFG)
        (shared / ".members").write_text(json.dumps(_members()))
        _join(shared, nodes["pve2"].pve_root, "pve2")
        for node in nodes.values():
            # The daemon serves the node's PVE certificate (appstore_cert's default:
            # <pve_root>/local/pve-ssl.pem, its key beside it).
            _certificate(shared / "nodes" / node.name, node.name)
            with open(node.host.config, "a") as fh:
                fh.write(f"appstore_port = {port}\nappstore_listen = {node.address}\n"
                         f"appstore_task_dir = {node.task_dir}\n"
                         f"appstore_svc_command = {PYTHON} -m pvesmbgw.cli.svc.main\n")
        for node in nodes.values():
            node.start()
        yield nodes
    finally:
        for node in nodes.values():
            node.stop()
        for node in nodes.values():
            node.host.teardown()


def _install(node: Node, name: str) -> dict[str, Any]:
    """An install form of demo on NODE (its health server answers the service's probe)."""
    return {"template": "demo", "name": name, "node": node.name, "storage": "data",
            "params": {"http_port": node.host.health.port, "greeting": "hi",
                       "admin_password": "s3cret-from-the-form"}, "ha": "no"}


def _unchanged(nodes: dict[str, Node]) -> dict[str, Any]:
    """Both nodes' own state and the cluster's registry."""
    return {"registry": nodes["pve1"].host.registry(),
            **{name: node.own() for name, node in nodes.items()}}


def test_reads_and_an_install_asked_at_pve1_for_pve2_are_pve2s(cluster: dict[str, Node]) -> None:
    pve1, pve2 = cluster["pve1"], cluster["pve2"]
    code, body = pve1.call("GET", "/templates")
    assert code == 200, body
    assert "ocidemo" not in {t["id"] for t in body["data"]}
    since = pve2.log_size()
    code, body = pve1.call("GET", "/templates?node=pve2")
    assert code == 200, body
    assert "ocidemo" in {t["id"] for t in body["data"]}
    code, body = pve1.call("GET", "/templates/ocidemo?node=pve2")
    assert code == 200 and body["data"]["id"] == "ocidemo", body
    assert pve2.requests(since) == [("GET", "/api2/json/templates?node=pve2", 200),
                                    ("GET", "/api2/json/templates/ocidemo?node=pve2", 200)]

    mine = pve1.own()
    since1, since2 = pve1.log_size(), pve2.log_size()
    code, body = pve1.call("POST", "/install", body=_install(pve2, "web2"))
    assert code == 200, body
    upid = body["data"]
    assert upid.startswith("UPID:pve2:") and ":pvesvcinstall:web2:alice@pve:" in upid
    status = pve2.wait_task(upid)
    log = pve2.task_log(upid)
    assert status["exitstatus"] == "OK", log
    assert log[-1] == "TASK OK"
    assert not any("s3cret-from-the-form" in line for line in log)
    # The task is pve2's: its log in pve2's task directory, its entry in pve2's active list.
    assert [p.name for p in pve2.task_dir.rglob("UPID:*")] == [upid]
    assert upid in (pve2.task_dir / "active").read_text()
    inst = pve2.host.registry()["instances"]["web2"]
    assert inst["node"] == "pve2" and pve2.host.ct_ids() == [inst["vmid"]]
    assert (pve2.pve_root / "nodes/pve2/lxc" / f"{inst['vmid']}.conf").exists()
    assert pve2.host.json("status", "web2")["healthy"]
    # Nothing on pve1: no task, guest, volume; it only passed the request on.
    assert pve1.own() == mine and pve1.host.ct_ids() == []
    assert pve1.requests(since1) == [("POST", "/api2/json/install", 200)]
    assert ("POST", "/api2/json/install", 200) in pve2.requests(since2)

    # pve2 probes its own instance; pve1 says it is another node's.
    code, body = pve1.call("GET", "/instances?node=pve2")
    assert code == 200, body
    (row,) = body["data"]
    assert (row["name"], row["node"], row["status"], row["health"]) == \
        ("web2", "pve2", "running", "ok"), row
    code, body = pve1.call("GET", "/instances")
    assert code == 200, body
    (row,) = body["data"]
    assert (row["name"], row["health"]) == ("web2", "unknown: served by another node"), row

    # An action named for pve2 in the body: pve2's task removes the instance.
    code, body = pve1.call("POST", "/instances/web2/uninstall", body={"node": "pve2"})
    assert code == 200, body
    assert body["data"].startswith("UPID:pve2:")
    status = pve2.wait_task(body["data"])
    assert status["exitstatus"] == "OK", pve2.task_log(body["data"])
    assert "web2" not in pve2.host.registry()["instances"] and pve2.host.ct_ids() == []
    assert pve1.own() == mine


def test_pve2_checks_ticket_token_and_privileges_again(cluster: dict[str, Node],
                                                      tmp_path: Path) -> None:
    pve1, pve2 = cluster["pve1"], cluster["pve2"]
    request = _install(pve2, "web2")
    before = _unchanged(cluster)

    # carol may install on pve1 (her dry run there passes the check), not on pve2: pve1
    # checked only her ticket, pve2 refuses her and runs nothing.
    code, body = pve1.call("POST", "/install", user="carol@pve",
                           body={**_install(pve1, "web1"), "dry_run": 1})
    assert code == 200, body
    since = pve2.log_size()
    code, body = pve1.call("POST", "/install", user="carol@pve", body=request)
    assert (code, body["message"]) == (403, "permission check failed (/nodes/pve2, Sys.Modify)")
    assert pve2.requests(since) == [("POST", "/api2/json/install", 403)]

    # pve2 does not (yet) know the key pve1's ticket is signed with: pve2 refuses it.
    other = tmp_path / "rotated"
    make_keys(other)
    link = pve2.pve_root / "authkey.pub"
    target = link.readlink()
    link.unlink()
    shutil.copy(other / "authkey.pub", link)
    old = time.time() - 3 * 3600
    os.utime(link, (old, old))
    try:
        since = pve2.log_size()
        code, body = pve1.call("POST", "/install", body=request)
        assert (code, body["message"]) == (401, "permission denied - invalid PVE ticket")
        code, body = pve1.call("GET", "/instances?node=pve2")
        assert code == 401, body
        assert pve2.requests(since) == [("POST", "/api2/json/install", 401),
                                        ("GET", "/api2/json/instances?node=pve2", 401)]
    finally:
        link.unlink()
        link.symlink_to(target)

    # pve2's CSRF secret is not the one pve1 checked the token with: pve2 refuses it.
    priv = pve2.pve_root / "priv"
    target = priv.readlink()
    priv.unlink()
    priv.mkdir()
    (priv / "pve-www.key").write_bytes(os.urandom(32).hex().encode() + b"\n")
    try:
        since = pve2.log_size()
        code, body = pve1.call("POST", "/install", body=request)
        assert (code, body["message"]) == (401, "Permission denied - invalid csrf token")
        assert pve2.requests(since) == [("POST", "/api2/json/install", 401)]
    finally:
        shutil.rmtree(priv)
        priv.symlink_to(target)

    # Marked as passed on, straight to pve2: still no ticket, no token, no answer.
    forwarded = {"X-Pvesmbgw-Forwarded": "1"}
    code, body = pve2.call("POST", "/install", body=request, csrf=False, headers=forwarded)
    assert code == 401 and "csrf" in body["message"], body
    code, body = pve2.call("GET", "/instances?node=pve2", user=None, headers=forwarded)
    assert code == 401, body
    code, body = pve2.call("POST", "/install", body=request, headers=forwarded,
                           ticket=assemble_ticket(tmp_path / "rotated/priv/authkey.key",
                                                  "alice@pve"))
    assert code == 401, body
    # Passed on for another node than pve2: pve2 answers neither with its own data nor
    # by passing it on again.
    since = pve2.log_size()
    code, body = pve2.call("GET", "/instances?node=pve1", headers=forwarded)
    assert (code, body["message"]) == (400, "node: this is node pve2, not pve1")
    assert pve2.requests(since) == [("GET", "/api2/json/instances?node=pve1", 400)]
    assert _unchanged(cluster) == before


def test_pve2_serving_another_certificate_is_sent_nothing(cluster: dict[str, Node],
                                                         tmp_path: Path) -> None:
    pve1, pve2 = cluster["pve1"], cluster["pve2"]
    pinned = pve1.pve_root / "nodes/pve2/pve-ssl.pem"
    saved = pinned.read_text()
    pinned.write_text(_certificate(tmp_path / "impostor", "pve2").read_text())
    before = _unchanged(cluster)
    since = pve2.log_size()
    message = (f"node pve2's App Store service at {pve2.address}:{pve2.port} presented a "
               "certificate that is not the node's")
    code, body = pve1.call("POST", "/install", body=_install(pve2, "web2"))
    assert (code, body["message"]) == (502, message)
    code, body = pve1.call("GET", "/instances?node=pve2")
    assert (code, body["message"]) == (502, message)
    assert pve2.requests(since) == []
    assert _unchanged(cluster) == before

    pinned.write_text(saved)
    code, body = pve1.call("GET", "/instances?node=pve2")
    assert (code, body["data"]) == (200, []), body
    assert pve2.requests(since) == [("GET", "/api2/json/instances?node=pve2", 200)]


def test_an_unknown_offline_or_unreachable_node_is_a_clear_error(cluster: dict[str, Node]) -> None:
    pve1, pve2 = cluster["pve1"], cluster["pve2"]
    members = pve1.pve_root / ".members"
    before = _unchanged(cluster)
    code, body = pve1.call("POST", "/install", body={**_install(pve2, "web2"), "node": "pve3"})
    assert (code, body["message"]) == (400, "node: pve3 is not a node of this cluster")
    members.write_text(json.dumps(_members(pve2={"online": 0})))
    code, body = pve1.call("GET", "/instances?node=pve2")
    assert (code, body["message"]) == (400, "node: node pve2 is offline")
    members.write_text(json.dumps(_members()))
    pve2.stop()  # listed as online, its service down
    code, body = pve1.call("POST", "/install", body=_install(pve2, "web2"))
    assert (code, body["message"]) == \
        (502, f"node pve2's App Store service ({pve2.address}:{pve2.port}): Connection refused")
    assert _unchanged(cluster) == before
