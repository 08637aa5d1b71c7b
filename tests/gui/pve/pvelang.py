"""PVE's German catalogue, /pve2/locale/pve-lang-de.js, built as proxmox-i18n builds it.

proxmox-i18n's Makefile runs `po2js.pl -t pve -o pve-lang-de.js de.po` (package
pve-i18n, installed in /usr/share/pve-i18n/, served by pveproxy as /pve2/locale/). This
does the same from the pinned, reduced copy of its de.po in i18n/ (see i18n/README.md):
fuzzy and untranslated entries left out, each message keyed by fnv31a(msgid) in
`__proxmox_i18n_msgcat__`, plural forms in `__proxmox_i18n_plurals_msgcat__`, followed
by po2js.pl's own fnv31a(), gettext() and ngettext() (copied from po2js.pl, AGPL-3.0-or-
later, © Proxmox Server Solutions GmbH). The entries come from msgfmt's compiled
catalogue, read by scripts/po2js.py (the package's own generator for its GUI catalogue),
whose fnv31a() hashes UTF-16 code units as the page's fnv31a() does.

`python3 tests/gui/pve/pvelang.py OUT.js` writes the file.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
DE_PO = HERE / "i18n" / "de.po"
# proxmox-i18n's commit the catalogue is from (i18n/README.md).
COMMIT = "afe9a46e291834a3f559f18003fcdff870caadc3"

# po2js.pl's output after the two tables (its here-document, verbatim; PLURAL is the
# Plural-Forms expression of the catalogue's header).
FUNCTIONS = """
function fnv31a(text) {
    var len = text.length;
    var hval = 0x811c9dc5;
    for (var i = 0; i < len; i++) {
        var c = text.charCodeAt(i);
        hval ^= c;
        hval += (hval << 1) + (hval << 4) + (hval << 7) + (hval << 8) + (hval << 24);
    }
    hval &= 0x7fffffff;
    return hval;
}

function gettext(buf) {
    var digest = fnv31a(buf);
    var data = __proxmox_i18n_msgcat__[digest];
    if (!data) {
        return buf;
    }
    return data[0] || buf;
}

function ngettext(singular, plural, n) {
    const msg_idx = Number(PLURAL);
    const digest = fnv31a(singular);
    const translation = __proxmox_i18n_plurals_msgcat__[digest];
    if (!translation || msg_idx >= translation.length) {
        if (n === 1) {
            return singular;
        } else {
            return plural;
        }
    }
    return translation[msg_idx];
}
"""


def _po2js() -> object:
    spec = importlib.util.spec_from_file_location("pvesmbgw_po2js", REPO / "scripts/po2js.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pve_lang_js(po: Path = DE_PO) -> str:
    """The text of pve-lang-LANG.js for the catalogue po, as po2js.pl writes it."""
    header = po.read_text(encoding="utf-8")
    plural = re.search(r"Plural-Forms:\s*nplurals\s*=\s*\d;\s*plural=(.*);\\n", header)
    with tempfile.TemporaryDirectory() as tmp:
        mo = Path(tmp) / "catalogue.mo"
        subprocess.run(["msgfmt", "--check", "--output-file", str(mo), str(po)],
                       check=True, capture_output=True, timeout=120)
        singular, plurals = _po2js().tables(str(mo))  # type: ignore[attr-defined]
    dump = lambda d: json.dumps(dict(sorted(d.items())), ensure_ascii=False,
                                separators=(",", ":"))
    return (f"// proxmox-i18n {COMMIT[:8]} (pvesmbgw tests)\n"
            f"// Proxmox Message Catalog: pve-lang-{po.stem}.js\n"
            f"__proxmox_i18n_msgcat__ = {dump(singular)};\n"
            f"__proxmox_i18n_plurals_msgcat__ = {dump(plurals)};\n"
            + FUNCTIONS.replace("PLURAL", plural.group(1) if plural else "n!=1"))


if __name__ == "__main__":
    import sys

    Path(sys.argv[1]).write_text(pve_lang_js(), encoding="utf-8")
