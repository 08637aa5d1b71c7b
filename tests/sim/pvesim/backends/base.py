"""Container backends: what 'a container' is for the simulator.

The default 'dir' backend (PVESIM_BACKEND unset or 'dir') keeps each
container's root filesystem in <state>/rootfs/<vmid>/ and runs 'pct exec'
commands on the host with PVESIM_GUEST_ROOT pointing at that directory
(tests/sim/guest-bin/ provides guest-side tools that only touch it).
Bind mount points are simulated with a symlink at <rootfs>/<mp> pointing at
the host directory while the container runs.

PVESIM_BACKEND=lxc selects pvesim/backends/lxc.py (class Backend), which is
expected to implement the same interface against real LXC.
"""

from __future__ import annotations

import hashlib
import json
import os
import pwd
import grp
import shutil
import subprocess
import time
from typing import Callable, Dict, List, Optional, Tuple

from ..model.lxcconfig import Section, idmap_env, map_ct_id_to_host, parse_id_maps
from ..model.state import State, guest_bin_dir
from ..util import TaskFailed

IdMap = List[Tuple[str, int, int, int]]


class Backend:
    """Interface every backend implements. All paths are container-side unless noted."""

    name = "abstract"

    def create(self, st: State, vmid: int, conf: Section, template: dict,
               password: Optional[str], ssh_keys: Optional[str]) -> None:
        raise NotImplementedError

    def create_oci(self, st: State, vmid: int, conf: Section, layers: List[bytes],
                   volumes: List[str], out: Callable[[str], None]) -> None:
        """Unpack an OCI image's layers as the CT's rootfs (PVE 9.1, restore_oci_archive)."""
        raise TaskFailed(f"pvesim: OCI images are not supported by the '{self.name}' backend\n")

    def start(self, st: State, vmid: int, conf: Section) -> None:
        raise NotImplementedError

    def stop(self, st: State, vmid: int, conf: Section) -> None:
        raise NotImplementedError

    def destroy(self, st: State, vmid: int) -> None:
        raise NotImplementedError

    def hotplug_mount(self, st: State, vmid: int, conf: Section, key: str, mp: Dict[str, str]) -> None:
        raise NotImplementedError

    def exec(self, st: State, vmid: int, conf: Section, argv: List[str], keep_env: bool) -> int:
        raise NotImplementedError

    def push(self, st: State, vmid: int, conf: Section, src: str, dest: str,
             user: Optional[str], group: Optional[str], perms: Optional[int]) -> None:
        raise NotImplementedError

    def pull(self, st: State, vmid: int, conf: Section, src: str, dest: str,
             user: Optional[str], group: Optional[str], perms: Optional[int]) -> None:
        raise NotImplementedError

    # --- snapshots of the root filesystem --------------------------------------------------
    # Both container backends keep the CT's root filesystem (with its volume mount points) at
    # st.rootfs(vmid); a snapshot is a copy of it at rootfs_snapshot_dir(st, vmid, name).
    def snapshot_create(self, st: State, vmid: int, conf: Section, snapname: str) -> None:
        """Copy the root filesystem (pct snapshot; the CT may run)."""
        copy_rootfs_snapshot(st, vmid, snapname)

    def snapshot_check(self, st: State, vmid: int, snapname: str) -> None:
        """Raise TaskFailed unless there is a copy to roll back to."""
        check_rootfs_snapshot(st, vmid, snapname)

    def snapshot_rollback(self, st: State, vmid: int, conf: Section, snapname: str) -> None:
        """Make the root filesystem the snapshot's copy again (the CT is stopped)."""
        restore_rootfs_snapshot(st, vmid, snapname)

    def snapshot_delete(self, st: State, vmid: int, snapname: str) -> None:
        remove_rootfs_snapshot(st, vmid, snapname)

    def snapshot_purge(self, st: State, vmid: int) -> None:
        """All copies of the CT (pct destroy)."""
        remove_rootfs_snapshot(st, vmid, None)


