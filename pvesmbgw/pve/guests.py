"""Guest building blocks both commands compose: VMIDs and where guests run.

A gateway of pve-smbgateway and a service of pve-svc are both PVE guests: they take
their VMID from the cluster and may move between nodes (HA), so "which node runs
guest N" is asked of the cluster, not remembered.
"""

from __future__ import annotations

from ..core.runner import Runner
from ..tools import pvesh


def next_vmid(runner: Runner) -> int:
    """The lowest free VMID of the cluster (`/cluster/nextid`)."""
    return int(pvesh.get(runner, "/cluster/nextid"))


def guest_nodes(runner: Runner) -> dict[int, str]:
    """VMID -> the node it is on now, for every CT and VM of the cluster (one call)."""
    return {r.vmid: r.node for r in pvesh.cluster_resources(runner, "vm")
            if r.vmid is not None}
