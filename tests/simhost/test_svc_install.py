"""pve-svc against the PVE simulator: install, status, uninstall and reinstall of a
service with its data volume on a real btrfs pool; what pct, pveam and the guest are
asked; secrets; pre-flight; and a fault or a SIGKILL at every step of install and
uninstall leaving the node as it was."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tests.lib.btrfs import BtrfsPool
from tests.lib.svchost import (APT_PROXY as PROXY, SvcHost, failing_guest_exec_at_every_call,
                               fault_at_every_step, make_svc_host, plan_steps,
                               sigkill_at_every_step)



def install(host: SvcHost, *extra: str, name: str = "demo", check: int = 0) -> dict:
    proc = host.svc("--output-format", "json", "install", "demo", "--name", name,
                    "--param", f"http_port={host.health.port}", *extra, check=check)
    return json.loads(proc.stdout) if check == 0 else {}


def only_ct(host: SvcHost) -> int:
    ids = host.ct_ids()
    assert len(ids) == 1, ids
    return ids[0]


def test_install_builds_the_container_volume_and_runs_the_steps_in_the_guest(
        svc_host: SvcHost) -> None:
    host = svc_host
    out = install(host, "--param", "greeting=hi there")
    vmid = only_ct(host)
    inst = out["instance"]
    assert (inst["name"], inst["template"], inst["version"], inst["vmid"]) == \
        ("demo", "demo", "1.2.0", vmid)
    volume = host.data_root / "pvesvc" / "demo-data"
    assert inst["volumes"] == [{"name": "data", "path": str(volume), "mount": "/srv/demo",
                                "backend": "btrfs", "created": True}]

    config = host.tool("pct", "config", str(vmid)).stdout
    for line in ("unprivileged: 1", "hostname: svc-demo", "memory: 256", "cores: 1",
                 f"mp0: {volume},mp=/srv/demo", "tags: demo;pvesvc", "features: nesting=1",
                 "net0: name=eth0,bridge=vmbr0,hwaddr="):
        assert line in config, (line, config)
    # The volume: a subvolume limited to the template's 64M, owned by the guest's
    # www-data (33) as the default id map shifts it.
    assert volume.stat().st_ino == 256
    st = volume.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (100033, 100033, 0o750)
    qgroups = host.tool("btrfs", "qgroup", "show", "-re", "--raw", str(volume)).stdout
    assert str(64 * 2**20) in qgroups

    # In the guest: the proxy, the secret file, the packages, the rendered steps.
    root = host.rootfs(vmid)
    assert (root / "etc/apt/apt.conf.d/00pvesvc-proxy").read_text() == \
        f'Acquire::http::Proxy "{PROXY}";\n'
    secret_file = root / "etc/pvesvc/secrets/admin_password"
    secret = secret_file.read_text()
    assert len(secret) == 24 and secret.isalnum()
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    execs = [a[a.index("--") + 1:] if "--" in a else a for a in host.execs()]
    assert ["apt-get", "install", "-y", "--no-install-recommends", "rsync"] in execs
    assert ["mkdir", "-p", "/srv/demo/www"] in execs
    assert ["chown", "-R", "33:33", "/srv/demo/www"] in execs
    assert ["test", "-f", "/etc/pvesvc/secrets/admin_password"] in execs
    # a value is one argv element, whatever it holds
    assert ["mkdir", "-p", "/srv/demo/hi there"] in execs

    # The secret is nowhere but in its file.
    log = host.state / "svc-logs" / "demo.log"
    assert "make the content folder" in log.read_text()
    for text in (log.read_text(), host.registry_file.read_text(),
                 (host.state / "exec.log").read_text()):
        assert secret not in text

    status = host.json("status", "demo")
    assert status["state"] == "running" and status["address"] == "127.0.0.1"
    assert status["healthy"] is True
    assert status["health_target"] == f"http://127.0.0.1:{host.health.port}/health"
    listed = host.json("list")
    assert [i["name"] for i in listed["instances"]] == ["demo"]


def test_uninstall_keeps_the_data_and_a_reinstall_binds_it(svc_host: SvcHost) -> None:
    host = svc_host
    install(host)
    volume = host.data_root / "pvesvc" / "demo-data"
    (volume / "precious.txt").write_text("data\n")
    out = host.json("uninstall", "demo")
    assert host.ct_ids() == []
    assert (volume / "precious.txt").read_text() == "data\n"
    snaps = list((volume / ".snapshots").iterdir())
    assert len(snaps) == 1 and snaps[0].name.startswith("@GMT-")
    assert any("pve-svc uninstall demo --purge" in n for n in out["notes"])
    kept = host.registry()["kept"]
    assert list(kept) == ["demo"] and kept["demo"]["volumes"][0]["path"] == str(volume)

    # Bound again under another name: not created by this instance, never destroyed.
    out = install(host, "--dataset", str(volume), name="again")
    vol = out["instance"]["volumes"][0]
    assert (vol["path"], vol["created"]) == (str(volume), False)
    # the volume is the new instance's; demo's secrets stay kept until purged
    assert host.registry()["kept"]["demo"]["volumes"] == []
    assert host.registry()["kept"]["demo"]["secrets"] == ["admin_password"]
    assert len(list((volume / ".snapshots").iterdir())) == 2  # the pre-install snapshot
    host.svc("uninstall", "again", "--purge")
    assert (volume / "precious.txt").read_text() == "data\n"


def test_purge_destroys_only_what_pve_svc_created(svc_host: SvcHost) -> None:
    host = svc_host
    install(host)
    volume = host.data_root / "pvesvc" / "demo-data"
    assert (host.state / "svc-logs/demo.log").exists()
    proc = host.svc("-v", "uninstall", "demo", "--purge")
    assert "[1/" in proc.stderr  # progress with -v
    assert not volume.exists() and host.ct_ids() == []
    assert host.registry()["instances"] == {} and host.registry()["kept"] == {}
    assert not (host.state / "svc-logs/demo.log").exists()


def test_purge_of_kept_data_after_uninstall(svc_host: SvcHost) -> None:
    host = svc_host
    install(host)
    volume = host.data_root / "pvesvc" / "demo-data"
    host.svc("uninstall", "demo")
    assert volume.exists()
    host.svc("uninstall", "demo", "--purge")
    assert not volume.exists() and host.registry()["kept"] == {}


def test_a_volume_on_cephfs_is_a_subvolume_with_its_quota(svc_host: SvcHost) -> None:
    host = svc_host
    plan = host.svc("--dry-run", "install", "demo", "--storage", "cephfs", "--param",
                    f"http_port={host.health.port}").stdout
    assert "then: own the subvolume, create and set up the container" in plan
    out = install(host, "--storage", "cephfs")
    vol = out["instance"]["volumes"][0]
    rel = host.tool("ceph", "fs", "subvolume", "getpath", "cephfs",
                    "pvesvc-demo-data").stdout.strip()
    assert vol["path"] == str(host.state / "storage-root/cephfs") + rel
    assert vol["backend"] == "cephfs"
    info = json.loads(host.tool("ceph", "fs", "subvolume", "info", "cephfs",
                                "pvesvc-demo-data", "--format", "json").stdout)
    assert info["bytes_quota"] == 64 * 2**20
    st = Path(vol["path"]).stat()
    assert (st.st_uid, st.st_gid) == (100033, 100033)
    assert f"mp0: {vol['path']},mp=/srv/demo" in host.tool("pct", "config",
                                                             str(only_ct(host))).stdout
    host.svc("uninstall", "demo", "--purge")
    subs = host.tool("ceph", "fs", "subvolume", "ls", "cephfs", "--format", "json").stdout
    assert "pvesvc-demo-data" not in subs


def test_volumes_on_a_zfs_pool_and_on_rbd(svc_host: SvcHost) -> None:
    host = svc_host
    cfg = host.state / "etc/pve/storage.cfg"
    cfg.write_text(cfg.read_text() + "zfspool: tank\n\tpool zfs\n\tcontent rootdir,images\n\n"
                   "rbd: ceph-rbd\n\tpool rbd\n\tcontent images,rootdir\n\tkrbd 1\n\n")
    out = install(host, "--storage", "tank")
    vol = out["instance"]["volumes"][0]
    assert vol["backend"] == "zfs"
    got = host.tool("zfs", "get", "-H", "-p", "-o", "value", "refquota",
                    "zfs/pvesvc-demo-data").stdout.strip()
    assert got == str(64 * 2**20)
    host.svc("uninstall", "demo", "--purge")
    assert "zfs/pvesvc-demo-data" not in host.tool("zfs", "list", "-H", "-o", "name").stdout

    out = install(host, "--storage", "ceph-rbd", name="blk")
    vol = out["instance"]["volumes"][0]
    assert vol["backend"] == "rbd" and os.path.ismount(vol["path"])
    st = Path(vol["path"]).stat()
    assert (st.st_uid, st.st_gid) == (100033, 100033)
    host.svc("uninstall", "blk", "--purge")
    assert not os.path.ismount(vol["path"])
    assert "pvesvc-blk-data" not in host.tool("rbd", "ls", "rbd").stdout


def test_the_roadmap_form_binds_a_zfs_dataset(svc_host: SvcHost) -> None:
    host = svc_host
    proc = host.svc("install", "demo", "--ha=no", "--dataset=zfs/share1",
                    f"--param=http_port={host.health.port}")
    assert "installed demo 1.2.0 as demo" in proc.stdout
    snaps = host.tool("zfs", "list", "-H", "-t", "snapshot", "-o", "name").stdout.split()
    assert len(snaps) == 1 and snaps[0].startswith("zfs/share1@")
    share1 = host.state / "storage-root/zfs/share1"
    assert (share1.stat().st_uid, share1.stat().st_gid) == (100033, 100033)
    host.svc("uninstall", "demo", "--purge")
    assert share1.is_dir()  # bound: never destroyed
    names = host.tool("zfs", "list", "-H", "-o", "name").stdout.split()
    assert "zfs/share1" in names


@pytest.mark.parametrize("pve_version", [8, 9])
def test_the_roadmap_form_with_ha_on_a_cluster(btrfs_pool: BtrfsPool, pve_version: int) -> None:
    host = make_svc_host(btrfs_pool, nodes=3, pve_version=pve_version)
    try:
        host.svc("install", "demo", "--ha=yes", "--dataset=zfs/share1",
                 f"--param=http_port={host.health.port}")
        assert host.is_ha_resource(only_ct(host), pve_version)
        assert host.json("status", "demo")["ha"] is True
        host.svc("uninstall", "demo")
        assert host.tool("ha-manager", "config").stdout.strip() == ""
        assert "pvesvc-demo" not in host.tool("ha-manager", "groupconfig").stdout
        if pve_version == 9:
            assert host.tool("ha-manager", "rules", "config").stdout.strip() == ""
    finally:
        host.teardown()


def test_dry_run_prints_the_plan_and_changes_nothing(svc_host: SvcHost) -> None:
    host = svc_host
    before = host.fingerprint()
    proc = host.svc("--dry-run", "install", "demo", "--param",
                    f"http_port={host.health.port}")
    assert "dry-run: install demo as demo" in proc.stdout
    assert "pct create" in proc.stdout and "mkdir -p /srv/demo/www" in proc.stdout
    assert host.fingerprint() == before


@pytest.mark.parametrize("args, message", [
    (["--param", "nope=1"], "param nope: "),
    (["--param", "greeting=a\nb"], "param greeting: "),
    (["--param", "greeting={{ x }}"], "param greeting: "),
    (["--param", "greeting=$(id)"], "param greeting: "),
    (["--param", "greeting=a;b"], "param greeting: "),
    (["--param", "quota=lots"], "param quota: "),
    (["--param", "http_port=70000"], "param http_port: "),
    (["--param", "greeting=x", "--param", "greeting=y"], "param"),
    (["--dataset", "/etc"], "dataset: "),
    (["--dataset", "../x"], "dataset: "),
    (["--dataset", "nosuch=zfs/share1"], "dataset: "),
    (["--dataset", "zfs/nothere"], "dataset: "),
    (["--vmid", "12"], "vmid: "),
    (["--ha", "maybe"], "ha: "),
    (["--name", "Bad_Name"], "name: "),
    (["--node", "other"], "node: "),
    (["--param", "uplink=vmbr7"], "param uplink: no bridge 'vmbr7' on this node"),
    (["--param", "backup_to=nosuch"], "param backup_to: no PVE storage 'nosuch'"),
])
def test_bad_input_is_one_line_exit_2_and_nothing_changed(svc_host: SvcHost, args: list[str],
                                                         message: str) -> None:
    host = svc_host
    before = host.fingerprint()
    proc = host.svc("install", "demo", *args, check=2)
    assert proc.stderr.startswith("pve-svc: error: ") and message in proc.stderr, proc.stderr
    assert proc.stderr.count("\n") == 1
    assert host.fingerprint() == before


def test_dataset_of_another_instance_or_a_share_is_refused(svc_host: SvcHost) -> None:
    host = svc_host
    install(host)
    volume = host.data_root / "pvesvc" / "demo-data"
    proc = host.svc("install", "demo", "--name", "other", "--dataset", str(volume), check=2)
    assert "is a data volume of service demo" in proc.stderr
    shared = host.data_root / "team"
    shared.mkdir()
    registry = host.state / "etc/pve/pvesmbgw/registry.json"
    registry.write_text(json.dumps({"version": 2, "shares": {"team": {"path": str(shared)}}}))
    proc = host.svc("install", "demo", "--name", "other", "--dataset", str(shared), check=2)
    assert "overlaps the SMB share path" in proc.stderr


def test_pre_flight_names_every_problem(svc_host: SvcHost) -> None:
    host = svc_host
    install(host)
    vmid = only_ct(host)
    before = host.fingerprint()
    proc = host.svc("install", "demo", "--name", "second", "--vmid", str(vmid), "--ha", "yes",
                    "--param", f"http_port={host.health.port}", check=2)
    assert f"VMID {vmid} is in use" in proc.stderr
    assert "HA needs a PVE cluster of at least two nodes" in proc.stderr
    assert f"port {host.health.port} is taken by service demo" in proc.stderr
    assert host.fingerprint() == before


def test_an_oci_template_needs_pve_9_1(btrfs_pool: BtrfsPool) -> None:
    host = make_svc_host(btrfs_pool, pve_version=8)
    try:
        before = host.fingerprint()
        proc = host.svc("install", "ocidemo", check=2)
        assert "needs PVE 9.1 or later (this is 8.4)" in proc.stderr
        assert host.fingerprint() == before
    finally:
        host.teardown()


def test_an_oci_image_is_pulled_and_becomes_the_container(svc_host: SvcHost) -> None:
    host = svc_host
    out = host.json("install", "ocidemo", "--param", f"http_port={host.health.port}")
    vmid = out["instance"]["vmid"]
    assert "local:vztmpl/nginx_1.27.tar" in host.tool("pveam", "list", "local").stdout
    calls = (host.state / "calls.log").read_text()
    assert '"create", "/nodes/pve/storage/local/oci-registry-pull", "--reference", ' \
        '"docker.io/library/nginx:1.27", "--filename", "nginx_1.27"' in calls
    config = host.tool("pct", "config", str(vmid)).stdout
    assert "entrypoint: " in config and "host-managed=1" in config
    assert f"mp0: {host.data_root}/pvesvc/ocidemo-html,mp=/srv/html" in config
    proc = host.svc("install", "ocidemo", "--name", "oci2", "--param",
                    f"http_port={host.health.port}", check=2)
    assert f"port {host.health.port} is taken by service ocidemo" in proc.stderr
    host.svc("uninstall", "ocidemo", "--purge")
    assert host.ct_ids() == []


# -- faults ------------------------------------------------------------------------


def test_a_fault_at_every_install_step_leaves_the_node_as_it_was(svc_host: SvcHost) -> None:
    host = svc_host
    args = ["install", "demo", "--param", f"http_port={host.health.port}"]
    assert fault_at_every_step(host, args) >= 10


def test_sigkill_at_every_install_step_is_repaired_by_the_next_command(
        svc_host: SvcHost) -> None:
    host = svc_host
    sigkill_at_every_step(host, ["install", "demo", "--param",
                                 f"http_port={host.health.port}"], "demo")


def test_faults_during_uninstall_roll_back_or_are_finished(svc_host: SvcHost) -> None:
    host = svc_host
    install(host)
    before = host.fingerprint()
    total = plan_steps(host, ["uninstall", "demo"])
    for step in range(1, total):  # before the container is destroyed: rolled back
        proc = host.svc("uninstall", "demo", env={"PVESMBGW_FAULT_AT": str(step)}, check=1)
        assert "rolled back" in proc.stderr, (step, proc.stderr)
        assert host.fingerprint() == before, step
    # at the destroy step: past the point of no return, finished by the next command
    proc = host.svc("uninstall", "demo", env={"PVESMBGW_FAULT_AT": str(total)}, check=1)
    assert "point of no return" in proc.stderr
    host.svc("uninstall", "nothing", check=2)
    assert host.ct_ids() == [] and list(host.registry()["instances"]) == []
    assert os.path.isdir(host.data_root / "pvesvc" / "demo-data")


@pytest.mark.parametrize("rule", ["pveam:download", "pct:create", "pct:start", "pct:push:1",
                                  "pct:push:2", "pvesh:get:/nodes/*/lxc/*/interfaces",
                                  "pvesh:get:/cluster/resources", "pvesh:get:/cluster/nextid"])
def test_a_failing_pve_tool_during_install_leaves_nothing(svc_host: SvcHost, rule: str) -> None:
    host = svc_host
    before = host.fingerprint()
    proc = host.svc("install", "demo", "--param", f"http_port={host.health.port}",
                    env={"PVESIM_FAIL": rule}, check=1)
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert host.fingerprint() == before, rule


def test_a_failing_command_in_the_guest_at_every_exec_leaves_nothing(svc_host: SvcHost) -> None:
    host = svc_host
    args = ["install", "demo", "--param", f"http_port={host.health.port}"]
    # proxy folder, secrets folder, apt update and install, 4 steps
    assert failing_guest_exec_at_every_call(host, args, "pct:exec") > 7


def test_a_failing_pct_destroy_is_finished_by_the_next_command(svc_host: SvcHost) -> None:
    host = svc_host
    install(host)
    proc = host.svc("uninstall", "demo", env={"PVESIM_FAIL": "pct:destroy"}, check=1)
    assert "point of no return" in proc.stderr
    host.svc("uninstall", "demo", check=2)  # repairs first, then finds no such instance
    assert host.ct_ids() == []


def test_sigkill_at_every_uninstall_step_is_repaired_by_the_next_command(
        svc_host: SvcHost) -> None:
    host = svc_host
    install(host)
    before = host.fingerprint()
    total = plan_steps(host, ["uninstall", "demo"])
    for step in range(1, total + 1):
        proc = host.svc("uninstall", "demo", env={"PVESMBGW_KILL_AT": str(step)}, check=None)
        assert proc.returncode == -9, (step, proc.stderr)
        host.svc("uninstall", "nothing", check=2)  # repairs first
        if step < total:  # rolled back: the service is as it was
            assert host.fingerprint() == before, step
    # killed right after the container was destroyed: finished, the data kept
    assert host.ct_ids() == [] and list(host.registry()["instances"]) == []
    assert list(host.registry()["kept"]) == ["demo"]
