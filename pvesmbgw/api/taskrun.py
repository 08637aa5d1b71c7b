"""Run a command as a PVE task: the worker process, its UPID, log and 'active' entry."""

from __future__ import annotations

import os
import pwd
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Optional, Sequence

from ..core.i18n import _
from ..pve import tasks
from ..pve.tasks import TaskError, Upid


def _log_owner(fd: int) -> None:
    """PVE's task logs belong to www-data (pveproxy reads them); kept as is without it."""
    try:
        os.fchown(fd, pwd.getpwnam("www-data").pw_uid, -1)
    except (KeyError, PermissionError):
        pass


def start(root: Path, node: str, kind: str, ident: str, user: str, argv: Sequence[str],
          stdin: Optional[bytes] = None, env: Optional[dict[str, str]] = None,
          done: Optional[Callable[[], None]] = None) -> str:
    """Start ARGV as task KIND of IDENT for USER; its UPID. DONE runs after it ended."""
    starttime = int(time.time())
    log = tasks.new_log(root, starttime)
    _log_owner(log.fileno())
    try:
        # Not core.runner: a task outlives the request that started it (its own session,
        # its output straight into the log, reaped by a thread), which Runner.run, waiting
        # for its child, cannot do.
        proc = subprocess.Popen([sys.executable, "-m", "pvesmbgw.api.worker", *argv],
                                stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT,
                                env=env, start_new_session=True)
    except OSError as exc:
        log.close()
        raise TaskError(_("cannot start the task: {strerror}").format(strerror=exc.strerror)) from None
    pstart = tasks.process_start(proc.pid)
    upid = str(Upid(node, proc.pid, pstart or 0, starttime, kind, ident, user))
    tasks.name_log(root, log, upid)
    log.close()
    tasks.active_workers(root, upid, nocheck=True)
    assert proc.stdin is not None
    try:
        proc.stdin.write(stdin or b"")
        proc.stdin.close()
    except BrokenPipeError:
        pass

    def reap() -> None:
        proc.wait()
        try:
            if done is not None:
                done()
        finally:
            tasks.active_workers(root)
    threading.Thread(target=reap, name=f"task-{proc.pid}", daemon=True).start()
    return upid
