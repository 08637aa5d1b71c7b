"""ceph (the part of the CLI an agent needs): CephFS volumes and subvolumes, status, df.

'ceph fs subvolume ...' follows src/pybind/mgr/volumes (module.py COMMANDS, fs/volume.py,
fs/operations/versions/subvolume_v2.py): v2 subvolumes at /volumes/<group>/<sub>/<uuid>,
snapshots taken on the subvolume's base directory (/volumes/<group>/<sub>/.snap/<snap>/<uuid>).
The CLI prints 'Error E<NAME>: <message>' on stderr and exits with the errno (src/ceph.in).
A CephFS volume V is the real directory <root_dir>/V.
"""

from __future__ import annotations

import datetime
import errno
import json
import os
import time
import uuid as uuidlib
from typing import Dict, List, Optional, Tuple

from . import treeutil
from .common import ERRNO_NAMES, Ctx, ToolExit, out, tool_main

GOODCHARS = "[A-Za-z0-9-_.]"
FEATURES = ["snapshot-clone", "snapshot-autoprotect", "snapshot-retention"]
NOGROUP = "_nogroup"
VERSION = ("ceph version 18.2.4 (2064df84afc61c7e63928121bfdd74c59453c893) reef (stable)")


class CephError(Exception):
    def __init__(self, eno: int, msg: str) -> None:
        super().__init__(msg)
        self.eno = eno
        self.msg = msg


class InvalidCommand(Exception):
    def __init__(self, msg: str, usage: str) -> None:
        super().__init__(msg)
        self.msg = msg
        self.usage = usage


# --- command signatures (name, type, required) -------------------------------------------------
S, I, B = "CephString", "CephInt", "CephBool"
SIGS: List[Tuple[str, List[Tuple[str, str, bool]], str]] = [
    ("fs volume ls", [], "List volumes"),
    ("fs ls", [], "list filesystems"),
    ("fs subvolumegroup ls", [("vol_name", S, True)], "List subvolumegroups"),
    ("fs subvolumegroup create", [("vol_name", S, True), ("group_name", S + "g", True),
                                  ("size", I, False), ("pool_layout", S, False),
                                  ("uid", I, False), ("gid", I, False), ("mode", S, False)],
     "Create a CephFS subvolume group in a volume, and optionally, with a specific data pool "
     "layout, and a specific numeric mode"),
    ("fs subvolumegroup rm", [("vol_name", S, True), ("group_name", S, True), ("force", B, False)],
     "Delete a CephFS subvolume group in a volume"),
    ("fs subvolumegroup getpath", [("vol_name", S, True), ("group_name", S, True)],
     "Get the mountpath of a CephFS subvolume group in a volume"),
    ("fs subvolume ls", [("vol_name", S, True), ("group_name", S, False)], "List subvolumes"),
    ("fs subvolume create", [("vol_name", S, True), ("sub_name", S + "g", True), ("size", I, False),
                             ("group_name", S, False), ("pool_layout", S, False),
                             ("uid", I, False), ("gid", I, False), ("mode", S, False),
                             ("namespace_isolated", B, False), ("earmark", S, False),
                             ("normalization", S, False), ("case_insensitive", B, False),
                             ("enctag", S, False)],
     "Create a CephFS subvolume in a volume, and optionally, with a specific size (in bytes), "
     "a specific data pool layout, a specific mode, in a specific subvolume group and in "
     "separate RADOS namespace"),
    ("fs subvolume rm", [("vol_name", S, True), ("sub_name", S, True), ("group_name", S, False),
                         ("force", B, False), ("retain_snapshots", B, False)],
     "Delete a CephFS subvolume in a volume, and optionally, in a specific subvolume group, "
     "force deleting a cancelled or failed clone, and retaining existing subvolume snapshots"),
    ("fs subvolume getpath", [("vol_name", S, True), ("sub_name", S, True),
                              ("group_name", S, False)],
     "Get the mountpath of a CephFS subvolume in a volume, and optionally, in a specific "
     "subvolume group"),
    ("fs subvolume info", [("vol_name", S, True), ("sub_name", S, True), ("group_name", S, False)],
     "Get the information of a CephFS subvolume in a volume, and optionally, in a specific "
     "subvolume group"),
    ("fs subvolume exist", [("vol_name", S, True), ("group_name", S, False)],
     "Check a volume for the existence of a subvolume, optionally in a specified subvolume group"),
    ("fs subvolume resize", [("vol_name", S, True), ("sub_name", S, True), ("new_size", S, True),
                             ("group_name", S, False), ("no_shrink", B, False)],
     "Resize a CephFS subvolume"),
    ("fs subvolume snapshot ls", [("vol_name", S, True), ("sub_name", S, True),
                                  ("group_name", S, False)], "List subvolume snapshots"),
    ("fs subvolume snapshot create", [("vol_name", S, True), ("sub_name", S, True),
                                      ("snap_name", S, True), ("group_name", S, False)],
     "Create a snapshot of a CephFS subvolume in a volume, and optionally, in a specific "
     "subvolume group"),
    ("fs subvolume snapshot info", [("vol_name", S, True), ("sub_name", S, True),
                                    ("snap_name", S, True), ("group_name", S, False)],
     "Get the information of a CephFS subvolume snapshot and optionally, in a specific "
     "subvolume group"),
    ("fs subvolume snapshot rm", [("vol_name", S, True), ("sub_name", S, True),
                                  ("snap_name", S, True), ("group_name", S, False),
                                  ("force", B, False)],
     "Delete a snapshot of a CephFS subvolume in a volume, and optionally, in a specific "
     "subvolume group"),
    ("status", [], "show cluster status"),
    ("health", [("detail", S, False)], "show cluster health"),
    ("df", [("detail", S, False)], "show cluster free space stats"),
    ("version", [], "show mon daemon version"),
]


