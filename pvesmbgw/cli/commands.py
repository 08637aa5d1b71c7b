"""One handler per command: parse arguments into model objects, call the Agent, print.

What only one command needs (the VM template, metrics, the cluster's reconcile) is
imported inside its handler, for start-up cost."""

from __future__ import annotations

import argparse
import datetime
import sys
from typing import Any

from ..smb.agent import Agent
from ..core.errors import ValidationError
from ..core.units import parse_int
from ..core.i18n import _
from ..smb.model import (ShareChange, ShareSpec, parse_bool, parse_quota,
    parse_valid_users, validate_name, validate_storage_id, validate_username)
from .app import App
from .output import emit, metrics_out, size_or_dash, table


UNREPAIRABLE = ("volume_missing",)


# The storage room (which parses and prints snapshot policies) is loaded only by the
# commands that take or show a policy: `list` and `status` start without it.
def _parse_policy(text: str) -> dict[str, int]:
    from ..storage.snapshots import parse_policy
    return parse_policy(text)


def _format_policy(policy: dict[str, int]) -> str:
    from ..storage.snapshots import format_policy
    return format_policy(policy)


def _notes(result: dict[str, Any]) -> None:
    for note in result.get("notes", []):
        print(_("note: {note}").format(note=note))


def _done(agent: Agent, args: argparse.Namespace, result: dict[str, Any], done: str) -> None:
    """Print DONE and the notes (nothing was done on a dry run), or the JSON."""
    def text() -> None:
        if not agent.runner.dry_run:
            print(done)
            _notes(result)
    emit(args, result, text)


def create(agent: Agent, args: argparse.Namespace) -> int:
    spec = ShareSpec(
        name=args.name, path=args.path, storage=args.storage, mode=args.mode,
        quota=parse_quota(args.quota) if args.quota is not None else None,
        comment=args.comment or "", read_only=args.read_only,
        valid_users=parse_valid_users(args.valid_users) if args.valid_users is not None else (),
        browseable=parse_bool("browseable", args.browseable), dedicated=args.dedicated,
        snapshot_policy=_parse_policy(args.snapshots) if args.snapshots else {},
        vm_memory=parse_int("vm-memory", args.vm_memory) if args.vm_memory is not None else None,
        vm_cores=parse_int("vm-cores", args.vm_cores) if args.vm_cores is not None else None,
        initial_acl=args.initial_acl)
    result = agent.create(spec)
    share = result["share"]

    def text() -> None:
        if agent.runner.dry_run:
            return
        line = (_("created share {name}: {path} ({backend}, quota {quota})") if share["quota"]
                else _("created share {name}: {path} ({backend})"))
        print(line.format(name=share["name"], path=share["path"], backend=share["backend"],
                          quota=size_or_dash(share["quota"])))
        _notes(result)
    emit(args, result, text)
    return 0


def set_(agent: Agent, args: argparse.Namespace) -> int:
    change = ShareChange(
        quota=parse_quota(args.quota) if args.quota is not None else None,
        comment=args.comment,
        read_only=parse_bool("read-only", args.read_only) if args.read_only is not None else None,
        valid_users=parse_valid_users(args.valid_users) if args.valid_users is not None else None,
        browseable=parse_bool("browseable", args.browseable)
        if args.browseable is not None else None,
        snapshot_policy=_parse_policy(args.snapshots) if args.snapshots is not None else None)
    validate_name(args.name)
    result = agent.set(args.name, change)
    emit(args, result, lambda: None if agent.runner.dry_run else
           print(_("updated share {name}").format(name=result["share"]["name"])))
    return 0


def delete(agent: Agent, args: argparse.Namespace) -> int:
    validate_name(args.name)
    result = agent.delete(args.name, args.purge, args.keep_gateway)

    def text() -> None:
        if agent.runner.dry_run:
            return
        line = (_("deleted share {name} and destroyed its volume") if result["purged"]
                else _("deleted share {name}"))
        print(line.format(name=result["share"]["name"]))
        _notes(result)
    emit(args, result, text)
    return 0


