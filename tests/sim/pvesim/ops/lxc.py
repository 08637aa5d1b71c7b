"""Container operations shared by pct and pvesh (pve-container's API2/LXC*.pm + LXC/Config.pm).

Functions here take already-parsed, schema-validated parameters.  Errors
before a task starts raise PveError (stderr, exit 255); errors inside a task
raise TaskFailed (task log stays on stdout, the final message goes to stderr).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import sys
import time
from typing import Callable, Dict, List, Optional, Tuple

from ..cli import cliparse
from ..backends.base import get_backend, interfaces as guest_interfaces, template_ostype
from ..model.lxcconfig import (LxcConfig, Section, map_ct_id_to_host, parse_id_maps, validate_id_maps)
from ..model import oci, volsnap
from ..model.state import State
from ..model.storage import Volumes, parse_volume_id
from ..util import PveError, TaskFailed, encode_text, param_exc, perm_exc, split_list

NEW_DISK_RE = re.compile(r"(?:([^/:\s]+):)?(\d+(?:\.\d+)?)")

FASTPLUG = {"description", "onboot", "startup", "protection", "hostname", "hookscript",
            "cores", "tags", "lock"}


class Out:
    """Task log writer: lines go to stdout immediately (worker runs in the foreground)."""

    def __init__(self, write: Callable[[str], None]) -> None:
        self.write = write

    def line(self, text: str = "") -> None:
        self.write(text + "\n")


# --- formats ------------------------------------------------------------------------------

def fmt(st: State, key: str) -> dict:
    props = cliparse.method_info(st.pve_version, "/nodes/{node}/lxc", "POST")["parameters"]
    if key.startswith("mp"):
        return props["mp[n]"]["format"]
    if key.startswith("net"):
        return props["net[n]"]["format"]
    if key.startswith("dev"):
        return props["dev[n]"]["format"]
    if key.startswith("unused"):
        return {"volume": {"default_key": 1, "type": "string", "format": "pve-volume-id"}}
    return props[key]["format"]


def parse_volume(st: State, key: str, value: str) -> Dict[str, str]:
    f = fmt(st, "rootfs" if key == "rootfs" else key)
    res = cliparse.parse_property_string(f, value, key)
    vol = res["volume"]
    res["type"] = ("device" if vol.startswith("/dev/") else "bind") if vol.startswith("/") else "volume"
    if key == "rootfs":
        res["mp"] = "/"
    return res


def print_mountpoint(st: State, key: str, mp: Dict[str, str]) -> str:
    f = dict(fmt(st, "rootfs" if key == "rootfs" else key))
    data = {k: v for k, v in mp.items() if k != "type" and not (key == "rootfs" and k == "mp")}
    if "size" in data:
        from ..util import parse_size
        data["size"] = str(parse_size(str(data["size"])))
    return cliparse.print_property_string(data, f)


def random_ether_addr(st: State, vmid: int, opt: str) -> str:
    prefix = st.datacenter_cfg().get("mac_prefix", "BC:24:11")
    seed = hashlib.sha1(f"{st.root}:{vmid}:{opt}:{st.next_serial()}".encode()).digest()
    b = bytearray(seed[:6])
    b[0] = (b[0] & 0xFE) | 2
    addr = ":".join("%02X" % x for x in b)
    if prefix:
        addr = prefix.upper() + addr[len(prefix):]
    return addr


def parse_lxc_network(st: State, vmid: int, opt: str, value: str) -> Dict[str, str]:
    res = cliparse.parse_property_string(fmt(st, "net0"), value, opt)
    res["type"] = "veth"
    if not res.get("hwaddr"):
        res["hwaddr"] = random_ether_addr(st, vmid, opt)
    return res


def print_lxc_network(st: State, net: Dict[str, str]) -> str:
    return cliparse.print_property_string(net, fmt(st, "net0"))


def get_unique_tags(value: str) -> str:
    seen: Dict[str, str] = {}
    for tag in split_list(value):
        seen.setdefault(tag.lower(), tag)
    return ";".join(sorted(seen.values(), key=lambda t: t.lower()))


# --- checks -------------------------------------------------------------------------------

def check_vmid_unused(st: State, vmid: int) -> None:
    ids = st.guest_ids()
    if vmid in ids:
        typ, node = ids[vmid]
        kind = "CT" if typ == "lxc" else "VM"
        raise PveError(f"{kind} {vmid} already exists on node '{node}'\n")


def check_lock(conf: LxcConfig) -> None:
    lock = conf.get("lock")
    if lock:
        raise PveError(f"CT is locked ({lock})\n")


def check_protection(conf: LxcConfig, msg: str) -> None:
    if conf.get("protection") in ("1",):
        raise PveError(f"{msg} - protection mode enabled\n")


def check_ct_modify_config_perm(st: State, vmid: int, newconf: Dict[str, str],
                                delete: List[str]) -> None:
    """PVE::LXC::check_ct_modify_config_perm: root@pam may do everything."""
    if st.user == "root@pam":
        return
    for opt, value in newconf.items():
        if opt == "rootfs" or re.fullmatch(r"mp\d+", opt):
            mp = parse_volume(st, opt, str(value))
            if mp["type"] != "volume":
                raise perm_exc(f"mount point type {mp['type']} is only allowed for root@pam")
        elif re.fullmatch(r"dev\d+", opt):
            raise perm_exc("configuring device passthrough is only allowed for root@pam")
        elif opt == "hookscript":
            raise perm_exc("changing the hookscript is only allowed for root@pam")


def storage_check_enabled(st: State, sid: str) -> Dict[str, object]:
    cfg = st.storage_cfg()
    scfg = cfg.get(sid)
    if not cfg.enabled(sid):
        raise PveError(f"storage '{sid}' is disabled\n")
    return scfg


# --- vmstatus -------------------------------------------------------------------------------

def host_cpus() -> int:
    return os.cpu_count() or 1


def _du(path: str) -> int:
    total = 0
    for dirpath, dirnames, filenames in os.walk(path):
        for f in filenames:
            try:
                total += os.lstat(os.path.join(dirpath, f)).st_size
            except OSError:
                pass
    return total


def vmstatus(st: State, vmid: int, conf: Optional[LxcConfig] = None) -> Dict[str, object]:
    conf = conf or st.load(vmid)
    c = conf.main
    rt = st.runtime(vmid)
    running = rt.get("status") == "running"
    d: Dict[str, object] = {"vmid": int(vmid), "type": "lxc",
                            "status": "running" if running else "stopped"}
    name = (c.get("hostname") or f"CT{vmid}")
    d["name"] = re.sub(r"\s", "", name)
    cpus = c.get("cores") or c.get("cpulimit")
    d["cpus"] = int(float(cpus)) if cpus and float(cpus) else host_cpus()
    if c.get("tags") is not None:
        d["tags"] = c.get("tags")
    maxdisk = 4 * 1024 ** 3
    rootfs = c.get("rootfs")
    if rootfs:
        try:
            mp = parse_volume(st, "rootfs", rootfs)
            from ..util import parse_size
            if mp.get("size"):
                maxdisk = parse_size(mp["size"]) or maxdisk
        except PveError:
            pass
    d["maxdisk"] = int(maxdisk)
    d["disk"] = 0
    d["mem"] = 0
    d["swap"] = 0
    d["maxmem"] = int(c.get("memory") or 512) * 1024 * 1024
    d["maxswap"] = int(c.get("swap") or 0) * 1024 * 1024
    d["uptime"] = 0
    d["cpu"] = 0
    d["netout"] = 0
    d["netin"] = 0
    d["diskread"] = 0
    d["diskwrite"] = 0
    if c.get("template") == "1":
        d["template"] = 1
    if c.get("lock"):
        d["lock"] = c.get("lock")
    if running:
        d["pid"] = int(rt.get("pid", 0))
        d["uptime"] = max(0, int(time.time() - float(rt.get("started", time.time()))))
        d["disk"] = min(_du(st.rootfs(vmid)), int(maxdisk))
        units = os.path.join(st.rootfs(vmid), "var/lib/pvesim/units")
        active = 0
        if os.path.isdir(units):
            for u in os.listdir(units):
                try:
                    with open(os.path.join(units, u)) as fh:
                        if '"active": "active"' in fh.read():
                            active += 1
                except OSError:
                    pass
        d["mem"] = min(int(d["maxmem"]), (12 + 4 * active) * 1024 * 1024)
        d["netin"] = 1024 * int(d["uptime"])
        d["netout"] = 512 * int(d["uptime"])
    return d


# --- update_pct_config (Config.pm) -----------------------------------------------------------

def verify_nameserver_list(value: str) -> str:
    res = []
    for ns in split_list(value):
        try:
            cliparse.f_ip_ll(ns)
        except ValueError:
            raise PveError(f"unable to verify nameserver '{ns}'\n")
        res.append(ns)
    return " ".join(res)


def verify_searchdomain_list(value: str) -> str:
    res = []
    for sd in split_list(value):
        try:
            cliparse.f_dns_name(sd)
        except ValueError:
            raise PveError(f"invalid searchdomain '{sd}'\n")
        res.append(sd)
    return " ".join(res)


def update_pct_config(st: State, vmid: int, conf: LxcConfig, running: bool, param: Dict[str, str],
                      delete: List[str], revert: List[str], warn: Callable[[str], None],
                      out: Optional[Out] = None, create_mode: bool = False) -> Dict[str, str]:
    cfg = st.storage_cfg()
    for opt in revert:
        conf.pending.delete(opt)
        conf.remove_from_pending_delete(opt)
    modified = set()
    for opt in delete:
        if not conf.main.has(opt) and not conf.pending.has(opt):
            warn(f"cannot delete '{opt}' - not set in current configuration!\n")
            continue
        modified.add(opt)
        if opt in ("memory", "rootfs", "ostype"):
            raise PveError(f"unable to delete required option '{opt}'\n")
        if re.fullmatch(r"unused\d+|mp\d+", opt):
            check_protection(conf, f"can't remove CT {vmid} drive '{opt}'")
        elif opt == "unprivileged":
            raise PveError(f"unable to delete read-only option: '{opt}'\n")
        conf.add_to_pending_delete(opt)
    for opt in sorted(param):
        modified.add(opt)
        value = str(param[opt])
        if re.fullmatch(r"mp\d+", opt) or opt == "rootfs":
            check_protection(conf, f"can't update CT {vmid} drive '{opt}'")
            mp = parse_volume(st, opt, value)
            if mp["type"] == "volume":
                sid = _volume_storage(mp["volume"], None)
                if sid is not None:
                    scfg_content = cfg.content(sid) if sid in cfg.ids else []
                    if sid not in cfg.ids:
                        raise PveError(f"storage '{sid}' does not exist\n")
                    if "rootdir" not in scfg_content:
                        raise PveError(f"storage '{sid}' does not allow content type 'rootdir' (Container)\n")
        elif opt == "nameserver":
            value = verify_nameserver_list(value)
        elif opt == "searchdomain":
            value = verify_searchdomain_list(value)
        elif opt == "unprivileged":
            raise PveError(f"unable to modify read-only option: '{opt}'\n")
        elif opt == "tags":
            value = get_unique_tags(value)
        elif re.fullmatch(r"net\d+", opt):
            cliparse.parse_property_string(fmt(st, "net0"), value, opt)
        conf.pending.set(opt, value)
        conf.remove_from_pending_delete(opt)
    conf.cleanup_pending()
    errors: Dict[str, str] = {}
    if running:
        vmconfig_hotplug_pending(st, vmid, conf, modified, errors, out)
    else:
        vmconfig_apply_pending(st, vmid, conf, modified, errors, warn, out)
    return errors


def _volume_storage(volume: str, default_storage: Optional[str]) -> Optional[str]:
    m = NEW_DISK_RE.fullmatch(volume)
    if m:
        return m.group(1) or default_storage
    if volume.startswith("/"):
        return None
    return parse_volume_id(volume)[0]


def _is_volume_in_use(st: State, conf: LxcConfig, volid: str) -> bool:
    for sec in [conf.main, conf.pending] + list(conf.snapshots.values()):
        for key in ["rootfs"] + [f"mp{i}" for i in range(256)]:
            v = sec.get(key)
            if v and v.split(",")[0] == volid:
                return True
    return False


def _add_unused_volume(conf: LxcConfig, volid: str) -> None:
    for i in range(256):
        if conf.main.get(f"unused{i}") == volid:
            return
    for i in range(256):
        if not conf.main.has(f"unused{i}"):
            conf.main.set(f"unused{i}", volid)
            return


def apply_pending_mountpoint(st: State, vmid: int, conf: LxcConfig, opt: str, running: bool,
                             out: Optional[Out]) -> None:
    mp = parse_volume(st, opt, conf.pending.get(opt) or "")
    old = conf.main.get(opt)
    if mp["type"] == "volume" and NEW_DISK_RE.fullmatch(mp["volume"]):
        m = NEW_DISK_RE.fullmatch(mp["volume"])
        sid = m.group(1)
        size = int(float(m.group(2)) * 1024 ** 3)
        storage_check_enabled(st, sid)
        volid, lines = Volumes(st).alloc(sid, vmid, size)
        if out:
            for line in lines:
                out.line(line)
        mp["volume"] = volid
        mp["size"] = str(size)
        conf.pending.set(opt, print_mountpoint(st, opt, mp))
        if running:
            get_backend().hotplug_mount(st, vmid, conf.main, opt, mp)
    else:
        if running and old is not None:
            raise _Skip()
        if running:
            if mp["type"] == "bind":
                problem = bind_source_problem(mp["volume"])
                if problem:
                    raise TaskFailed(problem + "\n")
                get_backend().hotplug_mount(st, vmid, conf.main, opt, mp)
        conf.pending.set(opt, print_mountpoint(st, opt, mp))
    if old is not None:
        try:
            omp = parse_volume(st, opt, old)
        except PveError:
            return
        if omp["type"] == "volume":
            conf.main.delete(opt)
            if not _is_volume_in_use(st, conf, omp["volume"]):
                _add_unused_volume(conf, omp["volume"])


class _Skip(Exception):
    pass


def vmconfig_hotplug_pending(st: State, vmid: int, conf: LxcConfig, selection: set,
                             errors: Dict[str, str], out: Optional[Out] = None) -> None:
    for opt in sorted(conf.pending.keys()):
        if selection and opt not in selection:
            continue
        if opt in FASTPLUG:
            conf.main.set(opt, conf.pending.get(opt))
            conf.pending.delete(opt)
    for opt in sorted(conf.pending_delete()):
        if selection and opt not in selection:
            continue
        if opt in FASTPLUG or re.fullmatch(r"unused\d+|net\d+", opt) or opt in ("swap", "cpulimit",
                                                                                 "cpuunits"):
            if re.fullmatch(r"unused\d+", opt):
                volid = conf.main.get(opt) or ""
                if volid and not _is_volume_in_use(st, conf, volid):
                    Volumes(st).free(volid)
            conf.main.delete(opt)
            conf.remove_from_pending_delete(opt)
        # everything else (mpN, ...) is not hot-pluggable and stays pending
    for opt in sorted(conf.pending.keys()):
        if opt == "delete" or (selection and opt not in selection):
            continue
        value = conf.pending.get(opt)
        try:
            if opt in ("cpulimit", "cpuunits", "memory", "swap"):
                pass
            elif re.fullmatch(r"net\d+", opt):
                net = parse_lxc_network(st, vmid, opt, value or "")
                value = print_lxc_network(st, net)
            elif re.fullmatch(r"mp\d+", opt):
                if conf.main.has(opt):
                    raise _Skip()
                apply_pending_mountpoint(st, vmid, conf, opt, True, out)
                value = conf.pending.get(opt)
            elif re.fullmatch(r"dev\d+", opt):
                if conf.main.has(opt):
                    raise _Skip()
            else:
                raise _Skip()
        except _Skip:
            continue
        except (TaskFailed, PveError) as exc:
            msg = exc.msg if isinstance(exc, TaskFailed) else exc.render()
            errors[opt] = f"unable to hotplug {opt}: {msg}"
            continue
        conf.main.set(opt, value)
        conf.pending.delete(opt)


def vmconfig_apply_pending(st: State, vmid: int, conf: LxcConfig, selection: Optional[set],
                           errors: Dict[str, str], warn: Callable[[str], None],
                           out: Optional[Out]) -> None:
    def add_err(opt: str, msg: str) -> None:
        m = f"unable to apply pending change {opt} : {msg}"
        errors[opt] = m
        warn(m)

    for opt in sorted(conf.pending_delete()):
        if selection and opt not in selection:
            continue
        try:
            if re.fullmatch(r"mp\d+", opt):
                mp = parse_volume(st, opt, conf.main.get(opt) or "")
                if mp["type"] == "volume":
                    conf.main.delete(opt)
                    if not _is_volume_in_use(st, conf, mp["volume"]):
                        _add_unused_volume(conf, mp["volume"])
            elif re.fullmatch(r"unused\d+", opt):
                volid = conf.main.get(opt) or ""
                conf.main.delete(opt)
                if volid and not _is_volume_in_use(st, conf, volid):
                    for line in Volumes(st).free(volid):
                        if out:
                            out.line(line)
        except (PveError, TaskFailed) as exc:
            add_err(opt, exc.msg)
            continue
        conf.main.delete(opt)
        conf.remove_from_pending_delete(opt)
    conf.cleanup_pending()
    for opt in sorted(conf.pending.keys()):
        if opt == "delete" or (selection and opt not in selection):
            continue
        try:
            if re.fullmatch(r"mp\d+", opt):
                apply_pending_mountpoint(st, vmid, conf, opt, False, out)
            elif re.fullmatch(r"net\d+", opt):
                net = parse_lxc_network(st, vmid, opt, conf.pending.get(opt) or "")
                conf.pending.set(opt, print_lxc_network(st, net))
        except (PveError, TaskFailed) as exc:
            add_err(opt, exc.msg)
            continue
        conf.main.set(opt, conf.pending.get(opt))
        conf.pending.delete(opt)


# --- create --------------------------------------------------------------------------------

def template_lookup(st: State, ostemplate: str) -> Tuple[str, Dict[str, object], str]:
    """(storage id, template record, archive path) for STORAGE:vztmpl/FILE."""
    sid, volname = parse_volume_id(ostemplate)
    cfg = st.storage_cfg()
    cfg.get(sid)
    m = re.fullmatch(r"vztmpl/([^/]+)", volname)
    if not m:
        raise PveError(f"unable to parse directory volume name '{volname}'\n")
    name = m.group(1)
    path = cfg.path(sid) or ""
    archive = os.path.join(path, "template", "cache", name)
    rec = st.template_records(sid).get(name, {})
    return sid, rec, archive


def create(st: State, params: Dict[str, object], out: Out, warn: Callable[[str], None]) -> int:
    vmid = int(params.pop("vmid"))
    params.pop("node", None)
    params.pop("ignore-unpack-errors", None)
    params.pop("bwlimit", None)
    start_after = params.pop("start", None)
    params.pop("ha-managed", None)
    unprivileged = params.pop("unprivileged", None)
    restore = params.pop("restore", None)
    params.pop("unique", None)
    force = params.pop("force", None)
    if restore:
        raise PveError("pvesim: restore is not simulated\n")
    if st.pve_version >= 9 and unprivileged is None:
        unprivileged = 1
    if st.pve_version >= 9 and not unprivileged and st.user != "root@pam":
        raise perm_exc("/, Sys.Modify")
    if not (force and st.exists(vmid) and restore):
        check_vmid_unused(st, vmid)
    password = params.pop("password", None)
    ssh_keys = params.pop("ssh-public-keys", None)
    if ssh_keys is not None:
        for line in str(ssh_keys).splitlines():
            if line.strip() and not line.lstrip().startswith("#") and \
                    not re.match(r"\s*(\S+\s+)?(ssh-|ecdsa-|sk-)\S+\s+\S+", line):
                raise PveError("SSH public key validation error\n")
    pool = params.pop("pool", None)
    if pool is not None:
        raise PveError(f"pool '{pool}' does not exist\n")
    ostemplate = str(params.pop("ostemplate"))
    storage = str(params.pop("storage", "local"))
    check_ct_modify_config_perm(st, vmid, {k: str(v) for k, v in params.items()}, [])
    if ostemplate == "-":
        raise PveError("pipe can only be used with restore tasks\n")
    tsid, trec, archive = template_lookup(st, ostemplate)
    cfg = st.storage_cfg()

    def check_and_activate(sid: str) -> None:
        storage_check_enabled(st, sid)
        if "rootdir" not in cfg.content(sid):
            raise param_exc({"storage": f"storage '{sid}' does not support container directories"})

    mp_param: Dict[str, str] = {}
    no_disk: Dict[str, str] = {}
    storage_only = True
    for opt in list(params):
        value = str(params[opt])
        if opt == "rootfs" or re.fullmatch(r"mp\d+", opt):
            if re.fullmatch(r"\d+(\.\d+)?", value):
                mp_param[opt] = f"{storage}:{value}"
            else:
                mp_param[opt] = value
            storage_only = False
        elif re.fullmatch(r"unused\d+", opt):
            warn(f"ignoring '{opt}', cannot create/restore with unused volume\n")
        else:
            no_disk[opt] = value
    if not storage_only and "rootfs" not in mp_param:
        raise PveError("mount points configured, but 'rootfs' not set - aborting\n")
    for ms in ["rootfs"] + [f"mp{i}" for i in range(256)]:
        if ms not in mp_param:
            continue
        mp = parse_volume(st, ms, mp_param[ms])
        if mp["type"] != "volume":
            if st.user != "root@pam":
                raise PveError("Only root can pass arbitrary filesystem paths.\n")
        else:
            sid = _volume_storage(mp["volume"], storage)
            check_and_activate(sid)
    if "rootfs" not in mp_param:
        check_and_activate(storage)
    conf = LxcConfig()
    errs = update_pct_config(st, vmid, conf, False, no_disk, [], [], warn, None, create_mode=True)
    if errs:
        raise param_exc(errs)
    if unprivileged:
        conf.main.set("unprivileged", "1")
    # create_and_lock_config
    if st.exists(vmid):
        raise PveError(f"unable to create CT {vmid} - CT {vmid} already exists on node '{st.node}'\n")
    lockconf = LxcConfig()
    lockconf.main.set("lock", "create")
    st.write(vmid, lockconf)

    vollist: List[str] = []
    vols = Volumes(st)
    backend = get_backend()
    try:
        if storage_only:
            mp_param["rootfs"] = f"{storage}:4"
        # create_disks
        for ms in ["rootfs"] + [f"mp{i}" for i in range(256)]:
            if ms not in mp_param:
                continue
            mp = parse_volume(st, ms, mp_param[ms])
            m = NEW_DISK_RE.fullmatch(mp["volume"]) if mp["type"] == "volume" else None
            if m:
                sid = m.group(1) or storage
                size = int(float(m.group(2)) * 1024 ** 3)
                volid, lines = vols.alloc(sid, vmid, size)
                vollist.append(volid)
                for line in lines:
                    out.line(line)
                mp["volume"] = volid
                mp["size"] = str(size)
            conf.main.set(ms, print_mountpoint(st, ms, mp))
        # mount_all() before extracting: bind mount sources must be real directories
        for ms in [f"mp{i}" for i in range(256)]:
            value = conf.main.get(ms)
            if value and value.startswith("/"):
                problem = bind_source_problem(parse_volume(st, ms, value)["volume"])
                if problem:
                    out.line("mounting container failed")
                    raise TaskFailed(problem + "\n")
        if not os.path.isfile(archive):
            raise TaskFailed(f"can't find file '{ostemplate}'\n")
        if st.at_least(9, 1) and oci.is_oci_archive(archive):
            _create_from_oci(st, vmid, conf, archive, out, warn, backend)
            _create_defaults(conf)
            st.write(vmid, conf)
            raise _Created()
        out.line(f"extracting archive '{archive}'")
        size = int(trec.get("size") or os.path.getsize(archive))
        unpacked = size * 4 + 1024 * 1024 * 7
        out.line(f"Total bytes read: {unpacked} ({unpacked // (1 << 20)}MiB, 187MiB/s)")
        if not conf.main.get("arch"):
            conf.main.set("arch", "amd64")
            out.line("Detected container architecture: amd64")
        ostype, _ver = template_ostype(os.path.basename(archive))
        if not conf.main.get("ostype"):
            conf.main.set("ostype", ostype)
        backend.create(st, vmid, conf.main, {"template": os.path.basename(archive),
                                             "version": trec.get("version", "")},
                       str(password) if password else None, str(ssh_keys) if ssh_keys else None)
        st.write(vmid, conf)
        hostname = conf.main.get("hostname") or f"CT{vmid}"
        if ostype in ("debian", "ubuntu"):
            for kt in ("rsa", "ecdsa", "ed25519"):
                out.line(f"Creating SSH host key 'ssh_host_{kt}_key' - this may take some time ...")
                fp = base64.b64encode(hashlib.sha256(f"{vmid}{kt}{st.root}".encode()).digest()) \
                    .decode().rstrip("=")
                out.line(f"done: SHA256:{fp} root@{hostname}")
        if not conf.main.get("hostname"):
            conf.main.set("hostname", f"CT{vmid}")
        if not conf.main.get("memory"):
            conf.main.set("memory", "512")
        if conf.main.get("swap") is None:
            conf.main.set("swap", "512")
        st.write(vmid, conf)
    except _Created:
        pass
    except (TaskFailed, PveError) as exc:
        for volid in vollist:
            for line in vols.free(volid):
                out.line(line)
        backend.destroy(st, vmid)
        st.destroy_config(vmid)
        msg = exc.msg if isinstance(exc, TaskFailed) else exc.render()
        raise TaskFailed(f"unable to create CT {vmid} - {msg}")
    if start_after:
        start(st, vmid, out, warn, in_task=True)
    return vmid


class _Created(Exception):
    """The OCI branch of create finished (leaves the try block without the cleanup)."""


def _create_defaults(conf: LxcConfig) -> None:
    c = conf.main
    if not c.get("memory"):
        c.set("memory", "512")
    if c.get("swap") is None:
        c.set("swap", "512")


OS_RELEASE_IDS = {"debian", "devuan", "ubuntu", "centos", "fedora", "opensuse", "archlinux", "alpine",
                  "gentoo", "nixos", "openeuler"}
FALLBACK_FILES = [("etc/debian_version", "debian"), ("etc/devuan_version", "devuan"),
                  ("etc/SuSE-brand", "opensuse"), ("etc/SuSE-release", "opensuse"),
                  ("etc/fedora-release", "fedora"), ("etc/centos-release", "centos"),
                  ("etc/redhat-release", "centos"), ("etc/arch-release", "archlinux"),
                  ("etc/alpine-release", "alpine"), ("etc/gentoo-release", "gentoo"),
                  ("nix/store", "nixos"), ("etc/openEuler-release", "openeuler")]


def detect_ostype(root: str, warn: Callable[[str], None]) -> str:
    """pve-container PVE/LXC/Setup.pm $autodetect_type (os-release ID, then marker files)."""
    ident = None
    try:
        with open(os.path.join(root, "etc/os-release")) as fh:
            for line in fh:
                if line.startswith("ID="):
                    ident = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    if ident:
        if ident in OS_RELEASE_IDS:
            return ident
        warn(f"unknown ID '{ident}' in /etc/os-release file, trying fallback detection\n")
    for rel, ostype in FALLBACK_FILES:
        if os.path.exists(os.path.join(root, rel)):
            return ostype
    if os.path.isfile(os.path.join(root, "etc/os-release")):
        raise TaskFailed("unable to detect OS distribution\n")
    warn("/etc/os-release file not found and autodetection failed, falling back to 'unmanaged'\n")
    return "unmanaged"


def _create_from_oci(st: State, vmid: int, conf: LxcConfig, archive: str, out: Out,
                     warn: Callable[[str], None], backend) -> None:
    """API2/LXC.pm create_vm with an OCI archive: Create.pm restore_oci_archive, then
    PVE::LXC::Setup->new (OS detection) and the plugin's post_create_hook."""
    c = conf.main
    out.line("Detected OCI archive")
    config, layers = oci.read_image(archive)
    try:
        entrypoint, env, lxc_entries, volumes = oci.oci_conf_changes(config)
    except ValueError as exc:
        raise TaskFailed(str(exc))
    backend.create_oci(st, vmid, c, layers, volumes, out.line)
    if entrypoint is not None:
        c.set("entrypoint", entrypoint)
        c.set("cmode", "console")
        for opt in sorted(c.keys()):
            if not re.fullmatch(r"net\d+", opt):
                continue
            net = parse_lxc_network(st, vmid, opt, c.get(opt) or "")
            if net.get("host-managed") is None:
                out.line(f"Auto-Enabling host-managed network for network device {opt}.")
                net["host-managed"] = "1"
                c.set(opt, print_lxc_network(st, net))
    # write_pct_config: 'env' as lxc.environment.runtime lines, before the other lxc.* keys
    c.lxc = [e for e in c.lxc if e[0] != "lxc.environment.runtime"]
    c.lxc = [("lxc.environment.runtime", e) for e in env] + c.lxc + lxc_entries
    root = st.rootfs(vmid)
    if c.get("ostype") == "unmanaged":
        ostype = "unmanaged"
    else:
        ostype = detect_ostype(root, warn)
        expected = c.get("ostype") or ostype
        if ostype != expected:
            warn(f"got unexpected ostype ({ostype} != {expected})\n")
    c.set("ostype", ostype)
    if not c.get("arch"):
        c.set("arch", "amd64")
        if ostype == "unmanaged":  # Setup/Unmanaged.pm detect_architecture returns nothing
            out.line("Falling back to amd64.")
            out.line("Use `pct set VMID --arch ARCH` to change.")
        else:
            out.line("Detected container architecture: amd64")
    if ostype != "unmanaged" and hasattr(backend, "oci_post_create"):
        backend.oci_post_create(st, vmid, c)
    if not c.get("hostname"):
        c.set("hostname", f"CT{vmid}")


