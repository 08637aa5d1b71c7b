"""The service templates this node offers: the YAML files of the templates folder (the
package's built-in repository; signed repositories come with the index)."""

from __future__ import annotations

import logging
from pathlib import Path

from ..core.config import Config
from ..core.errors import NotFoundError, ValidationError
from .template import Template, TemplateError, load

log = logging.getLogger(__name__)


def files(cfg: Config) -> dict[str, Path]:
    """Template id -> its file, for every *.yml in the templates folder."""
    folder = cfg.svc.templates_dir
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in sorted(folder.glob("*.yml")) if p.is_file()}


def get(cfg: Config, template_id: str) -> Template:
    """The template TEMPLATE_ID; NotFoundError (exit 2) when there is none."""
    path = files(cfg).get(template_id)
    if path is None:
        raise NotFoundError(f"no service template {template_id!r} "
                            f"(`pve-svc search` lists them)")
    try:
        return load(path)
    except TemplateError as exc:
        raise ValidationError("template", f"{path} is not a valid template: "
                              f"{exc.problems[0] if exc.problems else exc}") from None


def search(cfg: Config, term: str = "") -> list[Template]:
    """Every valid template whose id, name, category or description holds TERM (any
    case); a broken file is skipped with a warning."""
    found = []
    needle = term.lower()
    for path in files(cfg).values():
        try:
            t = load(path)
        except TemplateError as exc:
            log.warning("skipping %s: %s", path, exc.problems[0] if exc.problems else exc)
            continue
        text = " ".join((t.id, t.name, t.category, t.description)).lower()
        if needle in text:
            found.append(t)
    return found