def usage_line(prefix: str, params, desc: str) -> str:
    parts = [prefix]
    for name, typ, req in params:
        if typ == B:
            parts.append(f"[--{name.replace('_', '-')}]")
            continue
        t = "" if typ.startswith(S) else ":int"
        p = f"<{name}{t}>"
        parts.append(p if req else f"[{p}]")
    return " ".join(parts) + " :  " + desc


def parse_command(words: List[str]):
    """Match argv against the signatures (longest prefix); return (prefix, params dict)."""
    best = None
    for prefix, params, desc in SIGS:
        pw = prefix.split()
        if words[:len(pw)] == pw and (best is None or len(pw) > len(best[0].split())):
            best = (prefix, params, desc)
    if best is None:
        raise InvalidCommand("no valid command found", "")
    prefix, params, desc = best
    usage = usage_line(prefix, params, desc)
    rest = words[len(prefix.split()):]
    values: Dict[str, object] = {}
    byname = {n: (t, r) for n, t, r in params}
    positional: List[str] = []
    i = 0
    while i < len(rest):
        a = rest[i]
        if a.startswith("--") and len(a) > 2:
            key, eq, val = a[2:].partition("=")
            key = key.replace("-", "_")
            if key == "yes_i_really_mean_it":
                i += 1
                continue
            if key not in byname:
                raise InvalidCommand(f"invalid command: unrecognised option '{a}'", usage)
            typ, _req = byname[key]
            if typ == B:
                values[key] = (val.lower() in ("true", "1", "yes")) if eq else True
            else:
                if not eq:
                    if i + 1 >= len(rest):
                        raise InvalidCommand(f"missing value for option '{a}'", usage)
                    i += 1
                    val = rest[i]
                values[key] = val
            i += 1
            continue
        positional.append(a)
        i += 1
    order = [n for n, t, _r in params if t != B and n not in values]
    for k, a in enumerate(positional):
        if not order:
            raise InvalidCommand(f"unused arguments: {positional[k:]}", usage)
        values[order.pop(0)] = a
    for n, t, req in params:
        if req and n not in values:
            raise InvalidCommand(f"missing required parameter {n}(<{n}>)", usage)
        if n in values and t == I:
            try:
                values[n] = int(str(values[n]), 0)
            except ValueError:
                raise InvalidCommand(f"{values[n]} not valid:  {values[n]} doesn't represent an int",
                                     usage)
        if n in values and t == S + "g":
            v = str(values[n])
            bad = [c for c in v if not (c.isascii() and (c.isalnum() or c in "-_."))]
            if bad:
                raise InvalidCommand(f"{v} not valid:  invalid chars {''.join(bad)} in {v}", usage)
    return prefix, values


# --- the model -------------------------------------------------------------------------------

class Ceph:
    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.st = ctx.st
        self.data = self.st.load("ceph")
        self.root_dir = self.st.root_dir

    def save(self) -> None:
        self.st.save("ceph", self.data)

    def volume(self, vol: str) -> dict:
        v = self.data.get("volumes", {}).get(vol)
        if v is None:
            raise CephError(errno.ENOENT, f"FS '{vol}' not found")
        return v

    def vol_root(self, vol: str) -> str:
        return os.path.join(self.root_dir, vol)

    def real(self, vol: str, cephpath: str) -> str:
        return os.path.join(self.vol_root(vol), cephpath.lstrip("/"))

    def group(self, vol: str, group: Optional[str]) -> str:
        v = self.volume(vol)
        g = group or NOGROUP
        if g != NOGROUP and g not in v.setdefault("groups", {}):
            raise CephError(errno.ENOENT, f"subvolume group '{g}' does not exist")
        return g

    def sub(self, vol: str, group: Optional[str], name: str, allow_retained: bool = False) -> dict:
        g = self.group(vol, group)
        s = self.volume(vol).setdefault("subvolumes", {}).get(f"{g}/{name}")
        if s is None:
            raise CephError(errno.ENOENT, f"subvolume '{name}' does not exist")
        if s.get("state") == "snapshot-retained" and not allow_retained:
            raise CephError(errno.ENOENT,
                            f'subvolume "{name}" is removed and has only snapshots retained')
        return s

    @staticmethod
    def base_path(group: str, name: str) -> str:
        return f"/volumes/{group}/{name}"

    def data_path(self, group: str, name: str, s: dict) -> str:
        return f"{self.base_path(group, name)}/{s['uuid']}"

    def used(self, real_data: str) -> int:
        if not os.path.isdir(real_data):
            return 0
        return treeutil.du(real_data, skip_top={".snap"})


