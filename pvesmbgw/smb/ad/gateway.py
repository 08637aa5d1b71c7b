"""AD membership of a gateway container or VM (`ad join|leave|status|test-user --gateway ID`).

The same checks and tools as the host's join (host.py, common.py), run inside the guest
through a ChannelRunner (`pct exec` for a container, `qm guest exec` for a VM): the
domain is found, the clock compared and the password tried from the guest's own
network view. One transaction then

1. lets the domain's ids reach the host's files unchanged (gateway_kind.py: a container's
   id map is extended and the container restarted; a VM needs nothing, as virtiofs
   passes ids through and a disk share keeps them in the guest);
2. writes krb5.conf, the Samba AD globals (own include file + one marked line in the
   guest's smb.conf, with the join's idmap ranges) and nsswitch.conf in the guest,
   joins (`net ads join`, password on stdin), writes the keytab and starts winbindd.

A failure rolls all of it back. The membership is recorded on the host
(state_dir/ad-gateway-<ID>.json), so later share changes keep the include line in the
guest's smb.conf (guest.conf_text). Guest commands are plain programs, no shell: a
VM's guest agent runs programs, not command lines."""

from __future__ import annotations

import datetime
import json
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from ...core.errors import CommandError, NotFoundError, PvesmbgwError, ValidationError
from ..samba import validate
from ...core.records import Record
from ...core.scratch import Scratch
from ...core.txn import Step, file_step, on_rollback
from ...pve.channel import GuestChannel, channel
from ..registry import Gateway, Registry
from ...tools.net import NetAds
from ...tools.winbind import Winbind
from . import diagnose, files
from ...core.i18n import _
from .diagnose import AdError
from .guest_runner import ChannelRunner
from .common import (check_password, check_user, domain_facts, join_action, member_status,
    refuse_recorded_member, refuse_unrecorded_member)
from .gateway_files import (INCLUDE, KEEP, gateway_state, restore_command, state_path,
    taken_ranges)
from .gateway_kind import RELOAD_SMBD, gateway_kind
from .records import AdLeave
from .spec import JoinSpec, check_ranges

if TYPE_CHECKING:
    from ..agent import Agent

# What the guest needs on top of Samba: winbindd, its NSS module, kinit/klist.
AD_GUEST_PACKAGES = ("winbind", "libnss-winbind", "krb5-user")
SMB_CONF = "/etc/samba/smb.conf"
KRB5_CONF = "/etc/krb5.conf"
KEYTAB = "/etc/krb5.keytab"
NSSWITCH = "/etc/nsswitch.conf"
# kinit's config for the password check before anything is changed (not secret).
CHECK_KRB5 = "/run/pvesmbgw-krb5-check.conf"
_ONLINE_TIMEOUT = 60.0


