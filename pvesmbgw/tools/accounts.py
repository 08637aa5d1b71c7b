"""Unix accounts (shadow's useradd/groupadd); lookups use the C library, not processes
(except getent_id, which asks through a runner that may reach a gateway guest)."""

from __future__ import annotations

import grp
import pwd
from typing import TYPE_CHECKING, Optional

from ..core.i18n import _

if TYPE_CHECKING:
    from ..core.runner import Runner


def user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def group_gid(name: str) -> Optional[int]:
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        return None


def group_members(name: str) -> list[str]:
    try:
        return list(grp.getgrnam(name).gr_mem)
    except KeyError:
        return []


def user_uid(name: str) -> Optional[int]:
    try:
        return pwd.getpwnam(name).pw_uid
    except KeyError:
        return None


def user_of(uid: int) -> Optional[str]:
    """The name of the account with UID, or None."""
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return None


def group_of(gid: int) -> Optional[str]:
    """The name of the group with GID, or None."""
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return None


def primary_gid(name: str) -> Optional[int]:
    try:
        return pwd.getpwnam(name).pw_gid
    except KeyError:
        return None


def free_id(first: int, count: int, kind: str, taken: frozenset[int] = frozenset()) -> int:
    """The lowest id in [first, first+count) no user (kind 'u') or group ('g') has."""
    used = {p.pw_uid for p in pwd.getpwall()} if kind == "u" else \
        {g.gr_gid for g in grp.getgrall()}
    for candidate in range(first, first + count):
        if candidate not in used and candidate not in taken:
            return candidate
    raise LookupError(_("no free {id_kind} left in "
                      "{first}-{last}").format(id_kind='uid' if kind == 'u' else 'gid', first=first, last=first + count - 1))


def groupadd_argv(group: str, gid: int) -> list[str]:
    return ["groupadd", "--gid", str(gid), group]


def groupdel_argv(group: str) -> list[str]:
    return ["groupdel", group]


def useradd_argv(user: str, uid: int, group: str) -> list[str]:
    # A service account: no home, no login shell; Samba authenticates it. Its primary
    # group is the share group, so its files are the group's without a per-user group.
    return ["useradd", "--uid", str(uid), "--gid", group, "--no-user-group",
            "--no-create-home", "--shell", "/usr/sbin/nologin", user]


def userdel_argv(user: str) -> list[str]:
    # --force: a connected client keeps an smbd running as the user, which would
    # otherwise make userdel refuse after the Samba entry is already gone.
    return ["userdel", "--force", user]


def add_to_group_argv(user: str, group: str) -> list[str]:
    return ["gpasswd", "--add", user, group]


def remove_from_group_argv(user: str, group: str) -> list[str]:
    return ["gpasswd", "--delete", user, group]


def getent_id(runner: "Runner", database: str, name: str) -> Optional[int]:
    """NAME's uid (DATABASE passwd) or gid (group) through RUNNER's `getent`, which may
    run in a gateway guest; None when there is no such local account."""
    code = runner.run(["getent", database, name], mutating=False, ok_codes=(0, 2),
                      timeout=30)
    fields = code.stdout.split(":")
    if code.returncode != 0 or len(fields) < 3 or not fields[2].isdigit():
        return None
    return int(fields[2])