def _ts(t: float) -> str:
    """str(datetime) of a CephFS statx time (seconds) or snapshot btime (float)."""
    return str(datetime.datetime.fromtimestamp(t))


def _json(obj) -> str:
    return json.dumps(obj, indent=4, sort_keys=True)


# --- subvolume commands --------------------------------------------------------------------

def sv_create(c: Ceph, p: dict) -> str:
    vol = str(p["vol_name"])
    name = str(p["sub_name"])
    v = c.volume(vol)
    g = c.group(vol, p.get("group_name"))  # type: ignore[arg-type]
    mode_s = str(p.get("mode", "755"))
    try:
        mode = int(mode_s, 8)
    except ValueError:
        raise CephError(errno.EINVAL, f"Invalid mode '{mode_s}'")
    size = p.get("size")
    if size is not None and int(size) < 0:  # type: ignore[arg-type]
        raise CephError(errno.EINVAL, f"invalid size specified: '{size}'")
    uid = p.get("uid")
    gid = p.get("gid")
    for label, val in (("UID", uid), ("GID", gid)):
        if val is not None and int(val) < 0:  # type: ignore[arg-type]
            raise CephError(errno.EINVAL, f"invalid {label}")
    subs = v.setdefault("subvolumes", {})
    key = f"{g}/{name}"
    s = subs.get(key)
    if s is not None and s.get("state") != "snapshot-retained":
        # idempotent creation: attributes are (re)applied
        real = c.real(vol, c.data_path(g, name, s))
        _apply_attrs(real, uid, gid, mode)
        if size is not None:
            s["quota"] = int(size)  # type: ignore[arg-type]
        c.save()
        return ""
    group_dir = c.real(vol, f"/volumes/{g}")
    os.makedirs(group_dir, exist_ok=True)
    uid_ = uid if uid is not None else (v.get("groups", {}).get(g, {}).get("uid", 0))
    gid_ = gid if gid is not None else (v.get("groups", {}).get(g, {}).get("gid", 0))
    new_uuid = str(uuidlib.uuid4())
    if s is None:
        s = {"snapshots": {}}
        subs[key] = s
    s.update({"uuid": new_uuid, "created": time.time(), "state": "complete", "type": "subvolume",
              "quota": int(size) if size else 0})  # type: ignore[arg-type]
    base = c.real(vol, c.base_path(g, name))
    os.makedirs(base, exist_ok=True)
    real = os.path.join(base, new_uuid)
    os.mkdir(real)
    _apply_attrs(real, uid_, gid_, mode)
    _write_meta(base, c.data_path(g, name, s), s)
    c.save()
    return ""


def _apply_attrs(real: str, uid, gid, mode: int) -> None:
    if uid is not None or gid is not None:
        st = os.stat(real)
        os.chown(real, int(uid) if uid is not None else st.st_uid,
                 int(gid) if gid is not None else st.st_gid)
    os.chmod(real, mode)


def _write_meta(base: str, path: str, s: dict) -> None:
    """The subvolume's .meta file (MetadataManager, INI format), as the volumes module keeps it."""
    text = ("[GLOBAL]\nversion = 2\ntype = subvolume\n"
            f"path = {path}\nstate = {s.get('state', 'complete')}\n\n")
    with open(os.path.join(base, ".meta"), "w") as fh:
        fh.write(text)
    os.chmod(os.path.join(base, ".meta"), 0o640)


def sv_ls(c: Ceph, p: dict) -> str:
    vol = str(p["vol_name"])
    v = c.volume(vol)
    g = c.group(vol, p.get("group_name"))  # type: ignore[arg-type]
    names = sorted(k.split("/", 1)[1] for k in v.get("subvolumes", {}) if k.split("/", 1)[0] == g)
    return _json([{"name": n} for n in names])


def sv_exist(c: Ceph, p: dict) -> str:
    vol = str(p["vol_name"])
    v = c.volume(vol)
    try:
        g = c.group(vol, p.get("group_name"))  # type: ignore[arg-type]
    except CephError:
        return "no subvolume exists"
    has = any(k.split("/", 1)[0] == g for k in v.get("subvolumes", {}))
    return "subvolume exists" if has else "no subvolume exists"


def sv_getpath(c: Ceph, p: dict) -> str:
    vol, name = str(p["vol_name"]), str(p["sub_name"])
    s = c.sub(vol, p.get("group_name"), name)  # type: ignore[arg-type]
    g = c.group(vol, p.get("group_name"))  # type: ignore[arg-type]
    return c.data_path(g, name, s)


