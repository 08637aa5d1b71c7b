"""How the agent reaches inside a gateway guest: run a command, write a file, read one.

A container is reached with `pct exec/push/pull`; a VM through its QEMU guest agent
with `qm guest exec`. The two differ in one way that matters: `qm` exits 0 whatever
the guest command returned, so the exit code is read from the JSON it prints.
Their records name the channel kind ("pct_exec"/"qm_exec", "pct_push"/"qm_push"), so
a rollback reaches the guest the same way the change did.
"""

from __future__ import annotations

import logging
import shlex
import tempfile
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from ..core.errors import CommandError
from ..core.records import Context, Record, register
from ..core.runner import Runner
from ..tools.pct import Pct
from ..tools.qm import Qm, parse_exec
from ..core.txn import Step

log = logging.getLogger(__name__)

# `qm guest exec` waits this long by default; installing packages needs more.
EXEC_TIMEOUT = 120


class GuestChannel(ABC):
    kind: str  # "pct" or "qm": the prefix of this channel's record kinds
    noun: str  # "CT" or "VM"

    def __init__(self, runner: Runner, vmid: int) -> None:
        self.runner = runner
        self.vmid = vmid

    @property
    def label(self) -> str:
        return f"{self.noun} {self.vmid}"

    @abstractmethod
    def state(self) -> Optional[str]:
        """'running', 'stopped', … or None when the guest does not exist."""

    @abstractmethod
    def exec_argv(self, command: Sequence[str], timeout: int = EXEC_TIMEOUT) -> list[str]:
        """The host command that runs COMMAND in the guest (shown in plans)."""

    @abstractmethod
    def run(self, command: Sequence[str], *, mutating: bool, ok_codes: Sequence[int] = (0,),
            timeout: int = EXEC_TIMEOUT, env: Optional[dict[str, str]] = None,
            input: Optional[str] = None, secret: bool = False) -> tuple[int, str]:
        """Run COMMAND in the guest: (its exit code, its stdout). CommandError otherwise.
        INPUT goes to the command's stdin; secret=True keeps it out of logs."""

    @abstractmethod
    def write_step(self, title: str, local: str, dest: str, perms: str,
                   undo: Optional[Record]) -> Step:
        """A step copying the local file LOCAL (read when the step runs) to DEST."""

    @abstractmethod
    def write(self, dest: str, text: str, perms: str) -> None:
        """Write TEXT to DEST in the guest now (used by rollback)."""

    def read(self, path: str) -> Optional[str]:
        """PATH's content in the guest, or None when it does not exist."""
        code, out = self.run(["cat", path], mutating=False, ok_codes=(0, 1))
        return out if code == 0 else None

    def exec_step(self, title: str, command: Sequence[str],
                  undo: Optional[Record] = None, timeout: int = EXEC_TIMEOUT) -> Step:
        cmd = list(command)
        return Step(title, lambda: self.run(cmd, mutating=True, timeout=timeout), undo,
                    [f"run: {shlex.join(self.exec_argv(cmd, timeout))}"])

    def exec_record(self, command: Sequence[str]) -> "GuestExec":
        cls = PctExec if self.kind == "pct" else QmExec
        return cls(self.vmid, tuple(command))

    def push_record(self, dest: str, data: str, perms: str) -> "GuestPush":
        cls = PctPush if self.kind == "pct" else QmPush
        return cls(self.vmid, dest, perms, data)


class CtChannel(GuestChannel):
    kind = "pct"
    noun = "CT"

    def __init__(self, runner: Runner, vmid: int) -> None:
        super().__init__(runner, vmid)
        self.pct = Pct(runner)

    def state(self) -> Optional[str]:
        return self.pct.state(self.vmid)

    def exec_argv(self, command: Sequence[str], timeout: int = EXEC_TIMEOUT) -> list[str]:
        return self.pct.exec_argv(self.vmid, command)

    def run(self, command: Sequence[str], *, mutating: bool, ok_codes: Sequence[int] = (0,),
            timeout: int = EXEC_TIMEOUT, env: Optional[dict[str, str]] = None,
            input: Optional[str] = None, secret: bool = False) -> tuple[int, str]:
        # `pct exec` hands its stdin to the command (lxc-attach), so a secret can travel
        # there, as on the host.
        res = self.runner.run(self.exec_argv(command), mutating=mutating, ok_codes=ok_codes,
                              timeout=timeout, env=env, input=input, secret=secret)
        return res.returncode, res.stdout

    def read(self, path: str) -> Optional[str]:
        with tempfile.TemporaryDirectory(prefix="pvesmbgw-pull-") as tmp:
            local = Path(tmp) / "file"
            self.runner.run(["pct", "pull", str(self.vmid), path, str(local)], mutating=False)
            return local.read_text() if local.exists() else None

    def write_step(self, title: str, local: str, dest: str, perms: str,
                   undo: Optional[Record]) -> Step:
        argv = self.pct.push_argv(self.vmid, local, dest, perms)
        return Step(title, lambda: self._push(argv), undo, [f"run: {shlex.join(argv)}"])

    def write(self, dest: str, text: str, perms: str) -> None:
        with tempfile.NamedTemporaryFile("w", prefix="pvesmbgw-undo-") as fh:
            fh.write(text)
            fh.flush()
            self._push(self.pct.push_argv(self.vmid, fh.name, dest, perms))

    def _push(self, argv: list[str]) -> None:
        # `pct push` runs as a task whose failure does not reach its exit status (it is
        # not wired to upid_exit): it exits 0 having printed why, and prints nothing
        # when it worked.
        res = self.runner.run(argv, mutating=True)
        if res.stderr.strip():
            raise CommandError(res.argv, 0, res.stdout, res.stderr)


