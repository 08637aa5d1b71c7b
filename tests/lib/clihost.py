"""What a host for the real CLI is, whatever stands behind it (real tools or the simulator):
a private smbd sandbox, a directory in a btrfs pool, an agent config, a share group, and the
users the tests created through the agent. Both AgentHost (tests/real) and SimHost
(tests/simhost) are one of these; they differ in the environment the CLI runs with and in
what else they must clean up."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
from pathlib import Path
from typing import Any, Mapping, Optional

from pvesmbgw.core import config as config_mod

from .btrfs import BtrfsPool
from .paths import PYTHON, REPO
from .proc import run
from .samba import SambaSandbox

DFREE_HELPER = REPO / "scripts" / "pvesmbgw-dfree"


def agent_config(path: Path, **settings: object) -> Path:
    """Write an agent config file with a [pvesmbgw] section of SETTINGS (in order). The
    free-space helper is the work tree's, its files lie beside the config (not in /run)."""
    # PVGWT_ACCOUNT_IDS: a pytest session's own account id range (scripts/run-tests.sh):
    # two sessions side by side would otherwise both take the lowest free gid for their
    # share groups at the same moment, and one groupadd fails "GID already exists".
    ids = os.environ.get("PVGWT_ACCOUNT_IDS")
    settings = {"dfree_helper": DFREE_HELPER, "dfree_dir": path.parent / "dfree",
                **({"account_id_range": ids} if ids else {}), **settings}
    path.write_text("[pvesmbgw]\n" + "".join(f"{k} = {v}\n" for k, v in settings.items()))
    return path


class CliHost:
    """Mixin for the host dataclasses; they provide these attributes."""

    sandbox: SambaSandbox
    pool: BtrfsPool
    config: Path
    pool_root: Path          # this test's directory inside the btrfs pool
    group: str               # the agent's share group
    users: list[str]         # Samba users made through `add_user`

    @property
    def env(self) -> dict[str, str]:
        """The environment the CLI runs in."""
        return {**os.environ, "PVESMBGW_CONFIG": str(self.config), "PYTHONPATH": str(REPO)}

    def cli(self, *args: str, input: Optional[str] = None,
            env: Optional[Mapping[str, str]] = None, check: Optional[int] = 0,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """Run the real CLI (python -m from the work tree) against this host."""
        full_env = {**self.env, **(env or {})}
        full_env.pop("PVESMBGW_DEBUG", None)
        proc = subprocess.run([PYTHON, "-m", "pvesmbgw.cli.entry", *args], input=input,
                              capture_output=True, text=True, env=full_env, timeout=timeout,
                              cwd=REPO)
        if check is not None and proc.returncode != check:
            raise AssertionError(f"pve-smbgateway {' '.join(args)} exited {proc.returncode}, "
                                 f"expected {check}\nstdout: {proc.stdout}\nstderr: {proc.stderr}")
        return proc

    @property
    def registry_file(self) -> Path:
        """Where the agent keeps its registry (on the cluster filesystem when present)."""
        return config_mod.load(str(self.config)).registry_file

    def json(self, *args: str, **kw: Any) -> Any:
        return json.loads(self.cli("--output-format", "json", *args, **kw).stdout)

    def add_user(self, password: Optional[str] = None) -> tuple[str, str]:
        """A Samba user created by the agent (`user add --password-stdin`)."""
        name = "pvgwt" + secrets.token_hex(4)
        password = password or secrets.token_urlsafe(12)
        self.users.append(name)
        self.cli("user", "add", name, "--password-stdin", input=password + "\n")
        return name, password

    def teardown(self) -> None:
        """Stop the sandbox's smbd; remove the users and the group the agent made and every
        subvolume and file below pool_root."""
        self.sandbox.stop()
        for name in self.users:
            run(["pdbedit", "-s", str(self.sandbox.conf), "-x", name], check=False)
            run(["userdel", "--force", name], check=False)
        run(["groupdel", self.group], check=False)
        for sub in sorted(self.pool_root.rglob("*"), key=lambda p: -len(p.parts)):
            if sub.is_dir() and sub.stat().st_ino == 256:
                run(["btrfs", "subvolume", "delete", str(sub)], check=False)
        run(["rm", "-rf", str(self.pool_root)], check=False)
