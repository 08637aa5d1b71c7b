"""A simulated Proxmox node for `pve-svc`: the project's simulator (pct, pvesh, pveam,
zfs) first on PATH with its state in a temp dir, a btrfs PVE storage `data` in a real
btrfs pool for the data volumes, a ZFS pool `zfs` with dataset zfs/share1 (simulated),
and a small HTTP server on loopback that answers the services' health checks (the
simulated containers get 127.0.0.1 as their address)."""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import secrets
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Optional

from .btrfs import BtrfsPool
from .clihost import agent_config
from .paths import PYTHON, REPO, SIM, use_simulator

use_simulator()

import storesim  # noqa: E402
from pvesim.model import state as simstate  # noqa: E402

TEMPLATE = "debian-12-standard_12.12-1_amd64.tar.zst"
TEST_TEMPLATES = REPO / "tests" / "data" / "svc"
# What the services' apt is pointed at in the simulated tier (nothing answers there).
APT_PROXY = "http://198.51.100.254:3142"


def template_version(text: str, number: str, migrations: str = "", memory: int = 256) -> str:
    """The demo template's TEXT (tests/data/svc/demo.yml, 1.2.0) at version NUMBER with
    MIGRATIONS (YAML list items) and MEMORY MiB."""
    text = text.replace("version: 1.2.0", f"version: {number}", 1)
    text = text.replace("  memory: 256", f"  memory: {memory}", 1)
    return text + (f"migrations:\n{migrations}" if migrations else "")


# demo 1.3.0's migrations: 1.2.0's never runs on an upgrade from 1.2.0; 1.2.5's makes a
# folder in the data volume, 1.3.0's one in the guest.
DEMO_MIGRATIONS_130 = """\
  - version: 1.2.0
    name: never runs (the installed version has it)
    argv: ["mkdir", "-p", "/etc/demo/from-1.2.0"]
  - version: 1.2.5
    name: make the archive folder
    argv: ["mkdir", "-p", "{{ volumes.data }}/archive-{{ greeting }}"]
  - version: 1.3.0
    name: mark the guest
    argv: ["mkdir", "-p", "/etc/demo/at-1.3.0"]
"""


class _Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        status = 200 if self.path == "/health" else 404
        self.send_response(status)
        self.end_headers()
        self.wfile.write(b"ok\n" if status == 200 else b"no\n")

    def log_message(self, *args: Any) -> None:
        pass


@dataclass
class HealthServer:
    """What the simulated services' health checks reach: an HTTP server on loopback."""

    server: http.server.ThreadingHTTPServer
    thread: threading.Thread

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


def start_health_server() -> HealthServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return HealthServer(server, thread)


