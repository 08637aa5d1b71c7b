"""Block devices of running VMs, as the guest sees them, and what is on them.

A running VM's disks (scsiN, virtioN, sataN that are not CD-ROMs) appear in its root
as stand-in device files (/dev/sdX for scsi and sata, /dev/vdX for virtio: a small
JSON naming the volume) and the udev links a Debian guest has for them:
  scsi-hd with serial S   /dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_S
  scsi-hd without         /dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_drive-scsiN
  virtio-blk with serial  /dev/disk/by-id/virtio-S
They are rewritten whenever the VM starts, stops, or a disk is hot-plugged, unplugged
or resized (sync_devices). What a disk holds lives with the volume on the host side:
<state>/vmdisk-data/<storage>/<volname>/fs.json (the file system mkfs.ext4 made:
type, uuid, label, size) and root/ (its files; an ext4 mount shows this directory).
Freeing the volume removes it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from typing import Dict, List, Optional, Tuple

STANDIN = "pvesim-block-device"


def data_dir(st_root: str, volid: str) -> str:
    sid, _, volname = volid.partition(":")
    return os.path.join(st_root, "vmdisk-data", sid, volname.replace("/", "_"))


def read_fs(st_root: str, volid: str) -> Optional[dict]:
    try:
        with open(os.path.join(data_dir(st_root, volid), "fs.json")) as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def write_fs(st_root: str, volid: str, fs: Optional[dict]) -> str:
    """Replace the disk's file system with FS (empty root); returns its root."""
    base = data_dir(st_root, volid)
    shutil.rmtree(base, ignore_errors=True)
    root = os.path.join(base, "root")
    if fs is not None:
        os.makedirs(root, 0o755)
        with open(os.path.join(base, "fs.json"), "w") as fh:
            json.dump(fs, fh, sort_keys=True)
    return root


def update_fs(st_root: str, volid: str, **changes: object) -> None:
    fs = read_fs(st_root, volid) or {}
    fs.update(changes)
    with open(os.path.join(data_dir(st_root, volid), "fs.json"), "w") as fh:
        json.dump(fs, fh, sort_keys=True)


def fs_root(st_root: str, volid: str) -> str:
    return os.path.join(data_dir(st_root, volid), "root")


def forget(st_root: str, volid: str) -> None:
    """The volume was freed: what was on it is gone."""
    shutil.rmtree(data_dir(st_root, volid), ignore_errors=True)


def _letters(n: int) -> str:
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(ord("a") + r) + s
    return s


def guest_disks(st, vmid: int) -> List[Tuple[str, str, dict]]:
    """(device name, by-id name, device record) of the running VM's disks."""
    from ..ops.qemu import drive_is_cdrom, drives, load
    from ..util import parse_size
    if not st.running(vmid):
        return []
    sec = load(st, vmid).main
    res: List[Tuple[str, str, dict]] = []
    counters = {"sd": 0, "vd": 0}
    order = sorted(drives(st, sec), key=lambda kd: (0 if kd[0].startswith(("scsi", "sata")) else 1,
                                                     kd[0].rstrip("0123456789"),
                                                     int(re.sub(r"\D", "", kd[0]) or 0)))
    for key, d in order:
        if not re.fullmatch(r"(scsi|sata|virtio)\d+", key) or drive_is_cdrom(d, True):
            continue
        volid = d.get("file", "")
        if not volid or volid in ("none", "cdrom"):
            continue
        prefix = "vd" if key.startswith("virtio") else "sd"
        name = prefix + _letters(counters[prefix])
        counters[prefix] += 1
        serial = d.get("serial")
        if key.startswith("virtio"):
            byid = f"virtio-{serial}" if serial else ""
        elif key.startswith("scsi"):
            byid = f"scsi-0QEMU_QEMU_HARDDISK_{serial or 'drive-' + key}"
        else:
            byid = "ata-QEMU_HARDDISK_" + (serial or "QM0000" + key[4:])
        size = parse_size(str(d.get("size") or "0")) or 0
        res.append((name, byid, {"type": STANDIN, "volid": volid, "key": key, "size": int(size),
                                 "serial": serial or ""}))
    return res


def sync_devices(st, vmid: int) -> None:
    """Make the guest's /dev match the VM's disks now (none when it is not running)."""
    root = st.vmroot(vmid)
    if not os.path.isdir(root):
        return
    dev = os.path.join(root, "dev")
    byid = os.path.join(dev, "disk", "by-id")
    for name in os.listdir(dev) if os.path.isdir(dev) else []:
        full = os.path.join(dev, name)
        if os.path.isfile(full) and device_record(full) is not None:
            os.unlink(full)
    shutil.rmtree(byid, ignore_errors=True)
    disks = guest_disks(st, vmid)
    if not disks:
        return
    os.makedirs(byid, exist_ok=True)
    for name, link, rec in disks:
        with open(os.path.join(dev, name), "w") as fh:
            json.dump(rec, fh, sort_keys=True)
        if link:
            os.symlink(f"../../{name}", os.path.join(byid, link))


def device_record(host_path: str) -> Optional[dict]:
    """The stand-in device at HOST_PATH (after symlinks), or None."""
    try:
        with open(host_path) as fh:
            rec = json.load(fh)
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return rec if isinstance(rec, dict) and rec.get("type") == STANDIN else None


def devices(root: str) -> Dict[str, dict]:
    """Guest device path -> record, for every stand-in device in ROOT/dev."""
    dev = os.path.join(root, "dev")
    res = {}
    for name in sorted(os.listdir(dev)) if os.path.isdir(dev) else []:
        rec = device_record(os.path.join(dev, name))
        if rec is not None:
            res[f"/dev/{name}"] = rec
    return res


def du(path: str) -> int:
    """Bytes the files under PATH take (4 KiB blocks, like ext4)."""
    total = 0
    for base, dirs, files in os.walk(path):
        total += 4096 * (len(dirs) + 1 if base == path else len(dirs))
        for f in files:
            try:
                size = os.lstat(os.path.join(base, f)).st_size
            except OSError:
                continue
            total += -(-size // 4096) * 4096
    return total


def ext4_total(size: int) -> int:
    """What statfs reports as an ext4 file system's size (inode tables and the
    journal take a few percent of the disk)."""
    return size - size // 64 - min(size // 32, 128 << 20)
