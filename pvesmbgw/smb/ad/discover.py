"""Find the domain's controllers in DNS and check they answer, in process (no child).

A join without these checks fails deep inside `net` with messages that do not say
whether DNS, the network or the DC is at fault.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from typing import Callable, Sequence

from ...core.i18n import _
from .diagnose import AdError, srv_missing, unreachable

PORTS = (("LDAP", 389), ("Kerberos", 88))


@dataclass(frozen=True)
class Dc:
    host: str
    port: int


def srv_name(realm: str) -> str:
    return f"_ldap._tcp.dc._msdcs.{realm.lower()}"


def find_dcs(realm: str) -> list[Dc]:
    """The DCs the SRV record names, best first; AdError when there is none."""
    try:  # python3-dnspython is only recommended: imported where it is needed
        import dns.exception
        import dns.resolver
    except ImportError:
        raise AdError("missing_package", _("python3-dnspython is not installed")) from None
    try:
        answer = dns.resolver.resolve(srv_name(realm), "SRV", lifetime=10)
    except dns.resolver.NXDOMAIN:
        raise srv_missing(realm, "NXDOMAIN") from None
    except dns.resolver.NoAnswer:
        raise srv_missing(realm, "no SRV answer") from None
    except dns.resolver.NoNameservers as exc:
        raise srv_missing(realm, f"no DNS server answered: {exc}") from None
    except dns.exception.Timeout:
        raise srv_missing(realm, "DNS timed out") from None
    records = sorted(answer, key=lambda r: (r.priority, -r.weight))
    return [Dc(str(r.target).rstrip("."), int(r.port)) for r in records]


Connect = Callable[[str, int, float], None]


def _connect(host: str, port: int, timeout: float) -> None:
    with socket.create_connection((host, port), timeout=timeout):
        pass


def reachable_dc(realm: str, dcs: Sequence[Dc], connect: Connect = _connect,
                 timeout: float = 3.0) -> Dc:
    """The first DC that accepts LDAP and Kerberos connections; AdError if none does."""
    problems = []
    for dc in dcs:
        for label, port in PORTS:
            try:
                connect(dc.host, port, timeout)
            except OSError as exc:
                problems.append(f"{dc.host} {label} ({port}/tcp): "
                                f"{exc.strerror or exc.__class__.__name__}")
                break
        else:
            return dc
    raise unreachable(realm, "; ".join(problems) or "the SRV record lists no host")
