"""pvesim `lxc` backend: run simulated PVE containers as real (unprivileged) LXC containers.

Selected with ``PVESIM_BACKEND=lxc``.  The simulator's ``pct`` keeps the PVE-side state
(``/etc/pve/lxc/<vmid>.conf`` in its own root); this backend turns that config into a real LXC
container under a private lxcpath (``<state_dir>/lxc``), so that ``pct exec`` runs real
programs (smbd) in a real user namespace with the config's idmap and bind mounts.

What it does, per PVE key (see docs/lxc-lab.md for the measurements behind this):

* ``unprivileged: 1`` -> ``lxc.include = userns.conf`` plus an idmap: the raw ``lxc.idmap``
  lines if there are any, otherwise PVE's default ``u 0 100000 65536`` / ``g 0 100000 65536``.
  Without ``unprivileged: 1`` the container is privileged (no idmap).
* the root filesystem is a copy of a cached Debian 12 + Samba tree
  (``tests/sim/build-lxc-rootfs.sh`` -> /var/cache/pvesmbgw-test/rootfs-bookworm-samba-ad), chowned
  through the container's idmap (what ``pct create`` does by extracting the template inside the
  user namespace).  PID 1 is LXC's own ``init.lxc.static`` running ``sleep infinity``: there is
  no systemd; daemons are started with ``exec`` (``smbd -D``).  With ``init="systemd"`` the
  container boots the rootfs's systemd instead (0.3 s to "degraded": only
  sys-kernel-debug.mount fails), ``start()`` waits for it, and ``systemctl`` works inside.
* ``mpN: /host/path,mp=/ct/path[,ro=1][,mountoptions=...]`` -> bind mounts that are *injected
  after start* as host root (open_tree + setns + move_mount, the mechanism PVE uses for hot-plug),
  not ``lxc.mount.entry``: LXC resolves mount entries as the container's root (host uid 100000),
  which fails on a source below a 0700 directory, whereas PVE mounts them as host root.
  ``hotplug_mount()`` uses the same code on a running container.
* ``netN: name=,bridge=,ip=CIDR|dhcp|manual,gw=,hwaddr=,mtu=,link_down=`` -> a veth
  (host side ``veth<vmid>i<N>``, as PVE names it) on the host bridge (``bridge_map`` renames
  PVE bridges, e.g. vmbr0 -> br-pvgwt).  The address is configured by LXC.  There is no DHCP
  server: ``ip=dhcp`` gets the static address ``dhcp_address(vmid, subnet, N)``, i.e. host
  number ``10 + (vmid + 37 N) % 240`` in ``dhcp_subnet`` (198.51.100.0/24: vmid 100, net0 ->
  198.51.100.110), the address the `dir` backend reports for ip=dhcp.
  ``gw`` is ignored unless ``apply_gateway=True`` (the test bridge has no uplink; a default
  route would only matter on a host that forwards).  Addresses outside ``allowed_subnets`` and
  bridges with a physical port are refused, so a test cannot put a container on a real network.
  ``tag``, ``trunks``, ``rate``, ``firewall`` and ``ip6`` are ignored.
* ``hostname`` -> ``lxc.uts.name`` (default ``CT<vmid>``); ``memory``/``swap`` (MiB, default
  512/512) -> memory cgroup limits; ``cores`` -> cpuset ``0-(n-1)``; ``cpulimit``, ``cpuunits``
  -> cpu cgroup.  Raw ``lxc.*`` lines other than ``lxc.idmap`` are appended verbatim.

ID-map checks (/etc/subuid, /etc/subgid): LXC started by root uses ``newuidmap``/``newgidmap``
when they are installed (package ``uidmap``), and then insists that *root* owns every host
range in /etc/subuid and /etc/subgid (``root:100000:65536`` plus ``root:2000:1`` for a
passthrough of 2000) -- exactly the PVE wiki's advice.  Without them LXC writes the maps itself
and checks nothing.  ``subid_files=None`` (default) starts LXC with a PATH that hides newuidmap,
so no host file is needed or touched.  ``subid_files=(subuid, subgid)`` enforces the PVE rule
against those (simulated) files: with newuidmap installed they are bind-mounted over
/etc/subuid and /etc/subgid in a private mount namespace for ``lxc-start`` only (the real
newuidmap checks them); without it the backend applies the same rule itself.

Names: the LXC container is named ``str(vmid)``; its cgroups live below
``pvesim-<tag>/`` (``tag`` derived from the lxcpath) so that concurrent simulators do not
collide there.  veth names do collide between simulators that run the same vmid at the same
time; give them different vmids or a different ``veth_prefix``.

Two layers:

* ``LxcBackend(state_dir, ...)``: the real work, usable on its own (tests/lib/lxc_env.py):
  ``create(vmid, conf, rootfs_dir=None)``, ``start(vmid, conf)``, ``stop(vmid, timeout=None)``,
  ``destroy(vmid)``, ``status(vmid)``, ``exec(vmid, argv, stdin=None) -> (rc, out, err)``,
  ``exec_passthrough(vmid, argv, keep_env)``, ``push(vmid, src, dest, uid, gid, mode)``,
  ``pull(vmid, src, dest)``, ``hotplug_mount(vmid, host_path, ct_path, ro=False)``,
  ``hotplug_unmount(vmid, ct_path, lazy=False)``, ``mounts(vmid)``, ``names()``, ``cleanup()``.
  ``conf`` is the config file text, a ``pvesim.model.lxcconfig`` LxcConfig/Section, or a dict.
  Errors raise ``BackendError``.
* ``Backend``: the interface of ``pvesim.backends.base.Backend`` (what ``get_backend()`` returns for
  ``PVESIM_BACKEND=lxc``) on top of ``sim_backend(state root)``; errors become ``TaskFailed``.
  Settings come from the environment: ``PVESIM_LXC_BRIDGE_MAP`` (default ``vmbr0=br-pvgwt``),
  ``PVESIM_LXC_INIT`` (``minimal``/``systemd``), ``PVESIM_LXC_SUBNET``, ``PVESIM_LXC_CACHE``.
  The simulator state directory must be searchable by host uid 100000 (mode 0755 up to /).
  ``cleanup_state(state root)`` stops and destroys its real containers.

The module only uses the standard library and runs on /usr/bin/python3.  Executed as a script it
is the small mount helper the backend spawns (``--inject`` / ``--detach``).
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import ipaddress
import os
import re
import shutil
import stat
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping, Optional, Sequence, Union

PYTHON = "/usr/bin/python3"
CACHE_DIR = Path(os.environ.get("PVESIM_LXC_CACHE", "/var/cache/pvesmbgw-test"))
TEMPLATE_NAME = "rootfs-bookworm-samba-ad"
TEMPLATE_STAMP = ".pvesim-rootfs"
TEMPLATE_VERSION = "3"                    # VERSION in build-lxc-rootfs.sh
BUILD_SCRIPT = Path(__file__).resolve().parents[2] / "build-lxc-rootfs.sh"
LXC_CONFIG_DIR = Path("/usr/share/lxc/config")
INIT_SRC = Path("/usr/sbin/init.lxc.static")
INIT_IN_CT = "/usr/sbin/init.pvesim"      # a copy of init.lxc.static placed in every rootfs
DEFAULT_IDMAP = ("u 0 100000 65536", "g 0 100000 65536")
CGROUP_ROOT = Path("/sys/fs/cgroup")
MAX_NET = 32
MAX_MP = 256

ConfLike = Union[str, Mapping[str, object], "PveConf", object]


# ---------------------------------------------------------------------------------------------
# errors and the interface
# ---------------------------------------------------------------------------------------------


class BackendError(RuntimeError):
    """A backend operation failed; the message is meant for the simulated pct's stderr."""


class NoSuchContainer(BackendError):
    pass


class NotRunning(BackendError):
    pass


class AlreadyRunning(BackendError):
    pass


# ---------------------------------------------------------------------------------------------
# PVE config parsing
# ---------------------------------------------------------------------------------------------


@dataclass
class PveConf:
    """The current section of /etc/pve/lxc/<vmid>.conf: plain keys and raw ``lxc.*`` lines
    (in file order, like PVE's ``$conf->{lxc}``)."""

    keys: dict[str, str] = field(default_factory=dict)
    raw: list[tuple[str, str]] = field(default_factory=list)

    def get(self, key: str, default: Optional[str] = None) -> Optional[str]:
        return self.keys.get(key, default)


_RAW_RE = re.compile(r"^(lxc\.[A-Za-z0-9_.\-]+)\s*[:=]\s*(.*)$")
_KEY_RE = re.compile(r"^([a-z][a-z0-9_\-]*)\s*:\s*(.*)$")


