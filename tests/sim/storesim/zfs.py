"""zfs and zpool (OpenZFS 2.2/2.3 command line), simulated over real directories.

Every filesystem dataset is a real directory: its mountpoint, computed like libzfs does with
the pool imported under an altroot (= the simulator's root_dir).  Space figures are computed
from the bytes really stored there.  Snapshots are copies under <mountpoint>/.zfs/snapshot/.
See README.md for what is faithful and what is approximated.
"""

from __future__ import annotations

import os
import random
import sys
import time
from typing import Dict, List, Optional, Sequence, Tuple

from . import treeutil
from .common import Ctx, GetoptError, ToolExit, err, getopt, out, tool_main
from .zfsprops import (BY_NAME, PROPS, SPACE_PROPS, NumError, Prop, format_value, is_user_prop,
                       lookup, nicebytes, nicestrtonum, sort_key_num, usage_prop_table)

BASE_REFER = 98304      # an empty filesystem refers 96K
VOL_REFER = 57344       # an empty volume refers 56K
UINT64_MAX = 2 ** 64 - 1
MAX_NAME = 255

USAGE = {
    "create": "\tcreate [-Pnpuv] [-o property=value] ... <filesystem>\n"
              "\tcreate [-Pnpsv] [-b blocksize] [-o property=value] ... -V <size> <volume>\n",
    "destroy": "\tdestroy [-fnpRrv] <filesystem|volume>\n"
               "\tdestroy [-dnpRrv] <filesystem|volume>@<snap>[%<snap>][,...]\n"
               "\tdestroy <filesystem|volume>#<bookmark>\n",
    "snapshot": "\tsnapshot [-r] [-o property=value] ... <filesystem|volume>@<snap> ...\n",
    "rollback": "\trollback [-rRf] <snapshot>\n",
    "list": "\tlist [-Hp] [-r|-d max] [-o property[,...]] [-s property]...\n"
            "\t    [-S property]... [-t type[,...]] [filesystem|volume|snapshot] ...\n",
    "set": "\tset <property=value> ... <filesystem|volume|snapshot> ...\n",
    "get": "\tget [-rHp] [-d max] [-o \"all\" | field[,...]]\n"
           "\t    [-t type[,...]] [-s source[,...]]\n"
           "\t    <\"all\" | property[,...]> [filesystem|volume|snapshot|bookmark] ...\n",
    "inherit": "\tinherit [-rS] <property> <filesystem|volume|snapshot> ...\n",
    "mount": "\tmount\n\tmount [-flvO] [-o opts] <-a | filesystem>\n",
    "unmount": "\tunmount [-fu] <-a | filesystem|mountpoint>\n",
}
COMMAND_ORDER = ["version", None, "create", "destroy", None, "snapshot", "rollback", "clone",
                 "promote", "rename", "bookmark", "program", None, "list", None, "set", "get",
                 "inherit", "upgrade", None, "userspace", "groupspace", "projectspace", None,
                 "project", None, "mount", "unmount", "share", "unshare", None, "send",
                 "receive", None, "allow", None, "unallow", None, "hold", "holds", "release",
                 "diff", "load-key", "unload-key", "change-key", "redact", "wait"]
ALIASES = {"umount": "unmount", "snap": "snapshot", "recv": "receive"}


def _usage_text(cmd: Optional[str]) -> str:
    if cmd is None:
        lines = ["usage: zfs command args ...", "where 'command' is one of the following:", ""]
        for c in COMMAND_ORDER:
            if c is None:
                lines.append("")
            elif c in USAGE:
                lines.append(USAGE[c].rstrip("\n"))
            else:
                lines.append(f"\t{c} ...")
        text = "\n".join(lines) + "\n"
        text += "\nEach dataset is of the form: pool/[dataset/]*dataset[@name]\n"
        text += "\nFor the property list, run: zfs set|get\n"
        text += "\nFor the delegated permission list, run: zfs allow|unallow\n"
        return text
    text = "usage:\n" + USAGE.get(cmd, f"\t{cmd}\n")
    if cmd in ("set", "get", "inherit", "list"):
        text += usage_prop_table()
    else:
        text += "\nFor the property list, run: zfs set|get\n"
        text += "\nFor the delegated permission list, run: zfs allow|unallow\n"
    return text


def usage_exit(cmd: Optional[str], msg: str = "") -> ToolExit:
    return ToolExit(2, (msg if msg.endswith("\n") or not msg else msg + "\n") + _usage_text(cmd))


class ZfsError(Exception):
    """'<context>: <reason>' on stderr, exit 1."""

    def __init__(self, msg: str, rc: int = 1) -> None:
        super().__init__(msg)
        self.msg = msg
        self.rc = rc


# --- name checks (module/zcommon/zfs_namecheck.c) -------------------------------------------

def _valid_char(c: str) -> bool:
    return c.isascii() and (c.isalnum() or c in "-_.: ")


def name_problem(path: str, types: str, modifying: bool = False) -> Optional[str]:
    """zfs_validate_name(): None when fine, else the reason. types: letters of F, V, S."""
    if "S" not in types and "@" in path:
        return "snapshot delimiter '@' is not expected here"
    if types == "S" and "@" not in path:
        return "missing '@' delimiter in snapshot name"
    if "#" in path:
        return "bookmark delimiter '#' is not expected here"
    if modifying and "%" in path:
        return "invalid character % in name"
    if len(path) >= MAX_NAME:
        return "name is too long"
    if path.startswith("/"):
        return "leading slash in name"
    if path.count("@") > 1:
        return "multiple '@' and/or '#' delimiters in name"
    ds, _at, snap = path.partition("@")
    if ds.endswith("/"):
        return "trailing slash in name"
    for comp in ds.split("/"):
        if comp == "":
            return "empty component or misplaced '@' or '#' delimiter in name"
        if comp == ".":
            return "self reference, '.' is found in name"
        if comp == "..":
            return "parent reference, '..' is found in name"
        for c in comp:
            if not _valid_char(c):
                return f"invalid character '{c}' in name"
    if _at:
        if snap == "":
            return "empty component or misplaced '@' or '#' delimiter in name"
        for c in snap:
            if not _valid_char(c):
                return f"invalid character '{c}' in name"
    pool = ds.split("/")[0]
    if not pool[:1].isalpha():
        return "pool doesn't begin with a letter"
    return None


TYPE_LETTER = {"filesystem": "F", "volume": "V", "snapshot": "S"}


# --- the model ----------------------------------------------------------------------------

