"""Private files a plan stages for its steps (what a step pushes into a guest): one
0700 directory, made on first use and removed with everything in it when the
command's transaction ends (core/ops.py runs the cleanup)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Optional


class Scratch:
    def __init__(self, prefix: str = "pvesmbgw-") -> None:
        self.prefix = prefix
        self._dir: Optional[Path] = None
        self._count = 0

    def write(self, text: str) -> str:
        """A new 0600 file holding TEXT; its path."""
        if self._dir is None:
            self._dir = Path(tempfile.mkdtemp(prefix=self.prefix))  # mode 0700
        self._count += 1
        path = self._dir / f"{self._count}"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
        return str(path)

    def cleanup(self) -> None:
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None
