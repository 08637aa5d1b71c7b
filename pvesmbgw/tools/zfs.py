"""zfs/zpool: machine-readable queries (-H -p) and argv builders."""

from __future__ import annotations

import shutil
from typing import Optional, Sequence

from ..core.errors import CommandError
from ..core.runner import Runner

OWNER_PROPERTY = "pvesmbgw:owner"  # user property: the token of the share that owns it


def available() -> bool:
    return shutil.which("zfs") is not None


def parse_tsv(text: str) -> list[list[str]]:
    """Rows of `-H` output: tab-separated fields, no header."""
    return [line.split("\t") for line in text.splitlines() if line.strip()]


def size_value(text: str) -> Optional[int]:
    """A `-p` size: bytes, or None for 'none'/'-'."""
    return None if text in ("none", "-", "") else int(text)


class Zfs:
    def __init__(self, runner: Runner) -> None:
        self.runner = runner

    def mountpoints(self) -> dict[str, str]:
        """mountpoint -> dataset for every mounted filesystem dataset (one call)."""
        out = self.runner.run(["zfs", "list", "-H", "-p", "-t", "filesystem", "-o",
                               "name,mountpoint"], mutating=False).stdout
        return {row[1]: row[0] for row in parse_tsv(out)
                if len(row) == 2 and row[1].startswith("/")}

    def get(self, datasets: Sequence[str], properties: Sequence[str]
            ) -> dict[str, dict[str, str]]:
        """{dataset: {property: value}} from one `zfs get -H -p` call."""
        out = self.runner.run(["zfs", "get", "-H", "-p", "-o", "name,property,value",
                               ",".join(properties), *datasets], mutating=False).stdout
        result: dict[str, dict[str, str]] = {}
        for row in parse_tsv(out):
            if len(row) == 3:
                result.setdefault(row[0], {})[row[1]] = row[2]
        return result

    def exists(self, dataset: str) -> bool:
        try:
            self.runner.run(["zfs", "list", "-H", "-o", "name", dataset], mutating=False)
        except CommandError as exc:
            if "does not exist" in exc.stderr:
                return False
            raise
        return True

    def snapshots(self, dataset: str) -> list[tuple[str, int]]:
        """(snapshot name after '@', creation epoch) of DATASET, oldest first."""
        out = self.runner.run(["zfs", "list", "-H", "-p", "-t", "snapshot", "-d", "1",
                               "-s", "creation", "-o", "name,creation", dataset],
                              mutating=False).stdout
        return [(row[0].split("@", 1)[1], int(row[1])) for row in parse_tsv(out)
                if len(row) == 2 and "@" in row[0]]

    def pool_size(self, pool: str) -> int:
        out = self.runner.run(["zpool", "list", "-H", "-p", "-o", "size", pool],
                              mutating=False).stdout
        return int(out.split()[0])

    def create_argv(self, dataset: str, properties: dict[str, str]) -> list[str]:
        argv = ["zfs", "create"]
        for key, value in properties.items():
            argv += ["-o", f"{key}={value}"]
        return argv + [dataset]

    def set_argv(self, dataset: str, prop: str, value: str) -> list[str]:
        return ["zfs", "set", f"{prop}={value}", dataset]

    def snapshot_argv(self, dataset: str, name: str) -> list[str]:
        return ["zfs", "snapshot", f"{dataset}@{name}"]

    def destroy_argv(self, target: str, recursive: bool = False) -> list[str]:
        return ["zfs", "destroy", *(["-r"] if recursive else []), target]
