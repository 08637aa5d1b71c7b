"""The inside of a simulated VM: its root filesystem, cloud-init and the QEMU guest agent.

vmroot/<vmid>/ stands for the VM's root filesystem: the minimal Debian tree the
containers get (pvesim.backends.base.populate_root) plus cloud-init and
qemu-guest-agent.  'qm guest exec' runs commands like the dir backend's
'pct exec' does (guest-bin/ tools, PVESIM_GUEST_ROOT=vmroot), through
pvesim/guest/qga_run.py so that --timeout / exec-status behave like QGA.

Cloud-init: the NoCloud files are generated like qemu-server's
PVE/QemuServer/Cloudinit.pm (dump_cloudinit_config / generate_nocloud); custom
snippets (cicustom) replace the generated parts.  At boot the guest applies a
subset of cloud-config once per instance-id: hostname, the default user
('user', 'password', 'ssh_authorized_keys'), 'users', 'write_files',
'packages' (recorded as installed), 'runcmd' (recorded, not run).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from typing import Dict, List, Optional, Tuple
from urllib.parse import unquote

from ..backends.base import _write, populate_root, template_ostype
from ..model.lxcconfig import Section
from ..ops.lxc import Out
from ..model.qmconfig import VmConfig
from ..model.state import State, guest_bin_dir
from ..util import PveError, TaskFailed

VM_PACKAGES = ["cloud-init", "cloud-guest-utils", "qemu-guest-agent"]
VM_UNITS = {"qemu-guest-agent.service": "active", "cloud-init.service": "active",
            "cloud-config.service": "active", "cloud-final.service": "active",
            "systemd-networkd.service": "active"}
DEFAULT_USER = {"debian": "debian", "ubuntu": "ubuntu", "centos": "cloud-user"}
DEFAULT_GROUPS = "adm,audio,cdrom,dialout,dip,floppy,netdev,plugdev,sudo,video"
HOST_SEARCH = "example.org"
HOST_DNS = "198.51.100.1"
QGA_VERSION = {"12": "7.2.19", "13": "10.0.3", "24.04": "8.2.2", "22.04": "6.2.0"}
KERNEL = {"12": ("6.1.0-37-cloud-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.140-1 (2025-05-22)"),
          "13": ("6.12.48+deb13-cloud-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.12.48-1 (2025-09-20)"),
          "24.04": ("6.8.0-79-generic", "#79-Ubuntu SMP PREEMPT_DYNAMIC Tue Aug 12 14:42:46 UTC 2025"),
          "22.04": ("5.15.0-153-generic", "#163-Ubuntu SMP Thu Aug 7 16:37:18 UTC 2025")}
QGA_OUTPUT_LIMIT = 16 * 1024 * 1024


# --- the root filesystem ----------------------------------------------------------------------------

def image_os(image_name: str) -> Tuple[str, str]:
    ostype, ver = template_ostype(os.path.basename(image_name or ""))
    if ostype not in ("debian", "ubuntu") or not ver:
        return "debian", "12"
    return ostype, ver


def _os_of(root: str) -> Tuple[str, str]:
    try:
        with open(os.path.join(root, "etc/os-release")) as fh:
            text = fh.read()
    except OSError:
        return "debian", "12"
    osid = re.search(r"^ID=(\S+)", text, re.M)
    ver = re.search(r'^VERSION_ID="?([^"\n]+)', text, re.M)
    return (osid.group(1) if osid else "debian"), (ver.group(1) if ver else "12")


def create_vmroot(st: State, vmid: int, sec: Section, image_name: str) -> None:
    root = st.vmroot(vmid)
    ostype, ver = image_os(image_name)
    version = {"12": "12.12", "13": "13.2"}.get(ver, ver) if ostype == "debian" else ver
    conf = Section()
    conf.set("hostname", "localhost")
    populate_root(st, root, vmid, conf, {"template": f"{ostype}-{ver}-cloudimage", "version": version},
                  None, None)
    _write(os.path.join(root, "etc/network/interfaces"),
           "# interfaces(5) file used by ifup(8) and ifdown(8)\nsource /etc/network/interfaces.d/*\n\n"
           "auto lo\niface lo inet loopback\n")
    with open(os.path.join(root, "var/lib/pvesim/packages"), "a") as fh:
        fh.write("".join(p + "\n" for p in VM_PACKAGES))
    for unit, state in VM_UNITS.items():
        _write(os.path.join(root, "var/lib/pvesim/units", unit),
               json.dumps({"active": state, "enabled": "enabled"}) + "\n")
    _write(os.path.join(root, "var/lib/pvesim/guest-type"), "qemu\n")
    _write(os.path.join(root, "var/lib/pvesim/image"), (image_name or "") + "\n")
    _write(os.path.join(root, "etc/fstab"), "# /etc/fstab: static file system information\n"
                                            "PARTUUID=00000000-01 / ext4 rw,discard,errors=remount-ro,"
                                            "x-systemd.growfs 0 1\n")
    os.makedirs(os.path.join(root, "mnt"), exist_ok=True)


def maybe_reimage_vmroot(st: State, vmid: int, sec: Section, image_name: str) -> None:
    """A disk imported before the first boot decides which OS the VM has."""
    root = st.vmroot(vmid)
    if os.path.exists(os.path.join(root, "var/lib/pvesim/booted")):
        return
    want = image_os(image_name)
    if not os.path.isdir(root) or (template_ostype(image_name)[0] in ("debian", "ubuntu")
                                   and _os_of(root) != want):
        create_vmroot(st, vmid, sec, image_name)


def clone_vmroot(st: State, src: int, dst: int) -> None:
    sroot, droot = st.vmroot(src), st.vmroot(dst)
    if os.path.isdir(droot):
        shutil.rmtree(droot)
    if os.path.isdir(sroot):
        shutil.copytree(sroot, droot, symlinks=True)
        for name in ("mounts.json", "exec"):
            p = os.path.join(droot, "var/lib/pvesim", name)
            if os.path.isdir(p):
                shutil.rmtree(p)
            elif os.path.exists(p):
                os.unlink(p)
    else:
        create_vmroot(st, dst, Section(), "")


def destroy_vmroot(st: State, vmid: int) -> None:
    root = st.vmroot(vmid)
    if os.path.isdir(root):
        undo_mounts(root)
        shutil.rmtree(root)
    shutil.rmtree(st.p("cloudinit", str(vmid)), ignore_errors=True)
    shutil.rmtree(st.p("qga", str(vmid)), ignore_errors=True)


# --- cloud-init (Cloudinit.pm) ----------------------------------------------------------------------

def hostname_fqdn(sec: Section, vmid: int) -> Tuple[str, str]:
    hostname = sec.get("name") or f"VM{vmid}"
    if "." in hostname:
        return hostname.split(".", 1)[0], hostname
    if sec.get("searchdomain"):
        return hostname, f"{hostname}.{sec.get('searchdomain')}"
    return hostname, hostname


def dns_conf(sec: Section) -> Tuple[List[str], List[str]]:
    search = (sec.get("searchdomain") if sec.get("searchdomain") is not None else HOST_SEARCH).split()
    ns = sec.get("nameserver")
    return search, (ns.split() if ns is not None else [HOST_DNS])


def userdata(sec: Section, vmid: int) -> str:
    hostname, fqdn = hostname_fqdn(sec, vmid)
    out = "#cloud-config\n" f"hostname: {hostname}\n" "manage_etc_hosts: true\n" f"fqdn: {fqdn}\n"
    user = sec.get("ciuser")
    if user is not None:
        out += f"user: {user}\n"
        if user == "root":
            out += "disable_root: False\n"
    if sec.get("cipassword") is not None:
        out += f"password: {sec.get('cipassword')}\n"
    if sec.get("sshkeys") is not None:
        keys = [k.rstrip("\r") for k in unquote(sec.get("sshkeys") or "").split("\n")]
        out += "ssh_authorized_keys:\n" + "".join(f"  - {k}\n" for k in keys if k.strip())
    out += "chpasswd:\n  expire: False\n"
    if user is None or user != "root":
        out += "users:\n  - default\n"
    if sec.get("ciupgrade") is None or sec.get("ciupgrade") == "1":
        out += "package_upgrade: true\n"
    return out


def _split_ip4(cidr: str) -> Tuple[str, str]:
    addr, _, bits = cidr.partition("/")
    n = int(bits)
    mask = (0xFFFFFFFF << (32 - n)) & 0xFFFFFFFF
    return addr, ".".join(str((mask >> s) & 0xFF) for s in (24, 16, 8, 0))


def _nets(sec: Section) -> List[Tuple[int, Dict[str, str], Dict[str, str]]]:
    from ..ops.qemu import parse_ipconfig
    res = []
    for key in sorted(k for k in sec.values if re.fullmatch(r"net\d+", k)):
        i = int(key[3:])
        ipc = sec.get(f"ipconfig{i}")
        if not ipc:
            continue
        net = {}
        for part in (sec.get(key) or "").split(","):
            if "=" in part:
                k, v = part.split("=", 1)
                net[k] = v
        mac = next((v for k, v in net.items() if re.fullmatch(r"[0-9A-Fa-f:]{17}", v)), net.get("macaddr", ""))
        res.append((i, {"macaddr": mac}, parse_ipconfig(ipc)))
    return res


def nocloud_network(sec: Section) -> str:
    out = "version: 1\nconfig:\n"
    for i, net, ip in _nets(sec):
        mac = net["macaddr"].lower()
        out += (f"    - type: physical\n      name: eth{i}\n      mac_address: '{mac}'\n      subnets:\n")
        ind = "      "
        if ip.get("ip") is not None:
            if ip["ip"] == "dhcp":
                out += f"{ind}- type: dhcp4\n"
            else:
                addr, mask = _split_ip4(ip["ip"])
                out += f"{ind}- type: static\n{ind}  address: '{addr}'\n{ind}  netmask: '{mask}'\n"
                if ip.get("gw") is not None:
                    out += f"{ind}  gateway: '{ip['gw']}'\n"
        if ip.get("ip6") is not None:
            if ip["ip6"] == "dhcp":
                out += f"{ind}- type: dhcp6\n"
            elif ip["ip6"] == "auto":
                out += f"{ind}- type: ipv6_slaac\n"
            else:
                out += f"{ind}- type: static6\n{ind}  address: '{ip['ip6']}'\n"
                if ip.get("gw6") is not None:
                    out += f"{ind}  gateway: '{ip['gw6']}'\n"
    search, ns = dns_conf(sec)
    out += "    - type: nameserver\n"
    if ns:
        out += "      address:\n" + "".join(f"      - '{x}'\n" for x in ns)
    if search:
        out += "      search:\n" + "".join(f"      - '{x}'\n" for x in search)
    return out


def configdrive2_network(sec: Section) -> str:
    out = "auto lo\niface lo inet loopback\n\n"
    search, ns = dns_conf(sec)
    if ns:
        out += f"        dns_nameservers {' '.join(ns)}\n"
    if search:
        out += f"        dns_search {' '.join(search)}\n"
    for i, _net, ip in _nets(sec):
        out += f"auto eth{i}\n"
        if ip.get("ip"):
            if ip["ip"] == "dhcp":
                out += f"iface eth{i} inet dhcp\n"
            else:
                addr, mask = _split_ip4(ip["ip"])
                out += f"iface eth{i} inet static\n        address {addr}\n        netmask {mask}\n"
                if ip.get("gw"):
                    out += f"        gateway {ip['gw']}\n"
        if ip.get("ip6"):
            if ip["ip6"] in ("auto", "dhcp"):
                out += f"iface eth{i} inet6 {ip['ip6']}\n"
            else:
                a, _, m = ip["ip6"].partition("/")
                out += f"iface eth{i} inet6 static\n        address {a}\n        netmask {m}\n"
                if ip.get("gw6"):
                    out += f"        gateway {ip['gw6']}\n"
    return out


def ci_format(sec: Section) -> str:
    if sec.get("citype"):
        return str(sec.get("citype"))
    if (sec.get("ostype") or "").startswith("w"):
        return "configdrive2"
    return "nocloud"


def dump(st: State, vmid: int, typ: str) -> str:
    """dump_cloudinit_config: always the generated config (cicustom snippets are not shown)."""
    from ..ops.qemu import load
    sec = load(st, vmid).main
    fmt = ci_format(sec)
    if typ == "user":
        return userdata(sec, vmid)
    network = nocloud_network(sec) if fmt == "nocloud" else configdrive2_network(sec)
    if typ == "network":
        return network
    uid = hashlib.sha1((userdata(sec, vmid) + network).encode()).hexdigest()
    if fmt == "nocloud":
        return f"instance-id: {uid}\n"
    return ('{\n     "uuid": "' + uid + '",\n     "network_config": { "content_path": "/content/0000" }\n}\n')


def read_snippet(st: State, volid: str) -> str:
    """read_cloudinit_snippets_file (abs_filesystem_path activates the volume first)."""
    from ..ops.qemu import volume_vtype
    from ..model.storage import parse_volume_id
    if volume_vtype(st, volid) != "snippets":
        raise PveError(f"{volid} is not in the snippets directory\n")
    sid, volname = parse_volume_id(volid)
    path = os.path.join(str(st.storage_cfg().get(sid).get("path") or ""), "snippets", volname.split("/", 1)[1])
    if not os.path.exists(path):
        raise PveError(f"volume '{volid}' does not exist\n")
    if not os.path.isfile(path):
        raise PveError(f"can't find file '{volid}'\n")
    with open(path, "rb") as fh:
        return fh.read(1024 * 1024).decode("utf-8", errors="replace")


def generate_cloudinit(st: State, vmid: int, conf: VmConfig, out: Optional[Out]) -> None:
    """generate_cloudinit_config -> commit_cloudinit_disk ('generating cloud-init ISO')."""
    from ..ops.qemu import custom_volids, drive_is_cloudinit, drives
    sec = conf.main
    if not any(drive_is_cloudinit(d) for _k, d in drives(st, sec)):
        return
    fmt = ci_format(sec)
    custom = custom_volids(sec.get("cicustom") or "")
    files: Dict[str, Optional[str]] = {}
    for part in ("user", "network", "meta", "vendor"):
        files[part] = read_snippet(st, custom[part]) if custom.get(part) else None
    if files["user"] is None:
        files["user"] = userdata(sec, vmid)
    if files["network"] is None:
        files["network"] = nocloud_network(sec) if fmt == "nocloud" else configdrive2_network(sec)
    if files["vendor"] is None:
        files["vendor"] = ""
    if files["meta"] is None:
        uid = hashlib.sha1((files["user"] + files["network"]).encode()).hexdigest()
        files["meta"] = f"instance-id: {uid}\n"
    total = sum(len(v or "") for v in files.values())
    if total > 3 * 1024 * 1024:
        raise TaskFailed("Cloud-Init sum of snippets too big (> 3 MiB)\n")
    if out:
        out.line("generating cloud-init ISO")
    d = st.p("cloudinit", str(vmid))
    os.makedirs(d, exist_ok=True)
    names = {"user": "user-data", "network": "network-config", "meta": "meta-data", "vendor": "vendor-data"}
    for part, name in names.items():
        with open(os.path.join(d, name), "w") as fh:
            fh.write(files[part] or "")
    with open(os.path.join(d, "format"), "w") as fh:
        fh.write(fmt + "\n")


# --- boot / halt ----------------------------------------------------------------------------------------

def _guest_tools(root: str):
    from . import tools as guest
    guest.ROOT = os.path.abspath(root)
    guest.IDMAP = []
    return guest


def _run_tool(root: str, func_name: str, args: List[str]) -> Tuple[int, str]:
    g = _guest_tools(root)
    try:
        return int(getattr(g, func_name)(args) or 0), ""
    except g.Exit as exc:
        return exc.code, exc.msg


def boot_guest(st: State, vmid: int, conf: VmConfig) -> None:
    root = st.vmroot(vmid)
    if not os.path.isdir(root):
        create_vmroot(st, vmid, conf.main, "")
    undo_mounts(root)
    _write(os.path.join(root, "var/lib/pvesim/booted"), f"{int(time.time())}\n")
    units = os.path.join(root, "var/lib/pvesim/units")
    for unit in sorted(os.listdir(units)) if os.path.isdir(units) else []:
        try:  # systemd at boot: enabled units run, the rest do not
            with open(os.path.join(units, unit)) as fh:
                data = json.load(fh)
            data["active"] = "active" if data.get("enabled") == "enabled" else "inactive"
            _write(os.path.join(units, unit), json.dumps(data, sort_keys=True) + "\n")
        except (OSError, ValueError):
            continue
    apply_cloudinit(st, vmid, conf.main, root)
    rt = st.runtime(vmid)
    tags = rt.get("virtiofs") or {}
    from .vmblock import sync_devices
    sync_devices(st, vmid)
    for source, target, fstype, _opts in fstab(root):
        if fstype == "virtiofs" and source in tags:
            try:
                mount_virtiofs(root, source, target, tags[source])
            except OSError:
                pass
        elif fstype == "ext4":
            from .vm_tools import mount_ext4_at_boot
            mount_ext4_at_boot(st, root, source, target)


def halt_guest(st: State, vmid: int) -> None:
    root = st.vmroot(vmid)
    undo_mounts(root)
    qdir = st.p("qga", str(vmid))
    if os.path.isdir(qdir):
        for f in os.listdir(qdir):
            if f.endswith(".running"):
                try:
                    with open(os.path.join(qdir, f)) as fh:
                        pgid = int(fh.read().strip() or 0)
                    if pgid:
                        os.killpg(pgid, signal.SIGKILL)
                except (OSError, ValueError):
                    pass
        shutil.rmtree(qdir, ignore_errors=True)


def _load_yaml(text: str) -> object:
    """Parse user-data like cloud-init does (PyYAML's safe_load); the small subset
    parser is the fallback where PyYAML is not installed."""
    try:
        import yaml
    except ImportError:
        from ..miniyaml import loads
        return loads(text)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValueError(str(exc)) from None


def apply_cloudinit(st: State, vmid: int, sec: Section, root: str) -> None:
    d = st.p("cloudinit", str(vmid))
    status = os.path.join(root, "var/lib/pvesim/cloud-init-status")
    if not os.path.isfile(os.path.join(d, "user-data")):
        if not os.path.exists(status):
            _write(status, "done\n")
        return

    def rd(name: str) -> str:
        try:
            with open(os.path.join(d, name)) as fh:
                return fh.read()
        except OSError:
            return ""
    user, network, meta = rd("user-data"), rd("network-config"), rd("meta-data")
    m = re.search(r"instance-id:\s*(\S+)", meta) or re.search(r'"uuid":\s*"([^"]+)"', meta)
    iid = m.group(1) if m else hashlib.sha1(meta.encode()).hexdigest()
    idfile = os.path.join(root, "var/lib/cloud/data/instance-id")
    try:
        with open(idfile) as fh:
            if fh.read().strip() == iid:
                return
    except OSError:
        pass
    for name, data in (("user-data.txt", user), ("network-config", network), ("meta-data", meta),
                       ("vendor-data.txt", rd("vendor-data"))):
        _write(os.path.join(root, "var/lib/cloud/instance", name), data, 0o600)
    _write(idfile, iid + "\n")
    errors: List[str] = []
    try:
        cfg = _load_yaml(user) if user.lstrip().startswith("#cloud-config") else {}
        if cfg is None:
            cfg = {}
        if not isinstance(cfg, dict):
            raise ValueError("user-data is not a mapping")
    except ValueError as exc:
        errors.append(f"Failed loading yaml blob: {exc}")
        cfg = {}
    _apply_cloud_config(root, sec, vmid, cfg, errors)
    _write(status, ("error\n" + "".join(e + "\n" for e in errors)) if errors else "done\n")


def _apply_cloud_config(root: str, sec: Section, vmid: int, cfg: dict, errors: List[str]) -> None:
    osid, _ver = _os_of(root)
    hostname = cfg.get("hostname") or (str(cfg.get("fqdn")).split(".")[0] if cfg.get("fqdn") else None)
    if hostname:
        fqdn = str(cfg.get("fqdn") or hostname)
        _write(os.path.join(root, "etc/hostname"), f"{hostname}\n")
        if cfg.get("manage_etc_hosts"):
            _write(os.path.join(root, "etc/hosts"),
                   f"127.0.1.1 {fqdn} {hostname}\n127.0.0.1 localhost\n\n"
                   "::1 localhost ip6-localhost ip6-loopback\nff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n")
    search, ns = dns_conf(sec)
    _write(os.path.join(root, "etc/resolv.conf"),
           "".join(f"nameserver {x}\n" for x in ns) + (f"search {' '.join(search)}\n" if search else ""))
    default_name = str(cfg.get("user") or DEFAULT_USER.get(osid, "debian"))
    if isinstance(cfg.get("user"), dict):
        default_name = str(cfg["user"].get("name") or DEFAULT_USER.get(osid, "debian"))
    users = cfg.get("users", ["default"])
    if users is None:
        users = []
    if isinstance(users, (str, dict)):
        users = [users]
    for u in users:
        if u == "default":
            _add_user(root, {"name": default_name, "groups": DEFAULT_GROUPS, "shell": "/bin/bash",
                             "sudo": "ALL=(ALL) NOPASSWD:ALL", "lock_passwd": True}, errors)
        elif isinstance(u, dict) and u.get("name"):
            _add_user(root, u, errors)
        elif isinstance(u, str):
            _add_user(root, {"name": u}, errors)
    keys = cfg.get("ssh_authorized_keys") or []
    if keys:
        name = "root" if default_name == "root" else default_name
        _add_keys(root, name, [str(k) for k in keys])
    if cfg.get("password") is not None:
        _set_password(root, default_name, str(cfg["password"]))
    for f in cfg.get("write_files") or []:
        if not isinstance(f, dict) or not f.get("path"):
            continue
        try:
            content = f.get("content") or ""
            if str(f.get("encoding", "")).lower() in ("b64", "base64"):
                data = base64.b64decode(content)
            else:
                data = str(content).encode()
            full = os.path.join(root, str(f["path"]).lstrip("/"))
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "ab" if f.get("append") else "wb") as fh:
                fh.write(data)
            os.chmod(full, int(str(f.get("permissions") or "0644"), 8))
        except (OSError, ValueError) as exc:
            errors.append(f"write_files: {f.get('path')}: {exc}")
    pkgs = [p if isinstance(p, str) else str(p[0]) for p in (cfg.get("packages") or []) if p]
    if pkgs:
        g = _guest_tools(root)
        have = g.pkg_state()
        # apt installs the dependencies too (unknown names are recorded as they are).
        known = [p for p in pkgs if p in g.CATALOG]
        for pkg in g._closure(known) + [p for p in pkgs if p not in g.CATALOG]:
            if pkg not in have:
                have.append(pkg)
                if pkg in g.CATALOG:
                    g._install_effects(pkg)
        g.write("/var/lib/pvesim/packages", "".join(x + "\n" for x in have))
    if cfg.get("runcmd"):
        lines = []
        for c in cfg["runcmd"]:
            lines.append(" ".join(str(x) for x in c) if isinstance(c, list) else str(c))
        _write(os.path.join(root, "var/lib/cloud/instance/scripts/runcmd"),
               "#!/bin/sh\n" + "".join(x + "\n" for x in lines), 0o700)


def _add_user(root: str, u: dict, errors: List[str]) -> None:
    g = _guest_tools(root)
    name = str(u["name"])
    if g.pw_user(name) is None:
        args = ["-m", "-s", str(u.get("shell") or "/bin/sh")]
        if u.get("uid") is not None:
            args += ["-u", str(u["uid"])]
        if u.get("system"):
            args.append("-r")
        if u.get("homedir"):
            args += ["-d", str(u["homedir"])]
        groups = u.get("groups")
        if isinstance(groups, list):
            groups = ",".join(str(x) for x in groups)
        if groups:
            glist = [x.strip() for x in str(groups).split(",") if x.strip()]
            for grp in glist:
                if g.gr_group(grp) is None:
                    _run_tool(root, "cmd_groupadd", [grp])
            args += ["-G", ",".join(glist)]
        rc, msg = _run_tool(root, "cmd_useradd", args + [name])
        if rc:
            errors.append(f"useradd {name}: {msg.strip()}")
            return
    if u.get("sudo"):
        sudo = u["sudo"] if isinstance(u["sudo"], list) else [u["sudo"]]
        _write(os.path.join(root, "etc/sudoers.d/90-cloud-init-users"),
               "".join(f"{name} {s}\n" for s in sudo if s), 0o440)
    for key in ("hashed_passwd", "passwd"):
        if u.get(key):
            _set_password(root, name, str(u[key]))
    if u.get("ssh_authorized_keys"):
        _add_keys(root, name, [str(k) for k in u["ssh_authorized_keys"]])


def _set_password(root: str, name: str, pw: str) -> None:
    g = _guest_tools(root)
    if not re.match(r"\$(?:[156]|2[ay])\$", pw):
        from ..backends.base import fake_hash
        pw = fake_hash(pw)
    rows = g.db("/etc/shadow")
    for r in rows:
        if r[0] == name and len(r) > 1:
            r[1] = pw
    g.db_write("/etc/shadow", rows)


def _add_keys(root: str, name: str, keys: List[str]) -> None:
    g = _guest_tools(root)
    r = g.pw_user(name)
    home = r[5] if r and len(r) > 5 else ("/root" if name == "root" else f"/home/{name}")
    path = os.path.join(root, home.lstrip("/"), ".ssh/authorized_keys")
    old = ""
    if os.path.exists(path):
        with open(path) as fh:
            old = fh.read()
    _write(path, old + "".join(k + "\n" for k in keys if k not in old), 0o600)


# --- virtiofs mounts inside the guest -------------------------------------------------------------------

def fstab(root: str) -> List[Tuple[str, str, str, str]]:
    res = []
    try:
        with open(os.path.join(root, "etc/fstab")) as fh:
            for line in fh:
                parts = line.split("#", 1)[0].split()
                if len(parts) >= 3:
                    res.append((parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else "defaults"))
    except OSError:
        pass
    return res


def mounts_file(root: str) -> str:
    return os.path.join(root, "var/lib/pvesim/mounts.json")


def read_mounts(root: str) -> Dict[str, dict]:
    try:
        with open(mounts_file(root)) as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return {}


def write_mounts(root: str, mounts: Dict[str, dict]) -> None:
    _write(mounts_file(root), json.dumps(mounts, indent=1, sort_keys=True) + "\n")


def mount_virtiofs(root: str, tag: str, target: str, hostpath: str, options: str = "rw,relatime",
                   fstype: str = "virtiofs") -> None:
    """Bind the host directory at TARGET inside the VM (a symlink, like the LXC bind mounts)."""
    target = "/" + os.path.normpath(target).lstrip("/")
    full = os.path.join(root, target.lstrip("/"))
    shadow = None
    if os.path.islink(full):
        os.unlink(full)
    elif os.path.isdir(full):
        if os.listdir(full):
            shadow = os.path.join(root, ".pvesim-shadow", target.strip("/").replace("/", "_"))
            os.makedirs(os.path.dirname(shadow), exist_ok=True)
            if os.path.exists(shadow):
                shutil.rmtree(shadow)
            os.rename(full, shadow)
        else:
            os.rmdir(full)
    os.symlink(hostpath, full)
    mounts = read_mounts(root)
    mounts[target] = {"source": tag, "fstype": fstype, "options": options, "host": hostpath,
                      "shadow": shadow}
    write_mounts(root, mounts)


def umount(root: str, target: str) -> bool:
    target = "/" + os.path.normpath(target).lstrip("/")
    mounts = read_mounts(root)
    m = mounts.pop(target, None)
    if m is None:
        return False
    full = os.path.join(root, target.lstrip("/"))
    if os.path.islink(full):
        os.unlink(full)
    if m.get("shadow") and os.path.isdir(m["shadow"]):
        os.rename(m["shadow"], full)
    elif not os.path.exists(full):
        os.mkdir(full, 0o755)
    write_mounts(root, mounts)
    return True


def undo_mounts(root: str) -> None:
    for target in sorted(read_mounts(root), reverse=True):
        umount(root, target)
    shadow = os.path.join(root, ".pvesim-shadow")
    if os.path.isdir(shadow) and not os.listdir(shadow):
        os.rmdir(shadow)


# --- network -------------------------------------------------------------------------------------------

def guest_interfaces(st: State, vmid: int, sec: Section) -> List[Dict[str, str]]:
    """lo + eth<N> per netN: ipconfigN's static address, else a DHCP lease (198.51.100.x,
    same rule as the containers) or QEMU's user network (10.0.2.15) without a bridge."""
    from ..ops.qemu import parse_ipconfig
    res = [{"name": "lo", "hwaddr": "00:00:00:00:00:00", "inet": "127.0.0.1/8", "inet6": "::1/128"}]
    for key in sorted((k for k in sec.values if re.fullmatch(r"net\d+", k)), key=lambda k: int(k[3:])):
        i = int(key[3:])
        parts = dict(p.split("=", 1) for p in (sec.get(key) or "").split(",") if "=" in p)
        mac = next((v for v in parts.values() if re.fullmatch(r"[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}", v)),
                   parts.get("macaddr", "BC:24:11:00:00:00")).lower()
        ipc = parse_ipconfig(sec.get(f"ipconfig{i}"))
        e = {"name": f"eth{i}", "hwaddr": mac}
        ip = ipc.get("ip")
        if ip and ip not in ("dhcp", "manual"):
            e["inet"] = ip
        elif "bridge" not in parts:
            e["inet"] = "10.0.2.15/24"
        else:
            e["inet"] = f"198.51.100.{10 + ((vmid + i * 37) % 240)}/24"
        ip6 = ipc.get("ip6")
        if ip6 and ip6 not in ("dhcp", "auto", "manual"):
            e["inet6_global"] = ip6
        b = [int(x, 16) for x in mac.split(":")]
        b[0] ^= 2
        eui = [b[0], b[1], b[2], 0xFF, 0xFE, b[3], b[4], b[5]]
        e["inet6"] = "fe80::" + ":".join(f"{(eui[j] << 8) | eui[j + 1]:x}" for j in range(0, 8, 2)) + "/64"
        res.append(e)
    return res


