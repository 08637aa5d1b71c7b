"""RBD: an image per share, mapped, formatted ext4 and mounted; its size is the quota.

The mount survives a reboot through the Ceph rbdmap service: the image is listed in
/etc/ceph/rbdmap and its mount in /etc/fstab (noauto, mounted by rbdmap after it
maps the image). The quota grows online (rbd resize + resize2fs) but never shrinks:
ext4 cannot shrink while mounted. Snapshots are block-level: they are kept and
listed, but Samba cannot show them as Previous Versions."""

from __future__ import annotations

import datetime
import functools
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from ..core import fsutil
from ..core.config import Config
from ..core.errors import ValidationError
from ..core.i18n import N_, _
from ..core.records import Context, Record, Rmdir, register
from ..core.runner import Runner
from .snapshots import Snapshot, gmt_name, parse_gmt
from ..tools.rbd import Rbd
from ..core.txn import Step, command_step, deferred_step, file_step
from ..core.units import format_size
from . import Capabilities, Owner, SnapshotLayout, Usage, fs_size, mark_volume, register_backend


BLOCK_SNAPSHOTS = N_("RBD snapshots are block-level: roll them back with `rbd snap rollback` "
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
            raise ValidationError("quota", _("an RBD image has a fixed size: give --quota"))

    def create_steps(self, path: Path, quota: Optional[int], token: str,
                     owner: Owner) -> list[Step]:
        self.check_quota(path, quota)
        assert quota is not None
        image = self.image
        steps = [command_step(self.runner, f"create RBD image {image} "
                              f"({format_size(quota)})", self.rbd.create_argv(image, quota),
                              RbdDestroy(image))]
        mapping = command_step(self.runner, f"map {image}", self.rbd.map_argv(image),
                               RbdUnmap(image))

        def on_device() -> list[Step]:
            device = self.rbd.device(image)
            if device is None:
                raise ValidationError("rbd", _("{image} is mapped but has no device").format(image=image))
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
                              Rmdir(str(directory)), [f"mkdir {directory}"]))
        steps.append(command_step(self.runner, f"mount {device} at {path}",
                                  ["mount", "-t", "ext4", device, str(path)],
                                  Umount(str(path))))
        steps.append(Step(f"set owner and mode of {path}", lambda: mark_volume(path, token, owner),
                          None, [f"chown {owner.user}:{owner.group} {path}"]))
        for file, line in ((self.rbdmap, rbdmap_line(self.image)),
                           (self.fstab, fstab_line(self.image, path))):
            old = file.read_text() if file.exists() else ""
            new = old + ("" if not old or old.endswith("\n") else "\n") + line + "\n"
            steps.append(file_step(file, new.encode(), f"add {self.image} to {file}"))
        return steps

    def adopt_steps(self, path: Path, quota: Optional[int]) -> list[Step]:
        raise ValidationError("path", _("RBD shares are created with --storage <rbd storage>"))

    def quota_steps(self, path: Path, old: Optional[int], new: Optional[int]) -> list[Step]:
        self.check_quota(path, new)
        assert new is not None
        if old is not None and new < old:
            raise ValidationError("quota", _("an RBD share can grow but not shrink (ext4 "
                                  "cannot shrink while mounted)"))
        if new == old:
            return []
        # Growing a file system cannot be undone, so it is a deferred step.
        return [deferred_step(f"grow {self.image} to {format_size(new)} and its file system",
                              RbdGrow(self.image, new),
                              [f"run: {' '.join(self.rbd.resize_argv(self.image, new))}",
                               "run: resize2fs <device>"])]

    def destroy_steps(self, path: Path, token: str) -> list[Step]:
        return [deferred_step(
            f"unmount, unmap and remove RBD image {self.image}",
            RbdDestroy(self.image, str(path), str(self.fstab), str(self.rbdmap)),
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
        raise ValidationError("snapshot", _(BLOCK_SNAPSHOTS))

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
                             RbdSnapRm(self.image, (name,)))]

    def delete_snapshots_steps(self, path: Path, names: Sequence[str]) -> list[Step]:
        return [deferred_step(f"delete {len(names)} snapshot(s) of {self.image}",
                              RbdSnapRm(self.image, tuple(names)),
                              [f"run: {' '.join(self.rbd.snap_rm_argv(self.image, n))}"
                               for n in names])] if names else []

def drop_lines(path: Path, image: str) -> None:
    """Remove the lines pvesmbgw added for IMAGE (fstab, rbdmap); keep everything else."""
    text = (fsutil.read_bytes(path) or b"").decode()
    kept = [line for line in text.splitlines(keepends=True)
            if not (line.rstrip().endswith("# pvesmbgw") and line.split()[0] in
                    (image, f"/dev/rbd/{image}"))]
    if "".join(kept) != text:
        fsutil.atomic_write(path, "".join(kept).encode(), 0o644)


# -- records -------------------------------------------------------------------------


@register("umount")
@dataclass(frozen=True)
class Umount(Record):
    path: str

    def apply(self, ctx: Context) -> None:
        if os.path.ismount(self.path):
            ctx.run(["umount", self.path])


@register("rbd_unmap")
@dataclass(frozen=True)
class RbdUnmap(Record):
    image: str

    def apply(self, ctx: Context) -> None:
        rbd = Rbd(ctx.runner)
        if rbd.device(self.image) is not None:
            ctx.run(rbd.unmap_argv(self.image))


@register("rbd_destroy")
@dataclass(frozen=True)
class RbdDestroy(Record):
    """Unmount PATH, unmap, drop our FSTAB/RBDMAP lines, remove snapshots and the image."""

    image: str
    path: Optional[str] = None
    fstab: Optional[str] = None
    rbdmap: Optional[str] = None

    def apply(self, ctx: Context) -> None:
        rbd = Rbd(ctx.runner)
        if self.path:
            Umount(self.path).apply(ctx)
            Rmdir(self.path).apply(ctx)  # the empty mount point pvesmbgw made
        RbdUnmap(self.image).apply(ctx)
        for file in (self.fstab, self.rbdmap):
            if file:
                drop_lines(Path(file), self.image)
        if rbd.info(self.image) is not None:
            if rbd.snapshots(self.image):
                ctx.run(rbd.snap_purge_argv(self.image))
            ctx.run(rbd.rm_argv(self.image))


@register("rbd_grow")
@dataclass(frozen=True)
class RbdGrow(Record):
    """Grow IMAGE to SIZE bytes, then its file system (when mapped)."""

    image: str
    size: int

    def apply(self, ctx: Context) -> None:
        rbd = Rbd(ctx.runner)
        info = rbd.info(self.image) or {}
        if int(info.get("size", 0)) < int(self.size):
            ctx.run(rbd.resize_argv(self.image, int(self.size)))
        device = rbd.device(self.image)
        if device is not None:
            ctx.run(["resize2fs", device])


@register("rbd_snap_rm")
@dataclass(frozen=True)
class RbdSnapRm(Record):
    image: str
    names: tuple[str, ...]

    def apply(self, ctx: Context) -> None:
        rbd = Rbd(ctx.runner)
        if rbd.info(self.image) is None:
            return
        have = {name for name, _ in rbd.snapshots(self.image)}
        for name in self.names:
            if name in have:
                ctx.run(rbd.snap_rm_argv(self.image, name))


@register_backend("rbd")
def _open(runner: Runner, path: Path, volume: Optional[str], cfg: Config) -> RbdBackend:
    return RbdBackend(runner, str(volume), cfg.fstab_file, cfg.rbdmap_file)
