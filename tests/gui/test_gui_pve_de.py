"""pvesmbgw's German in PVE's own web UI (PVE 8 and PVE 9), in headless Chromium: the
translation path of issue 19 end to end.

The page is served as pveproxy serves it to a user whose language is German: PVE's
catalogue pve-lang-de.js (pve-i18n, built by proxmox-i18n's po2js.pl from its de.po; here
from the pinned copy in pve/i18n/ by pve/pvelang.py) under /pve2/locale/, index.html.tpl
rendered with lang "de" and langfile 1 (pveproxy's get_index(): the PVELangCookie, else
datacenter.cfg's `language`, and langfile only when /usr/share/pve-i18n/pve-lang-LANG.js
exists), ExtJS's locale-de.js. pvesmbgw's GUI catalogue is built by `make i18n` (as the
package build builds it) and installed where debian/pvesmbgw.install puts it; the
package's GUI hook joins it in front of the panels into /pve2/js/pvesmbgw.js, as on a
node. page/pve-de.js logs in, opens Datacenter -> App Store, then Storage -> Add ->
SMB Gateway, and reports what the UI shows. The test checks that pvesmbgw's strings are
German from its catalogue, PVE's own strings German from PVE's, and that the browser
logged no error; screenshots go to build/test-artifacts/pve{8,9}-de-*.png.

Everything else (the ExtJS build, the PVE sources, the API stand-in, the Chromium run) is
test_gui_pve.py's too: the fixtures in conftest.py (the same simulated node per release),
the page's serving and the run in pve/ui.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from tests.gui import npm
from tests.gui.pve import pvelang
from tests.gui.pve.server import PveProxy
from tests.gui.pve.simnode import SimNode
from tests.gui.pve.ui import (ARTIFACTS, CACHE, EXTJS_PACKAGE, HERE, RELEASES, REPO, pve_ui,
                              result, run_user)


def pveproxy_language(cookie: str | None, dc_language: str | None,
                      i18n_dir: Path) -> tuple[str, int]:
    """(lang, langfile) as pveproxy's get_index() chooses them: the PVELangCookie when
    it is a language name, else datacenter.cfg's `language`, else "en"; langfile 1 when
    pve-i18n has the language's file."""
    lang = None
    found = re.search(r"(?:^|\s)PVELangCookie=([^;]*)", cookie or "")
    if found and re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2,3})?", found[1]):
        lang = found[1]
    lang = lang or dc_language or "en"
    return lang, 1 if (i18n_dir / f"pve-lang-{lang}.js").is_file() else 0


@pytest.fixture(scope="session")
def gui_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pvesmbgw-lang-de.js as the package build makes it (`make i18n`)."""
    for tool in ("make", "xgettext", "msgfmt", "msggrep"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (gettext, make)")
    out = tmp_path_factory.mktemp("i18n")
    subprocess.run(["make", "-s", "-C", str(REPO), "i18n", f"POT={out}/pvesmbgw.pot",
                    f"I18N_OUT={out}", "PY=/usr/bin/python3"],
                   check=True, capture_output=True, text=True, timeout=300)
    return out / "www" / "pvesmbgw-lang-de.js"


@pytest.fixture(scope="session")
def pve_i18n(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """/usr/share/pve-i18n with PVE's German catalogue (pve/i18n/, see its README)."""
    out = tmp_path_factory.mktemp("pve-i18n")
    (out / "pve-lang-de.js").write_text(pvelang.pve_lang_js(), encoding="utf-8")
    return out


@pytest.fixture(scope="session")
def extjs_locale_de(extjs_pve_layout: Path) -> Path:
    """ExtJS's locale-de.js (libjs-extjs' /usr/share/javascript/extjs/locale/), from the
    same npm package as the rest of ExtJS, cached across runs."""
    target = CACHE / (EXTJS_PACKAGE.replace("@", "-") + "-locale") / "locale-de.js"
    if target.exists():
        return target
    tgz = npm.pack(EXTJS_PACKAGE, CACHE)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tgz) as tar:
        member = tar.extractfile("package/build/classic/locale/locale-de.js")
        assert member is not None
        partial = target.with_suffix(".partial")
        partial.write_bytes(member.read())
    tgz.unlink()
    partial.rename(target)
    return target


@pytest.fixture(params=RELEASES, ids=lambda v: f"pve{v}")
def pveproxy_de(request: pytest.FixtureRequest, extjs_pve_layout: Path, gui_catalogue: Path,
                pve_i18n: Path, extjs_locale_de: Path, tmp_path: Path,
                sim_nodes: Callable[[str], SimNode]) -> Iterator[PveProxy]:
    pve: str = request.param
    # A user without a language cookie on a cluster whose datacenter.cfg says
    # "language: de" (a PVELangCookie=de chooses the same).
    lang, langfile = pveproxy_language(None, "de", pve_i18n)
    assert (lang, langfile) == pveproxy_language("PVELangCookie=de", None, pve_i18n) == ("de", 1)
    more = {
        "/pve2/locale/": pve_i18n,  # pveproxy: add_dirs('/pve2/locale/', /usr/share/pve-i18n/)
        "/pve2/ext6/locale/locale-de.js": extjs_locale_de,
    }
    with pve_ui(pve, sim_nodes(pve), tmp_path, extjs_pve_layout,
                lambda: (HERE / "page" / "pve-de.js").read_bytes(), catalogue=gui_catalogue,
                lang=lang, langfile=langfile, more_routes=more) as proxy:
        assert "/pve2/locale/pve-lang-de.js" in proxy.index
        yield proxy


