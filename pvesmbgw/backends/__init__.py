"""Storage backends: where a share's volume lives and how its quota is enforced."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Protocol, Sequence

from ..errors import ValidationError
from ..fsutil import existing_ancestor, mount_of
from ..runner import Runner
from ..tools.accounts import group_gid
from ..txn import Step

OWNER_XATTR = "user.pvesmbgw.volume"
SHARE_DIR_MODE = 0o2770  # setgid: files created over SMB keep the share group


@dataclass(frozen=True)
class Usage:
    used: Optional[int]
    avail: int
    total: int
    quota: Optional[int]


class Backend(Protocol):
    name: str

    def check_quota(self, path: Path, quota: Optional[int]) -> None:
        """Raise ValidationError('quota', …) when QUOTA cannot be enforced at PATH."""

    def create_steps(self, path: Path, quota: Optional[int], token: str,
                     group: str) -> list[Step]:
        """Steps that create a new volume at PATH owned by this tool."""

    def adopt_steps(self, path: Path, quota: Optional[int]) -> list[Step]:
        """Steps that use an existing directory at PATH (never destroyed by purge)."""

    def quota_steps(self, path: Path, old: Optional[int], new: Optional[int]) -> list[Step]:
        """Steps that change the enforced quota of PATH."""

    def destroy_steps(self, path: Path) -> list[Step]:
        """Steps that destroy the volume at PATH (irreversible; only for our volumes)."""

    def usage(self, path: Path) -> Usage:
        """Space used and available in the volume."""

    def quotas(self, paths: Sequence[Path]) -> dict[Path, Optional[int]]:
        """The enforced quota of each path, in as few commands as possible."""


def fs_size(path: Path) -> tuple[int, int]:
    """(total, available) bytes of the filesystem holding PATH."""
    st = os.statvfs(path)
    return st.f_blocks * st.f_frsize, st.f_bavail * st.f_frsize


def mark_volume(path: Path, token: str, group: str) -> None:
    """Record ownership on the volume itself and give it to the share group."""
    gid = group_gid(group)
    os.chown(path, 0, gid if gid is not None else 0)
    os.chmod(path, SHARE_DIR_MODE)
    try:
        os.setxattr(path, OWNER_XATTR, token.encode())
    except OSError:
        pass  # no user xattrs here: the registry alone records ownership


def volume_token(path: Path) -> Optional[str]:
    try:
        return os.getxattr(path, OWNER_XATTR).decode()
    except OSError:
        return None


def backend_for(path: Path, runner: Runner) -> "Backend":
    """Choose the backend from the filesystem of PATH (or its parent when PATH is new)."""
    from .btrfs import BtrfsBackend
    from .plain import DirBackend

    probe = existing_ancestor(path)
    fstype = mount_of(probe).fstype
    if fstype == "btrfs":
        return BtrfsBackend(runner)
    if fstype == "zfs":
        raise ValidationError("path", f"{probe} is on ZFS; the ZFS backend is not "
                              "available in this version (use a btrfs or plain directory path)")
    return DirBackend(fstype)
