"""High availability, real: three ctdbd in network namespaces, configured by the agent.

`cluster init` on node 1 and `cluster reconcile` on nodes 2 and 3 render every CTDB file
the daemons use; the agent's `user add` and `create` give the clustered smbd on each node
its share. Then: `cluster status` sees every node OK and the VIP hosted; a crashed VIP
holder's share is readable again through the VIP by a new SMB connection; a node is removed
(PNNs kept) and added back.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest

from tests.lib.proc import run
from tests.lib.ctdb_lab import VIP, CtdbLab, bring_up, node_ip

def status(lab: CtdbLab, i: int, check: Optional[int] = 0) -> dict[str, Any]:
    proc = lab.cli(i, "--output-format", "json", "cluster", "status", check=check)
    data: dict[str, Any] = json.loads(proc.stdout)
    return data


@pytest.fixture(scope="module")
def cluster(ctdb_lab: CtdbLab) -> Iterator[tuple[CtdbLab, str, str]]:
    user, password = bring_up(ctdb_lab)
    yield ctdb_lab, user, password


def test_rendered_files_are_identical_and_used(cluster: tuple[CtdbLab, str, str]) -> None:
    lab, _, _ = cluster
    for name in ("nodes", "public_addresses", "ctdb.conf", "ctdb.tunables"):
        texts = {(n.etc / name).read_text() for n in lab.nodes}
        if name != "ctdb.conf":  # ctdb.conf names each node's own log file here
            assert len(texts) == 1, name
    assert (lab.node(1).etc / "nodes").read_text() == "".join(
        f"{node_ip(i)}\n" for i in (1, 2, 3))
    assert (lab.node(1).etc / "public_addresses").read_text() == f"{VIP}/24 eth0\n"
    conf = (lab.node(2).etc / "ctdb.conf").read_text()
    assert f"cluster lock = {lab.lock_path}\n" in conf
    assert "leader timeout = 2\n" in conf
    for node in lab.nodes:
        scripts = sorted(p.name for p in (node.etc / "events" / "legacy").iterdir())
        assert scripts == ["00.ctdb.script", "10.interface.script"]
        smb = node.smb_conf.read_text()
        assert f"include = {node.dir / 'pvesmbgw-cluster.conf'}" in smb
        assert "clustering = yes" in (node.dir / "pvesmbgw-cluster.conf").read_text()
    # The daemons run with them: the tunables the agent set are live.
    assert lab.ctdb(3, "getvar", "KeepaliveInterval").stdout.split("=")[1].strip() == "1"
    # smbd is clustered: its databases (passdb among them) live in CTDB.
    dbs = lab.ctdb(2, "getdbmap").stdout
    assert "passdb.tdb" in dbs and "smbXsrv_session_global.tdb" in dbs


def registry(lab: CtdbLab) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((lab.pve / "pvesmbgw" / "registry.json").read_text())
    return data


def account(lab: CtdbLab, i: int, user: str) -> str:
    """USER's passwd line on node I, '' when it has no such account."""
    return lab.node_run(i, "getent", "passwd", user, check=False).strip()


def served(lab: CtdbLab, i: int) -> str:
    """Node I's Samba configuration as smbd reads it."""
    return lab.node_run(i, "testparm", "-s", str(lab.node(i).smb_conf), check=False)


