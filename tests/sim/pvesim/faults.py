"""Fault injection.

Rules come from env PVESIM_FAIL and from the file <state>/faults (one rule
per line or comma separated; '#' comments).  A rule is

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

import fnmatch
import json
import os
import re
from typing import List, Optional, Tuple

Rule = Tuple[str, str, Optional[int]]  # tool, subcommand pattern, n


def parse_rules(text: str) -> List[Rule]:
    rules: List[Rule] = []
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        for item in line.split(","):
            item = item.strip()
            if not item or ":" not in item:
                continue
            tool, rest = item.split(":", 1)
            n: Optional[int] = None
            m = re.fullmatch(r"(.*):(\d+)", rest)
            if m:
                rest, n = m.group(1), int(m.group(2))
            rules.append((tool.strip(), rest.strip(), n))
    return rules


def load_rules(st) -> List[Rule]:
    rules = parse_rules(os.environ.get("PVESIM_FAIL", ""))
    try:
        with open(st.p("faults")) as fh:
            rules += parse_rules(fh.read())
    except FileNotFoundError:
        pass
    return rules


def _counters_path(st) -> str:
    return st.p("counters.json")


def counters(st) -> dict:
    try:
        with open(_counters_path(st)) as fh:
            return json.load(fh)
    except (FileNotFoundError, ValueError):
        return {}


def reset_counters(st) -> None:
    try:
        os.unlink(_counters_path(st))
    except FileNotFoundError:
        pass


def should_fail(st, tool: str, sub: str) -> bool:
    """Count this call and say whether a rule makes it fail. Call with the state lock held."""
    cnt = counters(st)
    keys = {f"{tool}:{sub}"}
    rules = load_rules(st)
    for rtool, rsub, _n in rules:
        if rtool == tool and fnmatch.fnmatchcase(sub, rsub):
            keys.add(f"{tool}:{rsub}")
    for k in keys:
        cnt[k] = int(cnt.get(k, 0)) + 1
    tmp = _counters_path(st) + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(cnt, fh, indent=1, sort_keys=True)
    os.replace(tmp, _counters_path(st))
    for rtool, rsub, n in rules:
        if rtool != tool or not fnmatch.fnmatchcase(sub, rsub):
            continue
        if n is None or cnt[f"{tool}:{rsub}"] == n:
            return True
    return False


def arm(st, rule: str) -> None:
    """Append a rule to <state>/faults (helper for tests)."""
    with open(st.p("faults"), "a") as fh:
        fh.write(rule + "\n")


def disarm(st) -> None:
    try:
        os.unlink(st.p("faults"))
    except FileNotFoundError:
        pass
