"""The agent's INI configuration: every host path it touches comes from here."""

from __future__ import annotations

import configparser
import os
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Optional

from .errors import ConfigError, ValidationError
from .i18n import _
from .store import Store
from .units import parse_range

DEFAULT_CONFIG = "/etc/pvesmbgw/pvesmbgw.conf"
SECTION = "pvesmbgw"
SERVICE_MANAGERS = ("auto", "systemd", "direct")

_DEFAULTS = {
    "samba_conf": "/etc/samba/smb.conf",
    "include_file": "",  # derived from samba_conf when empty
    "state_dir": "/var/lib/pvesmbgw",
    "service_manager": "auto",
    "allowed_roots": "/srv /mnt /media /var/lib/pvesmbgw",
    "pve_root": "/etc/pve",
    "share_group": "pvesmbgw",
    "systemd_root": "/run/systemd/system",
    "command_timeout": "120",
    "account_id_range": "2000000-2099999",
    "subuid_file": "/etc/subuid",
    "subgid_file": "/etc/subgid",
    "node": "",  # this node's name; the short host name when empty
    "lxc_bridge": "vmbr0",
    "lxc_ip": "dhcp",
    "lxc_gateway": "",
    "lxc_rootfs_storage": "",  # first storage with content rootdir when empty
    "lxc_template_storage": "",  # first storage with content vztmpl when empty
    "lxc_template": "debian-12-standard",
    "lxc_memory": "256",
    "lxc_swap": "256",
    "lxc_cores": "1",
    "lxc_disk": "4",
    "rbd_mount_root": "/mnt/pvesmbgw",
    # What smbd runs for the free space of a share whose quota statvfs does not show
    # (smb/dfree.py), and where the agent keeps its links to it and their numbers.
    "dfree_helper": "/usr/lib/pvesmbgw/pvesmbgw-dfree",
    "dfree_dir": "/run/pvesmbgw/dfree",
    "vm_storage": "",  # first storage with content images when empty
    "vm_snippet_storage": "",  # first storage with content snippets when empty
    "vm_image": ("https://cloud.debian.org/images/cloud/bookworm/latest/"
                 "debian-12-genericcloud-amd64.qcow2"),
    "vm_bridge": "vmbr0",
    "vm_ip": "dhcp",
    "vm_gateway": "",
    "vm_memory": "1024",
    "vm_cores": "1",
    "vm_agent_timeout": "300",
    "vm_apt_proxy": "",
    "fstab_file": "/etc/fstab",
    "rbdmap_file": "/etc/ceph/rbdmap",
    # Active Directory membership (pvesmbgw/smb/ad): the files a join writes, and id ranges.
    "krb5_conf": "/etc/krb5.conf",
    "krb5_keytab": "/etc/krb5.keytab",
    "nsswitch_conf": "/etc/nsswitch.conf",
    "ad_include_file": "",  # derived from samba_conf when empty
    "ad_idmap_range": "10000000-19999999",
    "ad_default_range": "3000000-3099999",
    # CTDB cluster (high availability)
    "cluster_file": "",  # <pve_root>/pvesmbgw/cluster.json, else <state_dir>/cluster.json
    "ctdb_dir": "/etc/ctdb",
    "ctdb_scripts_dir": "/usr/share/ctdb/events/legacy",
    "ctdb_event_scripts": "00.ctdb 10.interface 50.samba",
    "ctdb_socket": "",  # ctdb's default socket when empty
    "ctdb_log": "syslog",
    "ctdb_db_dir": "",  # CTDB's default (/var/lib/ctdb) when empty
    "cluster_smb_conf": "",  # <samba_conf dir>/pvesmbgw-cluster.conf when empty
    # Services (pve-svc): where templates are read, where guests and data volumes go.
    "svc_templates_dir": "/usr/share/pvesmbgw/templates",
    "svc_storage": "",  # data volumes; the first storage pvesmbgw can place volumes in when empty
    "svc_rootfs_storage": "",  # first storage with content rootdir when empty
    "svc_template_storage": "",  # first storage with content vztmpl when empty
    "svc_vm_storage": "",  # a service VM's disks: first storage with content images when empty
    "svc_snippet_storage": "",  # a service VM's cloud-init user-data: first with snippets
    "svc_iso_storage": "",  # installer ISOs: first storage with content iso when empty
    "svc_bridge": "vmbr0",
    "svc_ip": "dhcp",
    "svc_gateway": "",
    # An HTTP proxy (apt-cacher-ng) the guests' apt uses, for sites without a direct way out.
    "svc_apt_proxy": "",
    "svc_log_dir": "/var/log/pvesvc",
    # How many upgrades `pve-svc rollback` can undo: older upgrade snapshots are deleted.
    "svc_upgrade_keep": "3",
    # This node's copy of the template repositories (`pve-svc repo`): a git download
    # cache per repository and the trees verified against their signed index.
    "svc_repo_cache": "/var/cache/pvesmbgw/svc-repos",
    # Prometheus file_sd targets of the instances' exporters, one file per node ({node});
    # empty: none are registered.
    "svc_file_sd": "/etc/prometheus/file_sd/pvesvc-{node}.json",
    # Who serves `pve-svc share`: the host's smbd (native) or the node's gateway container.
    "svc_share_mode": "native",
    # Where pve-svc keeps the instances' secrets: file (<pve_root>/priv/pvesvc) or vault.
    "svc_secret_backend": "file",
    "svc_vault_url": "",
    "svc_vault_mount": "secret",
    "svc_vault_token_file": "",  # <pve_root>/priv/pvesvc-vault-token when empty
    # The App Store daemon (pvesmbgw-appstore): HTTPS with the node's PVE certificate.
    "appstore_port": "8016",
    "appstore_listen": "::",
    "appstore_cert": "",  # <pve_root>/local/pveproxy-ssl.pem if present, else pve-ssl.pem
    "appstore_key": "",  # the key beside the certificate chosen
    "appstore_task_dir": "/var/log/pve/tasks",
    # The web origins whose pages may call the daemon (CORS with credentials), separated
    # by spaces; empty: https://<the host the request was sent to>:8006, PVE's own GUI.
    "appstore_gui_origins": "",
    # What the daemon runs for every action: the CLI's own transaction.
    "appstore_svc_command": "/usr/bin/pve-svc",
}
SECRET_BACKENDS = ("file", "vault")


