"""A Samba AD domain in network namespaces: a DC and an empty member host for the agent.

Follows reference/test-lab.md §2, with two changes that keep the lab off the shared
network: the DC's and the member's namespaces are joined by one veth pair (nothing of
198.51.100.0/24 appears in the root namespace), and every name (namespaces, veth ends,
/etc/netns/<ns>) carries a random tag. The lab still holds the flock on
/run/lock/pvgwt-lxc-net.lock while it exists and looks at `ip route`, like every user of
the range; a route there is reported, not fatal, since the root namespace is not used.

Every command "on" a host runs through `ip netns exec NS sh -c 'mount --bind RUN /run/samba
&& exec ...'`: libwbclient and nss_winbind look for winbindd's socket in the compiled-in
/run/samba/winbindd, so each host gets its own directory there (see test-lab.md pitfall 1).
Teardown stops exactly the daemons started here (by their pid files and the conf file on
their command line), then deletes the veth, the namespaces and /etc/netns/<ns> by name.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

from . import netlock
from .netlock import routes_in_subnet as _routes_in_subnet
from .paths import PYTHON, REPO
from .proc import run, stop_processes

REALM = "EXAMPLE.TEST"
DOMAIN = "EXAMPLE"
ADMIN_PASSWORD = "Adm1n-" + secrets.token_hex(6) + "!"
SUBNET = netlock.SUBNET
DC_IP = "198.51.100.10"
MEMBER_IP = "198.51.100.20"
TOOLS = ("samba", "samba-tool", "net", "winbindd", "wbinfo", "smbd", "smbclient", "smbcacls",
         "ip", "kinit", "ldbsearch", "ntlm_auth")


# Domain users the AD tests create in the DC (name, password).
ALICE = ("alice", "Al1ce-" + os.urandom(4).hex() + "!")
BOB = ("bob", "B0b-" + os.urandom(4).hex() + "!")


class LabUnavailable(Exception):
    """The lab cannot be built on this host; the message says why (tests skip)."""


def prerequisites() -> Optional[str]:
    """Why this host cannot run the AD lab (None when it can)."""
    if os.geteuid() != 0:
        return "the AD lab needs root (network namespaces)"
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        return (f"missing {', '.join(missing)}: apt-get install samba-ad-dc winbind "
                "libnss-winbind krb5-user smbclient")
    if not Path("/usr/lib/x86_64-linux-gnu/samba/ldb").exists() and \
            shutil.which("samba") is None:
        return "samba-ad-dc is not installed"
    return None


@dataclass
class Host:
    """One namespace with a private /run/samba; `root` holds its Samba directories."""

    ns: str
    root: Path
    ip: str
    name: str                                   # short host name (NetBIOS name)

    @property
    def run_dir(self) -> Path:
        return self.root / "run"

    @property
    def etc(self) -> Path:
        """/etc/netns/<ns>: files here replace /etc/<file> for commands in the namespace."""
        return Path("/etc/netns") / self.ns

    def wrap(self, argv: Sequence[str], run_dir: Optional[Path] = None) -> list[str]:
        """ARGV as a command on this host (its namespace, its /run/samba or RUN_DIR)."""
        return ["ip", "netns", "exec", self.ns, "/bin/sh", "-c",
                f'mount --bind {run_dir or self.run_dir} /run/samba && exec "$@"', "sh", *argv]

    def run(self, *argv: str, check: bool = True, input: Optional[str] = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return run(self.wrap(argv), check=check, input=input, timeout=timeout)


@dataclass
class AdLab:
    tag: str
    workdir: Path
    dc: Host
    member: Host
    veth: str
    users: dict[str, str] = field(default_factory=dict)  # name -> password
    _holds_lock: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    _created_ns: list[str] = field(default_factory=list)
    _started_confs: list[Path] = field(default_factory=list)

    @property
    def dc_conf(self) -> Path:
        return self.dc.root / "etc" / "smb.conf"

    # -- building ---------------------------------------------------------------------

    def network(self) -> None:
        for host in (self.dc, self.member):
            run(["ip", "netns", "add", host.ns])
            self._created_ns.append(host.ns)
        # One veth straight from the DC's namespace to the member's: the root namespace
        # never sees the lab's addresses.
        run(["ip", "link", "add", self.veth, "netns", self.dc.ns, "type", "veth",
             "peer", "name", "eth0", "netns", self.member.ns])
        run(["ip", "-n", self.dc.ns, "link", "set", self.veth, "name", "eth0"])
        for host in (self.dc, self.member):
            run(["ip", "-n", host.ns, "link", "set", "lo", "up"])
            run(["ip", "-n", host.ns, "addr", "add", f"{host.ip}/24", "dev", "eth0"])
            run(["ip", "-n", host.ns, "link", "set", "eth0", "up"])
            host.etc.mkdir(parents=True, exist_ok=True)
            (host.etc / "resolv.conf").write_text(
                f"search {REALM.lower()}\nnameserver {DC_IP}\n")
            (host.etc / "hosts").write_text(
                "127.0.0.1 localhost\n"
                f"{DC_IP} {self.dc.name.lower()}.{REALM.lower()} {self.dc.name.lower()}\n"
                f"{MEMBER_IP} {self.member.name.lower()}.{REALM.lower()} "
                f"{self.member.name.lower()}\n")
            host.run_dir.mkdir(parents=True, exist_ok=True)
        # The member's own nsswitch.conf (no winbind yet: the agent adds it).
        (self.member.etc / "nsswitch.conf").write_text(
            "passwd:         files\ngroup:          files\nshadow:         files\n"
            "hosts:          files dns\n")

    def provision(self) -> None:
        target = self.dc.root
        self.dc.run("samba-tool", "domain", "provision", f"--realm={REALM}",
                    f"--domain={DOMAIN}", "--server-role=dc", "--dns-backend=SAMBA_INTERNAL",
                    f"--adminpass={ADMIN_PASSWORD}", f"--host-name={self.dc.name.lower()}",
                    f"--host-ip={DC_IP}", "--use-rfc2307", f"--targetdir={target}",
                    "--option=interfaces=lo eth0", "--option=bind interfaces only=yes",
                    timeout=300)
        for sub in ("cache", "run", "log"):
            (target / sub).mkdir(exist_ok=True)
        # Rewrite what provision copied from the host's smb.conf (test-lab.md pitfall 2).
        self.dc_conf.write_text(f"""[global]
	netbios name = {self.dc.name}
	realm = {REALM}
	workgroup = {DOMAIN}
	server role = active directory domain controller
	interfaces = lo eth0
	bind interfaces only = yes
	dns forwarder =
	private dir = {target}/private
	state directory = {target}/state
	lock directory = {target}/state
	cache directory = {target}/cache
	binddns dir = {target}/bind-dns
	pid directory = {target}/run
	ncalrpc dir = {target}/run/ncalrpc
	ntp signd socket directory = {target}/run/ntp_signd
	log file = {target}/log/log.%m
	max log size = 0
	idmap_ldb:use rfc2307 = yes
	template shell = /bin/false
	load printers = no
	printcap name = /dev/null
	disable spoolss = yes