# --- snapshots (pve-guest-common PVE/AbstractConfig.pm, pve-container PVE/API2/LXC/Snapshot.pm,
#     PVE/LXC/Config.pm __snapshot_*; the storage side: pvesim.model.volsnap) ---------------------

# __snapshot_copy_config skips these (and unusedN)
SNAPSHOT_COPY_SKIP = {"snapstate", "snaptime", "vmstate", "lock", "digest", "description"}


def snapshot_applied(current: Section, snap: Section, snapname: str) -> Section:
    """AbstractConfig __snapshot_apply_config: the config SNAP makes (its keys, the current
    description and unusedN), its parent SNAPNAME."""
    main = Section()
    main.description = current.description
    for k, v in current.values.items():
        if re.fullmatch(r"unused\d+", k):
            main.values[k] = v
    for k, v in snap.values.items():
        if k in SNAPSHOT_COPY_SKIP or re.fullmatch(r"unused\d+", k):
            continue
        main.values[k] = v
    main.set("parent", snapname)
    return main


def _volume_keys(c: Section) -> List[str]:
    return [k for k in ["rootfs"] + [f"mp{i}" for i in range(256)] if c.get(k)]


def _mountpoints(st: State, c: Section) -> List[Tuple[str, Dict[str, str]]]:
    """foreach_volume: rootfs, mp0..mp255 (parsed)."""
    return [(key, parse_volume(st, key, c.get(key) or "")) for key in _volume_keys(c)]


