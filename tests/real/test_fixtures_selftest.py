"""Self-test of the real-tier fixtures: btrfs pool + private smbd + smbclient + throwaway user."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from tests.lib.btrfs import BtrfsPool
from tests.lib.proc import run
from tests.lib.samba import SambaSandbox, SambaUserFactory, SmbClient


def _mounted(path: Path) -> bool:
    return any(line.split()[1] == str(path) for line in Path("/proc/mounts").read_text().splitlines())


def test_btrfs_pool_is_mounted_btrfs(btrfs_pool: BtrfsPool) -> None:
    assert _mounted(btrfs_pool.mountpoint)
    assert os.stat(btrfs_pool.mountpoint).st_ino == 256
    fstype = run(["stat", "-f", "-c", "%T", str(btrfs_pool.mountpoint)]).stdout.strip()
    assert fstype == "btrfs"
    assert btrfs_pool.device.startswith("/dev/loop")
    backing = run(["losetup", "--list", "--noheadings", "-O", "BACK-FILE", btrfs_pool.device]).stdout.strip()
    assert backing == str(btrfs_pool.image)


def test_sandbox_without_smbd(samba_sandbox: SambaSandbox) -> None:
    assert samba_sandbox.conf.is_file()
    assert f"smb ports = {samba_sandbox.port}" in samba_sandbox.conf.read_text()
    assert samba_sandbox.smbd_pids() == []
    assert not samba_sandbox.ping()
    assert samba_sandbox.stop() == []


def test_smbd_share_on_btrfs_put_get(
    btrfs_pool: BtrfsPool,
    samba_sandbox: SambaSandbox,
    samba_user: SambaUserFactory,
    smbclient: SmbClient,
    tmp_path: Path,
) -> None:
    btrfs_pool.enable_quota()
    subvol = btrfs_pool.create_subvolume("selftest", mode=0o777)
    try:
        run(["btrfs", "qgroup", "limit", "8M", str(subvol)])
        samba_sandbox.write_conf(shares={"data": {"path": str(subvol), "read only": "no"}})
        user = samba_user(samba_sandbox)
        assert user.name.startswith("pvgwt")
        listed = run(["pdbedit", "-s", str(samba_sandbox.conf), "-L"]).stdout
        assert f"{user.name}:{user.uid}:" in listed

        main_pid = samba_sandbox.start()
        assert main_pid in samba_sandbox.smbd_pids()
        assert len(samba_sandbox.smbd_pids()) >= 3  # smbd, smbd-notifyd, cleanupd

        (tmp_path / "f").write_text("hello\n")
        res = smbclient(samba_sandbox, "data", user.name, user.password, "put f; get f g", cwd=tmp_path)
        assert res.returncode == 0, res.stdout + res.stderr
        assert (tmp_path / "g").read_text() == "hello\n"
        assert (subvol / "f").stat().st_uid == user.uid

        # password never on argv: smbclient gets it via -A; wrong password / share are reported
        bad = smbclient(samba_sandbox, "data", user.name, "wrong", "ls", cwd=tmp_path)
        assert bad.returncode == 1 and "NT_STATUS_LOGON_FAILURE" in bad.stdout
        missing = smbclient(samba_sandbox, "nosuch", user.name, user.password, "ls", cwd=tmp_path)
        assert missing.returncode == 1 and "NT_STATUS_BAD_NETWORK_NAME" in missing.stdout

        # quota: btrfs EDQUOT surfaces as NT_STATUS_DISK_FULL
        (tmp_path / "big").write_bytes(os.urandom(12 * 1024 * 1024))
        full = smbclient(samba_sandbox, "data", user.name, user.password, "put big", cwd=tmp_path)
        assert full.returncode == 1
        assert "NT_STATUS_DISK_FULL" in full.stdout + full.stderr

        # an RPC request spawns samba-dcerpcd (reparented to init); stop() must get it too
        subprocess.run(["smbclient", "-L", "//127.0.0.1", "-p", str(samba_sandbox.port), "-N"],
                       capture_output=True, timeout=30, check=False)
        before = samba_sandbox.smbd_pids()
        stopped = samba_sandbox.stop()
        # Not every pid of BEFORE: a connection's smbd may end by itself in between
        # (a CI run saw one); that each one is gone is checked below.
        assert main_pid in stopped
        assert samba_sandbox.smbd_pids() == []
        assert not samba_sandbox.ping()
        for pid in before:
            assert not Path(f"/proc/{pid}").exists() or \
                Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0] == "Z"
    finally:
        samba_sandbox.stop()
        run(["btrfs", "subvolume", "delete", str(subvol)], check=False)


def test_two_sandboxes_get_distinct_ports(samba_sandbox: SambaSandbox) -> None:
    from tests.lib.samba import make_samba_sandbox
    other = make_samba_sandbox()
    try:
        assert other.port != samba_sandbox.port
        assert other.root != samba_sandbox.root
    finally:
        other.close()
    assert not other.root.exists()


def test_stop_falls_back_to_proc_scan(samba_sandbox: SambaSandbox) -> None:
    samba_sandbox.make_share_dir("x")
    samba_sandbox.write_conf(shares={"x": {"path": str(samba_sandbox.shares_dir / "x")}})
    main_pid = samba_sandbox.start()
    for pidfile in samba_sandbox.run_dir.glob("*.pid"):
        pidfile.unlink()
    assert samba_sandbox.main_pid() is None
    pids = samba_sandbox.smbd_pids()
    assert main_pid in pids and len(pids) >= 3
    assert set(pids) <= set(samba_sandbox.stop())
    assert samba_sandbox.smbd_pids() == []


def test_user_cleanup_with_open_session(samba_sandbox: SambaSandbox, tmp_path: Path) -> None:
    """Cleanup while a session of the user is open (userdel would retry after stopping the
    sandbox if it refused with rc 8; on this host it does not refuse)."""
    share = samba_sandbox.make_share_dir("s")
    samba_sandbox.write_conf(shares={"s": {"path": str(share), "read only": "no"}})
    factory = SambaUserFactory()
    try:
        user = factory(samba_sandbox)
        samba_sandbox.start()
        auth = tmp_path / "auth"
        auth.write_text(f"username = {user.name}\npassword = {user.password}\n")
        auth.chmod(0o600)
        client = subprocess.Popen(
            ["smbclient", "//127.0.0.1/s", "-p", str(samba_sandbox.port), "-A", str(auth), "-m", "SMB3"],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            # wait for the per-connection smbd (one more than smbd + notifyd + cleanupd)
            deadline = time.monotonic() + 10
            while len(samba_sandbox.smbd_pids()) < 4 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert len(samba_sandbox.smbd_pids()) >= 4
            factory.cleanup()
            assert run(["getent", "passwd", user.name], check=False).returncode != 0
            assert factory.created == []
        finally:
            client.kill()
            client.wait()
    finally:
        factory.cleanup()
