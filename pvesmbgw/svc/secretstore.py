"""Where pve-svc keeps its instances' secrets on the host side, and how a rotation is
undone without a value ever entering the journal.

Two backends; an instance records the one it was installed with (registry
`secret_store`), so changing svc_secret_backend later moves nothing:

- file: `<pve_root>/priv/pvesvc/INSTANCE/NAME`, PVE's own place for storage passwords:
  the cluster filesystem replicates it to every node and lets only root read it
  (directories 0700, files 0600; `state_dir/priv/pvesvc` on a host without one);
- vault: a HashiCorp Vault KV v2 engine (vault.py).

A rotation replaces a value but keeps the old one reachable until its transaction ends,
so its rollback, and the next command's repair of a killed one, can put the old value
back in the store and in the guest: the journal holds a *version* (which value), never
a value. The file backend keeps `NAME.prior` beside NAME until `settle`; Vault keeps
every version anyway (the version is its number).
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Optional, Sequence

from ..core import fsutil
from ..core.config import Config
from ..core.errors import ValidationError
from ..core.i18n import _

FILE = "file"
VAULT = "vault"
# What a secret's value may be when the administrator gives it (a generated one always
# is): one line (the guest's tools read files line by line), no control characters, no
# white space at its ends (tools that trim would use another value than was stored).
MAX_VALUE = 4096


def check_value(field: str, value: str) -> str:
    """VALUE as a secret given at install or rotation, or ValidationError naming FIELD
    (the message never quotes the value)."""
    if not value:
        raise ValidationError(field, _("the value is empty"))
    if len(value.encode()) > MAX_VALUE:
        raise ValidationError(field, _("the value is longer than {max_value} bytes").format(max_value=MAX_VALUE))
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise ValidationError(field, _("the value holds a control character (one line of "
                              "text)"))
    if value != value.strip():
        raise ValidationError(field, _("the value begins or ends with white space"))
    return value


class SecretStore(ABC):
    """The values of the secrets of every instance in one backend."""

    kind: str
    # True when a rotation leaves something to forget once it is done (settle).
    settles: bool = False

    @abstractmethod
    def where(self, instance: str, name: str) -> str:
        """Where NAME of INSTANCE is kept, for people (a path, a Vault path)."""

    @abstractmethod
    def read(self, instance: str, name: str) -> Optional[str]:
        """The current value, or None when there is none."""

    def exists(self, instance: str, name: str) -> bool:
        return self.read(instance, name) is not None

    @abstractmethod
    def create(self, instance: str, name: str, value: str) -> None:
        """Store a secret that does not exist yet."""

    @abstractmethod
    def version(self, instance: str, name: str) -> str:
        """Which value is current: what `replace`, `value_at` and `restore` are given."""

    @abstractmethod
    def replace(self, instance: str, name: str, value: str, version: str) -> None:
        """Make VALUE current, the one VERSION names staying reachable (`value_at`)
        until `settle`; refused when VERSION is no longer current."""

    @abstractmethod
    def value_at(self, instance: str, name: str, version: str) -> Optional[str]:
        """The value VERSION names (the old one, during a rotation)."""

    @abstractmethod
    def restore(self, instance: str, name: str, version: str,
                ours: Optional[str] = None) -> None:
        """Make the value VERSION names current again; idempotent. OURS: the value the
        rotation wrote, when known; a store others write to refuses to put the old
        value over a third one."""

    def settle(self, instance: str, name: str) -> None:
        """A rotation is done: forget the value it replaced."""

    @abstractmethod
    def remove(self, instance: str, names: Sequence[str]) -> None:
        """Remove NAMES of INSTANCE (absent ones are no error)."""


class FileStore(SecretStore):
    """Root-only files in the cluster filesystem's priv tree."""

    kind = FILE
    settles = True

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, instance: str, name: str) -> Path:
        return self.root / instance / name

    def prior(self, instance: str, name: str) -> Path:
        # A parameter name has no '.', so NAME.prior is never another secret's file.
        return self.root / instance / f"{name}.prior"

    def where(self, instance: str, name: str) -> str:
        return str(self.path(instance, name))

    def read(self, instance: str, name: str) -> Optional[str]:
        data = fsutil.read_bytes(self.path(instance, name))
        return None if data is None else data.decode()

    def create(self, instance: str, name: str, value: str) -> None:
        self._write(self.path(instance, name), value)

    def version(self, instance: str, name: str) -> str:
        return ""  # one current value, and its prior while a rotation runs

    def replace(self, instance: str, name: str, value: str, version: str) -> None:
        old = fsutil.read_bytes(self.path(instance, name))
        if old is None:
            raise ValidationError(f"secret {name}", _("{instance} is gone").format(instance=self.where(instance, name)))
        # The prior first: from here a rollback finds the old value whatever happens.
        self._write(self.prior(instance, name), old.decode())
        self._write(self.path(instance, name), value)

    def value_at(self, instance: str, name: str, version: str) -> Optional[str]:
        # During a rotation the prior is the old value; before the new one was stored
        # there is no prior, and the current value still is the old one.
        for path in (self.prior(instance, name), self.path(instance, name)):
            data = fsutil.read_bytes(path)
            if data is not None:
                return data.decode()
        return None

    def restore(self, instance: str, name: str, version: str,
                ours: Optional[str] = None) -> None:
        # Only pve-svc writes here, under its lock: whatever is current is ours.
        prior = self.prior(instance, name)
        if prior.exists():
            os.replace(prior, self.path(instance, name))
            fsutil.fsync_dir(prior.parent)

    def settle(self, instance: str, name: str) -> None:
        fsutil.remove_file(self.prior(instance, name))

    def remove(self, instance: str, names: Sequence[str]) -> None:
        for name in names:
            fsutil.remove_file(self.path(instance, name))
            fsutil.remove_file(self.prior(instance, name))
        try:
            (self.root / instance).rmdir()
        except OSError:
            pass  # absent, or it still holds another secret of the instance

    def _write(self, path: Path, value: str) -> None:
        for folder in (self.root.parent, self.root, path.parent):
            # 0700 from the start; pmxcfs makes every directory under priv root-only
            # whatever mode is asked.
            if not folder.is_dir():
                folder.mkdir(mode=0o700)
        fsutil.atomic_write(path, value.encode(), 0o600)


def file_root(cfg: Config) -> Path:
    """The file backend's folder: in the cluster filesystem where there is one."""
    base = cfg.pve_root if cfg.store.clustered else cfg.state_dir
    return base / "priv" / "pvesvc"


def open_store(cfg: Config, kind: str) -> SecretStore:
    """The store of backend KIND ("file" or "vault") with CFG's settings."""
    if kind == FILE:
        return FileStore(file_root(cfg))
    if kind == VAULT:
        from .vault import VaultStore
        return VaultStore.from_config(cfg)
    raise ValidationError("secret store", _("unknown secret backend {kind!r}").format(kind=kind))
