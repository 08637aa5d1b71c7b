"""Storage backends: where a share's volume lives and how its quota is enforced."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Protocol, Sequence

from ..core.errors import ValidationError
from ..core.fsutil import existing_ancestor, mount_of
from ..core.records import Context, Record, register
from ..core.runner import Runner
from .snapshots import Snapshot
from ..tools.accounts import group_gid
from ..tools.rsync import restore_argv
from ..core.txn import Step

if TYPE_CHECKING:
    from ..core.config import Config

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
    # Whether the backend can snapshot volumes (dir cannot, and says so).
    snapshots_supported: bool

    def check_quota(self, path: Path, quota: Optional[int]) -> None:
        """Raise ValidationError('quota', …) when QUOTA cannot be enforced at PATH."""

    def create_steps(self, path: Path, quota: Optional[int], token: str,
                     group: str) -> list[Step]:
        """Steps that create a new volume at PATH owned by this tool."""

    def adopt_steps(self, path: Path, quota: Optional[int]) -> list[Step]:
        """Steps that use an existing directory at PATH (never destroyed by purge)."""

    def quota_steps(self, path: Path, old: Optional[int], new: Optional[int]) -> list[Step]:
        """Steps that change the enforced quota of PATH."""

    def destroy_steps(self, path: Path, token: str) -> list[Step]:
        """Final steps destroying the volume at PATH, only if it carries our TOKEN."""

    def usage(self, path: Path) -> Usage:
        """Space used and available in the volume."""

    def quotas(self, paths: Sequence[Path]) -> dict[Path, Optional[int]]:
        """The enforced quota of each path, in as few commands as possible."""

    def snapshots(self, path: Path) -> list[Snapshot]:
        """The volume's snapshots, oldest first, with one listing call at most."""

    def snapshot_steps(self, path: Path, name: str) -> list[Step]:
        """Steps taking snapshot NAME (undo deletes it)."""

    def delete_snapshots_steps(self, path: Path, names: Sequence[str]) -> list[Step]:
        """Final steps deleting snapshots NAMES, in one command where possible."""

    def snapshot_root(self, path: Path) -> Optional[Path]:
        """The directory where the volume's snapshots appear as directories."""

    def snapshot_path(self, path: Path, name: str) -> Path:
        """Where snapshot NAME's files can be read."""

    def snapshot_name(self, when: datetime.datetime) -> str:
        """Our name for a snapshot taken WHEN (Samba's @GMT form as far as allowed)."""

    def share_options(self, path: Path, snapshots: Sequence[Snapshot]) -> dict[str, str]:
        """smb.conf options that make Previous Versions show the volume's snapshots."""


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
    """Choose the backend for a new share at PATH: a ZFS dataset when PATH's parent is
    a dataset's mountpoint, a btrfs subvolume on btrfs, else a plain directory."""
    from .btrfs import BtrfsBackend
    from .dir import DirBackend
    from .zfs import ZfsBackend

    zfs = ZfsBackend(runner)
    if zfs.available() and (zfs.dataset_at(path) or zfs.dataset_at(path.parent)):
        return zfs
    probe = existing_ancestor(path)
    fstype = mount_of(probe).fstype
    if fstype == "btrfs":
        return BtrfsBackend(runner)
    if fstype == "zfs":
        raise ValidationError("path", f"{path.parent} is on ZFS but is not a dataset's "
                              "mountpoint; give a path directly below a dataset")
    return DirBackend(fstype)


def backend_named(name: str, path: Path, runner: Runner,
                  volume: Optional[str] = None, cfg: Optional["Config"] = None) -> "Backend":
    """The backend an existing share was created with (recorded in the registry)."""
    from ..core.config import Config
    from .btrfs import BtrfsBackend
    from .cephfs import CephfsBackend
    from .dir import DirBackend
    from .rbd import RbdBackend
    from .zfs import ZfsBackend

    if name == "rbd":
        cfg = cfg or Config.defaults()
        return RbdBackend(runner, str(volume), cfg.fstab_file, cfg.rbdmap_file)
    if name == "cephfs":
        return CephfsBackend(runner, (volume or "cephfs").split("/", 1)[0])
    if name == "btrfs":
        return BtrfsBackend(runner)
    if name == "zfs":
        return ZfsBackend(runner)
    return DirBackend(mount_of(existing_ancestor(path)).fstype)


@register("restore_from")
@dataclass(frozen=True)
class RestoreFrom(Record):
    """Make the files of volume PATH (of BACKEND, VOLUME) those of SNAPSHOT again with
    rsync, leaving its snapshot directory EXCLUDE alone."""

    backend: str
    snapshot: str
    path: str
    exclude: str
    volume: Optional[str] = None

    def apply(self, ctx: Context) -> None:
        path = Path(self.path)
        backend = backend_named(self.backend, path, ctx.runner, self.volume, ctx.cfg)
        source = backend.snapshot_path(path, self.snapshot)
        if source.is_dir():
            ctx.run(restore_argv(source, path, self.exclude))
