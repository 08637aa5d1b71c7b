"""A quota change on btrfs that fails at any step puts back exactly the limit the volume
had (not the one the registry remembers, and "no limit" too), and a subvolume that holds
more than its limit can still have the limit raised (issue 14 §5)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.lib.agenthost import AgentHost
from tests.lib.faults import Check, each_step
from tests.lib.proc import run

MIB = 1 << 20


def limit(host: AgentHost, path: Path, value: str) -> None:
    """Change the qgroup limit behind the agent's back (by hand, or an earlier version)."""
    run(["btrfs", "qgroup", "limit", value, str(path)])


def fill(path: Path, size: int) -> None:
    (path / "data.bin").write_bytes(os.urandom(size))
    os.sync()


def rolled_back(host: AgentHost, before: dict[str, str]) -> Check:
    def check(step: int, proc: subprocess.CompletedProcess[str]) -> None:
        assert proc.returncode == 1, proc.stderr
        assert "rolled back" in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
        assert "Traceback" not in proc.stderr
        assert host.state() == before, f"fault at step {step} left changes"
    return check


@pytest.fixture
def quota_share(agent_host: AgentHost) -> tuple[AgentHost, Path]:
    """Share q on a btrfs subvolume with quotas on and a 16M limit, holding 1M."""
    host = agent_host
    path = host.pool_root / "q"
    host.cli("create", "q", "--path", str(path), "--quota", "16M")
    fill(path, MIB)
    return host, path


def test_a_failed_change_puts_back_the_volumes_own_limit(
        quota_share: tuple[AgentHost, Path]) -> None:
    """The registry says 16M, the volume has 24M: every rollback restores 24M."""
    host, path = quota_share
    limit(host, path, "24M")
    before = host.state()
    steps = each_step(host, ["set", "q", "--quota", "32M", "--comment", "changed"],
                      "PVESMBGW_FAULT_AT", rolled_back(host, before))
    assert steps >= 3  # the limit, the include file, the registry, …
    assert host.json("status", "q")["usage"]["quota"] == 32 * MIB


def test_a_failed_change_puts_back_no_limit(agent_host: AgentHost) -> None:
    host = agent_host
    path = host.pool_root / "n"
    host.cli("create", "n", "--path", str(path), "--quota", "16M")
    limit(host, path, "none")
    before = host.state()
    each_step(host, ["set", "n", "--quota", "32M", "--read-only", "yes"],
              "PVESMBGW_FAULT_AT", rolled_back(host, before))
    assert host.json("status", "n")["usage"]["quota"] == 32 * MIB


def test_a_subvolume_over_its_limit_can_have_it_raised(
        quota_share: tuple[AgentHost, Path]) -> None:
    """What `set --quota 4K` on a share holding 1M left before it was refused: btrfs
    refuses to raise the limit given the subvolume's path ("Disk quota exceeded"); the
    agent names the qgroup instead, in the change and in its rollback."""
    host, path = quota_share
    limit(host, path, "4K")
    before = host.state()
    each_step(host, ["set", "q", "--quota", "64M", "--comment", "room again"],
              "PVESMBGW_FAULT_AT", rolled_back(host, before))
    assert host.json("status", "q")["usage"]["quota"] == 64 * MIB
    (path / "more.bin").write_bytes(os.urandom(MIB))  # writes work again
