"""The test network 198.51.100.0/24: one user at a time on this machine.

Every lab that puts addresses of the range on interfaces (the LXC bridge, the CTDB
bridge, the AD namespaces) holds an exclusive flock on LOCK_FILE while it exists, so
two test sessions (or a session and `make bench`) never route the range twice. Within
one process the lock is re-entrant: fixtures of one pytest session share it, and must
themselves not overlap in time (module scope), since the range has one route.
"""

from __future__ import annotations

import errno
import fcntl
import ipaddress
import json
import os
import time
from pathlib import Path
from typing import Optional

SUBNET = "198.51.100.0/24"
LOCK_FILE = Path("/run/lock/pvgwt-lxc-net.lock")
LOCK_WAIT = float(os.environ.get("PVGWT_LXC_LOCK_WAIT", "300"))

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
