"""The storage room: its backend registry, owners, declared capabilities, usage and
placement, with a FakeRunner (no process starts in this tier)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pvesmbgw import storage
from pvesmbgw.core.config import Config
from pvesmbgw.storage.btrfs import BtrfsBackend
from pvesmbgw.storage.cephfs import CephfsBackend
from pvesmbgw.storage.dir import DirBackend
from pvesmbgw.storage.rbd import RbdBackend
from pvesmbgw.storage.zfs import ZfsBackend

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
        storage.register("zfs")(lambda runner, path, volume, cfg: DirBackend("ext4"))
