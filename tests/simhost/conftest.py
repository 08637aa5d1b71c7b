"""Simulated-host tier: the real CLI against the project's PVE simulator (tests/sim)
first on PATH, with real host accounts, a real Samba passdb and a real btrfs pool.
btrfs_pool and samba_sandbox are in tests/conftest.py; SimHost is in tests/lib/simhost.py."""

from __future__ import annotations

from typing import Iterator

import pytest

from tests.lib.btrfs import BtrfsPool
from tests.lib.samba import SambaSandbox
from tests.lib.simhost import SimHost, make_sim_host
from tests.lib.svchost import APT_PROXY, SvcHost, make_svc_host


@pytest.fixture
def sim_host(samba_sandbox: SambaSandbox, btrfs_pool: BtrfsPool) -> Iterator[SimHost]:
    host = make_sim_host(samba_sandbox, btrfs_pool)
    try:
        yield host
    finally:
        host.teardown()


@pytest.fixture
def svc_host(btrfs_pool: BtrfsPool) -> Iterator[SvcHost]:
    """A simulated node for pve-svc (tests/lib/svchost.py), btrfs quotas on."""
    btrfs_pool.enable_quota()
    host = make_svc_host(btrfs_pool, svc_apt_proxy=APT_PROXY)
    try:
        yield host
    finally:
        host.teardown()
