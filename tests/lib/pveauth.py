"""Tickets and CSRF tokens made as PVE makes them (PVE::Ticket assemble_rsa_ticket and
assemble_csrf_prevention_token), with a key pair openssl generates in a test directory."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import subprocess
import time
from pathlib import Path
from typing import Optional


def make_keys(pve_root: Path) -> Path:
    """authkey.key (priv/), authkey.pub and priv/pve-www.key as pvecm/pve-cluster creates them."""
    priv = pve_root / "priv"
    priv.mkdir(parents=True, exist_ok=True)
    key = priv / "authkey.key"
    subprocess.run(["openssl", "genrsa", "-out", str(key), "2048"], check=True,
                   capture_output=True)
    subprocess.run(["openssl", "rsa", "-in", str(key), "-pubout", "-out",
                    str(pve_root / "authkey.pub")], check=True, capture_output=True)
    (priv / "pve-www.key").write_bytes(os.urandom(32).hex().encode() + b"\n")
    return key


def _sign(key: Path, data: bytes) -> bytes:
    """$rsa_priv->sign($full): PKCS#1 v1.5 over SHA-256, through openssl."""
    out = subprocess.run(["openssl", "dgst", "-sha256", "-sign", str(key)], input=data,
                         check=True, capture_output=True)
    return out.stdout


def assemble_ticket(key: Path, data: str, stamp: Optional[int] = None) -> str:
    """PVE::Ticket::assemble_rsa_ticket($rsa_priv, 'PVE', $data, undef)."""
    timestamp = f"{int(time.time()) if stamp is None else stamp:08X}"
    # uri_escape($data, ':') escapes the colons only.
    plain = f"PVE:{data.replace(':', '%3A')}:{timestamp}"
    return plain + "::" + base64.b64encode(_sign(key, plain.encode())).decode()


def csrf_secret(www_key: Path) -> str:
    """Digest::SHA::hmac_sha256_base64($input): keyed with the empty string, no padding."""
    raw = www_key.read_bytes()
    return base64.b64encode(hmac.new(b"", raw, hashlib.sha256).digest()).decode().rstrip("=")


def assemble_csrf(www_key: Path, username: str, stamp: Optional[int] = None) -> str:
    """PVE::Ticket::assemble_csrf_prevention_token($secret, $username)."""
    timestamp = f"{int(time.time()) if stamp is None else stamp:08X}"
    digest = hmac.new(csrf_secret(www_key).encode(), f"{timestamp}:{username}".encode(),
                      hashlib.sha256).digest()
    return f"{timestamp}:" + base64.b64encode(digest).decode().rstrip("=")
