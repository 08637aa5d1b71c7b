"""pvesh: the PVE API from the command line, always with JSON output."""

from __future__ import annotations

import json
import shutil
from typing import Any

from ..errors import PvesmbgwError
from ..runner import Runner


def available() -> bool:
    """pvesh exists only on a PVE node (or where a simulator is first on PATH)."""
    return shutil.which("pvesh") is not None


def get(runner: Runner, api_path: str) -> Any:
    out = runner.run(["pvesh", "get", api_path, "--output-format", "json"], mutating=False).stdout
    try:
        return json.loads(out)
    except ValueError:
        raise PvesmbgwError(f"pvesh get {api_path}: output is not JSON") from None
