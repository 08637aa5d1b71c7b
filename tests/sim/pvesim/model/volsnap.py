"""Volume snapshots, the storage side (pve-storage PVE/Storage.pm and the plugins), simulated.

What the guest configs' snapshot code (pvesim.ops.lxc / pvesim.ops.qemu) asks the storage:

* has_feature(st, volid): volume_has_feature('snapshot', volid) for the current volume:
  lvmthin, zfspool, zfs (over iSCSI) and rbd: yes (not for base-* template volumes);
  btrfs: qcow2, raw and subvol; dir/nfs/cifs/cephfs/glusterfs (Plugin.pm): qcow2 only;
  lvm: qcow2 only (PVE 9's snapshot-as-volume-chain; PVE 8: never); a path (bind or device
  mount, a passed-through /dev/sdX or an image file path): never (Storage.pm returns undef).
* snapshot(), delete(), rollback_possible(), rollback(): the per-volume list of snapshots
  in creation order is kept in the volume record (<state>/volumes/<storage>/<volname>.json,
  key 'snapshots'), which is what ZFSPoolPlugin's volume_rollback_is_possible looks at (a
  ZFS dataset can only be rolled back to its most recent snapshot); the returned lines are
  what the storage tools print into the task log (lvcreate / lvremove for lvmthin; zfs,
  rbd and qemu-img print nothing).

No data is copied here: the guests' content is snapshotted by the backends
(pvesim.backends.base / lxc for containers, pvesim.guest.vmsnap for VMs).
"""

from __future__ import annotations

import json
import os
import re
from typing import List, Optional, Tuple

from ..util import PveError, TaskFailed
from .storage import FILE_TYPES, Volumes, parse_volume_id

# $features->{snapshot} of the plugins: storage type -> formats (None: any format)
_ANY_FORMAT = {"lvmthin", "zfspool", "zfs", "rbd"}
_FORMATS = {"btrfs": {"qcow2", "raw", "subvol"}}


def _split(volid: str) -> Optional[Tuple[str, str]]:
    try:
        return parse_volume_id(volid)
    except PveError:
        return None


def volume_format(st, volid: str) -> str:
    """parse_volname's format: the volume record's, else the file name's extension."""
    rec = Volumes(st).info(volid) or {}
    if rec.get("format"):
        return str(rec["format"])
    sv = _split(volid)
    name = sv[1].rsplit("/", 1)[-1] if sv else volid
    m = re.search(r"\.(raw|qcow2|vmdk|subvol)$", name)
    if m:
        return m.group(1)
    return "subvol" if name.startswith("subvol-") else "raw"


def _is_base(volname: str) -> bool:
    return volname.rsplit("/", 1)[-1].startswith("base-")


def has_feature(st, volid: str) -> bool:
    """PVE::Storage::volume_has_feature($cfg, 'snapshot', $volid) (current volume)."""
    sv = _split(volid)
    if sv is None:
        return False  # a path: "-e $volid" or not, the answer is undef
    sid, volname = sv
    stype = str(st.storage_cfg().get(sid)["type"])  # storage_config(): "storage 'x' does not exist"
    if _is_base(volname):
        return False  # 'base' key: no snapshot feature in any plugin
    if stype in _ANY_FORMAT:
        return True
    fmt = volume_format(st, volid)
    if stype in _FORMATS:
        return fmt in _FORMATS[stype]
    if stype == "lvm":
        return st.pve_version >= 9 and fmt == "qcow2"
    if stype in FILE_TYPES:
        return fmt == "qcow2"
    return False


def _path_error(volid: str, what: str) -> TaskFailed:
    """Storage.pm for a volid that is no STORAGE:VOLNAME (a bind/device mount, a path)."""
    if volid.startswith("/") and os.path.exists(volid):
        return TaskFailed(f"{what} file/device '{volid}' is not possible\n")
    return TaskFailed(f"unable to parse volume ID '{volid}'\n")


def _lv(volname: str) -> str:
    return volname.rsplit("/", 1)[-1]


def _stype(st, sid: str) -> str:
    return str(st.storage_cfg().get(sid)["type"])


def _record(st, volid: str) -> Optional[dict]:
    return Volumes(st).info(volid)


def _save(st, rec: dict) -> None:
    vols = Volumes(st)
    path = vols._rec(rec["storage"], rec["volname"])
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.tmp.{os.getpid()}"
    with open(tmp, "w") as fh:
        json.dump(rec, fh, sort_keys=True)
    os.replace(tmp, path)


def names(st, volid: str) -> List[str]:
    """The volume's snapshots, oldest first (what `zfs list -t snapshot -s creation` lists)."""
    rec = _record(st, volid) or {}
    return list(rec.get("snapshots") or [])


def snapshot(st, volid: str, snap: str) -> List[str]:
    """PVE::Storage::volume_snapshot: record SNAP; returns the task log lines."""
    sv = _split(volid)
    if sv is None:
        raise _path_error(volid, "snapshot")
    sid, volname = sv
    rec = _record(st, volid)
    if rec is not None:
        rec["snapshots"] = [n for n in rec.get("snapshots") or [] if n != snap] + [snap]
        _save(st, rec)
    if _stype(st, sid) == "lvmthin":
        return [f'  Logical volume "snap_{_lv(volname)}_{snap}" created.']
    return []


def delete(st, volid: str, snap: str) -> List[str]:
    """PVE::Storage::volume_snapshot_delete."""
    sv = _split(volid)
    if sv is None:
        raise _path_error(volid, "snapshot delete")
    sid, volname = sv
    rec = _record(st, volid)
    if rec is not None and snap in (rec.get("snapshots") or []):
        rec["snapshots"] = [n for n in rec["snapshots"] if n != snap]
        _save(st, rec)
    if _stype(st, sid) == "lvmthin":
        return [f'  Logical volume "snap_{_lv(volname)}_{snap}" successfully removed.']
    return []


def rollback_possible(st, volid: str, snap: str) -> None:
    """PVE::Storage::volume_rollback_is_possible; raises TaskFailed with PVE's message.

    ZFSPoolPlugin: "can't rollback, snapshot 'X' does not exist on 'VOLID'" / "can't rollback,
    'X' is not most recent snapshot on 'VOLID'"; the other plugins (lvmthin, rbd, btrfs, the
    file plugins without snapshot-as-volume-chain) allow any snapshot."""
    sv = _split(volid)
    if sv is None:
        raise _path_error(volid, "snapshot rollback")
    sid, _volname = sv
    if _stype(st, sid) not in ("zfspool", "zfs"):
        return
    rec = _record(st, volid)
    if rec is None:
        return  # a volume the simulator never allocated: nothing to compare with
    snaps = list(rec.get("snapshots") or [])
    if snap not in snaps:
        raise TaskFailed(f"can't rollback, snapshot '{snap}' does not exist on '{volid}'\n")
    if snaps.index(snap) != len(snaps) - 1:
        raise TaskFailed(f"can't rollback, '{snap}' is not most recent snapshot on '{volid}'\n")


def rollback(st, volid: str, snap: str) -> List[str]:
    """PVE::Storage::volume_snapshot_rollback (after volume_rollback_is_possible)."""
    rollback_possible(st, volid, snap)
    sid, volname = parse_volume_id(volid)
    if _stype(st, sid) == "lvmthin":
        # lvremove -f vg/lv; lvcreate -kn -n lv -s vg/snap_lv_snap
        return [f'  Logical volume "{_lv(volname)}" successfully removed.',
                f'  Logical volume "{_lv(volname)}" created.']
    return []