def test_every_node_serves_the_share_and_has_the_user(cluster: tuple[CtdbLab, str, str],
                                                       tmp_path: Path) -> None:
    lab, user, password = cluster
    # Made on node 1; nodes 2 and 3 got the account (same uid, the share group) and
    # serve the share from their reconcile alone.
    line = account(lab, 1, user)
    assert line and all(account(lab, i, user) == line for i in (2, 3))
    for i in (1, 2, 3):
        assert lab.group in lab.node_run(i, "id", "-nG", user).split()
        data = json.loads(lab.cli(i, "--output-format", "json", "status", "data").stdout)
        assert (data["served"], data["smbd_running"], data["clustered"]) == (True, True, True)
        assert "[data]" in served(lab, i)
    # A file written through the VIP has an owner every node names.
    (tmp_path / "owned.txt").write_text("mine\n")
    proc = lab.smbclient(user, password, "put owned.txt", tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for i in (1, 2, 3):
        owner = lab.node_run(i, "stat", "-c", "%U:%G", str(lab.share_dir / "owned.txt"))
        assert owner.strip() == f"{user}:{lab.group}"


def test_users_follow_the_cluster(cluster: tuple[CtdbLab, str, str]) -> None:
    lab, _, _ = cluster
    second = "pvgwu" + lab.group[6:]
    lab.cli(2, "user", "add", second, "--password-stdin", input="Sec0nd-pass\n")
    assert account(lab, 1, second) == "" and account(lab, 3, second) == ""
    for i in (1, 3):
        lab.cli(i, "reconcile")
    line = account(lab, 2, second)
    assert line and account(lab, 1, second) == line and account(lab, 3, second) == line
    lab.cli(3, "user", "del", second)
    assert account(lab, 3, second) == "" and account(lab, 1, second) == line
    for i in (1, 2):
        lab.cli(i, "reconcile")
    assert [account(lab, i, second) for i in (1, 2, 3)] == ["", "", ""]
    for i in (1, 2, 3):
        lab.cli(i, "reconcile", "--check")


def test_node_local_storage_is_refused(cluster: tuple[CtdbLab, str, str]) -> None:
    lab, _, _ = cluster
    before = (lab.pve / "pvesmbgw" / "registry.json").read_bytes()
    local = lab.node(1).dir / "local-data"
    proc = lab.cli(1, "create", "local", "--path", str(local), check=2)
    assert "node-local storage" in proc.stderr and "shared-path add" in proc.stderr
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert not local.exists()
    assert (lab.pve / "pvesmbgw" / "registry.json").read_bytes() == before


def test_purge_on_one_node_destroys_the_volume_once_no_node_serves_it(
        cluster: tuple[CtdbLab, str, str], tmp_path: Path) -> None:
    lab, user, password = cluster
    volume = lab.shared / "scratch"
    lab.cli(1, "create", "scratch", "--path", str(volume))
    for i in (2, 3):
        lab.cli(i, "reconcile")
    (tmp_path / "f.txt").write_text("scratch\n")
    proc = lab.smbclient(user, password, "put f.txt", tmp_path, share="scratch")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = json.loads(lab.cli(3, "--output-format", "json", "delete", "scratch",
                             "--purge").stdout)
    assert out["purged"] is False
    assert out["purge_waits_for"] == [node_ip(1), node_ip(2)]
    # Node 3 no longer serves it; the others still do, so the data stays.
    assert "[scratch]" not in served(lab, 3) and "[scratch]" in served(lab, 1)
    assert (volume / "f.txt").exists()
    lab.cli(1, "reconcile")
    assert (volume / "f.txt").exists()
    assert registry(lab)["purges"]["scratch"]["waiting"] == [node_ip(2)]
    lab.cli(2, "reconcile")
    assert not volume.exists()
    assert "purges" not in registry(lab) and "scratch" not in registry(lab)["shares"]
    for i in (1, 2, 3):
        lab.cli(i, "reconcile", "--check")
        proc = lab.cli(i, "status", "scratch", check=2)
        assert "no share named 'scratch'" in proc.stderr


def test_status_all_ok_and_vip_hosted(cluster: tuple[CtdbLab, str, str]) -> None:
    lab, _, _ = cluster
    holder = lab.wait_vip()
    data = status(lab, 2)
    assert data["healthy"] is True
    assert [(n["address"], n["state"]) for n in data["nodes"]] == [
        (node_ip(i), "OK") for i in (1, 2, 3)]
    assert sum(n["leader"] for n in data["nodes"]) == 1
    assert data["leader"] == lab.leader(1)
    assert data["vips"] == [{"vip": f"{VIP}/24", "interface": "eth0", "pnn": holder - 1,
                             "node": node_ip(holder)}]
    text = lab.cli(1, "cluster", "status").stdout
    assert f"{VIP}/24" in text and f"{node_ip(holder)} (pnn {holder - 1})" in text


def test_bad_vip_is_refused_with_nothing_changed(cluster: tuple[CtdbLab, str, str]) -> None:
    lab, _, _ = cluster
    state = (lab.pve / "pvesmbgw" / "cluster.json").read_bytes()
    cases = {
        f"{VIP}/24": "already a VIP",
        "198.51.100.12/24": "a cluster node's address",
        "198.51.100.254/24": "already answers",      # the bridge's own address
        "10.99.0.5/24": "outside the subnet of eth0",
    }
    for vip, message in cases.items():
        proc = lab.cli(1, "cluster", "vip", "add", vip, "--interface", "eth0", check=2)
        assert message in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
    assert (lab.pve / "pvesmbgw" / "cluster.json").read_bytes() == state


def test_vip_holder_crash_new_connection_reads_file(cluster: tuple[CtdbLab, str, str],
                                                     tmp_path: Path) -> None:
    lab, user, password = cluster
    holder = lab.wait_vip()
    (tmp_path / "before.txt").write_text("written before the crash\n")
    proc = lab.smbclient(user, password, "put before.txt", tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    start = time.monotonic()
    lab.kill_node(holder)
    new = lab.wait_vip(exclude=holder)
    # Bounded by a condition, generously: a loaded machine takes longer to fail over.
    deadline = time.monotonic() + 180
    while True:
        (tmp_path / "after.txt").unlink(missing_ok=True)
        proc = lab.smbclient(user, password, "get before.txt after.txt", tmp_path)
        if proc.returncode == 0 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    elapsed = time.monotonic() - start
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "after.txt").read_text() == "written before the crash\n"
    assert new != holder
    print(f"VIP moved node{holder} -> node{new}; new SMB connection OK after {elapsed:.1f}s")
    data = status(lab, new, check=1)   # the dead node makes the cluster unhealthy
    assert data["nodes"][holder - 1]["state"].startswith("DISCONNECTED")
    assert data["vips"][0]["pnn"] == new - 1
    lab.restart_node(holder)
    assert status(lab, holder)["healthy"] is True


def test_remove_and_readd_node(cluster: tuple[CtdbLab, str, str], tmp_path: Path) -> None:
    lab, user, password = cluster
    gone = node_ip(3)
    # A running node is not removed from under CTDB.
    proc = lab.cli(1, "cluster", "remove-node", gone, check=2)
    assert "still runs" in proc.stderr
    lab.stop_node(3)
    lab.wait_vip(exclude=3)
    # Node 3's own ctdbd is down, so it asks node 2 itself: its ctdbd answers, so node 2
    # is not removed (and nothing changes).
    state = (lab.pve / "pvesmbgw" / "cluster.json").read_bytes()
    proc = lab.cli(3, "cluster", "remove-node", node_ip(2), check=2)
    assert f"ctdbd still runs on {node_ip(2)}" in proc.stderr
    assert (lab.pve / "pvesmbgw" / "cluster.json").read_bytes() == state
    proc = lab.cli(1, "cluster", "remove-node", gone)
    # Node 2 still has the old nodes file, so ctdb refuses the reload until it reconciles.
    assert "reloadnodes" in proc.stdout
    lab.cli(2, "cluster", "reconcile")
    lab.cli(1, "cluster", "reconcile")
    for node in lab.nodes:
        assert (node.etc / "nodes").read_text() == (
            f"{node_ip(1)}\n{node_ip(2)}\n#{gone}\n") or node.index == 3
    data = status(lab, 1)
    assert data["healthy"] is True
    assert [n["state"] for n in data["nodes"]] == ["OK", "OK", "REMOVED"]
    assert "(including 1 deleted nodes)" in lab.ctdb(1, "status").stdout
    proc = lab.smbclient(user, password, "ls", tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr

    # Back again: the same PNN (2), not a new one.
    proc = lab.cli(1, "--output-format", "json", "cluster", "add-node", gone)
    assert json.loads(proc.stdout)["pnn"] == 2
    for i in (2, 3, 1):
        lab.cli(i, "cluster", "reconcile")
    assert {(n.etc / "nodes").read_text() for n in lab.nodes} == {
        "".join(f"{node_ip(i)}\n" for i in (1, 2, 3))}
    lab.restart_node(3)
    lab.wait_ok(1, [1, 2, 3])
    data = status(lab, 3)
    assert data["healthy"] is True
    assert [n["state"] for n in data["nodes"]] == ["OK", "OK", "OK"]
    # Everything converged: nothing left to reload anywhere.
    for i in (1, 2, 3):
        lab.cli(i, "cluster", "reconcile", "--check")
        lab.cli(i, "reconcile", "--check")       # the timer's command sees it too


def test_vip_add_and_del_reach_every_node(cluster: tuple[CtdbLab, str, str]) -> None:
    lab, _, _ = cluster
    extra = "198.51.100.101"
    lab.cli(2, "cluster", "vip", "add", f"{extra}/24", "--interface", "eth0")
    for i in (1, 3):
        lab.cli(i, "cluster", "reconcile")
    for node in lab.nodes:
        assert (node.etc / "public_addresses").read_text() == \
            f"{VIP}/24 eth0\n{extra}/24 eth0\n"
    deadline = time.monotonic() + 30
    while True:
        data = status(lab, 1, check=None)
        held = {v["vip"]: v["pnn"] for v in data["vips"]}
        if held.get(f"{extra}/24") is not None or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert held[f"{extra}/24"] is not None, data
    lab.cli(1, "cluster", "vip", "del", extra)
    for i in (2, 3):
        lab.cli(i, "cluster", "reconcile")
    deadline = time.monotonic() + 30
    while f" {extra}/" in "".join(
            run(["ip", "-n", n.ns, "-4", "-o", "addr"]).stdout for n in lab.nodes):
        assert time.monotonic() < deadline, f"{extra} still raised somewhere"
        time.sleep(0.5)
    assert [v["vip"] for v in status(lab, 3)["vips"]] == [f"{VIP}/24"]

