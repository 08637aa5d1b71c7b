"""Fault injection through the real CLI: run a command with a fault at each of its steps."""

from __future__ import annotations

import subprocess
from typing import Callable, Optional

from .clihost import CliHost

Check = Callable[[int, subprocess.CompletedProcess[str]], None]


def each_step(host: CliHost, args: list[str], env_name: str, rolled_back: Check,
              finished: Optional[Check] = None) -> int:
    """Run ARGS with a fault at step 1, 2, … until it succeeds; returns the step count.

    A fault before the point of no return must roll back (ROLLED_BACK checks it); one
    after it must be finished by the next command (FINISHED checks and re-arranges)."""
    step = 1
    while True:
        proc = host.cli(*args, env={env_name: str(step)}, check=None)
        if proc.returncode == 0:
            return step - 1
        if "point of no return" in proc.stderr:
            assert finished is not None, proc.stderr
            finished(step, proc)
        else:
            rolled_back(step, proc)
        step += 1
        assert step < 40, "runaway plan"
