"""ZFS dataset property table and value formatting (OpenZFS 2.2/2.3 behaviour).

Sources: module/zcommon/zfs_prop.c (names, column names, types, defaults, inheritance),
zprop_common.c zprop_width(), lib/libzfs/libzfs_dataset.c zfs_prop_get() (formatting),
lib/libzutil/zutil_nicenum.c zfs_nicenum_format(), lib/libzfs/libzfs_util.c
zfs_nicestrtonum()/zprop_parse_value().
"""

from __future__ import annotations

import re
import time
from typing import Dict, List, Optional, Tuple


# --- numbers ------------------------------------------------------------------------

def nicenum(num: int, bytes_: bool = False) -> str:
    """zfs_nicenum_format(): ZFS_NICENUM_1024 ("1.5K", "0") or ZFS_NICENUM_BYTES ("0B")."""
    units = ["B" if bytes_ else "", "K", "M", "G", "T", "P", "E"]
    n = num
    index = 0
    while n >= 1024 and index < 6:
        n //= 1024
        index += 1
    u = units[index]
    if index == 0 or num % (1024 ** index) == 0:
        return f"{n}{u}"
    for i in (2, 1, 0):
        s = "%.*f%s" % (i, num / (1024 ** index), u)
        if len(s) <= 5:
            return s
    return s


def nicebytes(num: int) -> str:
    return nicenum(num, bytes_=True)


class NumError(Exception):
    pass


def nicestrtonum(value: str) -> int:
    """zfs_nicestrtonum(): '10G' / '1.5T' / '1073741824' / '512B' / '1GiB'."""
    if not value or ((value[0] < "0" or value[0] > "9") and value[0] != "."):
        raise NumError(f"bad numeric value '{value}'")
    m = re.match(r"^(\d*)", value)
    digits = m.group(1) if m else ""
    rest = value[len(digits):]
    if rest.startswith("."):
        m2 = re.match(r"^(\d*\.?\d*(?:[eE][+-]?\d+)?)", value)
        numpart = m2.group(1) if m2 else value
        suffix = value[len(numpart):]
        shift = _str2shift(suffix)
        try:
            fval = float(numpart) * (2 ** shift)
        except ValueError:
            raise NumError(f"bad numeric value '{value}'")
        if fval >= 2 ** 64:
            raise NumError("numeric value is too large")
        return int(fval)
    num = int(digits) if digits else 0
    if num >= 2 ** 64:
        raise NumError("numeric value is too large")
    shift = _str2shift(rest)
    if shift >= 64 or (num << shift) >= 2 ** 64:
        raise NumError("numeric value is too large")
    return num << shift


def _str2shift(buf: str) -> int:
    ends = "BKMGTPEZ"
    if buf == "":
        return 0
    i = ends.find(buf[0].upper())
    if i < 0:
        raise NumError(f"invalid numeric suffix '{buf}'")
    if len(buf) == 1 or (buf[0].upper() != "B" and (
            (buf[1].upper() == "B" and len(buf) == 2) or
            (buf[1].upper() == "I" and len(buf) == 3 and buf[2].upper() == "B"))):
        return 10 * i
    raise NumError(f"invalid numeric suffix '{buf}'")


# --- property descriptions --------------------------------------------------------------

ONOFF = [("off", "off"), ("on", "on")]


class Prop:
    """kind: bytes | num | quota | raw | date | ratio | yesno | limit | string | index."""

    def __init__(self, name: str, kind: str, col: str, types: str = "FV", default=None,
                 inherit: bool = False, ro: bool = False, onetime: bool = False,
                 table: Optional[List[Tuple[str, str]]] = None, values: str = "",
                 width: Optional[int] = None) -> None:
        self.name = name
        self.kind = kind
        self.col = col
        self.types = types
        self.default = default
        self.inherit = inherit
        self.ro = ro
        self.onetime = onetime
        # index table: (accepted spelling, canonical value shown by zfs get)
        self.table = table or []
        self.values = values or " | ".join(dict.fromkeys(c for _a, c in self.table))
        self.rightalign = kind in ("bytes", "num", "quota", "raw", "ratio", "limit")
        if kind in ("bytes", "num", "quota", "raw", "ratio", "limit", "date"):
            self.fixed = kind != "date"
            self.width = max(len(col), 5)
        elif kind in ("index", "yesno"):
            self.fixed = True
            names = [a for a, _c in self.table] if self.table else ["yes", "no"]
            self.width = max([len(col)] + [len(n) for n in names])
        else:
            self.fixed = False
            self.width = len(col)
        if width is not None:
            self.width = width

    def valid_for(self, typ: str) -> bool:
        return {"filesystem": "F", "volume": "V", "snapshot": "S"}[typ] in self.types

    def parse_index(self, value: str) -> Optional[str]:
        for spelling, canon in self.table:
            if value == spelling:
                return canon
        return None


