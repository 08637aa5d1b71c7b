"""Packages from the npm registry (ExtJS GPL), fetched once into the test cache."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def pack(package: str, cache: Path) -> Path:
    """`npm pack PACKAGE` into CACHE/download: the tarball's path; the test is skipped
    where npm or the registry is missing."""
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed (needed once to fetch ExtJS GPL)")
    download = cache / "download"
    download.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(["npm", "pack", package, "--silent"], cwd=download,
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        pytest.skip(f"cannot fetch {package} from the npm registry: "
                    f"{proc.stderr.strip()[-200:]}")
    return download / proc.stdout.strip().splitlines()[-1]
