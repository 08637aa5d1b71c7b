"""Cheap size numbers of one share, for callers that poll (PVE's pvestatd, metrics).

pvestatd asks every storage for its status every 10 s, so this reads no more than
the volume's statvfs and one quota query: on btrfs a single `btrfs qgroup show`
without --sync (a sync would force a transaction commit each time; the numbers may
lag by one commit interval), on a plain directory no process at all. Other backends
use their own usage(), which is one query too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from .runner import Runner

if TYPE_CHECKING:
    from .config import Config
    from .registry import Share


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


def share_space(share: "Share", runner: Runner, cfg: "Config") -> Space:
    """Total, used and available bytes of SHARE's volume, as its backend enforces them."""
    path = Path(share.path)
    if share.backend == "dir":
        total, avail = _statvfs(path)
        return Space(total, total - avail, avail, None)
    if share.backend == "btrfs":
        from .fsutil import mount_of
        from .tools.btrfs import Btrfs, subvolume_id
        total, avail = _statvfs(path)
        groups = Btrfs(runner).qgroups(mount_of(path).mountpoint) or {}
        group = groups.get(f"0/{subvolume_id(path)}")
        if group is None:
            return Space(total, total - avail, avail, None)
        quota = group.max_referenced
        if quota is not None:
            return Space(quota, group.referenced,
                         max(0, min(avail, quota - group.referenced)), quota)
        return Space(total, group.referenced, avail, None)
    from .backends import backend_named
    usage = backend_named(share.backend, path, runner, share.volume, cfg).usage(path)
    used = usage.used if usage.used is not None else usage.total - usage.avail
    return Space(usage.total, used, usage.avail, usage.quota)
