"""CTDB cluster: rendering, input checks, `ctdb -X` parsing, argv, and the operations
against a FakeRunner (no ctdbd, no network)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional, Sequence

import pytest

from pvesmbgw.smb.cluster import render
from pvesmbgw.smb.cluster.manager import ClusterManager
from pvesmbgw.smb.cluster.state import (ClusterState, Node, Vip, loads, lock_value, parse_nodes,
    parse_vip)
from pvesmbgw.smb.cluster.vip import VipChecker
from pvesmbgw.core.config import Config, from_mapping
from pvesmbgw.core.errors import NotFoundError, ValidationError
from pvesmbgw.tools.ctdb import Ctdb, parse_ips, parse_leader, parse_status
from pvesmbgw.core.txn import Journal, Step, Transaction
from pvesmbgw.handlers import record_context

from .conftest import FakeRunner

# Captured from Samba 4.17.12 (Debian 12), three nodes in network namespaces.
STATUS_417 = """\
|Node|IP|Disconnected|Unknown|Banned|Disabled|Unhealthy|Stopped|Inactive|PartiallyOnline|ThisNode|
|0|198.51.100.11|0|0|0|0|0|0|0|0|Y|
|1|198.51.100.12|0|0|0|0|0|0|0|0|N|
|2|198.51.100.13|1|0|0|0|1|0|1|0|N|
"""
# Older layout: no "Unknown" column.
STATUS_OLD = """\
|Node|IP|Disconnected|Banned|Disabled|Unhealthy|Stopped|Inactive|PartiallyOnline|ThisNode|
|0|10.0.0.1|0|0|0|0|0|0|0|Y|
|1|10.0.0.2|0|1|0|0|0|1|0|N|
"""
IPS = "|Public IP|Node|\n|198.51.100.100|1|\n|198.51.100.101|-1|\n"
PLAIN_STATUS = """\
Number of nodes:3
pnn:0 198.51.100.11    OK (THIS NODE)
Recovery mode:NORMAL (0)
{key}:{pnn}
"""


# -- parsing ---------------------------------------------------------------------------------

def test_parse_status_417() -> None:
    nodes = parse_status(STATUS_417)
    assert [(n.pnn, n.address, n.ok, n.current) for n in nodes] == [
        (0, "198.51.100.11", True, True), (1, "198.51.100.12", True, False),
        (2, "198.51.100.13", False, False)]
    assert nodes[2].state == "DISCONNECTED|INACTIVE|UNHEALTHY"


def test_parse_status_without_unknown_column() -> None:
    nodes = parse_status(STATUS_OLD)
    assert nodes[0].ok and nodes[0].current
    assert nodes[1].flags == ("Banned", "Inactive")


def test_parse_ips() -> None:
    assert [(i.address, i.pnn) for i in parse_ips(IPS)] == [
        ("198.51.100.100", 1), ("198.51.100.101", -1)]
    assert parse_ips("|Public IP|Node|ActiveInterfaces|\n|198.51.100.100|2|eth0|\n")[0].pnn == 2


@pytest.mark.parametrize("key", ["Leader", "Recovery master"])
def test_parse_leader_both_names(key: str) -> None:
    assert parse_leader(PLAIN_STATUS.format(key=key, pnn=2)) == 2


def test_parse_leader_absent() -> None:
    assert parse_leader("Number of nodes:1\n") is None


# -- argv ------------------------------------------------------------------------------------

def test_ctdb_argv_and_environment(fake_runner: FakeRunner) -> None:
    seen_env: list[Optional[dict[str, str]]] = []
    real_run = fake_runner.run

    def run(argv: Sequence[str], **kw: Any) -> Any:
        seen_env.append(kw.get("env"))
        return real_run(argv, **kw)
    fake_runner.run = run  # type: ignore[assignment]
    fake_runner.answer(["ctdb", "-X", "status"], STATUS_417)
    fake_runner.answer(["ctdb", "-X", "ip", "all"], IPS)
    fake_runner.answer(["ctdb", "status"], PLAIN_STATUS.format(key="Leader", pnn=0))
    fake_runner.answer(["ctdb", "reloadnodes"])
    fake_runner.answer(["ctdb", "reloadips", "all"])
    ctdb = Ctdb(fake_runner, "/run/x/ctdbd.socket", "/lab/etc")
    ctdb.status()
    ctdb.ips()
    ctdb.leader()
    ctdb.reloadnodes()
    ctdb.reloadips()
    assert fake_runner.calls == [("ctdb", "-X", "status"), ("ctdb", "-X", "ip", "all"),
                                 ("ctdb", "status"), ("ctdb", "reloadnodes"),
                                 ("ctdb", "reloadips", "all")]
    assert seen_env[0] == {"CTDB_SOCKET": "/run/x/ctdbd.socket", "CTDB_BASE": "/lab/etc"}
    assert Ctdb(fake_runner).env is None   # production: ctdb's own defaults


# -- rendering -------------------------------------------------------------------------------

def _state() -> ClusterState:
    return ClusterState(nodes=(Node("10.0.0.1"), Node("10.0.0.2", removed=True),
                               Node("10.0.0.3")),
                        vips=(Vip("10.0.0.100/24", "vmbr0"), Vip("10.0.0.101/24", "vmbr0")),
                        lock="/mnt/pve/cephfs/.ctdb/reclock")


def test_nodes_file_keeps_removed_node_as_comment_and_nothing_else() -> None:
    # Every '#' line is a deleted node to CTDB: no header comment, or PNNs would shift.
    assert render.nodes_file(_state()) == "10.0.0.1\n#10.0.0.2\n10.0.0.3\n"


def test_public_addresses() -> None:
    assert render.public_addresses(_state()) == "10.0.0.100/24 vmbr0\n10.0.0.101/24 vmbr0\n"


def test_ctdb_conf() -> None:
    text = render.ctdb_conf(_state(), "syslog")
    assert "[cluster]\n\tcluster lock = /mnt/pve/cephfs/.ctdb/reclock\n" \
           "\tleader timeout = 2\n" in text
    assert "\tlocation = syslog\n" in text
    assert "recovery lock" not in text and "[database]" not in text
    with_db = render.ctdb_conf(_state(), "file:/x/log", "/lab/db")
    assert "\tpersistent database directory = /lab/db/persistent\n" in with_db


def test_ctdb_conf_rados_helper() -> None:
    lock = lock_value(None, "/usr/libexec/ctdb/ctdb_mutex_ceph_rados_helper ceph client.admin "
                            "rbd ctdb_lock")
    state = ClusterState(lock=lock)
    assert "\tcluster lock = !/usr/libexec/ctdb/ctdb_mutex_ceph_rados_helper ceph " \
           "client.admin rbd ctdb_lock\n" in render.ctdb_conf(state, "syslog")


def test_tunables_and_smb_globals() -> None:
    assert render.tunables(_state()).endswith("KeepaliveInterval=1\nKeepaliveLimit=3\n")
    smb = render.smb_globals(_state(), "/run/ctdb/ctdbd.socket")
    assert "[global]\n\tclustering = yes\n\tctdbd socket = /run/ctdb/ctdbd.socket\n" in smb
    assert "\tidmap config * : backend = tdb\n\tidmap config * : range = 3000-7999\n" in smb
    assert "ctdbd socket" not in render.smb_globals(_state(), "")


def test_cluster_include_goes_after_global_and_is_idempotent() -> None:
    admin = "# mine\n[global]\n   workgroup = X\n\n[share]\n   path = /srv\n"
    once = render.with_cluster_include(admin, "/etc/samba/pvesmbgw-cluster.conf")
    assert once == ("# mine\n[global]\n" + render.SMB_MARKER + "\n"
                    "include = /etc/samba/pvesmbgw-cluster.conf\n"
                    "   workgroup = X\n\n[share]\n   path = /srv\n")
    assert render.with_cluster_include(once, "/etc/samba/pvesmbgw-cluster.conf") == once
    moved = render.with_cluster_include(once, "/other.conf")
    assert "include = /other.conf\n" in moved and "pvesmbgw-cluster.conf" not in moved
    assert render.with_cluster_include("", "/c.conf").startswith("[global]\n")


# -- input checks ----------------------------------------------------------------------------

@pytest.mark.parametrize("raw, message", [
    ("", "at least one"), ("10.0.0.1,10.0.0.1", "listed twice"), ("10.0.0.1,nope", "nope")])
def test_parse_nodes_rejects(raw: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_nodes(raw)


@pytest.mark.parametrize("raw, message", [
    ("10.0.0.100", "prefix"), ("10.0.0.0/24", "network or broadcast"),
    ("10.0.0.255/24", "network or broadcast"), ("127.0.0.5/8", "cannot be a floating"),
    ("10.0.0.300/24", "not ADDR/PREFIX")])
def test_parse_vip_rejects(raw: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_vip(raw)


def test_lock_value(tmp_path: Path) -> None:
    assert lock_value(str(tmp_path / "reclock"), None) == str(tmp_path / "reclock")
    with pytest.raises(ValidationError, match="not both"):
        lock_value("/x", "/y")
    with pytest.raises(ValidationError, match="required"):
        lock_value(None, None)
    with pytest.raises(ValidationError, match="does not exist"):
        lock_value(str(tmp_path / "no" / "reclock"), None)
    with pytest.raises(ValidationError, match="absolute"):
        lock_value("reclock", None)
    with pytest.raises(ValidationError, match="one line"):
        lock_value(None, "/bin/helper\nbad")
    with pytest.raises(ValidationError, match="absolute path"):
        lock_value(None, "helper arg")


def test_state_round_trip_and_readd_keeps_pnn() -> None:
    state = _state()
    assert loads(state.dumps()) == state
    again = state.with_node("10.0.0.2")
    assert again.pnn_of("10.0.0.2") == 1 and not again.nodes[1].removed
    assert state.with_node("10.0.0.9").pnn_of("10.0.0.9") == 3


# -- VIP checks ------------------------------------------------------------------------------

IP_ADDR = json.dumps([{"ifname": "vmbr0", "addr_info": [
    {"family": "inet", "local": "10.0.0.1", "prefixlen": 24},
    {"family": "inet6", "local": "fe80::1", "prefixlen": 64}]}])


def _checker(runner: FakeRunner, answering: bool = False) -> VipChecker:
    runner.answer(["ip", "-j", "addr", "show"], IP_ADDR)
    runner.answer(["ip", "-j", "addr", "show", "dev", "vmbr0"], IP_ADDR)
    runner.answer(["ip", "-j", "addr", "show", "dev", "nope0"], "", returncode=1,
                  stderr='Device "nope0" does not exist.')
    runner.answer(["ping"], returncode=0 if answering else 1)
    return VipChecker(runner, use_pyroute2=False)


def test_vip_check_ok_runs_ping_once(fake_runner: FakeRunner) -> None:
    assert _checker(fake_runner).check("10.0.0.100/24", "vmbr0", ["10.0.0.1"]) == \
        "10.0.0.100/24"
    assert fake_runner.calls[-1] == ("ping", "-4", "-c", "1", "-W", "1", "-q", "10.0.0.100")


@pytest.mark.parametrize("vip, iface, message", [
    ("10.0.0.1/24", "vmbr0", "a cluster node's address"),
    ("10.0.0.50/24", "vmbr0", "already a VIP"),
    ("10.0.1.100/24", "vmbr0", r"outside the subnet of vmbr0 \(10.0.0.0/24\)"),
    ("10.0.0.100/16", "vmbr0", "differs from"),
    ("10.0.0.100/25", "vmbr0", "differs from"),
    ("10.0.0.100/24", "nope0", "no network interface"),
])
def test_vip_check_rejects(fake_runner: FakeRunner, vip: str, iface: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _checker(fake_runner).check(vip, iface, ["10.0.0.1"], ["10.0.0.50"])


def test_vip_check_rejects_answering_address(fake_runner: FakeRunner) -> None:
    with pytest.raises(ValidationError, match="already answers"):
        _checker(fake_runner, answering=True).check("10.0.0.100/24", "vmbr0", [])


# -- operations ------------------------------------------------------------------------------

@pytest.fixture
def cfg(host: Config, tmp_path: Path) -> Config:
    (tmp_path / "shared").mkdir()
    return from_mapping({
        "samba_conf": str(host.samba_conf), "state_dir": str(host.state_dir),
        "pve_root": str(tmp_path / "pve"), "service_manager": "direct",
        "ctdb_dir": str(tmp_path / "ctdb"), "ctdb_scripts_dir": "/usr/share/ctdb/events/legacy",
        "ctdb_event_scripts": "00.ctdb 10.interface",
    })


def _manager(cfg: Config, runner: FakeRunner, ctdbd: bool = True) -> ClusterManager:
    txn = Transaction(Journal(cfg.journal_dir), record_context(cfg, runner))
    runner.answer(["ctdb", "pnn"], "0\n" if ctdbd else "", returncode=0 if ctdbd else 1)
    return ClusterManager(cfg, runner, txn.run, checker=_checker(runner))


def test_init_renders_every_file(cfg: Config, fake_runner: FakeRunner, tmp_path: Path) -> None:
    mgr = _manager(cfg, fake_runner, ctdbd=False)
    result = mgr.init("10.0.0.1,10.0.0.2,10.0.0.3", "10.0.0.100/24", "vmbr0",
                      str(tmp_path / "shared" / "reclock"), None)
    d = tmp_path / "ctdb"
    assert (d / "nodes").read_text() == "10.0.0.1\n10.0.0.2\n10.0.0.3\n"
    assert (d / "public_addresses").read_text() == "10.0.0.100/24 vmbr0\n"
    assert f"cluster lock = {tmp_path}/shared/reclock\n" in (d / "ctdb.conf").read_text()
    assert (d / "events/legacy/10.interface.script").readlink() == \
        Path("/usr/share/ctdb/events/legacy/10.interface.script")
    # No cluster filesystem here (pve_root absent): the state is kept in state_dir.
    assert cfg.ctdb.cluster_file == cfg.state_dir / "cluster.json"
    assert mgr.state() is not None and len(mgr.state().nodes) == 3  # type: ignore[union-attr]
    assert "include = " in cfg.samba_conf.read_text()
    assert any("not running" in n for n in result["notes"])
    assert ("ctdb", "reloadnodes") not in fake_runner.calls
    with pytest.raises(ValidationError, match="already set up"):
        mgr.init("10.0.0.1", "10.0.0.100/24", "vmbr0", str(tmp_path / "shared" / "r"), None)


def test_bad_input_changes_nothing(cfg: Config, fake_runner: FakeRunner, tmp_path: Path) -> None:
    mgr = _manager(cfg, fake_runner)
    before = cfg.samba_conf.read_bytes()
    with pytest.raises(ValidationError, match="outside the subnet"):
        mgr.init("10.0.0.1", "10.9.0.100/24", "vmbr0", str(tmp_path / "shared" / "r"), None)
    assert not (tmp_path / "ctdb").exists() and cfg.samba_conf.read_bytes() == before
    assert mgr.state() is None
    with pytest.raises(ValidationError, match="nodes: none of the addresses is on this host"):
        mgr.init("10.0.0.2,10.0.0.3", "10.0.0.100/24", "vmbr0", str(tmp_path / "shared" / "r"),
                 None)
    assert not (tmp_path / "ctdb").exists() and mgr.state() is None
    with pytest.raises(NotFoundError, match="no cluster"):
        mgr.add_node("10.0.0.4")


def _initialised(cfg: Config, runner: FakeRunner, tmp_path: Path) -> ClusterManager:
    mgr = _manager(cfg, runner, ctdbd=False)
    mgr.init("10.0.0.1,10.0.0.2,10.0.0.3", "10.0.0.100/24", "vmbr0",
             str(tmp_path / "shared" / "reclock"), None)
    return _manager(cfg, runner, ctdbd=True)


def test_remove_node_refused_while_connected(cfg: Config, fake_runner: FakeRunner,
                                             tmp_path: Path) -> None:
    mgr = _initialised(cfg, fake_runner, tmp_path)
    fake_runner.answer(["ctdb", "-X", "status"], STATUS_417.replace(
        "|2|198.51.100.13|1|", "|2|198.51.100.13|0|"))
    nodes = (tmp_path / "ctdb" / "nodes").read_bytes()
    with pytest.raises(ValidationError, match="still runs"):
        mgr.remove_node("10.0.0.3")
    assert (tmp_path / "ctdb" / "nodes").read_bytes() == nodes


def test_remove_then_readd(cfg: Config, fake_runner: FakeRunner, tmp_path: Path) -> None:
    mgr = _initialised(cfg, fake_runner, tmp_path)
    fake_runner.answer(["ctdb", "-X", "status"], STATUS_417)   # pnn 2 disconnected
    fake_runner.answer(["ctdb", "reloadnodes"])
    result = mgr.remove_node("10.0.0.3")
    assert result["pnn"] == 2 and result["notes"] == []
    assert (tmp_path / "ctdb" / "nodes").read_text() == "10.0.0.1\n10.0.0.2\n#10.0.0.3\n"
    assert fake_runner.calls[-1] == ("ctdb", "reloadnodes")
    with pytest.raises(NotFoundError, match="not a node"):
        mgr.remove_node("10.0.0.3")
    assert mgr.add_node("10.0.0.3")["pnn"] == 2
    assert (tmp_path / "ctdb" / "nodes").read_text() == "10.0.0.1\n10.0.0.2\n10.0.0.3\n"


def test_reload_refused_is_pending_until_reconcile(cfg: Config, fake_runner: FakeRunner,
                                                   tmp_path: Path) -> None:
    mgr = _initialised(cfg, fake_runner, tmp_path)
    fake_runner.answer(["ctdb", "reloadnodes"], returncode=1,
                       stderr="ERROR: Nodes file on node 1 differs from current node (0)")
    result = mgr.add_node("10.0.0.4")
    assert any("reconcile" in n for n in result["notes"])
    check = mgr.reconcile(True)
    assert check["drift"] == [{"what": "reload_pending", "detail": "ctdb reloadnodes"}]
    fake_runner.answer(["ctdb", "reloadnodes"])     # the other nodes caught up
    done = mgr.reconcile(False)
    assert done["pending"] is False and mgr.reconcile(True)["drift"] == []


def test_reconcile_repairs_a_changed_file(cfg: Config, fake_runner: FakeRunner,
                                          tmp_path: Path) -> None:
    mgr = _initialised(cfg, fake_runner, tmp_path)
    fake_runner.answer(["ctdb", "reloadips", "all"])
    (tmp_path / "ctdb" / "public_addresses").write_text("10.0.0.200/24 vmbr0\n")
    assert mgr.reconcile(True)["drift"] == [
        {"what": "file", "detail": str(tmp_path / "ctdb" / "public_addresses")}]
    mgr.reconcile(False)
    assert (tmp_path / "ctdb" / "public_addresses").read_text() == "10.0.0.100/24 vmbr0\n"
    assert fake_runner.calls[-1] == ("ctdb", "reloadips", "all")


def test_failed_step_rolls_back_state_and_files(cfg: Config, fake_runner: FakeRunner,
                                                tmp_path: Path) -> None:
    mgr = _initialised(cfg, fake_runner, tmp_path)
    before = {p: p.read_bytes() for p in (tmp_path / "ctdb").iterdir() if p.is_file()}
    state = cfg.ctdb.cluster_file.read_bytes()

    def failing(title: str, steps: Sequence[Step]) -> None:
        txn = Transaction(Journal(cfg.journal_dir), record_context(cfg, fake_runner))
        boom = Step("boom", lambda: (_ for _ in ()).throw(OSError(5, "disk on fire")))
        txn.run(title, list(steps) + [boom])
    mgr.run_steps = failing
    with pytest.raises(Exception, match="rolled back"):
        mgr.vip_add("10.0.0.101/24", "vmbr0")
    assert cfg.ctdb.cluster_file.read_bytes() == state
    assert {p: p.read_bytes() for p in before} == before


def test_status(cfg: Config, fake_runner: FakeRunner, tmp_path: Path) -> None:
    mgr = _initialised(cfg, fake_runner, tmp_path)
    fake_runner.answer(["ctdb", "-X", "status"], STATUS_417)
    fake_runner.answer(["ctdb", "-X", "ip", "all"], "|Public IP|Node|\n|10.0.0.100|1|\n")
    fake_runner.answer(["ctdb", "status"], PLAIN_STATUS.format(key="Recovery master", pnn=0))
    data = mgr.status()
    assert [(n["state"], n["leader"]) for n in data["nodes"]] == [
        ("OK", True), ("OK", False), ("DISCONNECTED|INACTIVE|UNHEALTHY", False)]
    assert data["vips"] == [{"vip": "10.0.0.100/24", "interface": "vmbr0", "pnn": 1,
                             "node": "10.0.0.2"}]
    assert data["healthy"] is False


# -- PVE HA ----------------------------------------------------------------------------------

HA_STATUS = """\
quorum OK
master pve1 (active, Wed Nov 23 11:07:23 2016)
lrm pve1 (active, Wed Nov 23 11:07:19 2016)
service ct:102 (pve1, started)
service vm:100 (pve2, stopped)
"""


def test_ha_status_parsing_and_argv() -> None:
    from pvesmbgw.tools.ha_manager import HaManager, parse_status
    services = parse_status(HA_STATUS)
    assert {s: (v.node, v.state) for s, v in services.items()} == {
        "ct:102": ("pve1", "started"), "vm:100": ("pve2", "stopped")}
    assert HaManager.add_argv("ct:102", "pvesmbgw") == [
        "ha-manager", "add", "ct:102", "--state", "started", "--group", "pvesmbgw"]
    assert HaManager.rule_add_argv("pvesmbgw-ct102", ["ct:102"], ["pve1:2", "pve2"]) == [
        "ha-manager", "rules", "add", "node-affinity", "pvesmbgw-ct102", "--resources",
        "ct:102", "--nodes", "pve1:2,pve2"]
    assert HaManager.groupadd_argv("pvesmbgw", ["pve1", "pve2"]) == [
        "ha-manager", "groupadd", "pvesmbgw", "--nodes", "pve1,pve2"]


@pytest.mark.parametrize("raw", ["", "pve1,bad name", "-pve", "pve1:x", "pve1;reboot"])
def test_pve_node_list_rejects(raw: str) -> None:
    from pvesmbgw.pve.ha import parse_pve_nodes
    with pytest.raises(ValidationError, match="nodes"):
        parse_pve_nodes(raw)


def test_dry_run_changes_nothing_and_shows_the_files(cfg: Config, tmp_path: Path) -> None:
    runner = FakeRunner(dry_run=True)
    txn = Transaction(Journal(cfg.journal_dir), record_context(cfg, runner), dry_run=True,
                      report=runner.report)
    runner.answer(["ctdb", "pnn"], returncode=1)
    mgr = ClusterManager(cfg, runner, txn.run, checker=_checker(runner))
    before = cfg.samba_conf.read_bytes()
    mgr.init("10.0.0.1,10.0.0.2", "10.0.0.100/24", "vmbr0",
             str(tmp_path / "shared" / "reclock"), None)
    assert not (tmp_path / "ctdb").exists() and mgr.state() is None
    assert cfg.samba_conf.read_bytes() == before
    shown = "\n".join(runner.lines)
    assert "+10.0.0.1" in shown and "+10.0.0.100/24 vmbr0" in shown
    assert "symlink" in shown


def test_vip_without_prefix_suggests_the_interface_prefix(fake_runner: FakeRunner) -> None:
    checker = _checker(fake_runner)
    fake_runner.answer(["ip", "-j", "addr", "show", "dev", "vmbr0"], json.dumps(
        [{"ifname": "vmbr0", "addr_info": [{"family": "inet", "local": "10.0.0.1",
                                            "prefixlen": 26}]}]))
    with pytest.raises(ValidationError, match=r"e\.g\. 10\.0\.0\.50/26$"):
        checker.check("10.0.0.50", "vmbr0", ["10.0.0.1"])
    with pytest.raises(ValidationError, match=r"e\.g\. 10\.9\.0\.50/PREFIX$"):
        checker.check("10.9.0.50", "vmbr0", ["10.0.0.1"])


class _Probe(VipChecker):
    """The node's answer on the CTDB port, as the test sets it."""

    def __init__(self, runner: FakeRunner, listening: Optional[bool]) -> None:
        super().__init__(runner, use_pyroute2=False)
        self.listening = listening
        self.asked: list[str] = []

    def ctdbd_listening(self, address: str, timeout: float = 3.0) -> Optional[bool]:
        self.asked.append(address)
        return self.listening


