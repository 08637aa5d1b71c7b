"""pve-svc upgrade and rollback against the PVE simulator: the snapshots of the guest
(its bind mounts out of the config meanwhile) and of the btrfs data volume, the
migrations the version crossing runs in the guest, the refusals, and a fault or a
SIGKILL at every step leaving guest, data and registry exactly as they were."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Iterator

import pytest

from tests.lib.btrfs import BtrfsPool
from tests.lib.svchost import (APT_PROXY, DEMO_MIGRATIONS_130, TEST_TEMPLATES, SvcHost,
                               make_svc_host, plan_steps, template_version)

DEMO = (TEST_TEMPLATES / "demo.yml").read_text()


@pytest.fixture
def host(btrfs_pool: BtrfsPool, tmp_path: Path) -> Iterator[SvcHost]:
    btrfs_pool.enable_quota()
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "demo.yml").write_text(DEMO)
    host = make_svc_host(btrfs_pool, templates=templates, svc_apt_proxy=APT_PROXY)
    try:
        yield host
    finally:
        host.teardown()


def templates(host: SvcHost) -> Path:
    return Path(re.search(r"svc_templates_dir = (.*)", host.config.read_text()).group(1))


def publish(host: SvcHost, text: str) -> None:
    (templates(host) / "demo.yml").write_text(text)


def install(host: SvcHost) -> int:
    host.svc("install", "demo", "--param", f"http_port={host.health.port}")
    return host.ct_ids()[0]


def tree(root: Path) -> list[tuple[str, int, int, str]]:
    """Every path below ROOT with owner, mode and content digest (links as targets)."""
    out = []
    for p in sorted(root.rglob("*")):
        if p.is_symlink():
            digest = "-> " + str(p.readlink())
        elif p.is_file():
            digest = hashlib.sha256(p.read_bytes()).hexdigest()
        else:
            digest = ""
        st = p.lstat()
        out.append((str(p.relative_to(root)), st.st_uid, st.st_mode, digest))
    return out


def fingerprint(host: SvcHost) -> dict[str, object]:
    """The node's fingerprint; a volume's snapshot folder stays once made (empty after
    its last snapshot goes), as for shares."""
    return {**host.fingerprint(), "data": [t for t in tree(host.data_root)
                                           if ".snapshots" not in t[0]]}


def state(host: SvcHost, vmid: int) -> dict[str, object]:
    """What a failed upgrade or rollback must leave as it was: the node's fingerprint,
    the container's config and root filesystem, the data volume's files."""
    volume = host.data_root / "pvesvc" / "demo-data"
    return {**fingerprint(host), "config": host.tool("pct", "config", str(vmid)).stdout,
            "status": host.tool("pct", "status", str(vmid)).stdout,
            "rootfs": tree(host.rootfs(vmid)),
            "files": [t for t in tree(volume) if not t[0].startswith(".snapshots")]}


def test_upgrade_snapshots_the_guest_and_data_and_runs_the_crossed_migrations(
        host: SvcHost) -> None:
    vmid = install(host)
    publish(host, template_version(DEMO, "1.3.0", DEMO_MIGRATIONS_130, memory=512))
    out = json.loads(host.svc("--output-format", "json", "upgrade", "demo").stdout)
    assert (out["upgraded"], out["from"], out["version"]) == (True, "1.2.0", "1.3.0")
    assert out["migrations"] == ["make the archive folder", "mark the guest"]
    execs = [a[a.index("--") + 1:] if "--" in a else a for a in host.execs()]
    assert ["mkdir", "-p", "/srv/demo/archive-hello"] in execs
    assert ["mkdir", "-p", "/etc/demo/at-1.3.0"] in execs
    assert ["mkdir", "-p", "/etc/demo/from-1.2.0"] not in execs
    assert execs.count(["apt-get", "install", "-y", "--no-install-recommends", "rsync"]) == 2

    config = host.tool("pct", "config", str(vmid)).stdout
    snap = out["snapshot"]
    assert re.fullmatch(r"pvesvc-upgrade-\d{8}-\d{6}", snap)
    assert "memory: 512" in config and f"mp0: {host.data_root}/pvesvc/demo-data,mp=/srv/demo" \
        in config
    conf_file = (host.state / "etc/pve/lxc" / f"{vmid}.conf").read_text()
    section = conf_file.split(f"[{snap}]", 1)[1]
    # the snapshot holds the old config, without the bind mount PVE cannot snapshot
    assert "memory: 256" in section and "mp0:" not in section
    assert host.tool("pct", "status", str(vmid)).stdout.strip() == "status: running"
    volume = host.data_root / "pvesvc" / "demo-data"
    data_snaps = list((volume / ".snapshots").iterdir())
    assert len(data_snaps) == 1 and not (data_snaps[0] / "archive-hello").exists()
    assert (volume / "archive-hello").is_dir()
    inst = host.registry()["instances"]["demo"]
    assert inst["version"] == "1.3.0"
    assert [(u["from"], u["to"], u["snapshot"], list(u["data"])) for u in inst["upgrades"]] \
        == [("1.2.0", "1.3.0", snap, ["data"])]
    status = json.loads(host.svc("--output-format", "json", "status", "demo",
                                 check=None).stdout)
    assert status["version"] == "1.3.0" and status["upgrades"][0]["to"] == "1.3.0"


def test_rollback_returns_guest_data_and_record_to_before_the_upgrade(host: SvcHost) -> None:
    vmid = install(host)
    before = state(host, vmid)
    publish(host, template_version(DEMO, "1.3.0", DEMO_MIGRATIONS_130, memory=512))
    host.svc("upgrade", "demo")
    assert state(host, vmid)["files"] != before["files"]
    proc = host.svc("rollback", "demo")
    assert "rolled demo back from 1.3.0 to 1.2.0" in proc.stdout
    after = state(host, vmid)
    # the snapshots are gone with the upgrade they belonged to
    assert after == before
    assert host.registry()["instances"]["demo"].get("upgrades", []) == []
    proc = host.svc("rollback", "demo", check=2)
    assert "demo has no upgrade to roll back" in proc.stderr


def test_nothing_newer_older_or_another_version_is_said_and_changes_nothing(
        host: SvcHost) -> None:
    vmid = install(host)
    before = state(host, vmid)
    proc = host.svc("upgrade", "demo")
    assert "nothing to upgrade" in proc.stdout and "newest the index has" in proc.stdout
    publish(host, template_version(DEMO, "1.1.9"))
    proc = host.svc("upgrade", "demo", check=2)
    assert "older than demo's 1.2.0" in proc.stderr and "pve-svc rollback demo" in proc.stderr
    publish(host, template_version(DEMO, "1.3.0"))
    proc = host.svc("upgrade", "demo", "--to", "1.4.0", check=2)
    assert "the template index has demo 1.3.0, not 1.4.0" in proc.stderr
    proc = host.svc("upgrade", "demo", "--to", "1.4", check=2)
    assert "not a template version" in proc.stderr
    publish(host, template_version(DEMO, "1.3.0").replace("mount: /srv/demo", "mount: /srv/other"))
    proc = host.svc("upgrade", "demo", check=2)
    assert "other data volumes (data at /srv/other) than demo (data at /srv/demo)" in \
        proc.stderr
    proc = host.svc("upgrade", "nosuch", check=2)
    assert "no service instance 'nosuch'" in proc.stderr
    assert state(host, vmid) == before


def test_a_failing_migration_rolls_back_guest_and_data(host: SvcHost) -> None:
    vmid = install(host)
    before = state(host, vmid)
    failing = DEMO_MIGRATIONS_130 + """\
  - version: 1.3.0
    name: fail
    argv: ["test", "-e", "/no/such/file"]