class Zfs:
    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.st = ctx.st
        self.data = self.st.load("zfs")
        self.data.setdefault("pools", {})
        self.data.setdefault("datasets", {})
        self.data.setdefault("snapshots", {})
        self.data.setdefault("txg", 1)
        self.root_dir = self.st.root_dir
        self._ref: Dict[str, int] = {}
        self._used: Dict[str, int] = {}
        self._snapused: Dict[str, int] = {}
        self._sig: Dict[str, dict] = {}

    @property
    def pools(self) -> dict:
        return self.data["pools"]

    @property
    def ds(self) -> dict:
        return self.data["datasets"]

    @property
    def snaps(self) -> dict:
        return self.data["snapshots"]

    def save(self) -> None:
        self.st.save("zfs", self.data)
        self._ref.clear()
        self._used.clear()
        self._snapused.clear()
        self._sig.clear()

    def txg(self) -> int:
        self.data["txg"] = int(self.data.get("txg", 1)) + 1
        return self.data["txg"]

    @staticmethod
    def new_guid() -> int:
        return random.getrandbits(63) | (1 << 62)

    # --- structure ---------------------------------------------------------------------
    def typ(self, name: str) -> Optional[str]:
        if "@" in name:
            return "snapshot" if name in self.snaps else None
        d = self.ds.get(name)
        return d["type"] if d else None

    def rec(self, name: str) -> dict:
        return self.snaps[name] if "@" in name else self.ds[name]

    @staticmethod
    def pool_of(name: str) -> str:
        return name.split("@")[0].split("/")[0]

    @staticmethod
    def parent_of(name: str) -> Optional[str]:
        ds = name.split("@")[0]
        if "@" in name:
            return ds
        return ds.rsplit("/", 1)[0] if "/" in ds else None

    def children(self, name: str) -> List[str]:
        pre = name + "/"
        return sorted(n for n in self.ds if n.startswith(pre) and "/" not in n[len(pre):])

    def descendants(self, name: str) -> List[str]:
        """All datasets below name, parents before children."""
        res = []
        for c in self.children(name):
            res.append(c)
            res.extend(self.descendants(c))
        return res

    def snapshots_of(self, name: str) -> List[str]:
        pre = name + "@"
        return sorted((s for s in self.snaps if s.startswith(pre)),
                      key=lambda s: int(self.snaps[s]["createtxg"]))

    def depth(self, name: str) -> int:
        d = name.split("@")[0].count("/")
        return d + (1 if "@" in name else 0)

    # --- properties ---------------------------------------------------------------------
    def chain(self, name: str) -> List[str]:
        """Where inheritable values are looked up: the object, then its (head) dataset's ancestry."""
        res = [name]
        ds = name.split("@")[0]
        if "@" in name:
            res.append(ds)
        p = ds
        while "/" in p:
            p = p.rsplit("/", 1)[0]
            res.append(p)
        return res

    def local_props(self, name: str) -> dict:
        return self.rec(name).setdefault("props", {})

    def resolve(self, name: str, pname: str) -> Tuple[Optional[str], str, str]:
        """(stored value, source type, source dataset) for settable and user properties."""
        prop = BY_NAME.get(pname)
        inherit = prop.inherit if prop else True
        for i, n in enumerate(self.chain(name)):
            if n not in self.ds and n not in self.snaps:
                continue
            props = self.rec(n).get("props", {})
            if pname in props:
                if i == 0:
                    return props[pname], "local", n
                return props[pname], "inherited", n
            if not inherit:
                break
        if prop is None:
            return None, "none", ""
        return prop.default, "default", ""

    def mountpoint(self, name: str) -> Tuple[str, str, str]:
        """(effective mountpoint as 'zfs get' shows it, source type, source dataset)."""
        val, src, srcname = self.resolve(name, "mountpoint")
        val = str(val)
        if not val.startswith("/"):
            return val, src, srcname
        relpath = name[len(srcname):] if src != "default" else name
        relpath = relpath.lstrip("/")
        pool = self.pools.get(self.pool_of(name), {})
        root = pool.get("altroot") or ""
        if root == "/":
            root = ""
        s = val
        if s == "/" and (root or relpath):
            s = ""
        if relpath:
            return f"{root}{s}/{relpath}", src, srcname
        return f"{root}{s}", src, srcname

    def mount_path(self, name: str) -> Optional[str]:
        if self.typ(name) != "filesystem":
            return None
        mp, _s, _n = self.mountpoint(name)
        return mp if mp.startswith("/") else None

    def hold_dir(self, name: str) -> str:
        return os.path.join(self.root_dir, ".storesim", "zfs", str(self.ds[name]["guid"]))

    def datadir(self, name: str) -> str:
        d = self.ds[name]
        if d.get("mounted"):
            return self.mount_path(name) or self.hold_dir(name)
        return self.hold_dir(name)

    def snapdir(self, snap: str) -> str:
        ds, _at, sn = snap.partition("@")
        return os.path.join(self.datadir(ds), ".zfs", "snapshot", sn)

    def nested_mounts(self, name: str) -> List[str]:
        """Mountpoints of mounted descendant filesystems that lie inside name's data directory."""
        base = self.datadir(name)
        res = []
        for d in self.descendants(name):
            if self.ds[d].get("mounted") and self.ds[d]["type"] == "filesystem":
                mp = self.mount_path(d)
                if mp and treeutil.inside(mp, base) and os.path.normpath(mp) != os.path.normpath(base):
                    res.append(mp)
        return res

    # --- space ---------------------------------------------------------------------------
    def referenced(self, name: str) -> int:
        if name in self._ref:
            return self._ref[name]
        t = self.typ(name)
        if t == "snapshot":
            v = int(self.snaps[name].get("referenced", BASE_REFER))
        elif t == "volume":
            v = VOL_REFER
        else:
            d = self.datadir(name)
            v = BASE_REFER + (treeutil.du(d, skip_top={".zfs"}, skip_paths=self.nested_mounts(name))
                              if os.path.isdir(d) else 0)
        self._ref[name] = v
        return v

    def _sigs(self, key: str) -> dict:
        if key not in self._sig:
            if "@" in key:
                d = self.snapdir(key)
                self._sig[key] = treeutil.signatures(d) if os.path.isdir(d) else {}
            else:
                d = self.datadir(key)
                self._sig[key] = (treeutil.signatures(d, skip_top={".zfs"},
                                                      skip_paths=self.nested_mounts(key))
                                  if os.path.isdir(d) else {})
        return self._sig[key]

    def snap_used(self, snap: str) -> int:
        """Bytes only this snapshot holds: files that differ from both neighbours."""
        if snap in self._snapused:
            return self._snapused[snap]
        ds = snap.split("@")[0]
        if self.typ(ds) != "filesystem":
            self._snapused[snap] = 0
            return 0
        order = self.snapshots_of(ds)
        i = order.index(snap)
        prev = self._sigs(order[i - 1]) if i > 0 else {}
        nxt = self._sigs(order[i + 1]) if i + 1 < len(order) else self._sigs(ds)
        total = 0
        for rel, sig in self._sigs(snap).items():
            if prev.get(rel) != sig and nxt.get(rel) != sig:
                total += sig[0]
        self._snapused[snap] = total
        return total

    def usedbysnapshots(self, name: str) -> int:
        return sum(self.snap_used(s) for s in self.snapshots_of(name))

    def usedbychildren(self, name: str) -> int:
        return sum(self.used(c) for c in self.children(name))

    def refreservation(self, name: str) -> int:
        v, _s, _n = self.resolve(name, "refreservation")
        return int(v or 0)

    def usedbyrefreservation(self, name: str) -> int:
        return max(0, self.refreservation(name) - self.referenced(name))

    def used(self, name: str) -> int:
        if name in self._used:
            return self._used[name]
        if "@" in name:
            v = self.snap_used(name)
        else:
            v = (self.referenced(name) + self.usedbysnapshots(name) + self.usedbychildren(name)
                 + self.usedbyrefreservation(name))
        self._used[name] = v
        return v

    def pool_alloc(self, pool: str) -> int:
        return self.used(pool) if pool in self.ds else 0

    def pool_size(self, pool: str) -> int:
        return int(self.pools[pool]["size"])

    def slop(self, pool: str) -> int:
        size = self.pool_size(pool)
        return min(max(size >> 5, min(size >> 1, 128 << 20)), 128 << 30)

    def available(self, name: str) -> int:
        pool = self.pool_of(name)
        avail = max(0, self.pool_size(pool) - self.slop(pool) - self.pool_alloc(pool))
        for n in self.chain(name):
            if n not in self.ds:
                continue
            q = int(self.ds[n].get("props", {}).get("quota", 0) or 0)
            if q:
                avail = min(avail, max(0, q - self.used(n)))
        rq = int(self.ds[name].get("props", {}).get("refquota", 0) or 0)
        if rq:
            avail = min(avail, max(0, rq - self.referenced(name)))
        return avail

    def written(self, name: str) -> int:
        if "@" in name:
            ds = name.split("@")[0]
            order = self.snapshots_of(ds)
            i = order.index(name)
            prev = self._sigs(order[i - 1]) if i > 0 else {}
            return sum(s[0] for r, s in self._sigs(name).items() if prev.get(r) != s)
        if self.typ(name) != "filesystem":
            return 0
        snaps = self.snapshots_of(name)
        if not snaps:
            return self.referenced(name)
        last = self._sigs(snaps[-1])
        return sum(s[0] for r, s in self._sigs(name).items() if last.get(r) != s)

    # --- property values ---------------------------------------------------------------------
    def prop_value(self, name: str, prop: Prop, literal: bool) -> Optional[Tuple[str, str, str]]:
        """(display value, source type, source dataset) or None if not valid for the type."""
        t = self.typ(name)
        if not prop.valid_for(t):
            return None
        n = prop.name
        rec = self.rec(name)
        if prop.ro or n in ("volsize",):
            if n == "type":
                raw = t
            elif n == "creation":
                raw = rec["creation"]
            elif n == "used":
                raw = self.used(name)
            elif n == "available":
                raw = self.available(name)
            elif n == "referenced":
                raw = self.referenced(name)
            elif n in ("compressratio", "refcompressratio"):
                raw = 100
            elif n == "mounted":
                raw = bool(rec.get("mounted"))
            elif n == "origin":
                return "-", "none", ""
            elif n == "createtxg":
                raw = rec["createtxg"]
            elif n == "guid":
                raw = rec["guid"]
            elif n == "objsetid":
                raw = rec.get("objsetid", 54)
            elif n == "usedbysnapshots":
                raw = self.usedbysnapshots(name)
            elif n == "usedbydataset":
                raw = self.referenced(name)
            elif n == "usedbychildren":
                raw = self.usedbychildren(name)
            elif n == "usedbyrefreservation":
                raw = self.usedbyrefreservation(name)
            elif n == "version":
                raw = 5
            elif n == "written":
                raw = self.written(name)
            elif n == "logicalused":
                raw = self.used(name)
            elif n == "logicalreferenced":
                raw = self.referenced(name)
            elif n in ("filesystem_count", "snapshot_count"):
                return "none", "default", ""
            elif n == "volsize":
                raw = int(rec.get("props", {}).get("volsize", 0))
                return format_value(prop, raw, literal), "local", name
            else:
                raw = 0
            return format_value(prop, raw, literal), "none", ""
        if n == "mountpoint":
            v, src, srcname = self.mountpoint(name)
            return v, src, srcname
        val, src, srcname = self.resolve(name, n)
        if prop.kind == "limit":
            return "none", src if src != "local" else "local", srcname
        return format_value(prop, val, literal), src, srcname

    def user_value(self, name: str, pname: str) -> Tuple[str, str, str]:
        val, src, srcname = self.resolve(name, pname)
        if val is None:
            return "-", "none", ""
        return str(val), src, srcname

    def user_props(self, name: str) -> List[str]:
        res = set()
        for n in self.chain(name):
            if n in self.ds or n in self.snaps:
                res.update(k for k in self.rec(n).get("props", {}) if is_user_prop(k))
        return sorted(res)

    def sort_value(self, name: str, key) -> Tuple[bool, object]:
        """(valid, value) used by 'zfs list -s/-S'."""
        if key == "name":
            return True, name
        if isinstance(key, str):
            v, src, _n = self.user_value(name, key)
            return (src != "none"), v
        prop: Prop = key
        if not prop.valid_for(self.typ(name)):
            return False, None
        if prop.kind in ("string",):
            r = self.prop_value(name, prop, True)
            return True, r[0] if r else ""
        raw = self._raw_number(name, prop)
        return True, raw

    def _raw_number(self, name: str, prop: Prop) -> int:
        n = prop.name
        rec = self.rec(name)
        table = {
            "creation": lambda: rec["creation"], "used": lambda: self.used(name),
            "available": lambda: self.available(name), "referenced": lambda: self.referenced(name),
            "createtxg": lambda: rec["createtxg"], "guid": lambda: rec["guid"],
            "usedbysnapshots": lambda: self.usedbysnapshots(name),
            "usedbydataset": lambda: self.referenced(name),
            "usedbychildren": lambda: self.usedbychildren(name),
            "usedbyrefreservation": lambda: self.usedbyrefreservation(name),
            "written": lambda: self.written(name), "logicalused": lambda: self.used(name),
            "logicalreferenced": lambda: self.referenced(name),
            "mounted": lambda: 1 if rec.get("mounted") else 0,
            "compressratio": lambda: 100, "refcompressratio": lambda: 100,
        }
        if n in table:
            return int(table[n]())
        val, _s, _n = self.resolve(name, n)
        return sort_key_num(prop, val)

    # --- mounting -----------------------------------------------------------------------------
    def do_mount(self, name: str) -> None:
        d = self.ds[name]
        mp = self.mount_path(name)
        if mp is None:
            raise ZfsError(f"cannot mount '{name}': no mountpoint set")
        if os.path.isdir(mp) and os.listdir(mp):
            raise ZfsError(f"cannot mount '{mp}': directory is not empty")
        treeutil.check_inside(mp, self.root_dir)
        os.makedirs(os.path.dirname(mp), exist_ok=True)
        hold = self.hold_dir(name)
        if os.path.isdir(hold):
            if os.path.isdir(mp):
                os.rmdir(mp)
            os.rename(hold, mp)
        else:
            os.makedirs(mp, exist_ok=True)
        d["mounted"] = True

    def do_unmount(self, name: str) -> None:
        d = self.ds[name]
        mp = self.mount_path(name) or self.hold_dir(name)
        for c in self.descendants(name):
            if self.ds[c].get("mounted"):
                cmp_ = self.mount_path(c)
                if cmp_ and treeutil.inside(cmp_, mp):
                    raise ZfsError(f"cannot unmount '{mp}': pool or dataset is busy")
        hold = self.hold_dir(name)
        os.makedirs(os.path.dirname(hold), exist_ok=True)
        if os.path.isdir(mp):
            treeutil.check_inside(mp, self.root_dir)
            if os.path.exists(hold):
                treeutil.safe_rmtree(hold, self.root_dir)
            os.rename(mp, hold)
            os.mkdir(mp, 0o755)
        d["mounted"] = False

    def should_mount(self, name: str) -> bool:
        if self.typ(name) != "filesystem":
            return False
        cm, _s, _n = self.resolve(name, "canmount")
        return cm == "on" and self.mount_path(name) is not None

    def remove_dataset_storage(self, name: str) -> None:
        d = self.ds[name]
        if d["type"] == "filesystem":
            if d.get("mounted"):
                mp = self.mount_path(name)
                if mp and os.path.isdir(mp):
                    treeutil.safe_rmtree(mp, self.root_dir)
            hold = self.hold_dir(name)
            if os.path.exists(hold):
                treeutil.safe_rmtree(hold, self.root_dir)

    # --- lookups with libzfs messages ---------------------------------------------------------
    def open(self, name: str, types: str = "FVS", action: str = "open") -> str:
        """zfs_open(): return the type or raise 'cannot open ...'."""
        why = name_problem(name, types)
        if why:
            raise ZfsError(f"cannot {action} '{name}': {why}")
        t = self.typ(name)
        if t is None:
            raise ZfsError(f"cannot {action} '{name}': dataset does not exist")
        if TYPE_LETTER[t] not in types:
            raise ZfsError(f"cannot {action} '{name}': operation not applicable to datasets of this type")
        return t


