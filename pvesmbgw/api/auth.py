"""PVE's own ticket and CSRF token checks (PVE::Ticket, PVE::AccessControl), in Python."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Tuple

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from ..core.errors import PvesmbgwError
from ..core.i18n import _

# PVE::AccessControl's constants.
TICKET_LIFETIME = 3600 * 2
AUTH_GRACEPERIOD = 60 * 5
AUTHKEY_LIFETIME = 3600 * 24

_TICKET = re.compile(r"^(PVE:\S+)::([^:\s]+)$")
_PLAIN = re.compile(r"^PVE:(?:(\S+):)?([A-Z0-9]{8})$")
_CSRF = re.compile(r"^([A-Z0-9]{8}):(\S+)$")
# PVE::Auth::Plugin::verify_username: name@realm, no whitespace, colon or slash.
_USERNAME = re.compile(r"^[^\s:/]+@[A-Za-z][A-Za-z0-9.\-_]+$")


class AuthError(PvesmbgwError):
    """The request carries no valid PVE ticket or CSRF token (HTTP 401)."""


@dataclass(frozen=True)
class AuthKeys:
    """Where the cluster's ticket key and CSRF secret are (under /etc/pve)."""

    pubkey: Path
    pubkey_old: Path
    www_key: Path

    @classmethod
    def under(cls, pve_root: Path) -> "AuthKeys":
        """The files as PVE places them below pve_root."""
        return cls(pve_root / "authkey.pub", pve_root / "authkey.pub.old",
                   pve_root / "priv" / "pve-www.key")


def _age_range(now: int, mtime: int, rotated: bool) -> Optional[Tuple[int, int]]:
    """PVE::AccessControl's $get_ticket_age_range (the cluster taken as quorate)."""
    key_age = max(now - mtime, 0)
    lo, hi = -AUTH_GRACEPERIOD, TICKET_LIFETIME
    if rotated:
        lo = key_age - AUTH_GRACEPERIOD  # no ticket made by the old key after rotation
    else:
        if key_age > AUTHKEY_LIFETIME:
            lo = key_age - AUTHKEY_LIFETIME  # the key should have been rotated
        if key_age < TICKET_LIFETIME:
            hi = key_age + AUTH_GRACEPERIOD
    if lo > TICKET_LIFETIME:
        return None
    return lo, hi


def _load_pub(path: Path) -> Optional[Tuple[rsa.RSAPublicKey, int]]:
    """The public key and its mtime, or None when missing or unreadable."""
    try:
        data = path.read_bytes()
        mtime = int(os.stat(path).st_mtime)
        key = serialization.load_pem_public_key(data)
    except (OSError, ValueError):
        return None
    if not isinstance(key, rsa.RSAPublicKey):
        return None
    return key, mtime


def _rsa_verify(key: rsa.RSAPublicKey, data: bytes, sig: bytes) -> bool:
    """Crypt::OpenSSL::RSA verify: PKCS#1 v1.5, SHA-256 (SHA-1 on its older versions)."""
    for algo in (hashes.SHA256(), hashes.SHA1()):
        try:
            key.verify(sig, data, padding.PKCS1v15(), algo)
            return True
        except InvalidSignature:
            continue
    return False


def verify_rsa_ticket(key: rsa.RSAPublicKey, ticket: str, lo: int, hi: int,
                      now: int) -> Optional[str]:
    """PVE::Ticket::verify_rsa_ticket with prefix PVE: the ticket's data, or None."""
    m = _TICKET.match(ticket)
    if not m:
        return None
    plain, sig_b64 = m.group(1), m.group(2)
    try:
        sig = base64.b64decode(sig_b64)
    except (binascii.Error, ValueError):
        return None
    if not _rsa_verify(key, plain.encode(), sig):
        return None
    pm = _PLAIN.match(plain)
    if not pm or pm.group(1) is None:
        return None  # a PVE ticket always carries the user
    age = now - _hex(pm.group(2))
    if not lo < age < hi:
        return None
    return urllib.parse.unquote(pm.group(1))


def verify_ticket(keys: AuthKeys, ticket: str, now: Optional[int] = None) -> str:
    """PVE::AccessControl::verify_ticket: the user of a full ticket, else AuthError."""
    t = int(time.time()) if now is None else now
    data: Optional[str] = None
    for path, rotated in ((keys.pubkey, False), (keys.pubkey_old, True)):
        loaded = _load_pub(path)
        if loaded is None:
            continue
        window = _age_range(t, loaded[1], rotated)
        if window is None:
            continue
        data = verify_rsa_ticket(loaded[0], ticket, window[0], window[1], t)
        if data is not None:
            break
    if data is None:
        raise AuthError(_("permission denied - invalid PVE ticket"))
    # Half-authenticated tickets (second factor pending) grant nothing.
    if data.startswith("!tfa!") or data.startswith("tfa!") or data.startswith("u2f!"):
        raise AuthError(_("permission denied - second factor missing"))
    if not _USERNAME.match(data):
        raise AuthError(_("permission denied - invalid PVE ticket"))
    return data


def csrf_secret(www_key: Path) -> Tuple[str, str]:
    """PVE::AccessControl's $get_csrfr_secret: (secret, legacy secret) from pve-www.key."""
    try:
        raw = www_key.read_bytes()
    except OSError as exc:
        raise AuthError(_("cannot read {www_key}: {strerror}").format(www_key=www_key, strerror=exc.strerror)) from None
    # Digest::SHA::hmac_sha256_base64($input) is an HMAC keyed with the empty string.
    secret = _b64_nopad(hmac.new(b"", raw, hashlib.sha256).digest())
    legacy = _b64_nopad(hashlib.sha1(raw).digest())
    return secret, legacy


def _hex(stamp: str) -> int:
    """A time stamp's value; one with letters beyond F is taken as far in the future."""
    try:
        return int(stamp, 16)
    except ValueError:
        return 1 << 62


def _b64_nopad(digest: bytes) -> str:
    """Digest::SHA's *_base64: base64 without trailing '='."""
    return base64.b64encode(digest).decode().rstrip("=")


def verify_csrf_token(keys: AuthKeys, username: str, token: str,
                      now: Optional[int] = None) -> None:
    """PVE::AccessControl::verify_csrf_prevention_token; AuthError when invalid."""
    t = int(time.time()) if now is None else now
    m = _CSRF.match(token or "")
    if m:
        secret, legacy = csrf_secret(keys.www_key)
        stamp, sig = m.group(1), m.group(2)
        if len(sig) == 27:
            secret = legacy  # tokens made with the old SHA-1 secret
        digest = _b64_nopad(hmac.new(secret.encode(), f"{stamp}:{username}".encode(),
                                     hashlib.sha256).digest())
        age = t - _hex(stamp)
        if hmac.compare_digest(digest, sig) and -AUTH_GRACEPERIOD < age < TICKET_LIFETIME:
            return
    raise AuthError(_("Permission denied - invalid csrf token"))
