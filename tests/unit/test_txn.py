from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest

from pvesmbgw.core.config import Config
from pvesmbgw.core.errors import ApplyError, InjectedFault
from pvesmbgw.core.records import Context, Record, RestoreFile, register
from pvesmbgw.core.runner import Runner
from pvesmbgw.core.txn import FAULT_ENV, Journal, Step, Transaction, file_step


@register("k")
@dataclass(frozen=True)
class K(Record):
    """A test record: applying it only records that it was applied."""

    n: Optional[int] = None

    def apply(self, ctx: Context) -> None:
        UNDONE.append(self.to_json())


UNDONE: list[dict[str, Any]] = []


class Recorder:
    """Every record applied, as the journal holds it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        UNDONE.clear()
        self.undone = UNDONE
        restore = RestoreFile.apply

        def recorded(record: RestoreFile, ctx: Context) -> None:
            UNDONE.append(record.to_json())
            restore(record, ctx)
        monkeypatch.setattr(RestoreFile, "apply", recorded)


@pytest.fixture
def rec(monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorder]:
    yield Recorder(monkeypatch)


def make(tmp_path: Path, dry_run: bool = False) -> Transaction:
    return Transaction(Journal(tmp_path / "journal"), Context(Config.defaults(), Runner()),
                       dry_run=dry_run)


def test_failure_undoes_done_steps_in_reverse(tmp_path: Path, rec: Recorder) -> None:
    txn = make(tmp_path)
    target = tmp_path / "f"
    target.write_text("old")
    done: list[str] = []

    def boom() -> None:
        raise OSError(28, "No space left on device")
    steps = [
        Step("a", lambda: done.append("a"), K(1)),
        file_step(target, b"new", "write f"),
        Step("c", boom, K(3)),
        Step("d", lambda: done.append("d"), K(4)),
    ]
    with pytest.raises(ApplyError) as err:
        txn.run("op", steps)
    assert "op failed at step 3/4 (c)" in str(err.value)
    assert "rolled back" in str(err.value)
    assert [r["kind"] for r in rec.undone] == ["k", "restore_file", "k"]
    assert [r.get("n") for r in rec.undone] == [3, None, 1]
    assert done == ["a"]
    assert target.read_text() == "old"
    assert not (tmp_path / "journal" / "current.json").exists()


def test_new_file_is_removed_on_rollback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    txn = make(tmp_path)
    target = tmp_path / "new"
    monkeypatch.setenv(FAULT_ENV, "2")
    with pytest.raises(ApplyError) as err:
        txn.run("op", [file_step(target, b"x", "write")])
    assert isinstance(err.value.__cause__, InjectedFault)
    assert not target.exists()


def test_interrupted_journal_is_repaired(tmp_path: Path) -> None:
    txn = make(tmp_path)
    target = tmp_path / "f"
    target.write_text("before")
    journal = Journal(tmp_path / "journal")
    state = journal.begin("create share x")
    state["undo"].append({"kind": "restore_file", "path": str(target),
                          "backup": journal.backup(target)})
    journal.save(state)
    target.write_text("half-written")
    assert txn.repair() == "create share x"
    assert target.read_text() == "before"
    assert txn.repair() is None


def test_dry_run_changes_nothing_and_previews(tmp_path: Path) -> None:
    lines: list[str] = []
    txn = Transaction(Journal(tmp_path / "journal"), Context(Config.defaults(), Runner()),
                      dry_run=True, report=lines.append)
    target = tmp_path / "f"
    txn.run("op", [file_step(target, b"hello\n", "write f")])
    assert not target.exists()
    assert not (tmp_path / "journal").exists()
    assert "[1/1] write f" in lines
    assert "    +hello" in lines


def test_journal_records_undo_before_the_step_runs(tmp_path: Path) -> None:
    txn = make(tmp_path)
    seen: list[Any] = []

    def look() -> None:
        seen.append(json.loads((tmp_path / "journal" / "current.json").read_text()))
    txn.run("op", [Step("s", look, K())])
    assert seen[0]["undo"] == [{"kind": "k"}]
