"""The data side of `qm snapshot` / `qm rollback` / `qm delsnapshot`: what a VM's disks hold.

PVE snapshots the VM's volumes (pvesim.model.volsnap keeps the storage's bookkeeping); here
the simulator saves and restores what stands for their content:

* the stand-in guest (PVESIM_VM_BACKEND=sim): vmroot/<vmid>/ (the VM's root file system,
  i.e. its boot disk as `qm guest exec` sees it) is copied to
  vmroot-snapshots/<vmid>/<snap>/root, and what the guest wrote on each snapshotted disk
  (vmdisk-data/<storage>/<volname>/) to vmdisk-snapshots/<storage>/<volname>/<snap>/data.
  A running VM's copy is taken as its disk holds it: mount points (virtiofs, ext4) unmounted
  in the copy and no stand-in devices in its /dev;
* real image files (PVESIM_VM_BACKEND=qemu, pvesim.backends.qemu): qcow2 images get an
  internal snapshot as on PVE (`qemu-img snapshot -c/-a/-d`, or QMP
  blockdev-snapshot-internal-sync / -delete-internal-sync while QEMU runs), raw images are
  copied (QEMU paused meanwhile when it runs).

All copies keep owners, modes, xattrs, ACLs and hard links (`cp -a --reflink=auto`).
"""

from __future__ import annotations

import json
import os
import shutil
from typing import List, Optional, Tuple

from ..backends.base import copy_tree
from ..util import TaskFailed
from . import vmblock

Drive = Tuple[str, str]  # (drive key, volid)


def vmroot_snapshot_dir(st, vmid: int, snap: Optional[str] = None) -> str:
    return st.p("vmroot-snapshots", str(vmid), *([snap] if snap else []))


def disk_snapshot_dir(st, volid: str, snap: Optional[str] = None) -> str:
    sid, _, volname = volid.partition(":")
    return st.p("vmdisk-snapshots", sid, volname.replace("/", "_"), *([snap] if snap else []))


def _rmtree(path: str) -> None:
    if os.path.islink(path) or os.path.isfile(path):
        os.unlink(path)
    elif os.path.isdir(path):
        shutil.rmtree(path)


def _private_dir(path: str) -> None:
    os.makedirs(path, mode=0o700, exist_ok=True)


def _unmount_copy(root: str, copy: str) -> None:
    """The copy of a running guest's root as it is on its disk: the mount points it had
    (symlinks to the host, the hidden originals moved aside) restored, no stand-in devices."""
    from .vm import mounts_file, read_mounts
    mounts = read_mounts(copy)
    for target in sorted(mounts, reverse=True):
        m = mounts[target]
        full = os.path.join(copy, target.lstrip("/"))
        if os.path.islink(full):
            os.unlink(full)
        shadow = m.get("shadow") or ""
        cshadow = copy + shadow[len(root):] if shadow.startswith(root + "/") else ""
        if cshadow and os.path.isdir(cshadow):
            os.rename(cshadow, full)
        elif not os.path.lexists(full):
            os.mkdir(full, 0o755)
    if mounts:
        with open(mounts_file(copy), "w") as fh:
            fh.write(json.dumps({}, indent=1) + "\n")
    shadow_dir = os.path.join(copy, ".pvesim-shadow")
    if os.path.isdir(shadow_dir) and not os.listdir(shadow_dir):
        os.rmdir(shadow_dir)
    dev = os.path.join(copy, "dev")
    for name in os.listdir(dev) if os.path.isdir(dev) else []:
        full = os.path.join(dev, name)
        if os.path.isfile(full) and not os.path.islink(full) and vmblock.device_record(full):
            os.unlink(full)
    shutil.rmtree(os.path.join(dev, "disk", "by-id"), ignore_errors=True)


