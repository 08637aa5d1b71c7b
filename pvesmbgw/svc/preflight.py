"""Pre-flight: can this install succeed here? Asked before anything changes, from one
`/cluster/resources` call (nodes, storages, guests) plus the node's bridges; every
failure is named in one line, and the command exits 2 having changed nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Sequence

from ..core.errors import ValidationError
from ..core.i18n import _
from ..core.runner import Runner
from ..core.units import human_size
from ..tools import pvesh
from ..tools.pvesh import Resource

MIB = 1024 * 1024
GIB = 1024 * MIB


@dataclass(frozen=True)
class Needs:
    """What an install asks of the cluster."""

    node: str
    vmid: int
    cores: int
    memory_mib: int
    rootfs_storage: str
    rootfs_gib: int
    bridge: str
    ports: tuple[int, ...] = ()
    ha: bool = False
    # bytes per storage for the new data volumes (their quotas)
    volume_bytes: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Cluster:
    """The rows pre-flight reads, from one call."""

    rows: Sequence[Resource]

    @classmethod
    def read(cls, runner: Runner) -> "Cluster":
        return cls(pvesh.cluster_resources(runner))

    def node(self, name: str) -> Optional[Resource]:
        return next((r for r in self.rows if r.type == "node" and r.node == name), None)

    def nodes(self) -> list[Resource]:
        return [r for r in self.rows if r.type == "node"]

    def storage(self, node: str, storage: str) -> Optional[Resource]:
        return next((r for r in self.rows if r.type == "storage" and r.node == node
                     and r.storage == storage), None)

    def vmids(self) -> set[int]:
        return {r.vmid for r in self.rows if r.vmid is not None}


def bridges(runner: Runner, node: str) -> set[str]:
    """The node's bridges (Linux and OVS), from its network configuration."""
    rows = pvesh.get(runner, f"/nodes/{node}/network") or []
    return {str(r.get("iface")) for r in rows
            if str(r.get("type")) in ("bridge", "OVSBridge")}


def problems(cluster: Cluster, needs: Needs, bridges_here: set[str],
             taken_ports: dict[int, str]) -> list[str]:
    """What stands in the way, one phrase each (empty: go)."""
    found = []
    node = cluster.node(needs.node)
    if node is None:
        found.append(_("node {node} is not in the cluster").format(node=needs.node))
    elif node.status != "online":
        found.append(_("node {node} is {status}").format(node=needs.node, status=node.status or 'not online'))
    else:
        free = node.maxmem - node.mem
        if free < needs.memory_mib * MIB:
            found.append(_("node {node} has {max} of memory free, "
                         "the service needs {memory_mib} MiB").format(node=needs.node, max=human_size(max(free, 0)), memory_mib=needs.memory_mib))
        if node.maxcpu and needs.cores > node.maxcpu:
            found.append(_("node {node} has {maxcpu:g} CPUs, the service needs "
                         "{cores} cores").format(node=needs.node, maxcpu=node.maxcpu, cores=needs.cores))
    want: dict[str, int] = dict(needs.volume_bytes)
    want[needs.rootfs_storage] = want.get(needs.rootfs_storage, 0) + needs.rootfs_gib * GIB
    for storage, size in sorted(want.items()):
        row = cluster.storage(needs.node, storage)
        if row is None:
            found.append(_("storage {storage} is not available on node {node}").format(storage=storage, node=needs.node))
        elif row.status != "available":
            found.append(_("storage {storage} is {status}").format(storage=storage, status=row.status or 'not available'))
        elif row.maxdisk and row.maxdisk - row.disk < size:
            found.append(_("storage {storage} has {maxdisk} free, "
                         "the service needs {size}").format(storage=storage, maxdisk=human_size(row.maxdisk - row.disk), size=human_size(size)))
    if needs.vmid in cluster.vmids():
        found.append(_("VMID {vmid} is in use").format(vmid=needs.vmid))
    if needs.bridge not in bridges_here:
        found.append(_("bridge {bridge} does not exist on node {node}").format(bridge=needs.bridge, node=needs.node))
    for port in needs.ports:
        if port in taken_ports:
            found.append(_("port {port} is taken by service {taken_ports} on this node").format(port=port, taken_ports=taken_ports[port]))
    if needs.ha and len(cluster.nodes()) < 2:
        found.append(_("HA needs a PVE cluster of at least two nodes; this is a single node"))
    return found


# PVE's HA fences a node that lost quorum; with three votes the rest keep quorum when one
# node fails, which is what makes HA worth having (a two-node cluster needs a QDevice).
HA_NODES = 3


@dataclass(frozen=True)
class HaGaps:
    """What a PVE HA resource would lack here, one phrase each."""

    cluster: tuple[str, ...]  # not a cluster, too few nodes
    storage: tuple[str, ...]  # disks or data only this node can reach

    def all(self) -> list[str]:
        return [*self.cluster, *self.storage]


def ha_gaps(cluster: Cluster, node: str, rootfs_storage: str,
            data_storages: dict[str, str]) -> HaGaps:
    """Why a guest with its disk on ROOTFS_STORAGE and data volumes on DATA_STORAGES
    (id -> PVE storage type) could not be recovered on another node."""
    members = cluster.nodes()
    online = [n for n in members if n.status == "online"]
    gaps: list[str] = []
    if len(members) < 2:
        gaps.append(_("this node is not in a PVE cluster"))
    elif len(online) < HA_NODES:
        gaps.append(_("the cluster has {count} online nodes; HA needs at least "
                    "{ha_nodes} (a quorum that survives one failing)").format(count=len(online), ha_nodes=HA_NODES))
    store: list[str] = []
    for storage, what in [(rootfs_storage, "the guest's disk"),
                          *((s, "data volumes") for s in sorted(data_storages))]:
        row = cluster.storage(node, storage)
        if row is not None and not row.shared:
            store.append(_("storage {storage} ({what}) is not shared").format(storage=storage, what=what))
        elif data_storages.get(storage) == "rbd" and what == "data volumes":
            # a data volume on RBD is mapped and mounted on this node's host only
            store.append(_("storage {storage} (data volumes) is an RBD pool whose volumes "
                         "are mounted on this node only: use cephfs").format(storage=storage))
    return HaGaps(tuple(gaps), tuple(store))


def check(cluster: Cluster, needs: Needs, bridges_here: set[str],
          taken_ports: dict[int, str]) -> None:
    """Raise ValidationError('pre-flight', …) naming every problem."""
    found = problems(cluster, needs, bridges_here, taken_ports)
    if found:
        raise ValidationError("pre-flight", "; ".join(found))