def qga_interfaces(st: State, vmid: int, sec: Section) -> List[dict]:
    up = max(0, int(time.time() - float(st.runtime(vmid).get("started", time.time()))))
    res = []
    for e in guest_interfaces(st, vmid, sec):
        addrs = []
        for fam, key in (("ipv4", "inet"), ("ipv6", "inet6_global"), ("ipv6", "inet6")):
            if e.get(key):
                a, _, plen = e[key].partition("/")
                addrs.append({"ip-address": a, "ip-address-type": fam, "prefix": int(plen)})
        lo = e["name"] == "lo"
        stats = {"rx-bytes": 1024 * up if not lo else 512 * up, "rx-dropped": 0, "rx-errs": 0,
                 "rx-packets": 8 * up, "tx-bytes": 512 * up if not lo else 512 * up, "tx-dropped": 0,
                 "tx-errs": 0, "tx-packets": 4 * up}
        res.append({"hardware-address": e["hwaddr"], "ip-addresses": addrs, "name": e["name"],
                    "statistics": stats})
    return res


# --- guest agent -------------------------------------------------------------------------------------------

def _agent_enabled(sec: Section) -> bool:
    v = sec.get("agent")
    if v is None:
        return False
    first = v.split(",")[0]
    if "=" in first:
        m = re.search(r"(?:^|,)enabled=([^,]+)", v)
        return bool(m and m.group(1) in ("1", "on", "yes", "true"))
    return first in ("1", "on", "yes", "true")


