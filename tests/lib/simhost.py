"""A simulated Proxmox host for the real CLI: the project's simulator of pct/qm/pvesh/pveam/
zfs/ceph/rbd (tests/sim) first on PATH with its state in a temp dir, real host accounts, a
real Samba passdb (a private smbd sandbox) and a directory in a real btrfs pool."""

from __future__ import annotations

import os
import secrets
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from .btrfs import BtrfsPool
from .clihost import CliHost, agent_config
from .paths import REPO, SIM, use_simulator
from .samba import SambaSandbox

use_simulator()

import storesim  # noqa: E402
from pvesim.model import state as simstate  # noqa: E402


@dataclass
class SimHost(CliHost):
    state: Path
    sandbox: SambaSandbox
    pool: BtrfsPool
    config: Path
    state_dir: Path
    pool_root: Path
    group: str
    users: list[str] = field(default_factory=list)
    sim_env: dict[str, str] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        path = f"{SIM / 'bin'}:/usr/sbin:/usr/bin:/sbin:/bin"
        return {**os.environ, "PATH": path, "PVESIM_STATE": str(self.state),
                "PVESMBGW_CONFIG": str(self.config), "PYTHONPATH": str(REPO),
                **self.sim_env}

    def tool(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run a simulated PVE tool (pct, pvesh, pveam) directly."""
        proc = subprocess.run(list(argv), capture_output=True, text=True, env=self.env,
                              timeout=60)
        if check and proc.returncode != 0:
            raise AssertionError(f"{argv} failed: {proc.stderr}")
        return proc

    def ct_config(self, vmid: int) -> str:
        return self.tool("pct", "config", str(vmid)).stdout

    def ct_ids(self) -> list[int]:
        rows = self.tool("pct", "list").stdout.splitlines()[1:]
        return [int(r.split()[0]) for r in rows if r.strip()]

    def rootfs(self, vmid: int) -> Path:
        return self.state / "rootfs" / str(vmid)

    def fingerprint(self) -> dict[str, str]:
        """What a failed operation must leave exactly as it was."""
        out = {}
        for f in (self.registry_file, self.state / "etc/subuid",
                  self.state / "etc/subgid", self.sandbox.conf):
            out[str(f)] = f.read_text() if f.exists() else "absent"
        out["cts"] = str(self.ct_ids())
        for vmid in self.ct_ids():
            out[f"ct{vmid}"] = self.tool("pct", "config", str(vmid), "--current").stdout
            conf = self.rootfs(vmid) / "etc/samba/smb.conf"
            out[f"ct{vmid}-smb.conf"] = conf.read_text() if conf.exists() else "absent"
        out["pool"] = str(sorted(str(p.relative_to(self.pool_root))
                                 for p in self.pool_root.rglob("*")))
        out["templates"] = self.tool("pveam", "list", "local").stdout
        return out

    def teardown(self) -> None:
        """The host's teardown, then the simulator's: real containers (PVESIM_BACKEND=lxc),
        the simulated storage and the state directory."""
        super().teardown()
        if self.sim_env.get("PVESIM_BACKEND") == "lxc":
            from pvesim.backends import lxc as backend_lxc
            backend_lxc.cleanup_state(str(self.state))
        storesim.cleanup(str(self.state))
        simstate.remove_state(str(self.state))


def make_sim_host(samba_sandbox: SambaSandbox, btrfs_pool: BtrfsPool) -> SimHost:
    """A fresh simulated PVE 9 node "pve" (with a ZFS pool, a CephFS and an RBD pool) and a
    directory in BTRFS_POOL; teardown() removes both."""
    # 0755 all the way down: a real container (PVESIM_BACKEND=lxc) runs as host uid
    # 100000 and must be able to reach its root filesystem under the state directory.
    state = Path(tempfile.mkdtemp(prefix="pvgwt-sim-"))
    state.chmod(0o755)
    simstate.init_state(str(state), pve_version=9, node="pve")
    # zfs, ceph and rbd are on PATH too: give them a pool, a CephFS and an RBD pool.
    storesim.init_storage(str(state), str(state / "storage-root"))
    tag = secrets.token_hex(4)
    pool_root = btrfs_pool.mountpoint / f"s{tag}"
    pool_root.mkdir(mode=0o755)
    group = f"pvgwtg{tag}"
    config = agent_config(
        samba_sandbox.root / "pvesmbgw.conf",
        samba_conf=samba_sandbox.conf,
        state_dir=samba_sandbox.root / "agent-state",
        allowed_roots=f"{pool_root} {state / 'storage-root'}",
        pve_root=state / "etc/pve",
        subuid_file=state / "etc/subuid",
        subgid_file=state / "etc/subgid",
        rbd_mount_root=state / "rbd-mnt",
        fstab_file=state / "etc/fstab",
        rbdmap_file=state / "etc/ceph/rbdmap",
        node="pve",
        service_manager="direct",
        share_group=group)
    return SimHost(state, samba_sandbox, btrfs_pool, config, samba_sandbox.root / "agent-state",
                   pool_root, group)


def each_step(host: SimHost, args: list[str], rolled_back: Callable[[int], None],
              finished: Optional[Callable[[int], None]] = None) -> int:
    """Run ARGS with a fault injected at step 1, 2, … until it succeeds; returns the
    number of steps. A fault before the point of no return must roll back (ROLLED_BACK
    checks the host); one after it is finished by the next command (FINISHED checks
    that and sets the host up again)."""
    step = 1
    while True:
        proc = host.cli(*args, env={"PVESMBGW_FAULT_AT": str(step)}, check=None)
        if proc.returncode == 0:
            return step - 1
        assert proc.returncode == 1, proc.stderr
        if "point of no return" in proc.stderr:
            assert finished is not None, proc.stderr
            finished(step)
        else:
            assert "rolled back" in proc.stderr, proc.stderr
            rolled_back(step)
        step += 1
        assert step < 60, f"runaway plan: {proc.stderr}"
