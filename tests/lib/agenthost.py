"""A host for the real CLI: a private smbd sandbox, a btrfs pool, and an agent config
that points every path into them. Users and groups the agent creates are removed again."""

from __future__ import annotations

import hashlib
import os
import secrets
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

from .btrfs import BtrfsPool
from .clihost import CliHost, agent_config
from .proc import run
from .samba import SambaSandbox, run_smbclient


@dataclass
class AgentHost(CliHost):
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

    def smbclient(self, share: str, user: str, password: str, commands: str | Sequence[str],
                  cwd: Optional[Path] = None) -> subprocess.CompletedProcess[str]:
        return run_smbclient(self.sandbox, share, user, password, commands, cwd=cwd)

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
        # Quota on/off, and the limits of live subvolumes (stale rows may linger). Not
        # their usage (rfer, excl): btrfs updates it when it commits a transaction, which
        # it does on its own time, so a fault-free second look may differ.
        out["qgroups"] = "\n".join(_limits(l) for l in (qg.stdout + qg.stderr).splitlines()
                                   if "<stale>" not in l)
        out["journal"] = str(sorted(os.listdir(self.state_dir / "journal"))
                             if (self.state_dir / "journal").exists() else [])
        out["group"] = str(run(["getent", "group", self.group], check=False).stdout)
        return out


def _limits(line: str) -> str:
    """A `btrfs qgroup show -re --raw` row without its usage columns (rfer, excl)."""
    words = line.split()
    if words and "/" in words[0] and words[0].split("/")[0].isdigit() and len(words) >= 5:
        return " ".join([words[0], *words[3:]])
    return line


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return "absent"


def make_agent_host(samba_sandbox: SambaSandbox, btrfs_pool: BtrfsPool) -> AgentHost:
    """A host in SAMBA_SANDBOX with its own directory in BTRFS_POOL; teardown() removes it."""
    tag = secrets.token_hex(4)
    pool_root = btrfs_pool.mountpoint / f"t{tag}"
    pool_root.mkdir(mode=0o755)
    data_root = samba_sandbox.root / "data"
    data_root.mkdir(mode=0o755)
    state_dir = samba_sandbox.root / "agent-state"
    group = f"pvgwtg{tag}"
    config = agent_config(
        samba_sandbox.root / "pvesmbgw.conf",
        samba_conf=samba_sandbox.conf,
        state_dir=state_dir,
        allowed_roots=f"{pool_root} {data_root}",
        pve_root=samba_sandbox.root / "pve",
        service_manager="direct",
        share_group=group)
    return AgentHost(samba_sandbox, btrfs_pool, config, state_dir, data_root, pool_root, group)