def _volume_volids(st: State, c: Section) -> List[str]:
    """get_vm_volumes: the storage volumes (not bind/device mounts) of a section."""
    return [mp["volume"] for _k, mp in _mountpoints(st, c) if mp["type"] == "volume"]


def _drop_used_unused(st: State, c: Section) -> None:
    """write_pct_config: 'unusedX' entries whose volume the config uses again are removed."""
    used = set(_volume_volids(st, c))
    for key in [k for k in c.keys() if re.fullmatch(r"unused\d+", k)]:
        if c.get(key) in used:
            c.delete(key)


def snapshot_check(st: State, snapname: str) -> None:
    """The API's checks before the task."""
    if snapname in ("current", "vzdump"):
        raise PveError(f"unable to use snapshot name '{snapname}' (reserved name)\n")


def snapshot_create(st: State, vmid: int, snapname: str, description: Optional[str], out: Out) -> None:
    """snapshot_create: __snapshot_prepare (checks, the [snapname] section), the volume
    snapshots (and the backend's copy of the root filesystem), __snapshot_commit."""
    conf = st.load(vmid)
    c = conf.main
    if c.get("template") == "1":
        raise TaskFailed("you can't take a snapshot if it's a template\n")
    check_lock(conf)
    if snapname in conf.snapshots:
        raise TaskFailed(f"snapshot name '{snapname}' already used\n")
    # has_feature('snapshot'): every rootfs/mpN volume, bind and device mounts included
    for _key, mp in _mountpoints(st, c):
        if not volsnap.has_feature(st, mp["volume"]):
            raise TaskFailed("snapshot feature is not available\n")
    for name in sorted(conf.snapshots):
        if conf.snapshots[name].get("parent") == snapname:
            sys.stderr.write(f"deleting parent '{snapname}' reference from '{name}' to avoid bogus "
                             f"snapshot cycle.\n")
            conf.snapshots[name].delete("parent")
    snap = Section()
    for k, v in c.values.items():
        if k in SNAPSHOT_COPY_SKIP or re.fullmatch(r"unused\d+", k):
            continue
        snap.values[k] = v
    snap.lxc = list(c.lxc)
    snap.set("snaptime", str(int(time.time())))
    if description:
        snap.set("description", description)
    done: List[str] = []
    backend = get_backend()
    try:
        for _key, mp in _mountpoints(st, snap):
            for line in volsnap.snapshot(st, mp["volume"], snapname):
                out.line(line)
            done.append(mp["volume"])
        backend.snapshot_create(st, vmid, c, snapname)
    except (TaskFailed, PveError) as exc:
        sys.stderr.write("snapshot create failed: starting cleanup\n")
        for volid in done:
            for line in volsnap.delete(st, volid, snapname):
                out.line(line)
        backend.snapshot_delete(st, vmid, snapname)
        raise exc
    conf.snapshots[snapname] = snap
    c.set("parent", snapname)
    st.write(vmid, conf)