def list_(agent: Agent, args: argparse.Namespace) -> int:
    shares = agent.list_shares()
    emit(args, shares, lambda: table(
        ["NAME", "MODE", "BACKEND", "QUOTA", "PATH"],
        [[s["name"], s["mode"], s["backend"], size_or_dash(s["quota"]), s["path"]]
         for s in shares]))
    return 0


def status(agent: Agent, args: argparse.Namespace) -> int:
    validate_name(args.name)
    data = agent.status(args.name)
    if data.get("served_by"):
        emit(args, data, lambda: print(
            _("{name}: served by node {served_by}; run status there").format(name=data['name'], served_by=data['served_by'])))
        return 0

    def text() -> None:
        usage = data["usage"] or {}
        rows = [
            ("name", data["name"]), ("path", data["path"]), ("mode", data["mode"]),
            ("backend", data["backend"]), ("quota", size_or_dash(data["quota"])),
            ("used", size_or_dash(usage.get("used"), exact=False)),
            ("available", size_or_dash(usage.get("avail"), exact=False)),
            ("read only", "yes" if data["read_only"] else "no"),
            ("valid users", ", ".join(data["valid_users"]) or "(any Samba user)"),
            ("volume", "present" if data["volume_exists"] else "MISSING"),
            ("created by pvesmbgw", "yes" if data["created_volume"] else "no"),
            ("smbd", "running" if data["smbd_running"] else "NOT RUNNING"),
        ]
        gateway = data.get("gateway")
        if gateway:
            rows += [
                ("gateway", f"{'VM' if gateway['kind'] == 'vm' else 'container'} "
                            f"{gateway['vmid']} ({gateway['state']})"),
                ("address", gateway["address"] or "-"),
            ]
            if gateway.get("transport"):  # vm: virtiofs, or a disk per share
                rows.append(("transport", gateway["transport"]))
        rows += [
            ("served", "yes" if data["served"] else "NO"),
        ]
        for key, value in rows:
            print(f"{key + ':':<21}{value}")
    emit(args, data, text)
    return 0 if data["served"] else 1


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        password = line[:-1] if line.endswith("\n") else line
    elif sys.stdin.isatty():
        import getpass  # only a prompt needs it
        password = getpass.getpass(_("New SMB password: "))
        if getpass.getpass(_("Retype new SMB password: ")) != password:
            raise ValidationError("password", _("the two passwords differ"))
    else:
        raise ValidationError("password", _("no terminal to prompt on; use --password-stdin"))
    if not password:
        raise ValidationError("password", _("must not be empty"))
    if "\n" in password or "\r" in password:
        raise ValidationError("password", _("must be a single line"))
    return password


def user_add(agent: Agent, args: argparse.Namespace) -> int:
    validate_username(args.user)
    result = agent.user_add(args.user, _read_password(args))
    _done(agent, args, result, f"added Samba user {args.user}")
    return 0


def user_passwd(agent: Agent, args: argparse.Namespace) -> int:
    validate_username(args.user)
    result = agent.user_passwd(args.user, _read_password(args))
    _done(agent, args, result, f"changed the password of {args.user}")
    return 0


def user_del(agent: Agent, args: argparse.Namespace) -> int:
    validate_username(args.user)
    result = agent.user_del(args.user)
    _done(agent, args, result, f"removed Samba user {args.user}")
    return 0


def user_list(agent: Agent, args: argparse.Namespace) -> int:
    users = agent.user_list()
    emit(args, users, lambda: table(
        ["USER", "MANAGED", "UNIX ACCOUNT BY PVESMBGW"],
        [[u["user"], "yes" if u["managed"] else "no",
          "yes" if u["created_unix_account"] else "no"] for u in users]))
    return 0


