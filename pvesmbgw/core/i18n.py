"""Translations of the messages people read (the CLI's help, usage and error lines).

`_` looks a message up in the `pvesmbgw` gettext catalogue of the language the
environment asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, in gettext's order); without
a catalogue for it, the message stays English. Catalogues are installed as
/usr/share/locale/LANG/LC_MESSAGES/pvesmbgw.mo (built from po/LANG.po by the package
build); PVESMBGW_LOCALEDIR points at another tree (tests run the CLI from the source
tree with a catalogue built into a temporary one). Messages are marked `_("...")` with
their values filled in afterwards (`.format(...)`), so xgettext can extract them."""

from __future__ import annotations

import gettext
import os

DOMAIN = "pvesmbgw"
LOCALEDIR_ENV = "PVESMBGW_LOCALEDIR"
LOCALEDIR = "/usr/share/locale"

_ = gettext.translation(DOMAIN, os.environ.get(LOCALEDIR_ENV) or LOCALEDIR,
                        fallback=True).gettext


def N_(message: str) -> str:
    """Marks MESSAGE for the .pot where it is translated later (by `_` or argparse)."""
    return message


def bind_argparse() -> None:
    """argparse translates its own words ("usage:", "options", its parse errors) with
    gettext.gettext, in the program's text domain: make that pvesmbgw's catalogue, which
    holds those argparse messages the CLI shows (cli/app.py ARGPARSE_MESSAGES)."""
    gettext.bindtextdomain(DOMAIN, os.environ.get(LOCALEDIR_ENV) or LOCALEDIR)
    gettext.textdomain(DOMAIN)