@dataclass(frozen=True)
class AppStoreSettings:
    """Where the App Store daemon listens, with which certificate, and what it runs."""

    port: int = 8016
    listen: str = "::"
    cert: Path = Path("/etc/pve/local/pve-ssl.pem")
    key: Path = Path("/etc/pve/local/pve-ssl.key")
    task_dir: Path = Path("/var/log/pve/tasks")
    svc_command: tuple[str, ...] = ("/usr/bin/pve-svc",)
    # Origins allowed besides none: () means https://<Host of the request>:8006.
    gui_origins: tuple[str, ...] = ()


@dataclass(frozen=True)
class LxcSettings:
    """How gateway containers are built."""

    bridge: str = "vmbr0"
    ip: str = "dhcp"
    gateway: str = ""
    rootfs_storage: str = ""
    template_storage: str = ""
    template: str = "debian-12-standard"
    memory: int = 256
    swap: int = 256
    cores: int = 1
    disk: int = 4


@dataclass(frozen=True)
class VmSettings:
    """How gateway VMs are built (the vm_* keys)."""

    storage: str = ""
    snippet_storage: str = ""
    image: str = ""
    bridge: str = "vmbr0"
    ip: str = "dhcp"
    gateway: str = ""
    memory: int = 1024
    cores: int = 1
    agent_timeout: float = 300.0
    apt_proxy: str = ""  # cloud-init's apt proxy for the template's first boot


