"""`ha-manager`: PVE HA resources, with HA groups (PVE 8) or node-affinity rules (PVE 9).

`ha-manager` prints nothing on success and has no JSON output; `status` is parsed
line by line (`service ct:101 (pve1, started)`).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from typing import Sequence

from ..core.runner import Runner

_SERVICE = re.compile(r"^service (\S+) \(([^,]*), (.+)\)$")


@dataclass(frozen=True)
class HaService:
    sid: str
    node: str
    state: str


def available() -> bool:
    return shutil.which("ha-manager") is not None


def parse_status(text: str) -> dict[str, HaService]:
    out = {}
    for line in text.splitlines():
        m = _SERVICE.match(line.strip())
        if m:
            out[m.group(1)] = HaService(m.group(1), m.group(2), m.group(3))
    return out


class HaManager:
    def __init__(self, runner: Runner) -> None:
        self.runner = runner

    def status(self) -> dict[str, HaService]:
        return parse_status(self.runner.run(["ha-manager", "status"], mutating=False).stdout)

    @staticmethod
    def add_argv(sid: str, group: str = "") -> list[str]:
        return ["ha-manager", "add", sid, "--state", "started"] + \
            (["--group", group] if group else [])

    @staticmethod
    def set_state_argv(sid: str, state: str) -> list[str]:
        return ["ha-manager", "set", sid, "--state", state]

    @staticmethod
    def remove_argv(sid: str) -> list[str]:
        return ["ha-manager", "remove", sid]

    @staticmethod
    def groupadd_argv(group: str, nodes: Sequence[str]) -> list[str]:
        return ["ha-manager", "groupadd", group, "--nodes", ",".join(nodes)]

    @staticmethod
    def groupremove_argv(group: str) -> list[str]:
        return ["ha-manager", "groupremove", group]

    @staticmethod
    def rule_add_argv(rule: str, sids: Sequence[str], nodes: Sequence[str]) -> list[str]:
        return ["ha-manager", "rules", "add", "node-affinity", rule, "--resources",
                ",".join(sids), "--nodes", ",".join(nodes)]

    @staticmethod
    def rule_remove_argv(rule: str) -> list[str]:
        return ["ha-manager", "rules", "remove", rule]