def get_backend() -> Backend:
    name = os.environ.get("PVESIM_BACKEND", "dir") or "dir"
    if name == "dir":
        return DirBackend()
    if name == "lxc":
        try:
            from . import lxc as backend_lxc  # type: ignore[attr-defined]
        except ImportError as exc:
            raise RuntimeError(f"PVESIM_BACKEND=lxc but pvesim/backends/lxc.py is not usable: {exc}")
        return backend_lxc.Backend()
    raise RuntimeError(f"unknown PVESIM_BACKEND '{name}' (expected 'dir' or 'lxc')")


# --- ownership helpers ----------------------------------------------------------------

def set_owner(st: State, path: str, uid: int, gid: int) -> None:
    """chown as root; otherwise record the intended host owner in <state>/owners.json."""
    try:
        os.lchown(path, uid, gid)
        return
    except PermissionError:
        pass
    rec_path = st.p("owners.json")
    try:
        with open(rec_path) as fh:
            rec = json.load(fh)
    except (FileNotFoundError, ValueError):
        rec = {}
    rec[os.path.abspath(path)] = [uid, gid]
    with open(rec_path, "w") as fh:
        json.dump(rec, fh, indent=1, sort_keys=True)


def host_owner(st: State, path: str) -> Tuple[int, int]:
    """The host uid/gid of PATH (real stat, or the recorded owner when not root)."""
    try:
        with open(st.p("owners.json")) as fh:
            rec = json.load(fh)
        if os.path.abspath(path) in rec:
            uid, gid = rec[os.path.abspath(path)]
            return int(uid), int(gid)
    except (FileNotFoundError, ValueError):
        pass
    s = os.lstat(path)
    return s.st_uid, s.st_gid


# --- root filesystem snapshots -----------------------------------------------------------------

def rootfs_snapshot_dir(st: State, vmid: int, snapname: Optional[str] = None) -> str:
    """<state>/rootfs-snapshots/<vmid>[/<snapname>]"""
    return st.p("rootfs-snapshots", str(vmid), *([snapname] if snapname else []))