"""
    publish(host, template_version(DEMO, "1.3.0", failing, memory=512))
    proc = host.svc("upgrade", "demo", check=1)
    assert "migration 1.3.0: fail" in proc.stderr and "rolled back" in proc.stderr
    assert state(host, vmid) == before
    assert not (host.rootfs(vmid) / "etc/demo/at-1.3.0").exists()


def test_a_health_check_that_never_answers_rolls_back(host: SvcHost) -> None:
    vmid = install(host)
    before = state(host, vmid)
    text = template_version(DEMO, "1.3.0", DEMO_MIGRATIONS_130).replace("path: /health",
                                                                         "path: /never")
    publish(host, text.replace("timeout: 10", "timeout: 2"))
    proc = host.svc("upgrade", "demo", check=1)
    assert "health check" in proc.stderr and "rolled back" in proc.stderr
    assert state(host, vmid) == before


def test_a_fault_at_every_step_of_upgrade_and_rollback_changes_nothing(
        host: SvcHost) -> None:
    vmid = install(host)
    publish(host, template_version(DEMO, "1.3.0", DEMO_MIGRATIONS_130, memory=512))
    for args, done in ((["upgrade", "demo"], "1.3.0"), (["rollback", "demo"], "1.2.0")):
        before = state(host, vmid)
        total = plan_steps(host, args)
        for step in range(1, total + 2):
            proc = host.svc(*args, env={"PVESMBGW_FAULT_AT": str(step)}, check=None)
            if proc.returncode == 1 and "rolled back" in proc.stderr:
                assert state(host, vmid) == before, (args, step)
                continue
            # past the point of no return (deleting snapshots): the next command
            # finishes it
            assert proc.returncode == 1 and "point of no return" in proc.stderr, \
                (args, step, proc.stderr)
            host.svc("list")
            host.svc(*args, check=None)
            break
        else:
            host.svc(*args)
        assert host.registry()["instances"]["demo"]["version"] == done


def test_a_sigkill_at_every_step_of_upgrade_is_repaired_by_the_next_command(
        host: SvcHost) -> None:
    vmid = install(host)
    publish(host, template_version(DEMO, "1.3.0", DEMO_MIGRATIONS_130, memory=512))
    before = state(host, vmid)
    total = plan_steps(host, ["upgrade", "demo"])
    for step in range(1, total - 1):  # the last step writes the registry
        proc = host.svc("upgrade", "demo", env={"PVESMBGW_KILL_AT": str(step)}, check=None)
        assert proc.returncode == -9, (step, proc.stderr)
        host.svc("rollback", "demo", check=2)  # repairs first, then finds no upgrade
        assert state(host, vmid) == before, step


def test_only_the_newest_upgrades_keep_their_snapshots(btrfs_pool: BtrfsPool,
                                                       tmp_path: Path) -> None:
    btrfs_pool.enable_quota()
    shutil.copytree(TEST_TEMPLATES, tmp_path / "t")
    (tmp_path / "t" / "vmdemo.yml").unlink()
    host = make_svc_host(btrfs_pool, templates=tmp_path / "t", svc_apt_proxy=APT_PROXY,
                         svc_upgrade_keep=1)
    try:
        vmid = install(host)
        publish(host, template_version(DEMO, "1.3.0"))
        first = json.loads(host.svc("--output-format", "json", "upgrade", "demo").stdout)
        publish(host, template_version(DEMO, "1.4.0"))
        second = json.loads(host.svc("--output-format", "json", "upgrade", "demo").stdout)
        conf = (host.state / "etc/pve/lxc" / f"{vmid}.conf").read_text()
        assert f"[{second['snapshot']}]" in conf and f"[{first['snapshot']}]" not in conf
        assert len(list((host.data_root / "pvesvc/demo-data/.snapshots").iterdir())) == 1
        assert [u["to"] for u in host.registry()["instances"]["demo"]["upgrades"]] == ["1.4.0"]
    finally:
        host.teardown()


def test_rootfs_on_storage_without_snapshots_is_refused(btrfs_pool: BtrfsPool,
                                                       tmp_path: Path) -> None:
    btrfs_pool.enable_quota()
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "demo.yml").write_text(DEMO)
    host = make_svc_host(btrfs_pool, templates=tmp_path / "t", svc_apt_proxy=APT_PROXY,
                         shared_dir=True, svc_rootfs_storage="nfs")
    try:
        vmid = install(host)
        before = state(host, vmid)
        publish(host, template_version(DEMO, "1.3.0"))
        proc = host.svc("upgrade", "demo", check=2)
        assert f"rootfs of CT {vmid} is on storage nfs (dir), which cannot take snapshots" \
            in proc.stderr
        assert state(host, vmid) == before
    finally:
        host.teardown()


def test_an_ha_resource_is_left_alone_by_the_ha_manager_during_the_upgrade(
        btrfs_pool: BtrfsPool, tmp_path: Path) -> None:
    btrfs_pool.enable_quota()
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "demo.yml").write_text(DEMO)
    host = make_svc_host(btrfs_pool, templates=tmp_path / "t", svc_apt_proxy=APT_PROXY,
                         nodes=3)
    try:
        host.svc("install", "demo", "--param", f"http_port={host.health.port}", "--ha", "yes")
        vmid = host.ct_ids()[0]
        publish(host, template_version(DEMO, "1.3.0"))
        # a fault on the last step before the registry: the HA state goes back too
        total = plan_steps(host, ["upgrade", "demo"])
        proc = host.svc("upgrade", "demo", env={"PVESMBGW_FAULT_AT": str(total - 1)}, check=1)
        assert "rolled back" in proc.stderr
        assert f"ct:{vmid} (pve, started)" in host.tool("ha-manager", "status").stdout
        dry = host.svc("--dry-run", "upgrade", "demo").stdout
        assert f"run: ha-manager set ct:{vmid} --state ignored" in dry
        assert f"run: ha-manager set ct:{vmid} --state started" in dry
        assert dry.index("--state ignored") < dry.index(f"run: pct shutdown {vmid}") < \
            dry.index(f"run: pct snapshot {vmid}") < dry.index("--state started")
        host.svc("upgrade", "demo")
        assert f"ct:{vmid} (pve, started)" in host.tool("ha-manager", "status").stdout
    finally:
        host.teardown()


def test_a_vm_service_is_upgraded_and_rolled_back_with_qm_snapshots(
        btrfs_pool: BtrfsPool, tmp_path: Path) -> None:
    btrfs_pool.enable_quota()
    folder = tmp_path / "t"
    folder.mkdir()
    vmdemo = (TEST_TEMPLATES / "vmdemo.yml").read_text()
    (folder / "vmdemo.yml").write_text(vmdemo)
    host = make_svc_host(btrfs_pool, templates=folder, svc_apt_proxy=APT_PROXY)
    try:
        image, checksum = host.vm_image()
        host.svc("install", "vmdemo", "--image", str(image), "--checksum", checksum,
                 "--param", f"http_port={host.health.port}")
        vmid = host.vm_ids()[0]
        volume = host.data_root / "pvesvc" / "vmdemo-data"

        def vm_state() -> dict[str, object]:
            # a rollback gives the VM a new vmgenid (qemu-server does, for the guest OS)
            config = re.sub(r"vmgenid: .*\n", "", host.tool("qm", "config", str(vmid)).stdout)
            return {**fingerprint(host), "config": config,
                    "status": host.tool("qm", "status", str(vmid)).stdout,
                    "files": [t for t in tree(volume) if not t[0].startswith(".snapshots")]}
        before = vm_state()
        migration = ("migrations:\n  - version: 1.1.0\n    name: mark the data\n"
                     '    argv: ["mkdir", "-p", "{{ volumes.data }}/at-1.1.0"]\n')
        (folder / "vmdemo.yml").write_text(
            vmdemo.replace("version: 1.0.0", "version: 1.1.0", 1) + migration
            + '  - version: 1.1.0\n    name: fail\n    argv: ["test", "-e", "/no/such"]\n')
        proc = host.svc("upgrade", "vmdemo", check=1)
        assert "migration 1.1.0: fail" in proc.stderr and "rolled back" in proc.stderr
        assert vm_state() == before
        (folder / "vmdemo.yml").write_text(
            vmdemo.replace("version: 1.0.0", "version: 1.1.0", 1) + migration)
        out = host.json("upgrade", "vmdemo")
        assert (volume / "at-1.1.0").is_dir()
        conf = (host.state / "etc/pve/qemu-server" / f"{vmid}.conf").read_text()
        assert f"[{out['snapshot']}]" in conf
        assert host.tool("qm", "status", str(vmid)).stdout.strip() == "status: running"
        host.svc("rollback", "vmdemo")
        assert vm_state() == before
    finally:
        host.teardown()