def snapshot_delete(st: State, vmid: int, snapname: str, force: bool, out: Out,
                    warn: Optional[Callable[[str], None]] = None) -> None:
    """snapshot_delete: set_lock('snapshot-delete') (so a locked CT refuses, --force or not),
    the volume snapshots (--force: their errors are warnings), the config cleanup; volumes only
    the deleted snapshot used become unusedN (__snapshot_delete_vol_snapshot + write_pct_config)."""
    conf = st.load(vmid)
    snap = conf.snapshots.get(snapname)
    if snap is None:
        raise TaskFailed(f"snapshot '{snapname}' does not exist\n")
    check_lock(conf)
    if conf.main.get("template") == "1":
        raise TaskFailed("you can't delete a snapshot if vm is a template\n")
    unused: List[str] = []
    for _key, mp in _mountpoints(st, snap):
        try:
            lines = volsnap.delete(st, mp["volume"], snapname)
        except TaskFailed as exc:
            if not force:  # PVE leaves the lock and the snapstate behind
                conf.main.set("lock", "snapshot-delete")
                snap.set("snapstate", "delete")
                st.write(vmid, conf)
                raise
            (warn or sys.stderr.write)(exc.msg)
            lines = []
        for line in lines:
            out.line(line)
        unused.append(mp["volume"])
    get_backend().snapshot_delete(st, vmid, snapname)
    new_parent = snap.get("parent")
    for sec in [conf.main] + [v for k, v in conf.snapshots.items() if k != snapname]:
        if sec.get("parent") == snapname:
            sec.set("parent", new_parent)
    del conf.snapshots[snapname]
    conf.main.delete("lock")
    for volid in unused:
        _add_unused_volume(conf, volid)
    _drop_used_unused(st, conf.main)
    st.write(vmid, conf)


