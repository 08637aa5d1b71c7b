"""Unix accounts (shadow's useradd/groupadd); lookups use the C library, not processes."""

from __future__ import annotations

import grp
import pwd
from typing import Optional



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


def groupadd_argv(group: str) -> list[str]:
    return ["groupadd", "--system", group]


def groupdel_argv(group: str) -> list[str]:
    return ["groupdel", group]


def useradd_argv(user: str, group: str) -> list[str]:
    # A service account: no home, no login shell; Samba authenticates it.
    return ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
            "--groups", group, user]


def userdel_argv(user: str) -> list[str]:
    # --force: a connected client keeps an smbd running as the user, which would
    # otherwise make userdel refuse after the Samba entry is already gone.
    return ["userdel", "--force", user]


def add_to_group_argv(user: str, group: str) -> list[str]:
    return ["gpasswd", "--add", user, group]


def remove_from_group_argv(user: str, group: str) -> list[str]:
    return ["gpasswd", "--delete", user, group]
