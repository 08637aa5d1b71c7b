"""What joining the host and joining a gateway guest share: refusals, the join action,
domain facts, the password check, member status and user lookups."""

from __future__ import annotations

from typing import Any, Callable, Optional

from ...core import fsutil
from ...core.errors import CommandError, NotFoundError
from ...core.runner import Runner
from ...tools.net import NetAds, kinit_check, klist_keytab
from ...tools.winbind import Winbind
from . import diagnose
from ...core.i18n import _
from .diagnose import AdError
from .spec import JoinSpec

MAX_SKEW = 300  # seconds; Kerberos' default tolerance


def refuse_recorded_member(current: Optional[dict[str, Any]], realm: str, who: str,
                           option: str = "") -> None:
    """AdError when pvesmbgw already joined WHO (OPTION: how the commands name it)."""
    if current is None:
        return
    if current["realm"] == realm:
        raise AdError("already_joined", _("{who} is already a member of {realm} (see "
                      "`pve-smbgateway ad status{option}`)").format(who=who, realm=realm, option=option), 2)
    raise AdError("joined_elsewhere", _("{who} is joined to {realm}; run "
                  "`pve-smbgateway ad leave{option}` first").format(who=who, realm=current['realm'], option=option), 2)


def refuse_unrecorded_member(net: NetAds, smb_conf: str, who: str) -> None:
    """AdError when SMB_CONF makes WHO a member pvesmbgw did not make (set up by hand)."""
    joined, said = net.testjoin()
    if joined:
        raise AdError("joined_elsewhere", _("{smb_conf} already makes {who} a domain member "
                      "(net ads testjoin: {said}); leave that domain first").format(smb_conf=smb_conf, who=who, said=said), 2)


def join_action(net: NetAds, spec: JoinSpec, password: str) -> Callable[[], None]:
    """The `net ads join` step's action: a refusal becomes the AD error that names it."""
    def join() -> None:
        try:
            net.join(spec.user, password, spec.ou)
        except CommandError as exc:
            raise diagnose.from_join(exc, spec.user, spec.realm, spec.ou) from None
    return join


def domain_facts(net: NetAds, realm: str, dc: str) -> str:
    """The domain's workgroup, after checking that DC answers and the clocks agree."""
    try:
        workgroup = net.workgroup(realm)
        offset = net.time_offset(realm)
    except CommandError as exc:
        raise diagnose.unreachable(realm, _("{dc} does not answer CLDAP/LDAP "
                                   "({reason})").format(dc=dc, reason=diagnose._last(exc))) from None
    if abs(offset) > MAX_SKEW:
        raise diagnose.clock_skew(realm, offset)
    return workgroup


def check_password(runner: Runner, user: str, realm: str, password: str,
                   krb5_conf: str) -> None:
    """Ask the KDC (kinit on RUNNER's side, password on stdin); AdError when refused."""
    try:
        kinit_check(runner, f"{user}@{realm}", password, krb5_conf)
    except CommandError as exc:
        raise diagnose.from_kinit(exc, user, realm) from None


def member_status(state: dict[str, Any], runner: Runner, smb_conf: str, keytab: str,
                  keytab_exists: bool, dc_host: Callable[[], str]) -> dict[str, Any]:
    """What a member needs, checked through RUNNER (the host's or a guest's)."""
    realm = state["realm"]
    net = NetAds(runner, smb_conf)
    problems: list[str] = []
    out: dict[str, Any] = {"joined": True, "realm": realm,
                           "workgroup": state["workgroup"], "idmap": state["idmap"]}
    ok, said = net.testjoin()
    out["testjoin"] = said
    if not ok:
        problems.append(_("net ads testjoin: {said}").format(said=said))
    try:
        out["dc"] = dc_host()
    except AdError as exc:
        out["dc"] = None
        problems.append(str(exc))
    try:
        offset = net.time_offset(realm)
        out["clock_offset"] = offset
        if abs(offset) > MAX_SKEW:
            problems.append(str(diagnose.clock_skew(realm, offset)))
    except CommandError as exc:
        out["clock_offset"] = None
        problems.append(_("cannot read the DC's time: {reason}").format(reason=diagnose._last(exc)))
    principals: list[str] = []
    if keytab_exists:
        try:
            principals = klist_keytab(runner, keytab)
        except CommandError as exc:
            problems.append(_("keytab {keytab}: {reason}").format(keytab=keytab, reason=diagnose._last(exc)))
    out["keytab_principals"] = len(principals)
    if not principals:
        problems.append(_("keytab {keytab} holds no machine keys").format(keytab=keytab))
    winbind = Winbind(runner, smb_conf)
    out["winbind_online"] = winbind.online()
    if not out["winbind_online"]:
        problems.append(_("winbindd is not running or cannot reach a DC"))
    out["problems"] = problems
    return out


def check_user(winbind: Winbind, workgroup: str, name: str,
               password: Optional[str]) -> dict[str, Any]:
    """Resolve NAME (DOMAIN\\user or user) through WINBIND and, with PASSWORD, authenticate."""
    full = name if "\\" in name else f"{workgroup}\\{name}"
    ids = winbind.user_ids(full)
    if ids is None:
        raise NotFoundError(_("domain user {full} not found through winbind").format(full=full))
    out: dict[str, Any] = {"user": full, "uid": ids[0], "gid": ids[1],
                           "authenticated": None}
    if password is not None:
        out["authenticated"] = winbind.authenticate(full, password)
    return out


def password_file(path: str) -> str:
    """The first line of a password file that only its owner (root) can read."""
    return fsutil.private_file_line(path, "password-file")
