"""pve-svc's commands: parse arguments, call the ServiceManager, print text or JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional

from ...core.errors import EXIT_BAD_INPUT, ValidationError
from ...core.units import format_size
from ...core.i18n import _
from ..app import App
from . import secret_commands, trial_command
from ..output import emit, emit_json, metrics_out, table

if TYPE_CHECKING:  # imported by main when the command runs
    from ...svc.service import ServiceManager


def _notes(result: dict[str, Any]) -> None:
    if result.get("repaired"):
        print(_("note: first rolled back an interrupted operation: {repaired}").format(repaired=result['repaired']))
    for note in result.get("notes", []):
        print(_("note: {note}").format(note=note))


def _done(mgr: ServiceManager, args: argparse.Namespace, result: dict[str, Any],
          line: Callable[[], str]) -> None:
    """Print LINE() and the notes (nothing was done on a dry run), or the JSON."""
    def text() -> None:
        if not mgr.runner.dry_run:
            print(line())
            _notes(result)
    emit(args, result, text)


def _port(ref: Any) -> str:
    """A template's port: a number, or the parameter it comes from."""
    from ...svc.model import port_ref_name
    name = port_ref_name(ref) if isinstance(ref, str) else None
    return f"<{name}>" if name else str(ref)


def _value(kind: str, value: Any) -> str:
    if kind == "size" and isinstance(value, int):
        return format_size(value)
    if kind == "bool":
        return "yes" if value else "no"
    return str(value)


def _source(t: Any) -> str:
    src = t.source
    if src.pveam or src.oci:
        return f"pveam {src.pveam}" if src.pveam else f"oci {src.oci}"
    what = f"installer ISO {src.iso}" if src.iso else f"disk image {src.image}"
    return f"{what} ({src.checksum or 'checksum from ' + src.checksum_url + ' at install'})"


def _mib(value: int) -> str:
    return f"{value} MiB" if value < 1024 or value % 1024 else f"{value // 1024} GiB"


def search(mgr: "ServiceManager", args: argparse.Namespace) -> int:
    from ...svc import catalog
    found = catalog.search(mgr.cfg, args.term or "")
    emit(args, found, lambda: table(
        ["ID", "REPO", "VERSION", "CATEGORY", "TYPE", "HA", "NAME"],
        [[t["id"], t["repo"], t["version"], t["category"], t["type"], t["ha"], t["name"]]
         for t in found]))
    return 0


def show(mgr: "ServiceManager", args: argparse.Namespace) -> int:
    from ...svc import catalog
    t = catalog.get(mgr.cfg, args.id)

    def text() -> None:
        app = f" (app {t.app_version})" if t.app_version else ""
        rows = [("id", t.id), ("repository", t.repo or "builtin"), ("name", t.name),
                ("version", t.version + app),
                ("category", t.category), ("type", t.type + (" (legacy)" if t.legacy else "")),
                ("homepage", t.homepage), ("license", t.license),
                ("maintainers", ", ".join(t.maintainers)),
                ("source", _source(t)),
                ("resources", f"{t.cores} cores, {_mib(t.memory)} memory, {t.disk} GiB disk"),
                ("ha", t.ha), ("packages", ", ".join(t.packages) or "-"),
                ("ports", ", ".join(f"{_port(p.port)}/{p.protocol} ({p.name})"
                                    for p in t.ports) or "-")]
        for key, value in rows:
            print(f"{key + ':':<13}{value}")
        print(f"\n{t.description}")
        if t.parameters:
            print("\nparameters (--param NAME=VALUE):")
            for p in t.parameters:
                default = "" if p.default is None else f" [default {_value(p.type, p.default)}]"
                if p.type == "secret":
                    default = f" [generated: {p.length} characters, {p.alphabet}]"
                need = " (required)" if p.required else ""
                cond = "".join(f" (only if {a} {op} {v})" for a, op, v in p.show_if)
                print(f"  {p.name:<16}{p.type:<9}{p.description}{default}{need}{cond}")
        if t.volumes:
            print("\ndata volumes (--dataset [VOLUME=]DATASET binds an existing one):")
            for v in t.volumes:
                size = format_size(v.size) if v.size else (f"from --param {v.size_from}"
                                                           if v.size_from else "no limit")
                print(f"  {v.name:<16}{v.mount}  {size}  owner {v.uid}:{v.gid}")
        if t.disks:
            print("\ndisks of the VM: blank ones go with it (uninstall needs --purge); "
                  "--disk NAME=DEVICE|STORAGE:VOLUME\npasses an existing one through instead, "
                  "which uninstall detaches and never frees:")
            for d in t.disks:
                print(f"  {d.name:<16}{format_size(d.size)}  {d.bus}, serial pvesvc-{d.name}")
        if t.manual:
            print("\nmanual install (pve-svc creates and starts the VM; then, in its console):")
            for number, line in enumerate(t.manual_steps, 1):
                print(f"  {number}. {line}")
        if t.postinstall:
            print("\npost-install steps (run in the guest only):")
            for s in t.postinstall:
                rerun = f" (re-run when {', '.join(s.rerun_on_rotate)} is rotated)" \
                    if s.rerun_on_rotate else ""
                print(f"  {s.name}{rerun}")
    emit(args, t.to_json(), text)
    return 0


