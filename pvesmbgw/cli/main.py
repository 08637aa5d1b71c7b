"""pve-smbgateway: the program, its commands and what they work on (the Agent)."""

from __future__ import annotations

import argparse
import sys
from typing import Any, Callable, Optional, Sequence

from .. import __version__
from ..core.i18n import _
from .app import App, show_progress

PROG = "pve-smbgateway"

DESCRIPTION = _("""\
Serve SMB shares from this Proxmox VE host. Each share is a volume of the host's
storage (a ZFS dataset, btrfs subvolume, CephFS subvolume or RBD image with its
quota, or a plain directory) exported by Samba on the host, in a gateway container
or in a gateway VM. Natively, pvesmbgw adds one marked include line to smb.conf and
owns only the included file; every change is a transaction that is rolled back
completely if any step fails.""")

EPILOG = _("""\
exit status: 0 success; 1 the operation failed (and was rolled back), or status/
reconcile --check found a problem; 2 bad input (nothing was changed).
See pve-smbgateway(1); the JSON schema is in
/usr/share/doc/pvesmbgw/json-output.md.gz.""")


def build_app() -> App:
    # Imported here, not at module level: `plugin status` (polled by pvestatd) skips it.
    from . import ad_commands, cluster_commands, commands
    app = App(PROG, DESCRIPTION, EPILOG, __version__)
    commands.register(app)
    ad_commands.register(app)
    cluster_commands.register(app)
    return app


def build_parser() -> argparse.ArgumentParser:
    return build_app().parser


def _load_records() -> None:
    """Register every journal record kind (for a journal holding one not loaded yet)."""
    from .. import handlers  # noqa: F401 - registering is what importing it does


def _agent(args: argparse.Namespace, report: Callable[[str], None]) -> Any:
    # Imported here so `--help` and usage errors stay fast.
    from ..core.config import load
    from ..core.runner import Runner
    from ..smb.agent import Agent
    cfg = load(args.config)
    runner = Runner(dry_run=args.dry_run, timeout=cfg.command_timeout, report=report)
    return Agent(cfg, runner, progress=show_progress(args), load_records=_load_records)


def main(argv: Optional[Sequence[str]] = None) -> int:
    return build_app().run(argv, _agent)


if __name__ == "__main__":
    sys.exit(main())
