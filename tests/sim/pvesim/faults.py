"""Fault injection for pct, qm, pvesh, pveam and ha-manager.

The rule grammar and the counting are simcommon.faults' (shared with storesim): rules come
from env PVESIM_FAIL and from the file <state>/faults. A rule is

    TOOL:SUBCOMMAND[:N]

e.g. 'pct:create' (every pct create fails), 'pct:set:2' (only the 2nd
'pct set' call fails), 'pvesh:get:/cluster/nextid', 'pveam:download:1'.
SUBCOMMAND may be a shell glob ('pct:*', 'pvesh:create:/nodes/*/lxc').
For pvesh the subcommand is '<get|set|create|delete>:<api path>'.

Every invocation counts, per pattern, in <state>/counters.json (so N is
the N-th call of that TOOL:SUBCOMMAND since the state was created or the
counters were reset with reset_counters()).
"""

from __future__ import annotations

from typing import List

from simcommon import faults as _faults
from simcommon.faults import Rule, parse_rules  # noqa: F401  (part of this module's API)


def load_rules(st) -> List[Rule]:
    return _faults.load_rules(st.p("faults"))


def counters(st) -> dict:
    return _faults.counters(st.p("counters.json"))


def reset_counters(st) -> None:
    _faults.reset_counters(st.p("counters.json"))


def should_fail(st, tool: str, sub: str) -> bool:
    """Count this call and say whether a rule makes it fail. Call with the state lock held."""
    return _faults.should_fail(st.p("faults"), st.p("counters.json"), tool, sub)


def arm(st, rule: str) -> None:
    """Append a rule to <state>/faults (helper for tests)."""
    _faults.arm(st.p("faults"), rule)


def disarm(st) -> None:
    _faults.disarm(st.p("faults"))
