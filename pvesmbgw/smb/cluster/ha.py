"""PVE HA for the gateway guests: each is an HA resource (`ha-manager add`), kept on the
CTDB nodes by an HA group (PVE 8) or a node-affinity rule (PVE 9, where groups are
migrated to rules)."""

from __future__ import annotations

import contextlib
import re
from typing import Any, Callable, Sequence

from .. import registry as registry_mod
from ...core.config import Config
from ...core.errors import PvesmbgwError, ValidationError
from ...core.ops import Locker, under_lock
from ...core.runner import Runner
from ...tools import pvesh
from ...tools.ha_manager import HaManager
from ...core.txn import Step, command_step
from ...pve.records import HaUnregister

GROUP = "pvesmbgw"
_NODE = re.compile(r"^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(:\d{1,4})?$")

RunSteps = Callable[[str, Sequence[Step]], None]


def parse_pve_nodes(raw: str) -> list[str]:
    """'pve1,pve2:2': PVE node names, each with an optional priority."""
    nodes = [n.strip() for n in raw.split(",") if n.strip()]
    if not nodes:
        raise ValidationError("nodes", "give at least one PVE node name")
    for node in nodes:
        if not _NODE.match(node):
            raise ValidationError("nodes", f"not a PVE node name[:priority]: {node!r}")
    return nodes


class HaRegistration:
    def __init__(self, cfg: Config, runner: Runner, run_steps: RunSteps,
                 locked: Locker = contextlib.nullcontext) -> None:
        self.cfg = cfg
        self.locked = locked
        self.runner = runner
        self.run_steps = run_steps
        self.ha = HaManager(runner)

    def pve_major(self) -> int:
        version = str(pvesh.get(self.runner, "/version").get("version", ""))
        try:
            return int(version.split(".")[0])
        except ValueError:
            raise PvesmbgwError(f"pvesh get /version: unexpected version {version!r}") from None

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
                    raise ValidationError("share", f"no share {name!r}")
                if share.gateway is None:
                    raise ValidationError("share", f"{share.name} is served on the host "
                                          "(native mode): there is no guest to make HA")
                names.add(share.gateway)
            gateways = [g for g in gateways if g.id in names]
        return [f"{'ct' if g.kind == 'lxc' else 'vm'}:{g.vmid}"
                for g in sorted(gateways, key=lambda g: g.vmid)]

    def steps(self, nodes: Sequence[str], shares: Sequence[str] = ()) -> list[Step]:
        managed = self.ha.status()
        todo = [sid for sid in self.sids(shares) if sid not in managed]
        if not todo:
            return []
        steps = []
        pve8 = self.pve_major() < 9
        if pve8 and not self._group_exists():
            steps.append(command_step(
                self.runner, f"create HA group {GROUP}", HaManager.groupadd_argv(GROUP, nodes),
                HaUnregister(tuple(HaManager.groupremove_argv(GROUP)))))
        for sid in todo:
            steps.append(command_step(
                self.runner, f"make {sid} an HA resource",
                HaManager.add_argv(sid, GROUP if pve8 else ""),
                HaUnregister(tuple(HaManager.remove_argv(sid)))))
            if not pve8:
                rule = f"{GROUP}-{sid.replace(':', '')}"
                steps.append(command_step(
                    self.runner, f"keep {sid} on {','.join(nodes)}",
                    HaManager.rule_add_argv(rule, [sid], nodes),
                    HaUnregister(tuple(HaManager.rule_remove_argv(rule)))))
        return steps

    def _group_exists(self) -> bool:
        out = self.runner.run(["ha-manager", "groupconfig"], mutating=False).stdout
        return any(line.strip() == f"group: {GROUP}" for line in out.splitlines())

    @under_lock
    def enable(self, raw_nodes: str, shares: Sequence[str] = ()) -> dict[str, Any]:
        """Register the gateway guests (of SHARES, or all) with PVE HA."""
        nodes = parse_pve_nodes(raw_nodes)
        if not self.sids(shares):
            raise ValidationError("ha", "pvesmbgw manages no gateway guests yet "
                                  "(lxc or vm shares)")
        steps = self.steps(nodes, shares)
        if steps:
            self.run_steps("cluster ha enable", steps)
        return {"registered": [s.title.split()[1] for s in steps if " HA resource" in s.title],
                "ha": self.status() if not self.runner.dry_run else [], "notes": []}

    def status(self) -> list[dict[str, Any]]:
        managed = self.ha.status()
        return [{"sid": sid, "node": managed[sid].node if sid in managed else None,
                 "state": managed[sid].state if sid in managed else "not HA managed"}
                for sid in self.sids()]
