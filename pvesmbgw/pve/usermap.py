"""User-namespace id maps for unprivileged gateway containers; pure functions.

A container gets the usual PVE mapping for its own system ids (container 0-65535 on
host 100000-165535) plus an identity-mapped block for the ids pvesmbgw hands out to
Samba accounts and the share group. Files written over SMB inside the container
therefore carry the same uid/gid on the host, and adding a user never needs a new
map (which would need a container restart).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

from ..core.errors import ValidationError
from ..core.i18n import _
from ..core.units import CONTAINER_IDS

DEFAULT_HOST_BASE = 100000


@dataclass(frozen=True)
class IdRange:
    """`kind` is 'u' or 'g'; container ids [ct, ct+count) are host ids [host, host+count)."""

    kind: str
    ct: int
    host: int
    count: int

    def line(self) -> str:
        return f"lxc.idmap: {self.kind} {self.ct} {self.host} {self.count}"


def gateway_map(passthrough: tuple[int, int], host_base: int = DEFAULT_HOST_BASE
                ) -> list[IdRange]:
    """The full map for one container: system ids shifted, PASSTHROUGH kept as is."""
    start, count = passthrough
    host_end = host_base + CONTAINER_IDS
    if start < host_end and host_base < start + count:
        raise ValidationError("account_id_range", _("overlaps the containers' shifted ids "
                              "{host_base}-{host_end}").format(host_base=host_base, host_end=host_end - 1))
    ranges = []
    for kind in ("u", "g"):
        ranges.append(IdRange(kind, 0, host_base, CONTAINER_IDS))
        ranges.append(IdRange(kind, start, start, count))
    return ranges


def host_id(ranges: Iterable[IdRange], kind: str, ct_id: int) -> Optional[int]:
    """The host id that container id CT_ID of KIND maps to, or None if unmapped."""
    for r in ranges:
        if r.kind == kind and r.ct <= ct_id < r.ct + r.count:
            return r.host + (ct_id - r.ct)
    return None


def ct_id(ranges: Iterable[IdRange], kind: str, host: int) -> Optional[int]:
    """The container id of KIND that host id HOST appears as, or None if unmapped."""
    for r in ranges:
        if r.kind == kind and r.host <= host < r.host + r.count:
            return r.ct + (host - r.host)
    return None


def idmap_lines(ranges: Sequence[IdRange]) -> list[str]:
    return [r.line() for r in ranges]


def subid_lines(ranges: Sequence[IdRange], kind: str, owner: str = "root") -> list[str]:
    """/etc/subuid (kind 'u') or /etc/subgid ('g') lines allowing OWNER these host ids."""
    return [f"{owner}:{r.host}:{r.count}" for r in ranges if r.kind == kind]


def with_subid_lines(text: str, lines: Sequence[str]) -> str:
    """TEXT with every line of LINES present (appended if missing); nothing removed."""
    have = {l.strip() for l in text.splitlines()}
    missing = [l for l in lines if l not in have]
    if not missing:
        return text
    if text and not text.endswith("\n"):
        text += "\n"
    return text + "".join(f"{l}\n" for l in missing)


def parse_idmap_lines(config_text: str) -> list[IdRange]:
    """The lxc.idmap entries of a PVE container config (both ':' and '=' forms)."""
    ranges = []
    for line in config_text.splitlines():
        if line.startswith("["):
            break  # snapshot or pending sections follow
        key, sep, value = line.replace("=", ":", 1).partition(":")
        if sep and key.strip() == "lxc.idmap":
            kind, ct, host, count = value.split()
            ranges.append(IdRange(kind, int(ct), int(host), int(count)))
    return ranges
