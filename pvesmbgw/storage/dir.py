"""A plain directory on any filesystem: no quota, no snapshots."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Optional, Sequence

from ..core.config import Config
from ..core.errors import ValidationError
from ..core.fsutil import existing_ancestor, mount_of
from ..core.runner import Runner
from .snapshots import Snapshot
from ..core.records import RemoveTree, Rmdir
from ..core.txn import Step, deferred_step
from . import Capabilities, Owner, SnapshotLayout, Usage, mark_volume, register_backend
from ..core.i18n import _
from .usage import directory_usage


class DirBackend:
    name = "dir"
    snapshot_layout: Optional[SnapshotLayout] = None

    def __init__(self, fstype: str) -> None:
        self.fstype = fstype
        none = _("a plain directory on {fstype} has no snapshots (use a btrfs or ZFS path "
                 "for snapshots and Previous Versions)").format(fstype=fstype)
        self.capabilities = Capabilities(
            quota=_("a plain directory on {fstype} has no quota pvesmbgw can enforce").format(fstype=fstype),
            snapshots=none, file_restore=none)

    def check_quota(self, path: Path, quota: Optional[int]) -> None:
        if quota is not None:
            raise ValidationError(
                "quota", _("{parent} is on {fstype}, where pvesmbgw cannot enforce "
                "a quota; use a path on btrfs or leave out --quota").format(parent=path.parent, fstype=self.fstype))

    def create_steps(self, path: Path, quota: Optional[int], token: str,
                     owner: Owner) -> list[Step]:
        def create() -> None:
            path.mkdir(mode=0o700)
            mark_volume(path, token, owner)
        return [Step(f"create directory {path}", create, Rmdir(str(path)),
                     [f"mkdir {path} (mode {owner.mode:o}, group {owner.group})"])]

    def adopt_steps(self, path: Path, quota: Optional[int]) -> list[Step]:
        if not path.is_dir():
            raise ValidationError("path", _("{path} exists and is not a directory").format(path=path))
        return []

    def quota_steps(self, path: Path, old: Optional[int], new: Optional[int]) -> list[Step]:
        self.check_quota(path, new)
        return []

    def destroy_steps(self, path: Path, token: str) -> list[Step]:
        return [deferred_step(f"remove directory {path} and its data", RemoveTree(str(path)),
                              [f"rm -r {path}"])]

    def usage(self, path: Path) -> Usage:
        return directory_usage(path)

    def quotas(self, paths: Sequence[Path]) -> dict[Path, Optional[int]]:
        return {p: None for p in paths}

    def snapshots(self, path: Path) -> list[Snapshot]:
        return []

    def _no_snapshots(self) -> ValidationError:
        return ValidationError("snapshot", str(self.capabilities.snapshots))

    def snapshot_steps(self, path: Path, name: str) -> list[Step]:
        raise self._no_snapshots()

    def delete_snapshots_steps(self, path: Path, names: Sequence[str]) -> list[Step]:
        raise self._no_snapshots()

    def snapshot_path(self, path: Path, name: str) -> Path:
        raise self._no_snapshots()

    def snapshot_name(self, when: datetime.datetime) -> str:
        raise self._no_snapshots()


@register_backend("dir")
def _open(runner: Runner, path: Path, volume: Optional[str], cfg: Config) -> DirBackend:
    return DirBackend(mount_of(existing_ancestor(path)).fstype)
