"""PVE HA by resource id ("ct:101", "vm:9001"): make guests HA resources kept on given
nodes, with an HA group on PVE 8 or a node-affinity rule per resource on PVE 9 (where
groups were migrated to rules), and read their HA state. Any guest of either command."""

from __future__ import annotations

import re
from typing import Any, Sequence

from ..core.errors import ValidationError
from ..core.i18n import _
from ..core.runner import Runner
from ..core.txn import Step, command_step
from ..tools import pvesh
from ..tools.ha_manager import HaManager
from .records import HaUnregister

# ASCII only (\d would take Arabic-Indic digits as a priority); matched whole, since $
# would let a trailing newline through.
_NODE = re.compile(r"[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(:\d{1,4})?", re.ASCII)


def sid(kind: str, vmid: int) -> str:
    """The HA resource id of a guest: kind "lxc" -> ct:VMID, "vm" (qemu) -> vm:VMID."""
    return f"{'ct' if kind == 'lxc' else 'vm'}:{vmid}"


def parse_pve_nodes(raw: str) -> list[str]:
    """'pve1,pve2:2': PVE node names, each with an optional priority."""
    nodes = [n.strip() for n in raw.split(",") if n.strip()]
    if not nodes:
        raise ValidationError("nodes", _("give at least one PVE node name"))
    for node in nodes:
        if not _NODE.fullmatch(node):
            raise ValidationError("nodes", _("not a PVE node name[:priority]: {node!r}").format(node=node))
    return nodes


def register_steps(runner: Runner, sids: Sequence[str], nodes: Sequence[str],
                   name: str) -> list[Step]:
    """Steps making SIDS (those not HA managed yet) HA resources kept on NODES, through
    HA group NAME (PVE 8) or a rule NAME-<sid> each (PVE 9); each undone by removal."""
    ha = HaManager(runner)
    managed = ha.status()
    todo = [s for s in sids if s not in managed]
    if not todo:
        return []
    steps = []
    pve8 = pvesh.release(runner)[0] < 9
    if pve8 and not _group_exists(runner, name):
        steps.append(command_step(runner, f"create HA group {name}",
                                  HaManager.groupadd_argv(name, nodes),
                                  HaUnregister(tuple(HaManager.groupremove_argv(name)))))
    for resource in todo:
        steps.append(command_step(runner, f"make {resource} an HA resource",
                                  HaManager.add_argv(resource, name if pve8 else ""),
                                  HaUnregister(tuple(HaManager.remove_argv(resource)))))
        if not pve8:
            rule = f"{name}-{resource.replace(':', '')}"
            steps.append(command_step(runner, f"keep {resource} on {','.join(nodes)}",
                                      HaManager.rule_add_argv(rule, [resource], nodes),
                                      HaUnregister(tuple(HaManager.rule_remove_argv(rule)))))
    return steps


def _group_exists(runner: Runner, name: str) -> bool:
    out = runner.run(["ha-manager", "groupconfig"], mutating=False).stdout
    return any(line.strip() == f"group: {name}" for line in out.splitlines())


def ha_rows(runner: Runner, sids: Sequence[str]) -> list[dict[str, Any]]:
    """Each SID's HA state: {"sid", "node", "state"} ("not HA managed", node None)."""
    managed = HaManager(runner).status()
    return [{"sid": s, "node": managed[s].node if s in managed else None,
             "state": managed[s].state if s in managed else "not HA managed"} for s in sids]
