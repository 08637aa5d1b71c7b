"""When the last reconcile ran and how it went, for metrics (state_dir/last-reconcile.json)."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any, Optional

from ..core.fsutil import atomic_write, read_bytes

FILE = "last-reconcile.json"
log = logging.getLogger(__name__)


def record(state_dir: Path, ok: bool, drift: int, when: Optional[float] = None) -> None:
    """Best effort: a metrics record never fails the reconcile run itself."""
    data = {"time": int(when if when is not None else time.time()), "ok": ok, "drift": drift}
    try:
        atomic_write(state_dir / FILE, (json.dumps(data, sort_keys=True) + "\n").encode())
    except OSError as exc:
        log.warning("could not record the reconcile result in %s: %s", state_dir, exc)


def last(state_dir: Path) -> Optional[dict[str, Any]]:
    raw = read_bytes(state_dir / FILE)
    try:
        data = json.loads(raw) if raw else None
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
