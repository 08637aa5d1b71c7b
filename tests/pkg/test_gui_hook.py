"""pvesmbgw-gui-hook and the dpkg trigger that re-runs it when pve-manager replaces
its index.html.tpl: idempotent, reversible to the byte, harmless without PVE."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HOOK = REPO / "scripts/pvesmbgw-gui-hook"
TEMPLATE = """<!DOCTYPE html>
<html>
  <head>
    <title>[% nodename %] - Proxmox Virtual Environment</title>
    <script type="text/javascript" src="/pve2/ext6/ext-all.js"></script>
    <script type="text/javascript" src="/pve2/js/pvemanagerlib.js?ver=[% version %]"></script>
    <script type="text/javascript">Ext.History.fieldid = 'x-history-field';</script>
  </head>
  <body></body>
</html>
"""
# Every panel, in the order the hook concatenates them (C-locale order of DIR/FILE).
PANELS = sorted((REPO / "www/manager6").glob("*/*.js"),
                key=lambda p: f"{p.parent.name}/{p.name}".encode())
TAG = '<script type="text/javascript" src="/pve2/js/pvesmbgw.js"></script>'


def make_root(tmp_path: Path, with_pve: bool = True) -> Path:
    root = tmp_path / "root"
    # As debian/pvesmbgw.install ships them: www/manager6/DIR/*.js to www/DIR/.
    www = root / "usr/share/pvesmbgw/www"
    for js in PANELS:
        (www / js.parent.name).mkdir(parents=True, exist_ok=True)
        shutil.copy(js, www / js.parent.name)
    shutil.copy(HOOK, root / "usr/share/pvesmbgw/pvesmbgw-gui-hook")
    if with_pve:
        (root / "usr/share/pve-manager/js").mkdir(parents=True)
        (root / "usr/share/pve-manager/index.html.tpl").write_text(TEMPLATE)
    return root


def hook(action: str, root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["sh", str(HOOK), action, str(root)], capture_output=True,
                          text=True, timeout=30)


def test_install_is_idempotent_and_remove_restores(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    tpl = root / "usr/share/pve-manager/index.html.tpl"
    for _ in range(2):
        assert hook("install", root).returncode == 0
    lines = tpl.read_text().splitlines()
    assert sum(TAG in line for line in lines) == 1
    after = next(i for i, line in enumerate(lines) if "pvemanagerlib.js" in line)
    assert TAG in lines[after + 1]  # loaded right after PVE's own code
    # All panels as one file: the storage dialog and the App Store.
    assert {p.parent.name for p in PANELS} == {"storage", "appstore"}
    assert (root / "usr/share/pve-manager/js/pvesmbgw.js").read_bytes() == \
        b"".join(p.read_bytes() + b"\n" for p in PANELS)
    assert not list((root / "usr/share/pve-manager/js").glob("*-new"))
    assert hook("remove", root).returncode == 0
    assert tpl.read_text() == TEMPLATE
    assert not (root / "usr/share/pve-manager/js/pvesmbgw.js").exists()
    assert hook("remove", root).returncode == 0


def test_without_pve_nothing_happens(tmp_path: Path) -> None:
    root = make_root(tmp_path, with_pve=False)
    proc = hook("install", root)
    assert proc.returncode == 0 and "no PVE web GUI" in proc.stdout
    assert not (root / "usr/share/pve-manager").exists()
    assert hook("bogus", root).returncode == 2


def test_trigger_reinstalls_after_pve_manager_upgrade(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    tpl = root / "usr/share/pve-manager/index.html.tpl"
    env = {**os.environ, "DPKG_ROOT": str(root), "PATH": "/usr/bin:/bin"}
    postinst = ["sh", str(REPO / "debian/pvesmbgw.postinst")]
    assert subprocess.run(postinst + ["configure"], env=env, timeout=30).returncode == 0
    assert TAG in tpl.read_text()
    tpl.write_text(TEMPLATE)  # pve-manager's upgrade put its own template back
    assert subprocess.run(postinst + ["triggered", "/usr/share/pve-manager/index.html.tpl"],
                          env=env, timeout=30).returncode == 0
    assert TAG in tpl.read_text()
    prerm = ["sh", str(REPO / "debian/pvesmbgw.prerm"), "remove"]
    assert subprocess.run(prerm, env=env, timeout=30).returncode == 0
    assert tpl.read_text() == TEMPLATE


def test_packaging_files() -> None:
    assert (REPO / "debian/pvesmbgw.triggers").read_text().split() == \
        ["interest-noawait", "/usr/share/pve-manager/index.html.tpl"]
    install = (REPO / "debian/pvesmbgw.install").read_text().splitlines()
    assert "www/manager6/storage/*.js usr/share/pvesmbgw/www/storage/" in install
    assert "www/manager6/appstore/*.js usr/share/pvesmbgw/www/appstore/" in install
    assert "scripts/pvesmbgw-gui-hook usr/share/pvesmbgw/" in install
    assert os.access(HOOK, os.X_OK)
