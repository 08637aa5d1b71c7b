"""Markers shared by every tier."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "lxc: needs real unprivileged LXC containers")


# The LXC fixtures are session-wide and hold one test network: defined once here,
# so that every tier shares the same bridge instead of waiting for each other.
from tests.real.lxc_env import lxc_backend, lxc_bridge, lxc_ready  # noqa: E402,F401
