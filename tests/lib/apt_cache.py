"""A private apt-cacher-ng for tests whose guests install Debian packages (pve-svc templates).

A lab container reaches nothing but the host, so its apt goes through a caching proxy the
test starts on a host address the container can reach::

    with apt_cache("198.51.100.1") as proxy:       # "http://198.51.100.1:3142"
        ... apt-get -o Acquire::http::Proxy=<proxy> install nginx-light (in the guest)

The proxy is a foreground child of the test (its own PID, stopped by that PID on exit, never
by name), configured from a copy of /etc/apt-cacher-ng in a temporary directory. The cache
itself stays in CACHE_DIR between runs, so the second run of a test downloads nothing; the
logs go to the temporary directory and are dropped with it (``AptCache.log_tail()`` while it
runs, and the start error quotes them).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

import pytest

ACNG = "/usr/sbin/apt-cacher-ng"
CONF_DIR = Path("/etc/apt-cacher-ng")
# Persistent, next to the lab's other caches (the rootfs), so repeated runs are fast.
CACHE_DIR = Path("/var/cache/pvesmbgw-test/apt-cacher-ng")
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
# apt-cacher-ng 3.7.4 (bookworm) cannot bind a port above 32767: it formats the port as a
# signed 16-bit number and fails with "Error resolving address for binding" (measured).
MAX_PORT = 32767
# Where it fetches Debian from. apt-cacher-ng folds every known Debian mirror into one cache
# ("debrep") and fetches from backends_debian, by default ftp.debian.org; this host (and the
# lab rootfs) use deb.debian.org, and a host with a restricted resolver may reach only that
# one: the proxy then answers 503 "Host not found". So the backend is the host's own mirror.
DEBIAN_MIRROR = "http://deb.debian.org/debian/"


@dataclass
class AptCache:
    """A running apt-cacher-ng: its URL, PID and private directory."""

    url: str
    pid: int
    workdir: Path

    def log_tail(self, lines: int = 40) -> str:
        """The end of its error and access logs and of its output (for failure messages)."""
        parts = []
        for name in ("log/apt-cacher.err", "log/apt-cacher.log", "output"):
            path = self.workdir / name
            try:
                text = path.read_text(errors="replace").splitlines()[-lines:]
            except OSError:
                continue
            parts.append(f"--- {name}\n" + "\n".join(text))
        return "\n".join(parts)


def _url(bind_ip: str, port: int) -> str:
    host = f"[{bind_ip}]" if ":" in bind_ip else bind_ip
    return f"http://{host}:{port}"


def free_port(bind_ip: str = "127.0.0.1", first: int = 3142) -> int:
    """The first port from FIRST up that nothing listens on and that we can bind on BIND_IP."""
    for port in range(first, MAX_PORT + 1):
        family = socket.AF_INET6 if ":" in bind_ip else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as s:
            try:
                s.bind((bind_ip, port))
            except OSError:
                continue
        if not _answers(bind_ip, port):
            return port
    raise RuntimeError(f"apt_cache: no free port on {bind_ip} from {first} to {MAX_PORT}")


def _answers(bind_ip: str, port: int) -> bool:
    try:
        with socket.create_connection((bind_ip, port), timeout=0.5):
            return True
    except OSError:
        return False


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM (it closes its logs and exits), then SIGKILL: by PID, the child only."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=STOP_TIMEOUT)


@contextmanager
def apt_cache_process(bind_ip: str, port: int = 3142, *,
                      cache_dir: Path = CACHE_DIR,
                      debian_mirror: str = DEBIAN_MIRROR,
                      timeout: float = START_TIMEOUT) -> Iterator[AptCache]:
    """Run apt-cacher-ng on BIND_IP:PORT until the block ends; yields an AptCache.

    Skips the test when apt-cacher-ng is not installed or we are not root (the cache below
    /var/cache is root's); raises RuntimeError when the port is taken or it does not start.
    """
    if not os.access(ACNG, os.X_OK):
        pytest.skip(f"apt-cacher-ng not installed ({ACNG}; scripts/install-deps.sh test)")
    if os.geteuid() != 0:
        pytest.skip("apt_cache needs root (its cache is below /var/cache)")
    if not 0 < port <= MAX_PORT:
        raise ValueError(f"apt_cache: port {port} outside 1..{MAX_PORT} (apt-cacher-ng 3.7)")
    if _answers(bind_ip, port):
        raise RuntimeError(f"apt_cache: {bind_ip}:{port} is already in use")
    cache_dir.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="pvgwt-acng-"))
    proc: Optional[subprocess.Popen[bytes]] = None
    try:
        conf = workdir / "conf"
        # symlinks=True: the *.default backends are links into /usr/lib and /var/lib.
        shutil.copytree(CONF_DIR, conf, symlinks=True)
        (conf / "backends_debian").write_text(debian_mirror.rstrip("/") + "/\n")
        (workdir / "log").mkdir()
        argv = [ACNG, "-c", str(conf),
                 "ForeGround=1", f"CacheDir={cache_dir}", f"LogDir={workdir / 'log'}",
                 f"Port={port}", f"BindAddress={bind_ip}",
                 # Not the system daemon's socket and pid file in /run/apt-cacher-ng.
                 f"SocketPath={workdir / 'socket'}", f"PidFile={workdir / 'pid'}",
                 "UnbufferLogs=1"]
        with open(workdir / "output", "wb") as out:
            # Own session: a ^C in the terminal reaches pytest, which then stops it here.
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        cache = AptCache(_url(bind_ip, port), proc.pid, workdir)
        deadline = time.monotonic() + timeout
        while not _answers(bind_ip, port):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"apt_cache: apt-cacher-ng did not answer on "
                                   f"{bind_ip}:{port} (rc={proc.poll()})\n{cache.log_tail()}")
            time.sleep(0.1)
        yield cache
    finally:
        if proc is not None:
            _stop(proc)
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def apt_cache(bind_ip: str, port: int = 3142) -> Iterator[str]:
    """Run apt-cacher-ng on BIND_IP:PORT until the block ends; yields its URL http://IP:PORT."""
    with apt_cache_process(bind_ip, port) as cache:
        yield cache.url