# --- property value parsing for set/create ------------------------------------------------------

def parse_set_value(z: Optional[Zfs], target: Optional[str], typ: str, pname: str, value: str,
                    creating: bool) -> Tuple[str, object]:
    """Validate one property=value (zfs_valid_proplist); return (canonical name, stored value)."""
    prop = lookup(pname)
    if prop is None:
        if is_user_prop(pname):
            if len(pname) > 255:
                raise NumError("property name too long")
            if len(value) >= 8192:
                raise NumError("property value too long")
            return pname, value
        raise NumError(f"invalid property '{pname}'")
    name = prop.name
    if prop.ro:
        raise NumError(f"'{name}' is readonly")
    if prop.onetime and not creating:
        raise NumError(f"'{name}' is readonly")
    if not prop.valid_for(typ):
        if typ == "snapshot":
            raise NumError("this property can not be modified for snapshots")
        raise NumError(f"'{name}' does not apply to datasets of this type")
    if prop.kind in ("bytes", "num", "quota", "limit"):
        if value == "none":
            if prop.kind == "limit":
                return name, UINT64_MAX
            if prop.kind != "quota":
                raise NumError(f"bad numeric value '{value}'")
            return name, 0
        num = nicestrtonum(value)
        if prop.kind == "quota" and num == 0 and name in ("quota", "refquota"):
            raise NumError("use 'none' to disable quota/refquota")
        if name in ("recordsize", "volblocksize"):
            maxbs = (16 << 20) if name == "recordsize" else (128 << 10)
            if num < 512 or num > maxbs or (num & (num - 1)):
                raise NumError(f"'{name}' must be power of 2 from 512B to {nicebytes(maxbs)}")
        return name, num
    if prop.kind == "index":
        canon = prop.parse_index(value)
        if canon is None:
            raise NumError(f"'{name}' must be one of '{prop.values}'")
        return name, canon
    # strings
    if name == "mountpoint":
        if not (value.startswith("/") or value in ("none", "legacy")):
            raise NumError(f"'{name}' must be an absolute path, 'none', or 'legacy'")
        if value.startswith("/") and len(value) > 1:
            value = value.rstrip("/") or "/"
    return name, value


# --- table output (zfs list / zpool list) -------------------------------------------------------

class Column:
    def __init__(self, header: str, width: int, right: bool, fixed: bool) -> None:
        self.header = header
        self.width = width
        self.right = right
        self.fixed = fixed


def render_list(cols: List[Column], rows: List[List[str]], scripted: bool, literal: bool) -> str:
    for c_i, c in enumerate(cols):
        if not c.fixed or literal:
            for r in rows:
                c.width = max(c.width, len(r[c_i]))
    lines = []
    if not scripted:
        parts = []
        for i, c in enumerate(cols):
            last = i == len(cols) - 1
            if last and not c.right:
                parts.append(c.header)
            elif c.right:
                parts.append(c.header.rjust(c.width))
            else:
                parts.append(c.header.ljust(c.width))
        lines.append("  ".join(parts))
    for r in rows:
        if scripted:
            lines.append("\t".join(r))
            continue
        parts = []
        for i, c in enumerate(cols):
            last = i == len(cols) - 1
            v = r[i]
            if last and not c.right:
                parts.append(v)
            elif c.right:
                parts.append(v.rjust(c.width))
            else:
                parts.append(v.ljust(c.width))
        lines.append("  ".join(parts))
    return "".join(line + "\n" for line in lines)


# --- zfs subcommands ---------------------------------------------------------------------------

def _opts(cmd: str, args: List[str], optstring: str, colon: bool = True):
    try:
        return getopt(args, optstring)
    except GetoptError as e:
        if e.kind == "missing":
            if colon:
                raise usage_exit(cmd, f"missing argument for '{e.opt}' option")
            raise usage_exit(cmd, f"zfs: option requires an argument -- '{e.opt}'\n"
                                  f"invalid option '{e.opt}'")
        if not colon:
            raise usage_exit(cmd, f"zfs: invalid option -- '{e.opt}'\ninvalid option '{e.opt}'")
        raise usage_exit(cmd, f"invalid option '{e.opt}'")


def _parse_types(cmd: str, spec: str) -> str:
    types = ""
    for t in spec.split(","):
        if t == "filesystem":
            types += "F"
        elif t == "volume":
            types += "V"
        elif t in ("snapshot", "snap"):
            types += "S"
        elif t == "bookmark":
            pass
        elif t == "all":
            types += "FVS"
        else:
            raise usage_exit(cmd, f"invalid type '{t}'")
    return "".join(sorted(set(types), key="FVS".index))