def parse_pve_conf(text: str) -> PveConf:
    """Parse the key: value format.  Stops at the first ``[section]`` (snapshots, pending);
    ``#`` lines (the description) are skipped."""
    conf = PveConf()
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            break
        m = _RAW_RE.match(line)
        if m:
            conf.raw.append((m.group(1), m.group(2).strip()))
            continue
        m = _KEY_RE.match(line)
        if not m:
            raise BackendError(f"unable to parse config line: {line}")
        conf.keys[m.group(1)] = m.group(2).strip()
    return conf


def coerce_conf(conf: ConfLike) -> PveConf:
    """Accept the config file text, a PveConf, pvesim.model.lxcconfig's LxcConfig/Section, or a mapping.
    In a mapping, raw lines may be
    given as ``{"lxc": [("lxc.idmap", "u 0 ..."), ...]}`` (PVE's internal form) or as
    ``{"lxc.idmap": "u 0 ..." | ["u 0 ...", ...]}``; other values are converted with str()."""
    if isinstance(conf, PveConf):
        return conf
    if isinstance(conf, str):
        return parse_pve_conf(conf)
    # pvesim.model.lxcconfig: an LxcConfig (its main section is used) or a Section
    section = getattr(conf, "main", conf)
    if hasattr(section, "values") and hasattr(section, "lxc") and not callable(section.values):
        return PveConf(keys={str(k): str(v) for k, v in section.values.items()},
                       raw=[(str(k), str(v)) for k, v in section.lxc])
    out = PveConf()
    for key, value in conf.items():
        if key == "lxc":
            for item in value:  # type: ignore[attr-defined]
                k, v = item
                out.raw.append((str(k), str(v)))
        elif key.startswith("lxc."):
            values = value if isinstance(value, (list, tuple)) else [value]
            out.raw.extend((key, str(v)) for v in values)
        elif value is not None:
            out.keys[key] = str(value)
    return out


def parse_property_string(text: str, default_key: Optional[str] = None) -> dict[str, str]:
    """``/srv/x,mp=/y,ro=1`` -> {default_key: '/srv/x', 'mp': '/y', 'ro': '1'}."""
    out: dict[str, str] = {}
    for part in text.split(","):
        if not part:
            continue
        if "=" in part:
            k, v = part.split("=", 1)
            out[k.strip()] = v.strip()
        elif default_key is not None and default_key not in out:
            out[default_key] = part.strip()
        else:
            raise BackendError(f"unable to parse property string '{text}'")
    return out


def _true(value: Optional[str]) -> bool:
    return value is not None and value.strip().lower() in ("1", "yes", "on", "true")


# ---------------------------------------------------------------------------------------------
# id maps
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IdMapEntry:
    kind: str   # "u" or "g"
    ct: int
    host: int
    count: int

    def __str__(self) -> str:
        return f"{self.kind} {self.ct} {self.host} {self.count}"


def parse_idmap_line(value: str) -> IdMapEntry:
    parts = value.split()
    if len(parts) != 4 or parts[0] not in ("u", "g") or not all(p.isdigit() for p in parts[1:]):
        raise BackendError(f"failed to parse idmap: {value}")
    entry = IdMapEntry(parts[0], int(parts[1]), int(parts[2]), int(parts[3]))
    if entry.count < 1:
        raise BackendError(f"failed to parse idmap: {value}")
    return entry


def idmap_of(conf: PveConf) -> Optional[list[IdMapEntry]]:
    """The container's id map, or None for a privileged container."""
    if not _true(conf.get("unprivileged")):
        return None
    lines = [v for k, v in conf.raw if k in ("lxc.idmap", "lxc.id_map")]
    entries = [parse_idmap_line(v) for v in (lines or DEFAULT_IDMAP)]
    for kind in ("u", "g"):
        ranges = sorted((e.ct, e.ct + e.count, e.host, e.host + e.count)
                        for e in entries if e.kind == kind)
        if not any(lo <= 0 < hi for lo, hi, _, _ in ranges):
            raise BackendError(f"idmap does not map container {kind}id 0")
        for (lo1, hi1, h1, hh1), (lo2, hi2, h2, hh2) in zip(ranges, ranges[1:]):
            if lo2 < hi1:
                raise BackendError(f"overlapping container {kind}id ranges in idmap")
        hosts = sorted((h, hh) for _, _, h, hh in ranges)
        for (a1, b1), (a2, b2) in zip(hosts, hosts[1:]):
            if a2 < b1:
                raise BackendError(f"overlapping host {kind}id ranges in idmap")
    return entries


def map_to_host(idmap: Optional[Sequence[IdMapEntry]], kind: str, ct_id: int) -> Optional[int]:
    """Host id for container id ``ct_id`` (None if unmapped; identity when privileged)."""
    if idmap is None:
        return ct_id
    for e in idmap:
        if e.kind == kind and e.ct <= ct_id < e.ct + e.count:
            return e.host + (ct_id - e.ct)
    return None


def read_subid(path: Path) -> list[tuple[str, int, int]]:
    out = []
    try:
        text = path.read_text()
    except FileNotFoundError:
        return out
    for line in text.splitlines():
        parts = line.strip().split(":")
        if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
            out.append((parts[0], int(parts[1]), int(parts[2])))
    return out


def check_subid(idmap: Sequence[IdMapEntry], subuid: Path, subgid: Path,
                owner: str = "root") -> None:
    """Apply newuidmap's rule: every host range of the map must lie in one of owner's ranges.
    Raises with newuidmap's wording."""
    for kind, path in (("u", subuid), ("g", subgid)):
        allowed = [(s, s + n) for name, s, n in read_subid(path) if name in (owner, "0")]
        for e in idmap:
            if e.kind != kind:
                continue
            if not any(lo <= e.host and e.host + e.count <= hi for lo, hi in allowed):
                word = "uid" if kind == "u" else "gid"
                raise BackendError(
                    f"new{word}map: {word} range [{e.ct}-{e.ct + e.count}) -> "
                    f"[{e.host}-{e.host + e.count}) not allowed (no '{owner}:{e.host}:{e.count}' "
                    f"range in {path})")


# ---------------------------------------------------------------------------------------------
# translation PVE -> LXC
# ---------------------------------------------------------------------------------------------


@dataclass
class NetSpec:
    index: int
    name: str
    bridge: str
    hwaddr: Optional[str]
    ipv4: Optional[str]          # CIDR, after dhcp mapping
    gw: Optional[str]
    mtu: Optional[str]
    up: bool
    dhcp: bool


@dataclass
class MountSpec:
    key: str                     # mp0 ...
    host_path: Optional[Path]    # None: storage volume without a host path (an empty dir)
    ct_path: str
    ro: bool
    options: tuple[str, ...]     # noatime/nodev/nosuid/noexec from mountoptions=


@dataclass
class LxcPlan:
    name: str
    config: str
    idmap: Optional[list[IdMapEntry]]
    nets: list[NetSpec]
    mounts: list[MountSpec]


def _cgroup_layout() -> str:
    """'v1' if the memory controller is on a legacy hierarchy (hybrid hosts), else 'v2'."""
    if (CGROUP_ROOT / "memory" / "memory.limit_in_bytes").exists():
        return "v1"
    return "v2"


def _check_ct_path(path: str, what: str) -> str:
    if not path.startswith("/") or re.search(r"(^|/)\.\.?(/|$)", path):
        raise BackendError(f"{what} '{path}' contains illegal character sequences")
    return path


_MOUNT_OPTS = ("noatime", "nodev", "nosuid", "noexec")


