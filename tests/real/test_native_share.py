"""The real CLI against a real smbd, real smbclient and a real btrfs pool."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

from tests.lib.agenthost import AgentHost
from tests.lib.proc import SecretWatcher


def test_share_served_end_to_end_on_btrfs(agent_host: AgentHost, tmp_path: Path) -> None:
    host = agent_host
    user, password = host.add_user()
    path = host.pool_root / "team"
    out = host.json("create", "team", "--path", str(path), "--quota", "64M",
                    "--valid-users", user, "--comment", "Team files")
    assert out["share"]["backend"] == "btrfs" and out["share"]["quota"] == 64 << 20
    assert path.stat().st_ino == 256  # a real subvolume

    (tmp_path / "hello.txt").write_text("hello over SMB\n")
    put = host.smbclient("team", user, password, "put hello.txt", cwd=tmp_path)
    assert put.returncode == 0, put.stdout + put.stderr
    got = host.smbclient("team", user, password, "get hello.txt back.txt", cwd=tmp_path)
    assert got.returncode == 0, got.stdout + got.stderr
    assert (tmp_path / "back.txt").read_text() == "hello over SMB\n"

    on_disk = path / "hello.txt"
    assert on_disk.read_text() == "hello over SMB\n"
    st = on_disk.stat()
    assert st.st_uid == int(subprocess.run(["id", "-u", user], capture_output=True,
                                           text=True).stdout)

    status = host.json("status", "team")
    assert status["served"] is True and status["smbd_running"] is True
    assert status["usage"]["quota"] == 64 << 20 and status["usage"]["used"] > 0


def test_write_past_quota_fails_through_smb(agent_host: AgentHost, tmp_path: Path) -> None:
    host = agent_host
    user, password = host.add_user()
    host.cli("create", "small", "--path", str(host.pool_root / "small"), "--quota", "32M")
    (tmp_path / "big.bin").write_bytes(os.urandom(48 << 20))
    put = host.smbclient("small", user, password, "put big.bin", cwd=tmp_path)
    assert "NT_STATUS_DISK_FULL" in put.stdout + put.stderr
    assert (host.pool_root / "small" / "big.bin").stat().st_size < 48 << 20


def test_deleted_share_is_gone_and_data_kept(agent_host: AgentHost, tmp_path: Path) -> None:
    host = agent_host
    user, password = host.add_user()
    path = host.data_root / "plain"
    host.cli("create", "plain", "--path", str(path))
    (tmp_path / "f.txt").write_text("data")
    assert host.smbclient("plain", user, password, "put f.txt", cwd=tmp_path).returncode == 0
    out = host.cli("delete", "plain")
    assert "data kept" in out.stdout
    gone = host.smbclient("plain", user, password, "ls")
    assert "NT_STATUS_BAD_NETWORK_NAME" in gone.stdout + gone.stderr
    assert (path / "f.txt").read_text() == "data"
    # The admin's smb.conf is back to exactly what it was before the first share.
    assert host.sandbox.conf.read_text() == host.sandbox.render_conf()


def test_purge_destroys_only_the_volume_we_created(agent_host: AgentHost) -> None:
    host = agent_host
    mine = host.pool_root / "mine"
    theirs = host.pool_root / "theirs"
    theirs.mkdir()
    (theirs / "keep").write_text("precious")
    host.cli("create", "mine", "--path", str(mine), "--quota", "16M")
    host.cli("create", "theirs", "--path", str(theirs))
    assert host.json("delete", "mine", "--purge")["purged"] is True
    assert not mine.exists()
    out = host.cli("delete", "theirs", "--purge")
    assert "did not create it" in out.stdout
    assert (theirs / "keep").read_text() == "precious"


def test_reload_keeps_connected_clients(agent_host: AgentHost, tmp_path: Path) -> None:
    host = agent_host
    user, password = host.add_user()
    host.cli("create", "first", "--path", str(host.data_root / "first"))
    (tmp_path / "a.txt").write_text("one")
    auth = tmp_path / "auth"
    fd = os.open(auth, os.O_WRONLY | os.O_CREAT, 0o600)
    os.write(fd, f"username = {user}\npassword = {password}\n".encode())
    os.close(fd)
    client = subprocess.Popen(
        ["smbclient", "//127.0.0.1/first", "-p", str(host.sandbox.port), "-A", str(auth),
         "-m", "SMB3"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, cwd=tmp_path)
    try:
        assert client.stdin is not None
        client.stdin.write("put a.txt\n")
        client.stdin.flush()
        time.sleep(1)
        host.cli("create", "second", "--path", str(host.data_root / "second"))
        client.stdin.write("get a.txt b.txt\nquit\n")
        client.stdin.flush()
        output, _ = client.communicate(timeout=30)
    finally:
        if client.poll() is None:
            client.kill()
            client.wait()
    assert client.returncode == 0, output
    assert "NT_STATUS" not in output
    assert (tmp_path / "b.txt").read_text() == "one"


def test_create_in_pve_storage(agent_host: AgentHost) -> None:
    host = agent_host
    pve = host.sandbox.root / "pve"
    pve.mkdir()
    (pve / "storage.cfg").write_text(
        f"dir: local\n\tpath /var/lib/vz\n\tcontent iso\n\nbtrfs: fast\n\tpath {host.pool_root}\n"
        "\tcontent images,rootdir\n")
    out = host.json("create", "vmstore", "--storage", "fast", "--quota", "8M")
    assert out["share"]["path"] == str(host.pool_root / "smbgateway" / "vmstore")
    assert out["share"]["backend"] == "btrfs" and out["share"]["storage"] == "fast"
    bad = host.cli("create", "x", "--storage", "nope", check=2)
    assert bad.stderr.strip() == "pve-smbgateway: error: storage: no such storage 'nope'"


def test_user_commands(agent_host: AgentHost) -> None:
    host = agent_host
    user, password = host.add_user()
    listed = {u["user"]: u for u in host.json("user", "list")}
    assert listed[user]["managed"] is True and listed[user]["created_unix_account"] is True
    dup = host.cli("user", "add", user, "--password-stdin", input="x\n", check=2)
    assert "already exists" in dup.stderr
    host.cli("user", "passwd", user, "--password-stdin", input="N3w-secret\n")
    host.cli("create", "s", "--path", str(host.data_root / "s"))
    assert host.smbclient("s", user, "N3w-secret", "ls").returncode == 0
    assert "NT_STATUS_LOGON_FAILURE" in host.smbclient("s", user, password, "ls").stdout
    host.cli("user", "del", user)
    assert subprocess.run(["getent", "passwd", user]).returncode == 2
    assert user not in {u["user"] for u in host.json("user", "list")}


def test_reconcile_repairs_drift(agent_host: AgentHost) -> None:
    host = agent_host
    user, password = host.add_user()
    path = host.pool_root / "drift"
    host.cli("create", "drift", "--path", str(path), "--quota", "16M")
    assert host.json("reconcile", "--check")["in_sync"] is True

    host.sandbox.stop()
    host.pool.btrfs("qgroup", "limit", "none", str(path))
    good = host.include_file.read_text()
    host.include_file.write_text(good.replace("read only = no", "read only = yes"))
    check = host.cli("--output-format", "json", "reconcile", "--check", check=1)
    found = {d["what"] for d in json.loads(check.stdout)["drift"]}
    assert found == {"smbd", "quota", "include_file"}
    assert not host.sandbox.ping()  # --check changed nothing

    fixed = host.json("reconcile")
    assert fixed["fixed"] is True
    assert host.include_file.read_text() == good
    assert host.json("status", "drift")["usage"]["quota"] == 16 << 20
    assert host.smbclient("drift", user, password, "ls").returncode == 0
    assert host.json("reconcile", "--check")["in_sync"] is True


def test_missing_volume_is_reported_not_recreated(agent_host: AgentHost) -> None:
    host = agent_host
    path = host.data_root / "vanish"
    host.cli("create", "vanish", "--path", str(path))
    path.rmdir()
    out = host.cli("--output-format", "json", "reconcile", check=1)
    assert [d["what"] for d in json.loads(out.stdout)["drift"]] == ["volume_missing"]
    assert not path.exists()
    status = host.cli("status", "vanish", check=1)
    assert "volume:              MISSING" in status.stdout


def test_quota_larger_than_pool_is_refused(agent_host: AgentHost) -> None:
    host = agent_host
    before = host.state()
    out = host.cli("create", "huge", "--path", str(host.pool_root / "huge"), "--quota", "100T",
                   check=2)
    assert out.stderr.startswith("pve-smbgateway: error: quota: 100T is larger than the pool")
    assert host.state() == before


def test_password_never_visible_in_proc(agent_host: AgentHost) -> None:
    """While `user add` runs, no process shows the password in argv or environment."""
    host = agent_host
    password = "Pr0c-W4tch-" + os.urandom(6).hex()
    watcher = SecretWatcher(password)
    watcher.start()
    try:
        for _ in range(3):
            host.add_user(password)
    finally:
        watcher.stop()
    assert watcher.scans > 0 and watcher.found == []
    for log in host.sandbox.log_dir.glob("*"):
        assert password not in log.read_text(errors="replace")
    assert password not in host.registry_file.read_text()
