"""Where a new volume goes: below a path the caller gives, or in a PVE storage.

Generic: the caller names the volume and says how its volumes are told apart from
PVE's own and from the other command's (a Naming); this module knows the storage
types and what each makes of a name:

  zfspool   dataset <pool>/<prefix><name>, mounted below the pool's mountpoint
  rbd       image <pool>/<prefix><name>, mounted at <rbd_mount_root>/<storage>/<name>
  cephfs    subvolume <prefix><name> (Ceph picks its path when it creates it)
  dir/btrfs <path>/<subdir>/<name>: a subvolume on btrfs, a dataset on a ZFS
            mountpoint, else a plain directory (backend_for)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Protocol

from ..core import fsutil
from ..core.config import Config
from ..core.errors import ValidationError
from ..core.fsutil import existing_ancestor, mount_of
from ..core.records import Rmdir
from ..core.runner import Runner
from ..core.txn import Step
from . import Backend
from ..core.i18n import _
from .btrfs import BtrfsBackend
from .cephfs import CephfsBackend
from .dir import DirBackend
from .rbd import RbdBackend
from .zfs import ZfsBackend

# What Ceph accepts in the names we give RBD images and CephFS subvolumes.
SIMPLE_NAME = re.compile(r"[A-Za-z0-9_.-]+")


class PveStorage(Protocol):
    """What placement reads of a PVE storage definition (pve.storage.Storage)."""

    @property
    def storage_id(self) -> str: ...

    @property
    def type(self) -> str: ...

    @property
    def path(self) -> Optional[str]: ...

    @property
    def pool(self) -> Optional[str]: ...

    @property
    def fs_name(self) -> Optional[str]: ...


@dataclass(frozen=True)
class Naming:
    """How a command names its volumes inside a PVE storage, apart from PVE's own
    (vm-100-disk-0) and the other command's."""

    prefix: str  # ZFS datasets, RBD images, CephFS subvolumes: <prefix><name>
    subdir: str  # directory storages: <path>/<subdir>/<name>
    noun: str = "volume"  # what the caller calls a volume, in error messages


@dataclass
class Placement:
    """Where a new volume goes and the backend that creates it there."""

    backend: Backend
    # None on CephFS: Ceph picks the subvolume's path when it creates it.
    path: Optional[Path]
    name: str  # the volume's name in its storage (dataset, image, subvolume, directory)
    volume: Optional[str] = None  # the registry's volume id, where the path is not enough
    steps: list[Step] = field(default_factory=list)  # prepare the parent directory


def backend_for(path: Path, runner: Runner) -> Backend:
    """Choose the backend for a new volume at PATH: a ZFS dataset when PATH's parent is
    a dataset's mountpoint, a btrfs subvolume on btrfs, else a plain directory."""
    zfs = ZfsBackend(runner)
    if zfs.available() and (zfs.dataset_at(path) or zfs.dataset_at(path.parent)):
        return zfs
    probe = existing_ancestor(path)
    fstype = mount_of(probe).fstype
    if fstype == "btrfs":
        return BtrfsBackend(runner)
    if fstype == "zfs":
        raise ValidationError("path", _("{parent} is on ZFS but is not a dataset's "
                              "mountpoint; give a path directly below a dataset").format(parent=path.parent))
    return DirBackend(fstype)


def place(storage: PveStorage, name: str, naming: Naming, runner: Runner,
          cfg: Config) -> Placement:
    """Where a new volume NAME goes in STORAGE (read-only: the steps create the parent
    directory where one is missing). Raises ValidationError when it cannot go there."""
    if storage.type == "zfspool":
        return _in_zfspool(storage, name, naming, runner)
    if storage.type == "rbd":
        return _in_rbd(storage, name, naming, runner, cfg)
    if storage.type == "cephfs":
        return _in_cephfs(storage, name, naming, runner)
    return _in_directory(storage, name, naming, runner)


def _simple(kind: str, name: str, naming: Naming) -> None:
    if not SIMPLE_NAME.fullmatch(name):
        raise ValidationError("name", _("{kind} {noun} name may only contain "
                              "letters, digits, '_', '.' and '-'").format(kind=kind, noun=naming.noun))


def _in_zfspool(storage: PveStorage, name: str, naming: Naming,
                runner: Runner) -> Placement:
    zfs = ZfsBackend(runner)
    pool = str(storage.pool)
    mountpoint = zfs.mountpoint_of(pool)
    if mountpoint is None:
        raise ValidationError("storage", _("dataset {pool} of storage {storage_id!r} "
                              "is not mounted").format(pool=pool, storage_id=storage.storage_id))
    child = naming.prefix + name
    return Placement(zfs, mountpoint / child, child)


def _in_rbd(storage: PveStorage, name: str, naming: Naming, runner: Runner,
            cfg: Config) -> Placement:
    _simple("an RBD", naming.prefix + name, naming)
    image = f"{storage.pool or 'rbd'}/{naming.prefix}{name}"
    backend = RbdBackend(runner, image, cfg.fstab_file, cfg.rbdmap_file)
    if backend.rbd.info(image) is not None:
        raise ValidationError("name", _("RBD image {image} exists already").format(image=image))
    return Placement(backend, cfg.rbd_mount_root / storage.storage_id / name,
                     naming.prefix + name, volume=image)


def _in_cephfs(storage: PveStorage, name: str, naming: Naming,
               runner: Runner) -> Placement:
    backend = CephfsBackend(runner, storage.fs_name or "cephfs")
    sub = naming.prefix + name
    _simple("a CephFS", sub, naming)
    if backend.ceph.info(sub) is not None:
        raise ValidationError("name", _("CephFS subvolume {sub} exists already").format(sub=sub))
    return Placement(backend, None, sub, volume=f"{backend.fs}/{sub}")


def _in_directory(storage: PveStorage, name: str, naming: Naming,
                  runner: Runner) -> Placement:
    root = Path(str(storage.path))
    if not root.is_dir():
        raise ValidationError("storage", _("path {root} of storage {storage_id!r} "
                              "does not exist (is it mounted?)").format(root=root, storage_id=storage.storage_id))
    base = root / naming.subdir
    fsutil.check_no_symlinks(base / name)
    steps = []
    if not base.is_dir():
        # The storage's own path is configured by the admin, so no allowed_roots check.
        steps.append(Step(f"create directory {base}", lambda: base.mkdir(mode=0o755),
                          Rmdir(str(base)), [f"mkdir {base}"]))
    return Placement(backend_for(base / name, runner), base / name, name, steps=steps)