def translate(vmid: int, conf: PveConf, *, rootfs: Path, lxcpath: Path, tag: str,
              bridge_map: Mapping[str, str], dhcp_subnet: str, apply_gateway: bool,
              veth_prefix: str = "veth", log_level: str = "WARN",
              volume_resolver: Optional[Callable[[str], Optional[Path]]] = None,
              cgroup_layout: Optional[str] = None, init: str = "minimal") -> LxcPlan:
    """Build the LXC config text (and the mounts/nets to apply) for one container."""
    name = str(vmid)
    layout = cgroup_layout or _cgroup_layout()
    idmap = idmap_of(conf)
    lines: list[str] = [
        f"# generated by pvesim backend_lxc from the PVE config of CT {vmid}",
        "lxc.arch = amd64",
        f"lxc.include = {LXC_CONFIG_DIR / 'common.conf'}",
    ]
    if idmap is not None:
        lines.append(f"lxc.include = {LXC_CONFIG_DIR / 'userns.conf'}")
        lines.extend(f"lxc.idmap = {e}" for e in idmap)
    lines += [
        "lxc.apparmor.profile = unconfined",
        "lxc.monitor.unshare = 1",
        "lxc.tty.max = 2",
        "lxc.environment = TERM=linux",
        f"lxc.uts.name = {conf.get('hostname') or f'CT{vmid}'}",
        f"lxc.rootfs.path = dir:{rootfs}",
        ("lxc.init.cmd = /sbin/init" if init == "systemd" else
         f"lxc.init.cmd = {INIT_IN_CT} -n {name} -- /bin/sleep infinity"),
        f"lxc.cgroup.dir.monitor = pvesim-{tag}/lxc.monitor/{name}",
        f"lxc.cgroup.dir.monitor.pivot = pvesim-{tag}/lxc.pivot",
        f"lxc.cgroup.dir.container = pvesim-{tag}/lxc/{name}",
        f"lxc.log.file = {lxcpath / name / (name + '.log')}",
        f"lxc.log.level = {log_level}",
    ]

    memory = int(conf.get("memory") or 512)
    swap = int(conf.get("swap") or 512)
    if memory < 16:
        raise BackendError("memory: value must have a minimum value of 16")
    mem_b, memsw_b = memory * 1024 * 1024, (memory + swap) * 1024 * 1024
    cores = conf.get("cores")
    cpulimit = float(conf.get("cpulimit") or 0)
    ncpu = os.cpu_count() or 1
    if layout == "v1":
        lines.append(f"lxc.cgroup.memory.limit_in_bytes = {mem_b}")
        if (CGROUP_ROOT / "memory" / "memory.memsw.limit_in_bytes").exists():
            lines.append(f"lxc.cgroup.memory.memsw.limit_in_bytes = {memsw_b}")
        if cores:
            lines.append(f"lxc.cgroup.cpuset.cpus = 0-{min(int(cores), ncpu) - 1}")
        if cpulimit > 0:
            lines.append("lxc.cgroup.cpu.cfs_period_us = 100000")
            lines.append(f"lxc.cgroup.cpu.cfs_quota_us = {int(cpulimit * 100000)}")
        if conf.get("cpuunits"):
            lines.append(f"lxc.cgroup.cpu.shares = {int(conf.get('cpuunits') or 1024)}")
    else:
        lines.append(f"lxc.cgroup2.memory.max = {mem_b}")
        lines.append(f"lxc.cgroup2.memory.swap.max = {swap * 1024 * 1024}")
        if cores:
            lines.append(f"lxc.cgroup2.cpuset.cpus = 0-{min(int(cores), ncpu) - 1}")
        if cpulimit > 0:
            lines.append(f"lxc.cgroup2.cpu.max = {int(cpulimit * 100000)} 100000")
        if conf.get("cpuunits"):
            lines.append(f"lxc.cgroup2.cpu.weight = {int(conf.get('cpuunits') or 100)}")

    nets: list[NetSpec] = []
    for i in range(MAX_NET):
        value = conf.get(f"net{i}")
        if value is None:
            continue
        p = parse_property_string(value)
        if "name" not in p:
            raise BackendError(f"net{i}: missing property - 'name'")
        if p.get("type", "veth") != "veth":
            raise BackendError(f"net{i}: type '{p['type']}' is not supported")
        bridge = p.get("bridge")
        ip = p.get("ip")
        dhcp = ip == "dhcp"
        if dhcp:
            ipv4: Optional[str] = dhcp_address(vmid, dhcp_subnet, i)
        elif ip in (None, "manual"):
            ipv4 = None
        else:
            try:
                ipaddress.ip_interface(ip)  # type: ignore[arg-type]
            except ValueError:
                raise BackendError(f"net{i}: invalid ip '{ip}'") from None
            if "/" not in ip:  # type: ignore[operator]
                raise BackendError(f"net{i}: ip '{ip}' needs a prefix length (CIDR)")
            ipv4 = ip
        nets.append(NetSpec(index=i, name=p["name"],
                            bridge=bridge_map.get(bridge, bridge) if bridge else "",
                            hwaddr=p.get("hwaddr"), ipv4=ipv4, gw=p.get("gw"), mtu=p.get("mtu"),
                            up=not _true(p.get("link_down")), dhcp=dhcp))
    for n in nets:
        k = f"lxc.net.{n.index}"
        veth = f"{veth_prefix}{vmid}i{n.index}"
        if len(veth) > 15:
            raise BackendError(f"host interface name '{veth}' is longer than 15 characters")
        lines += [f"{k}.type = veth", f"{k}.veth.pair = {veth}", f"{k}.name = {n.name}",
                  f"{k}.flags = {'up' if n.up else 'down'}"]
        if n.bridge:
            lines.append(f"{k}.link = {n.bridge}")
        if n.hwaddr:
            lines.append(f"{k}.hwaddr = {n.hwaddr}")
        if n.mtu:
            lines.append(f"{k}.mtu = {n.mtu}")
        if n.ipv4:
            lines.append(f"{k}.ipv4.address = {n.ipv4}")
            if n.gw and apply_gateway:
                lines.append(f"{k}.ipv4.gateway = {n.gw}")

    mounts: list[MountSpec] = []
    for i in range(MAX_MP):
        value = conf.get(f"mp{i}")
        if value is None:
            continue
        p = parse_property_string(value, default_key="volume")
        if "volume" not in p or "mp" not in p:
            raise BackendError(f"mp{i}: missing property - 'mp'")
        volume = p["volume"]
        if volume.startswith("/"):
            host = Path(_check_ct_path(volume, f"mp{i}"))
        elif volume_resolver is not None:
            resolved = volume_resolver(volume)
            host = Path(resolved) if resolved is not None else None
        else:
            host = None     # like the dir backend: only the mount point directory is created
        opts = tuple(o for o in p.get("mountoptions", "").split(";") if o)
        bad = [o for o in opts if o not in _MOUNT_OPTS]
        if bad:
            raise BackendError(f"mp{i}: unsupported mountoptions {bad}")
        mounts.append(MountSpec(key=f"mp{i}", host_path=host,
                                ct_path=_check_ct_path(p["mp"], f"mp{i}"),
                                ro=_true(p.get("ro")), options=opts))
    if len({m.ct_path for m in mounts}) != len(mounts):
        raise BackendError("duplicate mount point paths")

    # Raw lxc.* lines last, in file order (idmap already handled above).
    for key, value in conf.raw:
        if key not in ("lxc.idmap", "lxc.id_map"):
            lines.append(f"{key} = {value}")
    return LxcPlan(name=name, config="\n".join(lines) + "\n", idmap=idmap, nets=nets, mounts=mounts)


def dhcp_address(vmid: int, subnet: str, index: int = 0) -> str:
    """The static address that stands in for ip=dhcp on net<index>: host number
    10 + (vmid + 37 * index) % 240 (the same as the `dir` backend's ``interfaces()``)."""
    net = ipaddress.ip_network(subnet)
    if net.num_addresses < 256:
        raise BackendError(f"dhcp_subnet {subnet} must be a /24 or larger")
    return f"{net.network_address + 10 + (vmid + 37 * index) % 240}/{net.prefixlen}"


# ---------------------------------------------------------------------------------------------
# rootfs
# ---------------------------------------------------------------------------------------------


def template_path() -> Path:
    return CACHE_DIR / TEMPLATE_NAME


def template_ready(template: Optional[Path] = None) -> bool:
    """The rootfs is complete and was built by the current version of the build script."""
    try:
        stamp = ((template or template_path()) / TEMPLATE_STAMP).read_text()
    except OSError:
        return False
    return f"version={TEMPLATE_VERSION}" in stamp.splitlines()


def ensure_template(timeout: float = 900) -> Path:
    """Build the cached Debian+Samba rootfs with build-lxc-rootfs.sh unless it is there."""
    if template_ready():
        return template_path()
    proc = subprocess.run(["/bin/sh", str(BUILD_SCRIPT)], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "PVESIM_LXC_CACHE": str(CACHE_DIR)})
    if proc.returncode != 0 or not template_ready():
        raise BackendError(f"building the LXC rootfs failed (rc={proc.returncode}): "
                           f"{proc.stderr.strip()[-2000:]}")
    return template_path()


def shift_tree(root: Path, idmap: Sequence[IdMapEntry]) -> int:
    """chown every entry below root from container ids to host ids (like extracting the
    template inside the user namespace).  Keeps setuid/setgid bits (chown clears them) and maps
    the ids in POSIX ACLs (Debian's /var/log/journal has one).  File capabilities
    (security.capability xattrs) would be lost; the Debian minbase+samba tree has none.
    Returns the number of inodes changed."""
    seen: set[tuple[int, int]] = set()
    count = 0

    def one(path: str) -> None:
        nonlocal count
        st = os.lstat(path)
        if st.st_nlink > 1 and not stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in seen:
                return
            seen.add(key)
        uid = map_to_host(idmap, "u", st.st_uid)
        gid = map_to_host(idmap, "g", st.st_gid)
        if uid is None or gid is None:
            raise BackendError(f"{path}: owner {st.st_uid}:{st.st_gid} is not mapped by the idmap")
        os.lchown(path, uid, gid)
        if not stat.S_ISLNK(st.st_mode) and st.st_mode & 0o6000:
            os.chmod(path, stat.S_IMODE(st.st_mode))
        if not stat.S_ISLNK(st.st_mode):
            _shift_acls(path, idmap)
        count += 1

    for dirpath, dirnames, filenames in os.walk(root):
        one(dirpath)
        for n in filenames:
            one(os.path.join(dirpath, n))
        for n in dirnames:
            p = os.path.join(dirpath, n)
            if os.path.islink(p):
                one(p)
    return count


