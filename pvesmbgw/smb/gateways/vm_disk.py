"""VM gateways without virtiofs (PVE older than 8.4): each share is a virtual disk.

The share's data lives on a disk of the gateway VM whose size is the quota: PVE
allocates it (`qm set VMID --scsiN STORAGE:GIB,serial=…`, hot-plugged into a running
VM, so no reboot), the guest finds it by its serial under /dev/disk/by-id, formats it
ext4 (only the blank disk this command just allocated), mounts it at the share's path
in the guest and at every boot (fstab by UUID, nofail). The quota grows online
(`qm disk resize` then `resize2fs` in the guest) and never shrinks. Deleting the share
detaches the disk (it stays on the VM as unusedN: data kept) or, with --purge,
destroys it (`qm disk unlink --force 1`).

A disk share records its volume as "VMID/KEY/SERIAL" and its path as
"vm-VMID:GUEST_PATH": the data has no host path.
"""

from __future__ import annotations

import math
import re
import time
import uuid
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Optional

from ...core.errors import CommandError, PvesmbgwError, ValidationError
from ...core.i18n import _
from ..model import ShareSpec
from ...pve.storage import all_storages, with_content
from ..registry import Gateway, Registry, Share, utc_stamp
from ...core.runner import Runner
from ...tools.qm import Qm, VmConfig
from ...core.records import Context, Record, register
from ...core.txn import Step, command_step, deferred_step
from ...pve.channel import GuestChannel, VmChannel
from ...pve.records import QmDestroy
from .guest import guest_path
from .vm_common import FSTAB, TAG, fstab_with

if TYPE_CHECKING:
    from ...core.config import Config
    from .vm import VmGateways, VmSize

GIB = 1 << 30
MAX_SCSI = 31  # scsi0 … scsi30; scsi0 is the gateway's system disk
SHARE_DIR_MODE = "2770"  # as on host volumes (smb/volumes.py SHARE_DIR_MODE)
DEVICE_WAIT = 30  # seconds for udev to show a hot-plugged disk
BACKEND = "vmdisk"


@dataclass(frozen=True)
class DiskRef:
    """Where a disk share's data is: disk KEY (scsiN) of VM VMID, found by SERIAL."""

    vmid: int
    key: str
    serial: str

    @property
    def volume(self) -> str:
        return f"{self.vmid}/{self.key}/{self.serial}"

    @property
    def device(self) -> str:
        """The guest's udev name of a QEMU SCSI disk with a serial number."""
        return f"/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_{self.serial}"


def parse_volume(volume: Optional[str]) -> DiskRef:
    vmid, key, serial = str(volume).split("/", 2)
    return DiskRef(int(vmid), key, serial)


def share_target(share: Share) -> str:
    """The guest path a disk share is mounted at ("vm-101:/srv/shares/…" → "/srv/…")."""
    return share.path.split(":", 1)[1]


def gib(size: int) -> int:
    """SIZE in whole GiB, rounded up (PVE allocates STORAGE:GIB)."""
    return max(1, math.ceil(size / GIB))


def disk_serial(name: str, token: str, taken: set[str]) -> str:
    """The disk's serial: readable when the share name fits in QEMU's 20 bytes and is
    not taken on the VM, else derived from the share's random volume id."""
    safe = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")
    serial = f"smbgw-{safe}"
    if not safe or len(serial) > 20 or serial in taken:
        serial = f"smbgw-{token[:14]}"
    return serial


def drive_serial(value: str) -> Optional[str]:
    """The serial= of a drive line from `qm config`."""
    m = re.search(r"(?:^|,)serial=([^,]+)", value)
    return m.group(1) if m else None


def drive_size(value: str) -> Optional[int]:
    """The size= of a drive line (PVE writes e.g. size=10G), in bytes."""
    m = re.search(r"(?:^|,)size=(\d+(?:\.\d+)?)([KMGT]?)", value)
    if not m:
        return None
    return int(float(m.group(1)) * {"": 1, "K": 1 << 10, "M": 1 << 20, "G": GIB,
                                    "T": 1 << 40}[m.group(2)])


def find_disk(config: VmConfig, ref: DiskRef) -> Optional[str]:
    """REF's drive line, if the VM still has it under its key with its serial."""
    value = config.values.get(ref.key)
    if value is None or drive_serial(value) != ref.serial:
        return None
    return value


