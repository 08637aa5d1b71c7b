"""The `ctdb` command-line tool: machine-readable (-X) output parsed into dataclasses.

`ctdb -X` prints '|'-separated rows under a header row; columns are looked up by
name so that releases that add columns (e.g. "Unknown") still parse. The
leader is read from the plain `ctdb status` text, which says `Leader:` from Samba
4.17 on and `Recovery master:` before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..core.errors import CommandError
from ..core.runner import Runner

# Node flag columns of `ctdb -X status` that make a node not OK.
_BAD_FLAGS = ("Disconnected", "Unknown", "Disabled", "Banned", "Inactive", "Unhealthy",
              "Stopped", "Deleted")


@dataclass(frozen=True)
class NodeStatus:
    pnn: int
    address: str
    flags: tuple[str, ...]   # names of the flags that are set, e.g. ("Disconnected",)
    current: bool            # the node the ctdb tool talked to

    @property
    def ok(self) -> bool:
        return not self.flags

    @property
    def state(self) -> str:
        return "OK" if self.ok else "|".join(f.upper() for f in self.flags)


@dataclass(frozen=True)
class PublicIp:
    address: str
    pnn: int                 # -1: not hosted anywhere


def parse_table(text: str) -> list[dict[str, str]]:
    """Rows of `ctdb -X` output as dicts keyed by the header row."""
    rows = [line.strip().strip("|").split("|") for line in text.splitlines()
            if line.strip().startswith("|")]
    if not rows:
        return []
    header = [h.strip() for h in rows[0]]
    return [dict(zip(header, (c.strip() for c in row))) for row in rows[1:]
            if [c.strip() for c in row] != header]


def parse_status(text: str) -> list[NodeStatus]:
    out = []
    for row in parse_table(text):
        if "Node" not in row or not row["Node"].lstrip("-").isdigit():
            continue
        flags = tuple(f for f in _BAD_FLAGS if row.get(f, "0") not in ("0", ""))
        this = row.get("ThisNode", row.get("Current", ""))
        out.append(NodeStatus(int(row["Node"]), row.get("IP", ""), flags, this == "Y"))
    return out


def parse_ips(text: str) -> list[PublicIp]:
    out = []
    for row in parse_table(text):
        node = row.get("Node", "")
        if "Public IP" in row and node.lstrip("-").isdigit():
            out.append(PublicIp(row["Public IP"], int(node)))
    return out


def parse_leader(text: str) -> Optional[int]:
    """The leader's PNN from plain `ctdb status` ('Leader:1' or 'Recovery master:1')."""
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() in ("Leader", "Recovery master") and \
                value.strip().isdigit():
            return int(value.strip())
    return None


class Ctdb:
    """`ctdb` against the local daemon (or the socket named in the config)."""

    def __init__(self, runner: Runner, socket: str = "", base: str = "/etc/ctdb") -> None:
        self.runner = runner
        env = {}
        if socket:
            env["CTDB_SOCKET"] = socket
        if base != "/etc/ctdb":
            # The tool reads the nodes file itself (reloadnodes compares it with the
            # daemons'): from $CTDB_BASE/nodes.
            env["CTDB_BASE"] = base
        self.env = env or None

    def _run(self, *args: str, mutating: bool = False, timeout: float = 30) -> str:
        return self.runner.run(["ctdb", *args], mutating=mutating, env=self.env,
                               timeout=timeout).stdout

    def running(self) -> bool:
        """True when the local ctdbd answers."""
        try:
            self._run("pnn", timeout=10)
        except CommandError:
            return False
        return True

    def status(self) -> list[NodeStatus]:
        return parse_status(self._run("-X", "status"))

    def ips(self) -> list[PublicIp]:
        return parse_ips(self._run("-X", "ip", "all"))

    def leader(self) -> Optional[int]:
        try:
            return parse_leader(self._run("status"))
        except CommandError:
            return None

    def reloadnodes(self) -> None:
        """Every node re-reads its nodes file (they must all be identical)."""
        # Generous: every node takes part, and a loaded machine is slow to answer.
        self._run("reloadnodes", mutating=True, timeout=300)

    def reloadips(self) -> None:
        """Every node re-reads its public_addresses and the IPs are re-balanced."""
        self._run("reloadips", "all", mutating=True, timeout=300)

