from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from pvesmbgw.core.errors import ValidationError
from pvesmbgw.storage.snapshots import (Snapshot, detect_scheme, due, format_policy, gmt_name,
    parse_gmt, parse_policy, to_prune)

T0 = int(datetime.datetime(2026, 11, 26, 12, 0, tzinfo=datetime.timezone.utc).timestamp())


def ours(ts: int) -> Snapshot:
    return Snapshot(gmt_name(datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)), ts)


def test_gmt_names_round_trip_in_utc() -> None:
    when = datetime.datetime(2026, 11, 26, 1, 2, 3, tzinfo=datetime.timezone.utc)
    assert gmt_name(when) == "@GMT-2026.11.26-01.02.03"
    assert gmt_name(when, at_sign=False) == "GMT-2026.11.26-01.02.03"
    assert parse_gmt("@GMT-2026.11.26-01.02.03") == when
    assert parse_gmt("GMT-2026.11.26-01.02.03") == when
    assert parse_gmt("manual") is None
    local = when.astimezone(datetime.timezone(datetime.timedelta(hours=5)))
    assert gmt_name(local) == "@GMT-2026.11.26-01.02.03"


def test_policy_parsing() -> None:
    assert parse_policy("hourly=24,daily=7,weekly=4") == {"hourly": 24, "daily": 7, "weekly": 4}
    assert parse_policy("none") == {}
    assert format_policy({"weekly": 4, "hourly": 24}) == "hourly=24,weekly=4"
    for bad in ("hourly", "yearly=3", "daily=0", "daily=x", "daily=-1", "hourly=²", "daily=٣"):
        with pytest.raises(ValidationError) as err:
            parse_policy(bad)
        assert err.value.field == "snapshots"


def test_hourly_and_daily_retention_keep_the_newest_per_period() -> None:
    snaps = [ours(T0 - i * 1800) for i in range(96)]  # every 30 min for 2 days
    doomed = {s.name for s in to_prune({"hourly": 3, "daily": 2}, snaps, T0)}
    kept = sorted((s for s in snaps if s.name not in doomed), key=lambda s: -s.created)
    # Newest of each of the last 3 clock hours (12:00, 11:30, 10:30 UTC) and of each of
    # the last 2 days (today 12:00, yesterday 23:30).
    assert [s.created for s in kept] == [T0, T0 - 1800, T0 - 5400, T0 - 12 * 3600 - 1800]


def test_foreign_snapshots_are_never_pruned() -> None:
    snaps = [Snapshot("zfs-auto-snap_hourly-2026-11-26-1100", T0 - 3600), ours(T0 - 10),
             ours(T0 - 20)]
    assert [s.name for s in to_prune({"hourly": 1}, snaps, T0)] == [snaps[2].name]
    assert to_prune({}, snaps, T0) == []


def test_due_follows_the_shortest_period() -> None:
    assert due({"daily": 7}, [], T0)
    assert not due({"daily": 7, "hourly": 2}, [ours(T0 - 600)], T0)
    assert due({"hourly": 2}, [ours(T0 - 3600)], T0)
    assert not due({}, [], T0)


def test_detects_other_tools_naming() -> None:
    auto = [f"zfs-auto-snap_hourly-2026-11-26-{h:02d}00" for h in range(5)]
    assert detect_scheme(auto + ["GMT-2026.11.26-01.00.00"]) == "zfs-auto-snapshot"
    assert detect_scheme(["autosnap_2026-11-26_01:00:01_hourly"]) == "sanoid"
    assert detect_scheme(["pyznap_2026-11-26_01:00:01_hourly"]) == "pyznap"
    assert detect_scheme(["GMT-2026.11.26-01.00.00", "@GMT-2026.11.26-02.00.00"]) is None
    assert detect_scheme([]) is None


class _Taken:
    """A backend whose snapshot of this second already exists (one named TAKEN)."""

    def __init__(self, root: Path, taken: str) -> None:
        self.root, self.taken = root, taken
        (root / taken).mkdir()

    def snapshot_name(self, when: datetime.datetime) -> str:
        return gmt_name(when)

    def snapshot_path(self, path: Path, name: str) -> Path:
        return self.root / name


def test_a_second_snapshot_in_the_same_second_takes_the_next_seconds_name(tmp_path: Path) -> None:
    from pvesmbgw.storage import unused_snapshot_name
    now = datetime.datetime.now(datetime.timezone.utc)
    taken = {gmt_name(now), gmt_name(now + datetime.timedelta(seconds=1))}
    backend = _Taken(tmp_path, gmt_name(now))
    (tmp_path / gmt_name(now + datetime.timedelta(seconds=1))).mkdir()
    name = unused_snapshot_name(backend, tmp_path)  # type: ignore[arg-type]
    assert name not in taken and not (tmp_path / name).exists()
    assert parse_gmt(name) > now  # type: ignore[operator]
