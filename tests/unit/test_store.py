"""The state store and the cluster-wide lock (core/store.py): where files go, which
locks are taken over and which are waited for, and the versioned documents."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from pvesmbgw.core import store
from pvesmbgw.core.errors import ConfigError, LockError


def test_state_goes_to_the_cluster_filesystem_when_it_is_there(tmp_path: Path) -> None:
    alone = store.Store(tmp_path / "pve", tmp_path / "state")
    assert not alone.clustered and alone.path("registry.json") == tmp_path / "state/registry.json"
    (tmp_path / "pve").mkdir()
    assert alone.clustered
    assert alone.path("registry.json") == tmp_path / "pve/pvesmbgw/registry.json"
    assert alone.cluster_lock == tmp_path / "pve/priv/lock/pvesmbgw"


def _lock(tmp_path: Path, node: str) -> store.ClusterLock:
    return store.ClusterLock(tmp_path / "priv/lock/pvesmbgw", tmp_path / "owner.json", node)


def test_held_by_another_node_it_waits_then_says_who_holds_it(tmp_path: Path) -> None:
    other = _lock(tmp_path, "pve2")
    other.acquire(1)
    try:
        said: list[str] = []
        mine = store.ClusterLock(other.path, other.owner_file, "pve1", said.append)
        with pytest.raises(LockError, match=r"held \(node pve2, pid \d+\)"):
            mine.acquire(0.5)
        assert said == [f"waiting for the cluster-wide lock (node pve2, pid {os.getpid()})"]
        assert other.path.is_dir()  # still the other node's
    finally:
        other.release()
    assert not other.path.exists() and not other.owner_file.exists()


def test_a_lock_this_node_left_is_taken_over_at_once(tmp_path: Path) -> None:
    dead = _lock(tmp_path, "pve1")
    dead.acquire(1)
    dead._stop.set()  # the process "died": nobody refreshes or releases it
    start = time.monotonic()
    mine = _lock(tmp_path, "pve1")
    mine.acquire(5)
    assert time.monotonic() - start < 1
    assert json.loads(mine.owner_file.read_text())["pid"] == os.getpid()
    mine.release()


def test_an_older_owner_record_does_not_hand_over_a_newer_lock(tmp_path: Path) -> None:
    """The owner file names the directory's inode: a stale record of this node must not
    make it break a lock another node has just taken."""
    lock = _lock(tmp_path, "pve1")
    lock.path.parent.mkdir(parents=True)
    lock.path.mkdir()
    lock.owner_file.write_text(json.dumps({"node": "pve1", "pid": 1, "inode": -1}))
    with pytest.raises(LockError):
        lock.acquire(0.3)
    assert lock.path.is_dir()


def test_an_unrefreshed_lock_expires_after_pmxcfs_lifetime(tmp_path: Path) -> None:
    lock = _lock(tmp_path, "pve1")
    lock.path.parent.mkdir(parents=True)
    lock.path.mkdir()
    lock.owner_file.write_text(json.dumps({"node": "pve2", "pid": 1, "inode": 0}))
    old = time.time() - store.LOCK_LIFETIME - 5
    os.utime(lock.path, (0, old))
    lock.acquire(2)
    assert json.loads(lock.owner_file.read_text())["node"] == "pve1"
    lock.release()


def test_documents_carry_their_version(tmp_path: Path) -> None:
    data = store.dumps_document(2, {"b": 1, "a": [1]})
    assert json.loads(data) == {"version": 2, "a": [1], "b": 1}
    assert store.loads_document(data, (1, 2), "f", "registry")["b"] == 1
    with pytest.raises(ConfigError, match="f: unsupported format version 2"):
        store.loads_document(data, (1,), "f", "registry")
    with pytest.raises(ConfigError, match="f: corrupt registry"):
        store.loads_document(b"{", (1,), "f", "registry")
