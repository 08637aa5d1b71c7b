"""What an SMB client sees as the size of a share: its quota, not the pool's.

A real smbd runs the work tree's pvesmbgw-dfree helper (smb.conf's `dfree command`) as
the connected user; smbclient's `ls` summary line is what Windows Explorer shows too.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from tests.lib.agenthost import AgentHost

MIB = 1 << 20
# What smbclient's summary line rounds away, and what btrfs adds of its own (metadata
# counted by the qgroup, the subvolume's root).
SLACK = 2 * MIB


def disk(host: AgentHost, share: str, user: str, password: str) -> tuple[int, int]:
    """(size, available) in bytes of SHARE as an SMB client sees them, on a new connection
    (smbd keeps its answer per connection for `dfree cache time`)."""
    out = host.smbclient(share, user, password, "ls")
    found = re.search(r"(\d+) blocks of size (\d+)\. (\d+) blocks available", out.stdout)
    assert found, out.stdout + out.stderr
    blocks, size, free = (int(g) for g in found.groups())
    return blocks * size, free * size


def test_client_sees_the_quota_as_disk_size_on_btrfs(agent_host: AgentHost,
                                                      tmp_path: Path) -> None:
    host = agent_host
    user, password = host.add_user()
    host.cli("create", "quota64", "--path", str(host.pool_root / "quota64"), "--quota", "64M")
    assert "dfree command" in host.include_file.read_text()

    total, avail = disk(host, "quota64", user, password)
    assert abs(total - 64 * MIB) <= SLACK and abs(avail - 64 * MIB) <= SLACK

    (tmp_path / "data.bin").write_bytes(os.urandom(16 * MIB))
    put = host.smbclient("quota64", user, password, "put data.bin", cwd=tmp_path)
    assert put.returncode == 0, put.stdout + put.stderr
    os.sync()  # the qgroup counts what a transaction committed
    host.cli("metrics")  # what the pvesmbgw-metrics timer runs each minute
    total, avail = disk(host, "quota64", user, password)
    assert abs(total - 64 * MIB) <= SLACK
    assert abs(avail - 48 * MIB) <= SLACK

    host.cli("set", "quota64", "--quota", "128M")
    total, avail = disk(host, "quota64", user, password)
    assert abs(total - 128 * MIB) <= SLACK
    assert abs(avail - 112 * MIB) <= SLACK


def test_share_without_quota_shows_the_file_system(agent_host: AgentHost) -> None:
    host = agent_host
    user, password = host.add_user()
    host.cli("create", "open", "--path", str(host.pool_root / "open"))
    assert "dfree" not in host.include_file.read_text()
    st = os.statvfs(host.pool_root)
    total, avail = disk(host, "open", user, password)
    assert abs(total - st.f_blocks * st.f_frsize) <= SLACK
    assert abs(avail - st.f_bavail * st.f_frsize) <= SLACK


def test_deleted_share_leaves_no_numbers_behind(agent_host: AgentHost) -> None:
    host = agent_host
    host.cli("create", "gone", "--path", str(host.pool_root / "gone"), "--quota", "32M")
    cache = host.config.parent / "dfree"
    assert [p.read_text().split()[0] for p in cache.glob("*.space")] == [str(32 * MIB)]
    host.cli("delete", "gone")
    assert list(cache.iterdir()) == []