def _idx(*names: str) -> List[Tuple[str, str]]:
    return [(n, n) for n in names]


_COMPRESS = ([("on", "on"), ("off", "off"), ("lzjb", "lzjb"), ("gzip", "gzip")]
             + [(f"gzip-{i}", f"gzip-{i}") for i in range(1, 10)]
             + [("zle", "zle"), ("lz4", "lz4"), ("zstd", "zstd")]
             + [(f"zstd-{i}", f"zstd-{i}") for i in range(1, 20)]
             + [("zstd-fast", "zstd-fast")]
             + [(f"zstd-fast-{i}", f"zstd-fast-{i}")
                for i in list(range(1, 11)) + [20, 30, 40, 50, 60, 70, 80, 90, 100, 500, 1000]])
_CHECKSUM = _idx("on", "off", "fletcher2", "fletcher4", "sha256", "noparity", "sha512", "skein",
                 "edonr", "blake3")
_DEDUP = _idx("on", "off", "verify", "sha256", "sha256,verify", "sha512", "sha512,verify", "skein",
              "skein,verify", "edonr,verify", "blake3", "blake3,verify")

P = Prop
PROPS: List[Prop] = [
    P("type", "string", "TYPE", "FVS", ro=True),
    P("creation", "date", "CREATION", "FVS", ro=True),
    P("used", "bytes", "USED", "FVS", ro=True),
    P("available", "bytes", "AVAIL", "FV", ro=True),
    P("referenced", "bytes", "REFER", "FVS", ro=True),
    P("compressratio", "ratio", "RATIO", "FVS", ro=True),
    P("mounted", "yesno", "MOUNTED", "F", ro=True),
    P("origin", "string", "ORIGIN", "FV", ro=True),
    P("quota", "quota", "QUOTA", "F", 0),
    P("reservation", "quota", "RESERV", "FV", 0),
    P("volsize", "num", "VOLSIZE", "V"),
    P("volblocksize", "num", "VOLBLOCK", "V", 16384, onetime=True),
    P("recordsize", "num", "RECSIZE", "F", 131072, inherit=True),
    P("mountpoint", "string", "MOUNTPOINT", "F", "/", inherit=True),
    P("sharenfs", "string", "SHARENFS", "F", "off", inherit=True),
    P("checksum", "index", "CHECKSUM", "FV", "on", inherit=True, table=_CHECKSUM,
      values="on | off | fletcher2 | fletcher4 | sha256 | sha512 | skein | edonr | blake3"),
    P("compression", "index", "COMPRESS", "FV", "on", inherit=True, table=_COMPRESS,
      values="on | off | lzjb | gzip | gzip-[1-9] | zle | lz4 | zstd | zstd-[1-19] | zstd-fast | "
             "zstd-fast-[1-10,20,30,40,50,60,70,80,90,100,500,1000]"),
    P("atime", "index", "ATIME", "F", "on", inherit=True, table=ONOFF),
    P("devices", "index", "DEVICES", "FS", "on", inherit=True, table=ONOFF),
    P("exec", "index", "EXEC", "FS", "on", inherit=True, table=ONOFF),
    P("setuid", "index", "SETUID", "FS", "on", inherit=True, table=ONOFF),
    P("readonly", "index", "RDONLY", "FV", "off", inherit=True, table=ONOFF),
    P("zoned", "index", "ZONED", "F", "off", inherit=True, table=ONOFF),
    P("snapdir", "index", "SNAPDIR", "F", "hidden", inherit=True,
      table=_idx("hidden", "visible")),
    P("aclmode", "index", "ACLMODE", "F", "discard", inherit=True,
      table=_idx("discard", "groupmask", "passthrough", "restricted")),
    P("aclinherit", "index", "ACLINHERIT", "F", "restricted", inherit=True,
      table=_idx("discard", "noallow", "restricted", "passthrough", "passthrough-x")),
    P("createtxg", "raw", "CREATETXG", "FVS", ro=True),
    P("canmount", "index", "CANMOUNT", "F", "on", table=_idx("off", "on", "noauto")),
    P("xattr", "index", "XATTR", "FS", "on", inherit=True, table=_idx("off", "on", "dir", "sa")),
    P("copies", "index", "COPIES", "FV", "1", inherit=True, table=_idx("1", "2", "3")),
    P("version", "num", "VERSION", "FS", 5, ro=True),
    P("utf8only", "index", "UTF8ONLY", "FS", "off", onetime=True, table=ONOFF),
    P("normalization", "index", "NORMALIZATION", "FS", "none", onetime=True,
      table=_idx("none", "formC", "formD", "formKC", "formKD")),
    P("casesensitivity", "index", "CASE", "FS", "sensitive", onetime=True,
      table=_idx("sensitive", "insensitive", "mixed")),
    P("vscan", "index", "VSCAN", "F", "off", inherit=True, table=ONOFF),
    P("nbmand", "index", "NBMAND", "FS", "off", inherit=True, table=ONOFF),
    P("sharesmb", "string", "SHARESMB", "F", "off", inherit=True),
    P("refquota", "quota", "REFQUOTA", "F", 0),
    P("refreservation", "quota", "REFRESERV", "FV", 0),
    P("guid", "raw", "GUID", "FVS", ro=True),
    P("primarycache", "index", "PRIMARYCACHE", "FVS", "all", inherit=True,
      table=_idx("all", "none", "metadata")),
    P("secondarycache", "index", "SECONDARYCACHE", "FVS", "all", inherit=True,
      table=_idx("all", "none", "metadata")),
    P("usedbysnapshots", "bytes", "USEDSNAP", "FV", ro=True),
    P("usedbydataset", "bytes", "USEDDS", "FV", ro=True),
    P("usedbychildren", "bytes", "USEDCHILD", "FV", ro=True),
    P("usedbyrefreservation", "bytes", "USEDREFRESERV", "FV", ro=True),
    P("logbias", "index", "LOGBIAS", "FV", "latency", inherit=True,
      table=_idx("latency", "throughput")),
    P("objsetid", "raw", "OBJSETID", "FVS", ro=True),
    P("dedup", "index", "DEDUP", "FV", "off", inherit=True, table=_DEDUP,
      values="on | off | verify | sha256[,verify] | sha512[,verify] | skein[,verify] | "
             "edonr,verify | blake3[,verify]"),
    P("mlslabel", "string", "MLSLABEL", "FVS", "none", inherit=True),
    P("sync", "index", "SYNC", "FV", "standard", inherit=True,
      table=_idx("standard", "always", "disabled")),
    P("dnodesize", "index", "DNSIZE", "F", "legacy", inherit=True,
      table=_idx("legacy", "auto", "1k", "2k", "4k", "8k", "16k")),
    P("refcompressratio", "ratio", "REFRATIO", "FVS", ro=True),
    P("written", "num", "WRITTEN", "FVS", ro=True),
    P("logicalused", "num", "LUSED", "FV", ro=True),
    P("logicalreferenced", "num", "LREFER", "FVS", ro=True),
    P("volmode", "index", "VOLMODE", "V", "default", inherit=True,
      table=_idx("default", "full", "geom", "dev", "none")),
    P("filesystem_limit", "limit", "FSLIMIT", "F"),
    P("snapshot_limit", "limit", "SSLIMIT", "FV"),
    P("filesystem_count", "limit", "FSCOUNT", "F", ro=True),
    P("snapshot_count", "limit", "SSCOUNT", "FV", ro=True),
    P("snapdev", "index", "SNAPDEV", "FV", "hidden", inherit=True, table=_idx("hidden", "visible")),
    P("acltype", "index", "ACLTYPE", "FS", "off", inherit=True,
      table=[("off", "off"), ("nfsv4", "nfsv4"), ("posix", "posix"), ("disabled", "off"),
             ("noacl", "off"), ("posixacl", "posix")], values="off | nfsv4 | posix"),
    P("context", "string", "CONTEXT", "FS", "none"),
    P("fscontext", "string", "FSCONTEXT", "FS", "none"),
    P("defcontext", "string", "DEFCONTEXT", "FS", "none"),
    P("rootcontext", "string", "ROOTCONTEXT", "FS", "none"),
    P("relatime", "index", "RELATIME", "F", "on", inherit=True, table=ONOFF),
    P("redundant_metadata", "index", "REDUND_MD", "FV", "all", inherit=True,
      table=_idx("all", "most", "some", "none")),
    P("overlay", "index", "OVERLAY", "F", "on", inherit=True, table=ONOFF),
    P("encryption", "index", "ENCRYPTION", "FVS", "off", onetime=True,
      table=_idx("off", "on", "aes-128-ccm", "aes-192-ccm", "aes-256-ccm", "aes-128-gcm",
                 "aes-192-gcm", "aes-256-gcm")),
    P("keylocation", "string", "KEYLOCATION", "FV", "none"),
    P("keyformat", "index", "KEYFORMAT", "FV", "none", onetime=True,
      table=_idx("none", "raw", "hex", "passphrase")),
    P("pbkdf2iters", "num", "PBKDF2ITERS", "FV", 0, onetime=True),
    P("special_small_blocks", "num", "SPECIAL_SMALL_BLOCKS", "F", 0, inherit=True),
]

