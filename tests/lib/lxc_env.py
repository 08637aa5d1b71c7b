"""What the tests that run real, unprivileged LXC containers through pvesim's `lxc` backend
need. The fixtures (in tests/conftest.py, so that every tier shares one bridge) are thin
wrappers around ``bridge()``, ``require_containers()`` and ``tracking_backend()``:

* ``lxc_bridge`` (module): a host bridge ``br-pvgwt`` (``PVGWT_LXC_BRIDGE`` renames it) with
  198.51.100.254/24, no uplink, created here and deleted by name (after checking its ifindex)
  when the test module ends.  It holds the test network (tests/lib/netlock.py: an flock on
  /run/lock/pvgwt-lxc-net.lock, waited for up to ``PVGWT_LXC_LOCK_WAIT`` s, default 300),
  because 198.51.100.0/24 can only be routed to one bridge.
* ``lxc_ready`` (module): skips, with the reason, when containers cannot run: not root,
  LXC or debootstrap missing, no user namespaces, the rootfs cannot be built, or a probe
  container (default idmap, no network) does not start.  Builds the cached rootfs with
  tests/sim/build-lxc-rootfs.sh (~45 s, once per machine; ``PVGWT_LXC_BUILD=0`` skips instead).
* ``lxc_backend`` (function): an ``LxcBackend`` with its state in /tmp/pvgwt-lxc-XXXX, PVE
  bridge ``vmbr0`` mapped to the test bridge.  Teardown stops and destroys every container in
  its lxcpath by name and fails the test if a container, veth, mount or cgroup is left.

Nothing here imports pvesmbgw.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Optional

import pytest

from . import netlock
from .netlock import ifindex as _ifindex, routes_in_subnet as _routes_in_subnet
from .paths import use_simulator
from .proc import run

use_simulator()

from pvesim.backends import lxc as backend_lxc  # noqa: E402
from pvesim.backends.lxc import LxcBackend  # noqa: E402

BRIDGE = os.environ.get("PVGWT_LXC_BRIDGE", "br-pvgwt")
SUBNET = netlock.SUBNET
HOST_IP = "198.51.100.254"
LOCK_FILE = netlock.LOCK_FILE
PROBE_VMID = 9199
CLAIM = "lxc"  # netlock's record of the bridge, for a run killed before its teardown
LXC_TOOLS = ("lxc-start", "lxc-stop", "lxc-attach", "lxc-info", "lxc-ls", "lxc-destroy")


def _run(argv: list[str], check: bool = False,
         timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return run(argv, check=check, timeout=timeout)


def host_prerequisites() -> Optional[str]:
    """Why this host cannot run the LXC tests at all (None if it might)."""
    if os.geteuid() != 0:
        return "LXC tests need root"
    missing = [t for t in LXC_TOOLS if shutil.which(t) is None]
    if missing:
        return (f"LXC is not installed ({', '.join(missing)} missing): "
                "apt-get install --no-install-recommends lxc debootstrap")
    if not backend_lxc.INIT_SRC.exists():
        return f"{backend_lxc.INIT_SRC} missing (package lxc)"
    if shutil.which("smbclient") is None:
        return "smbclient is not installed"
    if not Path("/proc/self/ns/user").exists():
        return "kernel without user namespaces (CONFIG_USER_NS)"
    try:
        if int(Path("/proc/sys/user/max_user_namespaces").read_text()) == 0:
            return "user namespaces disabled (user.max_user_namespaces = 0)"
    except OSError:
        pass
    if not backend_lxc.template_ready():
        if os.environ.get("PVGWT_LXC_BUILD", "1") == "0":
            return (f"LXC rootfs {backend_lxc.template_path()} is not built and PVGWT_LXC_BUILD=0 "
                    f"(run {backend_lxc.BUILD_SCRIPT})")
        if shutil.which("debootstrap") is None:
            return ("LXC rootfs is not built and debootstrap is not installed: "
                    "apt-get install --no-install-recommends debootstrap")
    return None


# --------------------------------------------------------------------------------------------
# bridge
# --------------------------------------------------------------------------------------------


@dataclass
class Bridge:
    name: str
    ifindex: int
    host_ip: str
    subnet: str


@contextlib.contextmanager
def bridge(prerequisites: Optional[Callable[[], Optional[str]]] = None) -> Iterator[Bridge]:
    """The test bridge (created here, deleted by name on exit); skips when it cannot be
    (PREREQUISITES: why not, default the LXC tier's host_prerequisites)."""
    reason = (prerequisites or host_prerequisites)()
    if reason:
        pytest.skip(reason)
    netlock.acquire_or_skip()
    created: Optional[Bridge] = None
    try:
        netlock.reclaim(CLAIM)
        if _ifindex(BRIDGE) is not None:
            pytest.skip(f"interface {BRIDGE} already exists; not touching it (delete it or set "
                        "PVGWT_LXC_BRIDGE)")
        busy = _routes_in_subnet()
        if busy:
            pytest.skip(f"{SUBNET} is already routed on this host ({'; '.join(busy)}); "
                        "the LXC tests need it for their own bridge")
        proc = _run(["ip", "link", "add", BRIDGE, "type", "bridge"])
        if proc.returncode != 0:
            pytest.skip(f"cannot create bridge {BRIDGE}: {proc.stderr.strip()}")
        netlock.claim(CLAIM, [BRIDGE])
        idx = _ifindex(BRIDGE)
        assert idx is not None
        created = Bridge(BRIDGE, idx, HOST_IP, SUBNET)
        _run(["ip", "addr", "add", f"{HOST_IP}/24", "dev", BRIDGE], check=True)
        _run(["ip", "link", "set", BRIDGE, "up"], check=True)
        yield created
    finally:
        try:
            if created is not None and _ifindex(created.name) == created.ifindex:
                _run(["ip", "link", "del", created.name], check=True)
            if created is not None:
                netlock.release_claim(CLAIM)
        finally:
            netlock.release()


# --------------------------------------------------------------------------------------------
# backend
# --------------------------------------------------------------------------------------------


def _make_state_dir() -> Path:
    d = Path(tempfile.mkdtemp(prefix="pvgwt-lxc-"))
    d.chmod(0o755)
    return d


def leftovers(backend: LxcBackend) -> list[str]:
    """Everything of this backend that should be gone after cleanup()."""
    out = []
    if backend.lxcpath.is_dir():
        names = _run(["lxc-ls", "-P", str(backend.lxcpath), "-1"]).stdout.split()
        out += [f"container {n} in {backend.lxcpath}" for n in names]
    prefix = backend.veth_prefix
    used = getattr(backend, "used_vmids", set())
    for link in Path("/sys/class/net").iterdir():
        rest = link.name[len(prefix):] if link.name.startswith(prefix) else ""
        # only the veths (veth<vmid>i<n>) of vmids this backend used
        if "i" in rest and rest.split("i")[0] in used:
            out.append(f"veth {link.name}")
    for line in Path("/proc/mounts").read_text().splitlines():
        if str(backend.state_dir) in line.split()[1]:
            out.append(f"mount {line}")
    out += [f"cgroup {d}" for d in backend._cgroup_dirs()]
    return out


class TrackingBackend(LxcBackend):
    """LxcBackend that remembers the vmids it was asked to create (for the leftover check)."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.used_vmids: set[str] = set()

    def create(self, vmid, conf, rootfs_dir=None):  # type: ignore[no-untyped-def]
        self.used_vmids.add(str(int(vmid)))
        return super().create(vmid, conf, rootfs_dir)


_probe: dict[str, Optional[str]] = {}


def require_containers(bridge: Bridge) -> Bridge:
    """Skip unless an unprivileged container can start here (probe: default idmap, no network;
    once per session); returns BRIDGE."""
    if "reason" not in _probe:
        _probe["reason"] = _probe_containers()
    if _probe["reason"]:
        pytest.skip(_probe["reason"])
    return bridge


def _probe_containers() -> Optional[str]:
    """Why containers cannot run here, or None; builds the cached rootfs first."""
    try:
        backend_lxc.ensure_template()
    except backend_lxc.BackendError as exc:
        return f"cannot build the LXC rootfs: {exc}"
    state = _make_state_dir()
    b = TrackingBackend(state)
    reason = None
    try:
        conf = "hostname: probe\nmemory: 64\nswap: 0\nunprivileged: 1\n"
        b.create(PROBE_VMID, conf)
        try:
            b.start(PROBE_VMID, conf)
            rc, out, err = b.exec(PROBE_VMID, ["cat", "/proc/self/uid_map"])
            if rc != 0 or "100000" not in str(out):
                reason = f"probe container runs but its uid_map is wrong: {out!r} {err!r}"
        except backend_lxc.BackendError as exc:
            reason = f"an unprivileged LXC container does not start here: {exc}"
    finally:
        problems = b.cleanup() + leftovers(b)
        shutil.rmtree(state, ignore_errors=True)
    if problems:
        raise RuntimeError(f"LXC probe left things behind: {problems}")
    return reason


@contextlib.contextmanager
def tracking_backend(bridge: Bridge) -> Iterator[TrackingBackend]:
    """A fresh backend (own lxcpath) whose vmbr0 is BRIDGE; everything it created is
    stopped and destroyed by name on exit, which fails if anything is left."""
    state = _make_state_dir()
    b = TrackingBackend(state, bridge_map={"vmbr0": bridge.name})
    try:
        yield b
    finally:
        problems = b.cleanup()
        problems += leftovers(b)
        if not problems:
            shutil.rmtree(state, ignore_errors=True)
        if problems:
            raise RuntimeError(f"lxc_backend teardown left: {problems} (state kept in {state})")
