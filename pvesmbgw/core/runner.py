"""The only place that starts processes.

Commands are argv lists, found on PATH (so a simulator first on PATH can stand in),
each with an absolute timeout that kills the child. Secrets travel on stdin and are
redacted from logs. In dry-run mode mutating commands are reported, not run;
read-only commands still run so the plan stays accurate.
"""

from __future__ import annotations

import logging
import os
import shlex
import time
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

from .errors import CommandError, CommandTimeout

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 120.0
# Bench and tests set this to a file path to count the processes a command spawns.
TRACE_ENV = "PVESMBGW_TRACE_SPAWNS"


@dataclass(frozen=True)
class Result:
    argv: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    duration: float


class Runner:
    """Runs commands; one instance per CLI invocation."""

    def __init__(self, dry_run: bool = False, timeout: float = DEFAULT_TIMEOUT,
                 report: Optional[Callable[[str], None]] = None) -> None:
        self.dry_run = dry_run
        self.timeout = timeout
        self.report = report or (lambda line: None)

    def run(self, argv: Sequence[str], *, mutating: bool, input: Optional[str] = None,
            ok_codes: Sequence[int] = (0,), timeout: Optional[float] = None,
            secret: bool = False, cwd: Optional[str] = None,
            env: Optional[dict[str, str]] = None) -> Result:
        """Run ARGV and return its Result; raise CommandError unless its exit code is ok.

        secret=True means INPUT holds a secret: it is never logged or echoed.
        ENV adds variables to the child's environment (never secrets).
        """
        args = tuple(str(a) for a in argv)
        shown = shlex.join(args)
        if mutating and self.dry_run:
            self.report(f"would run: {shown}" + (" (secret on stdin)" if secret else ""))
            return Result(args, 0, "", "", 0.0)
        limit = self.timeout if timeout is None else timeout
        log.debug("running: %s", shown)
        _trace(args, mutating)
        # Imported on the first spawn: read-only commands such as `list` start none.
        import subprocess
        start = time.monotonic()
        try:
            proc = subprocess.Popen(
                args, stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd,
                # Python's view of the environment, not the C one: libraries loaded
                # in-process (Samba's) may setenv() things no child should inherit.
                env={**os.environ, **(env or {})})
        except OSError as exc:
            raise CommandError(args, 127, "", f"cannot execute {args[0]}: {exc.strerror}") from None
        try:
            out, err = proc.communicate(input, timeout=limit)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            log.warning("%s did not finish within %ss and was killed", args[0], limit)
            raise CommandTimeout(args, -9, out, err + f"\ntimed out after {limit}s") from None
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        result = Result(args, proc.returncode, out, err, time.monotonic() - start)
        if proc.returncode not in ok_codes:
            log.debug("failed (%s): %s: %s", proc.returncode, shown, err.strip())
            raise CommandError(args, proc.returncode, out, err)
        return result


def _trace(args: tuple[str, ...], mutating: bool) -> None:
    path = os.environ.get(TRACE_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(("M " if mutating else "R ") + shlex.join(args) + "\n")
