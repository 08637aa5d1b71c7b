"""What AD memberships record on the host (the host's and each gateway's state file),
and what a gateway's membership edits: the container's id map lines, the subid lines,
the include line in its smb.conf. Pure functions and file reads only; host.py and
gateway.py run the joins."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

from ...core import fsutil
from ...pve import usermap as idmap
from ...core.config import Config
from ...core.errors import ValidationError
from . import files
from ...core.i18n import _
from .spec import JoinSpec, host_ranges

INCLUDE = "/etc/samba/pvesmbgw-ad.conf"  # the AD globals inside the guest
KEEP = ".pvesmbgw-orig"  # suffix of the guest's own copy of a file the join replaced
STATE_PREFIX = "ad-gateway-"


def host_state_path(cfg: Config) -> Path:
    """The host's own membership (`ad join` without --gateway)."""
    return cfg.state_dir / "ad.json"


def state_path(cfg: Config, gw_id: str) -> Path:
    return cfg.state_dir / f"{STATE_PREFIX}{gw_id}.json"


def gateway_state(cfg: Config, gw_id: str) -> Optional[dict[str, Any]]:
    data = fsutil.read_bytes(state_path(cfg, gw_id))
    return json.loads(data) if data else None


def joined_gateways(cfg: Config) -> list[str]:
    """The ids of the gateways pvesmbgw joined to a domain."""
    if not cfg.state_dir.is_dir():
        return []
    return sorted(p.name[len(STATE_PREFIX):-len(".json")]
                  for p in cfg.state_dir.glob(f"{STATE_PREFIX}*.json"))


def with_ad_include(text: str) -> str:
    """A member gateway's rendered smb.conf, with the AD include line."""
    return files.with_include(text, Path(INCLUDE))


def restore_command(path: str, kept: bool) -> list[str]:
    """Put back the guest's copy of PATH the join kept (KEPT), or remove PATH. A plain
    command, no shell: a VM guest agent runs programs, and the join knows which."""
    return ["cp", "-a", path + KEEP, path] if kept else ["rm", "-f", path]


def mapped_ranges(spec_idmap: str, domain: tuple[int, int],
                  default: tuple[int, int]) -> list[tuple[int, int]]:
    """The id ranges winbind hands out in the guest: each is mapped 1:1 to the host."""
    return [domain, default] if spec_idmap == "rid" else [domain]


def state_ranges(state: dict[str, Any]) -> list[tuple[int, int]]:
    """The ranges a recorded gateway membership maps (none for a damaged record)."""
    try:
        domain = (int(state["domain_range"][0]), int(state["domain_range"][1]))
        default = (int(state["default_range"][0]), int(state["default_range"][1]))
        return mapped_ranges(str(state["idmap"]), domain, default)
    except (KeyError, IndexError, TypeError, ValueError):
        return []


def idmap_conf(text: str, ranges: list[tuple[int, int]]) -> tuple[str, list[str]]:
    """TEXT (a PVE container config) with lxc.idmap lines mapping RANGES 1:1 for uids
    and gids, and the lines added. They go at the end of the main section (before any
    [snapshot] section). ValidationError when a range overlaps the existing map."""
    have = idmap.parse_idmap_lines(text)
    lines: list[str] = []
    for kind in ("u", "g"):
        for first, count in ranges:
            new = idmap.IdRange(kind, first, first, count)
            if new in have:
                continue
            for r in have:
                if r.kind == kind and (first < r.ct + r.count and r.ct < first + count or
                                       first < r.host + r.count and r.host < first + count):
                    raise ValidationError(
                        "idmap-range", _("{first}-{last} overlaps the "
                        "container's id map ({line}); choose another --idmap-range").format(first=first, last=first + count - 1, line=r.line()))
            lines.append(new.line())
    if not lines:
        return text, []
    body = text.splitlines(keepends=True)
    cut = next((i for i, l in enumerate(body) if l.startswith("[")), len(body))
    head = body[:cut]
    if head and not head[-1].endswith("\n"):
        head[-1] += "\n"
    return "".join(head + [f"{l}\n" for l in lines] + body[cut:]), lines


def idmap_conf_remove(text: str, lines: list[str]) -> str:
    """Undo idmap_conf: drop exactly LINES from the main section."""
    out, main = [], True
    for line in text.splitlines(keepends=True):
        if line.startswith("["):
            main = False
        if main and line.rstrip("\r\n") in lines:
            continue
        out.append(line)
    return "".join(out)


def subid_remove(text: str, lines: list[str]) -> str:
    return "".join(l for l in text.splitlines(keepends=True) if l.strip() not in lines)


def taken_ranges(cfg: Config, spec: JoinSpec) -> list[tuple[str, tuple[int, int]]]:
    """Ranges a gateway's domain ids must stay clear of: the host's accounts and subids,
    except the subid lines (other) gateway joins added for the very same ranges."""
    ours = set(mapped_ranges(spec.idmap, spec.domain_range, spec.default_range))
    return [(what, r) for what, r in without_gateway_subids(
                cfg, host_ranges(cfg.account_ids, cfg.subuid_file, cfg.subgid_file))
            if not (what != "account_id_range" and r in ours)]


def without_gateway_subids(cfg: Config, taken: list[tuple[str, tuple[int, int]]]
                           ) -> list[tuple[str, tuple[int, int]]]:
    """TAKEN without the subid ranges that joined gateways use for their domain ids:
    those ids belong to domain users too, so the host or another gateway may share them
    (the same domain user then has the same uid everywhere)."""
    domain_ids: set[tuple[int, int]] = set()
    for gw_id in joined_gateways(cfg):
        st = gateway_state(cfg, gw_id) or {}
        domain_ids |= set(state_ranges(st))
    return [(what, r) for what, r in taken
            if what == "account_id_range" or r not in domain_ids]
