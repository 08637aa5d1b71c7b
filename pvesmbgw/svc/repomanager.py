"""`pve-svc repo add|update|list|remove`: the template repositories of the cluster and
this node's verified copy of each.

add and remove change the cluster's repository list and keyrings in one transaction
under the command lock (remove also drops this node's cache). update fetches and
verifies outside the lock, in a staged tree (repofetch.py), then under the lock
checks again that the verified commit is still the newest and switches: the
cluster's pin and this node's pointer, one transaction. Whatever fails on the way,
the last good tree stays what search, show and install read.

update's outcome per repository: updated, unchanged, refused (exit 2: the content
is not trusted: unsigned, unknown key, bad signature, tampered file, older serial,
bad template), unreachable (exit 1: git could not fetch; try again) or failed (1).
"""

from __future__ import annotations

import contextlib
import shutil
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional, Sequence

from ..core.config import Config
from ..core.errors import (EXIT_BAD_INPUT, EXIT_FAILED, NotFoundError, PvesmbgwError,
                           ValidationError)
from ..core.ops import Locker, under_lock
from ..core.runner import Runner
from ..tools.git import Git
from . import index as idx
from . import repofetch, repos
from ..core.i18n import _
from .repocache import Current, RepoCache
from .repos import BUILTIN, Pin, Repositories, Repository

if TYPE_CHECKING:  # the transaction engine is imported where a change is made
    from ..core.txn import Step

RunSteps = Callable[[str, Sequence["Step"]], None]


