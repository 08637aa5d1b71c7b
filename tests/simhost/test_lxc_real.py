"""LXC mode in a real unprivileged container: the simulator's `pct` drives real LXC
(PVESIM_BACKEND=lxc, see docs/lxc-lab.md), and smbclient on the host reaches the
share the agent set up inside. Skips, saying why, where LXC cannot run."""

from __future__ import annotations

import os
import pwd
import re
import secrets
import subprocess
from pathlib import Path

import pytest

from tests.lib.lxc_env import Bridge
from tests.lib.simhost import SimHost
from tests.lib.torture import ACCESS_SUITES, SAMBA_FAILURES, run_suites

pytestmark = pytest.mark.lxc
MIB = 1 << 20


def smbclient(address: str, share: str, user: str, password: str, command: str,
              cwd: Path) -> subprocess.CompletedProcess[str]:
    auth = cwd / "auth"
    fd = os.open(auth, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.write(fd, f"username = {user}\npassword = {password}\n".encode())
    os.close(fd)
    return subprocess.run(["smbclient", f"//{address}/{share}", "-A", str(auth), "-m", "SMB3",
                           "-c", command], capture_output=True, text=True, cwd=cwd,
                          timeout=60)


def test_share_served_from_a_real_unprivileged_container(
        sim_host: SimHost, lxc_ready: Bridge, tmp_path: Path) -> None:  # noqa: F811
    host = sim_host
    host.sim_env.update({"PVESIM_BACKEND": "lxc", "PVESIM_LXC_INIT": "systemd",
                         "PVESIM_LXC_BRIDGE_MAP": f"vmbr0={lxc_ready.name}"})
    user, password = host.add_user()
    path = host.pool_root / "real"
    host.cli("create", "real", "--mode", "lxc", "--path", str(path), "--quota", "16M",
             "--valid-users", user)
    status = host.json("status", "real")
    assert status["served"] is True, status
    address = status["gateway"]["address"]

    payload = secrets.token_hex(16) + "\n"
    (tmp_path / "up.txt").write_text(payload)
    for _ in range(30):  # smbd in a freshly started container may need a moment
        put = smbclient(address, "real", user, password, "put up.txt", tmp_path)
        if put.returncode == 0:
            break
    assert put.returncode == 0, put.stdout + put.stderr
    got = smbclient(address, "real", user, password, "get up.txt down.txt", tmp_path)
    assert got.returncode == 0, got.stdout + got.stderr
    assert (tmp_path / "down.txt").read_text() == payload

    # Its clients see the quota as the disk's size, not the pool's: the container's smbd
    # runs its copy of the free-space helper (smb/dfree.py).
    listing = smbclient(address, "real", user, password, "ls", tmp_path)
    found = re.search(r"(\d+) blocks of size (\d+)\. (\d+) blocks available", listing.stdout)
    assert found, listing.stdout + listing.stderr
    blocks, size, free = (int(g) for g in found.groups())
    assert abs(blocks * size - 16 * MIB) <= 2 * MIB, listing.stdout
    assert 0 < free * size <= 16 * MIB
    assert os.statvfs(path).f_blocks * os.statvfs(path).f_frsize > 64 * MIB  # the pool

    # Written in the container, owned on the host by the same account: no "nobody".
    st = (path / "up.txt").stat()
    assert st.st_uid == pwd.getpwnam(user).pw_uid
    assert 2000000 <= st.st_uid < 2100000

    # A second share is hot-plugged; the first keeps working.
    host.cli("create", "second", "--mode", "lxc", "--path", str(host.pool_root / "second"))
    again = smbclient(address, "real", user, password, "get up.txt again.txt", tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    second = smbclient(address, "second", user, password, "put up.txt", tmp_path)
    assert second.returncode == 0, second.stdout + second.stderr

    # Samba's own protocol tests where access masks and the volume's owner show: in the
    # container only subtests that fail on every Samba share may fail (tests/lib/torture.py).
    passed, failed = run_suites(address, 445, [("real", s) for s in ACCESS_SUITES],
                                user, password)["real"]
    assert "smb2.connect" in passed and "smb2.acls.INHERITANCE" in passed
    assert not failed - SAMBA_FAILURES, f"{len(passed)} passed; failed: {sorted(failed)}"

    host.cli("delete", "second", "--purge")
    host.cli("delete", "real", "--purge")
    assert host.ct_ids() == []
    # The container's free-space folder went with it.
    assert list((host.state_dir / "gateway-dfree").iterdir()) == []
