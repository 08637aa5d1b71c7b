"""The plumbing of a simulator state directory: one flock for a whole invocation, JSON
documents replaced atomically, and logs with one JSON object per line."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from typing import Any, Iterator, List


@contextlib.contextmanager
def locked(path: str) -> Iterator[None]:
    """Hold an exclusive flock on PATH (created 0600 when missing)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def read_json(path: str, default: Any = None) -> Any:
    """The JSON document at PATH; DEFAULT (None: {}) when it is missing or unreadable."""
    try:
        with open(path) as fh:
            return json.load(fh)
    except (FileNotFoundError, ValueError):
        return {} if default is None else default


def write_json(path: str, data: Any, tmp: str = "") -> None:
    """Replace PATH with DATA (indented, sorted keys) through TMP (default PATH.tmp)."""
    tmp = tmp or path + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(data, fh, indent=1, sort_keys=True)
    os.replace(tmp, path)


def append_log(path: str, record: dict) -> None:
    """Append RECORD as one line (a single write, so concurrent writers do not interleave)."""
    line = json.dumps(record, sort_keys=True) + "\n"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode())
    finally:
        os.close(fd)


def read_log(path: str) -> List[dict]:
    try:
        with open(path) as fh:
            return [json.loads(line) for line in fh if line.strip()]
    except FileNotFoundError:
        return []


def unlink(path: str) -> None:
    """Remove PATH if it exists."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def log_call(path: str, tool: str, argv: List[str], rc: int, started: float,
             **extra: Any) -> None:
    """Append one tool invocation to the call log at PATH: tool, argv, rc, pid, start time,
    duration and EXTRA. A log that cannot be written is no reason to fail the tool."""
    record = {"tool": tool, "argv": argv, "rc": rc, "pid": os.getpid(), "t": round(started, 3),
              "dur": round(time.time() - started, 3), **extra}
    try:
        append_log(path, record)
    except OSError:
        pass
