"""pve-smbgateway: argument parsing, error handling and exit codes."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import NoReturn, Optional, Sequence

from .. import __version__
from ..core.errors import EXIT_BAD_INPUT, EXIT_FAILED, PvesmbgwError
from .output import FORMATS, emit_json

PROG = "pve-smbgateway"

DESCRIPTION = """\
Serve SMB shares from this Proxmox VE host. Each share is a volume of the host's
storage (a ZFS dataset, btrfs subvolume, CephFS subvolume or RBD image with its
quota, or a plain directory) exported by Samba on the host, in a gateway container
or in a gateway VM. Natively, pvesmbgw adds one marked include line to smb.conf and
owns only the included file; every change is a transaction that is rolled back
completely if any step fails."""

EPILOG = """\
exit status: 0 success; 1 the operation failed (and was rolled back), or status/
reconcile --check found a problem; 2 bad input (nothing was changed).
See pve-smbgateway(1) and docs/json-output.md for the JSON schema."""


class _Parser(argparse.ArgumentParser):
    """Usage errors are one line and exit 2, like every other bad input."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{PROG}: error: {message} (see '{self.prog} --help')\n")
        sys.exit(EXIT_BAD_INPUT)


def _common(parser: argparse.ArgumentParser, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--config", metavar="FILE", default=default,
                        help="configuration file (default $PVESMBGW_CONFIG or "
                             "/etc/pvesmbgw/pvesmbgw.conf)")
    parser.add_argument("--output-format", choices=FORMATS,
                        default="text" if top else argparse.SUPPRESS,
                        help="text (default), json (one line), or json-pretty")
    parser.add_argument("--dry-run", action="store_true",
                        default=False if top else argparse.SUPPRESS,
                        help="print the commands and file changes, change nothing")
    parser.add_argument("-v", "--verbose", action="store_true",
                        default=False if top else argparse.SUPPRESS,
                        help="show progress and debug logging on stderr")


