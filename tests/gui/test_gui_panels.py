"""The GUI panels (www/manager6/storage/SMBGatewayEdit.js) in headless Chromium,
against a page with the GPL build of ExtJS (npm package extjs-gpl) and stand-ins for
the few PVE classes they use (page/pve-standin.js). page/scenario.js fills the "Add:
SMB Gateway" dialog like a user and records the API request it sends; the test checks
that request and the refusals, and keeps a screenshot in build/test-artifacts/.

Chromium gets a dead proxy (127.0.0.1:9) and no background networking: the page is
read from files only and nothing leaves the machine.

test_gui_pve.py runs the dialog inside PVE 8's own web UI instead (pve/README.md).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import signal
import subprocess
import tarfile
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.gui import npm
REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
EXTJS_PACKAGE = "extjs-gpl@6.2.0"
CACHE = Path(os.environ.get("PVESMBGW_TEST_CACHE", "/var/cache/pvesmbgw-tests"))
ARTIFACTS = REPO / "build" / "test-artifacts"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
    "--no-first-run", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-domain-reliability", "--no-pings",
    "--dns-prefetch-disable", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
    "--virtual-time-budget=5000", "--window-size=1200,520",
]


@pytest.fixture(scope="session")
def extjs() -> Path:
    """ext-all.js and the crisp theme from the npm registry, cached across runs."""
    target = CACHE / EXTJS_PACKAGE.replace("@", "-")
    if (target / "ext-all.js").exists():
        return target
    tgz = npm.pack(EXTJS_PACKAGE, CACHE)
    partial = target.with_suffix(".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    wanted = ("package/build/ext-all.js", "package/build/classic/theme-crisp/resources/",
              "package/LICENSE")
    with tarfile.open(tgz) as tar:
        for member in tar.getmembers():
            if member.isfile() and member.name.startswith(wanted):
                name = member.name.removeprefix("package/build/classic/").removeprefix(
                    "package/build/").removeprefix("package/")
                dest = partial / name
                dest.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(member) as src, open(dest, "wb") as out:  # type: ignore[union-attr]
                    shutil.copyfileobj(src, out)
    tgz.unlink()
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    return target


@pytest.fixture
def page(extjs: Path, tmp_path: Path) -> Iterator[Path]:
    site = tmp_path / "site"
    shutil.copytree(HERE / "page", site)
    shutil.copy(REPO / "www/manager6/storage/SMBGatewayEdit.js", site)
    (site / "extjs").symlink_to(extjs)
    yield site / "index.html"


def chromium(*args: str) -> str:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    proc = subprocess.Popen([binary, *CHROMIUM_FLAGS, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=120)
    finally:
        # Chromium's helpers share its session: end them all, whatever happened.
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
    return out


def test_add_dialog_and_status_panel(page: Path) -> None:
    dom = chromium("--dump-dom", page.as_uri())
    found = re.search(r'<pre id="result"[^>]*>(.*?)</pre>', dom, re.S)
    assert found, dom[-2000:]
    result: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    assert "exception" not in result, result.get("exception")
    assert result["menu"] == "SMB Gateway"

    # The CLI's checks, in the dialog: nothing is sent while a field is wrong.
    assert result["errors"] == {
        "smbgw-quota": "not a size (use e.g. 500M, 1G, 2T)",
        "smbgw-share": "must not contain '['",
        "smbgw-comment": "must not contain '%' (Samba expands it)",
        "smbgw-valid-users": "empty entry in the list",
        "smbgw-snapshots": "use hourly|daily|weekly|monthly=COUNT, comma separated",
        "path": "an absolute path of letters, digits and -_.@/",
        "reserved": "is reserved by Samba",
    }
    assert result["submitInvalid"] is False and result["requestsAfterInvalid"] == 0

    request = result["request"]
    assert (request["url"], request["method"]) == ("/api2/extjs/storage", "POST")
    params = request["params"]
    params.pop("nodes", None)  # the stand-in node selector's value
    assert params == {
        "type": "smbgateway", "storage": "team", "path": "/srv/pool/team",
        "smbgw-mode": "native", "smbgw-quota": "10G", "content": "iso,backup",
        "smbgw-comment": "Team files", "smbgw-valid-users": 'alice,@"DOM\\Domain Users"',
        "smbgw-snapshots": "hourly=24,daily=7", "smbgw-browseable": 0, "disable": 0,
    }
    # What the dialog sends is what the agent accepts (the same request, mapped).
    from pvesmbgw.smb.plugin.contract import parse_request
    from pvesmbgw.smb.plugin.mapping import share_spec
    scfg = {k: str(v) for k, v in params.items() if k not in ("storage", "disable")}
    spec = share_spec(parse_request("add", json.dumps(
        {"version": 1, "storeid": "team", "scfg": scfg})))
    assert (spec.name, spec.quota, spec.valid_users, spec.browseable) == \
        ("team", 10 << 30, ("alice", '@"DOM\\Domain Users"'), False)

    assert result["statusRequests"] == ["/storage/team", "/nodes/pve1/storage/team/status"]
    assert result["status"]["smbgw-share"] == "\\\\pve1\\team"
    assert result["status"]["smbgw-usage"] == "2.50 GiB / 10.00 GiB (25%)"
    assert result["status"]["smbgw-active-directory"] == "not joined"
    assert result["summaryItems"] == {"smbgateway": ["statusview", "pveSMBGatewayStatus", "rrd"],
                                      "dir": ["statusview", "rrd"]}


def test_screenshot_artifact(page: Path) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "smbgateway-add-dialog.png"
    shot.unlink(missing_ok=True)
    chromium(f"--screenshot={shot}", page.as_uri())
    assert shot.stat().st_size > 10_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
