"""Entry-point plumbing shared by the simulated tools (pct, pveam, pvesh)."""

from __future__ import annotations

import sys
import time
from typing import Callable, List, Optional

from simcommon import files

from ..model.state import State, StateError
from ..util import PveError, TaskFailed, err, out


class Ctx:
    """Per-invocation context: state, stdout/stderr writers, warnings."""

    def __init__(self, st: State, tool: str) -> None:
        self.st = st
        self.tool = tool

    def out(self, text: str) -> None:
        out(text)

    def err(self, text: str) -> None:
        err(text)

    def warn(self, text: str) -> None:
        err(text if text.endswith("\n") else text + "\n")


def run_task(ctx: Ctx, func: Callable[[], None], upid_exit: bool = True) -> int:
    """Run a fork_worker task in the foreground.

    Task output is on stdout; on failure only the final error text goes to stderr.
    Commands wired to $upid_exit exit 255 on failure; others exit 0 regardless.
    """
    try:
        func()
    except TaskFailed as exc:
        msg = exc.msg.rstrip("\n").replace("\n", " ")
        err(msg + "\n")
        return 255 if upid_exit else 0
    except PveError as exc:
        msg = exc.render().rstrip("\n").replace("\n", " ")
        err(msg + "\n")
        return 255 if upid_exit else 0
    return 0


def tool_main(tool: str, argv: Optional[List[str]], handler: Callable[[Ctx, List[str]], int]) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        st = State.from_env()
    except StateError as exc:
        err(str(exc) + "\n")
        return 2
    ctx = Ctx(st, tool)
    rc = 255
    started = time.time()
    try:
        rc = handler(ctx, args)
    except PveError as exc:
        if exc.stdout:
            out(exc.stdout)
        err(exc.render())
        rc = exc.exit_code
    except TaskFailed as exc:
        err(exc.msg if exc.msg.endswith("\n") else exc.msg + "\n")
        rc = 255
    except BrokenPipeError:
        rc = 141
    except KeyboardInterrupt:
        rc = 130
    finally:
        files.log_call(st.p("calls.log"), tool, args, rc, started)
    return rc


def unknown_command(tool: str, cmd: Optional[str], commands: List[str]) -> PveError:
    head = "ERROR: no command specified" if cmd is None else f"ERROR: unknown command '{tool} {cmd}'"
    lines = [head, f"USAGE: {tool} <COMMAND> [ARGS] [OPTIONS]"]
    for c in sorted(commands):
        lines.append(f"       {tool} {c}")
    return PveError("\n".join(lines) + "\n")
