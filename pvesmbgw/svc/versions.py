"""Template versions (semantic versioning, 1.2.3 or 1.2.3-rc.1): their order."""

from __future__ import annotations

import re
from typing import Union

_VERSION = re.compile(r"(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.]+))?")

Key = tuple[int, int, int, int, tuple[tuple[int, Union[int, str]], ...]]


def key(version: str) -> Key:
    """A sort key of VERSION as semver orders it: a pre-release sorts before its
    release, its dot parts numerically where they are numbers, numbers first."""
    match = _VERSION.fullmatch(version)
    if match is None:
        raise ValueError(f"not a template version: {version!r}")
    major, minor, patch, pre = match.groups()
    parts = tuple((0, int(p)) if p.isdigit() else (1, p) for p in (pre or "").split(".")
                  if pre)
    return (int(major), int(minor), int(patch), 0 if pre else 1, parts)


def newer(a: str, b: str) -> bool:
    """Whether version A comes after version B."""
    return key(a) > key(b)
