"""Previous Versions: the smb.conf options that show a volume's snapshots to Windows.

The storage room says where a volume's snapshots appear and how they are named (its
SnapshotLayout); this module turns that into Samba's VFS options, stored with the
share (Share.smb_options) and re-derived when the snapshots change.
"""

from __future__ import annotations

from typing import Sequence

from ..storage import Backend
from ..storage.snapshots import Snapshot, detect_scheme

# The vfs_shadow_copy2 settings that let Samba read the timestamps in other tools'
# snapshot names (the schemes of storage.snapshots.FOREIGN_SCHEMES).
SCHEME_OPTIONS = {
    "zfs-auto-snapshot": {"shadow:snapprefix": r"^zfs-auto-snap_\(frequent\)\{0,1\}"
                                               r"\(hourly\)\{0,1\}\(daily\)\{0,1\}"
                                               r"\(weekly\)\{0,1\}\(monthly\)\{0,1\}",
                          "shadow:delimiter": "-20",
                          "shadow:format": "-%Y-%m-%d-%H%M"},
    "sanoid": {"shadow:snapprefix": "^autosnap", "shadow:delimiter": "_",
               "shadow:format": "_%Y-%m-%d_%H:%M:%S"},
    "pyznap": {"shadow:snapprefix": "^pyznap", "shadow:delimiter": "_",
               "shadow:format": "_%Y-%m-%d_%H:%M:%S"},
}


def share_options(backend: Backend, snapshots: Sequence[Snapshot]) -> dict[str, str]:
    """smb.conf options that make Previous Versions show the volume's SNAPSHOTS; none
    when its snapshots cannot be read as directories."""
    layout = backend.snapshot_layout
    if layout is None:
        return {}
    if layout.decorated:
        # CephFS shows a subvolume's snapshots as .snap/_<name>_<inode>, which
        # vfs_ceph_snapshots reads (and shadow_copy2 cannot).
        return {"vfs objects": "ceph_snapshots"}
    options = {"vfs objects": "shadow_copy2", "shadow:snapdir": layout.directory,
               "shadow:format": layout.name_format, "shadow:sort": "desc",
               "shadow:localtime": "no"}
    if layout.listed:
        # Clients reach snapshots through Previous Versions, not the folder.
        options["hide files"] = f"/{layout.directory}/"
    scheme = detect_scheme(s.name for s in snapshots) if layout.shared else None
    if scheme is not None:
        # Another tool's snapshots dominate: let Samba read their timestamps.
        options.update(SCHEME_OPTIONS[scheme])
        options["shadow:localtime"] = "yes"  # these tools name snapshots in local time
    return options
