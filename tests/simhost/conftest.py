"""Simulated-host tier: the real CLI against the project's PVE simulator (tests/sim)
first on PATH, with real host accounts, a real Samba passdb and a real btrfs pool."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Optional

import pytest

from tests.real.conftest import (BtrfsPool, SambaSandbox, btrfs_pool,  # noqa: F401
                                 run, samba_sandbox)

REPO = Path(__file__).resolve().parents[2]
SIM = REPO / "tests" / "sim"
sys.path.insert(0, str(SIM))

import storesim  # noqa: E402
from pvesim import state as simstate  # noqa: E402


@dataclass
class SimHost:
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

    def cli(self, *args: str, input: Optional[str] = None,
            env: Optional[Mapping[str, str]] = None,
            check: Optional[int] = 0) -> subprocess.CompletedProcess[str]:
        full = {**self.env, **(env or {})}
        full.pop("PVESMBGW_DEBUG", None)
        proc = subprocess.run(["/usr/bin/python3", "-m", "pvesmbgw.cli.main", *args],
                              input=input, capture_output=True, text=True, env=full,
                              timeout=120, cwd=REPO)
        if check is not None and proc.returncode != check:
            raise AssertionError(f"pve-smbgateway {' '.join(args)} exited {proc.returncode}"
                                 f", expected {check}\nstdout: {proc.stdout}\n"
                                 f"stderr: {proc.stderr}")
        return proc

    def json(self, *args: str, **kw: Any) -> Any:
        return json.loads(self.cli("--output-format", "json", *args, **kw).stdout)

    def tool(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run a simulated PVE tool (pct, pvesh, pveam) directly."""
        proc = subprocess.run(list(argv), capture_output=True, text=True, env=self.env,
                              timeout=60)
        if check and proc.returncode != 0:
            raise AssertionError(f"{argv} failed: {proc.stderr}")
        return proc

    def add_user(self) -> tuple[str, str]:
        name = "pvgwt" + secrets.token_hex(4)
        password = secrets.token_urlsafe(12)
        self.users.append(name)
        self.cli("user", "add", name, "--password-stdin", input=password + "\n")
        return name, password

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
        for f in (self.state_dir / "registry.json", self.state / "etc/subuid",
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


@pytest.fixture
def sim_host(samba_sandbox: SambaSandbox,  # noqa: F811
             btrfs_pool: BtrfsPool) -> Iterator[SimHost]:  # noqa: F811
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
    config = samba_sandbox.root / "pvesmbgw.conf"
    config.write_text(
        "[pvesmbgw]\n"
        f"samba_conf = {samba_sandbox.conf}\n"
        f"state_dir = {samba_sandbox.root / 'agent-state'}\n"
        f"allowed_roots = {pool_root} {state / 'storage-root'}\n"
        f"pve_root = {state / 'etc/pve'}\n"
        f"subuid_file = {state / 'etc/subuid'}\n"
        f"subgid_file = {state / 'etc/subgid'}\n"
        f"rbd_mount_root = {state / 'rbd-mnt'}\n"
        f"fstab_file = {state / 'etc/fstab'}\n"
        f"rbdmap_file = {state / 'etc/ceph/rbdmap'}\n"
        "node = pve\n"
        "service_manager = direct\n"
        f"share_group = {group}\n")
    host = SimHost(state, samba_sandbox, btrfs_pool, config, samba_sandbox.root / "agent-state",
                   pool_root, group)
    try:
        yield host
    finally:
        samba_sandbox.stop()
        for name in host.users:
            run(["pdbedit", "-s", str(samba_sandbox.conf), "-x", name], check=False)
            run(["userdel", "--force", name], check=False)
        run(["groupdel", group], check=False)
        for sub in sorted(pool_root.rglob("*"), key=lambda p: -len(p.parts)):
            if sub.is_dir() and sub.stat().st_ino == 256:
                run(["btrfs", "subvolume", "delete", str(sub)], check=False)
        run(["rm", "-rf", str(pool_root)], check=False)
        if host.sim_env.get("PVESIM_BACKEND") == "lxc":
            from pvesim import backend_lxc
            backend_lxc.cleanup_state(str(state))
        storesim.cleanup(str(state))
        simstate.remove_state(str(state))
