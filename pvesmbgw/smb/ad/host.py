"""AD membership of the native host: join, leave, status, test-user.

A join checks everything it can before it changes anything (DNS SRV records, a
reachable DC, the clock, the password through Kerberos), then runs one transaction:
krb5.conf, the Samba globals (own include file + one marked line in smb.conf),
nsswitch.conf, `net ads join` (password on stdin), the keytab, winbindd. Any failure
rolls every file back, and leaves the domain again if the join itself had succeeded.
"""

from __future__ import annotations

import datetime
import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from ...core import fsutil
from ...core.errors import CommandError, NotFoundError
from .gateway_files import joined_gateways
from .gateway_files import without_gateway_subids
from ...core.records import RestoreFile
from ...core.txn import Step, command_step, file_step, on_rollback
from ..samba import validate
from ..samba.service import ReloadSmbd, SmbService
from ...tools.net import NetAds, kinit_check
from ...tools.winbind import Winbind
from . import diagnose, discover, files
from ...core.i18n import _
from .diagnose import AdError
from .gateway_files import host_state_path
from .records import AdLeave, AdWinbindStop
from .services import WinbindService
from .spec import JoinSpec, check_ranges, host_ranges
from .common import (check_password, check_user, domain_facts, join_action, member_status,
    refuse_recorded_member, refuse_unrecorded_member)

if TYPE_CHECKING:
    from ..agent import Agent