# What the German UI shows. pvesmbgw's own words (po/de.po) are marked "ours"; the rest
# are PVE's catalogue's (which wins where both translate a message).
DC_MENU_APPSTORE = "App-Store"  # ours ("App Store")
APPSTORE_TABS = ["Templates", "Installiert"]  # PVE's; ours
APPSTORE_COLUMNS = ["Name", "Kategorie", "Version", "Typ", "Kerne", "Speicher", "Disk",
                    "HA-Profil", "Repository", "Signiert"]  # Kategorie, HA-Profil: ours
INSTALLED_COLUMNS = ["Name", "Template", "ID", "Knoten", "Status", "Zustand", "Version",
                     "Upgrade verfügbar"]  # Upgrade verfügbar: ours
SMB_LABELS = {  # field: (label, box label, empty text); ours but Verzeichnis, Inhalt, ...
    "storage": ("ID", "", ""),  # PVE's storage ID field
    "path": ("Verzeichnis", "", "/srv/pool/share"),
    "smbgw-share": ("Freigabename", "", "Storage-ID"),
    "smbgw-mode": ("Gateway", "", ""),
    "smbgw-quota": ("Quota", "", "keine (500M, 10G, 2T)"),
    "content": ("Inhalt", "", ""),  # PVE's
    "nodes": ("Knoten", "", "Alle (Keine Einschränkung)"),  # PVE's
    "enable": ("Aktivieren", "", ""),  # PVE's
    "smbgw-comment": ("Kommentar", "", ""),
    "smbgw-valid-users": ("Zugelassene Benutzer", "", "jeder Samba-Benutzer"),
    "smbgw-snapshots": ("Snapshots", "", "hourly=24,daily=7"),
    "smbgw-read-only": ("Read-only", "", ""),
    "smbgw-browseable": ("Sichtbar in Netzwerkumgebung", "", ""),
}


def run_de(proxy: PveProxy, *args: str) -> dict[str, Any]:
    outcome = run_user(proxy, *args)
    # The page ran in German with PVE's catalogue loaded.
    assert result(proxy, "lang") == "de" and result(proxy, "pveCatalogue") is True
    return outcome


def test_pve_ui_in_german(pveproxy_de: PveProxy) -> None:
    proxy = pveproxy_de
    outcome = run_de(proxy)
    assert outcome["steps"][:4] == ["login window", "logged in", "datacenter", "app store"]
    assert outcome["steps"][-3:] == ["storage view", "dialog", "stopped"]
    # PVE's own strings, from PVE's catalogue.
    assert result(proxy, "loginTitle") == "Proxmox VE Anmeldung"
    assert result(proxy, "treeRoot") == "Rechenzentrum"
    menu = dict(result(proxy, "dcMenu"))
    assert (menu["summary"], menu["storage"], menu["options"]) == \
        ("Übersicht", "Storage", "Optionen")
    # Datacenter -> App Store, right after Storage, in German.
    ids = [i for i, _ in result(proxy, "dcMenu")]
    assert ids[ids.index("storage") + 1] == "pvesmbgw-appstore"
    assert menu["pvesmbgw-appstore"] == DC_MENU_APPSTORE
    assert result(proxy, "dcMenuShown") == DC_MENU_APPSTORE
    # The App Store pane's static parts (there before any data loads).
    assert result(proxy, "tabs") == APPSTORE_TABS
    assert result(proxy, "columns") == APPSTORE_COLUMNS
    assert result(proxy, "installedColumns") == INSTALLED_COLUMNS
    assert result(proxy, "buttons") == ["Details", "Neu laden"]
    assert result(proxy, "categoryLabel") == "Kategorie"
    assert result(proxy, "categoryAll") == "Alle"
    assert result(proxy, "searchEmpty") == "Suche"
    if "templates" in outcome["steps"]:  # with the App Store endpoint's templates
        row = result(proxy, "firstRow")
        assert row[3] in ("CT", "VM") and row[9] in ("Ja", "Nein"), row
    # Storage -> Add -> SMB Gateway.
    assert result(proxy, "addButton") == "Hinzufügen"
    assert result(proxy, "storageTypeName") == "SMB-Gateway"
    assert result(proxy, "addMenu")[-1] == "SMB-Gateway"
    assert "Verzeichnis" in result(proxy, "addMenu")  # PVE's
    assert result(proxy, "dialogTitle") == "Hinzufügen: SMB-Gateway"
    labels = {k: tuple(v) for k, v in result(proxy, "labels").items()}
    assert labels == SMB_LABELS
    # Every label whole: no text wider than its label (ExtJS cuts off the rest).
    assert result(proxy, "cutLabels") == []
    assert result(proxy, "dialogTabs") == ["Allgemein", "Aufbewahrte Backups"]  # PVE's
    assert result(proxy, "modes") == ["Samba auf diesem Knoten", "Gateway-Container",
                                      "Gateway-VM"]


def test_pve_ui_in_german_screenshots(pveproxy_de: PveProxy) -> None:
    """The App Store pane and the SMB Gateway dialog in German, as test artifacts."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for stop in ("appstore", "smbgateway-dialog"):
        shot = ARTIFACTS / f"pve{pveproxy_de.pve}-de-{stop}.png"
        shot.unlink(missing_ok=True)
        pveproxy_de.results.clear()
        if stop == "appstore":
            pveproxy_de.config["stopAt"] = "appstore"
        else:
            pveproxy_de.config.pop("stopAt", None)
        outcome = run_de(pveproxy_de, f"--screenshot={shot}")
        assert outcome["steps"][-1] == "stopped"
        assert shot.stat().st_size > 30_000
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
