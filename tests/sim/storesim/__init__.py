"""storesim: stateful simulators of zfs, zpool, ceph and rbd for the pvesmbgw test suite.

Python API for fixtures (see README.md):
    init_storage(state_dir, root_dir, ...) -> StoreState   create pools, CephFS, RBD
    cleanup(state_dir) -> list of devices                  unmount + detach every 'rbd map' loop
    arm(state_dir, rule) / disarm(state_dir)                fault rules (shared $PVESIM_STATE/faults)
    reset_counters(state_dir), calls(state_dir)             fault counters, the call log
    seed_snapshots(state_dir, dataset, names, creations)    many ZFS snapshots at once (benchmarks)
    bin_dir()                                               tests/sim/bin (put first on PATH)
"""

from __future__ import annotations

import os
import subprocess
from typing import Dict, List, Optional, Sequence, Tuple

from .common import StateError, StoreState
from .faults import arm, disarm

GiB = 1 << 30
__all__ = ["init_storage", "cleanup", "arm", "disarm", "reset_counters", "calls", "bin_dir",
           "env", "seed_snapshots", "StoreState", "StateError", "GiB"]


def bin_dir() -> str:
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bin")


def init_storage(state_dir: str, root_dir: str, *,
                 pools: Sequence[Tuple[str, int]] = (("rpool", 100 * GiB),),
                 tank: bool = False,
                 datasets: Sequence[str] = ("rpool/data",),
                 ceph_volumes: Sequence[str] = ("cephfs",),
                 rbd_pools: Sequence[str] = ("rbd",),
                 ceph_raw_size: int = 300 * GiB,
                 mons: Sequence[str] = ("198.51.100.10:6789",),
                 node: str = "pve") -> StoreState:
    """Create the simulated storage of one host under STATE_DIR/storage.

    root_dir receives the real data: <root_dir>/rpool (pool root dataset, altroot = root_dir),
    <root_dir>/rpool/data, <root_dir>/tank (tank=True: a 1 TiB second pool), <root_dir>/cephfs
    (the CephFS volume 'cephfs'); RBD image files live in STATE_DIR/storage/rbd/<pool>/.
    STATE_DIR may be a pvesim state directory (PVESIM_STATE) or an empty/new directory.
    """
    from . import ceph as _ceph
    from . import rbd as _rbd
    from . import zfs as _zfs

    state_dir = os.path.abspath(state_dir)
    root_dir = os.path.abspath(root_dir)
    sdir = os.path.join(state_dir, "storage")
    if os.path.isfile(os.path.join(sdir, "config.json")):
        raise StateError(f"storesim: '{state_dir}' already has simulated storage")
    os.makedirs(sdir, exist_ok=True)
    os.makedirs(root_dir, exist_ok=True)
    pools = list(pools)
    if tank and not any(p[0] == "tank" for p in pools):
        pools.append(("tank", 1024 * GiB))
    import json
    with open(os.path.join(sdir, "config.json"), "w") as fh:
        json.dump({"root_dir": root_dir, "created": __import__("time").time(), "node": node},
                  fh, indent=1, sort_keys=True)
    st = StoreState(state_dir)
    with st.lock():
        _zfs.init_pools(st, pools, [d for d in datasets if d.split("/")[0] in dict(pools)])
        _ceph.init_ceph(st, volumes=ceph_volumes, rbd_pools=rbd_pools, raw_size=ceph_raw_size,
                        mons=mons, node=node)
        _rbd.init_rbd(st, pools=rbd_pools)
    return st


def cleanup(state_dir: str) -> List[str]:
    """Unmount and detach every loop device 'rbd map' attached for this state (test teardown).

    Only devices recorded in the state, and only while they still back the recorded image
    file, are touched.  Returns the devices detached."""
    from .rbd import dev_mounted, loop_backing
    try:
        st = StoreState(state_dir)
    except StateError:
        return []
    done: List[str] = []
    with st.lock():
        data = st.load("rbd")
        keep = []
        for m in data.get("mappings", []):
            dev = m.get("device", "")
            if not dev.startswith("/dev/loop") or loop_backing(dev) != m.get("backing"):
                continue
            for mp in sorted(dev_mounted(dev), key=len, reverse=True):
                r = subprocess.run(["umount", mp], capture_output=True)
                if r.returncode != 0:
                    subprocess.run(["umount", "-l", mp], capture_output=True)
            r = subprocess.run(["losetup", "-d", dev], capture_output=True)
            if r.returncode == 0:
                done.append(dev)
            else:
                keep.append(m)
        data["mappings"] = keep
        st.save("rbd", data)
    return done


def seed_snapshots(state_dir: str, dataset: str, names: Sequence[str],
                   creations: Optional[Sequence[int]] = None) -> None:
    """Create snapshots DATASET@NAME for every name, oldest first, each in its own txg, as if
    'zfs snapshot' had been run once per name (without spawning a process per snapshot).
    creations: epoch seconds for the 'creation' property (default: now)."""
    from .zfs import ZfsError, seed_snapshots as _seed
    st = StoreState(state_dir)
    with st.lock():
        try:
            _seed(st, dataset, names, creations)
        except ZfsError as e:
            raise StateError(e.msg)


def reset_counters(state_dir: str) -> None:
    from . import faults
    faults.reset_counters(StoreState(state_dir))


def calls(state_dir: str, tool: Optional[str] = None) -> List[dict]:
    """The call log ($PVESIM_STATE/storage/calls.log), optionally for one tool."""
    recs = StoreState(state_dir).read_log()
    return [r for r in recs if tool is None or r.get("tool") == tool]


def env(state_dir: str, base: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    """An environment with PVESIM_STATE set and tests/sim/bin first on PATH."""
    e = dict(os.environ if base is None else base)
    e["PVESIM_STATE"] = os.path.abspath(state_dir)
    e["PATH"] = bin_dir() + os.pathsep + e.get("PATH", "")
    return e
