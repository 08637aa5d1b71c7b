"""Existing disks given to a service VM in place of a template's blank disk
(`--disk NAME=SOURCE`): a block device (a zvol, a mapped RBD image, a whole disk by id)
or a PVE volume (STORAGE:VOLUME). pve-svc only attaches them: uninstall and a rolled-back
install detach them before the VM is destroyed, so they are never freed, even with
--purge. Before anything changes each one must exist, be at least the template's size
and be in use nowhere: not mounted, no swap, no holders (LVM, md, dm-crypt) and in no
guest's config on the cluster."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from ..core import fsutil
from ..core.config import Config
from ..core.errors import ValidationError
from ..core.i18n import _
from ..core.runner import Runner
from ..core.units import format_size
from ..tools import pvesh
from .model import Disk, Template

DEVICE_ROOT = "/dev/"
# PVE's volume id: STORAGE:VOLNAME (pve-storage's parse_volume_id).
VOLID_RE = re.compile(r"([a-z][a-z0-9\-_.]*[a-z0-9]):(.+)", re.IGNORECASE)
OWNED_RE = re.compile(r"(?:[^/]+/)?(?:vm|base|subvol|basevol)-(\d+)-")


@dataclass(frozen=True)
class Passthrough:
    """Template disk NAME served by SOURCE (a /dev path or a PVE volume id)."""

    name: str
    source: str
    size: int  # bytes, as found

    @property
    def is_device(self) -> bool:
        return self.source.startswith(DEVICE_ROOT)


def parse(items: list[str], t: Template) -> dict[str, str]:
    """--disk NAME=SOURCE, each NAME one of the template's disks, at most once."""
    names = {d.name for d in t.disks}
    out: dict[str, str] = {}
    for item in items:
        name, sep, source = item.partition("=")
        if not sep or not source:
            raise ValidationError("disk", _("{item!r}: give NAME=DEVICE or "
                                  "NAME=STORAGE:VOLUME").format(item=item))
        if name not in names:
            known = ", ".join(sorted(names)) or "none"
            raise ValidationError("disk", _("template {id} has no disk {name!r} "
                                  "(its disks: {known})").format(id=t.id, name=name, known=known))
        if name in out:
            raise ValidationError("disk", _("disk {name}: give one source").format(name=name))
        fsutil.check_path_text(source, "disk")
        if "," in source or "=" in source or any(c.isspace() for c in source):
            raise ValidationError("disk", _("{source!r}: no ',', '=' or spaces").format(source=source))
        if not source.startswith(DEVICE_ROOT) and not VOLID_RE.fullmatch(source):
            raise ValidationError("disk", _("{source!r} is neither a block device under "
                                  "/dev nor a PVE volume STORAGE:VOLUME").format(source=source))
        if source.startswith(DEVICE_ROOT) and ".." in source.split("/"):
            raise ValidationError("disk", _("{source!r}: no '..'").format(source=source))
        out[name] = source
    return out


def check(cfg: Config, runner: Runner, t: Template, wanted: dict[str, str],
          vmid: int) -> list[Passthrough]:
    """Each wanted source found, big enough and unused (ValidationError naming it)."""
    disks = {d.name: d for d in t.disks}
    found: list[Passthrough] = []
    used = guest_references(cfg)
    for name, source in wanted.items():
        user = used.get(_canonical(source))
        if user is not None:
            raise ValidationError("disk", _("{source} is in use by {user}").format(source=source, user=user))
        size = (_device_size(source) if source.startswith(DEVICE_ROOT)
                else _volume_size(cfg, runner, source, vmid))
        _check_size(disks[name], source, size)
        found.append(Passthrough(name, source, size))
    sources = [_canonical(p.source) for p in found]
    if len(set(sources)) != len(sources):
        raise ValidationError("disk", _("one source given for two disks"))
    return found


def _canonical(source: str) -> str:
    """A device by its real name (/dev/disk/by-id/X and /dev/sdb are one disk)."""
    return os.path.realpath(source) if source.startswith(DEVICE_ROOT) else source


def _check_size(disk: Disk, source: str, size: int) -> None:
    if size < disk.size:
        raise ValidationError("disk", _("disk {name}: {source} has "
                              "{size}, the template asks at least "
                              "{minimum}").format(name=disk.name, source=source, size=format_size(size), minimum=format_size(disk.size)))


