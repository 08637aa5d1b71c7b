"""PVE storage definitions: from `pvesh get /storage` on a node, else storage.cfg."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

from ..core.errors import ValidationError
from ..core.i18n import _
from ..core.runner import Runner
from ..tools import pvesh

# Storage types whose shares this version can place (more come with the backends issue).
SUPPORTED_TYPES = ("dir", "btrfs", "zfspool", "cephfs", "rbd")


@dataclass(frozen=True)
class Storage:
    storage_id: str
    type: str
    path: Optional[str]
    disabled: bool = False
    content: tuple[str, ...] = ()
    pool: Optional[str] = None  # zfspool: the parent dataset
    fs_name: Optional[str] = None  # cephfs: the file system (default "cephfs")


def parse_storage_cfg(text: str) -> dict[str, Storage]:
    """Parse /etc/pve/storage.cfg: '<type>: <id>' then TAB-indented 'key value' lines."""
    sections: list[dict[str, str]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0] in " \t":
            if sections:
                key, _, value = line.strip().partition(" ")
                # A bare boolean key ('\tsparse') means 1.
                sections[-1][key] = value.strip() or "1"
            continue
        kind, sep, ident = line.partition(":")
        if sep:
            sections.append({"type": kind.strip(), "storage": ident.strip()})
    return {s["storage"]: _storage_from(s) for s in sections}


def _storage_from(values: Mapping[str, object]) -> Storage:
    disabled = str(values.get("disable", "0")) not in ("0", "")
    path = values.get("path")
    content = tuple(c for c in str(values.get("content", "")).split(",") if c)
    pool = values.get("pool")
    fs_name = values.get("fs-name")
    return Storage(str(values["storage"]), str(values["type"]),
                   str(path) if path else None, disabled, content,
                   str(pool) if pool else None, str(fs_name) if fs_name else None)


def all_storages(runner: Runner, storage_cfg: Path) -> dict[str, Storage]:
    """Every storage definition: through the API when pvesh exists, else storage.cfg."""
    if pvesh.available():
        entries = pvesh.get(runner, "/storage")
        return {str(e["storage"]): _storage_from(e) for e in entries}
    try:
        return parse_storage_cfg(storage_cfg.read_text())
    except FileNotFoundError:
        raise ValidationError("storage", _("no PVE storage config ({storage_cfg}) "
                              "and no pvesh on this host").format(storage_cfg=storage_cfg)) from None


def with_content(storages: dict[str, Storage], content: str,
                 wanted: str = "") -> Storage:
    """WANTED if given (it must allow CONTENT), else the first enabled storage that does."""
    if wanted:
        found = storages.get(wanted)
        if found is None:
            raise ValidationError("storage", _("no such storage {wanted!r}").format(wanted=wanted))
        if content not in found.content or found.disabled:
            raise ValidationError("storage", _("storage {wanted!r} does not allow content "
                                  "{content!r} (or is disabled)").format(wanted=wanted, content=content))
        return found
    for storage in storages.values():
        if content in storage.content and not storage.disabled:
            return storage
    raise ValidationError("storage", _("no enabled storage allows content {content!r}").format(content=content))


def lookup(storage_id: str, runner: Runner, storage_cfg: Path) -> Storage:
    """The storage a share may be placed in (type dir or btrfs, with a path)."""
    return placeable(all_storages(runner, storage_cfg), storage_id)


def placeable(storages: dict[str, Storage], storage_id: str) -> Storage:
    """STORAGE_ID of STORAGES, if a volume can be placed in it (enabled, a supported
    type, with a path or pool); ValidationError('storage', why not) otherwise."""
    found = storages.get(storage_id)
    if found is None:
        raise ValidationError("storage", _("no such storage {storage_id!r}").format(storage_id=storage_id))
    if found.disabled:
        raise ValidationError("storage", _("storage {storage_id!r} is disabled").format(storage_id=storage_id))
    if found.type not in SUPPORTED_TYPES:
        raise ValidationError("storage", _("storage {storage_id!r} has type {type!r}; "
                              "supported now: {supported_types}").format(storage_id=storage_id, type=found.type, supported_types=', '.join(SUPPORTED_TYPES)))
    if not found.path and not found.pool:
        raise ValidationError("storage", _("storage {storage_id!r} has no path").format(storage_id=storage_id))
    return found
