"""The storage room: its backend registry, owners, declared capabilities, usage and
placement, with a FakeRunner (no process starts in this tier)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pvesmbgw import storage
from pvesmbgw.core.config import Config
from pvesmbgw.pve.storage import Storage
from pvesmbgw.smb.planner import SMB_NAMING, Planner
from pvesmbgw.smb.previous_versions import share_options
from pvesmbgw.storage import placement, usage
from pvesmbgw.storage.btrfs import BtrfsBackend
from pvesmbgw.storage.cephfs import CephfsBackend
from pvesmbgw.storage.dir import DirBackend
from pvesmbgw.storage.rbd import RbdBackend
from pvesmbgw.storage.snapshots import Snapshot
from pvesmbgw.storage.zfs import ZfsBackend
from pvesmbgw.tools import zfs as zfs_tool
from pvesmbgw.tools.btrfs import Qgroup

from .conftest import FakeRunner


# -- the registry ----------------------------------------------------------------------

def test_the_registry_names_stored_in_registries_never_change() -> None:
    assert set(storage.registered()) >= {"zfs", "btrfs", "cephfs", "rbd", "dir"}


@pytest.mark.parametrize("name,kind", [("zfs", ZfsBackend), ("btrfs", BtrfsBackend),
                                       ("cephfs", CephfsBackend), ("rbd", RbdBackend),
                                       ("dir", DirBackend)])
def test_each_name_opens_its_backend(tmp_path: Path, fake_runner: FakeRunner, name: str,
                                     kind: type) -> None:
    backend = storage.backend_named(name, tmp_path, fake_runner, "pool/vol",
                                    Config.defaults())
    assert isinstance(backend, kind) and backend.name == name
    assert fake_runner.calls == []  # opening a backend runs nothing


def test_the_volume_id_reaches_the_backend(tmp_path: Path, fake_runner: FakeRunner) -> None:
    cfg = Config.defaults()
    rbd = storage.backend_named("rbd", tmp_path, fake_runner, "rbd/smb-x", cfg)
    assert isinstance(rbd, RbdBackend) and rbd.image == "rbd/smb-x"
    assert rbd.fstab == cfg.fstab_file and rbd.rbdmap == cfg.rbdmap_file
    ceph = storage.backend_named("cephfs", tmp_path, fake_runner, "fs2/smb-x")
    assert isinstance(ceph, CephfsBackend) and ceph.fs == "fs2"
    default = storage.backend_named("cephfs", tmp_path, fake_runner)
    assert isinstance(default, CephfsBackend) and default.fs == "cephfs"


def test_an_unknown_name_reads_as_a_plain_directory(tmp_path: Path,
                                                     fake_runner: FakeRunner) -> None:
    assert isinstance(storage.backend_named("nfs?", tmp_path, fake_runner), DirBackend)


def test_a_name_is_registered_once() -> None:
    with pytest.raises(ValueError, match="twice"):
        storage.register_backend("zfs")(lambda runner, path, volume, cfg: DirBackend("ext4"))


# -- owner ------------------------------------------------------------------------------

def test_a_new_volume_goes_to_the_owner_the_caller_names(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chowned: list[tuple[Path, int, int]] = []
    monkeypatch.setattr(storage.os, "chown", lambda p, u, g: chowned.append((p, u, g)))
    path = tmp_path / "vol"
    owner = storage.Owner(1000, 1001, 0o750, "svc", "svcdata")
    steps = DirBackend("ext4").create_steps(path, None, "tok", owner)
    assert steps[0].preview == [f"mkdir {path} (mode 750, group svcdata)"]
    steps[0].do()
    assert chowned == [(path, 1000, 1001)]
    assert path.stat().st_mode & 0o7777 == 0o750


def test_an_owner_without_names_previews_its_ids() -> None:
    owner = storage.Owner(0, 990, 0o2770)
    assert (owner.user, owner.group) == ("0", "990")
    assert owner == storage.Owner(0, 990, 0o2770, "root", "smbusers")  # names: display only


def test_the_smb_planner_gives_volumes_to_the_share_group(host: Config,
                                                         fake_runner: FakeRunner) -> None:
    owner = Planner(host, fake_runner).share_owner()
    assert owner == storage.Owner(0, 0, 0o2770)  # share_group is root in the unit config
    assert (owner.user, owner.group) == ("root", "root")


# -- capabilities -------------------------------------------------------------------------

def _all_backends(runner: FakeRunner, path: Path) -> list[storage.Backend]:
    return [storage.backend_named(n, path, runner, "pool/vol") for n in storage.BUILTIN]


def test_capabilities_are_declared_per_backend(tmp_path: Path,
                                               fake_runner: FakeRunner) -> None:
    caps = {b.name: b.capabilities for b in _all_backends(fake_runner, tmp_path)}
    for name in ("zfs", "btrfs", "cephfs"):
        assert caps[name] == storage.Capabilities()
    assert caps["rbd"].quota is None and caps["rbd"].snapshots is None
    assert "block-level" in str(caps["rbd"].file_restore)
    assert caps["dir"].quota and caps["dir"].snapshots and caps["dir"].file_restore
    assert fake_runner.calls == []


def test_a_missing_capability_raises_its_declared_reason() -> None:
    dirs = DirBackend("ext4")
    with pytest.raises(storage.ValidationError) as exc:
        dirs.capabilities.require_snapshots()
    assert str(exc.value) == ("snapshot: a plain directory on ext4 has no snapshots (use a "
                              "btrfs or ZFS path for snapshots and Previous Versions)")
    storage.Capabilities().require_snapshots()  # possible: nothing raised
    with pytest.raises(storage.ValidationError, match="rbd snap rollback"):
        storage.backend_named("rbd", Path("/x"), FakeRunner(), "rbd/x") \
            .capabilities.require_file_restore()


def test_file_restore_is_declared_exactly_where_snapshots_are_directories(
        tmp_path: Path, fake_runner: FakeRunner) -> None:
    for backend in _all_backends(fake_runner, tmp_path):
        restores = backend.capabilities.file_restore is None
        assert restores == (backend.snapshot_layout is not None), backend.name


# -- usage ------------------------------------------------------------------------------

def _fs(monkeypatch: pytest.MonkeyPatch, total: int, avail: int) -> None:
    monkeypatch.setattr(usage, "fs_size", lambda path: (total, avail))


def test_a_qgroup_limit_caps_total_and_available(monkeypatch: pytest.MonkeyPatch) -> None:
    _fs(monkeypatch, 1000, 600)
    limited = Qgroup("0/257", referenced=80, exclusive=80, max_referenced=100)
    assert usage.qgroup_usage(Path("/v"), limited) == usage.Usage(80, 20, 100, 100)
    full = Qgroup("0/257", referenced=130, exclusive=130, max_referenced=100)
    assert usage.qgroup_usage(Path("/v"), full).avail == 0
    # The pool is fuller than the limit allows: what is free in the pool is the cap.
    tight = Qgroup("0/257", referenced=10, exclusive=10, max_referenced=900)
    assert usage.qgroup_usage(Path("/v"), tight) == usage.Usage(10, 600, 900, 900)


def test_without_a_limit_or_qgroup_the_file_system_counts(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _fs(monkeypatch, 1000, 600)
    free = Qgroup("0/257", referenced=80, exclusive=80, max_referenced=None)
    assert usage.qgroup_usage(Path("/v"), free) == usage.Usage(80, 600, 1000, None)
    unknown = usage.qgroup_usage(Path("/v"), None)
    assert unknown == usage.Usage(None, 600, 1000, None) and unknown.taken == 400


def test_a_plain_directory_is_polled_without_a_process(tmp_path: Path) -> None:
    found = usage.poll("dir", tmp_path, lambda: pytest.fail("no runner needed"))
    assert found is not None and found.used is None and found.quota is None
    assert found.total >= found.avail and found.taken == found.total - found.avail
    assert not usage.batched("dir") and usage.batched("btrfs")


def test_kinds_without_a_cheap_read_leave_it_to_their_backend(tmp_path: Path) -> None:
    for kind in ("zfs", "cephfs", "rbd", "vmdisk"):
        assert usage.poll(kind, tmp_path, FakeRunner()) is None


# -- snapshot layouts and Previous Versions (smb room) ------------------------------------

def test_previous_versions_options_come_from_the_declared_layout(
        tmp_path: Path, fake_runner: FakeRunner) -> None:
    opened = {b.name: b for b in _all_backends(fake_runner, tmp_path)}
    assert share_options(opened["btrfs"], []) == {
        "vfs objects": "shadow_copy2", "shadow:snapdir": ".snapshots",
        "shadow:format": "@GMT-%Y.%m.%d-%H.%M.%S", "shadow:sort": "desc",
        "shadow:localtime": "no", "hide files": "/.snapshots/"}
    assert share_options(opened["zfs"], []) == {
        "vfs objects": "shadow_copy2", "shadow:snapdir": ".zfs/snapshot",
        "shadow:format": "GMT-%Y.%m.%d-%H.%M.%S", "shadow:sort": "desc",
        "shadow:localtime": "no"}
    assert share_options(opened["cephfs"], []) == {"vfs objects": "ceph_snapshots"}
    assert share_options(opened["rbd"], []) == share_options(opened["dir"], []) == {}


def test_a_foreign_scheme_takes_over_only_where_other_tools_snapshot(
        tmp_path: Path, fake_runner: FakeRunner) -> None:
    sanoid = [Snapshot(f"autosnap_2026-11-26_0{h}:00:00_hourly", h) for h in range(3)]
    zfs = share_options(ZfsBackend(fake_runner), sanoid)
    assert zfs["shadow:snapprefix"] == "^autosnap" and zfs["shadow:localtime"] == "yes"
    assert zfs["shadow:format"] == "_%Y-%m-%d_%H:%M:%S"
    assert "shadow:snapprefix" not in share_options(BtrfsBackend(fake_runner), sanoid)


# -- placement --------------------------------------------------------------------------

SVC = placement.Naming(prefix="svc-", subdir="pve-svc")


def _storage(kind: str, **fields: Any) -> Storage:
    return Storage(storage_id="st", type=kind, path=fields.pop("path", None), **fields)


def test_a_zfspool_volume_is_a_child_dataset_of_the_pool(fake_runner: FakeRunner) -> None:
    fake_runner.answer(["zfs", "list"], "rpool/data\t/rpool/data\nrpool\t/rpool\n")
    placed = placement.place(_storage("zfspool", pool="rpool/data"), "db", SVC,
                             fake_runner, Config.defaults())
    assert isinstance(placed.backend, ZfsBackend)
    assert placed.path == Path("/rpool/data/svc-db") and placed.name == "svc-db"
    assert placed.volume is None and placed.steps == []
    assert len(fake_runner.calls) == 1  # one `zfs list`, kept by the backend


def test_an_unmounted_pool_is_refused(fake_runner: FakeRunner) -> None:
    fake_runner.answer(["zfs", "list"], "rpool\t/rpool\n")
    with pytest.raises(storage.ValidationError, match="dataset tank of storage 'st' is not "
                                                       "mounted"):
        placement.place(_storage("zfspool", pool="tank"), "db", SVC, fake_runner,
                        Config.defaults())


def test_an_rbd_volume_is_an_image_mounted_below_the_mount_root(
        fake_runner: FakeRunner) -> None:
    fake_runner.answer(["rbd", "info"], returncode=2, stderr="rbd: error opening image: "
                       "(2) No such file or directory")
    cfg = Config.defaults()
    placed = placement.place(_storage("rbd", pool="fast"), "db", SVC, fake_runner, cfg)
    assert isinstance(placed.backend, RbdBackend) and placed.volume == "fast/svc-db"
    assert placed.path == cfg.rbd_mount_root / "st" / "db"


def test_an_existing_image_or_an_odd_name_is_refused(fake_runner: FakeRunner) -> None:
    fake_runner.answer(["rbd", "info"], "{}")
    cfg = Config.defaults()
    with pytest.raises(storage.ValidationError, match="RBD image rbd/svc-db exists already"):
        placement.place(_storage("rbd"), "db", SVC, fake_runner, cfg)
    with pytest.raises(storage.ValidationError) as exc:
        placement.place(_storage("rbd"), "d b", SVC, fake_runner, cfg)
    assert str(exc.value) == ("name: an RBD volume name may only contain letters, digits, "
                              "'_', '.' and '-'")
    share = placement.Naming("smb-", "smbgateway", noun="share")
    with pytest.raises(storage.ValidationError, match="a CephFS share name may only"):
        placement.place(_storage("cephfs", path="/mnt/pve/cephfs"), "d/b", share,
                        fake_runner, cfg)


def test_a_cephfs_volume_has_no_path_until_ceph_creates_it(fake_runner: FakeRunner) -> None:
    fake_runner.answer(["ceph", "fs", "subvolume", "info"], returncode=2,
                       stderr="Error ENOENT: subvolume 'svc-db' does not exist")
    placed = placement.place(_storage("cephfs", path="/mnt/pve/cephfs", fs_name="fs2"),
                             "db", SVC, fake_runner, Config.defaults())
    assert isinstance(placed.backend, CephfsBackend) and placed.path is None
    assert (placed.name, placed.volume) == ("svc-db", "fs2/svc-db")


def test_a_directory_storage_gets_the_callers_subdirectory(tmp_path: Path,
                                                          fake_runner: FakeRunner,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.setattr(zfs_tool, "available", lambda: False)
    placed = placement.place(_storage("dir", path=str(tmp_path)), "db", SVC, fake_runner,
                             Config.defaults())
    assert placed.path == tmp_path / "pve-svc" / "db" and placed.name == "db"
    assert isinstance(placed.backend, (DirBackend, BtrfsBackend))
    assert [s.title for s in placed.steps] == [f"create directory {tmp_path / 'pve-svc'}"]
    placed.steps[0].do()
    again = placement.place(_storage("dir", path=str(tmp_path)), "db", SVC, fake_runner,
                            Config.defaults())
    assert again.steps == []  # the subdirectory exists now
    with pytest.raises(storage.ValidationError, match="does not exist \\(is it mounted"):
        placement.place(_storage("btrfs", path=str(tmp_path / "gone")), "db", SVC,
                        fake_runner, Config.defaults())
    assert fake_runner.calls == []


def test_the_smb_planner_keeps_only_its_naming() -> None:
    assert SMB_NAMING == placement.Naming("smb-", "smbgateway", "share")


# -- a quota change's undo puts back what the volume had ---------------------------------


@pytest.mark.parametrize("refquota, restored", [("0", "none"), (str(3 << 30), str(3 << 30))])
def test_zfs_quota_undo_restores_the_datasets_own_refquota(
        fake_runner: FakeRunner, monkeypatch: pytest.MonkeyPatch, refquota: str,
        restored: str) -> None:
    """Not the registry's OLD (here 1G): the refquota the dataset has, unset included."""
    from pvesmbgw.storage.zfs import ZfsSet
    backend = ZfsBackend(fake_runner)
    monkeypatch.setattr(backend, "dataset", lambda path: "tank/s")
    monkeypatch.setattr(backend, "check_quota", lambda path, quota: None)
    fake_runner.answer(["zfs", "get", "-H", "-p", "-o", "name,property,value",
                        "used,refquota", "tank/s"],
                       f"tank/s\tused\t4096\ntank/s\trefquota\t{refquota}\n")
    [step] = backend.quota_steps(Path("/tank/s"), 1 << 30, 2 << 30)
    assert step.compensation == ZfsSet("tank/s", "refquota", restored)


@pytest.mark.parametrize("bytes_quota, restored", [("infinite", None), (3 << 30, 3 << 30)])
def test_cephfs_quota_undo_restores_the_subvolumes_own_quota(
        fake_runner: FakeRunner, monkeypatch: pytest.MonkeyPatch, bytes_quota: Any,
        restored: Any) -> None:
    import json
    from pvesmbgw.storage.cephfs import CephResize
    backend = CephfsBackend(fake_runner, "cephfs")
    monkeypatch.setattr(backend, "check_quota", lambda path, quota: None)
    fake_runner.answer(["ceph", "fs", "subvolume", "info", "cephfs", "smb-s", "--format",
                        "json"], json.dumps({"bytes_used": 4096, "bytes_quota": bytes_quota}))
    [step] = backend.quota_steps(Path("/mnt/cephfs/volumes/_nogroup/smb-s/uuid"), 1 << 30,
                                 2 << 30)
    assert step.compensation == CephResize("cephfs", "smb-s", restored)
