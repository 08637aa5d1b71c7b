"""A request for another node, passed on to that node's App Store service as pveproxy
passes API calls on: to the node's address in the cluster's member list, its
certificate pinned to the one the cluster filesystem holds for that node."""

from __future__ import annotations

import hashlib
import http.client
import json
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

from ..core.errors import PvesmbgwError, ValidationError
from ..core.i18n import _

# Set on a passed-on request: the receiving node answers it itself, never passes it on.
FORWARDED = "X-Pvesmbgw-Forwarded"
# What the receiving node checks again (ticket, CSRF token) and needs to read the body.
PASSED = ("cookie", "pveauthcookie", "csrfpreventiontoken", "content-type")


class ForwardError(PvesmbgwError):
    """The other node's service could not be reached or is not who it should be (502)."""


@dataclass(frozen=True)
class Reply:
    """The other node's answer, passed back unchanged."""

    status: int
    body: bytes


def member_address(pve_root: Path, node: str) -> str:
    """NODE's address in /etc/pve/.members (pmxcfs's member list, as PVE::Cluster reads
    it); ValidationError for a node that is not a member or is offline."""
    try:
        members = json.loads((pve_root / ".members").read_text())
    except (OSError, ValueError):
        members = {}
    entry = (members.get("nodelist") or {}).get(node)
    if not isinstance(entry, dict) or not entry.get("ip"):
        raise ValidationError("node", _("{node} is not a node of this cluster").format(node=node))
    if not entry.get("online"):
        raise ValidationError("node", _("node {node} is offline").format(node=node))
    return str(entry["ip"])


def pinned_fingerprints(pve_root: Path, node: str) -> set[str]:
    """SHA-256 of the certificates PVE keeps for NODE (pveproxy-ssl.pem, pve-ssl.pem)."""
    found = set()
    for name in ("pveproxy-ssl.pem", "pve-ssl.pem"):
        try:
            pem = (pve_root / "nodes" / node / name).read_text()
        except OSError:
            continue
        start = pem.find("-----BEGIN CERTIFICATE-----")
        if start < 0:
            continue
        end = pem.find("-----END CERTIFICATE-----", start)
        try:
            der = ssl.PEM_cert_to_DER_cert(pem[start:end + len("-----END CERTIFICATE-----")])
        except ValueError:  # damaged (binascii.Error is one): not a certificate to pin
            continue
        found.add(hashlib.sha256(der).hexdigest())
    return found


def forward(pve_root: Path, node: str, port: int, method: str, target: str,
            headers: Mapping[str, str], body: bytes, timeout: float = 600) -> Reply:
    """Send the request (TARGET is path and query) to NODE's service and return its
    answer. The node's certificate must be one PVE holds for it: the cluster CA alone
    would let any node stand in for another."""
    address = member_address(pve_root, node)
    pins = pinned_fingerprints(pve_root, node)
    if not pins:
        raise ForwardError(_("no readable certificate of node {node} under "
                             "{pve_root}/nodes/{node}").format(node=node, pve_root=pve_root))
    # Verified by pinning below, as PVE's proxy verifies a node by its fingerprint.
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    host = f"[{address}]" if ":" in address else address
    conn = http.client.HTTPSConnection(address, port, context=ctx, timeout=timeout)
    try:
        try:
            conn.connect()
        except OSError as exc:
            raise ForwardError(_("node {node}'s App Store service ({host}:{port}): "
                               "{strerror}").format(node=node, host=host, port=port, strerror=exc.strerror or exc)) from None
        der: Optional[bytes] = conn.sock.getpeercert(binary_form=True)
        if der is None or hashlib.sha256(der).hexdigest() not in pins:
            raise ForwardError(_("node {node}'s App Store service at {host}:{port} presented "
                               "a certificate that is not the node's").format(node=node, host=host, port=port))
        sent = {k: v for k, v in headers.items() if k.lower() in PASSED}
        sent[FORWARDED] = "1"
        sent["Host"] = f"{host}:{port}"
        conn.request(method, target, body=body or None, headers=sent)
        resp = conn.getresponse()
        return Reply(resp.status, resp.read())
    except (OSError, http.client.HTTPException) as exc:
        raise ForwardError(_("node {node}'s App Store service: {exc}").format(node=node, exc=exc)) from None
    finally:
        conn.close()
