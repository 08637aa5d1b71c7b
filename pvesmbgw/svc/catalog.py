"""The service templates this node offers, from every repository it knows, without the
network: the package's built-in repository (svc_templates_dir: its index.json when the
package ships one, else its YAML files) and each added repository's tree verified by
`pve-svc repo update` (repocache.py).

Names: a template is REPO/ID (`builtin/ID` for the package's own). A plain ID is the
built-in template when there is one, so no added repository can change what
`install webdav` means; otherwise the one added repository that has ID; if several
have it, ID is ambiguous (exit 2) and must be given as REPO/ID.

search reads indexes only (no YAML, no schema). show and install check a template's
file against its index's sha256 before loading it: a file changed on disk since its
index was verified (or built) is refused.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from ..core.config import Config
from ..core.errors import NotFoundError, ValidationError
from . import index as idx
from ..core.i18n import _
from .index import Index
from .repos import BUILTIN

if TYPE_CHECKING:
    from .template import Template

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Source:
    """A repository as the catalogue reads it."""

    name: str
    folder: Path  # where its <id>.yml files are
    index: Optional[Index]  # None: the built-in folder without an index (YAML is read)
    index_file: Optional[Path] = None

    def path(self, template_id: str) -> Path:
        return self.folder / f"{template_id}.yml"


def builtin(cfg: Config) -> Source:
    """The package's templates, with the index the package ships beside them if any."""
    folder = cfg.svc.templates_dir
    try:
        index = idx.read(folder / idx.FILE)
    except ValidationError as exc:
        log.warning("reading the templates' YAML instead: %s", exc)
        index = None
    return Source(BUILTIN, folder, index, folder / idx.FILE)


def sources(cfg: Config) -> list[Source]:
    """The built-in repository, then every added one this node has a verified tree of."""
    from .repocache import RepoCache
    from .repos import load
    found = [builtin(cfg)]
    for name in sorted(load(cfg).repos):
        cached = RepoCache(cfg.svc.repo_cache, name).read()
        if cached is None:
            log.info("repository %s: nothing verified on this node yet "
                     "(`pve-svc repo update %s`)", name, name)
            continue
        current, index = cached
        tree = RepoCache(cfg.svc.repo_cache, name).tree(current)
        found.append(Source(name, tree / idx.TEMPLATES, index, tree / idx.FILE))
    return found


def entries(source: Source) -> dict[str, dict[str, Any]]:
    """Template id -> its summary (search's row) in SOURCE; the built-in folder without
    an index is read from its YAML (a broken file is skipped with a warning)."""
    if source.index is not None:
        return {tid: idx.entry_summary(e) for tid, e in source.index.templates.items()}
    from .template import TemplateError, load
    out = {}
    folder = source.folder
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else ():
        try:
            out[path.stem] = load(path).summary()
        except TemplateError as exc:
            log.warning("skipping %s: %s", path, exc.problems[0] if exc.problems else exc)
    return out


def search(cfg: Config, term: str = "") -> list[dict[str, Any]]:
    """Every template whose id, name, category or description holds TERM (any case),
    as its summary with the repository it is in; by id, the built-in one first."""
    needle = term.lower()
    rows = []
    for rank, source in enumerate(sources(cfg)):
        for tid, summary in entries(source).items():
            text = " ".join((tid, summary["name"], summary["category"],
                             summary["description"])).lower()
            if needle in text:
                rows.append((tid, rank, {**summary, "repo": source.name}))
    return [row for _, _, row in sorted(rows, key=lambda r: (r[0], r[1]))]


def get(cfg: Config, ref: str) -> "Template":
    """The template REF names (ID or REPO/ID); NotFoundError (exit 2) when there is
    none, ValidationError when ID is ambiguous or its file changed on disk."""
    source, tid = _resolve(sources(cfg), ref)
    path = source.path(tid)
    if source.index is not None:
        _check_file(source, tid, path)
    elif not path.is_file():
        raise _not_found(ref)
    from .template import TemplateError, load
    try:
        template = load(path)
    except TemplateError as exc:
        raise ValidationError("template", _("{path} is not a valid template: "
                              "{problems}").format(path=path, problems=exc.problems[0] if exc.problems else exc)) from None
    return replace(template, repo="" if source.name == BUILTIN else source.name)


def _resolve(found: list[Source], ref: str) -> tuple[Source, str]:
    repo, _sep, tid = ref.rpartition("/")
    if repo:
        chosen = [s for s in found if s.name == repo]
        if not chosen:
            raise NotFoundError(_("no template repository {repo!r} on this node "
                                "(`pve-svc repo list`)").format(repo=repo))
        return chosen[0], tid
    having = [s for s in found if _has(s, tid)]
    if not having:
        raise _not_found(ref)
    if having[0].name == BUILTIN or len(having) == 1:
        return having[0], tid
    names = ", ".join(f"{s.name}/{tid}" for s in having)
    raise ValidationError("id", _("{tid} is in several repositories: say which ({names})").format(tid=tid, names=names))


def _has(source: Source, tid: str) -> bool:
    if source.index is not None:
        return tid in source.index.templates
    return source.path(tid).is_file()


def _check_file(source: Source, tid: str, path: Path) -> None:
    entry = source.index.templates.get(tid) if source.index else None
    if entry is None:
        raise NotFoundError(_("no service template {tid!r} in repository {name} "
                            "(`pve-svc search` lists them)").format(tid=tid, name=source.name))
    try:
        digest = idx.sha256(path)
    except OSError:
        digest = "missing"
    if digest != entry["sha256"]:
        fix = ("rebuild it with `pve-svc index build`" if source.name == BUILTIN
               else f"`pve-svc repo update {source.name}` restores it")
        raise ValidationError("template", _("{path} differs from its sha256 in "
                              "{index_file} (changed on disk?): {fix}").format(path=path, index_file=source.index_file, fix=fix))


def _not_found(ref: str) -> NotFoundError:
    return NotFoundError(_("no service template {ref!r} (`pve-svc search` lists them)").format(ref=ref))