def sv_info(c: Ceph, p: dict) -> str:
    vol, name = str(p["vol_name"]), str(p["sub_name"])
    s = c.sub(vol, p.get("group_name"), name, allow_retained=True)  # type: ignore[arg-type]
    g = c.group(vol, p.get("group_name"))  # type: ignore[arg-type]
    if s.get("state") == "snapshot-retained":
        return _json({"type": "subvolume", "features": FEATURES, "state": "snapshot-retained"})
    path = c.data_path(g, name, s)
    real = c.real(vol, path)
    st = os.stat(real)
    used = c.used(real)
    quota = int(s.get("quota", 0))
    v = c.volume(vol)
    info = {"path": path, "type": "subvolume", "uid": st.st_uid, "gid": st.st_gid,
            "atime": _ts(int(st.st_atime)), "mtime": _ts(int(st.st_mtime)),
            "ctime": _ts(int(st.st_ctime)), "mode": st.st_mode,
            "data_pool": v.get("data_pool", "cephfs_data"),
            "created_at": _ts(int(s.get("created", st.st_ctime))),
            "bytes_quota": "infinite" if quota == 0 else quota, "bytes_used": used,
            "bytes_pcent": "undefined" if quota == 0 else "{0:.2f}".format(used / quota * 100.0),
            "pool_namespace": "", "features": FEATURES, "state": s.get("state", "complete"),
            "mon_addrs": list(c.data.get("mons", [])), "flavor": 2}
    return _json(info)


def sv_resize(c: Ceph, p: dict) -> str:
    vol, name = str(p["vol_name"]), str(p["sub_name"])
    s = c.sub(vol, p.get("group_name"), name)  # type: ignore[arg-type]
    g = c.group(vol, p.get("group_name"))  # type: ignore[arg-type]
    raw = str(p["new_size"])
    noshrink = bool(p.get("no_shrink", False))
    try:
        newsize = int(raw)
        if newsize <= 0:
            raise CephError(errno.EINVAL, "Invalid subvolume size")
    except ValueError:
        low = raw.lower()
        if low not in ("inf", "infinite"):
            raise CephError(errno.EINVAL, f"invalid size option '{low}'")
        newsize = 0
        noshrink = False
    used = c.used(c.real(vol, c.data_path(g, name, s)))
    if newsize > 0 and newsize < used and noshrink:
        raise CephError(errno.EINVAL, "Can't resize the subvolume. The new size '{0}' would be "
                                      "lesser than the current used size '{1}'".format(newsize, used))
    s["quota"] = newsize
    c.save()
    return _json([{"bytes_used": used}, {"bytes_quota": newsize},
                  {"bytes_pcent": "undefined" if newsize == 0
                   else "{0:.2f}".format(used / newsize * 100.0)}])


def sv_rm(c: Ceph, p: dict) -> str:
    vol, name = str(p["vol_name"]), str(p["sub_name"])
    force = bool(p.get("force", False))
    retain = bool(p.get("retain_snapshots", False))
    try:
        s = c.sub(vol, p.get("group_name"), name, allow_retained=True)  # type: ignore[arg-type]
        g = c.group(vol, p.get("group_name"))  # type: ignore[arg-type]
    except CephError as e:
        if e.eno == errno.ENOENT and force:
            return ""
        raise
    base = c.real(vol, c.base_path(g, name))
    if s.get("snapshots"):
        if not retain:
            raise CephError(errno.ENOTEMPTY, f"subvolume '{name}' has snapshots")
        if s.get("state") != "snapshot-retained":
            real = c.real(vol, c.data_path(g, name, s))
            treeutil.safe_rmtree(real, c.root_dir)
            s["state"] = "snapshot-retained"
            _write_meta(base, "", s)
        c.save()
        return ""
    treeutil.safe_rmtree(base, c.root_dir)
    del c.volume(vol)["subvolumes"][f"{g}/{name}"]
    c.save()
    return ""


# --- snapshots -------------------------------------------------------------------------------

def _snap_paths(c: Ceph, vol: str, g: str, name: str, s: dict, snap: str) -> Tuple[str, str]:
    """(real snapshot data dir under <base>/.snap/<snap>/<uuid>, its view in <data>/.snap)."""
    base = c.real(vol, c.base_path(g, name))
    uid = s["snapshots"][snap].get("uuid", s["uuid"])
    primary = os.path.join(base, ".snap", snap, uid)
    ino = s["snapshots"][snap].get("ino", 0)
    view = os.path.join(base, s["uuid"], ".snap", f"_{snap}_{ino}")
    return primary, view


