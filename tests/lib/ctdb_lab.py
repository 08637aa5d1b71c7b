"""A real three-node CTDB cluster in network namespaces, configured by the agent.

Topology (reference/test-lab.md §1): bridge ``br-pvgwctdb`` (198.51.100.254/24) in the root
namespace; namespaces ``pvgwctdb1..3``, each with ``eth0`` = 198.51.100.1<i>/24 on a veth
``pvgwc<i>h`` enslaved to the bridge. Every node has its own directory: the agent's config
points ``ctdb_dir``, ``samba_conf``, ``state_dir``, the cluster smb.conf and the ctdbd socket
into it, and ``pve_root`` at one shared directory (standing in for /etc/pve), so the cluster
state written on one node is what the others reconcile from.

Each node also has its own mount namespace, pinned to a file (``unshare --mount=FILE``):
there a copy of /etc (the node's own passwd, group and shadow) and the node's directories
over /etc/ctdb, /run/ctdb and /var/lib/ctdb differ from the host. The agent, ctdbd (in
production mode) and the smbd the agent starts all run in it (``nsenter --net --mount``),
so an account made on one node does not exist on another until its reconcile makes it.

built_lab() holds the flock on /run/lock/pvgwt-lxc-net.lock (198.51.100.0/24 can only be on
one bridge) and checks `ip route` first. Teardown kills the processes in its namespaces by PID,
deletes the veths explicitly (orphaned sockets keep a deleted netns alive) and the bridge by
name after checking its ifindex.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional, Sequence

import pytest

from . import netlock
from .netlock import ifindex as _ifindex, routes_in_subnet as _routes_in_subnet
from .paths import PYTHON, REPO
from .proc import is_alive, run, stop_processes
from .samba import SambaSandbox
NET = "198.51.100"
BRIDGE = "br-pvgwctdb"
CLAIM = "ctdb"  # netlock's record of the lab's network, for a run killed before its teardown
HOST_IP = f"{NET}.254"
VIP = f"{NET}.100"
N = 3
TOOLS = ("ctdbd", "ctdb", "smbd", "smbclient", "smbcontrol", "ip", "ping", "useradd", "ethtool")


def ns_name(i: int) -> str:
    return f"pvgwctdb{i}"


def veth_name(i: int) -> str:
    return f"pvgwc{i}h"


def node_ip(i: int) -> str:
    return f"{NET}.1{i}"


@dataclass
class LabNode:
    index: int
    dir: Path

    @property
    def ns(self) -> str:
        return ns_name(self.index)

    @property
    def ip(self) -> str:
        return node_ip(self.index)

    @property
    def etc(self) -> Path:          # bind-mounted over /etc/ctdb (the agent's ctdb_dir)
        return self.dir / "etc"

    @property
    def run(self) -> Path:          # over /run/ctdb
        return self.dir / "run"

    @property
    def var(self) -> Path:          # over /var/lib/ctdb
        return self.dir / "var"

    @property
    def rootetc(self) -> Path:      # over /etc: the node's own accounts
        return self.dir / "rootetc"

    @property
    def mntns(self) -> Path:        # the node's mount namespace, pinned
        return self.dir / "mntns"

    def enter(self, *argv: str) -> list[str]:
        """ARGV run in this node's network and mount namespaces."""
        return ["nsenter", f"--net=/run/netns/{self.ns}", f"--mount={self.mntns}", "--",
                *argv]

    @property
    def socket(self) -> Path:
        return self.run / "ctdbd.socket"

    @property
    def config(self) -> Path:
        return self.dir / "pvesmbgw.conf"

    @property
    def smb_conf(self) -> Path:
        return self.dir / "smb.conf"

    @property
    def samba(self) -> SambaSandbox:
        """Used only to find and stop the Samba processes started with this node's conf."""
        return SambaSandbox(root=self.dir / "samba", conf=self.smb_conf, port=445)

    def ctdbd_pid(self) -> Optional[int]:
        try:
            pid = int((self.run / "ctdbd.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None
        return pid if is_alive(pid) else None


@dataclass
class CtdbLab:
    root: Path
    shared: Path                    # "shared storage": cluster lock and the share
    pve: Path                       # stands in for /etc/pve (cluster-wide)
    group: str
    nodes: list[LabNode] = field(default_factory=list)

    def node(self, i: int) -> LabNode:
        return self.nodes[i - 1]

    @property
    def lock_path(self) -> Path:
        return self.shared / "reclock"

    @property
    def share_dir(self) -> Path:
        return self.shared / "data"

    # -- the agent ---------------------------------------------------------------------------
    def cli(self, i: int, *args: str, input: Optional[str] = None, check: Optional[int] = 0,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """The real CLI on node I: inside its namespace, with its config."""
        env = {**os.environ, "PVESMBGW_CONFIG": str(self.node(i).config),
               "PYTHONPATH": str(REPO)}
        env.pop("PVESMBGW_DEBUG", None)
        proc = subprocess.run(self.node(i).enter(PYTHON, "-m", "pvesmbgw.cli.entry", *args),
                              input=input, capture_output=True, text=True, env=env,
                              timeout=timeout, cwd=REPO)
        if check is not None and proc.returncode != check:
            raise AssertionError(f"node{i}: pve-smbgateway {' '.join(args)} exited "
                                 f"{proc.returncode}, expected {check}\nstdout: {proc.stdout}"
                                 f"\nstderr: {proc.stderr}")
        return proc

    # -- ctdb --------------------------------------------------------------------------------
    def ctdb(self, i: int, *args: str, check: bool = True,
             timeout: float = 30) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "CTDB_SOCKET": str(self.node(i).socket)}
        proc = subprocess.run(["ctdb", *args], capture_output=True, text=True, env=env,
                              timeout=timeout)
        if check and proc.returncode != 0:
            raise RuntimeError(f"node{i}: ctdb {' '.join(args)}: {proc.stderr.strip()}")
        return proc

    def start_ctdbd(self, i: int, timeout: float = 30) -> int:
        node = self.node(i)
        for leftover in ("ctdbd.pid", "ctdbd.socket"):
            (node.run / leftover).unlink(missing_ok=True)
        # A killed ctdbd's event daemon and lock helper exit by themselves a few seconds
        # later; a new ctdbd cannot start its event daemon before.
        deadline = time.monotonic() + 20
        while self._ns_pids([node]) and time.monotonic() < deadline:
            time.sleep(0.2)
        proc = run(node.enter("ctdbd"), timeout=timeout, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"node{i}: ctdbd failed to start: {proc.stderr.strip()}\n"
                               f"{self.log_tail(i)}")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid = node.ctdbd_pid()
            if pid and self.ctdb(i, "pnn", check=False, timeout=5).returncode == 0:
                return pid
            time.sleep(0.2)
        raise RuntimeError(f"node{i}: ctdbd did not come up\n{self.log_tail(i)}")

    def kill_node(self, i: int) -> None:
        """A crash: SIGKILL ctdbd and the node's smbd, and the VIP vanishes with the node."""
        node = self.node(i)
        pid = node.ctdbd_pid()
        for p in ([pid] if pid else []) + node.samba.smbd_pids():
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
        run(["ip", "-n", node.ns, "addr", "flush", "dev", "eth0", "to", f"{VIP}/32"],
            check=False)

    def stop_node(self, i: int, timeout: float = 30) -> None:
        """An orderly stop: smbd, then `ctdb shutdown`; waits until ctdbd is gone."""
        node = self.node(i)
        node.samba.stop()
        pid = node.ctdbd_pid()
        if pid is None:
            return
        self.ctdb(i, "shutdown", check=False, timeout=timeout)
        deadline = time.monotonic() + timeout
        while is_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if is_alive(pid):
            os.kill(pid, signal.SIGKILL)
        run(["ip", "-n", node.ns, "addr", "flush", "dev", "eth0", "to", f"{VIP}/32"],
            check=False)

    def restart_node(self, i: int) -> None:
        """ctdbd, then the agent's reconcile, which starts smbd (it serves shares)."""
        self.start_ctdbd(i)
        self.wait_ok(i, [j for j in range(1, N + 1) if self.node(j).ctdbd_pid()])
        self.cli(i, "reconcile")

    def nodestatus(self, i: int) -> dict[int, str]:
        """PNN -> 'OK' / flags, as node I sees them (plain `ctdb nodestatus all`)."""
        proc = self.ctdb(i, "nodestatus", "all", check=False, timeout=10)
        out = {}
        for line in proc.stdout.splitlines():
            if line.startswith("pnn:"):
                parts = line.split()
                out[int(parts[0][4:])] = parts[2]
        return out

    def wait_ok(self, ask: int, pnns_plus_one: Sequence[int], timeout: float = 120) -> float:
        """Wait until node ASK sees every listed node (1-based index) OK; returns seconds."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            seen = self.nodestatus(ask)
            if all(seen.get(j - 1) == "OK" for j in pnns_plus_one):
                return time.monotonic() - start
            time.sleep(0.25)
        raise AssertionError(f"nodes {list(pnns_plus_one)} not OK after {timeout}s: "
                             f"{self.nodestatus(ask)}\n{self.log_tail(ask)}")

    def vip_holder(self) -> Optional[int]:
        for node in self.nodes:
            out = run(["ip", "-n", node.ns, "-4", "-o", "addr", "show", "dev", "eth0"],
                      check=False).stdout
            if f" {VIP}/" in out:
                return node.index
        return None

    def wait_vip(self, exclude: Optional[int] = None, timeout: float = 180) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            holder = self.vip_holder()
            if holder is not None and holder != exclude:
                return holder
            time.sleep(0.05)
        raise AssertionError(f"VIP {VIP} not hosted within {timeout}s")

    def leader(self, ask: int) -> int:
        return int(self.ctdb(ask, "leader").stdout.strip())

    # -- samba -------------------------------------------------------------------------------
    def smbclient(self, user: str, password: str, command: str, cwd: Path,
                  timeout: float = 20, share: str = "data") -> subprocess.CompletedProcess[str]:
        """One smbclient run through the VIP; one that hangs past TIMEOUT (a VIP moving
        on a loaded machine) reads as a failed run, for the caller to retry."""
        argv = ["smbclient", f"//{VIP}/{share}", "-U", user, "-m", "SMB3", "-t", "3", "-c",
                command]
        try:
            return subprocess.run(argv, input=password + "\n", capture_output=True,
                                  text=True, timeout=timeout, cwd=cwd)
        except subprocess.TimeoutExpired:
            return subprocess.CompletedProcess(argv, 124, "", f"smbclient timed out after "
                                               f"{timeout:g}s")

    def log_tail(self, i: int, lines: int = 30) -> str:
        log = self.node(i).dir / "log.ctdb"
        text = log.read_text(errors="replace").splitlines() if log.exists() else []
        return f"--- node{i} log.ctdb:\n" + "\n".join(text[-lines:])

    # -- setup / teardown --------------------------------------------------------------------
    def node_config(self, node: LabNode) -> str:
        return ("[pvesmbgw]\n"
                f"samba_conf = {node.smb_conf}\n"
                f"state_dir = {node.dir / 'state'}\n"
                f"dfree_dir = {node.dir / 'dfree'}\n"
                f"pve_root = {self.pve}\n"
                # The whole lab: a node-local directory is allowed, but not for a
                # clustered share.
                f"allowed_roots = {self.root}\n"
                "service_manager = direct\n"
                # Node names differ, as in a PVE cluster: shares are the CTDB cluster's
                # because the nodes are its members, not because the names match.
                f"node = node{node.index}\n"
                f"share_group = {self.group}\n"
                f"ctdb_dir = {node.etc}\n"
                f"ctdb_socket = {node.socket}\n"
                f"ctdb_log = file:{node.dir / 'log.ctdb'}\n"
                # smbd opens CTDB's databases itself: a path every namespace sees.
                f"ctdb_db_dir = {node.dir / 'db'}\n"
                # 50.samba would start smbd through the init system; the test starts it.
                "ctdb_event_scripts = 00.ctdb 10.interface\n"
                f"cluster_smb_conf = {node.dir / 'pvesmbgw-cluster.conf'}\n")

    def smb_conf_text(self, node: LabNode) -> str:
        s = node.dir / "samba"
        return ("[global]\n"
                "\tnetbios name = PVGWCLUSTER\n"
                "\tworkgroup = PVGWTEST\n"
                "\tsecurity = user\n"
                "\tpassdb backend = tdbsam\n"
                f"\tprivate dir = {s}/private\n\tlock directory = {s}/lock\n"
                f"\tstate directory = {s}/state\n\tcache directory = {s}/cache\n"
                f"\tpid directory = {s}/run\n\tncalrpc dir = {s}/ncalrpc\n"
                f"\tlog file = {s}/log/log.%m\n"
                "\tsmb ports = 445\n\tdisable netbios = yes\n\tload printers = no\n"
                "\tprintcap name = /dev/null\n\tdisable spoolss = yes\n")

    def build_network(self) -> None:
        def record() -> None:  # again after each veth: the record holds its ifindex
            netlock.claim(CLAIM, [BRIDGE, *(veth_name(n.index) for n in self.nodes)],
                          [n.ns for n in self.nodes])

        run(["ip", "link", "add", BRIDGE, "type", "bridge"])
        record()
        run(["ip", "addr", "add", f"{HOST_IP}/24", "dev", BRIDGE])
        run(["ip", "link", "set", BRIDGE, "up"])
        for node in self.nodes:
            run(["ip", "netns", "add", node.ns])
            run(["ip", "link", "add", veth_name(node.index), "type", "veth", "peer", "name",
                 "eth0", "netns", node.ns])
            record()
            run(["ip", "link", "set", veth_name(node.index), "master", BRIDGE, "up"])
            run(["ip", "-n", node.ns, "link", "set", "lo", "up"])
            run(["ip", "-n", node.ns, "addr", "add", f"{node.ip}/24", "dev", "eth0"])
            run(["ip", "-n", node.ns, "link", "set", "eth0", "up"])

    def build_dirs(self) -> None:
        self.shared.mkdir()
        self.share_dir.mkdir(mode=0o777)
        self.share_dir.chmod(0o777)
        self.pve.mkdir()
        for node in self.nodes:
            for d in (node.etc, node.run, node.dir / "state"):
                d.mkdir(parents=True)
            node.var.mkdir()
            for kind in ("volatile", "persistent", "state"):
                (node.dir / "db" / kind).mkdir(parents=True)
            for sub in ("private", "lock", "state", "cache", "run", "ncalrpc", "log"):
                (node.dir / "samba" / sub).mkdir(parents=True)
            # What the ctdb package ships in /etc/ctdb besides the files the agent renders.
            for name in ("functions", "notify.sh"):
                shutil.copy2(Path("/etc/ctdb") / name, node.etc / name)
            node.config.write_text(self.node_config(node))
            node.smb_conf.write_text(self.smb_conf_text(node))
            self.build_mount_namespace(node)

    def build_mount_namespace(self, node: LabNode) -> None:
        """The node's pinned mount namespace: its own /etc, ctdbd's directories."""
        run(["cp", "-a", "/etc", str(node.rootetc)])
        # Mount points for the binds (the ctdb package makes them; no systemd here).
        Path("/run/ctdb").mkdir(exist_ok=True)
        Path("/var/lib/ctdb").mkdir(exist_ok=True)
        node.mntns.touch()
        run(["unshare", f"--mount={node.mntns}", "--propagation", "private", "/bin/sh", "-c",
             f"mount --bind {node.rootetc} /etc && mount --bind {node.etc} /etc/ctdb && "
             f"mount --bind {node.run} /run/ctdb && mount --bind {node.var} /var/lib/ctdb"])

    def node_run(self, i: int, *argv: str, check: bool = True) -> str:
        """ARGV's output, run on node I (with its own accounts)."""
        return run(self.node(i).enter(*argv), check=check).stdout

    def teardown(self) -> list[str]:
        problems = []
        for node in self.nodes:
            try:
                node.samba.stop()
            except RuntimeError as exc:
                problems.append(str(exc))
            if node.socket.exists() and node.ctdbd_pid():
                self.ctdb(node.index, "shutdown", check=False, timeout=20)
        # Everything left in our namespaces was started by this lab: kill it by PID.
        stop_processes(self._ns_pids, ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)))
        left = self._ns_pids()
        if left:
            problems.append(f"processes survived in the lab namespaces: {left}")
        for node in self.nodes:
            run(["ip", "link", "del", veth_name(node.index)], check=False)
            run(["ip", "netns", "del", node.ns], check=False)
            if node.mntns.exists():  # unpinned, the namespace and its binds go away
                proc = run(["umount", str(node.mntns)], check=False)
                if proc.returncode != 0 and "not mounted" not in proc.stderr:
                    problems.append(f"umount {node.mntns}: {proc.stderr.strip()}")
        return problems

    def _ns_pids(self, nodes: Optional[Sequence[LabNode]] = None) -> list[int]:
        pids = []
        for node in self.nodes if nodes is None else nodes:
            out = run(["ip", "netns", "pids", node.ns], check=False).stdout
            pids += [int(p) for p in out.split() if p.isdigit() and is_alive(int(p))]
        return pids