def qga_running(st: State, vmid: int, sec: Section) -> bool:
    if not _agent_enabled(sec):
        return False
    rt = st.runtime(vmid)
    ready = rt.get("qga_ready_at")
    if ready is None or time.time() < float(ready):
        return False
    unit = os.path.join(st.vmroot(vmid), "var/lib/pvesim/units/qemu-guest-agent.service")
    try:
        with open(unit) as fh:
            return json.load(fh).get("active") == "active"
    except (OSError, ValueError):
        return False


def assert_agent_available(st: State, vmid: int, conf: VmConfig) -> None:
    if conf.main.get("agent") is None:
        raise PveError("No QEMU guest agent configured\n")
    if not st.running(vmid):
        raise PveError(f"VM {vmid} is not running\n")
    if _real(st, vmid):
        if not _agent_enabled(conf.main) or not _real(st, vmid).agent_ping(st, vmid):
            raise PveError("QEMU guest agent is not running\n")
        return
    if not qga_running(st, vmid, conf.main):
        try:
            wait = float(os.environ.get("PVESIM_QGA_TIMEOUT", "0") or 0)
        except ValueError:
            wait = 0.0
        if wait > 0:  # guest-ping blocks this long (3 s on PVE) before giving up
            time.sleep(min(wait, 10.0))
        raise PveError("QEMU guest agent is not running\n")