def reconcile(agent: Agent, args: argparse.Namespace) -> int:
    try:
        result = agent.reconcile(args.check)
        # The CTDB cluster's files converge too (nothing happens without a cluster).
        from .cluster_commands import reconcile_into
        reconcile_into(agent, args.check, result)
    except Exception:
        if not args.check and not agent.runner.dry_run:
            from ..smb.reconcile_record import record
            record(agent.cfg.state_dir, False, 0)  # for metrics: the run failed
        raise

    def text() -> None:
        if result.get("repaired_interrupted_operation"):
            print(_("rolled back interrupted operation: {operation}").format(
                operation=result["repaired_interrupted_operation"]))
        if result.get("interrupted_operation"):
            print(_("an interrupted operation is waiting to be rolled back"))
        if not result["drift"]:
            print(_("in sync: nothing to do"))
        for item in result["drift"]:
            where = f"{item['share']}: " if item["share"] else ""
            print(_("drift: {where}{what}: {detail}").format(
                where=where, what=item["what"], detail=item["detail"]))
        if result["fixed"]:
            print(_("repaired"))
    emit(args, result, text)
    # --check exits 1 when something needs repair, and a repair run exits 1 when
    # something could not be repaired, so a timer or monitor can alert.
    if args.check:
        return 1 if result["drift"] or result.get("interrupted_operation") else 0
    failed = any(d["what"] in UNREPAIRABLE for d in result["drift"])
    if not agent.runner.dry_run:
        from ..smb.reconcile_record import record
        record(agent.cfg.state_dir, not failed, len(result["drift"]))  # for metrics
    return 1 if failed else 0


def snapshot_prune(agent: Agent, args: argparse.Namespace) -> int:
    if not args.prune_all:
        raise ValidationError("snapshot", _("give an action (create, list, rollback, delete) "
                                            "or --prune-all"))
    result = agent.prune_all()
    emit(args, result, lambda: _notes(result) if result["notes"] else
           print(_("snapshot schedules: nothing to do")))
    return 0


def snapshot_create(agent: Agent, args: argparse.Namespace) -> int:
    validate_name(args.name)
    result = agent.snapshot_create(args.name)

    def text() -> None:
        if not agent.runner.dry_run:
            print(_("created snapshot {snapshot} of {name}").format(
                snapshot=result["snapshot"], name=args.name))
            _notes(result)
    emit(args, result, text)
    return 0


def snapshot_list(agent: Agent, args: argparse.Namespace) -> int:
    validate_name(args.name)
    result = agent.snapshot_list(args.name)

    def text() -> None:
        table(["SNAPSHOT", "CREATED (UTC)", "BY"],
              [[s["name"], _utc(s["created"]), "pvesmbgw" if s["ours"] else "other tool"]
               for s in result["snapshots"]])
        print(f"schedule: {_format_policy(result['policy'])}")
        _notes(result)
    emit(args, result, text)
    return 0


def snapshot_rollback(agent: Agent, args: argparse.Namespace) -> int:
    validate_name(args.name)
    result = agent.snapshot_rollback(args.name, args.snapshot)

    def text() -> None:
        if not agent.runner.dry_run:
            print(_("rolled {name} back to {snapshot}").format(name=args.name,
                                                              snapshot=args.snapshot))
            _notes(result)
    emit(args, result, text)
    return 0


def snapshot_delete(agent: Agent, args: argparse.Namespace) -> int:
    validate_name(args.name)
    result = agent.snapshot_delete(args.name, args.snapshot)
    emit(args, result, lambda: None if agent.runner.dry_run else
           print(_("deleted snapshot {snapshot} of {name}").format(snapshot=args.snapshot,
                                                                   name=args.name)))
    return 0


def _utc(epoch: int) -> str:
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime(
        "%Y-%m-%d %H:%M:%S")


def vm_template_build(agent: Agent, args: argparse.Namespace) -> int:
    vmid = parse_int("vmid", args.vmid) if args.vmid is not None else None
    if vmid is not None and not 100 <= vmid <= 999999999:
        raise ValidationError("vmid", _("must be 100..999999999"))
    storage = validate_storage_id(args.storage) if args.storage else ""
    from ..smb.gateways.vm_template import BuildOptions
    result = agent.vm_template_build(BuildOptions(
        storage=storage, image=args.image, vmid=vmid, bridge=args.bridge,
        checksum=args.checksum, rebuild=args.rebuild))
    emit(args, result, lambda: None if agent.runner.dry_run else _notes(result))
    return 0


