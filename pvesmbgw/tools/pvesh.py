"""pvesh: the PVE API from the command line, always with JSON output."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from typing import Any, Optional

from ..core.errors import CommandError, PvesmbgwError
from ..core.i18n import _
from ..core.runner import Runner


def available() -> bool:
    """pvesh exists only on a PVE node (or where a simulator is first on PATH)."""
    return shutil.which("pvesh") is not None


def get(runner: Runner, api_path: str, params: Optional[list[tuple[str, str]]] = None
        ) -> Any:
    """GET API_PATH (with --name value PARAMS) as parsed JSON."""
    argv = ["pvesh", "get", api_path]
    for key, value in params or []:
        argv += [f"--{key}", value]
    out = runner.run(argv + ["--output-format", "json"], mutating=False).stdout
    try:
        return json.loads(out)
    except ValueError:
        raise PvesmbgwError(_("pvesh get {api_path}: output is not JSON").format(api_path=api_path)) from None


def release(runner: Runner) -> tuple[int, int]:
    """(major, minor) of the node's PVE (`pvesh get /version`)."""
    data = get(runner, "/version") or {}
    text = str(data.get("release") or data.get("version") or "0.0")
    nums = [int(n) for n in re.findall(r"\d+", text)[:2]] + [0, 0]
    return nums[0], nums[1]


def argv(method: str, api_path: str, params: Optional[list[tuple[str, str]]] = None
         ) -> list[str]:
    """A mutating pvesh call (create/set/delete) with its --name value parameters."""
    out = ["pvesh", method, api_path]
    for key, value in params or []:
        out += [f"--{key}", value]
    return out


def dir_mappings(runner: Runner) -> dict[str, list[str]]:
    """Directory mappings (PVE 8.4+): id -> its `node=…,path=…` entries; {} when the
    API has no such path (older PVE)."""
    try:
        rows = get(runner, "/cluster/mapping/dir")
    except CommandError as exc:
        if "No 'get' handler" in exc.stderr:
            return {}
        raise
    return {str(r["id"]): list(r.get("map") or []) for r in rows or []}


@dataclass(frozen=True)
class Resource:
    """One row of /cluster/resources: a guest (vmid set), a storage or a node. Sizes in
    bytes, as the API gives them (0 where the row has none)."""

    id: str
    type: str
    node: str
    status: str
    vmid: Optional[int] = None
    name: str = ""
    hastate: str = ""
    storage: str = ""
    maxcpu: float = 0
    maxmem: int = 0
    mem: int = 0
    maxdisk: int = 0
    disk: int = 0
    content: tuple[str, ...] = ()
    shared: bool = False


def _number(row: dict[str, Any], key: str) -> int:
    value = row.get(key)
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0


def cluster_resources(runner: Runner, kind: Optional[str] = None) -> list[Resource]:
    """/cluster/resources (every node's guests, storages and nodes), optionally of one
    type: vm (CTs and VMs), storage, node or sdn."""
    rows = get(runner, "/cluster/resources", [("type", kind)] if kind else None)
    return [Resource(id=str(r.get("id", "")), type=str(r.get("type", "")),
                     node=str(r.get("node", "")), status=str(r.get("status", "")),
                     vmid=int(r["vmid"]) if r.get("vmid") is not None else None,
                     name=str(r.get("name", "")), hastate=str(r.get("hastate", "")),
                     storage=str(r.get("storage", "")),
                     maxcpu=float(r.get("maxcpu") or 0), maxmem=_number(r, "maxmem"),
                     mem=_number(r, "mem"), maxdisk=_number(r, "maxdisk"),
                     disk=_number(r, "disk"),
                     content=tuple(c for c in str(r.get("content", "")).split(",") if c),
                     shared=bool(r.get("shared")))
            for r in rows or []]