def fstab_line(fs_uuid: str, target: str) -> str:
    # nofail: a missing disk must not stop the gateway from booting.
    return f"UUID={fs_uuid} {target} ext4 defaults,nofail 0 2 # {TAG}"


def resize_argv(ref: DiskRef, size: int) -> list[str]:
    return ["qm", "disk", "resize", str(ref.vmid), ref.key, f"{gib(size)}G"]


def unlink_argv(vmid: int, key: str) -> list[str]:
    """Detach KEY and destroy its volume (PVE: force = physical removal)."""
    return ["qm", "disk", "unlink", str(vmid), "--idlist", key, "--force", "1"]


class DiskTransport:
    """The disk-per-share way of serving shares from a gateway VM."""

    def __init__(self, gws: "VmGateways") -> None:
        self.gws = gws
        self.cfg: "Config" = gws.cfg
        self.runner: Runner = gws.runner
        self.qm = Qm(gws.runner)

    # -- create --------------------------------------------------------------------

    def check_spec(self, spec: ShareSpec) -> None:
        """Refuse what a disk share cannot be (before anything is read or changed)."""
        if spec.path is not None:
            raise ValidationError("path", _("here vm mode keeps the share on a virtual disk of "
                                  "the gateway VM (no virtiofs before PVE 8.4): give "
                                  "--storage (a storage for VM images) instead of --path; "
                                  "such a share cannot be a PVE storage (smbgw-mode vm "
                                  "needs PVE 8.4)"))
        if spec.quota is None:
            raise ValidationError("quota", _("here vm mode keeps the share on a virtual disk of "
                                  "the gateway VM whose size is the quota (no virtiofs "
                                  "before PVE 8.4): give --quota"))
        if spec.snapshot_policy:
            raise ValidationError("snapshots", _("a share on a gateway VM disk has no "
                                  "snapshots (snapshot the VM with `qm snapshot` instead)"))

    def add_share(self, reg: Registry, spec: ShareSpec, size: "VmSize", gid: int
                  ) -> tuple[list[Step], Registry, list[str]]:
        """Steps that put SPEC's share on a new disk of a gateway VM (cloning one if
        needed), and the registry afterwards."""
        self.check_spec(spec)
        assert spec.quota is not None and spec.storage is not None
        storage = with_content(all_storages(self.runner, self.cfg.storage_cfg), "images",
                               spec.storage).storage_id
        size_gib = gib(spec.quota)
        token = uuid.uuid4().hex
        gw = None if spec.dedicated else self.gws.shared_gateway(reg)
        tmpl: Optional[tuple[int, VmConfig]] = None
        if gw is not None:
            state = self.qm.state(gw.vmid)
            if state != "running":
                raise ValidationError("mode", _("gateway VM {vmid} is {state}: "
                                      "start it, or run `pve-smbgateway reconcile`").format(vmid=gw.vmid, state=state or 'missing'))
            values = self.qm.config(gw.vmid).values
            vmid = gw.vmid
        else:
            tmpl = self.gws.template(reg)
            values = tmpl[1].values
            vmid = None
        used = set(values) | (set(gw.mounts.values()) if gw else set())
        key = next((f"scsi{i}" for i in range(1, MAX_SCSI) if f"scsi{i}" not in used), None)
        if key is None:
            raise ValidationError("mode", _("gateway VM {vmid} has no free scsi slot; "
                                  "use --dedicated").format(vmid=vmid))
        taken = {s for s in (drive_serial(v) for v in values.values()) if s}
        serial = disk_serial(spec.name, token, taken)
        drive = f"{storage}:{size_gib},serial={serial}"
        steps: list[Step] = []
        notes: list[str] = []
        if gw is None:
            clone, vmid, summary = self.gws.clone_steps(reg, self._stub(spec), spec.dedicated,
                                                        size, {key: drive}, tmpl)
            steps += clone
            gw = Gateway(id=f"vm-{vmid}", kind="vm", vmid=vmid, node=self.cfg.node,
                         dedicated=spec.dedicated, created=True, transport="disk")
            notes.append(_("{summary}; the share is its disk {key} ({size_gib} GiB on {storage})").format(summary=summary, key=key, size_gib=size_gib, storage=storage))
        else:
            # A new disk hot-plugs into the running VM: no reboot, unlike virtiofs.
            steps.append(command_step(
                self.runner, f"add disk {key} ({size_gib} GiB on {storage}) to VM {gw.vmid}",
                self.qm.set_argv(gw.vmid, {key: drive}),
                QmDiskDestroy(vmid=gw.vmid, key=key, serial=serial)))
            notes.append(_("served by gateway VM {vmid} from its new disk {key} "
                         "({size_gib} GiB on {storage}); hot-plugged, no reboot").format(vmid=gw.vmid, key=key, size_gib=size_gib, storage=storage))
        assert vmid is not None
        if size_gib * GIB != spec.quota:
            notes.append(_("quota rounded up to {size_gib} GiB, the size of the disk").format(size_gib=size_gib))
        ref = DiskRef(vmid, key, serial)
        share = Share(name=spec.name, path="", mode="vm", backend=BACKEND,
                      quota=size_gib * GIB, comment=spec.comment, read_only=spec.read_only,
                      valid_users=spec.valid_users, browseable=spec.browseable,
                      storage=storage, gateway=gw.id, volume=ref.volume,
                      created_volume=True, volume_id=token, created_at=utc_stamp(),
                      node=gw.node)
        target = guest_path(share, key)
        share = replace(share, path=f"vm-{vmid}:{target}")
        new_gw = replace(gw, mounts={**gw.mounts, share.name: key})
        new = reg.with_share(share).with_gateway(new_gw)
        old_gw = reg.gateways.get(gw.id)
        ch = self.gws.chan(vmid)
        fstab_old = (ch.read(FSTAB) or "") if old_gw is not None else None
        steps += self.format_and_mount_steps(ch, ref, target, fstab_old, gid)
        if old_gw is None:
            steps += self.gws.user_steps(vmid, self.gws.mapped_users(reg), set(), gid)
            steps += self.gws.apply_conf_steps(vmid, self.gws.conf_text(new, new_gw), None)
        else:
            steps += self.gws.apply_conf_steps(vmid, self.gws.conf_text(new, new_gw),
                                               self.gws.conf_text(reg, old_gw))
        return steps, new, notes

    def _stub(self, spec: ShareSpec) -> Share:
        """A share record with the name only (what clone_steps names the VM after)."""
        return Share(name=spec.name, path="", mode="vm", backend=BACKEND)

    def format_and_mount_steps(self, ch: GuestChannel, ref: DiskRef, target: str,
                               fstab_old: Optional[str], gid: int) -> list[Step]:
        """In the guest: wait for the new disk, check it is blank, mkfs.ext4, mount it
        at TARGET now and at every boot, give it to the share group."""
        fs_uuid = str(uuid.uuid4())
        line = fstab_line(fs_uuid, target)
        dev = ref.device
        steps = [Step(f"wait for disk {ref.key} ({dev}) in {ch.label}",
                      lambda: self.wait_device(ch, dev), None,
                      [f"run: test -b {dev} in {ch.label}, every second, at most "
                       f"{DEVICE_WAIT}s"]),
                 Step(f"check that {dev} in {ch.label} is blank",
                      lambda: self.check_blank(ch, dev), None,
                      [f"run: blkid -p -o value -s TYPE {dev} (must find nothing)"]),
                 ch.exec_step(f"format {ref.key} of VM {ref.vmid} (ext4)",
                              ["mkfs.ext4", "-q", "-L", ref.serial[:16], "-U", fs_uuid, dev]),
                 *self.gws.fstab_mount_steps(ref.vmid, ref.key, line, target, fstab_old)]
        steps.append(ch.exec_step(f"give {target} to the share group in {ch.label}",
                                  ["chown", f"0:{gid}", target]))
        steps.append(ch.exec_step(f"set mode {SHARE_DIR_MODE} on {target} in {ch.label}",
                                  ["chmod", SHARE_DIR_MODE, target]))
        return steps

    @staticmethod
    def wait_device(ch: GuestChannel, dev: str) -> None:
        deadline = time.monotonic() + DEVICE_WAIT
        while True:
            code, _out = ch.run(["test", "-b", dev], mutating=False, ok_codes=(0, 1))
            if code == 0:
                return
            if time.monotonic() >= deadline:
                raise PvesmbgwError(_("{dev} did not appear in {label} within "
                                    "{device_wait}s (is disk hot-plug on? `qm config "
                                    "{vmid}`: hotplug must include disk)").format(dev=dev, label=ch.label, device_wait=DEVICE_WAIT, vmid=ch.vmid))
            time.sleep(1)

    @staticmethod
    def check_blank(ch: GuestChannel, dev: str) -> None:
        # blkid -p exits 2 when it finds no signature: only then is mkfs safe.
        code, out = ch.run(["blkid", "-p", "-o", "value", "-s", "TYPE", dev],
                           mutating=False, ok_codes=(0, 2))
        if code == 0:
            raise PvesmbgwError(_("{dev} in {label} already holds a {out} "
                                "file system; refusing to format it").format(dev=dev, label=ch.label, out=out.strip() or 'file'))

    # -- delete --------------------------------------------------------------------

    def remove_share(self, reg: Registry, share: Share, keep_gateway: bool, purge: bool
                     ) -> tuple[list[Step], list[Step], Registry, list[str]]:
        """(undoable steps, final steps, new registry, notes) to stop serving SHARE.
        Without PURGE the disk is only detached (it stays on the VM as unusedN), and a
        gateway VM holding it is never destroyed."""
        gw = reg.gateways[str(share.gateway)]
        ref = parse_volume(share.volume)
        target = share_target(share)
        rest = [s for s in reg.shares_on(gw.id) if s.name != share.name]
        new_gw = replace(gw, mounts={k: v for k, v in gw.mounts.items() if k != share.name})
        new = reg.without_share(share.name).with_gateway(new_gw)
        steps: list[Step] = []
        final: list[Step] = []
        notes: list[str] = []
        last = not rest and gw.created and not keep_gateway
        kept: list[str] = []
        if last and purge and self.qm.state(gw.vmid) is not None:
            # Disks of earlier shares deleted without --purge: destroying the VM
            # would destroy their data too.
            kept = sorted(k for k in self.qm.config(gw.vmid).values
                          if re.fullmatch(r"unused\d+", k))
        if last and purge and not kept:
            new = new.without_gateway(gw.id)
            final.append(deferred_step(f"stop and destroy gateway VM {gw.vmid} with its disks",
                                       QmDestroy(vmid=gw.vmid),
                                       [f"run: qm stop {gw.vmid}",
                                        f"run: {' '.join(self.qm.destroy_argv(gw.vmid))}"]))
            notes.append(_("removed gateway VM {vmid} and the share's disk {key} "
                         "(its last share is gone)").format(vmid=gw.vmid, key=ref.key))
            return steps, final, new, notes
        ch = self.gws.chan(gw.vmid)
        steps += self.gws.apply_conf_steps(gw.vmid, self.gws.conf_text(new, new_gw),
                                           self.gws.conf_text(reg, gw))
        if ch.state() == "running":
            old = ch.read(FSTAB) or ""
            steps.append(self.gws.push_step(gw.vmid, fstab_with(old, None, target), old, FSTAB,
                                            f"remove {target} from {FSTAB} in {ch.label}"))
            steps.append(self.unmount_step(ch, ref, target))
        record = (QmDiskDestroy if purge else QmDiskDetach)(gw.vmid, ref.key, ref.serial)
        if purge:
            final.append(deferred_step(f"destroy disk {ref.key} of VM {gw.vmid} (the share's "
                                       "data)", record,
                                       [f"run: {' '.join(unlink_argv(gw.vmid, ref.key))}"]))
        else:
            final.append(deferred_step(f"detach disk {ref.key} from VM {gw.vmid} (kept as an "
                                       "unused disk)", record,
                                       [f"run: {' '.join(self.qm.delete_argv(gw.vmid, [ref.key]))}"
                                        ]))
            notes.append(_("data kept on the disk detached from VM {vmid} (its unused disk "
                         "with serial {serial}); `qm disk unlink {vmid} --idlist "
                         "unusedN` destroys it").format(vmid=gw.vmid, serial=ref.serial))
            if last:
                notes.append(_("gateway VM {vmid} is kept because it holds that disk "
                             "(delete with --purge to remove both)").format(vmid=gw.vmid))
        if kept:
            notes.append(_("gateway VM {vmid} is kept: it holds the data of shares deleted "
                         "without --purge ({kept})").format(vmid=gw.vmid, kept=', '.join(kept)))
        return steps, final, new, notes

    def unmount_step(self, ch: GuestChannel, ref: DiskRef, target: str) -> Step:
        def unmount() -> None:
            code, _ = ch.run(["mountpoint", "-q", target], mutating=False, ok_codes=(0, 1, 32))
            if code == 0:
                ch.run(["umount", target], mutating=True)
        # Undo mounts by device: the rollback restores fstab only later.
        return Step(f"unmount {target} in {ch.label}", unmount,
                    ch.exec_record(["mount", "-t", "ext4", ref.device, target]),
                    [f"run: {' '.join(ch.exec_argv(['umount', target]))} (when mounted)"])

    # -- drift ---------------------------------------------------------------------

    def drift(self, reg: Registry, gw: Gateway, config: VmConfig, running: bool
              ) -> tuple[list[dict[str, str]], list[Step]]:
        """Disk shares of GW whose disk is gone (reported; never recreated: the data is
        on it) or not mounted in the running guest (mounted again through fstab)."""
        found: list[dict[str, str]] = []
        steps: list[Step] = []
        ch = self.gws.chan(gw.vmid)
        for share in reg.shares_on(gw.id):
            if share.backend != BACKEND:
                continue
            ref = parse_volume(share.volume)
            target = share_target(share)
            if find_disk(config, ref) is None:
                found.append({"share": share.name, "what": "volume_missing",
                              "detail": _("disk {key} (serial {serial}) is not on VM "
                                        "{vmid}; not recreated automatically (the data "
                                        "was on it)").format(key=ref.key, serial=ref.serial, vmid=gw.vmid)})
                continue
            if not running:
                continue
            code, _out = ch.run(["mountpoint", "-q", target], mutating=False, ok_codes=(0, 1, 32))
            if code != 0:
                found.append({"share": share.name, "what": "volume_unmounted",
                              "detail": _("{target} is not mounted in {label}").format(target=target, label=ch.label)})
                steps.append(ch.exec_step(f"mount {ref.key} at {target} in {ch.label}",
                                          ["mount", target], ch.exec_record(["umount", target])))
        return found, steps