def install(mgr: "ServiceManager", args: argparse.Namespace) -> int:
    from ...svc import catalog, params, passthrough
    from ...svc.planner import InstallRequest, parse_datasets
    t = catalog.get(mgr.cfg, args.id)
    ha = None
    if args.ha is not None:
        ha = {"yes": True, "no": False}.get(args.ha)
        if ha is None:
            raise ValidationError("ha", _("must be yes or no"))
    req = InstallRequest(
        template=t, name=args.name or t.id, params=params.parse_assignments(args.param or []),
        datasets=parse_datasets(args.dataset or [], t),
        disks=passthrough.parse(args.disk or [], t), storage=args.storage, node=args.node,
        vmid=_vmid(args.vmid), ha=ha, image=args.image or args.iso or "",
        checksum=args.checksum or "", secrets=secret_commands.parse_given(args.secret or []))
    if args.image and args.iso:
        raise ValidationError("image", _("give --image or --iso, not both"))
    if (args.image and t.source.iso) or (args.iso and t.source.image):
        raise ValidationError("image", (_("{id} installs from an ISO: use --iso")
                                        if t.source.iso else
                                        _("{id} installs from an image: use --image"))
                              .format(id=t.id))
    if args.checksum and not req.image and (t.type != "vm" or t.source.checksum):
        raise ValidationError("checksum", _("--checksum goes with --image or --iso (or a "
                                            "template whose checksum is not pinned)"))
    result = mgr.install(req)
    inst = result["instance"]

    def text() -> None:
        if mgr.runner.dry_run:
            return
        noun = "VM" if inst["kind"] == "vm" else "CT"
        if inst["install_state"] != "installed":
            print(_("created {noun} {vmid} on {node} for {id} {version} "
                  "as {name}: {install_state}").format(noun=noun, vmid=inst['vmid'], node=inst['node'], id=t.id, version=t.version, name=inst['name'], install_state=inst['install_state']))
        else:
            print(_("installed {id} {version} as {name}: {noun} {vmid} "
                  "on {node}").format(id=t.id, version=t.version, name=inst['name'], noun=noun, vmid=inst['vmid'], node=inst['node']))
        _notes(result)
    emit(args, result, text)
    return 0


def list_(mgr: "ServiceManager", args: argparse.Namespace) -> int:
    rows = mgr.instances()
    kept = mgr.kept()
    if args.output_format != "text":
        emit_json({"instances": rows, "kept": kept}, args.output_format)
        return 0
    table(["NAME", "TEMPLATE", "VERSION", "VMID", "NODE", "HA", "VOLUMES"],
          [[r["name"], r["template"], r["version"], str(r["vmid"]), r["node"],
            "yes" if r["ha"] else "no", ", ".join(v["path"] for v in r["volumes"]) or "-"]
           for r in rows])
    for k in kept:
        if k["volumes"]:
            print(_("note: {instance} was uninstalled; its data is kept in {paths}").format(
                instance=k['instance'], paths=", ".join(v["path"] for v in k["volumes"])))
        if k["secrets"]:
            print(_("note: {instance} was uninstalled; its secrets are kept "
                  "({secrets}): `pve-svc secret list {instance}`").format(instance=k['instance'], secrets=', '.join(k['secrets'])))
    return 0


