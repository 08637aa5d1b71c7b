"""VM disk volumes (qemu-server side of pve-storage), simulated.

Volume names follow the pve-storage plugins:
  lvmthin / lvm / zfspool / rbd   vm-<vmid>-disk-N, vm-<vmid>-cloudinit, base-<vmid>-disk-N,
                                  linked clones base-<base>-disk-N/vm-<vmid>-disk-M
  dir / nfs / cifs / btrfs / ...  <vmid>/vm-<vmid>-disk-N.<fmt>, <vmid>/vm-<vmid>-cloudinit.qcow2,
                                  <vmid>/base-<vmid>-disk-N.<fmt>, linked clones
                                  <base>/base-<base>-disk-N.raw/<vmid>/vm-<vmid>-disk-M.qcow2

Records live next to the container volumes (pvesim.model.storage.Volumes,
<state>/volumes/<storage>/<volname>.json) with extra keys: content 'images',
format, lvname (LVM), path (file storages), base (linked clones), guest 'qemu'.

Output lines are what the task log shows: lvcreate's '  Logical volume "x"
created.', qemu-img's "Formatting '...'" and "transferred X of Y (Z%)" lines,
lvrename/lvchange lines when a disk becomes a template base volume.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
from typing import List, Optional, Tuple

from ..model.storage import FILE_TYPES, Volumes, parse_volume_id
from ..util import PveError, TaskFailed

CLOUDINIT_SIZE = 4 * 1024 * 1024

# volume_has_feature() of the plugins, reduced to what qm uses
FEATURES = {
    # storage type -> {feature: set of keys ('current', 'base', 'snap')}
    "lvmthin": {"template": {"current"}, "clone": {"base", "snap"}, "copy": {"base", "current", "snap"}},
    "zfspool": {"template": {"current"}, "clone": {"base"}, "copy": {"base", "current"}},
    "rbd": {"template": {"current"}, "clone": {"base", "snap"}, "copy": {"base", "current", "snap"}},
    "lvm": {"copy": {"base", "current"}},
    "file": {"template": {"current"}, "clone": {"base"}, "copy": {"base", "current"}},
}


def stype(st, sid: str) -> str:
    return str(st.storage_cfg().get(sid)["type"])


def is_file(st, sid: str) -> bool:
    return stype(st, sid) in FILE_TYPES


def default_format(st, sid: str) -> str:
    scfg = st.storage_cfg().get(sid)
    if str(scfg["type"]) in FILE_TYPES:
        return str(scfg.get("format") or "raw")
    return "raw"


def resolve_format(st, sid: str, fmt: Optional[str]) -> str:
    """resolve_dst_disk_format: file storages take raw/qcow2/vmdk, block storages only raw."""
    if fmt and is_file(st, sid) and fmt in ("raw", "qcow2", "vmdk"):
        return fmt
    return default_format(st, sid)


def vg_name(st, sid: str) -> str:
    return str(st.storage_cfg().get(sid).get("vgname") or "pve")


def record(st, volid: str) -> Optional[dict]:
    return Volumes(st).info(volid)


def _write_record(st, rec: dict) -> None:
    vols = Volumes(st)
    os.makedirs(os.path.join(vols.base, rec["storage"]), exist_ok=True)
    with open(vols._rec(rec["storage"], rec["volname"]), "w") as fh:
        json.dump(rec, fh, sort_keys=True)


def _basename(volname: str) -> str:
    return volname.rsplit("/", 1)[-1]


def _free_disk_number(st, sid: str, vmid: int) -> int:
    used = set()
    for v in Volumes(st).list(sid):
        m = re.fullmatch(rf"(?:vm|base|subvol)-{vmid}-disk-(\d+)(?:\.\w+)?", _basename(v["volname"]))
        if m:
            used.add(int(m.group(1)))
    n = 0
    while n in used:
        n += 1
    return n


def file_path(st, sid: str, volname: str) -> str:
    """Path of an image on a file storage ('images/<vmid>/<name>' for linked clones too)."""
    base = str(st.storage_cfg().get(sid).get("path") or "")
    parts = volname.split("/")
    return os.path.join(base, "images", parts[-2], parts[-1])


def formatting_line(path: str, fmt: str, size: int, backing: Optional[Tuple[str, str]] = None) -> str:
    if fmt == "qcow2":
        if backing:
            return (f"Formatting '{path}', fmt=qcow2 cluster_size=65536 extended_l2=off "
                    f"compression_type=zlib size={size} backing_file={backing[0]} "
                    f"backing_fmt={backing[1]} lazy_refcounts=off refcount_bits=16")
        return (f"Formatting '{path}', fmt=qcow2 cluster_size=65536 extended_l2=off "
                f"preallocation=metadata compression_type=zlib size={size} lazy_refcounts=off "
                f"refcount_bits=16")
    return f"Formatting '{path}', fmt={fmt} size={size}"


def alloc(st, sid: str, vmid: int, size: int, fmt: Optional[str] = None, name: Optional[str] = None,
          base: bool = False) -> Tuple[str, List[str]]:
    """vdisk_alloc: allocate a volume of SIZE bytes; returns (volid, task log lines)."""
    cfg = st.storage_cfg()
    scfg = cfg.get(sid)
    if not cfg.enabled(sid):
        raise PveError(f"storage '{sid}' is disabled\n")
    t = str(scfg["type"])
    fmt = resolve_format(st, sid, fmt)
    lines: List[str] = []
    if name is None:
        n = _free_disk_number(st, sid, vmid)
        name = f"{'base' if base else 'vm'}-{vmid}-disk-{n}"
        if t in FILE_TYPES:
            name += f".{fmt}"
    rec = {"storage": sid, "vmid": int(vmid), "size": int(size), "format": fmt, "content": "images",
           "guest": "qemu"}
    if t in FILE_TYPES:
        volname = f"{vmid}/{name}"
        path = file_path(st, sid, volname)
        if os.path.exists(path) or record(st, f"{sid}:{volname}"):
            raise PveError(f"disk image '{path}' already exists\n")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.truncate(0)
        rec["path"] = path
        lines.append(formatting_line(path, fmt, int(size)))
    else:
        volname = name
        if record(st, f"{sid}:{volname}"):
            raise PveError(f"volume '{sid}:{volname}' already exists\n")
        if t in ("lvmthin", "lvm"):
            rec["lvname"] = name
            lines.append(f'  Logical volume "{name}" created.')
    rec["volname"] = volname
    rec["volid"] = f"{sid}:{volname}"
    _write_record(st, rec)
    if _real():
        _real().create_image(st, rec["volid"], int(size))
    return rec["volid"], lines


def _real():
    """pvesim.backends.qemu when PVESIM_VM_BACKEND=qemu (volumes are real image files)."""
    from ..backends import qemu as qemu_backend
    return qemu_backend if qemu_backend.selected() else None


def has_feature(st, feature: str, volid: str) -> bool:
    sid, volname = parse_volume_id(volid)
    t = stype(st, sid)
    feats = FEATURES.get("file" if t in FILE_TYPES else t, {})
    key = "base" if _basename(volname).startswith("base-") else "current"
    if t in FILE_TYPES:
        rec = record(st, volid) or {}
        if rec.get("format", "raw") not in ("raw", "qcow2", "vmdk"):
            return False
    return key in feats.get(feature, set())


def owner(st, volid: str) -> Optional[int]:
    rec = record(st, volid)
    if rec is not None:
        return int(rec.get("vmid", 0))
    m = re.search(r"(?:vm|base)-(\d+)-", _basename(parse_volume_id(volid)[1]))
    return int(m.group(1)) if m else None


def linked_clones_of(st, volid: str) -> List[str]:
    return [v["volid"] for v in Volumes(st).list() if v.get("base") == volid]


def free(st, volid: str) -> List[str]:
    """vdisk_free; refuses base volumes that still have linked clones."""
    rec = record(st, volid)
    if rec is None:
        return []
    if _basename(rec["volname"]).startswith("base-") and linked_clones_of(st, volid):
        name = _basename(rec["volname"])
        raise PveError(f"base volume '{name if not is_file(st, rec['storage']) else rec['volname']}' "
                       f"is still in use by linked cloned\n")
    from .vmblock import forget
    forget(st.root, volid)  # what the guest wrote on it
    from . import vmsnap
    vmsnap.forget(st, volid)  # and its snapshots
    from ..backends import qemu as qemu_backend
    if not rec.get("path"):
        qemu_backend.free_image(st, rec)  # a real image file (PVESIM_VM_BACKEND=qemu), if any
    else:  # the file itself goes below; its raw snapshot copies, if any, here
        shutil.rmtree(qemu_backend.image_snapshot_dir(st, rec), ignore_errors=True)
    return Volumes(st).free(volid)


def create_base(st, volid: str) -> Tuple[str, List[str]]:
    """vdisk_create_base: vm-X-disk-N -> base-X-disk-N (read-only)."""
    rec = record(st, volid)
    if rec is None:
        raise TaskFailed(f"volume '{volid}' does not exist\n")
    sid = rec["storage"]
    t = stype(st, sid)
    name = _basename(rec["volname"])
    if name.startswith("base-"):
        raise TaskFailed("create_base not possible with base image\n")
    newname = "base-" + name[3:]
    lines: List[str] = []
    old = dict(rec)
    os.unlink(Volumes(st)._rec(sid, rec["volname"]))
    if t in FILE_TYPES:
        newvolname = rec["volname"].rsplit("/", 1)[0] + "/" + newname
        newpath = file_path(st, sid, newvolname)
        if os.path.exists(newpath):
            raise TaskFailed(f"file '{newpath}' already exists\n")
        if rec.get("path") and os.path.exists(rec["path"]):
            os.rename(rec["path"], newpath)
        else:
            os.makedirs(os.path.dirname(newpath), exist_ok=True)
            open(newpath, "wb").close()
        os.chmod(newpath, 0o444)
        old["path"] = newpath
    else:
        newvolname = newname
        if t == "lvmthin":
            vg = vg_name(st, sid)
            lines += [f'  Renamed "{name}" to "{newname}" in volume group "{vg}"',
                      f"  Logical volume {vg}/{newname} changed.",
                      "  WARNING: Combining activation change with other commands is not advised."]
            old["lvname"] = newname
    prev = dict(rec)
    old["volname"] = newvolname
    old["volid"] = f"{sid}:{newvolname}"
    _write_record(st, old)
    from ..backends import qemu as qemu_backend
    qemu_backend.renamed(st, prev, old["volid"])
    return old["volid"], lines


def clone_linked(st, base_volid: str, vmid: int) -> Tuple[str, List[str]]:
    """clone_image: a copy-on-write volume on top of a base volume."""
    rec = record(st, base_volid)
    if rec is None:
        raise TaskFailed(f"volume '{base_volid}' does not exist\n")
    sid = rec["storage"]
    t = stype(st, sid)
    n = _free_disk_number(st, sid, vmid)
    lines: List[str] = []
    new = {"storage": sid, "vmid": int(vmid), "size": rec["size"], "content": "images",
           "guest": "qemu", "base": base_volid}
    if t in FILE_TYPES:
        name = f"vm-{vmid}-disk-{n}.qcow2"
        volname = f"{rec['volname']}/{vmid}/{name}"
        path = file_path(st, sid, volname)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, "wb").close()
        basefile = f"../{rec['volname']}"
        lines.append(f"clone {rec['volname']}: images, {name}, {vmid} to {name} (base={basefile})")
        lines.append(formatting_line(path, "qcow2", int(rec["size"]), (basefile, rec.get("format", "raw"))))
        new.update({"format": "qcow2", "path": path})
    else:
        name = f"vm-{vmid}-disk-{n}"
        volname = f"{_basename(rec['volname'])}/{name}"
        new["format"] = "raw"
        if t in ("lvmthin", "lvm"):
            new["lvname"] = name
            lines.append(f'  Logical volume "{name}" created.')
    new["volname"] = volname
    new["volid"] = f"{sid}:{volname}"
    _write_record(st, new)
    if _real():
        _real().link_image(st, base_volid, new["volid"])
    return new["volid"], lines


def render_bytes(value: float) -> str:
    """PVE::Format::render_bytes($value, 1)."""
    units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
    u = 0
    while value > 1023 and u < len(units) - 1:
        value /= 1024.0
        u += 1
    return f"{value:.1f} {units[u]}"


def transfer_lines(size: int) -> List[str]:
    """qemu_img_convert's progress (qemu-img -p reports every percent)."""
    total = render_bytes(size)
    return [f"transferred {render_bytes(int(size * p / 100))} of {total} ({p:.2f}%)"
            for p in range(0, 101)]