def _parse_depth(cmd: str, v: str) -> int:
    try:
        d = int(v, 0)
    except ValueError:
        raise usage_exit(cmd, f"{v} is not an integer")
    if d < 0:
        raise usage_exit(cmd, "Depth can not be negative.")
    return d


def _parse_fields(cmd: str, spec: str) -> List[object]:
    """zprop_get_list(): 'name', Prop, or user property name."""
    if spec == "":
        raise usage_exit(cmd, "bad property list: no properties specified")
    res: List[object] = []
    for f in spec.split(","):
        if f == "space":
            for s in SPACE_PROPS:
                res.append("name" if s == "name" else lookup(s))
            continue
        if f == "name":
            res.append("name")
            continue
        p = lookup(f)
        if p is not None:
            res.append(p)
        elif is_user_prop(f):
            res.append(f)
        else:
            raise usage_exit(cmd, f"bad property list: invalid property '{f}'")
    return res


def collect(z: Zfs, args: List[str], types: str, recurse: bool, depth: Optional[int],
            include_snaps: bool, errors: List[str]) -> List[str]:
    """zfs_for_each()/zfs_callback(): the objects to show, before sorting."""
    found: List[str] = []
    seen = set()

    def add(n: str) -> None:
        if n not in seen:
            seen.add(n)
            found.append(n)

    def walk(n: str, rel: int) -> None:
        t = z.typ(n)
        if TYPE_LETTER[t] in types:
            add(n)
        if not recurse or (depth is not None and rel >= depth) or t == "snapshot":
            return
        if t == "filesystem":
            for c in z.children(n):
                walk(c, rel + 1)
        if include_snaps and "S" in types:
            for s in z.snapshots_of(n):
                add(s)

    if depth is not None:
        recurse = True
    if not args:
        recurse = True
        for pool in sorted(z.pools):
            if pool in z.ds:
                walk(pool, 0)
        return found
    argtype = types
    if recurse:
        argtype += "F"
        if "S" in types:
            argtype += "V"
    for a in args:
        arg = a
        if a.startswith("/") and "@" not in a:  # ZFS_ITER_ARGS_CAN_BE_PATHS
            if not os.path.exists(a):
                errors.append(f"cannot open '{a}': No such file or directory")
                continue
            best, best_len = "", -1
            for n in z.ds:
                mp = z.mount_path(n) if z.ds[n].get("mounted") else None
                if mp and treeutil.inside(a, mp) and len(mp) > best_len:
                    best, best_len = n, len(mp)
            if not best:
                errors.append(f"cannot open '{a}': not a ZFS filesystem")
                continue
            arg = best
        try:
            z.open(arg, argtype or "FVS")
        except ZfsError as e:
            errors.append(e.msg)
            continue
        walk(arg, 0)
    return found


def zfs_sort(z: Zfs, names: List[str], sortcols: List[Tuple[object, bool]]) -> List[str]:
    import functools

    def base_cmp(a: str, b: str) -> int:
        la, _, sa = a.partition("@")
        lb, _, sb = b.partition("@")
        if la != lb:
            return -1 if la.encode() < lb.encode() else 1
        if not sa and not sb:
            return 0
        if not sa:
            return -1
        if not sb:
            return 1
        ta = int(z.snaps[a]["createtxg"])
        tb = int(z.snaps[b]["createtxg"])
        return (ta > tb) - (ta < tb)

    def cmp(a: str, b: str) -> int:
        for key, reverse in sortcols:
            va_ok, va = z.sort_value(a, key)
            vb_ok, vb = z.sort_value(b, key)
            if not va_ok and not vb_ok:
                continue
            if not va_ok:
                return 1
            if not vb_ok:
                return -1
            if isinstance(va, str) or isinstance(vb, str):
                sa, sb = str(va).encode(), str(vb).encode()
                r = (sa > sb) - (sa < sb)
            else:
                r = (va > vb) - (va < vb)
            if r:
                return -r if reverse else r
        return base_cmp(a, b)

    return sorted(names, key=functools.cmp_to_key(cmp))


def cmd_list(z: Zfs, args: List[str]) -> int:
    opts, pos = _opts("list", args, "HS:d:o:prs:t:", colon=False)
    scripted = literal = recurse = False
    depth = None
    fields_spec = "name,used,available,referenced,mountpoint"
    types = "FVS"
    types_given = False
    sortcols: List[Tuple[object, bool]] = []
    for o, v in opts:
        if o == "H":
            scripted = True
        elif o == "p":
            literal = True
        elif o == "r":
            recurse = True
        elif o == "d":
            depth = _parse_depth("list", v)
        elif o == "o":
            fields_spec = v
        elif o in ("s", "S"):
            if v == "name":
                sortcols.append(("name", o == "S"))
            elif lookup(v) is not None:
                sortcols.append((lookup(v), o == "S"))
            elif is_user_prop(v):
                sortcols.append((v, o == "S"))
            else:
                raise usage_exit("list", f"invalid property '{v}'")
        elif o == "t":
            types = _parse_types("list", v)
            types_given = True
    if fields_spec == "space" and not types_given:
        types = "FV"
    fields = _parse_fields("list", fields_spec) if fields_spec != "all" else (
        ["name"] + [p for p in PROPS])
    # ZFS_ITER_PROP_LISTSNAPS: without -t, snapshots are only shown when the pool's
    # listsnapshots property is on (it is off) or when named on the command line
    include_snaps = types_given and "S" in types
    if types == "S" and pos and not recurse and depth is None:
        depth = 1
    errors: List[str] = []
    names = collect(z, pos, types, recurse, depth, include_snaps, errors)
    names = zfs_sort(z, names, sortcols)
    for e in errors:
        err(e + "\n")
    cols: List[Column] = []
    for f in fields:
        if f == "name":
            cols.append(Column("NAME", 4, False, False))
        elif isinstance(f, Prop):
            cols.append(Column(f.col, f.width, f.rightalign, f.fixed))
        else:
            cols.append(Column(str(f).upper(), len(str(f)), False, False))
    rows = []
    for n in names:
        row = []
        for f in fields:
            if f == "name":
                row.append(n)
            elif isinstance(f, Prop):
                r = z.prop_value(n, f, literal)
                row.append(r[0] if r else "-")
            else:
                v, _s, _n = z.user_value(n, f)
                row.append(v)
        rows.append(row)
    if rows:
        out(render_list(cols, rows, scripted, literal))
    rc = 1 if errors else 0
    if rc == 0 and not rows and not scripted:
        err("no datasets available\n")
    return rc


GET_COLS = {"name": "NAME", "property": "PROPERTY", "value": "VALUE", "received": "RECEIVED",
            "source": "SOURCE"}
SRC_BITS = {"local": "local", "default": "default", "inherited": "inherited",
            "received": "received", "temporary": "temporary", "none": "none"}


def cmd_get(z: Zfs, args: List[str]) -> int:
    opts, pos = _opts("get", args, ":d:o:s:rt:Hp")
    scripted = literal = recurse = False
    depth = None
    columns = ["name", "property", "value", "source"]
    sources = set(SRC_BITS)
    types = "FVS"
    for o, v in opts:
        if o == "p":
            literal = True
        elif o == "d":
            depth = _parse_depth("get", v)
        elif o == "r":
            recurse = True
        elif o == "H":
            scripted = True
        elif o == "o":
            columns = []
            for f in v.split(","):
                if len(columns) >= 5:
                    raise usage_exit("get", "too many fields given to -o option")
                if f == "all":
                    if columns:
                        raise usage_exit("get", "\"all\" conflicts with specific fields "
                                                "given to -o option")
                    columns = ["name", "property", "value", "received", "source"]
                elif f in GET_COLS:
                    columns.append(f)
                else:
                    raise usage_exit("get", f"invalid column name '{f}'")
        elif o == "s":
            sources = set()
            for f in v.split(","):
                if f not in SRC_BITS:
                    raise usage_exit("get", f"invalid source '{f}'")
                sources.add(f)
        elif o == "t":
            types = _parse_types("get", v)
    if not pos:
        raise usage_exit("get", "missing property argument")
    fields_spec = pos[0]
    targets = pos[1:]
    if types == "S" and targets and not recurse and depth is None:
        depth = 1
    props_all = fields_spec == "all"
    fields = [] if props_all else _parse_fields("get", fields_spec)
    errors: List[str] = []
    names = collect(z, targets, types, recurse, depth, "S" in types, errors)
    names = zfs_sort(z, names, [])
    for e in errors:
        err(e + "\n")
    # rows: (name, property, value, received, source)
    rows: List[Tuple[str, str, str, str, str, str]] = []
    widths: Dict[str, int] = {}
    name_w = 4
    for n in names:
        name_w = max(name_w, len(n))
        plist: List[object]
        if props_all:
            plist = [p for p in PROPS if p.valid_for(z.typ(n))] + z.user_props(n)
        else:
            plist = fields
        for f in plist:
            if f == "name":
                pname, val, src, srcname = "name", n, "none", ""
                prop_w = (4, False)
            elif isinstance(f, Prop):
                r = z.prop_value(n, f, literal)
                pname = f.name
                if r is None:
                    val, src, srcname = "-", "none", ""
                else:
                    val, src, srcname = r
                prop_w = (f.width, f.fixed)
            else:
                pname = str(f)
                val, src, srcname = z.user_value(n, pname)
                prop_w = (len(pname), False)
            # column widths come from every value (zfs_expand_proplist), shown or not
            w0, fixed = prop_w
            cur = widths.get(pname, w0)
            if not fixed or literal:
                cur = max(cur, len(val))
            widths[pname] = cur
            if src not in sources:
                continue
            rows.append((n, pname, val, "-", src, srcname))
    if not scripted and rows:
        colw = {"name": 4, "property": 8, "value": 5, "received": 8, "source": 6}
        for pname in widths:
            colw["property"] = max(colw["property"], len(pname))
        for k, w in widths.items():
            colw["value"] = max(colw["value"], w)
        if name_w > 4:
            colw["name"] = name_w
            colw["source"] = name_w + len("inherited from")
        header = []
        for i, c in enumerate(columns):
            last = i == len(columns) - 1
            header.append(GET_COLS[c] if last else GET_COLS[c].ljust(colw[c]) + "  ")
        out("".join(header) + "\n")
    else:
        colw = {}
    lines = []
    for n, pname, val, recvd, src, srcname in rows:
        srcstr = {"none": "-", "default": "default", "local": "local", "temporary": "temporary",
                  "received": "received"}.get(src) or f"inherited from {srcname}"
        cells = {"name": n, "property": pname, "value": val, "received": recvd, "source": srcstr}
        parts = []
        for i, c in enumerate(columns):
            last = i == len(columns) - 1
            if last:
                parts.append(cells[c])
            elif scripted:
                parts.append(cells[c] + "\t")
            else:
                parts.append(cells[c].ljust(colw[c]) + "  ")
        lines.append("".join(parts) + "\n")
    out("".join(lines))
    return 1 if errors else 0


