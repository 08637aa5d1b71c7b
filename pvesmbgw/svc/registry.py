"""The installed service instances and the data volumes uninstall kept: one versioned
JSON document in the store (the cluster filesystem on a PVE node), written atomically
under the command lock that shares use too."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Optional

from ..core import fsutil, store
from ..core.config import Config
from ..core.errors import ConfigError, NotFoundError, ValidationError
from ..core.i18n import _

FORMAT_VERSION = 1
FILE_NAME = "services.json"
INSTALLED = "installed"
AWAITING_MANUAL = "awaiting manual install"


@dataclass(frozen=True)
class DataVolume:
    """A data volume of an instance: a host directory bind-mounted into the guest."""

    name: str  # the template's volume name
    path: str  # on the host
    mount: str  # in the guest
    backend: str  # storage backend name (zfs, btrfs, cephfs, rbd, dir)
    created: bool  # made by pve-svc: `--purge` may destroy it; a bound one never
    token: str = ""  # the owner mark on a volume pve-svc made (storage.OWNER_XATTR)
    volume: Optional[str] = None  # the backend's id where the path is not enough
    key: str = ""  # the container's mount point (mp0, ...) or the VM's virtiofs0, ...
    mapping: str = ""  # a VM's: the cluster directory mapping virtiofs reaches it by


@dataclass(frozen=True)
class Instance:
    name: str
    template: str  # template id
    version: str  # template version installed
    vmid: int
    node: str
    hostname: str
    kind: str = "lxc"
    params: dict[str, Any] = field(default_factory=dict)  # typed values, secrets excluded
    secrets: tuple[str, ...] = ()  # names of secret parameters (files in the guest)
    volumes: tuple[DataVolume, ...] = ()
    ports: tuple[int, ...] = ()
    ha: bool = False
    created: int = 0  # unix time of the install
    state: str = INSTALLED  # or AWAITING_MANUAL: an installer ISO the admin completes
    snippet: str = ""  # a VM's cloud-init user-data snippet (volume id)
    disks: tuple[str, ...] = ()  # a VM's blank disks (config keys): they die with it
    passed: tuple[str, ...] = ()  # KEY=SOURCE: existing disks attached, never freed
    # Where the secrets' values are kept on the host side (secretstore: "file" or
    # "vault"); "" for an instance installed before they were kept (guest only).
    secret_store: str = ""
    # How each secret is rotated, fixed at install so that a later template version
    # cannot change it: {NAME: {"length", "alphabet", "steps": [{"name", "argv",
    # "timeout"}]}}, the steps rendered as install ran them (paths, never values).
    rotation: dict[str, Any] = field(default_factory=dict)
    rotated: dict[str, int] = field(default_factory=dict)  # NAME: unix time of the last
    # What `pve-svc rollback` returns to, oldest first (svc/upgrade.py): per upgrade its
    # guest snapshot, data snapshots, versions and the instance record before it.
    upgrades: tuple[dict[str, Any], ...] = ()
    # The health check of the installed version, its port resolved ({} when none, or
    # for an instance installed before it was recorded: then the template's is used).
    health: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Kept:
    """Data volumes an uninstall kept, until they are purged or bound again."""

    instance: str
    template: str
    volumes: tuple[DataVolume, ...]
    removed: int = 0
    # The instance's secrets stay in their store with its data (a reinstall under the
    # same name reuses them) until `uninstall --purge`.
    secrets: tuple[str, ...] = ()
    secret_store: str = ""


@dataclass(frozen=True)
class Services:
    instances: dict[str, Instance] = field(default_factory=dict)
    kept: dict[str, Kept] = field(default_factory=dict)

    def with_instance(self, inst: Instance) -> "Services":
        return replace(self, instances={**self.instances, inst.name: inst})

    def without_instance(self, name: str) -> "Services":
        return replace(self, instances={k: v for k, v in self.instances.items() if k != name})

    def with_kept(self, kept: Kept) -> "Services":
        return replace(self, kept={**self.kept, kept.instance: kept})

    def without_kept(self, name: str) -> "Services":
        return replace(self, kept={k: v for k, v in self.kept.items() if k != name})

    def without_kept_secrets(self, name: str) -> "Services":
        """The kept secrets of NAME handed on (to its reinstall): the entry goes unless
        it still keeps volumes."""
        kept = self.kept.get(name)
        if kept is None or not kept.secrets:
            return self
        if not kept.volumes:
            return self.without_kept(name)
        return self.with_kept(replace(kept, secrets=(), secret_store=""))

    def volume_owner(self, path: str) -> Optional[str]:
        """The instance whose data volume PATH is, holds or lies in (a volume an
        uninstall kept belongs to nobody: it may be bound again)."""
        for inst in self.instances.values():
            if any(overlaps(vol.path, path) for vol in inst.volumes):
                return inst.name
        return None

    def dumps(self) -> bytes:
        return store.dumps_document(FORMAT_VERSION, {
            "instances": {n: _plain(i) for n, i in sorted(self.instances.items())},
            "kept": {n: _plain(k) for n, k in sorted(self.kept.items())}})


def local_instance(services: Services, node: str, name: str, there: str) -> Instance:
    """Installed instance NAME of this NODE, or a one-line refusal: not found, or on
    another node (THERE: what to do there, "upgrade it")."""
    inst = services.instances.get(name)
    if inst is None:
        raise NotFoundError(_("no service instance {name!r} (`pve-svc list` shows them)").format(name=name))
    if inst.node != node:
        raise ValidationError("instance", _("{name} runs on node {node}; {there} there").format(name=name, node=inst.node, there=there))
    return inst


def overlaps(a: str, b: str) -> bool:
    """A and B are the same directory, or one lies inside the other."""
    pa, pb = Path(a), Path(b)
    return pa == pb or pa in pb.parents or pb in pa.parents


def _plain(obj: Any) -> dict[str, Any]:
    data = dataclasses.asdict(obj)
    return {k: v for k, v in data.items() if v is not None}


def _volumes(rows: Any) -> tuple[DataVolume, ...]:
    return tuple(DataVolume(**row) for row in rows or ())


def instance_of_row(row: dict[str, Any]) -> Instance:
    """The Instance of its registry ROW (TypeError or AttributeError when corrupt)."""
    row = dict(row)
    row["volumes"] = _volumes(row.get("volumes"))
    for key in ("secrets", "ports", "disks", "passed", "upgrades"):
        row[key] = tuple(row.get(key) or ())
    return Instance(**row)


def instance_row(inst: Instance) -> dict[str, Any]:
    """INST as its registry row (plain JSON data)."""
    return _plain(inst)


def loads(text: bytes, source: str) -> Services:
    data = store.loads_document(text, (FORMAT_VERSION,), source, "service registry")
    try:
        instances = {name: instance_of_row(row)
                     for name, row in (data.get("instances") or {}).items()}
        kept = {}
        for name, row in (data.get("kept") or {}).items():
            row = dict(row)
            row["volumes"] = _volumes(row.get("volumes"))
            row["secrets"] = tuple(row.get("secrets") or ())
            kept[name] = Kept(**row)
    except (TypeError, AttributeError) as exc:
        raise ConfigError(_("{source}: corrupt service registry: {exc}").format(source=source, exc=exc)) from None
    return Services(instances, kept)


def path(cfg: Config) -> Path:
    return cfg.store.path(FILE_NAME)


def load(cfg: Config) -> Services:
    file = path(cfg)
    text = fsutil.read_bytes(file)
    return Services() if text is None else loads(text, str(file))
