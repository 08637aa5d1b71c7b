"""Transactions: run a plan's steps under a journal, undo them in reverse on failure.

Before a step changes anything, its compensation (a record that reverses it) is
appended to the journal (state_dir/journal/current.json) and fsynced. Records are
typed (records.py), journaled as plain JSON, and applying one is idempotent, so a
journal left by a crashed or killed command is rolled back by the next command that
takes the lock (`repair`).
"""

from __future__ import annotations

import json
import logging
import os
import shlex
import signal
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional, Sequence, Union, overload

from . import fsutil
from .errors import ApplyError, InjectedFault, PvesmbgwError
from .i18n import _
from .records import Context, Record, RestoreFile, registered

# difflib, shutil and uuid are imported where a plan is previewed or run: every backend
# imports this module for its step types, and `status` or a plugin poll runs none.

if TYPE_CHECKING:
    from .runner import Runner

log = logging.getLogger(__name__)

# Test seams: fail just before step N (1-based; N = steps+1 fails before the commit),
# or SIGKILL ourselves right after step N has done its work.
FAULT_ENV = "PVESMBGW_FAULT_AT"
KILL_ENV = "PVESMBGW_KILL_AT"

@dataclass
class Step:
    """One mutating action of a plan and the record that reverses it (COMPENSATION).

    A *deferred* step destroys something and cannot be undone; its DEFERRED record
    does the work, and the journal keeps it until it has run. A plan's first deferred
    step is its point of no return: every step after it must be deferred too, and a
    command interrupted there is finished ("rolled forward") by the next one, never
    rolled back.
    """

    title: str
    do: Callable[[], object]
    compensation: Optional[Record] = None
    preview: Sequence[str] = field(default_factory=tuple)
    deferred: Optional[Record] = None
    # Plans whose later steps depend on what an earlier one learns (a path a storage
    # chooses on creation) continue with the steps EXPAND returns once DO has run.
    expand: Optional[Callable[[], list["Step"]]] = None


def deferred_step(title: str, record: Record, preview: Sequence[str] = ()) -> Step:
    """A step that destroys something: RECORD does it, past the point of no return."""
    return Step(title, lambda: None, None, tuple(preview) or (f"{record.to_json()}",),
                record)


def on_rollback(title: str, record: Record) -> Step:
    """A step that does nothing but arm RECORD, applied if the plan is rolled back
    (a service reload once the files before it are restored)."""
    return Step(title, lambda: None, record)


def file_step(path: Path, data: Optional[bytes], title: str, mode: int = 0o644) -> Step:
    """Replace PATH with DATA (or remove it when DATA is None); undo restores it."""
    old = fsutil.read_bytes(path)
    if data is None:
        return Step(title, lambda: fsutil.remove_file(path), RestoreFile(str(path)),
                    _Diff(path, old, b""))
    new = data
    return Step(title, lambda: fsutil.atomic_write(path, new, mode),
                RestoreFile(str(path), mode), _Diff(path, old, data))


def command_step(runner: "Runner", title: str, argv: Sequence[str],
                 compensation: Optional[Record] = None,
                 env: Optional[dict[str, str]] = None) -> Step:
    """Run ARGV (a mutating command); preview shows the exact argv."""
    args = list(argv)
    shown = " ".join(f"{k}={v}" for k, v in (env or {}).items())
    return Step(title, lambda: runner.run(args, mutating=True, env=env), compensation,
                [f"run: {shown + ' ' if shown else ''}{shlex.join(args)}"])


def _diff(path: Path, old: Optional[bytes], new: bytes) -> list[str]:
    before = (old or b"").decode(errors="replace").splitlines()
    after = new.decode(errors="replace").splitlines()
    import difflib
    lines = list(difflib.unified_diff(before, after, f"{path} (current)", f"{path} (new)",
                                      lineterm=""))
    return lines or [f"{path}: unchanged"]


