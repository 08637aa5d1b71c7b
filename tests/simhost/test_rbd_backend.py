"""RBD shares against the simulated rbd (images on real loop devices, real ext4)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Optional

from tests.lib.simhost import SimHost


def can_resize_ext4_online() -> bool:
    """Online ext4 growth needs CAP_SYS_RESOURCE, which some sandboxes (this one) drop."""
    status = Path("/proc/self/status").read_text()
    return bool(int(status.split("CapEff:")[1].split()[0], 16) & (1 << 24))


def add_rbd_storage(host: SimHost) -> None:
    cfg = host.state / "etc/pve/storage.cfg"
    cfg.write_text(cfg.read_text() + "\nrbd: ceph-rbd\n\tpool rbd\n\tcontent images,rootdir\n"
                   "\tkrbd 1\n")


def image_info(host: SimHost, image: str) -> Optional[dict]:
    proc = host.tool("rbd", "info", image, "--format", "json", check=False)
    return json.loads(proc.stdout) if proc.returncode == 0 else None


def mapped(host: SimHost) -> list:
    return json.loads(host.tool("rbd", "showmapped", "--format", "json").stdout or "[]")


def test_rbd_share_lifecycle(sim_host: SimHost, tmp_path: Path) -> None:
    host = sim_host
    add_rbd_storage(host)
    user, password = host.add_user()
    share = host.json("create", "blk", "--storage", "ceph-rbd", "--quota", "64M")["share"]
    path = Path(share["path"])
    assert path == host.state / "rbd-mnt" / "ceph-rbd" / "blk"
    assert os.path.ismount(path)
    assert image_info(host, "rbd/smb-blk")["size"] == 64 << 20
    fstab = (host.state / "etc/fstab").read_text()
    assert f"/dev/rbd/rbd/smb-blk {path} ext4 noauto,_netdev,nofail 0 0" in fstab
    assert "rbd/smb-blk id=admin" in (host.state / "etc/ceph/rbdmap").read_text()

    from tests.lib.samba import run_smbclient
    (tmp_path / "a.txt").write_text("on a block device\n")
    put = run_smbclient(host.sandbox, "blk", user, password, "put a.txt", cwd=tmp_path)
    assert put.returncode == 0, put.stdout + put.stderr
    assert (path / "a.txt").read_text() == "on a block device\n"

    # Grow online; shrinking is refused before anything changes.
    if can_resize_ext4_online():
        host.cli("set", "blk", "--quota", "128M")
        assert image_info(host, "rbd/smb-blk")["size"] == 128 << 20
        assert host.json("status", "blk")["usage"]["total"] > 100 << 20
    else:
        plan = host.cli("--dry-run", "set", "blk", "--quota", "128M").stdout
        assert "rbd resize --size 128M rbd/smb-blk" in plan and "resize2fs" in plan
    bad = host.cli("set", "blk", "--quota", "32M", check=2)
    assert "can grow but not shrink" in bad.stderr
    assert host.cli("create", "x", "--storage", "ceph-rbd", check=2).stderr.endswith(
        "quota: an RBD image has a fixed size: give --quota\n")

    snap = host.json("snapshot", "create", "blk")["snapshot"]
    assert [s["name"] for s in host.json("snapshot", "list", "blk")["snapshots"]] == [snap]
    assert "block-level" in host.cli("snapshot", "rollback", "blk", snap, check=2).stderr

    host.cli("delete", "blk", "--purge")
    assert image_info(host, "rbd/smb-blk") is None
    assert not os.path.ismount(path) and mapped(host) == []
    assert "smb-blk" not in (host.state / "etc/fstab").read_text()


def test_fault_at_every_step_leaves_no_image_mapping_or_mount(sim_host: SimHost) -> None:
    host = sim_host
    add_rbd_storage(host)

    def rbd_state() -> str:
        images = host.tool("rbd", "ls", "rbd", "--format", "json").stdout
        mounts = [l for l in Path("/proc/mounts").read_text().splitlines()
                  if str(host.state) in l]
        return images + str(mapped(host)) + str(mounts) + str(host.fingerprint()) + \
            str([(f, f.read_text()) for f in (host.state / "etc/fstab",
                                               host.state / "etc/ceph/rbdmap") if f.exists()])
    before = rbd_state()
    create = ["create", "blk", "--storage", "ceph-rbd", "--quota", "64M"]
    step = 1
    while True:
        proc = host.cli(*create, env={"PVESMBGW_FAULT_AT": str(step)}, check=None)
        if proc.returncode == 0:
            break
        assert proc.returncode == 1 and "rolled back" in proc.stderr, proc.stderr
        assert rbd_state() == before, f"fault at step {step} left changes"
        step += 1
        assert step < 40
    assert step > 8  # create, map, mkfs, mkdirs, mount, owner, rbdmap, fstab, registry...

    before = rbd_state()
    step = 1
    while True:
        proc = host.cli("delete", "blk", "--purge", env={"PVESMBGW_FAULT_AT": str(step)},
                        check=None)
        if proc.returncode == 0:
            break
        assert proc.returncode == 1, proc.stderr
        if "point of no return" in proc.stderr:
            host.cli("reconcile")
            assert image_info(host, "rbd/smb-blk") is None and mapped(host) == []
            host.cli(*create)
        else:
            assert rbd_state() == before, f"fault at step {step} left changes"
        before = rbd_state()
        step += 1
        assert step < 40
    assert image_info(host, "rbd/smb-blk") is None and mapped(host) == []


def test_fault_at_each_snapshot_step(sim_host: SimHost) -> None:
    host = sim_host
    add_rbd_storage(host)
    host.cli("create", "s", "--storage", "ceph-rbd", "--quota", "32M")

    def snaps() -> str:
        return host.tool("rbd", "snap", "ls", "rbd/smb-s", "--format", "json").stdout
    before = snaps()
    step = 1
    while True:
        proc = host.cli("snapshot", "create", "s", env={"PVESMBGW_FAULT_AT": str(step)},
                        check=None)
        if proc.returncode == 0:
            break
        assert proc.returncode == 1 and "rolled back" in proc.stderr, proc.stderr
        assert snaps() == before, f"fault at step {step} left changes"
        step += 1
    assert step > 1 and json.loads(snaps())
    host.cli("delete", "s", "--purge")