def build_parser() -> argparse.ArgumentParser:
    # Imported here, not at module level: `plugin status` (polled by pvestatd) skips it.
    from . import commands
    parser = _Parser(prog=PROG, description=DESCRIPTION, epilog=EPILOG,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    _common(parser, top=True)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    def command(name: str, handler: commands.Handler, help: str,
                parent: argparse._SubParsersAction = sub) -> argparse.ArgumentParser:
        p = parent.add_parser(name, help=help, description=help)
        _common(p, top=False)
        p.set_defaults(handler=handler)
        return p

    p = command("create", commands.create, "create a share and serve it")
    p.add_argument("name", help="share name as clients see it (at most 80 characters)")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--path", metavar="DIR",
                       help="directory to share; created (as a btrfs subvolume on btrfs) when "
                            "it does not exist; must lie under allowed_roots")
    where.add_argument("--storage", metavar="PVE_STORAGE_ID",
                       help="place the share in this PVE storage (dir or btrfs), at "
                            "<storage path>/smbgateway/NAME")
    p.add_argument("--mode", default="native", choices=["native", "lxc", "vm"],
                   help="where Samba runs: native (on this host), lxc (in an unprivileged "
                        "gateway container) or vm (in a gateway VM cloned from the "
                        "vm-template; virtiofs on PVE 8.4+, before: a virtual disk per share, "
                        "sized by --quota, on --storage); one gateway per node is shared by "
                        "its shares")
    p.add_argument("--dedicated", action="store_true",
                   help="lxc and vm mode: give the share a gateway of its own")
    p.add_argument("--vm-memory", metavar="MIB", type=int,
                   help="vm mode: memory of a new gateway VM (default vm_memory, 1024)")
    p.add_argument("--vm-cores", metavar="N", type=int,
                   help="vm mode: CPU cores of a new gateway VM (default vm_cores, 1)")
    p.add_argument("--quota", metavar="SIZE", help="size limit, e.g. 500M, 1G, 2T (btrfs)")
    p.add_argument("--comment", metavar="TEXT", help="description shown to clients")
    p.add_argument("--read-only", action="store_true", help="export read-only")
    p.add_argument("--valid-users", metavar="LIST",
                   help="comma list of users and @groups allowed to connect (default: any "
                        "Samba user)")
    p.add_argument("--browseable", default="yes", metavar="yes|no",
                   help="list the share in browse lists (default yes)")
    p.add_argument("--snapshots", metavar="POLICY",
                   help="snapshot schedule and retention, e.g. hourly=24,daily=7,weekly=4 "
                        "(applied by the pvesmbgw-snapshot timer)")

    p = command("set", commands.set_, "change a share's settings")
    p.add_argument("name")
    p.add_argument("--quota", metavar="SIZE")
    p.add_argument("--comment", metavar="TEXT")
    p.add_argument("--read-only", metavar="yes|no")
    p.add_argument("--valid-users", metavar="LIST")
    p.add_argument("--browseable", metavar="yes|no")
    p.add_argument("--snapshots", metavar="POLICY", help="new schedule, or 'none'")

    p = command("delete", commands.delete, "stop serving a share (data is kept unless --purge)")
    p.add_argument("name")
    p.add_argument("--purge", action="store_true",
                   help="also destroy the volume, only if pvesmbgw created it")
    p.add_argument("--keep-gateway", action="store_true",
                   help="lxc and vm mode: keep the gateway guest even when its last share goes")

    command("list", commands.list_, "list shares")
    p = command("status", commands.status, "show a share's state and usage")
    p.add_argument("name")

    p = command("user", None, "manage Samba users (local accounts)")  # type: ignore[arg-type]
    users = p.add_subparsers(dest="user_command", metavar="ACTION", parser_class=_Parser)
    users.required = True
    for action, handler, help in (
            ("add", commands.user_add, "add a Samba user (and a Unix service account)"),
            ("passwd", commands.user_passwd, "change a Samba user's password")):
        up = command(action, handler, help, users)
        up.add_argument("user")
        up.add_argument("--password-stdin", action="store_true",
                        help="read the password from the first line of stdin, not a prompt")
    up = command("del", commands.user_del, "remove a Samba user pvesmbgw added", users)
    up.add_argument("user")
    command("list", commands.user_list, "list Samba users", users)

    p = command("snapshot", commands.snapshot_prune,
                "snapshots and Previous Versions: create, list, rollback, delete; "
                "--prune-all applies every share's schedule (run by a timer)")
    p.add_argument("--prune-all", action="store_true",
                   help="take the snapshots schedules want and delete expired ones")
    snaps = p.add_subparsers(dest="snapshot_command", metavar="ACTION", parser_class=_Parser)
    for action, handler, help, with_snap in (
            ("create", commands.snapshot_create, "snapshot a share now (@GMT-… name, UTC)",
             False),
            ("list", commands.snapshot_list, "list a share's snapshots", False),
            ("rollback", commands.snapshot_rollback,
             "restore a share from a snapshot (the current state is snapshotted first)", True),
            ("delete", commands.snapshot_delete, "delete a snapshot pvesmbgw made", True)):
        sp = command(action, handler, help, snaps)
        sp.add_argument("name", help="share")
        if with_snap:
            sp.add_argument("snapshot", help="snapshot name, as `snapshot list` shows it")

    p = command("vm-template", None,  # type: ignore[arg-type]
                "the gateway VM template (Debian 12 cloud image + cloud-init)")
    vmt = p.add_subparsers(dest="vm_template_command", metavar="ACTION", parser_class=_Parser)
    vmt.required = True
    bp = command("build", commands.vm_template_build,
                 "build the template once (a second build reports the existing one)", vmt)
    bp.add_argument("--storage", metavar="ID", default="",
                    help="storage for the template's disk (default: first with images)")
    bp.add_argument("--image", metavar="FILE|URL", default="",
                    help="Debian 12 generic cloud image (default: vm_image from the config)")
    bp.add_argument("--vmid", type=int, help="VMID of the template (default: next free)")
    bp.add_argument("--bridge", default="", help="bridge of its network card")
    bp.add_argument("--checksum", default="", metavar="sha256:HEX|sha512:HEX",
                    help="verify the image before it is imported")
    bp.add_argument("--rebuild", action="store_true",
                    help="build a new template, then destroy the old one")
    command("status", commands.vm_template_status, "show the template", vmt)

    p = command("reconcile", commands.reconcile,
                "compare shares with the host and repair drift (run by a timer)")
    p.add_argument("--check", action="store_true",
                   help="report drift only; exit 1 when something needs repair")

    p = command("metrics", commands.metrics,
                "Prometheus metrics (node_exporter textfile format; run by a timer)")
    p.add_argument("--textfile", metavar="PATH",
                   help="write them to PATH atomically (e.g. "
                        "/var/lib/prometheus/node-exporter/pvesmbgw.prom) instead of stdout")
    from . import ad_commands
    ad_commands.add_parsers(command, sub)
    from .cluster_commands import register as register_cluster
    register_cluster(command, sub, _Parser)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    if list(sys.argv[1:] if argv is None else argv)[:1] == ["plugin"]:
        # The storage plugin's hooks (run through the console script, entry.py).
        from .entry import main as entry_main
        return entry_main(argv)
    args = build_parser().parse_args(argv)
    debug = bool(os.environ.get("PVESMBGW_DEBUG"))
    logging.basicConfig(level=logging.DEBUG if (args.verbose or debug) else logging.WARNING,
                        format=f"{PROG}: %(levelname)s: %(message)s")
    # Imported here so `--help` and usage errors stay fast.
    from ..core.config import load
    from ..smb.agent import Agent
    from ..core.runner import Runner

    show_progress = args.verbose or sys.stderr.isatty()
    plan_lines: list[str] = []
    def report(line: str) -> None:
        if args.output_format == "text":
            print(line)
        else:
            plan_lines.append(line)

    try:
        cfg = load(args.config)
        runner = Runner(dry_run=args.dry_run, timeout=cfg.command_timeout, report=report)
        agent = Agent(cfg, runner, progress=(lambda line: print(line, file=sys.stderr))
                      if show_progress else None)
        code: int = args.handler(agent, args)
        if args.dry_run and plan_lines:
            emit_json({"dry_run": plan_lines}, args.output_format, sys.stderr)
        return code
    except PvesmbgwError as exc:
        if debug:
            raise
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        sys.stderr.write(f"{PROG}: error: {message}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write(f"{PROG}: interrupted\n")
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
