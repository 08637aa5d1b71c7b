"""The "Add: SMB Gateway" dialog and the App Store pane inside PVE's own web UI (PVE 8
and PVE 9), in headless Chromium, against a simulated node.

For each release, PVE's pvemanagerlib.js and proxmoxlib.js are built from the vendored,
pinned sources in pve/8/ or pve/9/ (pve/build.py, as their Makefiles do), index.html.tpl
is rendered as pveproxy renders it after scripts/pvesmbgw-gui-hook added its line, and
pve/server.py serves the page over HTTPS on 127.0.0.1 and answers PVE's API for a
simulated node of the same release (pve/simnode.py: the project's simulator, its pvesh
answering the paths it has, real tickets and CSRF tokens for the users of its user.cfg;
the few canned answers are listed in server.py). ExtJS is the nearest GPL build on npm
(extjs-gpl 6.2.0; PVE ships 7.0.0, see pve/README.md). Chromium trusts the test's
self-signed certificate by its key (--ignore-certificate-errors-spki-list).

page/pve-scenario.js (added to the page by the test server) acts as the user: logs in,
opens Datacenter -> Storage -> Add -> SMB Gateway, fills and submits the dialog. The test
checks the POST the server received, that the browser logged no error, and keeps a
screenshot in build/test-artifacts/.

page/pve-summary.js opens an smbgateway storage (added on the simulated node as PVE adds
it: the plugin's add hook, then storage.cfg; its status the simulator's plugin asks the
same agent for) in the resource tree and reads the share panel on its Summary tab; the
test checks every row against the node's API answers. page/pve-showif.js opens the App
Store's install form of the built-in webdav template and toggles the parameter the
others' show_if depend on; the test checks the fields shown against the CLI's rule.

The App Store pane (www/manager6/appstore/, issue 19) talks to the real daemon
(pvesmbgw-appstore, started per release on the simulated node, HTTPS on a loopback port,
appstore_gui_origins naming the test UI's origin): page/pve-appstore.js opens
Datacenter -> App Store, searches and filters the node's built-in templates, opens the
demo template's detail and the install window, checks the generated form, runs the
pre-flight, installs (a real pve-svc transaction in a PVE task), follows PVE's task
window and task viewer to TASK OK through the simulator's pvesh, finds the instance
under Installed, gets a rollback refused (a task ending in TASK ERROR) and uninstalls
with purge. Its "upgrade" scenario upgrades an instance of demo 1.2.0 to the 1.3.0 its
node then offers (migrations run in guest and data volume) and rolls it back, each from
the Installed grid through PVE's task windows. The tests check exactly what the pane sent (paths, bodies, CSRF token,
credentials) and the daemon answered, the simulated node's state (instance registered,
then gone), the daemon's 403 for a user whose capabilities let the pane offer the
install, that a user without Sys.Modify is offered no action, and the node's registry,
guest and data while the page waits after an upgrade and a rollback. The node and its
daemon are shared by the tests of a release, the German ones' too (session fixture
sim_nodes, conftest.py); every test leaves no instance behind.
"""

from __future__ import annotations

import json
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from urllib.parse import quote
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from tests.gui.pve.server import PveProxy
from tests.gui.pve.simnode import NODE, SimNode
from tests.gui.pve.ui import ARTIFACTS, HERE, RELEASES, REPO, pve_ui, result, run_user
from tests.lib.pveauth import assemble_ticket
from tests.lib.svchost import DEMO_MIGRATIONS_130, TEST_TEMPLATES, template_version

SCENARIOS = {"storage": "pve-scenario.js", "appstore": "pve-appstore.js",
             "upgrade": "pve-appstore.js", "summary": "pve-summary.js",
             "showif": "pve-showif.js"}