def snapshot_rollback(st: State, vmid: int, snapname: str, start_after: bool, out: Out,
                      warn: Callable[[str], None]) -> None:
    """snapshot_rollback (AbstractConfig) with pve-container's hooks, then vm_start if --start:
    prepare (template, snapshot exists, volume_rollback_is_possible per volume, snapstate, lock,
    stop a running CT (vm_stop --kill), lock 'rollback'), roll the volumes back (and the
    backend's root filesystem copy), then the config: the snapshot's section without
    snaptime/snapstate/vmstate/description, the current description and unusedN kept,
    volumes only the current config had added as unusedN, 'parent' the snapshot, pending
    changes gone."""
    conf = st.load(vmid)
    if conf.main.get("template") == "1":
        raise TaskFailed("you can't rollback if vm is a template\n")
    snap = conf.snapshots.get(snapname)
    if snap is None:
        raise TaskFailed(f"snapshot '{snapname}' does not exist\n")
    mps = _mountpoints(st, snap)
    for _key, mp in mps:
        volsnap.rollback_possible(st, mp["volume"], snapname)
    backend = get_backend()
    backend.snapshot_check(st, vmid, snapname)
    if snap.get("snapstate"):
        raise TaskFailed(f"unable to rollback to incomplete snapshot (snapstate = {snap.get('snapstate')})\n")
    check_lock(conf)
    if st.running(vmid):
        stop(st, vmid, out, in_task=True)
    conf.main.set("lock", "rollback")
    st.write(vmid, conf)
    for _key, mp in mps:
        for line in volsnap.rollback(st, mp["volume"], snapname):
            out.line(line)
    backend.snapshot_rollback(st, vmid, snap, snapname)
    # the second pass of $updatefn
    conf = st.load(vmid)
    if conf.main.get("lock") != "rollback":
        raise TaskFailed("got wrong lock\n")
    conf.main.delete("lock")
    snap = conf.snapshots[snapname]
    in_snap = set(_volume_volids(st, snap))
    for volid in _volume_volids(st, conf.main):
        if volid not in in_snap:
            _add_unused_volume(conf, volid)
    main = snapshot_applied(conf.main, snap, snapname)
    main.lxc = list(snap.lxc)
    _drop_used_unused(st, main)
    conf.main = main
    conf.pending = Section()
    st.write(vmid, conf)
    if start_after:
        start(st, vmid, out, warn, in_task=True)


