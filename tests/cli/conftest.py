"""The installed-style CLI as a subprocess against a throwaway configuration."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


class Cli:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.srv = root / "srv"
        self.srv.mkdir()
        self.smb_conf = root / "smb.conf"
        self.smb_conf.write_text("[global]\n\tworkgroup = TEST\n")
        self.config = root / "pvesmbgw.conf"
        self.config.write_text(f"[pvesmbgw]\nsamba_conf = {self.smb_conf}\n"
                               f"state_dir = {root / 'state'}\n"
                               f"dfree_dir = {root / 'dfree'}\nallowed_roots = {self.srv}\n"
                               f"pve_root = {root / 'pve'}\nservice_manager = direct\n")

    def __call__(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PVESMBGW_CONFIG": str(self.config), "PYTHONPATH": str(REPO)}
        env.pop("PVESMBGW_DEBUG", None)
        return subprocess.run(["/usr/bin/python3", "-m", "pvesmbgw.cli.entry", *args],
                              capture_output=True, text=True, env=env, input=input, timeout=60)

    def fingerprint(self) -> dict[str, str]:
        """Every file's content; the agent's own (empty) lock file does not count."""
        return {str(p.relative_to(self.root)): hashlib.sha256(p.read_bytes()).hexdigest()
                if p.is_file() else "dir" for p in sorted(self.root.rglob("*"))
                if str(p.relative_to(self.root)) not in ("state", "state/lock")}


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path)
