"""Every template the package ships, planned in the simulator (`install --dry-run`):
pre-flight passes, each post-install argv is rendered (one element per value, secrets as
their file paths), and the container gets the template's resources and volumes. The
Debian-payload ones (webdav, rsyncd) also install for real: test_svc_real.py."""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from tests.lib.btrfs import BtrfsPool
from tests.lib.paths import REPO
from tests.lib.svchost import SvcHost, make_svc_host

SHIPPED = sorted(p.stem for p in (REPO / "templates").glob("*.yml"))
EXTRA = {"garage": ["--param", "garage_sha256=" + "ab" * 32],
         # its digest is not pinned: the administrator gives the one FreeNAS publishes
         "freenas-legacy": ["--checksum", "sha256:" + "cd" * 32]}


@pytest.fixture(scope="module")
def shipped_host(btrfs_pool: BtrfsPool) -> Iterator[SvcHost]:
    btrfs_pool.enable_quota()
    host = make_svc_host(btrfs_pool, templates=REPO / "templates",
                         svc_apt_proxy="http://198.51.100.254:3142")
    try:
        yield host
    finally:
        host.teardown()


def test_the_roadmap_services_are_shipped() -> None:
    assert {"webdav", "rsyncd", "nextcloud", "garage", "truenas-scale",
            "freenas-legacy"} <= set(SHIPPED)


def test_the_legacy_freenas_asks_for_the_checksum_it_does_not_pin(
        shipped_host: SvcHost) -> None:
    host = shipped_host
    shown = host.json("show", "freenas-legacy")
    assert (shown["legacy"], shown["source"]["checksum"]) == (True, None)
    before = host.fingerprint()
    proc = host.svc("install", "freenas-legacy", check=2)
    assert proc.stderr == (
        "pve-svc: error: checksum: template freenas-legacy pins no checksum for "
        "FreeNAS-11.3-U5.iso: read it at https://download.freenas.org/11.3/STABLE/U5/x64/"
        "FreeNAS-11.3-U5.iso.sha256 and pass --checksum sha256:HEX\n")
    proc = host.svc("install", "truenas-scale", "--checksum", "sha256:" + "cd" * 32, check=2)
    assert "--checksum goes with --image or --iso" in proc.stderr
    assert host.fingerprint() == before


@pytest.mark.parametrize("template", SHIPPED)
def test_each_shipped_template_plans_in_the_simulator(shipped_host: SvcHost,
                                                       template: str) -> None:
    host = shipped_host
    before = host.fingerprint()
    shown = host.json("show", template)
    # the test pool is small: every size parameter at 32M
    sizes = [a for p in shown["parameters"] if p["type"] == "size"
             for a in ("--param", f"{p['name']}=32M")]
    plan = host.svc("--dry-run", "install", template, *sizes,
                    *EXTRA.get(template, [])).stdout
    assert plan.startswith(f"dry-run: install {template} as {template}: ")
    if shown["type"] == "vm":
        _check_vm_plan(host, shown, plan)
        return
    create = next(l for l in plan.splitlines() if "run: pct create" in l)
    assert f"--memory {shown['memory']}" in create
    assert f"--cores {shown['cores']}" in create
    assert "--unprivileged 1" in create and f"--tags 'pvesvc;{template}'" in create
    for number, vol in enumerate(shown["volumes"]):
        assert f"--mp{number} {host.data_root}/pvesvc/{template}-{vol['name']},mp={vol['mount']}" \
            in create
    for step in shown["postinstall"]:
        assert f"] {step['name']}" in plan, step["name"]
    for secret in [p["name"] for p in shown["parameters"] if p["type"] == "secret"]:
        assert f"/etc/pvesvc/secrets/{secret}" in plan
    if shown["packages"]:
        assert "install -y --no-install-recommends " + " ".join(shown["packages"]) in plan
    assert "wait until the service answers its health check" in plan
    assert host.fingerprint() == before


def _check_vm_plan(host: SvcHost, shown: dict[str, Any], plan: str) -> None:
    """A VM template's plan: its image or ISO, qm create with its resources, volumes over
    virtiofs, its disks; the guest's work through qm guest exec, or the manual steps."""
    template = shown["id"]
    source = shown["source"]
    assert f"download {source['image'] or source['iso']}" in plan
    create = next(l for l in plan.splitlines() if "run: qm create" in l)
    assert f"--memory {shown['memory']}" in create and f"--cores {shown['cores']}" in create
    assert f"--tags 'pvesvc;{template}'" in create and "--agent enabled=1" in create
    for number, vol in enumerate(shown["volumes"]):
        assert f"--virtiofs{number} pvesvc-{template}-{vol['name']},expose-acl=1" in create
    for disk in shown["disks"]:
        assert f"serial=pvesvc-{disk['name']}" in create
    if shown["install"] == "manual":
        assert ",media=cdrom" in create and "import-from" not in create
        assert "wait until the service answers" not in plan
        return
    assert ",import-from=" in create and "--cicustom user=local:snippets/" in create
    for package in shown["packages"]:
        assert f"+- {package}\n" in plan, package
    for step in shown["postinstall"]:
        assert f"] {step['name']}" in plan, step["name"]
    assert "qm guest exec" in plan
    assert "wait until the service answers its health check" in plan