def snapshot_list(st: State, vmid: int) -> List[Dict[str, object]]:
    conf = st.load(vmid)
    res: List[Dict[str, object]] = []
    for name, snap in conf.snapshots.items():
        item: Dict[str, object] = {"name": name, "snaptime": int(snap.get("snaptime") or 0),
                                   "description": snap.get("description") or ""}
        if snap.get("parent") is not None:
            item["parent"] = snap.get("parent")
        if snap.get("snapstate"):
            item["snapstate"] = snap.get("snapstate")
        res.append(item)
    current: Dict[str, object] = {"name": "current", "digest": conf.digest,
                                  "running": 1 if st.running(vmid) else 0, "description": "You are here!"}
    if conf.main.get("parent") is not None:
        current["parent"] = conf.main.get("parent")
    res.append(current)
    return res


def print_snapshot_tree(items: List[Dict[str, object]]) -> str:
    """pve-guest-common PVE::GuestHelpers::print_snapshot_tree."""
    snaps = {str(e["name"]): dict(e) for e in items}
    roots = []
    for e in items:
        parent = e.get("parent")
        if parent and parent in snaps:
            snaps[str(parent)].setdefault("children", []).append(e["name"])
        else:
            roots.append(e["name"])

    def key(name):
        t = snaps[name].get("snaptime")
        return (1, 0) if t is None else (0, int(t))  # type: ignore[arg-type]
    out = []

    def walk(prefix: str, root: str) -> None:
        e = snaps[root]
        desc = str(e.get("description") or "no-description").split("\n")[0]
        ts = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(int(e["snaptime"]))) \
            if e.get("snaptime") is not None else ""  # type: ignore[arg-type]
        width = max(30 - len(prefix), 0)
        out.append(f"{prefix} {root:<{width}} {ts:<23} {desc}\n")
        for child in sorted(e.get("children", []), key=key):  # type: ignore[arg-type]
            walk(" " + prefix, child)
    for root in sorted(roots, key=key):
        walk("`->", root)
    return "".join(out)


