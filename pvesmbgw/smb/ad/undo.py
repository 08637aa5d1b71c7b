"""Journal record handlers for AD steps (registered with undo.Undoer).

Leaving the domain needs the joining account's password, which must never reach the
journal: it stays in this process's memory for an in-process rollback only. A rollback
after a crash (the password is gone) leaves the computer account in AD; the files
restored by the journal already make the host a non-member again.
"""

from __future__ import annotations

import logging
from typing import Callable

from ...core.config import Config
from ...core.errors import CommandError
from ...core.runner import Runner
from ...tools.net import NetAds
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
        if "guest" in record:
            # A gateway's join: leave from inside that guest.
            from ...pve.channel import channel
            from .gateway import SMB_CONF
            from .guest_runner import ChannelRunner
            ch = channel(str(record["guest"]), runner, int(str(record["vmid"])))
            if ch.state() != "running":
                log.warning("rollback: %s is not running; its computer account stays in "
                            "the domain", ch.label)
                return
            net = NetAds(ChannelRunner(ch), SMB_CONF)
        else:
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

    def ad_ct_restart(record: dict[str, object]) -> None:
        """Restart a gateway container so that its restored id map applies."""
        from ...tools.pct import Pct
        pct = Pct(runner)
        vmid = int(str(record["vmid"]))
        state = pct.state(vmid)
        if state is None:
            return
        if state == "running":
            runner.run(pct.stop_argv(vmid), mutating=True, timeout=120)
        runner.run(pct.start_argv(vmid), mutating=True, timeout=120)

    return {"ad_leave": ad_leave, "ad_winbind_stop": ad_winbind_stop,
            "ad_ct_restart": ad_ct_restart}
