"""PVE HA for the gateway guests: which guests (all, or those serving given shares), made
HA resources kept on the CTDB nodes through pve/ha.py."""

from __future__ import annotations

import contextlib
from typing import Any, Callable, Sequence

from .. import registry as registry_mod
from ...core.config import Config
from ...core.errors import ValidationError
from ...core.i18n import _
from ...core.ops import Locker, under_lock
from ...core.runner import Runner
from ...core.txn import Step
from ...pve import ha

GROUP = "pvesmbgw"

RunSteps = Callable[[str, Sequence[Step]], None]


class HaRegistration:
    def __init__(self, cfg: Config, runner: Runner, run_steps: RunSteps,
                 locked: Locker = contextlib.nullcontext) -> None:
        self.cfg = cfg
        self.locked = locked
        self.runner = runner
        self.run_steps = run_steps

    def sids(self, shares: Sequence[str] = ()) -> list[str]:
        """The HA resource ids of the gateway guests pvesmbgw manages; with SHARES, only
        of the guests that serve those shares."""
        reg = registry_mod.load(self.cfg)
        gateways = list(reg.gateways.values())
        if shares:
            names = set()
            for name in shares:
                share = reg.find_share(name)
                if share is None:
                    raise ValidationError("share", _("no share {name!r}").format(name=name))
                if share.gateway is None:
                    raise ValidationError("share", _("{name} is served on the host "
                                          "(native mode): there is no guest to make HA").format(name=share.name))
                names.add(share.gateway)
            gateways = [g for g in gateways if g.id in names]
        return [ha.sid(g.kind, g.vmid) for g in sorted(gateways, key=lambda g: g.vmid)]

    @under_lock
    def enable(self, raw_nodes: str, shares: Sequence[str] = ()) -> dict[str, Any]:
        """Register the gateway guests (of SHARES, or all) with PVE HA."""
        nodes = ha.parse_pve_nodes(raw_nodes)
        if not self.sids(shares):
            raise ValidationError("ha", _("pvesmbgw manages no gateway guests yet "
                                  "(lxc or vm shares)"))
        steps = ha.register_steps(self.runner, self.sids(shares), nodes, GROUP)
        if steps:
            self.run_steps("cluster ha enable", steps)
        return {"registered": [s.title.split()[1] for s in steps if " HA resource" in s.title],
                "ha": self.status() if not self.runner.dry_run else [], "notes": []}

    def status(self) -> list[dict[str, Any]]:
        return ha.ha_rows(self.runner, self.sids())
