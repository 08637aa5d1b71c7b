"""Monitoring of pve-svc instances against the PVE simulator: the exporter's Prometheus
target in the node's file_sd file (exact content, foreign target groups kept, gone
after uninstall, a fault at every step of install and uninstall leaving the file as it
was) and `pve-svc metrics` read back with prometheus_client's own text parser."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Iterator

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.lib.btrfs import BtrfsPool
from tests.lib.svchost import (TEST_TEMPLATES, SvcHost, fault_at_every_step, make_svc_host,
                               plan_steps, start_health_server)

# A target group someone else keeps in the same file: never touched.
FOREIGN = {"targets": ["198.51.100.7:9100"], "labels": {"job": "node"}}


def install(host: SvcHost, name: str = "demo", template: str = "demo") -> dict:
    return host.json("install", template, "--name", name,
                     "--param", f"http_port={host.health.port}")


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a textfile, parsed by Prometheus' client library."""
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


@pytest.fixture
def probe_host(btrfs_pool: BtrfsPool, tmp_path: Path) -> Iterator[SvcHost]:
    """The test templates plus `probe`: demo's exporter on a port of its own, at a path
    that is not /metrics."""
    btrfs_pool.enable_quota()
    templates = tmp_path / "templates"
    templates.mkdir()
    demo = (TEST_TEMPLATES / "demo.yml").read_text()
    (templates / "demo.yml").write_text(demo)
    probe = demo.replace("id: demo", "id: probe").replace(
        "  - {name: metrics, port: 9113, protocol: tcp}",
        "  - {name: metrics, port: 9200, protocol: tcp}").replace(
        "exporter:\n  port: 9113", "exporter:\n  port: 9200\n  path: /probe/metrics")
    assert probe.count("9200") == 2 and "/probe/metrics" in probe
    (templates / "probe.yml").write_text(probe)
    host = make_svc_host(btrfs_pool, templates=templates)
    try:
        yield host
    finally:
        host.teardown()


def test_install_registers_the_exporter_and_uninstall_removes_it(probe_host: SvcHost
                                                                  ) -> None:
    host = probe_host
    host.file_sd.write_text(json.dumps([FOREIGN]))
    install(host)
    assert host.file_sd.stat().st_mode & 0o777 == 0o644
    demo = {"labels": {"node": "pve", "service": "demo", "template": "demo"},
            "targets": ["127.0.0.1:9113"]}
    assert host.file_sd.read_text() == json.dumps([FOREIGN, demo], indent=2,
                                                  sort_keys=True) + "\n"

    # A second instance (its health check on a server of its own): its exporter's path
    # is not /metrics, so the target says where.
    second = start_health_server()
    try:
        host.json("install", "probe", "--name", "other",
                  "--param", f"http_port={second.port}")
        other = {"labels": {"__metrics_path__": "/probe/metrics", "node": "pve",
                            "service": "other", "template": "probe"},
                 "targets": ["127.0.0.1:9200"]}
        assert json.loads(host.file_sd.read_text()) == [FOREIGN, demo, other]

        host.svc("uninstall", "demo")
        assert json.loads(host.file_sd.read_text()) == [FOREIGN, other]
        host.svc("uninstall", "other", "--purge")
    finally:
        second.stop()
    # The administrator's group stays; with it gone too, the file would be removed.
    assert json.loads(host.file_sd.read_text()) == [FOREIGN]


def test_the_last_target_gone_the_file_goes(svc_host: SvcHost) -> None:
    host = svc_host
    assert not host.file_sd.exists()
    plan = host.svc("--dry-run", "install", "demo", "--param",
                    f"http_port={host.health.port}").stdout
    assert f"add target ADDRESS:9113 (labels service=demo, template=demo, node=pve) " \
        f"to {host.file_sd}" in plan
    install(host)
    assert json.loads(host.file_sd.read_text())[0]["targets"] == ["127.0.0.1:9113"]
    host.svc("uninstall", "demo", "--purge")
    assert not host.file_sd.exists()


