"""A host for the real CLI: a private smbd sandbox, a btrfs pool, and an agent config
that points every path into them. Users and groups the agent creates are removed again."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping, Optional, Sequence

import pytest

from pvesmbgw.core import config as config_mod

from .conftest import BtrfsPool, SambaSandbox, run, run_smbclient

REPO = Path(__file__).resolve().parents[2]
PYTHON = "/usr/bin/python3"


@dataclass
class AgentHost:
    sandbox: SambaSandbox
    pool: BtrfsPool
    config: Path
    state_dir: Path
    data_root: Path          # a plain directory on the sandbox's filesystem (dir backend)
    pool_root: Path          # this test's directory inside the btrfs pool
    group: str
    users: list[str] = field(default_factory=list)

    @property
    def include_file(self) -> Path:
        return self.sandbox.root / "pvesmbgw-shares.conf"

    def cli(self, *args: str, input: Optional[str] = None,
            env: Optional[Mapping[str, str]] = None, check: Optional[int] = 0,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """Run the real CLI (python -m from the work tree) against this host."""
        full_env = {**os.environ, "PVESMBGW_CONFIG": str(self.config),
                    "PYTHONPATH": str(REPO), **(env or {})}
        full_env.pop("PVESMBGW_DEBUG", None)
        proc = subprocess.run([PYTHON, "-m", "pvesmbgw.cli.entry", *args], input=input,
                              capture_output=True, text=True, env=full_env, timeout=timeout,
                              cwd=REPO)
        if check is not None and proc.returncode != check:
            raise AssertionError(f"pve-smbgateway {' '.join(args)} exited {proc.returncode}, "
                                 f"expected {check}\nstdout: {proc.stdout}\nstderr: {proc.stderr}")
        return proc

    def json(self, *args: str, **kw: Any) -> Any:
        return json.loads(self.cli("--output-format", "json", *args, **kw).stdout)

    def add_user(self, password: Optional[str] = None) -> tuple[str, str]:
        """A Samba user created by the agent (`user add --password-stdin`)."""
        name = "pvgwt" + secrets.token_hex(4)
        password = password or secrets.token_urlsafe(12)
        self.users.append(name)
        self.cli("user", "add", name, "--password-stdin", input=password + "\n")
        return name, password

    def smbclient(self, share: str, user: str, password: str, commands: str | Sequence[str],
                  cwd: Optional[Path] = None) -> subprocess.CompletedProcess[str]:
        return run_smbclient(self.sandbox, share, user, password, commands, cwd=cwd)

    @property
    def registry_file(self) -> Path:
        """Where the agent keeps its registry (on the cluster filesystem when present)."""
        return config_mod.load(str(self.config)).registry_file

    def state(self) -> dict[str, str]:
        """A fingerprint of everything a failed operation must leave as it was."""
        out: dict[str, str] = {}
        for path in (self.sandbox.conf, self.include_file, self.registry_file):
            out[str(path)] = _digest(path)
        for root in (self.pool_root, self.data_root):
            for p in sorted(root.rglob("*")):
                st = p.lstat()
                out[str(p)] = f"{oct(st.st_mode)} {st.st_ino if p.is_dir() else _digest(p)}"
        qg = run(["btrfs", "qgroup", "show", "-re", "--raw", str(self.pool.mountpoint)],
                 check=False)
        # Quota on/off, and the limits of live subvolumes (stale rows may linger).
        out["qgroups"] = "\n".join(l for l in (qg.stdout + qg.stderr).splitlines()
                                   if "<stale>" not in l)
        out["journal"] = str(sorted(os.listdir(self.state_dir / "journal"))
                             if (self.state_dir / "journal").exists() else [])
        out["group"] = str(run(["getent", "group", self.group], check=False).stdout)
        return out


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return "absent"


@pytest.fixture
def agent_host(samba_sandbox: SambaSandbox, btrfs_pool: BtrfsPool) -> Iterator[AgentHost]:
    tag = secrets.token_hex(4)
    pool_root = btrfs_pool.mountpoint / f"t{tag}"
    pool_root.mkdir(mode=0o755)
    data_root = samba_sandbox.root / "data"
    data_root.mkdir(mode=0o755)
    state_dir = samba_sandbox.root / "agent-state"
    group = f"pvgwtg{tag}"
    config = samba_sandbox.root / "pvesmbgw.conf"
    config.write_text(
        "[pvesmbgw]\n"
        f"samba_conf = {samba_sandbox.conf}\n"
        f"state_dir = {state_dir}\n"
        f"allowed_roots = {pool_root} {data_root}\n"
        f"pve_root = {samba_sandbox.root / 'pve'}\n"
        "service_manager = direct\n"
        f"share_group = {group}\n")
    host = AgentHost(samba_sandbox, btrfs_pool, config, state_dir, data_root, pool_root, group)
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
