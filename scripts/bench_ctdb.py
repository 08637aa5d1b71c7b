#!/usr/bin/python3
"""VIP failover time on a real three-node CTDB cluster (network namespaces).

The cluster is built with the agent (tests/lib/ctdb_lab.py: `cluster init`,
`cluster reconcile`, clustered smbd serving share `data`), so it runs with the
tunables the agent sets (KeepaliveInterval=1, KeepaliveLimit=3, leader timeout = 2).
Each run crashes the node that holds the VIP (SIGKILL of ctdbd and smbd, its VIP
address dropped) and times how long until a new smbclient connection to the VIP
reads a file written before. Runs are split by whether the killed node was also the
CTDB leader (an election and the cluster lock come on top). Prints numbers; asserts
nothing. Needs root; holds /run/lock/pvgwt-lxc-net.lock like the tests.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.lib.ctdb_lab import (BRIDGE, N, CtdbLab, _ifindex,  # noqa: E402
                                 _routes_in_subnet, bring_up, destroy_lab, make_lab,
                                 prerequisites)
from tests.lib import netlock  # noqa: E402

RUNS = int(os.environ.get("PVESMBGW_BENCH_FAILOVER_RUNS", "3"))
TARGET = 10.0


def _make_leader(lab: CtdbLab, holder: int) -> None:
    """Try to make HOLDER the leader: the others give up the leader role (an election
    follows), then take it back so that they can lead once HOLDER is gone."""
    others = [i for i in range(1, N + 1) if i != holder]
    for i in others:
        lab.ctdb(i, "setleaderrole", "off", check=False)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if lab.ctdb(holder, "leader", check=False).stdout.strip() == str(holder - 1):
            break
        time.sleep(0.25)
    for i in others:
        lab.ctdb(i, "setleaderrole", "on", check=False)
    time.sleep(2)


def one_run(lab: CtdbLab, user: str, password: str, want_leader: bool,
            work: Path) -> Optional[tuple[bool, float, float]]:
    """(killed node was leader, VIP moved after s, new SMB connection after s)."""
    holder = lab.wait_vip()
    if want_leader and lab.leader(holder) != holder - 1:
        _make_leader(lab, holder)
        holder = lab.wait_vip()
    was_leader = lab.leader(holder) == holder - 1
    (work / "before.txt").write_text("before\n")
    if lab.smbclient(user, password, "put before.txt", work).returncode != 0:
        return None
    start = time.monotonic()
    lab.kill_node(holder)
    try:
        lab.wait_vip(exclude=holder)
    except AssertionError as exc:
        alive = [i for i in range(1, N + 1) if i != holder]
        print(f"  node{holder} (leader: {was_leader}) killed: {exc}\n"
              + "\n".join(lab.log_tail(i, 15) for i in alive))
        return None
    moved = time.monotonic() - start
    while time.monotonic() - start < 60:
        (work / "after.txt").unlink(missing_ok=True)
        if lab.smbclient(user, password, "get before.txt after.txt", work).returncode == 0:
            break
        time.sleep(0.1)
    else:
        return None
    served = time.monotonic() - start
    lab.restart_node(holder)
    lab.wait_ok(1 if holder != 1 else 2, list(range(1, N + 1)))
    return was_leader, moved, served


def main() -> int:
    reason = prerequisites()
    if reason:
        print(f"bench ctdb failover: skipped: {reason}")
        return 0
    try:
        netlock.acquire()
    except netlock.NetworkBusy as exc:
        print(f"bench ctdb failover: skipped: {exc}")
        return 0
    try:
        busy = _routes_in_subnet()
        if busy or _ifindex(BRIDGE) is not None:
            print(f"bench ctdb failover: skipped: 198.51.100.0/24 in use ({busy or BRIDGE})")
            return 0
        lab = make_lab()
        bridge = None
        try:
            lab.build_network()
            bridge = _ifindex(BRIDGE)
            start = time.monotonic()
            user, password = bring_up(lab)
            print(f"\nCTDB failover bench: 3 nodes in netns, cluster up and serving in "
                  f"{time.monotonic() - start:.1f} s; tunables as the agent sets them "
                  "(KeepaliveInterval=1, KeepaliveLimit=3, leader timeout = 2)")
            results: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
            with tempfile.TemporaryDirectory() as work:
                for attempt in range(4 * RUNS):
                    want = len(results[True]) < len(results[False])
                    if min(len(results[False]), len(results[True])) >= RUNS:
                        break
                    got = one_run(lab, user, password, want, Path(work))
                    if got is None:
                        print("  a run failed; stopping")
                        break
                    results[got[0]].append((got[1], got[2]))
                    print(f"  run {attempt + 1}: {'leader' if got[0] else 'non-leader'} "
                          f"killed, VIP moved {got[1]:.2f} s, SMB OK {got[2]:.2f} s",
                          flush=True)
            for leader, label in ((False, "non-leader"), (True, "leader")):
                rows = results[leader]
                if not rows:
                    print(f"  {label:<11} no runs")
                    continue
                moved = statistics.median(r[0] for r in rows)
                served = statistics.median(r[1] for r in rows)
                print(f"  {label:<11} VIP moved {moved:5.2f} s, new SMB connection reads the "
                      f"file after {served:5.2f} s (median of {len(rows)}, max "
                      f"{max(r[1] for r in rows):.2f} s; target < {TARGET:.0f} s)")
        finally:
            problems = destroy_lab(lab, bridge)
            if problems:
                print(f"bench ctdb failover: teardown: {problems}")
    finally:
        netlock.release()
    return 0


if __name__ == "__main__":
    sys.exit(main())