class _Diff(Sequence[str]):
    """A file step's preview, the diff from the file as it was when planned: made only
    when it is shown (a dry run), since a plan that rewrites the registry of hundreds
    of shares would otherwise diff it on every command for nothing."""

    def __init__(self, path: Path, old: Optional[bytes], new: bytes) -> None:
        self._args = (path, old, new)
        self._lines: Optional[list[str]] = None

    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = _diff(*self._args)
        return self._lines

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: Union[int, slice]) -> Union[str, Sequence[str]]:
        return self.lines()[index]

    def __len__(self) -> int:
        return len(self.lines())

    def __repr__(self) -> str:
        return repr(self.lines())


class Journal:
    """The on-disk record of the transaction in progress (at most one, under the lock)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.file = directory / "current.json"
        self.backups = directory / "backups"

    def exists(self) -> bool:
        return self.file.exists()

    def load(self) -> dict[str, Any]:
        return json.loads(self.file.read_bytes())

    def begin(self, title: str) -> dict[str, Any]:
        import shutil
        import uuid
        if self.backups.exists():
            shutil.rmtree(self.backups)
        self.backups.mkdir(parents=True, mode=0o700)
        state = {"txid": uuid.uuid4().hex, "title": title, "undo": []}
        self.save(state)
        return state

    def save(self, state: dict[str, Any]) -> None:
        fsutil.atomic_write(self.file, json.dumps(state, indent=1).encode(), 0o600)

    def backup(self, path: Path) -> Optional[str]:
        """Copy PATH into the journal; None records that it did not exist."""
        data = fsutil.read_bytes(path)
        if data is None:
            return None
        import uuid
        target = self.backups / uuid.uuid4().hex
        fsutil.atomic_write(target, data, 0o600)
        return str(target)

    def finish(self) -> None:
        import shutil
        fsutil.remove_file(self.file)
        shutil.rmtree(self.backups, ignore_errors=True)


class Transaction:
    """Runs steps with journaling and rollback. Call only under the command lock.

    CTX is what records are applied with. A record read back from the journal must be
    of a registered kind: the kinds of this run's own steps are (their modules are
    loaded); LOAD_KINDS registers every other (pvesmbgw.handlers), called only for a
    kind not known yet, as in a journal another command left."""

    def __init__(self, journal: Journal, ctx: Context, dry_run: bool = False,
                 progress: Optional[Callable[[str], None]] = None,
                 report: Optional[Callable[[str], None]] = None,
                 load_kinds: Callable[[], None] = lambda: None) -> None:
        self.journal = journal
        self.ctx = ctx
        self.load_kinds = load_kinds
        self.dry_run = dry_run
        self.progress = progress or (lambda line: None)
        self.report = report or (lambda line: None)

    def run(self, title: str, steps: Sequence[Step],
            secrets: Optional[Mapping[str, str]] = None) -> None:
        """Do every step, or undo the ones done and raise ApplyError. SECRETS (a join
        password) are at the records' disposal for this run only, never journaled."""
        self.ctx.secrets.update(secrets or {})
        try:
            self._run(title, steps)
        finally:
            self.ctx.secrets.clear()

    def _apply(self, data: dict[str, Any]) -> None:
        """Apply a journaled record (read back from its JSON, as a repair would)."""
        if str(data.get("kind")) not in registered():
            self.load_kinds()  # every room's kinds: importing them costs start-up time
        record = Record.from_json(data)
        log.debug("apply %s", data)
        record.apply(self.ctx)

    def _run(self, title: str, steps: Sequence[Step]) -> None:
        if self.dry_run:
            self.report(f"dry-run: {title}: {len(steps)} step(s), nothing changed")
            for number, step in enumerate(steps, 1):
                warning = " (cannot be undone)" if step.deferred is not None else ""
                self.report(f"[{number}/{len(steps)}] {step.title}{warning}")
                for line in step.preview:
                    self.report(f"    {line}")
            return
        first_deferred = next((i for i, s in enumerate(steps) if s.deferred is not None),
                              len(steps))
        if any(s.deferred is None for s in steps[first_deferred:]):
            raise ValueError(f"{title}: only deferred steps may follow a deferred step")
        fault_at = _env_int(FAULT_ENV)
        kill_at = _env_int(KILL_ENV)
        state = self.journal.begin(title)
        todo = list(steps)
        current = ""
        committed = False
        number = 0
        try:
            while number < len(todo):
                step = todo[number]
                number += 1
                total = len(todo)
                current = f"step {number}/{total} ({step.title})"
                if step.deferred is not None and not committed:
                    # The point of no return: from here the journal holds what is
                    # left to do, so an interruption is finished, not undone.
                    committed = True
                    state = {"txid": state["txid"], "title": title, "phase": "forward",
                             "forward": [_deferred(s).to_json() for s in todo[number - 1:]]}
                    self.journal.save(state)
                if step.compensation is not None:
                    record = step.compensation
                    if isinstance(record, RestoreFile):
                        record = replace(record, backup=self.journal.backup(Path(record.path)))
                    state["undo"].append(record.to_json())
                    self.journal.save(state)
                if fault_at == number:
                    raise InjectedFault(_("injected fault before {current}").format(current=current))
                self.progress(f"[{number}/{total}] {step.title}")
                if step.deferred is not None:
                    self._apply(step.deferred.to_json())
                    state["forward"].pop(0)
                    self.journal.save(state)
                else:
                    step.do()
                if step.expand is not None:
                    todo[number:number] = step.expand()
                if kill_at == number:
                    os.kill(os.getpid(), signal.SIGKILL)
            if fault_at == len(todo) + 1 and not committed:
                current = "commit"
                raise InjectedFault(_("injected fault before commit"))
        except (PvesmbgwError, OSError) as exc:
            # The traceback only with PVESMBGW_DEBUG: -v shows progress, not Python.
            log.debug("%s failed at %s: %s", title, current, _one_line(exc),
                      exc_info=bool(os.environ.get("PVESMBGW_DEBUG")))
            if committed:
                raise ApplyError(_("{title} failed at {current}: {one_line}; it is past "
                                 "the point of no return and will be finished by the next "
                                 "pve-smbgateway command (or `pve-smbgateway reconcile`)").format(title=title, current=current, one_line=_one_line(exc))
                                 ) from exc
            problems = self._rollback(state["undo"])
            self.journal.finish()
            suffix = "; rolled back" if not problems else \
                "; ROLLBACK INCOMPLETE: " + "; ".join(problems)
            raise ApplyError(_("{title} failed at {current}: {one_line}{suffix}").format(title=title, current=current, one_line=_one_line(exc), suffix=suffix)) from exc
        except BaseException:
            # KeyboardInterrupt and bugs: undo as well, then let the original surface.
            if not committed:
                self._rollback(state["undo"])
                self.journal.finish()
            raise
        self.journal.finish()

    def _rollback(self, records: list[dict[str, Any]]) -> list[str]:
        problems = []
        for record in reversed(records):
            try:
                self._apply(record)
            except (PvesmbgwError, OSError) as exc:
                log.warning("undo %s failed: %s", record.get("kind"), exc)
                problems.append(f"{record.get('kind')}: {_one_line(exc)}")
        return problems

    def repair(self) -> Optional[str]:
        """Finish what a crashed command left: roll it back, or, past its point of no
        return, forward. Returns its title, or None when there was nothing to do."""
        if not self.journal.exists():
            return None
        try:
            state = self.journal.load()
        except ValueError:
            # A torn journal can only come from a crash during its first write,
            # before any step ran, so there is nothing to undo.
            self.journal.finish()
            return "unknown operation"
        if state.get("phase") == "forward":
            while state["forward"]:
                try:
                    self._apply(state["forward"][0])
                except (PvesmbgwError, OSError) as exc:
                    raise ApplyError(_("finishing interrupted '{title}' failed: "
                                     "{one_line}").format(title=state.get('title'), one_line=_one_line(exc))) from exc
                state["forward"].pop(0)
                self.journal.save(state)
        else:
            problems = self._rollback(state.get("undo", []))
            if problems:
                raise ApplyError(_("repair of interrupted '{title}' incomplete: {problems}").format(
                    title=state.get('title'), problems="; ".join(problems)))
        self.journal.finish()
        return str(state.get("title"))


def _deferred(step: Step) -> Record:
    assert step.deferred is not None, "checked by run: only deferred steps follow one"
    return step.deferred


def _env_int(name: str) -> Optional[int]:
    value = os.environ.get(name)
    return int(value) if value and value.isdigit() else None


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