# -- records: each checks that the key still holds the share's disk (by serial) --------


@dataclass(frozen=True)
class DiskRecord(Record):
    """Disk KEY of VM VMID, the share's while it has SERIAL."""

    vmid: int
    key: str
    serial: str

    def current(self, ctx: Context) -> Optional[DiskRef]:
        """The disk, when it is still there under KEY; None otherwise."""
        qm = Qm(ctx.runner)
        ref = DiskRef(self.vmid, self.key, self.serial)
        if qm.state(ref.vmid) is None:
            return None
        return ref if find_disk(qm.config(ref.vmid), ref) is not None else None


@register("qm_disk_destroy")
@dataclass(frozen=True)
class QmDiskDestroy(DiskRecord):
    def apply(self, ctx: Context) -> None:
        ref = self.current(ctx)
        if ref is not None:
            ctx.run(unlink_argv(ref.vmid, ref.key))


@register("qm_disk_detach")
@dataclass(frozen=True)
class QmDiskDetach(DiskRecord):
    """Detach the disk; PVE keeps it as unusedN (its data kept)."""

    def apply(self, ctx: Context) -> None:
        ref = self.current(ctx)
        if ref is not None:
            ctx.run(Qm(ctx.runner).delete_argv(ref.vmid, [ref.key]))