def image_info(path: str) -> Tuple[int, str]:
    """(virtual size, format) like 'qemu-img info': qcow2 header size, else the file size."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(64)
    except OSError:
        head = b""
    size = 0
    fmt = "raw"
    if head[:4] == b"QFI\xfb" and len(head) >= 32:
        size, fmt = struct.unpack(">Q", head[24:32])[0], "qcow2"
    elif head[:4] == b"KDMV" and len(head) >= 20:
        size, fmt = struct.unpack("<Q", head[12:20])[0] * 512, "vmdk"
    # stand-ins with an empty header (size 0) count as raw images of their file size
    return (size or os.path.getsize(path)), fmt


def source_for_import(st, src: str) -> Tuple[str, int]:
    """abs_filesystem_path / volume_size_info for an import source (path or volid)."""
    if src.startswith("/"):
        if not os.path.isfile(src):
            raise PveError(f"can't find file '{src}'\n")
        return src, image_info(src)[0]
    sid, volname = parse_volume_id(src)
    rec = record(st, src)
    if rec is not None:
        return rec.get("path") or src, int(rec["size"])
    scfg = st.storage_cfg().get(sid)
    m = re.fullmatch(r"(iso|import)/(.+)", volname)
    if m and scfg.get("path"):
        path = os.path.join(str(scfg["path"]), "template/iso" if m.group(1) == "iso" else "import",
                            m.group(2))
        if not os.path.isfile(path):
            raise PveError(f"volume '{src}' does not exist\n")
        return path, image_info(path)[0]
    raise PveError(f"volume '{src}' does not exist\n")


def volume_exists(st, volid: str) -> bool:
    return record(st, volid) is not None