def bring_up(lab: CtdbLab) -> tuple[str, str]:
    """The cluster, as the README tells an admin to build it: `cluster init` and
    `cluster shared-path add` on node 1, `cluster reconcile` on the others, ctdbd
    everywhere; a user and share `data` made on node 1, then `reconcile` on the others
    makes the user's account there and starts their smbd serving the share. Returns the
    user and password."""
    nodes = ",".join(node_ip(i) for i in range(1, N + 1))
    lab.cli(1, "cluster", "init", "--nodes", nodes, "--vip", f"{VIP}/24",
            "--interface", "eth0", "--lock", str(lab.lock_path))
    lab.cli(1, "cluster", "shared-path", "add", str(lab.shared))
    for i in range(2, N + 1):
        lab.cli(i, "cluster", "reconcile")
    for i in range(1, N + 1):
        lab.start_ctdbd(i)
    lab.wait_ok(1, list(range(1, N + 1)))
    user, password = "pvgwt" + lab.group[6:], "Clu5ter-" + lab.group
    lab.cli(1, "user", "add", user, "--password-stdin", input=password + "\n")
    lab.cli(1, "create", "data", "--path", str(lab.share_dir))
    for i in range(2, N + 1):
        lab.cli(i, "reconcile")
    return user, password


def make_lab() -> CtdbLab:
    """Directories, agent configs and the network of three nodes (call under the lock)."""
    root = Path(tempfile.mkdtemp(prefix="pvgwt-ctdb-"))
    root.chmod(0o755)
    lab = CtdbLab(root, root / "shared", root / "pve", "pvgwtc" + secrets.token_hex(3))
    lab.nodes = [LabNode(i, root / f"node{i}") for i in range(1, N + 1)]
    lab.build_dirs()
    return lab


