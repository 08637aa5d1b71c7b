"""`pve-smbgateway cluster ...`: the CTDB cluster with floating IPs.

The cluster modules are imported inside the handlers, for start-up cost (see
ad_commands.py)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from .app import App
from .output import emit_json, table
from ..core.i18n import _

if TYPE_CHECKING:
    from ..smb.agent import Agent
    from ..smb.cluster.manager import ClusterManager

def _manager(agent: "Agent") -> "ClusterManager":
    from ..smb.cluster.manager import ClusterManager  # keeps CLI start-up lean
    return ClusterManager(agent.cfg, agent.runner, agent.ops.run, locked=agent.ops.locked)


def _emit(agent: "Agent", args: argparse.Namespace, result: dict[str, Any], done: str) -> int:
    if args.output_format != "text":
        emit_json(result, args.output_format)
    elif not agent.runner.dry_run:
        print(done)
        for note in result.get("notes", []):
            print(_("note: {note}").format(note=note))
    return 0


def init(agent: "Agent", args: argparse.Namespace) -> int:
    result = _manager(agent).init(args.nodes, args.vip, args.interface, args.lock,
                                  args.lock_helper)
    nodes = len(result["cluster"]["nodes"])
    return _emit(agent, args, result, _("cluster set up: {nodes} node(s), VIP {vip}").format(nodes=nodes, vip=args.vip))


def add_node(agent: "Agent", args: argparse.Namespace) -> int:
    result = _manager(agent).add_node(args.address)
    return _emit(agent, args, result, _("added node {address} (pnn {pnn})").format(address=args.address, pnn=result['pnn']))


def remove_node(agent: "Agent", args: argparse.Namespace) -> int:
    result = _manager(agent).remove_node(args.address, args.force)
    return _emit(agent, args, result, _("removed node {address} (pnn {pnn} "
                 "is kept as a comment)").format(address=args.address, pnn=result['pnn']))


def vip_add(agent: "Agent", args: argparse.Namespace) -> int:
    result = _manager(agent).vip_add(args.vip, args.interface)
    return _emit(agent, args, result, _("added VIP {vip} on {interface}").format(vip=args.vip, interface=args.interface))


def vip_del(agent: "Agent", args: argparse.Namespace) -> int:
    result = _manager(agent).vip_del(args.vip)
    return _emit(agent, args, result, _("removed VIP {vip}").format(vip=args.vip))


def shared_path_add(agent: "Agent", args: argparse.Namespace) -> int:
    result = _manager(agent).shared_path_add(args.path)
    return _emit(agent, args, result, _("declared {path} shared storage of the cluster").format(path=args.path))


def shared_path_del(agent: "Agent", args: argparse.Namespace) -> int:
    result = _manager(agent).shared_path_del(args.path)
    return _emit(agent, args, result, _("{path} is no longer declared shared").format(path=args.path))


def reconcile(agent: "Agent", args: argparse.Namespace) -> int:
    result = _manager(agent).reconcile(args.check)
    if args.output_format != "text":
        emit_json(result, args.output_format)
    elif not result["configured"]:
        print(_("no cluster is set up: nothing to do"))
    else:
        for item in result["drift"]:
            print(f"drift: {item['what']}: {item['detail']}")
        if not result["drift"]:
            print(_("in sync: nothing to do"))
        for note in result["notes"]:
            print(_("note: {note}").format(note=note))
    if args.check:
        return 1 if result["drift"] else 0
    # A reload that waits for the other nodes is not a failure: this node's files are
    # written (the note says what is pending, and --check still reports it).
    return 0


def reconcile_into(agent: "Agent", check: bool, result: dict[str, Any]) -> None:
    """Add the cluster's drift (and repair) to the result of the top-level `reconcile`."""
    found = _manager(agent).reconcile(check)
    if not found["configured"]:
        return
    result["drift"] = list(result["drift"]) + [
        {"share": "", "what": f"cluster_{d['what']}", "detail": d["detail"]}
        for d in found["drift"]]
    result["fixed"] = bool(result.get("fixed")) or bool(found["fixed"])


def status(agent: "Agent", args: argparse.Namespace) -> int:
    data = _manager(agent).status()
    if args.output_format != "text":
        emit_json(data, args.output_format)
    else:
        if not data["ctdbd_running"]:
            print(_("ctdbd is NOT RUNNING on this node"))
        table(["PNN", "ADDRESS", "STATE", "LEADER"],
              [[str(n["pnn"]), n["address"], n["state"], "yes" if n["leader"] else ""]
               for n in data["nodes"]])
        print()
        table(["VIP", "INTERFACE", "HOSTED BY"],
              [[v["vip"], v["interface"],
                f"{v['node']} (pnn {v['pnn']})" if v["pnn"] is not None else "NOBODY"]
               for v in data["vips"]])
        print(f"\ncluster lock: {data['lock']}")
        if data["ha"]:
            print()
            table(["GUEST", "NODE", "HA STATE"], [[r["sid"], r["node"] or "-", r["state"]]
                                                  for r in data["ha"]])
    return 0 if data["healthy"] else 1


