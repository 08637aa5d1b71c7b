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
import re
import shlex
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Optional

from .. import fsutil, idmap, render
from ..config import Config
from ..errors import ValidationError
from ..pve_storage import all_storages, with_content
from ..registry import Gateway, Registry, Share, User
from ..runner import Runner
from ..samba import validate
from ..tools import pvesh
from ..tools.pct import Pct, mount_value
from ..tools.pveam import Pveam, newest
from ..tools.samba import SambaTools
from ..txn import Step, command_step, file_step, final_step

TAG = "pvesmbgw"
SHARES_ROOT = "/srv/shares"
SMB_CONF = "/etc/samba/smb.conf"
PASSDB_DROP = "/run/pvesmbgw-passdb"
# samba-vfs-modules holds vfs_shadow_copy2 (Previous Versions).
GUEST_PACKAGES = ("samba", "samba-vfs-modules")


def gateway_id(vmid: int) -> str:
    return f"lxc-{vmid}"


def container_path(share: Share, key: str) -> str:
    """Where a share's volume appears inside the gateway: readable and unique."""
    safe = re.sub(r"[^a-z0-9._-]+", "_", share.name.lower()).strip("_") or "share"
    return f"{SHARES_ROOT}/{key}-{safe}"


class LxcGateways:
    def __init__(self, cfg: Config, runner: Runner) -> None:
        self.cfg = cfg
        self.runner = runner
        self.pct = Pct(runner)
        self.pveam = Pveam(runner)
        self.map = idmap.gateway_map(cfg.account_ids)
        self.staged: list[str] = []

    # -- queries -----------------------------------------------------------------

    def shared_gateway(self, reg: Registry) -> Optional[Gateway]:
        for gw in reg.gateways.values():
            if gw.kind == "lxc" and not gw.dedicated and gw.node == self.cfg.node:
                return gw
        return None

    def conf_text(self, reg: Registry, gw: Gateway) -> str:
        shares = reg.shares_on(gw.id)
        text = render.render_gateway_conf(
            shares, lambda s: container_path(s, gw.mounts[s.name]), self.cfg.node, gw.id,
            self.cfg.registry_file)
        validate.check(text, [s.name for s in shares])
        return text

    def mapped_users(self, reg: Registry) -> list[User]:
        """Managed users whose uid the gateway's map passes through unchanged."""
        first, count = self.cfg.account_ids
        return [u for u in reg.users.values()
                if u.uid is not None and first <= u.uid < first + count]

    # -- steps shared by several plans --------------------------------------------

    def _push_steps(self, vmid: int, text: Optional[str], old: Optional[str], dest: str,
                    title: str, perms: str = "0644") -> list[Step]:
        """Push TEXT to DEST in the container; undo pushes OLD back (when known)."""
        local = self._stage(text)
        undo = None
        if old is not None:
            undo = {"kind": "pct_push", "vmid": vmid, "dest": dest, "perms": perms,
                    "data": old}
        step = command_step(self.runner, title, self.pct.push_argv(vmid, local, dest, perms),
                            undo)
        return [step]

    def _stage(self, text: Optional[str]) -> str:
        """A private temp file holding TEXT for `pct push` (removed at exit)."""
        fd, path = tempfile.mkstemp(prefix="pvesmbgw-push-")
        with os.fdopen(fd, "w") as fh:
            fh.write(text or "")
        self.staged.append(path)
        return path

    def cleanup(self) -> None:
        """Remove the files staged for `pct push` (called when the command ends)."""
        while self.staged:
            try:
                os.unlink(self.staged.pop())
            except FileNotFoundError:
                pass

    def _apply_conf_steps(self, vmid: int, text: str, old: Optional[str]) -> list[Step]:
        """Push smb.conf, have the container's own Samba check it, make smbd use it."""
        reload = ["systemctl", "reload-or-restart", "smbd"]
        # Armed first so that, on rollback, it runs after the old file is back.
        steps = [Step(f"arm smbd reload in CT {vmid} for rollback", lambda: None,
                      {"kind": "pct_exec", "vmid": vmid, "command": reload})]
        steps += self._push_steps(vmid, text, old, SMB_CONF, f"push smb.conf into CT {vmid}")
        steps.append(command_step(self.runner, f"check smb.conf with testparm in CT {vmid}",
                                  self.pct.exec_argv(vmid, ["testparm", "-s", SMB_CONF])))
        steps.append(command_step(
            self.runner, f"reload smbd in CT {vmid} (connected clients stay connected)",
            self.pct.exec_argv(vmid, reload)))
        return steps

    def user_steps(self, vmid: int, users: list[User], known: set[str], gid: int
                   ) -> list[Step]:
        """Create the share group (unless '@group' is in KNOWN) and USERS in the
        container, and import their Samba password hashes from the host's passdb
        (never a clear-text password)."""
        group = self.cfg.share_group
        steps = []
        if "@group" not in known:
            steps.append(command_step(self.runner, f"create group {group} in CT {vmid}",
                                      self.pct.exec_argv(vmid, ["groupadd", "-g", str(gid),
                                                                group])))
        for user in users:
            if user.name in known:
                continue
            steps.append(command_step(
                self.runner, f"create account {user.name} in CT {vmid}",
                self.pct.exec_argv(vmid, ["useradd", "-u", str(user.uid), "-g", group, "-M",
                                          "-s", "/usr/sbin/nologin", user.name])))
        if users:
            steps += self.passdb_steps(vmid, [u.name for u in users])
        return steps

    def user_remove_steps(self, vmid: int, name: str) -> list[Step]:
        """Final steps: remove a user's Samba entry and account from the container."""
        return [final_step(f"remove {' '.join(cmd)} in CT {vmid}",
                           {"kind": "pct_exec", "vmid": vmid, "command": cmd},
                           [f"run: {' '.join(self.pct.exec_argv(vmid, cmd))}"])
                for cmd in (["pdbedit", "-x", name], ["userdel", name])]

    def passdb_steps(self, vmid: int, names: list[str]) -> list[Step]:
        def export() -> None:
            # Read at run time: a user added earlier in the same plan must be there.
            tools = SambaTools(self.runner, self.cfg.samba_conf)
            lines = [l for l in tools.export_smbpasswd() if l.split(":", 1)[0] in names]
            with open(staged, "w") as fh:
                fh.write("".join(f"{l}\n" for l in lines))
        staged = self._stage("")
        os.chmod(staged, 0o600)
        return [
            Step("export Samba password hashes of the gateway's users", export, None,
                 [f"pdbedit -s {self.cfg.samba_conf} -L -w (users: {', '.join(names)})"]),
            command_step(self.runner, f"copy password hashes into CT {vmid}",
                         self.pct.push_argv(vmid, staged, PASSDB_DROP, "0600")),
            command_step(self.runner, f"import password hashes in CT {vmid}",
                         self.pct.exec_argv(vmid, ["pdbedit", "-i", f"smbpasswd:{PASSDB_DROP}",
                                                   "-e", "tdbsam"])),
            command_step(self.runner, f"remove the copied hashes from CT {vmid}",
                         self.pct.exec_argv(vmid, ["rm", "-f", PASSDB_DROP])),
        ]

    # -- state and drift --------------------------------------------------------------

    def status(self, gw: Gateway) -> dict[str, object]:
        """The gateway guest as `status` shows it: state and address."""
        data: dict[str, object] = {"id": gw.id, "kind": gw.kind, "vmid": gw.vmid,
                                   "node": gw.node, "dedicated": gw.dedicated,
                                   "state": "missing", "address": None}
        state = self.pct.state(gw.vmid)
        if state is None:
            return data
        data["state"] = state
        if data["state"] == "running":
            path = f"/nodes/{gw.node}/lxc/{gw.vmid}/interfaces"
            for nic in pvesh.get(self.runner, path) or []:
                inet = nic.get("inet")
                if nic.get("name") != "lo" and inet:
                    data["address"] = str(inet).split("/")[0]
                    break
        return data

    def drift(self, reg: Registry) -> tuple[list[dict[str, str]], list[Step]]:
        """Differences between REG's gateways and the containers, and steps fixing them."""
        found: list[dict[str, str]] = []
        steps: list[Step] = []
        for gw in reg.gateways.values():
            if gw.node != self.cfg.node:
                continue
            state = self.pct.state(gw.vmid)
            if state is None:
                found.append({"share": "", "what": "gateway_missing",
                              "detail": f"container {gw.vmid} of {gw.id} does not exist"})
                continue
            running = state == "running"
            config = self.pct.config(gw.vmid)
            for name, key in gw.mounts.items():
                share = reg.shares[name]
                if config.mount_source(key) != share.path:
                    found.append({"share": name, "what": "mount_missing",
                                  "detail": f"{key} of CT {gw.vmid} is not {share.path}"})
                    steps.append(command_step(
                        self.runner, f"attach {share.path} to CT {gw.vmid} as {key}",
                        self.pct.set_argv(gw.vmid, {key: mount_value(
                            share.path, container_path(share, key))})))
            if not running:
                found.append({"share": "", "what": "gateway_stopped",
                              "detail": f"container {gw.vmid} is stopped"})
                steps.append(command_step(self.runner, f"start gateway container {gw.vmid}",
                                          self.pct.start_argv(gw.vmid)))
                continue
            want = self.conf_text(reg, gw)
            have = self._pull(gw.vmid, SMB_CONF)
            if have != want:
                found.append({"share": "", "what": "gateway_conf",
                              "detail": f"smb.conf in CT {gw.vmid} differs from the registry"})
                steps += self._apply_conf_steps(gw.vmid, want, have)
        return found, steps

    def _pull(self, vmid: int, path: str) -> Optional[str]:
        with tempfile.TemporaryDirectory(prefix="pvesmbgw-pull-") as tmp:
            local = Path(tmp) / "file"
            self.runner.run(["pct", "pull", str(vmid), path, str(local)], mutating=False)
            return local.read_text() if local.exists() else None

    # -- plans ----------------------------------------------------------------------

    def update_steps(self, old: Registry, new: Registry, gw: Gateway) -> list[Step]:
        """A share on GW changed its settings: push the new smb.conf."""
        return self._apply_conf_steps(gw.vmid, self.conf_text(new, gw),
                                      self.conf_text(old, gw))

    def add_share(self, reg: Registry, share: Share, dedicated: bool, created_volume: bool,
                  gid: int) -> tuple[list[Step], Registry, list[str]]:
        """Steps that serve SHARE from a gateway (creating the gateway if needed)."""
        if "," in share.path or "=" in share.path:
            raise ValidationError("path", "must not contain ',' or '=' in lxc mode "
                                  "(PVE mount point syntax)")
        first, count = self.cfg.account_ids
        if not first <= gid < first + count:
            raise ValidationError("share_group", f"{self.cfg.share_group} has gid {gid}, "
                                  "outside account_id_range: a gateway container cannot "
                                  "map it through (use a group pvesmbgw creates)")
        gw = None if dedicated else self.shared_gateway(reg)
        if gw is None:
            return self._new_gateway(reg, share, dedicated, created_volume, gid)
        key = self.pct.config(gw.vmid).free_mount_key(list(gw.mounts.values()))
        new_gw = replace(gw, mounts={**gw.mounts, share.name: key})
        new = reg.with_share(replace(share, gateway=gw.id)).with_gateway(new_gw)
        old_text = self.conf_text(reg, gw)
        steps = [command_step(
            self.runner, f"hot-plug {share.path} into CT {gw.vmid} as {key}",
            self.pct.set_argv(gw.vmid, {key: mount_value(share.path,
                                                         container_path(share, key))}),
            {"kind": "pct_unmount", "vmid": gw.vmid, "key": key})]
        steps += self._own_volume_steps(share, created_volume, gid)
        steps += self._apply_conf_steps(gw.vmid, self.conf_text(new, new_gw), old_text)
        return steps, new, [f"served by gateway container {gw.vmid} (hot-plugged {key}; "
                            "other shares stayed connected)"]

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
        steps: list[Step] = []
        notes: list[str] = []
        template = self._template(tstore.storage_id, steps, notes)
        vmid = int(pvesh.get(self.runner, "/cluster/nextid"))
        key = "mp0"
        gw = Gateway(id=gateway_id(vmid), kind="lxc", vmid=vmid, node=cfg.node,
                     dedicated=dedicated, created=True, mounts={share.name: key})
        hostname = ("smbgw-" + re.sub(r"[^a-z0-9-]+", "-", share.name.lower()).strip("-")
                    if dedicated else f"smbgw-{cfg.node}")[:63].strip("-")
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
            key: mount_value(share.path, container_path(share, key)),
        }
        steps.append(command_step(self.runner, f"create gateway container {vmid} from {template}",
                                  self.pct.create_argv(vmid, template, options),
                                  {"kind": "pct_destroy", "vmid": vmid}))
        conf_file = cfg.lxc_config_file(vmid)
        lines = idmap.idmap_lines(self.map)

        def add_idmap() -> None:
            # lxc.* keys are not API parameters: PVE documents editing the file.
            text = conf_file.read_text()
            fsutil.atomic_write(conf_file, (text.rstrip("\n") + "\n" + "\n".join(lines)
                                            + "\n").encode(), 0o640)
        steps.append(Step(f"add the id map to {conf_file}", add_idmap, None,
                          [f"append to {conf_file}:"] + [f"    {l}" for l in lines]))
        for path, kind in ((cfg.subuid_file, "u"), (cfg.subgid_file, "g")):
            old = (fsutil.read_bytes(path) or b"").decode()
            new_text = idmap.with_subid_lines(old, idmap.subid_lines(self.map, kind))
            if new_text != old:
                steps.append(file_step(path, new_text.encode(), f"allow the id map in {path}"))
        steps += self._own_volume_steps(share, created_volume, gid)
        steps.append(command_step(self.runner, f"start gateway container {vmid}",
                                  self.pct.start_argv(vmid), {"kind": "pct_stop", "vmid": vmid}))
        steps.append(self._install_samba_step(vmid))
        steps += self.user_steps(vmid, self.mapped_users(reg), set(), gid)
        new = reg.with_share(replace(share, gateway=gw.id)).with_gateway(gw)
        steps += self._apply_conf_steps(vmid, self.conf_text(new, gw), None)
        notes.append(f"created gateway container {vmid} ({hostname}) on bridge {lxc.bridge}")
        return steps, new, notes

    def _install_samba_step(self, vmid: int) -> Step:
        """Install Samba unless the template already has it (checked when the step runs,
        since the container does not exist while planning)."""
        update = self.pct.exec_argv(vmid, ["apt-get", "update"])
        install = self.pct.exec_argv(vmid, ["apt-get", "install", "-y",
                                            "--no-install-recommends", *GUEST_PACKAGES])
        query = self.pct.exec_argv(vmid, ["dpkg-query", "-W", "-f=${Status}\n",
                                          *GUEST_PACKAGES])

        def install_samba() -> None:
            have = self.runner.run(query, mutating=False, ok_codes=(0, 1))
            if have.returncode == 0 and have.stdout.count("install ok installed") == \
                    len(GUEST_PACKAGES):
                return
            self.runner.run(update, mutating=True, timeout=600)
            self.runner.run(install, mutating=True, timeout=1200,
                            env={"DEBIAN_FRONTEND": "noninteractive"})
        return Step(f"install Samba in CT {vmid} (a minute or two, unless the template has it)",
                    install_samba, None,
                    [f"run: {shlex.join(query)}", "unless Samba is installed already:",
                     f"run: {shlex.join(update)}",
                     f"run: DEBIAN_FRONTEND=noninteractive {shlex.join(install)}"])

    def _template(self, storage: str, steps: list[Step], notes: list[str]) -> str:
        stored = self.pveam.stored(storage)
        prefix = self.cfg.lxc.template
        have = newest([v.split("/", 1)[-1] for v in stored], prefix)
        if have:
            return f"{storage}:vztmpl/{have}"
        name = newest(self.pveam.available(), prefix)
        if name is None:
            raise ValidationError("lxc_template", f"no template {prefix}_* in "
                                  "`pveam available` (run `pveam update`?)")
        volid = f"{storage}:vztmpl/{name}"
        steps.append(command_step(self.runner, f"download template {name} to {storage}",
                                  self.pveam.download_argv(storage, name),
                                  {"kind": "pveam_remove", "volid": volid}))
        notes.append(f"downloaded template {name}")
        return volid

    def remove_share(self, reg: Registry, share: Share, keep_gateway: bool
                     ) -> tuple[list[Step], list[Step], Registry, list[str]]:
        """(undoable steps, irreversible steps, new registry, notes) to stop serving SHARE."""
        gw = reg.gateways[str(share.gateway)]
        key = gw.mounts[share.name]
        rest = [s for s in reg.shares_on(gw.id) if s.name != share.name]
        new_gw = replace(gw, mounts={k: v for k, v in gw.mounts.items() if k != share.name})
        new = reg.without_share(share.name).with_gateway(new_gw)
        notes: list[str] = []
        steps: list[Step] = []
        final: list[Step] = []
        if rest or keep_gateway or not gw.created:
            steps += self._apply_conf_steps(gw.vmid, self.conf_text(new, new_gw),
                                            self.conf_text(reg, gw))
            final.append(final_step(f"detach {key} from CT {gw.vmid}",
                                    {"kind": "pct_unmount", "vmid": gw.vmid, "key": key},
                                    [f"run: {' '.join(self.pct.delete_argv(gw.vmid, [key]))}"]))
            running = self.pct.status(gw.vmid) == "running"
            if running:
                notes.append(f"mount point {key} of CT {gw.vmid} detaches at the gateway's next "
                             "restart (PVE cannot hot-unplug mount points); the share is no "
                             "longer served now")
        else:
            new = new.without_gateway(gw.id)
            final.append(final_step(f"stop and destroy gateway container {gw.vmid}",
                                    {"kind": "pct_destroy", "vmid": gw.vmid},
                                    [f"run: pct stop {gw.vmid}",
                                     f"run: {' '.join(self.pct.destroy_argv(gw.vmid))}"]))
            notes.append(f"removed gateway container {gw.vmid} (its last share is gone)")
        return steps, final, new, notes

