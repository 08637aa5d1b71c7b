#!/usr/bin/python3
"""po2js.py LANG MO OUT: pvesmbgw's messages of one language for the PVE web GUI.

The GUI looks messages up with PVE's gettext(), which proxmox-i18n's po2js.pl defines
in /pve2/locale/pve-lang-LANG.js: `__proxmox_i18n_msgcat__` maps fnv31a(msgid) (31 bits
of FNV-1a over the message's UTF-16 code units, as its JavaScript computes it) to
`[msgstr]`, and `__proxmox_i18n_plurals_msgcat__` the singular's hash to the plural
forms. This writes OUT, a script that adds the entries of MO (a compiled catalogue;
built by the Makefile from po/LANG.po, GUI messages only) to those two tables when the
GUI runs in LANG; PVE's own entries are kept, also for a message both translate, and
without PVE's language file (the GUI in English) it does nothing.

Reading the compiled catalogue leaves what msgfmt leaves: fuzzy and untranslated
entries are not in it."""

from __future__ import annotations

import gettext
import json
import sys
from typing import Any


def fnv31a(text: str) -> int:
    """proxmox-i18n's fnv31a(), over UTF-16 code units like JavaScript's charCodeAt."""
    data = text.encode("utf-16-le")
    hval = 0x811C9DC5
    for i in range(0, len(data), 2):
        hval ^= data[i] | (data[i + 1] << 8)
        hval = (hval + (hval << 1) + (hval << 4) + (hval << 7) + (hval << 8)
                + (hval << 24)) & 0xFFFFFFFF
    return hval & 0x7FFFFFFF


def tables(mo: str) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    with open(mo, "rb") as f:
        catalog: dict[Any, str] = gettext.GNUTranslations(f)._catalog  # type: ignore[attr-defined]
    singular: dict[str, list[str]] = {}
    plural: dict[int, dict[int, str]] = {}
    for key, msgstr in catalog.items():
        if isinstance(key, tuple):  # (msgid, n): a plural form
            plural.setdefault(fnv31a(key[0]), {})[key[1]] = msgstr
        elif key and msgstr:  # "" is the header
            digest = fnv31a(key)
            if str(digest) in singular:
                raise SystemExit(f"po2js.py: two messages share the hash {digest}: {key!r}")
            singular[str(digest)] = [msgstr]
    plurals = {str(d): [forms[n] for n in sorted(forms)] for d, forms in plural.items()}
    return singular, plurals


TEMPLATE = """\
// pvesmbgw's messages in {lang} for the PVE web GUI (built from po/{lang}.po)
(function() {{
    var msgcat = {msgcat};
    var plurals = {plurals};
    if (typeof Proxmox !== 'object' || Proxmox.defaultLang !== '{lang}' ||
        typeof __proxmox_i18n_msgcat__ !== 'object') {{
        return;
    }}
    var merge = function(into, from) {{
        Object.keys(from).forEach(function(digest) {{
            if (!Object.prototype.hasOwnProperty.call(into, digest)) {{
                into[digest] = from[digest];
            }}
        }});
    }};
    merge(__proxmox_i18n_msgcat__, msgcat);
    if (typeof __proxmox_i18n_plurals_msgcat__ === 'object') {{
        merge(__proxmox_i18n_plurals_msgcat__, plurals);
    }}
}}());
"""


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        sys.stderr.write("usage: po2js.py LANG MO OUT\n")
        return 2
    lang, mo, out = argv
    singular, plurals = tables(mo)

    def dump(data: dict[str, list[str]]) -> str:
        return json.dumps(data, sort_keys=True, ensure_ascii=False)
    with open(out, "w", encoding="utf-8") as f:
        f.write(TEMPLATE.format(lang=lang, msgcat=dump(singular), plurals=dump(plurals)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