[sysvol]
	path = {target}/state/sysvol
	read only = No

[netlogon]
	path = {target}/state/sysvol/{REALM.lower()}/scripts
	read only = No
""")
        (self.dc.etc / "krb5.conf").write_text(krb5_conf(self.dc.name))

    def start_dc(self, timeout: float = 60) -> None:
        self._started_confs.append(self.dc_conf)
        self.dc.run("samba", "-D", "-s", str(self.dc_conf))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            # LDAP comes last (first start makes a TLS key): read its root DSE.
            proc = self.dc.run("ldbsearch", "-H", f"ldap://{DC_IP}", "-s", "base", "-b", "",
                               "defaultNamingContext", check=False, timeout=30)
            if proc.returncode == 0:
                return
            time.sleep(0.5)
        raise RuntimeError(f"the DC did not answer LDAP within {timeout}s")

    def add_user(self, name: str, password: str) -> None:
        self.dc.run("samba-tool", "user", "create", name, password, "-s", str(self.dc_conf))
        self.users[name] = password

    def tool(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """samba-tool on the DC's own database."""
        return self.dc.run("samba-tool", *args, "-s", str(self.dc_conf), check=check)

    # -- tearing down ---------------------------------------------------------------

    def _samba_pids(self, conf: Path) -> list[int]:
        """Live processes started with CONF on their command line (samba forks many)."""
        want = str(conf)
        pids = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                argv = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if want.encode() in argv:
                pids.append(int(entry))
        return pids

    def stop_confs(self, confs: Sequence[Path]) -> None:
        """TERM, then KILL, every process running with one of CONFS."""
        stop_processes(lambda: [p for c in confs for p in self._samba_pids(c)],
                       ((signal.SIGTERM, 5.0), (signal.SIGKILL, 3.0)))

    def teardown(self, member_confs: Sequence[Path] = ()) -> list[str]:
        problems: list[str] = []
        try:
            self.stop_confs([*member_confs, *self._started_confs])
        except Exception as exc:  # keep tearing down
            problems.append(f"stop daemons: {exc}")
        # Daemons forked by a process started with the conf (rpcd_*, samba children)
        # carry it too; anything left that still sits in our namespaces is ours.
        for ns in self._created_ns:
            proc = run(["ip", "netns", "pids", ns], check=False)
            for pid in proc.stdout.split():
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (ProcessLookupError, ValueError):
                    pass
        for ns in self._created_ns:
            proc = run(["ip", "netns", "del", ns], check=False)
            if proc.returncode != 0:
                problems.append(f"ip netns del {ns}: {proc.stderr.strip()}")
            shutil.rmtree(Path("/etc/netns") / ns, ignore_errors=True)
        try:
            Path("/etc/netns").rmdir()
        except OSError:
            pass  # other sessions' entries are still there
        shutil.rmtree(self.workdir, ignore_errors=True)
        if self._holds_lock:
            netlock.release()
            self._holds_lock = False
        return problems


