"""Storage backends: where a volume lives, how its quota is enforced, its snapshots.

The room knows volumes, not shares: a caller (the SMB gateway, later services) says
who owns a new volume and reads what a backend can do from its declared capabilities.
"""

from __future__ import annotations

import datetime
import importlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional, Protocol, Sequence

from ..core.config import Config
from ..core.errors import ValidationError
from ..core.i18n import _
from .usage import Usage, fs_size

# For annotations only: the status poll imports this package (for Usage) and must not
# load the process runner or the transaction engine with it.
if TYPE_CHECKING:
    from ..core.runner import Runner
    from ..core.txn import Step
    from .snapshots import Snapshot

__all__ = ["Backend", "BUILTIN", "Capabilities", "OWNER_XATTR", "Owner", "SnapshotLayout",
           "Usage", "backend_named", "fs_size", "mark_volume", "register_backend", "registered",
           "volume_token"]

OWNER_XATTR = "user.pvesmbgw.volume"


@dataclass(frozen=True)
class Owner:
    """Who owns a new volume's root directory, and its mode: chosen by the caller."""

    uid: int
    gid: int
    mode: int
    # Names for previews only ("chown root:smbusers" reads better than "0:990").
    user_name: str = field(default="", compare=False)
    group_name: str = field(default="", compare=False)

    @property
    def user(self) -> str:
        return self.user_name or str(self.uid)

    @property
    def group(self) -> str:
        return self.group_name or str(self.gid)


@dataclass(frozen=True)
class Capabilities:
    """What a kind of volume can do, declared rather than found out by calling a method
    for its exception: None when it can, else why not (shown to the user as it is)."""

    quota: Optional[str] = None  # enforce a size limit
    snapshots: Optional[str] = None  # take, list and delete snapshots
    # Read a snapshot's files as a directory, so that files can be restored from it.
    file_restore: Optional[str] = None

    def require_snapshots(self) -> None:
        """Raise ValidationError('snapshot', reason) unless snapshots are possible."""
        if self.snapshots is not None:
            raise ValidationError("snapshot", _(self.snapshots))

    def require_file_restore(self) -> None:
        """Raise ValidationError('snapshot', reason) unless files can be restored."""
        if self.file_restore is not None:
            raise ValidationError("snapshot", _(self.file_restore))


@dataclass(frozen=True)
class SnapshotLayout:
    """Where a volume's snapshots can be read as directories and how this tool names
    them: what a file server needs to show them (the smb room's Previous Versions)."""

    directory: str  # relative to the volume's root
    name_format: str  # strftime (UTC) of the names snapshot_name() gives
    # The directory shows in listings (btrfs: a plain directory), not hidden by the fs.
    listed: bool = False
    # Its entries are not the bare snapshot names (CephFS: _<name>_<inode>).
    decorated: bool = False
    # Other tools (zfs-auto-snapshot, sanoid, pyznap) snapshot here too, in their names.
    shared: bool = False


class Backend(Protocol):
    name: str
    capabilities: Capabilities
    # None when snapshots cannot be read as directories (then file_restore says why).
    snapshot_layout: Optional[SnapshotLayout]

    def check_quota(self, path: Path, quota: Optional[int]) -> None:
        """Raise ValidationError('quota', …) when QUOTA cannot be enforced at PATH."""

    def create_steps(self, path: Path, quota: Optional[int], token: str,
                     owner: Owner) -> list[Step]:
        """Steps that create a new volume at PATH marked as this tool's by TOKEN, its
        root directory given to OWNER."""

    def adopt_steps(self, path: Path, quota: Optional[int]) -> list[Step]:
        """Steps that use an existing directory at PATH (never destroyed by purge)."""

    def quota_steps(self, path: Path, old: Optional[int], new: Optional[int]) -> list[Step]:
        """Steps that change the enforced quota of PATH."""

    def destroy_steps(self, path: Path, token: str) -> list[Step]:
        """Final steps destroying the volume at PATH, only if it carries our TOKEN."""

    def usage(self, path: Path) -> Usage:
        """Space used and available in the volume."""

    def quotas(self, paths: Sequence[Path]) -> dict[Path, Optional[int]]:
        """The enforced quota of each path, in as few commands as possible."""

    def snapshots(self, path: Path) -> list[Snapshot]:
        """The volume's snapshots, oldest first, with one listing call at most."""

    def snapshot_steps(self, path: Path, name: str) -> list[Step]:
        """Steps taking snapshot NAME (undo deletes it)."""

    def delete_snapshots_steps(self, path: Path, names: Sequence[str]) -> list[Step]:
        """Final steps deleting snapshots NAMES, in one command where possible."""

    def snapshot_path(self, path: Path, name: str) -> Path:
        """Where snapshot NAME's files can be read."""

    def snapshot_name(self, when: datetime.datetime) -> str:
        """Our name for a snapshot taken WHEN (Samba's @GMT form as far as allowed)."""


