"""Restoring a volume's files from one of its snapshots (the journal record that does it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..core.records import Context, Record, register
from ..tools.rsync import restore_argv
from . import backend_named


@register("restore_from")
@dataclass(frozen=True)
class RestoreFrom(Record):
    """Make the files of volume PATH (of BACKEND, VOLUME) those of SNAPSHOT again with
    rsync, leaving its snapshot directory EXCLUDE alone."""

    backend: str
    snapshot: str
    path: str
    exclude: str
    volume: Optional[str] = None

    def apply(self, ctx: Context) -> None:
        path = Path(self.path)
        backend = backend_named(self.backend, path, ctx.runner, self.volume, ctx.cfg)
        source = backend.snapshot_path(path, self.snapshot)
        if source.is_dir():
            ctx.run(restore_argv(source, path, self.exclude))
