"""pvesh: the PVE API on the command line (pve-manager PVE/CLI/pvesh.pm), simulated.

Supports the API paths the agent needs (see README.md).  Output formats
follow pve-common PVE::CLIFormatter: json (compact, canonical, newline),
json-pretty (3-space indent, ' : '), text (bordered tables).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from typing import Any, Callable, Dict, List, Optional, Tuple

import base64

from . import cliparse, pveam
from .. import faults
from ..ops import lxc
from ..model import access, mapping, oci, tasks
from .common import Ctx, tool_main, unknown_command
from ..model.state import State
from ..model.storage import Volumes, storage_status
from ..util import PveError, TaskFailed, err, param_exc

METHODS = {"get": "GET", "set": "PUT", "create": "POST", "delete": "DELETE"}

FORMAT_OPTIONS = {
    "output-format": {"type": "string", "optional": 1, "enum": ["text", "json", "json-pretty", "yaml"],
                      "default": "text"},
    "noborder": {"type": "boolean", "optional": 1},
    "noheader": {"type": "boolean", "optional": 1},
    "human-readable": {"type": "boolean", "optional": 1},
    "quiet": {"type": "boolean", "optional": 1},
}

NODE = {"type": "string", "format": "pve-node"}


def _qemu():
    from ..ops import qemu  # lazy: only qemu paths need it
    return qemu


def _guest():
    from ..guest import vm as qemu_guest
    return qemu_guest
VMID = {"type": "integer", "format": "pve-vmid", "minimum": 100, "maximum": 999999999}

# path template -> {method: (handler name, extra params when not in the API data, returns type)}
# extra: None = parameters from the API data, a dict = these, "network" = network_types()
ROUTES: List[Tuple[str, Dict[str, Tuple[str, Any, str]]]] = [
    ("/version", {"GET": ("version", {}, "object")}),
    ("/cluster/nextid", {"GET": ("nextid", None, "integer")}),
    ("/cluster/resources", {"GET": ("resources", None, "array")}),
    ("/nodes", {"GET": ("nodes", {}, "array")}),
    ("/nodes/{node}", {"GET": ("node_index", {"node": NODE}, "array")}),
    ("/nodes/{node}/status", {"GET": ("node_status", None, "object")}),
    ("/nodes/{node}/aplinfo", {"GET": ("aplinfo", None, "array"), "POST": ("apl_download", None, "string")}),
    ("/nodes/{node}/lxc", {"GET": ("vmlist", None, "array"), "POST": ("create_vm", None, "string")}),
    ("/nodes/{node}/lxc/{vmid}", {"GET": ("vmdiridx", None, "array"), "DELETE": ("destroy_vm", None, "string")}),
    ("/nodes/{node}/lxc/{vmid}/config", {"GET": ("vm_config", None, "object"), "PUT": ("update_vm", None, "null")}),
    ("/nodes/{node}/lxc/{vmid}/pending", {"GET": ("vm_pending", None, "array")}),
    ("/nodes/{node}/lxc/{vmid}/interfaces", {"GET": ("ip", None, "array")}),
    ("/nodes/{node}/lxc/{vmid}/status", {"GET": ("vmcmdidx", {"node": NODE, "vmid": VMID}, "array")}),
    ("/nodes/{node}/lxc/{vmid}/status/current", {"GET": ("vm_status", None, "object")}),
    ("/nodes/{node}/lxc/{vmid}/status/start", {"POST": ("vm_start", None, "string")}),
    ("/nodes/{node}/lxc/{vmid}/status/stop", {"POST": ("vm_stop", None, "string")}),
    ("/nodes/{node}/lxc/{vmid}/status/shutdown", {"POST": ("vm_shutdown", None, "string")}),
    ("/nodes/{node}/lxc/{vmid}/status/reboot", {"POST": ("vm_reboot", None, "string")}),
    ("/nodes/{node}/lxc/{vmid}/snapshot", {"GET": ("snapshot_list", None, "array"),
                                           "POST": ("snapshot_create", None, "string")}),
    ("/nodes/{node}/lxc/{vmid}/snapshot/{snapname}", {"DELETE": ("snapshot_delete", None, "string")}),
    ("/nodes/{node}/lxc/{vmid}/snapshot/{snapname}/rollback", {"POST": ("snapshot_rollback", None, "string")}),
    ("/nodes/{node}/storage", {"GET": ("storage_index", None, "array")}),
    ("/nodes/{node}/storage/{storage}/status", {"GET": ("storage_read_status", None, "object")}),
    ("/nodes/{node}/storage/{storage}/content", {"GET": ("storage_content", None, "array")}),
    # PVE 9.1+ (pve-storage 9.0.17)
    ("/nodes/{node}/storage/{storage}/oci-registry-pull", {"POST": ("oci_pull", None, "string")}),
    # not in the trimmed API dumps: the schema is pve-manager PVE/API2/Network.pm 'index'
    ("/nodes/{node}/network", {"GET": ("network_index", "network", "array")}),
    ("/storage", {"GET": ("storage_config_index", None, "array")}),
    # directory mappings (PVE 8.4+)
    ("/cluster/mapping/dir", {"GET": ("mapdir_index", None, "array"), "POST": ("mapdir_create", None, "null")}),
    ("/cluster/mapping/dir/{id}", {"GET": ("mapdir_get", None, "object"), "PUT": ("mapdir_update", None, "null"),
                                   "DELETE": ("mapdir_delete", None, "null")}),
    # qemu-server
    ("/nodes/{node}/qemu", {"GET": ("qm_vmlist", None, "array"), "POST": ("qm_create", None, "string")}),
    ("/nodes/{node}/qemu/{vmid}", {"GET": ("qm_diridx", None, "array"), "DELETE": ("qm_destroy", None, "string")}),
    ("/nodes/{node}/qemu/{vmid}/config", {"GET": ("qm_config", None, "object"), "PUT": ("qm_update", None, "null"),
                                          "POST": ("qm_update_async", None, "string")}),
    ("/nodes/{node}/qemu/{vmid}/pending", {"GET": ("qm_pending", None, "array")}),
    ("/nodes/{node}/qemu/{vmid}/status", {"GET": ("qm_cmdidx", {"node": NODE, "vmid": VMID}, "array")}),
    ("/nodes/{node}/qemu/{vmid}/status/current", {"GET": ("qm_status", None, "object")}),
    ("/nodes/{node}/qemu/{vmid}/status/start", {"POST": ("qm_start", None, "string")}),
    ("/nodes/{node}/qemu/{vmid}/status/stop", {"POST": ("qm_stop", None, "string")}),
    ("/nodes/{node}/qemu/{vmid}/status/shutdown", {"POST": ("qm_shutdown", None, "string")}),
    ("/nodes/{node}/qemu/{vmid}/status/reboot", {"POST": ("qm_reboot", None, "string")}),
    ("/nodes/{node}/qemu/{vmid}/template", {"POST": ("qm_template", None, "string")}),
    ("/nodes/{node}/qemu/{vmid}/clone", {"POST": ("qm_clone", None, "string")}),
    ("/nodes/{node}/qemu/{vmid}/snapshot", {"GET": ("qm_snapshot_list", None, "array"),
                                            "POST": ("qm_snapshot_create", None, "string")}),
    ("/nodes/{node}/qemu/{vmid}/snapshot/{snapname}", {"DELETE": ("qm_snapshot_delete", None, "string")}),
    ("/nodes/{node}/qemu/{vmid}/snapshot/{snapname}/rollback",
     {"POST": ("qm_snapshot_rollback", None, "string")}),
    ("/nodes/{node}/qemu/{vmid}/cloudinit", {"GET": ("qm_ci_pending", None, "array"),
                                             "PUT": ("qm_ci_update", None, "null")}),
    ("/nodes/{node}/qemu/{vmid}/cloudinit/dump", {"GET": ("qm_ci_dump", None, "string")}),
    ("/nodes/{node}/qemu/{vmid}/agent", {"GET": ("qm_agent_idx", None, "array"), "POST": ("qm_agent", None, "object")}),
    ("/nodes/{node}/qemu/{vmid}/agent/exec", {"POST": ("qm_agent_exec", None, "object")}),
    ("/nodes/{node}/qemu/{vmid}/agent/exec-status", {"GET": ("qm_agent_exec_status", None, "object")}),
    ("/nodes/{node}/qemu/{vmid}/agent/file-read", {"GET": ("qm_agent_file_read", None, "object")}),
    ("/nodes/{node}/qemu/{vmid}/agent/file-write", {"POST": ("qm_agent_file_write", None, "null")}),
    ("/nodes/{node}/qemu/{vmid}/agent/ping", {"POST": ("qm_agent_ping", None, "object")}),
    ("/nodes/{node}/qemu/{vmid}/agent/info", {"GET": ("qm_agent_info", None, "object")}),
    ("/nodes/{node}/qemu/{vmid}/agent/get-osinfo", {"GET": ("qm_agent_get_osinfo", None, "object")}),
    ("/nodes/{node}/qemu/{vmid}/agent/get-host-name", {"GET": ("qm_agent_get_host_name", None, "object")}),
    ("/nodes/{node}/qemu/{vmid}/agent/network-get-interfaces",
     {"GET": ("qm_agent_network_get_interfaces", None, "object")}),
    ("/storage/{storage}", {"GET": ("storage_config_read", None, "object")}),
    ("/access/permissions", {"GET": ("access_permissions", {
        "userid": {"type": "string", "optional": 1,
                   "pattern": r"(?:[^\s:/]+)\@(?:[A-Za-z][A-Za-z0-9\.\-_]+)(?:!(?:[A-Za-z][A-Za-z0-9\.\-_]+))?"},
        "path": {"type": "string", "optional": 1, "maxLength": 128}}, "object")}),
    ("/nodes/{node}/tasks/{upid}/status", {"GET": ("task_status", {"node": NODE, "upid": {"type": "string"}},
                                                   "object")}),
    ("/nodes/{node}/tasks/{upid}/log", {"GET": ("task_log", {
        "node": NODE, "upid": {"type": "string"},
        "start": {"type": "integer", "optional": 1, "minimum": 0, "default": 0},
        "limit": {"type": "integer", "optional": 1, "minimum": 0, "default": 50},
        "download": {"type": "boolean", "optional": 1}}, "array")}),
]


def normalize(path: str) -> str:
    parts = [p for p in path.split("/") if p]
    return "/" + "/".join(parts)


def find_handler(st: State, method: str, path: str):
    parts = [p for p in path.split("/") if p]
    for tmpl, methods in ROUTES:
        if tmpl.startswith("/cluster/mapping/") and not mapping.available(st):
            continue  # added in PVE 8.4
        if tmpl.endswith("/oci-registry-pull") and not st.at_least(9, 1):
            continue  # added in PVE 9.1
        tparts = [p for p in tmpl.split("/") if p]
        if len(tparts) != len(parts):
            continue
        uri: Dict[str, str] = {}
        ok = True
        for t, p in zip(tparts, parts):
            if t.startswith("{"):
                uri[t[1:-1]] = p
            elif t != p:
                ok = False
                break
        if ok and method in methods:
            name, extra, rtype = methods[method]
            if extra is None:
                info = cliparse.method_info(st.pve_version, tmpl, method)
                props = cliparse.expand_props(info["parameters"]) if info else {}
                if "/qemu" in tmpl:
                    props = _qemu().gate(st, props)
            elif extra == "network":
                props = {"node": NODE, "type": {"type": "string", "optional": 1,
                                                "enum": network_types(st)}}
            else:
                props = dict(extra)
            return tmpl, name, props, uri, rtype
    return None


# --- output ---------------------------------------------------------------------------------

def to_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def to_json_pretty(data: Any) -> str:
    if data is None or not isinstance(data, (dict, list)):
        return json.dumps(data, ensure_ascii=False) + "\n"
    text = json.dumps(data, sort_keys=True, indent=3, separators=(",", " : "), ensure_ascii=False)
    return text + "\n"


def data_to_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (dict, list)):
        return json.dumps(v, sort_keys=True, separators=(",", ":"))
    return str(v)


def text_table(rows: List[Dict[str, Any]], cols: List[str], border: bool = True) -> str:
    widths = {}
    for c in cols:
        widths[c] = max([len(c)] + [len(data_to_text(r.get(c))) for r in rows])
    sort_key = next((c for c in cols if all(r.get(c) is not None for r in rows)), None)
    if sort_key:
        if all(isinstance(r.get(sort_key), (int, float)) for r in rows):
            rows = sorted(rows, key=lambda r: r[sort_key])
        else:
            rows = sorted(rows, key=lambda r: str(r[sort_key]))
    out = ""
    if border:
        bl = "".join("+-" + "-" * widths[c] + ("-+\n" if i == len(cols) - 1 else "-")
                     for i, c in enumerate(cols))

        def fmt_row(vals: List[str]) -> str:
            return "".join(f"| {v:<{widths[c]}} " + ("|\n" if i == len(cols) - 1 else "")
                           for i, (c, v) in enumerate(zip(cols, vals)))
        out += bl + fmt_row(cols)
        for r in rows:
            out += bl + fmt_row([data_to_text(r.get(c)) for c in cols])
        out += bl
    else:
        for r in [dict(zip(cols, cols))] + rows:
            vals = [data_to_text(r.get(c)) for c in cols]
            out += " ".join(f"{v:<{widths[c]}}" for c, v in zip(cols[:-1], vals[:-1]))
            out += (" " if len(cols) > 1 else "") + vals[-1] + "\n"
    return out


def print_result(ctx: Ctx, fmt: str, data: Any, rtype: str) -> None:
    if rtype == "null":
        return
    if fmt == "json":
        ctx.out(to_json(data) + "\n")
    elif fmt in ("json-pretty", "yaml"):
        ctx.out(to_json_pretty(data))
    else:
        if data is None:
            return
        if isinstance(data, dict):
            rows = [{"key": k, "value": data_to_text(data[k])} for k in sorted(data)]
            ctx.out(text_table(rows, ["key", "value"]))
        elif isinstance(data, list):
            if not data:
                return
            if all(isinstance(x, dict) for x in data):
                cols = sorted({k for x in data for k in x})
                ctx.out(text_table(data, cols))
            else:
                ctx.out("".join(data_to_text(x) + "\n" for x in data))
        else:
            ctx.out(f"{data}\n")


# --- data builders ----------------------------------------------------------------------------

def _meminfo() -> Dict[str, int]:
    res: Dict[str, int] = {}
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                k, v = line.split(":", 1)
                res[k] = int(v.split()[0]) * 1024
    except OSError:
        pass
    return res


def _uptime() -> int:
    try:
        with open("/proc/uptime") as fh:
            return int(float(fh.read().split()[0]))
    except OSError:
        return 0


def _cpuinfo() -> Dict[str, Any]:
    model, mhz, flags, sockets, cores = "QEMU Virtual CPU", "2400.000", "", set(), set()
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if ":" not in line:
                    continue
                k, v = [x.strip() for x in line.split(":", 1)]
                if k == "model name":
                    model = v
                elif k == "cpu MHz":
                    mhz = v
                elif k == "flags":
                    flags = v
                elif k == "physical id":
                    sockets.add(v)
                elif k == "core id":
                    cores.add(v)
    except OSError:
        pass
    cpus = os.cpu_count() or 1
    return {"cpus": cpus, "cores": max(1, len(cores) or cpus), "sockets": max(1, len(sockets)),
            "model": model, "mhz": mhz, "hvm": "1", "flags": flags, "user_hz": 100}


def _rootfs() -> Dict[str, int]:
    sv = os.statvfs("/")
    total = sv.f_blocks * sv.f_frsize
    free = sv.f_bfree * sv.f_frsize
    avail = sv.f_bavail * sv.f_frsize
    return {"total": total, "free": free, "avail": avail, "used": total - free}


def node_status(st: State) -> Dict[str, Any]:
    mi = _meminfo()
    total = mi.get("MemTotal", 0)
    avail = mi.get("MemAvailable", 0)
    u = os.uname()
    try:
        load = [f"{x:.2f}" for x in os.getloadavg()]
    except OSError:
        load = ["0.00", "0.00", "0.00"]
    mem = {"total": total, "used": total - avail, "free": mi.get("MemFree", 0)}
    if st.pve_version >= 9:
        mem["available"] = avail
    return {
        "uptime": _uptime(),
        "idle": 0,
        "loadavg": load,
        "kversion": f"{u.sysname} {u.release} {u.version}",
        "current-kernel": {"sysname": u.sysname, "release": u.release, "version": u.version,
                           "machine": u.machine},
        "boot-info": {"mode": "efi" if os.path.isdir("/sys/firmware/efi") else "legacy-bios",
                      "secureboot": 0},
        "cpuinfo": _cpuinfo(),
        "cpu": 0.0123,
        "wait": 0.0004,
        "memory": mem,
        "ksm": {"shared": 0},
        "swap": {"total": mi.get("SwapTotal", 0), "free": mi.get("SwapFree", 0),
                 "used": mi.get("SwapTotal", 0) - mi.get("SwapFree", 0)},
        "rootfs": _rootfs(),
        "pveversion": st.pveversion(),
    }


def node_entry(st: State) -> Dict[str, Any]:
    mi = _meminfo()
    rootfs = _rootfs()
    total = mi.get("MemTotal", 0)
    return {"id": f"node/{st.node}", "type": "node", "node": st.node, "status": "online",
            "level": "", "cgroup-mode": 2, "maxcpu": os.cpu_count() or 1, "cpu": 0.0123,
            "maxmem": total, "mem": total - mi.get("MemAvailable", 0),
            "maxdisk": rootfs["total"], "disk": rootfs["used"], "uptime": _uptime()}


def cluster_members(st: State) -> List[str]:
    """The cluster's nodes: pmxcfs has a directory nodes/<name> for every member."""
    nodes_dir = os.path.join(st.pve_dir, "nodes")
    return sorted(os.listdir(nodes_dir)) if os.path.isdir(nodes_dir) else [st.node]


