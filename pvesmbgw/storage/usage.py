"""How full a volume is: one record for every kind of volume, and the cheap reads.

Callers that poll (PVE's pvestatd asks every storage for its status every 10 s,
metrics) read usage through poll() and poll_many(): no more than the volume's statvfs
and one quota query. On btrfs the qgroup comes from sysfs (no process; on kernels
without it, one `btrfs qgroup show` without --sync, since a sync would force a
transaction commit each time); on a plain directory no process at all. Kinds without
a cheap read answer None there, and their backend's usage() is one query too.

This module is imported by the status poll: it imports nothing heavy at start-up (no
runner, no backend module); what the btrfs read needs is imported on first use.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Optional, Union

if TYPE_CHECKING:  # not at run time: a status poll that starts no process skips them
    from ..core.runner import Runner
    from ..tools.btrfs import Qgroup

# A Runner, or what makes one when a process is needed after all.
RunnerSource = Union["Runner", Callable[[], "Runner"]]


def resolve_runner(source: RunnerSource) -> "Runner":
    return source() if callable(source) else source


@dataclass(frozen=True)
class Usage:
    """Space of one volume in bytes; quota is None when none is enforced."""

    # None when the volume does not count its own use (a plain directory, a btrfs
    # subvolume without a qgroup): then only the file system's numbers are known.
    used: Optional[int]
    avail: int
    total: int
    quota: Optional[int]

    @property
    def taken(self) -> int:
        """used, or what is taken of the file system when the volume does not count
        (what PVE calls `used`, which must be a number)."""
        return self.used if self.used is not None else self.total - self.avail


def fs_size(path: Path) -> tuple[int, int]:
    """(total, available) bytes of the filesystem holding PATH."""
    st = os.statvfs(path)
    return st.f_blocks * st.f_frsize, st.f_bavail * st.f_frsize


def directory_usage(path: Path) -> Usage:
    """A volume that counts nothing itself: its file system's numbers."""
    total, avail = fs_size(path)
    return Usage(used=None, avail=avail, total=total, quota=None)


def qgroup_usage(path: Path, group: Optional["Qgroup"]) -> Usage:
    """A btrfs subvolume's usage from its level-0 qgroup (None: quotas are off or it has
    none); a limit caps both the total and what is available."""
    total, avail = fs_size(path)
    if group is None:
        return Usage(used=None, avail=avail, total=total, quota=None)
    quota = group.max_referenced
    if quota is not None:
        avail = max(0, min(avail, quota - group.referenced))
        total = quota
    return Usage(used=group.referenced, avail=avail, total=total, quota=quota)


def _btrfs_poll(path: Path, runner: RunnerSource) -> Usage:
    # Imported here for start-up cost: a poll of a plain directory never needs them.
    from ..core.fsutil import mount_of
    from ..tools.btrfs import Btrfs, subvolume_id, sysfs_qgroup
    mount, subvol = mount_of(path), subvolume_id(path)
    # sysfs first: no process (pvestatd polls this); the btrfs tool where it lacks it.
    group = sysfs_qgroup(mount.source, subvol)
    if group is None:
        group = (Btrfs(resolve_runner(runner)).qgroups(mount.mountpoint) or {}).get(f"0/{subvol}")
    return qgroup_usage(path, group)


def _btrfs_poll_many(paths: Iterable[Path], runner: "Runner") -> dict[Path, Usage]:
    """One `btrfs qgroup show` per file system, for all of PATHS on it."""
    from ..core.fsutil import by_mount  # start-up cost, as in _btrfs_poll
    from ..tools.btrfs import Btrfs, subvolume_id
    out: dict[Path, Usage] = {}
    for mountpoint, members in by_mount(paths).items():
        groups = Btrfs(runner).qgroups(mountpoint) or {}
        for path in members:
            out[path] = qgroup_usage(path, groups.get(f"0/{subvolume_id(path)}"))
    return out


# Kinds of volume (registry names) read without building their backend. Kept here,
# not on the backend classes, so that a poll imports no backend module.
_POLL: dict[str, Callable[[Path, RunnerSource], Usage]] = {
    "dir": lambda path, runner: directory_usage(path),
    "btrfs": _btrfs_poll,
}
_POLL_MANY: dict[str, Callable[[Iterable[Path], "Runner"], dict[Path, Usage]]] = {
    "btrfs": _btrfs_poll_many,
}


# Kinds whose quota a statvfs of the share's path does not show, so that an SMB client
# would see the whole pool: a btrfs qgroup limit is never reflected in statfs; CephFS
# reports a quota as the file system's size only for the realm of the mount's root
# (the kernel client's ceph_quota_update_statfs), and PVE mounts the file system's
# root, above the subvolumes. ZFS reports refquota itself, an RBD image and a VM disk
# are file systems of their own, a plain directory has no quota.
_QUOTA_HIDDEN_FROM_STATVFS = frozenset({"btrfs", "cephfs"})


def statvfs_hides_quota(kind: str) -> bool:
    """Whether statvfs on a volume of KIND reports its file system rather than its quota."""
    return kind in _QUOTA_HIDDEN_FROM_STATVFS


def poll(kind: str, path: Path, runner: RunnerSource) -> Optional[Usage]:
    """The usage of the volume of KIND at PATH, the cheap way; None when KIND has no
    cheap way (then ask its backend's usage())."""
    read = _POLL.get(kind)
    return read(path, runner) if read is not None else None


def batched(kind: str) -> bool:
    """Whether poll_many reads volumes of KIND together rather than one by one."""
    return kind in _POLL_MANY


def poll_many(kind: str, paths: Iterable[Path], runner: "Runner") -> dict[Path, Usage]:
    """poll() for many volumes of KIND (one that is batched()), sharing its queries."""
    return _POLL_MANY[kind](paths, runner)
