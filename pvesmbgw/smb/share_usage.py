"""Cheap size numbers of one share, for callers that poll (PVE's pvestatd, metrics).

The storage room reads them (storage/usage.py: the volume's statvfs and at most one
quota query; no process at all on a plain directory or on btrfs with qgroups in
sysfs). Here a share's registry entry becomes that read; kinds without a cheap read
use their backend's usage(), which is one query too. Start-up matters (pvestatd polls
every 10 s per storage), so what only some shares need is imported on use.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Optional

from ..storage.usage import RunnerSource, Usage, batched, poll, poll_many, resolve_runner

if TYPE_CHECKING:  # not at run time: a status poll that starts no process skips them
    from ..core.config import Config
    from .registry import Share
    from ..core.runner import Runner


def share_space(share: "Share", runner: RunnerSource, cfg: "Config") -> Usage:
    """Total, used and available bytes of SHARE's volume, as its backend enforces them
    (Usage.taken is what PVE calls used)."""
    path = Path(share.path)
    cheap = poll(share.backend, path, runner)
    if cheap is not None:
        return cheap
    # Imported on use for start-up cost: it loads every backend and the gateways.
    from .volumes import share_backend
    return share_backend(share.backend, path, resolve_runner(runner), share.volume,
                         cfg).usage(path)


def share_spaces(shares: "Iterable[Share]", runner: "Runner",
                 cfg: "Config") -> dict[str, Optional[Usage]]:
    """share_space for many shares: those of a kind the storage room reads together
    (btrfs: one `btrfs qgroup show` per file system) share their queries. None for a
    share whose volume is missing or unreadable."""
    from ..core.errors import PvesmbgwError  # start-up cost, as share_backend above
    out: dict[str, Optional[Usage]] = {}
    together: dict[str, list["Share"]] = {}
    for share in shares:
        path = Path(share.path)
        if share.backend == "vmdisk":  # a disk of a gateway VM, asked through its agent
            try:
                out[share.name] = share_space(share, runner, cfg)
            except (PvesmbgwError, OSError, ValueError):
                out[share.name] = None
        elif not path.is_dir():
            out[share.name] = None
        elif batched(share.backend):
            together.setdefault(share.backend, []).append(share)
        else:
            try:
                out[share.name] = share_space(share, runner, cfg)
            except (PvesmbgwError, OSError):
                out[share.name] = None
    for kind, members in together.items():
        usages = poll_many(kind, [Path(s.path) for s in members], runner)
        for share in members:
            out[share.name] = usages[Path(share.path)]
    return out
