"""What pve-smbgateway's registry says about service volumes, read as the file it is:
the rooms do not import each other, and the share registry is the one place where a
share of a service volume (`pve-svc share`) is recorded, so that `pve-smbgateway
delete` of such a share leaves nothing stale behind in pve-svc's own registry."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..core import fsutil
from ..core.config import Config

FILE_NAME = "registry.json"  # the share registry's, in the same store


@dataclass(frozen=True)
class LinkedShare:
    """A share of one of an instance's data volumes."""

    name: str
    volume: str
    path: str
    mode: str


def _shares(cfg: Config) -> dict[str, Any]:
    text = fsutil.read_bytes(cfg.store.path(FILE_NAME))
    if not text:
        return {}
    try:
        shares = json.loads(text).get("shares") or {}
        return shares if isinstance(shares, dict) else {}
    except (ValueError, AttributeError):
        return {}


def share_paths(cfg: Config) -> list[str]:
    """The paths of every share: a bound dataset must not be one."""
    return [str(s.get("path")) for s in _shares(cfg).values()
            if isinstance(s, dict) and s.get("path")]


def linked(cfg: Config, instance: str) -> list[LinkedShare]:
    """The shares of INSTANCE's data volumes, by name."""
    found = []
    for name, share in sorted(_shares(cfg).items()):
        link = share.get("service") if isinstance(share, dict) else None
        if isinstance(link, dict) and link.get("instance") == instance:
            found.append(LinkedShare(name, str(link.get("volume")), str(share.get("path")),
                                     str(share.get("mode"))))
    return found