def vm_template_status(agent: Agent, args: argparse.Namespace) -> int:
    result = agent.vm_template_status()

    def text() -> None:
        tmpl = result["template"]
        print(f"template: VM {tmpl['vmid']} on {tmpl['node']}, built from {tmpl['image']}"
              if tmpl else _("no gateway VM template (run `pve-smbgateway vm-template build`)"))
    emit(args, result, text)
    return 0 if result["template"] else 1


def metrics(agent: Agent, args: argparse.Namespace) -> int:
    from ..smb.metrics import collect
    metrics_out(args.textfile, lambda: collect(agent.cfg, agent.runner), "pvesmbgw.prom")
    return 0


def register(app: App) -> None:
    """The share, user, snapshot, template, reconcile and metrics commands (each
    command's arguments are added only when it runs: App.command)."""
    command = app.command
    command("create", create, _("create a share and serve it"), build=_create_args)
    command("set", set_, _("change a share's settings"), build=_set_args)
    command("delete", delete, _("stop serving a share (data is kept unless --purge)"),
            build=_delete_args)
    command("list", list_, _("list shares"))
    command("status", status, _("show a share's state and usage"),
            build=_name_arg)
    command("user", None, _("manage Samba users (local accounts)"),
            build=lambda p: _user_actions(app, p))
    command("snapshot", snapshot_prune,
            _("snapshots and Previous Versions: create, list, rollback, delete; "
              "--prune-all applies every share's schedule (run by a timer)"),
            build=lambda p: _snapshot_actions(app, p))
    command("vm-template", None, _("the gateway VM template (Debian 12 cloud image + cloud-init)"),
            build=lambda p: _vm_template_actions(app, p))
    command("reconcile", reconcile,
            _("compare shares with the host and repair drift (run by a timer)"),
            build=_reconcile_args)
    command("metrics", metrics,
            _("Prometheus metrics (node_exporter textfile format; run by a timer)"),
            build=_metrics_args)


def _create_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", help=_("share name as clients see it (at most 80 characters)"))
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--path", metavar="DIR",
                       help=_("directory to share; created (as a btrfs subvolume on btrfs) when "
                              "it does not exist; must lie under allowed_roots"))
    where.add_argument("--storage", metavar="PVE_STORAGE_ID",
                       help=_("place the share in this PVE storage (dir, btrfs, zfspool, "
                              "cephfs or rbd): a volume of its own there"))
    p.add_argument("--mode", default="native", choices=["native", "lxc", "vm"],
                   help=_("where Samba runs: native (on this host), lxc (in an unprivileged "
                          "gateway container) or vm (in a gateway VM cloned from the "
                          "vm-template; virtiofs on PVE 8.4+, before: a virtual disk per share, "
                          "sized by --quota, on --storage); one gateway per node is shared by "
                          "its shares"))
    p.add_argument("--dedicated", action="store_true",
                   help=_("lxc and vm mode: give the share a gateway of its own"))
    p.add_argument("--vm-memory", metavar="MIB",
                   help=_("vm mode: memory of a new gateway VM (default vm_memory, 1024)"))
    p.add_argument("--vm-cores", metavar="N",
                   help=_("vm mode: CPU cores of a new gateway VM (default vm_cores, 1)"))
    p.add_argument("--quota", metavar="SIZE",
                   help=_("size limit, e.g. 500M, 1G, 2T (enforced by the "
                          "storage; refused on a plain directory)"))
    p.add_argument("--comment", metavar="TEXT", help=_("description shown to clients"))
    p.add_argument("--read-only", action="store_true", help=_("export read-only"))
    p.add_argument("--valid-users", metavar="LIST",
                   help=_("comma list of users and @groups allowed to connect (default: any "
                          "Samba user)"))
    p.add_argument("--browseable", default="yes", metavar="yes|no",
                   help=_("list the share in browse lists (default yes)"))
    p.add_argument("--snapshots", metavar="POLICY",
                   help=_("snapshot schedule and retention, e.g. hourly=24,daily=7,weekly=4 "
                          "(applied by the pvesmbgw-snapshot timer)"))
    p.add_argument("--initial-acl", default="default", metavar="default|none",
                   help=_("on a domain member (host or gateway): default gives a new volume "
                          "an inheritable Windows ACL, Modify for each --valid-users user and "
                          "group, Full control for Domain Admins; none sets no ACL. An "
                          "existing directory keeps its permissions; elsewhere it does "
                          "nothing"))


