"""Journal records of AD membership steps.

Leaving the domain needs the joining account's password, which must never reach the
journal: the join hands it to its transaction as a secret (Context.secrets, memory
only), for an in-process rollback. A rollback after a crash (the password is gone)
leaves the computer account in AD; the files restored by the journal already make the
host a non-member again.
"""

from __future__ import annotations

import errno
import logging
import os
from dataclasses import dataclass
from typing import Optional

from ...core.errors import CommandError
from ...core.records import Context, Record, register
from ...pve.channel import channel
from ...tools.net import NetAds
from ...pve.records import stop_ct
from ...tools.pct import Pct
from ..gateways.guest import SMB_CONF
from .guest_runner import ChannelRunner
from .services import WinbindService

log = logging.getLogger(__name__)


@register("ad_leave")
@dataclass(frozen=True)
class AdLeave(Record):
    """Leave the domain joined as USER: on the host, or in guest VMID reached through
    channel GUEST ("pct"/"qm"). The password is the transaction's secret named USER."""

    user: str
    guest: Optional[str] = None
    vmid: Optional[int] = None

    def apply(self, ctx: Context) -> None:
        password = ctx.secrets.get(self.user)
        if password is None:
            log.warning("rollback: no password in memory to delete the computer account; "
                        "it stays in the domain (remove it there, or rejoin)")
            return
        if self.guest is not None:
            # A gateway's join: leave from inside that guest.
            ch = channel(self.guest, ctx.runner, int(str(self.vmid)))
            if ch.state() != "running":
                log.warning("rollback: %s is not running; its computer account stays in "
                            "the domain", ch.label)
                return
            net = NetAds(ChannelRunner(ch), SMB_CONF)
        else:
            net = NetAds(ctx.runner, str(ctx.cfg.samba_conf))
        if not net.testjoin()[0]:
            return  # the join step never got as far as joining
        try:
            net.leave(self.user, password)
        except CommandError as exc:
            log.warning("rollback: net ads leave failed: %s", exc)


@register("ad_winbind_stop")
@dataclass(frozen=True)
class AdWinbindStop(Record):
    def apply(self, ctx: Context) -> None:
        try:
            WinbindService(ctx.cfg, ctx.runner).stop()
        except CommandError as exc:
            log.warning("rollback: stopping winbindd failed: %s", exc)


@register("ad_ct_restart")
@dataclass(frozen=True)
class AdCtRestart(Record):
    """Restart a gateway container so that its restored id map applies."""

    vmid: int

    def apply(self, ctx: Context) -> None:
        if stop_ct(ctx, self.vmid):
            ctx.runner.run(Pct(ctx.runner).start_argv(self.vmid), mutating=True, timeout=120)


# What Samba writes besides the NT ACL when it maps one to the file system: the POSIX
# ACLs (access and default) and its "protected/auto-inherited" mark.
POSIX_ACL_XATTRS = ("system.posix_acl_access", "system.posix_acl_default", "user.SAMBA_PAI")


@register("clear_nt_acl")
@dataclass(frozen=True)
class ClearNtAcl(Record):
    """Take an initial ACL off PATH (a host path): the NT ACL kept in XATTR, the POSIX
    ACLs it was mapped to, and the mode bits back to MODE. A PATH already gone (its
    volume removed) is fine."""

    path: str
    xattr: str
    mode: Optional[int] = None

    def apply(self, ctx: Context) -> None:
        for name in (self.xattr, *POSIX_ACL_XATTRS):
            try:
                os.removexattr(self.path, name)
            except FileNotFoundError:
                return
            except OSError as exc:
                if exc.errno != errno.ENODATA:
                    raise
        if self.mode is not None:
            os.chmod(self.path, self.mode)
