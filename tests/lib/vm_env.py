"""What tests that run real QEMU VMs through pvesim's ``qm`` (PVESIM_VM_BACKEND=qemu) need.

* ``bridge()``: the test bridge br-pvgwt with 198.51.100.254/24 (tests/lib/lxc_env.py's,
  holding the 198.51.100.0/24 flock of tests/lib/netlock.py), skipping only when this host
  cannot boot a guest (qemu_vm.host_prerequisites) or the network is taken;
* ``qemu_state(bridge_name)``: a fresh simulated node (state in /tmp/pvgwt-vm-XXXX, short
  enough for unix socket paths) whose VMs run under real QEMU; on exit every QEMU /
  virtiofsd of it is stopped by PID and its taps deleted (``pvesim.backends.qemu.stop_all``),
  then ``leftovers(disks=False)`` must be empty (AssertionError otherwise) and the directory goes;
* ``env(state)``: the environment for the simulated tools (PVESIM_STATE, PATH and
  ``QEMU_ENV``: the qemu backend, its accelerator chosen by the probe, cached with the image).

Nothing here imports pvesmbgw.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path
from typing import Dict, Iterator, Optional

from . import lxc_env, qemu_vm
from .paths import use_simulator

use_simulator()

from pvesim.backends import qemu as qemu_backend  # noqa: E402
from pvesim.fixtures import sim_env  # noqa: E402
from pvesim.model.state import State, init_state  # noqa: E402

Bridge = lxc_env.Bridge


def host_prerequisites() -> Optional[str]:
    reason = qemu_vm.host_prerequisites()
    if reason:
        return reason
    for tool, pkg in (("genisoimage", "genisoimage"), ("ip", "iproute2")):
        if shutil.which(tool) is None:
            return f"{tool} is not installed: apt-get install --no-install-recommends {pkg}"
    if not Path(qemu_backend.VIRTIOFSD).exists():
        return f"{qemu_backend.VIRTIOFSD} missing (package qemu-system-common)"
    if not Path("/dev/net/tun").exists():
        return "/dev/net/tun missing (no tap devices)"
    return None


@contextlib.contextmanager
def bridge() -> Iterator[Bridge]:
    with lxc_env.bridge(host_prerequisites) as br:
        yield br


def add_bridge(state_dir: Path, name: str) -> None:
    """Let the simulated node at STATE_DIR know host bridge NAME (its VMs' taps go there)."""
    st = State(str(state_dir))
    st.settings()["bridges"] = [*st.settings().get("bridges", []), name]
    st.save_settings()


# Real VMs: KVM where the backend's probe finds it faster than TCG on this machine (once,
# the result cached beside the image), else TCG.
QEMU_ENV = {"PVESIM_VM_BACKEND": "qemu", "PVESIM_VM_ACCEL": "auto",
            "PVESIM_VM_PROBE_FILE": str(qemu_vm.cache_dir() / "qemu-accel.json")}


def env(state: State, **extra: str) -> Dict[str, str]:
    return sim_env(state, **QEMU_ENV, **extra)


@contextlib.contextmanager
def qemu_state(bridge_name: str, pve_version: int = 9, snippets: bool = True) -> Iterator[State]:
    """A simulated node with the qemu backend; cleaned up fully on exit (see module doc)."""
    d = Path(tempfile.mkdtemp(prefix="pvgwt-vm-"))
    d.chmod(0o755)
    st = init_state(str(d / "pve"), pve_version=pve_version, bridges=(bridge_name,),
                    snippets=snippets)
    try:
        yield st
    finally:
        try:
            qemu_backend.stop_all(st.root)
            left = qemu_backend.leftovers(st.root, disks=False)
            assert not left, f"qemu backend left behind: {left}"
        finally:
            shutil.rmtree(d, ignore_errors=True)