class AdManager:
    def __init__(self, agent: "Agent") -> None:
        self.agent = agent
        self.cfg = agent.cfg
        self.runner = agent.runner
        self.net = NetAds(self.runner, str(self.cfg.samba_conf))

    # -- state -----------------------------------------------------------------------

    @property
    def state_file(self) -> Path:
        return host_state_path(self.cfg)

    def _backup_path(self, name: str) -> Path:
        return self.cfg.state_dir / f"ad-{name}.orig"

    def state(self) -> Optional[dict[str, Any]]:
        data = fsutil.read_bytes(self.state_file)
        return json.loads(data) if data else None

    # -- checks ----------------------------------------------------------------------

    def preflight(self, realm: str, user: str, password: str) -> tuple[str, str]:
        """DNS, DC, clock and credentials; returns (workgroup, DC host). Changes nothing."""
        dcs = discover.find_dcs(realm)
        dc = discover.reachable_dc(realm, dcs)
        workgroup = domain_facts(self.net, realm, dc.host)
        # The password, checked by the KDC with the krb5.conf the join will write.
        with tempfile.TemporaryDirectory(prefix="pvesmbgw-krb5-") as tmp:
            conf = Path(tmp) / "krb5.conf"
            fsutil.atomic_write(conf, files.krb5_conf(realm).encode(), 0o600)
            check_password(self.runner, user, realm, password, str(conf))
        return workgroup, dc.host

    # -- join ------------------------------------------------------------------------

    def join(self, spec: JoinSpec, password: str) -> dict[str, Any]:
        cfg = self.cfg
        check_ranges(spec.idmap, spec.domain_range, spec.default_range,
                     without_gateway_subids(cfg, host_ranges(cfg.account_ids, cfg.subuid_file,
                                                             cfg.subgid_file)))
        with self.agent.locked():
            current = self.state()
            refuse_recorded_member(current, spec.realm, "this host")
            refuse_unrecorded_member(self.net, str(self.cfg.samba_conf), "this host")
            workgroup, dc = self.preflight(spec.realm, spec.user, password)
            steps = self._join_steps(spec, workgroup, password)
            self.agent.ops.run(f"join {spec.realm}", steps, secrets={spec.user: password})
        return {"realm": spec.realm, "workgroup": workgroup, "dc": dc, "idmap": spec.idmap,
                "joined": not self.runner.dry_run}

    def _join_steps(self, spec: JoinSpec, workgroup: str, password: str) -> list["Step"]:
        cfg = self.cfg
        glob = files.samba_globals(spec, workgroup, cfg.krb5_keytab)
        validate.check(glob, [])
        admin_text = (fsutil.read_bytes(cfg.samba_conf) or b"").decode()
        if not cfg.samba_conf.exists():
            raise AdError("no_smb_conf", _("{samba_conf} does not exist").format(samba_conf=cfg.samba_conf), 2)
        hooked = files.with_include(admin_text, cfg.ad_include_file)
        nss_text = (fsutil.read_bytes(cfg.nsswitch_conf) or b"").decode()
        nss_new, nss_added = files.nsswitch_add(nss_text)
        krb5_old = fsutil.read_bytes(cfg.krb5_conf)
        keytab_old = fsutil.read_bytes(cfg.krb5_keytab)
        state = {
            "realm": spec.realm, "workgroup": workgroup, "user": spec.user, "ou": spec.ou,
            "idmap": spec.idmap, "domain_range": list(spec.domain_range),
            "default_range": list(spec.default_range), "nsswitch_added": nss_added,
            "krb5_conf_existed": krb5_old is not None, "keytab_existed": keytab_old is not None,
            "joined_at": datetime.datetime.now(datetime.timezone.utc).isoformat(
                timespec="seconds"),
        }
        winbind = WinbindService(cfg, self.runner)
        smbd = SmbService(cfg, self.runner)

        join = join_action(self.net, spec, password)

        def start_winbind() -> None:
            winbind.restart()
            winbind.wait_online()

        mode = cfg.samba_conf.stat().st_mode & 0o7777
        steps = [
            on_rollback("arm smbd reload for rollback", ReloadSmbd()),
            on_rollback(f"keep {cfg.krb5_keytab} for rollback",
                        RestoreFile(path=str(cfg.krb5_keytab), mode=0o600)),
        ]
        if krb5_old is not None:
            steps.append(file_step(self._backup_path("krb5.conf"), krb5_old,
                                   "keep the current krb5.conf for ad leave", 0o600))
        if keytab_old is not None:
            steps.append(file_step(self._backup_path("krb5.keytab"), keytab_old,
                                   "keep the current keytab for ad leave", 0o600))
        steps += [
            file_step(cfg.krb5_conf, files.krb5_conf(spec.realm).encode(),
                      f"write {cfg.krb5_conf}"),
            file_step(cfg.ad_include_file, glob.encode(), f"write {cfg.ad_include_file}"),
            file_step(cfg.samba_conf, hooked.encode(),
                      f"add the pvesmbgw AD include line to {cfg.samba_conf}", mode),
        ]
        if nss_added:
            steps.append(file_step(cfg.nsswitch_conf, nss_new.encode(),
                                   f"add winbind to {', '.join(nss_added)} in "
                                   f"{cfg.nsswitch_conf}"))
        steps += [
            Step(f"join {spec.realm} as {spec.user}", join,
                 AdLeave(user=spec.user),
                 [f"run: {' '.join(self.net.join_argv(spec.user, spec.ou))} "
                  "(password on stdin)"]),
            command_step(self.runner, f"write the machine keys to {cfg.krb5_keytab}",
                         self.net.keytab_create_argv()),
            file_step(self.state_file, json.dumps(state, indent=1).encode(),
                      "record the membership", 0o600),
            Step("(re)start winbindd and wait until it reaches a DC", start_winbind,
                 AdWinbindStop(), [f"restart winbind ({winbind.manager})"]),
            Step("make a running smbd re-read its configuration", smbd.reload_if_running,
                 None, ["reload smbd if it runs"]),
        ]
        return steps

    # -- leave -----------------------------------------------------------------------

    def leave(self, user: Optional[str], password: str) -> dict[str, Any]:
        cfg = self.cfg
        with self.agent.locked():
            state = self.state()
            if state is None:
                raise NotFoundError(_("this host is not joined to a domain by pvesmbgw"))
            realm = state["realm"]
            who = user or state["user"]
            try:
                kinit_check(self.runner, f"{who}@{realm}", password, str(cfg.krb5_conf))
            except CommandError as exc:
                raise diagnose.from_kinit(exc, who, realm) from None
            admin_text = (fsutil.read_bytes(cfg.samba_conf) or b"").decode()
            nss_text = (fsutil.read_bytes(cfg.nsswitch_conf) or b"").decode()
            krb5_old = fsutil.read_bytes(self._backup_path("krb5.conf")) \
                if state["krb5_conf_existed"] else None
            keytab_old = fsutil.read_bytes(self._backup_path("krb5.keytab")) \
                if state["keytab_existed"] else None
            winbind = WinbindService(cfg, self.runner)
            smbd = SmbService(cfg, self.runner)
            mode = cfg.samba_conf.stat().st_mode & 0o7777

            def leave() -> None:
                try:
                    self.net.leave(who, password)
                except CommandError as exc:
                    raise diagnose.from_join(exc, who, realm, None) from None

            steps = [
                on_rollback("arm smbd reload for rollback", ReloadSmbd()),
                Step(f"leave {realm} (delete the computer account)", leave, None,
                     [f"run: {' '.join(self.net.leave_argv(who))} (password on stdin)"]),
                Step("stop winbindd", winbind.stop, None, [f"stop winbind ({winbind.manager})"]),
                file_step(cfg.samba_conf, files.without_include(admin_text).encode(),
                          f"remove the pvesmbgw AD include line from {cfg.samba_conf}", mode),
                file_step(cfg.ad_include_file, None, f"remove {cfg.ad_include_file}"),
                file_step(cfg.krb5_conf, krb5_old, f"restore {cfg.krb5_conf}"),
                file_step(cfg.krb5_keytab, keytab_old, f"restore {cfg.krb5_keytab}", 0o600),
            ]
            nss_new = files.nsswitch_remove(nss_text, state["nsswitch_added"])
            if nss_new != nss_text:
                steps.append(file_step(cfg.nsswitch_conf, nss_new.encode(),
                                       f"remove winbind from {cfg.nsswitch_conf}"))
            for name in ("krb5.conf", "krb5.keytab"):
                if self._backup_path(name).exists():
                    steps.append(file_step(self._backup_path(name), None,
                                           f"drop the saved {name}"))
            steps += [
                file_step(self.state_file, None, "forget the membership"),
                Step("make a running smbd re-read its configuration", smbd.reload_if_running,
                     None, ["reload smbd if it runs"]),
            ]
            self.agent.ops.run(f"leave {realm}", steps)
        return {"realm": realm, "left": not self.runner.dry_run}

    # -- status ----------------------------------------------------------------------

    def status(self) -> dict[str, Any]:
        """What a member needs, checked; `problems` is empty when all is well."""
        cfg = self.cfg
        state = self.state()
        gateways = joined_gateways(cfg)
        if state is None:
            out: dict[str, Any] = {"joined": False, "problems": [_("not joined to a domain")]}
        else:
            realm = state["realm"]

            def dc_host() -> str:
                return discover.reachable_dc(realm, discover.find_dcs(realm)).host
            out = member_status(state, self.runner, str(cfg.samba_conf),
                                str(cfg.krb5_keytab), cfg.krb5_keytab.exists(), dc_host)
        if gateways:
            # Gateways joined with `ad join --gateway` (each has its own `ad status --gateway`).
            out["gateways"] = gateways
        return out

    # -- test-user -------------------------------------------------------------------

    def test_user(self, name: str, password: Optional[str]) -> dict[str, Any]:
        state = self.state()
        if state is None:
            raise NotFoundError(_("this host is not joined to a domain by pvesmbgw"))
        return check_user(Winbind(self.runner, str(self.cfg.samba_conf)),
                          state["workgroup"], name, password)