def _real(st: State, vmid: int):
    """pvesim.backends.qemu when VMID runs under real QEMU (PVESIM_VM_BACKEND=qemu)."""
    if st.runtime(vmid).get("backend") != "qemu":
        return None
    from ..backends import qemu as qemu_backend
    return qemu_backend


def _real_agent(st: State, vmid: int, command: str, args: Optional[dict] = None, timeout: float = 30):
    """One command to the real guest agent; errors worded like qemu-server's mon_cmd."""
    from ..backends import qemu as qemu_backend
    from ..backends.qmp import AgentError
    try:
        return qemu_backend.agent(st, vmid, command, args, timeout=timeout)
    except (AgentError, OSError) as exc:
        raise PveError(qemu_backend.agent_error(vmid, command, exc))


def _decode_status(raw: dict) -> dict:
    """A guest-exec-status answer as qemu-server decodes it: decode_base64 gives bytes, and
    to_json(utf8 => 1) then encodes each byte as a character (hence latin-1)."""
    res: dict = {"exited": 1 if raw.get("exited") else 0}
    if not raw.get("exited"):
        return res
    for key in ("exitcode", "signal"):
        if key in raw:
            res[key] = raw[key]
    for key in ("out-data", "err-data"):
        if raw.get(key):
            res[key] = base64.b64decode(raw[key]).decode("latin-1")
    for key in ("out-truncated", "err-truncated"):
        if raw.get(key):
            res[key] = 1
    return res


