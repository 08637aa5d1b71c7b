"""rsync argv builders."""

from __future__ import annotations

from pathlib import Path


def restore_argv(source: Path, path: Path, exclude: str) -> list[str]:
    """rsync SOURCE's files onto PATH exactly (ACLs, xattrs, hard links, deletions),
    leaving PATH's snapshot directory EXCLUDE alone."""
    # --checksum: a file rewritten within the same second with the same size would
    # otherwise look unchanged to rsync and keep its newer content.
    return ["rsync", "-aHAX", "--checksum", "--delete", f"--exclude=/{exclude}", f"{source}/",
            f"{path}/"]
