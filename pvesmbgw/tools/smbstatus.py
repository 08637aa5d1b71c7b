"""smbstatus: who is connected to which share, and which files are open (JSON, Samba >= 4.16)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Optional

from ..core.errors import CommandError
from ..core.runner import Runner


@dataclass(frozen=True)
class SmbStatus:
    sessions: int
    # share name (as clients typed it, lower-cased) -> tree connects
    connections: dict[str, int] = field(default_factory=dict)
    # directory the file lives under (Samba's service_path) -> opens
    open_files: dict[str, int] = field(default_factory=dict)


def parse_status(text: str) -> SmbStatus:
    """`smbstatus --json` output; absent sections mean none."""
    data: dict[str, Any] = json.loads(text)
    connections: dict[str, int] = {}
    for tcon in (data.get("tcons") or {}).values():
        service = str(tcon.get("service", "")).lower()
        connections[service] = connections.get(service, 0) + 1
    opens: dict[str, int] = {}
    for entry in (data.get("open_files") or {}).values():
        where = str(entry.get("service_path", ""))
        opens[where] = opens.get(where, 0) + (len(entry.get("opens") or {}) or 1)
    return SmbStatus(len(data.get("sessions") or {}), connections, opens)


def smbstatus(runner: Runner, conf: str) -> Optional[SmbStatus]:
    """The live state of the smbd reading CONF; None when smbstatus cannot tell."""
    try:
        result = runner.run(["smbstatus", "-s", conf, "--json"], mutating=False, timeout=30)
        return parse_status(result.stdout)
    except (CommandError, ValueError, AttributeError):
        return None