def status(mgr: "ServiceManager", args: argparse.Namespace) -> int:
    data = mgr.status(args.instance)

    def text() -> None:
        rows = [("name", data["name"]), ("template", f"{data['template']} {data['version']}"),
                ("vm" if data["kind"] == "vm" else "container",
                 f"{data['vmid']} on {data['node']} ({data['state']})"),
                ("install", data.get("install_state", "installed")),
                ("address", data.get("address") or "-"),
                ("health", "ok" if data.get("healthy") else
                 f"FAILING: {data.get('health_problem')}"),
                ("ha", ("yes" + (f" ({data['ha_state']})" if data.get("ha_state") else
                                 " (not managed by PVE's HA now)")) if data["ha"] else "no")]
        for key, value in rows:
            print(f"{key + ':':<11}{value}")
        for v in data.get("volumes", []):
            used = format_size(v["used"]) if v.get("used") is not None else "-"
            print(f"{'volume:':<11}{v['name']} {v['path']} -> {v['mount']} "
                  f"({'present' if v['present'] else 'MISSING'}, used {used})")
        for sh in data.get("shares", []):
            print(f"{'share:':<11}{sh['name']} (volume {sh['volume']}, {sh['mode']})")
        for item in data.get("passed", []):
            key, _eq, source = item.partition("=")
            print(f"{'disk:':<11}{key} {source} (passed through)")
        if data.get("upgrades"):  # the newest: what `rollback` undoes first
            up = data["upgrades"][-1]
            print(f"{'upgrade:':<11}{up['from']} -> {up['to']} (snapshot {up['snapshot']}; "
                  f"`pve-svc rollback` returns to {up['from']})")
    emit(args, data, text)
    return 0 if data.get("healthy") else 1


def uninstall(mgr: "ServiceManager", args: argparse.Namespace) -> int:
    from ...svc.planner import validate_instance_name
    validate_instance_name(args.instance)
    if args.with_shares:
        from .shares import ServiceShares
        result = ServiceShares(mgr).uninstall(args.instance, args.purge)
    else:
        result = mgr.uninstall(args.instance, args.purge)
    _done(mgr, args, result, lambda: (
        _("uninstalled {instance}").format(instance=args.instance)
        + (_(" and destroyed its data") if args.purge else "")
        + (_("; deleted its shares {shares}").format(shares=', '.join(result['shares']))
           if result.get("shares") else "")))
    return 0


def upgrade(mgr: ServiceManager, args: argparse.Namespace) -> int:
    from ...svc.planner import validate_instance_name
    validate_instance_name(args.instance)
    if args.to is not None:
        from ...svc.versions import key
        try:
            key(args.to)
        except ValueError:
            raise ValidationError("to", _("not a template version (1.2.3 or 1.2.3-rc.1): "
                                          "{version}").format(version=repr(args.to))) from None
    result = mgr.upgrade(args.instance, args.to, args.without_data_snapshot)
    _done(mgr, args, result, lambda: (
        _("upgraded {instance} from {from_} to {version} (snapshot {snapshot})").format(
            instance=args.instance, from_=result['from'], version=result['version'],
            snapshot=result['snapshot']) if result.get("upgraded") else
        _("{instance}: nothing to upgrade").format(instance=args.instance)))
    return 0


def rollback(mgr: ServiceManager, args: argparse.Namespace) -> int:
    from ...svc.planner import validate_instance_name
    validate_instance_name(args.instance)
    result = mgr.rollback(args.instance)
    _done(mgr, args, result, lambda: (
        _("rolled {instance} back from {from_} to {version} (snapshot {snapshot})").format(
            instance=args.instance, from_=result['from'], version=result['version'],
            snapshot=result['snapshot'])))
    return 0