_ACL_XATTRS = ("system.posix_acl_access", "system.posix_acl_default")
_ACL_USER, _ACL_GROUP = 0x02, 0x08


def _shift_acls(path: str, idmap: Sequence[IdMapEntry]) -> None:
    """Map the uid/gid of named ACL entries (xattr format: u32 version, then u16 tag, u16 perm,
    u32 id per entry)."""
    try:
        names = os.listxattr(path, follow_symlinks=False)
    except OSError:
        return
    for name in _ACL_XATTRS:
        if name not in names:
            continue
        raw = bytearray(os.getxattr(path, name, follow_symlinks=False))
        for off in range(4, len(raw) - 7, 8):
            tag = int.from_bytes(raw[off:off + 2], "little")
            if tag in (_ACL_USER, _ACL_GROUP):
                old = int.from_bytes(raw[off + 4:off + 8], "little")
                new = map_to_host(idmap, "u" if tag == _ACL_USER else "g", old)
                if new is None:
                    raise BackendError(f"{path}: ACL id {old} is not mapped by the idmap")
                raw[off + 4:off + 8] = new.to_bytes(4, "little")
        os.setxattr(path, name, bytes(raw), follow_symlinks=False)


def _unsearchable_parent(path: Path, uid: int, gid: int) -> Optional[Path]:
    """First ancestor of path that host uid/gid (the container's root) cannot traverse."""
    for parent in [path, *path.parents]:
        try:
            st = parent.stat()
        except FileNotFoundError:
            continue
        if st.st_uid == uid:
            ok = st.st_mode & stat.S_IXUSR
        elif st.st_gid == gid:
            ok = st.st_mode & stat.S_IXGRP
        else:
            ok = st.st_mode & stat.S_IXOTH
        if not ok:
            return parent
    return None


# ---------------------------------------------------------------------------------------------
# mount injection (runs in a helper process: setns() needs a single-threaded caller)
# ---------------------------------------------------------------------------------------------

_SYS_OPEN_TREE = 428
_SYS_MOVE_MOUNT = 429
_SYS_MOUNT_SETATTR = 442
_OPEN_TREE_CLONE = 1
_AT_FDCWD = -100
_AT_EMPTY_PATH = 0x1000
_AT_RECURSIVE = 0x8000
_MOVE_MOUNT_F_EMPTY_PATH = 0x4
_CLONE_NEWNS = 0x20000
_MNT_DETACH = 2
_MOUNT_ATTR = {"ro": 0x1, "nosuid": 0x2, "nodev": 0x4, "noexec": 0x8, "noatime": 0x10}


class _MountAttr(ctypes.Structure):
    _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _oserr(what: str) -> OSError:
    e = ctypes.get_errno()
    return OSError(e, f"{what}: {os.strerror(e)}")


def _helper_inject(pid: int, src: str, dst: str, attrs: Sequence[str],
                   owner: tuple[int, int]) -> None:
    libc = _libc()
    libc.syscall.restype = ctypes.c_long
    fd = libc.syscall(_SYS_OPEN_TREE, _AT_FDCWD, src.encode(), _OPEN_TREE_CLONE | os.O_CLOEXEC)
    if fd < 0:
        raise _oserr(f"open_tree {src}")
    if attrs:
        ma = _MountAttr(attr_set=sum(_MOUNT_ATTR[a] for a in attrs))
        if libc.syscall(_SYS_MOUNT_SETATTR, fd, b"", _AT_EMPTY_PATH, ctypes.byref(ma),
                        ctypes.sizeof(ma)) != 0:
            raise _oserr("mount_setattr")
    nsfd = os.open(f"/proc/{pid}/ns/mnt", os.O_RDONLY | os.O_CLOEXEC)
    if libc.setns(nsfd, _CLONE_NEWNS) != 0:
        raise _oserr("setns")
    os.chdir("/")
    # Create the mount point like PVE does (owned by the container's root).
    missing = []
    p = dst
    while p not in ("", "/") and not os.path.lexists(p):
        missing.append(p)
        p = os.path.dirname(p)
    for d in reversed(missing):
        os.mkdir(d, 0o755)
        os.lchown(d, *owner)
    if not os.path.isdir(dst) or os.path.islink(dst):
        raise OSError(errno.ENOTDIR, f"{dst} is not a directory in the container")
    if libc.syscall(_SYS_MOVE_MOUNT, fd, b"", _AT_FDCWD, dst.encode(),
                    _MOVE_MOUNT_F_EMPTY_PATH) != 0:
        raise _oserr(f"move_mount {dst}")


def _helper_detach(pid: int, dst: str, lazy: bool) -> None:
    libc = _libc()
    nsfd = os.open(f"/proc/{pid}/ns/mnt", os.O_RDONLY | os.O_CLOEXEC)
    if libc.setns(nsfd, _CLONE_NEWNS) != 0:
        raise _oserr("setns")
    os.chdir("/")
    if libc.umount2(dst.encode(), _MNT_DETACH if lazy else 0) != 0:
        raise _oserr(f"umount {dst}")


def _helper_main(argv: Sequence[str]) -> int:
    try:
        if argv[0] == "--inject":
            pid, src, dst, attrs, uid, gid = argv[1:7]
            _helper_inject(int(pid), src, dst, [a for a in attrs.split(",") if a],
                           (int(uid), int(gid)))
        elif argv[0] == "--detach":
            pid, dst, lazy = argv[1:4]
            _helper_detach(int(pid), dst, lazy == "1")
        else:
            print(f"unknown helper command {argv[0]}", file=sys.stderr)
            return 2
    except OSError as exc:
        print(exc.strerror or str(exc), file=sys.stderr)
        return 1
    return 0


# ---------------------------------------------------------------------------------------------
# the backend
# ---------------------------------------------------------------------------------------------


