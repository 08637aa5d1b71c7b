"""Which PVE privileges each App Store action needs, asked of PVE itself (no own ACLs)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from ..core.errors import PvesmbgwError
from ..core.i18n import _
from ..core.runner import Runner
from ..tools import pvesh


class Forbidden(PvesmbgwError):
    """The user lacks a privilege (HTTP 403), named as PVE names it."""


@dataclass(frozen=True)
class Need:
    """One privilege on one ACL path."""

    path: str
    priv: str


def needs(action: str, node: str, vmid: Optional[int] = None, storage: str = "",
          purge: bool = False) -> list[Need]:
    """The contract's privilege table (shared-notes/appstore-contract.md)."""
    vm = f"/vms/{vmid}"
    host = f"/nodes/{node}"
    table: dict[str, list[Need]] = {
        "templates": [Need(host, "Sys.Audit")],
        "instance": [Need(vm, "VM.Audit")],
        "install": [Need("/vms", "VM.Allocate"),
                    Need(f"/storage/{storage}", "Datastore.AllocateSpace"),
                    Need(host, "Sys.Modify")],
        "upgrade": [Need(vm, "VM.Snapshot"), Need(vm, "VM.PowerMgmt"), Need(host, "Sys.Modify")],
        "rollback": [Need(vm, "VM.Snapshot.Rollback"), Need(vm, "VM.PowerMgmt"),
                     Need(host, "Sys.Modify")],
        "uninstall": [Need(vm, "VM.Allocate"), Need(host, "Sys.Modify")]
        + ([Need(f"/storage/{storage}", "Datastore.Allocate")] if purge else []),
    }
    return table[action]


# user, path -> {privilege: propagate flag}; the flag is informational: a privilege
# present is granted (PVE::RPCEnvironment::permissions).
Lookup = Callable[[str, str], dict[str, int]]


def pvesh_lookup(runner: Runner) -> Lookup:
    """The effective privileges PVE computes: `pvesh get /access/permissions`."""
    def lookup(user: str, path: str) -> dict[str, int]:
        data = pvesh.get(runner, "/access/permissions", [("userid", user), ("path", path)])
        privs = data.get(path) if isinstance(data, dict) else None
        return {str(k): int(v) for k, v in (privs or {}).items()}
    return lookup


class Checker:
    """Privilege checks of one request (each path asked of PVE once)."""

    def __init__(self, lookup: Lookup, user: str) -> None:
        self.lookup = lookup
        self.user = user
        self._cache: dict[str, dict[str, int]] = {}

    def has(self, path: str, priv: str) -> bool:
        """Whether the user holds PRIV on PATH."""
        if path not in self._cache:
            self._cache[path] = self.lookup(self.user, path)
        return priv in self._cache[path]

    def require(self, wanted: list[Need]) -> None:
        """Forbidden naming the first missing privilege, as PVE's check() words it."""
        for n in wanted:
            if not self.has(n.path, n.priv):
                raise Forbidden(_("permission check failed ({path}, {priv})").format(path=n.path, priv=n.priv))
