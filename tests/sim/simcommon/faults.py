"""Fault injection for every simulated tool: one rule grammar and one way of counting.

Rules come from env PVESIM_FAIL and from a rules file (<state>/faults, shared by pvesim and
storesim), one rule per line or comma separated, '#' starting a comment. A rule is

    TOOL:SUBCOMMAND[:N]

SUBCOMMAND may be a shell glob; N makes only the N-th matching call fail. Every call counts,
per TOOL:SUBCOMMAND and per matching rule pattern, in a counters file (pvesim and storesim
keep their own, each under its own lock).
"""

from __future__ import annotations

import fnmatch
import os
import re
from typing import List, Optional, Tuple

from .files import read_json, unlink, write_json

Rule = Tuple[str, str, Optional[int]]  # tool, subcommand pattern, n
FAIL_ENV = "PVESIM_FAIL"


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


def load_rules(rules_file: str) -> List[Rule]:
    """The rules of env PVESIM_FAIL, then those of RULES_FILE."""
    rules = parse_rules(os.environ.get(FAIL_ENV, ""))
    try:
        with open(rules_file) as fh:
            rules += parse_rules(fh.read())
    except FileNotFoundError:
        pass
    return rules


def should_fail(rules_file: str, counters_file: str, tool: str, sub: str) -> bool:
    """Count this call of TOOL SUB and say whether a rule makes it fail. Call with the lock
    that guards COUNTERS_FILE held."""
    cnt = read_json(counters_file)
    keys = {f"{tool}:{sub}"}
    rules = load_rules(rules_file)
    for rtool, rsub, _n in rules:
        if rtool == tool and fnmatch.fnmatchcase(sub, rsub):
            keys.add(f"{tool}:{rsub}")
    for k in keys:
        cnt[k] = int(cnt.get(k, 0)) + 1
    write_json(counters_file, cnt)
    for rtool, rsub, n in rules:
        if rtool != tool or not fnmatch.fnmatchcase(sub, rsub):
            continue
        if n is None or cnt[f"{tool}:{rsub}"] == n:
            return True
    return False


def counters(counters_file: str) -> dict:
    return read_json(counters_file)


def reset_counters(counters_file: str) -> None:
    unlink(counters_file)


def arm(rules_file: str, rule: str) -> None:
    """Append RULE to the rules file."""
    with open(rules_file, "a") as fh:
        fh.write(rule + "\n")


def disarm(rules_file: str) -> None:
    """Remove the rules file (every rule in it)."""
    unlink(rules_file)