BY_NAME: Dict[str, Prop] = {p.name: p for p in PROPS}
NAME_COL = "NAME"

SPACE_PROPS = ["name", "avail", "used", "usedbysnapshots", "usedbydataset",
               "usedbyrefreservation", "usedbychildren"]


def lookup(name: str) -> Optional[Prop]:
    """zfs_name_to_prop(): full property name, or the column name in lower case."""
    if name in BY_NAME:
        return BY_NAME[name]
    for p in PROPS:
        if p.col.lower() == name:
            return p
    return None


_USER_CHARS = re.compile(r"^[a-z0-9\-_.:]+$")


def is_user_prop(name: str) -> bool:
    """zfs_prop_user(): contains ':' and only [a-z0-9-_.:]."""
    return ":" in name and bool(_USER_CHARS.match(name))


def fmt_date(t: int) -> str:
    return time.strftime("%a %b %e %k:%M %Y", time.localtime(int(t)))


def format_value(prop: Prop, raw, literal: bool) -> str:
    k = prop.kind
    if k == "bytes":
        return str(int(raw)) if literal else nicebytes(int(raw))
    if k == "num":
        return str(int(raw)) if literal else nicenum(int(raw))
    if k == "quota":
        v = int(raw)
        if v == 0:
            return "0" if literal else "none"
        return str(v) if literal else nicebytes(v)
    if k == "raw":
        return str(int(raw))
    if k == "date":
        return str(int(raw)) if literal else fmt_date(int(raw))
    if k == "ratio":
        v = int(raw)
        return f"{v // 100}.{v % 100:02d}" + ("" if literal else "x")
    if k == "limit":
        v = int(raw) if raw is not None else 2 ** 64 - 1
        if v == 2 ** 64 - 1:
            return "none"
        return str(v) if literal else nicenum(v)
    if k == "yesno":
        return "yes" if raw else "no"
    return str(raw)


