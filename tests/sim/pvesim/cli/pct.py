"""pct: the Proxmox container toolkit (pve-container src/PVE/CLI/pct.pm), simulated."""

from __future__ import annotations

import re
import sys
from typing import Dict, List, Optional, Tuple

from . import cliparse
from .. import faults
from ..ops import lxc
from ..backends.base import get_backend
from .common import Ctx, run_task, tool_main, unknown_command
from ..util import PveError, TaskFailed, param_exc, perl_num

VMID = {"type": "integer", "format": "pve-vmid", "minimum": 100, "maximum": 999999999}

API = {
    "list": ("/nodes/{node}/lxc", "GET", []),
    "config": ("/nodes/{node}/lxc/{vmid}/config", "GET", ["vmid"]),
    "pending": ("/nodes/{node}/lxc/{vmid}/pending", "GET", ["vmid"]),
    "set": ("/nodes/{node}/lxc/{vmid}/config", "PUT", ["vmid"]),
    "create": ("/nodes/{node}/lxc", "POST", ["vmid", "ostemplate"]),
    "start": ("/nodes/{node}/lxc/{vmid}/status/start", "POST", ["vmid"]),
    "stop": ("/nodes/{node}/lxc/{vmid}/status/stop", "POST", ["vmid"]),
    "shutdown": ("/nodes/{node}/lxc/{vmid}/status/shutdown", "POST", ["vmid"]),
    "reboot": ("/nodes/{node}/lxc/{vmid}/status/reboot", "POST", ["vmid"]),
    "destroy": ("/nodes/{node}/lxc/{vmid}", "DELETE", ["vmid"]),
    "snapshot": ("/nodes/{node}/lxc/{vmid}/snapshot", "POST", ["vmid", "snapname"]),
    "delsnapshot": ("/nodes/{node}/lxc/{vmid}/snapshot/{snapname}", "DELETE", ["vmid", "snapname"]),
    "listsnapshot": ("/nodes/{node}/lxc/{vmid}/snapshot", "GET", ["vmid"]),
    "rollback": ("/nodes/{node}/lxc/{vmid}/snapshot/{snapname}/rollback", "POST", ["vmid", "snapname"]),
}

CLI_ONLY = {
    "status": ({"vmid": VMID, "verbose": {"type": "boolean", "optional": 1}}, ["vmid"]),
    "exec": ({"vmid": VMID, "keep-env": {"type": "boolean", "optional": 1, "default": 1},
              "extra-args": {"type": "array", "optional": 1, "items": {"type": "string"}}},
             ["vmid", "extra-args"]),
    "push": ({"vmid": VMID, "file": {"type": "string"}, "destination": {"type": "string"},
              "user": {"type": "string", "optional": 1}, "group": {"type": "string", "optional": 1},
              "perms": {"type": "string", "optional": 1}}, ["vmid", "file", "destination"]),
    "pull": ({"vmid": VMID, "path": {"type": "string"}, "destination": {"type": "string"},
              "user": {"type": "string", "optional": 1}, "group": {"type": "string", "optional": 1},
              "perms": {"type": "string", "optional": 1}}, ["vmid", "path", "destination"]),
}

PCT_PM = "/usr/share/perl5/PVE/CLI/pct.pm"


def spec(ctx: Ctx, cmd: str) -> Tuple[Dict[str, dict], List[str], Dict[str, str]]:
    if cmd in API:
        path, method, args = API[cmd]
        info = cliparse.method_info(ctx.st.pve_version, path, method)
        props = cliparse.expand_props(info["parameters"])
        return props, args, {"node": ctx.st.node}
    props, args = CLI_ONLY[cmd]
    return dict(props), args, {}


def parse(ctx: Ctx, cmd: str, args: List[str]) -> dict:
    props, arg_param, fixed = spec(ctx, cmd)
    usage = cliparse.Usage(f"pct {cmd}", arg_param, props, fixed)
    interactive = ["password"] if cmd == "create" else []
    params = cliparse.get_options(props, args, arg_param, fixed, interactive, usage)
    if cmd == "create":
        if "password" in params and params["password"] == "":
            line = sys.stdin.readline() if not sys.stdin.isatty() else ""
            params["password"] = line.rstrip("\n")
        if params.get("ssh-public-keys") is not None:
            fn = params["ssh-public-keys"]
            try:
                with open(fn) as fh:
                    params["ssh-public-keys"] = fh.read()
            except OSError as exc:
                raise PveError(f"unable to open file '{fn}' - {exc.strerror}\n")
    cliparse.validate(params, props, usage)
    params["__usage"] = usage
    return params