def _name_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("name")


def _set_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("name")
    p.add_argument("--quota", metavar="SIZE")
    p.add_argument("--comment", metavar="TEXT")
    p.add_argument("--read-only", metavar="yes|no")
    p.add_argument("--valid-users", metavar="LIST")
    p.add_argument("--browseable", metavar="yes|no")
    p.add_argument("--snapshots", metavar="POLICY", help=_("new schedule, or 'none'"))


def _delete_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("name")
    p.add_argument("--purge", action="store_true",
                   help=_("also destroy the volume, only if pvesmbgw created it"))
    p.add_argument("--keep-gateway", action="store_true",
                   help=_("lxc and vm mode: keep the gateway guest even when its last share goes"))


def _user_actions(app: App, p: argparse.ArgumentParser) -> None:
    command = app.command
    users = app.actions(p, "user_command")
    for action, handler, help in (
            ("add", user_add, _("add a Samba user (and a Unix service account)")),
            ("passwd", user_passwd, _("change a Samba user's password"))):
        up = command(action, handler, help, users)
        up.add_argument("user")
        up.add_argument("--password-stdin", action="store_true",
                        help=_("read the password from the first line of stdin, not a prompt"))
    up = command("del", user_del, _("remove a Samba user pvesmbgw added"), users)
    up.add_argument("user")
    command("list", user_list, _("list Samba users"), users)


def _snapshot_actions(app: App, p: argparse.ArgumentParser) -> None:
    command = app.command
    p.add_argument("--prune-all", action="store_true",
                   help=_("take the snapshots schedules want and delete expired ones"))
    snaps = app.actions(p, "snapshot_command", required=False)
    for action, handler, help, with_snap in (
            ("create", snapshot_create, _("snapshot a share now (@GMT-… name, UTC)"),
             False),
            ("list", snapshot_list, _("list a share's snapshots"), False),
            ("rollback", snapshot_rollback,
             _("restore a share from a snapshot (the current state is snapshotted first)"), True),
            ("delete", snapshot_delete, _("delete a snapshot pvesmbgw made"), True)):
        sp = command(action, handler, help, snaps)
        sp.add_argument("name", help=_("share"))
        if with_snap:
            sp.add_argument("snapshot", help=_("snapshot name, as `snapshot list` shows it"))


def _vm_template_actions(app: App, p: argparse.ArgumentParser) -> None:
    command = app.command
    vmt = app.actions(p, "vm_template_command")
    bp = command("build", vm_template_build,
                 _("build the template once (a second build reports the existing one)"), vmt)
    bp.add_argument("--storage", metavar="ID", default="",
                    help=_("storage for the template's disk (default: first with images)"))
    bp.add_argument("--image", metavar="FILE|URL", default="",
                    help=_("Debian 12 generic cloud image (default: vm_image from the config)"))
    bp.add_argument("--vmid", help=_("VMID of the template (default: next free)"))
    bp.add_argument("--bridge", default="", help=_("bridge of its network card"))
    bp.add_argument("--checksum", default="", metavar="sha256:HEX|sha512:HEX",
                    help=_("verify the image before it is imported"))
    bp.add_argument("--rebuild", action="store_true",
                    help=_("build a new template, then destroy the old one"))
    command("status", vm_template_status, _("show the template"), vmt)


def _reconcile_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--check", action="store_true",
                   help=_("report drift only; exit 1 when something needs repair"))


def _metrics_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--textfile", metavar="PATH",
                   help=_("write them to PATH atomically (e.g. "
                          "/var/lib/prometheus/node-exporter/pvesmbgw.prom) instead of stdout"))
