"""ZFS: a child dataset per share, refquota as its quota, snapshots in .zfs/snapshot.

Every dataset pvesmbgw creates carries the user property pvesmbgw:owner=<token>;
a dataset without our token is never changed or destroyed."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from ..core.config import Config
from ..core.errors import PvesmbgwError, ValidationError
from ..core.records import Context, Record, register
from ..core.runner import Runner
from .snapshots import Snapshot, gmt_name
from ..tools import zfs as zfs_tool
from ..tools.zfs import OWNER_PROPERTY, Zfs, size_value
from ..core.txn import Step, command_step, deferred_step
from ..core.units import format_size
from . import Capabilities, Owner, SnapshotLayout, Usage, mark_volume, register_backend
from ..core.i18n import _

SNAPSHOT_DIR = ".zfs/snapshot"
# ZFS allows one '@' (dataset@snapshot), so our snapshots are GMT-… after it.
ZFS_GMT_FORMAT = "GMT-%Y.%m.%d-%H.%M.%S"
_COMPONENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")


class ZfsBackend:
    name = "zfs"
    capabilities = Capabilities()
    snapshot_layout: Optional[SnapshotLayout] = SnapshotLayout(SNAPSHOT_DIR, ZFS_GMT_FORMAT, shared=True)

    def __init__(self, runner: Runner) -> None:
        self.zfs = Zfs(runner)
        self.runner = runner
        self._mounts: Optional[dict[str, str]] = None

    def available(self) -> bool:
        return zfs_tool.available()

    def dataset_at(self, path: Path) -> Optional[str]:
        """The dataset mounted exactly at PATH, if any (one `zfs list` per instance)."""
        if self._mounts is None:
            self._mounts = self.zfs.mountpoints()
        return self._mounts.get(str(path))

    def mountpoint_of(self, dataset: str) -> Optional[Path]:
        """Where DATASET is mounted, if it is (from the same `zfs list` as dataset_at)."""
        if self._mounts is None:
            self._mounts = self.zfs.mountpoints()
        found = [mp for mp, name in self._mounts.items() if name == dataset]
        return Path(found[-1]) if found else None

    def dataset(self, path: Path) -> str:
        found = self.dataset_at(path)
        if found is None:
            raise ValidationError("path", _("{path} is not the mountpoint of a ZFS dataset").format(path=path))
        return found

    def child_dataset(self, path: Path) -> str:
        """The dataset a new share at PATH becomes: a child of its parent's dataset."""
        parent = self.dataset(path.parent)
        if not _COMPONENT.fullmatch(path.name):
            raise ValidationError("path", _("{name!r} is not a valid ZFS dataset name "
                                  "(letters, digits, '_', '.', ':', '-')").format(name=path.name))
        return f"{parent}/{path.name}"

    def check_quota(self, path: Path, quota: Optional[int]) -> None:
        if quota is None:
            return
        parent = self.dataset_at(path) or self.dataset(path.parent)
        size = self.zfs.pool_size(parent.split("/", 1)[0])
        if quota > size:
            raise ValidationError("quota", _("{quota} is larger than the pool "
                                  "{parent} ({size})").format(quota=format_size(quota), parent=parent.split('/', 1)[0], size=format_size(size)))

    def create_steps(self, path: Path, quota: Optional[int], token: str,
                     owner: Owner) -> list[Step]:
        dataset = self.child_dataset(path)
        props = {"acltype": "posixacl", "xattr": "sa", OWNER_PROPERTY: token}
        if quota is not None:
            props["refquota"] = str(quota)
        return [
            command_step(self.runner, f"create ZFS dataset {dataset}",
                         self.zfs.create_argv(dataset, props),
                         ZfsDestroy(dataset, owner=token)),
            Step(f"set owner and mode of {path}", lambda: mark_volume(path, token, owner),
                 None, [f"chown {owner.user}:{owner.group} {path}; chmod {owner.mode:o} {path}"]),
        ]

    def adopt_steps(self, path: Path, quota: Optional[int]) -> list[Step]:
        dataset = self.dataset(path)
        if quota is None:
            return []
        old = self.quotas([path]).get(path)
        return self._quota_steps(dataset, old, quota)

    def _quota_steps(self, dataset: str, old: Optional[int], new: Optional[int]) -> list[Step]:
        if old == new:
            return []
        value = "none" if new is None else str(new)
        return [command_step(self.runner, f"set refquota of {dataset} to "
                             f"{'none' if new is None else format_size(new)}",
                             self.zfs.set_argv(dataset, "refquota", value),
                             ZfsSet(dataset, "refquota", "none" if old is None else str(old)))]

    def quota_steps(self, path: Path, old: Optional[int], new: Optional[int]) -> list[Step]:
        self.check_quota(path, new)
        dataset = self.dataset(path)
        props = self.zfs.get([dataset], ["used", "refquota"])[dataset]
        used = size_value(props["used"]) or 0
        if new is not None and new < used:
            raise ValidationError("quota", _("{new} is less than the "
                                  "{used} the share already uses").format(new=format_size(new), used=format_size(used)))
        # The dataset's refquota now, not the registry's OLD: undo puts back exactly it
        # (`zfs get -p` prints an unset refquota as 0).
        return self._quota_steps(dataset, size_value(props["refquota"]) or None, new)

    def destroy_steps(self, path: Path, token: str) -> list[Step]:
        dataset = self.dataset(path)
        return [deferred_step(f"destroy ZFS dataset {dataset}, its snapshots and its data",
                              ZfsDestroy(dataset, owner=token, recursive=True),
                              [f"run: {' '.join(self.zfs.destroy_argv(dataset, True))}"])]

    def usage(self, path: Path) -> Usage:
        dataset = self.dataset(path)
        props = self.zfs.get([dataset], ["used", "available", "refquota"])[dataset]
        used = size_value(props["used"]) or 0
        avail = size_value(props["available"]) or 0
        quota = size_value(props["refquota"])
        return Usage(used=used, avail=avail, total=quota if quota else used + avail,
                     quota=quota)

    def quotas(self, paths: Sequence[Path]) -> dict[Path, Optional[int]]:
        by_dataset = {self.dataset_at(p): p for p in paths}
        known = [d for d in by_dataset if d]
        values = self.zfs.get(known, ["refquota"]) if known else {}
        return {p: size_value(values.get(d or "", {}).get("refquota", "none"))
                for d, p in by_dataset.items()}

    # -- snapshots --------------------------------------------------------------------

    def snapshot_path(self, path: Path, name: str) -> Path:
        return path / SNAPSHOT_DIR / name

    def snapshot_name(self, when: datetime.datetime) -> str:
        return gmt_name(when, at_sign=False)

    def snapshots(self, path: Path) -> list[Snapshot]:
        return [Snapshot(name, created)
                for name, created in self.zfs.snapshots(self.dataset(path))]

    def snapshot_steps(self, path: Path, name: str) -> list[Step]:
        dataset = self.dataset(path)
        return [command_step(self.runner, f"snapshot {dataset}@{name}",
                             self.zfs.snapshot_argv(dataset, name),
                             ZfsDestroy(f"{dataset}@{name}"))]

    def delete_snapshots_steps(self, path: Path, names: Sequence[str]) -> list[Step]:
        if not names:
            return []
        # One command for all of them: zfs destroy dataset@a,b,c
        target = f"{self.dataset(path)}@{','.join(names)}"
        return [deferred_step(f"delete {len(names)} snapshot(s) of {path}",
                              ZfsDestroy(target), [f"run: zfs destroy {target}"])]