@dataclass(frozen=True)
class SvcSettings:
    """How pve-svc installs services (the svc_* keys)."""

    templates_dir: Path = Path("/usr/share/pvesmbgw/templates")
    storage: str = ""
    rootfs_storage: str = ""
    template_storage: str = ""
    vm_storage: str = ""
    snippet_storage: str = ""
    iso_storage: str = ""
    bridge: str = "vmbr0"
    ip: str = "dhcp"
    gateway: str = ""
    apt_proxy: str = ""
    log_dir: Path = Path("/var/log/pvesvc")
    upgrade_keep: int = 3
    repo_cache: Path = Path("/var/cache/pvesmbgw/svc-repos")
    file_sd: Optional[Path] = None  # this node's file_sd file; None: not registered
    share_mode: str = "native"  # `pve-svc share`: native or lxc
    secret_backend: str = "file"
    vault_url: str = ""
    vault_mount: str = "secret"
    vault_token_file: Path = Path("/etc/pve/priv/pvesvc-vault-token")


@dataclass(frozen=True)
class Config:
    """Resolved configuration; paths are absolute."""

    samba_conf: Path
    include_file: Path
    state_dir: Path
    service_manager: str
    allowed_roots: tuple[Path, ...]
    pve_root: Path
    share_group: str
    systemd_root: Path
    command_timeout: float
    account_ids: tuple[int, int] = (2000000, 100000)
    subuid_file: Path = Path("/etc/subuid")
    subgid_file: Path = Path("/etc/subgid")
    node: str = "pve"
    lxc: LxcSettings = field(default_factory=LxcSettings)
    rbd_mount_root: Path = Path("/mnt/pvesmbgw")
    dfree_helper: Path = Path("/usr/lib/pvesmbgw/pvesmbgw-dfree")
    dfree_dir: Path = Path("/run/pvesmbgw/dfree")
    vm: VmSettings = field(default_factory=lambda: VmSettings())
    fstab_file: Path = Path("/etc/fstab")
    rbdmap_file: Path = Path("/etc/ceph/rbdmap")
    source: Optional[Path] = None
    krb5_conf: Path = Path("/etc/krb5.conf")
    krb5_keytab: Path = Path("/etc/krb5.keytab")
    nsswitch_conf: Path = Path("/etc/nsswitch.conf")
    ad_include_file: Path = Path("/etc/samba/pvesmbgw-ad.conf")
    ad_idmap_range: tuple[int, int] = (10000000, 10000000)
    ad_default_range: tuple[int, int] = (3000000, 100000)
    ctdb: "CtdbSettings" = field(default_factory=lambda: CtdbSettings())
    svc: SvcSettings = field(default_factory=SvcSettings)
    appstore: AppStoreSettings = field(default_factory=AppStoreSettings)

    @classmethod
    def defaults(cls) -> "Config":
        return from_mapping({})

    @property
    def store(self) -> Store:
        """Where the desired state and the command lock live (cluster filesystem)."""
        return Store(self.pve_root, self.state_dir)

    @property
    def registry_file(self) -> Path:
        return self.store.path("registry.json")

    @property
    def lock_file(self) -> Path:
        return self.store.node_lock

    @property
    def journal_dir(self) -> Path:
        return self.state_dir / "journal"

    @property
    def storage_cfg(self) -> Path:
        return self.pve_root / "storage.cfg"

    def lxc_config_file(self, vmid: int) -> Path:
        """A container's config in the cluster filesystem (/etc/pve/lxc is this node's)."""
        return self.pve_root / "lxc" / f"{vmid}.conf"

    def guest_config_file(self, kind: str, vmid: int) -> Path:
        """A container's (KIND lxc) or VM's (vm) config on this node."""
        return self.lxc_config_file(vmid) if kind == "lxc" else \
            self.pve_root / "qemu-server" / f"{vmid}.conf"

    def resolved_service_manager(self) -> str:
        """`auto` becomes systemd when systemd runs the host, else direct."""
        if self.service_manager != "auto":
            return self.service_manager
        return "systemd" if self.systemd_root.is_dir() else "direct"


def is_bridge_name(value: str) -> bool:
    """A Linux bridge name (what pct and qm pass on in net0's bridge=; a ',' there
    would add options of its own)."""
    return bool(re.fullmatch(r"[A-Za-z0-9_.-]{1,15}", value)) and value not in (".", "..")


# PVE's storage ID format (pve-storage's `pve-storage-id`).
_STORAGE_ID_RE = re.compile(r"[a-z][a-z0-9._-]*[a-z0-9]|[a-z]", re.ASCII)
MAX_STORAGE_ID = 64


