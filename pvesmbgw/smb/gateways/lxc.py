"""LXC gateways: Samba in an unprivileged container, share volumes bind-mounted in.

One shared gateway per node serves every lxc-mode share unless a share asks for a
dedicated one. The container's id map (see idmap.py) passes the account id range
through unchanged, so a file written over SMB is owned on the host by the same
uid/gid that owns it in the container. Mount points are hot-plugged into a running
container (PVE supports that); PVE cannot hot-unplug them, so a removed share's
mount point detaches at the gateway's next restart.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Optional

from ...core import fsutil
from ...pve import usermap as idmap
from ...core.config import Config
from ..ad.gateway_files import gateway_state
from ...core.errors import ValidationError
from ...core.i18n import _
from ...pve.storage import all_storages, with_content
from ..registry import Gateway, Registry, Share
from ...core.runner import Runner
from ...tools import pvesh
from ...pve.guests import (ct_config_lines_step, ct_create_step, ct_install_step, ct_start_step,
    ct_template, guest_name, next_vmid)
from ...tools.pct import Pct, mount_value
from ...tools.pveam import Pveam
from ...core.records import Rmdir
from ...core.txn import Step, command_step, deferred_step, file_step
from ...pve.records import PctDestroy, PctUnmount
from .. import dfree
from .guest import GuestGateways, guest_path

TAG = "pvesmbgw"
# samba-vfs-modules holds vfs_shadow_copy2 (Previous Versions).
GUEST_PACKAGES = ("samba", "samba-vfs-modules")


def gateway_id(vmid: int) -> str:
    return f"lxc-{vmid}"


class LxcGateways(GuestGateways):
    kind = "lxc"
    noun = "container"

    def __init__(self, cfg: Config, runner: Runner) -> None:
        super().__init__(cfg, runner)
        self.pct = Pct(runner)
        self.pveam = Pveam(runner)
        self.map = idmap.gateway_map(cfg.account_ids)

    # -- state and drift --------------------------------------------------------------

    def address(self, gw: Gateway) -> Optional[str]:
        path = f"/nodes/{gw.node}/lxc/{gw.vmid}/interfaces"
        for nic in pvesh.get(self.runner, path) or []:
            inet = nic.get("inet")
            if nic.get("name") != "lo" and inet:
                return str(inet).split("/")[0]
        return None

    def attachment_drift(self, reg: Registry, gw: Gateway
                         ) -> tuple[list[dict[str, str]], list[Step]]:
        found: list[dict[str, str]] = []
        config = self.pct.config(gw.vmid)
        # A gateway made before it had one, or whose mount was removed by hand.
        steps = self._free_space_steps(gw.id, gw.vmid, config.mount_source(dfree.DFREE_KEY))
        if steps:
            found.append({"share": "", "what": "mount_missing", "detail": _(
                "CT {vmid} has no {key} for its free-space folder {path}").format(
                    key=dfree.DFREE_KEY, vmid=gw.vmid,
                    path=dfree.gateway_folder(self.cfg, gw.id))})
        for name, key in gw.mounts.items():
            share = reg.shares[name]
            if config.mount_source(key) != share.path:
                found.append({"share": name, "what": "mount_missing",
                              "detail": _("{key} of CT {vmid} is not {path}").format(key=key, vmid=gw.vmid, path=share.path)})
                steps.append(command_step(
                    self.runner, f"attach {share.path} to CT {gw.vmid} as {key}",
                    self.pct.set_argv(gw.vmid, {key: mount_value(
                        share.path, guest_path(share, key))})))
        return found, steps

    def start_steps(self, vmid: int) -> list[Step]:
        return [command_step(self.runner, f"start gateway container {vmid}",
                             self.pct.start_argv(vmid))]

    # -- plans ----------------------------------------------------------------------

    def add_share(self, reg: Registry, share: Share, dedicated: bool, created_volume: bool,
                  gid: int) -> tuple[list[Step], Registry, list[str]]:
        """Steps that serve SHARE from a gateway (creating the gateway if needed)."""
        if "," in share.path or "=" in share.path:
            raise ValidationError("path", _("must not contain ',' or '=' in lxc mode "
                                  "(PVE mount point syntax)"))
        first, count = self.cfg.account_ids
        if not first <= gid < first + count:
            raise ValidationError("share_group", _("{share_group} has gid {gid}, "
                                  "outside account_id_range: a gateway container cannot "
                                  "map it through (use a group pvesmbgw creates)").format(share_group=self.cfg.share_group, gid=gid))
        gw = None if dedicated else self.shared_gateway(reg)
        if gw is None:
            return self._new_gateway(reg, share, dedicated, created_volume, gid)
        config = self.pct.config(gw.vmid)
        key = config.free_mount_key(list(gw.mounts.values()) + [dfree.DFREE_KEY])
        new_gw = replace(gw, mounts={**gw.mounts, share.name: key})
        new = reg.with_share(replace(share, gateway=gw.id)).with_gateway(new_gw)
        old_text = self.conf_text(reg, gw)
        steps = self._free_space_steps(gw.id, gw.vmid, config.mount_source(dfree.DFREE_KEY))
        steps.append(command_step(
            self.runner, f"hot-plug {share.path} into CT {gw.vmid} as {key}",
            self.pct.set_argv(gw.vmid, {key: mount_value(share.path,
                                                         guest_path(share, key))}),
            PctUnmount(vmid=gw.vmid, key=key)))
        steps += self._own_volume_steps(share, created_volume, gid)
        steps += self.apply_conf_steps(gw.vmid, self.conf_text(new, new_gw), old_text)
        return steps, new, [f"served by gateway container {gw.vmid} (hot-plugged {key}; "
                            "other shares stayed connected)"]

    def _free_space_mount(self, gw_id: str) -> str:
        """The container's read-only mount of its free-space folder (smb/dfree.py)."""
        folder = dfree.gateway_folder(self.cfg, gw_id)
        return f"{mount_value(str(folder), dfree.GUEST_DIR)},ro=1"

    def _free_space_folder_steps(self, gw_id: str) -> list[Step]:
        folder = dfree.gateway_folder(self.cfg, gw_id)
        if folder.is_dir():
            return []

        def make() -> None:
            folder.mkdir(mode=0o755, parents=True)
            os.chmod(folder, 0o755)  # whatever the umask: read by the container's users
        return [Step(f"create {folder}", make, Rmdir(str(folder)), [f"mkdir {folder}"])]

    def _free_space_steps(self, gw_id: str, vmid: int, source: Optional[str]) -> list[Step]:
        """Mount the free-space folder into CT VMID (hot-plugged) where its mount point
        is free (SOURCE, what it holds now, is None). One that holds anything is left
        alone: the folder, or what an administrator put there (then the container's
        clients see the file system's free space, as smbd does without the helper)."""
        if source is not None:
            return []
        return self._free_space_folder_steps(gw_id) + [command_step(
            self.runner, f"mount the free-space folder into CT {vmid} as {dfree.DFREE_KEY}",
            self.pct.set_argv(vmid, {dfree.DFREE_KEY: self._free_space_mount(gw_id)}),
            PctUnmount(vmid=vmid, key=dfree.DFREE_KEY))]

    def _own_volume_steps(self, share: Share, created_volume: bool, gid: int) -> list[Step]:
        """A volume pvesmbgw created belongs to the container's root (so it can manage
        it) and the share group (passed through unchanged, so Samba users can write)."""
        if not created_volume:
            return []
        root = idmap.host_id(self.map, "u", 0)
        assert root is not None
        uid: int = root
        path = Path(share.path)
        return [Step(f"give {path} to the container's root and group {self.cfg.share_group}",
                     lambda: os.chown(path, uid, gid), None, [f"chown {uid}:{gid} {path}"])]

    def _new_gateway(self, reg: Registry, share: Share, dedicated: bool, created_volume: bool,
                     gid: int) -> tuple[list[Step], Registry, list[str]]:
        cfg, lxc = self.cfg, self.cfg.lxc
        storages = all_storages(self.runner, cfg.storage_cfg)
        rootfs = with_content(storages, "rootdir", lxc.rootfs_storage)
        tstore = with_content(storages, "vztmpl", lxc.template_storage)
        template, steps, notes = ct_template(self.runner, tstore.storage_id, lxc.template)
        vmid = next_vmid(self.runner)
        key = "mp0"
        gw = Gateway(id=gateway_id(vmid), kind="lxc", vmid=vmid, node=cfg.node,
                     dedicated=dedicated, created=True, mounts={share.name: key})
        hostname = guest_name("smbgw", share.name if dedicated else cfg.node)
        net = f"name=eth0,bridge={lxc.bridge},ip={lxc.ip}"
        if lxc.gateway:
            net += f",gw={lxc.gateway}"
        options = {
            "hostname": hostname, "memory": str(lxc.memory), "swap": str(lxc.swap),
            "cores": str(lxc.cores), "rootfs": f"{rootfs.storage_id}:{lxc.disk}",
            "net0": net, "unprivileged": "1", "features": "nesting=1", "onboot": "1",
            "ostype": "debian", "tags": TAG,
            "description": "SMB gateway managed by pvesmbgw"
                           + (f" for share {share.name}" if dedicated else ""),
            key: mount_value(share.path, guest_path(share, key)),
            dfree.DFREE_KEY: self._free_space_mount(gw.id),
        }
        steps += self._free_space_folder_steps(gw.id)
        steps.append(ct_create_step(self.runner, "gateway", vmid, template, options))
        steps.append(ct_config_lines_step(cfg.lxc_config_file(vmid),
                                          idmap.idmap_lines(self.map), "the id map"))
        for path, kind in ((cfg.subuid_file, "u"), (cfg.subgid_file, "g")):
            old = (fsutil.read_bytes(path) or b"").decode()
            new_text = idmap.with_subid_lines(old, idmap.subid_lines(self.map, kind))
            if new_text != old:
                steps.append(file_step(path, new_text.encode(), f"allow the id map in {path}"))
        steps += self._own_volume_steps(share, created_volume, gid)
        steps.append(ct_start_step(self.runner, "gateway", vmid))
        steps.append(ct_install_step(self.runner, vmid, GUEST_PACKAGES, "Samba"))
        steps += self.user_steps(vmid, self.mapped_users(reg), set(), gid)
        new = reg.with_share(replace(share, gateway=gw.id)).with_gateway(gw)
        steps += self.apply_conf_steps(vmid, self.conf_text(new, gw), None)
        notes.append(_("created gateway container {vmid} ({hostname}) on bridge {bridge}").format(vmid=vmid, hostname=hostname, bridge=lxc.bridge))
        return steps, new, notes

    def remove_share(self, reg: Registry, share: Share, keep_gateway: bool
                     ) -> tuple[list[Step], list[Step], Registry, list[str]]:
        """(undoable steps, deferred steps, new registry, notes) to stop serving SHARE."""
        gw = reg.gateways[str(share.gateway)]
        key = gw.mounts[share.name]
        rest = [s for s in reg.shares_on(gw.id) if s.name != share.name]
        new_gw = replace(gw, mounts={k: v for k, v in gw.mounts.items() if k != share.name})
        new = reg.without_share(share.name).with_gateway(new_gw)
        notes: list[str] = []
        steps: list[Step] = []
        final: list[Step] = []
        if rest or keep_gateway or not gw.created:
            steps += self.apply_conf_steps(gw.vmid, self.conf_text(new, new_gw),
                                            self.conf_text(reg, gw))
            final.append(deferred_step(f"detach {key} from CT {gw.vmid}",
                                       PctUnmount(vmid=gw.vmid, key=key),
                                       [f"run: {' '.join(self.pct.delete_argv(gw.vmid, [key]))}"]))
            running = self.pct.state(gw.vmid) == "running"
            if running:
                notes.append(_("mount point {key} of CT {vmid} detaches at the gateway's next "
                             "restart (PVE cannot hot-unplug mount points); the share is no "
                             "longer served now").format(key=key, vmid=gw.vmid))
        else:
            joined = gateway_state(self.cfg, gw.id)
            if joined is not None:
                # Destroying it would strand its computer account in the domain.
                raise ValidationError("share", _("{name} is the last share of gateway "
                                      "{id}, which is joined to {realm}: run "
                                      "`pve-smbgateway ad leave --gateway {id}` first, "
                                      "or delete with --keep-gateway").format(name=share.name, id=gw.id, realm=joined['realm']))
            new = new.without_gateway(gw.id)
            final.append(deferred_step(f"stop and destroy gateway container {gw.vmid}",
                                       PctDestroy(vmid=gw.vmid),
                                       [f"run: pct stop {gw.vmid}",
                                        f"run: {' '.join(self.pct.destroy_argv(gw.vmid))}"]))
            notes.append(_("removed gateway container {vmid} (its last share is gone)").format(vmid=gw.vmid))
        return steps, final, new, notes