class GatewayAd:
    """Join, leave, check one gateway container; `label` names it in messages."""

    def __init__(self, agent: "Agent", gw_ref: str) -> None:
        self.agent = agent
        self.cfg = agent.cfg
        self.runner = agent.runner
        self.gw = find_gateway(agent.registry(), gw_ref, self.cfg.node)
        self.ch: GuestChannel = channel(self.gw.kind, self.runner, self.gw.vmid)
        self.guest = ChannelRunner(self.ch)
        self.net = NetAds(self.guest, SMB_CONF)
        self.kind = gateway_kind(self.gw.kind, self.cfg, self.runner, self.gw.id, self.ch)
        self.scratch = Scratch("pvesmbgw-ad-push-")

    @property
    def label(self) -> str:
        return f"gateway {self.gw.id} ({self.ch.label})"

    def state(self) -> Optional[dict[str, Any]]:
        return gateway_state(self.cfg, self.gw.id)

    # -- reading the guest -----------------------------------------------------------

    def read(self, path: str) -> Optional[str]:
        """PATH's text in the guest, or None when it does not exist."""
        return self.ch.read(path) if self.exists(path) else None

    def exists(self, path: str) -> bool:
        return self.ch.run(["test", "-e", path], mutating=False, ok_codes=(0, 1))[0] == 0

    def _running(self) -> None:
        state = self.ch.state()
        if state != "running":
            raise ValidationError("gateway", _("{label} of {id} is "
                                  "{state}; start it first").format(label=self.ch.label, id=self.gw.id, state=state or 'missing'))

    # -- packages --------------------------------------------------------------------

    def ensure_packages(self) -> Optional[str]:
        """Install winbind, its NSS module and the Kerberos tools in the guest unless it
        has them (not undone: later joins and other tools may use them). Returns a note."""
        code, out = self.ch.run(["dpkg-query", "-W", "-f=${Status}\n", *AD_GUEST_PACKAGES],
                                mutating=False, ok_codes=(0, 1))
        if code == 0 and out.count("install ok installed") == len(AD_GUEST_PACKAGES):
            return None
        env = {"DEBIAN_FRONTEND": "noninteractive"}
        self.ch.run(["apt-get", "update"], mutating=True, timeout=600)
        self.ch.run(["apt-get", "install", "-y", "--no-install-recommends",
                     *AD_GUEST_PACKAGES], mutating=True, timeout=1200, env=env)
        return _("installed {ad_guest_packages} in {label}").format(ad_guest_packages=', '.join(AD_GUEST_PACKAGES), label=self.ch.label)

    # -- checks ----------------------------------------------------------------------

    def preflight(self, realm: str, user: str, password: str) -> tuple[str, str]:
        """DC, clock and credentials as the guest sees them; (workgroup, DC). Changes
        nothing but a scratch krb5.conf under the guest's /run, removed again."""
        where = f"a DC (as {self.ch.label} finds it in DNS: SRV _ldap._tcp.dc._msdcs." \
                f"{realm.lower()})"
        workgroup = domain_facts(self.net, realm, where)
        dc = self.dc_host(realm)
        if self.runner.dry_run:
            return workgroup, dc
        self.ch.write(CHECK_KRB5, files.krb5_conf(realm), "0644")
        try:
            check_password(self.guest, user, realm, password, CHECK_KRB5)
        finally:
            self.ch.run(["rm", "-f", CHECK_KRB5], mutating=True)
        return workgroup, dc

    def dc_host(self, realm: str) -> str:
        """The DC the guest's `net ads info` talks to."""
        try:
            out = self.guest.run(["net", "ads", "info", f"--realm={realm}", "-s", SMB_CONF],
                                 mutating=False, timeout=60).stdout
        except CommandError as exc:
            raise diagnose.unreachable(realm, f"from {self.ch.label}: "
                                       f"{diagnose._last(exc)}") from None
        match = re.search(r"^LDAP server name:\s*(\S+)", out, re.MULTILINE)
        return match.group(1) if match else "?"

    # -- join ------------------------------------------------------------------------

    def join(self, spec: JoinSpec, password: str) -> dict[str, Any]:
        cfg = self.cfg
        check_ranges(spec.idmap, spec.domain_range, spec.default_range, taken_ranges(cfg, spec))
        notes: list[str] = []
        with self.agent.locked():
            refuse_recorded_member(self.state(), spec.realm, self.label,
                                   f" --gateway {self.gw.id}")
            self._running()
            note = self.ensure_packages()
            if note:
                notes.append(note)
            refuse_unrecorded_member(self.net, SMB_CONF, self.ch.label)
            workgroup, dc = self.preflight(spec.realm, spec.user, password)
            idmap_steps, mapped = self.kind.join_steps(spec)
            steps = idmap_steps + self._join_steps(spec, workgroup, password, mapped)
            try:
                self.agent.ops.run(f"join {spec.realm} ({self.gw.id})", steps,
                                   secrets={spec.user: password})
            finally:
                self._cleanup()
        return {"gateway": self.gw.id, "realm": spec.realm, "workgroup": workgroup,
                "dc": dc, "idmap": spec.idmap, "joined": not self.runner.dry_run,
                "notes": notes}

    def _stage(self, data: str) -> str:
        return self.scratch.write(data)

    def _cleanup(self) -> None:
        self.scratch.cleanup()

    def _push(self, dest: str, text: str, old: Optional[str], title: str,
              perms: str = "0644") -> "Step":
        """Write TEXT to DEST in the guest; undo writes OLD back or removes DEST."""
        undo: Record = self.ch.push_record(dest, old, perms) if old is not None \
            else self.ch.exec_record(["rm", "-f", dest])
        return self.ch.write_step(title, self._stage(text), dest, perms, undo)

    def _conf(self, ad_member: bool) -> str:
        """The gateway's smb.conf as a member (AD include line, Windows ACLs on shares
        with their own vfs objects) or not."""
        return self.agent.planner.guests(self.gw).conf_text(self.agent.registry(), self.gw,
                                                            ad_member)

    def _join_steps(self, spec: JoinSpec, workgroup: str, password: str,
                    mapped: dict[str, list[str]]) -> list["Step"]:
        ch, label = self.ch, self.ch.label
        # Read now, while the container still runs: the steps run after its restart, and
        # a restart does not change these files.
        smb_old = self.read(SMB_CONF)
        if smb_old is None:
            raise AdError("no_smb_conf", _("{smb_conf} does not exist in {label}").format(smb_conf=SMB_CONF, label=label), 2)
        netbios = self.kind.netbios_name()
        # Samba keeps the local accounts' SID under the NetBIOS name: carried over to
        # the new name, so the gateway's own users keep working.
        local_sid = self.net.local_sid() if netbios else None
        glob = files.samba_globals(spec, workgroup, Path(KEYTAB), self.gw.ntacl_xattr,
                                   netbios)
        validate.check(glob, [])
        hooked = self._conf(ad_member=True)
        nss_old = self.read(NSSWITCH) or ""
        nss_new, nss_added = files.nsswitch_add(nss_old)
        krb5_existed = self.exists(KRB5_CONF)
        keytab_existed = self.exists(KEYTAB)
        enabled = ch.run(["systemctl", "is-enabled", "winbind"], mutating=False,
                         ok_codes=range(0, 256))[1].strip() == "enabled"
        state = {
            "gateway": self.gw.id, "vmid": self.gw.vmid, "kind": self.gw.kind,
            "realm": spec.realm, "workgroup": workgroup, "user": spec.user, "ou": spec.ou,
            "idmap": spec.idmap, "domain_range": list(spec.domain_range),
            "default_range": list(spec.default_range), "nsswitch_added": nss_added,
            "krb5_conf_existed": krb5_existed, "keytab_existed": keytab_existed,
            "winbind_was_enabled": enabled, **mapped,
            "joined_at": datetime.datetime.now(datetime.timezone.utc).isoformat(
                timespec="seconds"),
        }

        join = join_action(self.net, spec, password)

        def start_winbind() -> None:
            ch.run(["systemctl", "enable", "winbind"], mutating=True)
            ch.run(["systemctl", "restart", "winbind"], mutating=True)
            wait_online(Winbind(self.guest, SMB_CONF), self.runner.dry_run, label)

        steps: list[Step] = [
            # Armed first: on rollback they run after every file is back.
            on_rollback(f"arm smbd reload in {label} for rollback",
                        ch.exec_record(RELOAD_SMBD)),
        ]
        if enabled:
            steps.append(on_rollback(f"arm a winbind start in {label} for rollback",
                                     ch.exec_record(["systemctl", "start", "winbind"])))
        for path, existed in ((KRB5_CONF, krb5_existed), (KEYTAB, keytab_existed)):
            if existed:
                steps.append(ch.exec_step(f"keep {path} in {label} for ad leave",
                                          ["cp", "-a", path, path + KEEP],
                                          ch.exec_record(["rm", "-f", path + KEEP])))
        steps += [
            on_rollback(f"arm the restore of {KEYTAB} in {label} for rollback",
                        ch.exec_record(restore_command(KEYTAB, keytab_existed))),
            # Its undo puts the kept copy back, or removes the file when there was none.
            ch.write_step(f"write {KRB5_CONF} in {label}",
                          self._stage(files.krb5_conf(spec.realm)), KRB5_CONF, "0644",
                          ch.exec_record(restore_command(KRB5_CONF, krb5_existed))),
            self._push(INCLUDE, glob, None, f"write {INCLUDE} in {label}"),
            self._push(SMB_CONF, hooked, smb_old,
                       f"add the pvesmbgw AD include line (and acl_xattr) to {SMB_CONF} in {label}"),
        ]
        if local_sid:
            steps.append(ch.exec_step(f"keep the local accounts' SID under the NetBIOS name "
                                      f"{netbios} in {label}",
                                      self.net.set_local_sid_argv(local_sid)))
        if nss_added:
            steps.append(self._push(NSSWITCH, nss_new, nss_old,
                                    f"add winbind to {', '.join(nss_added)} in {NSSWITCH} "
                                    f"in {label}"))
        steps += [
            Step(f"join {spec.realm} as {spec.user} from {label}", join,
                 AdLeave(spec.user, guest=ch.kind, vmid=self.gw.vmid),
                 [f"run: {' '.join(ch.exec_argv(self.net.join_argv(spec.user, spec.ou)))} "
                  "(password on stdin)"]),
            ch.exec_step(f"write the machine keys to {KEYTAB} in {label}",
                         self.net.keytab_create_argv()),
            file_step(state_path(self.cfg, self.gw.id), json.dumps(state, indent=1).encode(),
                      f"record the membership of {self.gw.id}", 0o600),
            Step(f"enable and (re)start winbind in {label}, wait until it reaches a DC",
                 start_winbind,
                 ch.exec_record(["systemctl", "stop", "winbind"] if enabled else
                                ["systemctl", "disable", "--now", "winbind"]),
                 [f"run: systemctl enable winbind; systemctl restart winbind (in {label})"]),
            ch.exec_step(f"make smbd in {label} re-read its configuration", RELOAD_SMBD),
        ]
        return steps

    # -- leave -----------------------------------------------------------------------

    def leave(self, user: Optional[str], password: str) -> dict[str, Any]:
        cfg, ch, label = self.cfg, self.ch, self.ch.label
        with self.agent.locked():
            state = self.state()
            if state is None:
                raise NotFoundError(_("{label} is not joined to a domain by pvesmbgw").format(label=self.label))
            self._running()
            realm = state["realm"]
            who = user or state["user"]
            check_password(self.guest, who, realm, password, KRB5_CONF)
            smb_old = self.read(SMB_CONF) or ""
            include_old = self.read(INCLUDE)
            krb5_now = self.read(KRB5_CONF)
            nss_old = self.read(NSSWITCH) or ""
            nss_new = files.nsswitch_remove(nss_old, state["nsswitch_added"])

            def leave() -> None:
                if not self.net.testjoin()[0]:
                    # Left already (an earlier `ad leave` failed after this step and
                    # was rolled back): carry on with the files.
                    return
                try:
                    self.net.leave(who, password)
                except CommandError as exc:
                    raise diagnose.from_join(exc, who, realm, None) from None

            steps: list[Step] = [
                on_rollback(f"arm smbd reload in {label} for rollback",
                            ch.exec_record(RELOAD_SMBD)),
                Step(f"leave {realm} from {label} (delete the computer account)", leave, None,
                     [f"run: {' '.join(ch.exec_argv(self.net.leave_argv(who)))} "
                      "(password on stdin)"]),
                ch.exec_step(f"stop winbind in {label}", ["systemctl", "stop", "winbind"],
                             ch.exec_record(["systemctl", "start", "winbind"])),
                self._push(SMB_CONF, self._conf(ad_member=False), smb_old,
                           f"remove the pvesmbgw AD include line from {SMB_CONF} in {label}"),
                ch.exec_step(f"remove {INCLUDE} in {label}", ["rm", "-f", INCLUDE],
                             ch.push_record(INCLUDE, include_old, "0644")
                             if include_old is not None else None),
                ch.exec_step(f"restore {KRB5_CONF} in {label}", restore_command(
                                 KRB5_CONF, state["krb5_conf_existed"]),
                             ch.push_record(KRB5_CONF, krb5_now, "0644")
                             if krb5_now is not None else None),
                # The machine account is gone: its keys are worthless, nothing to undo.
                ch.exec_step(f"restore {KEYTAB} in {label}",
                             restore_command(KEYTAB, state["keytab_existed"])),
                ch.exec_step(f"drop the kept copies in {label}",
                             ["rm", "-f", KRB5_CONF + KEEP, KEYTAB + KEEP]),
            ]
            if nss_new != nss_old:
                steps.append(self._push(NSSWITCH, nss_new, nss_old,
                                        f"remove winbind from {NSSWITCH} in {label}"))
            if state["winbind_was_enabled"]:
                # As before the join: running, now with the guest's standalone settings.
                steps.append(ch.exec_step(f"start winbind in {label} again",
                                          ["systemctl", "start", "winbind"],
                                          ch.exec_record(["systemctl", "stop", "winbind"])))
            else:
                steps.append(ch.exec_step(f"disable winbind in {label}",
                                          ["systemctl", "disable", "winbind"],
                                          ch.exec_record(["systemctl", "enable", "winbind"])))
            steps.append(file_step(state_path(cfg, self.gw.id), None,
                                   f"forget the membership of {self.gw.id}"))
            steps += self.kind.leave_steps(state)
            try:
                self.agent.ops.run(f"leave {realm} ({self.gw.id})", steps)
            finally:
                self._cleanup()
        return {"gateway": self.gw.id, "realm": realm, "left": not self.runner.dry_run}

    # -- status, test-user -------------------------------------------------------------

    def status(self) -> dict[str, Any]:
        state = self.state()
        if state is None:
            return {"gateway": self.gw.id, "joined": False,
                    "problems": [_("{label} is not joined to a domain").format(label=self.label)]}
        state_now = self.ch.state()
        if state_now != "running":
            return {"gateway": self.gw.id, "joined": True, "realm": state["realm"],
                    "workgroup": state["workgroup"], "idmap": state["idmap"],
                    "problems": [f"{self.ch.label} is {state_now or 'missing'}"]}
        realm = state["realm"]
        out = member_status(state, self.guest, SMB_CONF, KEYTAB, self.exists(KEYTAB),
                            lambda: self.dc_host(realm))
        id_problems = self.kind.problems(state)
        out["idmap_mapped"] = not id_problems
        out["problems"] += id_problems
        return {"gateway": self.gw.id, **out}

    def test_user(self, name: str, password: Optional[str]) -> dict[str, Any]:
        state = self.state()
        if state is None:
            raise NotFoundError(_("{label} is not joined to a domain by pvesmbgw").format(label=self.label))
        self._running()
        return {"gateway": self.gw.id,
                **check_user(Winbind(self.guest, SMB_CONF), state["workgroup"], name,
                             password)}


