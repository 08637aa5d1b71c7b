"""`pve-smbgateway cluster ...` as a subprocess: bad input is one line, exit 2, and
changes nothing; without a cluster, `reconcile` is unaffected."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pvesmbgw.smb.cluster.state import ClusterState, Node

from .conftest import Cli


@pytest.mark.parametrize("args, message", [
    (["--nodes", "10.0.0.1,10.0.0.1", "--vip", "10.0.0.100/24", "--interface", "eth0",
      "--lock", "/tmp/x"], "nodes: address listed twice"),
    (["--nodes", "10.0.0.1", "--vip", "10.0.0.100", "--interface", "eth0",
      "--lock", "/tmp/x"], "vip: give the prefix length"),
    (["--nodes", "10.0.0.1", "--vip", "10.0.0.100/24", "--interface", "eth 0",
      "--lock", "/tmp/x"], "interface: not a network interface name"),
    (["--nodes", "10.0.0.1", "--vip", "10.0.0.100/24", "--interface", "eth0",
      "--lock", "relative/reclock"], "lock: must be an absolute path"),
    (["--nodes", "10.0.0.1", "--vip", "10.0.0.100/24", "--interface", "eth0"],
     "one of the arguments --lock --lock-helper is required"),
])
def test_init_bad_input(cli: Cli, args: list[str], message: str) -> None:  # noqa: F811
    before = cli.fingerprint()
    proc = cli("cluster", "init", *args)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
    assert cli.fingerprint() == before


@pytest.mark.parametrize("args", [["status"], ["add-node", "10.0.0.9"],
                                  ["vip", "del", "10.0.0.100"]])
def test_commands_need_a_cluster(cli: Cli, args: list[str]) -> None:  # noqa: F811
    proc = cli("cluster", *args)
    assert proc.returncode == 2 and "no cluster is set up" in proc.stderr, proc.stderr


def test_reconcile_without_cluster(cli: Cli) -> None:  # noqa: F811
    proc = cli("--output-format", "json", "cluster", "reconcile", "--check")
    assert proc.returncode == 0 and json.loads(proc.stdout)["configured"] is False
    proc = cli("--output-format", "json", "reconcile", "--check")
    assert proc.returncode == 0, proc.stderr
    assert not any(d["what"].startswith("cluster_") for d in json.loads(proc.stdout)["drift"])
    assert not (Path(cli.root) / "state" / "cluster.json").exists()


def test_shared_path_bad_input(cli: Cli) -> None:  # noqa: F811
    state = ClusterState(nodes=(Node("10.0.0.1"),), lock="/x/lock",
                         shared_paths=(str(cli.srv),))
    (Path(cli.root) / "state").mkdir(exist_ok=True)
    (Path(cli.root) / "state" / "cluster.json").write_bytes(state.dumps())
    before = cli.fingerprint()
    for args, message in ((["add", "relative"], "path: must be an absolute path"),
                          (["add", "/nonexistent/dir"], "path: /nonexistent/dir is not a dir"),
                          (["add", str(cli.srv)], "is already declared shared"),
                          (["del", "/elsewhere"], "path: /elsewhere is not declared shared")):
        proc = cli("cluster", "shared-path", *args)
        assert proc.returncode == 2, proc.stderr
        assert message in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
    assert cli.fingerprint() == before