class RepoManager:
    def __init__(self, cfg: Config, runner: Runner, run_steps: RunSteps,
                 locked: Locker = contextlib.nullcontext) -> None:
        self.cfg = cfg
        self.runner = runner
        self.run_steps = run_steps
        self.locked = locked

    def repositories(self) -> Repositories:
        return repos.load(self.cfg)

    def cache(self, name: str) -> RepoCache:
        return RepoCache(self.cfg.svc.repo_cache, name)

    def _existing(self, name: str) -> Repository:
        repo = self.repositories().repos.get(name)
        if repo is None:
            raise NotFoundError(_("no template repository {name!r} (`pve-svc repo list`)").format(name=name))
        return repo

    # -- add and remove -------------------------------------------------------------

    @under_lock
    def add(self, name: str, url: str, keyring: Path) -> dict[str, Any]:
        """Record repository NAME at URL with the public keys in file KEYRING."""
        repos.check_name(name)
        repos.check_url(url)
        current = self.repositories()
        if name in current.repos:
            raise ValidationError("name", _("repository {name} exists (remove it first)").format(name=name))
        binary, keys = read_keyring(keyring)
        repo = Repository(name, url, int(time.time()))
        from ..core.txn import file_step
        ring = repos.keyring_path(self.cfg, name)
        self.run_steps(f"repo add {name}", [
            _binary_step(ring, binary, f"write the keyring of {name}: {', '.join(keys)}"),
            file_step(repos.path(self.cfg), current.with_repo(repo).dumps(),
                      f"add repository {name} ({url})")])
        return {"repository": repos.plain(repo), "keys": keys, "keyring": str(ring)}

    @under_lock
    def remove(self, name: str) -> dict[str, Any]:
        """Forget repository NAME: its entry, its keyring and this node's cache of it."""
        self._existing(name)
        from ..core.records import RemoveTree
        from ..core.txn import deferred_step, file_step
        cache = self.cache(name)
        self.run_steps(f"repo remove {name}", [
            file_step(repos.path(self.cfg), self.repositories().without_repo(name).dumps(),
                      f"remove repository {name}"),
            _binary_step(repos.keyring_path(self.cfg, name), None,
                         f"remove the keyring of {name}"),
            deferred_step(f"remove this node's download cache of {name}",
                          RemoveTree(str(cache.git_dir))),
            deferred_step(f"remove this node's verified templates of {name}",
                          RemoveTree(str(cache.dir)))])
        from .registry import load as load_services
        users = sorted(i.name for i in load_services(self.cfg).instances.values()
                       if i.template.startswith(f"{name}/"))
        notes = [f"instances installed from {name} keep running, but their template is "
                 f"gone (status checks no health): {', '.join(users)}"] if users else []
        return {"repository": name, "notes": notes}

    # -- update ---------------------------------------------------------------------

    def update(self, names: Sequence[str]) -> list[dict[str, Any]]:
        """Update repositories NAMES (default: every one); one result each."""
        config = self.repositories()
        for name in names:
            self._existing(name)
        chosen = [config.repos[n] for n in (names or sorted(config.repos))]
        if self.runner.dry_run:
            return [self._plan(repo) for repo in chosen]
        results = [self._update(repo) for repo in chosen]
        if not names:
            self._drop_orphans(set(config.repos))
        return results

    def _plan(self, repo: Repository) -> dict[str, Any]:
        cache = self.cache(repo.name)
        floor = _floor(cache.current(), repo.pinned)
        above = f"above {floor.serial} (or commit {floor.commit[:12]} itself)" if floor \
            else "any"
        self.runner.report(
            f"would fetch {repo.url} into {cache.git_dir}, verify index.json.sig with "
            f"{repos.keyring_path(self.cfg, repo.name)}, and switch {repo.name} to the "
            f"fetched commit if the signature is good, the serial is {above} and every "
            "file matches the signed index")
        return {"name": repo.name, "status": "dry-run", **_kept_json(cache.current())}

    def _update(self, repo: Repository) -> dict[str, Any]:
        cache = self.cache(repo.name)
        before = cache.current()
        try:
            result = self._fetch_and_switch(repo, cache, before)
        except repofetch.Unreachable as exc:
            result = _failure(repo.name, "unreachable", EXIT_FAILED, str(exc), before)
        except repofetch.Refused as exc:
            result = _failure(repo.name, "refused", EXIT_BAD_INPUT, f"refused: {exc}", before)
        except PvesmbgwError as exc:
            text = str(exc).strip().splitlines()
            result = _failure(repo.name, "failed", exc.exit_code,
                              text[0] if text else type(exc).__name__, before)
        return result

    def _fetch_and_switch(self, repo: Repository, cache: RepoCache,
                          before: Optional[Current]) -> dict[str, Any]:
        git = Git(self.runner, cache.git_dir)
        commit = repofetch.fetch(git, repo.url)
        if before is not None and before.commit == commit and _intact(cache, before):
            return {"name": repo.name, "status": "unchanged", "exit": 0,
                    **_kept_json(before)}
        tree = cache.stage()
        try:
            verified = repofetch.verify(self.runner, git, commit,
                                        repos.keyring_path(self.cfg, repo.name), tree,
                                        _floor(before, repo.pinned))
            cache.publish(tree)
            new = Current(tree.name, commit, verified.index.serial,
                          verified.signature.fingerprint, int(time.time()),
                          verified.index_sha256, len(verified.index.templates),
                          cache.stamp(tree))
            self._switch(repo.name, cache, new)
        except BaseException:
            shutil.rmtree(tree, ignore_errors=True)
            raise
        cache.prune({new.tree} | ({before.tree} if before else set()))
        return {"name": repo.name, "status": "updated", "exit": 0,
                "previous": _kept_json(before).get("commit"), **_kept_json(new)}

    @under_lock
    def _switch(self, name: str, cache: RepoCache, new: Current) -> None:
        """Point this node's cache at verified tree NEW and raise the cluster's pin to
        it, in one transaction; refused when, since the fetch, the repository was
        removed or something newer was verified."""
        repo = self.repositories().repos.get(name)
        if repo is None:
            raise repofetch.Refused("name", _("repository {name} was removed meanwhile").format(name=name))
        repofetch.check_serial(new.serial, new.commit, _floor(cache.current(), repo.pinned))
        from ..core.txn import file_step
        steps = [file_step(cache.pointer, cache.pointer_bytes(new),
                           f"switch {name} to commit {new.commit[:12]} (serial {new.serial})")]
        if repo.pinned is None or repo.pinned.commit != new.commit:
            pin = Pin(new.commit, new.serial, new.fingerprint, new.updated, self.cfg.node)
            config = self.repositories().with_repo(replace(repo, pinned=pin))
            steps.insert(0, file_step(repos.path(self.cfg), config.dumps(),
                                      f"pin {name} at serial {new.serial} for the cluster"))
        self.run_steps(f"repo update {name}", steps)

    def _drop_orphans(self, names: set[str]) -> None:
        """This node's caches of repositories removed on another node."""
        from .repocache import orphans
        for path in orphans(self.cfg.svc.repo_cache, names):
            shutil.rmtree(path, ignore_errors=True)

    # -- list -----------------------------------------------------------------------

    def list(self) -> list[dict[str, Any]]:
        """The built-in repository, then each added one: its URL, the cluster's pin and
        what this node's cache holds."""
        folder = self.cfg.svc.templates_dir
        try:
            builtin = idx.read(folder / idx.FILE)
        except ValidationError:
            builtin = None
        count = len(builtin.templates) if builtin else len(list(folder.glob("*.yml")))
        rows: list[dict[str, Any]] = [{"name": BUILTIN, "url": str(folder), "templates": count,
                                       "serial": builtin.serial if builtin else None}]
        for name, repo in sorted(self.repositories().repos.items()):
            rows.append({**repos.plain(repo), "keyring": str(repos.keyring_path(self.cfg, name)),
                         "cached": _kept_json(self.cache(name).current()) or None})
        return rows


