"""pve-svc: the service launcher's program, its commands and what they work on."""

from __future__ import annotations

import argparse
import sys
from typing import Any, Callable, Optional, Sequence

from ... import __version__
from ...core.i18n import _
from ..app import App, show_progress

PROG = "pve-svc"

DESCRIPTION = _("""\
Install storage services (an object store, a WebDAV or sync server, Nextcloud, ...)
on this Proxmox VE node from YAML templates: each instance is an unprivileged
container whose data lives on volumes of the host's storage (a ZFS dataset, btrfs
subvolume, RBD image or directory, with a quota), bind-mounted into it. Nothing of a
template runs on the host: its steps run inside the guest. Install and uninstall are
transactions: a failure at any step leaves the host as it was.""")

EPILOG = _("""\
exit status: 0 success; 1 the operation failed (and was rolled back), status found
the service unhealthy, or repo update could not fetch a repository; 2 bad input, a
failed pre-flight check, or repo update refused a repository's content (nothing was
changed).
See pve-svc(1); templates: /usr/share/pvesmbgw/templates, their JSON Schema:
/usr/share/pvesmbgw/schema/service-v1.schema.json.""")


def build_app() -> App:
    from . import commands, repo_commands
    app = App(PROG, DESCRIPTION, EPILOG, __version__)
    commands.register(app)
    repo_commands.register(app)
    return app


def _load_records() -> None:
    from ... import handlers  # noqa: F401 - registering is what importing it does


def _manager(args: argparse.Namespace, report: Callable[[str], None]) -> Any:
    from ...core.config import load
    from ...core.runner import Runner
    from ...svc.service import ServiceManager
    cfg = load(args.config)
    runner = Runner(dry_run=args.dry_run, timeout=cfg.command_timeout, report=report)
    return ServiceManager(cfg, runner, progress=show_progress(args),
                          load_records=_load_records)


def main(argv: Optional[Sequence[str]] = None) -> int:
    return build_app().run(argv, _manager)


if __name__ == "__main__":
    sys.exit(main())
