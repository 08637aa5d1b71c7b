"""PVE tasks in PVE's own files (PVE::UPID, PVE::RESTEnvironment, PVE::INotify 'active').

A task is a UPID, its log /var/log/pve/tasks/<X>/<UPID> (X: the last hex digit of the
start time) ending in `TASK OK` or `TASK ERROR: msg`, and a line in tasks/active, which is
rewritten under tasks/.active.lock; finished tasks move to tasks/index as PVE does. The
GUI then follows it with PVE's own task viewer and API.
"""

from __future__ import annotations

import fcntl
import os
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator, List, Optional

from ..core.errors import PvesmbgwError
from ..core.i18n import _

# PVE::UPID::decode's pattern.
_UPID = re.compile(r"^UPID:([a-zA-Z0-9]([a-zA-Z0-9\-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):"
                   r"([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s/]+):([^:\s/]*):([^:\s/]+):$")
# PVE::INotify::read_active_workers' line pattern.
_ACTIVE = re.compile(r"^(\S+)\s(0|1)(\s([0-9A-Za-z]{8})(\s(\s*\S.*))?)?$")
MAX_FINISHED = 25  # PVE keeps this many finished tasks in 'active'


class TaskError(PvesmbgwError):
    """A UPID that does not parse, or task files that cannot be written."""


@dataclass(frozen=True)
class Upid:
    """The fields of a UPID."""

    node: str
    pid: int
    pstart: int
    starttime: int
    type: str
    id: str
    user: str

    def __str__(self) -> str:
        """PVE::UPID::encode."""
        return (f"UPID:{self.node}:{self.pid:08X}:{self.pstart:08X}:{self.starttime:08X}:"
                f"{self.type}:{self.id}:{self.user}:")

    @classmethod
    def parse(cls, text: str) -> "Upid":
        """PVE::UPID::decode; TaskError when TEXT is no UPID."""
        m = _UPID.match(text)
        if not m:
            raise TaskError(_("unable to parse worker upid '{text}'").format(text=text))
        return cls(m.group(1), int(m.group(3), 16), int(m.group(4), 16), int(m.group(5), 16),
                   m.group(6), m.group(7), m.group(8))


def log_path(root: Path, upid: str) -> Path:
    """Where PVE keeps a task's log: <root>/<last hex digit of starttime>/<UPID>."""
    u = Upid.parse(upid)
    return root / f"{u.starttime:08X}"[7] / upid


def process_start(pid: int) -> Optional[int]:
    """PVE::ProcFSTools::read_proc_starttime: field 22 of /proc/PID/stat, or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: split after the last ')'.
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[19])


def is_running(pid: int, pstart: int) -> bool:
    """PVE::ProcFSTools::check_process_running: the same process (pid and start) lives."""
    return process_start(pid) == pstart


def read_status(root: Path, upid: str) -> str:
    """PVE::UPID::read_status: 'OK', 'WARNINGS: n', the error message, or why not known."""
    try:
        lines = log_path(root, upid).read_text(errors="replace").splitlines()
    except OSError as exc:
        return f"unable to get last line from task log - {exc.strerror}"
    line = lines[-1] if lines else ""
    if line == "TASK OK":
        return "OK"
    m = re.match(r"^TASK ERROR: (.+)$", line) or re.match(r"^TASK (WARNINGS: \d+)$", line)
    return m.group(1) if m else "unexpected status"


@contextmanager
def _active_lock(root: Path) -> Iterator[None]:
    """PVE::Tools::lock_file on tasks/.active.lock (flock, as PVE's lock_file does)."""
    fd = os.open(root / ".active.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TaskError(_("can't lock file '.active.lock' - got timeout")) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)


@dataclass
class _Entry:
    upid: str
    saved: int
    endtime: Optional[int] = None
    status: Optional[str] = None


def _read_active(root: Path) -> List[_Entry]:
    """PVE::INotify::read_active_workers."""
    try:
        text = (root / "active").read_text()
    except FileNotFoundError:
        return []
    out = []
    for line in text.splitlines():
        m = _ACTIVE.match(line)
        if m and _UPID.match(m.group(1)):
            out.append(_Entry(m.group(1), int(m.group(2)),
                              int(m.group(4), 16) if m.group(4) else None, m.group(6)))
    return out


def _write_active(root: Path, tasks: List[_Entry]) -> None:
    """PVE::INotify::write_active_workers, replaced atomically."""
    raw = ""
    for t in tasks:
        if t.endtime:
            raw += f"{t.upid} {t.saved} {t.endtime:08X}" + (f" {t.status}\n" if t.status else "\n")
        else:
            raw += f"{t.upid} {t.saved}\n"
    tmp = root / f".active.tmp.{os.getpid()}"
    tmp.write_text(raw)
    os.chmod(tmp, 0o644)
    os.replace(tmp, root / "active")


def active_workers(root: Path, new_upid: Optional[str] = None, nocheck: bool = False) -> None:
    """PVE::RESTEnvironment::active_workers: register NEW_UPID, archive finished tasks."""
    root.mkdir(parents=True, exist_ok=True)
    with _active_lock(root):
        running: List[_Entry] = []
        finished: List[_Entry] = []
        seen = set()
        entries = _read_active(root)
        if new_upid and new_upid not in {e.upid for e in entries}:
            entries.append(_Entry(new_upid, 0))
        for e in entries:
            if e.upid in seen:
                continue
            seen.add(e.upid)
            u = Upid.parse(e.upid)
            if (nocheck and e.upid == new_upid) or (e.endtime is None and is_running(u.pid, u.pstart)):
                running.append(e)
            else:
                finished.append(e)
        finished.sort(key=lambda e: Upid.parse(e.upid).starttime, reverse=True)
        for e in finished:
            if not e.endtime:
                e.endtime = int(time.time())
                e.status = read_status(root, e.upid)
        archive = ""
        for e in finished:
            if not e.saved:
                archive += f"{e.upid} {e.endtime or 0:08X} {e.status}\n"
                e.saved = 1
        if archive:
            with open(root / "index", "a") as fh:
                fh.write(archive)
        _write_active(root, running + finished[:max(MAX_FINISHED - len(running), 0)])


def new_log(root: Path, starttime: int) -> IO[bytes]:
    """A log file open for writing in the start time's directory, not yet named by its UPID."""
    d = root / f"{starttime:08X}"[7]
    d.mkdir(parents=True, exist_ok=True)
    fd = os.open(d / f".new.{os.getpid()}.{time.monotonic_ns()}",
                 os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
    return os.fdopen(fd, "wb", buffering=0)


def name_log(root: Path, fh: IO[bytes], upid: str) -> None:
    """Give the log opened by new_log its UPID's name (the open file keeps being written)."""
    os.rename(os.readlink(f"/proc/self/fd/{fh.fileno()}"), log_path(root, upid))


def result_line(error: Optional[str]) -> bytes:
    """fork_worker's last line: TASK OK, or TASK ERROR with the message on one line."""
    if error is None:
        return b"TASK OK\n"
    return f"TASK ERROR: {' '.join(error.strip().splitlines())}\n".encode()