def member_entry(st: State, node: str) -> Dict[str, Any]:
    """Another member's row: online, with this host's numbers (the sim runs one host);
    a file nodes/<name>/offline (a sim-only marker) makes it offline, and the API then
    gives no numbers for it."""
    if os.path.exists(os.path.join(st.pve_dir, "nodes", node, "offline")):
        return {"id": f"node/{node}", "type": "node", "node": node, "status": "offline",
                "level": ""}
    return {**node_entry(st), "id": f"node/{node}", "node": node}


def lxc_resource(st: State, vmid: int) -> Dict[str, Any]:
    conf = st.load(vmid)
    d = lxc.vmstatus(st, vmid, conf)
    c = conf.main
    maxcpu = c.get("cores") or c.get("cpulimit")
    entry = {"id": f"lxc/{vmid}", "type": "lxc", "vmid": vmid, "node": st.node, "name": d["name"],
             "status": d["status"], "template": int(d.get("template", 0)),
             "maxcpu": int(float(maxcpu)) if maxcpu and float(maxcpu) else (os.cpu_count() or 1),
             "cpu": d["cpu"], "maxmem": d["maxmem"], "mem": d["mem"], "maxdisk": d["maxdisk"],
             "disk": d["disk"], "netin": d["netin"], "netout": d["netout"],
             "diskread": d["diskread"], "diskwrite": d["diskwrite"], "uptime": d["uptime"]}
    for k in ("tags", "lock"):
        if d.get(k):
            entry[k] = d[k]
    return entry


