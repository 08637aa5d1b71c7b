"""Fault injection, shared with pvesim.

Rules come from env PVESIM_FAIL and from the file $PVESIM_STATE/faults (one rule
per line or comma separated, '#' comments), exactly as for pvesim:

    TOOL:SUBCOMMAND[:N]

TOOL is zfs, zpool, ceph or rbd; SUBCOMMAND is the canonical command words joined by
single spaces (a shell glob is allowed); N makes only the N-th such call fail.
Canonical subcommands:
  zfs:   create destroy snapshot rollback set get inherit list mount unmount
  zpool: list status get
  ceph:  status df 'fs volume ls' 'fs subvolume create|ls|info|getpath|resize|rm|exist'
         'fs subvolumegroup create|ls|rm|getpath'
         'fs subvolume snapshot create|ls|info|rm'
  rbd:   create info ls resize rm 'snap create|ls|rm|rollback|protect|unprotect|purge'
         map unmap showmapped   (aliases: 'rbd remove' = rm, 'rbd list' = ls,
         'snap add' = 'snap create', 'snap remove' = 'snap rm', 'snap revert' = 'snap rollback',
         'device map|unmap|list' = map|unmap|showmapped)
e.g.  PVESIM_FAIL='zfs:snapshot:2,ceph:fs subvolume resize,rbd:map'

The rule syntax and the counting are pvesim.faults' own (imported when available, with an
identical fallback here).  The simulated storage tools keep their call counters in
$PVESIM_STATE/storage/counters.json, under their own lock, so pvesim's reset_counters()
does not touch them: use storesim.reset_counters().
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
from typing import List, Optional, Tuple

try:  # the rule grammar and counting are pvesim's; reuse them when that package is importable
    from pvesim import faults as _pvesim_faults  # type: ignore
    if not all(hasattr(_pvesim_faults, n) for n in ("should_fail", "parse_rules")):
        _pvesim_faults = None
except Exception:  # pragma: no cover - pvesim absent or broken
    _pvesim_faults = None

Rule = Tuple[str, str, Optional[int]]


class _View:
    """What pvesim.faults expects of its state object: p(name) -> path.

    'faults' is the shared rule file at the top of the state directory; the counters
    live in storage/ (guarded by the storage lock)."""

    def __init__(self, st) -> None:
        self.st = st

    def p(self, name: str) -> str:
        if name == "faults":
            return os.path.join(self.st.root, "faults")
        return self.st.p(name)


def parse_rules(text: str) -> List[Rule]:
    if _pvesim_faults is not None:
        return _pvesim_faults.parse_rules(text)
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


def _load_rules(view: _View) -> List[Rule]:
    rules = parse_rules(os.environ.get("PVESIM_FAIL", ""))
    try:
        with open(view.p("faults")) as fh:
            rules += parse_rules(fh.read())
    except FileNotFoundError:
        pass
    return rules


def _should_fail_fallback(view: _View, tool: str, sub: str) -> bool:
    try:
        with open(view.p("counters.json")) as fh:
            cnt = json.load(fh)
    except (FileNotFoundError, ValueError):
        cnt = {}
    rules = _load_rules(view)
    keys = {f"{tool}:{sub}"}
    for rtool, rsub, _n in rules:
        if rtool == tool and fnmatch.fnmatchcase(sub, rsub):
            keys.add(f"{tool}:{rsub}")
    for k in keys:
        cnt[k] = int(cnt.get(k, 0)) + 1
    tmp = view.p("counters.json") + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(cnt, fh, indent=1, sort_keys=True)
    os.replace(tmp, view.p("counters.json"))
    for rtool, rsub, n in rules:
        if rtool == tool and fnmatch.fnmatchcase(sub, rsub):
            if n is None or cnt[f"{tool}:{rsub}"] == n:
                return True
    return False


def should_fail(st, tool: str, sub: str) -> bool:
    """Count this call and say whether a rule makes it fail (call with the storage lock held)."""
    view = _View(st)
    if _pvesim_faults is not None:
        return bool(_pvesim_faults.should_fail(view, tool, sub))
    return _should_fail_fallback(view, tool, sub)


def counters(st) -> dict:
    try:
        with open(st.p("counters.json")) as fh:
            return json.load(fh)
    except (FileNotFoundError, ValueError):
        return {}


def reset_counters(st) -> None:
    try:
        os.unlink(st.p("counters.json"))
    except FileNotFoundError:
        pass


def arm(state_dir: str, rule: str) -> None:
    """Append a rule to $PVESIM_STATE/faults (shared with pvesim)."""
    with open(os.path.join(state_dir, "faults"), "a") as fh:
        fh.write(rule + "\n")


def disarm(state_dir: str) -> None:
    """Remove $PVESIM_STATE/faults (this also drops pvesim rules kept there)."""
    try:
        os.unlink(os.path.join(state_dir, "faults"))
    except FileNotFoundError:
        pass
