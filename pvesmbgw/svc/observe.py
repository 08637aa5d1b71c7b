"""An instance as its node sees it now: the guest's state, its address, the health
check's answer. `status` shows it, `metrics` counts it, and install waits for the
address the same way (one way to find a guest's address)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Optional

from ..core.config import Config
from ..core.errors import PvesmbgwError
from ..core.runner import Runner
from ..tools import pvesh
from . import health
from ..core.i18n import _
from .registry import Instance
from .template import HealthCheck


@dataclass(frozen=True)
class Observation:
    state: Optional[str]  # "running", "stopped", …; None: the guest does not exist
    address: Optional[str]  # its IPv4 address while it runs, when known
    problem: Optional[str]  # None: healthy (answered its check, or has none and runs)
    target: Optional[str] = None  # what the health check asked, when it ran
    checked: Optional[float] = None  # when the health check ran (Unix time)

    @property
    def healthy(self) -> bool:
        return self.problem is None


def guest_address(runner: Runner, node: str, vmid: int) -> Optional[str]:
    """The container's first IPv4 address (`/nodes/N/lxc/V/interfaces`), if it has one."""
    for nic in pvesh.get(runner, f"/nodes/{node}/lxc/{vmid}/interfaces") or []:
        inet = nic.get("inet")
        if nic.get("name") != "lo" and inet:
            return str(inet).split("/")[0]
    return None


def address(cfg: Config, runner: Runner, kind: str, node: str, vmid: int) -> Optional[str]:
    """The running guest's address (KIND lxc or vm), or None while it has none."""
    if kind == "vm":
        from .vmguest import vm_address  # qm and the guest agent: VMs only
        return vm_address(cfg, runner, vmid)
    return guest_address(runner, node, vmid)


def wait_address(cfg: Config, runner: Runner, kind: str, node: str, vmid: int,
                 limit: float) -> str:
    """The guest's address once it has one; PvesmbgwError after LIMIT seconds."""
    deadline = time.monotonic() + limit
    while True:
        found = address(cfg, runner, kind, node, vmid)
        if found is not None:
            return found
        if time.monotonic() > deadline:
            raise PvesmbgwError(_("{guest} {vmid} has no IPv4 "
                                "address after {limit:g}s").format(guest='VM' if kind == 'vm' else 'CT', vmid=vmid, limit=limit))
        time.sleep(1)


def guest_state(runner: Runner, inst: Instance) -> Optional[str]:
    if inst.kind == "vm":
        from ..tools.qm import Qm
        return Qm(runner).state(inst.vmid)
    from ..tools.pct import Pct
    return Pct(runner).state(inst.vmid)


def recorded_health(inst: Instance) -> Optional[HealthCheck]:
    """The health check of the version INST runs, as install or upgrade recorded it."""
    return HealthCheck(**inst.health) if inst.health else None


def observe(cfg: Config, runner: Runner, inst: Instance, check: Optional[HealthCheck],
            timeout: float = health.PROBE_TIMEOUT) -> Observation:
    """INST (an instance of this node) now: one state query, its address while it runs,
    and one probe of CHECK (none without one)."""
    from .params import port_of
    state = guest_state(runner, inst)
    if state != "running":
        return Observation(state, None, "not running")
    found = address(cfg, runner, inst.kind, inst.node, inst.vmid)
    if found is None:
        return Observation(state, None, "no address")
    if check is None:
        return Observation(state, found, None)
    probe = health.Probe(check.type, found, port_of(check.port, inst.params), check.path, check.status)
    checked = time.time()
    return Observation(state, found, health.check(probe, timeout), probe.target, checked)