def qemu_resource(st: State, vmid: int) -> Dict[str, Any]:
    d = _qemu().vmstatus(st, vmid)
    entry = {"id": f"qemu/{vmid}", "type": "qemu", "vmid": vmid, "node": st.node, "name": d["name"],
             "status": d["status"], "template": int(d.get("template", 0)), "maxcpu": d["cpus"],
             "cpu": d["cpu"], "maxmem": d["maxmem"], "mem": d["mem"], "maxdisk": d["maxdisk"],
             "disk": d["disk"], "netin": d["netin"], "netout": d["netout"], "diskread": d["diskread"],
             "diskwrite": d["diskwrite"], "uptime": d["uptime"]}
    if "memhost" in d:
        entry["memhost"] = d["memhost"]
    for k in ("tags", "lock"):
        if d.get(k):
            entry[k] = d[k]
    return entry


def storage_entries(st: State) -> List[Dict[str, Any]]:
    cfg = st.storage_cfg()
    res = []
    for sid in sorted(cfg.ids):
        if not cfg.enabled(sid):
            continue
        nodes = cfg.get(sid).get("nodes")
        if nodes and st.node not in str(nodes).split(","):
            continue
        s = storage_status(st, sid)
        entry = {"id": f"storage/{st.node}/{sid}", "type": "storage", "storage": sid,
                 "node": st.node, "plugintype": s["type"], "status": "unknown",
                 "shared": s["shared"], "content": s["content"]}
        if s["active"]:  # API2Tools extract_storage_stats: sizes only from an RRD entry
            entry.update({"maxdisk": s["total"], "disk": s["used"], "status": "available"})
        res.append(entry)
    return res


