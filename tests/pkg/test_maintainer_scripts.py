"""The package's maintainer scripts reload the PVE daemons that load storage plugins,
only where they exist, and never fail because of them."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
UNITS = ("pvedaemon.service", "pveproxy.service", "pvestatd.service",
         "pvescheduler.service")


def run_script(script: str, arg: str, root: Path, bindir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DPKG_ROOT": str(root), "PATH": f"{bindir}:/usr/bin:/bin"}
    return subprocess.run(["sh", str(REPO / "debian" / script), arg], capture_output=True,
                          text=True, env=env, timeout=30)


def fake_invoke(bindir: Path, exit_code: int = 0) -> Path:
    bindir.mkdir(exist_ok=True)
    log = bindir / "calls"
    tool = bindir / "deb-systemd-invoke"
    tool.write_text(f"#!/bin/sh\necho \"$*\" >> {log}\nexit {exit_code}\n")
    tool.chmod(0o755)
    return log


def test_plain_debian_host_nothing_to_reload(tmp_path: Path) -> None:
    log = fake_invoke(tmp_path / "bin")
    (tmp_path / "root" / "run/systemd/system").mkdir(parents=True)
    for script, arg in (("pvesmbgw.postinst", "configure"), ("pvesmbgw.postrm", "remove")):
        proc = run_script(script, arg, tmp_path / "root", tmp_path / "bin")
        assert proc.returncode == 0, proc.stderr
    assert not log.exists()


def test_no_systemd_nothing_invoked(tmp_path: Path) -> None:
    log = fake_invoke(tmp_path / "bin")
    units = tmp_path / "root" / "lib/systemd/system"
    units.mkdir(parents=True)
    (units / "pvedaemon.service").touch()
    proc = run_script("pvesmbgw.postinst", "configure", tmp_path / "root", tmp_path / "bin")
    assert proc.returncode == 0, proc.stderr
    assert not log.exists()


def test_pve_node_daemons_reloaded(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "run/systemd/system").mkdir(parents=True)
    (root / "usr/lib/systemd/system").mkdir(parents=True)
    for unit in UNITS[:3]:
        (root / "usr/lib/systemd/system" / unit).touch()
    log = fake_invoke(tmp_path / "bin")
    proc = run_script("pvesmbgw.postinst", "configure", root, tmp_path / "bin")
    assert proc.returncode == 0, proc.stderr
    assert log.read_text().splitlines() == [f"reload-or-try-restart {u}" for u in UNITS[:3]]
    log.unlink()
    assert run_script("pvesmbgw.postrm", "remove", root, tmp_path / "bin").returncode == 0
    assert len(log.read_text().splitlines()) == 3


def test_reload_failure_does_not_fail_the_install(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "run/systemd/system").mkdir(parents=True)
    (root / "lib/systemd/system").mkdir(parents=True)
    (root / "lib/systemd/system/pvestatd.service").touch()
    fake_invoke(tmp_path / "bin", exit_code=1)
    proc = run_script("pvesmbgw.postinst", "configure", root, tmp_path / "bin")
    assert proc.returncode == 0
    assert "could not reload pvestatd.service" in proc.stderr


def test_plugin_is_installed_where_pve_loads_it() -> None:
    lines = (REPO / "debian/pvesmbgw.install").read_text().splitlines()
    assert ("PVE/Storage/Custom/SMBGatewayPlugin.pm usr/share/perl5/PVE/Storage/Custom/"
            in lines)
