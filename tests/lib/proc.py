"""Running commands and stopping processes, for every lab."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Callable, Optional, Sequence

import pytest

CMD_TIMEOUT = 60.0


def run(argv: Sequence[str], *, check: bool = True, input: Optional[str] = None,
        timeout: float = CMD_TIMEOUT, cwd: Optional[Path] = None) -> subprocess.CompletedProcess[str]:
    """Run a command, capturing text output; on failure raise with both streams in the message."""
    proc = subprocess.run(list(argv), input=input, capture_output=True, text=True,
                          timeout=timeout, cwd=cwd, check=False)
    if check and proc.returncode != 0:
        raise RuntimeError(f"{list(argv)!r} failed rc={proc.returncode}\n"
                           f"stdout: {proc.stdout}\nstderr: {proc.stderr}")
    return proc


def missing_tools(*names: str) -> list[str]:
    return [n for n in names if shutil.which(n) is None]


def require_root(what: str) -> None:
    if os.geteuid() != 0:
        pytest.skip(f"{what} needs root")


def read_cmdline(pid: int) -> list[str]:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [a.decode("utf-8", "surrogateescape") for a in raw.split(b"\0") if a]


def is_alive(pid: int) -> bool:
    """True if pid exists and is not a zombie (zombies are dead, just not yet reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    # field 3 follows the parenthesised comm, which may itself contain spaces/parens
    state = stat.rsplit(")", 1)[-1].split()[0]
    return state not in ("Z", "X")


def stop_processes(list_pids: Callable[[], list[int]],
                   schedule: Sequence[tuple[int, float]], poll: float = 0.1,
                   ours: Optional[Callable[[int], bool]] = None) -> set[int]:
    """For each (signal, wait) of SCHEDULE: send the signal to what LIST_PIDS finds (only
    to a pid OURS still accepts right before, against pid reuse), then wait until those
    are gone. Returns every pid it found."""
    seen: set[int] = set()
    for sig, wait in schedule:
        pids = list_pids()
        if not pids:
            break
        seen.update(pids)
        for pid in pids:
            if ours is None or ours(pid):
                try:
                    os.kill(pid, sig)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and any(is_alive(p) for p in pids):
            time.sleep(poll)
    return seen


class ProcWatcher(threading.Thread):
    """Reads every other process's cmdline and environ while it runs and keeps each
    distinct one, so that a value can be looked for afterwards (`hits`), even one made
    inside the command watched (a generated secret)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.seen: dict[bytes, str] = {}  # what a process showed: where first
        self.scans = 0
        self._halt = threading.Event()

    def run(self) -> None:
        me = str(os.getpid())
        while not self._halt.is_set():
            for entry in os.listdir("/proc"):
                if not entry.isdigit() or entry == me:
                    continue
                for name in ("cmdline", "environ"):
                    try:
                        data = Path(f"/proc/{entry}/{name}").read_bytes()
                    except OSError:
                        continue
                    self.seen.setdefault(data, f"/proc/{entry}/{name}")
            self.scans += 1

    def hits(self, value: str) -> list[str]:
        """Where VALUE showed: the process file and the start of what it held."""
        needle = value.encode()
        return [f"{where}: {data[:200]!r}" for data, where in self.seen.items()
                if needle in data]

    def stop(self) -> None:
        self._halt.set()
        self.join(10)


class SecretWatcher(ProcWatcher):
    """A ProcWatcher for one value known in advance: `found` lists where it showed."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self.secret = secret

    @property
    def found(self) -> list[str]:
        return self.hits(self.secret)