def _device_size(source: str) -> int:
    try:
        st = os.stat(source)
    except OSError as exc:
        raise ValidationError("disk", _("{source}: {strerror}").format(source=source, strerror=exc.strerror)) from None
    if not stat.S_ISBLK(st.st_mode):
        raise ValidationError("disk", _("{source} is not a block device").format(source=source))
    sysfs = Path(f"/sys/dev/block/{os.major(st.st_rdev)}:{os.minor(st.st_rdev)}")
    why = _in_use_on_host(source, st.st_rdev, sysfs)
    if why:
        raise ValidationError("disk", _("{source} is in use on this host: {why}").format(source=source, why=why))
    return int((sysfs / "size").read_text()) * 512


def _in_use_on_host(source: str, rdev: int, sysfs: Path) -> str:
    """Why the device (or one of its partitions) is busy here, or ''."""
    devices = {rdev: source}
    for part in sysfs.glob("*/partition"):
        major, minor = (part.parent / "dev").read_text().split(":")
        devices[os.makedev(int(major), int(minor))] = part.parent.name
    for dev, mount in fsutil.mount_table():
        # A btrfs or overlay mount has an anonymous st_dev: its source names the device.
        if dev in devices or _rdev(mount.source) in devices:
            return _("{device} is mounted at {mountpoint}").format(device=devices.get(dev, mount.source), mountpoint=mount.mountpoint)
    for line in Path("/proc/swaps").read_text().splitlines()[1:]:
        if _rdev(line.split()[0]) in devices:
            return _("{device} is swap").format(device=line.split()[0])
    for holders in [sysfs / "holders", *(sysfs.glob("*/holders"))]:
        users = sorted(p.name for p in holders.iterdir()) if holders.is_dir() else []
        if users:
            return _("held by {users}").format(users=', '.join(users))
    return ""


def _rdev(path: str) -> Optional[int]:
    """The device number of block device PATH, or None."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_rdev if stat.S_ISBLK(st.st_mode) else None


def _volume_size(cfg: Config, runner: Runner, volid: str, vmid: int) -> int:
    storage, volname = volid.split(":", 1)
    owner = OWNED_RE.match(volname)
    if owner and int(owner.group(1)) == vmid:
        # qm destroy --purge frees every volume a VM owns, referenced or not.
        raise ValidationError("disk", _("{volid} is named for VM {vmid}, which would free it "
                              "on uninstall").format(volid=volid, vmid=vmid))
    try:
        rows = pvesh.get(runner, f"/nodes/{cfg.node}/storage/{storage}/content")
    except Exception as exc:
        raise ValidationError("disk", _("{volid}: storage {storage} cannot be listed "
                              "({exc})").format(volid=volid, storage=storage, exc=str(exc).splitlines()[0] if str(exc) else exc)) from None
    for row in rows or []:
        if row.get("volid") == volid:
            if row.get("content") not in (None, "images"):
                raise ValidationError("disk", _("{volid} is not a disk image "
                                      "(content {content})").format(volid=volid, content=row.get('content')))
            return int(row.get("size") or 0)
    raise ValidationError("disk", _("volume {volid} does not exist").format(volid=volid))


def guest_references(cfg: Config) -> dict[str, str]:
    """Every volume id or device a guest config on the cluster names -> 'VM N'/'CT N'."""
    found: dict[str, str] = {}
    nodes = cfg.pve_root / "nodes"
    for conf in _configs(nodes):
        kind = "VM" if conf.parent.name == "qemu-server" else "CT"
        text = fsutil.read_bytes(conf) or b""
        for line in text.decode(errors="replace").splitlines():
            key, sep, value = line.partition(": ")
            if sep and re.fullmatch(r"(scsi|virtio|sata|ide|efidisk|tpmstate|unused|mp|"
                                    r"rootfs)\d*", key):
                source = value.split(",")[0].split("volume=", 1)[-1]
                found.setdefault(_canonical(source), f"{kind} {conf.stem}")
    return found


def _configs(nodes: Path) -> Iterable[Path]:
    if not nodes.is_dir():
        return []
    return sorted(p for kind in ("qemu-server", "lxc")
                  for p in nodes.glob(f"*/{kind}/*.conf"))


def drive_value(p: Passthrough) -> str:
    """The drive's value for qm: the source with the serial the guest sees."""
    return f"{p.source},serial=pvesvc-{p.name}"


def describe(passed: Iterable[str]) -> Optional[str]:
    """KEY=SOURCE records as 'SOURCE (KEY)' for notes."""
    items = [f"{src} ({key})" for key, _, src in (p.partition("=") for p in passed)]
    return ", ".join(items) or None
