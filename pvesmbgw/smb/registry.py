"""The desired state: shares and users the agent manages, kept as one JSON file.

Writes go through the transaction (a file step), so the registry changes atomically
together with everything else; reads need no lock beyond the command lock.

On a PVE node the file lives on the cluster filesystem (core/store.py), so every node
sees every share; each share names the node that serves it natively. Version 1 files
were kept per node in state_dir: the first mutating command moves such a file into the
cluster filesystem (`migrate_legacy`), and until then readers fold it in (`load`).
"""

from __future__ import annotations

import datetime
import logging
import os
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Optional

from ..core import fsutil, store
from ..core.config import Config
from ..core.errors import ConfigError, NotFoundError
from ..core.i18n import _

log = logging.getLogger(__name__)

# 2: shares name their node (the registry is cluster-wide). 1: one registry per node.
FORMAT_VERSION = 2
FILE_NAME = "registry.json"


@dataclass(frozen=True)
class ServiceLink:
    """The pve-svc instance whose data volume a share is, and who owns that volume on
    the host. pve-svc reads it from this file (status, uninstall's refusal)."""

    instance: str
    volume: str
    uid: int
    gid: int


@dataclass(frozen=True)
class Share:
    name: str
    path: str
    mode: str
    backend: str
    quota: Optional[int] = None
    comment: str = ""
    read_only: bool = False
    valid_users: tuple[str, ...] = ()
    browseable: bool = True
    storage: Optional[str] = None
    # The gateway guest serving it ("lxc-<vmid>", "vm-<vmid>"); None for native shares.
    gateway: Optional[str] = None
    # Backend-specific volume id where the path is not enough (cephfs: "<fs>/<subvolume>").
    volume: Optional[str] = None
    # Retention schedule, e.g. {"hourly": 24, "daily": 7}; empty: no scheduled snapshots.
    snapshot_policy: dict[str, int] = field(default_factory=dict)
    # smb.conf options the backend contributes (Previous Versions: vfs_shadow_copy2).
    smb_options: dict[str, str] = field(default_factory=dict)
    # Ownership: True only when this tool created the volume (purge may destroy it).
    created_volume: bool = False
    volume_id: Optional[str] = None
    created_at: str = ""
    # The node whose host serves the share natively, or whose storage holds its volume.
    node: str = ""
    # Native, on storage every node of the CTDB cluster mounts: every member serves it.
    clustered: bool = False
    # A service's data volume (`pve-svc share`), and the accounts its smbd acts as
    # (`force user`/`force group`, as the host or the gateway guest names them).
    service: Optional[ServiceLink] = None
    force_user: str = ""
    force_group: str = ""

    def to_json(self) -> dict[str, Any]:
        # What asdict gives for these flat fields, without its recursive deep copy (a
        # third of saving a registry of 500 shares): the two dicts are copied here.
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["valid_users"] = list(self.valid_users)
        data["snapshot_policy"] = dict(self.snapshot_policy)
        data["smb_options"] = dict(self.smb_options)
        if self.service is None:  # written when set only: other shares read as before
            for key in ("service", "force_user", "force_group"):
                del data[key]
        else:
            data["service"] = asdict(self.service)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Share":
        data = dict(data)
        data["valid_users"] = tuple(data.get("valid_users", ()))
        if data.get("service") is not None:
            data["service"] = ServiceLink(**data["service"])
        return cls(**data)


@dataclass(frozen=True)
class User:
    name: str
    # True when this tool created the Unix account (then `user del` removes it).
    created_unix: bool = False
    uid: Optional[int] = None


