"""Whether this node belongs to the CTDB cluster, and whether a path lies on storage
every node of it mounts: together they decide which native shares a node serves.

A node is a member when one of the cluster's active node addresses is on one of its
interfaces: the address is its identity in the cluster (PNNs are indexes of addresses),
and PVE node names are not part of the CTDB state.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from ...core import fsutil
from ...core.config import Config
from ...core.errors import ValidationError
from ...core.i18n import _
from ...core.runner import Runner
from .state import ClusterState, load

# File systems every node of a cluster mounts at once (their type tells).
CLUSTER_FS_TYPES = frozenset({"ceph", "fuse.ceph-fuse", "gfs2", "ocfs2", "glusterfs",
                              "fuse.glusterfs"})


def member_address(cfg: Config, runner: Runner,
                   state: Optional[ClusterState] = None) -> Optional[str]:
    """This node's address in the CTDB cluster; None when no cluster is set up or this
    node is none of its active nodes."""
    state = state if state is not None else load(cfg.ctdb.cluster_file)
    if state is None or not state.active():
        return None
    from .vip import VipChecker  # sockets and interfaces: only where a cluster is set up
    local = {str(a.ip) for a in VipChecker(runner, use_pyroute2=False).interface_addresses()}
    return next((n.address for n in state.active() if n.address in local), None)


def shared_reason(path: Path, backend: str, state: ClusterState) -> Optional[str]:
    """Why every node of the cluster sees PATH (a volume of BACKEND), or None when it is
    node-local storage."""
    if backend == "cephfs":
        return "a CephFS subvolume"
    for declared in state.shared_paths:
        if path == Path(declared) or Path(declared) in path.parents:
            return f"under {declared}, declared shared storage of the cluster"
    fstype = fsutil.mount_of(fsutil.existing_ancestor(path)).fstype
    if fstype in CLUSTER_FS_TYPES:
        return f"on a {fstype} file system"
    return None


def require_shared(path: Path, backend: str, state: ClusterState) -> None:
    """ValidationError unless PATH is on storage every node mounts."""
    if shared_reason(path, backend, state) is not None:
        return
    raise ValidationError(
        "path", _("{path} is on node-local storage ({backend}), but this node belongs to a "
        "CTDB cluster, whose nodes all serve its native shares: put the share on storage "
        "every node mounts (CephFS: --storage, or a directory declared with `pve-smbgateway "
        "cluster shared-path add DIR`), or serve it from a gateway guest made an HA "
        "resource (--mode lxc, then `pve-smbgateway cluster ha enable`)").format(path=path, backend=backend))


def check_shared_path(raw: str) -> str:
    """A directory to declare shared: absolute, existing, no symlinks."""
    path = Path(raw)
    if not path.is_absolute() or any(c in raw for c in "\n\r"):
        raise ValidationError("path", _("must be an absolute path: {raw!r}").format(raw=raw))
    fsutil.check_path_text(raw, "path")
    if any(path.is_relative_to(tree) for tree in fsutil.SYSTEM_TREES):
        raise ValidationError("path", _("{path} lies in a system directory, not on "
                              "shared storage").format(path=path))
    if not path.is_dir():
        raise ValidationError("path", _("{path} is not a directory (mount the shared "
                              "storage first)").format(path=path))
    if path == Path("/"):
        raise ValidationError("path", _("/ cannot be shared storage: name the mount point "
                              "of the shared file system"))
    fsutil.check_no_symlinks(path)
    return str(path).rstrip("/")