def snap_create(c: Ceph, p: dict) -> str:
    vol, name, snap = str(p["vol_name"]), str(p["sub_name"]), str(p["snap_name"])
    s = c.sub(vol, p.get("group_name"), name)  # type: ignore[arg-type]
    g = c.group(vol, p.get("group_name"))  # type: ignore[arg-type]
    if snap in s.setdefault("snapshots", {}):
        return ""  # mksnap(): "Create a snapshot, or do nothing if it already exists."
    if snap.startswith("_") or "/" in snap or snap in (".", ".."):
        raise CephError(errno.EINVAL, f"snapshot name '{snap}' is invalid")
    group_snap = c.real(vol, f"/volumes/{g}/.snap/{snap}")
    if os.path.exists(group_snap):
        raise CephError(errno.EINVAL, "subvolumegroup and subvolume snapshot name can't be same")
    base = c.real(vol, c.base_path(g, name))
    live = os.path.join(base, s["uuid"])
    s["snapshots"][snap] = {"created": time.time(), "uuid": s["uuid"],
                            "ino": os.stat(base).st_ino}
    primary, view = _snap_paths(c, vol, g, name, s, snap)
    os.makedirs(os.path.dirname(primary), exist_ok=True)
    treeutil.copy_tree(live, primary, skip_top={".snap"})
    os.makedirs(os.path.dirname(view), exist_ok=True)
    treeutil.copy_tree(primary, view, hardlink=True)
    c.save()
    return ""


def snap_ls(c: Ceph, p: dict) -> str:
    vol, name = str(p["vol_name"]), str(p["sub_name"])
    s = c.sub(vol, p.get("group_name"), name, allow_retained=True)  # type: ignore[arg-type]
    snaps = sorted(s.get("snapshots", {}), key=lambda n: s["snapshots"][n]["created"])
    return _json([{"name": n} for n in snaps])


def snap_info(c: Ceph, p: dict) -> str:
    vol, name, snap = str(p["vol_name"]), str(p["sub_name"]), str(p["snap_name"])
    s = c.sub(vol, p.get("group_name"), name, allow_retained=True)  # type: ignore[arg-type]
    if snap.startswith("_"):
        raise CephError(errno.EINVAL, f"snapshot name '{snap}' is invalid")
    if snap not in s.get("snapshots", {}):
        raise CephError(errno.ENOENT, f"snapshot '{snap}' does not exist")
    v = c.volume(vol)
    return _json({"created_at": str(datetime.datetime.fromtimestamp(
        float(s["snapshots"][snap]["created"]))), "data_pool": v.get("data_pool", "cephfs_data"),
        "has_pending_clones": "no"})


def snap_rm(c: Ceph, p: dict) -> str:
    vol, name, snap = str(p["vol_name"]), str(p["sub_name"]), str(p["snap_name"])
    force = bool(p.get("force", False))
    try:
        s = c.sub(vol, p.get("group_name"), name, allow_retained=True)  # type: ignore[arg-type]
        g = c.group(vol, p.get("group_name"))  # type: ignore[arg-type]
        if snap not in s.get("snapshots", {}):
            raise CephError(errno.ENOENT, f"snapshot '{snap}' does not exist")
    except CephError as e:
        if e.eno == errno.ENOENT and force:
            return ""
        raise
    primary, view = _snap_paths(c, vol, g, name, s, snap)
    if os.path.lexists(view):
        treeutil.safe_rmtree(view, c.root_dir)
    treeutil.safe_rmtree(os.path.dirname(primary), c.root_dir)
    del s["snapshots"][snap]
    if s.get("state") == "snapshot-retained" and not s["snapshots"]:
        # the last retained snapshot is gone: the subvolume is purged
        treeutil.safe_rmtree(c.real(vol, c.base_path(g, name)), c.root_dir)
        del c.volume(vol)["subvolumes"][f"{g}/{name}"]
    c.save()
    return ""


# --- groups -------------------------------------------------------------------------------------

def grp_create(c: Ceph, p: dict) -> str:
    vol, g = str(p["vol_name"]), str(p["group_name"])
    v = c.volume(vol)
    mode_s = str(p.get("mode", "755"))
    try:
        mode = int(mode_s, 8)
    except ValueError:
        raise CephError(errno.EINVAL, f"Invalid mode '{mode_s}'")
    groups = v.setdefault("groups", {})
    path = c.real(vol, f"/volumes/{g}")
    os.makedirs(path, exist_ok=True)
    _apply_attrs(path, p.get("uid"), p.get("gid"), mode)
    groups.setdefault(g, {"created": time.time()})
    groups[g].update({"uid": os.stat(path).st_uid, "gid": os.stat(path).st_gid})
    c.save()
    return ""


def grp_ls(c: Ceph, p: dict) -> str:
    v = c.volume(str(p["vol_name"]))
    return _json([{"name": g} for g in sorted(v.get("groups", {}))])


def grp_rm(c: Ceph, p: dict) -> str:
    vol, g = str(p["vol_name"]), str(p["group_name"])
    v = c.volume(vol)
    if g not in v.get("groups", {}):
        if p.get("force"):
            return ""
        raise CephError(errno.ENOENT, f"subvolume group '{g}' does not exist")
    if any(k.split("/", 1)[0] == g for k in v.get("subvolumes", {})):
        raise CephError(errno.ENOTEMPTY, f"subvolume group {g} contains subvolume(s) or retained "
                                         f"snapshots of deleted subvolume(s)")
    treeutil.safe_rmtree(c.real(vol, f"/volumes/{g}"), c.root_dir)
    del v["groups"][g]
    c.save()
    return ""


