"""pveam (container template manager): which templates exist and where."""

from __future__ import annotations

import re
from typing import Optional

from ..core.runner import Runner

_VERSION = re.compile(r"_(\d+(?:\.\d+)*)-(\d+)_")


def parse_available(text: str) -> list[str]:
    """Template names from `pveam available` (2 columns, or 3 with the architecture)."""
    names = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[1].endswith((".tar.zst", ".tar.gz", ".tar.xz")):
            names.append(fields[1])
    return names


def parse_list(text: str) -> list[str]:
    """Volume ids from `pveam list STORAGE` (header line, then 'volid size')."""
    return [line.split()[0] for line in text.splitlines()[1:] if line.strip()]


def newest(names: list[str], prefix: str) -> Optional[str]:
    """The highest version among NAMES starting with PREFIX (e.g. debian-12-standard)."""
    def version(name: str) -> tuple[int, ...]:
        match = _VERSION.search(name)
        if not match:
            return (0,)
        return tuple(int(p) for p in match.group(1).split(".")) + (int(match.group(2)),)
    matching = [n for n in names if n.startswith(prefix + "_")]
    return max(matching, key=version) if matching else None


class Pveam:
    def __init__(self, runner: Runner) -> None:
        self.runner = runner

    def available(self) -> list[str]:
        out = self.runner.run(["pveam", "available", "--section", "system"],
                              mutating=False).stdout
        return parse_available(out)

    def stored(self, storage: str) -> list[str]:
        return parse_list(self.runner.run(["pveam", "list", storage], mutating=False).stdout)

    def download_argv(self, storage: str, template: str) -> list[str]:
        return ["pveam", "download", storage, template]

    def remove_argv(self, volid: str) -> list[str]:
        return ["pveam", "remove", volid]
