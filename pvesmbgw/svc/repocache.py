"""This node's copy of one template repository, under svc_repo_cache:

    NAME.git/          the bare git download cache (`git fetch` lands here; objects of a
                       refused fetch may stay in it, never read)
    NAME/tree-XXXX/    a tree verified against its signed index: index.json,
                       index.json.sig and the templates (and icons) the index lists
    NAME/current.json  the pointer: the tree search, show and install read, its commit,
                       serial, signing key and the sha256 of its index.json

A new tree is staged and verified beside the current one; only then is the pointer
replaced (one atomic rename). So any failure leaves the last good tree in use. The
previous tree stays one update longer (a command reading it meanwhile still can).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Optional

from ..core import fsutil
from ..core.errors import ValidationError
from . import index as idx
from .index import Index

log = logging.getLogger(__name__)

POINTER = "current.json"
_TREE = re.compile(r"tree-[A-Za-z0-9_]+")


@dataclass(frozen=True)
class Current:
    tree: str  # the directory's name under NAME/
    commit: str
    serial: int
    fingerprint: str
    updated: int
    index_sha256: str
    templates: int
    stamp: str  # of the tree's files as verified (RepoCache.stamp)


class RepoCache:
    def __init__(self, root: Path, name: str) -> None:
        self.root = root
        self.name = name

    @property
    def git_dir(self) -> Path:
        return self.root / f"{self.name}.git"

    @property
    def dir(self) -> Path:
        return self.root / self.name

    @property
    def pointer(self) -> Path:
        return self.dir / POINTER

    def current(self) -> Optional[Current]:
        """What the pointer says; None before the first update (or when it is corrupt:
        the next update replaces it)."""
        data = fsutil.read_bytes(self.pointer)
        if data is None:
            return None
        try:
            current = Current(**json.loads(data))
        except (ValueError, TypeError) as exc:
            log.warning("ignoring %s: %s", self.pointer, exc)
            return None
        if not _TREE.fullmatch(current.tree):
            log.warning("ignoring %s: bad tree name %r", self.pointer, current.tree)
            return None
        return current

    def tree(self, current: Current) -> Path:
        return self.dir / current.tree

    def read(self) -> Optional[tuple[Current, Index]]:
        """The current tree's pointer and index, the index checked against the sha256
        the pointer recorded; None when there is none or it does not match."""
        current = self.current()
        if current is None:
            return None
        path = self.tree(current) / idx.FILE
        try:
            data = path.read_bytes()
        except OSError as exc:
            log.warning("repository %s: cannot read %s: %s", self.name, path, exc)
            return None
        if hashlib.sha256(data).hexdigest() != current.index_sha256:
            log.warning("repository %s: %s changed on disk since it was verified; "
                        "`pve-svc repo update %s` restores it", self.name, path, self.name)
            return None
        try:
            # The very bytes update checked entry by entry (their sha256 matches).
            return current, idx.loads(data, str(path), entries=False)
        except ValidationError as exc:
            log.warning("repository %s: %s", self.name, exc)
            return None

    def stage(self) -> Path:
        """A new, empty tree directory beside the current one (0700 until switched)."""
        import tempfile  # here: search and show never stage
        self.dir.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix="tree-", dir=self.dir))

    def pointer_bytes(self, current: Current) -> bytes:
        return (json.dumps(asdict(current), indent=1, sort_keys=True) + "\n").encode()

    def prune(self, keep: set[str]) -> None:
        """Remove every tree but those named in KEEP (the current and the previous
        one), and what a killed update left staged."""
        import shutil
        for path in self.dir.iterdir():
            if path.is_dir() and path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)

    @staticmethod
    def stamp(tree: Path) -> str:
        """A digest of every file's name, size and modification time in TREE: it
        changes when anything there is written or removed, and costs a stat per file
        where hashing the templates would read them all (`repo update` of an
        unchanged repository checks it; show and install check the sha256)."""
        lines = []
        for top in (tree, tree / idx.TEMPLATES):
            with os.scandir(top) as found:
                for entry in found:
                    if entry.is_file(follow_symlinks=False):
                        st = entry.stat(follow_symlinks=False)
                        lines.append(f"{entry.path} {st.st_size} {st.st_mtime_ns}")
        return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()

    def publish(self, tree: Path) -> None:
        """Make a verified TREE readable (a staged one is 0700)."""
        os.chmod(tree, 0o755)


def orphans(root: Path, names: set[str]) -> list[Path]:
    """Cache entries under ROOT of repositories not in NAMES (removed on another node)."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir()
                  if p.is_dir() and p.name.removesuffix(".git") not in names)
