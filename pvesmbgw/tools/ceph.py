"""ceph fs subvolume: CephFS volumes for shares (the mgr 'volumes' module), JSON output."""

from __future__ import annotations

import json
from typing import Any, Optional

from ..core.errors import CommandError, PvesmbgwError
from ..core.i18n import _
from ..core.runner import Runner


class Ceph:
    def __init__(self, runner: Runner, fs: str) -> None:
        self.runner = runner
        self.fs = fs

    def _json(self, args: list[str]) -> Any:
        out = self.runner.run(["ceph", *args, "--format", "json"], mutating=False).stdout
        try:
            return json.loads(out) if out.strip() else None
        except ValueError:
            raise PvesmbgwError(_("ceph {args}: output is not JSON").format(args=' '.join(args))) from None

    def info(self, sub: str) -> Optional[dict[str, Any]]:
        """`ceph fs subvolume info`, or None when the subvolume does not exist."""
        try:
            return dict(self._json(["fs", "subvolume", "info", self.fs, sub]))
        except CommandError as exc:
            if "ENOENT" in exc.stderr:
                return None
            raise

    def getpath(self, sub: str) -> str:
        out = self.runner.run(["ceph", "fs", "subvolume", "getpath", self.fs, sub],
                              mutating=False).stdout
        return out.strip()

    def snapshots(self, sub: str) -> list[str]:
        return [s["name"] for s in self._json(["fs", "subvolume", "snapshot", "ls",
                                                self.fs, sub]) or []]

    def total_bytes(self) -> int:
        return int(self._json(["df"])["stats"]["total_bytes"])

    def create_argv(self, sub: str, size: Optional[int]) -> list[str]:
        argv = ["ceph", "fs", "subvolume", "create", self.fs, sub, "--mode", "2770"]
        return argv + (["--size", str(size)] if size is not None else [])

    def resize_argv(self, sub: str, size: Optional[int]) -> list[str]:
        return ["ceph", "fs", "subvolume", "resize", self.fs, sub,
                "inf" if size is None else str(size), "--no_shrink"]

    def rm_argv(self, sub: str) -> list[str]:
        return ["ceph", "fs", "subvolume", "rm", self.fs, sub]

    def snapshot_create_argv(self, sub: str, name: str) -> list[str]:
        return ["ceph", "fs", "subvolume", "snapshot", "create", self.fs, sub, name]

    def snapshot_rm_argv(self, sub: str, name: str) -> list[str]:
        return ["ceph", "fs", "subvolume", "snapshot", "rm", self.fs, sub, name]