@pytest.mark.parametrize("listening,force,refused", [
    (True, False, "still runs on 10.0.0.3"),
    (True, True, "still runs on 10.0.0.3"),      # a running ctdbd is never forced out
    (None, False, "cannot tell whether ctdbd still runs on 10.0.0.3"),
    (None, True, ""),
    (False, False, ""),
])
def test_remove_node_without_a_local_ctdbd_asks_the_node(
        cfg: Config, fake_runner: FakeRunner, tmp_path: Path, listening: Optional[bool],
        force: bool, refused: str) -> None:
    """On a node whose own ctdbd is down, removal asks the removed node itself (its CTDB
    port) and refuses, nothing changed, unless that node is known to be stopped."""
    _initialised(cfg, fake_runner, tmp_path)
    mgr = _manager(cfg, fake_runner, ctdbd=False)
    mgr.checker = probe = _Probe(fake_runner, listening)
    nodes = (tmp_path / "ctdb" / "nodes").read_bytes()
    if refused:
        with pytest.raises(ValidationError, match=refused):
            mgr.remove_node("10.0.0.3", force)
        assert (tmp_path / "ctdb" / "nodes").read_bytes() == nodes
    else:
        assert mgr.remove_node("10.0.0.3", force)["pnn"] == 2
        assert (tmp_path / "ctdb" / "nodes").read_text() == "10.0.0.1\n10.0.0.2\n#10.0.0.3\n"
    assert probe.asked == ["10.0.0.3"]


def test_ctdbd_listening_reads_the_port(fake_runner: FakeRunner,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import socket
    from pvesmbgw.smb.cluster import vip
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    monkeypatch.setattr(vip, "CTDB_PORT", server.getsockname()[1])
    checker = VipChecker(fake_runner, use_pyroute2=False)
    try:
        assert checker.ctdbd_listening("127.0.0.1") is True
    finally:
        server.close()
    assert checker.ctdbd_listening("127.0.0.1") is False  # refused: nothing listens