def is_storage_id(value: str) -> bool:
    """A PVE storage ID as PVE writes them: lower-case ASCII letters, digits, '.', '-'
    and '_', starting with a letter (it reaches pvesh's argv and paths)."""
    return len(value) <= MAX_STORAGE_ID and bool(_STORAGE_ID_RE.fullmatch(value))


def _bridge(key: str, merged: Mapping[str, str]) -> str:
    value = merged[key].strip()
    if not is_bridge_name(value):
        raise ConfigError(_("config {key}: not a network bridge name: {value!r}").format(key=key, value=value))
    return value


def _absolute(key: str, value: str) -> Path:
    if not value.startswith("/"):
        raise ConfigError(_("config {key}: must be an absolute path, got {value!r}").format(key=key, value=value))
    return Path(os.path.normpath(value))


def _command_word(key: str, value: str) -> Path:
    """An absolute path that goes into smb.conf's `dfree command`: smbd expands
    %-variables in it, and white space would need quoting, so neither may occur."""
    path = _absolute(key, value.strip())
    if re.search(r"[\s%]", str(path)):
        raise ConfigError(_("config {key}: must not contain white space or '%': {value!r}").format(key=key, value=value))
    return path


def from_mapping(values: Mapping[str, str], source: Optional[Path] = None) -> Config:
    """Build a Config from key/value strings, applying defaults and checks."""
    unknown = set(values) - set(_DEFAULTS)
    if unknown:
        raise ConfigError(_("config: unknown key {unknown!r}").format(unknown=sorted(unknown)[0]))
    merged = {**_DEFAULTS, **values}
    samba_conf = _absolute("samba_conf", merged["samba_conf"])
    include = merged["include_file"] or str(samba_conf.parent / "pvesmbgw-shares.conf")
    manager = merged["service_manager"].strip()
    if manager not in SERVICE_MANAGERS:
        raise ConfigError(_("config service_manager: must be one of {service_managers}").format(service_managers=', '.join(SERVICE_MANAGERS)))
    roots = tuple(_absolute("allowed_roots", r) for r in merged["allowed_roots"].split())
    group = merged["share_group"].strip()
    if not group or not group.replace("-", "").replace("_", "").isalnum():
        raise ConfigError(_("config share_group: not a valid group name: {group!r}").format(group=group))
    try:
        timeout = float(merged["command_timeout"])
    except ValueError:
        raise ConfigError(_("config command_timeout: must be a number of seconds")) from None
    try:
        account_ids = parse_range(merged["account_id_range"], "account_id_range")
    except ValidationError as exc:
        raise ConfigError(_("config {exc}").format(exc=exc)) from None
    # os.uname() is gethostname() without importing socket (pvestatd polls start fast).
    node = merged["node"].strip() or os.uname().nodename.split(".")[0]
    lxc = LxcSettings(
        bridge=_bridge("lxc_bridge", merged), ip=merged["lxc_ip"].strip(),
        gateway=merged["lxc_gateway"].strip(),
        rootfs_storage=merged["lxc_rootfs_storage"].strip(),
        template_storage=merged["lxc_template_storage"].strip(),
        template=merged["lxc_template"].strip(),
        memory=_int(merged, "lxc_memory", 16), swap=_int(merged, "lxc_swap", 0),
        cores=_int(merged, "lxc_cores", 1), disk=_int(merged, "lxc_disk", 1))
    return Config(
        samba_conf=samba_conf,
        include_file=_absolute("include_file", include),
        state_dir=_absolute("state_dir", merged["state_dir"]),
        service_manager=manager,
        allowed_roots=roots,
        pve_root=_absolute("pve_root", merged["pve_root"]),
        share_group=group,
        systemd_root=_absolute("systemd_root", merged["systemd_root"]),
        command_timeout=timeout,
        account_ids=account_ids,
        subuid_file=_absolute("subuid_file", merged["subuid_file"]),
        subgid_file=_absolute("subgid_file", merged["subgid_file"]),
        node=node,
        lxc=lxc,
        rbd_mount_root=_absolute("rbd_mount_root", merged["rbd_mount_root"]),
        dfree_helper=_absolute("dfree_helper", merged["dfree_helper"]),
        dfree_dir=_command_word("dfree_dir", merged["dfree_dir"]),
        vm=VmSettings(
            storage=merged["vm_storage"].strip(),
            snippet_storage=merged["vm_snippet_storage"].strip(),
            image=merged["vm_image"].strip(), bridge=_bridge("vm_bridge", merged),
            ip=merged["vm_ip"].strip(), gateway=merged["vm_gateway"].strip(),
            memory=_int(merged, "vm_memory", 256), cores=_int(merged, "vm_cores", 1),
            agent_timeout=float(_int(merged, "vm_agent_timeout", 1)),
            apt_proxy=_apt_proxy("vm_apt_proxy", merged)),
        fstab_file=_absolute("fstab_file", merged["fstab_file"]),
        rbdmap_file=_absolute("rbdmap_file", merged["rbdmap_file"]),
        source=source,
        **_ad_settings(merged, samba_conf),
        ctdb=_ctdb_settings(merged, samba_conf, _absolute("pve_root", merged["pve_root"]),
                           _absolute("state_dir", merged["state_dir"])),
        svc=_svc_settings(merged, node, _absolute("pve_root", merged["pve_root"])),
        appstore=_appstore_settings(merged, _absolute("pve_root", merged["pve_root"])),
    )


