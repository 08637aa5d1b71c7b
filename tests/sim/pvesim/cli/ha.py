"""ha-manager: the PVE HA resource manager CLI (pve-ha-manager src/PVE/CLI/ha_manager.pm),
simulated for PVE 8 (HA groups) and PVE 9 (groups migrated to node-affinity rules).

State: $PVESIM_STATE/ha/{resources,groups,rules}.json. Syntax and messages follow
reference/pve-interfaces.md §4 and the API schema of /cluster/ha/{resources,groups,rules}
(PVE 8.4 / 9.1). Service states in `status` are the requested states (no CRM runs here).
"""

from __future__ import annotations

import json
import os
import re
import time
from typing import Dict, List, Optional

from . import cliparse
from .. import faults
from .common import Ctx, tool_main, unknown_command
from ..model.state import State
from ..util import PveError

STATES = ["started", "stopped", "enabled", "disabled", "ignored"]
SID = {"type": "string", "description": "HA resource ID (vm:100, ct:101, or a VMID)."}
RESOURCE = {
    "sid": SID,
    "comment": {"type": "string", "optional": 1, "maxLength": 4096},
    "group": {"type": "string", "optional": 1, "format": "pve-configid"},
    "max_relocate": {"type": "integer", "optional": 1, "minimum": 0},
    "max_restart": {"type": "integer", "optional": 1, "minimum": 0},
    "state": {"type": "string", "optional": 1, "enum": STATES},
    "type": {"type": "string", "optional": 1, "enum": ["ct", "vm"]},
}
RESOURCE9 = {**RESOURCE, "failback": {"type": "boolean", "optional": 1}}
GROUP = {
    "group": {"type": "string", "format": "pve-configid"},
    "nodes": {"type": "string"},
    "comment": {"type": "string", "optional": 1, "maxLength": 4096},
    "nofailback": {"type": "boolean", "optional": 1},
    "restricted": {"type": "boolean", "optional": 1},
    "type": {"type": "string", "optional": 1, "enum": ["group"]},
}
RULE = {
    "type": {"type": "string", "enum": ["node-affinity", "resource-affinity"]},
    "rule": {"type": "string", "format": "pve-configid"},
    "resources": {"type": "string"},
    "nodes": {"type": "string", "optional": 1},
    "strict": {"type": "boolean", "optional": 1},
    "affinity": {"type": "string", "optional": 1, "enum": ["positive", "negative"]},
    "comment": {"type": "string", "optional": 1, "maxLength": 4096},
    "disable": {"type": "boolean", "optional": 1},
}
REMOVE = {"sid": SID, "purge": {"type": "boolean", "optional": 1}}
NODE_LIST = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9.-]*(:\d+)?$")

COMMANDS8 = ["add", "remove", "set", "status", "config", "groupadd", "groupconfig",
             "groupremove", "migrate", "relocate", "crm-command"]
COMMANDS9 = ["add", "remove", "set", "status", "config", "rules", "migrate", "relocate",
             "crm-command", "groupconfig"]


def _load(st: State, name: str) -> Dict[str, dict]:
    try:
        with open(st.p("ha", f"{name}.json")) as fh:
            data: Dict[str, dict] = json.load(fh)
            return data
    except FileNotFoundError:
        return {}


def _save(st: State, name: str, data: Dict[str, dict]) -> None:
    os.makedirs(st.p("ha"), exist_ok=True)
    tmp = st.p("ha", f".{name}.json.tmp")
    with open(tmp, "w") as fh:
        json.dump(data, fh, indent=1, sort_keys=True)
    os.replace(tmp, st.p("ha", f"{name}.json"))


def parse_sid(st: State, raw: str) -> str:
    """PVE::HA::Config::parse_sid: 'ct:101', 'vm:100', or a bare VMID resolved by type."""
    guests = st.guest_ids()
    m = re.fullmatch(r"(?:(ct|vm):)?(\d+)", raw)
    if not m:
        raise PveError("400 Parameter verification failed.\nsid: unable to parse HA resource "
                       f"id '{raw}'\n")
    kind, vmid = m.group(1), int(m.group(2))
    if kind is None:
        if vmid not in guests:
            raise PveError(f"unable to detect SID from VMID - VM/CT {vmid} does not exist\n")
        kind = "ct" if guests[vmid][0] == "lxc" else "vm"
    want = "lxc" if kind == "ct" else "qemu"
    if vmid not in guests or guests[vmid][0] != want:
        raise PveError(f"resource '{kind}:{vmid}' does not exist in cluster\n")
    return f"{kind}:{vmid}"


def _check_nodes(value: str) -> None:
    for item in value.split(","):
        if not NODE_LIST.match(item.strip()):
            raise PveError("400 Parameter verification failed.\nnodes: value does not match "
                           "the regex pattern\n")


def _parse(cmd: str, props: Dict[str, dict], args: List[str], arg_param: List[str]) -> dict:
    usage = cliparse.Usage(f"ha-manager {cmd}", arg_param, props, ())
    p = cliparse.get_options(props, args, arg_param, {}, (), usage)
    cliparse.validate(p, props, usage)
    return p


def _section(kind: str, name: str, rec: dict) -> str:
    text = f"{kind}: {name}\n"
    for key in sorted(rec):
        value = rec[key]
        if isinstance(value, bool):
            value = int(value)
        text += f"\t{key} {value}\n"
    return text + "\n"


