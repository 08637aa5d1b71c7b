"""HA profiles of pve-svc templates against the PVE simulator (PVE 8 and 9 syntax): the
template's `ha` sets the default of --ha; `required` refuses, naming everything missing
(a cluster, three online nodes, shared storage for the guest's disk and its data); with
HA the guest is a PVE HA resource (an HA group on PVE 8, a node-affinity rule on PVE 9)
and `status` shows what the HA manager makes of it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import pytest

from tests.lib.btrfs import BtrfsPool
from tests.lib.svchost import TEST_TEMPLATES, SvcHost, make_svc_host


def profile(tmp_path: Path, ha: str) -> Path:
    """The demo template with ha: HA, in a templates folder of its own."""
    folder = tmp_path / f"templates-{ha}"
    folder.mkdir()
    text = (TEST_TEMPLATES / "demo.yml").read_text()
    assert "\nha: optional\n" in text
    (folder / "demo.yml").write_text(text.replace("\nha: optional\n", f"\nha: {ha}\n"))
    return folder


@pytest.fixture
def hosts(btrfs_pool: BtrfsPool) -> Iterator[list[SvcHost]]:
    made: list[SvcHost] = []
    btrfs_pool.enable_quota()
    yield made
    for host in made:
        host.teardown()


def install(host: SvcHost, *extra: str, check: int = 0, port: int = 0) -> dict:
    proc = host.svc("--output-format", "json", "install", "demo", "--param",
                    f"http_port={port or host.health.port}", "--param", "quota=16M", *extra,
                    check=check)
    return json.loads(proc.stdout) if check == 0 else {"stderr": proc.stderr}


def test_required_refuses_naming_every_gap_and_changes_nothing(
        btrfs_pool: BtrfsPool, tmp_path: Path, hosts: list[SvcHost]) -> None:
    folder = profile(tmp_path, "required")
    single = make_svc_host(btrfs_pool, templates=folder)
    hosts.append(single)
    before = single.fingerprint()
    err = install(single, check=2)["stderr"]
    assert err == ("pve-svc: error: ha: template demo requires HA (ha: required), which "
                   "needs what is missing here: this node is not in a PVE cluster; storage "
                   "local-lvm (the guest's disk) is not shared; storage data (data volumes) "
                   "is not shared\n"), err
    assert "requires HA (ha: required)\n" in install(single, "--ha", "no", check=2)["stderr"]
    assert single.fingerprint() == before
    # A cluster, but local storage: only the storage is missing.
    local = make_svc_host(btrfs_pool, templates=folder, nodes=3)
    hosts.append(local)
    before = local.fingerprint()
    err = install(local, check=2)["stderr"]
    assert "needs what is missing here: storage local-lvm (the guest's disk) is not " \
        "shared; storage data (data volumes) is not shared\n" in err, err
    assert local.fingerprint() == before


@pytest.mark.parametrize("pve_version", [8, 9])
def test_required_on_a_cluster_with_shared_storage_is_an_ha_resource(
        btrfs_pool: BtrfsPool, tmp_path: Path, hosts: list[SvcHost], pve_version: int) -> None:
    host = make_svc_host(btrfs_pool, templates=profile(tmp_path, "required"), nodes=3,
                         pve_version=pve_version, shared_dir=True, svc_rootfs_storage="nfs")
    hosts.append(host)
    out = install(host, "--storage", "nfs")
    vmid = out["instance"]["vmid"]
    assert out["instance"]["ha"] is True and host.is_ha_resource(vmid, pve_version)
    assert not any("HA" in note for note in out["notes"]), out["notes"]
    status = host.json("status", "demo")
    assert (status["ha"], status["ha_state"]) == (True, "started"), status
    assert f"{'ha:':<11}yes (started)" in host.svc("status", "demo").stdout
    host.svc("uninstall", "demo", "--purge")
    assert host.tool("ha-manager", "config").stdout.strip() == ""


def test_recommended_is_ha_where_it_can_be_and_says_why_not_elsewhere(
        btrfs_pool: BtrfsPool, tmp_path: Path, hosts: list[SvcHost]) -> None:
    folder = profile(tmp_path, "recommended")
    single = make_svc_host(btrfs_pool, templates=folder)
    hosts.append(single)
    out = install(single)
    assert out["instance"]["ha"] is False
    assert "not an HA resource, though demo recommends it: this node is not in a PVE " \
        "cluster; storage local-lvm (the guest's disk) is not shared; storage data (data " \
        "volumes) is not shared (`--ha yes` insists)" in out["notes"], out["notes"]
    assert single.tool("ha-manager", "config").stdout.strip() == ""

    cluster = make_svc_host(btrfs_pool, templates=folder, nodes=3, shared_dir=True,
                            svc_rootfs_storage="nfs")
    hosts.append(cluster)
    # --ha no wins over a recommendation
    out = install(cluster, "--storage", "nfs", "--ha", "no")
    assert out["instance"]["ha"] is False
    assert cluster.tool("ha-manager", "config").stdout.strip() == ""
    cluster.svc("uninstall", "demo", "--purge")
    out = install(cluster, "--storage", "nfs")
    assert out["instance"]["ha"] is True
    assert cluster.is_ha_resource(out["instance"]["vmid"], 9)