class VmChannel(GuestChannel):
    kind = "qm"
    noun = "VM"

    def __init__(self, runner: Runner, vmid: int) -> None:
        super().__init__(runner, vmid)
        self.qm = Qm(runner)

    def state(self) -> Optional[str]:
        return self.qm.state(self.vmid)

    def exec_argv(self, command: Sequence[str], timeout: int = EXEC_TIMEOUT) -> list[str]:
        return self.qm.exec_argv(self.vmid, list(command), timeout=timeout)

    def run(self, command: Sequence[str], *, mutating: bool, ok_codes: Sequence[int] = (0,),
            timeout: int = EXEC_TIMEOUT, env: Optional[dict[str, str]] = None,
            input: Optional[str] = None, secret: bool = False) -> tuple[int, str]:
        if env:
            # The guest agent runs commands with the agent's environment; `env` is a
            # program every Debian guest has.
            command = ["env", *(f"{k}={v}" for k, v in env.items()), *command]
        argv = self.qm.exec_argv(self.vmid, list(command), stdin=input is not None,
                                 timeout=timeout)
        res = self.runner.run(argv, mutating=mutating, input=input, secret=secret,
                              timeout=timeout + 30)
        if mutating and self.runner.dry_run:
            return 0, ""
        got = parse_exec(res.stdout)
        if got.exitcode is None:
            raise CommandError(argv, -1, got.out, got.err or
                               f"no result from the guest within {timeout}s")
        if got.exitcode not in ok_codes:
            raise CommandError(argv, got.exitcode, got.out, got.err)
        return got.exitcode, got.out

    def write_step(self, title: str, local: str, dest: str, perms: str,
                   undo: Optional[Record]) -> Step:
        return Step(title, lambda: self.write(dest, Path(local).read_text(), perms), undo,
                    [f"run: {shlex.join(self.qm.exec_argv(self.vmid, ['tee', dest], True))}"
                     f" < {local}", f"run: chmod {perms} {dest} (in VM {self.vmid})"])

    def write(self, dest: str, text: str, perms: str) -> None:
        # The mode is set on an empty file first, so a private file (password hashes)
        # never holds data while it is readable by others.
        secret = perms != "0644"
        if secret:
            self.run(["tee", dest], mutating=True, input="")
            self.run(["chmod", perms, dest], mutating=True)
        self.run(["tee", dest], mutating=True, input=text, secret=secret)
        if not secret:
            self.run(["chmod", perms, dest], mutating=True)


def channel(kind: str, runner: Runner, vmid: int) -> GuestChannel:
    """The channel for a gateway of KIND ('lxc' or 'vm'), or an undo record prefix."""
    if kind in ("lxc", "pct"):
        return CtChannel(runner, vmid)
    if kind in ("vm", "qm"):
        return VmChannel(runner, vmid)
    raise ValueError(f"no guest channel for {kind!r}")


# -- records: reach the guest the way the change did ---------------------------------


@dataclass(frozen=True)
class GuestPush(Record):
    """Write DATA to DEST in a running guest (a file's old content, on rollback)."""

    vmid: int
    dest: str
    perms: str
    data: str

    def apply(self, ctx: Context) -> None:
        ch = channel(self.kind.split("_")[0], ctx.runner, self.vmid)
        if ch.state() == "running":
            ch.write(self.dest, self.data, self.perms)


@dataclass(frozen=True)
class GuestExec(Record):
    """Run COMMAND in a running guest; on rollback a failure is only logged."""

    vmid: int
    command: tuple[str, ...]

    def apply(self, ctx: Context) -> None:
        ch = channel(self.kind.split("_")[0], ctx.runner, self.vmid)
        if ch.state() == "running":
            try:
                ch.run(list(self.command), mutating=True)
            except CommandError as exc:
                log.warning("rollback: %s in %s failed: %s", list(self.command), ch.label,
                            exc)


@register("pct_push")
@dataclass(frozen=True)
class PctPush(GuestPush):
    pass


@register("qm_push")
@dataclass(frozen=True)
class QmPush(GuestPush):
    pass


@register("pct_exec")
@dataclass(frozen=True)
class PctExec(GuestExec):
    pass


@register("qm_exec")
@dataclass(frozen=True)
class QmExec(GuestExec):
    pass