def _osinfo(root: str) -> dict:
    osid, ver = _os_of(root)
    try:
        with open(os.path.join(root, "etc/os-release")) as fh:
            text = fh.read()
    except OSError:
        text = ""

    def field(k: str) -> str:
        m = re.search(rf'^{k}="?([^"\n]*)', text, re.M)
        return m.group(1) if m else ""
    rel, kver = KERNEL.get(ver, KERNEL["12"])
    return {"id": osid, "kernel-release": rel, "kernel-version": kver, "machine": "x86_64",
            "name": field("NAME"), "pretty-name": field("PRETTY_NAME"), "version": field("VERSION"),
            "version-id": field("VERSION_ID")}


SUPPORTED = ["guest-ssh-remove-authorized-keys", "guest-ssh-add-authorized-keys", "guest-ssh-get-authorized-keys",
             "guest-get-devices", "guest-get-osinfo", "guest-get-timezone", "guest-get-users",
             "guest-get-host-name", "guest-exec", "guest-exec-status", "guest-get-memory-block-info",
             "guest-set-memory-blocks", "guest-get-memory-blocks", "guest-set-vcpus", "guest-get-vcpus",
             "guest-network-get-interfaces", "guest-suspend-hybrid", "guest-suspend-ram",
             "guest-suspend-disk", "guest-fstrim", "guest-fsfreeze-thaw", "guest-fsfreeze-freeze-list",
             "guest-fsfreeze-freeze", "guest-fsfreeze-status", "guest-get-fsinfo", "guest-file-flush",
             "guest-file-seek", "guest-file-write", "guest-file-read", "guest-file-close",
             "guest-file-open", "guest-shutdown", "guest-info", "guest-set-time", "guest-get-time",
             "guest-ping", "guest-sync", "guest-sync-delimited"]