def cmd_create(z: Zfs, args: List[str]) -> int:
    try:
        opts, pos = getopt(args, ":PV:b:nso:puv")
    except GetoptError as e:
        if e.kind == "missing":
            raise usage_exit("create", "missing size argument")
        raise usage_exit("create", f"invalid option '{e.opt}'")
    typ = "filesystem"
    parents = dryrun = nomount = verbose = parsable = noreserve = False
    volsize = None
    blocksize = None
    props: Dict[str, str] = {}
    for o, v in opts:
        if o == "V":
            typ = "volume"
            try:
                volsize = nicestrtonum(v)
            except NumError as e:
                raise ToolExit(1, f"bad volume size '{v}': {e}")
        elif o == "b":
            try:
                blocksize = nicestrtonum(v)
            except NumError as e:
                raise ToolExit(1, f"bad volume block size '{v}': {e}")
            props["volblocksize"] = v
        elif o == "P":
            verbose = parsable = True
        elif o == "p":
            parents = True
        elif o == "n":
            dryrun = True
        elif o == "o":
            if "=" not in v:
                raise ToolExit(1, "missing '=' for property=value argument")
            k, val = v.split("=", 1)
            if k in props:
                raise ToolExit(1, f"property '{k}' specified multiple times")
            props[k] = val
        elif o == "s":
            noreserve = True
        elif o == "u":
            nomount = True
        elif o == "v":
            verbose = True
    if (blocksize is not None or noreserve) and typ != "volume":
        raise usage_exit("create", "'-s' and '-b' can only be used when creating a volume")
    if nomount and typ != "filesystem":
        raise usage_exit("create", "'-u' can only be used when creating a filesystem")
    if not pos:
        raise usage_exit("create", f"missing {typ} argument")
    if len(pos) > 1:
        raise usage_exit("create", "too many arguments")
    name = pos[0]
    what = f"cannot create '{name}'"
    if parents and name_problem(name, TYPE_LETTER[typ]) is None and z.typ(name) in ("filesystem",
                                                                                   "volume"):
        return 0
    why = name_problem(name, TYPE_LETTER[typ], modifying=True)
    if why:
        raise ZfsError(f"{what}: {why}")
    if "/" not in name:
        raise ZfsError(f"{what}: missing dataset name")
    pool = z.pool_of(name)
    if pool not in z.pools:
        raise ZfsError(f"{what}: no such pool '{pool}'")
    parent = z.parent_of(name)
    missing = []
    p = parent
    while p and p not in z.ds:
        missing.append(p)
        p = z.parent_of(p)
    if missing and not parents:
        raise ZfsError(f"{what}: parent does not exist")
    if p and z.ds[p]["type"] != "filesystem":
        raise ZfsError(f"{what}: parent is not a filesystem")
    if z.typ(name) is not None:
        raise ZfsError(f"{what}: dataset already exists")
    stored: Dict[str, object] = {}
    try:
        for k, v in props.items():
            cname, val = parse_set_value(z, None, typ, k, v, creating=True)
            stored[cname] = val
    except NumError as e:
        raise ZfsError(f"{what}: {e}")
    if typ == "volume":
        bs = int(stored.get("volblocksize", 16384))
        assert volsize is not None
        if volsize == 0:
            raise ZfsError(f"{what}: volume size cannot be zero")
        if volsize % bs:
            volsize += bs - volsize % bs
        stored["volsize"] = volsize
        if not noreserve and "refreservation" not in stored:
            stored["refreservation"] = volsize
    if verbose:
        lines = []
        if missing:
            lines.append(f"create_ancestors\t{name}" if parsable else
                         (f"would create ancestors of {name}" if dryrun else
                          f"create ancestors of {name}"))
        lines.append(f"create\t{name}" if parsable else
                     (f"would create {name}" if dryrun else f"create {name}"))
        for k, v in props.items():
            lines.append(f"property\t{k}\t{v}" if parsable else f"\t{k}={v}")
        out("".join(line + "\n" for line in lines))
    if dryrun:
        return 0
    for anc in reversed(missing):
        _new_dataset(z, anc, "filesystem", {})
        if z.should_mount(anc):
            try:
                z.do_mount(anc)
            except ZfsError:
                pass
    _new_dataset(z, name, typ, {k: (str(v) if not isinstance(v, str) else v)
                                for k, v in stored.items()})
    rc = 0
    if typ == "filesystem" and not nomount and z.should_mount(name):
        try:
            z.do_mount(name)
        except ZfsError as e:
            err(e.msg + "\n")
            err("filesystem successfully created, but not mounted\n")
            rc = 1
    z.save()
    return rc


def _new_dataset(z: Zfs, name: str, typ: str, props: Dict[str, str]) -> None:
    txg = z.txg()
    z.ds[name] = {"type": typ, "guid": z.new_guid(), "createtxg": txg, "creation": int(time.time()),
                  "objsetid": 256 + txg, "props": dict(props), "mounted": False}


def _destroy_list_for(z: Zfs, name: str) -> List[str]:
    """Dependents printed by 'cannot destroy ...: filesystem has children'."""
    res: List[str] = []
    for c in z.children(name):
        res.append(c)
        res.extend(_destroy_list_for(z, c))
    res.extend(z.snapshots_of(name))
    return res


def _destroy_snapshot(z: Zfs, snap: str) -> None:
    d = z.snapdir(snap)
    if os.path.isdir(d):
        treeutil.safe_rmtree(d, z.root_dir)
    del z.snaps[snap]


def _expand_snapspec(z: Zfs, ds: str, spec: str) -> List[str]:
    """'a,b,c%e': comma list of names or ranges (zfs_iter_snapspec)."""
    order = z.snapshots_of(ds)
    shorts = [s.split("@", 1)[1] for s in order]
    res: List[str] = []
    for part in spec.split(","):
        if "%" in part:
            a, _p, b = part.partition("%")
            ia = shorts.index(a) if a else 0
            ib = shorts.index(b) if b else len(shorts) - 1
            if (a and a not in shorts) or (b and b not in shorts):
                continue
            res.extend(order[ia:ib + 1])
        elif f"{ds}@{part}" in z.snaps:
            res.append(f"{ds}@{part}")
    seen = set()
    return [r for r in res if not (r in seen or seen.add(r))]