@dataclass(frozen=True)
class Gateway:
    """A guest (lxc container or vm) that runs Samba for shares."""

    id: str
    kind: str
    vmid: int
    node: str
    dedicated: bool = False
    created: bool = True  # pvesmbgw created the guest, so it may destroy it
    # share name -> mount point key ("mp0") inside the guest config
    mounts: dict[str, str] = field(default_factory=dict)
    # vm: share name -> the PVE directory mapping that carries it (virtiofs)
    mappings: dict[str, str] = field(default_factory=dict)
    transport: str = ""  # vm: how share volumes reach the guest ("virtiofs")

    @property
    def ntacl_xattr(self) -> str:
        """Where the guest's acl_xattr keeps NT ACLs. Neither the root of an unprivileged
        container nor a VM's virtiofsd (which drops CAP_SYS_ADMIN) can write security.*
        xattrs on the host's filesystems; user.NTACL, which Samba hides from SMB clients,
        they can (and only root has local access to the volumes). A VM's own disks
        (transport "disk") keep security.NTACL."""
        on_host = self.kind == "lxc" or (self.kind == "vm" and self.transport != "disk")
        return "user.NTACL" if on_host else "security.NTACL"


@dataclass(frozen=True)
class PendingPurge:
    """A clustered share deleted with --purge while other nodes still served it: its
    volume is destroyed by the reconcile of the last of WAITING (node addresses in the
    CTDB cluster) to stop serving it."""

    share: Share
    waiting: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"share": self.share.to_json(), "waiting": list(self.waiting)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "PendingPurge":
        return cls(Share.from_json(data["share"]), tuple(data["waiting"]))


@dataclass(frozen=True)
class Registry:
    shares: dict[str, Share] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    gateways: dict[str, Gateway] = field(default_factory=dict)
    # The gateway VM template pvesmbgw built: {"vmid", "node", "storage", "image", ...}
    vm_template: dict[str, Any] = field(default_factory=dict)
    # Share name -> a purge that waits for other cluster nodes to stop serving the share.
    purges: dict[str, PendingPurge] = field(default_factory=dict)
    # The share group's gid, the same on every node (reconcile creates it with this id).
    share_gid: Optional[int] = None

    def native_shares(self, node: str, member: bool = False) -> list[Share]:
        """The shares NODE's own smbd serves; a MEMBER of the CTDB cluster also serves
        the clustered ones."""
        return [s for s in self.shares.values() if s.gateway is None
                and (s.node == node or (member and s.clustered))]

    def local_gateways(self, node: str) -> list[Gateway]:
        return [g for g in self.gateways.values() if g.node == node]

    def on_node(self, node: str, member: bool = False) -> "Registry":
        """The part of the registry NODE serves (a MEMBER of the CTDB cluster): its
        native shares, its gateways and their shares (drift and metrics of one node
        look at nothing else)."""
        gateways = {k: g for k, g in self.gateways.items() if g.node == node}
        native = {s.name for s in self.native_shares(node, member)}
        shares = {k: s for k, s in self.shares.items()
                  if k in native or s.gateway in gateways}
        return replace(self, shares=shares, gateways=gateways)

    def shares_on(self, gateway_id: str) -> list[Share]:
        return [s for s in self.shares.values() if s.gateway == gateway_id]

    def with_gateway(self, gateway: Gateway) -> "Registry":
        return replace(self, gateways={**self.gateways, gateway.id: gateway})

    def without_gateway(self, gateway_id: str) -> "Registry":
        return replace(self, gateways={k: v for k, v in self.gateways.items()
                                       if k != gateway_id})

    def find_share(self, name: str) -> Optional[Share]:
        """Share names are case-insensitive in SMB, so lookups are too."""
        for share in self.shares.values():
            if share.name.lower() == name.lower():
                return share
        return None

    def existing_share(self, name: str) -> Share:
        """find_share, or NotFoundError (exit 1) when there is none."""
        share = self.find_share(name)
        if share is None:
            raise NotFoundError(_("name: no share named {name!r}").format(name=name))
        return share

    def with_share(self, share: Share) -> "Registry":
        shares = dict(self.shares)
        shares[share.name] = share
        return replace(self, shares=shares)

    def without_share(self, name: str) -> "Registry":
        return replace(self, shares={k: v for k, v in self.shares.items() if k != name})

    def with_user(self, user: User) -> "Registry":
        return replace(self, users={**self.users, user.name: user})

    def without_user(self, name: str) -> "Registry":
        return replace(self, users={k: v for k, v in self.users.items() if k != name})

    def with_purge(self, purge: PendingPurge) -> "Registry":
        return replace(self, purges={**self.purges, purge.share.name: purge})

    def without_purge(self, name: str) -> "Registry":
        return replace(self, purges={k: v for k, v in self.purges.items() if k != name})

    def dumps(self) -> bytes:
        data: dict[str, Any] = {
            "shares": {n: s.to_json() for n, s in sorted(self.shares.items())},
            "users": {n: asdict(u) for n, u in sorted(self.users.items())},
            "gateways": {n: asdict(g) for n, g in sorted(self.gateways.items())},
            "vm_template": self.vm_template,
        }
        # Written when set only: a registry without a cluster reads as before.
        if self.purges:
            data["purges"] = {n: p.to_json() for n, p in sorted(self.purges.items())}
        if self.share_gid is not None:
            data["share_gid"] = self.share_gid
        return store.dumps_document(FORMAT_VERSION, data)