@pytest.fixture(params=RELEASES, ids=lambda v: f"pve{v}")
def pveproxy(request: pytest.FixtureRequest, extjs_pve_layout: Path, tmp_path: Path,
             sim_nodes: Callable[[str], SimNode]) -> Iterator[PveProxy]:
    pve: str = request.param
    held: dict[str, PveProxy] = {}
    # The user's actions: the storage dialog's, or the App Store's (config "scenario").
    scenario = lambda: (HERE / "page" / SCENARIOS[  # noqa: E731
        held["proxy"].config.get("scenario", "storage")]).read_bytes()
    with pve_ui(pve, sim_nodes(pve), tmp_path, extjs_pve_layout, scenario) as proxy:
        held["proxy"] = proxy
        yield proxy


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
    assert result(pveproxy, "cutLabels") == []  # every label of the dialog whole
    assert {r["path"] for r in pveproxy.api_requests("GET")} == START_GETS[pveproxy.pve]

    posts = pveproxy.api_requests("POST")
    assert [(r["format"], r["path"]) for r in posts] == [("extjs", "/access/ticket"),
                                                        ("extjs", "/storage")]
    login, create = posts
    assert (login["params"]["username"], login["params"]["realm"]) == ("root", "pam")
    # The ticket's cookie and CSRF token, as PVE checks them.
    assert pveproxy.node.csrf_ok("root@pam", create["csrf"])
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


def format_size(size: float, si: bool = False) -> str:
    """Proxmox.Utils.format_size: binary units as the panel shows sizes, SI ones as PVE's
    status view does."""
    order, base = 0, 1000 if si else 1024
    while size >= base and order < 8:
        size, order = size / base, order + 1
    unit = ("B KB MB GB TB PB EB ZB YB" if si else
            "B KiB MiB GiB TiB PiB EiB ZiB YiB").split()[order]
    return f"{size:.{2 if order else 0}f} {unit}"


def test_smbgateway_summary_in_pve_ui(pveproxy: PveProxy) -> None:
    """The share panel on the Summary tab of an smbgateway storage, created on the
    simulated node as PVE creates it (the plugin's add hook, then storage.cfg): the user
    opens the storage in the resource tree; every row shows what the node's API answers
    (/storage/ID, and /nodes/pve/storage/ID/status: the simulator's plugin asks the same
    agent); the screenshot is kept as a test artifact."""
    node = pveproxy.node
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"pve{pveproxy.pve}-smbgateway-summary.png"
    shot.unlink(missing_ok=True)
    scfg = {"path": str(node.host.data_root / "projects"), "content": "backup,iso",
            "smbgw-mode": "native", "smbgw-quota": "100M", "smbgw-comment": "Project files",
            "smbgw-valid-users": "alice,bob", "smbgw-snapshots": "hourly=24,daily=7"}
    node.add_smbgateway("projects", scfg)
    try:
        # btrfs counts the new volume's usage at its next commit: the answer settled first
        subprocess.run(["btrfs", "filesystem", "sync", scfg["path"]], check=True,
                       capture_output=True)
        status = node.pvesh(f"/nodes/{NODE}/storage/projects/status")
        pveproxy.config.update(scenario="summary", node=NODE, storage="projects")
        outcome = run_user(pveproxy, f"--screenshot={shot}")
        config = node.pvesh("/storage/projects")
        assert node.pvesh(f"/nodes/{NODE}/storage/projects/status") == status
    finally:
        node.remove_smbgateway("projects", scfg)
    assert outcome["steps"] == ["login window", "logged in",
                                "storage: Storage 'projects' on node 'pve'", "summary"]
    assert status["active"] == 1 and status["total"] == 100 << 20  # the quota, from the agent
    total, used = status["total"], status["used"]
    assert result(pveproxy, "rows") == {
        "share": ["Share", "\\\\pve\\projects"],
        "directory": ["Directory", config["path"]],
        "gateway": ["Gateway", "Samba on this node"],
        "usage": ["Usage", f"{format_size(used)} / {format_size(total)} "
                           f"({round(used * 100 / total)}%)"],
        "quota": ["Quota", config["smbgw-quota"]],
        "snapshots": ["Snapshots", config["smbgw-snapshots"]],
        "access": ["Access", "read-write, " + config["smbgw-valid-users"]],
        "active-directory": ["Active Directory", "not joined"],
        "cluster": ["Cluster", "this node only"],
    }
    assert result(pveproxy, "panelTitle") == "SMB share"
    # Below PVE's own status view, which shows the same answer.
    order = result(pveproxy, "order")
    assert order[:2] == ["pveStorageStatusView", "pveSMBGatewayStatus"], order
    assert f"({format_size(used, si=True)} of {format_size(total, si=True)})" in \
        result(pveproxy, "statusView")
    gets = {r["path"] for r in pveproxy.api_requests("GET")}
    assert {"/storage/projects", f"/nodes/{NODE}/storage/projects/status"} <= gets
    assert shot.stat().st_size > 30_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --- The App Store pane (issue 19), against the real daemon on the simulated node ---

