"""Pure helpers of VM disk shares (gateways/vm_disk.py, backends/vmdisk.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pvesmbgw.smb.gateways.vm_disk_volume import VmDiskBackend
from pvesmbgw.core.errors import ValidationError
from pvesmbgw.smb.gateways.vm_disk import (GIB, DiskRef, disk_serial, drive_serial, drive_size,
    find_disk, fstab_line, gib, parse_volume, unlink_argv)
from pvesmbgw.tools.qm import VmConfig

from .conftest import FakeRunner


def test_serial_is_readable_when_it_fits_and_unique() -> None:
    assert disk_serial("Films", "ab" * 16, set()) == "smbgw-films"
    assert disk_serial("a very long share name", "0123456789abcdef", set()) == \
        "smbgw-0123456789abcd"
    assert disk_serial("films", "fedcba9876543210", {"smbgw-films"}) == "smbgw-fedcba98765432"
    assert disk_serial("ü", "00112233445566778899", set()) == "smbgw-00112233445566"
    assert all(len(disk_serial(n, "f" * 32, set())) <= 20 for n in ("x", "y" * 40))


def test_drive_lines_as_pve_writes_them() -> None:
    line = "local-lvm:vm-101-disk-1,serial=smbgw-x,size=10G"
    assert drive_serial(line) == "smbgw-x" and drive_size(line) == 10 * GIB
    assert drive_size("local:101/vm-101-disk-0.qcow2,size=512M") == 512 << 20
    assert drive_serial("local-lvm:vm-101-disk-0,size=2G") is None
    ref = DiskRef(101, "scsi1", "smbgw-x")
    assert find_disk(VmConfig({"scsi1": line}), ref) == line
    assert find_disk(VmConfig({"scsi1": "local-lvm:vm-101-disk-1,serial=other"}), ref) is None
    assert parse_volume(ref.volume) == ref
    assert ref.device == "/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_smbgw-x"
    assert unlink_argv(101, "scsi1") == ["qm", "disk", "unlink", "101", "--idlist", "scsi1",
                                         "--force", "1"]


def test_sizes_round_up_to_whole_gib() -> None:
    assert gib(1) == 1 and gib(GIB) == 1 and gib(GIB + 1) == 2 and gib(16 << 20) == 1
    assert fstab_line("u-u-i-d", "/srv/shares/scsi1-x") == \
        "UUID=u-u-i-d /srv/shares/scsi1-x ext4 defaults,nofail 0 2 # pvesmbgw"


def test_quota_grows_only_in_whole_gib(fake_runner: FakeRunner) -> None:
    fake_runner.answer(["qm", "status", "101"], "status: running\n")
    backend = VmDiskBackend(fake_runner, "101/scsi1/smbgw-x")
    path = Path("vm-101:/srv/shares/scsi1-x")
    [step] = backend.quota_steps(path, 2 * GIB, 3 * GIB)
    assert step.deferred is not None
    assert "run: qm disk resize 101 scsi1 3G" in step.preview
    assert backend.quota_steps(path, 2 * GIB, 2 * GIB) == []
    for new, text in ((GIB, "not shrink"), (None, "cannot be removed"),
                      (GIB + GIB // 2, "give 2G")):
        with pytest.raises(ValidationError, match=text):
            backend.quota_steps(path, 2 * GIB, new)
    with pytest.raises(ValidationError, match="no snapshots"):
        backend.snapshots(path)