def cmd_destroy(z: Zfs, args: List[str]) -> int:
    try:
        opts, pos = getopt(args, "vpndfrR")
    except GetoptError as e:
        raise usage_exit("destroy", f"invalid option '{e.opt}'")
    verbose = parsable = dryrun = recurse = False
    for o, _v in opts:
        if o == "v":
            verbose = True
        elif o == "p":
            verbose = parsable = True
        elif o == "n":
            dryrun = True
        elif o in ("r", "R"):
            recurse = True
    if not pos:
        raise usage_exit("destroy", "missing dataset argument")
    if len(pos) > 1:
        raise usage_exit("destroy", "too many arguments")
    target = pos[0]

    def say(n: str) -> None:
        if verbose:
            out(f"destroy\t{n}\n" if parsable else
                (f"would destroy {n}\n" if dryrun else f"will destroy {n}\n"))

    if "@" in target:
        ds, _at, spec = target.partition("@")
        z.open(ds, "FV")
        victims: List[str] = []
        datasets = [ds] + (z.descendants(ds) if recurse else [])
        for d in datasets:
            victims.extend(_expand_snapspec(z, d, spec))
        if not victims:
            raise ZfsError("could not find any snapshots to destroy; check snapshot names.")
        for v in victims:
            say(v)
        if verbose:
            reclaim = sum(z.snap_used(v) for v in victims)
            out(f"reclaim\t{reclaim}\n" if parsable else
                (f"would reclaim {nicebytes(reclaim)}\n" if dryrun else
                 f"will reclaim {nicebytes(reclaim)}\n"))
        if not dryrun:
            for v in victims:
                _destroy_snapshot(z, v)
            z.save()
        return 0
    if "#" in target:
        raise ZfsError(f"bookmark '{target}' does not exist.")
    z.open(target, "FVS")
    if "/" not in target and not recurse:
        raise ZfsError(f"cannot destroy '{target}': operation does not apply to pools\n"
                       f"use 'zfs destroy -r {target}' to destroy all datasets in the pool\n"
                       f"use 'zpool destroy {target}' to destroy the pool itself")
    deps = _destroy_list_for(z, target)
    if deps and not recurse:
        t = z.typ(target)
        raise ZfsError(f"cannot destroy '{target}': {t} has children\n"
                       f"use '-r' to destroy the following datasets:\n" + "\n".join(deps))
    order = []
    for d in reversed([target] + z.descendants(target)):
        order.extend(z.snapshots_of(d))
        order.append(d)
    for n in order:
        if "/" not in n and "@" not in n:
            continue  # never the pool's root dataset
        say(n)
    if dryrun:
        return 0
    for n in order:
        if "@" in n:
            _destroy_snapshot(z, n)
        elif "/" in n:
            z.remove_dataset_storage(n)
            del z.ds[n]
    z.save()
    return 0


def cmd_snapshot(z: Zfs, args: List[str]) -> int:
    try:
        opts, pos = getopt(args, "ro:")
    except GetoptError as e:
        raise usage_exit("snapshot", f"invalid option '{e.opt}'")
    recurse = False
    props: Dict[str, str] = {}
    for o, v in opts:
        if o == "r":
            recurse = True
        elif o == "o":
            if "=" not in v:
                raise ToolExit(1, "missing '=' for property=value argument")
            k, val = v.split("=", 1)
            if k in props:
                raise ToolExit(1, f"property '{k}' specified multiple times")
            props[k] = val
    if not pos:
        raise usage_exit("snapshot", "missing snapshot argument")
    multiple = recurse or len(pos) > 1
    todo: List[str] = []
    for a in pos:
        if "@" not in a:
            raise usage_exit("snapshot")
        ds, _at, sn = a.partition("@")
        try:
            z.open(ds, "FV")
        except ZfsError as e:
            raise ToolExit(2, e.msg + "\n" + _usage_text("snapshot"))
        todo.append(a)
        if recurse:
            todo.extend(f"{d}@{sn}" for d in z.descendants(ds))
    stored: Dict[str, str] = {}
    for k, v in props.items():
        try:
            cname, val = parse_set_value(z, None, "snapshot", k, v, creating=True)
        except NumError as e:
            raise ZfsError(f"cannot create snapshot '{todo[0]}': {e}")
        stored[cname] = str(val)
    for snap in todo:
        why = name_problem(snap, "S", modifying=True)
        if why:
            msg = f"cannot create snapshot '{snap}': {why}"
            if multiple:
                msg += "\nno snapshots were created"
            raise ZfsError(msg)
    seen_fs = set()
    for snap in todo:
        fs = snap.split("@")[0]
        if fs in seen_fs:
            raise ZfsError("cannot create snapshots : multiple snapshots of same fs not allowed"
                           + ("\nno snapshots were created" if multiple else ""))
        seen_fs.add(fs)
    for snap in todo:
        if snap in z.snaps:
            msg = f"cannot create snapshot '{snap}': dataset already exists"
            if multiple:
                msg += "\nno snapshots were created"
            raise ZfsError(msg)
    txg = z.txg()
    now = int(time.time())
    for snap in todo:
        take_snapshot(z, snap, txg, now, stored)
    z.save()
    return 0


def take_snapshot(z: Zfs, snap: str, txg: int, creation: int, props: Dict[str, str]) -> None:
    """Record snapshot and materialise it as a copy under <mountpoint>/.zfs/snapshot/<name>."""
    ds = snap.split("@")[0]
    rec = {"guid": z.new_guid(), "createtxg": txg, "creation": int(creation),
           "objsetid": 512 + txg, "props": dict(props), "referenced": VOL_REFER}
    if z.ds[ds]["type"] == "filesystem":
        src = z.datadir(ds)
        dst = z.snapdir(snap)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        for d in (os.path.dirname(os.path.dirname(dst)), os.path.dirname(dst)):
            try:  # dr-xr-xr-x like the real .zfs (kept writable when not running as root)
                os.chmod(d, 0o555 if os.geteuid() == 0 else 0o755)
            except OSError:
                pass
        if os.path.isdir(src):
            treeutil.copy_tree(src, dst, skip_top={".zfs"}, empty_paths=z.nested_mounts(ds))
        else:
            os.makedirs(dst, exist_ok=True)
        rec["referenced"] = BASE_REFER + treeutil.du(dst)
    z.snaps[snap] = rec


def cmd_rollback(z: Zfs, args: List[str]) -> int:
    try:
        opts, pos = getopt(args, "rRf")
    except GetoptError as e:
        raise usage_exit("rollback", f"invalid option '{e.opt}'")
    recurse = any(o in ("r", "R") for o, _v in opts)
    if not pos:
        raise usage_exit("rollback", "missing dataset argument")
    if len(pos) > 1:
        raise usage_exit("rollback", "too many arguments")
    snap = pos[0]
    z.open(snap, "S")
    ds = snap.split("@")[0]
    order = z.snapshots_of(ds)
    newer = order[order.index(snap) + 1:]
    if newer and not recurse:
        lines = [f"cannot rollback to '{snap}': more recent snapshots or bookmarks exist",
                 "use '-r' to force deletion of the following snapshots and bookmarks:"]
        lines += newer[:32]
        if len(newer) >= 32:
            lines.append("Output limited to 32 snapshots/bookmarks")
        raise ZfsError("\n".join(lines))
    for n in newer:
        _destroy_snapshot(z, n)
    if z.ds[ds]["type"] == "filesystem":
        live = z.datadir(ds)
        src = z.snapdir(snap)
        os.makedirs(live, exist_ok=True)
        treeutil.clear_dir(live, z.root_dir, keep={".zfs"}, keep_paths=z.nested_mounts(ds))
        treeutil.copy_tree(src, live, merge=True)
    z.save()
    return 0


def cmd_set(z: Zfs, args: List[str]) -> int:
    if args and args[0].startswith("-"):
        raise usage_exit("set", f"invalid option '{args[0][1:2]}'")
    if not args:
        raise usage_exit("set", "missing arguments")
    if len(args) < 2:
        if "=" not in args[0]:
            raise usage_exit("set", "missing property=value argument(s)")
        raise usage_exit("set", "missing dataset name(s)")
    ds_start = -1
    for i, a in enumerate(args):
        if "=" in a:
            if ds_start >= 0:
                raise usage_exit("set", "invalid argument order")
        elif ds_start < 0:
            ds_start = i
    if ds_start < 0:
        raise usage_exit("set", "missing dataset name(s)")
    props: Dict[str, str] = {}
    for a in args[:ds_start]:
        k, v = a.split("=", 1)
        if k in props:
            err(f"property '{k}' specified multiple times\n")
            return 255
        props[k] = v
    rc = 0
    for target in args[ds_start:]:
        try:
            _set_one(z, target, props)
        except ZfsError as e:
            err(e.msg + "\n")
            rc = 1
    z.save()
    return rc


def _set_one(z: Zfs, target: str, props: Dict[str, str]) -> None:
    typ = z.open(target, "FVS")
    what = f"cannot set property for '{target}'"
    parsed: Dict[str, object] = {}
    for k, v in props.items():
        try:
            cname, val = parse_set_value(z, target, typ, k, v, creating=False)
        except NumError as e:
            raise ZfsError(f"{what}: {e}")
        parsed[cname] = val
    # kernel-side checks (ENOSPC)
    for cname, val in parsed.items():
        if cname == "refquota" and int(val) and int(val) < z.referenced(target):
            raise ZfsError(f"{what}: size is less than current used or reserved space")
        if cname == "quota" and int(val) and int(val) < z.used(target):
            raise ZfsError(f"{what}: size is less than current used or reserved space")
        if cname in ("reservation", "refreservation") and int(val) > (
                z.available(target) + z.usedbyrefreservation(target)):
            raise ZfsError(f"{what}: size is greater than available space")
        if cname == "volsize" and typ == "volume":
            pass
    remount = "mountpoint" in parsed or "canmount" in parsed
    mounted_before: List[str] = []
    if remount and typ == "filesystem":
        affected = [target] + z.descendants(target)
        mounted_before = [d for d in affected if z.ds[d].get("mounted")]
        for d in reversed(mounted_before):
            z.do_unmount(d)
    props_rec = z.local_props(target)
    for cname, val in parsed.items():
        props_rec[cname] = val if isinstance(val, str) else str(val)
    if remount and typ == "filesystem":
        for d in mounted_before:
            if z.should_mount(d) or (d != target and z.mount_path(d)):
                try:
                    z.do_mount(d)
                except ZfsError as e:
                    err(e.msg + "\n")
                    err("property may be set but unable to remount filesystem\n")
        if "canmount" in parsed and parsed["canmount"] == "on" and not z.ds[target].get("mounted") \
                and z.should_mount(target):
            z.do_mount(target)


