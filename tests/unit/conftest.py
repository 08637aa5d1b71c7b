"""Unit tier: no process may start. A FakeRunner answers from a table instead."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Optional, Sequence

import pytest

from pvesmbgw import handlers  # noqa: F401 - every journal record kind, as the CLI has them
from pvesmbgw.core.config import Config, from_mapping
from pvesmbgw.core.errors import CommandError
from pvesmbgw.core.runner import Result, Runner
from pvesmbgw.tools import accounts as accounts_tool
from pvesmbgw.tools import zfs as zfs_tool


class UnexpectedProcess(BaseException):
    """BaseException, so no `except Exception` in the code under test can swallow it."""


@pytest.fixture(autouse=True)
def no_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise UnexpectedProcess(f"unit tests must not start processes: {args[0]!r}")
    # The runner imports subprocess when it first spawns: the module's Popen is refused.
    monkeypatch.setattr(subprocess, "Popen", refuse)


class FakeRunner(Runner):
    """Answers commands from a table of argv prefixes; records every call in order."""

    def __init__(self, dry_run: bool = False) -> None:
        self.lines: list[str] = []
        super().__init__(dry_run=dry_run, report=self.lines.append)
        self.table: list[tuple[tuple[str, ...], Result, Optional[Callable[[], None]]]] = []
        self.calls: list[tuple[str, ...]] = []
        self.inputs: list[Optional[str]] = []

    def answer(self, prefix: Sequence[str], stdout: str = "", returncode: int = 0,
               stderr: str = "", then: Optional[Callable[[], None]] = None) -> None:
        """Answer commands starting with PREFIX; THEN runs after each such call."""
        self.table.insert(0, (tuple(prefix), Result(tuple(prefix), returncode, stdout, stderr, 0),
                              then))

    def run(self, argv: Sequence[str], *, mutating: bool, input: Optional[str] = None,
            ok_codes: Sequence[int] = (0,), timeout: Optional[float] = None,
            secret: bool = False, cwd: Optional[str] = None,
            env: Optional[dict[str, str]] = None) -> Result:
        args = tuple(str(a) for a in argv)
        if mutating and self.dry_run:
            self.report("would run: " + " ".join(args))
            return Result(args, 0, "", "", 0)
        self.calls.append(args)
        self.inputs.append(input)
        for prefix, result, then in self.table:
            if args[:len(prefix)] == prefix:
                if then is not None:
                    then()
                if result.returncode not in ok_codes:
                    raise CommandError(args, result.returncode, result.stdout, result.stderr)
                return Result(args, result.returncode, result.stdout, result.stderr, 0)
        raise UnexpectedProcess(f"FakeRunner has no answer for {args}")


@pytest.fixture
def fake_runner() -> FakeRunner:
    return FakeRunner()


@pytest.fixture
def host(tmp_path: Path) -> Iterator[Config]:
    """A Config whose every path lies under tmp_path, with an admin smb.conf."""
    root = tmp_path / "host"
    (root / "etc/samba").mkdir(parents=True)
    (root / "srv").mkdir()
    (root / "etc/samba/smb.conf").write_text(ADMIN_SMB_CONF)
    yield from_mapping({
        "samba_conf": str(root / "etc/samba/smb.conf"),
        "state_dir": str(root / "state"),
        "allowed_roots": str(root / "srv"),
        "pve_root": str(root / "etc/pve"),
        "service_manager": "direct",
        "share_group": "root",
        "dfree_dir": str(root / "run/dfree"),
    })


@dataclass
class FakeAccounts:
    """The Unix accounts and groups code sees through tools.accounts (which reads them
    from pwd/grp): tests add and remove entries, e.g. when a faked useradd "runs"."""

    groups: dict[str, int] = field(default_factory=lambda: {"root": 0})
    users: dict[str, int] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)

    def free_id(self, first: int, count: int, kind: str,
                taken: frozenset[int] = frozenset()) -> int:
        used = set(self.users.values() if kind == "u" else self.groups.values()) | taken
        return next(i for i in range(first, first + count) if i not in used)


@pytest.fixture
def accounts(monkeypatch: pytest.MonkeyPatch) -> FakeAccounts:
    """Only root's group exists, and no user, whatever this machine has."""
    fake = FakeAccounts()
    monkeypatch.setattr(accounts_tool, "group_gid", fake.groups.get)
    monkeypatch.setattr(accounts_tool, "user_exists", lambda name: name in fake.users)
    monkeypatch.setattr(accounts_tool, "user_uid", fake.users.get)
    monkeypatch.setattr(accounts_tool, "group_members",
                        lambda group: list(fake.members.get(group, [])))
    monkeypatch.setattr(accounts_tool, "free_id", fake.free_id)
    return fake


@pytest.fixture
def no_zfs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether this machine has the zfs tool must not change a plan."""
    monkeypatch.setattr(zfs_tool, "available", lambda: False)


ADMIN_SMB_CONF = """\
# The admin's own file: comments, odd spacing and shares must survive byte for byte.
[global]
   workgroup = WORKGROUP
   server string = %h server
;  interfaces = 127.0.0.0/8 eth0

[admins-own]
   path = /srv/own
   read only = yes
"""
