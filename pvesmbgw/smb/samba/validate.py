"""Check a rendered smb.conf fragment with Samba's own parser before it goes live.

Samba's loader only *warns* about unknown parameters (on file descriptor 2, from C),
so the warning is captured and treated as an error.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Sequence

from ...core.errors import PvesmbgwError
from ...core.i18n import _

_WARNINGS = ("unknown parameter", "ignoring unknown", "unable to load")


class InvalidConfig(PvesmbgwError):
    """Samba's parser rejected a rendered file (a bug or a bad value that slipped by)."""


def check(text: str, expected_shares: Sequence[str]) -> None:
    """Raise InvalidConfig unless Samba's parser loads TEXT cleanly with those shares."""
    try:
        import samba.param  # heavy (~0.2 s): imported only when a file is written
    except ImportError:
        raise InvalidConfig(_("python3-samba is not installed; cannot validate smb.conf")) from None
    with tempfile.TemporaryDirectory(prefix="pvesmbgw-check-") as tmp:
        conf = Path(tmp) / "smb.conf"
        conf.write_text(text)
        errors = Path(tmp) / "stderr"
        lp = samba.param.LoadParm()
        failed = False
        # LoadParm.load() exports SMB_CONF_PATH=<file> at C level (os.environ does not see
        # it); every child would inherit it, and smbd would load the deleted temp file.
        previous = os.environ.get("SMB_CONF_PATH")
        saved = os.dup(2)
        try:
            with open(errors, "wb") as err_fh:
                os.dup2(err_fh.fileno(), 2)
                try:
                    lp.load(str(conf))
                except RuntimeError:
                    failed = True
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            if previous is None:
                os.unsetenv("SMB_CONF_PATH")
            else:
                os.putenv("SMB_CONF_PATH", previous)
        messages = [l.strip() for l in errors.read_text(errors="replace").splitlines()
                    if l.strip() and any(w in l.lower() for w in _WARNINGS)]
        if failed or messages:
            detail = messages[0] if messages else _("Samba could not load the file")
            raise InvalidConfig(_("rendered Samba config rejected by Samba's parser: {detail}").format(detail=detail))
        loaded = {s.lower() for s in lp.services()}
        missing = [s for s in expected_shares if s.lower() not in loaded]
        if missing:
            raise InvalidConfig(_("rendered Samba config lacks share [{missing}]").format(missing=missing[0]))