@register("vmdisk_grow")
@dataclass(frozen=True)
class VmdiskGrow(DiskRecord):
    """Grow the disk to SIZE bytes, then its file system in the guest (when running)."""

    size: int

    def apply(self, ctx: Context) -> None:
        qm = Qm(ctx.runner)
        ref = self.current(ctx)
        if ref is None:
            raise PvesmbgwError(_("disk {key} of VM {vmid} is gone; cannot grow it").format(key=self.key, vmid=self.vmid))
        size = int(self.size)
        have = drive_size(find_disk(qm.config(ref.vmid), ref) or "") or 0
        if have < size:
            ctx.run(resize_argv(ref, size))
            # `qm disk resize` runs as a task: qm exits 0 even when it failed.
            have = drive_size(find_disk(qm.config(ref.vmid), ref) or "") or 0
            if have < size:
                raise PvesmbgwError(_("qm disk resize did not grow {key} of VM {vmid} "
                                    "to {size} GiB").format(key=ref.key, vmid=ref.vmid, size=gib(size)))
        ch = VmChannel(ctx.runner, ref.vmid)
        if ch.state() == "running":
            try:
                ch.run(["resize2fs", ref.device], mutating=True)
            except CommandError as exc:
                raise PvesmbgwError(_("resize2fs {device} in VM {vmid} failed: "
                                    "{stderr}").format(device=ref.device, vmid=ref.vmid, stderr=exc.stderr.strip())) from None
