"""Simulator state: a directory standing for one PVE node (and its /etc/pve).

Layout (all under $PVESIM_STATE):
  sim.json                          node name, PVE version, counters
  etc/pve/storage.cfg               real SectionConfig format
  etc/pve/datacenter.cfg            optional (mac_prefix, next-id)
  etc/pve/nodes/<node>/lxc/<vmid>.conf
  etc/pve/nodes/<node>/qemu-server/ (VM configs count for VMID allocation)
  etc/pve/lxc -> nodes/<node>/lxc   (symlink, as on a real node)
  etc/pve/qemu-server -> nodes/<node>/qemu-server, etc/pve/local -> nodes/<node>
  etc/subuid, etc/subgid            root:100000:65536 (checked on CT start)
  aplinfo.json                      the 'pveam available' index
  templates/<storage>/<file>.json   downloaded templates (file itself lives in
                                    <storage path>/template/cache/)
  volumes/<storage>/<volname>.json  allocated disks
  rootfs/<vmid>/                    the container's root filesystem
  etc/pve/nodes/<node>/qemu-server/<vmid>.conf   VM configs (qm)
  etc/pve/mapping/directory.cfg     directory mappings (virtiofs, PVE 8.4+)
  vmroot/<vmid>/                    the VM's root filesystem (guest agent exec target)
  qga/<vmid>/<pid>.json             guest-exec results (qm guest exec / exec-status)
  runtime/<vmid>.json               running/stopped, pid, start time
  counters.json, faults             fault injection (see faults.py)
  calls.log, exec.log               one JSON object per line
  .lock                             flock()ed by every tool invocation
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

from simcommon import files

from . import lxcconfig
from .storage import StorageCfg
from ..util import PveError

DEFAULT_TEMPLATES = [
    # section, template, size in bytes, os, version
    ("system", "alpine-3.21-default_20241217_amd64.tar.xz", 3_164_944, "alpine", "3.21-default"),
    ("system", "alpine-3.22-default_20250617_amd64.tar.xz", 3_241_532, "alpine", "3.22-default"),
    ("system", "debian-12-standard_12.12-1_amd64.tar.zst", 126_412_811, "debian-12", "12.12-1"),
    ("system", "debian-13-standard_13.6-1_amd64.tar.zst", 131_772_416, "debian-13", "13.6-1"),
    ("system", "rockylinux-9-default_20240912_amd64.tar.xz", 95_419_124, "rockylinux-9", "9-default"),
    ("system", "ubuntu-22.04-standard_22.04-1_amd64.tar.zst", 129_824_858, "ubuntu-22.04", "22.04-1"),
    ("system", "ubuntu-24.04-standard_24.04-2_amd64.tar.zst", 141_589_318, "ubuntu-24.04", "24.04-2"),
    ("mail", "proxmox-mail-gateway-8.2-standard_8.2-1_amd64.tar.zst", 553_649_152,
     "debian-12", "8.2-1"),
    ("turnkeylinux", "debian-12-turnkey-fileserver_18.0-1_amd64.tar.gz", 288_321_792,
     "debian-12", "18.0-1"),
    ("turnkeylinux", "debian-12-turnkey-nextcloud_18.1-1_amd64.tar.gz", 561_004_160,
     "debian-12", "18.1-1"),
]

PVEVERSION = {8: "pve-manager/8.4.1/2a5fa54a8503f96d", 9: "pve-manager/9.1.2/9d436f37a0ac4172"}
DEFAULT_MINOR = {8: 4, 9: 1}


class StateError(Exception):
    pass


def sim_root() -> str:
    """tests/sim (the directory holding pvesim/, bin/, guest-bin/)."""
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def bin_dir() -> str:
    return os.path.join(sim_root(), "bin")


def guest_bin_dir() -> str:
    return os.path.join(sim_root(), "guest-bin")


class State:
    def __init__(self, root: str) -> None:
        self.root = os.path.abspath(root)
        if not os.path.isfile(os.path.join(self.root, "sim.json")):
            raise StateError(f"pvesim: '{self.root}' is not a simulator state directory "
                             f"(run: python3 -m pvesim init {self.root})")
        self._settings: Optional[dict] = None
        self._storage: Optional[StorageCfg] = None

    @classmethod
    def from_env(cls) -> "State":
        root = os.environ.get("PVESIM_STATE")
        if not root:
            raise StateError("pvesim: PVESIM_STATE is not set; it must name the simulator state "
                             "directory (create one with: python3 -m pvesim init DIR)")
        return cls(root)

    # --- settings ---------------------------------------------------------------
    def settings(self) -> dict:
        if self._settings is None:
            with open(os.path.join(self.root, "sim.json")) as fh:
                self._settings = json.load(fh)
        return self._settings

    def save_settings(self) -> None:
        files.write_json(os.path.join(self.root, "sim.json"), self.settings())

    @property
    def node(self) -> str:
        return str(self.settings().get("node", "pve"))

    @property
    def pve_version(self) -> int:
        env = os.environ.get("PVESIM_PVE_VERSION")
        if env:
            return 9 if env.strip().startswith("9") else 8
        return int(self.settings().get("pve_version", 9))

    @property
    def pve_minor(self) -> int:
        """Minor release: env PVESIM_PVE_MINOR, else sim.json 'pve_minor', else 8 -> 4, 9 -> 1."""
        env = os.environ.get("PVESIM_PVE_MINOR")
        if env and env.strip().isdigit():
            return int(env.strip())
        if "pve_minor" in self.settings() and not os.environ.get("PVESIM_PVE_VERSION"):
            return int(self.settings()["pve_minor"])
        return DEFAULT_MINOR.get(self.pve_version, 0)

    def at_least(self, major: int, minor: int = 0) -> bool:
        return (self.pve_version, self.pve_minor) >= (major, minor)

    def pveversion(self) -> str:
        """pve-manager/X.Y.Z/<hash> (the minor follows PVESIM_PVE_MINOR when that differs)."""
        base = PVEVERSION.get(self.pve_version, PVEVERSION[9])
        if self.pve_minor == DEFAULT_MINOR.get(self.pve_version):
            return base
        _, _ver, repoid = base.split("/")
        return f"pve-manager/{self.pve_version}.{self.pve_minor}.0/{repoid}"

    @property
    def user(self) -> str:
        return os.environ.get("PVESIM_USER", "root@pam")

    def next_serial(self) -> int:
        s = self.settings()
        s["serial"] = int(s.get("serial", 0)) + 1
        self.save_settings()
        return s["serial"]

    # --- paths ---------------------------------------------------------------------
    def p(self, *parts: str) -> str:
        return os.path.join(self.root, *parts)

    @property
    def pve_dir(self) -> str:
        return self.p("etc", "pve")

    def lxc_dir(self, node: Optional[str] = None) -> str:
        return os.path.join(self.pve_dir, "nodes", node or self.node, "lxc")

    def conf_path(self, vmid: int) -> str:
        return os.path.join(self.lxc_dir(), f"{vmid}.conf")

    def conf_rel(self, vmid: int, node: Optional[str] = None) -> str:
        return f"nodes/{node or self.node}/lxc/{vmid}.conf"

    def rootfs(self, vmid: int) -> str:
        return self.p("rootfs", str(vmid))

    # --- VMs (qemu-server) ----------------------------------------------------------------
    def qemu_dir(self, node: Optional[str] = None) -> str:
        return os.path.join(self.pve_dir, "nodes", node or self.node, "qemu-server")

    def vm_conf_path(self, vmid: int) -> str:
        return os.path.join(self.qemu_dir(), f"{vmid}.conf")

    def vm_conf_rel(self, vmid: int, node: Optional[str] = None) -> str:
        return f"nodes/{node or self.node}/qemu-server/{vmid}.conf"

    def vm_ids(self) -> List[int]:
        d = self.qemu_dir()
        if not os.path.isdir(d):
            return []
        return sorted(int(f[:-5]) for f in os.listdir(d) if f.endswith(".conf") and f[:-5].isdigit())

    def vm_exists(self, vmid: int) -> bool:
        return os.path.exists(self.vm_conf_path(vmid))

    def vmroot(self, vmid: int) -> str:
        return self.p("vmroot", str(vmid))

    def storage_cfg(self) -> StorageCfg:
        if self._storage is None:
            try:
                with open(os.path.join(self.pve_dir, "storage.cfg")) as fh:
                    raw = fh.read()
            except FileNotFoundError:
                raw = ""
            self._storage = StorageCfg(raw)
        return self._storage

    def datacenter_cfg(self) -> Dict[str, str]:
        res: Dict[str, str] = {}
        try:
            with open(os.path.join(self.pve_dir, "datacenter.cfg")) as fh:
                for line in fh:
                    if ":" in line and not line.startswith("#"):
                        k, v = line.split(":", 1)
                        res[k.strip()] = v.strip()
        except FileNotFoundError:
            pass
        return res

    def subid_file(self, kind: str) -> str:
        return self.p("etc", "subuid" if kind == "u" else "subgid")

    # --- guests ---------------------------------------------------------------------
    def guest_ids(self) -> Dict[int, Tuple[str, str]]:
        """All VMIDs on all nodes: vmid -> (type, node)."""
        res: Dict[int, Tuple[str, str]] = {}
        nodes_dir = os.path.join(self.pve_dir, "nodes")
        if not os.path.isdir(nodes_dir):
            return res
        for node in sorted(os.listdir(nodes_dir)):
            for typ, sub in (("lxc", "lxc"), ("qemu", "qemu-server")):
                d = os.path.join(nodes_dir, node, sub)
                if not os.path.isdir(d):
                    continue
                for f in os.listdir(d):
                    if f.endswith(".conf") and f[:-5].isdigit():
                        res[int(f[:-5])] = (typ, node)
        return res

    def ct_ids(self) -> List[int]:
        d = self.lxc_dir()
        if not os.path.isdir(d):
            return []
        return sorted(int(f[:-5]) for f in os.listdir(d) if f.endswith(".conf") and f[:-5].isdigit())

    def exists(self, vmid: int) -> bool:
        return os.path.exists(self.conf_path(vmid))

    def load(self, vmid: int) -> lxcconfig.LxcConfig:
        try:
            with open(self.conf_path(vmid)) as fh:
                raw = fh.read()
        except FileNotFoundError:
            raise PveError(f"Configuration file '{self.conf_rel(vmid)}' does not exist\n")
        return lxcconfig.parse(raw, vmid)

    def write(self, vmid: int, conf: lxcconfig.LxcConfig) -> None:
        path = self.conf_path(vmid)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.tmp.{os.getpid()}"
        with open(tmp, "w") as fh:
            fh.write(conf.raw())
        os.replace(tmp, path)

    def destroy_config(self, vmid: int) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.conf_path(vmid))

    # --- runtime -----------------------------------------------------------------------
    def runtime(self, vmid: int) -> dict:
        try:
            with open(self.p("runtime", f"{vmid}.json")) as fh:
                return json.load(fh)
        except (FileNotFoundError, ValueError):
            return {"status": "stopped"}

    def set_runtime(self, vmid: int, data: Optional[dict]) -> None:
        path = self.p("runtime", f"{vmid}.json")
        if data is None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
            return
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path + ".tmp", "w") as fh:
            json.dump(data, fh)
        os.replace(path + ".tmp", path)

    def running(self, vmid: int) -> bool:
        rt = self.runtime(vmid)
        if rt.get("backend") == "qemu":  # a real QEMU (PVESIM_VM_BACKEND=qemu): its PID decides
            from ..backends import qemu as qemu_backend
            return rt.get("status") == "running" and qemu_backend.check_running(self, vmid, rt)
        return rt.get("status") == "running"

    # --- locking and logs ------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        with files.locked(self.p(".lock")):
            self._settings = None
            self._storage = None
            yield

    def append_log(self, name: str, record: dict) -> None:
        files.append_log(self.p(name), record)

    def read_log(self, name: str = "calls.log") -> List[dict]:
        return files.read_log(self.p(name))

    # --- templates ---------------------------------------------------------------------
    def aplinfo(self) -> List[dict]:
        with open(self.p("aplinfo.json")) as fh:
            return json.load(fh)

    def template_records(self, sid: str) -> Dict[str, dict]:
        d = self.p("templates", sid)
        res: Dict[str, dict] = {}
        if os.path.isdir(d):
            for f in os.listdir(d):
                if f.endswith(".json"):
                    with open(os.path.join(d, f)) as fh:
                        res[f[:-5]] = json.load(fh)
        return res


def _aplinfo_entries() -> List[dict]:
    res = []
    for section, name, size, osname, version in DEFAULT_TEMPLATES:
        pkg = name.split("_")[0]
        res.append({
            "section": section,
            "template": name,
            "package": pkg,
            "os": osname,
            "version": version,
            "type": "lxc",
            "headline": f"{pkg} (simulated)",
            "location": f"http://download.proxmox.com/images/system/{name}"
            if section != "turnkeylinux" else
            f"http://mirror.turnkeylinux.org/turnkeylinux/images/proxmox/{name}",
            "sha512sum": __import__("hashlib").sha512(name.encode()).hexdigest(),
            "size": size,
        })
    return res


def default_storage_cfg(root: str, snippets: bool = False) -> str:
    content = "iso,vztmpl,backup,snippets" if snippets else "iso,vztmpl,backup"
    return (f"dir: local\n\tpath {os.path.join(root, 'var', 'lib', 'vz')}\n"
            f"\tcontent {content}\n\n"
            "lvmthin: local-lvm\n\tthinpool data\n\tvgname pve\n\tcontent rootdir,images\n\n")


def init_state(path: str, pve_version: int = 9, node: str = "pve",
               storage_cfg: Optional[str] = None, templates: Sequence[str] = (),
               next_id: Optional[Tuple[int, int]] = None, subid: bool = True,
               datacenter: Optional[Dict[str, str]] = None,
               bridges: Sequence[str] = ("vmbr0",), snippets: bool = False,
               pve_minor: Optional[int] = None) -> State:
    """Create a fresh simulator state in PATH (must be empty or absent).

    pve_version: 8 or 9 (PVESIM_PVE_VERSION overrides it at run time).
    storage_cfg: storage.cfg text (default: dir 'local' under PATH + lvmthin 'local-lvm').
    templates: template file names to pre-download onto 'local' (as if by pveam download).
    next_id: (lower, upper) written as datacenter.cfg 'next-id'.
    subid: write etc/subuid and etc/subgid with 'root:100000:65536' (start checks them).
    datacenter: extra datacenter.cfg keys (e.g. {'mac_prefix': 'BC:24:11'}).
    bridges: host bridges that exist (netN bridge= is checked on CT start).
    snippets: give the default 'local' dir storage content 'iso,vztmpl,backup,snippets'
        (and create <path>/snippets/) so cloud-init snippets can be written there.
    pve_minor: minor release recorded in sim.json (default 8 -> 4, 9 -> 1); gates
        features such as /cluster/mapping/dir and virtiofsN (8.4+).
    """
    root = os.path.abspath(path)
    if os.path.exists(root) and os.listdir(root):
        raise StateError(f"pvesim: state directory '{root}' is not empty")
    os.makedirs(root, exist_ok=True)
    pve = os.path.join(root, "etc", "pve")
    for sub in ("lxc", "qemu-server"):
        os.makedirs(os.path.join(pve, "nodes", node, sub), exist_ok=True)
        os.symlink(f"nodes/{node}/{sub}", os.path.join(pve, sub))
    os.symlink(f"nodes/{node}", os.path.join(pve, "local"))
    for sub in ("rootfs", "runtime", "templates", "volumes"):
        os.makedirs(os.path.join(root, sub), exist_ok=True)
    with open(os.path.join(pve, "storage.cfg"), "w") as fh:
        fh.write(storage_cfg if storage_cfg is not None else default_storage_cfg(root, snippets))
    if storage_cfg is None and snippets:
        os.makedirs(os.path.join(root, "var", "lib", "vz", "snippets"), exist_ok=True)
    dc = dict(datacenter or {})
    if next_id:
        dc["next-id"] = f"lower={next_id[0]},upper={next_id[1]}"
    if dc:
        with open(os.path.join(pve, "datacenter.cfg"), "w") as fh:
            for k in sorted(dc):
                fh.write(f"{k}: {dc[k]}\n")
    if subid:
        for f in ("subuid", "subgid"):
            with open(os.path.join(root, "etc", f), "w") as fh:
                fh.write("root:100000:65536\n")
    with open(os.path.join(root, "aplinfo.json"), "w") as fh:
        json.dump(_aplinfo_entries(), fh, indent=1)
    with open(os.path.join(root, "sim.json"), "w") as fh:
        json.dump({"node": node, "pve_version": int(pve_version), "serial": 0,
                   "created": int(time.time()), "thin_pool_bytes": 100 * (1 << 30),
                   "bridges": list(bridges),
                   **({"pve_minor": int(pve_minor)} if pve_minor is not None else {})},
                  fh, indent=1, sort_keys=True)
    st = State(root)
    cfg = st.storage_cfg()
    for name in templates:
        sid = "local" if "local" in cfg.ids else next(
            (s for s in cfg.order if "vztmpl" in cfg.content(s)), None)
        if sid is None:
            raise StateError("pvesim: no storage with content 'vztmpl' for pre-downloaded templates")
        from ..cli.pveam import store_template
        store_template(st, sid, name)
    return st


def remove_state(path: str) -> None:
    shutil.rmtree(path, ignore_errors=True)