def cmd_inherit(z: Zfs, args: List[str]) -> int:
    try:
        opts, pos = getopt(args, "rS")
    except GetoptError as e:
        raise usage_exit("inherit", f"invalid option '{e.opt}'")
    recurse = any(o == "r" for o, _v in opts)
    if not pos:
        raise usage_exit("inherit", "missing property argument")
    if len(pos) < 2:
        raise usage_exit("inherit", "missing dataset argument")
    pname = pos[0]
    prop = lookup(pname)
    if prop is not None:
        if prop.ro:
            raise ToolExit(1, f"{pname} property is read-only")
        if not prop.inherit:
            msg = f"'{pname}' property cannot be inherited"
            if prop.name in ("quota", "reservation", "refquota", "refreservation"):
                msg += (f"\nuse 'zfs set {pname}=none' to clear\n"
                        f"use 'zfs inherit -S {pname}' to revert to received value")
            raise ToolExit(1, msg)
        key = prop.name
    elif is_user_prop(pname):
        key = pname
    else:
        raise usage_exit("inherit", f"invalid property '{pname}'")
    rc = 0
    for t in pos[1:]:
        try:
            z.open(t, "FVS")
        except ZfsError as e:
            err(e.msg + "\n")
            rc = 1
            continue
        targets = [t] + (z.descendants(t) + [s for d in [t] + z.descendants(t)
                                             for s in z.snapshots_of(d)] if recurse else [])
        for n in targets:
            mounted = []
            if key == "mountpoint" and z.typ(n) == "filesystem":
                mounted = [d for d in [n] + z.descendants(n) if z.ds[d].get("mounted")]
                for d in reversed(mounted):
                    z.do_unmount(d)
            z.local_props(n).pop(key, None)
            for d in mounted:
                try:
                    z.do_mount(d)
                except ZfsError as e:
                    err(e.msg + "\n")
    z.save()
    return rc


def cmd_mount(z: Zfs, args: List[str]) -> int:
    try:
        opts, pos = getopt(args, ":alvo:Of")
    except GetoptError as e:
        if e.kind == "missing":
            raise usage_exit("mount", f"missing argument for '{e.opt}' option")
        raise usage_exit("mount", f"invalid option '{e.opt}'")
    do_all = any(o == "a" for o, _v in opts)
    if not pos and not do_all:
        lines = []
        for n in sorted(z.ds):
            if z.ds[n].get("mounted") and z.ds[n]["type"] == "filesystem":
                lines.append("%-30s  %s\n" % (n, z.mount_path(n)))
        out("".join(lines))
        return 0
    if do_all:
        if pos:
            raise usage_exit("mount", "too many arguments")
        for n in sorted(z.ds, key=lambda x: x.count("/")):
            if z.ds[n]["type"] == "filesystem" and not z.ds[n].get("mounted") and \
                    z.should_mount(n):
                try:
                    z.do_mount(n)
                except ZfsError as e:
                    err(e.msg + "\n")
        z.save()
        return 0
    if len(pos) > 1:
        raise usage_exit("mount", "too many arguments")
    name = pos[0]
    z.open(name, "F")
    if z.ds[name].get("mounted"):
        raise ZfsError(f"cannot mount '{name}': filesystem already mounted")
    mpv, _s, _n = z.mountpoint(name)
    cm, _s2, _n2 = z.resolve(name, "canmount")
    if cm == "off":
        raise ZfsError(f"cannot mount '{name}': 'canmount' property is set to 'off'")
    if mpv == "legacy":
        raise ZfsError(f"cannot mount '{name}': legacy mountpoint\n"
                       f"use mount(8) to mount this filesystem")
    if mpv == "none":
        raise ZfsError(f"cannot mount '{name}': no mountpoint set")
    z.do_mount(name)
    z.save()
    return 0


def cmd_unmount(z: Zfs, args: List[str]) -> int:
    try:
        opts, pos = getopt(args, "afu")
    except GetoptError as e:
        raise usage_exit("unmount", f"invalid option '{e.opt}'")
    do_all = any(o == "a" for o, _v in opts)
    if do_all:
        for n in sorted(z.ds, key=lambda x: -x.count("/")):
            if z.ds[n].get("mounted"):
                try:
                    z.do_unmount(n)
                except ZfsError as e:
                    err(e.msg + "\n")
        z.save()
        return 0
    if not pos:
        raise usage_exit("unmount", "missing filesystem argument")
    if len(pos) > 1:
        raise usage_exit("unmount", "too many arguments")
    name = pos[0]
    if name.startswith("/"):
        match = [n for n in z.ds if z.ds[n].get("mounted") and
                 z.mount_path(n) == os.path.normpath(name)]
        if not match:
            raise ZfsError(f"cannot unmount '{name}': not a ZFS filesystem")
        name = match[0]
    z.open(name, "F")
    if not z.ds[name].get("mounted"):
        raise ZfsError(f"cannot unmount '{name}': not currently mounted")
    z.do_unmount(name)
    z.save()
    return 0


ZFS_COMMANDS = {"list": cmd_list, "get": cmd_get, "set": cmd_set, "create": cmd_create,
                "destroy": cmd_destroy, "snapshot": cmd_snapshot, "rollback": cmd_rollback,
                "inherit": cmd_inherit, "mount": cmd_mount, "unmount": cmd_unmount}

FAULT_MSG = {"create": "cannot create '{t}': I/O error",
             "destroy": "cannot destroy '{t}': I/O error",
             "snapshot": "cannot create snapshot '{t}': I/O error",
             "rollback": "cannot rollback '{t}': I/O error",
             "set": "cannot set property for '{t}': I/O error",
             "inherit": "cannot inherit property for '{t}': I/O error",
             "get": "cannot open '{t}': I/O error",
             "list": "cannot open '{t}': I/O error",
             "mount": "cannot mount '{t}': I/O error",
             "unmount": "cannot unmount '{t}': I/O error"}


def zfs_handler(ctx: Ctx, args: List[str]) -> int:
    if not args:
        raise ToolExit(2, _usage_text(None))
    cmd = ALIASES.get(args[0], args[0])
    if cmd in ("-?", "--help", "help"):
        out(_usage_text(None))
        return 0
    if cmd not in ZFS_COMMANDS:
        if cmd in COMMAND_ORDER:
            raise ToolExit(1, f"zfs {cmd}: not supported by the simulator (tests/sim/storesim)")
        raise ToolExit(2, f"unrecognized command '{cmd}'\n" + _usage_text(None))
    if ctx.fault(cmd):
        positional = [a for a in args[1:] if not a.startswith("-") and "=" not in a]
        target = positional[-1] if positional else "rpool"
        raise ToolExit(1, FAULT_MSG[cmd].format(t=target))
    z = Zfs(ctx)
    try:
        return ZFS_COMMANDS[cmd](z, args[1:])
    except ZfsError as e:
        raise ToolExit(e.rc, e.msg)


def zfs_main(argv: Optional[List[str]] = None) -> int:
    return tool_main("zfs", zfs_handler, argv)


# --- zpool ------------------------------------------------------------------------------------

class PoolProp:
    def __init__(self, name: str, col: str, kind: str, right: bool, width: Optional[int] = None):
        self.name = name
        self.col = col
        self.kind = kind
        self.right = right
        self.fixed = kind not in ("string",)
        self.width = width if width is not None else (max(len(col), 5) if self.fixed else len(col))


POOL_PROPS = [
    PoolProp("name", "NAME", "string", False),
    PoolProp("size", "SIZE", "bytes", True),
    PoolProp("allocated", "ALLOC", "bytes", True),
    PoolProp("free", "FREE", "bytes", True),
    PoolProp("checkpoint", "CKPOINT", "dashzero", True),
    PoolProp("expandsize", "EXPANDSZ", "dashzero", True),
    PoolProp("fragmentation", "FRAG", "percent", True),
    PoolProp("capacity", "CAP", "percent", True),
    PoolProp("dedupratio", "DEDUP", "ratio", True),
    PoolProp("health", "HEALTH", "health", True, 8),
    PoolProp("altroot", "ALTROOT", "string", False),
    PoolProp("guid", "GUID", "raw", True),
    PoolProp("readonly", "RDONLY", "onoff", False),
    PoolProp("autoexpand", "EXPAND", "onoff", False),
    PoolProp("listsnapshots", "LISTSNAPS", "onoff", False),
]
POOL_BY_NAME = {p.name: p for p in POOL_PROPS}
DEFAULT_POOL_FIELDS = ["name", "size", "allocated", "free", "checkpoint", "expandsize",
                       "fragmentation", "capacity", "dedupratio", "health", "altroot"]


def pool_lookup(name: str) -> Optional[PoolProp]:
    if name in POOL_BY_NAME:
        return POOL_BY_NAME[name]
    for p in POOL_PROPS:
        if p.col.lower() == name:
            return p
    return None


