"""A task's worker process: runs one command, copies its output to the task log (its own
stdout) and ends the log with `TASK OK` or `TASK ERROR: msg`, as PVE's fork_worker does.

The UPID names this process, so the task stays `running` until the last line is written.
"""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Optional, Sequence

from ..pve.tasks import result_line

_ERROR = re.compile(r"^[\w.-]+: error: (.*)$")


def main(argv: Optional[Sequence[str]] = None) -> int:
    """python3 -m pvesmbgw.api.worker COMMAND...: stdin is passed on (secrets)."""
    words = list(sys.argv[1:] if argv is None else argv)
    out = sys.stdout.buffer
    if not words:
        out.write(result_line("worker: no command"))
        return 2
    error: Optional[str] = None
    try:
        # Not core.runner: the log must show each line as the command writes it (PVE's
        # task viewer follows it), and Runner.run returns the output only at the end.
        proc = subprocess.Popen(words, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    except OSError as exc:
        out.write(result_line(f"cannot run {words[0]}: {exc.strerror}"))
        return 1
    assert proc.stdout is not None
    for raw in proc.stdout:
        out.write(raw)
        out.flush()
        m = _ERROR.match(raw.decode(errors="replace").rstrip("\n"))
        if m:
            error = m.group(1)
    code = proc.wait()
    if code != 0:
        error = error or f"command failed: exit code {code}"
    out.write(result_line(error if code != 0 else None))
    out.flush()
    return 0 if code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
