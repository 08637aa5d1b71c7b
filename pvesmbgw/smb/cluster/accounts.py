"""The Unix side of the share users on every node of a CTDB cluster.

Samba's passdb is clustered by CTDB, so a password set on one node works on all; the
Unix accounts behind it are each node's own. A member node's reconcile makes them
match the registry: the share group with the registry's gid, every user with the same
uid and the share group. What a node created itself is listed in its own record
(state_dir/accounts.json), so that a `user del` on another node removes it here too,
and nothing the administrator made is ever removed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ...core import fsutil
from ...core.config import Config
from ...core.i18n import _
from ...core.runner import Runner
from ...core.txn import Step, command_step, deferred_step, file_step
from ...tools import accounts
from ..accounts import GroupDel, GroupRemoveMember, UserDel
from ..registry import Registry

Drift = list[dict[str, str]]


@dataclass(frozen=True)
class LocalAccounts:
    """What pvesmbgw changed in this node's account database."""

    # user name -> uid of the Unix accounts pvesmbgw created here
    users: dict[str, int] = field(default_factory=dict)
    # existing accounts pvesmbgw put into the share group here
    members: tuple[str, ...] = ()

    def dumps(self) -> bytes:
        return (json.dumps({"users": dict(sorted(self.users.items())),
                            "members": sorted(self.members)}, indent=1) + "\n").encode()

    def with_user(self, name: str, uid: int) -> "LocalAccounts":
        return replace(self, users={**self.users, name: uid})

    def with_member(self, name: str) -> "LocalAccounts":
        return replace(self, members=tuple(sorted(set(self.members) | {name})))

    def without(self, name: str) -> "LocalAccounts":
        return LocalAccounts({k: v for k, v in self.users.items() if k != name},
                             tuple(m for m in self.members if m != name))


def record_path(cfg: Config) -> Path:
    return cfg.state_dir / "accounts.json"


def load_local(cfg: Config) -> LocalAccounts:
    raw = fsutil.read_bytes(record_path(cfg))
    if raw is None:
        return LocalAccounts()
    try:
        data: dict[str, Any] = json.loads(raw)
        return LocalAccounts({str(k): int(v) for k, v in data["users"].items()},
                             tuple(str(m) for m in data["members"]))
    except (ValueError, KeyError, TypeError, AttributeError):
        # A damaged record only forgets what to remove later: never a reason to stop.
        return LocalAccounts()


def record_step(cfg: Config, new: LocalAccounts) -> Step:
    """Write NEW; an empty record is no file (nothing left behind once all are gone)."""
    data = new.dumps() if new != LocalAccounts() else None
    return file_step(record_path(cfg), data, "record the accounts pvesmbgw made on this "
                     "node", 0o600)


def sync(cfg: Config, runner: Runner, reg: Registry) -> tuple[Drift, list[Step]]:
    """How this node's accounts differ from REG's users, and the steps that fix it
    (removals last: they cannot be undone)."""
    group = cfg.share_group
    drift: Drift = []
    steps: list[Step] = []
    final: list[Step] = []
    old = load_local(cfg)
    mine = old
    gid = accounts.group_gid(group)
    if reg.users and gid is None:
        if reg.share_gid is None:
            return [{"share": "", "what": "share_group", "detail": _("group {group} is "
                     "missing and the registry records no gid for it; run `user add` "
                     "on the node that made the users").format(group=group)}], []
        drift.append({"share": "", "what": "share_group",
                      "detail": _("group {group} (gid {share_gid}) is missing").format(group=group, share_gid=reg.share_gid)})
        steps.append(command_step(runner, f"create group {group}",
                                  accounts.groupadd_argv(group, reg.share_gid),
                                  GroupDel(group)))
        gid = reg.share_gid
    elif gid is not None and reg.share_gid is not None and gid != reg.share_gid:
        drift.append({"share": "", "what": "share_group",
                      "detail": _("group {group} has gid {gid} here, {share_gid} on the "
                                "node that made it; files written here get another group "
                                "(not fixed automatically: change it with groupmod)").format(group=group, gid=gid, share_gid=reg.share_gid)})
    members = set(accounts.group_members(group)) if gid is not None else set()
    for user in sorted(reg.users.values(), key=lambda u: u.name):
        uid = accounts.user_uid(user.name)
        if uid is None:
            if user.uid is None:
                continue
            drift.append({"share": "", "what": "account",
                          "detail": _("Unix account {name} (uid {uid}) is missing").format(name=user.name, uid=user.uid)})
            steps.append(command_step(runner, f"create Unix account {user.name}",
                                      accounts.useradd_argv(user.name, user.uid, group),
                                      UserDel(user.name)))
            mine = mine.with_user(user.name, user.uid)
        elif user.uid is not None and uid != user.uid:
            drift.append({"share": "", "what": "account",
                          "detail": _("{name} has uid {uid} here, {registry_uid} in the "
                                    "registry (not fixed automatically)").format(name=user.name, uid=uid, registry_uid=user.uid)})
        elif user.name not in members and accounts.primary_gid(user.name) != gid:
            drift.append({"share": "", "what": "group_member",
                          "detail": _("{name} is not in group {group}").format(name=user.name, group=group)})
            steps.append(command_step(runner, f"add {user.name} to group {group}",
                                      accounts.add_to_group_argv(user.name, group),
                                      GroupRemoveMember(user.name, group)))
            mine = mine.with_member(user.name)
    for name, uid in sorted(old.users.items()):
        if name not in reg.users and accounts.user_uid(name) == uid:
            drift.append({"share": "", "what": "account",
                          "detail": _("Unix account {name} was removed from the cluster").format(name=name)})
            final.append(deferred_step(f"remove Unix account {name}", UserDel(name),
                                       [f"run: {' '.join(accounts.userdel_argv(name))}"]))
        if name not in reg.users:
            mine = mine.without(name)
    for name in old.members:
        if name not in reg.users and name in members:
            drift.append({"share": "", "what": "group_member",
                          "detail": _("{name} was removed from the cluster's users").format(name=name)})
            argv = accounts.remove_from_group_argv(name, group)
            final.append(deferred_step(f"remove {name} from group {group}",
                                       GroupRemoveMember(name, group),
                                       [f"run: {' '.join(argv)}"]))
        if name not in reg.users:
            mine = mine.without(name)
    if mine != old:
        steps.append(record_step(cfg, mine))
    return drift, steps + final

