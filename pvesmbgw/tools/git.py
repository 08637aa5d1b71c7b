"""git, as the template repositories are fetched with it: into a bare download cache,
and files of one commit copied out of it.

Nothing of a repository, or of root's git configuration, runs or applies: no system
or global configuration (credential helpers, url rewrites, filters), no hooks, no
prompts; one transport is allowed per fetch (https, or file for local paths), and
objects are checked as they arrive (transfer.fsckObjects).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..core.errors import PvesmbgwError
from ..core.i18n import _
from ..core.runner import Runner

# The ref a fetch writes; the repository's HEAD (its default branch) is what is fetched.
FETCHED = "refs/pvesvc/fetched"
# Regular files: a symbolic link (120000) or submodule (160000) is never copied out.
REGULAR = ("100644", "100755")
_COMMIT = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")

_CONFIG = ("core.hooksPath=/dev/null", "credential.helper=", "core.fsmonitor=false",
           "transfer.fsckObjects=true", "gc.auto=0", "maintenance.auto=false",
           "protocol.allow=never")
ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
       "GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "", "SSH_ASKPASS": "",
       "GIT_LITERAL_PATHSPECS": "1", "LC_ALL": "C"}


@dataclass(frozen=True)
class TreeEntry:
    mode: str
    kind: str  # blob, tree, commit
    path: str

    @property
    def regular(self) -> bool:
        return self.kind == "blob" and self.mode in REGULAR


def transport(url: str) -> str:
    """The one git transport URL needs: https, or file for a file:// URL or a path."""
    return "https" if url.startswith("https://") else "file"


class Git:
    """One bare repository (the download cache of a template repository)."""

    def __init__(self, runner: Runner, git_dir: Path) -> None:
        self.runner = runner
        self.git_dir = git_dir

    def argv(self, *args: str, allow: str = "", work_tree: str = "") -> list[str]:
        argv = ["git", f"--git-dir={self.git_dir}"]
        if work_tree:
            argv.append(f"--work-tree={work_tree}")
        for item in _CONFIG + ((f"protocol.{allow}.allow=always",) if allow else ()):
            argv += ["-c", item]
        return argv + list(args)

    def init(self) -> None:
        """Create the bare repository (once)."""
        self.runner.run(["git", "init", "--quiet", "--bare", str(self.git_dir)],
                        mutating=True, env=ENV)

    def fetch(self, url: str) -> str:
        """Fetch URL's HEAD into FETCHED; the commit it names."""
        # GIT_SSL_NO_VERIFY in root's environment would turn TLS verification off
        # whatever the config says (git only asks whether it is set): unset here.
        self.runner.run(["env", "-u", "GIT_SSL_NO_VERIFY"] + self.argv(
            "fetch", "--quiet", "--no-tags", "--no-recurse-submodules", "--", url,
            f"+HEAD:{FETCHED}", allow=transport(url)), mutating=True, env=ENV)
        return self.fetched_commit()

    def fetched_commit(self) -> str:
        """The commit the last fetch brought (FETCH_HEAD's first line: no process)."""
        head = (self.git_dir / "FETCH_HEAD").read_text(encoding="ascii", errors="replace")
        commit = head.split("\t", 1)[0].strip()
        if not _COMMIT.fullmatch(commit):
            raise PvesmbgwError(_("{git_dir}/FETCH_HEAD names no commit").format(git_dir=self.git_dir))
        return commit

    def tree(self, commit: str, paths: Sequence[str]) -> dict[str, TreeEntry]:
        """PATHS (files, from the top) as COMMIT has them; a missing one is left out."""
        out = self.runner.run(self.argv("ls-tree", "-z", "--full-tree", commit, "--", *paths),
                              mutating=False, env=ENV).stdout
        entries = {}
        for record in filter(None, out.split("\0")):
            head, _, path = record.partition("\t")
            mode, kind, _ = head.split(" ", 2)
            entries[path] = TreeEntry(mode, kind, path)
        return entries

    def copy_out(self, commit: str, paths: Sequence[str], into: Path, index_file: Path) -> None:
        """Write PATHS of COMMIT into directory INTO (git's index of them: INDEX_FILE).
        A read of the cache: what it writes is the caller's staging directory."""
        self.runner.run(self.argv("checkout", "--quiet", commit, "--", *paths,
                                  work_tree=str(into)),
                        mutating=False, env={**ENV, "GIT_INDEX_FILE": str(index_file)})
