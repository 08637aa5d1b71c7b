"""Real-component tier: fixtures that drive a real btrfs filesystem and a real, private smbd.

Nothing here imports pvesmbgw; the fixtures only provide the environment the agent runs in,
and everything they create is removed again on teardown. btrfs_pool and samba_sandbox are in
tests/conftest.py (the simulated-host tier uses them too); the code behind every fixture is in
tests/lib. See README.md in this directory for the API.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

import pytest

from tests.lib import ctdb_lab as ctdb
from tests.lib.agenthost import AgentHost, make_agent_host
from tests.lib.btrfs import BtrfsPool
from tests.lib.ctdb_lab import CtdbLab
from tests.lib.proc import missing_tools, require_root
from tests.lib.samba import SambaSandbox, SambaUserFactory, SmbClient, run_smbclient

HERE = Path(__file__).resolve().parent


@pytest.fixture
def smbclient() -> SmbClient:
    """The run_smbclient helper: smbclient(sandbox, share, user, password, commands, cwd=...)."""
    if shutil.which("smbclient") is None:
        pytest.skip("smbclient not installed")
    return run_smbclient


@pytest.fixture
def samba_user() -> Iterator[SambaUserFactory]:
    """Factory fixture for throwaway users; see SambaUserFactory."""
    require_root("samba_user")
    missing = missing_tools("useradd", "userdel", "getent", "smbpasswd", "pdbedit")
    if missing:
        pytest.skip(f"samba_user: missing tools {missing}")
    factory = SambaUserFactory()
    try:
        yield factory
    finally:
        factory.cleanup()


@pytest.fixture
def agent_host(samba_sandbox: SambaSandbox, btrfs_pool: BtrfsPool) -> Iterator[AgentHost]:
    """A host for the real CLI in the sandbox, with its own directory in the pool."""
    host = make_agent_host(samba_sandbox, btrfs_pool)
    try:
        yield host
    finally:
        host.teardown()


@pytest.fixture(scope="module")
def ctdb_lab() -> Iterator[CtdbLab]:
    """Network, directories and agent configs of three CTDB nodes; nothing started yet."""
    with ctdb.built_lab() as lab:
        yield lab


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "real: real-component tier (root, btrfs loop device, smbd)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.real)
