"""The fixtures of the GUI tests in PVE's own web UI that test_gui_pve.py and
test_gui_pve_de.py share: here, so that a session makes one of each (one simulated node
and App Store daemon per PVE release, whichever module asks first)."""

from __future__ import annotations

import shutil
import tarfile
from pathlib import Path
from typing import Callable, Iterator

import pytest

from tests.gui import npm
from tests.gui.pve.simnode import SimNode, free_port
from tests.gui.pve.ui import CACHE, EXTJS_PACKAGE
from tests.lib.btrfs import BtrfsPool

# Where libjs-extjs puts ExtJS's files (served by pveproxy as /pve2/ext6/), from the npm
# package's layout.
EXTJS_LAYOUT = {
    "package/build/ext-all.js": "ext-all.js",
    "package/build/ext-all-debug.js": "ext-all-debug.js",
    "package/build/packages/charts/classic/charts.js": "charts.js",
    "package/build/packages/charts/classic/crisp/resources/": "crisp/resources/",
    "package/build/classic/theme-crisp/resources/": "theme-crisp/resources/",
    "package/build/classic/locale/locale-en.js": "locale/locale-en.js",
    "package/LICENSE": "LICENSE",
}


@pytest.fixture(scope="session")
def extjs_pve_layout() -> Path:
    """ExtJS (GPL, npm) laid out as Debian's libjs-extjs, cached across runs."""
    target = CACHE / (EXTJS_PACKAGE.replace("@", "-") + "-libjs-layout")
    if (target / "charts.js").exists():
        return target
    tgz = npm.pack(EXTJS_PACKAGE, CACHE)
    partial = target.with_suffix(".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    with tarfile.open(tgz) as tar:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            for source, dest in EXTJS_LAYOUT.items():
                if member.name == source or (source.endswith("/")
                                             and member.name.startswith(source)):
                    out = partial / (dest + member.name[len(source):])
                    out.parent.mkdir(parents=True, exist_ok=True)
                    with tar.extractfile(member) as src, open(out, "wb") as f:  # type: ignore[union-attr]
                        shutil.copyfileobj(src, f)
    tgz.unlink()
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    return target


@pytest.fixture(scope="session")
def sim_nodes(btrfs_pool: BtrfsPool, tmp_path_factory: pytest.TempPathFactory
              ) -> Iterator[Callable[[str], SimNode]]:
    """The simulated node with the App Store daemon of each release, made when first
    asked for and shared by the tests (each leaves no instance behind); the daemons are
    stopped by their PIDs and the nodes removed at the end of the session."""
    btrfs_pool.enable_quota()
    nodes: dict[str, SimNode] = {}

    def get(pve: str) -> SimNode:
        if pve not in nodes:
            # The test UI's port: its origin is the one the daemon allows.
            nodes[pve] = SimNode(btrfs_pool, pve, tmp_path_factory.mktemp(f"simnode-pve{pve}"),
                                 free_port())
        return nodes[pve]
    try:
        yield get
    finally:
        for node in nodes.values():
            node.stop()
