"""btrfs: a subvolume per share, its quota a qgroup limit on referenced bytes."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from ..core.config import Config
from ..core.errors import ValidationError
from ..core.fsutil import by_mount, existing_ancestor, mount_of
from ..core.records import Context, Record, Rmdir, register
from ..core.runner import Runner
from .snapshots import GMT_FORMAT, Snapshot, gmt_name, parse_gmt
from ..tools.btrfs import SUBVOLUME_ROOT_INODE, Btrfs, is_subvolume, subvolume_id
from ..core.txn import Step, command_step, deferred_step
from ..core.units import format_size
from . import Capabilities, Owner, SnapshotLayout, Usage, fs_size, mark_volume, register_backend
from ..core.i18n import _
from .usage import qgroup_usage


SNAPSHOT_DIR = ".snapshots"


class BtrfsBackend:
    """Snapshots are read-only subvolumes in <share>/.snapshots, named @GMT-…, which
    is where vfs_shadow_copy2 looks for them."""

    name = "btrfs"
    capabilities = Capabilities()
    snapshot_layout: Optional[SnapshotLayout] = SnapshotLayout(SNAPSHOT_DIR, GMT_FORMAT, listed=True)

    def __init__(self, runner: Runner) -> None:
        self.btrfs = Btrfs(runner)

    def check_quota(self, path: Path, quota: Optional[int]) -> None:
        if quota is None:
            return
        probe = existing_ancestor(path)
        total, _free = fs_size(probe)
        if quota > total:
            raise ValidationError("quota", _("{quota} is larger than the pool "
                                  "holding {probe} ({total})").format(quota=format_size(quota), probe=probe, total=format_size(total)))

    def _command(self, title: str, argv: list[str], undo: Optional[Record] = None) -> Step:
        return command_step(self.btrfs.runner, title, argv, undo)

    def _quota_steps(self, path: Path, old: Optional[int], new: Optional[int],
                     undo: bool) -> list[Step]:
        steps: list[Step] = []
        mountpoint = mount_of(existing_ancestor(path)).mountpoint
        if new is not None and self.btrfs.qgroups(mountpoint) is None:
            steps.append(self._command(
                f"enable btrfs quotas on {mountpoint}", self.btrfs.quota_enable_argv(mountpoint),
                BtrfsQuotaDisable(str(mountpoint))))
        if new != old:
            record = BtrfsQgroupLimit(str(path), old) if undo else None
            label = "none" if new is None else format_size(new)
            steps.append(self._command(f"limit {path} to {label}",
                                       _limit_argv(self.btrfs, path, new), record))
        return steps

    def create_steps(self, path: Path, quota: Optional[int], token: str,
                     owner: Owner) -> list[Step]:
        steps = [
            self._command(f"create btrfs subvolume {path}", self.btrfs.subvolume_create_argv(path),
                          BtrfsSubvolumeDelete(path=str(path))),
            Step(f"set owner and mode of {path}", lambda: mark_volume(path, token, owner), None,
                 [f"chown {owner.user}:{owner.group} {path}; chmod {owner.mode:o} {path}"]),
        ]
        # The quota steps need no undo of their own: undoing the create removes them.
        return steps + self._quota_steps(path, None, quota, undo=False)

    def adopt_steps(self, path: Path, quota: Optional[int]) -> list[Step]:
        if not path.is_dir():
            raise ValidationError("path", _("{path} exists and is not a directory").format(path=path))
        if quota is not None and not is_subvolume(path):
            raise ValidationError("quota", _("{path} is a plain directory on btrfs, not a "
                                  "subvolume; a quota needs a subvolume (give a new path)").format(path=path))
        if quota is None:
            return []
        current = self.quotas([path]).get(path)
        return self._quota_steps(path, current, quota, undo=True)

    def quota_steps(self, path: Path, old: Optional[int], new: Optional[int]) -> list[Step]:
        if new is not None and not is_subvolume(path):
            raise ValidationError("quota", _("{path} is not a btrfs subvolume").format(path=path))
        self.check_quota(path, new)
        # The limit the volume has now, not the one the registry remembers (OLD): undo
        # puts back exactly what was there, "none" included.
        current = self.quotas([path]).get(path) if is_subvolume(path) else None
        return self._quota_steps(path, current, new, undo=True)

    def destroy_steps(self, path: Path, token: str) -> list[Step]:
        return [deferred_step(f"delete btrfs subvolume {path}, its snapshots and its data",
                              BtrfsSubvolumeDelete(path=str(path), nested=SNAPSHOT_DIR),
                              [f"run: btrfs subvolume delete {path}/{SNAPSHOT_DIR}/* {path}"])]

    def usage(self, path: Path) -> Usage:
        # --sync: exact numbers for `status` (a poll reads usage.poll() instead).
        groups = self.btrfs.qgroups(mount_of(path).mountpoint, sync=True) or {}
        return qgroup_usage(path, groups.get(f"0/{subvolume_id(path)}"))

    def quotas(self, paths: Sequence[Path]) -> dict[Path, Optional[int]]:
        result: dict[Path, Optional[int]] = {}
        for mountpoint, members in by_mount(paths).items():
            groups = self.btrfs.qgroups(mountpoint) or {}
            for path in members:
                group = groups.get(f"0/{subvolume_id(path)}") if path.exists() else None
                result[path] = group.max_referenced if group else None
        return result

    # -- snapshots --------------------------------------------------------------------

    def snapshot_path(self, path: Path, name: str) -> Path:
        return path / SNAPSHOT_DIR / name

    def snapshot_name(self, when: datetime.datetime) -> str:
        return gmt_name(when)

    def snapshots(self, path: Path) -> list[Snapshot]:
        """Read from the directory: no process at all."""
        root = path / SNAPSHOT_DIR
        found = []
        try:
            entries = list(os.scandir(root))
        except FileNotFoundError:
            return []
        for entry in entries:
            # stat, not the dirent: readdir reports another inode number for subvolumes.
            if not entry.is_dir(follow_symlinks=False) or \
                    entry.stat(follow_symlinks=False).st_ino != SUBVOLUME_ROOT_INODE:
                continue
            when = parse_gmt(entry.name)
            created = int(when.timestamp()) if when else int(entry.stat().st_mtime)
            found.append(Snapshot(entry.name, created))
        return sorted(found, key=lambda s: (s.created, s.name))

    def snapshot_steps(self, path: Path, name: str) -> list[Step]:
        root = path / SNAPSHOT_DIR
        steps = []
        if not root.is_dir():
            steps.append(Step(f"create {root}", lambda: root.mkdir(mode=0o755),
                              Rmdir(str(root)), [f"mkdir {root}"]))
        target = root / name
        steps.append(self._command(f"snapshot {path} as {name}",
                                   ["btrfs", "subvolume", "snapshot", "-r", str(path),
                                    str(target)],
                                   BtrfsSubvolumeDelete(path=str(target))))
        return steps

    def delete_snapshots_steps(self, path: Path, names: Sequence[str]) -> list[Step]:
        paths = [str(path / SNAPSHOT_DIR / n) for n in names]
        return [deferred_step(f"delete {len(names)} snapshot(s) of {path}",
                              BtrfsSubvolumeDelete(paths=tuple(paths)),
                              [f"run: btrfs subvolume delete {' '.join(paths)}"])] if paths else []

# -- records -------------------------------------------------------------------------


@register("btrfs_subvolume_delete")
@dataclass(frozen=True)
class BtrfsSubvolumeDelete(Record):
    """Delete subvolume PATH (with the subvolumes in its NESTED dir first), or PATHS."""

    path: Optional[str] = None
    nested: Optional[str] = None
    paths: Optional[tuple[str, ...]] = None

    def apply(self, ctx: Context) -> None:
        paths = [Path(p) for p in self.paths or ()]
        if self.path is not None:
            path = Path(self.path)
            nested = path / self.nested if self.nested else None
            if nested is not None and nested.is_dir():
                paths += sorted(p for p in nested.iterdir() if is_subvolume(p))
            paths.append(path)
        existing = [p for p in paths if is_subvolume(p)]
        if existing:
            ctx.run(Btrfs(ctx.runner).subvolume_delete_argv(*existing))


@register("btrfs_quota_disable")
@dataclass(frozen=True)
class BtrfsQuotaDisable(Record):
    mountpoint: str

    def apply(self, ctx: Context) -> None:
        btrfs = Btrfs(ctx.runner)
        mountpoint = Path(self.mountpoint)
        if btrfs.qgroups(mountpoint) is not None:
            ctx.run(btrfs.quota_disable_argv(mountpoint))


@register("btrfs_qgroup_limit")
@dataclass(frozen=True)
class BtrfsQgroupLimit(Record):
    """Set the qgroup limit of PATH back to LIMIT (None: no limit)."""

    path: str
    limit: Optional[int] = None

    def apply(self, ctx: Context) -> None:
        path = Path(self.path)
        if is_subvolume(path):
            ctx.run(_limit_argv(Btrfs(ctx.runner), path, self.limit))


def _limit_argv(btrfs: Btrfs, path: Path, limit: Optional[int]) -> list[str]:
    """Set PATH's limit; an existing subvolume's by qgroup id, so that a subvolume over
    its limit can still have it raised (and a rollback put back a larger one). A
    subvolume a plan is about to create has no id yet and holds nothing."""
    if not is_subvolume(path):
        return btrfs.qgroup_limit_argv(path, limit)
    return btrfs.qgroup_limit_id_argv(subvolume_id(path), mount_of(path).mountpoint, limit)


@register_backend("btrfs")
def _open(runner: Runner, path: Path, volume: Optional[str], cfg: Config) -> BtrfsBackend:
    return BtrfsBackend(runner)