def krb5_conf(kdc_name: str) -> str:
    return f"""[libdefaults]
	default_realm = {REALM}
	dns_lookup_realm = false
	dns_lookup_kdc = true
[realms]
	{REALM} = {{
		kdc = {kdc_name.lower()}.{REALM.lower()}
	}}
[domain_realm]
	.{REALM.lower()} = {REALM}
"""


def build(users: Optional[dict[str, str]] = None) -> AdLab:
    """Build and start the lab (DC running, member empty). Raises LabUnavailable."""
    reason = prerequisites()
    if reason:
        raise LabUnavailable(reason)
    started = time.monotonic()
    try:
        netlock.acquire()
    except netlock.NetworkBusy as exc:
        raise LabUnavailable(str(exc)) from None
    waited = time.monotonic() - started
    # The lab's addresses live only inside its two namespaces (one veth between them, no
    # bridge, no route in the root namespace), so another session's use of the range in
    # the root namespace cannot collide with it; it is noted, not a reason to skip.
    busy = _routes_in_subnet()
    if busy:
        print(f"ad_lab: {SUBNET} is routed in the root namespace ({'; '.join(busy)}); "
              "the lab does not use the root namespace")
    tag = secrets.token_hex(3)
    workdir = Path(tempfile.mkdtemp(prefix=f"pvgwt-ad-{tag}-"))
    workdir.chmod(0o755)
    Path("/run/samba").mkdir(exist_ok=True)
    lab = AdLab(tag=tag, workdir=workdir,
                dc=Host(f"pvgwt-addc-{tag}", workdir / "dc", DC_IP, "DC1"),
                member=Host(f"pvgwt-admem-{tag}", workdir / "mem", MEMBER_IP,
                            f"MEM{tag.upper()}"),
                veth=f"pvgwtad{tag}", _holds_lock=True)
    try:
        lab.network()
        lab.provision()
        provisioned = time.monotonic()
        lab.start_dc()
        for name, password in (users or {}).items():
            lab.add_user(name, password)
    except BaseException:
        lab.teardown()
        raise
    lab.timings = {"lock_wait": waited, "provision": provisioned - started - waited,
                   "start": time.monotonic() - provisioned}
    print(f"ad_lab: built in {time.monotonic() - started:.1f}s "
          + ", ".join(f"{k} {v:.1f}s" for k, v in lab.timings.items()))
    return lab


# --------------------------------------------------------------------------------------------
# a member host for one test: its own Samba directories, /run/samba and agent config
# --------------------------------------------------------------------------------------------

NSSWITCH_BEFORE = ("passwd:         files\ngroup:          files\nshadow:         files\n"
                   "hosts:          files dns\n")