def fault(ctx: Ctx, cmd: str, args: List[str]) -> int:
    vmid = next((a for a in args if a.isdigit()), "100")
    if cmd == "create":
        ctx.err(f"unable to create CT {vmid} - lvcreate 'pve/vm-{vmid}-disk-0' error:   Volume group "
                f"\"pve\" has insufficient free space (0 extents): 2048 required.\n")
        return 255
    if cmd in ("set", "destroy", "snapshot", "delsnapshot", "rollback"):
        ctx.err("cluster not ready - no quorum?\n")
        return 255
    if cmd == "start":
        ctx.out("run_buffer: 322 Script exited with status 255\n"
                f"lxc_init: 844 Failed to run lxc.hook.pre-start for container \"{vmid}\"\n"
                f"__lxc_start: 2027 Failed to initialize container \"{vmid}\"\n")
        ctx.err(f"startup for container '{vmid}' failed\n")
        return 255
    if cmd in ("stop", "shutdown", "reboot"):
        ctx.err(f"command 'lxc-stop -n {vmid} --kill' failed: exit code 1\n")
        return 255
    if cmd == "exec":
        ctx.err(f"lxc-attach: {vmid}: ../src/lxc/attach.c: get_attach_context: 405 Connection refused - "
                f"Failed to get init pid\nlxc-attach: {vmid}: ../src/lxc/tools/lxc_attach.c: main: 386 "
                f"Connection refused - Failed to attach to container\n")
        return 1
    if cmd in ("push", "pull"):
        # task failure: exit status 0 (no $upid_exit), error on stderr
        ctx.err("failed to open the container's mount namespace\n")
        return 0
    ctx.err("ipcc_send_rec[1] failed: Connection refused\nipcc_send_rec[2] failed: Connection refused\n"
            "ipcc_send_rec[3] failed: Connection refused\n"
            "Unable to load access control list: Connection refused\n")
    return 111


def cmd_list(ctx: Ctx, p: dict) -> int:
    st = ctx.st
    rows = [lxc.vmstatus(st, vmid) for vmid in st.ct_ids()]
    if not rows:
        return 0
    fmt = "%-10s %-10s %-12s %-20s\n"
    text = fmt % ("VMID", "Status", "Lock", "Name")
    for d in sorted(rows, key=lambda r: int(r["vmid"])):
        text += fmt % (d["vmid"], d["status"], d.get("lock", ""), d["name"])
    ctx.out(text)
    return 0


def cmd_config(ctx: Ctx, p: dict) -> int:
    d = lxc.config_view(ctx.st, int(p["vmid"]), bool(p.get("current")), p.get("snapshot"))
    ctx.out(lxc.format_config_lines(d))
    return 0


def cmd_pending(ctx: Ctx, p: dict) -> int:
    from ..util import encode_text
    text = ""
    for item in lxc.pending_view(ctx.st, int(p["vmid"])):
        k = item["key"]
        if k in ("digest", "lxc"):
            continue
        v = item.get("value")
        pend = item.get("pending")
        if k == "description":
            v = encode_text(str(v)) if v is not None else None
            pend = encode_text(str(pend)) if pend is not None else None
        if v is not None:
            if item.get("delete"):
                text += f"del {k}: {v}\n"
            elif pend is not None:
                text += f"cur {k}: {v}\nnew {k}: {pend}\n"
            else:
                text += f"cur {k}: {v}\n"
        elif pend is not None:
            text += f"new {k}: {pend}\n"
    ctx.out(text)
    return 0


def cmd_status(ctx: Ctx, p: dict) -> int:
    st = ctx.st
    vmid = int(p["vmid"])
    conf = st.load(vmid)
    stat = lxc.vmstatus(st, vmid, conf)
    if p.get("verbose"):
        text = ""
        for k in sorted(stat):
            if k == "cpu" or stat[k] is None:
                continue
            v = stat[k]
            text += f"{k}: {perl_num(v) if isinstance(v, (int, float)) else v}\n"
        ctx.out(text)
    else:
        ctx.out(f"status: {stat.get('status') or 'unknown'}\n")
    return 0


