"""A plain directory on any filesystem: no quota, no snapshots."""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence

from ..errors import ValidationError
from ..txn import Step, final_step
from . import Usage, fs_size, mark_volume


class DirBackend:
    name = "dir"

    def __init__(self, fstype: str) -> None:
        self.fstype = fstype

    def check_quota(self, path: Path, quota: Optional[int]) -> None:
        if quota is not None:
            raise ValidationError(
                "quota", f"{path.parent} is on {self.fstype}, where pvesmbgw cannot enforce "
                "a quota; use a path on btrfs or leave out --quota")

    def create_steps(self, path: Path, quota: Optional[int], token: str,
                     group: str) -> list[Step]:
        def create() -> None:
            path.mkdir(mode=0o700)
            mark_volume(path, token, group)
        return [Step(f"create directory {path}", create, {"kind": "rmdir", "path": str(path)},
                     [f"mkdir {path} (mode 2770, group {group})"])]

    def adopt_steps(self, path: Path, quota: Optional[int]) -> list[Step]:
        if not path.is_dir():
            raise ValidationError("path", f"{path} exists and is not a directory")
        return []

    def quota_steps(self, path: Path, old: Optional[int], new: Optional[int]) -> list[Step]:
        self.check_quota(path, new)
        return []

    def destroy_steps(self, path: Path) -> list[Step]:
        return [final_step(f"remove directory {path} and its data",
                           {"kind": "remove_tree", "path": str(path)}, [f"rm -r {path}"])]

    def usage(self, path: Path) -> Usage:
        total, avail = fs_size(path)
        return Usage(used=None, avail=avail, total=total, quota=None)

    def quotas(self, paths: Sequence[Path]) -> dict[Path, Optional[int]]:
        return {p: None for p in paths}