APPSTORE_STEPS = ["login window", "logged in", "datacenter", "app store", "searched",
                  "detail: App: Demo file service", "install: Install: Demo file service",
                  "form"]
DEMO = "Demo file service"
SECRET = "s3cret-from-the-form"


def appstore_calls(proxy: PveProxy) -> list[dict[str, Any]]:
    """What the pane sent to the daemon, as it left the page, in order (the pane's two
    grids, loaded in parallel, first and sorted)."""
    calls = [r["appstoreCall"] for r in proxy.results if "appstoreCall" in r]
    return sorted(calls[:2], key=lambda c: c["url"], reverse=True) + calls[2:]


def daemon_calls(proxy: PveProxy) -> list[tuple[str, str, int]]:
    """What the daemon answered meanwhile (its log), CORS pre-flights left out, the first
    two sorted as above."""
    calls = [c for c in proxy.node.daemon_requests(proxy.daemon_log_start)
             if c[0] != "OPTIONS"]
    return sorted(calls[:2], key=lambda c: c[1], reverse=True) + calls[2:]


def check_sent(proxy: PveProxy, user: str) -> None:
    """Every request went with credentials (the ticket cookie), the user's valid CSRF
    token on changes, JSON bodies; the daemon saw the same paths in the same order."""
    calls = appstore_calls(proxy)
    for c in calls:
        assert c["withCredentials"] is True
        if c["method"] == "POST":
            assert c["headers"]["Content-Type"].startswith("application/json")
            assert proxy.node.csrf_ok(user, c["headers"]["CSRFPreventionToken"])
    assert [(c["method"], "/api2/json" + c["url"], c["status"]) for c in calls] == \
        daemon_calls(proxy)


def followed_tasks(proxy: PveProxy, started: int) -> dict[str, str]:
    """The App Store's tasks of instance files since STARTED in PVE's task list, type:
    status; each is root@pam's, and PVE's task windows followed it through PVE's API."""
    tasks = {t["type"]: t for t in proxy.task_index()
             if t["id"] == "files" and t["starttime"] >= started}
    status = [r["path"] for r in proxy.api_requests("GET") if "/tasks/" in r["path"]]
    for t in tasks.values():
        assert t["user"] == "root@pam"
        # encodeURIComponent(upid), as PVE's task window puts it in the path.
        assert f"/nodes/pve/tasks/{quote(t['upid'], safe='')}/status" in status
    return {k: t["status"] for k, t in tasks.items()}


