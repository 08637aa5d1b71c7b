"""ZFS shares against the simulated zfs/zpool (tests/sim/storesim), served by real smbd."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import storesim

from tests.lib.simhost import SimHost, each_step


def zfs(host: SimHost, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return host.tool("zfs", *args, check=check)


def props(host: SimHost, dataset: str, *names: str) -> dict[str, str]:
    out = zfs(host, "get", "-H", "-p", "-o", "property,value", ",".join(names), dataset).stdout
    return dict(line.split("\t") for line in out.splitlines())


def data_root(host: SimHost) -> Path:
    return host.state / "storage-root" / "rpool" / "data"


def test_zfs_share_is_a_child_dataset_with_refquota(sim_host: SimHost) -> None:
    host = sim_host
    path = data_root(host) / "z1"
    out = host.json("create", "z1", "--path", str(path), "--quota", "1G")
    assert out["share"]["backend"] == "zfs"
    p = props(host, "rpool/data/z1", "refquota", "acltype", "xattr", "pvesmbgw:owner",
              "mountpoint")
    assert p["refquota"] == str(1 << 30)
    assert (p["acltype"], p["xattr"], p["mountpoint"]) == ("posix", "sa", str(path))
    assert len(p["pvesmbgw:owner"]) == 32
    usage = host.json("status", "z1")["usage"]
    assert usage["quota"] == 1 << 30

    host.cli("set", "z1", "--quota", "2G")
    assert props(host, "rpool/data/z1", "refquota")["refquota"] == str(2 << 30)
    bad = host.cli("set", "z1", "--quota", "200T", check=2)
    assert "larger than the pool rpool" in bad.stderr

    assert host.json("delete", "z1", "--purge")["purged"] is True
    assert "does not exist" in zfs(host, "list", "rpool/data/z1", check=False).stderr


def test_zfspool_storage_and_foreign_datasets_are_left_alone(sim_host: SimHost) -> None:
    host = sim_host
    cfg = host.state / "etc/pve/storage.cfg"
    cfg.write_text(cfg.read_text() + "\nzfspool: local-zfs\n\tpool rpool/data\n"
                   "\tcontent images,rootdir\n\tsparse 1\n")
    out = host.json("create", "vm-files", "--storage", "local-zfs", "--quota", "1G")
    assert out["share"]["path"] == str(data_root(host) / "smb-vm-files")
    assert props(host, "rpool/data/smb-vm-files", "refquota")["refquota"] == str(1 << 30)

    # An admin's dataset is shared as it is, and --purge never destroys it.
    zfs(host, "create", "rpool/data/admins")
    host.cli("create", "admins", "--path", str(data_root(host) / "admins"))
    out = host.cli("delete", "admins", "--purge")
    assert "did not create it" in out.stdout
    assert zfs(host, "list", "rpool/data/admins").returncode == 0


def test_previous_versions_from_zfs_snapshots_over_smb(sim_host: SimHost, tmp_path: Path
                                                      ) -> None:
    host = sim_host
    user, password = host.add_user()
    path = data_root(host) / "docs"
    host.cli("create", "docs", "--path", str(path), "--quota", "1G")
    include = (host.sandbox.root / "pvesmbgw-shares.conf").read_text()
    assert "\tshadow:snapdir = .zfs/snapshot\n" in include
    assert "\tshadow:format = GMT-%Y.%m.%d-%H.%M.%S\n" in include
    (tmp_path / "doc.txt").write_text("one\n")
    from tests.lib.samba import run_smbclient
    assert run_smbclient(host.sandbox, "docs", user, password, "put doc.txt",
                         cwd=tmp_path).returncode == 0
    snap = host.json("snapshot", "create", "docs")["snapshot"]
    assert snap.startswith("GMT-")
    assert f"rpool/data/docs@{snap}" in zfs(host, "list", "-t", "snapshot", "-H", "-o",
                                             "name").stdout
    (path / "doc.txt").write_text("two\n")
    info = run_smbclient(host.sandbox, "docs", user, password, "allinfo doc.txt")
    assert f"@{snap}" in info.stdout, info.stdout
    time.sleep(1.1)
    out = host.json("snapshot", "rollback", "docs", snap)
    assert (path / "doc.txt").read_text() == "one\n"
    assert out["safety_snapshot"] in [s["name"] for s in
                                      host.json("snapshot", "list", "docs")["snapshots"]]


def test_other_tools_snapshot_naming_is_detected(sim_host: SimHost) -> None:
    host = sim_host
    path = data_root(host) / "auto"
    zfs(host, "create", "rpool/data/auto")
    for hour in range(3):
        zfs(host, "snapshot", f"rpool/data/auto@zfs-auto-snap_hourly-2026-11-26-{hour:02d}00")
    host.cli("create", "auto", "--path", str(path))
    include = (host.sandbox.root / "pvesmbgw-shares.conf").read_text()
    assert "\tshadow:format = -%Y-%m-%d-%H%M\n" in include
    assert "\tshadow:delimiter = -20\n" in include
    assert "\tshadow:localtime = yes\n" in include
    listing = host.json("snapshot", "list", "auto")["snapshots"]
    assert [s["ours"] for s in listing] == [False, False, False]


def zfs_state(host: SimHost) -> str:
    return zfs(host, "list", "-H", "-p", "-t", "all", "-o",
               "name,refquota,pvesmbgw:owner").stdout + str(host.fingerprint())


def test_fault_at_every_step_leaves_zfs_unchanged(sim_host: SimHost) -> None:
    host = sim_host
    path = data_root(host) / "f"
    create = ["create", "f", "--path", str(path), "--quota", "1G"]
    before = zfs_state(host)

    def unchanged(step: int) -> None:
        assert zfs_state(host) == before, f"fault at step {step} left changes"
    assert each_step(host, create, unchanged) >= 4

    for args in (["set", "f", "--quota", "2G"], ["snapshot", "create", "f"]):
        before = zfs_state(host)
        assert each_step(host, args, unchanged) >= 2
    snap = host.json("snapshot", "list", "f")["snapshots"][0]["name"]
    time.sleep(1.1)
    before = zfs_state(host)
    assert each_step(host, ["snapshot", "rollback", "f", snap], unchanged) >= 2

    before = zfs_state(host)

    def finished(step: int) -> None:
        nonlocal before
        host.cli("reconcile")
        assert "rpool/data/f" not in zfs(host, "list", "-H", "-o", "name").stdout
        host.cli(*create)
        before = zfs_state(host)
    assert each_step(host, ["delete", "f", "--purge"], unchanged, finished) >= 3
    assert "rpool/data/f" not in zfs(host, "list", "-H", "-o", "name").stdout


def test_failing_zfs_command_rolls_back(sim_host: SimHost) -> None:
    host = sim_host
    host.cli("create", "first", "--path", str(data_root(host) / "first"))
    before = zfs_state(host)
    host.cli("create", "g", "--path", str(data_root(host) / "g"), "--quota", "1G")
    # The next `zfs set` fails (counted from here), as a real I/O error would.
    storesim.reset_counters(str(host.state))
    (host.state / "faults").write_text("zfs:set:1\n")
    proc = host.cli("set", "g", "--quota", "3G", check=1)
    assert "rolled back" in proc.stderr and "I/O error" in proc.stderr
    assert props(host, "rpool/data/g", "refquota")["refquota"] == str(1 << 30)
    host.cli("delete", "g", "--purge")
    assert zfs_state(host) == before
    storesim.reset_counters(str(host.state))
    (host.state / "faults").write_text("zfs:create:1\n")
    proc = host.cli("create", "h", "--path", str(data_root(host) / "h"), check=1)
    assert "rolled back" in proc.stderr
    assert zfs_state(host) == before
