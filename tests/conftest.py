"""Markers shared by every tier."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "lxc: needs real unprivileged LXC containers")
