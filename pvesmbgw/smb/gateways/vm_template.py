"""The gateway VM template pvesmbgw builds once: a Debian 12 cloud image, imported,
with a cloud-init drive whose user-data (a snippet) installs Samba, winbind and the
QEMU guest agent, then turned into a template that gateway VMs are cloned from."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Optional

from ...pve import cloudinit
from ...pve.images import check_source, local_image, parse_checksum
from ...core.config import Config, is_bridge_name
from ...core.errors import ValidationError
from ...core.i18n import _
from ...pve.storage import all_storages, with_content
from ..registry import Registry
from ...core.runner import Runner
from ...pve.guests import next_vmid
from ...tools.qm import Qm
from ...core.txn import Step, command_step, deferred_step, file_step
from ...pve.records import QmDestroy

TEMPLATE_NAME = "pvesmbgw-gateway-template"
SNIPPET = "pvesmbgw-gateway-user-data.yaml"
DEFAULT_IMAGE = ("https://cloud.debian.org/images/cloud/bookworm/latest/"
                 "debian-12-genericcloud-amd64.qcow2")


@dataclass(frozen=True)
class BuildOptions:
    storage: str = ""
    image: str = ""
    vmid: Optional[int] = None
    bridge: str = ""
    checksum: str = ""  # "sha256:HEX" or "sha512:HEX"
    rebuild: bool = False

    def __post_init__(self) -> None:
        """The options' form, checked before anything is looked up or downloaded."""
        if self.bridge and not is_bridge_name(self.bridge):
            raise ValidationError("bridge", _("not a network bridge name: {bridge!r}").format(bridge=self.bridge))
        if self.checksum:
            parse_checksum(self.checksum)
        if self.image:
            check_source(self.image)


class VmTemplates:
    def __init__(self, cfg: Config, runner: Runner,
                 progress: Optional[Callable[[str], None]] = None) -> None:
        self.cfg = cfg
        self.runner = runner
        self.qm = Qm(runner)
        self.progress = progress or (lambda line: None)

    def current(self, reg: Registry) -> Optional[dict[str, Any]]:
        """The registered template, if it still exists as a template."""
        tmpl = reg.vm_template
        if not tmpl or not self.qm.exists(int(tmpl["vmid"])):
            return None
        return tmpl if self.qm.config(int(tmpl["vmid"])).is_template else None

    def build(self, reg: Registry, opts: BuildOptions
              ) -> tuple[list[Step], Registry, list[str], dict[str, Any]]:
        """(steps, new registry, notes, template record); no steps when it exists."""
        existing = self.current(reg)
        if existing and not opts.rebuild:
            return [], reg, [_("template {vmid} exists already (use --rebuild "
                             "to replace it)").format(vmid=existing['vmid'])], existing
        storages = all_storages(self.runner, self.cfg.storage_cfg)
        disk = with_content(storages, "images", opts.storage or self.cfg.vm.storage)
        snippets = with_content(storages, "snippets", self.cfg.vm.snippet_storage)
        if not snippets.path:
            raise ValidationError("storage", _("snippets storage {storage_id!r} "
                                  "has no path").format(storage_id=snippets.storage_id))
        vmid = opts.vmid or next_vmid(self.runner)
        if self.qm.exists(vmid):
            raise ValidationError("vmid", _("VM {vmid} exists already").format(vmid=vmid))
        steps: list[Step] = []
        image, image_steps = self._image(opts)
        steps += image_steps
        snippet = Path(snippets.path) / "snippets" / SNIPPET
        steps.append(file_step(snippet, cloudinit.gateway_user_data(self.cfg.vm.apt_proxy).encode(),
                               f"write the gateway user-data snippet {snippet}"))
        bridge = opts.bridge or self.cfg.lxc.bridge
        options = {
            "name": TEMPLATE_NAME, "memory": "512", "cores": "1", "ostype": "l26",
            "net0": f"virtio,bridge={bridge}", "scsihw": "virtio-scsi-pci",
            "scsi0": f"{disk.storage_id}:0,import-from={image}",
            "ide2": f"{disk.storage_id}:cloudinit", "boot": "order=scsi0",
            "serial0": "socket", "vga": "serial0", "agent": "enabled=1",
            "cicustom": f"user={snippets.storage_id}:snippets/{SNIPPET}",
            "ipconfig0": "ip=dhcp", "tags": "pvesmbgw",
            "description": "pvesmbgw gateway VM template (cloud-init installs Samba)",
        }
        steps.append(command_step(self.runner, f"create VM {vmid} and import {image} "
                                  f"into {disk.storage_id} (this takes a while)",
                                  self.qm.create_argv(vmid, options),
                                  QmDestroy(vmid=vmid)))
        steps.append(command_step(self.runner, f"turn VM {vmid} into a template",
                                  self.qm.template_argv(vmid)))
        record = {"vmid": vmid, "node": self.cfg.node, "storage": disk.storage_id,
                  "image": image, "snippet": f"{snippets.storage_id}:snippets/{SNIPPET}"}
        new = replace(reg, vm_template=record)
        notes = [f"template {vmid} built from {image}"]
        final: list[Step] = []
        clones = sorted(gw.vmid for gw in reg.gateways.values() if gw.kind == "vm")
        if existing and opts.rebuild and clones:
            # Linked clones keep using the template's base disk: PVE refuses to destroy it.
            notes.append(_("the old template {vmid} is kept: gateway VMs "
                         "{map} were cloned from it; destroy it "
                         "(qm destroy {vmid}) once they are gone").format(vmid=existing['vmid'], map=', '.join(map(str, clones))))
        elif existing and opts.rebuild:
            old = int(existing["vmid"])
            final.append(deferred_step(f"destroy the old template {old}",
                                       QmDestroy(vmid=old),
                                       [f"run: {' '.join(self.qm.destroy_argv(old))}"]))
            notes.append(_("the old template {old} is destroyed once the new one exists").format(old=old))
        steps.append(file_step(self.cfg.registry_file, new.dumps(), "save the registry",
                               0o600))
        return steps + final, new, notes, record

    def _image(self, opts: BuildOptions) -> tuple[str, list[Step]]:
        """The image to import (a local path), downloading it first when it is a URL."""
        path, steps = local_image(opts.image or self.cfg.vm.image, opts.checksum or None,
                                  self.cfg.state_dir / "images", self.progress)
        return str(path), steps