def do_set(ctx: Ctx, p: dict, usage: Optional[cliparse.Usage]) -> None:
    """update_vm (PUT /nodes/{node}/lxc/{vmid}/config)."""
    st = ctx.st
    vmid = int(p.pop("vmid"))
    p.pop("node", None)
    digest = p.pop("digest", None)
    if not p:
        raise PveError("no options specified\n")
    delete = lxc.split_list(p.pop("delete", None))
    revert = lxc.split_list(p.pop("revert", None))
    conf = st.load(vmid)
    lxc.check_lock(conf)
    if digest and digest != conf.digest:
        raise PveError("detected modified configuration - file changed by other user? Try again.\n")
    props = spec(ctx, "set")[0]
    for opt in revert:
        if opt not in props:
            raise _pexc({"revert": f"unknown option '{opt}'"}, usage)
        if opt in p:
            raise _pexc({"revert": f"you can't use '-{opt}' and '-revert {opt}' at the same time"}, usage)
    for opt in delete:
        if opt not in props:
            raise _pexc({"delete": f"unknown option '{opt}'"}, usage)
        if opt in p:
            raise _pexc({"delete": f"you can't use '-{opt}' and -delete {opt}' at the same time"}, usage)
        if opt in revert:
            raise _pexc({"delete": f"you can't use '-delete {opt}' and '-revert {opt}' at the same time"},
                        usage)
    lxc.check_ct_modify_config_perm(st, vmid, {k: str(v) for k, v in p.items()}, delete)
    running = st.running(vmid)
    errors = lxc.update_pct_config(st, vmid, conf, running, {k: str(v) for k, v in p.items()},
                                   delete, revert, ctx.warn, lxc.Out(ctx.out))
    if errors:
        raise _pexc(errors, usage)
    st.write(vmid, conf)


def _pexc(errors: Dict[str, str], usage: Optional[cliparse.Usage]) -> PveError:
    exc = param_exc(errors)
    if usage:
        exc.usage = usage.short()
    return exc


def cmd_set(ctx: Ctx, p: dict) -> int:
    usage = p.pop("__usage", None)
    do_set(ctx, p, usage)
    return 0


def cmd_create(ctx: Ctx, p: dict) -> int:
    usage = p.pop("__usage", None)
    try:
        # PveError: failed before the worker; TaskFailed: the vzcreate task failed
        lxc.create(ctx.st, p, lxc.Out(ctx.out), ctx.warn)
    except TaskFailed as exc:
        ctx.err(exc.msg.rstrip("\n").replace("\n", " ") + "\n")
        return 255
    except PveError as exc:
        if exc.is_param_exc() and usage:
            exc.usage = usage.short()
        raise
    return 0


def cmd_start(ctx: Ctx, p: dict) -> int:
    st = ctx.st
    vmid = int(p["vmid"])
    st.load(vmid)
    if st.running(vmid):
        raise PveError(f"CT {vmid} already running\n")
    return run_task(ctx, lambda: lxc.start(st, vmid, lxc.Out(ctx.out), ctx.warn,
                                           skiplock=bool(p.get("skiplock"))))


def cmd_stop(ctx: Ctx, p: dict) -> int:
    st = ctx.st
    vmid = int(p["vmid"])
    st.load(vmid)
    if not st.running(vmid):
        raise PveError(f"CT {vmid} not running\n")
    return run_task(ctx, lambda: lxc.stop(st, vmid, lxc.Out(ctx.out)))


def cmd_reboot(ctx: Ctx, p: dict) -> int:
    st = ctx.st
    vmid = int(p["vmid"])
    st.load(vmid)
    if not st.running(vmid):
        raise PveError(f"CT {vmid} not running\n")

    def task() -> None:
        lxc.stop(st, vmid, lxc.Out(ctx.out), in_task=True)
        lxc.start(st, vmid, lxc.Out(ctx.out), ctx.warn, in_task=True)
    return run_task(ctx, task)


def cmd_destroy(ctx: Ctx, p: dict) -> int:
    st = ctx.st
    vmid = int(p["vmid"])
    conf = st.load(vmid)
    lxc.check_protection(conf, f"can't remove CT {vmid}")
    if not p.get("force") and st.running(vmid):
        raise PveError(f"unable to destroy CT {vmid} - container is running\n")
    return run_task(ctx, lambda: lxc.destroy(st, vmid, p, lxc.Out(ctx.out), ctx.warn))


def _perms(perms: Optional[str]) -> Optional[int]:
    if perms is None:
        return None
    if not perms.startswith("0"):
        perms = "0" + perms
    try:
        if re.fullmatch(r"0[xX][0-9a-fA-F]+", perms):
            return int(perms, 16)
        if re.fullmatch(r"0[0-7]*", perms):
            return int(perms, 8)
    except ValueError:
        pass
    raise TaskFailed(f"invalid mode: '{perms}'\n")


