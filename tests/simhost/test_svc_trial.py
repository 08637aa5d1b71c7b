"""`pve-svc test` against the PVE simulator: a template tried as a throwaway instance
(installed, checked, uninstalled with --purge) passes with its timings and leaves the
node as it was; a failing step is reported with the instance's log and rolled back; bad
targets change nothing; an installer-ISO template is skipped with the reason. The real
trial of the Debian-payload templates is in test_svc_real.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.lib.btrfs import BtrfsPool
from tests.lib.paths import REPO
from tests.lib.svchost import TEST_TEMPLATES, SvcHost, make_svc_host


def trial(host: SvcHost, *args: str, check: int = 0) -> list[dict]:
    proc = host.svc("--output-format", "json", "test", *args, check=check)
    return json.loads(proc.stdout)["trials"]


def test_a_template_passes_with_timings_and_leaves_nothing(svc_host: SvcHost) -> None:
    host = svc_host
    before = host.fingerprint()
    [t] = trial(host, "demo", "--param", f"http_port={host.health.port}")
    assert (t["target"], t["template"], t["result"], t["phase"]) == \
        ("demo", "demo", "pass", None), t
    assert t["instance"].startswith("t-demo-") and len(t["instance"]) == 13
    assert set(t["seconds"]) == {"install", "health", "uninstall"}
    titles = [s["step"] for s in t["steps"]]
    assert any(title.startswith("run post-install step") or "make the content folder" in title
               for title in titles), titles
    assert "wait until the service answers its health check (at most 10s)" in titles
    assert all(s["seconds"] is not None and s["seconds"] >= 0 for s in t["steps"])
    assert t["instance_left"] is False
    # purged: no container, no volume, no registry entry, no log (the container template
    # pveam downloaded stays, as after any install)
    assert host.ct_ids() == [] and host.registry() == {"instances": {}, "kept": {},
                                                       "version": 1}
    assert list((host.data_root / "pvesvc").iterdir()) == []
    assert list(host.state.rglob("t-demo-*")) == []
    now = host.fingerprint()
    assert {k: now[k] for k in before if k not in ("registry", "templates", "data")} == \
        {k: before[k] for k in before if k not in ("registry", "templates", "data")}


def test_a_failing_step_is_reported_with_its_log_and_rolled_back(
        btrfs_pool: BtrfsPool, tmp_path: Path) -> None:
    btrfs_pool.enable_quota()
    broken = (TEST_TEMPLATES / "demo.yml").read_text().replace(
        '    argv: ["mkdir", "-p", "{{ volumes.data }}/www"]',
        '    argv: ["sh", "-c", "echo the disk is on fire >&2; exit 3"]')
    assert broken != (TEST_TEMPLATES / "demo.yml").read_text()
    (tmp_path / "demo.yml").write_text(broken)
    host = make_svc_host(btrfs_pool)
    try:
        before = host.fingerprint()
        proc = host.svc("test", str(tmp_path / "demo.yml"), "--param",
                        f"http_port={host.health.port}", check=1)
        out = proc.stdout
        assert out.startswith(f"{tmp_path}/demo.yml: FAIL (install "), out
        assert "  install: " in out and "make the content folder" in out
        assert "the disk is on fire" in out  # from the instance's log
        assert host.fingerprint() == before
        [t] = trial(host, str(tmp_path / "demo.yml"), "--param",
                    f"http_port={host.health.port}", check=1)
        assert (t["result"], t["phase"], t["instance_left"]) == ("fail", "install", False)
        assert any("the disk is on fire" in line for line in t["log_tail"])
    finally:
        host.teardown()


def test_bad_targets_change_nothing_and_iso_templates_are_skipped(
        btrfs_pool: BtrfsPool, tmp_path: Path) -> None:
    shutil.copy(REPO / "templates/truenas-scale.yml", tmp_path)
    (tmp_path / "bad.yml").write_text("apiVersion: pvesvc/v1\nid: bad\n")
    host = make_svc_host(btrfs_pool, templates=tmp_path)
    try:
        before = host.fingerprint()
        for args, wanted in [
                (["nosuch"], "nosuch: no service template 'nosuch'"),
                ([str(tmp_path / "bad.yml")], f"{tmp_path}/bad.yml: {tmp_path}/bad.yml:1: "),
                ([str(tmp_path / "gone.yml")], "gone.yml: no such file"),
                (["truenas-scale", "--param", "x=1"], "--param x: no template given has it")]:
            proc = host.svc("test", *args, check=2)
            assert proc.stderr.startswith("pve-svc: error: ") and wanted in proc.stderr, \
                (args, proc.stderr)
            assert host.fingerprint() == before
        [t] = trial(host, "truenas-scale")
        assert (t["result"], t["phase"]) == ("skip", "install")
        assert "install: manual" in t["error"] and host.fingerprint() == before
    finally:
        host.teardown()
