"""The storage backend of a share: the storage room's, or a disk of its gateway VM."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..core.config import Config
from ..core.runner import Runner
from ..storage import Backend, Owner, backend_named

# A share on a gateway VM's own disk (vm mode before PVE 8.4) has no host volume: the
# storage room does not know it, so it is resolved here.
VMDISK = "vmdisk"
SHARE_DIR_MODE = 0o2770  # setgid: files created over SMB keep the share group


def share_owner(gid: int, group: str) -> Owner:
    """A share's volume belongs to root and the share group GID (named GROUP)."""
    return Owner(0, gid, SHARE_DIR_MODE, "root", group)


def share_backend(name: str, path: Path, runner: Runner, volume: Optional[str] = None,
                  cfg: Optional[Config] = None) -> Backend:
    """The backend a share was created with (its registry name)."""
    if name == VMDISK:
        # Imported here: it loads the VM gateway, which `status` of any other share
        # never needs.
        from .gateways.vm_disk_volume import VmDiskBackend
        return VmDiskBackend(runner, volume)
    return backend_named(name, path, runner, volume, cfg)