def _unescape(field_: str) -> str:
    """Undo mountinfo's octal escapes (\\040 for a space)."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field_)


def _run(argv: Sequence[str], *, input: Union[str, bytes, None] = None, timeout: float = 60,
         env: Optional[Mapping[str, str]] = None, text: bool = True) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(list(argv), input=input, capture_output=True, text=text,
                              timeout=timeout, env=dict(env) if env is not None else None,
                              check=False)
    except FileNotFoundError as exc:
        raise BackendError(f"{argv[0]}: not installed") from exc
    except subprocess.TimeoutExpired as exc:   # subprocess.run has killed the child
        raise BackendError(f"{' '.join(argv)}: timed out after {timeout}s") from exc


class LxcBackend:
    """See the module docstring.  All state lives in ``state_dir`` (``lxc/`` below it is the
    lxcpath); every container, veth and cgroup it makes is found from there by name."""

    name = "lxc"

    def __init__(self, state_dir: Union[str, Path], *, template: Optional[Path] = None,
                 bridge_map: Optional[Mapping[str, str]] = None,
                 dhcp_subnet: str = "198.51.100.0/24",
                 allowed_subnets: Sequence[str] = ("198.51.100.0/24",),
                 apply_gateway: bool = False,
                 subid_files: Optional[tuple[Path, Path]] = None,
                 veth_prefix: str = "veth", log_level: str = "WARN",
                 volume_resolver: Optional[Callable[[str], Optional[Path]]] = None,
                 init: str = "minimal", boot_timeout: float = 30.0,
                 command_timeout: float = 60.0) -> None:
        if init not in ("minimal", "systemd"):
            raise ValueError(f"init must be 'minimal' or 'systemd', not {init!r}")
        self.state_dir = Path(state_dir).resolve()
        self.lxcpath = self.state_dir / "lxc"
        self.template = Path(template) if template else template_path()
        self.bridge_map = dict(bridge_map or {})
        self.dhcp_subnet = dhcp_subnet
        self.allowed_subnets = [ipaddress.ip_network(s) for s in allowed_subnets]
        self.apply_gateway = apply_gateway
        self.subid_files = (Path(subid_files[0]), Path(subid_files[1])) if subid_files else None
        self.veth_prefix = veth_prefix
        self.log_level = log_level
        self.volume_resolver = volume_resolver
        self.timeout = command_timeout
        self.init = init
        self.boot_timeout = boot_timeout
        self.tag = hashlib.sha256(str(self.lxcpath).encode()).hexdigest()[:10]
        self._nouidmap_bin = self.state_dir / ".lxc-bin"

    # --- helpers ----------------------------------------------------------------------------
    def _name(self, vmid: int) -> str:
        return str(int(vmid))

    def _ctdir(self, vmid: int) -> Path:
        return self.lxcpath / self._name(vmid)

    def _lxc(self, tool: str, vmid: int, *args: str, timeout: Optional[float] = None,
             env: Optional[Mapping[str, str]] = None, input: Union[str, bytes, None] = None,
             text: bool = True) -> subprocess.CompletedProcess:
        return _run([tool, "-P", str(self.lxcpath), "-n", self._name(vmid), *args], input=input,
                    timeout=timeout or self.timeout, env=env, text=text)

    def _require(self, vmid: int) -> None:
        if not (self._ctdir(vmid) / "config").is_file():
            raise NoSuchContainer(f"CT {vmid} has no LXC container in {self.lxcpath}")

    def _log_path(self, vmid: int) -> Path:
        return self._ctdir(vmid) / f"{self._name(vmid)}.log"

    def _log_size(self, vmid: int) -> int:
        try:
            return self._log_path(vmid).stat().st_size
        except OSError:
            return 0

    def _log_errors(self, vmid: int, since: int, lines: int = 15) -> str:
        """The ERROR lines LXC logged after byte offset since (else the last lines): a failed
        start can log dozens of cgroup warnings after the error that explains it."""
        try:
            with self._log_path(vmid).open("rb") as f:
                f.seek(since)
                text = f.read().decode(errors="replace").splitlines()
        except OSError:
            return ""
        errors = [line for line in text if " ERROR " in line]
        return "\n".join((errors or text)[-lines:])

    def _rootfs(self, vmid: int) -> Path:
        try:
            return Path((self._ctdir(vmid) / "rootfs.path").read_text().strip())
        except FileNotFoundError:
            raise NoSuchContainer(f"CT {vmid} has no LXC container in {self.lxcpath}") from None

    def _idmap(self, vmid: int) -> Optional[list[IdMapEntry]]:
        p = self._ctdir(vmid) / "idmap"
        text = p.read_text()
        if text.strip() == "privileged":
            return None
        return [parse_idmap_line(line) for line in text.splitlines() if line.strip()]

    def _ct_root_owner(self, vmid: int) -> tuple[int, int]:
        idmap = self._idmap(vmid)
        return (map_to_host(idmap, "u", 0) or 0, map_to_host(idmap, "g", 0) or 0)

    # --- status -----------------------------------------------------------------------------
    def exists(self, vmid: int) -> bool:
        return (self._ctdir(vmid) / "config").is_file()

    def status(self, vmid: int) -> str:
        """'running' or 'stopped' (what LXC reports; the simulator keeps its own view too)."""
        self._require(vmid)
        proc = self._lxc("lxc-info", vmid, "-sH")
        return "running" if proc.stdout.strip() == "RUNNING" else "stopped"

    def init_pid(self, vmid: int) -> int:
        proc = self._lxc("lxc-info", vmid, "-pH")
        try:
            return int(proc.stdout.strip())
        except ValueError:
            raise NotRunning(f"container '{vmid}' not running!") from None

    def names(self) -> list[str]:
        """Containers in this lxcpath (``lxc-ls -P``)."""
        if not self.lxcpath.is_dir():
            return []
        proc = _run(["lxc-ls", "-P", str(self.lxcpath), "-1"], timeout=self.timeout)
        return [n for n in proc.stdout.split() if n]

    # --- lifecycle --------------------------------------------------------------------------
    def create(self, vmid: int, conf: ConfLike, rootfs_dir: Optional[Path] = None,
               customize: Optional[Callable[[Path], None]] = None) -> None:
        """Copy the cached rootfs to rootfs_dir (default ``<lxcpath>/<vmid>/rootfs``; must be
        absent or empty), let ``customize(rootfs)`` write files into it (as host root, before
        the chown), chown it through the idmap and write the LXC config."""
        pconf = coerce_conf(conf)
        ctdir = self._ctdir(vmid)
        if (ctdir / "config").exists():
            raise BackendError(f"CT {vmid} already exists")
        if not template_ready(self.template):
            raise BackendError(f"LXC rootfs template {self.template} is missing: run "
                               f"{BUILD_SCRIPT} (or backend_lxc.ensure_template())")
        for tool in ("lxc-start", "lxc-attach", "lxc-info", "lxc-stop", "lxc-destroy", "lxc-ls"):
            if shutil.which(tool) is None:
                raise BackendError(f"{tool}: not installed "
                                   "(apt-get install --no-install-recommends lxc)")
        rootfs = Path(rootfs_dir).resolve() if rootfs_dir else ctdir / "rootfs"
        idmap = idmap_of(pconf)
        # Validate the whole config before touching anything.
        translate(vmid, pconf, rootfs=rootfs, lxcpath=self.lxcpath, tag=self.tag,
                  bridge_map=self.bridge_map, dhcp_subnet=self.dhcp_subnet,
                  apply_gateway=self.apply_gateway, veth_prefix=self.veth_prefix,
                  volume_resolver=self.volume_resolver, init=self.init)
        if rootfs.exists() and any(rootfs.iterdir()):
            raise BackendError(f"rootfs directory {rootfs} is not empty")
        for d in (self.state_dir, self.lxcpath, ctdir):
            d.mkdir(mode=0o755, parents=True, exist_ok=True)
            d.chmod(0o755)
        created_rootfs = not rootfs.exists()
        try:
            rootfs.mkdir(mode=0o755, parents=True, exist_ok=True)
            proc = _run(["cp", "-a", "--reflink=auto", f"{self.template}/.", str(rootfs)],
                        timeout=600)
            if proc.returncode != 0:
                raise BackendError(f"copying the rootfs failed: {proc.stderr.strip()}")
            init = rootfs / INIT_IN_CT.lstrip("/")
            shutil.copyfile(INIT_SRC, init)
            init.chmod(0o755)
            (rootfs / "etc" / "hostname").write_text((pconf.get("hostname") or f"CT{vmid}") + "\n")
            if customize is not None:
                customize(rootfs)
            if idmap is not None:
                shift_tree(rootfs, idmap)
                uid, gid = map_to_host(idmap, "u", 0) or 0, map_to_host(idmap, "g", 0) or 0
                bad = _unsearchable_parent(rootfs, uid, gid)
                if bad is not None:
                    raise BackendError(f"{bad} is not searchable by the container's root (host uid "
                                       f"{uid}); LXC could not open the rootfs below it")
            (ctdir / "rootfs.path").write_text(f"{rootfs}\n")
            for name in ("idmap", "idmap.created"):
                (ctdir / name).write_text("privileged\n" if idmap is None
                                          else "".join(f"{e}\n" for e in idmap))
            self._write_config(vmid, pconf)
        except BaseException:
            if created_rootfs or rootfs == ctdir / "rootfs":
                shutil.rmtree(rootfs, ignore_errors=True)
            else:
                for child in rootfs.iterdir():
                    if child.is_dir() and not child.is_symlink():
                        shutil.rmtree(child, ignore_errors=True)
                    else:
                        child.unlink(missing_ok=True)
            shutil.rmtree(ctdir, ignore_errors=True)
            raise

    def _write_config(self, vmid: int, pconf: PveConf) -> LxcPlan:
        plan = translate(vmid, pconf, rootfs=self._rootfs(vmid), lxcpath=self.lxcpath, tag=self.tag,
                         bridge_map=self.bridge_map, dhcp_subnet=self.dhcp_subnet,
                         apply_gateway=self.apply_gateway, veth_prefix=self.veth_prefix,
                         log_level=self.log_level, volume_resolver=self.volume_resolver,
                         init=self.init)
        # A changed idmap (the usual PVE workflow: create, then add lxc.idmap lines) does not
        # re-chown the rootfs, as on PVE: files keep the owners of the map they were created
        # with.  The file records the current map (for the owner of new mount points).
        (self._ctdir(vmid) / "idmap").write_text(
            "privileged\n" if plan.idmap is None else "".join(f"{e}\n" for e in plan.idmap))
        tmp = self._ctdir(vmid) / "config.tmp"
        tmp.write_text(plan.config)
        os.replace(tmp, self._ctdir(vmid) / "config")
        return plan

    def _check_network(self, plan: LxcPlan) -> None:
        for n in plan.nets:
            if not n.bridge:
                continue
            br = Path("/sys/class/net") / n.bridge
            if not (br / "bridge").is_dir():
                raise BackendError(f"bridge '{n.bridge}' does not exist")
            for port in (br / "brif").iterdir():
                if (Path("/sys/class/net") / port.name / "device").exists():
                    raise BackendError(f"bridge '{n.bridge}' has a physical port ({port.name}); "
                                       "refusing to attach a test container to a real network")
            if n.ipv4:
                addr = ipaddress.ip_interface(n.ipv4)
                if not any(addr.ip in s for s in self.allowed_subnets):
                    raise BackendError(f"net{n.index}: address {n.ipv4} is outside the allowed "
                                       f"test subnets {[str(s) for s in self.allowed_subnets]}")
            veth = f"{self.veth_prefix}{plan.name}i{n.index}"
            if Path(f"/sys/class/net/{veth}").exists():
                raise BackendError(f"host interface {veth} already exists (another container "
                                   "with this vmid is running?)")

    def _start_env(self, plan: LxcPlan) -> tuple[list[str], dict[str, str]]:
        env = dict(os.environ)
        have_shadow = bool(shutil.which("newuidmap") and shutil.which("newgidmap"))
        argv = ["lxc-start", "-P", str(self.lxcpath), "-n", plan.name, "-d"]
        if plan.idmap is None:
            return argv, env
        if self.subid_files is None or not have_shadow:
            if self.subid_files is not None:
                check_subid(plan.idmap, *self.subid_files)
            # LXC uses newuidmap whenever it finds it on PATH, and then requires root's
            # ranges in /etc/sub[ug]id.  Hide it so that LXC writes the maps itself.
            self._nouidmap_bin.mkdir(mode=0o755, exist_ok=True)
            env["PATH"] = str(self._nouidmap_bin)
            argv[0] = shutil.which("lxc-start") or "/usr/bin/lxc-start"
            return argv, env
        for f in ("/etc/subuid", "/etc/subgid"):
            if not Path(f).exists():
                raise BackendError(f"{f} does not exist on this host; cannot overlay the "
                                   "simulated one")
        su, sg = self.subid_files
        script = ('mount --bind "$1" /etc/subuid && mount --bind "$2" /etc/subgid '
                  '&& shift 2 && exec "$@"')
        return ["unshare", "-m", "--propagation", "slave", "/bin/sh", "-c", script, "sh",
                str(su), str(sg), *argv], env

    def start(self, vmid: int, conf: ConfLike) -> None:
        """(Re)generate the LXC config from conf, start the container, bind the mount points."""
        self._require(vmid)
        pconf = coerce_conf(conf)
        if self.status(vmid) == "running":
            raise AlreadyRunning(f"CT {vmid} already running")
        plan = self._write_config(vmid, pconf)
        self._check_network(plan)
        for m in plan.mounts:
            if m.host_path is not None and not m.host_path.is_dir():
                raise BackendError(f"{m.key}: mount point source {m.host_path} is not a directory")
        argv, env = self._start_env(plan)
        log_start = self._log_size(vmid)
        proc = _run(argv, env=env, timeout=self.timeout)
        if proc.returncode != 0 or self.status(vmid) != "running":
            self._cleanup_cgroups(vmid)
            raise BackendError(f"startup for container '{vmid}' failed\n{proc.stderr.strip()}\n"
                               f"{self._log_errors(vmid, log_start)}")
        try:
            for m in plan.mounts:
                if m.host_path is None:
                    rc, _o, err = self.exec(vmid, ["mkdir", "-p", "--", m.ct_path])
                    if rc != 0:
                        raise BackendError(f"{m.key}: cannot create {m.ct_path}: {err!s}")
                else:
                    self._inject(vmid, m.host_path, m.ct_path, ro=m.ro, options=m.options)
            if self.init == "systemd":
                self._wait_booted(vmid)
        except BaseException:
            self.stop(vmid)
            raise

    def _wait_booted(self, vmid: int) -> None:
        """Wait until systemd reports running or degraded (boot finished)."""
        deadline = time.monotonic() + self.boot_timeout
        state = ""
        while time.monotonic() < deadline:
            proc = self._lxc("lxc-attach", vmid, "--clear-env", "--", "systemctl",
                             "is-system-running", timeout=10)
            state = proc.stdout.strip()
            if state in ("running", "degraded"):
                return
            time.sleep(0.1)
        jobs = self._lxc("lxc-attach", vmid, "--clear-env", "--", "systemctl", "list-jobs",
                         "--no-pager", timeout=10).stdout
        raise BackendError(f"CT {vmid}: systemd did not finish booting in {self.boot_timeout}s "
                           f"(state {state!r})\n{jobs}")

    def stop(self, vmid: int, timeout: Optional[float] = None) -> None:
        """Hard stop (``pct stop``: lxc-stop --kill) or, with a timeout, a clean shutdown
        (``pct shutdown``: init.lxc gets SIGPWR and SIGTERMs everything) that falls back to kill."""
        self._require(vmid)
        if self.status(vmid) != "running":
            raise NotRunning(f"CT {vmid} not running")
        if timeout is None:
            proc = self._lxc("lxc-stop", vmid, "--kill")
        else:
            proc = self._lxc("lxc-stop", vmid, "-t", str(int(timeout)),
                             timeout=timeout + self.timeout)
        deadline = time.monotonic() + 20
        while self.status(vmid) == "running":
            if time.monotonic() > deadline:
                raise BackendError(f"CT {vmid} did not stop: {proc.stderr.strip()}")
            time.sleep(0.1)
        self._cleanup_cgroups(vmid)

    def destroy(self, vmid: int) -> None:
        """Remove a stopped container: ``lxc-destroy`` by name (it deletes the rootfs without
        crossing mount points), then the cgroups."""
        self._require(vmid)
        if self.status(vmid) == "running":
            raise BackendError(f"unable to destroy CT {vmid} - container is running")
        rootfs = self._rootfs(vmid)
        proc = self._lxc("lxc-destroy", vmid, timeout=600)
        if proc.returncode != 0:
            raise BackendError(f"lxc-destroy {vmid} failed: {proc.stderr.strip()}")
        if rootfs.exists():
            if any(rootfs.iterdir()):
                shutil.rmtree(rootfs)
            else:
                rootfs.rmdir()
        shutil.rmtree(self._ctdir(vmid), ignore_errors=True)
        self._cleanup_cgroups(vmid)

    def _cgroup_dirs(self) -> list[Path]:
        """This backend's cgroup subtree in every mounted hierarchy."""
        out = []
        if not CGROUP_ROOT.is_dir():
            return out
        roots = [CGROUP_ROOT] if (CGROUP_ROOT / "cgroup.controllers").exists() else \
            [p for p in CGROUP_ROOT.iterdir() if p.is_dir() and not p.is_symlink()]
        for r in roots:
            d = r / f"pvesim-{self.tag}"
            if d.is_dir():
                out.append(d)
        return out

    def _cleanup_cgroups(self, vmid: Optional[int] = None) -> list[str]:
        """rmdir (bottom-up) the empty cgroups of one container (plus the shared parents and
        LXC's lxc.pivot once nothing uses them), or of the whole backend.  Returns the
        directories that could not be removed (still in use) when called for the backend."""
        left = []

        def rmtree_empty(t: Path) -> list[str]:
            failed = []
            if not t.is_dir():
                return failed
            for dirpath, _dirs, _files in sorted(os.walk(t), key=lambda x: -len(x[0])):
                try:
                    os.rmdir(dirpath)
                except OSError:
                    failed.append(dirpath)
            return failed

        for top in self._cgroup_dirs():
            if vmid is None:
                left += rmtree_empty(top)
                continue
            name = self._name(vmid)
            rmtree_empty(top / "lxc" / name)
            rmtree_empty(top / "lxc.monitor" / name)
            # LXC re-creates the pivot when a monitor needs it; rmdir fails while it is in use.
            rmtree_empty(top / "lxc.pivot")
            for sub in (top / "lxc", top / "lxc.monitor", top):
                try:
                    os.rmdir(sub)
                except OSError:
                    pass
        return left

    def cleanup(self) -> list[str]:
        """Stop (kill) and destroy every container in this lxcpath, by name, and remove this
        backend's cgroups.  Returns problems (empty when everything is gone)."""
        problems = []
        for name in self.names():
            if not name.isdigit():
                continue
            vmid = int(name)
            try:
                if self.status(vmid) == "running":
                    self.stop(vmid)
                self.destroy(vmid)
            except BackendError as exc:
                problems.append(f"CT {name}: {exc}")
        problems += [f"cgroup left: {d}" for d in self._cleanup_cgroups()]
        shutil.rmtree(self._nouidmap_bin, ignore_errors=True)
        return problems

    # --- exec / push / pull -----------------------------------------------------------------
    def exec(self, vmid: int, argv: Sequence[str], stdin: Union[str, bytes, None] = None, *,
             keep_env: bool = False, env: Optional[Mapping[str, str]] = None,
             timeout: Optional[float] = None, text: bool = True
             ) -> tuple[int, Union[str, bytes], Union[str, bytes]]:
        """``lxc-attach -- argv``: (exit status, stdout, stderr).  The environment is cleared
        (--clear-env: PATH is LXC's default) unless keep_env, which passes the *caller's*
        environment like ``pct exec --keep-env 1``; env adds variables."""
        self._require(vmid)
        if not argv:
            raise BackendError("missing command")
        if self.status(vmid) != "running":
            raise NotRunning(f"container '{vmid}' not running!")
        opts = ["--keep-env" if keep_env else "--clear-env"]
        for k, v in (env or {}).items():
            opts += ["-v", f"{k}={v}"]
        if isinstance(stdin, str) and not text:
            stdin = stdin.encode()
        elif isinstance(stdin, bytes) and text:
            stdin = stdin.decode("utf-8", "surrogateescape")
        if stdin is None:
            stdin = "" if text else b""     # never inherit the caller's stdin
        proc = self._lxc("lxc-attach", vmid, *opts, "--", *argv, input=stdin,
                         timeout=timeout or self.timeout, text=text)
        return proc.returncode, proc.stdout, proc.stderr

    def exec_passthrough(self, vmid: int, argv: Sequence[str], keep_env: bool = True) -> int:
        """``pct exec``: lxc-attach with this process's stdin/stdout/stderr; returns its status."""
        self._require(vmid)
        if self.status(vmid) != "running":
            raise NotRunning(f"container '{vmid}' not running!")
        return subprocess.call(["lxc-attach", "-P", str(self.lxcpath), "-n", self._name(vmid),
                                "--keep-env" if keep_env else "--clear-env", "--", *argv])

    def write_ct_file(self, vmid: int, path: str, text: str, mode: int = 0o644) -> None:
        """Write a file into a *stopped* container's rootfs, owned by the container's root."""
        target = self._rootfs(vmid) / path.lstrip("/")
        for parent in reversed(target.relative_to(self._rootfs(vmid)).parents):
            if (self._rootfs(vmid) / parent).is_symlink():
                raise BackendError(f"refusing to write {path}: {parent} is a symlink")
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".pvesim-tmp")
        tmp.write_text(text)
        os.chown(tmp, *self._ct_root_owner(vmid))
        os.chmod(tmp, mode)
        os.replace(tmp, target)

    def push(self, vmid: int, src: Union[str, Path], dest: str, uid: Union[int, str] = 0,
             gid: Union[int, str] = 0, mode: int = 0o644) -> None:
        """Copy a host file into the container, owned by container-side uid/gid (ids or names)."""
        data = Path(src).read_bytes()
        if self.status(vmid) != "running":
            raise NotRunning("can only push files to a running CT")
        script = ('umask 077; tmp="$1.pvesim.$$" && cat > "$tmp" && chown "$2:$3" "$tmp" '
                  '&& chmod "$4" "$tmp" && mv -f "$tmp" "$1" || { rm -f "$tmp"; exit 1; }')
        rc, _out, err = self.exec(vmid, ["/bin/sh", "-c", script, "sh", dest, str(uid), str(gid),
                                         f"{mode:o}"], stdin=data, text=False)
        if rc != 0:
            msg = err.decode(errors="replace").strip()  # type: ignore[union-attr]
            raise BackendError(f"failed to push {src} to {dest}: {msg}")

    def pull(self, vmid: int, src: str, dest: Union[str, Path]) -> None:
        """Copy a container file to the host (written as host root, mode from umask)."""
        if self.status(vmid) != "running":
            raise NotRunning("can only pull files from a running VM")
        rc, out, err = self.exec(vmid, ["cat", "--", src], text=False)
        if rc != 0:
            msg = err.decode(errors="replace").strip()  # type: ignore[union-attr]
            raise BackendError(f"failed to open {src} for reading: {msg}")
        Path(dest).write_bytes(out)  # type: ignore[arg-type]

    # --- mounts -----------------------------------------------------------------------------
    def _inject(self, vmid: int, host_path: Path, ct_path: str, *, ro: bool = False,
                options: Iterable[str] = ()) -> None:
        pid = self.init_pid(vmid)
        uid, gid = self._ct_root_owner(vmid)
        attrs = list(options) + (["ro"] if ro else [])
        proc = _run([PYTHON, os.path.abspath(__file__), "--inject", str(pid), str(host_path),
                     ct_path, ",".join(attrs), str(uid), str(gid)], timeout=self.timeout)
        if proc.returncode != 0:
            raise BackendError(f"mounting {host_path} at {ct_path} in CT {vmid} failed: "
                               f"{proc.stderr.strip()}")

    def hotplug_mount(self, vmid: int, host_path: Union[str, Path], ct_path: str, ro: bool = False,
                      options: Iterable[str] = ()) -> None:
        """Bind host_path at ct_path in a running container without restarting it (what
        ``pct set <vmid> --mpN`` does on a running CT).  Open SMB sessions are not affected."""
        self._require(vmid)
        if self.status(vmid) != "running":
            raise NotRunning(f"CT {vmid} not running")
        host = Path(host_path)
        if not host.is_dir():
            raise BackendError(f"mount point source {host} is not a directory")
        self._inject(vmid, host, _check_ct_path(ct_path, "mp"), ro=ro, options=options)

    def hotplug_unmount(self, vmid: int, ct_path: str, lazy: bool = False) -> None:
        """Unmount ct_path in a running container.  Fails with 'Device or resource busy' while
        smbd has the share open (a tree connect holds its cwd there) unless lazy, which
        detaches it anyway: open sessions on it then get NT_STATUS_OBJECT_PATH_NOT_FOUND.
        (PVE itself only applies a removed mpN at the next start.)"""
        self._require(vmid)
        pid = self.init_pid(vmid)
        proc = _run([PYTHON, os.path.abspath(__file__), "--detach", str(pid), ct_path,
                     "1" if lazy else "0"], timeout=self.timeout)
        if proc.returncode != 0:
            raise BackendError(f"unmounting {ct_path} in CT {vmid} failed: {proc.stderr.strip()}")

    def mounts(self, vmid: int) -> list[tuple[str, str]]:
        """(source root, mount point) of the bind mounts inside the container (mountinfo)."""
        pid = self.init_pid(vmid)
        out = []
        for line in Path(f"/proc/{pid}/mountinfo").read_text().splitlines():
            f = line.split()
            out.append((_unescape(f[3]), _unescape(f[4])))
        return out


