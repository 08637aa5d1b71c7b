"""Shares that act as their volume's owner: a service's data volume (`pve-svc share`).

The volume belongs on the host to the service's user as its guest maps it (www-data of
an unprivileged container is host uid 100033; a VM's, over virtiofs, is 33). Its smbd
serves it with `force user`/`force group` of an account with exactly those ids, so
every file a client writes is the service's own, and every file the service writes is
one the client can change: no ACL to keep in step, and no file the service finds owned
by a stranger (a Windows user's uid, which its container would show as nobody).

Samba takes names there, not numbers. On the host an existing account with the id is
used as it is; else one is created, named `pvesmbgw-u<uid>` (group `pvesmbgw-g<gid>`),
and removed with the last share that uses it (never one of someone else's). A gateway
container is ours as a whole: the ids as its id map shows them get an account of that
name there (--non-unique: its own www-data may hold the id already).
"""

from __future__ import annotations

import re

from ..core.errors import ValidationError
from ..core.i18n import _
from ..core.runner import Runner
from ..core.txn import Step, command_step, deferred_step
from ..pve import usermap
from ..pve.channel import GuestChannel
from ..tools import accounts
from .accounts import GroupDel, UserDel
from .registry import Gateway, Registry, ServiceLink, Share

# An account name smb.conf can hold as it is (no list separator, quote or %).
_SAFE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}")


def user_name(uid: int) -> str:
    return f"pvesmbgw-u{uid}"


def group_name(gid: int) -> str:
    return f"pvesmbgw-g{gid}"


def _usable(name: str, what: str) -> str:
    if not _SAFE_NAME.fullmatch(name):
        raise ValidationError("volume", _("the volume's {what} is named {name!r}, which "
                              "smb.conf's force user/group cannot hold").format(what=what, name=name))
    return name


def _refuse_root(link: ServiceLink) -> None:
    if link.uid == 0 or link.gid == 0:
        # Every client would act as root inside the share.
        raise ValidationError("volume", _("{instance}'s volume {volume} belongs to "
                              "root on the host; it is not shared as its owner").format(instance=link.instance, volume=link.volume))


def host_steps(runner: Runner, link: ServiceLink) -> tuple[str, str, list[Step]]:
    """(user, group) the host's smbd acts as for LINK's volume, and the steps creating
    the ones that do not exist yet."""
    _refuse_root(link)
    steps: list[Step] = []
    group = accounts.group_of(link.gid)
    if group is None:
        group = group_name(link.gid)
        steps.append(command_step(runner, f"create group {group} (gid {link.gid}, the "
                                  f"service's group on the host)",
                                  accounts.groupadd_argv(group, link.gid), GroupDel(group)))
    user = accounts.user_of(link.uid)
    if user is None:
        user = user_name(link.uid)
        steps.append(command_step(runner, f"create account {user} (uid {link.uid}, the "
                                  f"service's user on the host)",
                                  accounts.useradd_argv(user, link.uid, group), UserDel(user)))
    return _usable(user, "owner"), _usable(group, "group"), steps


def host_release_steps(share: Share, rest: Registry, node: str) -> list[Step]:
    """Deferred steps removing the accounts SHARE (native, going away) had created, when
    no native share of NODE left in REST acts as them."""
    others = [s for s in rest.native_shares(node) if s.name != share.name]
    link = share.service
    if link is None:
        return []
    steps = []
    if share.force_user == user_name(link.uid) and \
            not any(s.force_user == share.force_user for s in others):
        steps.append(deferred_step(f"remove account {share.force_user}",
                                   UserDel(share.force_user),
                                   [f"run: {' '.join(accounts.userdel_argv(share.force_user))}"]))
    if share.force_group == group_name(link.gid) and \
            not any(s.force_group == share.force_group for s in others):
        steps.append(deferred_step(f"remove group {share.force_group}",
                                   GroupDel(share.force_group),
                                   [f"run: {' '.join(accounts.groupdel_argv(share.force_group))}"]))
    return steps


def guest_ids(ranges: list[usermap.IdRange], link: ServiceLink) -> tuple[int, int]:
    """LINK's host ids as a gateway container with the id map RANGES sees them."""
    _refuse_root(link)
    uid = usermap.ct_id(ranges, "u", link.uid)
    gid = usermap.ct_id(ranges, "g", link.gid)
    if uid == 0 or gid == 0:
        raise ValidationError("volume", _("{instance}'s volume {volume} belongs to "
                              "its container's root; it is not shared as its owner").format(instance=link.instance, volume=link.volume))
    if uid is None or gid is None:
        raise ValidationError("mode", _("{instance}'s volume {volume} belongs to "
                              "host uid {uid}, gid {gid}, which a gateway "
                              "container cannot map (a VM's volume?): share it natively "
                              "(svc_share_mode = native)").format(instance=link.instance, volume=link.volume, uid=link.uid, gid=link.gid))
    return uid, gid


def guest_steps(ch: GuestChannel, reg: Registry, gw: Gateway, share: Share, uid: int,
                gid: int) -> list[Step]:
    """The steps creating SHARE's accounts, for ids UID and GID as gateway GW sees them,
    in its guest CH, unless another share of REG on GW has them already."""
    others = [s for s in reg.shares_on(gw.id) if s.name != share.name]
    steps = []
    if not any(s.force_group == share.force_group for s in others):
        steps.append(ch.exec_step(f"create group {share.force_group} in {ch.label}",
                                  ["groupadd", "--non-unique", "--gid", str(gid),
                                   share.force_group],
                                  ch.exec_record(["groupdel", share.force_group])))
    if not any(s.force_user == share.force_user for s in others):
        steps.append(ch.exec_step(f"create account {share.force_user} in {ch.label}",
                                  ["useradd", "--non-unique", "--uid", str(uid), "--gid",
                                   share.force_group, "--no-create-home", "--shell",
                                   "/usr/sbin/nologin", share.force_user],
                                  ch.exec_record(["userdel", share.force_user])))
    return steps


def guest_release_steps(ch: GuestChannel, share: Share, rest: Registry,
                        gw: Gateway) -> list[Step]:
    """Deferred steps removing SHARE's accounts from gateway GW's guest CH when no share
    left on it in REST acts as them (a destroyed gateway takes them along)."""
    others = [s for s in rest.shares_on(gw.id) if s.name != share.name]
    cmds = []
    if share.force_user and not any(s.force_user == share.force_user for s in others):
        cmds.append(["userdel", share.force_user])
    if share.force_group and not any(s.force_group == share.force_group for s in others):
        cmds.append(["groupdel", share.force_group])
    return [deferred_step(f"remove {' '.join(cmd)} in {ch.label}", ch.exec_record(cmd),
                          [f"run: {' '.join(ch.exec_argv(cmd))}"]) for cmd in cmds]
