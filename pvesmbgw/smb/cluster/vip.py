"""Checks on the network before a cluster change: a floating address lies inside the
subnet of the interface it will be raised on, is no node's address and does not answer
yet; a node about to be removed has no ctdbd listening any more."""

from __future__ import annotations

import ipaddress
import json
import logging
import socket
from typing import Optional, Sequence, Union

from ...core.errors import CommandError, ValidationError
from ...core.i18n import _
from ...core.runner import Runner
from .state import parse_vip

log = logging.getLogger(__name__)

CTDB_PORT = 4379  # where every ctdbd listens, on its node address

IfAddr = Union[ipaddress.IPv4Interface, ipaddress.IPv6Interface]


class VipChecker:
    def __init__(self, runner: Runner, use_pyroute2: bool = True) -> None:
        self.runner = runner
        self.use_pyroute2 = use_pyroute2

    def interface_addresses(self, ifname: Optional[str] = None) -> list[IfAddr]:
        """The addresses on IFNAME, or on every interface (pyroute2 when installed, else
        `ip -j addr`)."""
        if self.use_pyroute2:
            try:
                from pyroute2 import IPRoute  # type: ignore[import]  # heavy: imported here only
            except ImportError:
                pass
            else:
                with IPRoute() as ipr:
                    query = {}
                    if ifname is not None:
                        index = ipr.link_lookup(ifname=ifname)
                        if not index:
                            raise ValidationError("interface",
                                                  _("no network interface {ifname!r}").format(ifname=ifname))
                        query = {"index": index[0]}
                    return [ipaddress.ip_interface(f"{a.get_attr('IFA_ADDRESS')}/"
                                                   f"{a['prefixlen']}")
                            for a in ipr.get_addr(**query)]
        argv = ["ip", "-j", "addr", "show"] + (["dev", ifname] if ifname is not None else [])
        try:
            out = self.runner.run(argv, mutating=False, timeout=15).stdout
        except CommandError:
            raise ValidationError("interface", _("no network interface {ifname!r}").format(ifname=ifname)) from None
        return [ipaddress.ip_interface(f"{a['local']}/{a['prefixlen']}")
                for link in json.loads(out or "[]") for a in link.get("addr_info", [])]

    def check_local_node(self, node_addresses: Sequence[str]) -> None:
        """ValidationError unless one of NODE_ADDRESSES is an address of this host: the
        node running `cluster init` must be one of the cluster's nodes."""
        local = {str(a.ip) for a in self.interface_addresses()}
        if not local.intersection(node_addresses):
            raise ValidationError("nodes", _("none of the addresses is on this host; run "
                                  "`cluster init` on one of the nodes"))

    def _prefix_hint(self, raw: str, ifname: str) -> str:
        """The prefix of IFNAME's subnet that holds address RAW, else 'PREFIX'."""
        try:
            address = ipaddress.ip_address(raw.strip())
            subnets = [a.network for a in self.interface_addresses(ifname)]
        except (ValueError, ValidationError):
            return "PREFIX"
        return next((str(n.prefixlen) for n in subnets if address in n), "PREFIX")

    def ctdbd_listening(self, address: str, timeout: float = 3.0) -> Optional[bool]:
        """Whether a ctdbd accepts connections at ADDRESS: True; False when the node
        refuses them (nothing listens); None when nothing answers (cannot tell)."""
        try:
            with socket.create_connection((address, CTDB_PORT), timeout=timeout):
                return True
        except ConnectionRefusedError:
            return False
        except OSError:
            return None

    def answering(self, address: str) -> bool:
        """True when something already answers on ADDRESS (one ICMP echo, 1 s)."""
        flag = "-6" if ":" in address else "-4"
        result = self.runner.run(["ping", flag, "-c", "1", "-W", "1", "-q", address],
                                 mutating=False, ok_codes=(0, 1, 2), timeout=10)
        return result.returncode == 0

    def check(self, raw: str, ifname: str, node_addresses: Sequence[str],
              taken: Sequence[str] = ()) -> str:
        """RAW ('ADDR/PREFIX') if it may become a VIP on IFNAME, else ValidationError."""
        if "/" not in raw:
            raise ValidationError("vip", _("give the prefix length too, e.g. "
                                  "{raw}/{prefix_hint}").format(raw=raw, prefix_hint=self._prefix_hint(raw, ifname)))
        vip = parse_vip(raw)
        address = str(vip.ip)
        if address in node_addresses:
            raise ValidationError("vip", _("{address} is a cluster node's address").format(address=address))
        if address in taken:
            raise ValidationError("vip", _("{address} is already a VIP of the cluster").format(address=address))
        networks = [a.network for a in self.interface_addresses(ifname)
                    if a.version == vip.version]
        if not any(vip.ip in n for n in networks):
            shown = ", ".join(str(n) for n in networks) or "no address"
            raise ValidationError("vip", _("{address} is outside the subnet of {ifname} "
                                  "({shown})").format(address=address, ifname=ifname, shown=shown))
        if any(vip.network != n for n in networks if vip.ip in n):
            raise ValidationError("vip", _("prefix /{prefixlen} differs from "
                                  "{ifname}'s subnet {networks}").format(prefixlen=vip.network.prefixlen, ifname=ifname, networks=networks[0]))
        if self.answering(address):
            raise ValidationError("vip", _("{address} already answers on the network").format(address=address))
        return f"{address}/{vip.network.prefixlen}"