# ---------------------------------------------------------------------------------------------
# the simulator's interface (pvesim.backends.base.Backend; get_backend() instantiates Backend())
# ---------------------------------------------------------------------------------------------

try:
    from .base import Backend as _SimBackend
    from ..util import TaskFailed as _TaskFailed
except ImportError:          # run as the mount helper script, or without the rest of pvesim
    _SimBackend = object     # type: ignore[misc,assignment]

    class _TaskFailed(Exception):  # type: ignore[no-redef]
        def __init__(self, msg: str) -> None:
            super().__init__(msg)
            self.msg = msg

# Run inside the container by push/pull (python3 is in the rootfs: samba depends on it).
_PUSH_PY = r"""
import grp, os, pwd, sys
dest, user, group, perms, dmode = sys.argv[1:6]
def ident(name, db, what):
    if not name:
        return -1
    if name.isdigit():
        return int(name)
    try:
        return (db.getpwnam(name).pw_uid if db is pwd else db.getgrnam(name).gr_gid)
    except KeyError:
        sys.stdout.write("failed to get %s for: %s\n" % (what, name)); sys.exit(3)
uid, gid = ident(user, pwd, "uid"), ident(group, grp, "gid")
existed = os.path.lexists(dest)
try:
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
except OSError as e:
    sys.stdout.write("failed to create file: %s: %s\n" % (sys.argv[1], e.strerror)); sys.exit(4)
os.write(fd, sys.stdin.buffer.read())
if perms:
    os.fchmod(fd, int(perms, 8))
elif not existed:
    os.fchmod(fd, int(dmode, 8))
if uid >= 0 or gid >= 0:
    os.fchown(fd, uid, gid)
os.close(fd)
"""