def test_appstore_install_and_uninstall_in_pve_ui(pveproxy: PveProxy) -> None:
    node = pveproxy.node
    started = int(time.time())
    pveproxy.config["scenario"] = "appstore"
    outcome = run_user(pveproxy)
    assert outcome["steps"] == APPSTORE_STEPS + ["pre-flight", "task", "task log", "installed",
                                                 "rollback refused", "uninstalled"]
    # Datacenter -> App Store, right after Storage.
    menu = result(pveproxy, "dcMenu")
    assert menu[menu.index("Storage") + 1] == "App Store"
    # The simulated node's built-in templates (tests/data/svc), as the daemon lists them.
    assert sorted(result(pveproxy, "templateRows")) == \
        ["Demo VM service", DEMO, "OCI demo web server"]
    assert (result(pveproxy, "search"), result(pveproxy, "category")) == \
        (DEMO, "OCI demo web server")
    assert result(pveproxy, "categories") == ["", "file-sharing", "other"]
    detail = result(pveproxy, "detail")
    for text in (DEMO, "1.2.0", "256 MiB", "2 GiB", "optional", "builtin", "/srv/demo"):
        assert text in detail, (text, detail)
    # The form generated from the template's parameters, secret as a password field.
    assert result(pveproxy, "fields") == FIELDS, result(pveproxy, "fields")
    assert result(pveproxy, "offered") == {"install": True,
                                           "installed": ["upgrade", "rollback", "uninstall"]}
    assert result(pveproxy, "ha") is False  # profile "optional"
    assert result(pveproxy, "shownRules") == [True, False, False, True, False, True, False,
                                              True]
    assert result(pveproxy, "haDefaults") == [[False, False], [True, False], [True, True]]
    assert result(pveproxy, "portBelowMin") is False
    assert result(pveproxy, "badPattern") is False
    assert result(pveproxy, "installDisabled") is True  # not before the pre-flight
    assert "install demo as files" in result(pveproxy, "preflight")
    assert result(pveproxy, "taskTitle") == "Task: App files - Install"
    assert result(pveproxy, "viewerTitle") == "Task viewer: App files - Install"
    log = result(pveproxy, "taskLog")
    assert "TASK OK" in log and SECRET not in log
    assert result(pveproxy, "taskTitle2") == "Task: App files - Uninstall"
    instance = result(pveproxy, "instance")
    assert (instance["name"], instance["template"], instance["version"], instance["node"],
            instance["status"], instance["health"]) == \
        ("files", "demo", "1.2.0", "pve", "running", "ok"), instance
    assert result(pveproxy, "purgeDefault") is False  # the user then ticks it
    assert result(pveproxy, "purgeQuestion") == \
        "Purge destroys all data of files. This cannot be undone. Continue?"
    assert result(pveproxy, "rollbackQuestion") == \
        "Roll files back to the snapshot taken before its last upgrade?"
    assert result(pveproxy, "rollbackError") == "instance: files has no upgrade to roll back"

    # Exactly what the pane asked of the daemon, and what the daemon answered.
    calls = appstore_calls(pveproxy)
    assert [(c["method"], c["url"], c["status"]) for c in calls] == [
        ("GET", "/templates", 200), ("GET", "/instances", 200), ("GET", "/templates/demo", 200),
        ("POST", "/install", 200), ("POST", "/install", 200), ("GET", "/instances", 200),
        ("POST", "/instances/files/rollback", 200), ("GET", "/instances", 200),
        ("POST", "/instances/files/uninstall", 200), ("GET", "/instances", 200)], calls
    check_sent(pveproxy, "root@pam")
    # quota: the default as the daemon gives it (bytes), sent back as the field holds it
    params: dict[str, Any] = {"quota": "67108864", "http_port": node.host.health.port, "greeting": "hi there",
              "uplink": "vmbr0", "backup_to": "local", "admin_password": SECRET}
    base: dict[str, Any] = {"template": "demo", "name": "files", "node": "pve",
                            "storage": "data", "params": params, "ha": "no"}
    assert calls[3]["body"] == {**base, "dry_run": 1}
    assert calls[4]["body"] == {**base, "dry_run": 0}
    assert calls[6]["body"] == {"node": "pve"}
    assert calls[8]["body"] == {"purge": 1, "node": "pve"}
    assert all(c["body"] is None for c in calls if c["method"] == "GET")

    # PVE's task windows followed the daemon's tasks through PVE's API (the simulator's
    # pvesh) until they stopped: install OK, rollback failed, uninstall OK.
    assert followed_tasks(pveproxy, started) == {
        "pvesvcinstall": "OK", "pvesvcrollback": "instance: files has no upgrade to roll back",
        "pvesvcuninstall": "OK"}
    assert {r["path"] for r in pveproxy.api_requests("POST")} == {"/access/ticket"}
    # The simulated node: the instance was registered (the Installed grid showed the
    # registry's entry), and is gone with its data (purged) and its container.
    assert node.instances() == {} and node.host.registry()["kept"] == {}
    assert node.host.ct_ids() == []
    assert SECRET not in node.log.read_text()


