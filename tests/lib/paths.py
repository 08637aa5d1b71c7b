"""Where things are: the work tree, the PVE simulator, the interpreter."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SIM = REPO / "tests" / "sim"
# Always the Debian interpreter: a pyenv python3 cannot import samba.
PYTHON = "/usr/bin/python3"


def use_simulator() -> None:
    """Make the simulator's packages (pvesim, storesim) importable."""
    if str(SIM) not in sys.path:
        sys.path.insert(0, str(SIM))