# --- start / stop ----------------------------------------------------------------------------

def _subid_ranges(st: State, kind: str) -> Optional[List[Tuple[int, int]]]:
    path = st.subid_file(kind)
    if not os.path.exists(path):
        return None
    res = []
    with open(path) as fh:
        for line in fh:
            parts = line.strip().split(":")
            if len(parts) == 3 and parts[0] in ("root", "0") and parts[1].isdigit() and parts[2].isdigit():
                res.append((int(parts[1]), int(parts[2])))
    return res


def bind_source_problem(src: str) -> Optional[str]:
    """What mountpoint_mount()/bindmount() die with for a bind source, or None."""
    if not os.path.isdir(src):
        return f"directory '{src}' does not exist"
    walked = "/"
    for comp in [x for x in src.split("/") if x]:
        walked = walked + "/" + comp
        if os.path.islink(walked[1:]):
            return f"symlink encountered at: {walked}"
    return None


def lxc_start_checks(st: State, vmid: int, c: Section, out: Out) -> None:
    """What lxc-start / the PVE prestart hook refuse. Raises TaskFailed."""
    fail_tail = ["__lxc_start: 2107 Failed to spawn container \"%d\"" % vmid]

    def fail(lines: List[str]) -> None:
        for line in lines:
            out.line(line)
        raise TaskFailed(f"startup for container '{vmid}' failed\n")

    try:
        id_map, _ru, _rg = parse_id_maps(c)
    except ValueError as exc:
        value = str(exc).split(": ", 1)[1].rstrip("\n")
        out.line(f"lxc.idmap: {str(exc).rstrip()}")
        fail(["set_config_idmaps: 2136 Invalid argument - Failed to parse id mappings",
              f"parse_line: 3260 Failed to parse config file \"/var/lib/lxc/{vmid}/config\" "
              f"at line \"lxc.idmap = {value}\"",
              f"lxc-start: {vmid}: ../src/lxc/tools/lxc_start.c: main: 256 Failed to load config "
              f"for {vmid}"])
    try:
        validate_id_maps(id_map)
        overlap = None
    except ValueError as exc:
        overlap = str(exc).rstrip("\n")
        out.line(f"lxc.idmap: {overlap}")
    custom = any(k in ("lxc.idmap", "lxc.id_map") for k, _ in c.lxc)
    userns = c.get("unprivileged") == "1" or custom
    pid = 4000 + vmid % 1000
    if userns:
        for typ, word in (("u", "uid"), ("g", "gid")):
            if not any(t == typ and ct == 0 for t, ct, _h, _n in id_map):
                fail([f"chown_mapped_root: 3427 No {word} mapping for container root",
                      "lxc_spawn: 1788 Failed to set up id mapping."] + fail_tail)
        for typ, word in (("u", "uid"), ("g", "gid")):
            maps = [m for m in id_map if m[0] == typ]
            argv = " ".join(f"{ct} {h} {n}" for _t, ct, h, n in maps)
            if overlap:
                fail([f"lxc_map_ids: 3701 new{word}map failed to write mapping \"new{word}map: write "
                      f"to {word}_map failed: Invalid argument\": new{word}map {pid} {argv}",
                      "lxc_spawn: 1788 Failed to set up id mapping."] + fail_tail)
            allowed = _subid_ranges(st, typ)
            if allowed is None:
                continue
            for _t, ct, h, n in maps:
                if not any(a <= h and h + n <= a + cnt for a, cnt in allowed):
                    fail([f"lxc_map_ids: 3701 new{word}map failed to write mapping \"new{word}map: "
                          f"{word} range [{ct}-{ct + n}) -> [{h}-{h + n}) not allowed\": "
                          f"new{word}map {pid} {argv}",
                          "lxc_spawn: 1788 Failed to set up id mapping."] + fail_tail)
    hook_fail = ["run_buffer: 322 Script exited with status 2",
                 f"lxc_init: 844 Failed to run lxc.hook.pre-start for container \"{vmid}\"",
                 f"__lxc_start: 2027 Failed to initialize container \"{vmid}\""]
    for i in range(256):
        value = c.get(f"mp{i}")
        if not value:
            continue
        try:
            mp = parse_volume(st, f"mp{i}", value)
        except PveError as exc:
            fail([exc.render().rstrip("\n")] + hook_fail)
        if mp["type"] == "bind":
            problem = bind_source_problem(mp["volume"])
            if problem:
                fail([problem] + hook_fail)
        elif mp["type"] == "volume" and not Volumes(st).exists(mp["volume"]):
            fail([f"no such logical volume {mp['volume']}"] + hook_fail)
    bridges = st.settings().get("bridges", ["vmbr0"])
    for i in range(32):
        value = c.get(f"net{i}")
        if not value:
            continue
        d = dict(p.split("=", 1) for p in value.split(",") if "=" in p)
        br = d.get("bridge")
        if br and br not in bridges:
            fail([f"bridge '{br}' does not exist",
                  "lxc_create_network_priv: 3427 No such device - Failed to create network device",
                  "lxc_spawn: 1840 Failed to create the network"] + fail_tail)


