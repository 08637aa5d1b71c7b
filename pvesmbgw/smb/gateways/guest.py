"""What every gateway guest (container or VM) does the same way: render and apply its
smb.conf, create the share group and accounts, import Samba password hashes."""

from __future__ import annotations

import os
import re
from typing import Optional

from ...core.scratch import Scratch
from ..ad.gateway_files import gateway_state, with_ad_include
from ...core.config import Config
from ..registry import Gateway, Registry, Share, User
from ...core.runner import Runner
from ..samba import validate
from ...tools.samba import SambaTools
from ...core.txn import Step, deferred_step, on_rollback
from .. import dfree, render
from ...core.i18n import _
from ...pve.channel import GuestChannel, channel

SHARES_ROOT = "/srv/shares"
SMB_CONF = "/etc/samba/smb.conf"
PASSDB_DROP = "/run/pvesmbgw-passdb"
RELOAD = ["systemctl", "reload-or-restart", "smbd"]


def guest_path(share: Share, key: str) -> str:
    """Where a share's volume appears inside the gateway: readable and unique."""
    safe = re.sub(r"[^a-z0-9._-]+", "_", share.name.lower()).strip("_") or "share"
    return f"{SHARES_ROOT}/{key}-{safe}"


class GuestGateways:
    kind = ""  # Gateway.kind this class manages: "lxc" or "vm"
    noun = ""  # how messages name the guest: "container" or "VM"

    def __init__(self, cfg: Config, runner: Runner) -> None:
        self.cfg = cfg
        self.runner = runner
        self.scratch = Scratch("pvesmbgw-push-")

    def chan(self, vmid: int) -> GuestChannel:
        return channel(self.kind, self.runner, vmid)

    # -- queries -----------------------------------------------------------------

    def shared_gateway(self, reg: Registry) -> Optional[Gateway]:
        for gw in reg.gateways.values():
            if gw.kind == self.kind and not gw.dedicated and gw.node == self.cfg.node:
                return gw
        return None

    def conf_text(self, reg: Registry, gw: Gateway, ad_member: Optional[bool] = None) -> str:
        """GW's smb.conf. A domain member (AD_MEMBER; by default: as recorded) keeps its
        AD include line."""
        if ad_member is None:
            ad_member = gateway_state(self.cfg, gw.id) is not None
        shares = reg.shares_on(gw.id)
        text = render.render_gateway_conf(
            shares, lambda s: guest_path(s, gw.mounts[s.name]), self.cfg.node, gw.id,
            self.cfg.registry_file, gw.ntacl_xattr, lambda s: dfree.smb_options(self.cfg, s))
        validate.check(text, [s.name for s in shares])
        return with_ad_include(text) if ad_member else text

    def mapped_users(self, reg: Registry) -> list[User]:
        """Managed users whose uid gateways see unchanged (the account id range)."""
        first, count = self.cfg.account_ids
        return [u for u in reg.users.values()
                if u.uid is not None and first <= u.uid < first + count]

    # -- state and drift --------------------------------------------------------------

    def status(self, gw: Gateway) -> dict[str, object]:
        """The gateway guest as `status` shows it: state and address."""
        data: dict[str, object] = {"id": gw.id, "kind": gw.kind, "vmid": gw.vmid,
                                   "node": gw.node, "dedicated": gw.dedicated,
                                   **self.status_extra(gw), "state": "missing",
                                   "address": None}
        state = self.chan(gw.vmid).state()
        if state is None:
            return data
        data["state"] = state
        if state == "running":
            data["address"] = self.address(gw)
        return data

    def drift(self, reg: Registry) -> tuple[list[dict[str, str]], list[Step]]:
        """Differences between REG's gateways of this kind and the guests, and steps
        fixing them: attach what is missing, start a stopped guest, rewrite smb.conf."""
        found: list[dict[str, str]] = []
        steps: list[Step] = []
        for gw in reg.gateways.values():
            if gw.kind != self.kind or gw.node != self.cfg.node:
                continue
            ch = self.chan(gw.vmid)
            state = ch.state()
            if state is None:
                found.append({"share": "", "what": "gateway_missing",
                              "detail": _("{noun} {vmid} of {id} does not exist").format(noun=self.noun, vmid=gw.vmid, id=gw.id)})
                continue
            more, fixes = self.attachment_drift(reg, gw)
            found += more
            steps += fixes
            if state != "running":
                found.append({"share": "", "what": "gateway_stopped",
                              "detail": _("{noun} {vmid} is {state}").format(noun=self.noun, vmid=gw.vmid, state=state)})
                steps += self.start_steps(gw.vmid)
                continue
            want = self.conf_text(reg, gw)
            have = ch.read(SMB_CONF)
            if have != want:
                found.append({"share": "", "what": "gateway_conf",
                              "detail": _("smb.conf in {label} differs from the registry").format(label=ch.label)})
                steps += self.apply_conf_steps(gw.vmid, want, have)
        return found, steps

    # -- what each kind implements ---------------------------------------------------

    def status_extra(self, gw: Gateway) -> dict[str, object]:
        """Fields `status` shows for this kind of gateway only."""
        return {}

    def address(self, gw: Gateway) -> Optional[str]:
        """The running guest's IPv4 address, or None when it is not known (yet)."""
        raise NotImplementedError

    def attachment_drift(self, reg: Registry, gw: Gateway
                         ) -> tuple[list[dict[str, str]], list[Step]]:
        """Share volumes that should reach GW's guest and do not, and the fix."""
        return [], []

    def start_steps(self, vmid: int) -> list[Step]:
        """Steps that start a stopped guest and wait until it can be configured."""
        raise NotImplementedError

    def remove_share(self, reg: Registry, share: Share, keep_gateway: bool
                     ) -> tuple[list[Step], list[Step], Registry, list[str]]:
        """(undoable steps, deferred steps, new registry, notes) to stop serving SHARE."""
        raise NotImplementedError

    # -- staging ------------------------------------------------------------------

    def _stage(self, text: Optional[str]) -> str:
        """A private file holding TEXT for a guest write (removed at the end)."""
        return self.scratch.write(text or "")

    def cleanup(self) -> None:
        """Remove the staged files (called when the command's transaction ends)."""
        self.scratch.cleanup()

    # -- steps shared by several plans --------------------------------------------

    def push_step(self, vmid: int, text: str, old: Optional[str], dest: str, title: str,
                  perms: str = "0644") -> Step:
        """Write TEXT to DEST in the guest; undo writes OLD back (when known)."""
        ch = self.chan(vmid)
        undo = ch.push_record(dest, old, perms) if old is not None else None
        return ch.write_step(title, self._stage(text), dest, perms, undo)

    def apply_conf_steps(self, vmid: int, text: str, old: Optional[str]) -> list[Step]:
        """Write smb.conf, have the guest's own Samba check it, make smbd use it."""
        ch = self.chan(vmid)
        # Armed first so that, on rollback, it runs after the old file is back.
        steps = [on_rollback(f"arm smbd reload in {ch.label} for rollback",
                             ch.exec_record(RELOAD))]
        steps.append(self.push_step(vmid, text, old, SMB_CONF, f"write smb.conf in {ch.label}"))
        steps.append(ch.exec_step(f"check smb.conf with testparm in {ch.label}",
                                  ["testparm", "-s", SMB_CONF]))
        steps.append(ch.exec_step(
            f"reload smbd in {ch.label} (connected clients stay connected)", RELOAD))
        return steps

    def update_steps(self, old: Registry, new: Registry, gw: Gateway) -> list[Step]:
        """A share on GW changed its settings: write the new smb.conf."""
        return self.apply_conf_steps(gw.vmid, self.conf_text(new, gw),
                                     self.conf_text(old, gw))

    def user_steps(self, vmid: int, users: list[User], known: set[str], gid: int
                   ) -> list[Step]:
        """Create the share group (unless '@group' is in KNOWN) and USERS in the
        guest, and import their Samba password hashes from the host's passdb
        (never a clear-text password)."""
        ch = self.chan(vmid)
        group = self.cfg.share_group
        steps = []
        if "@group" not in known:
            steps.append(ch.exec_step(f"create group {group} in {ch.label}",
                                      ["groupadd", "-g", str(gid), group]))
        for user in users:
            if user.name in known:
                continue
            steps.append(ch.exec_step(
                f"create account {user.name} in {ch.label}",
                ["useradd", "-u", str(user.uid), "-g", group, "-M", "-s", "/usr/sbin/nologin",
                 user.name]))
        if users:
            steps += self.passdb_steps(vmid, [u.name for u in users])
        return steps

    def user_remove_steps(self, vmid: int, name: str) -> list[Step]:
        """Final steps: remove a user's Samba entry and account from the guest."""
        ch = self.chan(vmid)
        return [deferred_step(f"remove {' '.join(cmd)} in {ch.label}", ch.exec_record(cmd),
                              [f"run: {' '.join(ch.exec_argv(cmd))}"])
                for cmd in (["pdbedit", "-x", name], ["userdel", name])]

    def passdb_steps(self, vmid: int, names: list[str]) -> list[Step]:
        def export() -> None:
            # Read at run time: a user added earlier in the same plan must be there.
            tools = SambaTools(self.runner, self.cfg.samba_conf)
            lines = [l for l in tools.export_smbpasswd() if l.split(":", 1)[0] in names]
            with open(staged, "w") as fh:
                fh.write("".join(f"{l}\n" for l in lines))
        ch = self.chan(vmid)
        staged = self._stage("")
        os.chmod(staged, 0o600)
        return [
            Step("export Samba password hashes of the gateway's users", export, None,
                 [f"pdbedit -s {self.cfg.samba_conf} -L -w (users: {', '.join(names)})"]),
            ch.write_step(f"copy password hashes into {ch.label}", staged, PASSDB_DROP,
                          "0600", None),
            ch.exec_step(f"import password hashes in {ch.label}",
                         ["pdbedit", "-i", f"smbpasswd:{PASSDB_DROP}", "-e", "tdbsam"]),
            ch.exec_step(f"remove the copied hashes from {ch.label}",
                         ["rm", "-f", PASSDB_DROP]),
        ]
