"""LXC guest config files: /etc/pve/lxc/<vmid>.conf.

Parser and writer follow pve-container src/PVE/LXC/Config.pm
parse_pct_config / write_pct_config:
  * description as leading '#' comment lines (encode_text'ed, one per line);
  * 'key: value' lines written in sorted key order;
  * raw 'lxc.*' lines last, in file order ('lxc.key: value'; 'lxc.key = value'
    is accepted when reading);
  * a '[pve:pending]' section with pending values and 'delete: k1,k2';
  * '[snapname]' snapshot sections, sorted.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from ..util import decode_text, encode_text, split_list

SKIP_WRITE = {"digest", "description", "pending", "snapshots", "snapname", "lxc"}


class Section:
    """One section: plain keys, description, raw lxc entries."""

    def __init__(self) -> None:
        self.values: Dict[str, str] = {}
        self.description: Optional[str] = None
        self.lxc: List[Tuple[str, str]] = []

    def get(self, key: str, default: Optional[str] = None) -> Optional[str]:
        if key == "description":
            return self.description if self.description is not None else default
        return self.values.get(key, default)

    def set(self, key: str, value: Optional[str]) -> None:
        if key == "description":
            self.description = value
        elif value is None:
            self.values.pop(key, None)
        else:
            self.values[key] = str(value)

    def delete(self, key: str) -> None:
        if key == "description":
            self.description = None
        else:
            self.values.pop(key, None)

    def has(self, key: str) -> bool:
        if key == "description":
            return self.description is not None
        return key in self.values

    def keys(self) -> List[str]:
        ks = list(self.values)
        if self.description is not None:
            ks.append("description")
        return ks

    def is_empty(self) -> bool:
        return not self.values and self.description is None and not self.lxc

    def as_dict(self) -> Dict[str, object]:
        d: Dict[str, object] = dict(self.values)
        if self.description is not None:
            d["description"] = self.description
        if self.lxc:
            d["lxc"] = [[k, v] for k, v in self.lxc]
        return d

    def copy(self) -> "Section":
        s = Section()
        s.values = dict(self.values)
        s.description = self.description
        s.lxc = list(self.lxc)
        return s

    def raw(self) -> str:
        out = ""
        lines = (self.description or "").split("\n")
        while lines and lines[-1] == "":  # Perl split() drops trailing empty fields
            lines.pop()
        for line in lines:
            out += "#" + encode_text(line) + "\n"
        for key in sorted(self.values):
            if key in SKIP_WRITE:
                continue
            value = self.values[key]
            if "\n" in value:
                raise ValueError(f"detected invalid newline inside property '{key}'")
            out += f"{key}: {value}\n"
        for k, v in self.lxc:
            out += f"{k}: {v}\n"
        return out


class LxcConfig:
    def __init__(self) -> None:
        self.main = Section()
        self.pending = Section()
        self.snapshots: Dict[str, Section] = {}
        self.digest = ""

    # convenience
    def get(self, key: str, default: Optional[str] = None) -> Optional[str]:
        return self.main.get(key, default)

    def set(self, key: str, value: Optional[str]) -> None:
        self.main.set(key, value)

    def has(self, key: str) -> bool:
        return self.main.has(key)

    # pending delete helpers (PVE::AbstractConfig)
    def pending_delete(self) -> Dict[str, bool]:
        res: Dict[str, bool] = {}
        for item in split_list(self.pending.get("delete")):
            force = item.startswith("!")
            res[item.lstrip("!")] = force
        return res

    def set_pending_delete(self, items: Dict[str, bool]) -> None:
        if items:
            self.pending.set("delete", ",".join(("!" if f else "") + k for k, f in sorted(items.items())))
        else:
            self.pending.delete("delete")

    def add_to_pending_delete(self, key: str, force: bool = False) -> None:
        self.pending.delete(key)
        items = self.pending_delete()
        items[key] = force
        self.set_pending_delete(items)

    def remove_from_pending_delete(self, key: str) -> None:
        items = self.pending_delete()
        items.pop(key, None)
        self.set_pending_delete(items)

    def cleanup_pending(self) -> bool:
        changes = False
        for opt in list(self.pending.keys()):
            if opt == "delete":
                continue
            if self.main.has(opt) and self.pending.get(opt) == self.main.get(opt):
                changes = True
                self.pending.delete(opt)
        keep = {}
        for opt, force in self.pending_delete().items():
            if self.main.has(opt):
                keep[opt] = force
            else:
                changes = True
        self.set_pending_delete(keep)
        return changes

    def current(self, current_only: bool = False) -> Section:
        """load_current_config: pending values applied unless current_only."""
        s = self.main.copy()
        if not current_only:
            for opt in self.pending.keys():
                if opt == "delete":
                    continue
                s.set(opt, self.pending.get(opt))
            for opt in self.pending_delete():
                if s.has(opt):
                    s.delete(opt)
        return s

    def raw(self) -> str:
        raw = self.main.raw()
        if not self.pending.is_empty():
            raw += "\n[pve:pending]\n" + self.pending.raw()
        for name in sorted(self.snapshots):
            raw += f"\n[{name}]\n" + self.snapshots[name].raw()
        return raw


class ConfigParseWarning(Exception):
    pass


def parse(raw: str, vmid: int = 0, warn=None) -> LxcConfig:
    import hashlib

    conf = LxcConfig()
    conf.digest = hashlib.sha1(raw.encode()).hexdigest()
    cur = conf.main
    section = ""
    descr = ""

    def flush_descr() -> None:
        nonlocal descr
        if descr:
            cur.description = descr
        descr = ""

    for line in raw.split("\n"):
        if re.fullmatch(r"\s*", line):
            continue
        if re.fullmatch(r"(?i)\[pve:pending\]\s*", line):
            flush_descr()
            section = "pending"
            cur = conf.pending = Section()
            continue
        m = re.fullmatch(r"(?i)\[([a-z][a-z0-9_\-]+)\]\s*", line)
        if m:
            flush_descr()
            section = m.group(1)
            cur = conf.snapshots[section] = Section()
            continue
        m = re.fullmatch(r"#(.*)", line)
        if m:
            descr += decode_text(m.group(1)) + "\n"
            continue
        m = re.fullmatch(r"(lxc\.[a-z0-9_\-.]+)(:|\s*=)\s*(.*?)\s*", line)
        if m:
            cur.lxc.append((m.group(1), m.group(3)))
            continue
        m = re.fullmatch(r"(description):\s*(.*\S)\s*", line)
        if m:
            descr += decode_text(m.group(2))
            continue
        m = re.fullmatch(r"delete:\s*(.*\S)\s*", line)
        if m:
            if section == "pending":
                cur.values["delete"] = m.group(1)
            elif warn:
                warn(f"vm {vmid} - property 'delete' is only allowed in [pve:pending]\n")
            continue
        m = re.fullmatch(r"([a-z][a-z_]*\d*):\s*(.+?)\s*", line)
        if m:
            cur.values[m.group(1)] = m.group(2)
            continue
        if warn:
            warn(f"vm {vmid} - unable to parse config: {line}\n")
    flush_descr()
    return conf


def parse_id_maps(section: Section) -> Tuple[List[Tuple[str, int, int, int]], int, int]:
    """PVE::LXC::parse_id_maps; raises ValueError('failed to parse idmap: ...')."""
    id_map: List[Tuple[str, int, int, int]] = []
    rootuid = rootgid = 0
    for key, value in section.lxc:
        if key not in ("lxc.idmap", "lxc.id_map"):
            continue
        m = re.fullmatch(r"([ug])\s+(\d+)\s+(\d+)\s+(\d+)\s*", value)
        if not m:
            raise ValueError(f"failed to parse idmap: {value}\n")
        typ, ct, host, length = m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4))
        id_map.append((typ, ct, host, length))
        if ct == 0:
            if typ == "u":
                rootuid = host
            else:
                rootgid = host
    if not id_map and section.get("unprivileged") in ("1",):
        id_map = [("u", 0, 100000, 65536), ("g", 0, 100000, 65536)]
        rootuid = rootgid = 100000
    return id_map, rootuid, rootgid


def validate_id_maps(id_map: List[Tuple[str, int, int, int]]) -> None:
    """PVE::LXC::validate_id_maps: overlapping container or host ranges."""
    for typ in ("u", "g"):
        for side in ("container", "host"):
            entries = []
            for i, (t, ct, host, count) in enumerate(id_map):
                if t != typ:
                    continue
                entries.append((ct if side == "container" else host, count, i))
            entries.sort(key=lambda e: e[0])
            for idx in range(1, len(entries)):
                prev, curr = entries[idx - 1], entries[idx]
                if prev[0] + prev[1] > curr[0]:
                    cur_line = " ".join(str(x) for x in id_map[curr[2]])
                    prev_line = " ".join(str(x) for x in id_map[prev[2]])
                    raise ValueError(f"invalid map entry '{cur_line}': {side} {typ}id {curr[0]} "
                                     f"is also mapped by entry '{prev_line}'\n")


def map_ct_id_to_host(cid: int, id_map: List[Tuple[str, int, int, int]], typ: str) -> int:
    for t, ct, host, length in id_map:
        if t != typ:
            continue
        if ct <= cid < ct + length:
            return host - ct + cid
    return cid


def idmap_env(id_map: List[Tuple[str, int, int, int]]) -> str:
    return ",".join(f"{t}:{c}:{h}:{n}" for t, c, h, n in id_map)


def idmap_from_env(value: str) -> List[Tuple[str, int, int, int]]:
    res = []
    for item in split_list(value):
        t, c, h, n = item.split(":")
        res.append((t, int(c), int(h), int(n)))
    return res
