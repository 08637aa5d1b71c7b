"""The "Add: SMB Gateway" dialog inside PVE's own web UI (PVE 8 and PVE 9), in headless
Chromium.

For each release, PVE's pvemanagerlib.js and proxmoxlib.js are built from the vendored,
pinned sources in pve/8/ or pve/9/ (pve/build.py, as their Makefiles do), index.html.tpl
is rendered as pveproxy renders it after scripts/pvesmbgw-gui-hook added its line, and
pve/server.py serves the page and answers the API on 127.0.0.1 (canned answers in PVE
8.4's or PVE 9.1's format). ExtJS is the
nearest GPL build on npm (extjs-gpl 6.2.0; PVE ships 7.0.0, see pve/README.md).
page/pve-scenario.js (added to the page by the test server) acts as the user: logs in,
opens Datacenter -> Storage -> Add -> SMB Gateway, fills and submits the dialog. The test
checks the POST the server received, that the browser logged no error, and keeps a
screenshot in build/test-artifacts/.

The App Store pane (www/manager6/appstore/, issue 19) in the same UIs: page/pve-appstore.js
opens Datacenter -> App Store, searches and filters, opens a template's detail and the
install window, checks the generated form and show_if, runs the pre-flight, installs,
follows PVE's task window and task viewer, finds the instance under Installed, gets a
rollback refused and uninstalls; the App Store endpoint is the stand-in in
pve/server.py (AppStoreStandIn, on its own port). The tests check exactly what the pane
asked (paths, bodies, CSRF token, cookie, origin), a 403 refusal shown with nothing
more asked, and that a user without Sys.Modify is offered no action.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tarfile
import time
from urllib.parse import quote
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.gui.pve import build
from tests.gui.pve.server import PveProxy

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PVE_DIR = HERE / "pve"
# The vendored PVE releases (pve/<major>/, see pve/README.md).
RELEASES = ["8", "9"]
EXTJS_PACKAGE = "extjs-gpl@6.2.0"
SCENARIOS = {"storage": "pve-scenario.js", "appstore": "pve-appstore.js"}
CACHE = Path(os.environ.get("PVESMBGW_TEST_CACHE", "/var/cache/pvesmbgw-tests"))
ARTIFACTS = REPO / "build" / "test-artifacts"
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
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu",
    "--no-first-run", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-domain-reliability", "--no-pings",
    "--dns-prefetch-disable", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=127.0.0.1",
    "--enable-logging=stderr", "--v=0", "--window-size=1400,800",
]


@pytest.fixture(scope="session")
def extjs_pve_layout() -> Path:
    """ExtJS (GPL, npm) laid out as Debian's libjs-extjs, cached across runs."""
    target = CACHE / (EXTJS_PACKAGE.replace("@", "-") + "-libjs-layout")
    if (target / "charts.js").exists():
        return target
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed (needed once to fetch ExtJS GPL)")
    download = CACHE / "download"
    download.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(["npm", "pack", EXTJS_PACKAGE, "--silent"], cwd=download,
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        pytest.skip(f"cannot fetch {EXTJS_PACKAGE} from the npm registry: "
                    f"{proc.stderr.strip()[-200:]}")
    tgz = download / proc.stdout.strip().splitlines()[-1]
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


@pytest.fixture(params=RELEASES, ids=lambda v: f"pve{v}")
def pveproxy(request: pytest.FixtureRequest, extjs_pve_layout: Path,
             tmp_path: Path) -> Iterator[PveProxy]:
    pve: str = request.param
    PVE = PVE_DIR / pve
    # The package's own hook adds its line to pve-manager's template, as on a node.
    root = tmp_path / "root"
    manager = root / "usr/share/pve-manager"
    manager.mkdir(parents=True)
    shutil.copy(PVE / "pve-manager/www/index.html.tpl", manager)
    # The panels as debian/pvesmbgw.install ships them (www/manager6/DIR/*.js to
    # usr/share/pvesmbgw/www/DIR/); the hook joins them into pvesmbgw.js.
    for js in (REPO / "www/manager6").glob("*/*.js"):
        (root / "usr/share/pvesmbgw/www" / js.parent.name).mkdir(parents=True, exist_ok=True)
        shutil.copy(js, root / "usr/share/pvesmbgw/www" / js.parent.name)
    subprocess.run(["sh", str(REPO / "scripts/pvesmbgw-gui-hook"), "install", str(root)],
                   check=True, capture_output=True)
    index = build.index_html(manager / "index.html.tpl", pve)
    assert "/pve2/js/pvesmbgw.js" in index
    # The user's actions, added for the test after everything the page loads.
    index = index.replace("</head>", '<script src="/__test/scenario.js"></script>\n</head>')
    pwt = PVE / "proxmox-widget-toolkit/src"
    www = PVE / "pve-manager/www"
    proxmoxlib = build.proxmoxlib(PVE).encode()
    pvemanagerlib = build.pvemanagerlib(PVE).encode()
    routes: dict[str, Any] = {
        "/proxmoxlib.js": lambda: proxmoxlib,
        "/pve2/js/pvemanagerlib.js": lambda: pvemanagerlib,
        "/pve2/js/pvesmbgw.js": manager / "js/pvesmbgw.js",
        "/pve2/js/u2f-api.js": www / "u2f-api.js",
        "/pve2/ext6/": extjs_pve_layout,
        "/pve2/css/": www / "css",
        "/pve2/images/": www / "images",
        "/pwt/css/": pwt / "css",
        "/pwt/images/": pwt / "images",
        # The user's actions: the storage dialog's, or the App Store's (config "scenario").
        "/__test/scenario.js": lambda: (HERE / "page" / SCENARIOS[
            held["proxy"].config.get("scenario", "storage")]).read_bytes(),
    }
    held: dict[str, PveProxy] = {}
    # Debian's and Proxmox's own packages pveproxy also serves (fonts-font-awesome,
    # fonts-font-logos, libjs-qrcodejs): not vendored; empty answers, the UI works
    # without them (icons missing in the screenshot).
    empty = ("/pve2/fa/", "/pve2/font-logos/", "/qrcode.min.js", "/favicon.ico")
    with PveProxy(index, routes, empty, pve) as proxy:
        held["proxy"] = proxy
        proxy.config["appstoreBase"] = proxy.appstore.base
        yield proxy


def chromium(*args: str) -> tuple[str, str]:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    proc = subprocess.Popen([binary, *CHROMIUM_FLAGS, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=180)
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
    _, err = chromium("--virtual-time-budget=60000", *args, proxy.url)
    outcome = next((r for r in proxy.results if "done" in r), None)
    errors = [r for r in proxy.results if "error" in r]
    # Chromium's log of the page's console (--enable-logging=stderr): only PVE's start
    # message and Chromium's own [DOM] hints (PVE's login form has its password field
    # outside a <form>) are expected.
    console = [line for line in err.splitlines() if ":CONSOLE" in line
               and "Starting Proxmox VE Manager" not in line and '"[DOM] ' not in line]
    assert outcome is not None, (errors, console, err[-3000:])
    assert outcome["done"], (outcome.get("exception"), outcome["steps"], errors, console)
    assert errors == [] and console == []
    assert proxy.unknown == []
    return outcome


# What the releases' UIs differ in, on the test's way: PVE 9 dropped GlusterFS storage
# (no longer in Storage -> Add), and no longer asks /cluster/sdn at start (SDN entries
# are always shown since pve-manager 4f844082).
ADD_MENU = {
    "8": ["Directory", "LVM", "LVM-Thin", "BTRFS", "NFS", "SMB/CIFS", "GlusterFS", "iSCSI",
          "CephFS", "RBD", "ZFS over iSCSI", "ZFS", "Proxmox Backup Server", "ESXi",
          "SMB Gateway"],
    "9": ["Directory", "LVM", "LVM-Thin", "BTRFS", "NFS", "SMB/CIFS", "iSCSI", "CephFS",
          "RBD", "ZFS over iSCSI", "ZFS", "Proxmox Backup Server", "ESXi", "SMB Gateway"],
}
GETS = {"/access/domains", "/cluster/options", "/cluster/resources", "/cluster/tasks",
        "/nodes", "/nodes/localhost/subscription", "/storage", "/version"}
START_GETS = {"8": GETS | {"/cluster/sdn"}, "9": GETS}


def test_add_smb_gateway_in_pve_ui(pveproxy: PveProxy) -> None:
    started = time.monotonic()
    outcome = run_user(pveproxy)
    assert outcome["steps"] == ["login window", "logged in", "datacenter", "storage view",
                                "dialog: Add: SMB Gateway", "created"]
    menu = next(r["addMenu"] for r in pveproxy.results if "addMenu" in r)
    assert menu == ADD_MENU[pveproxy.pve]
    assert {r["path"] for r in pveproxy.api_requests("GET")} == START_GETS[pveproxy.pve]

    posts = pveproxy.api_requests("POST")
    assert [(r["format"], r["path"]) for r in posts] == [("extjs", "/access/ticket"),
                                                        ("extjs", "/storage")]
    login, create = posts
    assert (login["params"]["username"], login["params"]["realm"]) == ("root", "pam")
    # The ticket's cookie and CSRF token, as PVE checks them.
    assert create["csrf"] == "6745A1B2:dGVzdC1jc3JmLXRva2Vu"
    assert "PVEAuthCookie=PVE%3Aroot@pam%3A" in create["cookie"]
    assert create["params"] == {
        "type": "smbgateway", "storage": "team", "path": "/srv/pool/team",
        "smbgw-mode": "native", "smbgw-quota": "10G", "content": ["iso", "backup"],
        "nodes": "", "smbgw-comment": "Team files",
        "smbgw-valid-users": 'alice,@"DOM\\Domain Users"',
        "smbgw-snapshots": "hourly=24,daily=7", "smbgw-browseable": "0", "disable": "0",
        "prune-backups": "keep-all=1",
    }
    # What PVE passes on to the plugin (a multi-select's values joined), the agent takes.
    from pvesmbgw.smb.plugin.contract import parse_request
    from pvesmbgw.smb.plugin.mapping import share_spec
    scfg = {k: ",".join(v) if isinstance(v, list) else v
            for k, v in create["params"].items() if k not in ("storage", "disable")}
    spec = share_spec(parse_request("add", json.dumps(
        {"version": 1, "storeid": "team", "scfg": scfg})))
    assert (spec.name, spec.quota, spec.valid_users, spec.browseable) == \
        ("team", 10 << 30, ("alice", '@"DOM\\Domain Users"'), False)
    assert time.monotonic() - started < 120


def test_pve_ui_screenshot(pveproxy: PveProxy) -> None:
    """The filled dialog over PVE's storage view, kept as a test artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"pve{pveproxy.pve}-smbgateway-add-dialog.png"
    shot.unlink(missing_ok=True)
    pveproxy.config["stopBeforeSubmit"] = True
    outcome = run_user(pveproxy, f"--screenshot={shot}")
    assert outcome["steps"][-1] == "filled"
    assert [r["path"] for r in pveproxy.api_requests("POST")] == ["/access/ticket"]
    assert shot.stat().st_size > 30_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --- The App Store pane (issue 19), against the backend stand-in in pve/server.py ---

APPSTORE_STEPS = ["login window", "logged in", "datacenter", "app store", "searched",
                  "detail: App: WebDAV", "install: Install: WebDAV", "show_if"]


def result(proxy: PveProxy, key: str) -> Any:
    return next(r[key] for r in proxy.results if key in r)


def appstore_requests(proxy: PveProxy) -> list[tuple[str, str]]:
    """(method, path) of what the pane asked the App Store, in order; the first two (the
    pane's two grids, loaded in parallel) sorted."""
    with proxy.appstore.lock:
        calls = [(r["method"], r["path"]) for r in proxy.appstore.requests]
    return sorted(calls[:2], reverse=True) + calls[2:]


def test_appstore_install_and_uninstall_in_pve_ui(pveproxy: PveProxy) -> None:
    pveproxy.config["scenario"] = "appstore"
    outcome = run_user(pveproxy)
    assert outcome["steps"] == APPSTORE_STEPS + ["pre-flight", "task", "task log", "installed",
                                                 "rollback refused", "uninstalled"]
    # Datacenter -> App Store, right after Storage.
    menu = result(pveproxy, "dcMenu")
    assert menu[menu.index("Storage") + 1] == "App Store"
    assert sorted(result(pveproxy, "templateRows")) == ["Garage", "TrueNAS SCALE", "WebDAV"]
    assert (result(pveproxy, "search"), result(pveproxy, "category")) == ("WebDAV", "TrueNAS SCALE")
    assert result(pveproxy, "categories") == ["", "files", "nas", "object-storage"]
    detail = result(pveproxy, "detail")
    for text in ("WebDAV", "1.2.0", "512 MiB", "4 GiB", "optional", "builtin", "/srv/webdav"):
        assert text in detail
    # The form generated from the parameters: types, secret as a password field.
    assert result(pveproxy, "fields") == [
        ["port", "proxmoxintegerfield", "text"], ["auth", "proxmoxcheckbox", "checkbox"],
        ["username", "textfield", "text"], ["password", "textfield", "password"],
        ["tls", "proxmoxKVComboBox", "text"]]
    assert result(pveproxy, "offered") == {"install": True,
                                           "installed": ["upgrade", "rollback", "uninstall"]}
    assert result(pveproxy, "ha") is False  # profile "optional"
    assert result(pveproxy, "showIf") == {"off": [True, True], "on": [False, False]}
    assert result(pveproxy, "shownRules") == [True, False, False, True, False, True, False,
                                              True]
    assert result(pveproxy, "haDefaults") == [[False, False], [True, False], [True, True]]
    assert result(pveproxy, "portBelowMin") is False
    assert result(pveproxy, "badPattern") is False
    assert result(pveproxy, "installDisabled") is True  # not before the pre-flight
    assert "storage local-lvm has 31 GiB free" in result(pveproxy, "preflight")
    assert result(pveproxy, "taskTitle") == "Task: App files - Install"
    assert result(pveproxy, "viewerTitle") == "Task viewer: App files - Install"
    assert "pvesvcinstall files: done" in result(pveproxy, "taskLog")
    assert result(pveproxy, "taskTitle2") == "Task: App files - Uninstall"
    assert result(pveproxy, "instance")["status"] == "running"
    assert result(pveproxy, "purgeDefault") is False
    assert result(pveproxy, "rollbackQuestion") == \
        "Roll files back to the snapshot taken before its last upgrade?"
    assert result(pveproxy, "rollbackError") == "files: no upgrade to roll back"

    # Exactly what the pane asked of the App Store endpoint.
    calls = appstore_requests(pveproxy)
    assert calls == [("GET", "/templates"), ("GET", "/instances"),
                     ("GET", "/templates/webdav"),
                     ("POST", "/install"), ("POST", "/install"), ("GET", "/instances"),
                     ("POST", "/instances/files/rollback"),
                     ("POST", "/instances/files/uninstall"), ("GET", "/instances")], calls
    reqs = pveproxy.appstore.requests
    assert sorted(r["path"] for r in reqs[:2]) == ["/instances", "/templates"]
    params = {"port": 8081, "auth": True, "username": "team", "password": "s3cret-pass-word",
              "tls": "self-signed"}
    base = {"template": "webdav", "name": "files", "node": "pve1", "storage": "local-lvm",
            "params": params, "ha": "no"}
    assert reqs[3]["body"] == {**base, "dry_run": 1}
    assert reqs[4]["body"] == {**base, "dry_run": 0}
    assert reqs[6]["body"] == {}
    assert reqs[7]["body"] == {"purge": 0}
    origin = pveproxy.url.rstrip("/")
    for r in reqs:
        assert "PVEAuthCookie=PVE%3Aroot@pam%3A" in r["cookie"]  # credentials, cross-origin
        assert r["origin"] == origin
        assert r["query"] == ""
        # The CSRF token on every request (PVE's own Ext.Ajax hook adds it to GETs too).
        assert r["csrf"] == "6745A1B2:dGVzdC1jc3JmLXRva2Vu"
        if r["method"] == "POST":
            assert r["content_type"].startswith("application/json")
    # PVE's task window followed both tasks through PVE's API until they stopped.
    status = [r["path"] for r in pveproxy.api_requests("GET") if "/tasks/" in r["path"]]
    upids = list(pveproxy.appstore.tasks)
    assert [u.split(":")[5] for u in upids] == ["pvesvcinstall", "pvesvcuninstall"]
    for upid in upids:
        # encodeURIComponent(upid), as PVE's task window puts it in the path.
        assert status.count(f"/nodes/pve1/tasks/{quote(upid, safe='')}/status") >= 2
    assert {r["path"] for r in pveproxy.api_requests("POST")} == {"/access/ticket"}


def test_appstore_refused_in_pve_ui(pveproxy: PveProxy) -> None:
    """The backend refuses (403, a privilege on a path the GUI's capabilities cannot
    tell): PVE's error box shows its message, and nothing more is asked."""
    pveproxy.config.update(scenario="appstore", deny=True)
    pveproxy.appstore.config["deny_install"] = True
    outcome = run_user(pveproxy)
    assert outcome["steps"] == APPSTORE_STEPS + ["refused"]
    assert result(pveproxy, "refusal") == \
        "permission check failed (/storage/local-lvm, Datastore.AllocateSpace)"
    assert result(pveproxy, "title") == "Error"
    assert result(pveproxy, "installStillDisabled") is True
    assert appstore_requests(pveproxy) == [("GET", "/templates"), ("GET", "/instances"),
                                           ("GET", "/templates/webdav"), ("POST", "/install")]
    assert pveproxy.appstore.requests[-1]["body"]["dry_run"] == 1
    assert pveproxy.appstore.tasks == {}
    assert not [r for r in pveproxy.api_requests() if "/tasks/" in r["path"]]


def test_appstore_offers_only_what_the_user_may(pveproxy: PveProxy) -> None:
    """Without Sys.Modify on nodes (PVE's capabilities at login), the pane offers no
    install and no lifecycle action; it still lists and shows templates."""
    del pveproxy.caps["nodes"]["Sys.Modify"]
    pveproxy.config.update(scenario="appstore", stopAt="detail")
    outcome = run_user(pveproxy)
    assert outcome["steps"] == APPSTORE_STEPS[:6] + ["stopped"]
    assert result(pveproxy, "offered") == {"install": False, "installed": []}
    assert appstore_requests(pveproxy) == [("GET", "/templates"), ("GET", "/instances"),
                                           ("GET", "/templates/webdav")]


@pytest.mark.parametrize("stop", ["preflight", "task", "installed"])
def test_appstore_screenshots(pveproxy: PveProxy, stop: str) -> None:
    """The install window with its pre-flight result, the install's task log in PVE's
    task viewer, and the Installed grid, kept as test artifacts."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"pve{pveproxy.pve}-appstore-{stop}.png"
    shot.unlink(missing_ok=True)
    pveproxy.config.update(scenario="appstore", stopAt=stop)
    outcome = run_user(pveproxy, f"--screenshot={shot}")
    last = {"preflight": "pre-flight", "task": "task log", "installed": "installed"}[stop]
    assert outcome["steps"][-2:] == [last, "stopped"]
    assert shot.stat().st_size > 30_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
