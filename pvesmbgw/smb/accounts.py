"""Journal records of the accounts shares use: the share group, Unix accounts and
Samba users. Each checks that the account is still there before it removes it."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.records import Context, Record, register
from ..tools import accounts
from ..tools.samba import SambaTools


@register("groupdel")
@dataclass(frozen=True)
class GroupDel(Record):
    group: str

    def apply(self, ctx: Context) -> None:
        if accounts.group_gid(self.group) is not None:
            ctx.run(accounts.groupdel_argv(self.group))


@register("userdel")
@dataclass(frozen=True)
class UserDel(Record):
    user: str

    def apply(self, ctx: Context) -> None:
        if accounts.user_exists(self.user):
            ctx.run(accounts.userdel_argv(self.user))


@register("group_remove_member")
@dataclass(frozen=True)
class GroupRemoveMember(Record):
    user: str
    group: str

    def apply(self, ctx: Context) -> None:
        if self.user in accounts.group_members(self.group):
            ctx.run(accounts.remove_from_group_argv(self.user, self.group))


@register("smb_user_del")
@dataclass(frozen=True)
class SmbUserDel(Record):
    """Remove USER from the host's Samba passdb."""

    user: str

    def apply(self, ctx: Context) -> None:
        tools = SambaTools(ctx.runner, ctx.cfg.samba_conf)
        if self.user in tools.users():
            ctx.run(tools.user_del_argv(self.user))
