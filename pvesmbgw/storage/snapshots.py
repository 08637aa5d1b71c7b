"""Snapshot names, foreign naming schemes, and retention; pure functions.

pvesmbgw names its snapshots the way Samba's Previous Versions expects:
@GMT-YYYY.MM.DD-hh.mm.ss in UTC (ZFS forbids a second '@', so there the snapshot
is GMT-… and the full name reads dataset@GMT-…). Snapshots other tools made are
listed and served but never pruned.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Iterable, Optional

from ..core.errors import ValidationError
from ..core.i18n import _

GMT_FORMAT = "@GMT-%Y.%m.%d-%H.%M.%S"
_GMT_RE = re.compile(r"@?GMT-\d{4}\.\d{2}\.\d{2}-\d{2}\.\d{2}\.\d{2}")
TOO_MANY = 500
PERIODS = {"hourly": 3600, "daily": 86400, "weekly": 7 * 86400, "monthly": 30 * 86400}


@dataclass(frozen=True)
class Snapshot:
    name: str
    created: int  # seconds since the epoch, UTC

    @property
    def ours(self) -> bool:
        return bool(_GMT_RE.fullmatch(self.name))


def gmt_name(when: datetime.datetime, at_sign: bool = True) -> str:
    name = when.astimezone(datetime.timezone.utc).strftime(GMT_FORMAT)
    return name if at_sign else name[1:]


def parse_gmt(name: str) -> Optional[datetime.datetime]:
    if not _GMT_RE.fullmatch(name):
        return None
    text = name.lstrip("@")
    return datetime.datetime.strptime(text, GMT_FORMAT[1:]).replace(
        tzinfo=datetime.timezone.utc)


def parse_policy(text: str) -> dict[str, int]:
    """'hourly=24,daily=7,weekly=4' -> {'hourly': 24, ...}; 'none' or '' -> {}."""
    if text.strip().lower() in ("", "none", "off"):
        return {}
    policy: dict[str, int] = {}
    for item in text.split(","):
        key, sep, value = item.strip().partition("=")
        if not sep or key not in PERIODS:
            raise ValidationError("snapshots", _("{item!r}: use "
                                  "{periods}=COUNT, comma separated").format(item=item.strip(), periods='|'.join(PERIODS)))
        if key in policy:  # which of the two counts was meant?
            raise ValidationError("snapshots", _("{key} given twice").format(key=key))
        # isdigit() also takes '²' and other Unicode digits, which int() refuses.
        if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= 10000:
            raise ValidationError("snapshots", _("{key}: count must be 1..10000").format(key=key))
        policy[key] = int(value)
    return policy


def format_policy(policy: dict[str, int]) -> str:
    return ",".join(f"{k}={policy[k]}" for k in PERIODS if k in policy) or "none"


def due(policy: dict[str, int], snapshots: Iterable[Snapshot], now: int) -> bool:
    """Whether the schedule wants a new snapshot: the newest of ours is older than
    the shortest period in the policy (a minute of slack for timer jitter)."""
    if not policy:
        return False
    period = min(PERIODS[k] for k in policy)
    newest = max((s.created for s in snapshots if s.ours), default=None)
    return newest is None or now - newest >= period - 60


def to_prune(policy: dict[str, int], snapshots: Iterable[Snapshot], now: int) -> list[Snapshot]:
    """Our snapshots no rule keeps: each rule keeps the newest snapshot in each of
    its last COUNT periods (grandfather-father-son). Foreign ones are never pruned."""
    ours = sorted((s for s in snapshots if s.ours), key=lambda s: s.created, reverse=True)
    if not policy:
        return []
    keep: set[str] = set()
    for key, count in policy.items():
        period = PERIODS[key]
        buckets: set[int] = set()
        for snap in ours:
            bucket = snap.created // period
            if bucket in buckets:
                continue
            if len(buckets) >= count:
                break
            buckets.add(bucket)
            keep.add(snap.name)
    return [s for s in ours if s.name not in keep]


# Naming schemes of other snapshot tools on ZFS (their smb.conf settings live in
# smb/previous_versions.py).
FOREIGN_SCHEMES = {
    "zfs-auto-snapshot": re.compile(r"zfs-auto-snap_(frequent|hourly|daily|weekly|monthly)"
                                    r"-\d{4}-\d{2}-\d{2}-\d{4}"),
    "sanoid": re.compile(r"autosnap_\d{4}-\d{2}-\d{2}_\d{2}:\d{2}:\d{2}_\w+"),
    "pyznap": re.compile(r"pyznap_\d{4}-\d{2}-\d{2}_\d{2}:\d{2}:\d{2}_\w+"),
}


def detect_scheme(names: Iterable[str]) -> Optional[str]:
    """The foreign scheme most snapshots follow, or None when ours or none dominate."""
    counts = {scheme: 0 for scheme in FOREIGN_SCHEMES}
    ours = 0
    for name in names:
        if _GMT_RE.fullmatch(name):
            ours += 1
        for scheme, pattern in FOREIGN_SCHEMES.items():
            if pattern.fullmatch(name):
                counts[scheme] += 1
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] > ours else None
