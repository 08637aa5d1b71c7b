"""The planner's plans, step by step: titles in order, the record that undoes each step
(or the deferred record a destructive step runs), the exact commands previews show,
and bad input refused before any step exists. Planning runs only read-only commands,
which the FakeRunner answers; everything else about the host is faked below (accounts,
mounts) so that a plan does not depend on the machine the tests run on."""

from __future__ import annotations

import datetime
from dataclasses import replace
from pathlib import Path
from typing import Iterator, Optional

import pytest

from pvesmbgw.core import fsutil
from pvesmbgw.core.config import Config
from pvesmbgw.core.errors import ApplyError, NotFoundError, ValidationError
from pvesmbgw.core.records import Context, Record, RemoveTree, RestoreFile, Rmdir
from pvesmbgw.core.txn import FAULT_ENV, Journal, Transaction
from pvesmbgw.smb.accounts import GroupDel, GroupRemoveMember, SmbUserDel, UserDel
from pvesmbgw.smb.model import ShareChange, ShareSpec
from pvesmbgw.smb.planner import Plan, Planner
from pvesmbgw.smb.registry import Registry, Share, User
from pvesmbgw.smb.samba import conf as smbconf
from pvesmbgw.smb.samba.service import ReloadSmbd
from pvesmbgw.storage import btrfs as btrfs_backend
from pvesmbgw.storage.btrfs import BtrfsBackend, BtrfsQgroupLimit, BtrfsQuotaDisable, \
    BtrfsSubvolumeDelete
from pvesmbgw.storage.snapshots import Snapshot

from .conftest import FakeAccounts, FakeRunner
from .plans import assert_commit_point, deferred, preview, step, titles, undo

pytestmark = pytest.mark.usefixtures("no_zfs")

GIB = 1 << 30
FIRST_ID = 2000000  # the default account_id_range starts here
NOW = datetime.datetime(2024, 5, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)
SNAP = "@GMT-2024.05.01-12.00.00"


# -- the host, faked ------------------------------------------------------------------


@pytest.fixture
def new_group(host: Config, accounts: FakeAccounts) -> Iterator[Config]:
    """HOST with a share group that does not exist yet (plans create it)."""
    yield replace(host, share_group="smbshares")


def mount(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, root: Path, fstype: str) -> None:
    """Make ROOT the mount point of a FSTYPE filesystem, as /proc/self/mountinfo says
    (the file every mount lookup reads, wherever mount_of was imported)."""
    info = tmp_path / "mountinfo"
    info.write_text("1 0 0:1 / / rw - ext4 /dev/sda1 rw\n"
                    f"2 1 0:2 / {root} rw - {fstype} /dev/sdb rw\n")
    monkeypatch.setattr(fsutil, "MOUNTINFO", info)


