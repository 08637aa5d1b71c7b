"""Snapshots and Windows Previous Versions on real btrfs, through real smbd/smbclient."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from tests.lib.agenthost import AgentHost


def put(host: AgentHost, user: str, password: str, local: Path, remote: str) -> None:
    out = host.smbclient("pv", user, password, f"put {local.name} {remote}", cwd=local.parent)
    assert out.returncode == 0, out.stdout + out.stderr


def test_previous_versions_end_to_end(agent_host: AgentHost, tmp_path: Path) -> None:
    host = agent_host
    user, password = host.add_user()
    path = host.pool_root / "pv"
    host.cli("create", "pv", "--path", str(path), "--quota", "64M")
    (tmp_path / "v1.txt").write_text("version one\n")
    (tmp_path / "v2.txt").write_text("version two\n")
    put(host, user, password, tmp_path / "v1.txt", "doc.txt")
    snap = host.json("snapshot", "create", "pv")["snapshot"]
    assert re.fullmatch(r"@GMT-\d{4}\.\d\d\.\d\d-\d\d\.\d\d\.\d\d", snap)
    put(host, user, password, tmp_path / "v2.txt", "doc.txt")

    # Windows' Previous Versions tab: the file's versions, then the old content.
    info = host.smbclient("pv", user, password, "allinfo doc.txt")
    assert snap in info.stdout, info.stdout
    old = host.smbclient("pv", user, password, f"get {snap}\\doc.txt old.txt", cwd=tmp_path)
    assert old.returncode == 0, old.stdout + old.stderr
    assert (tmp_path / "old.txt").read_text() == "version one\n"
    now = host.smbclient("pv", user, password, "get doc.txt now.txt", cwd=tmp_path)
    assert now.returncode == 0 and (tmp_path / "now.txt").read_text() == "version two\n"
    # The snapshot folder carries the hidden attribute (Explorer does not show it).
    listing = host.smbclient("pv", user, password, "ls")
    row = next(l for l in listing.stdout.splitlines() if l.split()[:1] == [".snapshots"])
    assert "H" in row.split()[1], row

    # Rollback restores v1 and keeps the state before it as a snapshot holding v2.
    time.sleep(1.1)
    out = host.json("snapshot", "rollback", "pv", snap)
    safety = out["safety_snapshot"]
    assert (path / "doc.txt").read_text() == "version one\n"
    assert (path / ".snapshots" / safety / "doc.txt").read_text() == "version two\n"
    names = [s["name"] for s in host.json("snapshot", "list", "pv")["snapshots"]]
    assert names == [snap, safety]
    # ...so the rollback itself can be undone.
    time.sleep(1.1)
    host.cli("snapshot", "rollback", "pv", safety)
    assert (path / "doc.txt").read_text() == "version two\n"


def test_schedule_prunes_only_its_own_snapshots(agent_host: AgentHost) -> None:
    host = agent_host
    path = host.pool_root / "sched"
    host.cli("create", "sched", "--path", str(path), "--snapshots", "hourly=1")
    # A snapshot some other tool made, beside ours.
    (path / ".snapshots").mkdir()
    host.pool.btrfs("subvolume", "snapshot", "-r", str(path), str(path / ".snapshots/manual"))
    made = []
    for _ in range(3):
        made.append(host.json("snapshot", "create", "sched")["snapshot"])
        time.sleep(1.1)
    out = host.json("snapshot", "--prune-all")
    assert any("pruning 2" in n for n in out["notes"]), out
    names = [s["name"] for s in host.json("snapshot", "list", "sched")["snapshots"]]
    assert sorted(names) == sorted(["manual", made[-1]])
    # Nothing due within the hour: a second run changes nothing.
    assert host.json("snapshot", "--prune-all")["notes"] == []
    status = host.cli("--output-format", "json", "snapshot", "delete", "sched", "manual",
                      check=2)
    assert "was not made by pvesmbgw" in status.stderr
    host.cli("delete", "sched", "--purge")
    assert not path.exists()


def test_dir_backend_says_it_has_no_snapshots(agent_host: AgentHost) -> None:
    host = agent_host
    host.cli("create", "plain", "--path", str(host.data_root / "plain"))
    out = host.cli("snapshot", "create", "plain", check=2)
    assert "has no snapshots" in out.stderr
    out = host.cli("create", "p2", "--path", str(host.data_root / "p2"), "--snapshots",
                   "daily=7", check=2)
    assert "has no snapshots" in out.stderr
    assert json.loads(host.cli("--output-format", "json", "list").stdout)[0]["name"] == "plain"


def test_fault_at_each_snapshot_and_rollback_step(agent_host: AgentHost) -> None:
    host = agent_host
    path = host.pool_root / "ft"
    host.cli("create", "ft", "--path", str(path), "--quota", "32M")
    (path / "f.txt").write_text("one\n")
    snap = host.json("snapshot", "create", "ft")["snapshot"]
    (path / "f.txt").write_text("two\n")

    def state() -> tuple[str, list[str], str]:
        snaps = sorted(p.name for p in (path / ".snapshots").iterdir())
        return (path / "f.txt").read_text(), snaps, str(host.state())
    for args in (["snapshot", "create", "ft"], ["snapshot", "rollback", "ft", snap]):
        before = state()
        step = 1
        while True:
            time.sleep(1.1)  # a new second: snapshot names are per second
            proc = host.cli(*args, env={"PVESMBGW_FAULT_AT": str(step)}, check=None)
            if proc.returncode == 0:
                break
            assert proc.returncode == 1 and "rolled back" in proc.stderr, proc.stderr
            assert state() == before, f"{args[1]}: fault at step {step} left changes"
            step += 1
        assert step > 2
    assert (path / "f.txt").read_text() == "one\n"
