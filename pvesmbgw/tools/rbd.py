"""rbd: RADOS block device images (JSON output) and kernel mappings."""

from __future__ import annotations

import json
from typing import Any, Optional

from ..core.errors import CommandError
from ..core.runner import Runner

MIB = 1 << 20


def size_arg(size: int) -> str:
    """rbd's --size takes MiB by default; round up to whole MiB."""
    return f"{-(-size // MIB)}M"


class Rbd:
    def __init__(self, runner: Runner) -> None:
        self.runner = runner

    def _json(self, args: list[str]) -> Any:
        out = self.runner.run(["rbd", *args, "--format", "json"], mutating=False).stdout
        return json.loads(out) if out.strip() else None

    def info(self, image: str) -> Optional[dict[str, Any]]:
        try:
            return dict(self._json(["info", image]))
        except CommandError as exc:
            if "No such file" in exc.stderr or "ENOENT" in exc.stderr or \
                    "does not exist" in exc.stderr:
                return None
            raise

    def device(self, image: str) -> Optional[str]:
        """The block device IMAGE is mapped to on this host, if any."""
        pool, _, name = image.partition("/")
        for entry in self._json(["showmapped"]) or []:
            if entry.get("pool") == pool and entry.get("name") == name:
                return str(entry["device"])
        return None

    def snapshots(self, image: str) -> list[tuple[str, str]]:
        """(name, timestamp text) of IMAGE's snapshots."""
        return [(s["name"], str(s.get("timestamp", "")))
                for s in self._json(["snap", "ls", image]) or []]

    def create_argv(self, image: str, size: int) -> list[str]:
        return ["rbd", "create", "--size", size_arg(size), image]

    def resize_argv(self, image: str, size: int) -> list[str]:
        return ["rbd", "resize", "--size", size_arg(size), image]

    def map_argv(self, image: str) -> list[str]:
        return ["rbd", "map", image]

    def unmap_argv(self, image: str) -> list[str]:
        return ["rbd", "unmap", image]

    def rm_argv(self, image: str) -> list[str]:
        return ["rbd", "rm", image]

    def snap_purge_argv(self, image: str) -> list[str]:
        return ["rbd", "snap", "purge", image]

    def snap_create_argv(self, image: str, name: str) -> list[str]:
        return ["rbd", "snap", "create", f"{image}@{name}"]

    def snap_rm_argv(self, image: str, name: str) -> list[str]:
        return ["rbd", "snap", "rm", f"{image}@{name}"]