def share(mgr: ServiceManager, args: argparse.Namespace) -> int:
    from ...smb.model import parse_valid_users, validate_name
    from ...svc.planner import validate_instance_name
    from .shares import ServiceShares
    validate_instance_name(args.instance)
    validate_name(args.name)
    users = parse_valid_users(args.valid_users) if args.valid_users is not None else ()
    result = ServiceShares(mgr).share(args.instance, args.volume, args.name, users,
                                      args.read_only)
    made = result["share"]
    svc = made["service"]
    _done(mgr, args, result, lambda: (
        _("shared volume {volume} of {instance} as {name} ({mode}): {path}, clients act as "
          "{force_user}:{force_group}").format(
            volume=svc['volume'], instance=svc['instance'], name=made['name'],
            mode=made['mode'], path=made['path'], force_user=svc['force_user'],
            force_group=svc['force_group'])))
    return 0


def unshare(mgr: ServiceManager, args: argparse.Namespace) -> int:
    from ...smb.model import validate_name
    from ...svc.planner import validate_instance_name
    from .shares import ServiceShares
    validate_instance_name(args.instance)
    validate_name(args.share)
    result = ServiceShares(mgr).unshare(args.instance, args.share)
    _done(mgr, args, result,
          lambda: _("stopped sharing {share} of {instance}").format(
              share=result['share']['name'], instance=args.instance))
    return 0


def lint(mgr: Any, args: argparse.Namespace) -> int:
    from ...svc.template import lint as lint_file
    problems = [p for f in args.files for p in lint_file(Path(f))]
    if args.output_format != "text":
        emit_json({"problems": [{"file": p.file, "line": p.line, "field": p.field,
                                 "message": p.message} for p in problems]}, args.output_format)
    else:
        for p in problems:
            print(p, file=sys.stderr)
        if not problems:
            print(_("{count} template(s): no problems").format(count=len(args.files)))
    return EXIT_BAD_INPUT if problems else 0


def metrics(mgr: ServiceManager, args: argparse.Namespace) -> int:
    from ...svc.metrics import collect
    metrics_out(args.textfile, lambda: collect(mgr.cfg, mgr.runner), "pvesvc.prom")
    return 0


def _no_context(args: argparse.Namespace, report: Callable[[str], None]) -> None:
    return None


def _positional(dest: str, metavar: str, nargs: Any = None
                ) -> Callable[[argparse.ArgumentParser], None]:
    def build(p: argparse.ArgumentParser) -> None:
        p.add_argument(dest, metavar=metavar, nargs=nargs)
    return build


