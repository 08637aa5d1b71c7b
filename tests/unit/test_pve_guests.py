"""The pve room's guest building blocks: VMIDs, where guests run, snapshot argv."""

from __future__ import annotations

import json

from pvesmbgw.pve import guests
from pvesmbgw.tools.pct import Pct
from pvesmbgw.tools.qm import Qm

from .conftest import FakeRunner

# The shape PVE 8.4 and 9.1 print for `pvesh get /cluster/resources --type vm`.
RESOURCES = [
    {"id": "lxc/101", "type": "lxc", "vmid": 101, "node": "pve2", "status": "running",
     "name": "smbgw-pve1", "hastate": "started", "maxmem": 268435456},
    {"id": "qemu/9000", "type": "qemu", "vmid": 9000, "node": "pve1", "status": "stopped",
     "name": "smbgw-template", "template": 1},
]


def test_next_vmid_asks_the_cluster(fake_runner: FakeRunner) -> None:
    fake_runner.answer(["pvesh", "get", "/cluster/nextid"], '"104"\n')
    assert guests.next_vmid(fake_runner) == 104
    assert fake_runner.calls == [("pvesh", "get", "/cluster/nextid", "--output-format",
                                  "json")]


def test_guest_nodes_come_from_cluster_resources(fake_runner: FakeRunner) -> None:
    fake_runner.answer(["pvesh", "get", "/cluster/resources"], json.dumps(RESOURCES))
    assert guests.guest_nodes(fake_runner) == {101: "pve2", 9000: "pve1"}
    assert fake_runner.calls == [("pvesh", "get", "/cluster/resources", "--type", "vm",
                                  "--output-format", "json")]


def test_snapshot_argv_is_pve_syntax(fake_runner: FakeRunner) -> None:
    pct, qm = Pct(fake_runner), Qm(fake_runner)
    assert pct.snapshot_argv(101, "pre-upgrade", "before 2.0") == [
        "pct", "snapshot", "101", "pre-upgrade", "--description", "before 2.0"]
    assert pct.rollback_argv(101, "pre-upgrade", start=True) == [
        "pct", "rollback", "101", "pre-upgrade", "--start", "1"]
    assert pct.delsnapshot_argv(101, "pre-upgrade") == ["pct", "delsnapshot", "101",
                                                        "pre-upgrade"]
    assert qm.snapshot_argv(9001, "s1") == ["qm", "snapshot", "9001", "s1"]
    assert qm.rollback_argv(9001, "s1") == ["qm", "rollback", "9001", "s1"]
    assert qm.delsnapshot_argv(9001, "s1") == ["qm", "delsnapshot", "9001", "s1"]
