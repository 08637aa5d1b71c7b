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

The rule grammar and the counting are simcommon.faults' (shared with pvesim).  The
simulated storage tools keep their call counters in
$PVESIM_STATE/storage/counters.json, under their own lock, so pvesim's reset_counters()
does not touch them: use storesim.reset_counters().
"""

from __future__ import annotations

import os

from simcommon import faults as _faults
from simcommon.faults import Rule, parse_rules  # noqa: F401  (part of this module's API)


def _rules_file(state_dir: str) -> str:
    """The rule file is pvesim's, at the top of the state directory."""
    return os.path.join(state_dir, "faults")


def should_fail(st, tool: str, sub: str) -> bool:
    """Count this call and say whether a rule makes it fail (call with the storage lock held)."""
    return _faults.should_fail(_rules_file(st.root), st.p("counters.json"), tool, sub)


def counters(st) -> dict:
    return _faults.counters(st.p("counters.json"))


def reset_counters(st) -> None:
    _faults.reset_counters(st.p("counters.json"))


def arm(state_dir: str, rule: str) -> None:
    """Append a rule to $PVESIM_STATE/faults (shared with pvesim)."""
    _faults.arm(_rules_file(state_dir), rule)


def disarm(state_dir: str) -> None:
    """Remove $PVESIM_STATE/faults (this also drops pvesim rules kept there)."""
    _faults.disarm(_rules_file(state_dir))
