"""Directory mappings: /etc/pve/mapping/directory.cfg and /cluster/mapping/dir (PVE 8.4+).

Format (pve-guest-common PVE::Mapping::Dir, a SectionConfig whose section
header is only the id):

    share1
    \tmap node=pve,path=/srv/share1
    \tdescription Samba data

'map' (one line per node, required in the options) is written before the
optional 'description'.  API errors follow pve-manager
PVE/API2/Cluster/Mapping/Dir.pm.
"""

from __future__ import annotations

import hashlib
import os
import re
from typing import Dict, List, Optional, Tuple

from ..util import PveError

FILENAME = "mapping/directory.cfg"


def available(st) -> bool:
    """Directory mappings and virtiofs exist since PVE 8.4."""
    return st.at_least(8, 4)


def cfg_path(st) -> str:
    return os.path.join(st.pve_dir, FILENAME)


def read(st) -> Tuple[Dict[str, dict], List[str], str]:
    """(ids -> {'map': [...], 'description': str}, order, digest)."""
    try:
        with open(cfg_path(st)) as fh:
            raw = fh.read()
    except FileNotFoundError:
        raw = ""
    ids: Dict[str, dict] = {}
    order: List[str] = []
    cur: Optional[dict] = None
    for line in raw.split("\n"):
        if not line.strip():
            cur = None
            continue
        if line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            m = re.fullmatch(r"(\S+)\s*", line)
            if m:
                cur = {"map": []}
                ids[m.group(1)] = cur
                order.append(m.group(1))
            continue
        m = re.fullmatch(r"\s+(\S+)(?:\s+(.*?))?\s*", line)
        if m and cur is not None:
            key, value = m.group(1), m.group(2) or ""
            if key == "map":
                cur["map"].append(value)
            else:
                cur[key] = value
    return ids, order, hashlib.sha1(raw.encode()).hexdigest()


def write(st, ids: Dict[str, dict], order: List[str]) -> None:
    out = ""
    for mid in order:
        if mid not in ids:
            continue
        e = ids[mid]
        out += f"{mid}\n"
        for m in e.get("map", []):
            out += f"\tmap {m}\n"
        if e.get("description") is not None:
            out += f"\tdescription {e['description']}\n"
        out += "\n"
    path = cfg_path(st)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as fh:
        fh.write(out)
    os.replace(tmp, path)


def parse_map(value: str) -> Dict[str, str]:
    res: Dict[str, str] = {}
    for part in value.split(","):
        if "=" in part:
            k, v = part.split("=", 1)
            res[k.strip()] = v.strip()
    return res


def assert_valid_path(path: str) -> None:
    """PVE::Mapping::Dir::assert_valid."""
    if not re.match(r"/[^;,=\(\)]+", path or ""):
        raise PveError("Value does not look like a valid absolute path. These symbols are currently "
                       "not allowed in path: ;,=()\n")
    if not os.path.exists(path):
        raise PveError(f"Path {path} does not exist\n")
    if not os.path.isdir(path):
        raise PveError(f"Path {path} exists, but is not a directory\n")


def assert_valid_map_list(st, maps: List[str]) -> None:
    count: Dict[str, int] = {}
    for m in maps:
        e = parse_map(m)
        if e.get("node") == st.node:
            assert_valid_path(e.get("path", ""))
        count[e.get("node", "")] = count.get(e.get("node", ""), 0) + 1
    for node, n in count.items():
        if n > 1:
            raise PveError(f"Node '{node}' is specified {n} times.\n")


def node_mapping(st, mid: str) -> Optional[List[Dict[str, str]]]:
    ids, _order, _digest = read(st)
    if mid not in ids:
        return None
    return [e for e in (parse_map(m) for m in ids[mid].get("map", [])) if e.get("node") == st.node]


def find_on_current_node(st, mid: str) -> Dict[str, str]:
    """PVE::Mapping::Dir::find_on_current_node (used when a VM with virtiofsN starts)."""
    maps = node_mapping(st, mid)
    if maps is None:
        raise PveError(f"Directory ID {mid} does not exist.\n")
    if len(maps) > 1:
        raise PveError(f"More than than one directory mapping for node {st.node}.\n")
    if not maps:
        raise PveError(f"No directory mapping for node {st.node}.\n")
    return maps[0]


# --- API handlers (pvesh) ---------------------------------------------------------------------

def api_index(st, p: dict) -> List[dict]:
    check_node = p.get("check-node")
    if check_node is not None and check_node not in ("localhost", st.node):
        raise PveError(f"wrong node to check - {check_node} != {st.node}\n")
    ids, order, digest = read(st)
    res = []
    for mid in order:
        e = {"id": mid, "map": list(ids[mid].get("map", [])), "digest": digest}
        if ids[mid].get("description") is not None:
            e["description"] = ids[mid]["description"]
        if check_node is not None:
            checks = []
            maps = [x for x in (parse_map(m) for m in e["map"]) if x.get("node") == st.node]
            if not maps:
                checks.append({"severity": "warning", "message": f"No mapping for node {st.node}."})
            for x in maps:
                try:
                    assert_valid_path(x.get("path", ""))
                except PveError as exc:
                    checks.append({"severity": "error", "message": f"Invalid configuration: {exc.msg}"})
            e["checks"] = checks
        res.append(e)
    return res


def api_get(st, p: dict) -> dict:
    ids, _order, digest = read(st)
    mid = str(p["id"])
    if mid not in ids:
        raise PveError(f"mapping '{mid}' not found\n")
    e = {"map": list(ids[mid].get("map", [])), "digest": digest}
    if ids[mid].get("description") is not None:
        e["description"] = ids[mid]["description"]
    return e


def _maps(p: dict) -> Optional[List[str]]:
    m = p.get("map")
    if m is None:
        return None
    return list(m) if isinstance(m, list) else [str(m)]


def api_create(st, p: dict) -> None:
    mid = str(p["id"])
    maps = _maps(p) or []
    assert_valid_map_list(st, maps)
    ids, order, _digest = read(st)
    if mid in ids:
        raise PveError(f"create directory mapping failed: dir ID '{mid}' already defined\n")
    ids[mid] = {"map": maps}
    if p.get("description") is not None:
        ids[mid]["description"] = str(p["description"])
    order.append(mid)
    write(st, ids, order)


def api_update(st, p: dict) -> None:
    mid = str(p["id"])
    ids, order, digest = read(st)
    if p.get("digest") and p["digest"] != digest:
        raise PveError("update directory mapping failed: detected modified configuration - file "
                       "changed by other user? Try again.\n")
    if mid not in ids:
        raise PveError(f"update directory mapping failed: dir ID '{mid}' does not exist\n")
    maps = _maps(p)
    if maps is not None:
        try:
            assert_valid_map_list(st, maps)
        except PveError as exc:
            raise PveError(f"update directory mapping failed: {exc.msg}")
        ids[mid]["map"] = maps
    if p.get("description") is not None:
        ids[mid]["description"] = str(p["description"])
    for key in [k for k in re.split(r"[\s,;]+", str(p.get("delete") or "")) if k]:
        if key == "map" and maps is None:
            ids[mid]["map"] = []
        elif key == "description":
            ids[mid].pop("description", None)
    write(st, ids, order)


def api_delete(st, p: dict) -> None:
    ids, order, _digest = read(st)
    ids.pop(str(p["id"]), None)
    write(st, ids, order)
