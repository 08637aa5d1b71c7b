"""`pve-smbgateway metrics`: node_exporter textfile output against a real smbd with a
connected client holding a file open, real btrfs quotas and snapshots."""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

from tests.lib.agenthost import AgentHost
from tests.lib.proc import run

MiB = 1 << 20


def parse(text: str) -> dict[str, float]:
    """'name{labels} value' lines -> {'name{labels}': value}."""
    out: dict[str, float] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.rpartition(" ")
            out[key] = float(value)
    return out


def test_metrics_textfile(agent_host: AgentHost, tmp_path: Path) -> None:
    host = agent_host
    user, password = host.add_user()
    path = host.pool_root / "m1"
    host.cli("create", "m1", "--path", str(path), "--quota", "64M")
    host.cli("create", "plain1", "--path", str(host.data_root / "plain1"))
    (tmp_path / "hello.txt").write_bytes(os.urandom(2 * MiB))
    assert host.smbclient("m1", user, password, "put hello.txt", cwd=tmp_path).returncode == 0
    host.cli("snapshot", "create", "m1")
    run(["btrfs", "filesystem", "sync", str(path)])

    # A client that stays connected with the file open while metrics are collected.
    auth = tmp_path / "auth"
    fd = os.open(auth, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(f"username = {user}\npassword = {password}\n")
    client = subprocess.Popen(
        ["smbclient", "//127.0.0.1/m1", "-p", str(host.sandbox.port), "-A", str(auth),
         "-m", "SMB3"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    try:
        assert client.stdin is not None
        client.stdin.write("open hello.txt\n")
        client.stdin.flush()
        textfile = tmp_path / "node-exporter" / "pvesmbgw.prom"
        textfile.parent.mkdir()  # the agent never creates it: node_exporter's package does
        deadline = time.monotonic() + 20
        while True:
            host.cli("metrics", "--textfile", str(textfile))
            m = parse(textfile.read_text())
            if m.get('pvesmbgw_share_open_files{share="m1"}') == 1 or \
                    time.monotonic() > deadline:
                break
            time.sleep(0.5)
    finally:
        client.kill()
        client.wait()

    assert m['pvesmbgw_share_up{backend="btrfs",mode="native",share="m1"}'] == 1
    assert m['pvesmbgw_share_up{backend="dir",mode="native",share="plain1"}'] == 1
    assert m['pvesmbgw_share_quota_bytes{share="m1"}'] == 64 * MiB
    assert m['pvesmbgw_share_size_bytes{share="m1"}'] == 64 * MiB
    assert 2 * MiB <= m['pvesmbgw_share_used_bytes{share="m1"}'] < 4 * MiB
    assert m['pvesmbgw_share_snapshots{share="m1"}'] == 1
    assert 'pvesmbgw_share_snapshots{share="plain1"}' not in m  # a plain dir has none
    assert 'pvesmbgw_share_quota_bytes{share="plain1"}' not in m
    assert m["pvesmbgw_smbstatus_up"] == 1
    assert m["pvesmbgw_smb_sessions"] >= 1
    assert m['pvesmbgw_share_connections{share="m1"}'] == 1
    assert m['pvesmbgw_share_connections{share="plain1"}'] == 0
    assert m['pvesmbgw_share_open_files{share="m1"}'] == 1
    assert "pvesmbgw_last_reconcile_success" not in m  # never ran
    # Atomic and readable by node_exporter: only the .prom file, mode 0644.
    assert sorted(os.listdir(textfile.parent)) == ["pvesmbgw.prom"]
    assert textfile.stat().st_mode & 0o777 == 0o644

    # the last reconcile, and a share whose volume went away
    before = time.time()
    host.cli("reconcile")
    run(["btrfs", "subvolume", "delete", str(path / ".snapshots" / os.listdir(
        path / ".snapshots")[0])])
    run(["btrfs", "subvolume", "delete", str(path)])
    m = parse(host.cli("metrics").stdout)
    assert m["pvesmbgw_last_reconcile_success"] == 1
    assert m["pvesmbgw_last_reconcile_drift"] == 0
    assert m["pvesmbgw_last_reconcile_timestamp_seconds"] >= int(before)
    assert m['pvesmbgw_share_up{backend="btrfs",mode="native",share="m1"}'] == 0
    assert host.cli("reconcile", check=1).returncode == 1  # volume_missing: unrepairable
    m = parse(host.cli("metrics").stdout)
    assert m["pvesmbgw_last_reconcile_success"] == 0
    assert m["pvesmbgw_last_reconcile_drift"] == 1


def test_metrics_bad_textfile(agent_host: AgentHost, tmp_path: Path) -> None:
    proc = agent_host.cli("metrics", "--textfile", str(tmp_path / "x.txt"), check=2)
    assert proc.stderr.count("\n") == 1 and "textfile" in proc.stderr
    assert not (tmp_path / "x.txt").exists()
    assert re.search(r"pvesmbgw_metrics_collect_seconds \d", agent_host.cli("metrics").stdout)
