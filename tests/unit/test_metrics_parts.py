"""Pure parts of the metrics: smbstatus --json parsing and the reconcile record."""

from __future__ import annotations

import json
from pathlib import Path

from pvesmbgw.smb import reconcile_record
from pvesmbgw.tools.smbstatus import parse_status

# The shape Samba 4.17's `smbstatus --json` prints (abridged).
SAMPLE = {
    "timestamp": "2026-11-26T03:00:00.000000+0000", "version": "4.17.12-Debian",
    "smb_conf": "/etc/samba/smb.conf",
    "sessions": {"1234": {"session_id": "1234", "username": "alice"},
                 "5678": {"session_id": "5678", "username": "bob"}},
    "tcons": {"1": {"service": "Team", "session_id": "1234"},
              "2": {"service": "team", "session_id": "5678"},
              "3": {"service": "IPC$", "session_id": "5678"}},
    "open_files": {"/srv/team/a.txt": {"service_path": "/srv/team", "filename": "a.txt",
                                       "opens": {"x": {}, "y": {}}},
                   "/srv/team/b.txt": {"service_path": "/srv/team", "filename": "b.txt",
                                       "opens": {"z": {}}}},
}


def test_parse_status() -> None:
    status = parse_status(json.dumps(SAMPLE))
    assert status.sessions == 2
    assert status.connections == {"team": 2, "ipc$": 1}
    assert status.open_files == {"/srv/team": 3}


def test_parse_status_idle() -> None:
    status = parse_status(json.dumps({"timestamp": "x", "version": "4.17.12"}))
    assert (status.sessions, status.connections, status.open_files) == (0, {}, {})


def test_reconcile_record(tmp_path: Path) -> None:
    assert reconcile_record.last(tmp_path) is None
    reconcile_record.record(tmp_path, True, 0, when=1700000000.5)
    assert reconcile_record.last(tmp_path) == {"time": 1700000000, "ok": True, "drift": 0}
    (tmp_path / reconcile_record.FILE).write_text("{broken")
    assert reconcile_record.last(tmp_path) is None
    reconcile_record.record(tmp_path / "missing" / "deeper", False, 2)  # creates the dir
    reconcile_record.record(Path("/proc/no-such-dir"), False, 1)  # never raises


CTDB_STATUS = """\
|Node|IP|Disconnected|Unknown|Banned|Disabled|Unhealthy|Stopped|Inactive|PartiallyOnline|ThisNode|
|0|198.51.100.11|0|0|0|0|0|0|0|0|Y|
|1|198.51.100.12|1|0|0|0|1|0|1|0|N|
|2|198.51.100.13|0|0|0|0|0|0|0|1|N|
"""


def test_parse_ctdb_status() -> None:
    from pvesmbgw.tools.ctdb_status import parse_status as parse_ctdb
    nodes = parse_ctdb(CTDB_STATUS)
    assert [(n.pnn, n.address, n.healthy, n.this_node) for n in nodes] == [
        (0, "198.51.100.11", True, True), (1, "198.51.100.12", False, False),
        (2, "198.51.100.13", True, False)]
    assert nodes[1].flags == ("Disconnected", "Unhealthy", "Inactive")
    assert nodes[2].flags == ("PartiallyOnline",)
    import pytest
    with pytest.raises(ValueError):
        parse_ctdb("Failed to connect to CTDB daemon (/var/run/ctdb/ctdbd.socket)\n")