def utc_stamp() -> str:
    """Now, as the registry records creation times."""
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def loads(text: bytes, source: str = "registry", node: str = "") -> Registry:
    """Parse a registry; shares of a version 1 file (one node's) get NODE."""
    data = store.loads_document(text, (1, FORMAT_VERSION), source, "registry")
    try:
        shares = {n: Share.from_json(s) for n, s in data.get("shares", {}).items()}
        users = {n: User(**u) for n, u in data.get("users", {}).items()}
        gateways = {n: Gateway(**g) for n, g in data.get("gateways", {}).items()}
        purges = {n: PendingPurge.from_json(p) for n, p in data.get("purges", {}).items()}
        share_gid = data.get("share_gid")
        share_gid = None if share_gid is None else int(share_gid)
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        raise ConfigError(_("{source}: corrupt registry: {exc}").format(source=source, exc=exc)) from None
    if data["version"] == 1:
        shares = {n: replace(s, node=s.node or node) for n, s in shares.items()}
    return Registry(shares, users, gateways, dict(data.get("vm_template") or {}), purges,
                    share_gid)


def load_file(path: Path, node: str = "") -> Registry:
    """The registry at PATH; an absent file is an empty registry."""
    try:
        return loads(path.read_bytes(), str(path), node)
    except FileNotFoundError:
        return Registry()


def legacy_file(cfg: Config) -> Optional[Path]:
    """A node-local registry still waiting to move to the cluster filesystem."""
    path = cfg.state_dir / FILE_NAME
    return path if cfg.store.clustered and path.exists() else None


def load(cfg: Config) -> Registry:
    """The desired state as every command sees it: the shared registry, with a node's
    not yet migrated one folded in (so the node keeps working before it migrates)."""
    reg = load_file(cfg.registry_file, cfg.node)
    legacy = legacy_file(cfg)
    return merged(reg, load_file(legacy, cfg.node), cfg.node) if legacy else reg


def merged(shared: Registry, local: Registry, node: str) -> Registry:
    """SHARED with a node's own registry LOCAL added; a share name both hold is refused
    (SMB names are the cluster's now), the shared template wins."""
    for name, share in local.shares.items():
        other = shared.find_share(name)
        if other is not None and other != share:
            raise ConfigError(_("registry: share {name!r} of node {node} (in its old "
                              "state_dir registry) has the name of a share of node "
                              "{other_node}; delete or rename one of them with the "
                              "version of pvesmbgw that made it, then run any command again").format(name=name, node=node, other_node=other.node or '?'))
    return Registry({**shared.shares, **local.shares}, {**local.users, **shared.users},
                    {**shared.gateways, **local.gateways},
                    shared.vm_template or local.vm_template, shared.purges,
                    shared.share_gid if shared.share_gid is not None else local.share_gid)


def migrate_legacy(cfg: Config) -> None:
    """Move this node's state_dir registry into the cluster filesystem (under the
    lock). The old file is kept beside as a backup."""
    legacy = legacy_file(cfg)
    if legacy is None:
        return
    reg = load(cfg)
    fsutil.atomic_write(cfg.registry_file, reg.dumps(), 0o600)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    backup = legacy.with_name(f"{FILE_NAME}.migrated-{stamp}")
    os.replace(legacy, backup)
    fsutil.fsync_dir(legacy.parent)
    log.warning("moved the registry to the cluster filesystem (%s); the old one is kept "
                "as %s", cfg.registry_file, backup)
