"""A share kept on a virtual disk of its gateway VM (vm mode without virtiofs).

The disk's size is the quota: it grows online (`qm disk resize`, then `resize2fs` in
the guest) and never shrinks. Usage is what the guest agent reports for the share's
mount point (`qm guest cmd VMID get-fsinfo`). No snapshots: a disk snapshot would
be a snapshot of the whole VM (`qm snapshot`), which this tool does not manage.
The disk itself is created and destroyed by the gateway (gateways/vm_disk.py).
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any, Optional, Sequence

from ...core.errors import CommandError, PvesmbgwError, ValidationError
from ...core.i18n import N_, _
from ...pve.channel import VmChannel
from .vm_disk import (GIB, DiskRef, VmdiskGrow, drive_size, find_disk, gib, parse_volume,
                      resize_argv)
from ...core.runner import Runner
from ...storage.snapshots import Snapshot, gmt_name
from ...tools.qm import Qm
from ...core.txn import Step, deferred_step
from ...storage import Capabilities, Owner, SnapshotLayout, Usage

NO_SNAPSHOTS = N_("a share on a gateway VM disk has no snapshots of its own (snapshot the "
                  "whole VM with `qm snapshot` instead)")


def mount_point(path: Path) -> str:
    """The guest path in a disk share's path ("vm-101:/srv/shares/…")."""
    return str(path).split(":", 1)[1] if ":" in str(path) else str(path)


class VmDiskBackend:
    name = "vmdisk"
    capabilities = Capabilities(snapshots=NO_SNAPSHOTS, file_restore=NO_SNAPSHOTS)
    snapshot_layout: Optional[SnapshotLayout] = None

    def __init__(self, runner: Runner, volume: Optional[str]) -> None:
        self.runner = runner
        self.ref: DiskRef = parse_volume(volume)
        self.qm = Qm(runner)

    def present(self) -> bool:
        """Whether the VM still has the share's disk (by key and serial)."""
        try:
            return find_disk(self.qm.config(self.ref.vmid), self.ref) is not None
        except CommandError:  # the VM is gone
            return False

    def disk_size(self) -> Optional[int]:
        try:
            line = find_disk(self.qm.config(self.ref.vmid), self.ref)
        except CommandError:
            return None
        return drive_size(line) if line else None

    def check_quota(self, path: Path, quota: Optional[int]) -> None:
        if quota is None:
            raise ValidationError("quota", _("a share on a gateway VM disk has a fixed size: "
                                  "its quota cannot be removed"))
        if quota % GIB:
            raise ValidationError("quota", _("a gateway VM disk grows in whole GiB: give "
                                  "{quota}G").format(quota=gib(quota)))

    def create_steps(self, path: Path, quota: Optional[int], token: str,
                     owner: Owner) -> list[Step]:
        raise ValidationError("storage", _("disk shares are created by the gateway VM"))

    def adopt_steps(self, path: Path, quota: Optional[int]) -> list[Step]:
        raise ValidationError("path", _("a share on a gateway VM disk has no host path"))

    def quota_steps(self, path: Path, old: Optional[int], new: Optional[int]) -> list[Step]:
        self.check_quota(path, new)
        assert new is not None
        if old is not None and new < old:
            raise ValidationError("quota", _("a share on a gateway VM disk can grow but not "
                                  "shrink (PVE cannot shrink disks, ext4 cannot shrink "
                                  "while mounted)"))
        if new == old:
            return []
        ref = self.ref
        if VmChannel(self.runner, ref.vmid).state() != "running":
            # resize2fs needs the guest: a disk grown now would keep its small file system.
            raise ValidationError("quota", _("VM {vmid} is not running; start it first "
                                  "(the file system grows online)").format(vmid=ref.vmid))
        # Growing a disk cannot be undone, so it is a final step.
        return [deferred_step(f"grow disk {ref.key} of VM {ref.vmid} to {gib(new)} GiB and its "
                              "file system",
                              VmdiskGrow(vmid=ref.vmid, key=ref.key, serial=ref.serial, size=new),
                              [f"run: {' '.join(resize_argv(ref, new))}",
                               f"run: resize2fs {ref.device} (in VM {ref.vmid})"])]

    def destroy_steps(self, path: Path, token: str) -> list[Step]:
        return []  # the gateway destroys the disk (gateways/vm_disk.py)

    def usage(self, path: Path) -> Usage:
        """Used and total bytes of the share's file system, from the guest agent."""
        target = mount_point(path)
        try:
            out = self.runner.run(["qm", "guest", "cmd", str(self.ref.vmid), "get-fsinfo"],
                                  mutating=False).stdout
        except CommandError as exc:
            raise PvesmbgwError(_("VM {vmid} did not report its file systems: "
                                "{stderr}").format(vmid=self.ref.vmid, stderr=exc.stderr.strip())) from None
        data: Any = json.loads(out or "[]")
        for fs in data if isinstance(data, list) else []:
            if fs.get("mountpoint") == target and "total-bytes" in fs:
                total, used = int(fs["total-bytes"]), int(fs.get("used-bytes", 0))
                return Usage(used=used, avail=max(0, total - used), total=total,
                             quota=self.disk_size())
        raise PvesmbgwError(_("{target} is not mounted in VM {vmid}").format(target=target, vmid=self.ref.vmid))

    def quotas(self, paths: Sequence[Path]) -> dict[Path, Optional[int]]:
        size = self.disk_size()
        return {p: size for p in paths}

    # -- no snapshots ------------------------------------------------------------------

    def snapshots(self, path: Path) -> list[Snapshot]:
        raise ValidationError("snapshot", _(NO_SNAPSHOTS))

    def snapshot_steps(self, path: Path, name: str) -> list[Step]:
        raise ValidationError("snapshot", _(NO_SNAPSHOTS))

    def delete_snapshots_steps(self, path: Path, names: Sequence[str]) -> list[Step]:
        raise ValidationError("snapshot", _(NO_SNAPSHOTS))

    def snapshot_path(self, path: Path, name: str) -> Path:
        raise ValidationError("snapshot", _(NO_SNAPSHOTS))

    def snapshot_name(self, when: datetime.datetime) -> str:
        return gmt_name(when)


def volume_status(backend: VmDiskBackend, path: Path) -> tuple[bool, Optional[dict[str, Any]]]:
    """(the disk exists, its usage or None when the guest cannot tell) for `status`."""
    if not backend.present():
        return False, None
    try:
        usage = backend.usage(path)
    except PvesmbgwError:
        return True, None
    return True, {"used": usage.used, "avail": usage.avail, "total": usage.total,
                  "quota": usage.quota}
