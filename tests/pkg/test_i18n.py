"""Translations, end to end: the .pot that `make pot` extracts holds the CLI's and the
GUI's messages; po/de.po is a valid catalogue that translates the help, the one-line
errors and the SMB Gateway dialog; the CLI run from the tree with the compiled
catalogue speaks German; the GUI catalogue the hook installs joins PVE's own in a JS
engine, PVE's gettext() then returning German for our messages and PVE's for its own."""

from __future__ import annotations

import ast
import gettext
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.gui.pve import pvelang

REPO = Path(__file__).resolve().parents[2]
DIALOG = REPO / "www/manager6/storage/SMBGatewayEdit.js"
DE_PO = REPO / "po/de.po"


def _need(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)} (apt-get install gettext nodejs)")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`make i18n` into a temporary directory: the .pot, the .mo and the GUI catalogue."""
    _need("make", "xgettext", "msgfmt", "msggrep")
    out = tmp_path_factory.mktemp("i18n")
    subprocess.run(["make", "-s", "-C", str(REPO), "i18n", f"POT={out}/pvesmbgw.pot",
                    f"I18N_OUT={out}", "PY=/usr/bin/python3"],
                   check=True, capture_output=True, text=True, timeout=300)
    return out


def _msgids(pot: Path) -> set[str]:
    """The msgids of a .po or .pot file (C-quoted strings, which Python reads alike)."""
    ids: set[str] = set()
    current: list[str] | None = None
    for line in pot.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("msgid "):
            current = [ast.literal_eval(line[6:])]
        elif line.startswith('"') and current is not None:
            current.append(ast.literal_eval(line))
        else:
            if current is not None:
                ids.add("".join(current))
            current = None
    return ids - {""}


def _dialog_messages() -> set[str]:
    return set(re.findall(r"gettext\('((?:[^'\\]|\\.)*)'\)", DIALOG.read_text())) | \
        set(re.findall(r'gettext\("((?:[^"\\]|\\.)*)"\)', DIALOG.read_text()))


# --- the .pot ---------------------------------------------------------------------------

def test_pot_holds_cli_and_gui_messages(built: Path) -> None:
    ids = _msgids(built / "pvesmbgw.pot")
    from pvesmbgw.cli.svc.main import DESCRIPTION
    for msgid in ("create a share and serve it",                   # pve-smbgateway --help
                  "install a service from a template",             # pve-svc --help
                  DESCRIPTION,
                  "print the commands and file changes, change nothing",
                  "{prog}: error: {message}",                      # the one-line error
                  "{prog}: error: {message} (see '{command} --help')",
                  "usage: ", "the following arguments are required: %s",  # argparse's
                  "must be 100..999999999",                        # a CLI input check
                  "Share name", "SMB Gateway", "Samba on this node"):  # the dialog
        assert msgid in ids, msgid
    # Every gettext() of the dialog is extracted (a regular expression literal with a
    # '/' in a character class once made xgettext skip what followed it).
    assert _dialog_messages() - ids == set()