_PULL_PY = r"""
import sys
try:
    with open(sys.argv[1], "rb") as fh:
        data = fh.read()
except OSError as e:
    sys.stderr.write(e.strerror); sys.exit(4)
sys.stdout.buffer.write(data)
"""


def _env_bridge_map() -> dict[str, str]:
    """PVESIM_LXC_BRIDGE_MAP='vmbr0=br-pvgwt,vmbr1=br-other' (default: vmbr0=br-pvgwt)."""
    out = {}
    for item in os.environ.get("PVESIM_LXC_BRIDGE_MAP", "vmbr0=br-pvgwt").split(","):
        if "=" in item:
            k, v = item.split("=", 1)
            out[k.strip()] = v.strip()
    return out


def sim_backend(state_root: Union[str, Path]) -> LxcBackend:
    """The LxcBackend that ``Backend`` uses for the simulator state in state_root (its lxcpath
    is <state>/lxc-backend/lxc; rootfs in <state>/rootfs/<vmid>).  Settings from the environment:
    PVESIM_LXC_BRIDGE_MAP, PVESIM_LXC_INIT (minimal|systemd), PVESIM_LXC_SUBNET
    (198.51.100.0/24: ip=dhcp addresses, and the only subnet allowed), PVESIM_LXC_CACHE."""
    root = Path(state_root)
    subnet = os.environ.get("PVESIM_LXC_SUBNET", "198.51.100.0/24")
    subid = (root / "etc" / "subuid", root / "etc" / "subgid")
    # Like the simulator's own start check: no subuid/subgid files in the state = no rule.
    return LxcBackend(root / "lxc-backend", bridge_map=_env_bridge_map(), dhcp_subnet=subnet,
                      allowed_subnets=(subnet,),
                      subid_files=subid if all(f.exists() for f in subid) else None,
                      init=os.environ.get("PVESIM_LXC_INIT", "minimal"))


