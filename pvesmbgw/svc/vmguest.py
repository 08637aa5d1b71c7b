"""Service VMs (`type: vm`): the steps that make one, from a checksummed disk image with
cloud-init, or from an installer ISO the administrator completes in the console.

From an image: the image (downloaded and verified when it is a URL) is imported as the
boot disk by `qm create --scsi0 STORAGE:0,import-from=FILE`; a cloud-init drive carries
the user-data snippet (host name, apt proxy, packages: pve/cloudinit.py) and ipconfig0
from svc_ip/svc_gateway; each data volume reaches the guest over virtiofs (a cluster
directory mapping, PVE 8.4+) and is mounted through the guest's fstab. The VM starts,
the guest agent answers, `cloud-init status --wait` returns, then the secrets (through
the agent's stdin) and the post-install steps run with `qm guest exec`.

From an ISO: the VM gets a blank boot disk, the template's blank disks and the ISO as
its CD-ROM, and is started; the instance is recorded as awaiting its manual install.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from ..core.config import Config
from ..core.errors import CommandError, ValidationError
from ..core.i18n import _
from ..core.records import RestoreFile
from ..core.runner import Runner
from ..core.txn import Step, command_step, file_step
from ..pve import cloudinit, images
from ..pve.channel import VmChannel
from ..pve.guests import dir_mapping_step, vm_start_step, vm_wait_agent_step
from ..pve.records import QmDestroy
from ..pve.storage import Storage, with_content
from ..tools.qm import Qm, first_address
from .passthrough import Passthrough, drive_value
from .registry import DataVolume
from .template import Template

GIB = 1024 ** 3
VIRTIOFS_OPTIONS = "expose-acl=1,expose-xattr=1"
MAX_VIRTIOFS = 10  # virtiofs0 … virtiofs9
FSTAB_MARK = "# pvesvc"


@dataclass(frozen=True)
class Source:
    """Where the VM's system comes from: the template's, or --image/--iso with
    --checksum at install."""

    path: str  # URL or absolute path
    checksum: str
    iso: bool

    @classmethod
    def of(cls, t: Template, override: str = "", checksum: str = "") -> "Source":
        iso = t.source.iso is not None
        if override:
            if not checksum:
                raise ValidationError("checksum", _("an --image or --iso needs --checksum "
                                      "sha256:HEX or sha512:HEX"))
            images.parse_checksum(checksum)
            images.check_source(override, "iso" if iso else "image")
            return cls(override, checksum, iso)
        path = t.source.iso if iso else t.source.image
        assert path is not None, "lint requires a source"
        if t.source.checksum:
            return cls(path, t.source.checksum, iso)
        if not checksum:  # lint: then the template names where the vendor publishes it
            raise ValidationError("checksum", _("template {id} pins no checksum for "
                                  "{file_name}: read it at "
                                  "{checksum_url} and pass --checksum sha256:HEX").format(id=t.id, file_name=images.file_name(path), checksum_url=t.source.checksum_url))
        images.parse_checksum(checksum)
        return cls(path, checksum, iso)


@dataclass(frozen=True)
class VmStorages:
    disk: Storage  # content images: boot disk, cloud-init drive, blank disks
    snippets: Optional[Storage]  # content snippets, with a path (image VMs)
    iso: Optional[Storage]  # content iso, with a path (ISO VMs)


def vm_storages(cfg: Config, storages: dict[str, Storage], iso: bool) -> VmStorages:
    disk = with_content(storages, "images", cfg.svc.vm_storage)
    if iso:
        found = with_content(storages, "iso", cfg.svc.iso_storage)
        if not found.path:
            raise ValidationError("storage", _("iso storage {storage_id!r} has no path").format(storage_id=found.storage_id))
        return VmStorages(disk, None, found)
    snippets = with_content(storages, "snippets", cfg.svc.snippet_storage)
    if not snippets.path:
        raise ValidationError("storage", _("snippets storage {storage_id!r} has "
                              "no path").format(storage_id=snippets.storage_id))
    return VmStorages(disk, snippets, None)


def snippet_name(instance: str) -> str:
    return f"pvesvc-{instance}-user-data.yaml"


def mapping_id(instance: str, volume: str) -> str:
    """The directory mapping of an instance's volume (PVE ids: a letter first)."""
    return f"pvesvc-{instance}-{volume}"


def fstab_line(mapping: str, mount: str) -> str:
    # nofail: a missing mapping must not stop the guest from booting.
    return f"{mapping} {mount} virtiofs defaults,nofail 0 0 {FSTAB_MARK}"


def lent_keys(lent: Sequence[str]) -> tuple[str, ...]:
    """The config keys of KEY=SOURCE records of passed-through disks."""
    return tuple(item.partition("=")[0] for item in lent)


