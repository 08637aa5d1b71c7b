"""The desired CTDB cluster, as one JSON document in the cluster-wide registry.

A node's PNN is its index in `nodes`. Removed nodes stay in the list (rendered as
comments) so the PNNs of the others never shift; re-adding an address reuses its slot.
"""

from __future__ import annotations

import ipaddress
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Optional

from ...core import store
from ...core.errors import ConfigError, ValidationError
from ...core.i18n import _

FORMAT_VERSION = 1

# What the agent sets so that a dead node is noticed and its VIPs move within seconds
# (CTDB defaults: KeepaliveInterval=5, KeepaliveLimit=5, leader timeout=5, ~25 s).
DEFAULT_TUNABLES = {"KeepaliveInterval": 1, "KeepaliveLimit": 3}
DEFAULT_LEADER_TIMEOUT = 2
DEFAULT_IDMAP_RANGE = "3000-7999"


@dataclass(frozen=True)
class Node:
    address: str
    removed: bool = False


@dataclass(frozen=True)
class Vip:
    """A floating address 'ADDR/PREFIX' and the interface it is raised on."""

    cidr: str
    interface: str

    @property
    def address(self) -> str:
        return self.cidr.split("/", 1)[0]


@dataclass(frozen=True)
class ClusterState:
    nodes: tuple[Node, ...] = ()
    vips: tuple[Vip, ...] = ()
    # The `cluster lock` value: a path on shared storage, or "!helper args" (RADOS).
    lock: str = ""
    leader_timeout: int = DEFAULT_LEADER_TIMEOUT
    tunables: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_TUNABLES))
    idmap_range: str = DEFAULT_IDMAP_RANGE
    # Directories every node mounts (a clustered or network filesystem the agent cannot
    # recognise by its type): native shares under them are served by every node.
    shared_paths: tuple[str, ...] = ()

    def active(self) -> list[Node]:
        return [n for n in self.nodes if not n.removed]

    def pnn_of(self, address: str) -> Optional[int]:
        for pnn, node in enumerate(self.nodes):
            if node.address == address:
                return pnn
        return None

    def with_node(self, address: str) -> "ClusterState":
        pnn = self.pnn_of(address)
        if pnn is None:
            return replace(self, nodes=self.nodes + (Node(address),))
        nodes = list(self.nodes)
        nodes[pnn] = Node(address)
        return replace(self, nodes=tuple(nodes))

    def without_node(self, address: str) -> "ClusterState":
        pnn = self.pnn_of(address)
        assert pnn is not None
        nodes = list(self.nodes)
        nodes[pnn] = Node(address, removed=True)
        return replace(self, nodes=tuple(nodes))

    def with_vip(self, vip: Vip) -> "ClusterState":
        return replace(self, vips=self.vips + (vip,))

    def without_vip(self, address: str) -> "ClusterState":
        return replace(self, vips=tuple(v for v in self.vips if v.address != address))

    def with_shared_path(self, path: str) -> "ClusterState":
        return replace(self, shared_paths=tuple(sorted(set(self.shared_paths) | {path})))

    def without_shared_path(self, path: str) -> "ClusterState":
        return replace(self, shared_paths=tuple(p for p in self.shared_paths if p != path))

    def find_vip(self, address: str) -> Optional[Vip]:
        return next((v for v in self.vips if v.address == address), None)

    def dumps(self) -> bytes:
        return store.dumps_document(FORMAT_VERSION, asdict(self))


def loads(text: bytes, source: str = "cluster state") -> ClusterState:
    data = store.loads_document(text, (FORMAT_VERSION,), source, "cluster state")
    try:
        return ClusterState(
            nodes=tuple(Node(**n) for n in data["nodes"]),
            vips=tuple(Vip(**v) for v in data["vips"]),
            lock=str(data["lock"]), leader_timeout=int(data["leader_timeout"]),
            tunables={str(k): int(v) for k, v in data["tunables"].items()},
            idmap_range=str(data["idmap_range"]),
            shared_paths=tuple(str(p) for p in data.get("shared_paths", ())))
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise ConfigError(_("{source}: corrupt cluster state: {exc}").format(source=source, exc=exc)) from None


def load(path: Path) -> Optional[ClusterState]:
    """The cluster state at PATH, or None when no cluster was set up."""
    try:
        return loads(path.read_bytes(), str(path))
    except FileNotFoundError:
        return None


# -- input checks (bad input stops here, before anything is rendered) -----------------


def parse_address(raw: str, field_name: str = "node") -> str:
    """A node address: one IPv4/IPv6 address, normalised."""
    try:
        return str(ipaddress.ip_address(raw.strip()))
    except ValueError:
        raise ValidationError(field_name, _("not an IP address: {raw!r}").format(raw=raw)) from None


def parse_nodes(raw: str) -> list[str]:
    items = [i for i in raw.split(",") if i.strip()]
    if not items:
        raise ValidationError("nodes", _("give at least one node address"))
    nodes = [parse_address(i, "nodes") for i in items]
    dup = {n for n in nodes if nodes.count(n) > 1}
    if dup:
        raise ValidationError("nodes", _("address listed twice: {dup}").format(dup=sorted(dup)[0]))
    return nodes


def parse_vip(raw: str) -> ipaddress.IPv4Interface | ipaddress.IPv6Interface:
    """'ADDR/PREFIX' with an explicit prefix; a host address, not the network itself."""
    if "/" not in raw:
        raise ValidationError("vip", _("give the prefix length too, e.g. {raw}/24").format(raw=raw))
    try:
        iface = ipaddress.ip_interface(raw.strip())
    except ValueError:
        raise ValidationError("vip", _("not ADDR/PREFIX: {raw!r}").format(raw=raw)) from None
    net = iface.network
    if net.num_addresses > 2 and iface.ip in (net.network_address, net.broadcast_address):
        raise ValidationError("vip", _("{ip} is the network or broadcast address of {net}").format(ip=iface.ip, net=net))
    if iface.ip.is_loopback or iface.ip.is_multicast or iface.ip.is_unspecified:
        raise ValidationError("vip", _("{ip} cannot be a floating address").format(ip=iface.ip))
    return iface


def check_interface_name(name: str) -> str:
    if not name or len(name) > 15 or any(c in name for c in "/ \t\n:") or name in (".", ".."):
        raise ValidationError("interface", _("not a network interface name: {name!r}").format(name=name))
    return name


def lock_value(path: Optional[str], helper: Optional[str]) -> str:
    """The ctdb.conf `cluster lock` value for --lock PATH or --lock-helper CMD."""
    if path and helper:
        raise ValidationError("lock", _("give --lock or --lock-helper, not both"))
    raw = path or helper
    if not raw:
        raise ValidationError("lock", _("a cluster lock is required (--lock PATH on shared "
                              "storage such as CephFS, or --lock-helper CMD for RADOS)"))
    if any(ord(c) < 32 for c in raw) or raw != raw.strip():
        raise ValidationError("lock", _("must be one line without leading or trailing space"))
    if path:
        if not path.startswith("/") or " " in path:
            raise ValidationError("lock", _("must be an absolute path without spaces: {path!r}").format(path=path))
        if not Path(path).parent.is_dir():
            raise ValidationError("lock", _("directory {parent} does not exist "
                                  "(mount the shared storage first)").format(parent=Path(path).parent))
        return path
    assert helper is not None
    if not helper.split()[0].startswith("/"):
        raise ValidationError("lock-helper", _("the helper must be an absolute path, e.g. "
                              "/usr/libexec/ctdb/ctdb_mutex_ceph_rados_helper ceph "
                              "client.admin POOL OBJECT"))
    return "!" + helper