def read_keyring(path: Path) -> tuple[bytes, list[str]]:
    """The binary keyring in file PATH (binary or ASCII-armored) and its keys."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(repos.MAX_KEYRING + 1)
    except OSError as exc:
        raise ValidationError("keyring", _("cannot read {path}: {strerror}").format(path=path, strerror=exc.strerror)) from None
    if len(data) > repos.MAX_KEYRING:
        raise ValidationError("keyring", _("{path} is larger than "
                              "{max_keyring} MiB: not a keyring of a few keys").format(path=path, max_keyring=repos.MAX_KEYRING >> 20))
    from ..core import openpgp
    binary = openpgp.dearmor(data)
    return binary, openpgp.fingerprints(binary)


def _binary_step(path: Path, data: Optional[bytes], title: str) -> "Step":
    """A file step whose dry-run preview does not print binary DATA."""
    from ..core.txn import file_step
    step = file_step(path, data, title)
    step.preview = [f"{'write' if data is not None else 'remove'} {path}"
                    + (f" ({len(data)} bytes)" if data is not None else "")]
    return step


def _floor(current: Optional[Current], pin: Optional[Pin]) -> Optional[repofetch.Floor]:
    """The newest of what this node holds and what the cluster pinned."""
    known = [repofetch.Floor(c.serial, c.commit) for c in (current, pin) if c is not None]
    return max(known, key=lambda f: f.serial) if known else None


def _intact(cache: RepoCache, current: Current) -> bool:
    """The current tree's files are as they were verified (by name, size and time: a
    changed or removed one is restored from the download cache)."""
    try:
        return cache.stamp(cache.tree(current)) == current.stamp
    except OSError:
        return False


def _kept_json(current: Optional[Current]) -> dict[str, Any]:
    if current is None:
        return {}
    return {"commit": current.commit, "serial": current.serial,
            "fingerprint": current.fingerprint, "updated": current.updated,
            "templates": current.templates}


def _failure(name: str, status: str, code: int, message: str,
             before: Optional[Current]) -> dict[str, Any]:
    kept = (f"kept commit {before.commit[:12]} (serial {before.serial})" if before
            else "nothing was cached before")
    return {"name": name, "status": status, "exit": code, "message": f"{message}; {kept}",
            **_kept_json(before)}
