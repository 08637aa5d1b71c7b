"""CephFS: a subvolume per share (`ceph fs subvolume`); its size is the quota.

The subvolume's data directory lies at a path Ceph chooses on creation
(/volumes/_nogroup/<name>/<uuid>), so plans continue once it exists. Snapshots
appear in the data directory's .snap, which Samba's vfs_ceph_snapshots serves as
Previous Versions."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Sequence

from ..core.config import Config
from ..core.errors import ValidationError
from ..core.records import Context, Record, register
from ..core.runner import Runner
from .snapshots import GMT_FORMAT, Snapshot, gmt_name, parse_gmt
from ..tools.ceph import Ceph
from ..core.txn import Step, command_step, deferred_step
from ..core.units import format_size
from . import Capabilities, Owner, SnapshotLayout, Usage, register_backend
from ..core.i18n import _

SNAPSHOT_DIR = ".snap"


def subvolume_of(path: Path) -> str:
    """<mount>/volumes/<group>/<subvolume>/<uuid> -> <subvolume>."""
    return path.parent.name


class CephfsBackend:
    name = "cephfs"
    capabilities = Capabilities()
    snapshot_layout: Optional[SnapshotLayout] = SnapshotLayout(SNAPSHOT_DIR, GMT_FORMAT, decorated=True)

    def __init__(self, runner: Runner, fs: str) -> None:
        self.runner = runner
        self.fs = fs
        self.ceph = Ceph(runner, fs)

    def check_quota(self, path: Path, quota: Optional[int]) -> None:
        if quota is not None and quota > self.ceph.total_bytes():
            raise ValidationError("quota", _("{quota} is larger than the Ceph "
                                  "cluster ({total_bytes})").format(quota=format_size(quota), total_bytes=format_size(self.ceph.total_bytes())))

    def create_subvolume_step(self, sub: str, quota: Optional[int]) -> Step:
        return command_step(self.runner, f"create CephFS subvolume {sub} in {self.fs}",
                            self.ceph.create_argv(sub, quota),
                            CephSubvolumeRm(self.fs, sub))

    def create_steps(self, path: Path, quota: Optional[int], token: str,
                     owner: Owner) -> list[Step]:
        raise ValidationError("path", _("CephFS shares are created with --storage "
                              "<cephfs storage>, not --path"))

    def adopt_steps(self, path: Path, quota: Optional[int]) -> list[Step]:
        raise ValidationError("path", _("CephFS shares are created with --storage"))

    def quota_steps(self, path: Path, old: Optional[int], new: Optional[int]) -> list[Step]:
        self.check_quota(path, new)
        sub = subvolume_of(path)
        info = self.ceph.info(sub) or {}
        used = int(info.get("bytes_used", 0))
        if new is not None and new < used:
            raise ValidationError("quota", _("{new} is less than the "
                                  "{used} the share already uses").format(new=format_size(new), used=format_size(used)))
        # The subvolume's quota now, not the registry's OLD: undo puts back exactly it.
        current = self._usage_of(info)[1]
        if new == current:
            return []
        return [command_step(self.runner, f"resize CephFS subvolume {sub}",
                             self.ceph.resize_argv(sub, new),
                             CephResize(self.fs, sub, current))]

    def destroy_steps(self, path: Path, token: str) -> list[Step]:
        sub = subvolume_of(path)
        return [deferred_step(f"remove CephFS subvolume {sub}, its snapshots and its data",
                              CephSubvolumeRm(self.fs, sub, snapshots=True),
                              [f"run: {' '.join(self.ceph.rm_argv(sub))} (snapshots first)"])]

    def _usage_of(self, info: dict[str, Any]) -> tuple[int, Optional[int]]:
        quota = info.get("bytes_quota")
        return int(info.get("bytes_used", 0)), (int(quota) if isinstance(quota, int)
                                                and quota > 0 else None)

    def usage(self, path: Path) -> Usage:
        used, quota = self._usage_of(self.ceph.info(subvolume_of(path)) or {})
        total = quota if quota is not None else self.ceph.total_bytes()
        return Usage(used=used, avail=max(0, total - used), total=total, quota=quota)

    def quotas(self, paths: Sequence[Path]) -> dict[Path, Optional[int]]:
        return {p: self._usage_of(self.ceph.info(subvolume_of(p)) or {})[1] for p in paths}

    # -- snapshots --------------------------------------------------------------------

    def snapshot_path(self, path: Path, name: str) -> Path:
        """Subvolume snapshots show up in the data dir's .snap as _<name>_<inode>."""
        root = path / SNAPSHOT_DIR
        for entry in os.listdir(root) if root.is_dir() else []:
            if entry == name or (entry.startswith(f"_{name}_") and
                                 entry[len(name) + 2:].isdigit()):
                return root / entry
        return root / name

    def snapshot_name(self, when: datetime.datetime) -> str:
        return gmt_name(when)

    def snapshots(self, path: Path) -> list[Snapshot]:
        found = []
        for name in self.ceph.snapshots(subvolume_of(path)):
            when = parse_gmt(name)
            found.append(Snapshot(name, int(when.timestamp()) if when else 0))
        return sorted(found, key=lambda s: (s.created, s.name))

    def snapshot_steps(self, path: Path, name: str) -> list[Step]:
        sub = subvolume_of(path)
        return [command_step(self.runner, f"snapshot CephFS subvolume {sub} as {name}",
                             self.ceph.snapshot_create_argv(sub, name),
                             CephSnapshotRm(self.fs, sub, (name,)))]

    def delete_snapshots_steps(self, path: Path, names: Sequence[str]) -> list[Step]:
        sub = subvolume_of(path)
        return [deferred_step(f"delete {len(names)} snapshot(s) of {sub}",
                              CephSnapshotRm(self.fs, sub, tuple(names)),
                              [f"run: {' '.join(self.ceph.snapshot_rm_argv(sub, n))}"
                               for n in names])] if names else []