def _appstore_settings(merged: Mapping[str, str], pve_root: Path) -> AppStoreSettings:
    """appstore_*: pveproxy's own certificate when one was uploaded, else the node's."""
    port = _int(merged, "appstore_port", 1)
    if port > 65535:
        raise ConfigError(_("config appstore_port: must be at most 65535"))
    local = pve_root / "local"
    custom = local / "pveproxy-ssl.pem"
    default_cert = custom if custom.is_file() else local / "pve-ssl.pem"
    cert = _absolute("appstore_cert", merged["appstore_cert"]) \
        if merged["appstore_cert"].strip() else default_cert
    key = _absolute("appstore_key", merged["appstore_key"]) \
        if merged["appstore_key"].strip() else cert.with_suffix(".key")
    command = tuple(shlex.split(merged["appstore_svc_command"]))
    if not command:
        raise ConfigError(_("config appstore_svc_command: must not be empty"))
    origins = tuple(merged["appstore_gui_origins"].split())
    for origin in origins:
        if not re.fullmatch(r"https?://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?", origin):
            raise ConfigError(_("config appstore_gui_origins: not a scheme://host[:port] "
                              "origin: {origin!r}").format(origin=origin))
    return AppStoreSettings(port=port, listen=merged["appstore_listen"].strip() or "::",
                            cert=cert, key=key,
                            task_dir=_absolute("appstore_task_dir", merged["appstore_task_dir"]),
                            svc_command=command, gui_origins=origins)


def _apt_proxy(key: str, merged: Mapping[str, str]) -> str:
    proxy = merged[key].strip()
    if proxy and not re.fullmatch(r"https?://[A-Za-z0-9.:\[\]-]+(:\d{1,5})?/?", proxy):
        raise ConfigError(_("config {key}: not an http://HOST:PORT URL: {proxy!r}").format(key=key, proxy=proxy))
    return proxy


def _file_sd(merged: Mapping[str, str], node: str) -> Optional[Path]:
    """svc_file_sd with {node} replaced: an absolute *.json path, or None (empty)."""
    raw = merged["svc_file_sd"].strip()
    if not raw:
        return None
    rest = raw.replace("{node}", "")
    if not raw.endswith(".json") or "{" in rest or "}" in rest or \
            any(ord(c) < 32 or ord(c) == 127 for c in raw):
        raise ConfigError(_("config svc_file_sd: an absolute path ending in .json (Prometheus "
                          "file_sd reads those), {{node}} the only placeholder; got {raw!r}").format(raw=raw))
    return _absolute("svc_file_sd", raw.replace("{node}", node))


SVC_SHARE_MODES = ("native", "lxc")


