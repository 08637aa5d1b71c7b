"""The `pve-smbgateway` console script: the storage plugin's hooks first, so that
pvestatd's status polls (every 10 s per storage) never load the argument parser."""

from __future__ import annotations

import sys
from typing import Optional, Sequence


def main(argv: Optional[Sequence[str]] = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if words[:1] == ["plugin"]:
        # Hidden: the PVE storage plugin's hooks (JSON on stdin and stdout). Only those
        # that change something (add, update, delete) may meet a journal to repair, so
        # only they load every room's record kinds; the daemons' polls stay lean.
        if words[1:2] not in (["status"], ["activate"]):
            from .. import handlers  # noqa: F401 - registers every journal record kind
        from ..smb.plugin.hooks import main as plugin_main
        return plugin_main(words[1:])
    from .main import main as cli_main
    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