@dataclass
class SvcHost:
    state: Path
    config: Path
    state_dir: Path
    data_root: Path  # the btrfs storage's path
    health: HealthServer
    extra_env: dict[str, str] = field(default_factory=dict)
    node: str = "pve"

    @property
    def env(self) -> dict[str, str]:
        path = f"{SIM / 'bin'}:/usr/sbin:/usr/bin:/sbin:/bin"
        return {**os.environ, "PATH": path, "PVESIM_STATE": str(self.state),
                "PVESMBGW_CONFIG": str(self.config), "PYTHONPATH": str(REPO),
                **self.extra_env}

    def svc(self, *args: str, env: Optional[Mapping[str, str]] = None,
            check: Optional[int] = 0, input: Optional[str] = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """Run the real `pve-svc` (python -m from the work tree) against this node."""
        return self._program("pvesmbgw.cli.svc.main", "pve-svc", args, env, check, input,
                             timeout)

    def smbgw(self, *args: str, env: Optional[Mapping[str, str]] = None,
              check: Optional[int] = 0, input: Optional[str] = None,
              timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """Run the real `pve-smbgateway` against this node (the same config)."""
        return self._program("pvesmbgw.cli.entry", "pve-smbgateway", args, env, check,
                             input, timeout)

    def _program(self, module: str, prog: str, args: tuple[str, ...],
                 env: Optional[Mapping[str, str]], check: Optional[int],
                 input: Optional[str], timeout: float) -> subprocess.CompletedProcess[str]:
        full = {**self.env, **(env or {})}
        full.pop("PVESMBGW_DEBUG", None)
        proc = subprocess.run([PYTHON, "-m", module, *args], input=input,
                              capture_output=True, text=True, env=full, timeout=timeout,
                              cwd=REPO)
        if check is not None and proc.returncode != check:
            raise AssertionError(f"{prog} {' '.join(args)} exited {proc.returncode}, "
                                 f"expected {check}\nstdout: {proc.stdout}\n"
                                 f"stderr: {proc.stderr}")
        return proc

    def json(self, *args: str, **kw: Any) -> Any:
        return json.loads(self.svc("--output-format", "json", *args, **kw).stdout)

    def tool(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(list(argv), capture_output=True, text=True, env=self.env,
                              timeout=60)
        if check and proc.returncode != 0:
            raise AssertionError(f"{argv} failed: {proc.stderr}")
        return proc

    @property
    def registry_file(self) -> Path:
        return self.state / "etc/pve/pvesmbgw/services.json"

    def is_ha_resource(self, vmid: int, pve_version: int) -> bool:
        """Container VMID is an HA resource kept on pve, pve2 and pve3 by group
        pvesvc-demo (PVE 8) or a node-affinity rule (PVE 9)."""
        ha = self.tool("ha-manager", "config").stdout
        if f"ct: {vmid}" not in ha:
            return False
        if pve_version == 8:
            assert "group pvesvc-demo" in ha
            assert "nodes pve,pve2,pve3" in self.tool("ha-manager", "groupconfig").stdout
        else:
            rules = self.tool("ha-manager", "rules", "config").stdout
            assert f"resources ct:{vmid}" in rules and "nodes pve,pve2,pve3" in rules
        return True

    @property
    def file_sd(self) -> Path:
        """This node's Prometheus file_sd file (svc_file_sd; its directory exists)."""
        return self.state / "prometheus" / f"pvesvc-{self.node}.json"

    def registry(self) -> dict[str, Any]:
        if not self.registry_file.exists():
            return {"instances": {}, "kept": {}}
        return dict(json.loads(self.registry_file.read_text()))

    def vm_ids(self) -> list[int]:
        rows = self.tool("qm", "list").stdout.splitlines()[1:]
        return [int(r.split()[0]) for r in rows if r.strip()]

    def vm_image(self, name: str = "debian-12-vmdemo.qcow2") -> tuple[Path, str]:
        """A small stand-in cloud image and its checksum (what --image/--checksum get)."""
        path = self.state / "images" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"stand-in disk image\n" * 1000)
        return path, "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()

    def ct_ids(self) -> list[int]:
        rows = self.tool("pct", "list").stdout.splitlines()[1:]
        return [int(r.split()[0]) for r in rows if r.strip()]

    def rootfs(self, vmid: int) -> Path:
        return self.state / "rootfs" / str(vmid)

    def execs(self) -> list[list[str]]:
        """Every command `pct exec` ran in a guest, in order."""
        log = self.state / "exec.log"
        if not log.exists():
            return []
        return [e["argv"] for e in map(json.loads, log.read_text().splitlines())]

    def fingerprint(self) -> dict[str, str]:
        """What a failed install or uninstall must leave exactly as it was."""
        out = {"registry": self.registry_file.read_text() if self.registry_file.exists()
               else "absent",
               "file_sd": self.file_sd.read_text() if self.file_sd.exists() else "absent",
               "cts": str(self.ct_ids()), "vms": str(self.vm_ids()),
               "snippets": str(sorted(p.name for p in (self.state / "var/lib/vz/snippets")
                                      .glob("*"))),
               "mappings": self.tool("pvesh", "get", "/cluster/mapping/dir",
                                     "--output-format", "json").stdout,
               "templates": self.tool("pveam", "list", "local").stdout,
               "zfs": self.tool("zfs", "list", "-H", "-o", "name,mountpoint,refquota",
                                "-t", "all").stdout}
        out["data"] = str(sorted((str(p.relative_to(self.data_root)),
                                  p.stat().st_uid, p.stat().st_mode)
                                 for p in self.data_root.rglob("*")))
        share1 = self.state / "storage-root/zfs/share1"
        st = share1.stat()
        out["share1"] = f"{st.st_uid}:{st.st_gid}:{st.st_mode:o}"
        out["secrets"] = str(self.secret_files())
        return out

    @property
    def secret_root(self) -> Path:
        """The file backend of the secret store (the cluster filesystem's priv tree)."""
        return self.state / "etc/pve/priv/pvesvc"

    def secret_files(self) -> list[tuple[str, str, str]]:
        """Every file and folder of the secret store: path, mode, content."""
        if not self.secret_root.exists():
            return []
        return [(str(p.relative_to(self.secret_root)), f"{p.stat().st_mode & 0o7777:o}",
                 p.read_text() if p.is_file() else "")
                for p in sorted(self.secret_root.rglob("*"))]

    def teardown(self) -> None:
        """Stop the health server; remove real containers (PVESIM_BACKEND=lxc), the
        volumes below data_root, the simulated storage and the state."""
        self.health.stop()
        if self.extra_env.get("PVESIM_BACKEND") == "lxc":
            from pvesim.backends import lxc as backend_lxc
            backend_lxc.cleanup_state(str(self.state))
        for sub in sorted(self.data_root.rglob("*"), key=lambda p: -len(p.parts)):
            if sub.is_dir() and sub.stat().st_ino == 256:
                subprocess.run(["btrfs", "subvolume", "delete", str(sub)],
                               capture_output=True, check=False)
        subprocess.run(["rm", "-rf", str(self.data_root)], check=False)
        storesim.cleanup(str(self.state))
        simstate.remove_state(str(self.state))


def plan_steps(host: SvcHost, args: list[str]) -> int:
    """How many steps the plan of ARGS has (from its --dry-run)."""
    proc = host.svc("--dry-run", *args)
    first = next(l for l in proc.stdout.splitlines() if l.startswith("dry-run: "))
    return int(first.split(": ")[2].split(" ")[0])


def fault_at_every_step(host: SvcHost, args: list[str]) -> int:
    """Run ARGS with a fault at each of its steps (and one past the last): each is rolled
    back and leaves the node as it was. The number of steps."""
    before = host.fingerprint()
    total = plan_steps(host, args)
    for step in range(1, total + 2):
        proc = host.svc(*args, env={"PVESMBGW_FAULT_AT": str(step)}, check=1)
        assert "rolled back" in proc.stderr, (step, proc.stderr)
        assert host.fingerprint() == before, step
    return total


def sigkill_at_every_step(host: SvcHost, args: list[str], instance: str) -> None:
    """Kill install ARGS at each step: the next command repairs the node to what it was."""
    before = host.fingerprint()
    for step in range(1, plan_steps(host, args)):
        proc = host.svc(*args, env={"PVESMBGW_KILL_AT": str(step)}, check=None)
        assert proc.returncode == -9, (step, proc.stderr)
        # any mutating command repairs first; this one then finds nothing to remove
        proc = host.svc("uninstall", instance, check=2)
        assert f"no service instance {instance}" in proc.stderr
        assert host.fingerprint() == before, step


def failing_guest_exec_at_every_call(host: SvcHost, args: list[str], rule: str) -> int:
    """Fail the Nth guest command (fault RULE:N) of install ARGS for N = 1, 2, … until the
    install succeeds: each failure leaves the node as it was. How many commands failed."""
    before = host.fingerprint()
    number = 1
    while True:
        proc = host.svc(*args, env={"PVESIM_FAIL": f"{rule}:{number}"}, check=None)
        if proc.returncode == 0:
            return number - 1
        assert proc.returncode == 1 and "rolled back" in proc.stderr, proc.stderr
        assert host.fingerprint() == before, number
        host.tool("rm", "-f", str(host.state / "counters.json"))
        number += 1


def make_svc_host(pool: BtrfsPool, templates: Path = TEST_TEMPLATES, nodes: int = 1,
                  pve_version: int = 9, shared_dir: bool = False, node: str = "pve",
                  **settings: object) -> SvcHost:
    """A fresh simulated node NODE (default "pve") for pve-svc; teardown() removes
    everything.
    SHARED_DIR adds a dir storage "nfs" marked shared (as an NFS mount is) for guests'
    disks and data volumes."""
    state = Path(tempfile.mkdtemp(prefix="pvgwt-svc-"))
    state.chmod(0o755)
    data_root = pool.mountpoint / f"svc{secrets.token_hex(4)}"
    data_root.mkdir(mode=0o755)
    vz = state / "var/lib/vz"
    storage_cfg = (f"dir: local\n\tpath {vz}\n\tcontent iso,vztmpl,backup,snippets\n\n"
                   "lvmthin: local-lvm\n\tthinpool data\n\tvgname pve\n"
                   "\tcontent rootdir,images\n\n"
                   f"btrfs: data\n\tpath {data_root}\n\tcontent rootdir,images\n\n"
                   f"cephfs: cephfs\n\tpath {state / 'storage-root/cephfs'}\n"
                   "\tcontent backup,iso,vztmpl\n\tfs-name cephfs\n\n")
    if shared_dir:
        # not on the small btrfs pool: guests' disks go here too
        storage_cfg += (f"dir: nfs\n\tpath {state / 'storage-root/nfs'}\n"
                        "\tcontent rootdir,images\n"
                        "\tshared 1\n\n")
    simstate.init_state(str(state), pve_version=pve_version, node=node,
                        storage_cfg=storage_cfg)
    for number in range(2, nodes + 1):  # cluster members, as pmxcfs lists them
        (state / "etc/pve/nodes" / f"pve{number}").mkdir(parents=True)
    storesim.init_storage(str(state), str(state / "storage-root"),
                          pools=(("zfs", 100 * 2**30),), datasets=("zfs/share1",))
    if shared_dir:
        (state / "storage-root/nfs").mkdir(mode=0o755)
    values: dict[str, object] = dict(
        state_dir=state / "agent-state",
        allowed_roots=f"{data_root} {state / 'storage-root'}",
        pve_root=state / "etc/pve",
        subuid_file=state / "etc/subuid",
        subgid_file=state / "etc/subgid",
        rbd_mount_root=state / "rbd-mnt",
        fstab_file=state / "etc/fstab",
        rbdmap_file=state / "etc/ceph/rbdmap",
        node=node,
        service_manager="direct",
        svc_templates_dir=templates,
        svc_storage="data",
        svc_rootfs_storage="local-lvm",
        svc_template_storage="local",
        svc_vm_storage="local-lvm",
        svc_snippet_storage="local",
        svc_iso_storage="local",
        svc_ip="127.0.0.1/8",
        svc_log_dir=state / "svc-logs",
        svc_file_sd=state / "prometheus" / "pvesvc-{node}.json")
    (state / "prometheus").mkdir()
    config = agent_config(state / "pvesmbgw.conf", **{**values, **settings})
    health = start_health_server()
    return SvcHost(state, config, state / "agent-state", data_root, health, node=node)