def grp_getpath(c: Ceph, p: dict) -> str:
    vol, g = str(p["vol_name"]), str(p["group_name"])
    c.group(vol, g)
    return f"/volumes/{g}"


# --- cluster-level commands -------------------------------------------------------------------

def volume_ls(c: Ceph, p: dict) -> str:
    return _json([{"name": n} for n in sorted(c.data.get("volumes", {}))])


def fs_ls(c: Ceph, p: dict, fmt: Optional[str]) -> str:
    vols = c.data.get("volumes", {})
    if fmt and fmt.startswith("json"):
        return json.dumps([{"name": n, "metadata_pool": v["metadata_pool"],
                            "metadata_pool_id": c.data["pools"][v["metadata_pool"]]["id"],
                            "data_pool_ids": [c.data["pools"][v["data_pool"]]["id"]],
                            "data_pools": [v["data_pool"]]} for n, v in sorted(vols.items())])
    if not vols:
        return "No filesystems enabled\n"
    return "".join(f"name: {n}, metadata pool: {v['metadata_pool']}, data pools: "
                   f"[{v['data_pool']} ]\n" for n, v in sorted(vols.items()))


def _pool_stats(c: Ceph) -> Tuple[dict, int, int, int]:
    raw_total = int(c.data.get("raw_size", 300 << 30))
    rep = int(c.data.get("replication", 3))
    rbd = c.st.load("rbd")
    per_pool: Dict[str, int] = {}
    for vol, v in c.data.get("volumes", {}).items():
        root = c.vol_root(vol)
        per_pool[v["data_pool"]] = per_pool.get(v["data_pool"], 0) + (
            treeutil.du(root) if os.path.isdir(root) else 0)
    from .rbd import allocated
    for pname, pool in rbd.get("pools", {}).items():
        per_pool[pname] = per_pool.get(pname, 0) + sum(
            allocated(c.st, pname, i) for i in pool.get("images", {}).values())
    stored_total = sum(per_pool.values())
    raw_used = stored_total * rep + (27 << 20)
    avail_raw = max(0, raw_total - raw_used)
    return per_pool, raw_total, raw_used, avail_raw


def df(c: Ceph, p: dict, fmt: Optional[str]) -> str:
    per_pool, raw_total, raw_used, avail_raw = _pool_stats(c)
    rep = int(c.data.get("replication", 3))
    max_avail = int(avail_raw * 0.95 / rep)
    pools = []
    for name, pool in sorted(c.data.get("pools", {}).items(), key=lambda kv: kv[1]["id"]):
        stored = per_pool.get(name, 0)
        used = stored * rep
        objects = (stored + (4 << 20) - 1) // (4 << 20) if stored else 0
        pct = (used / (used + max_avail * rep)) if (used or max_avail) else 0.0
        pools.append({"name": name, "id": pool["id"], "stats": {
            "stored": stored, "stored_data": stored, "stored_omap": 0, "objects": objects,
            "kb_used": (used + 1023) // 1024, "bytes_used": used, "data_bytes_used": used,
            "omap_bytes_used": 0, "percent_used": pct, "max_avail": max_avail,
            "quota_objects": 0, "quota_bytes": 0, "dirty": 0, "rd": 0, "rd_bytes": 0, "wr": 0,
            "wr_bytes": 0, "compress_bytes_used": 0, "compress_under_bytes": 0,
            "stored_raw": used, "avail_raw": avail_raw}})
    if fmt and fmt.startswith("json"):
        stats = {"total_bytes": raw_total, "total_avail_bytes": avail_raw,
                 "total_used_bytes": raw_used, "total_used_raw_bytes": raw_used,
                 "total_used_raw_ratio": raw_used / raw_total if raw_total else 0.0,
                 "num_osds": 3, "num_per_pool_osds": 3, "num_per_pool_omap_osds": 3}
        doc = {"stats": stats, "stats_by_class": {"hdd": {k: stats[k] for k in (
            "total_bytes", "total_avail_bytes", "total_used_bytes", "total_used_raw_bytes",
            "total_used_raw_ratio")}}, "pools": pools}
        return json.dumps(doc, indent=4 if fmt == "json-pretty" else None,
                          separators=None if fmt == "json-pretty" else (",", ":"))
    ratio = raw_used / raw_total * 100 if raw_total else 0.0
    lines = ["--- RAW STORAGE ---",
             "CLASS     SIZE    AVAIL    USED  RAW USED  %RAW USED",
             "hdd    {:>7}  {:>7}  {:>6}  {:>8}  {:>9.2f}".format(
                 _ib(raw_total), _ib(avail_raw), _ib(raw_used), _ib(raw_used), ratio),
             "TOTAL  {:>7}  {:>7}  {:>6}  {:>8}  {:>9.2f}".format(
                 _ib(raw_total), _ib(avail_raw), _ib(raw_used), _ib(raw_used), ratio),
             "", "--- POOLS ---"]
    w = max([4] + [len(x["name"]) for x in pools])
    lines.append(f"{'POOL'.ljust(w)}  ID  PGS   STORED  OBJECTS     USED  %USED  MAX AVAIL")
    for x in pools:
        s = x["stats"]
        lines.append(f"{x['name'].ljust(w)}  {x['id']:>2}  {32:>3}  {_ib(s['stored']):>7}  "
                     f"{s['objects']:>7}  {_ib(s['bytes_used']):>7}  "
                     f"{s['percent_used'] * 100:>5.2f}  {_ib(s['max_avail']):>9}")
    return "\n".join(lines) + "\n"


