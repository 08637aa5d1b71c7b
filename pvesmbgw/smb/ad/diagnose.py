"""Turn what net, kinit and DNS say into one specific, actionable error; pure functions."""

from __future__ import annotations

from typing import Optional

from ...core.errors import EXIT_BAD_INPUT, EXIT_FAILED, CommandError, PvesmbgwError
from ...core.i18n import _


class AdError(PvesmbgwError):
    """An AD operation failed for a known reason; `reason` is a stable key for scripts."""

    def __init__(self, reason: str, message: str, exit_code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.reason = reason
        self.exit_code = exit_code


def wrong_password(user: str, realm: str) -> AdError:
    return AdError("wrong_password", _("wrong password for {user}@{realm} "
                   "(the domain refused it; nothing was changed)").format(user=user, realm=realm), EXIT_BAD_INPUT)


def srv_missing(realm: str, detail: str) -> AdError:
    return AdError("dns_srv_missing",
                   _("no domain controller found in DNS for {realm}: the SRV record "
                   "_ldap._tcp.dc._msdcs.{realm_lower} is missing ({detail}); point "
                   "this host's resolv.conf at the domain's DNS servers").format(realm=realm, realm_lower=realm.lower(), detail=detail), EXIT_BAD_INPUT)


def unreachable(realm: str, detail: str) -> AdError:
    return AdError("dc_unreachable", _("no domain controller of {realm} is reachable: {detail}").format(realm=realm, detail=detail))


def clock_skew(realm: str, offset: Optional[int]) -> AdError:
    amount = f" by {abs(offset)}s" if offset is not None else ""
    return AdError("clock_skew", _("this host's clock differs from the domain controller of "
                   "{realm}{amount} (Kerberos allows 300s); synchronise time (chrony/NTP) "
                   "and retry").format(realm=realm, amount=amount))


def _text(exc: CommandError) -> str:
    return f"{exc.stdout}\n{exc.stderr}".lower()


def from_kinit(exc: CommandError, user: str, realm: str) -> AdError:
    text = _text(exc)
    if "password incorrect" in text or "preauthentication failed" in text:
        return wrong_password(user, realm)
    if "not found in kerberos database" in text:
        return AdError("unknown_user", _("{realm} has no account {user!r}").format(realm=realm, user=user), EXIT_BAD_INPUT)
    if "clock skew" in text:
        return clock_skew(realm, None)
    if "revoked" in text or "locked" in text or "expired" in text:
        return AdError("account_unusable", _("account {user}@{realm} is disabled, locked or "
                       "expired").format(user=user, realm=realm), EXIT_BAD_INPUT)
    if "cannot find kdc" in text or "cannot contact any kdc" in text or \
            "cannot resolve" in text:
        return unreachable(realm, _("its KDC does not answer (Kerberos, port 88)"))
    return AdError("kerberos_failed", _("Kerberos login as {user}@{realm} failed: "
                   "{exc}").format(user=user, realm=realm, exc=_last(exc)))


def from_join(exc: CommandError, user: str, realm: str, ou: Optional[str]) -> AdError:
    text = _text(exc)
    if "precreate account in ou" in text or ("no such object" in text and ou):
        return AdError("ou_missing", _("OU {ou!r} does not exist in {realm} "
                       "(give it top to bottom, e.g. Servers/Unix)").format(ou=ou, realm=realm), EXIT_BAD_INPUT)
    if "logon is invalid" in text or "logon_failure" in text or \
            "invalid credentials" in text or "password incorrect" in text:
        return wrong_password(user, realm)
    if "clock skew" in text:
        return clock_skew(realm, None)
    if "insufficient access" in text or "access denied" in text or \
            "access_denied" in text:
        return AdError("access_denied", _("{user} may not join computers to {realm}").format(
                           user=user, realm=realm)
                       + (_(" in OU {ou!r}").format(ou=ou) if ou else ""), EXIT_BAD_INPUT)
    if "didn't find the ldap server" in text or "no logon servers" in text:
        return unreachable(realm, _("LDAP does not answer"))
    return AdError("join_failed", _("joining {realm} failed: {exc}").format(realm=realm, exc=_last(exc)))


def _last(exc: CommandError) -> str:
    lines = [l.strip() for l in f"{exc.stdout}\n{exc.stderr}".splitlines()
             if l.strip() and not l.startswith("Password for")]
    return lines[-1] if lines else f"exit {exc.returncode}"