def cmd_push(ctx: Ctx, p: dict) -> int:
    st = ctx.st
    vmid = int(p["vmid"])
    if not st.running(vmid):
        raise PveError("can only push files to a running CT\n")
    conf = st.load(vmid)

    def task() -> None:
        mode = _perms(p.get("perms"))
        get_backend().push(st, vmid, conf.main, p["file"], p["destination"], p.get("user"),
                           p.get("group"), mode)
    return run_task(ctx, task, upid_exit=False)


def cmd_pull(ctx: Ctx, p: dict) -> int:
    st = ctx.st
    vmid = int(p["vmid"])
    if not st.running(vmid):
        raise PveError(f"can only pull files from a running VM at {PCT_PM} line 541.\n")
    conf = st.load(vmid)

    def task() -> None:
        mode = _perms(p.get("perms"))
        get_backend().pull(st, vmid, conf.main, p["path"], p["destination"], p.get("user"),
                           p.get("group"), mode)
    return run_task(ctx, task, upid_exit=False)


def cmd_exec(ctx: Ctx, args: List[str]) -> int:
    st = ctx.st
    with st.lock():
        if faults.should_fail(st, "pct", "exec"):
            return fault(ctx, "exec", args)
        p = parse(ctx, "exec", args)
        vmid = int(p["vmid"])
        conf = st.load(vmid)
        if not st.running(vmid):
            raise PveError(f"container '{vmid}' not running!\n")
        argv = p.get("extra-args") or []
        if not argv:
            raise PveError(f"missing command at {PCT_PM} line 255.\n")
        keep_env = p.get("keep-env", 1)
    rc = get_backend().exec(st, vmid, conf.main, list(argv), bool(int(keep_env)))
    st.append_log("exec.log", {"vmid": vmid, "argv": list(argv), "rc": rc})
    return rc


def cmd_snapshot(ctx: Ctx, p: dict) -> int:
    """API2/LXC/Snapshot.pm 'snapshot' ($upid_exit): AbstractConfig snapshot_create."""
    st = ctx.st
    vmid = int(p["vmid"])
    snapname = str(p["snapname"])
    lxc.snapshot_check(st, snapname)
    st.load(vmid)
    return run_task(ctx, lambda: lxc.snapshot_create(st, vmid, snapname, p.get("description"),
                                                     lxc.Out(ctx.out)))


def cmd_delsnapshot(ctx: Ctx, p: dict) -> int:
    st = ctx.st
    vmid = int(p["vmid"])
    st.load(vmid)
    return run_task(ctx, lambda: lxc.snapshot_delete(st, vmid, str(p["snapname"]), bool(p.get("force")),
                                                     lxc.Out(ctx.out), ctx.warn))


def cmd_rollback(ctx: Ctx, p: dict) -> int:
    """API2/LXC/Snapshot.pm 'rollback' ($upid_exit): snapshot_rollback, then vm_start with --start."""
    st = ctx.st
    vmid = int(p["vmid"])
    st.load(vmid)
    return run_task(ctx, lambda: lxc.snapshot_rollback(st, vmid, str(p["snapname"]), bool(p.get("start")),
                                                       lxc.Out(ctx.out), ctx.warn))


def cmd_listsnapshot(ctx: Ctx, p: dict) -> int:
    ctx.out(lxc.print_snapshot_tree(lxc.snapshot_list(ctx.st, int(p["vmid"]))))
    return 0


HANDLERS = {
    "snapshot": cmd_snapshot, "delsnapshot": cmd_delsnapshot, "listsnapshot": cmd_listsnapshot,
    "rollback": cmd_rollback,
    "list": cmd_list, "config": cmd_config, "pending": cmd_pending, "set": cmd_set,
    "create": cmd_create, "start": cmd_start, "stop": cmd_stop, "shutdown": cmd_stop,
    "reboot": cmd_reboot, "destroy": cmd_destroy, "status": cmd_status, "push": cmd_push,
    "pull": cmd_pull,
}


def handler(ctx: Ctx, args: List[str]) -> int:
    commands = list(HANDLERS) + ["exec"]
    if not args:
        raise unknown_command("pct", None, commands)
    cmd = args[0]
    if cmd not in commands:
        raise unknown_command("pct", cmd, commands)
    if cmd == "exec":
        return cmd_exec(ctx, args[1:])
    st = ctx.st
    with st.lock():
        if faults.should_fail(st, "pct", cmd):
            return fault(ctx, cmd, args[1:])
        p = parse(ctx, cmd, args[1:])
        if cmd not in ("set", "create"):
            p.pop("__usage", None)
        return HANDLERS[cmd](ctx, p)


def main(argv: Optional[List[str]] = None) -> int:
    return tool_main("pct", argv, handler)