def _typed_config(st: State, d: Dict[str, Any]) -> Dict[str, Any]:
    props = cliparse.expand_props(
        cliparse.method_info(st.pve_version, "/nodes/{node}/lxc/{vmid}/config", "PUT")["parameters"])
    res: Dict[str, Any] = {}
    for k, v in d.items():
        t = props.get(k, {}).get("type")
        if t in ("integer", "boolean") and re.fullmatch(r"-?\d+", str(v)):
            res[k] = int(v)
        elif t == "number" and re.fullmatch(r"-?\d+(\.\d+)?", str(v)):
            res[k] = float(v) if "." in str(v) else int(v)
        else:
            res[k] = v
    return res


def _typed_qm_config(st: State, d: Dict[str, Any]) -> Dict[str, Any]:
    props = cliparse.expand_props(
        cliparse.method_info(st.pve_version, "/nodes/{node}/qemu/{vmid}/config", "PUT")["parameters"])
    res: Dict[str, Any] = {}
    for k, v in d.items():
        t = props.get(k, {}).get("type")
        if t in ("integer", "boolean") and re.fullmatch(r"-?\d+", str(v)):
            res[k] = int(v)
        elif t == "number" and re.fullmatch(r"-?\d+(\.\d+)?", str(v)):
            res[k] = float(v) if "." in str(v) else int(v)
        else:
            res[k] = v
    return res


def _storage_cfg_entry(st: State, sid: str) -> Dict[str, Any]:
    cfg = st.storage_cfg()
    scfg = dict(cfg.get(sid))
    res: Dict[str, Any] = {}
    for k, v in scfg.items():
        if k in ("disable", "shared", "sparse", "krbd", "mkdir", "is_mountpoint", "saferemove") \
                and str(v).isdigit():
            res[k] = int(v)
        else:
            res[k] = v
    res["content"] = ",".join(sorted(cfg.content(sid))) or "none"
    res["digest"] = cfg.digest
    return res


# --- handlers ---------------------------------------------------------------------------------

def check_node(st: State, uri: Dict[str, str]) -> None:
    node = uri.get("node")
    if node is None or node in (st.node, "localhost"):
        return
    raise PveError(f"hostname lookup '{node}' failed - failed to get address info for: {node}: "
                   f"Name or service not known\n")


def h_version(ctx: Ctx, p: dict) -> Any:
    v = ctx.st.pveversion().split("/")
    return {"version": v[1], "release": v[1].rsplit(".", 1)[0], "repoid": v[2]}


