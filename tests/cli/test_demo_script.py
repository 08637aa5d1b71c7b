"""scripts/demo.sh --clean never takes data it did not make: with another share on the
demo pool it refuses (exit 2) and removes nothing. The CLI is a stand-in that prints
the share list, so no pool, smbd or package is needed."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.lib.paths import REPO


def run_clean(tmp_path: Path, shares: list[dict[str, str]]) -> subprocess.CompletedProcess[str]:
    cli = tmp_path / "fake-cli"
    cli.write_text("#!/bin/sh\ncat <<'EOF'\n" + json.dumps(shares) + "\nEOF\n")
    cli.chmod(0o755)
    env = {**os.environ, "PVESMBGW_CLI": str(cli),
           "PVESMBGW_DEMO_STATE": str(tmp_path / "demo.state"),
           "PVESMBGW_DEMO_MNT": str(tmp_path / "pool"),
           "PVESMBGW_DEMO_IMG": str(tmp_path / "pool.img"),
           "PVESMBGW_DEMO_LAST_RECONCILE": str(tmp_path / "last-reconcile.json"),
           "PVESMBGW_DEMO_VAR": str(tmp_path / "var")}
    return subprocess.run(["bash", str(REPO / "scripts" / "demo.sh"), "--clean"], env=env,
                          capture_output=True, text=True, timeout=60)


def test_clean_refuses_while_another_share_lives_on_the_demo_pool(tmp_path: Path) -> None:
    (tmp_path / "demo.state").write_text("image\nmounted\nshare\n")
    (tmp_path / "pool.img").write_text("the pool")
    pool = tmp_path / "pool"
    proc = run_clean(tmp_path, [{"name": "demo", "path": f"{pool}/demo"},
                                {"name": "team", "path": f"{pool}/team"},
                                {"name": "elsewhere", "path": f"{tmp_path}/poolside"}])
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "besides demo: team;" in proc.stderr and proc.stderr.count("\n") == 1
    assert (tmp_path / "pool.img").read_text() == "the pool"
    assert (tmp_path / "demo.state").read_text() == "image\nmounted\nshare\n"