def cleanup_state(state_root: Union[str, Path]) -> list[str]:
    """Stop and destroy every real container of a simulator state (call before removing it)."""
    return sim_backend(state_root).cleanup()


def _sha512_crypt(password: str) -> str:
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import crypt
    return crypt.crypt(password, crypt.mksalt(crypt.METHOD_SHA512))


class Backend(_SimBackend):  # type: ignore[valid-type,misc]
    """pvesim's backend interface on top of LxcBackend.  Errors become TaskFailed (the task
    fails, the message goes to stderr), like the `dir` backend's."""

    name = "lxc"

    def _b(self, st) -> LxcBackend:  # type: ignore[no-untyped-def]
        return sim_backend(st.root)

    @staticmethod
    def _fail(exc: BaseException) -> "_TaskFailed":
        return _TaskFailed(str(exc).rstrip("\n") + "\n")

    @staticmethod
    def _guest_files(vmid: int, conf) -> dict[str, str]:  # type: ignore[no-untyped-def]
        """What PVE (re)writes in the guest at create/start: hostname, hosts, interfaces."""
        from .base import network_interfaces
        hostname = conf.get("hostname") or f"CT{vmid}"
        return {
            "etc/hostname": hostname + "\n",
            "etc/hosts": ("127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n"
                          "ff02::1\t\tip6-allnodes\nff02::2\t\tip6-allrouters\n"
                          f"# --- BEGIN PVE ---\n127.0.1.1 {hostname}\n# --- END PVE ---\n"),
            "etc/network/interfaces": network_interfaces(conf),
        }

    def create(self, st, vmid, conf, template, password, ssh_keys):  # type: ignore[no-untyped-def]
        b = self._b(st)
        files = self._guest_files(vmid, conf)
        search = conf.get("searchdomain") or "example.org"
        nameserver = conf.get("nameserver") or "198.51.100.1"
        files["etc/resolv.conf"] = (f"# --- BEGIN PVE ---\nsearch {search}\n"
                                    f"nameserver {nameserver}\n# --- END PVE ---\n")

        def customize(root: Path) -> None:
            for rel, text in files.items():
                path = root / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                if path.is_symlink():
                    path.unlink()
                path.write_text(text)
                path.chmod(0o644)
            if password:
                shadow = root / "etc" / "shadow"
                lines = shadow.read_text().splitlines()
                lines = [":".join([f.split(":")[0], _sha512_crypt(password), *f.split(":")[2:]])
                         if f.startswith("root:") else f for f in lines]
                shadow.write_text("\n".join(lines) + "\n")
            if ssh_keys:
                ssh = root / "root" / ".ssh"
                ssh.mkdir(mode=0o700, parents=True, exist_ok=True)
                (ssh / "authorized_keys").write_text(ssh_keys.rstrip("\n") + "\n")
                (ssh / "authorized_keys").chmod(0o600)

        rootfs = Path(st.rootfs(vmid))
        rootfs.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
        try:
            b.create(vmid, conf, rootfs, customize=customize)
        except BackendError as exc:
            raise self._fail(exc) from exc

    def start(self, st, vmid, conf):  # type: ignore[no-untyped-def]
        b = self._b(st)
        try:
            for rel, text in self._guest_files(vmid, conf).items():
                b.write_ct_file(vmid, rel, text)
            b.start(vmid, conf)
        except BackendError as exc:
            raise self._fail(exc) from exc

    def stop(self, st, vmid, conf):  # type: ignore[no-untyped-def]
        b = self._b(st)
        try:
            if b.exists(vmid) and b.status(vmid) == "running":
                b.stop(vmid)
        except BackendError as exc:
            raise self._fail(exc) from exc

    def destroy(self, st, vmid):  # type: ignore[no-untyped-def]
        b = self._b(st)
        try:
            if b.exists(vmid):
                if b.status(vmid) == "running":
                    b.stop(vmid)
                b.destroy(vmid)
        except BackendError as exc:
            raise self._fail(exc) from exc

    def snapshot_create(self, st, vmid, conf, snapname):  # type: ignore[no-untyped-def]
        """The rootfs copy of the base class; a running container is frozen meanwhile
        (PVE::LXC::Config __snapshot_freeze: lxc-freeze, then thaw).  The rootfs stays
        id-shifted: the copy keeps the host owners."""
        b = self._b(st)
        frozen = False
        try:
            if b.exists(vmid) and b.status(vmid) == "running":
                proc = b._lxc("lxc-freeze", vmid)
                frozen = proc.returncode == 0
                if not frozen:  # a simulator's limitation, not PVE's behaviour: say so, go on
                    sys.stderr.write(f"pvesim: lxc-freeze {vmid} failed ({proc.stderr.strip()}); "
                                     "copying the running container's rootfs unfrozen\n")
        except BackendError as exc:
            raise self._fail(exc) from exc
        try:
            super().snapshot_create(st, vmid, conf, snapname)
        finally:
            if frozen:
                proc = b._lxc("lxc-unfreeze", vmid)
                if proc.returncode != 0:
                    sys.stderr.write(f"lxc-unfreeze {vmid} failed: {proc.stderr.strip()}\n")

    def hotplug_mount(self, st, vmid, conf, key, mp):  # type: ignore[no-untyped-def]
        b = self._b(st)
        try:
            if mp["volume"].startswith("/"):
                opts = [o for o in (mp.get("mountoptions") or "").split(";") if o]
                b.hotplug_mount(vmid, mp["volume"], mp["mp"], ro=_true(mp.get("ro")), options=opts)
            else:
                rc, _o, err = b.exec(vmid, ["mkdir", "-p", "--", mp["mp"]])
                if rc != 0:
                    raise BackendError(f"{key}: cannot create {mp['mp']}: {err!s}")
        except BackendError as exc:
            raise self._fail(exc) from exc

    def exec(self, st, vmid, conf, argv, keep_env):  # type: ignore[no-untyped-def]
        try:
            return self._b(st).exec_passthrough(vmid, list(argv), bool(keep_env))
        except BackendError as exc:
            sys.stderr.write(str(exc).rstrip("\n") + "\n")
            return 1

    def push(self, st, vmid, conf, src, dest, user, group, perms):  # type: ignore[no-untyped-def]
        try:
            data = Path(src).read_bytes()
        except OSError:
            raise _TaskFailed(f"failed to open {src} for reading\n") from None
        umask = os.umask(0)
        os.umask(umask)
        cdest = dest if dest.startswith("/") else "/" + dest
        try:
            rc, out, err = self._b(st).exec(
                vmid, ["python3", "-c", _PUSH_PY, cdest, user or "", group or "",
                       "" if perms is None else f"{perms:o}", f"{0o666 & ~umask:o}"],
                stdin=data, text=False)
        except BackendError as exc:
            raise self._fail(exc) from exc
        if rc != 0:
            msg = (out or err or b"").decode(errors="replace")  # type: ignore[union-attr]
            raise _TaskFailed(msg if msg.endswith("\n") else msg + "\n")

    def pull(self, st, vmid, conf, src, dest, user, group, perms):  # type: ignore[no-untyped-def]
        import grp
        import pwd
        uid = gid = None
        if user is not None:
            try:
                uid = int(user) if user.isdigit() else pwd.getpwnam(user).pw_uid
            except KeyError:
                raise _TaskFailed(f"failed to get uid for: {user}\n") from None
        if group is not None:
            try:
                gid = int(group) if group.isdigit() else grp.getgrnam(group).gr_gid
            except KeyError:
                raise _TaskFailed(f"failed to get gid for: {group}\n") from None
        try:
            fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        except OSError as exc:
            raise _TaskFailed(f"failed to create file: {dest}: {exc.strerror}\n") from None
        try:
            if perms is not None:
                os.fchmod(fd, perms)
            if uid is not None or gid is not None:
                s = os.fstat(fd)
                os.fchown(fd, uid if uid is not None else s.st_uid,
                          gid if gid is not None else s.st_gid)
            try:
                rc, out, err = self._b(st).exec(vmid, ["python3", "-c", _PULL_PY, src], text=False)
            except BackendError as exc:
                raise self._fail(exc) from exc
            if rc != 0:
                msg = err.decode(errors="replace").strip()  # type: ignore[union-attr]
                raise _TaskFailed(f"failed to open {src}: {msg}\n")
            os.write(fd, out)  # type: ignore[arg-type]
        finally:
            os.close(fd)


if __name__ == "__main__":
    sys.exit(_helper_main(sys.argv[1:]))
