"""Tasks of the simulated node, read from var/log/pve/tasks as pve-manager's API2/Tasks.pm
reads /var/log/pve/tasks (PVE::UPID::decode, read_status, ProcFSTools::check_process_running)."""

from __future__ import annotations

import os
import re
from typing import Any, Dict, List, Optional

from .state import State
from ..util import PveError

_UPID = re.compile(r"^UPID:([a-zA-Z0-9]([a-zA-Z0-9\-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):"
                   r"([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s/]+):([^:\s/]*):([^:\s/]+):$")


def task_dir(st: State) -> str:
    return st.p("var", "log", "pve", "tasks")


def decode(st: State, upid: str) -> Dict[str, Any]:
    m = _UPID.match(upid)
    if not m:
        raise PveError(f"unable to parse worker upid '{upid}'\n")
    return {"upid": upid, "node": m.group(1), "pid": int(m.group(3), 16),
            "pstart": int(m.group(4), 16), "starttime": int(m.group(5), 16),
            "type": m.group(6), "id": m.group(7), "user": m.group(8),
            "file": os.path.join(task_dir(st), m.group(5)[7], upid)}


def _pstart(pid: int) -> Optional[int]:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return int(fh.read().rsplit(")", 1)[1].split()[19])
    except OSError:
        return None


def _read_status(path: str) -> str:
    try:
        with open(path, errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError as exc:
        return f"unable to get last line from task log - {exc.strerror}"
    line = lines[-1] if lines else ""
    if line == "TASK OK":
        return "OK"
    m = re.match(r"^TASK ERROR: (.+)$", line) or re.match(r"^TASK (WARNINGS: \d+)$", line)
    return m.group(1) if m else "unexpected status"


def status(st: State, upid: str) -> Dict[str, Any]:
    """read_task_status: running while the UPID's process (pid and start time) lives."""
    t = decode(st, upid)
    path = t.pop("file")
    if not os.path.exists(path):
        raise PveError(f"no such task '{upid}'\n")  # pve-manager: the log is opened first
    running = _pstart(t["pid"]) == t["pstart"]
    t["status"] = "running" if running else "stopped"
    if not running:
        t["exitstatus"] = _read_status(path)
    return t


def log(st: State, upid: str, start: int = 0, limit: int = 50) -> List[Dict[str, Any]]:
    """read_task_log: lines start.. (numbered from 1), at most limit; 'no content' when empty."""
    path = decode(st, upid)["file"]
    try:
        with open(path, errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        raise PveError(f"no such task '{upid}'\n") from None
    out = [{"n": i + 1, "t": ln} for i, ln in enumerate(lines) if i >= start][:limit or None]
    return out or [{"n": 0, "t": "no content"}]