def _ib(n: int) -> str:
    """Ceph's byte_u_t style used by 'ceph df': '300 GiB', '82 MiB', '0 B'."""
    units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
    i = 0
    v = float(n)
    while v >= 1024 and i < len(units) - 1:
        v /= 1024
        i += 1
    if i == 0 or v >= 100 or v == int(v):
        return f"{int(v)} {units[i]}"
    return f"{v:.1f} {units[i]}"


def status(c: Ceph, p: dict, fmt: Optional[str]) -> str:
    per_pool, raw_total, raw_used, avail_raw = _pool_stats(c)
    nvol = len(c.data.get("volumes", {}))
    npools = len(c.data.get("pools", {}))
    pgs = 32 * npools + 1
    objects = sum((s + (4 << 20) - 1) // (4 << 20) for s in per_pool.values())
    data_bytes = sum(per_pool.values())
    if fmt and fmt.startswith("json"):
        doc = {"fsid": c.data.get("fsid"), "health": {"status": "HEALTH_OK", "checks": {},
                                                      "mutes": []},
               "election_epoch": 12, "quorum": [0], "quorum_names": [c.data.get("node", "pve")],
               "quorum_age": 7200,
               "monmap": {"epoch": 3, "min_mon_release_name": "reef", "num_mons": 1},
               "osdmap": {"epoch": 60, "num_osds": 3, "num_up_osds": 3, "osd_up_since": 0,
                          "num_in_osds": 3, "osd_in_since": 0, "num_remapped_pgs": 0},
               "pgmap": {"pgs_by_state": [{"state_name": "active+clean", "count": pgs}],
                         "num_pgs": pgs, "num_pools": npools, "num_objects": objects,
                         "data_bytes": data_bytes, "bytes_used": raw_used,
                         "bytes_avail": avail_raw, "bytes_total": raw_total},
               "fsmap": {"epoch": 10, "id": 1, "up": nvol, "in": nvol, "max": nvol,
                         "by_rank": [{"filesystem_id": i + 1, "rank": 0,
                                      "name": c.data.get("node", "pve"), "status": "up:active",
                                      "gid": 4100 + i} for i in range(nvol)],
                         "up:standby": 1},
               "mgrmap": {"available": True, "num_standbys": 0,
                          "modules": ["iostat", "restful", "volumes"], "services": {}},
               "servicemap": {"epoch": 1, "modified": "", "services": {}},
               "progress_events": {}}
        return json.dumps(doc, indent=4 if fmt == "json-pretty" else None,
                          separators=None if fmt == "json-pretty" else (",", ":"))
    node = c.data.get("node", "pve")
    text = (f"  cluster:\n    id:     {c.data.get('fsid')}\n    health: HEALTH_OK\n \n"
            f"  services:\n    mon: 1 daemons, quorum {node} (age 2h)\n"
            f"    mgr: {node}(active, since 2h)\n")
    if nvol:
        text += f"    mds: {nvol}/{nvol} daemons up, 1 standby\n"
    text += ("    osd: 3 osds: 3 up (since 2h), 3 in (since 2h)\n \n  data:\n")
    if nvol:
        text += f"    volumes: {nvol}/{nvol} healthy\n"
    text += (f"    pools:   {npools} pools, {pgs} pgs\n"
             f"    objects: {objects} objects, {_ib(data_bytes)}\n"
             f"    usage:   {_ib(raw_used)} used, {_ib(avail_raw)} / {_ib(raw_total)} avail\n"
             f"    pgs:     {pgs} active+clean\n \n")
    return text


# --- main -------------------------------------------------------------------------------------

HANDLERS = {
    "fs volume ls": volume_ls,
    "fs subvolumegroup create": grp_create, "fs subvolumegroup ls": grp_ls,
    "fs subvolumegroup rm": grp_rm, "fs subvolumegroup getpath": grp_getpath,
    "fs subvolume create": sv_create, "fs subvolume ls": sv_ls, "fs subvolume exist": sv_exist,
    "fs subvolume getpath": sv_getpath, "fs subvolume info": sv_info,
    "fs subvolume resize": sv_resize, "fs subvolume rm": sv_rm,
    "fs subvolume snapshot create": snap_create, "fs subvolume snapshot ls": snap_ls,
    "fs subvolume snapshot info": snap_info, "fs subvolume snapshot rm": snap_rm,
}
FMT_HANDLERS = {"fs ls": fs_ls, "df": df, "status": status}
GLOBAL_WITH_ARG = {"-c", "--conf", "--id", "--user", "-n", "--name", "--cluster", "-k",
                   "--keyring", "--connect-timeout", "-m", "--mon-host", "-i", "--in-file",
                   "-o", "--out-file", "--setuser", "--setgroup", "--period"}
GLOBAL_FLAGS = {"--verbose", "--concise", "--block", "--watch", "-w"}


def ceph_handler(ctx: Ctx, args: List[str]) -> int:
    fmt: Optional[str] = None
    words: List[str] = []
    i = 0
    status_flag = False
    while i < len(args):
        a = args[i]
        if a in ("-f", "--format"):
            if i + 1 >= len(args):
                raise ToolExit(2, "ceph: error: argument -f/--format: expected one argument")
            fmt = args[i + 1]
            i += 2
            continue
        if a.startswith("--format="):
            fmt = a.split("=", 1)[1]
            i += 1
            continue
        if a in ("-s", "--status"):
            status_flag = True
            i += 1
            continue
        if a in ("-v", "--version"):
            out(VERSION + "\n")
            return 0
        # ceph.in parses its own options wherever they appear (argparse parse_known_args)
        if a in GLOBAL_WITH_ARG:
            i += 2
            continue
        if any(a.startswith(g + "=") for g in GLOBAL_WITH_ARG if g.startswith("--")):
            i += 1
            continue
        if a in GLOBAL_FLAGS:
            i += 1
            continue
        words.append(a)
        i += 1
    if status_flag:
        words.insert(0, "status")
    if fmt is not None and fmt not in ("json", "json-pretty", "xml", "xml-pretty", "plain", "yaml"):
        raise ToolExit(2, "usage: ceph [-h] [-c CEPHCONF] [-i INPUT_FILE] [-o OUTPUT_FILE]\n"
                          f"ceph: error: argument -f/--format: invalid choice: '{fmt}' "
                          "(choose from 'json', 'json-pretty', 'xml', 'xml-pretty', 'plain', "
                          "'yaml')")
    if not words:
        raise ToolExit(1, "ceph: interactive mode is not simulated; give a command")
    try:
        prefix, params = parse_command(words)
    except InvalidCommand as e:
        if not e.usage:
            near = "\n".join(usage_line(pfx, ps, d) for pfx, ps, d in SIGS
                             if pfx.split()[0] == words[0])[:4000]
            raise ToolExit(errno.EINVAL, "no valid command found; 10 closest matches:\n"
                                         f"{near}\nError EINVAL: invalid command")
        raise ToolExit(errno.EINVAL, f"Invalid command: {e.msg}\n{e.usage}\n"
                                     "Error EINVAL: invalid command")
    if ctx.fault(prefix):
        target = params.get("sub_name") or params.get("vol_name") or "cluster"
        raise ToolExit(errno.EIO, f"Error EIO: error in {prefix} for '{target}': "
                                  f"Input/output error")
    c = Ceph(ctx)
    try:
        if prefix == "version":
            result = VERSION + "\n"
        elif prefix == "health":
            result = "HEALTH_OK\n" if not (fmt and fmt.startswith("json")) else json.dumps(
                {"status": "HEALTH_OK", "checks": {}, "mutes": []})
        elif prefix in FMT_HANDLERS:
            result = FMT_HANDLERS[prefix](c, params, fmt)
        else:
            result = HANDLERS[prefix](c, params)
    except CephError as e:
        name = ERRNO_NAMES.get(e.eno, errno.errorcode.get(e.eno, "Unknown"))
        raise ToolExit(e.eno, f"Error {name}: {e.msg}")
    if fmt and fmt.startswith("json"):
        out("\n")  # src/ceph.in: blank line before JSON for consumers that skip the first line
    out(result)
    return 0


def ceph_main(argv: Optional[List[str]] = None) -> int:
    return tool_main("ceph", ceph_handler, argv)


def init_ceph(st, volumes=("cephfs",), rbd_pools=("rbd",), raw_size: int = 300 << 30,
              mons=("198.51.100.10:6789",), node: str = "pve") -> None:
    data = {"fsid": str(uuidlib.uuid4()), "mons": list(mons), "raw_size": int(raw_size),
            "replication": 3, "node": node, "pools": {".mgr": {"id": 1}}, "volumes": {}}
    pid = 2
    for vol in volumes:
        dp = "cephfs_data" if vol == "cephfs" else f"{vol}_data"
        mp = "cephfs_metadata" if vol == "cephfs" else f"{vol}_metadata"
        data["pools"][dp] = {"id": pid}
        data["pools"][mp] = {"id": pid + 1}
        pid += 2
        data["volumes"][vol] = {"data_pool": dp, "metadata_pool": mp, "groups": {},
                                "subvolumes": {}}
        os.makedirs(os.path.join(st.root_dir, vol, "volumes"), exist_ok=True)
    for p in rbd_pools:
        data["pools"][p] = {"id": pid}
        pid += 1
    st.save("ceph", data)