def test_appstore_upgrade_and_rollback_in_pve_ui(pveproxy: PveProxy) -> None:
    """An instance of demo 1.2.0 (installed with pve-svc: the install in the UI is the
    test above's), then the node's built-in templates offer demo 1.3.0 with migrations.
    In the Installed grid the user selects it, upgrades it (PVE's task window and viewer
    to TASK OK; the grid shows 1.3.0, nothing left to upgrade), then rolls it back (TASK
    OK; the grid shows 1.2.0, upgradable again). Checked: what the pane sent and the
    daemon saw, PVE's task list, and the node's registry, guest and data volume before,
    after each step (looked at while the page waits) and at the end; the instance is
    uninstalled after."""
    node, host = pveproxy.node, pveproxy.node.host
    host.svc("install", "demo", "--name", "files", "--param", f"http_port={host.health.port}")
    try:
        before = node.instances()["files"]
        vmid = before["vmid"]
        # What the migrations leave: 1.2.5's folder in the data volume (greeting "hello"),
        # 1.3.0's in the guest.
        marks = (Path(before["volumes"][0]["path"]) / "archive-hello",
                 host.rootfs(vmid) / "etc/demo/at-1.3.0")
        seen: dict[str, Any] = {}

        def look(report: Any) -> None:
            if report.get("step") in ("upgraded", "rolled back"):
                inst = node.instances()["files"]
                seen[report["step"]] = (inst["version"], [(u["from"], u["to"]) for u in
                                                          inst.get("upgrades", [])],
                                        [m.is_dir() for m in marks])
        pveproxy.watchers.append(look)
        pveproxy.config["scenario"] = "upgrade"
        started = int(time.time())
        newer = template_version((TEST_TEMPLATES / "demo.yml").read_text(), "1.3.0",
                                 DEMO_MIGRATIONS_130)
        with node.template_text("demo.yml", newer):
            outcome = run_user(pveproxy)
        after = node.instances()["files"]
    finally:
        node.clean()
    assert outcome["steps"] == ["login window", "logged in", "datacenter", "app store",
                                "installed", "upgraded", "rolled back"]
    # The node: 1.2.0 before, 1.3.0 with its upgrade recorded and both migrations' marks
    # after the upgrade, and after the rollback 1.2.0 again, record, guest and data
    # as before it.
    assert (before["version"], before.get("upgrades", [])) == ("1.2.0", [])
    assert seen == {"upgraded": ("1.3.0", [("1.2.0", "1.3.0")], [True, True]),
                    "rolled back": ("1.2.0", [], [False, False])}
    assert after == before
    # The grid, as the user read it: Name, Template, ID, Node, Status, Health, Version,
    # Upgradable (the newest version, or No); the actions it offered for the selection.
    row = ["files", "demo", str(vmid), "pve", "running", "ok"]
    assert result(pveproxy, "listed") == row + ["1.2.0", "1.3.0"]
    assert result(pveproxy, "enabled") == ["upgrade", "rollback", "uninstall"]
    upgrade, rollback = result(pveproxy, "upgrade"), result(pveproxy, "rollback")
    assert upgrade["question"] == \
        "Upgrade files to the newest version of its template? A snapshot is taken first."
    assert rollback["question"] == \
        "Roll files back to the snapshot taken before its last upgrade?"
    assert (upgrade["taskTitle"], upgrade["viewerTitle"]) == \
        ("Task: App files - Upgrade", "Task viewer: App files - Upgrade")
    assert (rollback["taskTitle"], rollback["viewerTitle"]) == \
        ("Task: App files - Rollback", "Task viewer: App files - Rollback")
    # The task logs: pve-svc's JSON answer, then PVE's TASK OK.
    for text in ('"from":"1.2.0"', '"upgraded":true', '"version":"1.3.0"',
                 '"migrations":["make the archive folder","mark the guest"]', "TASK OK"):
        assert text in upgrade["log"], (text, upgrade["log"])
    for text in ('"from":"1.3.0"', '"version":"1.2.0"', "TASK OK"):
        assert text in rollback["log"], (text, rollback["log"])
    assert upgrade["exitstatus"] == rollback["exitstatus"] == "OK"
    assert upgrade["listed"] == row + ["1.3.0", "No"]
    assert upgrade["enabled"] == ["rollback", "uninstall"]
    assert rollback["listed"] == row + ["1.2.0", "1.3.0"]
    assert rollback["enabled"] == ["upgrade", "rollback", "uninstall"]

    # Exactly what the pane asked of the daemon (the grid reloaded after each task), with
    # the ticket and the CSRF token, and what the daemon answered.
    calls = appstore_calls(pveproxy)
    assert [(c["method"], c["url"], c["status"]) for c in calls] == [
        ("GET", "/templates", 200), ("GET", "/instances", 200),
        ("POST", "/instances/files/upgrade", 200), ("GET", "/instances", 200),
        ("POST", "/instances/files/rollback", 200), ("GET", "/instances", 200)], calls
    assert [c["body"] for c in calls if c["method"] == "POST"] == [{"node": "pve"}] * 2
    check_sent(pveproxy, "root@pam")
    # PVE's task list: both of the user's tasks, OK; their windows asked PVE's API.
    assert followed_tasks(pveproxy, started) == {"pvesvcupgrade": "OK",
                                                 "pvesvcrollback": "OK"}
    assert {r["path"] for r in pveproxy.api_requests("POST")} == {"/access/ticket"}
    assert node.instances() == {} and host.ct_ids() == []