def _save(src: Optional[str], dst_dir: str, name: str, running_root: Optional[str] = None) -> None:
    """DST_DIR/NAME becomes a copy of SRC (nothing when SRC does not exist: it was absent)."""
    _rmtree(dst_dir)
    tmp = dst_dir + ".tmp"  # snapshot names have no '.'
    _rmtree(tmp)
    _private_dir(tmp)
    if src and os.path.isdir(src):
        copy_tree(src, os.path.join(tmp, name))
        if running_root:
            _unmount_copy(running_root, os.path.join(tmp, name))
    os.rename(tmp, dst_dir)


def _restore(src_dir: str, name: str, dst: str) -> None:
    """DST becomes the copy SRC_DIR/NAME again (or is removed: it was absent then)."""
    src = os.path.join(src_dir, name)
    new = dst + ".rollback-new"
    old = dst + ".rollback-old"
    _rmtree(new)
    _rmtree(old)
    if os.path.isdir(src):
        copy_tree(src, new)
    if os.path.lexists(dst):
        os.rename(dst, old)
    if os.path.isdir(new):
        os.rename(new, dst)
    _rmtree(old)


class _Real:
    """pvesim.backends.qemu's image functions; their errors fail the task."""

    def __getattr__(self, name: str):
        from ..backends import qemu as qemu_backend
        func = getattr(qemu_backend, name)

        def call(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except (RuntimeError, OSError) as exc:
                raise TaskFailed(str(exc).rstrip("\n") + "\n") from exc
        return call


def _real() -> _Real:
    return _Real()


def create(st, vmid: int, snap: str, drives: List[Drive], running: bool) -> None:
    """After the volume snapshots of `qm snapshot`: save the guest's data."""
    root = st.vmroot(vmid)
    _save(root, vmroot_snapshot_dir(st, vmid, snap), "root", root if running else None)
    for _key, volid in drives:
        _save(vmblock.data_dir(st.root, volid), disk_snapshot_dir(st, volid, snap), "data")
    _real().snapshot_images(st, vmid, drives, snap)


def check(st, vmid: int, snap: str, drives: List[Drive]) -> None:
    """Raise TaskFailed (a pvesim message) unless SNAP can be restored."""
    missing = [p for p in [vmroot_snapshot_dir(st, vmid, snap)]
               + [disk_snapshot_dir(st, volid, snap) for _k, volid in drives] if not os.path.isdir(p)]
    if missing:
        raise TaskFailed(f"pvesim: snapshot '{snap}' of VM {vmid} has no saved guest data "
                         f"({', '.join(missing)} missing; was it taken by another tool?)\n")
    _real().check_image_snapshots(st, vmid, drives, snap)


def rollback(st, vmid: int, snap: str, drives: List[Drive]) -> None:
    """The VM is stopped: its data becomes SNAP's again."""
    _restore(vmroot_snapshot_dir(st, vmid, snap), "root", st.vmroot(vmid))
    for _key, volid in drives:
        _restore(disk_snapshot_dir(st, volid, snap), "data", vmblock.data_dir(st.root, volid))
    _real().rollback_images(st, vmid, drives, snap)


def delete(st, vmid: int, snap: str, drives: List[Drive]) -> None:
    _rmtree(vmroot_snapshot_dir(st, vmid, snap))
    for _key, volid in drives:
        forget(st, volid, snap)
    _real().delete_image_snapshots(st, vmid, drives, snap)


def forget(st, volid: str, snap: Optional[str] = None) -> None:
    """SNAP's (default: every) saved data of the volume VOLID."""
    _rmtree(disk_snapshot_dir(st, volid, snap))
    parent = os.path.dirname(disk_snapshot_dir(st, volid, "x"))
    if os.path.isdir(parent) and not os.listdir(parent):
        os.rmdir(parent)


def purge(st, vmid: int) -> None:
    """qm destroy: the saved root file systems (the volumes' data goes with the volumes)."""
    _rmtree(vmroot_snapshot_dir(st, vmid))
