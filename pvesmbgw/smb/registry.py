"""The desired state: shares and users the agent manages, kept as one JSON file.

Writes go through the transaction (a file step), so the registry changes atomically
together with everything else; reads need no lock beyond the command lock.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Optional

from ..core.errors import ConfigError

FORMAT_VERSION = 1


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
    # Gateway id for lxc mode ("lxc-<vmid>"); None for native shares.
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

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["valid_users"] = list(self.valid_users)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Share":
        data = dict(data)
        data["valid_users"] = tuple(data.get("valid_users", ()))
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


@dataclass(frozen=True)
class Registry:
    shares: dict[str, Share] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    gateways: dict[str, Gateway] = field(default_factory=dict)
    # The gateway VM template pvesmbgw built: {"vmid", "node", "storage", "image", ...}
    vm_template: dict[str, Any] = field(default_factory=dict)

    def native_shares(self) -> list[Share]:
        return [s for s in self.shares.values() if s.gateway is None]

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

    def dumps(self) -> bytes:
        data = {
            "version": FORMAT_VERSION,
            "shares": {n: s.to_json() for n, s in sorted(self.shares.items())},
            "users": {n: asdict(u) for n, u in sorted(self.users.items())},
            "gateways": {n: asdict(g) for n, g in sorted(self.gateways.items())},
            "vm_template": self.vm_template,
        }
        return (json.dumps(data, indent=1, sort_keys=True) + "\n").encode()


def loads(text: bytes, source: str = "registry") -> Registry:
    try:
        data = json.loads(text)
        if data.get("version") != FORMAT_VERSION:
            raise ConfigError(f"{source}: unsupported format version {data.get('version')!r}")
        shares = {n: Share.from_json(s) for n, s in data.get("shares", {}).items()}
        users = {n: User(**u) for n, u in data.get("users", {}).items()}
        gateways = {n: Gateway(**g) for n, g in data.get("gateways", {}).items()}
    except (ValueError, TypeError, AttributeError) as exc:
        raise ConfigError(f"{source}: corrupt registry: {exc}") from None
    return Registry(shares, users, gateways, dict(data.get("vm_template") or {}))


def load(path: Path) -> Registry:
    """The registry at PATH; an absent file is an empty registry."""
    try:
        return loads(path.read_bytes(), str(path))
    except FileNotFoundError:
        return Registry()