def copy_tree(src: str, dst: str) -> None:
    """DST becomes a copy of the directory SRC with owners, modes, times, xattrs, ACLs, hard
    links, device nodes, sparse files (`cp -a --reflink=auto`; DST must not exist)."""
    proc = subprocess.run(["cp", "-a", "--reflink=auto", "--no-target-directory", "--", src, dst],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        shutil.rmtree(dst, ignore_errors=True)
        raise TaskFailed(f"pvesim: copying '{src}' to '{dst}' failed: "
                         f"{proc.stderr.strip() or proc.returncode}\n")


def _owner_records(st: State, src: str, dst: Optional[str]) -> None:
    """owners.json (kept when not root): the recorded owners below DST are replaced by copies
    of those below SRC; with DST None, those below SRC are dropped."""
    path = st.p("owners.json")
    try:
        with open(path) as fh:
            rec = json.load(fh)
    except (FileNotFoundError, ValueError):
        return

    def below(k: str, top: str) -> bool:
        return k == top or k.startswith(top + "/")
    src = os.path.abspath(src)
    if dst is None:
        out = {k: v for k, v in rec.items() if not below(k, src)}
    else:
        dst = os.path.abspath(dst)
        out = {k: v for k, v in rec.items() if not below(k, dst)}
        out.update({dst + k[len(src):]: v for k, v in rec.items() if below(k, src)})
    if out != rec:
        with open(path, "w") as fh:
            json.dump(out, fh, indent=1, sort_keys=True)


def copy_rootfs_snapshot(st: State, vmid: int, snapname: str) -> None:
    root = st.rootfs(vmid)
    dst = rootfs_snapshot_dir(st, vmid, snapname)
    os.makedirs(os.path.dirname(dst), mode=0o700, exist_ok=True)
    os.chmod(st.p("rootfs-snapshots"), 0o700)
    tmp = dst + ".tmp"  # snapshot names have no '.'
    for leftover in (dst, tmp):
        if os.path.lexists(leftover):
            shutil.rmtree(leftover)
    if os.path.isdir(root):
        copy_tree(root, tmp)
    else:
        os.mkdir(tmp, 0o755)
    os.rename(tmp, dst)
    _owner_records(st, root, dst)


def check_rootfs_snapshot(st: State, vmid: int, snapname: str) -> None:
    path = rootfs_snapshot_dir(st, vmid, snapname)
    if not os.path.isdir(path):
        raise TaskFailed(f"pvesim: snapshot '{snapname}' of CT {vmid} has no copy of the root "
                         f"filesystem ({path} is missing; was it taken by another tool?)\n")


def restore_rootfs_snapshot(st: State, vmid: int, snapname: str) -> None:
    check_rootfs_snapshot(st, vmid, snapname)
    root = st.rootfs(vmid)
    src = rootfs_snapshot_dir(st, vmid, snapname)
    work = rootfs_snapshot_dir(st, vmid, ".rollback")
    if os.path.lexists(work):
        shutil.rmtree(work)
    os.mkdir(work, 0o700)
    copy_tree(src, os.path.join(work, "new"))
    if os.path.lexists(root):
        os.rename(root, os.path.join(work, "old"))
    os.rename(os.path.join(work, "new"), root)
    shutil.rmtree(work)  # the old tree: never follows symlinks
    _owner_records(st, src, root)


def remove_rootfs_snapshot(st: State, vmid: int, snapname: Optional[str]) -> None:
    path = rootfs_snapshot_dir(st, vmid, snapname)
    if os.path.lexists(path):
        shutil.rmtree(path)
    _owner_records(st, path, None)
    parent = rootfs_snapshot_dir(st, vmid)
    if snapname and os.path.isdir(parent) and not os.listdir(parent):
        os.rmdir(parent)


# --- the minimal Debian tree -------------------------------------------------------------

DEBIAN_PASSWD = """root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
games:x:5:60:games:/usr/games:/usr/sbin/nologin
man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin
proxy:x:13:13:proxy:/bin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin
irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin
_apt:x:42:65534::/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
systemd-network:x:998:998:systemd Network Management:/:/usr/sbin/nologin
systemd-timesync:x:997:997:systemd Time Synchronization:/:/usr/sbin/nologin
messagebus:x:100:107::/nonexistent:/usr/sbin/nologin
postfix:x:101:108::/var/spool/postfix:/usr/sbin/nologin
sshd:x:102:65534::/run/sshd:/usr/sbin/nologin
"""

# Debian 12's /etc/nsswitch.conf (base-files/libc-bin, as debootstrap leaves it).
DEBIAN_NSSWITCH = """# /etc/nsswitch.conf
#
# Example configuration of GNU Name Service Switch functionality.
# If you have the `glibc-doc-reference' and `info' packages installed, try:
# `info libc "Name Service Switch"' for information about this file.

passwd:         files
group:          files
shadow:         files
gshadow:        files

hosts:          files dns
networks:       files

protocols:      db files
services:       db files
ethers:         db files
rpc:            db files

netgroup:       nis
"""

DEBIAN_GROUP = """root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
news:x:9:
uucp:x:10:
man:x:12:
proxy:x:13:
kmem:x:15:
dialout:x:20:
fax:x:21:
voice:x:22:
cdrom:x:24:
floppy:x:25:
tape:x:26:
sudo:x:27:
audio:x:29:
dip:x:30:
www-data:x:33:
backup:x:34:
operator:x:37:
list:x:38:
irc:x:39:
src:x:40:
shadow:x:42:
utmp:x:43:
video:x:44:
sasl:x:45:
plugdev:x:46:
staff:x:50:
games:x:60:
users:x:100:
nogroup:x:65534:
systemd-journal:x:999:
systemd-network:x:998:
systemd-timesync:x:997:
input:x:101:
sgx:x:102:
kvm:x:103:
render:x:104:
crontab:x:105:
netdev:x:106:
messagebus:x:107:
postfix:x:108:
postdrop:x:109:
ssh:x:110:
"""

BASE_PACKAGES = [
    "adduser", "apt", "base-files", "base-passwd", "bash", "coreutils", "cron", "dbus",
    "debianutils", "dpkg", "ifupdown", "iproute2", "iputils-ping", "less", "locales",
    "login", "openssh-server", "passwd", "postfix", "procps", "sudo", "systemd",
    "systemd-sysv", "util-linux",
]

BASE_UNITS = {"cron.service": "active", "ssh.service": "active", "postfix.service": "active",
              "systemd-journald.service": "active", "networking.service": "active"}

OS_RELEASE = {
    "debian": ('PRETTY_NAME="Debian GNU/Linux {v} ({c})"\nNAME="Debian GNU/Linux"\nVERSION_ID="{v}"\n'
               'VERSION="{v} ({c})"\nVERSION_CODENAME={c}\nID=debian\nHOME_URL="https://www.debian.org/"\n'
               'SUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n'),
    "ubuntu": ('PRETTY_NAME="Ubuntu {v} LTS"\nNAME="Ubuntu"\nVERSION_ID="{v}"\nVERSION="{v} LTS ({c})"\n'
               'VERSION_CODENAME={c}\nID=ubuntu\nID_LIKE=debian\n'),
    "alpine": 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID={v}.0\nPRETTY_NAME="Alpine Linux v{v}"\n',
    "centos": 'NAME="Rocky Linux"\nVERSION="{v}"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="{v}"\n',
}

CODENAMES = {"11": "bullseye", "12": "bookworm", "13": "trixie", "22.04": "jammy", "24.04": "noble"}


def template_ostype(template: str) -> Tuple[str, str]:
    """(ostype, os version) detected from a template file name."""
    base = os.path.basename(template)
    for prefix, ostype in (("debian-", "debian"), ("ubuntu-", "ubuntu"), ("alpine-", "alpine"),
                           ("rockylinux-", "centos"), ("almalinux-", "centos"), ("centos-", "centos"),
                           ("fedora-", "fedora"), ("archlinux-", "archlinux"),
                           ("proxmox-mail-gateway", "debian")):
        if base.startswith(prefix):
            ver = base[len(prefix):].split("-")[0].split("_")[0]
            if prefix == "proxmox-mail-gateway":
                ver = "12"
            return ostype, ver
    return "unmanaged", ""


def _write(path: str, data: str, mode: int = 0o644) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as fh:
        fh.write(data)
    os.chmod(path, mode)


def fake_hash(password: str) -> str:
    """Never store the clear text: a salted, crypt-looking hash (not a real crypt(3) hash)."""
    salt = hashlib.sha256(os.urandom(16)).hexdigest()[:16]
    digest = hashlib.pbkdf2_hmac("sha512", password.encode(), salt.encode(), 1000).hex()[:86]
    return f"$6${salt}${digest}"


def network_interfaces(conf: Section) -> str:
    out = "auto lo\niface lo inet loopback\n"
    for i in range(32):
        net = conf.get(f"net{i}")
        if not net:
            continue
        d = dict(p.split("=", 1) for p in net.split(",") if "=" in p)
        name = d.get("name", f"eth{i}")
        ip = d.get("ip")
        if ip:
            out += f"\nauto {name}\n"
            if ip == "dhcp":
                out += f"iface {name} inet dhcp\n"
            elif ip == "manual":
                out += f"iface {name} inet manual\n"
            else:
                out += f"iface {name} inet static\n\taddress {ip}\n"
                if d.get("gw"):
                    out += f"\tgateway {d['gw']}\n"
    return out


def interfaces(vmid: int, conf: Section) -> List[Dict[str, str]]:
    """What 'ip -j addr' inside the CT reports: lo plus one entry per netN."""
    res = [{"name": "lo", "hwaddr": "00:00:00:00:00:00", "inet": "127.0.0.1/8", "inet6": "::1/128"}]
    for i in range(32):
        net = conf.get(f"net{i}")
        if not net:
            continue
        d = dict(p.split("=", 1) for p in net.split(",") if "=" in p)
        mac = d.get("hwaddr", "BC:24:11:00:00:00").lower()
        entry = {"name": d.get("name", f"eth{i}"), "hwaddr": mac}
        ip = d.get("ip")
        if ip == "dhcp":
            host = 10 + ((vmid + i * 37) % 240)
            entry["inet"] = f"198.51.100.{host}/24"
        elif ip and ip != "manual":
            entry["inet"] = ip
        ip6 = d.get("ip6")
        if ip6 and ip6 not in ("auto", "dhcp", "manual"):
            entry["inet6"] = ip6
        else:
            b = [int(x, 16) for x in mac.split(":")]
            b[0] ^= 2
            eui = [b[0], b[1], b[2], 0xFF, 0xFE, b[3], b[4], b[5]]
            groups = [f"{(eui[j] << 8) | eui[j + 1]:x}" for j in range(0, 8, 2)]
            entry["inet6"] = "fe80::" + ":".join(groups) + "/64"
        res.append(entry)
    return res


def populate_root(st: State, root: str, vmid: int, conf: Section, template: dict,
                  password: Optional[str], ssh_keys: Optional[str]) -> None:
    """(Re)create ROOT as the minimal Debian tree (also used for VM roots, see pvesim/ops/qemu.py)."""
    if os.path.exists(root):
        shutil.rmtree(root)
    os.makedirs(root)
    ostype, ver = template_ostype(template.get("template", ""))
    for d in ("bin", "dev", "etc", "home", "proc", "root", "run", "sbin", "srv", "sys", "tmp",
              "usr/bin", "usr/sbin", "usr/lib", "var/lib", "var/log", "var/tmp", "var/spool",
              "etc/systemd/system", "var/lib/pvesim/units"):
        os.makedirs(os.path.join(root, d), exist_ok=True)
    os.chmod(os.path.join(root, "tmp"), 0o1777)
    os.chmod(os.path.join(root, "root"), 0o700)
    _write(os.path.join(root, "etc/passwd"), DEBIAN_PASSWD)
    _write(os.path.join(root, "etc/group"), DEBIAN_GROUP)
    days = int(time.time() // 86400)
    shadow = ""
    for line in DEBIAN_PASSWD.splitlines():
        name = line.split(":")[0]
        pw = "*"
        if name == "root":
            pw = fake_hash(password) if password else "!"
        shadow += f"{name}:{pw}:{days}:0:99999:7:::\n"
    _write(os.path.join(root, "etc/shadow"), shadow, 0o640)
    gshadow = "".join(f"{line.split(':')[0]}:*::\n" for line in DEBIAN_GROUP.splitlines())
    _write(os.path.join(root, "etc/gshadow"), gshadow, 0o640)
    code = CODENAMES.get(ver, "")
    tmpl = OS_RELEASE.get(ostype, 'NAME="Linux"\nID=linux\n')
    _write(os.path.join(root, "etc/os-release"), tmpl.format(v=ver, c=code))
    _write(os.path.join(root, "etc/nsswitch.conf"), DEBIAN_NSSWITCH)
    if ostype == "debian":
        tv = str(template.get("version", "")).split("-")[0]
        _write(os.path.join(root, "etc/debian_version"), (tv or ver) + "\n")
    hostname = conf.get("hostname") or f"CT{vmid}"
    write_hostname(root, hostname)
    _write(os.path.join(root, "etc/network/interfaces"), network_interfaces(conf))
    _write(os.path.join(root, "etc/resolv.conf"),
           f"# --- BEGIN PVE ---\nsearch {conf.get('searchdomain') or 'example.org'}\n"
           f"nameserver {conf.get('nameserver') or '198.51.100.1'}\n# --- END PVE ---\n")
    if ssh_keys:
        _write(os.path.join(root, "root/.ssh/authorized_keys"), ssh_keys.rstrip("\n") + "\n", 0o600)
    _write(os.path.join(root, "var/lib/pvesim/packages"), "".join(p + "\n" for p in BASE_PACKAGES))
    for unit, state in BASE_UNITS.items():
        _write(os.path.join(root, "var/lib/pvesim/units", unit),
               json.dumps({"active": state, "enabled": "enabled"}) + "\n")
    _write(os.path.join(root, "var/lib/pvesim/ostype"), ostype + "\n")
    _, rootuid, rootgid = parse_id_maps(conf)
    if rootuid or rootgid:
        for dirpath, dirnames, filenames in os.walk(root):
            for name in [dirpath] + [os.path.join(dirpath, f) for f in filenames]:
                set_owner(st, name, rootuid, rootgid)


def write_hostname(root: str, hostname: str) -> None:
    DirBackend._write_hostname(root, hostname)


class DirBackend(Backend):
    name = "dir"

    # --- lifecycle ----------------------------------------------------------------------
    def create(self, st: State, vmid: int, conf: Section, template: dict,
               password: Optional[str], ssh_keys: Optional[str]) -> None:
        populate_root(st, st.rootfs(vmid), vmid, conf, template, password, ssh_keys)

    def create_oci(self, st: State, vmid: int, conf: Section, layers: List[bytes],
                   volumes: List[str], out: Callable[[str], None]) -> None:
        from ..model import oci
        root = st.rootfs(vmid)
        if os.path.exists(root):
            shutil.rmtree(root)
        os.makedirs(root)
        oci.extract_layers(layers, root)
        for path in volumes:
            out(f"creating base directory for volume at {path}")
            os.makedirs(os.path.join(root, path.lstrip("/")), exist_ok=True)
        _, rootuid, rootgid = parse_id_maps(conf)
        if rootuid or rootgid:
            for dirpath, _dirnames, filenames in os.walk(root):
                for name in [dirpath] + [os.path.join(dirpath, f) for f in filenames]:
                    set_owner(st, name, rootuid, rootgid)

    def oci_post_create(self, st: State, vmid: int, conf: Section) -> None:
        """post_create_hook of a managed OS (Debian, Alpine, ...): hostname, network, DNS."""
        root = st.rootfs(vmid)
        self._write_hostname(root, conf.get("hostname") or f"CT{vmid}")
        _write(os.path.join(root, "etc/network/interfaces"), network_interfaces(conf))
        _write(os.path.join(root, "etc/resolv.conf"),
               f"# --- BEGIN PVE ---\nsearch {conf.get('searchdomain') or 'example.org'}\n"
               f"nameserver {conf.get('nameserver') or '198.51.100.1'}\n# --- END PVE ---\n")

    @staticmethod
    def _write_hostname(root: str, hostname: str) -> None:
        _write(os.path.join(root, "etc/hostname"), hostname + "\n")
        _write(os.path.join(root, "etc/hosts"),
               "127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n"
               "ff02::1\t\tip6-allnodes\nff02::2\t\tip6-allrouters\n"
               f"# --- BEGIN PVE ---\n127.0.1.1 {hostname}\n# --- END PVE ---\n")

    def start(self, st: State, vmid: int, conf: Section) -> None:
        root = st.rootfs(vmid)
        os.makedirs(root, exist_ok=True)
        hostname = conf.get("hostname") or f"CT{vmid}"
        self._write_hostname(root, hostname)
        _write(os.path.join(root, "etc/network/interfaces"), network_interfaces(conf))
        rt = st.runtime(vmid)
        rt["mounts"] = {}
        st.set_runtime(vmid, rt)
        for i in range(256):
            value = conf.get(f"mp{i}")
            if not value:
                continue
            mp = _parse_mp(value)
            if mp["volume"].startswith("/"):
                self.hotplug_mount(st, vmid, conf, f"mp{i}", mp)
            else:
                self._volume_mount(st, vmid, conf, mp)

    def _volume_mount(self, st: State, vmid: int, conf: Section, mp: Dict[str, str]) -> None:
        _, rootuid, rootgid = parse_id_maps(conf)
        target = os.path.join(st.rootfs(vmid), mp["mp"].lstrip("/"))
        self._mkdirs(st, target, rootuid, rootgid)

    def _mkdirs(self, st: State, path: str, uid: int, gid: int) -> None:
        missing = []
        p = path
        while not os.path.lexists(p):
            missing.append(p)
            p = os.path.dirname(p)
        for d in reversed(missing):
            os.mkdir(d, 0o755)
            if uid or gid:
                set_owner(st, d, uid, gid)

    def hotplug_mount(self, st: State, vmid: int, conf: Section, key: str, mp: Dict[str, str]) -> None:
        _, rootuid, rootgid = parse_id_maps(conf)
        root = st.rootfs(vmid)
        target = os.path.join(root, os.path.normpath(mp["mp"]).lstrip("/"))
        self._mkdirs(st, os.path.dirname(target), rootuid, rootgid)
        shadow = None
        if os.path.islink(target):
            os.unlink(target)
        elif os.path.isdir(target):
            if os.listdir(target):
                shadow = os.path.join(root, ".pvesim-shadow", key)
                os.makedirs(os.path.dirname(shadow), exist_ok=True)
                if os.path.exists(shadow):
                    shutil.rmtree(shadow)
                os.rename(target, shadow)
            else:
                os.rmdir(target)
        os.symlink(mp["volume"], target)
        rt = st.runtime(vmid)
        rt.setdefault("mounts", {})[key] = {"target": mp["mp"], "source": mp["volume"], "shadow": shadow}
        st.set_runtime(vmid, rt)

    def stop(self, st: State, vmid: int, conf: Section) -> None:
        rt = st.runtime(vmid)
        _, rootuid, rootgid = parse_id_maps(conf)
        root = st.rootfs(vmid)
        for key, m in (rt.get("mounts") or {}).items():
            target = os.path.join(root, os.path.normpath(m["target"]).lstrip("/"))
            if os.path.islink(target):
                os.unlink(target)
            if m.get("shadow") and os.path.isdir(m["shadow"]):
                os.rename(m["shadow"], target)
            elif not os.path.exists(target):
                os.mkdir(target, 0o755)
                if rootuid or rootgid:
                    set_owner(st, target, rootuid, rootgid)
        shadow_dir = os.path.join(root, ".pvesim-shadow")
        if os.path.isdir(shadow_dir) and not os.listdir(shadow_dir):
            os.rmdir(shadow_dir)

    def destroy(self, st: State, vmid: int) -> None:
        root = st.rootfs(vmid)
        if os.path.isdir(root):
            # never follow the bind-mount symlinks into host directories
            shutil.rmtree(root)

    # --- exec / push / pull -----------------------------------------------------------------
    def exec(self, st: State, vmid: int, conf: Section, argv: List[str], keep_env: bool) -> int:
        root = st.rootfs(vmid)
        cmd = argv[0]
        target = None
        if cmd.startswith("/"):
            cand = os.path.join(root, cmd.lstrip("/"))
            if os.path.isfile(cand) and os.access(cand, os.X_OK):
                target = cand
        if target is None:
            base = os.path.basename(cmd)
            cand = os.path.join(guest_bin_dir(), base)
            if base and not base.startswith("_") and os.path.isfile(cand):
                target = cand
        if target is None:
            import sys
            sys.stderr.write(f"lxc-attach: {vmid}: ../src/lxc/attach.c: lxc_attach_run_command: "
                             f"1841 No such file or directory - Failed to exec \"{cmd}\"\n")
            sys.stderr.flush()
            return 127
        id_map, rootuid, rootgid = parse_id_maps(conf)
        gb = guest_bin_dir()
        if keep_env:
            env = dict(os.environ)
        else:
            env = {"TERM": os.environ.get("TERM", "linux"), "HOME": "/root"}
            for k in ("PVESIM_STATE", "PVESIM_BACKEND", "PYTHONDONTWRITEBYTECODE"):
                if k in os.environ:
                    env[k] = os.environ[k]
        env.update({
            "PVESIM_GUEST_ROOT": root,
            "PVESIM_VMID": str(vmid),
            "PVESIM_IDMAP": idmap_env(id_map),
            "PVESIM_STATE": st.root,
            "PATH": f"{gb}:/usr/sbin:/usr/bin:/sbin:/bin",
        })
        try:
            rc = subprocess.call([target] + list(argv[1:]), cwd=root, env=env)
        except OSError as exc:
            import sys
            sys.stderr.write(f"lxc-attach: {vmid}: ../src/lxc/attach.c: lxc_attach_run_command: "
                             f"1841 {exc.strerror} - Failed to exec \"{cmd}\"\n")
            return 126
        if rc < 0:
            rc = 128 - rc
        return rc

    def push(self, st: State, vmid: int, conf: Section, src: str, dest: str,
             user: Optional[str], group: Optional[str], perms: Optional[int]) -> None:
        root = st.rootfs(vmid)
        try:
            with open(src, "rb") as fh:
                data = fh.read()
        except OSError:
            raise TaskFailed(f"failed to open {src} for reading\n")
        id_map, rootuid, rootgid = parse_id_maps(conf)
        uid = gid = None
        if user is not None:
            uid = int(user) if user.isdigit() else _lookup(root, "etc/passwd", user)
            if uid is None:
                raise TaskFailed(f"failed to get uid for: {user}\n")
        if group is not None:
            gid = int(group) if group.isdigit() else _lookup(root, "etc/group", group)
            if gid is None:
                raise TaskFailed(f"failed to get gid for: {group}\n")
        cdest = dest if dest.startswith("/") else "/" + dest
        hpath = os.path.join(root, cdest.lstrip("/"))
        existed = os.path.lexists(hpath)
        try:
            with open(hpath, "wb") as fh:
                fh.write(data)
        except OSError as exc:
            raise TaskFailed(f"failed to create file: {dest}: {exc.strerror}\n")
        if existed:
            huid, hgid = host_owner(st, hpath)
            mode = perms
        else:
            huid, hgid = rootuid, rootgid
            umask = os.umask(0)
            os.umask(umask)
            mode = perms if perms is not None else (0o666 & ~umask)
        if mode is not None:
            os.chmod(hpath, mode)
        if uid is not None:
            if id_map and not _mapped(uid, id_map, "u"):
                raise TaskFailed("failed to change file owner: Invalid argument\n")
            huid = map_ct_id_to_host(uid, id_map, "u")
        if gid is not None:
            if id_map and not _mapped(gid, id_map, "g"):
                raise TaskFailed("failed to change file owner: Invalid argument\n")
            hgid = map_ct_id_to_host(gid, id_map, "g")
        set_owner(st, hpath, huid, hgid)

    def pull(self, st: State, vmid: int, conf: Section, src: str, dest: str,
             user: Optional[str], group: Optional[str], perms: Optional[int]) -> None:
        root = st.rootfs(vmid)
        hsrc = os.path.join(root, src.lstrip("/"))
        uid = gid = None
        if user is not None:
            try:
                uid = int(user) if user.isdigit() else pwd.getpwnam(user).pw_uid
            except KeyError:
                raise TaskFailed(f"failed to get uid for: {user}\n")
        if group is not None:
            try:
                gid = int(group) if group.isdigit() else grp.getgrnam(group).gr_gid
            except KeyError:
                raise TaskFailed(f"failed to get gid for: {group}\n")
        try:
            fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        except OSError as exc:
            raise TaskFailed(f"failed to create file: {dest}: {exc.strerror}\n")
        try:
            if perms is not None:
                os.fchmod(fd, perms)
            if uid is not None or gid is not None:
                s = os.fstat(fd)
                os.fchown(fd, uid if uid is not None else s.st_uid, gid if gid is not None else s.st_gid)
            try:
                with open(hsrc, "rb") as fh:
                    os.write(fd, fh.read())
            except OSError as exc:
                raise TaskFailed(f"failed to open {src}: {exc.strerror}\n")
        finally:
            os.close(fd)


def _mapped(cid: int, id_map: IdMap, typ: str) -> bool:
    return any(t == typ and ct <= cid < ct + n for t, ct, _h, n in id_map)


def _lookup(root: str, rel: str, name: str) -> Optional[int]:
    try:
        with open(os.path.join(root, rel)) as fh:
            for line in fh:
                parts = line.rstrip("\n").split(":")
                if parts and parts[0] == name and len(parts) > 2:
                    return int(parts[2])
    except OSError:
        return None
    return None


def _parse_mp(value: str) -> Dict[str, str]:
    res: Dict[str, str] = {}
    for part in value.split(","):
        if "=" in part:
            k, v = part.split("=", 1)
            res[k] = v
        elif part:
            res["volume"] = part
    return res