def handler(ctx: Ctx, args: List[str]) -> int:
    st = ctx.st
    pve9 = st.pve_version >= 9
    commands = COMMANDS9 if pve9 else COMMANDS8
    if not args:
        raise unknown_command("ha-manager", None, commands)
    cmd = args[0]
    if cmd not in commands:
        raise unknown_command("ha-manager", cmd, commands)
    with st.lock():
        # 'rules' has actions of its own: fault rules name them as 'ha-manager:rules:add'.
        sub = f"rules:{args[1] if len(args) > 1 else ''}" if cmd == "rules" else cmd
        if faults.should_fail(st, "ha-manager", sub):
            raise PveError(f"simulated failure of ha-manager {sub}\n")
        resources = _load(st, "resources")
        if cmd == "add":
            p = _parse(cmd, RESOURCE9 if pve9 else RESOURCE, args[1:], ["sid"])
            sid = parse_sid(st, str(p.pop("sid")))
            p.pop("type", None)
            if "group" in p:
                if pve9:
                    raise PveError("400 Parameter verification failed.\ngroup: invalid "
                                   "parameter 'group': ha groups have been migrated to rules\n")
                if p["group"] not in _load(st, "groups"):
                    raise PveError(f"group '{p['group']}' does not exist\n")
            if sid in resources:
                raise PveError(f"create resource failed: resource ID '{sid}' already defined\n")
            p.setdefault("state", "started")
            resources[sid] = p
            _save(st, "resources", resources)
            return 0
        if cmd == "set":
            p = _parse(cmd, RESOURCE9 if pve9 else RESOURCE, args[1:], ["sid"])
            sid = parse_sid(st, str(p.pop("sid")))
            if sid not in resources:
                raise PveError(f"service '{sid}' is not HA managed\n")   # UNVERIFIED wording
            resources[sid].update(p)
            _save(st, "resources", resources)
            return 0
        if cmd == "remove":
            p = _parse(cmd, REMOVE, args[1:], ["sid"])
            sid = parse_sid(st, str(p["sid"]))
            if sid not in resources:
                raise PveError(f"cannot delete service '{sid}', not HA managed!\n")
            del resources[sid]
            _save(st, "resources", resources)
            if p.get("purge", 1) and pve9:
                rules = _load(st, "rules")
                for rec in rules.values():
                    left = [r for r in rec["resources"].split(",") if r != sid]
                    rec["resources"] = ",".join(left)
                _save(st, "rules", {k: v for k, v in rules.items() if v["resources"]})
            return 0
        if cmd == "config":
            ctx.out("".join(_section(sid.split(":")[0], sid.split(":")[1], rec)
                            for sid, rec in sorted(resources.items())))
            return 0
        if cmd == "status":
            guests = st.guest_ids()
            when = time.strftime("%a %b %d %H:%M:%S %Y", time.localtime())
            lines = ["quorum OK", f"master {st.node} (active, {when})",
                     f"lrm {st.node} ({'active' if resources else 'idle'}, {when})"]
            for sid, rec in sorted(resources.items()):
                vmid = int(sid.split(":")[1])
                node = guests.get(vmid, ("", st.node))[1]
                lines.append(f"service {sid} ({node}, {rec.get('state', 'started')})")
            ctx.out("\n".join(lines) + "\n")
            return 0
        if cmd == "groupadd":
            p = _parse(cmd, GROUP, args[1:], ["group"])
            _check_nodes(str(p["nodes"]))
            groups = _load(st, "groups")
            if p["group"] in groups:
                raise PveError(f"create group failed: group ID '{p['group']}' already "
                               "defined\n")
            name = p.pop("group")
            p.pop("type", None)
            groups[name] = p
            _save(st, "groups", groups)
            return 0
        if cmd == "groupremove":
            p = _parse(cmd, {"group": GROUP["group"]}, args[1:], ["group"])
            groups = _load(st, "groups")
            if any(r.get("group") == p["group"] for r in resources.values()):
                raise PveError(f"ha group '{p['group']}' is used by service(s)\n")
            groups.pop(str(p["group"]), None)
            _save(st, "groups", groups)
            return 0
        if cmd == "groupconfig":
            if pve9:
                return 0
            ctx.out("".join(_section("group", n, g)
                            for n, g in sorted(_load(st, "groups").items())))
            return 0
        if cmd == "rules":
            return _rules(ctx, st, args[1:], resources)
        raise PveError(f"ha-manager {cmd}: not simulated\n")


def _rules(ctx: Ctx, st: State, args: List[str], resources: Dict[str, dict]) -> int:
    sub = ["add", "config", "list", "remove", "set"]
    if not args or args[0] not in sub:
        raise unknown_command("ha-manager rules", args[0] if args else None, sub)
    rules = _load(st, "rules")
    if args[0] == "add":
        p = _parse("rules add", RULE, args[1:], ["type", "rule"])
        if p["type"] == "node-affinity":
            if "nodes" not in p:
                raise PveError("400 Parameter verification failed.\nnodes: property is "
                               "missing and it is not optional\n")
            _check_nodes(str(p["nodes"]))
        for sid in str(p["resources"]).split(","):
            parse_sid(st, sid)
        if p["rule"] in rules:
            raise PveError(f"create rule failed: rule ID '{p['rule']}' already defined\n")
        name = p.pop("rule")
        rules[name] = p
        _save(st, "rules", rules)
        return 0
    if args[0] == "remove":
        p = _parse("rules remove", {"rule": RULE["rule"]}, args[1:], ["rule"])
        if p["rule"] not in rules:
            raise PveError(f"rule '{p['rule']}' does not exist\n")   # UNVERIFIED wording
        del rules[str(p["rule"])]
        _save(st, "rules", rules)
        return 0
    ctx.out("".join(_section(r["type"], n, {k: v for k, v in r.items() if k != "type"})
                    for n, r in sorted(rules.items())))
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    return tool_main("ha-manager", argv, handler)