def test_appstore_show_if_in_pve_ui(pveproxy: PveProxy) -> None:
    """The install form of a built-in template with show_if parameters (webdav: username
    and password only with auth): the user turns auth off and on again, the form shows
    exactly the parameters the CLI asks for with that value (pvesmbgw.svc.params); the
    window is closed, nothing installed."""
    from pvesmbgw.svc.params import resolve, visible
    from pvesmbgw.svc.template import load
    path = REPO / "templates/webdav.yml"
    pveproxy.config.update(scenario="showif", template="webdav", control="auth")
    with pveproxy.node.template(path):
        outcome = run_user(pveproxy)
    assert outcome["steps"] == ["login window", "logged in", "datacenter", "app store",
                                "install: Install: WebDAV file server", "toggled", "closed"]
    t = load(path)

    def cli(auth: bool) -> list[str]:
        return [p.name for p in visible(t, resolve(t, {"auth": str(auth).lower()}))]
    assert "username" in cli(True) and "username" not in cli(False)
    assert result(pveproxy, "shown") == [[True, cli(True)], [False, cli(False)],
                                         [True, cli(True)]]
    assert pveproxy.node.instances() == {}

FIELDS = [["quota", "textfield", "text"], ["http_port", "proxmoxintegerfield", "text"],
          ["greeting", "textfield", "text"], ["uplink", "textfield", "text"],
          ["backup_to", "pveStorageSelector", "text"],
          ["admin_password", "textfield", "password"]]