@pytest.fixture
def btrfs(host: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The allowed root is a 1 TiB btrfs filesystem; returns its mount point."""
    root = host.allowed_roots[0]
    mount(monkeypatch, tmp_path, root, "btrfs")
    monkeypatch.setattr(btrfs_backend, "fs_size", lambda path: (1 << 40, 1 << 39))
    return root


def quotas_disabled(runner: FakeRunner, mountpoint: Path) -> None:
    runner.answer(["btrfs", "qgroup", "show", "-re", "--raw", str(mountpoint)], returncode=1,
                  stderr="ERROR: can't list qgroups: quotas not enabled")


def quotas_enabled(runner: FakeRunner, mountpoint: Path) -> None:
    runner.answer(["btrfs", "qgroup", "show", "-re", "--raw", str(mountpoint)],
                  "Qgroupid Referenced Exclusive Max referenced Max exclusive Path\n"
                  "0/256    16384      16384     1073741824     none          data\n")


def samba_users(runner: FakeRunner, host: Config, *names: str) -> None:
    """The host's Samba passdb holds NAMES (`pdbedit -L`)."""
    runner.answer(["pdbedit", "-s", str(host.samba_conf), "-L"],
                  "".join(f"{n}:{FIRST_ID + i}:\n" for i, n in enumerate(names)))


def a_share(host: Config, name: str, backend: str, **fields: object) -> Share:
    """A share pvesmbgw created at <allowed root>/<name> (the directory exists)."""
    path = host.allowed_roots[0] / name
    path.mkdir(exist_ok=True)
    values: dict[str, object] = dict(path=str(path), mode="native", backend=backend,
                                     created_volume=True, volume_id="token-" + name,
                                     node=host.node)
    values.update(fields)
    return Share(name=name, **values)  # type: ignore[arg-type]


def registry_of(*shares: Share, users: tuple[User, ...] = ()) -> Registry:
    return Registry(shares={s.name: s for s in shares}, users={u.name: u for u in users})


def file_undo(path: Path, mode: int = 0o644) -> RestoreFile:
    return RestoreFile(str(path), mode)


def commit_titles(host: Config) -> list[str]:
    """The native Samba files, the registry and smbd, as a plan ends (first share)."""
    return ["arm smbd reload for rollback",
            f"write {host.include_file}",
            f"update the pvesmbgw include line in {host.samba_conf}",
            "save the registry",
            "make smbd serve the new configuration"]


def commit_undo(host: Config) -> list[Optional[Record]]:
    return [ReloadSmbd(), file_undo(host.include_file), file_undo(host.samba_conf),
            file_undo(host.registry_file, 0o600), None]


# -- create ---------------------------------------------------------------------------


def test_native_create_on_a_plain_directory(new_group: Config, fake_runner: FakeRunner) -> None:
    """A new group, a new directory, the Samba files, the registry, smbd: each undone by
    the record beside it. Planning starts no command at all."""
    path = new_group.allowed_roots[0] / "demo"
    plan = Planner(new_group, fake_runner).create(Registry(), ShareSpec(name="demo",
                                                                        path=str(path)))
    assert titles(plan) == ["create group smbshares", f"create directory {path}",
                            *commit_titles(new_group)]
    assert undo(plan) == [GroupDel("smbshares"), Rmdir(str(path)), *commit_undo(new_group)]
    assert deferred(plan) == []
    assert preview(step(plan, "create group smbshares")) == [
        f"run: groupadd --gid {FIRST_ID} smbshares"]
    assert preview(step(plan, f"create directory {path}")) == [
        f"mkdir {path} (mode 2770, group smbshares)"]
    share = plan.registry.shares["demo"]
    assert (share.backend, share.created_volume, share.smb_options) == ("dir", True, {})
    assert fake_runner.calls == []
    assert not path.exists()


def test_create_with_an_existing_group_has_no_group_step(host: Config, accounts: FakeAccounts,
                                                         fake_runner: FakeRunner) -> None:
    path = host.allowed_roots[0] / "demo"
    plan = Planner(host, fake_runner).create(Registry(), ShareSpec(name="demo", path=str(path)))
    assert titles(plan) == [f"create directory {path}", *commit_titles(host)]


def test_adopting_an_existing_directory_creates_nothing(host: Config, accounts: FakeAccounts,
                                                        fake_runner: FakeRunner) -> None:
    """An existing directory is shared as it is: no create step, never ours to purge."""
    path = host.allowed_roots[0] / "theirs"
    path.mkdir()
    plan = Planner(host, fake_runner).create(Registry(), ShareSpec(name="t", path=str(path)))
    assert titles(plan) == commit_titles(host)
    assert plan.registry.shares["t"].created_volume is False
    assert any("never destroyed" in n for n in plan.notes)


def test_a_kept_volume_pvesmbgw_made_is_ours_again_when_shared_anew(
        host: Config, accounts: FakeAccounts, fake_runner: FakeRunner,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`delete` without --purge keeps the volume and its ownership mark; a later create
    of the same path says so and lets delete --purge destroy it after all."""
    from pvesmbgw.smb import planner as planner_mod
    path = host.allowed_roots[0] / "kept"
    path.mkdir()
    monkeypatch.setattr(planner_mod, "volume_token", lambda p: "token-of-old")
    plan = Planner(host, fake_runner).create(Registry(), ShareSpec(name="k", path=str(path)))
    share = plan.registry.shares["k"]
    assert (share.created_volume, share.volume_id) == (True, "token-of-old")
    assert any("pvesmbgw made it" in n and "--purge may destroy it" in n for n in plan.notes)
    purge = Planner(host, fake_runner).delete(plan.registry, "k", purge=True)
    assert deferred(purge) == [RemoveTree(str(path))]


def test_btrfs_create_with_quota(host: Config, accounts: FakeAccounts, btrfs: Path,
                                 fake_runner: FakeRunner) -> None:
    """A subvolume (undone by deleting it), quotas switched on (undone by switching them
    off), the limit (undone with the subvolume), and Previous Versions options."""
    quotas_disabled(fake_runner, btrfs)
    path = btrfs / "data"
    plan = Planner(host, fake_runner).create(
        Registry(), ShareSpec(name="data", path=str(path), quota=GIB))
    assert titles(plan) == [f"create btrfs subvolume {path}",
                            f"set owner and mode of {path}",
                            f"enable btrfs quotas on {btrfs}",
                            f"limit {path} to 1G",
                            *commit_titles(host)]
    assert undo(plan) == [BtrfsSubvolumeDelete(path=str(path)), None,
                          BtrfsQuotaDisable(str(btrfs)), None, *commit_undo(host)]
    assert [preview(plan.steps[i]) for i in (0, 2, 3)] == [
        [f"run: btrfs subvolume create {path}"],
        [f"run: btrfs quota enable {btrfs}"],
        [f"run: btrfs qgroup limit {GIB} {path}"]]
    share = plan.registry.shares["data"]
    assert (share.backend, share.quota) == ("btrfs", GIB)
    assert share.smb_options["vfs objects"] == "shadow_copy2"
    assert fake_runner.calls == [("btrfs", "qgroup", "show", "-re", "--raw", str(btrfs))]


def test_btrfs_create_with_quotas_on_skips_enabling_them(
        host: Config, accounts: FakeAccounts, btrfs: Path, fake_runner: FakeRunner) -> None:
    quotas_enabled(fake_runner, btrfs)
    path = btrfs / "data"
    plan = Planner(host, fake_runner).create(
        Registry(), ShareSpec(name="data", path=str(path), quota=GIB))
    assert titles(plan)[:3] == [f"create btrfs subvolume {path}",
                                f"set owner and mode of {path}", f"limit {path} to 1G"]


@pytest.mark.parametrize("name, path, options, error", [
    ("q", "srv/q", dict(quota=GIB), "quota: .* cannot enforce a quota"),
    ("o", "/etc/o", {}, "outside the allowed roots"),
    ("n", "srv/missing/n", {}, "parent"),
    ("Admins-Own", "srv/a", {}, r"\[Admins-Own\] is already defined"),
    ("s", "srv/s", dict(snapshot_policy={"daily": 7}), "no snapshots"),
])
def test_bad_create_is_refused_before_any_step(host: Config, accounts: FakeAccounts,
                                               fake_runner: FakeRunner, name: str, path: str,
                                               options: dict[str, object], error: str) -> None:
    """PATH is relative to the host fixture's root unless absolute."""
    full = path if path.startswith("/") else str(host.allowed_roots[0].parent / path)
    spec = ShareSpec(name, full, **options)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=error):
        Planner(host, fake_runner).create(Registry(), spec)
    assert fake_runner.calls == []


def test_create_refuses_a_taken_name_or_path(host: Config, accounts: FakeAccounts,
                                             fake_runner: FakeRunner) -> None:
    reg = registry_of(a_share(host, "a", "dir"))
    planner = Planner(host, fake_runner)
    with pytest.raises(ValidationError, match="already exists"):
        planner.create(reg, ShareSpec(name="A", path=str(host.allowed_roots[0] / "b")))
    with pytest.raises(ValidationError, match="already shared as 'a'"):
        planner.create(reg, ShareSpec(name="b", path=str(host.allowed_roots[0] / "a")))


# -- set ------------------------------------------------------------------------------


def test_set_quota_on_btrfs_restores_the_old_limit(host: Config, accounts: FakeAccounts,
                                                   btrfs: Path, fake_runner: FakeRunner,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The quota is not in smb.conf: only the limit and the registry change, and undoing
    the limit puts back the one the volume had (not the registry's), by qgroup id on
    the mount point so that a subvolume over its limit can have it raised."""
    monkeypatch.setattr(btrfs_backend, "is_subvolume", lambda path: True)
    monkeypatch.setattr(btrfs_backend, "subvolume_id", lambda path: 256)
    quotas_enabled(fake_runner, btrfs)  # qgroup 0/256 is limited to 1G
    share = a_share(host, "data", "btrfs", quota=GIB // 2)  # the registry lags behind
    plan = Planner(host, fake_runner).set(registry_of(share), "DATA", ShareChange(quota=2 * GIB))
    assert titles(plan) == [f"limit {share.path} to 2G", "save the registry"]
    assert undo(plan) == [BtrfsQgroupLimit(share.path, GIB),
                          file_undo(host.registry_file, 0o600)]
    assert preview(plan.steps[0]) == [f"run: btrfs qgroup limit {2 * GIB} 0/256 {btrfs}"]
    assert plan.registry.shares["data"].quota == 2 * GIB


def test_set_a_setting_rewrites_the_samba_files(host: Config, accounts: FakeAccounts,
                                                fake_runner: FakeRunner) -> None:
    share = a_share(host, "a", "dir")
    plan = Planner(host, fake_runner).set(registry_of(share), "a", ShareChange(read_only=True))
    assert titles(plan) == commit_titles(host)
    assert "read only = yes" in "\n".join(step(plan, f"write {host.include_file}").preview)


def test_bad_set_is_refused_before_any_step(host: Config, accounts: FakeAccounts,
                                            fake_runner: FakeRunner) -> None:
    reg = registry_of(a_share(host, "a", "dir"))
    planner = Planner(host, fake_runner)
    with pytest.raises(ValidationError, match="nothing to change"):
        planner.set(reg, "a", ShareChange())
    with pytest.raises(ValidationError, match="quota"):
        planner.set(reg, "a", ShareChange(quota=GIB))
    with pytest.raises(ValidationError, match="no snapshots"):
        planner.set(reg, "a", ShareChange(snapshot_policy={"daily": 7}))
    with pytest.raises(NotFoundError):
        planner.set(reg, "nope", ShareChange(comment="x"))
    assert fake_runner.calls == []


# -- delete ---------------------------------------------------------------------------


def removal_titles(host: Config) -> list[str]:
    """Stop serving the last native share: the admin's smb.conf goes back as it was."""
    return ["arm smbd reload for rollback",
            f"remove {host.include_file}",
            f"update the pvesmbgw include line in {host.samba_conf}",
            "save the registry",
            "make smbd serve the new configuration"]


def hooked(host: Config) -> None:
    """The host as a create left it: include file written, include line in smb.conf."""
    host.include_file.write_text("[a]\n")
    host.samba_conf.write_text(smbconf.with_include(host.samba_conf.read_text(),
                                                    host.include_file))


def test_delete_keeps_the_data(host: Config, accounts: FakeAccounts,
                               fake_runner: FakeRunner) -> None:
    hooked(host)
    share = a_share(host, "a", "dir")
    plan = Planner(host, fake_runner).delete(registry_of(share), "a", purge=False)
    assert titles(plan) == removal_titles(host)
    assert undo(plan) == [ReloadSmbd(), RestoreFile(str(host.include_file)),
                          file_undo(host.samba_conf), file_undo(host.registry_file, 0o600),
                          None]
    assert deferred(plan) == [] and plan.destroys_volume is False
    assert any("data kept" in n for n in plan.notes)


def test_delete_purge_removes_the_volume_last(host: Config, accounts: FakeAccounts,
                                              fake_runner: FakeRunner) -> None:
    """The data goes in a deferred step after everything undoable: past the commit."""
    hooked(host)
    share = a_share(host, "a", "dir")
    plan = Planner(host, fake_runner).delete(registry_of(share), "a", purge=True)
    assert titles(plan) == [*removal_titles(host), f"remove directory {share.path} and its data"]
    assert deferred(plan) == [RemoveTree(share.path)]
    assert preview(plan.steps[-1]) == [f"rm -r {share.path}"]
    assert plan.destroys_volume is True
    assert_commit_point(plan)


def test_delete_purge_leaves_a_volume_pvesmbgw_did_not_create(
        host: Config, accounts: FakeAccounts, fake_runner: FakeRunner) -> None:
    hooked(host)
    share = a_share(host, "a", "dir", created_volume=False, volume_id=None)
    plan = Planner(host, fake_runner).delete(registry_of(share), "a", purge=True)
    assert titles(plan) == removal_titles(host)
    assert deferred(plan) == [] and plan.destroys_volume is False
    assert any("did not create it" in n for n in plan.notes)


def test_delete_purge_refuses_a_volume_marked_by_someone_else(
        host: Config, accounts: FakeAccounts, fake_runner: FakeRunner,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from pvesmbgw.smb import planner as planner_mod
    monkeypatch.setattr(planner_mod, "volume_token", lambda path: "another-token")
    share = a_share(host, "a", "dir")
    with pytest.raises(ValidationError, match="ownership mark differs"):
        Planner(host, fake_runner).delete(registry_of(share), "a", purge=True)


def test_delete_of_one_of_two_shares_rewrites_the_include_file(
        host: Config, accounts: FakeAccounts, fake_runner: FakeRunner) -> None:
    hooked(host)
    reg = registry_of(a_share(host, "a", "dir"), a_share(host, "b", "dir"))
    plan = Planner(host, fake_runner).delete(reg, "a", purge=False)
    assert titles(plan) == ["arm smbd reload for rollback", f"write {host.include_file}",
                            "save the registry", "make smbd serve the new configuration"]


def test_delete_of_an_unknown_share(host: Config, fake_runner: FakeRunner) -> None:
    with pytest.raises(NotFoundError, match="no share named 'nope'"):
        Planner(host, fake_runner).delete(Registry(), "nope", purge=True)


# -- snapshots ------------------------------------------------------------------------


def test_first_btrfs_snapshot(host: Config, accounts: FakeAccounts, btrfs: Path,
                              fake_runner: FakeRunner) -> None:
    """The snapshot directory is made first (undone by removing it), the snapshot is a
    read-only subvolume (undone by deleting it), and the share's Samba options follow."""
    share = a_share(host, "data", "btrfs")
    path = Path(share.path)
    plan = Planner(host, fake_runner).snapshot_create(registry_of(share), "data", NOW)
    target = path / ".snapshots" / SNAP
    assert plan.details == {"snapshot": SNAP}
    assert titles(plan) == [f"create {path}/.snapshots", f"snapshot {path} as {SNAP}",
                            *commit_titles(host)]
    assert undo(plan) == [Rmdir(str(path / ".snapshots")),
                          BtrfsSubvolumeDelete(path=str(target)), *commit_undo(host)]
    assert preview(plan.steps[1]) == [
        f"run: btrfs subvolume snapshot -r {path} {target}"]
    assert plan.registry.shares["data"].smb_options["shadow:snapdir"] == ".snapshots"
    assert fake_runner.calls == []


def test_snapshot_with_options_in_place_changes_only_the_volume(
        host: Config, accounts: FakeAccounts, btrfs: Path, fake_runner: FakeRunner) -> None:
    """Nothing in Samba or the registry changes: the plan is the snapshot alone."""
    from pvesmbgw.smb.previous_versions import share_options
    options = share_options(BtrfsBackend(fake_runner), [])
    share = a_share(host, "data", "btrfs", smb_options=options)
    (Path(share.path) / ".snapshots").mkdir()
    plan = Planner(host, fake_runner).snapshot_create(registry_of(share), "data", NOW)
    assert titles(plan) == [f"snapshot {share.path} as {SNAP}", "save the registry"]


def listed(monkeypatch: pytest.MonkeyPatch, *snaps: str) -> None:
    """btrfs lists snapshots by inode number (256), which a test directory has not."""
    monkeypatch.setattr(BtrfsBackend, "snapshots",
                        lambda self, path: [Snapshot(s, 1714564800 + i)
                                            for i, s in enumerate(snaps)])


def test_btrfs_snapshot_delete_is_deferred(host: Config, accounts: FakeAccounts, btrfs: Path,
                                           fake_runner: FakeRunner,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    listed(monkeypatch, SNAP)
    share = a_share(host, "data", "btrfs")
    target = f"{share.path}/.snapshots/{SNAP}"
    plan = Planner(host, fake_runner).snapshot_delete(registry_of(share), "data", SNAP)
    assert titles(plan) == [f"delete 1 snapshot(s) of {share.path}"]
    assert deferred(plan) == [BtrfsSubvolumeDelete(paths=(target,))]
    assert preview(plan.steps[0]) == [f"run: btrfs subvolume delete {target}"]


def test_snapshot_create_refuses_a_second_in_the_same_second(
        host: Config, accounts: FakeAccounts, btrfs: Path, fake_runner: FakeRunner,
        monkeypatch: pytest.MonkeyPatch) -> None:
    listed(monkeypatch, SNAP)
    with pytest.raises(ValidationError, match="exists already"):
        Planner(host, fake_runner).snapshot_create(
            registry_of(a_share(host, "data", "btrfs")), "data", NOW)


def test_rollback_refuses_while_its_safety_snapshot_name_is_taken(
        host: Config, accounts: FakeAccounts, btrfs: Path, fake_runner: FakeRunner,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The safety snapshot's name is this second's: taken by another snapshot made this
    second, not only by the one rolled back to (btrfs would nest it in that one)."""
    listed(monkeypatch, "@GMT-2024.05.01-11.00.00", SNAP)
    with pytest.raises(ValidationError, match="wait a second"):
        Planner(host, fake_runner).snapshot_rollback(
            registry_of(a_share(host, "data", "btrfs")), "data",
            "@GMT-2024.05.01-11.00.00", NOW)
    assert fake_runner.calls == []


def test_schedule_takes_no_snapshot_in_a_second_that_has_one(
        host: Config, accounts: FakeAccounts, btrfs: Path, fake_runner: FakeRunner,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A snapshot made by hand this second serves an hourly schedule that is due."""
    monkeypatch.setattr(BtrfsBackend, "snapshots",
                        lambda self, path: [Snapshot(SNAP, int(NOW.timestamp()) - 3600)])
    share = a_share(host, "data", "btrfs", snapshot_policy={"hourly": 2})
    plan = Planner(host, fake_runner).prune_all(registry_of(share), NOW)
    assert not any("snapshot" in t and "as" in t for t in titles(plan)), titles(plan)
    assert not any("took" in n for n in plan.notes), plan.notes


def test_snapshot_delete_refuses_unknown_and_foreign_snapshots(
        host: Config, accounts: FakeAccounts, btrfs: Path, fake_runner: FakeRunner,
        monkeypatch: pytest.MonkeyPatch) -> None:
    listed(monkeypatch, "nightly-1")
    reg = registry_of(a_share(host, "data", "btrfs"))
    planner = Planner(host, fake_runner)
    with pytest.raises(NotFoundError, match="no snapshot"):
        planner.snapshot_delete(reg, "data", SNAP)
    with pytest.raises(ValidationError, match="not made by pvesmbgw"):
        planner.snapshot_delete(reg, "data", "nightly-1")


def test_snapshots_on_a_plain_directory_are_refused(host: Config, accounts: FakeAccounts,
                                                    fake_runner: FakeRunner) -> None:
    with pytest.raises(ValidationError, match="no snapshots"):
        Planner(host, fake_runner).snapshot_create(registry_of(a_share(host, "a", "dir")),
                                                   "a", NOW)


# -- users ----------------------------------------------------------------------------


def test_user_add_creates_the_unix_account_then_the_samba_user(
        new_group: Config, fake_runner: FakeRunner) -> None:
    samba_users(fake_runner, new_group)
    plan = Planner(new_group, fake_runner).user_add(Registry(), "alice", "secret")
    record = new_group.state_dir / "accounts.json"
    assert titles(plan) == ["create group smbshares", "create Unix account alice",
                            "add Samba user alice",
                            "record the accounts pvesmbgw made on this node",
                            "save the registry"]
    assert undo(plan) == [GroupDel("smbshares"), UserDel("alice"), SmbUserDel("alice"),
                          file_undo(record, 0o600), file_undo(new_group.registry_file, 0o600)]
    assert preview(step(plan, "create Unix account alice")) == [
        f"run: useradd --uid {FIRST_ID} --gid smbshares --no-user-group --no-create-home "
        "--shell /usr/sbin/nologin alice"]
    assert "secret" not in repr([s.preview for s in plan.steps])
    assert plan.registry.users["alice"] == User("alice", True, FIRST_ID)
    assert fake_runner.calls == [("pdbedit", "-s", str(new_group.samba_conf), "-L")]


def test_user_add_of_an_existing_unix_account_only_joins_the_group(
        host: Config, accounts: FakeAccounts, fake_runner: FakeRunner) -> None:
    host = replace(host, share_group="smbshares")
    accounts.groups["smbshares"] = FIRST_ID
    accounts.users["bob"] = 1000
    samba_users(fake_runner, host)
    plan = Planner(host, fake_runner).user_add(Registry(), "bob", "secret")
    assert titles(plan) == ["add bob to group smbshares", "add Samba user bob",
                            "record the accounts pvesmbgw made on this node",
                            "save the registry"]
    assert undo(plan)[0] == GroupRemoveMember("bob", "smbshares")
    assert plan.registry.users["bob"] == User("bob", False, 1000)


def test_user_add_refuses_an_existing_samba_user(host: Config, accounts: FakeAccounts,
                                                 fake_runner: FakeRunner) -> None:
    samba_users(fake_runner, host, "alice")
    with pytest.raises(ValidationError, match="already exists"):
        Planner(replace(host, share_group="smbshares"), fake_runner).user_add(
            Registry(), "alice", "secret")


def test_user_del_removes_accounts_last(host: Config, accounts: FakeAccounts,
                                        fake_runner: FakeRunner) -> None:
    """The registry is saved first (undoable); removing the Samba user and the Unix
    account cannot be undone, so they are deferred, after it."""
    accounts.users["alice"] = FIRST_ID
    samba_users(fake_runner, host, "alice")
    reg = registry_of(users=(User("alice", True, FIRST_ID),))
    plan = Planner(host, fake_runner).user_del(reg, "alice")
    assert titles(plan) == ["save the registry", "remove Samba user alice",
                            "remove Unix account alice"]
    assert undo(plan) == [file_undo(host.registry_file, 0o600), None, None]
    assert deferred(plan) == [SmbUserDel("alice"), UserDel("alice")]
    assert [preview(s) for s in plan.steps[1:]] == [
        [f"run: pdbedit -s {host.samba_conf} -x alice"], ["run: userdel --force alice"]]
    assert_commit_point(plan)
    assert plan.registry.users == {}


def test_user_del_keeps_a_unix_account_pvesmbgw_did_not_create(
        host: Config, accounts: FakeAccounts, fake_runner: FakeRunner) -> None:
    accounts.users["bob"] = 1000
    samba_users(fake_runner, host, "bob")
    plan = Planner(host, fake_runner).user_del(registry_of(users=(User("bob", False, 1000),)),
                                               "bob")
    assert deferred(plan) == [SmbUserDel("bob")]


def test_user_del_of_an_unmanaged_user(host: Config, fake_runner: FakeRunner) -> None:
    with pytest.raises(NotFoundError):
        Planner(host, fake_runner).user_del(Registry(), "alice")
    assert fake_runner.calls == []


# -- every plan keeps its commit point --------------------------------------------------


def test_every_plan_puts_destructive_steps_last(host: Config, accounts: FakeAccounts,
                                               btrfs: Path, fake_runner: FakeRunner,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    hooked(host)
    quotas_disabled(fake_runner, btrfs)
    accounts.users["alice"] = FIRST_ID
    samba_users(fake_runner, host, "alice")
    share = a_share(host, "data", "btrfs")
    reg = registry_of(share, users=(User("alice", True, FIRST_ID),))
    planner = Planner(host, fake_runner)
    plans = [planner.create(reg, ShareSpec(name="new", path=str(btrfs / "new"), quota=GIB)),
             planner.delete(reg, "data", purge=True),
             planner.snapshot_create(reg, "data", NOW),
             planner.user_del(reg, "alice")]
    listed(monkeypatch, SNAP)
    plans.append(planner.snapshot_delete(reg, "data", SNAP))
    for plan in plans:
        assert_commit_point(plan)
    assert deferred(plans[1]) == [BtrfsSubvolumeDelete(path=share.path, nested=".snapshots")]


# -- rollback through a transaction -------------------------------------------------------


class Applied:
    """Every record a transaction applies, as read back from its journal."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.records: list[Record] = []
        apply = Transaction._apply

        def spy(txn: Transaction, data: dict[str, object]) -> None:
            record = Record.from_json(dict(data))
            # The backup copy is the journal's own business.
            self.records.append(replace(record, backup=None)
                                if isinstance(record, RestoreFile) else record)
            apply(txn, data)  # type: ignore[arg-type]
        monkeypatch.setattr(Transaction, "_apply", spy)


def run_with_fault(host: Config, runner: FakeRunner, plan: Plan, fault_at: int,
                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FAULT_ENV, str(fault_at))
    txn = Transaction(Journal(host.journal_dir), Context(host, runner))
    with pytest.raises(ApplyError, match="rolled back"):
        txn.run(plan.title, plan.steps)


def expected_rollback(plan: Plan, fault_at: int) -> list[Record]:
    """A step's compensation is journaled before the step runs (and before the fault
    check), so steps 1..FAULT_AT are undone, last first."""
    return [c for c in reversed(undo(plan)[:fault_at]) if c is not None]


def smbd_running(runner: FakeRunner, host: Config) -> None:
    runner.answer(["smbcontrol", "-s", str(host.samba_conf), "smbd"])


@pytest.mark.parametrize("fault_at", range(1, 9))
def test_native_create_rolls_back_with_its_records(
        new_group: Config, accounts: FakeAccounts, fake_runner: FakeRunner,
        monkeypatch: pytest.MonkeyPatch, fault_at: int) -> None:
    """Fault before each step (8: before the commit): the records of the steps reached
    are applied in reverse, and the host is as it was: no directory, no Samba files, no
    group (groupadd and groupdel are answered by the FakeRunner, which keeps the fake
    accounts in step)."""
    host = new_group
    smbd_running(fake_runner, host)
    fake_runner.answer(["groupadd"], then=lambda: accounts.groups.update(smbshares=FIRST_ID))
    fake_runner.answer(["groupdel", "smbshares"], then=lambda: accounts.groups.pop("smbshares"))
    admin = host.samba_conf.read_bytes()
    path = host.allowed_roots[0] / "demo"
    plan = Planner(host, fake_runner).create(Registry(), ShareSpec(name="demo", path=str(path)))
    assert len(plan.steps) == 7
    applied = Applied(monkeypatch)
    run_with_fault(host, fake_runner, plan, fault_at, monkeypatch)
    assert applied.records == expected_rollback(plan, fault_at)
    assert not path.exists() and not host.include_file.exists()
    assert host.samba_conf.read_bytes() == admin
    assert not host.registry_file.exists()
    assert "smbshares" not in accounts.groups


def test_user_add_rollback_removes_the_accounts(host: Config, accounts: FakeAccounts,
                                                fake_runner: FakeRunner,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A fault before the commit: the Samba user and the Unix account are removed with
    the commands their records run (pdbedit -x, userdel), the newest first."""
    host = replace(host, share_group="smbshares")
    accounts.groups["smbshares"] = FIRST_ID
    conf = str(host.samba_conf)
    samba_users(fake_runner, host)
    fake_runner.answer(["useradd"], then=lambda: accounts.users.update(alice=FIRST_ID))
    fake_runner.answer(["smbpasswd", "-c", conf, "-s", "-a", "alice"],
                       then=lambda: samba_users(fake_runner, host, "alice"))
    fake_runner.answer(["pdbedit", "-s", conf, "-x", "alice"])
    fake_runner.answer(["userdel", "--force", "alice"],
                       then=lambda: accounts.users.pop("alice"))
    plan = Planner(host, fake_runner).user_add(Registry(), "alice", "secret")
    fake_runner.calls.clear()
    applied = Applied(monkeypatch)
    run_with_fault(host, fake_runner, plan, len(plan.steps) + 1, monkeypatch)
    assert applied.records == [file_undo(host.registry_file, 0o600),
                               file_undo(host.state_dir / "accounts.json", 0o600),
                               SmbUserDel("alice"), UserDel("alice")]
    assert fake_runner.calls[2:] == [
        ("pdbedit", "-s", conf, "-L"),
        ("pdbedit", "-s", conf, "-x", "alice"),
        ("userdel", "--force", "alice"),
    ]
    assert fake_runner.calls[:2] == [
        ("useradd", "--uid", str(FIRST_ID), "--gid", "smbshares", "--no-user-group",
         "--no-create-home", "--shell", "/usr/sbin/nologin", "alice"),
        ("smbpasswd", "-c", conf, "-s", "-a", "alice")]
    assert "alice" not in accounts.users and not host.registry_file.exists()


@pytest.mark.parametrize("group, gid", [("root", 0), ("sudo", 27), ("nogroup", 65534)])
def test_user_add_refuses_a_system_group_as_share_group(
        host: Config, accounts: FakeAccounts, fake_runner: FakeRunner, group: str,
        gid: int) -> None:
    """Its users would join it: share_group = sudo must not hand out sudo."""
    accounts.groups[group] = gid
    with pytest.raises(ValidationError, match=f"share_group: {group} is a system group"):
        Planner(replace(host, share_group=group), fake_runner).user_add(Registry(), "alice",
                                                                        "secret")
    assert fake_runner.calls == []


@pytest.mark.parametrize("name, uid", [("root", 0), ("daemon", 1), ("nobody", 65534)])
def test_user_add_refuses_system_accounts(host: Config, accounts: FakeAccounts,
                                          fake_runner: FakeRunner, name: str, uid: int) -> None:
    accounts.users[name] = uid
    with pytest.raises(ValidationError, match=f"{name} is a system account"):
        Planner(host, fake_runner).user_add(Registry(), name, "secret")
    assert fake_runner.calls == []


def test_user_del_takes_back_only_the_group_membership_user_add_gave(
        host: Config, accounts: FakeAccounts, fake_runner: FakeRunner) -> None:
    """An account the administrator made keeps existing; the share group it joined
    through `user add` is taken back."""
    from pvesmbgw.smb.cluster import accounts as cluster_accounts
    accounts.users["bob"] = 1000
    accounts.members["root"] = ["bob"]
    samba_users(fake_runner, host, "bob")
    record = cluster_accounts.LocalAccounts().with_member("bob")
    cluster_accounts.record_path(host).parent.mkdir(parents=True, exist_ok=True)
    cluster_accounts.record_path(host).write_bytes(record.dumps())
    reg = registry_of(users=(User("bob", False, 1000),))
    plan = Planner(host, fake_runner).user_del(reg, "bob")
    assert deferred(plan)[-1] == GroupRemoveMember("bob", "root")
    assert UserDel("bob") not in deferred(plan)
    assert_commit_point(plan)


def test_create_refuses_a_path_inside_another_share_or_holding_one(
        host: Config, accounts: FakeAccounts, fake_runner: FakeRunner) -> None:
    reg = registry_of(a_share(host, "a", "dir"))
    root = host.allowed_roots[0]
    (root / "a" / ".snapshots").mkdir()
    for path in (root / "a" / "sub", root / "a" / ".snapshots" / "x"):
        with pytest.raises(ValidationError, match="inside share 'a', or holds it"):
            Planner(host, fake_runner).create(reg, ShareSpec(name="b", path=str(path)))
    inner = registry_of(a_share(host, "deep", "dir", path=str(root / "outer" / "deep")))
    (root / "outer" / "deep").mkdir(parents=True)
    with pytest.raises(ValidationError, match="inside share 'deep', or holds it"):
        Planner(host, fake_runner).create(inner, ShareSpec(name="o", path=str(root / "outer")))


def test_set_refuses_a_quota_below_what_the_share_holds(
        host: Config, accounts: FakeAccounts, fake_runner: FakeRunner,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from pvesmbgw.storage.usage import Usage
    from pvesmbgw.smb.model import ShareChange as Change

    class Holding:
        def usage(self, path: Path) -> Usage:
            return Usage(used=300 << 10, avail=1 << 30, total=1 << 30, quota=1 << 30)
    share = a_share(host, "a", "btrfs", quota=1 << 30)
    monkeypatch.setattr(Planner, "backend", lambda self, s: Holding())
    with pytest.raises(ValidationError, match=r"quota: a holds 300.0K, more than 4.0K"):
        Planner(host, fake_runner).set(registry_of(share), "a", Change(quota=4 << 10))
    assert fake_runner.calls == []
