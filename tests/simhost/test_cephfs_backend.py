"""CephFS shares against the simulated `ceph fs subvolume` (tests/sim/storesim)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Optional

from tests.lib.simhost import SimHost, each_step


def add_cephfs_storage(host: SimHost) -> Path:
    mount = host.state / "storage-root" / "cephfs"
    cfg = host.state / "etc/pve/storage.cfg"
    cfg.write_text(cfg.read_text() + f"\ncephfs: cephfs\n\tpath {mount}\n"
                   "\tcontent backup,iso,vztmpl\n\tfs-name cephfs\n")
    return mount


def info(host: SimHost, sub: str) -> Optional[dict]:
    proc = host.tool("ceph", "fs", "subvolume", "info", "cephfs", sub, "--format", "json",
                     check=False)
    return json.loads(proc.stdout) if proc.returncode == 0 else None


def test_cephfs_share_lifecycle(sim_host: SimHost, tmp_path: Path) -> None:
    host = sim_host
    mount = add_cephfs_storage(host)
    user, password = host.add_user()
    share = host.json("create", "cf", "--storage", "cephfs", "--quota", "1G")["share"]
    path = Path(share["path"])
    rel = host.tool("ceph", "fs", "subvolume", "getpath", "cephfs", "smb-cf").stdout.strip()
    assert path == mount / rel.lstrip("/")
    assert share["backend"] == "cephfs"
    assert info(host, "smb-cf")["bytes_quota"] == 1 << 30
    include = (host.sandbox.root / "pvesmbgw-shares.conf").read_text()
    assert f"\tpath = {path}\n" in include
    assert "\tvfs objects = acl_xattr streams_xattr ceph_snapshots\n" in include

    from tests.lib.samba import run_smbclient
    (tmp_path / "a.txt").write_text("first\n")
    put = run_smbclient(host.sandbox, "cf", user, password, "put a.txt", cwd=tmp_path)
    assert put.returncode == 0, put.stdout + put.stderr
    assert (path / "a.txt").read_text() == "first\n"

    host.cli("set", "cf", "--quota", "2G")
    assert info(host, "smb-cf")["bytes_quota"] == 2 << 30
    assert host.json("status", "cf")["usage"]["quota"] == 2 << 30

    snap = host.json("snapshot", "create", "cf")["snapshot"]
    (path / "a.txt").write_text("second\n")
    time.sleep(1.1)
    host.cli("snapshot", "rollback", "cf", snap)
    assert (path / "a.txt").read_text() == "first\n"
    assert len(host.json("snapshot", "list", "cf")["snapshots"]) == 2

    host.cli("delete", "cf", "--purge")
    assert info(host, "smb-cf") is None


def test_fault_at_every_step_leaves_ceph_unchanged(sim_host: SimHost) -> None:
    host = sim_host
    add_cephfs_storage(host)
    host.cli("create", "keep", "--storage", "cephfs")

    def ceph_state() -> str:
        subs = host.tool("ceph", "fs", "subvolume", "ls", "cephfs", "--format", "json").stdout
        return subs + str(host.fingerprint())
    before = ceph_state()

    def unchanged(step: int) -> None:
        assert ceph_state() == before, f"fault at step {step} left changes"
    create = ["create", "cf", "--storage", "cephfs", "--quota", "1G"]
    assert each_step(host, create, unchanged) >= 4
    for args in (["set", "cf", "--quota", "3G"], ["snapshot", "create", "cf"]):
        before = ceph_state()
        assert each_step(host, args, unchanged) >= 2
    before = ceph_state()

    def finished(step: int) -> None:
        nonlocal before
        host.cli("reconcile")
        assert info(host, "smb-cf") is None
        host.cli(*create)
        before = ceph_state()
    assert each_step(host, ["delete", "cf", "--purge"], unchanged, finished) >= 3
    assert info(host, "smb-cf") is None


def test_fault_at_each_rollback_step(sim_host: SimHost) -> None:
    host = sim_host
    add_cephfs_storage(host)
    path = Path(host.json("create", "rb", "--storage", "cephfs")["share"]["path"])
    (path / "f.txt").write_text("one\n")
    snap = host.json("snapshot", "create", "rb")["snapshot"]
    (path / "f.txt").write_text("two\n")

    def state() -> tuple[str, str]:
        snaps = host.tool("ceph", "fs", "subvolume", "snapshot", "ls", "cephfs", "smb-rb",
                          "--format", "json").stdout
        return (path / "f.txt").read_text(), snaps
    before = state()

    def unchanged(step: int) -> None:
        assert state() == before, f"fault at step {step} left changes"
    time.sleep(1.1)
    assert each_step(host, ["snapshot", "rollback", "rb", snap], unchanged) >= 2
    assert (path / "f.txt").read_text() == "one\n"
