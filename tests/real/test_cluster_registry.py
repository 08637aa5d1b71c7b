"""Two nodes sharing one cluster filesystem: one registry, one lock, a one-time migration.

Each node has its own Samba (a real smbd on its own port), its own state_dir and node
name; both point pve_root at one directory standing in for /etc/pve, as pmxcfs makes
/etc/pve one directory for every node of a PVE cluster.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.lib.paths import PYTHON, REPO
from tests.lib.proc import run
from tests.lib.samba import SambaSandbox, make_samba_sandbox


@dataclass
class Node:
    name: str
    sandbox: SambaSandbox
    config: Path
    state_dir: Path

    def argv(self, *args: str) -> list[str]:
        return [PYTHON, "-m", "pvesmbgw.cli.entry", "--output-format", "json", *args]

    def env(self) -> dict[str, str]:
        env = {**os.environ, "PVESMBGW_CONFIG": str(self.config), "PYTHONPATH": str(REPO)}
        env.pop("PVESMBGW_DEBUG", None)
        return env

    def cli(self, *args: str, check: int = 0) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(self.argv(*args), capture_output=True, text=True,
                              env=self.env(), timeout=120, cwd=REPO)
        assert proc.returncode == check, f"{self.name} {args}: {proc.returncode}\n" \
            f"{proc.stdout}\n{proc.stderr}"
        return proc

    def json(self, *args: str) -> Any:
        return json.loads(self.cli(*args).stdout)


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[tuple[Node, Node, Path, Path]]:
    """Nodes pve1 and pve2, the shared /etc/pve stand-in, and a data root both may use."""
    pve = tmp_path / "pve"
    pve.mkdir()
    data = tmp_path / "data"
    data.mkdir()
    tmp_path.chmod(0o755)
    data.chmod(0o755)
    group = f"pvgwtc{secrets.token_hex(3)}"
    nodes = []
    try:
        for name in ("pve1", "pve2"):
            sandbox = make_samba_sandbox()
            state = sandbox.root / "agent-state"
            config = sandbox.root / "pvesmbgw.conf"
            config.write_text(
                "[pvesmbgw]\n"
                f"node = {name}\nsamba_conf = {sandbox.conf}\nstate_dir = {state}\n"
                f"dfree_dir = {state}/dfree\n"
                f"allowed_roots = {data}\npve_root = {pve}\nservice_manager = direct\n"
                f"share_group = {group}\n")
            nodes.append(Node(name, sandbox, config, state))
        yield nodes[0], nodes[1], pve, data
    finally:
        for node in nodes:
            node.sandbox.stop()
            node.sandbox.close()
        run(["groupdel", group], check=False)


def test_a_share_made_on_one_node_is_listed_on_the_other(cluster: Any) -> None:
    one, two, pve, data = cluster
    made = one.json("create", "alpha", "--path", str(data / "alpha"))
    assert made["share"]["node"] == "pve1"
    assert (pve / "pvesmbgw" / "registry.json").exists()
    assert not (one.state_dir / "registry.json").exists()
    assert [s["name"] for s in two.json("list")] == ["alpha"]
    status = json.loads(two.cli("status", "alpha").stdout)
    assert status["served_by"] == "pve1" and status["served"] is None
    # Only the node that made it serves it: pve2's Samba knows nothing of it.
    assert "[alpha]" in (one.sandbox.root / "pvesmbgw-shares.conf").read_text()
    assert not (two.sandbox.root / "pvesmbgw-shares.conf").exists()
    # pve2's reconcile leaves pve1's share alone (no drift from a volume it cannot see).
    assert two.json("reconcile")["drift"] == []


def test_racing_creates_on_two_nodes_serialise_on_the_cluster_lock(cluster: Any) -> None:
    one, two, pve, data = cluster
    # Different names: both succeed, and neither's registry write is lost.
    procs = [subprocess.Popen(n.argv("create", f"r{i}", "--path", str(data / f"r{i}")),
                              env=n.env(), cwd=REPO, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
             for i, n in enumerate((one, two, one, two))]
    results = [(p.wait(timeout=120), p.communicate()) for p in procs]
    assert [rc for rc, _ in results] == [0, 0, 0, 0], results
    registry = json.loads((pve / "pvesmbgw" / "registry.json").read_text())
    assert sorted(registry["shares"]) == ["r0", "r1", "r2", "r3"]
    assert {registry["shares"][f"r{i}"]["node"] for i in (0, 2)} == {"pve1"}
    assert {registry["shares"][f"r{i}"]["node"] for i in (1, 3)} == {"pve2"}
    # One name from both nodes at once: exactly one wins, the other is refused cleanly.
    procs = [subprocess.Popen(n.argv("create", "same", "--path", str(data / f"same-{n.name}")),
                              env=n.env(), cwd=REPO, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for n in (one, two)]
    results = [(p.wait(timeout=120), p.communicate()) for p in procs]
    codes = sorted(rc for rc, _ in results)
    assert codes == [0, 2], results
    loser = next(out for rc, out in results if rc == 2)
    assert "already exists" in loser[1] and len(loser[1].strip().splitlines()) == 1
    registry = json.loads((pve / "pvesmbgw" / "registry.json").read_text())
    assert registry["shares"]["same"]["node"] in ("pve1", "pve2")
    # The loser changed nothing: no directory of its own was left behind.
    made = {p.name for p in data.iterdir() if p.name.startswith("same-")}
    assert made == {f"same-{registry['shares']['same']['node']}"}
    assert not (pve / "priv" / "lock" / "pvesmbgw").exists()


def test_a_lock_left_by_a_killed_command_is_taken_over_on_its_node(cluster: Any) -> None:
    one, two, pve, data = cluster
    proc = subprocess.run(one.argv("create", "k", "--path", str(data / "k")),
                          env={**one.env(), "PVESMBGW_KILL_AT": "2"}, cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == -9
    lock = pve / "priv" / "lock" / "pvesmbgw"
    assert lock.is_dir()
    # Another node must wait for it (pmxcfs would expire it after 120 s) ...
    waiting = subprocess.run(two.argv("create", "w", "--path", str(data / "w")),
                             env={**two.env(), "PVESMBGW_LOCK_TIMEOUT": "3"}, cwd=REPO,
                             capture_output=True, text=True, timeout=60)
    assert waiting.returncode == 1 and "cluster-wide lock" in waiting.stderr
    assert "node pve1" in waiting.stderr
    # ... while the node that left it takes it over at once and rolls the create back.
    out = one.json("reconcile")
    assert out["repaired_interrupted_operation"] == "create share k"
    assert not lock.exists() and not (data / "k").exists()
    assert one.json("list") == []


def test_an_old_node_local_registry_is_migrated_once_with_a_backup(cluster: Any) -> None:
    one, two, pve, data = cluster
    two.json("create", "shared", "--path", str(data / "shared"))
    old_path = data / "old"
    old_path.mkdir()
    legacy = {"version": 1, "users": {}, "gateways": {}, "vm_template": {},
              "shares": {"old": {"name": "old", "path": str(old_path), "mode": "native",
                                 "backend": "dir", "created_at": "2026-01-01T00:00:00Z"}}}
    one.state_dir.mkdir(parents=True, exist_ok=True)
    (one.state_dir / "registry.json").write_text(json.dumps(legacy))
    # Before it migrates, the node keeps working: its old shares are there to read.
    assert sorted(s["name"] for s in one.json("list")) == ["old", "shared"]
    one.json("reconcile")
    registry = json.loads((pve / "pvesmbgw" / "registry.json").read_text())
    assert registry["version"] == 2
    assert registry["shares"]["old"]["node"] == "pve1"
    assert registry["shares"]["shared"]["node"] == "pve2"
    backups = sorted(one.state_dir.glob("registry.json.migrated-*"))
    assert len(backups) == 1 and json.loads(backups[0].read_text()) == legacy
    assert not (one.state_dir / "registry.json").exists()
    # pve1 now serves its old share from the shared registry; a second run migrates nothing.
    assert "[old]" in (one.sandbox.root / "pvesmbgw-shares.conf").read_text()
    one.json("reconcile")
    assert len(list(one.state_dir.glob("registry.json.migrated-*"))) == 1
    assert sorted(s["name"] for s in two.json("list")) == ["old", "shared"]