def _share_mode(merged: Mapping[str, str]) -> str:
    mode = merged["svc_share_mode"].strip()
    if mode not in SVC_SHARE_MODES:
        raise ConfigError(_("config svc_share_mode: {svc_share_modes}, got "
                          "{mode!r}").format(svc_share_modes=' or '.join(SVC_SHARE_MODES), mode=mode))
    return mode


def _svc_settings(merged: Mapping[str, str], node: str, pve_root: Path
                  ) -> SvcSettings:
    proxy = _apt_proxy("svc_apt_proxy", merged)
    backend = merged["svc_secret_backend"].strip()
    if backend not in SECRET_BACKENDS:
        raise ConfigError(_("config svc_secret_backend: must be one of "
                          "{secret_backends}, got {backend!r}").format(secret_backends=', '.join(SECRET_BACKENDS), backend=backend))
    url = _vault_url(merged["svc_vault_url"].strip())
    if backend == "vault" and not url:
        raise ConfigError(_("config svc_vault_url: needed with svc_secret_backend = vault"))
    mount = merged["svc_vault_mount"].strip()
    if not re.fullmatch(r"[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*", mount) or \
            any(part in (".", "..") for part in mount.split("/")):
        raise ConfigError(_("config svc_vault_mount: not a Vault mount path: {mount!r}").format(mount=mount))
    token_file = merged["svc_vault_token_file"].strip() or \
        str(pve_root / "priv" / "pvesvc-vault-token")
    return SvcSettings(
        templates_dir=_absolute("svc_templates_dir", merged["svc_templates_dir"]),
        storage=merged["svc_storage"].strip(),
        rootfs_storage=merged["svc_rootfs_storage"].strip(),
        template_storage=merged["svc_template_storage"].strip(),
        vm_storage=merged["svc_vm_storage"].strip(),
        snippet_storage=merged["svc_snippet_storage"].strip(),
        iso_storage=merged["svc_iso_storage"].strip(),
        bridge=_bridge("svc_bridge", merged), ip=merged["svc_ip"].strip(),
        gateway=merged["svc_gateway"].strip(), apt_proxy=proxy,
        log_dir=_absolute("svc_log_dir", merged["svc_log_dir"]),
        upgrade_keep=_int(merged, "svc_upgrade_keep", 1),
        repo_cache=_absolute("svc_repo_cache", merged["svc_repo_cache"]),
        file_sd=_file_sd(merged, node), share_mode=_share_mode(merged),
        secret_backend=backend, vault_url=url, vault_mount=mount,
        vault_token_file=_absolute("svc_vault_token_file", token_file))


# Plain http reaches Vault only on this host's loopback (a Vault Agent listener, or the
# tests' fake): anywhere else the token and the secrets would cross a network in clear.
_LOOPBACK_HOSTS = ("127.0.0.1", "[::1]")


def _vault_url(url: str) -> str:
    """svc_vault_url: https://HOST[:PORT][/PATH], or http:// on loopback only."""
    if not url:
        return ""
    match = re.fullmatch(r"(https?)://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?(/[^\s?#]*)?",
                         url)
    if match is None:
        raise ConfigError(_("config svc_vault_url: not an https://HOST[:PORT] URL: {url!r}").format(url=url))
    if match.group(1) == "http" and match.group(2) not in _LOOPBACK_HOSTS:
        raise ConfigError(_("config svc_vault_url: http only to 127.0.0.1 or [::1] (a Vault "
                          "agent on this host); use https for {match}").format(match=match.group(2)))
    return url.rstrip("/")


def _ad_settings(merged: Mapping[str, str], samba_conf: Path) -> dict[str, Any]:
    """The Active Directory keys, resolved (paths absolute, ranges parsed)."""
    out: dict[str, Any] = {}
    for key in ("krb5_conf", "krb5_keytab", "nsswitch_conf"):
        out[key] = _absolute(key, merged[key])
    ad_include = merged["ad_include_file"] or str(samba_conf.parent / "pvesmbgw-ad.conf")
    out["ad_include_file"] = _absolute("ad_include_file", ad_include)
    for key in ("ad_idmap_range", "ad_default_range"):
        try:
            out[key] = parse_range(merged[key], key)
        except ValidationError as exc:
            raise ConfigError(_("config {exc}").format(exc=exc)) from None
    return out