def start(st: State, vmid: int, out: Out, warn: Callable[[str], None], in_task: bool = False,
          skiplock: bool = False) -> None:
    conf = st.load(vmid)
    if not in_task:
        if st.running(vmid):
            raise PveError(f"CT {vmid} already running\n")
    if not skiplock:
        check_lock(conf)
    if conf.get("template") == "1":
        raise TaskFailed("a template cannot be started\n")
    if not conf.pending.is_empty():
        errors: Dict[str, str] = {}
        vmconfig_apply_pending(st, vmid, conf, None, errors, lambda m: out.write(m), out)
        st.write(vmid, conf)
        conf = st.load(vmid)
    lxc_start_checks(st, vmid, conf.main, out)
    get_backend().start(st, vmid, conf.main)
    rt = st.runtime(vmid)
    rt.update({"status": "running", "pid": 100000 + (vmid * 7) % 800000 + st.next_serial(),
               "started": time.time()})
    st.set_runtime(vmid, rt)


def stop(st: State, vmid: int, out: Out, in_task: bool = False) -> None:
    conf = st.load(vmid)
    if not st.running(vmid):
        if in_task:
            return
        raise PveError(f"CT {vmid} not running\n")
    get_backend().stop(st, vmid, conf.main)
    st.set_runtime(vmid, {"status": "stopped"})


def destroy(st: State, vmid: int, params: Dict[str, object], out: Out, warn: Callable[[str], None]) -> None:
    conf = st.load(vmid)
    check_protection(conf, f"can't remove CT {vmid}")
    check_lock(conf)
    if not params.get("force") and st.running(vmid):
        raise PveError(f"unable to destroy CT {vmid} - container is running\n")
    # --- task ---
    if st.running(vmid):
        out.line(f"forced to stop CT {vmid} before destroying!")
        stop(st, vmid, out, in_task=True)
    vols = Volumes(st)
    volids = []
    for sec in [conf.main, conf.pending] + list(conf.snapshots.values()):
        for key in ["rootfs"] + [f"mp{i}" for i in range(256)] + [f"unused{i}" for i in range(256)]:
            v = sec.get(key)
            if not v:
                continue
            vol = v.split(",")[0]
            if vol.startswith("/") or NEW_DISK_RE.fullmatch(vol):
                continue
            if vol not in volids:
                volids.append(vol)
    for vol in volids:
        for line in vols.free(vol):
            out.line(line)
    if params.get("destroy-unreferenced-disks", 1):
        for rec in vols.list():
            if int(rec.get("vmid", 0)) == vmid:
                for line in vols.free(rec["volid"]):
                    out.line(line)
    backend = get_backend()
    backend.destroy(st, vmid)
    backend.snapshot_purge(st, vmid)  # the snapshots went with the volumes
    if params.get("purge"):
        out.line(f"purging CT {vmid} from related configurations..")
    st.destroy_config(vmid)
    st.set_runtime(vmid, None)


# --- config views ---------------------------------------------------------------------------

def config_view(st: State, vmid: int, current: bool = False, snapshot: Optional[str] = None) -> Dict[str, object]:
    if snapshot and current:
        raise PveError("Parameter verification failed.\n", code=400,
                       errors={"snapshot": "cannot use 'snapshot' parameter with 'current'",
                               "current": "cannot use 'snapshot' parameter with 'current'"})
    conf = st.load(vmid)
    if snapshot:
        sec = conf.snapshots.get(snapshot)
        if sec is None:
            raise PveError(f"snapshot '{snapshot}' does not exist\n")
    else:
        sec = conf.current(bool(current))
    d = sec.as_dict()
    # parse_pct_config: lxc.environment.runtime lines become the NUL-separated 'env' key
    lxc_list = d.get("lxc") or []
    env = [v for k, v in lxc_list if k == "lxc.environment.runtime"]  # type: ignore[misc]
    if env:
        d["env"] = "\0".join(env)
        rest = [[k, v] for k, v in lxc_list if k != "lxc.environment.runtime"]  # type: ignore[misc]
        if rest:
            d["lxc"] = rest
        else:
            del d["lxc"]
    d["digest"] = conf.digest
    return d


def pending_view(st: State, vmid: int) -> List[Dict[str, object]]:
    conf = st.load(vmid)
    pdel = conf.pending_delete()
    keys = set(conf.main.keys()) | set(k for k in conf.pending.keys() if k != "delete") | set(pdel)
    res = []
    for k in sorted(keys):
        item: Dict[str, object] = {"key": k}
        if conf.main.has(k):
            item["value"] = conf.main.get(k)
        if conf.pending.has(k) and k != "delete":
            item["pending"] = conf.pending.get(k)
        if k in pdel:
            item["delete"] = 2 if pdel[k] else 1
        res.append(item)
    if conf.main.lxc:
        res.append({"key": "lxc", "value": [[a, b] for a, b in conf.main.lxc]})
    return res


def interfaces_view(st: State, vmid: int) -> Optional[List[Dict[str, str]]]:
    conf = st.load(vmid)
    if not st.running(vmid):
        return None
    return guest_interfaces(vmid, conf.main)


def format_config_lines(d: Dict[str, object]) -> str:
    out = ""
    for k in sorted(d):
        if k in ("digest", "lxc"):
            continue
        v = d[k]
        if k == "description":
            v = encode_text(str(v))
        out += f"{k}: {v}\n"
    for k, v in d.get("lxc", []) or []:  # type: ignore[union-attr]
        out += f"{k}: {v}\n"
    return out


def upid(st: State, dtype: str, ident: str) -> str:
    now = int(time.time())
    pid = os.getpid()
    return f"UPID:{st.node}:{pid:08X}:{(pid * 97) & 0xFFFFFFFF:08X}:{now:08X}:{dtype}:{ident}:{st.user}:"


def map_owner(conf: Section, uid: int, gid: int) -> Tuple[int, int]:
    id_map, _ru, _rg = parse_id_maps(conf)
    return map_ct_id_to_host(uid, id_map, "u"), map_ct_id_to_host(gid, id_map, "g")