@dataclass
class Member:
    """A fresh (not yet joined) member: the agent's config points every file it may touch
    (smb.conf, krb5.conf, keytab, nsswitch.conf, state) into this sandbox."""

    lab: AdLab
    root: Path
    netbios: str
    group: str

    @property
    def conf(self) -> Path:
        return self.root / "smb.conf"

    @property
    def config(self) -> Path:
        return self.root / "pvesmbgw.conf"

    @property
    def run_dir(self) -> Path:
        return self.root / "run"

    @property
    def log_dir(self) -> Path:
        return self.root / "log"

    @property
    def state_dir(self) -> Path:
        return self.root / "agent-state"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def krb5_conf(self) -> Path:
        return self.root / "etc" / "krb5.conf"

    @property
    def keytab(self) -> Path:
        return self.root / "etc" / "krb5.keytab"

    @property
    def nsswitch(self) -> Path:
        # Bind-mounted over /etc/nsswitch.conf for every command in the member namespace.
        return self.lab.member.etc / "nsswitch.conf"

    @property
    def ad_include(self) -> Path:
        return self.root / "pvesmbgw-ad.conf"

    def create(self) -> None:
        r = self.root
        for sub in ("private", "lock", "state", "cache", "log", "etc", "run", "data", "pve"):
            (r / sub).mkdir(parents=True, exist_ok=True)
        (r / "private").chmod(0o700)
        self.data.chmod(0o755)
        self.conf.write_text(f"""# the admin's smb.conf of this member
[global]
	netbios name = {self.netbios}
	interfaces = lo eth0
	bind interfaces only = yes
	private dir = {r}/private
	lock directory = {r}/lock
	state directory = {r}/state
	cache directory = {r}/cache
	pid directory = {r}/run
	ncalrpc dir = {r}/run/ncalrpc
	log file = {r}/log/log.%m
	max log size = 0
	log level = 1
	disable netbios = yes
	load printers = no
	printcap name = /dev/null
	disable spoolss = yes
	# as in Debian's default smb.conf: the join must override it
	server role = standalone server

[admins-own]
	path = {r}/data
	read only = yes
""")
        self.krb5_conf.write_text("# the admin's krb5.conf\n[libdefaults]\n\tforwardable = true\n")
        self.nsswitch.write_text(NSSWITCH_BEFORE)
        self.config.write_text(f"""[pvesmbgw]
samba_conf = {self.conf}
state_dir = {self.state_dir}
dfree_dir = {self.state_dir}/dfree
allowed_roots = {self.data}
pve_root = {r}/pve
service_manager = direct
share_group = {self.group}
krb5_conf = {self.krb5_conf}
krb5_keytab = {self.keytab}
nsswitch_conf = {self.nsswitch}
""")

    def run(self, *argv: str, check: bool = True, input: Optional[str] = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """A command on this member (its namespace and its own /run/samba)."""
        return run(self.lab.member.wrap(argv, self.run_dir), check=check, input=input,
                   timeout=timeout)

    def cli(self, *args: str, input: Optional[str] = None, check: Optional[int] = 0,
            timeout: float = 180, env: Sequence[str] = ()) -> subprocess.CompletedProcess[str]:
        """The real CLI (this work tree), run on the member; ENV adds NAME=VALUE items."""
        argv = self.lab.member.wrap(
            ["env", f"PVESMBGW_CONFIG={self.config}", f"PYTHONPATH={REPO}", *env, PYTHON,
             "-m", "pvesmbgw.cli.entry", *args], self.run_dir)
        proc = subprocess.run(argv, input=input, capture_output=True, text=True,
                              timeout=timeout, cwd=REPO, check=False)
        if check is not None and proc.returncode != check:
            raise AssertionError(f"pve-smbgateway {' '.join(args)} exited {proc.returncode}, "
                                 f"expected {check}\nstdout: {proc.stdout}\n"
                                 f"stderr: {proc.stderr}")
        return proc

    def files(self) -> dict[str, str]:
        """Digests of every file a join writes (what a failed join must leave alone)."""
        import hashlib
        out = {}
        for path in (self.conf, self.ad_include, self.krb5_conf, self.keytab, self.nsswitch,
                     self.state_dir / "ad.json"):
            try:
                out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
            except FileNotFoundError:
                out[str(path)] = "absent"
        return out

    def teardown(self) -> None:
        self.lab.stop_confs([self.conf])
        run(["groupdel", self.group], check=False)
        shutil.rmtree(self.root, ignore_errors=True)


def new_member(lab: AdLab) -> Member:
    tag = secrets.token_hex(3)
    member = Member(lab, lab.workdir / f"m{tag}", f"M{tag.upper()}", f"pvgwtad{tag}")
    member.create()
    return member


def auth_file(directory: Path, user: str, password: str) -> Path:
    """A 0600 smbclient credentials file (passwords never go into argv)."""
    path = directory / f"auth-{secrets.token_hex(4)}"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(f"username = {user}\npassword = {password}\ndomain = {DOMAIN}\n")
    return path


# --------------------------------------------------------------------------------------------
# a DC on an existing bridge (for gateway containers on the LXC test bridge)
# --------------------------------------------------------------------------------------------


def build_on_bridge(bridge: str, users: Optional[dict[str, str]] = None) -> AdLab:
    """A DC whose namespace hangs off BRIDGE (the LXC test bridge, which the caller
    created and whose network lock it holds) through one veth; no member namespace.
    The DC keeps DC_IP, below the addresses pvesim hands containers (.10+N, N>=100
    for the vmids PVE gives out first). Raises LabUnavailable."""
    reason = prerequisites()
    if reason:
        raise LabUnavailable(reason)
    if not Path(f"/sys/class/net/{bridge}/bridge").is_dir():
        raise LabUnavailable(f"bridge {bridge} does not exist")
    try:
        netlock.acquire()  # re-entrant: the bridge's owner holds it already
    except netlock.NetworkBusy as exc:
        raise LabUnavailable(str(exc)) from None
    started = time.monotonic()
    tag = secrets.token_hex(3)
    workdir = Path(tempfile.mkdtemp(prefix=f"pvgwt-adbr-{tag}-"))
    workdir.chmod(0o755)
    Path("/run/samba").mkdir(exist_ok=True)
    unused = Host(f"pvgwt-adnone-{tag}", workdir / "none", MEMBER_IP, "NONE")
    lab = AdLab(tag=tag, workdir=workdir,
                dc=Host(f"pvgwt-addc-{tag}", workdir / "dc", DC_IP, "DC1"),
                member=unused, veth=f"pvgwtadb{tag}", _holds_lock=True)
    try:
        dc = lab.dc
        run(["ip", "netns", "add", dc.ns])
        lab._created_ns.append(dc.ns)
        run(["ip", "link", "add", lab.veth, "type", "veth", "peer", "name", "eth0",
             "netns", dc.ns])
        run(["ip", "link", "set", lab.veth, "master", bridge])
        run(["ip", "link", "set", lab.veth, "up"])
        run(["ip", "-n", dc.ns, "link", "set", "lo", "up"])
        run(["ip", "-n", dc.ns, "addr", "add", f"{dc.ip}/24", "dev", "eth0"])
        run(["ip", "-n", dc.ns, "link", "set", "eth0", "up"])
        dc.etc.mkdir(parents=True, exist_ok=True)
        (dc.etc / "resolv.conf").write_text(f"search {REALM.lower()}\nnameserver {DC_IP}\n")
        (dc.etc / "hosts").write_text(
            f"127.0.0.1 localhost\n{DC_IP} {dc.name.lower()}.{REALM.lower()} "
            f"{dc.name.lower()}\n")
        dc.run_dir.mkdir(parents=True, exist_ok=True)
        lab.provision()
        lab.start_dc()
        for name, password in (users or {}).items():
            lab.add_user(name, password)
    except BaseException:
        drop_bridge_veth(lab)
        lab.teardown()
        raise
    print(f"ad_lab: DC on {bridge} built in {time.monotonic() - started:.1f}s")
    return lab


def drop_bridge_veth(lab: AdLab) -> None:
    """Delete the root-namespace end of build_on_bridge's veth by name (deleting the DC's
    namespace removes it too; this covers a half-built lab)."""
    if Path(f"/sys/class/net/{lab.veth}").exists():
        run(["ip", "link", "del", lab.veth], check=False)


# --------------------------------------------------------------------------------------------
# leaks: where a password must never show up
# --------------------------------------------------------------------------------------------


def files_containing(root: Path, secret: str) -> list[str]:
    hits = []
    for path in root.rglob("*"):
        if path.is_file() and not path.name.startswith("auth-"):
            try:
                if secret.encode() in path.read_bytes():
                    hits.append(str(path))
            except OSError:
                continue
    return hits