def _int(values: Mapping[str, str], key: str, minimum: int) -> int:
    try:
        number = int(values[key])
    except ValueError:
        raise ConfigError(_("config {key}: must be a whole number").format(key=key)) from None
    if number < minimum:
        raise ConfigError(_("config {key}: must be at least {minimum}").format(key=key, minimum=minimum))
    return number


def load(path: Optional[str] = None) -> Config:
    """Read the config from PATH, $PVESMBGW_CONFIG or the default location.

    A missing default file means built-in defaults; a missing explicit file is an error.
    """
    if path == "":
        raise ConfigError(_("config: --config must not be empty"))
    explicit = path or os.environ.get("PVESMBGW_CONFIG")
    target = Path(explicit or DEFAULT_CONFIG)
    if target.exists() and not target.is_file():
        # A directory, FIFO or device (/dev/zero would be read for ever).
        raise ConfigError(_("config: {target} is not a regular file").format(target=target))
    parser = configparser.ConfigParser(interpolation=None)
    try:
        with open(target, encoding="utf-8") as fh:
            parser.read_file(fh)
    except FileNotFoundError:
        if explicit:
            raise ConfigError(_("config: file not found: {target}").format(target=target)) from None
        return from_mapping({})
    except (configparser.Error, UnicodeDecodeError) as exc:
        raise ConfigError(_("config {target}: {exc}").format(target=target, exc=str(exc).splitlines()[0])) from None
    if parser.sections() and parser.sections() != [SECTION]:
        extra = [s for s in parser.sections() if s != SECTION]
        raise ConfigError(_("config {target}: unknown section [{extra}]").format(target=target, extra=extra[0]))
    values = dict(parser[SECTION]) if parser.has_section(SECTION) else {}
    return from_mapping(values, source=target)


@dataclass(frozen=True)
class CtdbSettings:
    """Where the CTDB cluster's files go (the tests point them into a lab per node)."""

    cluster_file: Path = Path("/etc/pve/pvesmbgw/cluster.json")
    ctdb_dir: Path = Path("/etc/ctdb")
    scripts_dir: Path = Path("/usr/share/ctdb/events/legacy")
    event_scripts: tuple[str, ...] = ("00.ctdb", "10.interface", "50.samba")
    socket: str = ""
    log: str = "syslog"
    smb_conf: Path = Path("/etc/samba/pvesmbgw-cluster.conf")
    # Parent of the volatile/persistent/state database directories; None: CTDB's default.
    db_dir: Optional[Path] = None


def _ctdb_settings(merged: Mapping[str, str], samba_conf: Path, pve_root: Path,
                   state_dir: Path) -> CtdbSettings:
    scripts = tuple(merged["ctdb_event_scripts"].split())
    if any("/" in s or s.startswith(".") for s in scripts):
        raise ConfigError(_("config ctdb_event_scripts: names like 00.ctdb, not paths"))
    socket_path = merged["ctdb_socket"].strip()
    if socket_path:
        _absolute("ctdb_socket", socket_path)
    log_location = merged["ctdb_log"].strip()
    if not log_location or any(c in log_location for c in "\n\r"):
        raise ConfigError(_("config ctdb_log: a ctdb.conf logging location, e.g. syslog"))
    return CtdbSettings(
        # The cluster filesystem replicates the desired state to every node; a host
        # without one keeps it locally (a one-node "cluster", or tests).
        cluster_file=_absolute("cluster_file", merged["cluster_file"] or str(
            (pve_root / "pvesmbgw" if pve_root.is_dir() else state_dir) / "cluster.json")),
        ctdb_dir=_absolute("ctdb_dir", merged["ctdb_dir"]),
        scripts_dir=_absolute("ctdb_scripts_dir", merged["ctdb_scripts_dir"]),
        event_scripts=scripts, socket=socket_path, log=log_location,
        smb_conf=_absolute("cluster_smb_conf", merged["cluster_smb_conf"] or
                           str(samba_conf.parent / "pvesmbgw-cluster.conf")),
        db_dir=_absolute("ctdb_db_dir", merged["ctdb_db_dir"])
        if merged["ctdb_db_dir"].strip() else None)
