"""Failure at every step, SIGKILL at every step, and concurrent commands: the host is
left exactly as before (or exactly as after), never in between."""

from __future__ import annotations

import json
import os
import subprocess
import pytest

from tests.lib.agenthost import AgentHost
from tests.lib.faults import each_step
from tests.lib.paths import PYTHON, REPO
from tests.lib.proc import run


@pytest.fixture
def served(agent_host: AgentHost) -> tuple[AgentHost, str, str]:
    """A host already serving share 'old' to a user, with btrfs quotas disabled."""
    host = agent_host
    run(["btrfs", "quota", "disable", str(host.pool.mountpoint)])
    user, password = host.add_user()
    host.cli("create", "old", "--path", str(host.data_root / "old"))
    return host, user, password


def still_serving_old_config(host: AgentHost, user: str, password: str, absent: str) -> None:
    assert host.smbclient("old", user, password, "ls").returncode == 0
    gone = host.smbclient(absent, user, password, "ls")
    assert "NT_STATUS_BAD_NETWORK_NAME" in gone.stdout + gone.stderr


@pytest.mark.parametrize("args,absent", [
    (["create", "new", "--quota", "16M", "--comment", "New"], "new"),
])
def test_fault_at_each_create_step_leaves_host_unchanged(
        served: tuple[AgentHost, str, str], args: list[str], absent: str) -> None:
    host, user, password = served
    args = args[:2] + ["--path", str(host.pool_root / "new")] + args[2:]
    before = host.state()

    def check(step: int, proc: subprocess.CompletedProcess[str]) -> None:
        assert proc.returncode == 1, proc.stderr
        assert "rolled back" in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
        assert host.state() == before, f"fault at step {step} left changes"
        still_serving_old_config(host, user, password, absent)
    steps = each_step(host, args, "PVESMBGW_FAULT_AT", check)
    # group, subvolume, owner, quota enable, limit, arm reload, include, registry, apply
    assert steps >= 8
    assert host.smbclient("new", user, password, "ls").returncode == 0


def test_fault_at_each_set_and_delete_step(served: tuple[AgentHost, str, str]) -> None:
    host, user, password = served
    host.cli("create", "q", "--path", str(host.pool_root / "q"), "--quota", "16M")
    before = host.state()
    quota = [16 << 20]

    def unchanged(step: int, proc: subprocess.CompletedProcess[str]) -> None:
        assert proc.returncode == 1, proc.stderr
        assert host.state() == before, f"fault at step {step} left changes"
        assert host.json("status", "q")["usage"]["quota"] == quota[0]
    assert each_step(host, ["set", "q", "--quota", "32M", "--read-only", "yes"],
                     "PVESMBGW_FAULT_AT", unchanged) >= 4
    assert host.json("status", "q")["usage"]["quota"] == 32 << 20

    before = host.state()
    quota[0] = 32 << 20

    def purged_by_next_command(step: int, proc: subprocess.CompletedProcess[str]) -> None:
        nonlocal before
        assert proc.returncode == 1
        assert host.json("reconcile")["repaired_interrupted_operation"] == "delete share q"
        assert not (host.pool_root / "q").exists()
        assert "q" not in {s["name"] for s in host.json("list")}
        host.cli("create", "q", "--path", str(host.pool_root / "q"), "--quota", "32M")
        before = host.state()
    assert each_step(host, ["delete", "q", "--purge"], "PVESMBGW_FAULT_AT", unchanged,
                     purged_by_next_command) >= 4
    assert not (host.pool_root / "q").exists()


def test_sigkill_at_each_step_is_repaired_by_the_next_command(
        served: tuple[AgentHost, str, str]) -> None:
    host, user, password = served
    before = host.state()
    args = ["create", "new", "--path", str(host.pool_root / "new"), "--quota", "16M"]

    def repaired(step: int, proc: subprocess.CompletedProcess[str]) -> None:
        assert proc.returncode == -9, proc.stderr
        assert (host.state_dir / "journal" / "current.json").exists()
        out = host.json("reconcile")
        assert out["repaired_interrupted_operation"] == "create share new"
        assert host.state() == before, f"SIGKILL after step {step} not repaired"
        still_serving_old_config(host, user, password, "new")
    assert each_step(host, args, "PVESMBGW_KILL_AT", repaired) >= 8

    # A different command also finishes the repair before doing its own work.
    host.cli("delete", "new", "--purge")
    host.cli(*args, env={"PVESMBGW_KILL_AT": "3"}, check=-9)
    out = host.cli("create", "other", "--path", str(host.data_root / "other"))
    assert "created share other" in out.stdout
    assert not (host.pool_root / "new").exists()
    assert sorted(host.json("list"), key=lambda s: s["name"])[1]["name"] == "other"


def test_concurrent_commands_never_corrupt_state(agent_host: AgentHost) -> None:
    host = agent_host
    host.cli("create", "base", "--path", str(host.data_root / "base"))
    env = {"PVESMBGW_CONFIG": str(host.config), "PYTHONPATH": str(REPO), "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
           # the suite's bytecode cache: seven processes compiling every import at once on
           # a loaded machine is not what this test is about
           **{k: v for k, v in os.environ.items() if k == "PYTHONPYCACHEPREFIX"}}
    procs = [subprocess.Popen([PYTHON, "-m", "pvesmbgw.cli.entry", "create", f"c{i}", "--path",
                               str(host.pool_root / f"c{i}"), "--quota", "8M"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(6)]
    procs.append(subprocess.Popen([PYTHON, "-m", "pvesmbgw.cli.entry", "set", "base",
                                   "--comment", "changed"], env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True))
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    registry = json.loads(host.registry_file.read_text())
    assert sorted(registry["shares"]) == ["base"] + [f"c{i}" for i in range(6)]
    assert registry["shares"]["base"]["comment"] == "changed"
    include = host.include_file.read_text()
    assert sum(line.startswith("[") for line in include.splitlines()) == 7
    assert host.sandbox.conf.read_text().count("include = ") == 1
    assert host.json("reconcile", "--check")["in_sync"] is True
