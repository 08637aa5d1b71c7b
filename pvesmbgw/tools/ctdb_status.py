"""`ctdb -X status`: the health of each CTDB node (machine-readable, '|' separated)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from typing import Optional

from ..core.errors import CommandError
from ..core.runner import Runner

# Flags that make a node unfit to serve (PARTIALLYONLINE only means some interfaces
# are down; it still serves).
_BAD = ("Disconnected", "Unknown", "Banned", "Disabled", "Unhealthy", "Stopped", "Inactive")


@dataclass(frozen=True)
class CtdbNode:
    pnn: int
    address: str
    healthy: bool
    this_node: bool
    flags: tuple[str, ...]


def parse_status(text: str) -> list[CtdbNode]:
    """The node table of `ctdb -X status` (same format in Samba 4.17 and 4.22)."""
    rows = [line.strip().strip("|").split("|") for line in text.splitlines()
            if line.startswith("|")]
    if not rows or rows[0][:2] != ["Node", "IP"]:
        raise ValueError("not the output of ctdb -X status")
    header = rows[0]
    nodes = []
    for row in rows[1:]:
        values = dict(zip(header, row))
        flags = tuple(f for f in _BAD + ("PartiallyOnline",) if values.get(f) == "1")
        nodes.append(CtdbNode(int(values["Node"]), values["IP"],
                              not any(f in _BAD for f in flags),
                              values.get("ThisNode") == "Y", flags))
    return nodes


def ctdb_nodes(runner: Runner) -> Optional[list[CtdbNode]]:
    """None where ctdb is not installed; [] where ctdbd does not answer."""
    if shutil.which("ctdb") is None:
        return None
    try:
        return parse_status(runner.run(["ctdb", "-X", "status"], mutating=False,
                                       timeout=15).stdout)
    except (CommandError, ValueError, KeyError):
        return []
