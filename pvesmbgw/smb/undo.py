"""The handlers of journal records: how to reverse each kind of change (undo), and
how to carry out each destructive final step (roll forward). Every handler is
idempotent: it may run for a step that never got to act (a crash right after
journaling), or run twice (a crash right after it acted)."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import Callable

from ..core import fsutil
from ..core.config import Config
from ..core.errors import CommandError, PvesmbgwError
from ..core.runner import Runner
from .samba.service import SmbService
from ..pve.channel import channel
from ..tools import accounts, pvesh
from ..tools.btrfs import Btrfs, is_subvolume
from ..tools.pct import Pct
from .volumes import share_backend
from ..tools.ceph import Ceph
from ..tools.qm import Qm
from ..tools.rbd import Rbd
from ..tools.pveam import Pveam
from ..tools.zfs import OWNER_PROPERTY, Zfs
from ..tools.samba import SambaTools
from ..core.txn import UndoRecord

log = logging.getLogger(__name__)


def drop_lines(path: Path, image: str) -> None:
    """Remove the lines pvesmbgw added for IMAGE (fstab, rbdmap); keep everything else."""
    text = (fsutil.read_bytes(path) or b"").decode()
    kept = [line for line in text.splitlines(keepends=True)
            if not (line.rstrip().endswith("# pvesmbgw") and line.split()[0] in
                    (image, f"/dev/rbd/{image}"))]
    if "".join(kept) != text:
        fsutil.atomic_write(path, "".join(kept).encode(), 0o644)


def restore_argv(source: Path, path: Path, exclude: str) -> list[str]:
    """rsync SOURCE's files onto PATH exactly (ACLs, xattrs, hard links, deletions),
    leaving PATH's snapshot directory EXCLUDE alone."""
    # --checksum: a file rewritten within the same second with the same size would
    # otherwise look unchanged to rsync and keep its newer content.
    return ["rsync", "-aHAX", "--checksum", "--delete", f"--exclude=/{exclude}", f"{source}/",
            f"{path}/"]


def restore_file(record: UndoRecord) -> None:
    """Put back the journal's copy of a file, or remove a file that did not exist."""
    path = Path(record["path"])
    backup = record.get("backup")
    if backup is None:
        fsutil.remove_file(path)
    else:
        fsutil.atomic_write(path, Path(backup).read_bytes(), record.get("mode", 0o644))