def ipconfig(cfg: Config) -> str:
    return f"ip={cfg.svc.ip}" + (f",gw={cfg.svc.gateway}" if cfg.svc.gateway else "")


def static_address(cfg: Config) -> Optional[str]:
    """svc_ip's address when it is static (ADDRESS/PREFIX), else None (dhcp)."""
    ip = cfg.svc.ip
    return None if ip in ("dhcp", "manual", "") else ip.split("/")[0]


def vm_address(cfg: Config, runner: Runner, vmid: int) -> Optional[str]:
    """The VM's address: svc_ip when static, else the guest agent's first IPv4."""
    address = static_address(cfg)
    if address is not None:
        return address
    try:
        return first_address(Qm(runner).interfaces(vmid))
    except CommandError:
        return None  # the agent is not up (yet)


class VmBuilder:
    """The steps of one service VM (VMID) of template T."""

    def __init__(self, cfg: Config, runner: Runner, t: Template, vmid: int,
                 place: VmStorages, passed: Sequence[Passthrough] = ()) -> None:
        self.cfg = cfg
        self.passed = passed
        self.runner = runner
        self.t = t
        self.vmid = vmid
        self.place = place
        self.qm = Qm(runner)

    def system(self, source: Source) -> tuple[str, list[Step]]:
        """The image's local file, or the ISO's volume id, and the steps that put it
        there (downloaded and verified; an ISO copied into the iso storage)."""
        local, steps = images.local_image(source.path, source.checksum,
                                          self.cfg.state_dir / "images",
                                          field="iso" if source.iso else "image")
        if not source.iso:
            return str(local), steps
        assert self.place.iso is not None and self.place.iso.path
        name = images.file_name(source.path)
        target = Path(self.place.iso.path) / "template" / "iso" / name
        volid = f"{self.place.iso.storage_id}:iso/{name}"
        if target.is_file():
            return volid, []  # there already (an earlier install, or put by hand)

        def copy() -> None:
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".part")
            shutil.copyfile(local, partial)
            partial.replace(target)
        steps.append(Step(f"put {name} into iso storage {self.place.iso.storage_id}", copy,
                          RestoreFile(path=str(target)), [f"copy {local} to {target}"]))
        return volid, steps

    def volume_steps(self, records: list[DataVolume], instance: str
                     ) -> tuple[list[DataVolume], list[Step], dict[str, str]]:
        """Each data volume as a directory mapping and a virtiofsN device: (the records
        with their key and mapping, the mapping steps, the create options)."""
        if len(records) > MAX_VIRTIOFS:
            raise ValidationError("template", _("a VM has at most {max_virtiofs} virtiofs "
                                  "devices").format(max_virtiofs=MAX_VIRTIOFS))
        out: list[DataVolume] = []
        steps: list[Step] = []
        options: dict[str, str] = {}
        for number, rec in enumerate(records):
            mapping = mapping_id(instance, rec.name)
            key = f"virtiofs{number}"
            steps.append(dir_mapping_step(self.runner, mapping, self.cfg.node, rec.path,
                                          f"pve-svc {instance}: volume {rec.name}"))
            options[key] = f"{mapping},{VIRTIOFS_OPTIONS}"
            out.append(DataVolume(rec.name, rec.path, rec.mount, rec.backend, rec.created,
                                  rec.token, rec.volume, key, mapping))
        return out, steps, options

    def disk_options(self, first: int) -> tuple[dict[str, str], list[str], list[str]]:
        """The template's disks, blank or passed through (existing ones in their place):
        (create options, the blank disks' config keys, KEY=SOURCE of the passed ones)."""
        options: dict[str, str] = {}
        blank: list[str] = []
        lent: list[str] = []
        given = {p.name: p for p in self.passed}
        counters = {"scsi": first, "virtio": 0}
        for disk in self.t.disks:
            key = f"{disk.bus}{counters[disk.bus]}"
            counters[disk.bus] += 1
            if disk.name in given:
                options[key] = drive_value(given[disk.name])
                lent.append(f"{key}={given[disk.name].source}")
            else:
                options[key] = f"{self.place.disk.storage_id}:{-(-disk.size // GIB)}," \
                               f"serial=pvesvc-{disk.name}"
                blank.append(key)
        return options, blank, lent

    def create_step(self, hostname: str, description: str, system: str, snippet: str,
                    extra: dict[str, str], lent: Sequence[str] = ()) -> Step:
        """`qm create`: from an image (imported as scsi0, cloud-init drive, snippet) or
        an ISO (blank scsi0 of the template's disk size, the ISO as CD-ROM); its undo
        detaches the LENT drives (KEY=SOURCE) before the destroy."""
        t, cfg, disk = self.t, self.cfg, self.place.disk.storage_id
        options = {
            "name": hostname, "memory": str(t.memory), "cores": str(t.cores),
            "ostype": "l26", "scsihw": "virtio-scsi-pci",
            "net0": f"virtio,bridge={cfg.svc.bridge}", "agent": "enabled=1",
            "onboot": "1", "tags": f"pvesvc;{t.id}", "description": description,
        }
        if t.source.iso is not None:
            options.update({"scsi0": f"{disk}:{t.disk}", "ide2": f"{system},media=cdrom",
                            "boot": "order=scsi0;ide2"})
            what = f"with {system} as its CD-ROM"
        else:
            options.update({"scsi0": f"{disk}:0,import-from={system}",
                            "ide2": f"{disk}:cloudinit", "boot": "order=scsi0",
                            "serial0": "socket", "vga": "serial0",
                            "cicustom": f"user={snippet}", "ipconfig0": ipconfig(cfg)})
            what = f"importing {system} into {disk} (this takes a while)"
        options.update(extra)
        return command_step(self.runner, f"create service VM {self.vmid} {what}",
                            self.qm.create_argv(self.vmid, options),
                            QmDestroy(vmid=self.vmid, detach=lent_keys(lent)))

    def resize_step(self) -> Step:
        """Grow the imported boot disk to the template's size (qm refuses to shrink:
        an image larger than that keeps its size, which qm reports on stderr)."""
        argv = ["qm", "disk", "resize", str(self.vmid), "scsi0", f"{self.t.disk}G"]

        def run() -> None:
            res = self.runner.run(argv, mutating=True)
            if "shrinking disks is not supported" not in res.stderr and res.stderr.strip():
                raise CommandError(argv, 0, res.stdout, res.stderr)
        return Step(f"grow the boot disk of VM {self.vmid} to {self.t.disk}G", run, None,
                    [f"run: {' '.join(argv)}"])

    def snippet_step(self, instance: str, hostname: str) -> tuple[str, Path, Step]:
        """The user-data snippet (its volume id and file, the step writing it)."""
        assert self.place.snippets is not None and self.place.snippets.path
        name = snippet_name(instance)
        path = Path(self.place.snippets.path) / "snippets" / name
        if path.exists():
            raise ValidationError("name", _("{path} exists already (another instance's "
                                  "user-data?)").format(path=path))
        text = cloudinit.service_user_data(hostname, self.t.packages, self.cfg.svc.apt_proxy)
        return (f"{self.place.snippets.storage_id}:snippets/{name}", path,
                file_step(path, text.encode(), f"write the cloud-init user-data {path}",
                          0o640))

    def boot_steps(self) -> list[Step]:
        """Start, wait for the agent, then for cloud-init to finish (packages)."""
        ch = VmChannel(self.runner, self.vmid)
        return [vm_start_step(self.runner, "service", self.vmid),
                vm_wait_agent_step(self.runner, self.vmid, self.cfg.vm.agent_timeout),
                ch.exec_step(f"wait for cloud-init in VM {self.vmid} to install the packages "
                             "(minutes on a first boot)", ["cloud-init", "status", "--wait", "--long"],
                             timeout=1800)]

    def mount_steps(self, records: list[DataVolume]) -> list[Step]:
        """Mount each volume's virtiofs tag at its mount point, now and at every boot."""
        if not records:
            return []
        ch = VmChannel(self.runner, self.vmid)
        lines = [fstab_line(r.mapping, r.mount) for r in records]

        def fstab() -> None:
            old = ch.read("/etc/fstab") or ""
            kept = [line for line in old.splitlines() if not line.endswith(FSTAB_MARK)]
            ch.write("/etc/fstab", "\n".join(kept + lines) + "\n", "0644")
        steps = [ch.exec_step(f"create the mount points in {ch.label}",
                              ["mkdir", "-p", *(r.mount for r in records)]),
                 Step(f"add the data volumes to /etc/fstab in {ch.label}", fstab, None,
                      [f"append to /etc/fstab in {ch.label}: {line}" for line in lines])]
        steps += [ch.exec_step(f"mount volume {r.name} at {r.mount} in {ch.label}",
                               ["mount", r.mount]) for r in records]
        return steps

    def manual_notes(self, instance: str) -> list[str]:
        """What the administrator does by hand after an ISO VM started, and after."""
        t, vmid = self.t, self.vmid
        notes = [f"VM {vmid} runs the {t.name} installer: this part is yours, in its "
                 f"console (the web UI: {self.cfg.node} > VM {vmid} > Console):"]
        notes += [f"  {n}. {step}" for n, step in enumerate(t.manual_steps, 1)]
        notes.append(_("then: `qm set {vmid} --ide2 none,media=cdrom` takes the installer "
                     "ISO out").format(vmid=vmid))
        if t.healthcheck is not None:
            notes.append(_("`pve-svc status {instance}` says `installed` once the health "
                         "check answers at the VM's address (the guest agent's, or "
                         "svc_ip); until then it says `awaiting manual install`").format(instance=instance))
        return notes
