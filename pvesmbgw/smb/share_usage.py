"""Cheap size numbers of one share, for callers that poll (PVE's pvestatd, metrics).

pvestatd asks every storage for its status every 10 s, so this reads no more than
the volume's statvfs and one quota query: on btrfs the qgroup from sysfs (no process;
on kernels without it, one `btrfs qgroup show` without --sync, since a sync would
force a transaction commit each time), on a plain directory no process at all. Other
backends use their own usage(), which is one query too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Optional, Union

if TYPE_CHECKING:  # not at run time: a status poll that starts no process skips them
    from ..core.config import Config
    from .registry import Share
    from ..core.runner import Runner

# A Runner, or what makes one when a process is needed after all.
RunnerSource = Union["Runner", Callable[[], "Runner"]]


def _runner(source: RunnerSource) -> "Runner":
    return source() if callable(source) else source


@dataclass(frozen=True)
class Space:
    """What PVE calls total/used/avail, in bytes; quota is None when there is none."""

    total: int
    used: int
    avail: int
    quota: Optional[int]


def _statvfs(path: Path) -> tuple[int, int]:
    import os
    st = os.statvfs(path)
    return st.f_blocks * st.f_frsize, st.f_bavail * st.f_frsize


def share_space(share: "Share", runner: RunnerSource, cfg: "Config") -> Space:
    """Total, used and available bytes of SHARE's volume, as its backend enforces them."""
    path = Path(share.path)
    if share.backend == "dir":
        total, avail = _statvfs(path)
        return Space(total, total - avail, avail, None)
    if share.backend == "btrfs":
        from ..core.fsutil import mount_of
        from ..tools.btrfs import Btrfs, subvolume_id, sysfs_qgroup
        total, avail = _statvfs(path)
        mount, subvol = mount_of(path), subvolume_id(path)
        # sysfs first: no process (pvestatd polls this); the btrfs tool where it lacks it.
        group = sysfs_qgroup(mount.source, subvol)
        if group is None:
            group = (Btrfs(_runner(runner)).qgroups(mount.mountpoint) or {}).get(
                f"0/{subvol}")
        if group is None:
            return Space(total, total - avail, avail, None)
        quota = group.max_referenced
        if quota is not None:
            return Space(quota, group.referenced,
                         max(0, min(avail, quota - group.referenced)), quota)
        return Space(total, group.referenced, avail, None)
    from .volumes import share_backend
    usage = share_backend(share.backend, path, _runner(runner), share.volume,
                          cfg).usage(path)
    used = usage.used if usage.used is not None else usage.total - usage.avail
    return Space(usage.total, used, usage.avail, usage.quota)


def share_spaces(shares: "Iterable[Share]", runner: "Runner",
                 cfg: "Config") -> dict[str, Optional[Space]]:
    """share_space for many shares: btrfs shares on one file system share one
    `btrfs qgroup show`. None for a share whose volume is missing or unreadable."""
    from ..core.errors import PvesmbgwError
    out: dict[str, Optional[Space]] = {}
    btrfs: dict[Path, list["Share"]] = {}
    for share in shares:
        path = Path(share.path)
        if share.backend == "vmdisk":  # a disk of a gateway VM, asked through its agent
            try:
                out[share.name] = share_space(share, runner, cfg)
            except (PvesmbgwError, OSError, ValueError):
                out[share.name] = None
        elif not path.is_dir():
            out[share.name] = None
        elif share.backend == "btrfs":
            from ..core.fsutil import mount_of
            btrfs.setdefault(mount_of(path).mountpoint, []).append(share)
        else:
            try:
                out[share.name] = share_space(share, runner, cfg)
            except (PvesmbgwError, OSError):
                out[share.name] = None
    if btrfs:
        from ..tools.btrfs import Btrfs, subvolume_id
        for mountpoint, members in btrfs.items():
            groups = Btrfs(runner).qgroups(mountpoint) or {}
            for share in members:
                path = Path(share.path)
                total, avail = _statvfs(path)
                group = groups.get(f"0/{subvolume_id(path)}")
                if group is None:
                    out[share.name] = Space(total, total - avail, avail, None)
                elif group.max_referenced is not None:
                    quota = group.max_referenced
                    out[share.name] = Space(quota, group.referenced,
                                            max(0, min(avail, quota - group.referenced)), quota)
                else:
                    out[share.name] = Space(total, group.referenced, avail, None)
    return out
