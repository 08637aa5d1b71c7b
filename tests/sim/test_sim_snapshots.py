"""pct / qm snapshot, rollback, delsnapshot, listsnapshot: PVE's behaviour and messages, and
the data effect (the container's root filesystem, the VM's guest data and real image files).

Run: /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/sim/test_sim_snapshots.py
(test_real_lxc_rollback needs real LXC and the test network: marked `lxc`, and `testnet`
through its fixture.)
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import struct
import subprocess
import sys
from pathlib import Path
from typing import Dict, Tuple

import pytest

SIM = Path(__file__).resolve().parent
sys.path.insert(0, str(SIM))

from pvesim import faults  # noqa: E402
from pvesim.fixtures import run  # noqa: E402
from pvesim.model.state import State, init_state  # noqa: E402

TMPL_NAME = "debian-12-standard_12.12-1_amd64.tar.zst"
TMPL = f"local:vztmpl/{TMPL_NAME}"
EXTRA_STORAGE = """zfspool: local-zfs
\tpool rpool/data
\tcontent images,rootdir
\tsparse 1

dir: vmdir
\tpath {root}/vmdir
\tcontent images

"""
UPID_RE = r"UPID:pve:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:%s:%s:root@pam:"
IS_ROOT = os.geteuid() == 0


@pytest.fixture
def pve(tmp_path):
    st = init_state(str(tmp_path / "pve"), pve_version=9, templates=[TMPL_NAME])
    with open(st.p("etc/pve/storage.cfg"), "a") as fh:
        fh.write(EXTRA_STORAGE.format(root=st.root))
    os.makedirs(st.p("vmdir"))
    return st


def ok(r: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert r.returncode == 0, f"rc={r.returncode}\nstdout:{r.stdout}\nstderr:{r.stderr}"
    return r


def fails(r: subprocess.CompletedProcess, stderr: str, rc: int = 255) -> subprocess.CompletedProcess:
    assert (r.returncode, r.stderr) == (rc, stderr), f"stdout:{r.stdout}"
    return r


def tree(root: str) -> Dict[str, Tuple]:
    """Everything cp -a must keep: type, mode, owner, times, content, link target, device,
    xattrs (ACLs included) and which paths are hard links of each other."""
    res: Dict[str, Tuple] = {}
    first: Dict[int, str] = {}
    for dirpath, dirs, files in os.walk(root):
        dirs.sort()
        names = [dirpath] + [os.path.join(dirpath, n) for n in sorted(files)]
        names += [os.path.join(dirpath, d) for d in dirs if os.path.islink(os.path.join(dirpath, d))]
        for p in names:
            s = os.lstat(p)
            rel = os.path.relpath(p, root)
            extra: Tuple = ()
            if stat.S_ISREG(s.st_mode):
                with open(p, "rb") as fh:
                    extra = (hashlib.sha256(fh.read()).hexdigest(),
                             first.setdefault(s.st_ino, rel) if s.st_nlink > 1 else None)
            elif stat.S_ISLNK(s.st_mode):
                extra = (os.readlink(p),)
            elif stat.S_ISCHR(s.st_mode) or stat.S_ISBLK(s.st_mode):
                extra = (s.st_rdev,)
            xattrs = {} if stat.S_ISLNK(s.st_mode) else \
                {k: os.getxattr(p, k, follow_symlinks=False) for k in os.listxattr(p, follow_symlinks=False)}
            mtime = None if stat.S_ISDIR(s.st_mode) or stat.S_ISLNK(s.st_mode) else s.st_mtime_ns
            res[rel] = (stat.S_IFMT(s.st_mode), stat.S_IMODE(s.st_mode), s.st_uid, s.st_gid, mtime,
                        extra, tuple(sorted(xattrs.items())))
    return res


def acl(*entries: Tuple[int, int, int]) -> bytes:
    """A system.posix_acl_access value (version 2; tag, perm, id)."""
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *e) for e in entries)


NOID = 0xFFFFFFFF
ACL = acl((0x01, 6, NOID), (0x02, 6, 101000), (0x04, 4, NOID), (0x10, 6, NOID), (0x20, 0, NOID))


def populate(root: str) -> None:
    """Files of every kind, owned by container ids (host 100000 + N: unprivileged CT)."""
    data = os.path.join(root, "data")
    os.makedirs(os.path.join(data, "sub"), exist_ok=True)
    a = os.path.join(data, "a.txt")
    with open(a, "w") as fh:
        fh.write("original\n")
    os.chmod(a, 0o640)
    os.setxattr(a, "user.pvesim", b"one")
    try:
        os.setxattr(a, "system.posix_acl_access", ACL)
    except OSError:
        pass  # no ACLs on this file system
    os.link(a, os.path.join(data, "hard"))
    os.symlink("/etc/passwd", os.path.join(data, "abs-link"))
    os.mkfifo(os.path.join(data, "fifo"))
    with open(os.path.join(data, "sub", "b"), "w") as fh:
        fh.write("b\n")
    os.chmod(os.path.join(data, "sub"), 0o750)
    if IS_ROOT:
        os.mknod(os.path.join(data, "null"), 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        for p, uid in ((a, 101000), (os.path.join(data, "sub"), 100033), (os.path.join(data, "fifo"), 100002)):
            os.lchown(p, uid, uid)


def mutate(root: str) -> None:
    data = os.path.join(root, "data")
    with open(os.path.join(data, "a.txt"), "a") as fh:
        fh.write("changed\n")
    os.setxattr(os.path.join(data, "a.txt"), "user.pvesim", b"two")
    os.unlink(os.path.join(data, "hard"))
    shutil.rmtree(os.path.join(data, "sub"))
    with open(os.path.join(root, "etc", "added-later"), "w") as fh:
        fh.write("x\n")
    os.chmod(os.path.join(root, "etc", "hostname"), 0o600)
    if IS_ROOT:
        os.lchown(os.path.join(root, "etc", "hosts"), 100005, 100005)


def snapdir(st: State, vmid: int, name: str = "") -> Path:
    return Path(st.p("rootfs-snapshots", str(vmid), *([name] if name else [])))


# --- pct -----------------------------------------------------------------------------------------------

def test_pct_rollback_restores_the_rootfs_exactly(pve):
    ok(run(pve, "pct", "create", "101", TMPL, "--rootfs", "local-lvm:4", "--mp0", "local-lvm:1,mp=/data",
           "--start", "1"))
    root = pve.rootfs(101)
    populate(root)
    before = tree(root)
    r = ok(run(pve, "pct", "snapshot", "101", "s1", "--description", "before upgrade"))
    assert r.stdout == ('  Logical volume "snap_vm-101-disk-0_s1" created.\n'
                        '  Logical volume "snap_vm-101-disk-1_s1" created.\n')
    assert tree(str(snapdir(pve, 101, "s1"))) == before  # the copy, taken from the running CT
    mutate(root)
    assert tree(root) != before
    r = ok(run(pve, "pct", "rollback", "101", "s1"))
    # LvmThinPlugin volume_snapshot_rollback: lvremove -f, lvcreate -kn -n <lv> -s <snap>
    assert r.stdout == ('  Logical volume "vm-101-disk-0" successfully removed.\n'
                        '  Logical volume "vm-101-disk-0" created.\n'
                        '  Logical volume "vm-101-disk-1" successfully removed.\n'
                        '  Logical volume "vm-101-disk-1" created.\n')
    assert r.stderr == ""
    after = tree(root)
    assert after == before
    if IS_ROOT:
        assert after["data/a.txt"][2:4] == (101000, 101000) and after["."][2] == 100000
    assert not snapdir(pve, 101, ".rollback").exists()
    # the snapshot stays, the CT was stopped (a running CT is stopped first) and not started
    assert ok(run(pve, "pct", "status", "101")).stdout == "status: stopped\n"
    tree_out = ok(run(pve, "pct", "listsnapshot", "101")).stdout.splitlines()
    assert re.fullmatch(r"`-> s1 {26}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {5}before upgrade", tree_out[0])
    assert tree_out[1].startswith(" `-> current")
    # a second rollback to the same snapshot works again
    mutate(root)
    ok(run(pve, "pct", "rollback", "101", "s1"))
    assert tree(root) == before


def test_pct_rollback_running_ct_start_and_config(pve):
    ok(run(pve, "pct", "create", "102", TMPL, "--rootfs", "local-lvm:4", "--hostname", "old",
           "--description", "kept", "--start", "1"))
    ok(run(pve, "pct", "snapshot", "102", "s1"))
    ok(run(pve, "pct", "snapshot", "102", "s2"))
    # after the snapshots: other values, a new volume, a pending change
    ok(run(pve, "pct", "set", "102", "--memory", "1024", "--hostname", "new", "--description", "current",
           "--mp0", "local-lvm:1,mp=/extra", "--swap", "0"))
    ok(run(pve, "pct", "set", "102", "--cores", "3"))
    r = ok(run(pve, "pct", "rollback", "102", "s1", "--start", "1"))
    assert "Logical volume" in r.stdout and r.stderr == ""
    assert ok(run(pve, "pct", "status", "102")).stdout == "status: running\n"
    conf = pve.load(102)
    c = conf.main
    assert (c.get("hostname"), c.get("memory"), c.get("parent"), c.get("lock")) == ("old", "512", "s1", None)
    assert c.get("cores") is None and c.get("mp0") is None and conf.pending.is_empty()
    assert c.get("description") == "current\n"  # the current one (a snapshot has none of its own here)
    assert c.get("unused0") == "local-lvm:vm-102-disk-1"  # only the current config had it
    assert sorted(conf.snapshots) == ["s1", "s2"] and conf.snapshots["s2"].get("parent") == "s1"
    # rolling forward to s2 and back: --start 0 leaves a running CT stopped
    ok(run(pve, "pct", "rollback", "102", "s2", "--start", "0"))
    assert ok(run(pve, "pct", "status", "102")).stdout == "status: stopped\n"
    assert pve.load(102).main.get("parent") == "s2"
    res = json.loads(ok(run(pve, "pvesh", "get", "/nodes/pve/lxc/102/snapshot", "--output-format",
                            "json")).stdout)
    assert res[-1] == {"name": "current", "parent": "s2", "running": 0, "description": "You are here!",
                       "digest": res[-1]["digest"]}


def test_pct_rollback_refusals(pve, tmp_path):
    ok(run(pve, "pct", "create", "103", TMPL, "--rootfs", "local-lvm:4"))
    fails(run(pve, "pct", "rollback", "103", "nope"), "snapshot 'nope' does not exist\n")
    fails(run(pve, "pct", "rollback", "999", "s1"),
          "Configuration file 'nodes/pve/lxc/999.conf' does not exist\n")
    fails(run(pve, "pct", "rollback", "103", "s1", "--start", "maybe"),
          "400 unable to parse boolean option\npct rollback <vmid> <snapname> [OPTIONS]\n")
    ok(run(pve, "pct", "snapshot", "103", "s1"))
    for lock in ("snapshot", "snapshot-delete", "backup"):
        conf = pve.load(103)
        conf.main.set("lock", lock)
        pve.write(103, conf)
        fails(run(pve, "pct", "rollback", "103", "s1"), f"CT is locked ({lock})\n")
        fails(run(pve, "pct", "snapshot", "103", "s2"), f"CT is locked ({lock})\n")
        fails(run(pve, "pct", "delsnapshot", "103", "s1", "--force"), f"CT is locked ({lock})\n")
    conf = pve.load(103)
    conf.main.delete("lock")
    conf.snapshots["s1"].set("snapstate", "prepare")
    pve.write(103, conf)
    fails(run(pve, "pct", "rollback", "103", "s1"),
          "unable to rollback to incomplete snapshot (snapstate = prepare)\n")
    conf.snapshots["s1"].delete("snapstate")
    conf.main.set("template", "1")
    pve.write(103, conf)
    fails(run(pve, "pct", "rollback", "103", "s1"), "you can't rollback if vm is a template\n")
    conf.main.delete("template")
    pve.write(103, conf)
    # a bind mount: no snapshot (volume_has_feature is undef for a path); a rollback to a
    # snapshot taken before it was added works and drops it
    host = tmp_path / "share"
    host.mkdir()
    ok(run(pve, "pct", "set", "103", "--mp0", f"{host},mp=/srv/share"))
    fails(run(pve, "pct", "snapshot", "103", "s2"), "snapshot feature is not available\n")
    assert not snapdir(pve, 103, "s2").exists()
    ok(run(pve, "pct", "rollback", "103", "s1"))
    assert pve.load(103).main.get("mp0") is None
    # a snapshot without the simulator's copy (hand-written): a clear pvesim error, nothing done
    shutil.rmtree(snapdir(pve, 103, "s1"))
    r = run(pve, "pct", "rollback", "103", "s1")
    assert r.returncode == 255
    assert r.stderr.startswith("pvesim: snapshot 's1' of CT 103 has no copy of the root filesystem")
    assert pve.load(103).main.get("lock") is None


def test_pct_zfs_rollback_only_to_the_most_recent(pve):
    ok(run(pve, "pct", "create", "104", TMPL, "--rootfs", "local-zfs:2"))
    ok(run(pve, "pct", "snapshot", "104", "s1"))
    ok(run(pve, "pct", "snapshot", "104", "s2"))  # same second: the order is the creation order
    fails(run(pve, "pct", "rollback", "104", "s1"),
          "can't rollback, 's1' is not most recent snapshot on 'local-zfs:subvol-104-disk-0'\n")
    assert pve.load(104).main.get("parent") == "s2"  # nothing changed
    r = ok(run(pve, "pct", "rollback", "104", "s2"))
    assert r.stdout == ""  # zfs rollback prints nothing
    ok(run(pve, "pct", "delsnapshot", "104", "s2"))
    ok(run(pve, "pct", "rollback", "104", "s1"))
    # LVM-thin has no such rule
    ok(run(pve, "pct", "create", "105", TMPL, "--rootfs", "local-lvm:2"))
    ok(run(pve, "pct", "snapshot", "105", "s1"))
    ok(run(pve, "pct", "snapshot", "105", "s2"))
    ok(run(pve, "pct", "rollback", "105", "s1"))
    assert sorted(pve.load(105).snapshots) == ["s1", "s2"]


def test_pct_delsnapshot_and_destroy_remove_the_copies(pve):
    ok(run(pve, "pct", "create", "106", TMPL, "--rootfs", "local-lvm:2"))
    ok(run(pve, "pct", "snapshot", "106", "s1"))
    ok(run(pve, "pct", "snapshot", "106", "s2"))
    assert sorted(os.listdir(snapdir(pve, 106))) == ["s1", "s2"]
    r = ok(run(pve, "pct", "delsnapshot", "106", "s1"))
    assert r.stdout == '  Logical volume "snap_vm-106-disk-0_s1" successfully removed.\n'
    assert sorted(os.listdir(snapdir(pve, 106))) == ["s2"]
    fails(run(pve, "pct", "delsnapshot", "106", "s1"), "snapshot 's1' does not exist\n")
    ok(run(pve, "pct", "destroy", "106"))
    assert not snapdir(pve, 106).exists()
    assert not os.path.exists(pve.p("volumes", "local-lvm", "vm-106-disk-0.json"))


def test_pct_rollback_fault_and_pvesh(pve):
    ok(run(pve, "pct", "create", "107", TMPL, "--rootfs", "local-lvm:2"))
    ok(run(pve, "pct", "snapshot", "107", "s1"))
    (Path(pve.rootfs(107)) / "etc" / "later").write_text("x\n")
    faults.arm(pve, "pct:rollback")
    fails(run(pve, "pct", "rollback", "107", "s1"), "cluster not ready - no quorum?\n")
    assert (Path(pve.rootfs(107)) / "etc" / "later").exists()
    faults.disarm(pve)
    r = ok(run(pve, "pvesh", "create", "/nodes/pve/lxc/107/snapshot/s1/rollback"))
    assert re.fullmatch(UPID_RE % ("vzrollback", "107"), r.stdout.splitlines()[-1])
    assert not (Path(pve.rootfs(107)) / "etc" / "later").exists()


# --- qm ------------------------------------------------------------------------------------------------

def qm(st, *argv, **kw):
    return run(st, "qm", *argv, **kw)


def test_qm_snapshot_rollback_delete(pve):
    ok(qm(pve, "create", "200", "--scsi0", "local-lvm:2", "--scsi1", "vmdir:1,format=qcow2",
          "--ide2", "local-lvm:cloudinit", "--agent", "enabled=1"))
    ok(qm(pve, "start", "200"))
    marker = Path(pve.vmroot(200)) / "etc" / "marker"
    marker.write_text("before\n")
    r = ok(qm(pve, "snapshot", "200", "s1", "--description", "pre"))
    # the cloud-init drive (a CD-ROM) is skipped
    assert r.stdout == ("snapshotting 'drive-scsi0' (local-lvm:vm-200-disk-0)\n"
                        '  Logical volume "snap_vm-200-disk-0_s1" created.\n'
                        "snapshotting 'drive-scsi1' (vmdir:200/vm-200-disk-0.qcow2)\n"
                        "internal qemu snapshot\n")
    marker.write_text("after\n")
    (Path(pve.vmroot(200)) / "etc" / "new").write_text("x\n")
    old_genid = re.search(r"vmgenid: (\S+)", ok(qm(pve, "config", "200")).stdout).group(1)
    ok(qm(pve, "set", "200", "--memory", "4096", "--scsi2", "local-lvm:1"))
    r = ok(qm(pve, "rollback", "200", "s1"))
    assert r.stdout == ('  Logical volume "vm-200-disk-0" successfully removed.\n'
                        '  Logical volume "vm-200-disk-0" created.\n')
    assert ok(qm(pve, "status", "200")).stdout == "status: stopped\n"
    assert marker.read_text() == "before\n" and not (Path(pve.vmroot(200)) / "etc" / "new").exists()
    cfg = ok(qm(pve, "config", "200")).stdout
    assert "memory" not in cfg and "parent: s1\n" in cfg and "unused0: local-lvm:vm-200-disk-1\n" in cfg
    assert re.search(r"vmgenid: (\S+)", cfg).group(1) != old_genid  # a new generation
    tree_out = ok(qm(pve, "listsnapshot", "200")).stdout.splitlines()
    assert re.fullmatch(r"`-> s1 {26}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {5}pre", tree_out[0])
    # printf("%s %-${len}s %-23s %s\n"), len = 30 - length(prefix)
    assert tree_out[1] == " `-> " + "current".ljust(26) + " " + "".ljust(23) + " You are here!"
    r = ok(qm(pve, "rollback", "200", "s1", "--start", "1"))
    assert ok(qm(pve, "status", "200")).stdout == "status: running\n"
    r = ok(qm(pve, "delsnapshot", "200", "s1"))
    assert r.stdout == '  Logical volume "snap_vm-200-disk-0_s1" successfully removed.\n'
    assert not os.path.exists(pve.p("vmroot-snapshots", "200", "s1"))
    assert "parent" not in ok(qm(pve, "config", "200")).stdout
    ok(qm(pve, "snapshot", "200", "s2"))
    ok(qm(pve, "stop", "200"))
    ok(qm(pve, "destroy", "200"))
    assert not os.path.exists(pve.p("vmroot-snapshots", "200"))
    assert [f for _d, _s, files in os.walk(pve.p("vmdisk-snapshots")) for f in files] == []


def test_qm_snapshot_refusals(pve, tmp_path):
    ok(qm(pve, "create", "201", "--scsi0", "local-lvm:2"))
    fails(qm(pve, "snapshot", "201", "pending"), "unable to use snapshot name 'pending' (reserved name)\n")
    fails(qm(pve, "snapshot", "201", "current"), "unable to use snapshot name 'current' (reserved name)\n")
    fails(qm(pve, "rollback", "201", "nope"), "snapshot 'nope' does not exist\n")
    fails(qm(pve, "delsnapshot", "201", "nope"), "snapshot 'nope' does not exist\n")
    # a device path, an image file path and a raw image on a dir storage have no snapshots
    img = tmp_path / "disk.raw"
    img.write_bytes(b"")
    for drive in ("/dev/null", str(img), "vmdir:1"):
        ok(qm(pve, "set", "201", "--scsi1", drive))
        fails(qm(pve, "snapshot", "201", "s1"), "snapshot feature is not available\n")
        ok(qm(pve, "set", "201", "--delete", "scsi1"))
        conf = pve.p("etc/pve/nodes/pve/qemu-server/201.conf")
        text = Path(conf).read_text()
        Path(conf).write_text(re.sub(r"unused\d+: .*\n", "", text))
    # CD-ROMs (an ISO slot, none) are skipped
    ok(qm(pve, "set", "201", "--ide2", "none,media=cdrom"))
    ok(qm(pve, "snapshot", "201", "s1"))
    fails(qm(pve, "snapshot", "201", "s1"), "snapshot name 's1' already used\n")
    # --vmstate: ignored for a stopped VM (as PVE), not simulated for a running one
    ok(qm(pve, "snapshot", "201", "s2", "--vmstate", "1"))
    ok(qm(pve, "start", "201"))
    fails(qm(pve, "snapshot", "201", "s3", "--vmstate", "1"),
          "pvesim: saving the VM state (--vmstate 1 on a running VM) is not simulated\n")
    assert "[s3]" not in Path(pve.p("etc/pve/nodes/pve/qemu-server/201.conf")).read_text()
    for lock in ("snapshot", "snapshot-delete"):
        conf = Path(pve.p("etc/pve/nodes/pve/qemu-server/201.conf"))
        conf.write_text(f"lock: {lock}\n" + conf.read_text())
        fails(qm(pve, "rollback", "201", "s1"), f"VM is locked ({lock})\n")
        fails(qm(pve, "delsnapshot", "201", "s1", "--force", "1"), f"VM is locked ({lock})\n")
        ok(qm(pve, "unlock", "201"))
    faults.arm(pve, "qm:rollback")
    fails(qm(pve, "rollback", "201", "s1"), "cluster not ready - no quorum?\n")
    faults.disarm(pve)
    assert ok(qm(pve, "status", "201")).stdout == "status: running\n"


def test_qm_zfs_most_recent_and_pvesh(pve):
    ok(qm(pve, "create", "202", "--scsi0", "local-zfs:1"))
    ok(qm(pve, "snapshot", "202", "s1"))
    ok(qm(pve, "snapshot", "202", "s2"))
    fails(qm(pve, "rollback", "202", "s1"),
          "can't rollback, 's1' is not most recent snapshot on 'local-zfs:vm-202-disk-0'\n")
    r = ok(run(pve, "pvesh", "create", "/nodes/pve/qemu/202/snapshot/s2/rollback"))
    assert re.fullmatch(UPID_RE % ("qmrollback", "202"), r.stdout.splitlines()[-1])
    r = ok(run(pve, "pvesh", "delete", "/nodes/pve/qemu/202/snapshot/s2"))
    assert re.fullmatch(UPID_RE % ("qmdelsnapshot", "202"), r.stdout.splitlines()[-1])
    r = ok(run(pve, "pvesh", "create", "/nodes/pve/qemu/202/snapshot", "--snapname", "s3"))
    assert r.stdout.splitlines()[0] == "snapshotting 'drive-scsi0' (local-zfs:vm-202-disk-0)"
    res = json.loads(ok(run(pve, "pvesh", "get", "/nodes/pve/qemu/202/snapshot", "--output-format",
                            "json")).stdout)
    assert [(e["name"], e.get("parent")) for e in res] in ([("s1", None), ("s3", "s1"), ("current", "s3")],
                                                           [("s3", "s1"), ("s1", None), ("current", "s3")])
    assert res[-1]["running"] == 0 and all("vmstate" in e for e in res[:-1])
    ok(qm(pve, "rollback", "202", "s3"))


@pytest.mark.skipif(shutil.which("qemu-img") is None or shutil.which("qemu-io") is None,
                    reason="qemu-utils not installed")
def test_qm_snapshots_of_real_images(pve):
    """PVESIM_VM_BACKEND=qemu without starting QEMU: qcow2 images get internal snapshots
    (qemu-img snapshot), raw images a copy; rollback restores the bytes."""
    env = {**os.environ, "PVESIM_VM_BACKEND": "qemu"}
    ok(qm(pve, "create", "300", "--scsi0", "vmdir:1,format=qcow2", "--scsi1", "local-lvm:1", env=env))
    qcow = pve.p("vmdir/images/300/vm-300-disk-0.qcow2")
    raw = pve.p("qemu-disks/local-lvm/vm-300-disk-0")

    def write(pattern: int) -> None:
        for path, fmt in ((qcow, "qcow2"), (raw, "raw")):
            subprocess.run(["qemu-io", "-f", fmt, "-c", f"write -P {pattern} 0 64k", path], check=True,
                           capture_output=True)

    def holds(pattern: int) -> bool:
        return all(subprocess.run(["qemu-io", "-f", fmt, "-c", f"read -P {pattern} 0 64k", path],
                                  capture_output=True, text=True).stdout.count("Pattern verification failed")
                   == 0 for path, fmt in ((qcow, "qcow2"), (raw, "raw")))
    write(0x41)
    ok(qm(pve, "snapshot", "300", "s1", env=env))
    info = subprocess.run(["qemu-img", "snapshot", "-l", qcow], capture_output=True, text=True).stdout
    assert re.search(r"\bs1\b", info)
    copy = Path(pve.p("qemu-disks/.snapshots/local-lvm/vm-300-disk-0/s1"))
    assert copy.is_file()
    write(0x42)
    assert holds(0x42) and not holds(0x41)
    ok(qm(pve, "rollback", "300", "s1", env=env))
    assert holds(0x41)
    ok(qm(pve, "delsnapshot", "300", "s1", env=env))
    assert "s1" not in subprocess.run(["qemu-img", "snapshot", "-l", qcow], capture_output=True,
                                      text=True).stdout
    assert not copy.exists()
    ok(qm(pve, "snapshot", "300", "s2", env=env))
    ok(qm(pve, "destroy", "300", env=env))
    assert not os.path.exists(pve.p("qemu-disks/.snapshots/local-lvm/vm-300-disk-0"))
    assert not os.path.exists(qcow)


@pytest.mark.skipif(not IS_ROOT or not all(shutil.which(t) for t in ("qemu-img", "qemu-io", "qemu-system-x86_64")),
                    reason="needs root and qemu-system-x86 / qemu-utils")
def test_qm_snapshot_of_a_running_real_qemu(pve):
    """A running QEMU (no OS, no network: seconds under TCG): the qcow2 disk gets a QMP internal
    snapshot, the raw one is copied with QEMU paused (and resumed); rollback stops the VM,
    restores, and --start starts it again."""
    from pvesim.backends import qemu as qemu_backend
    env = {**os.environ, "PVESIM_VM_BACKEND": "qemu", "PVESIM_VM_ACCEL": "tcg"}
    ok(qm(pve, "create", "301", "--scsi0", "vmdir:1,format=qcow2", "--scsi1", "local-lvm:1",
          "--memory", "64", "--scsihw", "virtio-scsi-pci", env=env))
    qcow = pve.p("vmdir/images/301/vm-301-disk-0.qcow2")
    raw = pve.p("qemu-disks/local-lvm/vm-301-disk-0")
    for path, fmt in ((qcow, "qcow2"), (raw, "raw")):
        subprocess.run(["qemu-io", "-f", fmt, "-c", "write -P 0x41 0 64k", path], check=True,
                       capture_output=True)
    try:
        ok(qm(pve, "start", "301", env=env))
        r = ok(qm(pve, "snapshot", "301", "s1", env=env))
        assert r.stdout == ("snapshotting 'drive-scsi0' (vmdir:301/vm-301-disk-0.qcow2)\n"
                            "internal qemu snapshot\n"
                            "snapshotting 'drive-scsi1' (local-lvm:vm-301-disk-0)\n"
                            '  Logical volume "snap_vm-301-disk-0_s1" created.\n')
        assert qemu_backend.qmp(pve, 301, "query-status")["status"] == "running"
        info = subprocess.run(["qemu-img", "snapshot", "-U", "-l", qcow], capture_output=True, text=True)
        assert re.search(r"\bs1\b", info.stdout)
        ok(qm(pve, "stop", "301", env=env))
        for path, fmt in ((qcow, "qcow2"), (raw, "raw")):
            subprocess.run(["qemu-io", "-f", fmt, "-c", "write -P 0x42 0 64k", path], check=True,
                           capture_output=True)
        ok(qm(pve, "start", "301", env=env))
        ok(qm(pve, "rollback", "301", "s1", "--start", "1", env=env))
        assert ok(qm(pve, "status", "301", env=env)).stdout == "status: running\n"
        ok(qm(pve, "stop", "301", env=env))
        for path, fmt in ((qcow, "qcow2"), (raw, "raw")):
            out = subprocess.run(["qemu-io", "-f", fmt, "-c", "read -P 0x41 0 64k", path],
                                 capture_output=True, text=True).stdout
            assert "Pattern verification failed" not in out and "read 65536/65536" in out
        ok(qm(pve, "destroy", "301", env=env))
    finally:
        qemu_backend.stop_all(pve.root)
    assert qemu_backend.leftovers(pve.root) == []


# --- real LXC (PVESIM_BACKEND=lxc) ---------------------------------------------------------------------

@pytest.mark.lxc
def test_real_lxc_rollback(lxc_ready):  # type: ignore[no-untyped-def]
    """The simulator's pct on a real unprivileged container: snapshot while it runs (frozen),
    change files inside, rollback --start 1: the files are back, still id-shifted on the host."""
    import tempfile
    from pvesim.backends import lxc as backend_lxc
    from tests.lib.lxc_env import leftovers
    state = Path(tempfile.mkdtemp(prefix="pvgwt-lxc-snap-"))
    state.chmod(0o755)
    st = init_state(str(state / "s"), templates=[TMPL_NAME])
    (state / "s").chmod(0o755)
    env = {**os.environ, "PVESIM_BACKEND": "lxc", "PVESIM_LXC_BRIDGE_MAP": f"vmbr0={lxc_ready.name}"}
    vmid = 9105

    def pct(*args: str, rc: int = 0) -> subprocess.CompletedProcess:
        r = run(st, "pct", *args, env=env, timeout=300)
        assert r.returncode == rc, f"pct {args}: rc={r.returncode}\n{r.stdout}\n{r.stderr}"
        return r
    try:
        pct("create", str(vmid), TMPL, "--rootfs", "local-lvm:4", "--unprivileged", "1",
            "--memory", "64", "--swap", "0", "--start", "1")
        pct("exec", str(vmid), "--", "sh", "-c", "echo one > /root/f && chown 1000:1000 /root/f")
        parts = ("root", "usr/sbin")
        before = {p: tree(os.path.join(st.rootfs(vmid), p)) for p in parts}
        pct("snapshot", str(vmid), "s1")
        pct("exec", str(vmid), "--", "sh", "-c", "echo two > /root/f && touch /root/g")
        pct("rollback", str(vmid), "s1", "--start", "1")
        assert pct("status", str(vmid)).stdout == "status: running\n"
        assert pct("exec", str(vmid), "--", "cat", "/root/f").stdout == "one\n"
        pct("exec", str(vmid), "--", "test", "!", "-e", "/root/g")
        pct("stop", str(vmid))
        after = {p: tree(os.path.join(st.rootfs(vmid), p)) for p in parts}
        assert after == before
        assert after["root"]["f"][2:4] == (101000, 101000)       # still id-shifted
        assert os.stat(st.rootfs(vmid)).st_uid == 100000
        pct("destroy", str(vmid))
        assert not snapdir(st, vmid).exists()
    finally:
        problems = backend_lxc.cleanup_state(state / "s")
        b = backend_lxc.sim_backend(state / "s")
        b.used_vmids = {str(vmid)}  # type: ignore[attr-defined]
        problems += leftovers(b)  # type: ignore[arg-type]
        if not problems:
            shutil.rmtree(state)
    assert not problems, problems