def register(app: App) -> None:
    app.command("search", search, _("list the service templates (matching TERM)"),
                build=_positional("term", "TERM", nargs="?"))
    app.command("show", show, _("show a template: what it installs, its parameters"),
                build=_positional("id", "ID|REPO/ID"))

    def install_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("id", metavar="ID|REPO/ID", help=_("the template (see search; REPO/ID "
                                                          "when several repositories have ID)"))
        p.add_argument("--param", action="append", metavar="NAME=VALUE",
                       help=_("a template parameter (repeatable; see show ID)"))
        p.add_argument("--secret", action="append", metavar="NAME=-|NAME=@FILE",
                       help=_("a secret parameter's value from one line of stdin (-) or "
                              "from FILE (only its owner may read it), never from argv; "
                              "default: generated (repeatable)"))
        p.add_argument("--dataset", action="append", metavar="[VOLUME=]DATASET",
                       help=_("bind an existing ZFS dataset or directory/subvolume path as "
                              "the data volume (snapshotted first, never destroyed)"))
        p.add_argument("--disk", action="append", metavar="NAME=DEVICE|STORAGE:VOLUME",
                       help=_("a vm template's disk NAME is this existing block device "
                              "(/dev/zvol/..., /dev/rbd/..., /dev/disk/by-id/...) or PVE volume "
                              "instead of a new blank one: attached, detached on uninstall, never "
                              "freed; it must be unused and at least the disk's size (repeatable)"))
        p.add_argument("--storage", metavar="STORAGE",
                       help=_("PVE storage for new data volumes (default: svc_storage)"))
        p.add_argument("--node", metavar="NODE", help=_("the node (this one)"))
        p.add_argument("--vmid", metavar="N", help=_("VMID of the guest (default: next free)"))
        p.add_argument("--image", metavar="FILE|URL",
                       help=_("vm templates: this disk image instead of the template's "
                              "(needs --checksum)"))
        p.add_argument("--iso", metavar="FILE|URL",
                       help=_("installer-ISO templates: this ISO instead of the template's "
                              "(needs --checksum)"))
        p.add_argument("--checksum", metavar="sha256:HEX|sha512:HEX",
                       help=_("the digest --image or --iso is verified against before use"))
        p.add_argument("--ha", metavar="yes|no", help=_("make it a PVE HA resource "
                                                        "(default: the template's HA profile)"))
        p.add_argument("--name", metavar="INSTANCE", help=_("instance name (default: the ID)"))
    app.command("install", install, _("install a service from a template"), build=install_args)
    app.command("list", list_, _("list the installed service instances"))
    app.command("status", status, _("show an instance: guest, address, health, volumes"),
                build=_positional("instance", "INSTANCE"))

    def uninstall_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("instance", metavar="INSTANCE")
        p.add_argument("--purge", action="store_true",
                       help=_("also destroy the data volumes pve-svc created (bound "
                              "datasets are never destroyed)"))
        p.add_argument("--with-shares", action="store_true",
                       help=_("also delete the SMB shares of its volumes (without it, "
                              "they refuse the uninstall)"))
    app.command("uninstall", uninstall, _("remove an instance (data kept unless --purge)"),
                build=uninstall_args)

    def upgrade_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("instance", metavar="INSTANCE")
        p.add_argument("--to", metavar="VERSION",
                       help=_("the version expected (refused unless the index has it)"))
        p.add_argument("--without-data-snapshot", action="store_true",
                       help=_("upgrade even where a data volume cannot be snapshotted (a "
                              "plain directory): a rollback then returns the guest only"))
    app.command("upgrade", upgrade, _("upgrade an instance to its template's newer version: "
                                      "snapshots first, rolled back on a failed step or health "
                                      "check"),
                build=upgrade_args)
    app.command("rollback", rollback, _("return an instance to the guest, data and version before "
                                        "its last upgrade"),
                build=_positional("instance", "INSTANCE"))

    def share_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("instance", metavar="INSTANCE")
        p.add_argument("volume", metavar="VOLUME", help=_("the data volume (status lists them)"))
        p.add_argument("--name", metavar="SHARE", required=True,
                       help=_("share name as clients see it"))
        p.add_argument("--valid-users", metavar="LIST",
                       help=_("comma list of users and @groups allowed to connect (default: "
                              "any Samba user)"))
        p.add_argument("--read-only", action="store_true", help=_("export read-only"))
    app.command("share", share, _("serve a data volume over SMB (natively or by the gateway "
                                  "container, svc_share_mode); clients act as the service's user"),
                build=share_args)

    def unshare_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("instance", metavar="INSTANCE")
        p.add_argument("share", metavar="SHARE")
    app.command("unshare", unshare, _("stop serving a share of a data volume (the data stays)"),
                build=unshare_args)
    def metrics_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--textfile", metavar="PATH",
                       help=_("write them to PATH atomically (e.g. /var/lib/prometheus/"
                              "node-exporter/pvesvc.prom) instead of stdout"))
    app.command("metrics", metrics, _("Prometheus metrics of this node's instances (node_exporter "
                                      "textfile format; run by a timer)"), build=metrics_args)
    app.command("lint", lint, _("check template files: one line per problem, exit 2 on any"),
                build=_positional("files", "FILE", nargs="+"))
    trial_command.register(app)
    secret_commands.register(app)


def _vmid(text: Optional[str]) -> Optional[int]:
    from ...core.units import parse_int
    if text is None:
        return None
    vmid = parse_int("vmid", text)
    if not 100 <= vmid <= 999999999:
        raise ValidationError("vmid", _("must be 100 to 999999999, got {vmid}").format(vmid=vmid))
    return vmid
