"""Typed journal records: what reverses a step (its compensation) or what a deferred,
destructive step does once the plan is past its point of no return.

Each kind is a frozen dataclass registered under its kind name with `@register`,
defined beside the code that makes it. In the journal a record is plain JSON,
{"kind": NAME, field: value, ...}, the same shape earlier versions wrote as dicts, so
a journal left by an older version is still repaired. `apply` is idempotent: it may
run for a step that never got to act (a crash right after journaling), or run twice
(a crash right after it acted).

A kind must be registered before a record of it is read back: a transaction's own
kinds are (their modules made its steps); for any other, the transaction imports
pvesmbgw.handlers, which imports every module that defines records.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Optional, TypeVar

from . import fsutil
from .errors import PvesmbgwError
from .i18n import _

if TYPE_CHECKING:
    # Types only: the plugin's status hook reaches this module through the storage
    # room and must not load the process machinery.
    from .config import Config
    from .runner import Runner


class RecordError(PvesmbgwError):
    """A journal record this version cannot read (unknown kind or fields)."""


@dataclass
class Context:
    """What records act with: the configuration, the runner, and the secrets of the
    transaction in progress (in memory only, never journaled)."""

    cfg: "Config"
    runner: "Runner"
    secrets: dict[str, str] = field(default_factory=dict)

    def run(self, argv: list[str]) -> None:
        self.runner.run(argv, mutating=True)


_KINDS: dict[str, type["Record"]] = {}

R = TypeVar("R", bound=type["Record"])


def register(kind: str) -> Callable[[R], R]:
    """Class decorator: make a Record subclass the reader of journal records KIND."""
    def wrap(cls: R) -> R:
        if kind in _KINDS and _KINDS[kind] is not cls:
            raise ValueError(f"record kind {kind!r} registered twice "
                             f"({_KINDS[kind].__qualname__}, {cls.__qualname__})")
        cls.kind = kind
        _KINDS[kind] = cls
        return cls
    return wrap


def registered() -> dict[str, type["Record"]]:
    """Every registered kind and its class (a copy)."""
    return dict(_KINDS)


@dataclass(frozen=True)
class Record:
    """A journal record; subclasses add fields and `apply`."""

    kind: ClassVar[str] = ""

    def apply(self, ctx: Context) -> None:
        raise NotImplementedError(f"{type(self).__qualname__}.apply")

    def to_json(self) -> dict[str, Any]:
        """{"kind": ..., fields...}; a field left at None is omitted, as the dicts of
        earlier versions omitted it (sequences become lists)."""
        data: dict[str, Any] = {"kind": self.kind}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            data[f.name] = list(value) if isinstance(value, tuple) else value
        return data

    @staticmethod
    def from_json(data: dict[str, Any]) -> "Record":
        """The record a journal entry describes; RecordError when this version cannot
        read it (a kind it does not know, or fields its kind does not have)."""
        kind = data.get("kind")
        cls = _KINDS.get(str(kind))
        if cls is None:
            raise RecordError(_("unknown journal record kind {kind!r} (written by another "
                              "pvesmbgw version?)").format(kind=kind))
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - names - {"kind"})
        if unknown:
            raise RecordError(_("journal record {kind!r} has unknown fields {unknown}").format(kind=kind, unknown=unknown))
        # JSON has lists only; records hold tuples, so that they stay immutable.
        values = {k: tuple(v) if isinstance(v, list) else v
                  for k, v in data.items() if k != "kind"}
        try:
            return cls(**values)
        except TypeError as exc:
            raise RecordError(_("journal record {kind!r}: {exc}").format(kind=kind, exc=exc)) from None


# -- generic file records -----------------------------------------------------------


@register("restore_file")
@dataclass(frozen=True)
class RestoreFile(Record):
    """Put back the journal's copy of a file, or remove a file that did not exist.
    BACKUP is filled in by the transaction when the step is journaled."""

    path: str
    mode: Optional[int] = None
    backup: Optional[str] = None

    def apply(self, ctx: Context) -> None:
        if self.backup is None:
            fsutil.remove_file(Path(self.path))
        else:
            fsutil.atomic_write(Path(self.path), Path(self.backup).read_bytes(),
                                0o644 if self.mode is None else self.mode)


@register("rmdir")
@dataclass(frozen=True)
class Rmdir(Record):
    """Remove an empty directory we made (a non-empty one is an error: data in it)."""

    path: str

    def apply(self, ctx: Context) -> None:
        try:
            os.rmdir(self.path)
        except FileNotFoundError:
            pass


@register("remove_tree")
@dataclass(frozen=True)
class RemoveTree(Record):
    path: str

    def apply(self, ctx: Context) -> None:
        if os.path.isdir(self.path):
            import shutil  # here: every backend imports this module, `status` among them
            shutil.rmtree(self.path)
