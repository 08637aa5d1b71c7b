"""RBD: an image per share, mapped, formatted ext4 and mounted; its size is the quota.

The mount survives a reboot through the Ceph rbdmap service: the image is listed in
/etc/ceph/rbdmap and its mount in /etc/fstab (noauto, mounted by rbdmap after it
maps the image). The quota grows online (rbd resize + resize2fs) but never shrinks:
ext4 cannot shrink while mounted. Snapshots are block-level: they are kept and
listed, but Samba cannot show them as Previous Versions."""

from __future__ import annotations

import datetime
import functools
import time
from pathlib import Path
from typing import Optional, Sequence

from ..core.config import Config
from ..core.errors import ValidationError
from ..core.runner import Runner
from .snapshots import Snapshot, gmt_name, parse_gmt
from ..tools.rbd import Rbd
from ..core.txn import Step, command_step, file_step, final_step
from ..core.units import format_size
from . import Capabilities, Owner, SnapshotLayout, Usage, fs_size, mark_volume, register


BLOCK_SNAPSHOTS = ("RBD snapshots are block-level: roll them back with `rbd snap rollback` "
                   "while the share is unmounted")


def fstab_line(image: str, mountpoint: Path) -> str:
    return (f"/dev/rbd/{image} {mountpoint} ext4 noauto,_netdev,nofail 0 0"
            "  # pvesmbgw")


def rbdmap_line(image: str) -> str:
    return f"{image} id=admin,keyring=/etc/ceph/ceph.client.admin.keyring  # pvesmbgw"


