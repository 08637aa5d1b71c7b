"""The gateway VM template pvesmbgw builds once: a Debian 12 cloud image, imported,
with a cloud-init drive whose user-data (a snippet) installs Samba, winbind and the
QEMU guest agent, then turned into a template that gateway VMs are cloned from."""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Optional

from ...pve import cloudinit
from ...core.config import Config, is_bridge_name
from ...core.errors import ValidationError
from ...pve.storage import all_storages, with_content
from ..registry import Registry
from ...core.runner import Runner
from ...pve.guests import next_vmid
from ...tools.qm import Qm
from ...core.records import RestoreFile
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
            raise ValidationError("bridge", f"not a network bridge name: {self.bridge!r}")
        if self.checksum:
            parse_checksum(self.checksum)
        if self.image:
            check_image(self.image)


def check_image(source: str) -> None:
    """SOURCE goes into qm's `import-from=` (where ',' starts another option) and, for a
    URL, names the downloaded file (which must be a plain name in the images directory)."""
    if any(not c.isprintable() or c.isspace() or c == "," for c in source):
        raise ValidationError("image", f"must not contain spaces, commas or control "
                              f"characters: {source!r}")
    if source.startswith(("http://", "https://")):
        name = os.path.basename(source.split("?")[0])
        if name in ("", ".", ".."):
            raise ValidationError("image", f"{source} names no file to download")
    elif not source.startswith("/"):
        raise ValidationError("image", f"{source} is not an absolute path or an "
                              "http(s) URL")


def parse_checksum(text: str) -> tuple[str, str]:
    algo, sep, digest = text.partition(":")
    if not sep or algo not in ("sha256", "sha512") or not digest or \
            any(c not in "0123456789abcdefABCDEF" for c in digest):
        raise ValidationError("checksum", "use sha256:HEX or sha512:HEX")
    return algo, digest.lower()


def file_digest(path: Path, algo: str) -> str:
    hasher = hashlib.new(algo)
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


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
            return [], reg, [f"template {existing['vmid']} exists already (use --rebuild "
                             "to replace it)"], existing
        storages = all_storages(self.runner, self.cfg.storage_cfg)
        disk = with_content(storages, "images", opts.storage or self.cfg.vm.storage)
        snippets = with_content(storages, "snippets", self.cfg.vm.snippet_storage)
        if not snippets.path:
            raise ValidationError("storage", f"snippets storage {snippets.storage_id!r} "
                                  "has no path")
        vmid = opts.vmid or next_vmid(self.runner)
        if self.qm.exists(vmid):
            raise ValidationError("vmid", f"VM {vmid} exists already")
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
            notes.append(f"the old template {existing['vmid']} is kept: gateway VMs "
                         f"{', '.join(map(str, clones))} were cloned from it; destroy it "
                         f"(qm destroy {existing['vmid']}) once they are gone")
        elif existing and opts.rebuild:
            old = int(existing["vmid"])
            final.append(deferred_step(f"destroy the old template {old}",
                                       QmDestroy(vmid=old),
                                       [f"run: {' '.join(self.qm.destroy_argv(old))}"]))
            notes.append(f"the old template {old} is destroyed once the new one exists")
        steps.append(file_step(self.cfg.registry_file, new.dumps(), "save the registry",
                               0o600))
        return steps + final, new, notes, record

    def _image(self, opts: BuildOptions) -> tuple[str, list[Step]]:
        """The image to import (a local path), downloading it first when it is a URL."""
        source = opts.image or self.cfg.vm.image
        check = parse_checksum(opts.checksum) if opts.checksum else None
        if not source.startswith(("http://", "https://")):
            path = Path(source)
            if not path.is_absolute() or not path.is_file():
                raise ValidationError("image", f"{source} is not an absolute path to a file")
            if check and file_digest(path, check[0]) != check[1]:
                raise ValidationError("checksum", f"{path} does not match {opts.checksum}")
            return str(path), []
        target = self.cfg.state_dir / "images" / os.path.basename(source.split("?")[0])

        def download() -> None:
            import urllib.request  # only for downloads: keeps start-up lean
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".part")
            self.progress(f"downloading {source}")
            with urllib.request.urlopen(source, timeout=60) as response, \
                    open(partial, "wb") as out:
                shutil.copyfileobj(response, out, 1 << 20)
            if check and file_digest(partial, check[0]) != check[1]:
                partial.unlink()
                raise ValidationError("checksum", f"{source} does not match {opts.checksum}")
            partial.replace(target)
        return str(target), [Step(f"download {source}", download,
                                  RestoreFile(path=str(target)),
                                  [f"download {source} to {target}"])]
