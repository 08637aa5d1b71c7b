"""Fetch a template repository and verify one commit of it into a staged tree, the
part of `repo update` before anything switches (repomanager.py switches).

Verification, in this order, each failure a refusal (`Refused`, exit 2) naming what:
the commit has index.json and index.json.sig as regular files; gpgv finds the
signature good and made by a key of the repository's keyring; the index parses;
exactly the files the signed index lists are copied out and each must match its
sha256; the serial is above the newest this cluster verified (equal only for that
same commit); each template passes lint and says what its index entry says. Nothing of
the repository runs: git copies files out, gpgv reads two of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from ..core.errors import CommandError, PvesmbgwError, ValidationError
from ..core.runner import Runner
from ..tools.git import Git
from . import index as idx
from ..core.i18n import _
from .index import Index

if TYPE_CHECKING:  # gpgv is imported when a commit is verified, not for an unchanged one
    from ..tools.gpgv import GoodSignature


class Refused(ValidationError):
    """The repository's content is refused (its field says what); nothing changed."""


class Unreachable(PvesmbgwError):
    """The repository could not be fetched; nothing changed. Try again later."""


@dataclass(frozen=True)
class Floor:
    """The newest commit verified so far (by this node or any node of the cluster)."""

    serial: int
    commit: str


@dataclass(frozen=True)
class Verified:
    commit: str
    index: Index
    signature: "GoodSignature"
    index_sha256: str


def fetch(git: Git, url: str) -> str:
    """Fetch URL's HEAD into GIT's download cache (made on first use); its commit."""
    try:
        if not git.git_dir.is_dir():
            git.init()
        return git.fetch(url)
    except CommandError as exc:
        if exc.returncode == 127:  # the runner's "cannot execute"
            raise PvesmbgwError(_("git is not installed (apt install git): template "
                                "repositories are fetched with it")) from None
        lines = (exc.stderr.strip() or exc.stdout.strip() or "no output").splitlines()
        fatal = [line for line in lines if line.startswith("fatal: ")]
        raise Unreachable(_("cannot fetch {url}: "
                          "{fatal}").format(url=url, fatal=(fatal or lines)[0].removeprefix('fatal: '))) from None


def check_serial(serial: int, commit: str, floor: Optional[Floor]) -> None:
    """Refuse SERIAL (of COMMIT) unless it is above FLOOR's, or FLOOR itself."""
    if floor is None or serial > floor.serial:
        return
    if serial < floor.serial:
        raise Refused("serial", _("{serial} is below {floor_serial}, which commit "
                      "{commit} had (an old index replayed?)").format(serial=serial, floor_serial=floor.serial, commit=floor.commit[:12]))
    if commit != floor.commit:
        raise Refused("serial", _("{serial} is commit {commit}'s already, but "
                      "{new_commit} differs: the maintainer must raise it with every change").format(serial=serial, commit=floor.commit[:12], new_commit=commit[:12]))


def verify(runner: Runner, git: Git, commit: str, keyring: Path, tree: Path,
           floor: Optional[Floor]) -> Verified:
    """Copy COMMIT's signed index and the files it lists into TREE (empty), verified
    as the module says; Refused otherwise (TREE is then the caller's to remove)."""
    from ..tools import gpgv
    short = commit[:12]
    work = tree.with_name(tree.name + ".git-index")  # git's index for copy_out
    try:
        _copy(git, commit, [idx.FILE, idx.SIGNATURE], tree, work)
        try:
            good = gpgv.verify(runner, keyring, tree / idx.SIGNATURE, tree / idx.FILE)
        except gpgv.SignatureError as exc:
            raise Refused(idx.SIGNATURE, exc.message) from None
        data = (tree / idx.FILE).read_bytes()
        try:
            index = idx.loads(data, f"commit {short}")
        except ValidationError as exc:
            raise Refused(idx.FILE, exc.message) from None
        _copy(git, commit, sorted(idx.files(index)), tree, work)
        for problem in idx.changed(tree, index)[:1]:
            name, _sep, message = problem.partition(": ")
            raise Refused(name, _("{message} (tampered?)").format(message=message))
        check_serial(index.serial, commit, floor)
        _lint(tree, index)
    finally:
        work.unlink(missing_ok=True)
    import hashlib
    return Verified(commit, index, good, hashlib.sha256(data).hexdigest())


def _copy(git: Git, commit: str, paths: list[str], tree: Path, work: Path) -> None:
    """Copy PATHS of COMMIT into TREE: each must be there, a regular file."""
    found = git.tree(commit, paths)
    for path in paths:
        entry = found.get(path)
        if entry is None:
            reason = (_("the index is unsigned") if path == idx.SIGNATURE else
                      _("no index: build it with `pve-svc index build`") if path == idx.FILE
                      else _("listed in the signed index, but not in the commit"))
            raise Refused(path, _("missing in commit {commit}: {reason}").format(commit=commit[:12], reason=reason))
        if not entry.regular:
            raise Refused(path, _("not a regular file in commit {commit} ({mode})").format(commit=commit[:12], mode=entry.mode))
    git.copy_out(commit, paths, tree, work)


def _lint(tree: Path, index: Index) -> None:
    """Each template passes lint, and its summary is its index entry's."""
    from .template import TemplateError, load
    for tid, entry in index.templates.items():
        name = idx.template_file(tid)
        try:
            template = load(tree / name)
        except TemplateError as exc:
            first = exc.problems[0]
            raise Refused(name, _("line {line}: {field}: {message}").format(line=first.line, field=first.field, message=first.message)) from None
        summary = template.summary()
        if summary != {key: entry.get(key) for key in summary}:
            raise Refused(idx.FILE, _("templates.{tid} does not describe {name} (an index "
                          "not made by `pve-svc index build`?)").format(tid=tid, name=name))