def unused_snapshot_name(backend: Backend, path: Path) -> str:
    """The name of a snapshot of PATH taken now. Names have a resolution of one second,
    so a second snapshot of PATH within the same second (an uninstall's final snapshot
    and a reinstall's, one after the other) waits for the next second: the name of the
    first would be taken, and btrfs would put the new snapshot inside the old one."""
    while True:
        now = datetime.datetime.now(datetime.timezone.utc)
        name = backend.snapshot_name(now)
        if not backend.snapshot_path(path, name).exists():
            return name
        time.sleep(1.0 - now.microsecond / 1e6)


def mark_volume(path: Path, token: str, owner: Owner) -> None:
    """Record our ownership (TOKEN) on the volume itself and give it to OWNER."""
    os.chown(path, owner.uid, owner.gid)
    os.chmod(path, owner.mode)
    try:
        os.setxattr(path, OWNER_XATTR, token.encode())
    except OSError:
        pass  # no user xattrs here: the registry alone records ownership


def volume_token(path: Path) -> Optional[str]:
    try:
        return os.getxattr(path, OWNER_XATTR).decode()
    except OSError:
        return None


# The backends by the name a share's registry entry records ("zfs", "btrfs", "cephfs",
# "rbd", "dir"): those names are stored in users' registries, so they never change.
# A factory builds the backend of an existing volume from its path, the registry's
# volume id (rbd: "<pool>/<image>", cephfs: "<fs>/<subvolume>") and the config.
Factory = Callable[["Runner", Path, Optional[str], Config], "Backend"]
_FACTORIES: dict[str, Factory] = {}
BUILTIN = ("zfs", "btrfs", "cephfs", "rbd", "dir")


def register_backend(name: str) -> Callable[[Factory], Factory]:
    """Decorator: FACTORY builds the backend recorded as NAME in registries."""
    def add(factory: Factory) -> Factory:
        if name in _FACTORIES:
            raise ValueError(f"storage backend {name!r} registered twice")
        _FACTORIES[name] = factory
        return factory
    return add


def _load_builtins(*names: str) -> None:
    """Import the built-in backends NAMES (all of them when none is named)."""
    # The backend modules register themselves on import. They are imported on first
    # use, not at the top: they import this package (a cycle), and a command on one
    # share should not load every backend's tools (start-up cost).
    for name in names or BUILTIN:
        if name in BUILTIN:
            importlib.import_module(f".{name}", __name__)


def registered() -> list[str]:
    """The names of every backend, built-in ones included."""
    _load_builtins()
    return sorted(_FACTORIES)


def backend_named(name: str, path: Path, runner: "Runner",
                  volume: Optional[str] = None, cfg: Optional[Config] = None) -> "Backend":
    """The backend an existing volume was created with (recorded in the registry)."""
    _load_builtins(name, "dir")
    # An unknown name (a registry edited by hand) reads as a plain directory, which
    # neither enforces nor destroys anything it does not know.
    factory = _FACTORIES.get(name, _FACTORIES["dir"])
    return factory(runner, path, volume, cfg or Config.defaults())
