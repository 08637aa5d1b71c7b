"""The test network 198.51.100.0/24: one user at a time on this machine.

Every lab that puts addresses of the range on interfaces (the LXC bridge, the CTDB
bridge, the AD namespaces) holds an exclusive flock on LOCK_FILE while it exists, so
two test sessions (or a session and `make bench`) never route the range twice. Within
one process the lock is re-entrant: fixtures of one pytest session share it, and must
themselves not overlap in time (module scope), since the range has one route.

A lab that puts the range on host interfaces records them (``claim``) next to the lock:
its interfaces with their ifindexes, its network namespaces, and the process that made
them. A run killed before its teardown (SIGKILL, a lost machine) leaves them behind, and
then every later run would skip the tier; the next holder of the lock removes them
(``reclaim``) once the process that made them is gone, and only what the record names,
by the ifindex it had.
"""

from __future__ import annotations

import errno
import fcntl
import ipaddress
import json
import os
import signal
import time
from pathlib import Path
from typing import Optional, Sequence

SUBNET = "198.51.100.0/24"
LOCK_FILE = Path("/run/lock/pvgwt-lxc-net.lock")
LOCK_WAIT = float(os.environ.get("PVGWT_LXC_LOCK_WAIT", "300"))
CLAIM_DIR = LOCK_FILE.parent

_fd: Optional[int] = None
_depth = 0


class NetworkBusy(Exception):
    """Another process held the test network for longer than LOCK_WAIT seconds."""


def acquire(wait: float = LOCK_WAIT) -> None:
    """Take the test network (waiting up to WAIT s); NetworkBusy when that fails."""
    global _fd, _depth
    if _depth == 0:
        LOCK_FILE.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EWOULDBLOCK) or \
                        time.monotonic() > deadline:
                    os.close(fd)
                    if exc.errno in (errno.EAGAIN, errno.EWOULDBLOCK):
                        raise NetworkBusy(f"another process holds {LOCK_FILE} (the "
                                          "198.51.100.0/24 test network)") from None
                    raise
                time.sleep(1)
        _fd = fd
    _depth += 1


def acquire_or_skip() -> None:
    """acquire() for a pytest fixture: skip the test, with the reason, when busy."""
    try:
        acquire()
    except NetworkBusy as exc:
        import pytest
        pytest.skip(str(exc))


def release() -> None:
    global _fd, _depth
    _depth -= 1
    if _depth == 0 and _fd is not None:
        os.close(_fd)  # closing the last descriptor drops the flock
        _fd = None


def routes_in_subnet() -> list[str]:
    """The routes (any table) that overlap SUBNET, as "dst dev D table T" lines."""
    from .proc import run
    proc = run(["ip", "-j", "-4", "route", "show", "table", "all"], check=False)
    out: list[str] = []
    try:
        routes = json.loads(proc.stdout or "[]")
    except ValueError:
        return out
    net = ipaddress.ip_network(SUBNET)
    for r in routes:
        dst = r.get("dst", "")
        if dst in ("default", "") or r.get("type") in ("broadcast",):
            continue
        try:
            if ipaddress.ip_network(dst, strict=False).overlaps(net):
                out.append(f"{dst} dev {r.get('dev')} table {r.get('table', 'main')}")
        except ValueError:
            continue
    return out


def ifindex(name: str) -> Optional[int]:
    """The ifindex of interface NAME in this namespace, or None when there is none."""
    try:
        return int(Path(f"/sys/class/net/{name}/ifindex").read_text())
    except OSError:
        return None


# --------------------------------------------------------------------------------------------
# what a lab put on the host, for the next run when this one dies before its teardown
# --------------------------------------------------------------------------------------------


def _claim_file(lab: str) -> Path:
    return CLAIM_DIR / f"pvgwt-net-{lab}.claim"


def _start_time(pid: int) -> Optional[str]:
    """The start time of process PID (field 22 of /proc/PID/stat), None when it is gone;
    with the pid it tells a live owner from a new process that reuses the number."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def claim(lab: str, interfaces: Sequence[str], namespaces: Sequence[str] = ()) -> None:
    """Record that this process made INTERFACES (by their current ifindexes) and
    NAMESPACES for LAB; ``release_claim`` when they are gone."""
    record = {"pid": os.getpid(), "start": _start_time(os.getpid()),
              "interfaces": {n: ifindex(n) for n in interfaces},
              "namespaces": list(namespaces)}
    _claim_file(lab).write_text(json.dumps(record) + "\n")


def release_claim(lab: str) -> None:
    try:
        _claim_file(lab).unlink()
    except FileNotFoundError:
        pass


def reclaim(lab: str) -> list[str]:
    """Remove what a dead run of LAB recorded and left (call while holding the lock):
    processes still in its namespaces, the namespaces, and each interface that still has
    the recorded ifindex. Returns what was removed, for the test's output."""
    from .proc import run
    path = _claim_file(lab)
    try:
        record = json.loads(path.read_text())
    except (OSError, ValueError):
        return []
    pid = int(record.get("pid", 0))
    if pid == os.getpid() or (pid and _start_time(pid) == record.get("start")):
        return []  # its maker still runs (this process or another): not a leftover
    removed: list[str] = []
    for ns in record.get("namespaces", []):
        if not Path(f"/run/netns/{ns}").exists():
            continue
        for p in run(["ip", "netns", "pids", ns], check=False).stdout.split():
            try:
                os.kill(int(p), signal.SIGKILL)
            except (ProcessLookupError, ValueError):
                pass
        run(["ip", "netns", "del", ns], check=False)
        removed.append(f"netns {ns}")
    for name, index in record.get("interfaces", {}).items():
        if index is not None and ifindex(name) == index:
            run(["ip", "link", "del", name], check=False)
            removed.append(f"interface {name}")
    path.unlink()
    if removed:
        print(f"netlock: removed what a killed run of the {lab} lab left "
              f"(process {pid} is gone): {', '.join(removed)}")
    return removed
