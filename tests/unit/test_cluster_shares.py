"""Native shares of a CTDB cluster: which node serves what, shared storage, purges that
wait for the other nodes, and the accounts each node's reconcile makes."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from pvesmbgw.core.config import Config
from pvesmbgw.core.errors import ValidationError
from pvesmbgw.core.records import RemoveTree
from pvesmbgw.core.txn import Step
from pvesmbgw.smb.accounts import GroupDel, UserDel
from pvesmbgw.smb.cluster import accounts as cluster_accounts
from pvesmbgw.smb.cluster.membership import check_shared_path, shared_reason
from pvesmbgw.smb.cluster.state import ClusterState, Node
from pvesmbgw.smb.gateways.native import NativeGateway
from pvesmbgw.smb.model import ShareSpec
from pvesmbgw.smb.planner import Planner
from pvesmbgw.smb.registry import PendingPurge, Registry, Share, User, loads
from pvesmbgw.tools import accounts as accounts_tool

from .conftest import FakeAccounts, FakeRunner
from .plans import deferred, preview
from .test_planner import a_share, mount, registry_of

pytestmark = pytest.mark.usefixtures("no_zfs")

NODE1, NODE2, NODE3 = "198.51.100.11", "198.51.100.12", "198.51.100.13"


def cluster(host: Config, *shared: Path) -> ClusterState:
    state = ClusterState(nodes=(Node(NODE1), Node(NODE2), Node(NODE3)), lock="/x/lock",
                         shared_paths=tuple(str(p) for p in shared))
    host.ctdb.cluster_file.parent.mkdir(parents=True, exist_ok=True)
    host.ctdb.cluster_file.write_bytes(state.dumps())
    return state


def local_address(runner: FakeRunner, address: str) -> None:
    """This host's interfaces, as `ip -j addr show` prints them."""
    runner.answer(["ip", "-j", "addr", "show"], json.dumps(
        [{"ifname": "eth0", "addr_info": [{"local": address, "prefixlen": 24}]}]))


