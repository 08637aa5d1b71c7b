"""The template repositories of the cluster (`pve-svc repo add`): one versioned JSON
document in the store (repos.json: the cluster filesystem on a PVE node, so every node
sees it) and each repository's keyring beside it (svc-keyrings/NAME.gpg, binary, what
gpgv reads), both written under the command lock that every mutating command takes.

A repository's `pinned` is the newest commit any node of the cluster has verified and
switched to, with its serial: a node whose own cache is older still refuses an index
below it (a rollback shown to one node only is refused by all of them).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Optional

from ..core import fsutil, store
from ..core.config import Config
from ..core.errors import ConfigError, ValidationError
from ..core.i18n import _
from ..core.text import breaks_lines, undecodable

FORMAT_VERSION = 1
FILE_NAME = "repos.json"
KEYRINGS = "svc-keyrings"
# The package's own templates (svc_templates_dir): always there, never added or removed.
BUILTIN = "builtin"
NAME_RE = re.compile(r"[a-z][a-z0-9-]{0,30}[a-z0-9]")
MAX_KEYRING = 1024 * 1024  # a file on pmxcfs; a keyring is a few KiB


@dataclass(frozen=True)
class Pin:
    """A commit a node verified and switched to."""

    commit: str
    serial: int
    fingerprint: str  # the signing key's (primary) fingerprint
    updated: int  # unix time
    node: str


@dataclass(frozen=True)
class Repository:
    name: str
    url: str
    added: int = 0
    pinned: Optional[Pin] = None


@dataclass(frozen=True)
class Repositories:
    repos: dict[str, Repository] = field(default_factory=dict)

    def with_repo(self, repo: Repository) -> "Repositories":
        return replace(self, repos={**self.repos, repo.name: repo})

    def without_repo(self, name: str) -> "Repositories":
        return replace(self, repos={k: v for k, v in self.repos.items() if k != name})

    def dumps(self) -> bytes:
        return store.dumps_document(FORMAT_VERSION, {"repositories": {
            name: plain(repo) for name, repo in sorted(self.repos.items())}})


def loads(text: bytes, source: str) -> Repositories:
    data = store.loads_document(text, (FORMAT_VERSION,), source, "repository list")
    try:
        repos = {}
        for name, row in (data.get("repositories") or {}).items():
            row = dict(row)
            pin = row.pop("pinned", None)
            repos[name] = Repository(**row, pinned=Pin(**pin) if pin else None)
    except (TypeError, AttributeError) as exc:
        raise ConfigError(_("{source}: corrupt repository list: {exc}").format(source=source, exc=exc)) from None
    return Repositories(repos)


def path(cfg: Config) -> Path:
    return cfg.store.path(FILE_NAME)


def keyring_path(cfg: Config, name: str) -> Path:
    return cfg.store.path(KEYRINGS) / f"{name}.gpg"


def load(cfg: Config) -> Repositories:
    file = path(cfg)
    text = fsutil.read_bytes(file)
    return Repositories() if text is None else loads(text, str(file))


def check_name(name: str) -> str:
    """A repository name: 2 to 32 lower-case letters, digits and '-' (it names files
    and prefixes template ids as NAME/ID); not the built-in repository's."""
    if not NAME_RE.fullmatch(name):
        raise ValidationError("name", _("2 to 32 lower-case letters, digits and '-', "
                              "starting with a letter, got {name!r}").format(name=name))
    if name == BUILTIN:
        raise ValidationError("name", _("{builtin!r} is the package's own templates").format(builtin=BUILTIN))
    return name


def check_url(url: str) -> str:
    """URL if git may fetch it: https://HOST/..., file:///PATH or /PATH. Nothing else
    (http, ssh, git://, scp-like HOST:PATH, relative paths, other transports)."""
    if undecodable(url) or breaks_lines(url) or any(c.isspace() for c in url):
        raise ValidationError("url", _("must not contain white space or control characters"))
    if url.startswith("https://"):
        host = url[len("https://"):].split("/", 1)[0]
        if not host:
            raise ValidationError("url", _("no host in {url!r}").format(url=url))
        if "@" in host:
            raise ValidationError("url", _("must not hold a user or password (it would be "
                                  "stored in the cluster's configuration)"))
        return url
    local = url[len("file://"):] if url.startswith("file://") else url
    if local.startswith("/"):
        fsutil.check_path_text(local, "url")
        return url
    if url.startswith("file://"):
        raise ValidationError("url", _("a file:// URL names an absolute path "
                              "(file:///srv/templates.git), got {url!r}").format(url=url))
    raise ValidationError("url", _("must be https://, file:// or an absolute path, got {url!r}").format(url=url))


def plain(repo: Repository) -> dict[str, Any]:
    """REPO as JSON-able data."""
    return {k: v for k, v in asdict(repo).items() if v is not None}
