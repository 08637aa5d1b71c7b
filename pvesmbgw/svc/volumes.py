"""Data volumes of a service: new ones from the storage room (a ZFS dataset, btrfs
subvolume, RBD image or directory, with the template's size as its quota), or an
existing dataset the administrator binds (`--dataset`), snapshotted first and never
destroyed. Either is owned by the guest's service user: through the container's id map,
or with the guest's own ids for a VM (virtiofs passes uids and gids through)."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from ..core import fsutil
from ..core.config import Config
from ..core.errors import ValidationError
from ..core.i18n import _
from ..core.records import Context, Record, register
from ..core.runner import Runner
from ..core.txn import Step
from ..core.units import format_size
from ..pve import usermap
from ..pve.storage import Storage
from ..storage import Backend, Owner, mark_volume, unused_snapshot_name
from ..storage.cephfs import CephfsBackend
from ..storage.placement import Naming, Placement, backend_for, place
from ..storage.zfs import ZfsBackend
from .registry import DataVolume, Services, overlaps
from .template import Volume

NAMING = Naming(prefix="pvesvc-", subdir="pvesvc", noun="service volume")
# The id map every pve-svc container gets: PVE's default for unprivileged containers.
GUEST_MAP = [usermap.IdRange(kind, 0, usermap.DEFAULT_HOST_BASE, 65536) for kind in "ug"]


def host_owner(vol: Volume, kind: str = "lxc") -> Owner:
    """Who owns VOL's root on the host: the guest's uid/gid as the container's id map
    shifts them, or unchanged for a VM (KIND "vm": virtiofs keeps ids as they are)."""
    if kind == "vm":
        return Owner(vol.uid, vol.gid, vol.mode)
    uid = usermap.host_id(GUEST_MAP, "u", vol.uid)
    gid = usermap.host_id(GUEST_MAP, "g", vol.gid)
    assert uid is not None and gid is not None, "the template schema keeps ids below 65536"
    return Owner(uid, gid, vol.mode)


@dataclass
class PlannedVolume:
    """A volume of an install plan: what the registry will record and the steps.
    RESOLVE, for a volume whose path its storage picks when it creates it (CephFS),
    gives that path once the steps have run, and the steps that finish the volume."""

    record: DataVolume
    backend: Backend
    steps: list[Step]
    notes: list[str]
    resolve: Optional[Callable[[], tuple[Path, list[Step]]]] = None


def new_volume(cfg: Config, runner: Runner, storage: Storage, instance: str, vol: Volume,
               size: Optional[int], kind: str = "lxc") -> PlannedVolume:
    """A new volume for VOL in STORAGE, limited to SIZE where the backend can."""
    placement = place(storage, f"{instance}-{vol.name}", NAMING, runner, cfg)
    if placement.path is None:
        return _new_cephfs_volume(storage, placement, vol, size, kind)
    path = placement.path
    if path.exists():
        raise ValidationError("name", _("{path} exists already (a volume of an earlier "
                              "instance? bind it with --dataset, or choose another --name)").format(path=path))
    backend = placement.backend
    notes = []
    quota = size
    if size is not None and backend.capabilities.quota is not None:
        notes.append(_("volume {name}: {quota}; the template's "
                     "{size} is not enforced").format(name=vol.name, quota=backend.capabilities.quota, size=format_size(size)))
        quota = None
    backend.check_quota(path, quota)
    token = uuid.uuid4().hex
    steps = list(placement.steps) + backend.create_steps(path, quota, token,
                                                                host_owner(vol, kind))
    return PlannedVolume(DataVolume(vol.name, str(path), vol.mount, backend.name, True,
                                    token, placement.volume), backend, steps, notes)


def _new_cephfs_volume(storage: Storage, placement: Placement, vol: Volume,
                       size: Optional[int], kind: str) -> PlannedVolume:
    """A CephFS subvolume: Ceph picks its path when it creates it."""
    ceph = placement.backend
    assert isinstance(ceph, CephfsBackend)  # the one backend placed without a path
    backend: CephfsBackend = ceph
    backend.check_quota(Path("/"), size)
    token = uuid.uuid4().hex
    mount = Path(str(storage.path))
    create = backend.create_subvolume_step(placement.name, size)

    def resolve() -> tuple[Path, list[Step]]:
        path = mount / backend.ceph.getpath(placement.name).lstrip("/")
        owner = host_owner(vol, kind)
        return path, [Step(f"set owner and mode of {path}",
                           lambda: mark_volume(path, token, owner), None,
                           [f"chown {owner.uid}:{owner.gid} {path}"])]
    record = DataVolume(vol.name, "", vol.mount, backend.name, True, token, placement.volume)
    return PlannedVolume(record, backend, [create], [], resolve)


def bound_volume(cfg: Config, runner: Runner, services: Services, shares: list[str],
                 vol: Volume, dataset: str, kind: str = "lxc") -> PlannedVolume:
    """An existing DATASET (a ZFS dataset name, or the absolute path of a directory or
    btrfs subvolume) for VOL: snapshotted before install, its root given to the
    guest's user (undone on rollback), never destroyed."""
    path = dataset_path(cfg, runner, dataset)
    owner = services.volume_owner(str(path))
    if owner is not None:
        raise ValidationError("dataset", _("{path} is a data volume of service {owner}").format(path=path, owner=owner))
    share = next((s for s in shares if overlaps(s, str(path))), None)
    if share is not None:
        raise ValidationError("dataset", _("{path} overlaps the SMB share path {share}").format(path=path, share=share))
    backend = _existing_backend(path, runner)
    steps: list[Step] = []
    notes = []
    if backend.capabilities.snapshots is None:
        name = unused_snapshot_name(backend, path)
        steps += backend.snapshot_steps(path, name)
        notes.append(_("snapshot {name} of {path} taken before the install").format(name=name, path=path))
    else:
        notes.append(_("{path}: {snapshots}; no snapshot was taken").format(path=path, snapshots=backend.capabilities.snapshots))
    steps.append(chown_step(path, host_owner(vol, kind), vol.uid))
    return PlannedVolume(DataVolume(vol.name, str(path), vol.mount, backend.name, False),
                         backend, steps, notes)


