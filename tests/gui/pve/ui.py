"""The GUI tests' way into PVE's own web UI (test_gui_pve.py, test_gui_pve_de.py): the
page served as pveproxy serves it, with pvesmbgw's panels added by the package's hook
(pve_ui), and the user's scenario run in headless Chromium (run_user)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

import pytest

from tests.gui.pve import build
from tests.gui.pve.server import PveProxy
from tests.gui.pve.simnode import NODE, SimNode

HERE = Path(__file__).resolve().parents[1]  # tests/gui
REPO = HERE.parents[1]
PVE_DIR = HERE / "pve"
# The vendored PVE releases (pve/<major>/, see pve/README.md).
RELEASES = ["8", "9"]
EXTJS_PACKAGE = "extjs-gpl@6.2.0"
CACHE = Path(os.environ.get("PVESMBGW_TEST_CACHE", "/var/cache/pvesmbgw-tests"))
ARTIFACTS = REPO / "build" / "test-artifacts"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu",
    "--no-first-run", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-domain-reliability", "--no-pings",
    "--dns-prefetch-disable", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=127.0.0.1",
    "--enable-logging=stderr", "--v=0", "--window-size=1400,800",
]


@contextlib.contextmanager
def pve_ui(pve: str, node: SimNode, tmp_path: Path, extjs_layout: Path,
           scenario: Callable[[], bytes], catalogue: Optional[Path] = None,
           lang: str = "", langfile: int = 0,
           more_routes: Optional[dict[str, Any]] = None) -> Iterator[PveProxy]:
    """PVE release PVE's web UI served as pveproxy serves it, the node's API answered,
    pvesmbgw's panels (and CATALOGUE) added by the package's own hook, and the user
    (page/pve-user.js, then SCENARIO) added after everything the page loads."""
    PVE = PVE_DIR / pve
    root = tmp_path / "root"
    manager = root / "usr/share/pve-manager"
    manager.mkdir(parents=True)
    shutil.copy(PVE / "pve-manager/www/index.html.tpl", manager)
    # The panels (and catalogue) as debian/pvesmbgw.install ships them (www/manager6/DIR/
    # *.js to usr/share/pvesmbgw/www/DIR/); the hook joins them into pvesmbgw.js.
    www = root / "usr/share/pvesmbgw/www"
    for js in (REPO / "www/manager6").glob("*/*.js"):
        (www / js.parent.name).mkdir(parents=True, exist_ok=True)
        shutil.copy(js, www / js.parent.name)
    if catalogue is not None:
        shutil.copy(catalogue, www)
    subprocess.run(["sh", str(REPO / "scripts/pvesmbgw-gui-hook"), "install", str(root)],
                   check=True, capture_output=True)
    # The page names the node it is served by, as pveproxy does: the simulated one.
    language = {"lang": lang, "langfile": langfile} if lang else {}
    index = build.index_html(manager / "index.html.tpl", pve, nodename=NODE, **language)
    assert "/pve2/js/pvesmbgw.js" in index
    index = index.replace("</head>", '<script src="/__test/user.js"></script>\n'
                          '<script src="/__test/scenario.js"></script>\n</head>')
    pwt = PVE / "proxmox-widget-toolkit/src"
    pve_www = PVE / "pve-manager/www"
    proxmoxlib = build.proxmoxlib(PVE).encode()
    pvemanagerlib = build.pvemanagerlib(PVE).encode()
    routes: dict[str, Any] = {
        "/proxmoxlib.js": lambda: proxmoxlib,
        "/pve2/js/pvemanagerlib.js": lambda: pvemanagerlib,
        "/pve2/js/pvesmbgw.js": manager / "js/pvesmbgw.js",
        "/pve2/js/u2f-api.js": pve_www / "u2f-api.js",
        **(more_routes or {}),
        "/pve2/ext6/": extjs_layout,
        "/pve2/css/": pve_www / "css",
        "/pve2/images/": pve_www / "images",
        "/pwt/css/": pwt / "css",
        "/pwt/images/": pwt / "images",
        "/__test/user.js": lambda: (HERE / "page" / "pve-user.js").read_bytes(),
        "/__test/scenario.js": scenario,
    }
    # Debian's and Proxmox's own packages pveproxy also serves (fonts-font-awesome,
    # fonts-font-logos, libjs-qrcodejs): not vendored; empty answers, the UI works
    # without them (icons missing in the screenshot).
    empty = ("/pve2/fa/", "/pve2/font-logos/", "/qrcode.min.js", "/favicon.ico")
    with PveProxy(index, routes, node, node.gui_port, empty) as proxy:
        proxy.config.update(appstoreBase=node.base, httpPort=node.host.health.port)
        try:
            yield proxy
        finally:
            # No instance may stay behind on the shared node, whatever the test did.
            assert node.clean() == []


def chromium(*args: str, done: Optional[Callable[[], bool]] = None) -> tuple[str, str]:
    """Run headless Chromium until it exits (its virtual time budget spent), or until
    DONE() says the scenario ended; it is then ended by its process group."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    proc = subprocess.Popen([binary, *CHROMIUM_FLAGS, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 900
    try:
        while True:
            try:
                out, err = proc.communicate(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                if (done is not None and done()) or time.monotonic() > deadline:
                    os.killpg(proc.pid, signal.SIGKILL)
                    out, err = proc.communicate()
                    break
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
    return out, err


def run_user(proxy: PveProxy, *args: str) -> dict[str, Any]:
    """Open the page as the user would; returns the scenario's outcome; asserts that the
    browser reported no error, and that every file and API path the UI asked for was
    served."""
    # The daemon's self-signed certificate is trusted by its key (and only it); Chromium
    # honours the key list with a profile directory of its own.
    profile = proxy.node.workdir / "chromium-profile"
    shot = any(a.startswith("--screenshot") for a in args)
    # The page's timers run in virtual time, which waits for the real time the daemon and
    # the simulator take (page/pve-user.js's sleep): on a loaded machine a scenario takes
    # many minutes of it. A screenshot is taken when the budget is spent: the page asks
    # nothing more once the scenario ended, so the rest passes quickly (about a
    # second of real time per minute of virtual time). 15 minutes were spent before a
    # scenario's end in a CI run under load (no outcome reported); 30 now. Any other
    # run ends when the scenario reports its outcome; every run ends after 15 minutes
    # of real time (chromium()).
    for attempt in (1, 2):
        shutil.rmtree(profile, ignore_errors=True)
        _, err = chromium("--virtual-time-budget=1800000", f"--user-data-dir={profile}",
                          f"--ignore-certificate-errors-spki-list={proxy.node.spki()}",
                          *args, proxy.url,
                          done=None if shot else lambda: any("done" in r for r in proxy.results))
        # A page that reported nothing at all (no step, no error) exercised nothing: in
        # CI runs under load a page showed PVE's login window and then its clock ran out
        # without a report reaching this server (cause not found: the server saw only
        # connections the browser closed during the TLS handshake). It is run once more;
        # any report, a failure's too, counts as it is.
        if attempt == 2 or any(k in r for r in proxy.results for k in ("step", "error", "done")):
            break
    outcome = next((r for r in proxy.results if "done" in r), None)
    # What the scenario reported, kept for a look after a failure.
    (proxy.node.workdir / "results.json").write_text(json.dumps(
        {"results": proxy.results, "logins": proxy.logins}, indent=1))
    errors = [r for r in proxy.results if "error" in r]
    # Chromium's log of the page's console (--enable-logging=stderr): only PVE's start
    # message and Chromium's own [DOM] hints (PVE's login form has its password field
    # outside a <form>) are expected.
    console = [line for line in err.splitlines() if ":CONSOLE" in line
               and "Starting Proxmox VE Manager" not in line and '"[DOM] ' not in line]
    steps = [r["step"] for r in proxy.results if "step" in r]
    assert outcome is not None, (steps, errors, console, proxy.httpd.dropped, err[-3000:])
    assert outcome["done"], (outcome.get("exception"), outcome["steps"], errors, console,
                             proxy.failed, proxy.unknown, proxy.logins,
                             proxy.node.log.read_text()[-2000:])
    assert errors == [] and console == []
    assert proxy.unknown == [] and proxy.failed == []
    return outcome


def result(proxy: PveProxy, key: str) -> Any:
    return next(r[key] for r in proxy.results if key in r)