def agent_cmd(st: State, vmid: int, conf: VmConfig, command: str):
    """The 'agent' API (qm guest cmd): the QGA result."""
    assert_agent_available(st, vmid, conf)
    if _real(st, vmid):
        res = _real_agent(st, vmid, f"guest-{command}", timeout=10 if command == "shutdown" else 30)
        return None if command == "shutdown" else res
    root = st.vmroot(vmid)
    sec = conf.main
    if command == "ping":
        return {}
    if command == "info":
        _osid, ver = _os_of(root)
        return {"supported_commands": [{"enabled": True, "name": c, "success-response": c != "guest-shutdown"}
                                       for c in SUPPORTED],
                "version": QGA_VERSION.get(ver, "7.2.19")}
    if command == "get-osinfo":
        return _osinfo(root)
    if command == "get-host-name":
        try:
            with open(os.path.join(root, "etc/hostname")) as fh:
                return {"host-name": fh.read().strip()}
        except OSError:
            return {"host-name": "localhost"}
    if command == "network-get-interfaces":
        return qga_interfaces(st, vmid, sec)
    if command == "get-time":
        return int(time.time() * 1_000_000_000)
    if command == "get-timezone":
        return {"offset": 0, "zone": "UTC"}
    if command == "get-users":
        return []
    if command == "get-vcpus":
        n = int(sec.get("sockets") or 1) * int(sec.get("cores") or 1)
        return [{"can-offline": i != 0, "logical-id": i, "online": True} for i in range(n)]
    if command == "get-fsinfo":
        from . import vmblock
        res = [{"disk": [{"bus": 0, "bus-type": "scsi", "dev": "/dev/sda1", "target": 0, "unit": 0,
                          "pci-controller": {"bus": 1, "domain": 0, "function": 0, "slot": 1},
                          "serial": "0QEMU_QEMU_HARDDISK_drive-scsi0"}],
                "mountpoint": "/", "name": "sda1", "type": "ext4",
                "total-bytes": 2 * 1024 ** 3, "used-bytes": 900 * 1024 ** 2}]
        devs = vmblock.devices(root)
        for target, m in sorted(read_mounts(root).items()):
            rec = devs.get(m["source"])
            fs = vmblock.read_fs(st.root, rec["volid"]) if rec else None
            if m["fstype"] != "ext4" or not fs:
                continue
            unit = int(re.sub(r"\D", "", rec["key"]) or 0)
            serial = ("0QEMU_QEMU_HARDDISK_" if rec["key"].startswith("scsi") else "") + \
                (rec["serial"] or f"drive-{rec['key']}")
            total = vmblock.ext4_total(int(fs["size"]))
            # qga: total-bytes counts what non-root users may use (used + f_bavail)
            used = vmblock.du(vmblock.fs_root(st.root, rec["volid"])) + (16 << 20)
            res.append({"disk": [{"bus": 0, "bus-type": "scsi", "dev": m["source"], "target": 0,
                                  "unit": unit, "serial": serial,
                                  "pci-controller": {"bus": 1, "domain": 0, "function": 0, "slot": 1}}],
                        "mountpoint": target, "name": m["source"].rsplit("/", 1)[-1], "type": "ext4",
                        "total-bytes": total - total // 20, "used-bytes": used})
        return res
    if command in ("get-memory-blocks", "get-memory-block-info"):
        return [] if command == "get-memory-blocks" else {"size": 134217728}
    if command == "fsfreeze-status":
        return "thawed"
    if command in ("fsfreeze-freeze", "fsfreeze-thaw"):
        return 1
    if command == "fstrim":
        return {"paths": [{"minimum": 0, "path": "/", "trimmed": 0}]}
    if command == "shutdown":
        from ..ops.qemu import stop
        stop(st, vmid)
        return None
    if command.startswith("suspend"):
        return {}
    raise PveError(f"VM {vmid} qmp command 'guest-{command}' failed - The command guest-{command} "
                   "has not been found\n")


def resolve_command(root: str, cmd: str) -> Optional[str]:
    if cmd.startswith("/"):
        cand = os.path.join(root, cmd.lstrip("/"))
        if os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    base = os.path.basename(cmd)
    cand = os.path.join(guest_bin_dir(), base)
    if base and not base.startswith("_") and os.path.isfile(cand):
        return cand
    return None


def exec_start(st: State, vmid: int, conf: VmConfig, argv: List[str], input_data: Optional[bytes]) -> int:
    """guest-exec: start the command, return its (guest) pid."""
    if not argv and input_data is None:
        raise PveError("command or input-data (or both) required\n")
    assert_agent_available(st, vmid, conf)
    if _real(st, vmid):
        args: dict = {"capture-output": True}
        if argv:
            args["path"] = argv[0]
            args["arg"] = list(argv[1:])
        if input_data is not None:
            args["input-data"] = base64.b64encode(input_data).decode()
        pid = int(_real_agent(st, vmid, "guest-exec", args)["pid"])
        st.append_log("exec.log", {"vmid": vmid, "argv": list(argv), "pid": pid, "type": "qemu"})
        return pid
    root = st.vmroot(vmid)
    cmd = argv[0] if argv else ""
    target = resolve_command(root, cmd)
    if target is None:
        raise PveError(f"VM {vmid} qmp command 'guest-exec' failed - Guest agent command failed, error was "
                       f"'Failed to execute child process \u201c{cmd}\u201d (No such file or directory)'\n")
    pid = 1000 + st.next_serial()
    qdir = st.p("qga", str(vmid))
    os.makedirs(qdir, exist_ok=True)
    stdin_file = "-"
    if input_data is not None:
        stdin_file = os.path.join(qdir, f"{pid}.stdin")
        with open(stdin_file, "wb") as fh:
            fh.write(input_data)
    env = {"PATH": f"{guest_bin_dir()}:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8",
           "PVESIM_GUEST_ROOT": root, "PVESIM_VMID": str(vmid), "PVESIM_IDMAP": "",
           "PVESIM_STATE": st.root, "PVESIM_GUEST_TYPE": "qemu"}
    for k in ("PVESIM_BACKEND", "PYTHONDONTWRITEBYTECODE", "PVESIM_PVE_VERSION", "PVESIM_PVE_MINOR"):
        if k in os.environ:
            env[k] = os.environ[k]
    runner = os.path.join(os.path.dirname(os.path.abspath(__file__)), "qga_run.py")
    status = os.path.join(qdir, f"{pid}.json")
    proc = subprocess.Popen([sys.executable, runner, status, root, stdin_file, str(QGA_OUTPUT_LIMIT), "--",
                             target] + list(argv[1:]), env=env, cwd=root, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    with open(os.path.join(qdir, f"{pid}.running"), "w") as fh:
        fh.write(f"{proc.pid}\n")
    st.append_log("exec.log", {"vmid": vmid, "argv": list(argv), "pid": pid, "type": "qemu"})
    return pid


def exec_status(st: State, vmid: int, conf: VmConfig, pid: int, consume: bool = True) -> dict:
    """guest-exec-status, decoded like qemu_exec_status (base64 -> bytes, booleans -> 1/0)."""
    assert_agent_available(st, vmid, conf)
    if _real(st, vmid):
        return _decode_status(_real_agent(st, vmid, "guest-exec-status", {"pid": int(pid)}))
    qdir = st.p("qga", str(vmid))
    status = os.path.join(qdir, f"{pid}.json")
    running = os.path.join(qdir, f"{pid}.running")
    if os.path.exists(status):
        try:
            with open(status) as fh:
                raw = json.load(fh)
        except ValueError:
            return {"exited": 0}
        if consume:
            for f in (status, running, os.path.join(qdir, f"{pid}.stdin")):
                try:
                    os.unlink(f)
                except FileNotFoundError:
                    pass
        return _decode_status({**raw, "exited": True})
    if os.path.exists(running):
        return {"exited": 0}
    raise PveError(f"VM {vmid} qmp command 'guest-exec-status' failed - Invalid parameter 'pid'\n")


def file_read(st: State, vmid: int, conf: VmConfig, path: str) -> dict:
    assert_agent_available(st, vmid, conf)
    if _real(st, vmid):  # qemu-server's file-read: open, read in 1 MiB chunks up to 16 MiB, close
        h = _real_agent(st, vmid, "guest-file-open", {"path": path, "mode": "r"})
        data = b""
        try:
            while len(data) <= 16 * 1024 * 1024:
                r = _real_agent(st, vmid, "guest-file-read", {"handle": h, "count": 1024 * 1024})
                data += base64.b64decode(r.get("buf-b64", ""))
                if r.get("eof"):
                    break
        finally:
            _real_agent(st, vmid, "guest-file-close", {"handle": h})
        res = {"content": data[:16 * 1024 * 1024].decode("latin-1")}
        if len(data) > 16 * 1024 * 1024:
            res["truncated"] = 1
        return res
    full = os.path.join(st.vmroot(vmid), path.lstrip("/"))
    try:
        with open(full, "rb") as fh:
            data = fh.read(16 * 1024 * 1024 + 1)
    except OSError as exc:
        raise PveError(f"VM {vmid} qmp command 'guest-file-open' failed - Guest agent command failed, "
                       f"error was 'failed to open file '{path}' (mode: 'r'): {exc.strerror}'\n")
    res = {"content": data[:16 * 1024 * 1024].decode("latin-1")}
    if len(data) > 16 * 1024 * 1024:
        res["truncated"] = 1
    return res


def file_write(st: State, vmid: int, conf: VmConfig, path: str, content: bytes) -> None:
    assert_agent_available(st, vmid, conf)
    if _real(st, vmid):
        h = _real_agent(st, vmid, "guest-file-open", {"path": path, "mode": "wb"})
        try:
            _real_agent(st, vmid, "guest-file-write", {"handle": h, "buf-b64": base64.b64encode(content).decode()})
        finally:
            _real_agent(st, vmid, "guest-file-close", {"handle": h})
        return
    full = os.path.join(st.vmroot(vmid), path.lstrip("/"))
    try:
        with open(full, "wb") as fh:
            fh.write(content)
    except OSError as exc:
        raise PveError(f"VM {vmid} qmp command 'guest-file-open' failed - Guest agent command failed, "
                       f"error was 'failed to open file '{path}' (mode: 'w'): {exc.strerror}'\n")


def pretty_json(data) -> str:
    """to_json($result, { pretty => 1, canonical => 1, utf8 => 1 })."""
    return json.dumps(data, indent=3, sort_keys=True, separators=(",", " : "), ensure_ascii=False) + "\n"