@pytest.fixture
def ext4(host: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = host.allowed_roots[0]
    mount(monkeypatch, tmp_path, root, "ext4")
    return root


# -- shared storage ---------------------------------------------------------------------


def test_what_counts_as_shared_storage(host: Config, ext4: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    state = ClusterState(shared_paths=(str(ext4 / "team"),))
    assert shared_reason(ext4 / "team" / "a", "dir", state) is not None
    assert shared_reason(ext4 / "team", "dir", state) is not None
    assert shared_reason(ext4 / "teamwork", "dir", state) is None   # a prefix, not a parent
    assert shared_reason(ext4 / "x", "btrfs", state) is None
    assert shared_reason(Path("/"), "cephfs", state) == "a CephFS subvolume"
    mount(monkeypatch, tmp_path, ext4, "gfs2")
    assert shared_reason(ext4 / "x", "dir", state) == "on a gfs2 file system"


def test_a_declared_shared_path_is_an_existing_absolute_directory(tmp_path: Path) -> None:
    assert check_shared_path(str(tmp_path) + "/") == str(tmp_path)
    for bad, message in (("relative/dir", "absolute"), (str(tmp_path / "none"),
                                                        "not a directory"), ("/", "cannot"),
                         ("/proc", "system directory"), ("/dev/shm", "system directory"),
                         ("/etc", "system directory"), (f"{tmp_path}/../etc", "'..'"),
                         (f"{tmp_path}/.", "'..'"), (f"{tmp_path}/\udcff", "UTF-8"),
                         (f"{tmp_path}\u2028", "control")):
        with pytest.raises(ValidationError, match=message):
            check_shared_path(bad)


# -- which node serves what -------------------------------------------------------------


def test_members_serve_clustered_shares_whatever_their_node_name(
        host: Config, fake_runner: FakeRunner) -> None:
    clustered = Share("c", "/srv/c", "native", "dir", node="pve1", clustered=True)
    own = Share("o", "/srv/o", "native", "dir", node="pve1")
    reg = registry_of(clustered, own)
    assert [s.name for s in reg.native_shares("pve2", member=True)] == ["c"]
    assert [s.name for s in reg.native_shares("pve2")] == []
    assert sorted(reg.on_node("pve1", member=True).shares) == ["c", "o"]
    cluster(host)
    local_address(fake_runner, NODE2)
    text = NativeGateway(replace(host, node="pve2"), fake_runner).text(reg)
    assert text is not None and "[c]" in text and "[o]" not in text
    outsider = FakeRunner()
    local_address(outsider, "198.51.100.99")
    assert NativeGateway(replace(host, node="pve2"), outsider).text(reg) is None


def test_registry_keeps_purges_and_the_share_gid(host: Config) -> None:
    share = Share("c", "/srv/c", "native", "dir", node="pve1", clustered=True,
                  created_volume=True, volume_id="t")
    reg = replace(Registry().with_purge(PendingPurge(share, (NODE2,))), share_gid=2000001)
    again = loads(reg.dumps())
    assert again.purges == reg.purges and again.share_gid == 2000001
    assert again.purges["c"].share.clustered is True
    plain = json.loads(Registry().dumps())
    assert "purges" not in plain and "share_gid" not in plain


# -- create on a member -------------------------------------------------------------------


def test_a_member_refuses_a_native_share_on_node_local_storage(
        host: Config, accounts: FakeAccounts, fake_runner: FakeRunner, ext4: Path) -> None:
    cluster(host)
    local_address(fake_runner, NODE1)
    with pytest.raises(ValidationError, match="node-local storage .*shared-path add"):
        Planner(host, fake_runner).create(Registry(), ShareSpec(
            name="local", path=str(ext4 / "local")))
    assert fake_runner.calls == [("ip", "-j", "addr", "show")]   # nothing ran
    assert not (ext4 / "local").exists()


def test_a_member_makes_a_clustered_share_on_declared_shared_storage(
        host: Config, accounts: FakeAccounts, fake_runner: FakeRunner, ext4: Path) -> None:
    cluster(host, ext4)
    local_address(fake_runner, NODE1)
    plan = Planner(host, fake_runner).create(Registry(), ShareSpec(
        name="team", path=str(ext4 / "team")))
    assert plan.registry.shares["team"].clustered is True
    assert plan.registry.share_gid == 0     # the share group's gid, for the other nodes
    # A gateway share is never the cluster's: its guest serves it.
    outsider = FakeRunner()
    local_address(outsider, "198.51.100.99")
    plan = Planner(host, outsider).create(Registry(), ShareSpec(
        name="solo", path=str(ext4 / "solo")))
    assert plan.registry.shares["solo"].clustered is False


# -- purge --------------------------------------------------------------------------------


def test_purge_of_a_clustered_share_waits_for_the_other_members(
        host: Config, accounts: FakeAccounts, fake_runner: FakeRunner) -> None:
    cluster(host)
    local_address(fake_runner, NODE3)
    share = a_share(host, "c", "dir", clustered=True)
    plan = Planner(host, fake_runner).delete(registry_of(share), "c", purge=True)
    assert plan.destroys_volume is False and deferred(plan) == []
    assert plan.registry.purges["c"] == PendingPurge(share, (NODE1, NODE2))
    assert plan.details["purge_waits_for"] == [NODE1, NODE2]
    assert "c" not in plan.registry.shares


def test_purge_refuses_a_volume_another_share_uses(
        host: Config, accounts: FakeAccounts, fake_runner: FakeRunner) -> None:
    outer = a_share(host, "outer", "dir")
    inner = a_share(host, "inner", "dir", path=str(Path(outer.path) / "sub"))
    Path(inner.path).mkdir()
    with pytest.raises(ValidationError, match="still used by share 'inner'"):
        Planner(host, fake_runner).delete(registry_of(outer, inner), "outer", purge=True)


def test_the_last_member_to_stop_serving_destroys_the_volume_once(
        host: Config, accounts: FakeAccounts, fake_runner: FakeRunner) -> None:
    cluster(host)
    share = a_share(host, "c", "dir", clustered=True)
    reg = Registry().with_purge(PendingPurge(share, (NODE1, NODE2)))
    local_address(fake_runner, NODE1)
    after1, drift, final = Planner(host, fake_runner).purge_acks(reg)
    assert after1.purges["c"].waiting == (NODE2,) and final == []
    assert "waits for 198.51.100.12" in drift[0]["detail"]
    node2 = FakeRunner()
    local_address(node2, NODE2)
    after2, drift, final = Planner(host, node2).purge_acks(after1)
    assert after2.purges == {} and [s.compensation for s in final] == [None]
    assert [s.deferred for s in final] == [RemoveTree(share.path)]
    # Done: nothing left for anyone.
    assert Planner(host, fake_runner).purge_acks(after2) == (after2, [], [])


def test_a_waiting_purge_keeps_a_volume_a_new_share_took(
        host: Config, accounts: FakeAccounts, fake_runner: FakeRunner) -> None:
    cluster(host)
    share = a_share(host, "c", "dir", clustered=True)
    taker = replace(share, name="taker", created_volume=False)
    reg = registry_of(taker).with_purge(PendingPurge(share, (NODE2,)))
    local_address(fake_runner, NODE2)
    after, drift, final = Planner(host, fake_runner).purge_acks(reg)
    assert after.purges == {} and final == []
    assert "share 'taker' uses it now" in drift[0]["detail"]


# -- accounts -----------------------------------------------------------------------------


def test_reconcile_makes_the_cluster_users_with_their_ids(
        host: Config, accounts: FakeAccounts, fake_runner: FakeRunner) -> None:
    cfg = replace(host, share_group="smbshares")
    reg = replace(registry_of(users=(User("alice", True, 2000000),)), share_gid=2000001)
    drift, steps = cluster_accounts.sync(cfg, fake_runner, reg)
    assert [d["what"] for d in drift] == ["share_group", "account"]
    assert titles_of(steps) == ["create group smbshares", "create Unix account alice",
                                "record the accounts pvesmbgw made on this node"]
    assert [preview(s) for s in steps[:1]] == [["run: groupadd --gid 2000001 smbshares"]]
    assert [s.compensation for s in steps[:2]] == [GroupDel("smbshares"), UserDel("alice")]
    fake_runner.answer(["groupadd"])
    fake_runner.answer(["useradd"])
    for step in steps:
        step.do()
    assert json.loads(cluster_accounts.record_path(cfg).read_text()) == {
        "users": {"alice": 2000000}, "members": []}
    assert fake_runner.calls == [
        ("groupadd", "--gid", "2000001", "smbshares"),
        ("useradd", "--uid", "2000000", "--gid", "smbshares", "--no-user-group",
         "--no-create-home", "--shell", "/usr/sbin/nologin", "alice")]


def test_reconcile_removes_only_the_accounts_it_made_once_the_cluster_drops_them(
        host: Config, accounts: FakeAccounts, fake_runner: FakeRunner,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts_tool, "primary_gid", lambda name: 0)
    accounts.users.update(alice=2000000, admins_own=1000)
    cluster_accounts.record_path(host).parent.mkdir(parents=True, exist_ok=True)
    cluster_accounts.record_path(host).write_bytes(
        cluster_accounts.LocalAccounts({"alice": 2000000}).dumps())
    drift, steps = cluster_accounts.sync(host, fake_runner, Registry())
    assert [d["detail"] for d in drift] == ["Unix account alice was removed from the cluster"]
    assert [s.deferred for s in steps if s.deferred] == [UserDel("alice")]
    assert titles_of(steps)[0] == "record the accounts pvesmbgw made on this node"
    # A uid that changed means the account is no longer the one pvesmbgw made.
    accounts.users["alice"] = 1234
    drift, steps = cluster_accounts.sync(host, fake_runner, Registry())
    assert [s.deferred for s in steps if s.deferred] == []


def titles_of(steps: list[Step]) -> list[str]:
    return [s.title for s in steps]