def sort_key_num(prop: Prop, raw) -> int:
    if prop.kind == "index":
        for i, (_a, c) in enumerate(prop.table):
            if c == raw:
                return i
        return 0
    if prop.kind == "yesno":
        return 1 if raw else 0
    try:
        return int(raw)
    except (TypeError, ValueError):
        return 0


def usage_prop_table() -> str:
    """The property table printed by 'zfs get|set|list|inherit' usage()."""
    lines = ["", "The following properties are supported:", "",
             "\t%-14s %s  %s   %s" % ("PROPERTY", "EDIT", "INHERIT", "VALUES"), ""]
    for p in sorted(PROPS, key=lambda x: x.name):
        edit = " NO    " if p.ro else "YES    "
        inh = "  YES   " if p.inherit else "   NO   "
        vals = p.values or {"bytes": "<size>", "num": "<size>", "quota": "<size> | none",
                            "raw": "-", "date": "<date>", "ratio": "<1.00x or higher if compressed>",
                            "limit": "<count> | none", "yesno": "yes | no"}.get(p.kind, "-")
        if p.kind == "string" and p.name == "mountpoint":
            vals = "<path> | legacy | none"
        lines.append("\t%-15s %s%s%s" % (p.name, edit, inh, vals))
    for extra, edit in (("userused@...", False), ("groupused@...", False),
                        ("userquota@...", True), ("groupquota@...", True),
                        ("written@<snap>", False)):
        lines.append("\t%-15s %s" % (extra, "YES       NO   <size> | none" if edit
                                     else " NO       NO   <size>"))
    lines += ["", "Sizes are specified in bytes with standard units such as K, M, G, etc.", "",
              "User-defined properties can be specified by using a name containing a colon (:).",
              ""]
    return "\n".join(lines) + "\n"
