"""Where the desired state lives, and the lock every node of a cluster respects.

On a PVE node the state goes to the cluster filesystem (`<pve_root>/pvesmbgw/`, which
pmxcfs replicates to every node); a host without one keeps it in state_dir. Mutating
commands hold, in this order:

1. a node-local flock (state_dir/lock): two commands on one node wait for each other,
   and a command that died released it with its process;
2. on the cluster filesystem, a directory lock as PVE's own `cfs_lock` takes it: mkdir
   `<pve_root>/priv/lock/pvesmbgw` (atomic across the cluster on pmxcfs), rmdir to
   release. pmxcfs expires a lock after 120 s unless its holder refreshes it
   (`utime(0, now)`, which a thread here does); a waiter asks pmxcfs to drop an expired
   lock with `utime(0, 0)`. A directory that is not pmxcfs (a test lab's stand-in for
   /etc/pve) has no such daemon, so there a waiter applies the same 120 s rule itself.

A lock left by a command that died on *this* node is taken over at once: holding the
node's flock proves no live command here holds it (the owner file names the node and
the lock directory's inode, so a newer lock of another node is never mistaken for it).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Optional, Sequence

from . import fsutil
from .errors import ConfigError, LockError
from .i18n import _

log = logging.getLogger(__name__)

SUBDIR = "pvesmbgw"
LOCK_ID = "pvesmbgw"
# pmxcfs drops a lock that was not refreshed for this long (CFS_LOCK_TIMEOUT).
LOCK_LIFETIME = 120.0
REFRESH_EVERY = 30.0


def dumps_document(version: int, data: dict[str, Any]) -> bytes:
    """A state file's bytes: DATA with its format version, stable key order."""
    return (json.dumps({"version": version, **data}, indent=1, sort_keys=True) + "\n").encode()


def loads_document(text: bytes, versions: Sequence[int], source: str,
                   what: str) -> dict[str, Any]:
    """A state file's JSON object (a WHAT), refused unless its version is in VERSIONS."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ConfigError(_("{source}: corrupt {what}: {exc}").format(source=source, what=what, exc=exc)) from None
    if not isinstance(data, dict):
        raise ConfigError(_("{source}: corrupt {what}: not a JSON object").format(source=source, what=what))
    if data.get("version") not in versions:
        raise ConfigError(_("{source}: unsupported format version {version!r}").format(source=source, version=data.get('version')))
    return data


@dataclass(frozen=True)
class Store:
    """The folder holding the desired state and the lock that guards it."""

    pve_root: Path
    state_dir: Path

    @property
    def clustered(self) -> bool:
        """True on a PVE node: the cluster filesystem is mounted at pve_root."""
        return self.pve_root.is_dir()

    @property
    def root(self) -> Path:
        return self.pve_root / SUBDIR if self.clustered else self.state_dir

    def path(self, name: str) -> Path:
        return self.root / name

    @property
    def node_lock(self) -> Path:
        return self.state_dir / "lock"

    @property
    def cluster_lock(self) -> Path:
        return self.pve_root / "priv" / "lock" / LOCK_ID

    @property
    def owner_file(self) -> Path:
        return self.pve_root / SUBDIR / "lock-owner.json"

    @contextmanager
    def locked(self, node: str, timeout: float = 60.0,
               waiting: Optional[Callable[[str], None]] = None) -> Iterator[None]:
        """Hold the node lock and, on a cluster filesystem, the cluster-wide lock."""
        with fsutil.file_lock(self.node_lock, timeout):
            if not self.clustered:
                yield
                return
            lock = ClusterLock(self.cluster_lock, self.owner_file, node, waiting)
            lock.acquire(timeout)
            try:
                yield
            finally:
                lock.release()


class ClusterLock:
    """PVE's cfs lock: a directory whose creation is atomic on every node."""

    def __init__(self, path: Path, owner_file: Path, node: str,
                 waiting: Optional[Callable[[str], None]] = None) -> None:
        self.path = path
        self.owner_file = owner_file
        self.node = node
        self.waiting = waiting or (lambda line: None)
        self._stop = threading.Event()
        self._refresher: Optional[threading.Thread] = None
        self._pmxcfs: Optional[bool] = None

    def acquire(self, timeout: float) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                self.path.mkdir()
                break
            except FileExistsError:
                pass
            if self._stale():
                continue
            if time.monotonic() > deadline:
                raise LockError(_("the cluster-wide lock {path} is held ({holder});"
                                " try again when that command has finished").format(path=self.path, holder=self._holder()))
            if not told:
                self.waiting(f"waiting for the cluster-wide lock ({self._holder()})")
                told = True
            time.sleep(1)  # PVE's cfs_lock polls once a second too
        self._write_owner()
        self._refresher = threading.Thread(target=self._refresh, name="cfs-lock-refresh",
                                           daemon=True)
        self._refresher.start()

    def release(self) -> None:
        self._stop.set()
        if self._refresher is not None:
            self._refresher.join()
        fsutil.remove_file(self.owner_file)
        try:
            self.path.rmdir()
        except FileNotFoundError:
            log.warning("the cluster-wide lock %s was gone before its release (expired?)",
                        self.path)

    # -- internals ---------------------------------------------------------------------

    def _owner(self) -> dict[str, object]:
        try:
            data = json.loads(fsutil.read_bytes(self.owner_file) or b"{}")
            return data if isinstance(data, dict) else {}
        except ValueError:
            return {}

    def _holder(self) -> str:
        owner = self._owner()
        if not owner:
            return "holder unknown"
        return f"node {owner.get('node')}, pid {owner.get('pid')}"

    def _write_owner(self) -> None:
        owner = {"node": self.node, "pid": os.getpid(), "inode": self.path.stat().st_ino,
                 "since": int(time.time())}
        fsutil.atomic_write(self.owner_file, (json.dumps(owner) + "\n").encode(), 0o640)

    def _stale(self) -> bool:
        """Drop a lock nobody can hold any more; True when it was dropped."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return True  # released meanwhile: try again at once
        owner = self._owner()
        if owner.get("node") == self.node and owner.get("inode") == st.st_ino:
            # Ours, and the caller holds this node's flock: its holder died.
            log.warning("taking over the cluster-wide lock left by pid %s", owner.get("pid"))
            return self._drop()
        if self._on_pmxcfs():
            os.utime(self.path, (0, 0))  # cfs unlock request: pmxcfs drops it if expired
            return False
        if time.time() - st.st_mtime > LOCK_LIFETIME:
            log.warning("the cluster-wide lock %s expired (%s); taking it over", self.path,
                        self._holder())
            return self._drop()
        return False

    def _drop(self) -> bool:
        try:
            self.path.rmdir()
        except FileNotFoundError:
            pass
        return True

    def _on_pmxcfs(self) -> bool:
        if self._pmxcfs is None:
            self._pmxcfs = fsutil.mount_of(self.path.parent).fstype == "fuse"
        return self._pmxcfs

    def _refresh(self) -> None:
        """Keep the lock alive while a long command (a VM template build) holds it."""
        while not self._stop.wait(REFRESH_EVERY):
            try:
                os.utime(self.path, (0, time.time()))  # cfs lock update request
            except OSError as exc:
                log.warning("could not refresh the cluster-wide lock: %s", exc)
