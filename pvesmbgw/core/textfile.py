"""node_exporter textfile output, for every command that writes Prometheus metrics:
where such a file may go, and how it is written.

The rules are the hostile-input ones of `metrics --textfile`: an absolute *.prom path
(node_exporter reads only those) in a directory that exists (the agent never creates
one: node_exporter's package does) and lies outside the system's own trees, never a
directory or a symlink; written atomically, so node_exporter never reads half a file.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import fsutil
from .errors import ValidationError
from .i18n import _

# Debian's prometheus-node-exporter reads *.prom files from here.
DIRECTORY = Path("/var/lib/prometheus/node-exporter")


def check_textfile(raw: str, example: str = "pvesmbgw.prom") -> Path:
    """RAW as a node_exporter textfile path, else ValidationError('textfile', …).
    EXAMPLE: the file name the error message suggests."""
    if not raw.startswith("/") or not raw.endswith(".prom") or \
            any(ord(c) < 32 or ord(c) == 127 for c in raw):
        raise ValidationError("textfile", _("must be an absolute path ending in .prom "
                              "(node_exporter reads only those)"))
    path = Path(os.path.normpath(raw))
    if any(path.is_relative_to(tree) for tree in fsutil.SYSTEM_TREES):
        raise ValidationError("textfile", _("{path} lies in a system directory; use the "
                              "node_exporter textfile directory, e.g. {directory}").format(path=path, directory=DIRECTORY / example))
    if not path.parent.is_dir() or path.parent.is_symlink():
        raise ValidationError("textfile", _("directory {parent} does not exist").format(parent=path.parent))
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise ValidationError("textfile", _("{path} exists and is not a regular file").format(path=path))
    return path


def write_textfile(path: Path, data: bytes) -> None:
    """Atomically: node_exporter never reads half a file (it skips the dot-temp file)."""
    fsutil.atomic_write(path, data, mode=0o644)