class Undoer:
    """Dispatches undo records to their handlers."""

    def __init__(self, cfg: Config, runner: Runner) -> None:
        self.cfg = cfg
        self.runner = runner
        self.handlers: dict[str, Callable[[UndoRecord], None]] = {
            "restore_file": restore_file,
            "rmdir": self.rmdir,
            "remove_tree": self.remove_tree,
            "btrfs_subvolume_delete": self.btrfs_subvolume_delete,
            "btrfs_quota_disable": self.btrfs_quota_disable,
            "btrfs_qgroup_limit": self.btrfs_qgroup_limit,
            "groupdel": self.groupdel,
            "userdel": self.userdel,
            "group_remove_member": self.group_remove_member,
            "smb_user_del": self.smb_user_del,
            "reload_smbd": self.reload_smbd,
            "pct_destroy": self.pct_destroy,
            "pct_stop": self.pct_stop,
            "pct_unmount": self.pct_unmount,
            "pct_push": self.guest_push,
            "pct_exec": self.guest_exec,
            "qm_push": self.guest_push,
            "qm_exec": self.guest_exec,
            "qm_stop": self.qm_stop,
            "qm_unset": self.qm_unset,
            "dir_mapping_delete": self.dir_mapping_delete,
            "pveam_remove": self.pveam_remove,
            "zfs_destroy": self.zfs_destroy,
            "zfs_set": self.zfs_set,
            "restore_from": self.restore_from,
            "ceph_subvolume_rm": self.ceph_subvolume_rm,
            "ceph_snapshot_rm": self.ceph_snapshot_rm,
            "ceph_resize": self.ceph_resize,
            "rbd_destroy": self.rbd_destroy,
            "rbd_unmap": self.rbd_unmap,
            "umount": self.umount,
            "rbd_grow": self.rbd_grow,
            "rbd_snap_rm": self.rbd_snap_rm,
            "qm_destroy": self.qm_destroy,
            "ha_manager": self.ha_manager,
        }
        from .ad.undo import handlers as ad_handlers  # AD membership steps
        self.handlers.update(ad_handlers(cfg, runner))
        from .gateways.vm_disk import undo_handlers as vm_disk_handlers  # VM disk shares
        self.handlers.update(vm_disk_handlers(runner))

    def __call__(self, record: UndoRecord) -> None:
        log.debug("undo %s", record)
        self.handlers[record["kind"]](record)

    def _run(self, argv: list[str]) -> None:
        self.runner.run(argv, mutating=True)

    def rmdir(self, record: UndoRecord) -> None:
        try:
            os.rmdir(record["path"])
        except FileNotFoundError:
            pass

    def remove_tree(self, record: UndoRecord) -> None:
        if os.path.isdir(record["path"]):
            shutil.rmtree(record["path"])

    def btrfs_subvolume_delete(self, record: UndoRecord) -> None:
        """Delete "path" (with the subvolumes in its "nested" dir first) or "paths"."""
        paths = [Path(p) for p in record.get("paths", [])]
        if "path" in record:
            path = Path(record["path"])
            nested = path / record["nested"] if record.get("nested") else None
            if nested is not None and nested.is_dir():
                paths += sorted(p for p in nested.iterdir() if is_subvolume(p))
            paths.append(path)
        existing = [p for p in paths if is_subvolume(p)]
        if existing:
            self._run(Btrfs(self.runner).subvolume_delete_argv(*existing))

    def btrfs_quota_disable(self, record: UndoRecord) -> None:
        btrfs = Btrfs(self.runner)
        mountpoint = Path(record["mountpoint"])
        if btrfs.qgroups(mountpoint) is not None:
            self._run(btrfs.quota_disable_argv(mountpoint))

    def btrfs_qgroup_limit(self, record: UndoRecord) -> None:
        path = Path(record["path"])
        if is_subvolume(path):
            self._run(Btrfs(self.runner).qgroup_limit_argv(path, record.get("limit")))

    def zfs_destroy(self, record: UndoRecord) -> None:
        """Destroy a dataset (only with our owner token) or dataset@snap[,snap...]."""
        zfs = Zfs(self.runner)
        target = record["target"]
        if "@" in target:
            dataset, names = target.split("@", 1)
            if not zfs.exists(dataset):
                return
            have = {name for name, _ in zfs.snapshots(dataset)}
            left = [n for n in names.split(",") if n in have]
            if left:
                self._run(zfs.destroy_argv(f"{dataset}@{','.join(left)}"))
            return
        if not zfs.exists(target):
            return
        owner = zfs.get([target], [OWNER_PROPERTY]).get(target, {}).get(OWNER_PROPERTY)
        if record.get("owner") and owner != record["owner"]:
            raise PvesmbgwError(f"refusing to destroy {target}: it is not the dataset "
                                "pvesmbgw created (owner property differs)")
        self._run(zfs.destroy_argv(target, bool(record.get("recursive"))))

    def zfs_set(self, record: UndoRecord) -> None:
        zfs = Zfs(self.runner)
        if zfs.exists(record["target"]):
            self._run(zfs.set_argv(record["target"], record["property"], record["value"]))

    def restore_from(self, record: UndoRecord) -> None:
        """Make a volume's files those of a snapshot again (rsync)."""
        path = Path(record["path"])
        backend = share_backend(record["backend"], path, self.runner, record.get("volume"),
                                self.cfg)
        source = backend.snapshot_path(path, record["snapshot"])
        if source.is_dir():
            self._run(restore_argv(source, path, record["exclude"]))

    def ceph_subvolume_rm(self, record: UndoRecord) -> None:
        ceph = Ceph(self.runner, record["fs"])
        if ceph.info(record["sub"]) is None:
            return
        if record.get("snapshots"):
            for name in ceph.snapshots(record["sub"]):
                self._run(ceph.snapshot_rm_argv(record["sub"], name))
        self._run(ceph.rm_argv(record["sub"]))

    def ceph_snapshot_rm(self, record: UndoRecord) -> None:
        ceph = Ceph(self.runner, record["fs"])
        if ceph.info(record["sub"]) is None:
            return
        have = set(ceph.snapshots(record["sub"]))
        for name in record["names"]:
            if name in have:
                self._run(ceph.snapshot_rm_argv(record["sub"], name))

    def umount(self, record: UndoRecord) -> None:
        if os.path.ismount(record["path"]):
            self._run(["umount", record["path"]])

    def rbd_unmap(self, record: UndoRecord) -> None:
        rbd = Rbd(self.runner)
        if rbd.device(record["image"]) is not None:
            self._run(rbd.unmap_argv(record["image"]))

    def rbd_destroy(self, record: UndoRecord) -> None:
        """Unmount, unmap, drop our fstab/rbdmap lines, remove snapshots and the image."""
        rbd = Rbd(self.runner)
        image = record["image"]
        if record.get("path"):
            self.umount({"path": record["path"]})
            self.rmdir({"path": record["path"]})  # the empty mount point pvesmbgw made
        self.rbd_unmap({"image": image})
        for key in ("fstab", "rbdmap"):
            if record.get(key):
                drop_lines(Path(record[key]), image)
        if rbd.info(image) is not None:
            if rbd.snapshots(image):
                self._run(rbd.snap_purge_argv(image))
            self._run(rbd.rm_argv(image))

    def rbd_grow(self, record: UndoRecord) -> None:
        rbd = Rbd(self.runner)
        info = rbd.info(record["image"]) or {}
        if int(info.get("size", 0)) < int(record["size"]):
            self._run(rbd.resize_argv(record["image"], int(record["size"])))
        device = rbd.device(record["image"])
        if device is not None:
            self._run(["resize2fs", device])

    def rbd_snap_rm(self, record: UndoRecord) -> None:
        rbd = Rbd(self.runner)
        if rbd.info(record["image"]) is None:
            return
        have = {name for name, _ in rbd.snapshots(record["image"])}
        for name in record["names"]:
            if name in have:
                self._run(rbd.snap_rm_argv(record["image"], name))

    def qm_destroy(self, record: UndoRecord) -> None:
        qm = Qm(self.runner)
        vmid = int(record["vmid"])
        state = qm.state(vmid)
        if state is None:
            return
        if state == "running":
            self._run(qm.stop_argv(vmid))
        self._run(qm.destroy_argv(vmid))

    def ceph_resize(self, record: UndoRecord) -> None:
        ceph = Ceph(self.runner, record["fs"])
        if ceph.info(record["sub"]) is not None:
            self._run(ceph.resize_argv(record["sub"], record.get("size")))

    def groupdel(self, record: UndoRecord) -> None:
        if accounts.group_gid(record["group"]) is not None:
            self._run(accounts.groupdel_argv(record["group"]))

    def userdel(self, record: UndoRecord) -> None:
        if accounts.user_exists(record["user"]):
            self._run(accounts.userdel_argv(record["user"]))

    def group_remove_member(self, record: UndoRecord) -> None:
        if record["user"] in accounts.group_members(record["group"]):
            self._run(accounts.remove_from_group_argv(record["user"], record["group"]))

    def smb_user_del(self, record: UndoRecord) -> None:
        tools = SambaTools(self.runner, self.cfg.samba_conf)
        if record["user"] in tools.users():
            self._run(tools.user_del_argv(record["user"]))

    def pct_destroy(self, record: UndoRecord) -> None:
        pct = Pct(self.runner)
        vmid = int(record["vmid"])
        state = pct.state(vmid)
        if state is None:
            return
        if state == "running":
            self._run(pct.stop_argv(vmid))
        self._run(pct.destroy_argv(vmid))

    def pct_stop(self, record: UndoRecord) -> None:
        pct = Pct(self.runner)
        vmid = int(record["vmid"])
        if pct.state(vmid) == "running":
            self._run(pct.stop_argv(vmid))

    def pct_unmount(self, record: UndoRecord) -> None:
        # On a running container PVE keeps this as a pending change until restart.
        pct = Pct(self.runner)
        vmid = int(record["vmid"])
        if pct.exists(vmid) and record["key"] in pct.config(vmid).values:
            self._run(pct.delete_argv(vmid, [record["key"]]))

    def guest_push(self, record: UndoRecord) -> None:
        ch = channel(record["kind"].split("_")[0], self.runner, int(record["vmid"]))
        if ch.state() == "running":
            ch.write(record["dest"], record["data"], record.get("perms", "0644"))

    def guest_exec(self, record: UndoRecord) -> None:
        ch = channel(record["kind"].split("_")[0], self.runner, int(record["vmid"]))
        if ch.state() == "running":
            try:
                ch.run(record["command"], mutating=True)
            except CommandError as exc:
                log.warning("rollback: %s in %s failed: %s", record["command"], ch.label, exc)

    def qm_stop(self, record: UndoRecord) -> None:
        qm = Qm(self.runner)
        vmid = int(record["vmid"])
        if qm.state(vmid) == "running":
            self._run(qm.stop_argv(vmid))

    def qm_unset(self, record: UndoRecord) -> None:
        # virtiofs on a running VM: PVE keeps the removal pending until the next start.
        qm = Qm(self.runner)
        vmid = int(record["vmid"])
        if qm.exists(vmid) and record["key"] in qm.config(vmid).values:
            self._run(qm.delete_argv(vmid, [record["key"]]))

    def dir_mapping_delete(self, record: UndoRecord) -> None:
        # DELETE is silent for an unknown id, so this is safe to repeat.
        self._run(pvesh.argv("delete", f"/cluster/mapping/dir/{record['id']}"))

    def pveam_remove(self, record: UndoRecord) -> None:
        try:
            self._run(Pveam(self.runner).remove_argv(record["volid"]))
        except CommandError as exc:
            if "does not exist" not in exc.stderr and "no such" not in exc.stderr.lower():
                raise

    def reload_smbd(self, record: UndoRecord) -> None:
        try:
            SmbService(self.cfg, self.runner).reload_if_running()
        except CommandError as exc:
            # Not fatal for the rollback: files are already restored on disk.
            log.warning("could not reload smbd after rollback: %s", exc)

    def ha_manager(self, record: UndoRecord) -> None:
        """Undo a PVE HA registration: `ha-manager remove|groupremove|rules remove ...`;
        what is already gone is fine (idempotent)."""
        argv = list(record["argv"])
        if argv[0] != "ha-manager":
            raise ValueError(f"ha_manager undo record with argv {argv!r}")
        try:
            self.runner.run(argv, mutating=True)
        except CommandError as exc:
            text = exc.stderr + exc.stdout
            if not any(s in text for s in ("not HA managed", "does not exist")):
                raise