def ha_enable(agent: "Agent", args: argparse.Namespace) -> int:
    from ..smb.cluster.ha import HaRegistration
    result = HaRegistration(agent.cfg, agent.runner, agent.ops.run,
                            locked=agent.ops.locked).enable(args.nodes, args.share or ())
    done = (_("registered with PVE HA: {guests}").format(guests=', '.join(result['registered']))
            if result["registered"] else _("every gateway guest is already HA managed"))
    return _emit(agent, args, result, done)


def ha_status(agent: "Agent", args: argparse.Namespace) -> int:
    from ..smb.cluster.ha import HaRegistration
    rows = HaRegistration(agent.cfg, agent.runner, agent.txn.run).status()
    if args.output_format != "text":
        emit_json(rows, args.output_format)
    else:
        table(["GUEST", "NODE", "HA STATE"], [[r["sid"], r["node"] or "-", r["state"]]
                                              for r in rows])
    return 0 if all(r["node"] for r in rows) else 1


def register(app: App) -> None:
    """`cluster ...`: the CTDB cluster and PVE HA of the gateway guests (their arguments
    only when `cluster` runs)."""
    app.command("cluster", None, _("high availability: a CTDB cluster with floating IPs"),
                build=lambda p: _cluster_actions(app, p))


def _cluster_actions(app: App, p: argparse.ArgumentParser) -> None:
    command = app.command
    actions = app.actions(p, "cluster_command")
    a = command("init", init, _("set up the cluster (once, on one of the nodes)"), actions)
    a.add_argument("--nodes", required=True, metavar="IP1,IP2,...",
                   help=_("the nodes' private addresses (CTDB traffic), comma separated"))
    a.add_argument("--vip", required=True, metavar="ADDR/PREFIX", help=_("a floating address"))
    a.add_argument("--interface", required=True, metavar="IF",
                   help=_("interface the VIP is raised on (the same name on every node)"))
    lock = a.add_mutually_exclusive_group(required=True)
    lock.add_argument("--lock", metavar="PATH",
                      help=_("cluster lock file on storage every node mounts (e.g. CephFS)"))
    lock.add_argument("--lock-helper", metavar="CMD",
                      help=_("cluster lock helper command, e.g. "
                             "'/usr/libexec/ctdb/ctdb_mutex_ceph_rados_helper ceph "
                             "client.admin POOL OBJECT'"))
    a = command("add-node", add_node, _("add a node (or bring a removed one back)"), actions)
    a.add_argument("address")
    a = command("remove-node", remove_node, _("remove a node whose ctdbd is stopped"), actions)
    a.add_argument("address")
    a.add_argument("--force", action="store_true",
                   help=_("remove it although no running ctdbd can confirm that it is stopped "
                          "(only for a node you know is down)"))
    command("status", status, _("node health, who holds each VIP"), actions)
    a = command("reconcile", reconcile,
                _("render this node's CTDB files from the cluster state and reload ctdb"),
                actions)
    a.add_argument("--check", action="store_true", help=_("report drift only"))
    v = command("vip", None, _("floating addresses"), actions)
    vips = app.actions(v, "vip_command")
    a = command("add", vip_add, _("add a floating address"), vips)
    a.add_argument("vip", metavar="ADDR/PREFIX")
    a.add_argument("--interface", required=True, metavar="IF")
    a = command("del", vip_del, _("remove a floating address"), vips)
    a.add_argument("vip", metavar="ADDR")
    sp = command("shared-path", None, _("directories every node mounts (a network or clustered "
                                        "file system): native shares there are served by every "
                                        "node"),
                 actions)
    paths = app.actions(sp, "shared_path_command")
    a = command("add", shared_path_add, _("declare a directory shared storage"), paths)
    a.add_argument("path", metavar="DIR")
    a = command("del", shared_path_del, _("withdraw a declaration (refused while a "
                                          "clustered share lies under it)"), paths)
    a.add_argument("path", metavar="DIR")
    h = command("ha", None, _("PVE HA for the gateway guests"), actions)
    has = app.actions(h, "ha_command")
    a = command("enable", ha_enable, _("make the gateway guests HA resources, kept on NODES (an "
                                       "HA group on PVE 8, a node-affinity rule on PVE 9)"), has)
    a.add_argument("--nodes", required=True, metavar="NODE[:PRIO],...",
                   help=_("PVE node names the guests may run on"))
    a.add_argument("--share", action="append", metavar="NAME",
                   help=_("only the guest serving this share (repeatable; default: every "
                          "gateway guest)"))
    command("status", ha_status, _("the PVE HA state of each gateway guest"), has)
