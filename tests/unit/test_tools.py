"""Parsers of tool output, fed with output captured from the real tools."""

from __future__ import annotations

from pathlib import Path

from pvesmbgw.core.fsutil import by_mount, mount_of
from pvesmbgw.pve.storage import parse_storage_cfg
from pvesmbgw.tools.btrfs import Btrfs, parse_qgroup_show

from .conftest import FakeRunner

DATA = Path(__file__).parent.parent / "data"


def test_qgroup_show_btrfs_progs_6_2() -> None:
    groups = parse_qgroup_show((DATA / "btrfs-qgroup-show.txt").read_text())
    assert set(groups) == {"0/5", "0/256", "0/257", "0/258"}
    assert groups["0/256"].max_referenced == 64 << 20
    assert groups["0/256"].referenced == 16384
    assert groups["0/5"].max_referenced is None
    assert groups["0/258"].referenced == 0


def test_qgroups_none_when_quotas_disabled() -> None:
    runner = FakeRunner()
    runner.answer(["btrfs", "qgroup", "show"], returncode=1,
                  stderr="ERROR: can't list qgroups: quotas not enabled\n")
    assert Btrfs(runner).qgroups(Path("/mnt")) is None
    assert runner.calls == [("btrfs", "qgroup", "show", "-re", "--raw", "/mnt")]


def test_storage_cfg_sections() -> None:
    text = ("dir: local\n\tpath /var/lib/vz\n\tcontent iso,vztmpl,backup\n\n"
            "zfspool: local-zfs\n\tpool rpool/data\n\tsparse\n\n"
            "btrfs: fast\n\tpath /mnt/fast\n\tdisable 1\n")
    storages = parse_storage_cfg(text)
    assert storages["local"].path == "/var/lib/vz" and storages["local"].type == "dir"
    assert storages["local-zfs"].path is None and storages["local-zfs"].type == "zfspool"
    assert storages["fast"].disabled is True


def test_mount_lookup_picks_longest_prefix_and_unescapes(tmp_path: Path) -> None:
    info = tmp_path / "mountinfo"
    info.write_text(
        "22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n"
        "43 22 0:39 / /srv/my\\040pool rw,relatime - btrfs /dev/loop0 rw,subvolid=5,subvol=/\n"
        "44 22 0:40 / /srv/myother rw - tmpfs tmpfs rw\n")
    assert mount_of(Path("/srv/my pool/share"), info).fstype == "btrfs"
    assert mount_of(Path("/srv/my pool"), info).mountpoint == Path("/srv/my pool")
    assert mount_of(Path("/srv/my"), info).fstype == "ext4"
    assert mount_of(Path("/srv/myother/x"), info).fstype == "tmpfs"
    assert by_mount([Path("/srv/my pool/a"), Path("/srv/x"), Path("/srv/my pool/b")],
                    info) == {Path("/srv/my pool"): [Path("/srv/my pool/a"),
                                                     Path("/srv/my pool/b")],
                              Path("/"): [Path("/srv/x")]}


def test_storage_lookup_through_pvesh_on_a_pve_node(monkeypatch, tmp_path: Path) -> None:
    from pvesmbgw.pve import storage as pve_storage
    from pvesmbgw.core.errors import ValidationError
    import pytest

    monkeypatch.setattr(pve_storage.pvesh, "available", lambda: True)
    runner = FakeRunner()
    runner.answer(["pvesh", "get", "/storage"], stdout=(
        '[{"content":"iso,vztmpl,backup","digest":"x","path":"/var/lib/vz","storage":"local",'
        '"type":"dir"},{"content":"images","digest":"x","export":"/x","server":"nas",'
        '"storage":"nas","type":"nfs"},{"disable":1,"path":"/mnt/b",'
        '"storage":"off","type":"btrfs"}]\n'))
    found = pve_storage.lookup("local", runner, tmp_path / "storage.cfg")
    assert (found.type, found.path) == ("dir", "/var/lib/vz")
    assert runner.calls == [("pvesh", "get", "/storage", "--output-format", "json")]
    with pytest.raises(ValidationError, match="type 'nfs'"):
        pve_storage.lookup("nas", runner, tmp_path / "storage.cfg")
    with pytest.raises(ValidationError, match="disabled"):
        pve_storage.lookup("off", runner, tmp_path / "storage.cfg")


def test_sysfs_qgroup_reads_the_filesystem_of_the_device(tmp_path: Path) -> None:
    from pvesmbgw.tools.btrfs import Qgroup, sysfs_qgroup
    fs = tmp_path / "0f2c-uuid"
    (fs / "devices").mkdir(parents=True)
    (fs / "devices" / "loop7").symlink_to(tmp_path)
    for subvol, values in ((256, (5259264, 5259264, 104857600, 1)), (257, (4096, 4096, 0, 0))):
        group = fs / "qgroups" / f"0_{subvol}"
        group.mkdir(parents=True)
        for name, value in zip(("referenced", "exclusive", "max_referenced", "limit_flags"),
                               values):
            (group / name).write_text(f"{value}\n")
    assert sysfs_qgroup("/dev/loop7", 256, tmp_path) == Qgroup("0/256", 5259264, 5259264,
                                                                104857600)
    assert sysfs_qgroup("/dev/loop7", 257, tmp_path) == Qgroup("0/257", 4096, 4096, None)
    assert sysfs_qgroup("/dev/loop7", 300, tmp_path) is None  # no such qgroup
    assert sysfs_qgroup("/dev/loop8", 256, tmp_path) is None  # another filesystem
