"""What an AD join asks for, validated before anything is touched; pure functions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from ...core.errors import ValidationError
from ...core.i18n import _
from ...core.units import parse_range

IDMAP_BACKENDS = ("rid", "autorid")
# autorid hands out one block of this many ids per domain.
AUTORID_RANGESIZE = 1000000

_REALM_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9][A-Za-z0-9-]{0,62})+")
_USER_RE = re.compile(r"[^\s\\/%@:\[\]\"=,;|<>+*?]{1,64}")
# Not the characters a distinguished name gives a meaning (',', '+', '\\', '<', '>', ';'):
# a level of the OU path must not add or escape one of the DN's components.
_OU_RE = re.compile(r"[^\x00-\x1f\x7f\"\[\]=%,+<>;\\]{1,255}")


@dataclass(frozen=True)
class JoinSpec:
    realm: str                       # upper case, e.g. EXAMPLE.TEST
    user: str                        # the account that may join machines
    ou: Optional[str]                # "Servers/Unix" (net's createcomputer=) or None
    idmap: str                       # rid | autorid
    domain_range: tuple[int, int]    # (first, count) for the domain (rid) or all (autorid)
    default_range: tuple[int, int]   # (first, count) for `idmap config *` with rid
    share_admins: bool = True        # Domain Admins are admin users on every share


def validate_realm(realm: str) -> str:
    if not _REALM_RE.fullmatch(realm) or len(realm) > 253:
        raise ValidationError("realm", _("not a DNS domain name: {realm!r} "
                              "(e.g. EXAMPLE.COM)").format(realm=realm))
    return realm.upper()


def validate_admin_user(user: str) -> str:
    if not _USER_RE.fullmatch(user):
        raise ValidationError("user", _("not a plain account name: {user!r} "
                              "(give the sAMAccountName, e.g. Administrator)").format(user=user))
    return user


def validate_ou(ou: str) -> str:
    if not _OU_RE.fullmatch(ou) or ou.startswith("/") or ou.endswith("/") or "//" in ou:
        raise ValidationError("ou", _("not an OU path: {ou!r} (top to bottom, '/' between "
                              "levels, e.g. Servers/Unix)").format(ou=ou))
    return ou


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[0] + b[1] and b[0] < a[0] + a[1]


def _show(r: tuple[int, int]) -> str:
    return f"{r[0]}-{r[0] + r[1] - 1}"


def subid_ranges(path: Path) -> list[tuple[int, int]]:
    """The (first, count) ranges of /etc/subuid or /etc/subgid (missing file: none)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return []
    out = []
    for line in text.splitlines():
        parts = line.strip().split(":")
        if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
            out.append((int(parts[1]), int(parts[2])))
    return out


def check_ranges(idmap: str, domain: tuple[int, int], default: tuple[int, int],
                 taken: Sequence[tuple[str, tuple[int, int]]]) -> None:
    """Refuse id ranges that overlap each other or ids already handed out on the host."""
    ours = [("idmap-range", domain)]
    if idmap == "rid":
        ours.append(("ad_default_range", default))
        if _overlaps(domain, default):
            raise ValidationError("idmap-range", _("{domain} overlaps the default "
                                  "range {default} (config ad_default_range)").format(domain=_show(domain), default=_show(default)))
    elif domain[1] < AUTORID_RANGESIZE:
        raise ValidationError("idmap-range", _("autorid needs at least {autorid_rangesize} ids, "
                              "got {domain}").format(autorid_rangesize=AUTORID_RANGESIZE, domain=_show(domain)))
    for field, mine in ours:
        for what, other in taken:
            if _overlaps(mine, other):
                raise ValidationError(field, _("{mine} overlaps {what} "
                                      "({other}); local and domain ids would collide").format(mine=_show(mine), what=what, other=_show(other)))


def parse_idmap_range(text: str) -> tuple[int, int]:
    return parse_range(text, "idmap-range")


def host_ranges(account_ids: tuple[int, int], subuid: Path,
                subgid: Path) -> list[tuple[str, tuple[int, int]]]:
    """The id ranges a domain range must stay clear of on this host."""
    taken: list[tuple[str, tuple[int, int]]] = [("account_id_range", account_ids)]
    for path in (subuid, subgid):
        taken += [(str(path), r) for r in subid_ranges(path)]
    return taken

