"""pvesh: the PVE API from the command line, always with JSON output."""

from __future__ import annotations

import json
import shutil
from typing import Any, Optional

from ..core.errors import CommandError, PvesmbgwError
from ..core.runner import Runner


def available() -> bool:
    """pvesh exists only on a PVE node (or where a simulator is first on PATH)."""
    return shutil.which("pvesh") is not None


def get(runner: Runner, api_path: str) -> Any:
    out = runner.run(["pvesh", "get", api_path, "--output-format", "json"], mutating=False).stdout
    try:
        return json.loads(out)
    except ValueError:
        raise PvesmbgwError(f"pvesh get {api_path}: output is not JSON") from None


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