def h_nextid(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    ids = st.guest_ids()
    if p.get("vmid") is not None:
        vmid = int(p["vmid"])
        if vmid not in ids:
            return str(p["vmid"])
        raise param_exc({"vmid": f"VM {vmid} already exists"})
    lower, upper = 100, 1000 * 1000
    nid = st.datacenter_cfg().get("next-id")
    if nid:
        for part in nid.split(","):
            if "=" in part:
                k, v = part.split("=", 1)
                if k.strip() == "lower":
                    lower = int(v)
                elif k.strip() == "upper":
                    upper = int(v)
    for i in range(lower, upper):
        if i not in ids:
            return str(i)
    raise PveError("unable to get any free VMID in range [%d, %d]\n" % (lower, upper))


def _ha_states(st: State) -> Dict[str, str]:
    """sid -> state of the HA resources (no CRM runs: the configured state, 'enabled' = 'started',
    as PVE::HA::Config::read_resources_config has it)."""
    path = st.p("ha", "resources.json")
    if not os.path.exists(path):
        return {}
    with open(path) as fh:
        recs = json.load(fh)
    res = {}
    for sid, rec in recs.items():
        state = rec.get("state") or "started"
        res[sid] = "started" if state == "enabled" else state
    return res


def h_resources(ctx: Ctx, p: dict) -> Any:
    """pve-manager PVE/API2/Cluster.pm 'resources': guests (sorted by vmid as strings, Perl's
    `sort keys`), then nodes, storages, and the SDN 'localnetwork' zone (type 'sdn' up to 9.0,
    type 'network' from 9.1: only without --type)."""
    st = ctx.st
    typ = p.get("type")
    res: List[Dict[str, Any]] = []
    if typ in (None, "vm"):
        ha = _ha_states(st)
        guests = [(str(v), "ct", lxc_resource, v) for v in st.ct_ids()] + \
                 [(str(v), "vm", qemu_resource, v) for v in st.vm_ids()]
        for _key, hatype, func, vmid in sorted(guests, key=lambda g: g[0]):
            entry = func(st, vmid)
            if f"{hatype}:{vmid}" in ha:
                entry["hastate"] = ha[f"{hatype}:{vmid}"]
            res.append(entry)
    if typ in (None, "node"):
        res += [node_entry(st)] + [member_entry(st, n) for n in cluster_members(st)
                                   if n != st.node]
    if typ in (None, "storage"):
        res += storage_entries(st)
    if st.at_least(9, 1):
        if typ is None:
            res.append({"id": f"network/{st.node}/zone/localnetwork", "type": "network",
                        "network-type": "zone", "network": "localnetwork", "node": st.node,
                        "status": "ok"})
    elif typ in (None, "sdn"):
        res.append({"id": f"sdn/{st.node}/localnetwork", "sdn": "localnetwork", "node": st.node,
                    "type": "sdn", "status": "ok"})
    return res


def network_types(st: State) -> List[str]:
    """pve-manager PVE/API2/Network.pm $network_type_enum + the filters ('fabric' and
    'include_sdn' since 9.0)."""
    types = ["bridge", "bond", "eth", "alias", "vlan"]
    if st.pve_version >= 9:
        types.append("fabric")
    types += ["OVSBridge", "OVSBond", "OVSPort", "OVSIntPort", "vnet", "any_bridge", "any_local_bridge"]
    if st.pve_version >= 9:
        types.append("include_sdn")
    return types


NODE_NIC = "eno1"
NODE_ADDRESS = ("198.51.100.2", "24", "198.51.100.1")


def network_ifaces(st: State) -> Dict[str, Dict[str, Any]]:
    """The node's /etc/network/interfaces as PVE::Network::Interfaces reads it: a physical NIC
    (manual) and the bridges of sim.json 'bridges'; the first bridge has the node's address and
    the NIC as port (the installer's layout), the others 'bridge-ports none'.  lo is left out
    (the API deletes it).  Priorities count stanzas from 2 (lo has 2, the NIC 3)."""
    ifaces: Dict[str, Dict[str, Any]] = {
        NODE_NIC: {"iface": NODE_NIC, "type": "eth", "method": "manual", "method6": "manual",
                   "families": ["inet"], "priority": 3, "exists": 1, "active": 1}}
    bridges = st.settings().get("bridges", ["vmbr0"])
    for i, br in enumerate(bridges):
        d: Dict[str, Any] = {"iface": br, "type": "bridge", "method": "manual", "method6": "manual",
                             "families": ["inet"], "priority": 4 + i, "autostart": 1, "active": 1,
                             "bridge_ports": "", "bridge_stp": "off", "bridge_fd": "0"}
        if i == 0:
            addr, mask, gw = NODE_ADDRESS
            d.update({"method": "static", "bridge_ports": NODE_NIC, "address": addr, "netmask": mask,
                      "cidr": f"{addr}/{mask}", "gateway": gw})
        ifaces[br] = d
    return ifaces


def h_network_index(ctx: Ctx, p: dict) -> Any:
    ifaces = network_ifaces(ctx.st)
    tfilter = p.get("type")
    if tfilter and tfilter != "include_sdn":
        for k in sorted(ifaces):
            t = ifaces[k]["type"]
            is_bridge = t in ("bridge", "OVSBridge")
            if not (tfilter == t or (is_bridge and tfilter in ("any_bridge", "any_local_bridge"))):
                del ifaces[k]
    return [ifaces[k] for k in sorted(ifaces)]


def h_oci_pull(ctx: Ctx, p: dict) -> Any:
    """pve-storage PVE/API2/Storage/Status.pm oci_registry_pull (skopeo is taken as installed)."""
    st = ctx.st
    sid = str(p["storage"])
    cfg = st.storage_cfg()
    scfg = lxc.storage_check_enabled(st, sid)
    path = cfg.path(sid)
    if not path:
        raise PveError(f"can't upload to storage type '{scfg.get('type')}', not a file based storage!\n")
    if "vztmpl" not in cfg.content(sid):
        raise PveError(f"storage '{sid}' is not configured for content-type 'vztmpl'\n")
    reference = str(p["reference"])
    filename = oci.normalize_content_filename(str(p.get("filename") or reference)) + ".tar"
    tdir = os.path.join(path, "template", "cache")
    if os.path.isfile(os.path.join(tdir, filename)):
        raise PveError(f"refusing to override existing file '{filename}'\n")

    def task() -> None:
        archive = oci.build_archive(reference)
        for line in oci.pull_lines(archive):
            ctx.out(line + "\n")
        os.makedirs(tdir, exist_ok=True)
        tmp = os.path.join(tdir, f"{filename}.tmp.{os.getpid()}")
        with open(tmp, "wb") as fh:
            fh.write(archive)
        os.rename(tmp, os.path.join(tdir, filename))
    return _task(ctx, "ociregistrypull", filename, task)


def h_nodes(ctx: Ctx, p: dict) -> Any:
    e = node_entry(ctx.st)
    e.pop("cgroup-mode", None)
    e["ssl_fingerprint"] = ":".join(hashlib.sha256(ctx.st.root.encode()).hexdigest()[i:i + 2].upper()
                                    for i in range(0, 64, 2))
    return [e]


def h_node_index(ctx: Ctx, p: dict) -> Any:
    return [{"name": n} for n in ("aplinfo", "lxc", "status", "storage", "qemu", "tasks")]


def h_node_status(ctx: Ctx, p: dict) -> Any:
    return node_status(ctx.st)


def h_aplinfo(ctx: Ctx, p: dict) -> Any:
    return [dict(e) for e in ctx.st.aplinfo()]


def h_apl_download(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    template = pveam.download(st, p, ctx, None)
    sid = str(p["storage"])
    return _task(ctx, "download", template, lambda: pveam.download_task(st, sid, template, ctx.out))


def h_vmlist(ctx: Ctx, p: dict) -> Any:
    return [lxc.vmstatus(ctx.st, vmid) for vmid in ctx.st.ct_ids()]


def h_vmdiridx(ctx: Ctx, p: dict) -> Any:
    ctx.st.load(int(p["vmid"]))
    return [{"subdir": s} for s in ("config", "pending", "status", "vncproxy", "termproxy",
                                    "vncwebsocket", "spiceproxy", "migrate", "clone", "rrd",
                                    "rrddata", "firewall", "snapshot", "resize", "interfaces")]


def h_vmcmdidx(ctx: Ctx, p: dict) -> Any:
    ctx.st.load(int(p["vmid"]))
    return [{"subdir": s} for s in ("current", "start", "stop", "shutdown", "reboot", "suspend",
                                    "resume")]


def h_vm_config(ctx: Ctx, p: dict) -> Any:
    d = lxc.config_view(ctx.st, int(p["vmid"]), bool(p.get("current")), p.get("snapshot"))
    return _typed_config(ctx.st, d)


def h_vm_pending(ctx: Ctx, p: dict) -> Any:
    return lxc.pending_view(ctx.st, int(p["vmid"]))


def h_ip(ctx: Ctx, p: dict) -> Any:
    return lxc.interfaces_view(ctx.st, int(p["vmid"]))


def h_vm_status(ctx: Ctx, p: dict) -> Any:
    d = lxc.vmstatus(ctx.st, int(p["vmid"]))
    d["ha"] = {"managed": 0}
    return d


def _task(ctx: Ctx, dtype: str, ident: str, func: Callable[[], None]) -> Any:
    upid = lxc.upid(ctx.st, dtype, ident)
    try:
        func()
    except TaskFailed as exc:
        err(exc.msg.rstrip("\n").replace("\n", " ") + "\n")
    except PveError as exc:
        err(exc.render().rstrip("\n").replace("\n", " ") + "\n")
    return upid


def h_create_vm(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    vmid = str(p.get("vmid"))
    holder: Dict[str, Any] = {}
    try:
        lxc.create(st, dict(p), lxc.Out(ctx.out), ctx.warn)
    except TaskFailed as exc:
        holder["err"] = exc
    upid = lxc.upid(st, "vzcreate", vmid)
    if "err" in holder:
        err(holder["err"].msg.rstrip("\n").replace("\n", " ") + "\n")
    return upid


def h_destroy_vm(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    vmid = int(p["vmid"])
    conf = st.load(vmid)
    lxc.check_protection(conf, f"can't remove CT {vmid}")
    if not p.get("force") and st.running(vmid):
        raise PveError(f"unable to destroy CT {vmid} - container is running\n")
    return _task(ctx, "vzdestroy", str(vmid), lambda: lxc.destroy(st, vmid, p, lxc.Out(ctx.out), ctx.warn))


def h_update_vm(ctx: Ctx, p: dict) -> Any:
    from .pct import do_set
    do_set(ctx, dict(p), None)
    return None


def h_vm_start(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    vmid = int(p["vmid"])
    st.load(vmid)
    if st.running(vmid):
        raise PveError(f"CT {vmid} already running\n")
    return _task(ctx, "vzstart", str(vmid), lambda: lxc.start(st, vmid, lxc.Out(ctx.out), ctx.warn))


def h_vm_stop(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    vmid = int(p["vmid"])
    st.load(vmid)
    if not st.running(vmid):
        raise PveError(f"CT {vmid} not running\n")
    return _task(ctx, "vzstop", str(vmid), lambda: lxc.stop(st, vmid, lxc.Out(ctx.out)))


def h_vm_shutdown(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    vmid = int(p["vmid"])
    st.load(vmid)
    if not st.running(vmid):
        raise PveError(f"CT {vmid} not running\n")
    return _task(ctx, "vzshutdown", str(vmid), lambda: lxc.stop(st, vmid, lxc.Out(ctx.out)))


def h_vm_reboot(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    vmid = int(p["vmid"])
    st.load(vmid)
    if not st.running(vmid):
        raise PveError(f"CT {vmid} not running\n")

    def task() -> None:
        lxc.stop(st, vmid, lxc.Out(ctx.out), in_task=True)
        lxc.start(st, vmid, lxc.Out(ctx.out), ctx.warn, in_task=True)
    return _task(ctx, "vzreboot", str(vmid), task)


def h_snapshot_list(ctx: Ctx, p: dict) -> Any:
    return lxc.snapshot_list(ctx.st, int(p["vmid"]))


def h_snapshot_create(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    vmid = int(p["vmid"])
    snapname = str(p["snapname"])
    lxc.snapshot_check(st, snapname)
    st.load(vmid)
    return _task(ctx, "vzsnapshot", str(vmid),
                 lambda: lxc.snapshot_create(st, vmid, snapname, p.get("description"), lxc.Out(ctx.out)))


def h_snapshot_delete(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    vmid = int(p["vmid"])
    st.load(vmid)
    return _task(ctx, "vzdelsnapshot", str(vmid),
                 lambda: lxc.snapshot_delete(st, vmid, str(p["snapname"]), bool(p.get("force")),
                                             lxc.Out(ctx.out)))


def h_snapshot_rollback(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    vmid = int(p["vmid"])
    st.load(vmid)
    return _task(ctx, "vzrollback", str(vmid),
                 lambda: lxc.snapshot_rollback(st, vmid, str(p["snapname"]), bool(p.get("start")),
                                               lxc.Out(ctx.out), ctx.warn))


def h_qm_snapshot_list(ctx: Ctx, p: dict) -> Any:
    return _qemu().snapshot_list(ctx.st, int(p["vmid"]))


def h_qm_snapshot_create(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    vmid = int(p["vmid"])
    snapname = str(p["snapname"])
    vmstate = bool(p.get("vmstate"))
    _qemu().snapshot_check(st, vmid, snapname, vmstate)
    return _task(ctx, "qmsnapshot", str(vmid),
                 lambda: _qemu().snapshot_create(st, vmid, snapname, vmstate, p.get("description"),
                                                 lxc.Out(ctx.out)))


def h_qm_snapshot_delete(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    vmid = int(p["vmid"])
    _qemu().load(st, vmid)
    return _task(ctx, "qmdelsnapshot", str(vmid),
                 lambda: _qemu().snapshot_delete(st, vmid, str(p["snapname"]), bool(p.get("force")),
                                                 lxc.Out(ctx.out), ctx.warn))


def h_qm_snapshot_rollback(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    vmid = int(p["vmid"])
    _qemu().load(st, vmid)
    return _task(ctx, "qmrollback", str(vmid),
                 lambda: _qemu().snapshot_rollback(st, vmid, str(p["snapname"]), bool(p.get("start")),
                                                   lxc.Out(ctx.out), ctx.warn))


def h_storage_index(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    cfg = st.storage_cfg()
    res = []
    for sid in sorted(cfg.ids):
        if p.get("storage") and sid != p["storage"]:
            continue
        s = storage_status(st, sid)
        content = cfg.content(sid)
        if p.get("content") and not set(str(p["content"]).split(",")) & set(content):
            continue
        if p.get("enabled") and not s["enabled"]:
            continue
        entry = {"storage": sid, "type": s["type"], "content": s["content"], "active": s["active"],
                 "enabled": s["enabled"], "shared": s["shared"], "total": s["total"],
                 "used": s["used"], "avail": s["avail"]}
        if s["total"]:
            entry["used_fraction"] = s["used"] / s["total"]
        res.append(entry)
    return res


def h_storage_read_status(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    sid = str(p["storage"])
    if sid not in st.storage_cfg().ids:
        raise param_exc({"storage": "No such storage."})
    s = storage_status(st, sid)
    return {k: s[k] for k in ("type", "content", "enabled", "active", "shared", "total", "used", "avail")}


def h_storage_content(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    sid = str(p["storage"])
    st.storage_cfg().get(sid)
    res: List[Dict[str, Any]] = []
    want = p.get("content")
    if not want or want == "vztmpl":
        for rec in pveam.template_volumes(st, sid):
            ext = rec["volid"].rsplit(".", 1)[-1]
            res.append({"volid": rec["volid"], "content": "vztmpl", "size": rec["size"],
                        "ctime": rec["ctime"], "format": {"zst": "tzst", "gz": "tgz", "xz": "txz"}.get(ext, ext)})
    if not want or want in ("rootdir", "images"):
        for v in Volumes(st).list(sid):
            if p.get("vmid") and int(p["vmid"]) != int(v["vmid"]):
                continue
            content = v.get("content", "rootdir")
            if want and want != content:
                continue
            res.append({"volid": v["volid"], "content": content, "size": v["size"],
                        "format": v.get("format", "raw"), "vmid": int(v["vmid"])})
    return res


def h_storage_config_index(ctx: Ctx, p: dict) -> Any:
    cfg = ctx.st.storage_cfg()
    res = []
    for sid in sorted(cfg.ids):
        e = _storage_cfg_entry(ctx.st, sid)
        if p.get("type") and e.get("type") != p["type"]:
            continue
        res.append(e)
    return res


def h_storage_config_read(ctx: Ctx, p: dict) -> Any:
    return _storage_cfg_entry(ctx.st, str(p["storage"]))


# --- directory mappings -----------------------------------------------------------------------------

def h_mapdir_index(ctx: Ctx, p: dict) -> Any:
    return mapping.api_index(ctx.st, p)


def h_mapdir_get(ctx: Ctx, p: dict) -> Any:
    return mapping.api_get(ctx.st, p)


def h_mapdir_create(ctx: Ctx, p: dict) -> Any:
    mapping.api_create(ctx.st, p)


def h_mapdir_update(ctx: Ctx, p: dict) -> Any:
    mapping.api_update(ctx.st, p)


def h_mapdir_delete(ctx: Ctx, p: dict) -> Any:
    mapping.api_delete(ctx.st, p)


# --- qemu-server ------------------------------------------------------------------------------------

def h_qm_vmlist(ctx: Ctx, p: dict) -> Any:
    return [_qemu().vmstatus(ctx.st, vmid, full=bool(p.get("full"))) for vmid in ctx.st.vm_ids()]


def h_qm_diridx(ctx: Ctx, p: dict) -> Any:
    _qemu().load(ctx.st, int(p["vmid"]))
    return [{"subdir": s} for s in ("config", "cloudinit", "pending", "status", "unlink", "vncproxy",
                                    "termproxy", "migrate", "resize", "move", "rrd", "rrddata", "monitor",
                                    "agent", "snapshot", "spiceproxy", "sendkey", "firewall", "mtunnel",
                                    "remote_migrate")]


def h_qm_cmdidx(ctx: Ctx, p: dict) -> Any:
    _qemu().load(ctx.st, int(p["vmid"]))
    return [{"subdir": s} for s in ("current", "start", "stop", "reset", "shutdown", "suspend", "reboot")]


def h_qm_config(ctx: Ctx, p: dict) -> Any:
    return _typed_qm_config(ctx.st, _qemu().config_view(ctx.st, int(p["vmid"]), bool(p.get("current")),
                                                      p.get("snapshot")))


def h_qm_pending(ctx: Ctx, p: dict) -> Any:
    return _qemu().pending_view(ctx.st, int(p["vmid"]))


def h_qm_status(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    vmid = int(p["vmid"])
    conf = _qemu().load(st, vmid)
    d = _qemu().vmstatus(st, vmid, conf, full=True)
    d["ha"] = {"managed": 0}
    if _guest()._agent_enabled(conf.main):
        d["agent"] = 1
    return d


def h_qm_create(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    _qemu().prepare_create(st, dict(p))
    return _task(ctx, "qmcreate", str(p.get("vmid")), lambda: _qemu().create(st, dict(p), lxc.Out(ctx.out), ctx.warn))


def h_qm_update(ctx: Ctx, p: dict) -> Any:
    props = cliparse.expand_props(
        cliparse.method_info(ctx.st.pve_version, "/nodes/{node}/qemu/{vmid}/config", "PUT")["parameters"])
    _qemu().update(ctx.st, dict(p), lxc.Out(ctx.out), ctx.warn, _qemu().gate(ctx.st, props))
    return None


def h_qm_update_async(ctx: Ctx, p: dict) -> Any:
    props = cliparse.expand_props(
        cliparse.method_info(ctx.st.pve_version, "/nodes/{node}/qemu/{vmid}/config", "PUT")["parameters"])
    return _task(ctx, "qmconfig", str(p["vmid"]),
                 lambda: _qemu().update(ctx.st, dict(p), lxc.Out(ctx.out), ctx.warn, _qemu().gate(ctx.st, props)))


def h_qm_start(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    vmid = int(p["vmid"])
    return _task(ctx, "qmstart", str(vmid), lambda: _qemu().start(st, vmid, lxc.Out(ctx.out), ctx.warn,
                                                                skiplock=bool(p.get("skiplock"))))


def h_qm_stop(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    vmid = int(p["vmid"])
    return _task(ctx, "qmstop", str(vmid), lambda: _qemu().stop(st, vmid, lxc.Out(ctx.out)))


def h_qm_shutdown(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    vmid = int(p["vmid"])
    return _task(ctx, "qmshutdown", str(vmid), lambda: _qemu().stop(st, vmid, lxc.Out(ctx.out)))


def h_qm_reboot(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    vmid = int(p["vmid"])
    _qemu().load(st, vmid)
    if not st.running(vmid):
        raise PveError(f"VM {vmid} not running\n")

    def task() -> None:
        _qemu().stop(st, vmid, lxc.Out(ctx.out))
        _qemu().start(st, vmid, lxc.Out(ctx.out), ctx.warn)
    return _task(ctx, "qmreboot", str(vmid), task)


def h_qm_destroy(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    vmid = int(p["vmid"])
    conf = _qemu().load(st, vmid)
    _qemu().check_protection(conf, f"can't remove VM {vmid}")
    if st.running(vmid):
        raise PveError(f"VM {vmid} is running - destroy failed\n")
    return _task(ctx, "qmdestroy", str(vmid), lambda: _qemu().destroy(st, vmid, p, lxc.Out(ctx.out), ctx.warn))


def h_qm_template(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    vmid = int(p["vmid"])
    _qemu().template_checks(st, vmid, p.get("disk"))
    return _task(ctx, "qmtemplate", str(vmid), lambda: _qemu().template(st, vmid, p.get("disk"), lxc.Out(ctx.out)))


def h_qm_clone(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    vmid, newid = int(p["vmid"]), int(p["newid"])
    _qemu().clone_checks(st, vmid, newid, p)
    return _task(ctx, "qmclone", str(vmid), lambda: _qemu().clone(st, vmid, newid, p, lxc.Out(ctx.out)))


def h_qm_ci_pending(ctx: Ctx, p: dict) -> Any:
    return _qemu().cloudinit_pending(ctx.st, int(p["vmid"]))


def h_qm_ci_update(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    vmid = int(p["vmid"])
    conf = _qemu().load(st, vmid)
    _qemu().check_lock(conf)
    try:
        _guest().generate_cloudinit(st, vmid, conf, lxc.Out(ctx.out))
    except TaskFailed as exc:
        raise PveError(exc.msg)
    return None


def h_qm_ci_dump(ctx: Ctx, p: dict) -> Any:
    return _guest().dump(ctx.st, int(p["vmid"]), str(p["type"]))


def h_qm_agent_idx(ctx: Ctx, p: dict) -> Any:
    _qemu().load(ctx.st, int(p["vmid"]))
    return [{"name": c[6:]} for c in sorted(_guest().SUPPORTED) if c not in ("guest-sync", "guest-sync-delimited")]


def _agent(ctx: Ctx, p: dict, command: str) -> Any:
    vmid = int(p["vmid"])
    return {"result": _guest().agent_cmd(ctx.st, vmid, _qemu().load(ctx.st, vmid), command)}


def h_qm_agent(ctx: Ctx, p: dict) -> Any:
    return _agent(ctx, p, str(p["command"]))


def h_qm_agent_exec(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    vmid = int(p["vmid"])
    cmd = p.get("command") or []
    cmd = cmd if isinstance(cmd, list) else [str(cmd)]
    data = p.get("input-data")
    pid = _guest().exec_start(st, vmid, _qemu().load(st, vmid), [str(c) for c in cmd],
                                str(data).encode() if data is not None else None)
    return {"pid": pid}


def h_qm_agent_exec_status(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    vmid = int(p["vmid"])
    return _guest().exec_status(st, vmid, _qemu().load(st, vmid), int(p["pid"]))


def h_qm_agent_file_read(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    vmid = int(p["vmid"])
    return _guest().file_read(st, vmid, _qemu().load(st, vmid), str(p["file"]))


def h_qm_agent_file_write(ctx: Ctx, p: dict) -> Any:
    st = ctx.st
    vmid = int(p["vmid"])
    content = str(p["content"])
    data = content.encode() if int(p.get("encode", 1)) else base64.b64decode(content)
    _guest().file_write(st, vmid, _qemu().load(st, vmid), str(p["file"]), data)
    return None


def h_access_permissions(ctx: Ctx, p: dict) -> Any:
    """pve-access-control API2/AccessControl.pm 'permissions': {path: {priv: propagate}}."""
    cfg = access.load(ctx.st)
    user = str(p.get("userid") or ctx.st.user)
    if p.get("path"):
        path = str(p["path"])
        return {path: cfg.permissions(user, access.normalize_path(path))}
    paths = sorted(set(cfg.acl) | {"/"})
    return {path: perms for path in paths if (perms := cfg.permissions(user, path))}


def h_task_status(ctx: Ctx, p: dict) -> Any:
    """pve-manager API2/Tasks.pm 'read_task_status', from the node's task files."""
    return tasks.status(ctx.st, str(p["upid"]))


def h_task_log(ctx: Ctx, p: dict) -> Any:
    """pve-manager API2/Tasks.pm 'read_task_log': [{n, t}] from line start, limit lines."""
    return tasks.log(ctx.st, str(p["upid"]), int(p.get("start", 0)), int(p.get("limit", 50)))


HANDLERS: Dict[str, Callable[[Ctx, dict], Any]] = {
    "access_permissions": h_access_permissions, "task_status": h_task_status,
    "task_log": h_task_log,
    "version": h_version, "nextid": h_nextid, "resources": h_resources, "nodes": h_nodes,
    "node_index": h_node_index, "node_status": h_node_status, "aplinfo": h_aplinfo,
    "apl_download": h_apl_download, "vmlist": h_vmlist, "create_vm": h_create_vm,
    "vmdiridx": h_vmdiridx, "destroy_vm": h_destroy_vm, "vm_config": h_vm_config,
    "update_vm": h_update_vm, "vm_pending": h_vm_pending, "ip": h_ip, "vmcmdidx": h_vmcmdidx,
    "vm_status": h_vm_status, "vm_start": h_vm_start, "vm_stop": h_vm_stop,
    "vm_shutdown": h_vm_shutdown, "vm_reboot": h_vm_reboot, "storage_index": h_storage_index,
    "storage_read_status": h_storage_read_status, "storage_content": h_storage_content,
    "storage_config_index": h_storage_config_index, "network_index": h_network_index,
    "oci_pull": h_oci_pull, "snapshot_list": h_snapshot_list, "snapshot_create": h_snapshot_create,
    "snapshot_delete": h_snapshot_delete, "snapshot_rollback": h_snapshot_rollback,
    "storage_config_read": h_storage_config_read,
    "qm_snapshot_list": h_qm_snapshot_list, "qm_snapshot_create": h_qm_snapshot_create,
    "qm_snapshot_delete": h_qm_snapshot_delete, "qm_snapshot_rollback": h_qm_snapshot_rollback,
    "mapdir_index": h_mapdir_index, "mapdir_get": h_mapdir_get, "mapdir_create": h_mapdir_create,
    "mapdir_update": h_mapdir_update, "mapdir_delete": h_mapdir_delete,
    "qm_vmlist": h_qm_vmlist, "qm_diridx": h_qm_diridx, "qm_cmdidx": h_qm_cmdidx, "qm_config": h_qm_config,
    "qm_pending": h_qm_pending, "qm_status": h_qm_status, "qm_create": h_qm_create, "qm_update": h_qm_update,
    "qm_update_async": h_qm_update_async, "qm_start": h_qm_start, "qm_stop": h_qm_stop,
    "qm_shutdown": h_qm_shutdown, "qm_reboot": h_qm_reboot, "qm_destroy": h_qm_destroy,
    "qm_template": h_qm_template, "qm_clone": h_qm_clone, "qm_ci_pending": h_qm_ci_pending,
    "qm_ci_update": h_qm_ci_update, "qm_ci_dump": h_qm_ci_dump, "qm_agent_idx": h_qm_agent_idx,
    "qm_agent": h_qm_agent, "qm_agent_exec": h_qm_agent_exec, "qm_agent_exec_status": h_qm_agent_exec_status,
    "qm_agent_file_read": h_qm_agent_file_read, "qm_agent_file_write": h_qm_agent_file_write,
    "qm_agent_ping": lambda ctx, p: _agent(ctx, p, "ping"),
    "qm_agent_info": lambda ctx, p: _agent(ctx, p, "info"),
    "qm_agent_get_osinfo": lambda ctx, p: _agent(ctx, p, "get-osinfo"),
    "qm_agent_get_host_name": lambda ctx, p: _agent(ctx, p, "get-host-name"),
    "qm_agent_network_get_interfaces": lambda ctx, p: _agent(ctx, p, "network-get-interfaces"),
}


def fault(ctx: Ctx, cmd: str) -> int:
    if cmd == "get":
        ctx.err("ipcc_send_rec[1] failed: Connection refused\nipcc_send_rec[2] failed: Connection "
                "refused\nipcc_send_rec[3] failed: Connection refused\nUnable to load access control "
                "list: Connection refused\n")
        return 111
    ctx.err("cluster not ready - no quorum?\n")
    return 255


def handler(ctx: Ctx, args: List[str]) -> int:
    commands = ["get", "set", "create", "delete", "ls", "usage"]
    while args and args[0] in ("--noproxy", "--nooutput"):
        args = args[1:]
    if not args:
        raise unknown_command("pvesh", None, commands)
    cmd = args[0]
    if cmd not in commands:
        raise unknown_command("pvesh", cmd, commands)
    if cmd in ("ls", "usage"):
        raise PveError(f"pvesim: 'pvesh {cmd}' is not simulated\n")
    st = ctx.st
    method = METHODS[cmd]
    path = args[1] if len(args) > 1 else None
    with st.lock():
        if path is not None and faults.should_fail(st, "pvesh", f"{cmd}:{normalize(path)}"):
            return fault(ctx, cmd)
        found = find_handler(st, method, path) if path is not None else None
        if path is not None and found is None:
            err(f"No '{cmd}' handler defined for '{path}'\n")
            return 1
        props: Dict[str, dict] = {"api_path": {"type": "string"},
                                  "noproxy": {"type": "boolean", "optional": 1}}
        uri: Dict[str, str] = {}
        name = rtype = ""
        if found:
            _tmpl, name, hprops, uri, rtype = found
            for k, v in hprops.items():
                if k not in uri:
                    props[k] = v
        props.update(FORMAT_OPTIONS)
        usage = cliparse.Usage(f"pvesh {cmd}", ["api_path"], props, format_options=True)
        usage.props = {k: v for k, v in props.items() if k not in FORMAT_OPTIONS}
        p = cliparse.get_options(props, args[1:], ["api_path"], {}, (), usage)
        cliparse.validate(p, props, usage)
        fmt = p.pop("output-format", "text")
        quiet = p.pop("quiet", None)
        for k in ("noborder", "noheader", "human-readable", "noproxy", "api_path"):
            p.pop(k, None)
        # uri parameters are verified like the API does
        if found:
            uprops = {k: v for k, v in hprops.items() if k in uri}
            try:
                cliparse.validate(dict(uri), uprops)
            except PveError as exc:
                exc.usage = usage.short()
                raise
            check_node(st, uri)
            p.update(uri)
        try:
            data = HANDLERS[name](ctx, p)
        except PveError as exc:
            if exc.is_param_exc():
                exc.usage = usage.short()
            raise
        if not quiet:
            print_result(ctx, fmt, data, rtype)
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    return tool_main("pvesh", argv, handler)

