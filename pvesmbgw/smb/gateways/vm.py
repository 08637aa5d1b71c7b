"""VM gateways: Samba in a small VM cloned from the template `vm-template build` made.

A share's host volume reaches the VM through virtiofs (PVE 8.4+): a cluster directory
mapping names the host path, the VM gets a `virtiofsN` device with ACLs and xattrs
exposed, and the guest mounts it by the mapping id. virtiofs passes host uids and gids
through unchanged, so accounts are created in the guest with the host's ids.

The VM is configured only through the QEMU guest agent (`qm guest exec`): no SSH, no
keys. PVE cannot hot-plug virtiofs, so adding a share to a running gateway VM reboots
it; the command says so. Removing one leaves the device pending until the next start.

Before PVE 8.4 there is no virtiofs: a new gateway VM then keeps each share on a
virtual disk of its own (transport "disk", gateways/vm_disk.py), and a gateway keeps
the transport it was made with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Optional

from ...core.config import Config
from ...core.errors import CommandError, ValidationError
from ...core.i18n import _
from ...pve.storage import all_storages
from ..registry import Gateway, Registry, Share
from ...core.runner import Runner
from ...tools import pvesh
from ...pve.guests import (dir_mapping_delete_step, dir_mapping_step, guest_name, next_vmid,
    vm_clone_step, vm_start_step, vm_wait_agent_step)
from ...tools.qm import Qm, VmConfig, first_address
from ...core.txn import Step, command_step, deferred_step
from ...pve.records import QmDestroy, QmUnset
from .guest import GuestGateways, guest_path
from .vm_common import FSTAB, TAG, fstab_with
from .vm_disk import DiskTransport

VIRTIOFS_OPTIONS = "expose-acl=1,expose-xattr=1"
MAX_VIRTIOFS = 10  # virtiofs0 … virtiofs9
# Storage types on which PVE makes linked clones of a template's disks.
LINKED_CLONE_TYPES = {"zfspool", "lvmthin", "rbd", "btrfs"}
FILE_TYPES = {"dir", "nfs", "cifs", "glusterfs"}  # linked only for qcow2 images


def gateway_id(vmid: int) -> str:
    return f"vm-{vmid}"


@dataclass(frozen=True)
class VmSize:
    memory: int  # MiB
    cores: int


def fstab_line(tag: str, target: str) -> str:
    # nofail: a missing mapping must not stop the gateway from booting.
    return f"{tag} {target} virtiofs defaults,nofail 0 0 # {TAG}"


def linked_clone_possible(volid: str, storages: dict[str, Any]) -> bool:
    """Whether `qm clone` can make a linked clone of disk VOLID (else a full one)."""
    sid = volid.split(":", 1)[0]
    storage = storages.get(sid)
    if storage is None:
        return False
    if storage.type in LINKED_CLONE_TYPES:
        return True
    return storage.type in FILE_TYPES and volid.endswith(".qcow2")


class VmGateways(GuestGateways):
    kind = "vm"
    noun = "VM"

    def __init__(self, cfg: Config, runner: Runner) -> None:
        super().__init__(cfg, runner)
        self.qm = Qm(runner)
        self.disk = DiskTransport(self)
        self._release: Optional[tuple[int, int]] = None

    def release(self) -> tuple[int, int]:
        """The node's PVE release, asked once per command."""
        if self._release is None:
            self._release = pvesh.release(self.runner)
        return self._release

    # -- checks -----------------------------------------------------------------

    def check_transport(self) -> None:
        major, minor = self.release()
        if (major, minor) < (8, 4):
            raise ValidationError("mode", _("this gateway VM serves host volumes over "
                                  "virtiofs, which needs PVE 8.4 or newer (this node runs "
                                  "{major}.{minor}); use --dedicated for a gateway VM that "
                                  "keeps shares on virtual disks").format(major=major, minor=minor))

    def transport_for(self, reg: Registry, dedicated: bool) -> str:
        """How a new share reaches its gateway VM: the shared gateway's own transport,
        else virtiofs where PVE has it (8.4+) and a virtual disk per share before."""
        gw = None if dedicated else self.shared_gateway(reg)
        if gw is not None:
            return gw.transport or "virtiofs"
        return "virtiofs" if self.release() >= (8, 4) else "disk"

    def template(self, reg: Registry) -> tuple[int, VmConfig]:
        """The registered gateway VM template and its config (one `qm config`)."""
        tmpl = reg.vm_template
        if not tmpl:
            raise ValidationError("mode", _("no gateway VM template yet: run "
                                  "`pve-smbgateway vm-template build` first"))
        vmid = int(tmpl["vmid"])
        try:
            config: Optional[VmConfig] = self.qm.config(vmid)
        except CommandError:  # qm config fails for a VM that does not exist
            config = None
        if config is None or not config.is_template:
            raise ValidationError("mode", _("the gateway VM template {vmid} is gone; rebuild "
                                  "it with `pve-smbgateway vm-template build --rebuild`").format(vmid=vmid))
        return vmid, config

    def mapping_id(self, share: Share) -> str:
        """A free directory-mapping id for SHARE (PVE config ids: letter first)."""
        base = "smbgw-" + (re.sub(r"[^a-z0-9_-]+", "-", share.name.lower()).strip("-")
                           or "share")
        taken = pvesh.dir_mappings(self.runner)
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base}-{n}"
        return name

    # -- steps -----------------------------------------------------------------------

    def _mapping_steps(self, share: Share, mapping: str) -> list[Step]:
        if "," in share.path or "=" in share.path:
            raise ValidationError("path", _("must not contain ',' or '=' in vm mode "
                                  "(PVE directory mapping syntax)"))
        return [dir_mapping_step(self.runner, mapping, self.cfg.node, share.path,
                                 f"pvesmbgw share {share.name}")]

    def _wait_agent_step(self, vmid: int) -> Step:
        return vm_wait_agent_step(self.runner, vmid, self.cfg.vm.agent_timeout)

    def _mount_steps(self, gw_vmid: int, share: Share, key: str, mapping: str,
                     fstab_old: Optional[str]) -> list[Step]:
        """Mount the share's mapping in the guest now and at every boot."""
        target = guest_path(share, key)
        return self.fstab_mount_steps(gw_vmid, mapping, fstab_line(mapping, target), target,
                                      fstab_old)

    def fstab_mount_steps(self, vmid: int, what: str, line: str, target: str,
                          fstab_old: Optional[str]) -> list[Step]:
        """Create TARGET in the guest, add LINE (which mounts WHAT there) to its fstab and
        mount it. FSTAB_OLD: the guest's fstab now, None for a new clone."""
        ch = self.chan(vmid)
        steps = [ch.exec_step(f"create mount point {target} in {ch.label}",
                              ["mkdir", "-p", target])]
        if fstab_old is None:
            # A new clone: its fstab is the template's, read when the step runs.
            steps.append(Step(f"add {what} to {FSTAB} in {ch.label}",
                              lambda: ch.write(FSTAB, fstab_with(ch.read(FSTAB) or "", line),
                                               "0644"),
                              None, [f"append to {FSTAB} in {ch.label}: {line}"]))
        else:
            steps.append(self.push_step(vmid, fstab_with(fstab_old, line), fstab_old, FSTAB,
                                        f"add {what} to {FSTAB} in {ch.label}"))
        steps.append(ch.exec_step(f"mount {what} at {target} in {ch.label}",
                                  ["mount", target], ch.exec_record(["umount", target])))
        return steps

    def _unmount_step(self, vmid: int, mapping: str, target: str) -> Step:
        """Unmount TARGET if it is mounted; undo mounts it again by its mapping id (not
        through fstab, which the rollback restores only later)."""
        ch = self.chan(vmid)

        def unmount() -> None:
            code, _ = ch.run(["mountpoint", "-q", target], mutating=False, ok_codes=(0, 1, 32))
            if code == 0:
                ch.run(["umount", target], mutating=True)
        return Step(f"unmount {target} in {ch.label}", unmount,
                    ch.exec_record(["mount", "-t", "virtiofs", mapping, target]),
                    [f"run: {' '.join(ch.exec_argv(['umount', target]))} (when mounted)"])

    # -- plans --------------------------------------------------------------------

    def add_share(self, reg: Registry, share: Share, dedicated: bool, size: VmSize,
                  gid: int) -> tuple[list[Step], Registry, list[str]]:
        """Steps that serve SHARE from a gateway VM (cloning one if needed)."""
        self.check_transport()
        gw = None if dedicated else self.shared_gateway(reg)
        if gw is None:
            return self._new_gateway(reg, share, dedicated, size, gid)
        state = self.qm.state(gw.vmid)
        if state != "running":
            raise ValidationError("mode", _("gateway VM {vmid} is {state}: "
                                  "start it, or run `pve-smbgateway reconcile`").format(vmid=gw.vmid, state=state or 'missing'))
        used = set(self.qm.config(gw.vmid).values) | set(gw.mounts.values())
        key = next((f"virtiofs{i}" for i in range(MAX_VIRTIOFS)
                    if f"virtiofs{i}" not in used), None)
        if key is None:
            raise ValidationError("mode", _("gateway VM {vmid} has no free virtiofs slot "
                                  "(at most {max_virtiofs}); use --dedicated").format(vmid=gw.vmid, max_virtiofs=MAX_VIRTIOFS))
        mapping = self.mapping_id(share)
        new_gw = replace(gw, mounts={**gw.mounts, share.name: key},
                         mappings={**gw.mappings, share.name: mapping})
        new = reg.with_share(replace(share, gateway=gw.id)).with_gateway(new_gw)
        ch = self.chan(gw.vmid)
        steps = self._mapping_steps(share, mapping)
        steps.append(command_step(
            self.runner, f"add {key} ({mapping}) to VM {gw.vmid} (pending until restart)",
            self.qm.set_argv(gw.vmid, {key: f"{mapping},{VIRTIOFS_OPTIONS}"}),
            QmUnset(vmid=gw.vmid, key=key)))
        steps.append(command_step(
            self.runner, f"reboot gateway VM {gw.vmid}: PVE cannot hot-plug virtiofs",
            self.qm.reboot_argv(gw.vmid)))
        steps.append(self._wait_agent_step(gw.vmid))
        steps += self._mount_steps(gw.vmid, share, key, mapping, ch.read(FSTAB) or "")
        steps += self.apply_conf_steps(gw.vmid, self.conf_text(new, new_gw),
                                       self.conf_text(reg, gw))
        return steps, new, [_("served by gateway VM {vmid} as {key}; the VM was rebooted to "
                            "attach it (PVE cannot hot-plug virtiofs), so its SMB clients "
                            "reconnected").format(vmid=gw.vmid, key=key)]

    def _new_gateway(self, reg: Registry, share: Share, dedicated: bool, size: VmSize,
                     gid: int) -> tuple[list[Step], Registry, list[str]]:
        key = "virtiofs0"
        mapping = self.mapping_id(share)
        steps = self._mapping_steps(share, mapping)
        clone, vmid, summary = self.clone_steps(reg, share, dedicated, size,
                                                {key: f"{mapping},{VIRTIOFS_OPTIONS}"})
        steps += clone
        gw = Gateway(id=gateway_id(vmid), kind="vm", vmid=vmid, node=self.cfg.node,
                     dedicated=dedicated, created=True, mounts={share.name: key},
                     mappings={share.name: mapping}, transport="virtiofs")
        steps += self._mount_steps(vmid, share, key, mapping, None)
        steps += self.user_steps(vmid, self.mapped_users(reg), set(), gid)
        new = reg.with_share(replace(share, gateway=gw.id)).with_gateway(gw)
        steps += self.apply_conf_steps(vmid, self.conf_text(new, gw), None)
        return steps, new, [f"{summary}; {share.path} reaches it over virtiofs"]

    def clone_steps(self, reg: Registry, share: Share, dedicated: bool, size: VmSize,
                    extra: dict[str, str], tmpl: Optional[tuple[int, VmConfig]] = None
                    ) -> tuple[list[Step], int, str]:
        """Clone the template (TMPL when the caller read it already) as a new gateway
        VM, configure it (plus EXTRA options), start it and wait for cloud-init:
        (steps, vmid, a summary for the notes)."""
        cfg = self.cfg
        template, tconf = tmpl or self.template(reg)
        disk = next((v.split(",")[0] for k, v in tconf.values.items()
                     if re.fullmatch(r"(scsi|virtio|sata)\d+", k)), "")
        full = not linked_clone_possible(disk, all_storages(self.runner, cfg.storage_cfg))
        vmid = next_vmid(self.runner)
        name = guest_name("smbgw", share.name if dedicated else cfg.node)
        ipconfig = f"ip={cfg.vm.ip}" + (f",gw={cfg.vm.gateway}" if cfg.vm.gateway else "")
        steps = [vm_clone_step(self.runner, "gateway", template, vmid, name, full,
                               cfg.vm.storage or None)]
        steps.append(command_step(self.runner, f"size and configure VM {vmid}", self.qm.set_argv(
            vmid, {"memory": str(size.memory), "cores": str(size.cores),
                   "net0": f"virtio,bridge={cfg.vm.bridge}", "ipconfig0": ipconfig,
                   "onboot": "1", "tags": TAG,
                   "description": "SMB gateway managed by pvesmbgw"
                                  + (f" for share {share.name}" if dedicated else ""),
                   **extra})))
        steps.append(vm_start_step(self.runner, "gateway", vmid))
        steps.append(self._wait_agent_step(vmid))
        ch = self.chan(vmid)
        # First boot: cloud-init installs Samba from the template's user-data. --long:
        # when it ends in error, its last line (what a failed step reports) says why.
        steps.append(ch.exec_step(f"wait for cloud-init in VM {vmid} to install Samba "
                                  "(minutes on a first boot)",
                                  ["cloud-init", "status", "--wait", "--long"], timeout=1800))
        return steps, vmid, (f"created gateway VM {vmid} ({name}, {'full' if full else 'linked'}"
                             f" clone of {template}) on bridge {cfg.vm.bridge}")

    def remove_share(self, reg: Registry, share: Share, keep_gateway: bool
                     ) -> tuple[list[Step], list[Step], Registry, list[str]]:
        """(undoable steps, deferred steps, new registry, notes) to stop serving SHARE."""
        gw = reg.gateways[str(share.gateway)]
        key = gw.mounts[share.name]
        mapping = gw.mappings.get(share.name)
        rest = [s for s in reg.shares_on(gw.id) if s.name != share.name]
        new_gw = replace(gw, mounts={k: v for k, v in gw.mounts.items() if k != share.name},
                         mappings={k: v for k, v in gw.mappings.items() if k != share.name})
        new = reg.without_share(share.name).with_gateway(new_gw)
        notes: list[str] = []
        steps: list[Step] = []
        final: list[Step] = []
        unmap = [dir_mapping_delete_step(mapping)] if mapping else []
        if rest or keep_gateway or not gw.created:
            ch = self.chan(gw.vmid)
            steps += self.apply_conf_steps(gw.vmid, self.conf_text(new, new_gw),
                                           self.conf_text(reg, gw))
            running = ch.state() == "running"
            if running:
                target = guest_path(share, key)
                old = ch.read(FSTAB) or ""
                steps.append(self.push_step(gw.vmid, fstab_with(old, None, target), old, FSTAB,
                                            f"remove {target} from {FSTAB} in {ch.label}"))
                steps.append(self._unmount_step(gw.vmid, str(mapping), target))
                notes.append(_("{key} of VM {vmid} detaches at the gateway's next restart "
                             "(PVE cannot hot-unplug virtiofs); the share is no longer served").format(key=key, vmid=gw.vmid))
            final.append(deferred_step(f"detach {key} from VM {gw.vmid}",
                                       QmUnset(vmid=gw.vmid, key=key),
                                       [f"run: {' '.join(self.qm.delete_argv(gw.vmid, [key]))}"]))
            final += unmap
        else:
            new = new.without_gateway(gw.id)
            final.append(deferred_step(f"stop and destroy gateway VM {gw.vmid}",
                                       QmDestroy(vmid=gw.vmid),
                                       [f"run: qm stop {gw.vmid}",
                                        f"run: {' '.join(self.qm.destroy_argv(gw.vmid))}"]))
            final += unmap
            notes.append(_("removed gateway VM {vmid} (its last share is gone)").format(vmid=gw.vmid))
        return steps, final, new, notes

    # -- state and drift --------------------------------------------------------------

    def status_extra(self, gw: Gateway) -> dict[str, object]:
        return {"transport": gw.transport or "virtiofs"}

    def attachment_drift(self, reg: Registry, gw: Gateway
                         ) -> tuple[list[dict[str, str]], list[Step]]:
        if gw.transport != "disk":
            return [], []
        return self.disk.drift(reg, gw, self.qm.config(gw.vmid),
                               self.qm.state(gw.vmid) == "running")

    def address(self, gw: Gateway) -> Optional[str]:
        try:
            return first_address(self.qm.interfaces(gw.vmid))
        except CommandError:
            return None  # the agent is not up (yet)

    def start_steps(self, vmid: int) -> list[Step]:
        return [command_step(self.runner, f"start gateway VM {vmid}", self.qm.start_argv(vmid)),
                self._wait_agent_step(vmid)]