class RbdBackend:
    name = "rbd"
    # Block-level snapshots: kept and listed, but not readable as directories.
    capabilities = Capabilities(file_restore=BLOCK_SNAPSHOTS)
    snapshot_layout: Optional[SnapshotLayout] = None

    def __init__(self, runner: Runner, image: str, fstab: Path, rbdmap: Path) -> None:
        self.runner = runner
        self.image = image
        self.rbd = Rbd(runner)
        self.fstab = fstab
        self.rbdmap = rbdmap

    def check_quota(self, path: Path, quota: Optional[int]) -> None:
        if quota is None:
            raise ValidationError("quota", "an RBD image has a fixed size: give --quota")

    def create_steps(self, path: Path, quota: Optional[int], token: str,
                     owner: Owner) -> list[Step]:
        self.check_quota(path, quota)
        assert quota is not None
        image = self.image
        steps = [command_step(self.runner, f"create RBD image {image} "
                              f"({format_size(quota)})", self.rbd.create_argv(image, quota),
                              {"kind": "rbd_destroy", "image": image})]
        mapping = command_step(self.runner, f"map {image}", self.rbd.map_argv(image),
                               {"kind": "rbd_unmap", "image": image})

        def on_device() -> list[Step]:
            device = self.rbd.device(image)
            if device is None:
                raise ValidationError("rbd", f"{image} is mapped but has no device")
            return self._format_and_mount(device, path, token, owner)
        mapping.expand = on_device
        mapping.preview = list(mapping.preview) + [
            f"then: mkfs.ext4 on its device, mount it at {path}, add it to "
            f"{self.rbdmap} and {self.fstab}"]
        return steps + [mapping]

    def _format_and_mount(self, device: str, path: Path, token: str, owner: Owner
                          ) -> list[Step]:
        steps = [command_step(self.runner, f"format {device} (ext4)",
                              ["mkfs.ext4", "-q", "-L", "pvesmbgw", device])]
        missing = [p for p in [path, *path.parents] if not p.exists()]
        for directory in reversed(missing):
            steps.append(Step(f"create directory {directory}",
                              functools.partial(directory.mkdir, mode=0o755),
                              {"kind": "rmdir", "path": str(directory)}, [f"mkdir {directory}"]))
        steps.append(command_step(self.runner, f"mount {device} at {path}",
                                  ["mount", "-t", "ext4", device, str(path)],
                                  {"kind": "umount", "path": str(path)}))
        steps.append(Step(f"set owner and mode of {path}", lambda: mark_volume(path, token, owner),
                          None, [f"chown {owner.user}:{owner.group} {path}"]))
        for file, line in ((self.rbdmap, rbdmap_line(self.image)),
                           (self.fstab, fstab_line(self.image, path))):
            old = file.read_text() if file.exists() else ""
            new = old + ("" if not old or old.endswith("\n") else "\n") + line + "\n"
            steps.append(file_step(file, new.encode(), f"add {self.image} to {file}"))
        return steps

    def adopt_steps(self, path: Path, quota: Optional[int]) -> list[Step]:
        raise ValidationError("path", "RBD shares are created with --storage <rbd storage>")

    def quota_steps(self, path: Path, old: Optional[int], new: Optional[int]) -> list[Step]:
        self.check_quota(path, new)
        assert new is not None
        if old is not None and new < old:
            raise ValidationError("quota", "an RBD share can grow but not shrink (ext4 "
                                  "cannot shrink while mounted)")
        if new == old:
            return []
        # Growing a file system cannot be undone, so it is a final step.
        return [final_step(f"grow {self.image} to {format_size(new)} and its file system",
                           {"kind": "rbd_grow", "image": self.image, "size": new},
                           [f"run: {' '.join(self.rbd.resize_argv(self.image, new))}",
                            "run: resize2fs <device>"])]

    def destroy_steps(self, path: Path, token: str) -> list[Step]:
        return [final_step(f"unmount, unmap and remove RBD image {self.image}",
                           {"kind": "rbd_destroy", "image": self.image, "path": str(path),
                            "fstab": str(self.fstab), "rbdmap": str(self.rbdmap)},
                           [f"run: umount {path}",
                            f"run: {' '.join(self.rbd.unmap_argv(self.image))}",
                            f"remove the {self.image} lines from {self.fstab} and {self.rbdmap}",
                            f"run: {' '.join(self.rbd.snap_purge_argv(self.image))}",
                            f"run: {' '.join(self.rbd.rm_argv(self.image))}"])]

    def usage(self, path: Path) -> Usage:
        total, avail = fs_size(path)
        info = self.rbd.info(self.image) or {}
        return Usage(used=total - avail, avail=avail, total=total,
                     quota=int(info["size"]) if "size" in info else None)

    def quotas(self, paths: Sequence[Path]) -> dict[Path, Optional[int]]:
        info = self.rbd.info(self.image) or {}
        return {p: int(info["size"]) if "size" in info else None for p in paths}

    # -- snapshots: block-level, kept and listed, no Previous Versions ----------------

    def snapshot_path(self, path: Path, name: str) -> Path:
        raise ValidationError("snapshot", BLOCK_SNAPSHOTS)

    def snapshot_name(self, when: datetime.datetime) -> str:
        # rbd snapshot names cannot contain an at sign
        return gmt_name(when, at_sign=False)

    def snapshots(self, path: Path) -> list[Snapshot]:
        found = []
        for name, stamp in self.rbd.snapshots(self.image):
            when = parse_gmt(name)
            if when is not None:
                created = int(when.timestamp())
            else:
                try:
                    created = int(time.mktime(time.strptime(stamp, "%a %b %d %H:%M:%S %Y")))
                except ValueError:
                    created = 0
            found.append(Snapshot(name, created))
        return sorted(found, key=lambda s: (s.created, s.name))

    def snapshot_steps(self, path: Path, name: str) -> list[Step]:
        return [command_step(self.runner, f"snapshot {self.image}@{name}",
                             self.rbd.snap_create_argv(self.image, name),
                             {"kind": "rbd_snap_rm", "image": self.image, "names": [name]})]

    def delete_snapshots_steps(self, path: Path, names: Sequence[str]) -> list[Step]:
        return [final_step(f"delete {len(names)} snapshot(s) of {self.image}",
                           {"kind": "rbd_snap_rm", "image": self.image, "names": list(names)},
                           [f"run: {' '.join(self.rbd.snap_rm_argv(self.image, n))}"
                            for n in names])] if names else []


@register("rbd")
def _open(runner: Runner, path: Path, volume: Optional[str], cfg: Config) -> RbdBackend:
    return RbdBackend(runner, str(volume), cfg.fstab_file, cfg.rbdmap_file)