# -- records -------------------------------------------------------------------------


@register("zfs_destroy")
@dataclass(frozen=True)
class ZfsDestroy(Record):
    """Destroy a dataset (only with our OWNER token) or dataset@snap[,snap...]."""

    target: str
    owner: Optional[str] = None
    recursive: bool = False

    def apply(self, ctx: Context) -> None:
        zfs = Zfs(ctx.runner)
        if "@" in self.target:
            dataset, names = self.target.split("@", 1)
            if not zfs.exists(dataset):
                return
            have = {name for name, _created in zfs.snapshots(dataset)}
            left = [n for n in names.split(",") if n in have]
            if left:
                ctx.run(zfs.destroy_argv(f"{dataset}@{','.join(left)}"))
            return
        if not zfs.exists(self.target):
            return
        owner = zfs.get([self.target], [OWNER_PROPERTY]).get(self.target, {}).get(
            OWNER_PROPERTY)
        if self.owner and owner != self.owner:
            raise PvesmbgwError(_("refusing to destroy {target}: it is not the dataset "
                                "pvesmbgw created (owner property differs)").format(target=self.target))
        ctx.run(zfs.destroy_argv(self.target, self.recursive))


@register("zfs_set")
@dataclass(frozen=True)
class ZfsSet(Record):
    """Set PROPERTY of dataset TARGET back to VALUE."""

    target: str
    property: str
    value: str

    def apply(self, ctx: Context) -> None:
        zfs = Zfs(ctx.runner)
        if zfs.exists(self.target):
            ctx.run(zfs.set_argv(self.target, self.property, self.value))


@register_backend("zfs")
def _open(runner: Runner, path: Path, volume: Optional[str], cfg: Config) -> ZfsBackend:
    return ZfsBackend(runner)
