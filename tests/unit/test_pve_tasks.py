"""PVE task files as PVE writes them (pvesmbgw.pve.tasks)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pvesmbgw.pve import tasks
from pvesmbgw.pve.tasks import TaskError, Upid


def test_upid_encodes_and_decodes_as_pve() -> None:
    u = Upid("pve1", 0x1A2B, 0x3C4D, 0x65000001, "pvesvcinstall", "web1", "alice@pve")
    text = "UPID:pve1:00001A2B:00003C4D:65000001:pvesvcinstall:web1:alice@pve:"
    assert str(u) == text and Upid.parse(text) == u
    assert tasks.log_path(Path("/t"), text) == Path("/t/1") / text
    with pytest.raises(TaskError):
        Upid.parse("UPID:pve1:1:2:3:x:y:z")


def test_a_task_is_registered_then_archived_with_its_status(tmp_path: Path) -> None:
    own = tasks.process_start(os.getpid())
    assert own is not None
    live = str(Upid("pve", os.getpid(), own, 0x65000002, "pvesvcinstall", "a", "root@pam"))
    dead = str(Upid("pve", os.getpid(), own + 1, 0x65000003, "pvesvcupgrade", "b", "root@pam"))
    for upid, last in ((live, "working"), (dead, "TASK ERROR: no space")):
        p = tasks.log_path(tmp_path, upid)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(f"start\n{last}\n")
    tasks.active_workers(tmp_path, live, nocheck=True)
    assert (tmp_path / "active").read_text() == f"{live} 0\n"
    tasks.active_workers(tmp_path, dead)
    lines = (tmp_path / "active").read_text().splitlines()
    assert lines[0] == f"{live} 0"
    assert lines[1].startswith(f"{dead} 1 ") and lines[1].endswith(" no space")
    index = (tmp_path / "index").read_text()
    assert index.startswith(dead) and index.endswith(" no space\n")
    assert tasks.read_status(tmp_path, dead) == "no space"


def test_result_line_is_one_line() -> None:
    assert tasks.result_line(None) == b"TASK OK\n"
    assert tasks.result_line("bad\nthing\n") == b"TASK ERROR: bad thing\n"