def wait_online(winbind: Winbind, dry_run: bool, label: str,
                timeout: float = _ONLINE_TIMEOUT) -> None:
    if dry_run:
        return
    deadline = time.monotonic() + timeout
    while not winbind.online():
        if time.monotonic() > deadline:
            raise PvesmbgwError(_("winbindd in {label} did not reach a domain controller "
                                "within {timeout:.0f}s (see /var/log/samba/log.winbindd)").format(label=label, timeout=timeout))
        time.sleep(0.5)


def find_gateway(reg: Registry, ref: str, node: str) -> Gateway:
    """The gateway REF names (its id, e.g. lxc-101 or vm-200, or its vmid); only
    gateways on this node can join (their guest is reached through this node)."""
    gw = reg.gateways.get(ref)
    if gw is None and ref.isdigit():
        gw = next((g for g in reg.gateways.values() if g.vmid == int(ref)), None)
    if gw is None:
        known = ", ".join(sorted(reg.gateways)) or "none"
        raise NotFoundError(_("no gateway {ref!r} (known: {known}; see `pve-smbgateway "
                            "status`)").format(ref=ref, known=known))
    if gw.kind not in ("lxc", "vm"):
        raise ValidationError("gateway", _("{id} is a {kind} gateway: only container "
                              "and VM gateways can join a domain").format(id=gw.id, kind=gw.kind))
    if gw.node != node:
        raise ValidationError("gateway", _("{id} runs on node {node}; run this on "
                              "{node}").format(id=gw.id, node=gw.node))
    return gw