def test_cli_help_texts_are_all_marked() -> None:
    """No argparse help, description or command summary of the CLI is left unmarked."""
    unmarked = []
    for path in sorted((REPO / "pvesmbgw/cli").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            values = [kw.value for kw in node.keywords if kw.arg in ("help", "description")]
            func = node.func
            if getattr(func, "attr", getattr(func, "id", "")) == "command" and \
                    len(node.args) >= 3:
                values.append(node.args[2])
            unmarked += [f"{path.relative_to(REPO)}:{v.lineno}" for v in values
                         if isinstance(v, (ast.Constant, ast.JoinedStr))]
    assert unmarked == []


# --- po/de.po ---------------------------------------------------------------------------

def test_de_po_is_a_valid_catalogue() -> None:
    _need("msgfmt")
    proc = subprocess.run(["msgfmt", "--check", "--output-file=/dev/null", str(DE_PO)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_de_po_translates_the_dialog_and_the_errors(built: Path) -> None:
    with open(built / "locale/de/LC_MESSAGES/pvesmbgw.mo", "rb") as f:
        de = gettext.GNUTranslations(f)
    untranslated = sorted(m for m in _dialog_messages() if de.gettext(m) == m and m not in
                          ("Gateway", "Quota", "Snapshots", "Active Directory", "Cluster"))
    assert untranslated == []
    assert de.gettext("{prog}: error: {message}") == "{prog}: Fehler: {message}"


# --- the CLI in German ------------------------------------------------------------------

def _cli(program: str, built: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items()
            if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "PVESMBGW_DEBUG")}
    module = {"pve-smbgateway": "pvesmbgw.cli.entry", "pve-svc": "pvesmbgw.cli.svc.main"}
    return subprocess.run(["/usr/bin/python3", "-m", module[program], *args],
                          capture_output=True, text=True, timeout=60,
                          env={**base, "PYTHONPATH": str(REPO),
                               "PVESMBGW_LOCALEDIR": str(built / "locale"), **env})


def test_help_in_german(built: Path) -> None:
    smb = _cli("pve-smbgateway", built, "--help", LANGUAGE="de")
    assert smb.returncode == 0, smb.stderr
    assert smb.stdout.startswith("Aufruf: pve-smbgateway")
    text = " ".join(smb.stdout.split())  # as argparse wraps it
    for line in ("SMB-Freigaben von diesem Proxmox-VE-Host bereitstellen.",
                 "Positionsargumente:", "Optionen:",
                 "eine Freigabe anlegen und bereitstellen",
                 "die Befehle und Dateiänderungen ausgeben, nichts ändern",
                 "Exit-Status: 0 Erfolg"):
        assert line in text, line
    svc = _cli("pve-svc", built, "--help", LC_MESSAGES="de_DE.UTF-8")
    text = " ".join(svc.stdout.split())
    assert "einen Dienst aus einer Vorlage installieren" in text
    assert "Speicherdienste (einen Objektspeicher" in text
    english = _cli("pve-svc", built, "--help", LC_ALL="C.UTF-8")
    assert "install a service from a template" in " ".join(english.stdout.split())
    assert english.stdout.startswith("usage: pve-svc")


def test_error_lines_in_german(built: Path, tmp_path: Path) -> None:
    usage = _cli("pve-smbgateway", built, "create", "--quota", "1G", "--quota", "2G", "x",
                 LANGUAGE="de:en")
    assert usage.returncode == 2
    assert usage.stderr == ("pve-smbgateway: Fehler: Argument --quota: mehr als einmal "
                            "angegeben (siehe 'pve-smbgateway create --help')\n")
    missing = _cli("pve-smbgateway", built, "create", LANG="de_DE.UTF-8")
    assert missing.stderr == ("pve-smbgateway: Fehler: die folgenden Argumente sind "
                              "erforderlich: name (siehe 'pve-smbgateway create --help')\n")
    # An error raised by a handler, printed by the one error path (App.run).
    config = tmp_path / "pvesmbgw.conf"
    config.write_text(f"[pvesmbgw]\nstate_dir = {tmp_path / 'state'}\n"
                      f"pve_root = {tmp_path / 'pve'}\nservice_manager = direct\n")
    args = ("--config", str(config), "index", "build", str(tmp_path), "--serial", "x1")
    failed = _cli("pve-svc", built, *args, LANGUAGE="de")
    assert failed.returncode == 2
    assert failed.stderr == "pve-svc: Fehler: serial: keine ganze Zahl: 'x1'\n"
    english = _cli("pve-svc", built, *args, LANGUAGE="fr")  # no catalogue: English
    assert english.stderr == "pve-svc: error: serial: not a whole number: 'x1'\n"


def test_result_line_in_german(built: Path, tmp_path: Path) -> None:
    (tmp_path / "srv").mkdir()
    (tmp_path / "smb.conf").write_text("[global]\n\tworkgroup = TEST\n")
    config = tmp_path / "pvesmbgw.conf"
    config.write_text(f"[pvesmbgw]\nsamba_conf = {tmp_path / 'smb.conf'}\n"
                      f"state_dir = {tmp_path / 'state'}\ndfree_dir = {tmp_path / 'dfree'}\n"
                      f"allowed_roots = {tmp_path / 'srv'}\npve_root = {tmp_path / 'pve'}\n"
                      "service_manager = direct\n")
    args = ("--config", str(config), "reconcile", "--check")
    german = _cli("pve-smbgateway", built, *args, LANGUAGE="de")
    assert (german.returncode, german.stdout) == (0, "abgeglichen: nichts zu tun\n"), german.stderr
    assert _cli("pve-smbgateway", built, *args).stdout == "in sync: nothing to do\n"


def test_deep_errors_in_german(built: Path, tmp_path: Path) -> None:
    """What the model, the unit parser, the catalogue and the parameter checks raise
    (below the CLI) comes out in German after `Fehler:`, exit 2, with nothing changed;
    without a language the English lines are as they always were."""
    (tmp_path / "srv").mkdir()
    smb_conf = tmp_path / "smb.conf"
    smb_conf.write_text("[global]\n\tworkgroup = TEST\n")
    config = tmp_path / "pvesmbgw.conf"
    config.write_text(f"[pvesmbgw]\nsamba_conf = {smb_conf}\n"
                      f"state_dir = {tmp_path / 'state'}\ndfree_dir = {tmp_path / 'dfree'}\n"
                      f"allowed_roots = {tmp_path / 'srv'}\npve_root = {tmp_path / 'pve'}\n"
                      f"svc_templates_dir = {REPO / 'templates'}\nservice_manager = direct\n")
    share = tmp_path / "srv/data"
    cases = [
        ("pve-smbgateway", ("create", "bad/name", "--path", str(share)),
         "name: must not contain '/'",
         "name: darf '/' nicht enthalten"),
        ("pve-smbgateway", ("create", "data", "--path", str(share), "--quota", "12X"),
         "quota: not a size: '12X' (use e.g. 500M, 1G, 2T)",
         "quota: keine Größe: '12X' (z. B. 500M, 1G, 2T verwenden)"),
        ("pve-svc", ("install", "nosuch"),
         "no service template 'nosuch' (`pve-svc search` lists them)",
         "keine Dienstvorlage 'nosuch' (`pve-svc search` listet sie auf)"),
        ("pve-svc", ("install", "rsyncd", "--param", "nosuch=1"),
         "param nosuch: rsyncd has no such parameter (it has: quota, rsync_port, module, "
         "access, keep_owners, username)",
         "param nosuch: rsyncd hat keinen solchen Parameter (vorhanden: quota, rsync_port, "
         "module, access, keep_owners, username)"),
        ("pve-svc", ("install", "rsyncd", "--param", "rsync_port=99999"),
         "param rsync_port: not a port (1..65535): 99999",
         "param rsync_port: kein Port (1..65535): 99999"),
    ]
    for program, args, english, german in cases:
        de = _cli(program, built, "--config", str(config), *args, LANGUAGE="de")
        assert (de.returncode, de.stdout) == (2, ""), de.stderr
        assert de.stderr == f"{program}: Fehler: {german}\n"
        en = _cli(program, built, "--config", str(config), *args)
        assert (en.returncode, en.stdout) == (2, ""), en.stderr
        assert en.stderr == f"{program}: error: {english}\n"
    # Refused before anything was touched: no share, no registry, no instance.
    assert not share.exists()
    assert smb_conf.read_text() == "[global]\n\tworkgroup = TEST\n"
    state = tmp_path / "state"
    left = sorted(p.name for p in state.iterdir()) if state.exists() else []
    assert left in ([], ["lock"])  # the lock file of `pve-svc install`, nothing else


# --- the GUI's catalogue in PVE's ---------------------------------------------------------

# PVE's own language file as proxmox-i18n's po2js.pl writes it (proxmox/proxmox-i18n
# afe9a46, "bump version to 3.9.0"), with two of its messages: one pvesmbgw translates
# too ('Directory', PVE's wording must win) and one of PVE's alone.
PVE_LANG = ("// dev-build\n__proxmox_i18n_msgcat__ = %(msgcat)s;\n"
            "__proxmox_i18n_plurals_msgcat__ = {};\n"
            + pvelang.FUNCTIONS.replace("PLURAL", "(n != 1)"))

# The page: PVE's language file (or, without one, index.html.tpl's stand-in gettext),
# Proxmox.defaultLang from the template, stand-ins for the ExtJS and PVE classes the
# panels touch while loading, then /pve2/js/pvesmbgw.js as the hook installed it.
PAGE = r"""
const fs = require('fs'), vm = require('vm');
const [pveLang, panels, lang] = process.argv.slice(2);
const classes = {};
const ctx = {
    Proxmox: { defaultLang: lang },
    Ext: { define: (name, body) => { classes[name] = body; },
           ClassManager: { get: () => undefined },
           String: { format: (f, ...a) => f.replace(/\{(\d+)\}/g, (m, i) => a[i]) } },
    PVE: { Utils: { storageSchema: {} } },
};
vm.createContext(ctx);
vm.runInContext(pveLang ? fs.readFileSync(pveLang, 'utf8')
    : 'function gettext(buf) { return buf; }', ctx);
vm.runInContext(fs.readFileSync(panels, 'utf8'), ctx);
const V = classes['PVE.storage.SMBGatewayValidate'];
const t = m => vm.runInContext('gettext(' + JSON.stringify(m) + ')', ctx);
console.log(JSON.stringify({
    shareName: t('Share name'), directory: t('Directory'), datacenter: t('Datacenter'),
    storageType: ctx.PVE.Utils.storageSchema.smbgateway.name,
    quotaError: V.quota('lots'), longError: V.text('x'.repeat(90), 80),
}));
"""


def _page(tmp_path: Path, built: Path, lang: str, with_pve_lang: bool = True) -> Any:
    _need("node")
    root = tmp_path / "root"
    www = root / "usr/share/pvesmbgw/www"
    (www / "storage").mkdir(parents=True, exist_ok=True)
    shutil.copy(DIALOG, www / "storage")
    for catalogue in (built / "www").glob("pvesmbgw-lang-*.js"):
        shutil.copy(catalogue, www)
    manager = root / "usr/share/pve-manager"
    (manager / "js").mkdir(parents=True, exist_ok=True)
    (manager / "index.html.tpl").write_text(
        '<script type="text/javascript" src="/pve2/js/pvemanagerlib.js"></script>\n')
    subprocess.run(["sh", str(REPO / "scripts/pvesmbgw-gui-hook"), "install", str(root)],
                   check=True, capture_output=True, timeout=30)
    import sys
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        from po2js import fnv31a
    finally:
        sys.path.pop(0)
    pve_lang = tmp_path / "pve-lang-de.js"
    pve_lang.write_text(PVE_LANG % {"msgcat": json.dumps({
        str(fnv31a("Directory")): ["Verzeichnis (PVE)"],
        str(fnv31a("Datacenter")): ["Rechenzentrum"]})})
    page = tmp_path / "page.js"
    page.write_text(PAGE)
    proc = subprocess.run(["node", str(page), str(pve_lang) if with_pve_lang else "",
                           str(manager / "js/pvesmbgw.js"), lang],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_gui_catalogue_joins_pves(built: Path, tmp_path: Path) -> None:
    assert _page(tmp_path, built, "de") == {
        "shareName": "Freigabename",             # ours, merged into PVE's catalogue
        "directory": "Verzeichnis (PVE)",        # both translate it: PVE's kept
        "datacenter": "Rechenzentrum",           # PVE's own entries survive
        "storageType": "SMB-Gateway",            # translated while the panels load
        "quotaError": "keine Größe (z. B. 500M, 1G, 2T verwenden)",
        "longError": "ist länger als 80 Zeichen",
    }


def test_gui_catalogue_only_for_its_language(built: Path, tmp_path: Path) -> None:
    # PVE in French: our German entries stay out of PVE's (French) catalogue.
    french = _page(tmp_path, built, "fr")
    assert french["shareName"] == "Share name" and french["datacenter"] == "Rechenzentrum"
    # PVE in English loads no language file: nothing to merge into, and no error.
    english = _page(tmp_path, built, "de", with_pve_lang=False)
    assert english["shareName"] == "Share name" and english["storageType"] == "SMB Gateway"