# -- records -------------------------------------------------------------------------


@register("ceph_subvolume_rm")
@dataclass(frozen=True)
class CephSubvolumeRm(Record):
    """Remove subvolume SUB of file system FS (with its snapshots when SNAPSHOTS)."""

    fs: str
    sub: str
    snapshots: bool = False

    def apply(self, ctx: Context) -> None:
        ceph = Ceph(ctx.runner, self.fs)
        if ceph.info(self.sub) is None:
            return
        if self.snapshots:
            for name in ceph.snapshots(self.sub):
                ctx.run(ceph.snapshot_rm_argv(self.sub, name))
        ctx.run(ceph.rm_argv(self.sub))


@register("ceph_snapshot_rm")
@dataclass(frozen=True)
class CephSnapshotRm(Record):
    fs: str
    sub: str
    names: tuple[str, ...]

    def apply(self, ctx: Context) -> None:
        ceph = Ceph(ctx.runner, self.fs)
        if ceph.info(self.sub) is None:
            return
        have = set(ceph.snapshots(self.sub))
        for name in self.names:
            if name in have:
                ctx.run(ceph.snapshot_rm_argv(self.sub, name))


@register("ceph_resize")
@dataclass(frozen=True)
class CephResize(Record):
    """Resize subvolume SUB back to SIZE (None: no quota)."""

    fs: str
    sub: str
    size: Optional[int] = None

    def apply(self, ctx: Context) -> None:
        ceph = Ceph(ctx.runner, self.fs)
        if ceph.info(self.sub) is not None:
            ctx.run(ceph.resize_argv(self.sub, self.size))


@register_backend("cephfs")
def _open(runner: Runner, path: Path, volume: Optional[str], cfg: Config) -> CephfsBackend:
    return CephfsBackend(runner, (volume or "cephfs").split("/", 1)[0])
