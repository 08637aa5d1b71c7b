"""Markers, and the fixtures more than one tier uses (so that a session makes one of each:
one btrfs pool, one LXC test bridge). The code behind them is in tests/lib."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Iterator

import pytest

from tests.lib import btrfs, lxc_env, samba
from tests.lib.btrfs import BtrfsPool
from tests.lib.lxc_env import Bridge, TrackingBackend
from tests.lib.proc import missing_tools, require_root
from tests.lib.samba import SambaSandbox


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def pytest_configure(config: pytest.Config) -> None:
    # A run that is stopped (SIGTERM from CI's time limit or an administrator, SIGINT to a
    # session that scripts/run-tests.sh started in the background, where the shell makes
    # it ignore SIGINT) ends as on Ctrl-C: pytest tears every fixture down, so the labs'
    # bridges, namespaces, daemons, containers and VMs go with it.
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    config.addinivalue_line("markers", "lxc: needs real unprivileged LXC containers")
    config.addinivalue_line("markers", "testnet: uses the 198.51.100.0/24 test network "
                            "(one user at a time: tests/lib/netlock.py)")
    config.addinivalue_line("markers", "long: takes minutes (`-m 'not long'` for a quick run)")


# The fixtures that put the test network on interfaces (LXC bridge, CTDB lab, AD lab).
TESTNET_FIXTURES = {"lxc_bridge", "ctdb_lab", "ad_domain"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Marked, so that scripts/run-tests.sh can run them beside the rest: everything
    # else needs no test network, and these need it one at a time.
    for item in items:
        if TESTNET_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.testnet)


# CI sets this: every tier (LXC, AD DC, CTDB, GUI, smbtorture) can run on its machine kind,
# so a skip there means a tier silently did not run; it is reported as a failure instead.
FAIL_ON_SKIP = os.environ.get("PVGWT_FAIL_ON_SKIP") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if FAIL_ON_SKIP and report.skipped and not hasattr(report, "wasxfail"):
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped, but PVGWT_FAIL_ON_SKIP=1 requires every tier to run: {reason}"


# --------------------------------------------------------------------------------------------
# the host's own Samba: no test may touch it
# --------------------------------------------------------------------------------------------

HOST_SAMBA_FILES = (Path("/etc/samba/smb.conf"), Path("/etc/samba/pvesmbgw-shares.conf"))
_host_samba_before: dict[str, object] = {}


def _smbd_conf(argv: list[str]) -> str:
    """The configuration file an smbd command line names (smbd's default without one)."""
    for i, arg in enumerate(argv):
        if arg in ("-s", "--configfile") and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--configfile="):
            return arg.split("=", 1)[1]
        if arg.startswith("-s") and len(arg) > 2:
            return arg[2:]
    return "/etc/samba/smb.conf"


def host_samba_state() -> dict[str, object]:
    """What the tests must leave alone: the host's Samba configuration files (their
    change times) and the smbd processes that serve them (in this root file system:
    a container's or a chroot's smbd has its own /etc)."""
    state: dict[str, object] = {}
    for path in HOST_SAMBA_FILES:
        try:
            state[str(path)] = path.stat().st_ctime_ns
        except FileNotFoundError:
            state[str(path)] = None
    root = os.stat("/")
    pids = []
    for proc in Path("/proc").iterdir():
        try:
            argv = (proc / "cmdline").read_bytes().decode(errors="replace").split("\0")
            if Path(argv[0]).name != "smbd" or _smbd_conf(argv) != str(HOST_SAMBA_FILES[0]):
                continue
            st = os.stat(proc / "root")
        except OSError:
            continue
        if (st.st_dev, st.st_ino) == (root.st_dev, root.st_ino):
            pids.append(int(proc.name))
    state["smbd"] = sorted(pids)
    return state


def pytest_sessionstart(session: pytest.Session) -> None:
    _host_samba_before.update(host_samba_state())


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    after = host_samba_state()
    changed = {k: (_host_samba_before.get(k), v) for k, v in after.items()
               if _host_samba_before.get(k) != v}
    if changed:
        print(f"\nthe test session changed the host's own Samba (before, after): {changed}; "
              "a test ran the agent without a Samba sandbox")
        session.exitstatus = 1


# --------------------------------------------------------------------------------------------
# btrfs and Samba (tests/real, tests/simhost)
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def btrfs_pool() -> Iterator[BtrfsPool]:
    """Session-wide btrfs filesystem on a loop file (quota NOT enabled; see enable_quota())."""
    with btrfs.btrfs_pool() as pool:
        yield pool


@pytest.fixture
def samba_sandbox() -> Iterator[SambaSandbox]:
    """Function-scoped private Samba sandbox; smbd is NOT started (use .start() or the agent)."""
    require_root("samba_sandbox")
    missing = missing_tools("smbd", "smbcontrol", "smbpasswd", "pdbedit")
    if missing:
        pytest.skip(f"samba_sandbox: missing tools {missing}")
    sandbox = samba.make_samba_sandbox()
    try:
        yield sandbox
    finally:
        sandbox.close()


# --------------------------------------------------------------------------------------------
# LXC (tests/real/test_lxc_backend.py, tests/simhost/test_*_real.py): one test network
# --------------------------------------------------------------------------------------------


# Module scope: other labs (CTDB) need the range's one route between LXC test modules.
@pytest.fixture(scope="module")
def lxc_bridge() -> Iterator[Bridge]:
    """The test bridge (created here, deleted by name when the test module ends)."""
    with lxc_env.bridge() as bridge:
        yield bridge


@pytest.fixture(scope="module")
def lxc_ready(lxc_bridge: Bridge) -> Bridge:
    """Skip unless an unprivileged container can start here (probe once per session)."""
    return lxc_env.require_containers(lxc_bridge)


@pytest.fixture
def lxc_backend(lxc_ready: Bridge) -> Iterator[TrackingBackend]:
    """A fresh backend (own lxcpath) whose vmbr0 is the test bridge; everything it created is
    stopped and destroyed by name afterwards, and the test fails if anything is left."""
    with lxc_env.tracking_backend(lxc_ready) as backend:
        yield backend
