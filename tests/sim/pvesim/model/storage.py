"""/etc/pve/storage.cfg (SectionConfig) and the simulated volumes on it.

Format (pve-common SectionConfig): '<type>: <storeid>' then '\t<key> <value>'
lines, a blank line between sections.  Volumes allocated on a storage are
recorded as JSON files under <state>/volumes/<storage>/<volname>.json; for
'dir' storages the image file itself is also created (sparse, tiny).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from typing import Dict, List, Optional, Tuple

from ..util import PveError

BOOL_KEYS = {"disable", "shared", "sparse", "krbd", "mkdir", "is_mountpoint", "saferemove"}

# default content per type (what PVE assumes when 'content' is missing)
DEFAULT_CONTENT = {
    "dir": ["images", "rootdir"],
    "lvmthin": ["images", "rootdir"],
    "lvm": ["images", "rootdir"],
    "zfspool": ["images", "rootdir"],
    "btrfs": ["images", "rootdir"],
    "nfs": ["images"],
    "cifs": ["images"],
    "cephfs": ["vztmpl", "iso", "backup"],
    "rbd": ["images"],
}

FILE_TYPES = {"dir", "nfs", "cifs", "cephfs", "btrfs", "glusterfs"}


class StorageCfg:
    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.digest = hashlib.sha1(raw.encode()).hexdigest()
        self.ids: Dict[str, Dict[str, object]] = {}
        self.order: List[str] = []
        cur: Optional[Dict[str, object]] = None
        for line in raw.split("\n"):
            if not line.strip() or line.lstrip().startswith("#"):
                if not line.strip():
                    cur = None
                continue
            m = re.fullmatch(r"(\S+):\s*(\S+)\s*", line)
            if m and not line[0].isspace():
                cur = {"type": m.group(1), "storage": m.group(2)}
                self.ids[m.group(2)] = cur
                self.order.append(m.group(2))
                continue
            m = re.fullmatch(r"\s+(\S+)(?:\s+(.*?))?\s*", line)
            if m and cur is not None:
                key, value = m.group(1), m.group(2)
                if value is None:
                    value = "1" if key in BOOL_KEYS else ""
                cur[key] = value
        for sid, scfg in self.ids.items():
            if "content" not in scfg:
                scfg["content"] = ",".join(DEFAULT_CONTENT.get(str(scfg["type"]), ["images"]))

    def get(self, sid: str) -> Dict[str, object]:
        scfg = self.ids.get(sid)
        if scfg is None:
            raise PveError(f"storage '{sid}' does not exist\n")
        return scfg

    def content(self, sid: str) -> List[str]:
        c = str(self.get(sid).get("content", ""))
        return [x for x in c.split(",") if x and x != "none"]

    def enabled(self, sid: str) -> bool:
        return str(self.get(sid).get("disable", "0")) != "1"

    def path(self, sid: str) -> Optional[str]:
        p = self.get(sid).get("path")
        return str(p) if p else None


def parse_volume_id(volid: str) -> Tuple[str, str]:
    m = re.fullmatch(r"(?i)([a-z][a-z0-9\-_.]*[a-z0-9]):(.+)", volid)
    if not m:
        raise PveError(f"unable to parse volume ID '{volid}'\n")
    return m.group(1), m.group(2)


def template_dir(st, sid: str) -> str:
    cfg = st.storage_cfg()
    path = cfg.path(sid)
    if not path:
        raise PveError(f"storage '{sid}' does not support templates\n")
    return os.path.join(path, "template", "cache")


class Volumes:
    """Allocated disk volumes (rootfs and volume mount points)."""

    def __init__(self, st) -> None:
        self.st = st
        self.base = os.path.join(st.root, "volumes")

    def _rec(self, sid: str, volname: str) -> str:
        return os.path.join(self.base, sid, volname.replace("/", "__") + ".json")

    def exists(self, volid: str) -> bool:
        sid, volname = parse_volume_id(volid)
        return os.path.exists(self._rec(sid, volname))

    def info(self, volid: str) -> Optional[dict]:
        sid, volname = parse_volume_id(volid)
        try:
            with open(self._rec(sid, volname)) as fh:
                return json.load(fh)
        except OSError:
            return None

    def list(self, sid: Optional[str] = None) -> List[dict]:
        res = []
        if not os.path.isdir(self.base):
            return res
        for s in sorted(os.listdir(self.base)):
            if sid and s != sid:
                continue
            for f in sorted(os.listdir(os.path.join(self.base, s))):
                with open(os.path.join(self.base, s, f)) as fh:
                    res.append(json.load(fh))
        return res

    def names_in_use(self, sid: str) -> List[str]:
        return [v["volname"] for v in self.list(sid)]

    def alloc(self, sid: str, vmid: int, size_bytes: int) -> Tuple[str, List[str]]:
        """Allocate vm-<vmid>-disk-N; return (volid, task output lines)."""
        cfg = self.st.storage_cfg()
        scfg = cfg.get(sid)
        stype = str(scfg["type"])
        used = set(self.names_in_use(sid))
        n = 0
        while True:
            if stype in FILE_TYPES:
                volname = f"{vmid}/vm-{vmid}-disk-{n}.raw"
            elif stype == "zfspool":
                volname = f"subvol-{vmid}-disk-{n}"
            else:
                volname = f"vm-{vmid}-disk-{n}"
            if volname not in used:
                break
            n += 1
        lines: List[str] = []
        if stype in ("lvmthin", "lvm"):
            lines.append(f'  Logical volume "{volname}" created.')
        if stype in FILE_TYPES:
            path = os.path.join(str(scfg.get("path")), "images", volname)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as fh:
                fh.truncate(0)
            lines.append(f"Formatting '{path}', fmt=raw size={size_bytes}")
        if stype != "zfspool":
            lines.extend(mkfs_lines(size_bytes, vmid, n))
        os.makedirs(os.path.join(self.base, sid), exist_ok=True)
        rec = {"volid": f"{sid}:{volname}", "storage": sid, "volname": volname, "vmid": vmid,
               "size": size_bytes, "format": "subvol" if stype == "zfspool" else "raw"}
        with open(self._rec(sid, volname), "w") as fh:
            json.dump(rec, fh)
        return f"{sid}:{volname}", lines

    def free(self, volid: str) -> List[str]:
        sid, volname = parse_volume_id(volid)
        rec = self._rec(sid, volname)
        if not os.path.exists(rec):
            return []
        try:
            with open(rec) as fh:
                info = json.load(fh)
        except (OSError, ValueError):
            info = {}
        os.unlink(rec)
        cfg = self.st.storage_cfg()
        lines: List[str] = []
        try:
            scfg = cfg.get(sid)
        except PveError:
            return lines
        stype = str(scfg["type"])
        if stype in ("lvmthin", "lvm"):
            # VM volumes record the LV name (linked clones: volname 'base-X-disk-0/vm-Y-disk-0')
            lines.append(f'  Logical volume "{info.get("lvname", volname)}" successfully removed.')
        if stype in FILE_TYPES:
            path = info.get("path") or os.path.join(str(scfg.get("path")), "images", volname)
            try:
                os.chmod(path, 0o644)
                os.unlink(path)
                os.rmdir(os.path.dirname(path))
            except OSError:
                pass
        return lines


def _journal_blocks(blocks: int) -> int:
    if blocks < 2048:
        return 0
    if blocks < 32768:
        return 1024
    if blocks < 256 * 1024:
        return 4096
    if blocks < 512 * 1024:
        return 8192
    if blocks < 4096 * 1024:
        return 16384
    if blocks < 8192 * 1024:
        return 32768
    if blocks < 16384 * 1024:
        return 65536
    if blocks < 32768 * 1024:
        return 131072
    return 262144


def mkfs_lines(size_bytes: int, vmid: int, n: int) -> List[str]:
    """mke2fs output as PVE's task log shows it (uuid is deterministic)."""
    blocks = max(size_bytes // 4096, 1)
    inodes = blocks // 4
    groups = []
    for base in (3, 5, 7):
        p = 1
        while p * 32768 < blocks:
            groups.append(p)
            p *= base
    backups = sorted(set(g * 32768 for g in groups if g > 0))
    h = hashlib.sha1(f"{vmid}-{n}".encode()).hexdigest()
    uuid = f"{h[0:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"
    lines = [f"Creating filesystem with {blocks} 4k blocks and {inodes} inodes",
             f"Filesystem UUID: {uuid}"]
    if backups:
        lines.append("Superblock backups stored on blocks: ")
        lines.append("\t" + ", ".join(str(b) for b in backups))
    lines.append("")
    lines.append("Allocating group tables: done                            ")
    lines.append("Writing inode tables: done                            ")
    jb = _journal_blocks(blocks)
    if jb:
        lines.append(f"Creating journal ({jb} blocks): done")
    lines.append("Multiple mount protection is enabled with update interval 5 seconds.")
    lines.append("Writing superblocks and filesystem accounting information: done")
    lines.append("")
    return lines


def smbgateway_status(st, sid: str, scfg: Dict[str, object]) -> Tuple[int, int, int, int]:
    """(total, used, avail, active) of the custom plugin PVE/Storage/Custom/
    SMBGatewayPlugin.pm: its status() asks its agent (`pve-smbgateway plugin status`, one
    JSON request on stdin, one reply on stdout; the command is sim.json's
    "smbgateway_agent", an argv list); PVE's storage_info warns of a failure and reports
    the storage inactive, without sizes."""
    argv = list(st.settings().get("smbgateway_agent") or ["pve-smbgateway"])
    request = {"version": 1, "hook": "status", "storeid": sid,
               "scfg": {k: str(v) for k, v in scfg.items() if k != "storage"}}
    try:
        proc = subprocess.run(argv + ["plugin", "status"], input=json.dumps(request),
                              capture_output=True, text=True, timeout=60)
        reply = json.loads(proc.stdout)
    except (OSError, ValueError, subprocess.TimeoutExpired):
        reply = None
    if not isinstance(reply, dict) or not reply.get("ok") or not reply.get("active"):
        return 0, 0, 0, 0
    return int(reply["total"]), int(reply["used"]), int(reply["avail"]), 1


def storage_status(st, sid: str) -> Dict[str, object]:
    """(total, used, avail, active) like the plugin's status()."""
    cfg = st.storage_cfg()
    scfg = cfg.get(sid)
    stype = str(scfg["type"])
    path = cfg.path(sid)
    total = used = avail = 0
    active = 1
    if stype == "smbgateway":
        total, used, avail, active = smbgateway_status(st, sid, scfg)
    elif path:
        try:
            sv = os.statvfs(path)
            total = sv.f_blocks * sv.f_frsize
            avail = sv.f_bavail * sv.f_frsize
            used = total - sv.f_bfree * sv.f_frsize
        except OSError:
            active = 0
    else:
        total = int(st.settings().get("thin_pool_bytes", 100 * (1 << 30)))
        used = sum(int(v["size"]) for v in Volumes(st).list(sid))
        used = min(used, total)
        avail = total - used
    return {"type": stype, "total": total, "used": used, "avail": avail, "active": active,
            "enabled": 0 if not cfg.enabled(sid) else 1,
            "shared": 1 if str(scfg.get("shared", "0")) == "1" else 0,
            "content": ",".join(sorted(cfg.content(sid)))}
