"""Helpers for tests that drive the simulated tools as subprocesses.

    import sys; sys.path.insert(0, "<repo>/tests/sim")
    from pvesim.model.state import init_state
    from pvesim.fixtures import sim_env, run

    st = init_state(tmp_path / "pve", pve_version=9,
                    templates=["debian-12-standard_12.12-1_amd64.tar.zst"])
    env = sim_env(st)                 # PVESIM_STATE + tests/sim/bin first on PATH
    subprocess.run(["pve-smbgateway", ...], env=env)
    r = run(st, "pct", "list")        # CompletedProcess (text)
"""

from __future__ import annotations

import os
import subprocess
from typing import Dict, Mapping, Optional, Union

from .model.state import State, bin_dir

PathLike = Union[str, "os.PathLike[str]"]


def _root(state: Union[State, PathLike]) -> str:
    return state.root if isinstance(state, State) else os.path.abspath(os.fspath(state))


def sim_env(state: Union[State, PathLike], base: Optional[Mapping[str, str]] = None,
            **extra: str) -> Dict[str, str]:
    """A copy of BASE (default os.environ) with PVESIM_STATE set and tests/sim/bin first on PATH.

    Keyword arguments add more variables, e.g. PVESIM_PVE_VERSION='8', PVESIM_FAIL='pct:create'.
    """
    env = dict(os.environ if base is None else base)
    env["PVESIM_STATE"] = _root(state)
    path = env.get("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
    parts = [p for p in path.split(":") if p and p != bin_dir()]
    env["PATH"] = ":".join([bin_dir()] + parts)
    env.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    env.update(extra)
    return env


def run(state: Union[State, PathLike], *argv: str, input: Optional[str] = None,
        env: Optional[Mapping[str, str]] = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run a simulated tool (argv[0] is 'pct', 'pveam', 'pvesh' or 'qm') against STATE."""
    e = sim_env(state, env)
    cmd = [os.path.join(bin_dir(), argv[0])] + list(argv[1:]) if argv[0] in ("pct", "pveam", "pvesh", "qm") \
        else list(argv)
    return subprocess.run(cmd, input=input, capture_output=True, text=True, env=e, timeout=timeout,
                          stdin=None if input is not None else subprocess.DEVNULL)