def test_appstore_refused_in_pve_ui(pveproxy: PveProxy) -> None:
    """The daemon refuses a user who may administer the node (so the pane offers the
    install) but not allocate guests: its 403 in PVE's error box, nothing more asked,
    nothing changed on the node."""
    before = pveproxy.node.host.fingerprint()
    pveproxy.config.update(scenario="appstore", deny=True, user="ops@pve")
    outcome = run_user(pveproxy)
    assert outcome["steps"] == APPSTORE_STEPS + ["refused"]
    assert result(pveproxy, "refusal") == "permission check failed (/vms, VM.Allocate)"
    assert result(pveproxy, "title") == "Error"
    assert result(pveproxy, "installStillDisabled") is True
    calls = appstore_calls(pveproxy)
    assert [(c["method"], c["url"], c["status"]) for c in calls] == [
        ("GET", "/templates", 200), ("GET", "/instances", 200),
        ("GET", "/templates/demo", 200), ("POST", "/install", 403)]
    assert calls[-1]["body"]["dry_run"] == 1
    check_sent(pveproxy, "ops@pve")
    assert not [r for r in pveproxy.api_requests() if "/tasks/" in r["path"]]
    assert pveproxy.node.host.fingerprint() == before


def test_appstore_offers_only_what_the_user_may(pveproxy: PveProxy) -> None:
    """Without Sys.Modify on nodes (PVE's capabilities at login, from the simulated
    user.cfg: PVEAuditor), the pane offers no install and no lifecycle action; it still
    lists and shows templates."""
    pveproxy.config.update(scenario="appstore", stopAt="detail", user="audit@pve")
    outcome = run_user(pveproxy)
    assert outcome["steps"] == APPSTORE_STEPS[:6] + ["stopped"]
    assert result(pveproxy, "offered") == {"install": False, "installed": []}
    calls = appstore_calls(pveproxy)
    assert [(c["method"], c["url"], c["status"]) for c in calls] == [
        ("GET", "/templates", 200), ("GET", "/instances", 200),
        ("GET", "/templates/demo", 200)]
    check_sent(pveproxy, "audit@pve")


@pytest.mark.parametrize("stop", ["preflight", "task", "installed"])
def test_appstore_screenshots(pveproxy: PveProxy, stop: str) -> None:
    """The install window with its pre-flight result, the install's task log in PVE's
    task viewer, and the Installed grid, kept as test artifacts; the instance installed
    on the way is uninstalled after."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"pve{pveproxy.pve}-appstore-{stop}.png"
    shot.unlink(missing_ok=True)
    pveproxy.config.update(scenario="appstore", stopAt=stop)
    try:
        outcome = run_user(pveproxy, f"--screenshot={shot}")
        last = {"preflight": "pre-flight", "task": "task log", "installed": "installed"}[stop]
        assert outcome["steps"][-2:] == [last, "stopped"]
        assert shot.stat().st_size > 30_000
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        if stop != "preflight":
            assert list(pveproxy.node.instances()) == ["files"]
    finally:
        pveproxy.node.clean()
    assert pveproxy.node.instances() == {}


def test_appstore_daemon_allows_the_configured_gui_origin_only(pveproxy: PveProxy) -> None:
    """appstore_gui_origins replaces the default origin (https://<host>:8006): the test
    UI's origin gets CORS with credentials, the default one and a foreign one nothing."""
    node = pveproxy.node
    ticket = assemble_ticket(node.signing, "root@pam")
    ctx = ssl.create_default_context(cafile=str(node.cert))

    def get(origin: str) -> tuple[int, dict[str, str]]:
        req = urllib.request.Request(node.base + "/templates", headers={
            "Origin": origin, "Cookie": "PVEAuthCookie=" + quote(ticket, safe="")})
        try:
            with urllib.request.urlopen(req, context=ctx, timeout=60) as resp:
                return resp.status, dict(resp.headers)
        except urllib.error.HTTPError as err:
            return err.code, dict(err.headers)

    code, headers = get(pveproxy.url.rstrip("/"))
    assert code == 200 and headers["Access-Control-Allow-Origin"] == pveproxy.url.rstrip("/")
    assert headers["Access-Control-Allow-Credentials"] == "true"
    for origin in ("https://127.0.0.1:8006", "https://evil.example:8006"):
        code, headers = get(origin)
        assert code == 401 and "Access-Control-Allow-Origin" not in headers, origin