def destroy_lab(lab: CtdbLab, bridge_index: Optional[int]) -> list[str]:
    problems = lab.teardown()
    if bridge_index is not None and _ifindex(BRIDGE) == bridge_index:
        run(["ip", "link", "del", BRIDGE], check=False)
    shutil.rmtree(lab.root, ignore_errors=True)
    if not problems:
        netlock.release_claim(CLAIM)
    return problems


def prerequisites() -> Optional[str]:
    if os.geteuid() != 0:
        return "the CTDB lab needs root (network namespaces, bind mounts)"
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        return f"missing {', '.join(missing)} (scripts/install-deps.sh test installs ctdb)"
    if not Path("/etc/ctdb/functions").exists() or \
            not Path("/usr/share/ctdb/events/legacy/10.interface.script").exists():
        return "the ctdb package's scripts are missing (/etc/ctdb/functions, events/legacy)"
    return None


def _check_free() -> None:
    netlock.reclaim(CLAIM)
    busy = _routes_in_subnet()
    if busy:
        pytest.skip(f"198.51.100.0/24 is already routed here ({'; '.join(busy)})")
    if _ifindex(BRIDGE) is not None:
        pytest.skip(f"interface {BRIDGE} already exists; not touching it")
    for i in range(1, N + 1):
        if _ifindex(veth_name(i)) is not None or Path(f"/run/netns/{ns_name(i)}").exists():
            pytest.skip(f"{veth_name(i)} or netns {ns_name(i)} already exists")


@contextlib.contextmanager
def built_lab() -> Iterator[CtdbLab]:
    """Network, directories and agent configs of three nodes; nothing started yet. Skips,
    with the reason, when the lab cannot be built here."""
    reason = prerequisites()
    if reason:
        pytest.skip(reason)
    netlock.acquire_or_skip()
    lab: Optional[CtdbLab] = None
    bridge_index: Optional[int] = None
    try:
        _check_free()
        lab = make_lab()
        try:
            lab.build_network()
        finally:
            bridge_index = _ifindex(BRIDGE)
        yield lab
    finally:
        try:
            problems = destroy_lab(lab, bridge_index) if lab is not None else []
        finally:
            netlock.release()
        if problems:
            raise AssertionError("CTDB lab teardown: " + "; ".join(problems))