def pool_value(z: Zfs, pool: str, prop: PoolProp, literal: bool) -> str:
    size = z.pool_size(pool)
    alloc = min(size, z.pool_alloc(pool))
    n = prop.name
    if n == "name":
        return pool
    if n == "size":
        return str(size) if literal else nicebytes(size)
    if n == "allocated":
        return str(alloc) if literal else nicebytes(alloc)
    if n == "free":
        return str(size - alloc) if literal else nicebytes(size - alloc)
    if n in ("checkpoint", "expandsize"):
        return "-"
    if n == "fragmentation":
        return "0" if literal else "0%"
    if n == "capacity":
        cap = (alloc * 100 // size) if size else 0
        return str(cap) if literal else f"{cap}%"
    if n == "dedupratio":
        return "1.00" if literal else "1.00x"
    if n == "health":
        return str(z.pools[pool].get("health", "ONLINE"))
    if n == "altroot":
        return z.pools[pool].get("altroot") or "-"
    if n == "guid":
        return str(z.pools[pool]["guid"])
    return "off"


ZPOOL_USAGE = {
    "list": "\tlist [-gHLpPv] [-o property[,...]] [-T d|u] [pool] ... \n\t    [interval [count]]\n",
    "status": "\tstatus [-DegiLpPstvx] [-c script1[,script2,...]] ...\n"
              "\t    [-j|--json [--json-flat-vdevs] [--json-int] [--json-pool-key-guid]]\n"
              "\t    [-T d|u] [--power] [pool] ... [interval [count]]\n",
    "get": "\tget [-Hp] [-o \"all\" | field[,...]] <\"all\" | property[,...]> <pool> ...\n",
}


def zpool_usage(cmd: Optional[str], msg: str = "") -> ToolExit:
    if cmd is None:
        text = "usage: zpool command args ...\nwhere 'command' is one of the following:\n\n"
        text += "".join(ZPOOL_USAGE.values())
    else:
        text = "usage:\n" + ZPOOL_USAGE[cmd]
    return ToolExit(2, (msg + "\n" if msg else "") + text)


def zpool_list(z: Zfs, args: List[str]) -> int:
    try:
        opts, pos = getopt(args, ":gHLo:pPT:v")
    except GetoptError as e:
        if e.kind == "missing":
            raise zpool_usage("list", f"missing argument for '{e.opt}' option")
        raise zpool_usage("list", f"invalid option '{e.opt}'")
    scripted = literal = False
    fields = list(DEFAULT_POOL_FIELDS)
    for o, v in opts:
        if o == "H":
            scripted = True
        elif o == "p":
            literal = True
        elif o == "o":
            fields = v.split(",")
    props = []
    for f in fields:
        p = pool_lookup(f)
        if p is None:
            raise zpool_usage("list", f"property '{f}' is not a valid pool or vdev property")
        props.append(p)
    names = pos[:]
    rc = 0
    pools = []
    if names:
        for n in names:
            if n not in z.pools:
                err(f"cannot open '{n}': no such pool\n")
                rc = 1
            else:
                pools.append(n)
    else:
        pools = sorted(z.pools)
    cols = [Column(p.col, p.width, p.right, p.fixed) for p in props]
    rows = [[pool_value(z, pool, p, literal) for p in props] for pool in pools]
    if rows:
        out(render_list(cols, rows, scripted, literal))
    elif not names:
        out("no pools available\n")
    return rc


def zpool_get(z: Zfs, args: List[str]) -> int:
    try:
        opts, pos = getopt(args, ":Hpo:")
    except GetoptError as e:
        raise zpool_usage("get", f"invalid option '{e.opt}'")
    scripted = any(o == "H" for o, _v in opts)
    literal = any(o == "p" for o, _v in opts)
    columns = ["name", "property", "value", "source"]
    for o, v in opts:
        if o == "o":
            columns = v.split(",") if v != "all" else ["name", "property", "value", "source"]
    if not pos:
        raise zpool_usage("get", "missing property argument")
    if pos[0] == "all":
        props = [p for p in POOL_PROPS if p.name != "name"]
    else:
        props = []
        for f in pos[0].split(","):
            p = pool_lookup(f)
            if p is None:
                raise zpool_usage("get", f"bad property list: invalid property '{f}'")
            props.append(p)
    pools = pos[1:] or sorted(z.pools)
    rows = []
    rc = 0
    for pool in pools:
        if pool not in z.pools:
            err(f"cannot open '{pool}': no such pool\n")
            rc = 1
            continue
        for p in props:
            src = "local" if (p.name == "altroot" and z.pools[pool].get("altroot")) else (
                "default" if p.kind in ("onoff",) or p.name == "altroot" else "-")
            rows.append({"name": pool, "property": p.name, "value": pool_value(z, pool, p, literal),
                         "source": src})
    titles = {"name": "NAME", "property": "PROPERTY", "value": "VALUE", "source": "SOURCE"}
    if rows and not scripted:
        w = {c: max([len(titles[c])] + [len(r[c]) for r in rows]) for c in columns}
        out("  ".join(titles[c] if i == len(columns) - 1 else titles[c].ljust(w[c])
                      for i, c in enumerate(columns)) + "\n")
        for r in rows:
            out("  ".join(r[c] if i == len(columns) - 1 else r[c].ljust(w[c])
                          for i, c in enumerate(columns)) + "\n")
    else:
        for r in rows:
            out("\t".join(r[c] for c in columns) + "\n")
    return rc


def zpool_status(z: Zfs, args: List[str]) -> int:
    try:
        opts, pos = getopt(args, "c:DegiLpPstT:vx")
    except GetoptError as e:
        raise zpool_usage("status", f"invalid option '{e.opt}'")
    only_bad = any(o == "x" for o, _v in opts)
    pools = pos or sorted(z.pools)
    rc = 0
    chunks = []
    for pool in pools:
        if pool not in z.pools:
            err(f"cannot open '{pool}': no such pool\n")
            rc = 1
            continue
        if only_bad:
            continue
        vdev = z.pools[pool].get("vdev", f"sim-{pool}")
        w = max(10, len(pool) + 2, len(vdev) + 4)
        chunks.append(
            f"  pool: {pool}\n state: ONLINE\nconfig:\n\n"
            f"\t{'NAME'.ljust(w)}  STATE     READ WRITE CKSUM\n"
            f"\t{pool.ljust(w)}  ONLINE       0     0     0\n"
            f"\t  {vdev.ljust(w - 2)}  ONLINE       0     0     0\n\n"
            f"errors: No known data errors\n")
    if only_bad and rc == 0:
        out("all pools are healthy\n")
    elif chunks:
        out("\n".join(chunks))
    elif not pools:
        out("no pools available\n")
    return rc


ZPOOL_COMMANDS = {"list": zpool_list, "get": zpool_get, "status": zpool_status}


def zpool_handler(ctx: Ctx, args: List[str]) -> int:
    if not args:
        raise zpool_usage(None, "missing command")
    cmd = args[0]
    if cmd not in ZPOOL_COMMANDS:
        raise ToolExit(2, f"unrecognized command '{cmd}'\n" + zpool_usage(None).err)
    if ctx.fault(cmd):
        pos = [a for a in args[1:] if not a.startswith("-")]
        raise ToolExit(1, f"cannot open '{pos[-1] if pos else 'rpool'}': I/O error")
    z = Zfs(ctx)
    try:
        return ZPOOL_COMMANDS[cmd](z, args[1:])
    except ZfsError as e:
        raise ToolExit(e.rc, e.msg)


def zpool_main(argv: Optional[List[str]] = None) -> int:
    return tool_main("zpool", zpool_handler, argv)


# --- init -------------------------------------------------------------------------------------

def init_pools(st, pools: Sequence[Tuple[str, int]], datasets: Sequence[str] = ()) -> None:
    """Create pools (with their root dataset mounted at <root_dir>/<pool>) and datasets."""
    class _C:
        pass
    ctx = _C()
    ctx.st = st  # type: ignore[attr-defined]
    z = Zfs(ctx)  # type: ignore[arg-type]
    for name, size in pools:
        z.pools[name] = {"size": int(size), "guid": z.new_guid(), "altroot": z.root_dir,
                         "health": "ONLINE", "created": int(time.time()), "vdev": f"sim-{name}"}
        _new_dataset(z, name, "filesystem", {})
        z.do_mount(name)
    for d in datasets:
        _new_dataset(z, d, "filesystem", {})
        z.do_mount(d)
    z.save()


def seed_snapshots(st, dataset: str, names: Sequence[str],
                   creations: Optional[Sequence[int]] = None) -> None:
    """Create many snapshots of one dataset at once (test setup: one txg each, in order)."""
    class _C:
        pass
    ctx = _C()
    ctx.st = st  # type: ignore[attr-defined]
    z = Zfs(ctx)  # type: ignore[arg-type]
    z.open(dataset, "FV")
    now = int(time.time())
    for i, n in enumerate(names):
        snap = f"{dataset}@{n}"
        why = name_problem(snap, "S", modifying=True)
        if why:
            raise ZfsError(f"cannot create snapshot '{snap}': {why}")
        if snap in z.snaps:
            raise ZfsError(f"cannot create snapshot '{snap}': dataset already exists")
        take_snapshot(z, snap, z.txg(), creations[i] if creations else now, {})
    z.save()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(zfs_main())
