"""Journal record handlers for AD steps (registered with undo.Undoer).

Leaving the domain needs the joining account's password, which must never reach the
journal: it stays in this process's memory for an in-process rollback only. A rollback
after a crash (the password is gone) leaves the computer account in AD; the files
restored by the journal already make the host a non-member again.
"""

from __future__ import annotations

import logging
from typing import Callable

from ..config import Config
from ..errors import CommandError
from ..runner import Runner
from ..tools.net import NetAds
from .services import WinbindService

log = logging.getLogger(__name__)

_passwords: dict[str, str] = {}


def remember_password(user: str, password: str) -> None:
    _passwords[user] = password


def forget_passwords() -> None:
    _passwords.clear()


def handlers(cfg: Config, runner: Runner) -> dict[str, Callable[[dict[str, object]], None]]:
    def ad_leave(record: dict[str, object]) -> None:
        user = str(record["user"])
        password = _passwords.get(user)
        if password is None:
            log.warning("rollback: no password in memory to delete the computer account; "
                        "it stays in the domain (remove it there, or rejoin)")
            return
        net = NetAds(runner, str(cfg.samba_conf))
        if not net.testjoin()[0]:
            return  # the join step never got as far as joining
        try:
            net.leave(user, password)
        except CommandError as exc:
            log.warning("rollback: net ads leave failed: %s", exc)

    def ad_winbind_stop(record: dict[str, object]) -> None:
        try:
            WinbindService(cfg, runner).stop()
        except CommandError as exc:
            log.warning("rollback: stopping winbindd failed: %s", exc)

    return {"ad_leave": ad_leave, "ad_winbind_stop": ad_winbind_stop}