def test_a_fault_at_every_step_leaves_the_file_as_it_was(svc_host: SvcHost) -> None:
    host = svc_host
    host.file_sd.write_text(json.dumps([FOREIGN]) + "\n")
    args = ["install", "demo", "--param", f"http_port={host.health.port}"]
    fault_at_every_step(host, args)  # the fingerprint holds the file's text
    assert host.file_sd.read_text() == json.dumps([FOREIGN]) + "\n"

    install(host)
    registered = host.file_sd.read_text()
    total = plan_steps(host, ["uninstall", "demo"])
    for step in range(1, total):  # up to the container's destruction: rolled back
        proc = host.svc("uninstall", "demo", env={"PVESMBGW_FAULT_AT": str(step)}, check=1)
        assert "rolled back" in proc.stderr, (step, proc.stderr)
        assert host.file_sd.read_text() == registered, step
    host.svc("uninstall", "demo")
    assert json.loads(host.file_sd.read_text()) == [FOREIGN]


def test_no_directory_no_target_and_a_broken_file_stops_the_plan(
        btrfs_pool: BtrfsPool, tmp_path: Path) -> None:
    btrfs_pool.enable_quota()
    missing = tmp_path / "nowhere" / "pvesvc-{node}.json"
    host = make_svc_host(btrfs_pool, svc_file_sd=missing)
    try:
        out = install(host)
        assert f"no directory {missing.parent}: the exporter's Prometheus target is not " \
            "registered (svc_file_sd)" in out["notes"]
        assert not missing.parent.exists()  # never created
        host.svc("uninstall", "demo", "--purge")
    finally:
        host.teardown()
    host = make_svc_host(btrfs_pool)
    try:
        host.file_sd.write_text("{not json")
        before = host.fingerprint()
        proc = host.svc("install", "demo", "--param", f"http_port={host.health.port}",
                        check=2)
        assert proc.stderr.startswith("pve-svc: error: svc_file_sd: ") and \
            proc.stderr.count("\n") == 1, proc.stderr
        assert host.fingerprint() == before
    finally:
        host.teardown()


def test_metrics_per_instance_parsed_by_prometheus_client(svc_host: SvcHost,
                                                          tmp_path: Path) -> None:
    host = svc_host
    empty = samples(host.svc("metrics").stdout)
    assert empty[("pvesvc_instances", ())] == 0
    install(host)
    vmid = host.ct_ids()[0]
    labels = (("node", "pve"), ("service", "demo"), ("template", "demo"))
    textfile = tmp_path / "pvesvc.prom"
    host.svc("metrics", "--textfile", str(textfile))
    assert textfile.stat().st_mode & 0o777 == 0o644
    got = samples(textfile.read_text())
    assert got[("pvesvc_instance_up", labels)] == 1
    assert got[("pvesvc_instance_healthy", labels)] == 1
    checked = got[("pvesvc_instance_health_check_timestamp_seconds", labels)]
    assert abs(checked - time.time()) < 60
    info = tuple(sorted(labels + (("version", "1.2.0"), ("kind", "lxc"),
                                  ("vmid", str(vmid)))))
    assert got[("pvesvc_instance_info", info)] == 1
    assert got[("pvesvc_instances", ())] == 1
    assert ("pvesvc_metrics_collect_seconds", ()) in got
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pvesvc.prom"]  # no temp left

    host.tool("pct", "stop", str(vmid))
    got = samples(host.svc("metrics").stdout)
    assert got[("pvesvc_instance_up", labels)] == 0
    assert got[("pvesvc_instance_healthy", labels)] == 0
    assert ("pvesvc_instance_health_check_timestamp_seconds", labels) not in got


@pytest.mark.parametrize("target, message", [
    ("relative.prom", "must be an absolute path ending in .prom"),
    ("/etc/x.prom", "lies in a system directory; use the node_exporter textfile directory, "
                    "e.g. /var/lib/prometheus/node-exporter/pvesvc.prom"),
    ("{tmp}/missing/x.prom", "does not exist"),
    ("{tmp}/x.txt", "must be an absolute path ending in .prom"),
])
def test_metrics_textfile_has_the_share_metrics_rules(svc_host: SvcHost, tmp_path: Path,
                                                      target: str, message: str) -> None:
    proc = svc_host.svc("metrics", "--textfile", target.replace("{tmp}", str(tmp_path)),
                        check=2)
    assert proc.stderr.startswith("pve-svc: error: textfile: ") and message in proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stdout == ""
    assert list(tmp_path.iterdir()) == []