def dataset_path(cfg: Config, runner: Runner, dataset: str) -> Path:
    """Where DATASET is: a mounted ZFS dataset by name, or an existing directory or
    subvolume by absolute path under allowed_roots; ValidationError('dataset') if not."""
    if dataset.startswith("/"):
        try:
            path = fsutil.check_share_path(dataset, cfg.allowed_roots)
        except ValidationError as exc:  # named as the user gave it
            raise ValidationError("dataset", exc.message) from None
        if not path.is_dir():
            raise ValidationError("dataset", _("{path} does not exist").format(path=path))
        return path
    zfs = ZfsBackend(runner)
    found = zfs.mountpoint_of(dataset) if zfs.available() else None
    if found is None:
        raise ValidationError("dataset", _("{dataset!r} is not a mounted ZFS dataset "
                              "(or give the absolute path of a directory or subvolume)").format(dataset=dataset))
    return found


def _existing_backend(path: Path, runner: Runner) -> Backend:
    """The backend of an existing directory: a dataset mounted there, a btrfs
    subvolume, or a plain directory (backend_for chooses for a NEW path by its parent)."""
    zfs = ZfsBackend(runner)
    if zfs.available() and zfs.dataset_at(path):
        return zfs
    return backend_for(path, runner)


def chown_step(path: Path, owner: Owner, guest_uid: int) -> Step:
    st = path.stat()

    def do() -> None:
        os.chown(path, owner.uid, owner.gid)
        os.chmod(path, owner.mode)
    return Step(f"give {path} to the guest's uid {guest_uid}",
                do, RestoreOwner(str(path), st.st_uid, st.st_gid, st.st_mode & 0o7777),
                [f"chown {owner.uid}:{owner.gid} {path}; chmod {owner.mode:o} {path}"])


@register("restore_owner")
@dataclass(frozen=True)
class RestoreOwner(Record):
    """Put back the owner and mode a directory had."""

    path: str
    uid: int
    gid: int
    mode: int

    def apply(self, ctx: Context) -> None:
        if os.path.isdir(self.path):
            os.chown(self.path, self.uid, self.gid)
            os.chmod(self.path, self.mode)
