"""The package's systemd units pass `systemd-analyze verify` (skipped where it is absent)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
AGENT = "/usr/bin/pve-smbgateway"
PROGRAMS = (AGENT, "/usr/bin/pve-svc", "/usr/bin/pvesmbgw-appstore")


@pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                    reason="systemd-analyze is not installed")
def test_units_verify(tmp_path: Path) -> None:
    units = sorted(p for p in (REPO / "debian").glob("pvesmbgw.*")
                   if p.suffix in (".service", ".timer"))
    assert {"pvesmbgw.pvesmbgw-metrics.service", "pvesmbgw.pvesmbgw-metrics.timer"} <= \
        {u.name for u in units}
    names = []
    for unit in units:
        text = unit.read_text()
        for program in PROGRAMS:
            if not os.access(program, os.X_OK):  # not installed here: check the rest
                text = text.replace(program + " ", "/bin/true ")
        target = tmp_path / unit.name.removeprefix("pvesmbgw.")
        target.write_text(text)
        names.append(str(target))
    # Documentation= names our man pages: `man` finds the tree's, installed or not.
    for page in REPO.glob("debian/*.[18]"):
        section = tmp_path / "man" / f"man{page.suffix[1:]}"
        section.mkdir(parents=True, exist_ok=True)
        shutil.copy(page, section)
    env = dict(os.environ, MANPATH=f"{tmp_path / 'man'}:")
    proc = subprocess.run(["systemd-analyze", "verify", *names], capture_output=True,
                          text=True, timeout=60, env=env)
    assert proc.returncode == 0, proc.stderr
    assert [l for l in proc.stderr.splitlines() if str(tmp_path) in l] == []


def test_metrics_unit_has_a_kill_switch() -> None:
    text = (REPO / "debian/pvesmbgw.pvesmbgw-metrics.service").read_text()
    assert "ConditionPathExists=!/etc/pvesmbgw/disabled" in text
    assert "Type=oneshot" in text
    assert "metrics --textfile /var/lib/prometheus/node-exporter/pvesmbgw.prom" in text
    assert "pve-svc metrics --textfile /var/lib/prometheus/node-exporter/pvesvc.prom" in text
