"""qm: the QEMU/KVM virtual machine manager (qemu-server src/PVE/CLI/qm.pm), simulated."""

from __future__ import annotations

import sys
import time
from typing import Dict, List, Optional, Tuple

from . import cliparse
from .. import faults
from ..ops import qemu
from .common import Ctx, run_task, tool_main, unknown_command
from ..ops.lxc import Out
from ..util import PveError, TaskFailed, encode_text, perl_num

def _guest():
    from ..guest import vm as qemu_guest  # imported lazily: most qm calls never need the guest side
    return qemu_guest


VMID = {"type": "integer", "format": "pve-vmid", "minimum": 100, "maximum": 999999999}
DRIVES_WITH_UNUSED = ([f"ide{i}" for i in range(4)] + [f"scsi{i}" for i in range(31)]
                      + [f"virtio{i}" for i in range(16)] + [f"sata{i}" for i in range(6)]
                      + ["efidisk0", "tpmstate0"] + [f"unused{i}" for i in range(256)])

Q = "/nodes/{node}/qemu/{vmid}"
API = {
    "list": ("/nodes/{node}/qemu", "GET", []),
    "create": ("/nodes/{node}/qemu", "POST", ["vmid"]),
    "destroy": (Q, "DELETE", ["vmid"]),
    "clone": (Q + "/clone", "POST", ["vmid", "newid"]),
    "set": (Q + "/config", "PUT", ["vmid"]),
    "config": (Q + "/config", "GET", ["vmid"]),
    "pending": (Q + "/pending", "GET", ["vmid"]),
    "template": (Q + "/template", "POST", ["vmid"]),
    "start": (Q + "/status/start", "POST", ["vmid"]),
    "stop": (Q + "/status/stop", "POST", ["vmid"]),
    "shutdown": (Q + "/status/shutdown", "POST", ["vmid"]),
    "reboot": (Q + "/status/reboot", "POST", ["vmid"]),
    "cloudinit dump": (Q + "/cloudinit/dump", "GET", ["vmid", "type"]),
    "cloudinit update": (Q + "/cloudinit", "PUT", ["vmid"]),
    "cloudinit pending": (Q + "/cloudinit", "GET", ["vmid"]),
    "guest cmd": (Q + "/agent", "POST", ["vmid", "command"]),
    "guest exec-status": (Q + "/agent/exec-status", "GET", ["vmid", "pid"]),
    "disk resize": (Q + "/resize", "PUT", ["vmid", "disk", "size"]),
    "disk unlink": (Q + "/unlink", "PUT", ["vmid"]),
    "snapshot": (Q + "/snapshot", "POST", ["vmid", "snapname"]),
    "delsnapshot": (Q + "/snapshot/{snapname}", "DELETE", ["vmid", "snapname"]),
    "rollback": (Q + "/snapshot/{snapname}/rollback", "POST", ["vmid", "snapname"]),
    "listsnapshot": (Q + "/snapshot", "GET", ["vmid"]),
}

CLI_ONLY = {
    "status": ({"vmid": VMID, "verbose": {"type": "boolean", "optional": 1}}, ["vmid"]),
    "wait": ({"vmid": VMID, "timeout": {"type": "integer", "minimum": 1, "optional": 1}}, ["vmid"]),
    "unlock": ({"vmid": VMID}, ["vmid"]),
    "guest exec": ({"vmid": VMID,
                    "synchronous": {"type": "boolean", "optional": 1, "default": 1},
                    "timeout": {"type": "integer", "minimum": 0, "optional": 1, "default": 30},
                    "pass-stdin": {"type": "boolean", "optional": 1, "default": 0},
                    "extra-args": {"type": "array", "optional": 1, "items": {"type": "string"}}},
                   ["vmid", "extra-args"]),
    "disk import": ({"vmid": VMID, "source": {"type": "string"},
                     "storage": {"type": "string", "format": "pve-storage-id"},
                     "format": {"type": "string", "enum": ["raw", "qcow2", "vmdk"], "optional": 1},
                     "target-disk": {"type": "string", "enum": DRIVES_WITH_UNUSED, "optional": 1}},
                    ["vmid", "source", "storage"]),
}

GROUPS = {"guest": ["cmd", "exec", "exec-status"], "disk": ["import", "resize", "unlink"],
          "cloudinit": ["dump", "pending", "update"]}
ALIASES = {"importdisk": "disk import", "agent": "guest cmd", "resize": "disk resize",
           "unlink": "disk unlink"}

# upid_exit commands: a failed task exits 255; 'template' has none (exit 0, error on stderr)
UPID_EXIT = {"create", "destroy", "clone", "start", "stop", "shutdown", "reboot", "snapshot", "delsnapshot",
             "rollback"}


def spec(ctx: Ctx, cmd: str) -> Tuple[Dict[str, dict], List[str], Dict[str, str]]:
    if cmd in API:
        path, method, args = API[cmd]
        info = cliparse.method_info(ctx.st.pve_version, path, method)
        props = qemu.gate(ctx.st, cliparse.expand_props(info["parameters"]))
        return props, args, {"node": ctx.st.node}
    props, args = CLI_ONLY[cmd]
    return dict(props), args, {}


def parse(ctx: Ctx, cmd: str, args: List[str]) -> dict:
    props, arg_param, fixed = spec(ctx, cmd)
    usage = cliparse.Usage(f"qm {cmd}", arg_param, props, fixed)
    interactive = ["cipassword"] if cmd in ("create", "set") else []
    params = cliparse.get_options(props, args, arg_param, fixed, interactive, usage)
    if cmd in ("create", "set"):
        if params.get("cipassword") == "":
            line = sys.stdin.readline() if not sys.stdin.isatty() else ""
            params["cipassword"] = line.rstrip("\n")
        if params.get("sshkeys") is not None:
            params["sshkeys"] = qemu.sshkeys_from_file(str(params["sshkeys"]))
    cliparse.validate(params, props, usage)
    params["__usage"] = usage
    params["__props"] = props
    return params


def fault(ctx: Ctx, cmd: str, args: List[str]) -> int:
    vmid = next((a for a in args if a.isdigit()), "100")
    if cmd == "create":
        ctx.err(f"unable to create VM {vmid} - lvcreate 'pve/vm-{vmid}-disk-0' error:   Volume group "
                f"\"pve\" has insufficient free space (0 extents): 2048 required.\n")
        return 255
    if cmd in ("set", "destroy", "template", "clone", "cloudinit update", "unlock", "disk unlink",
               "snapshot", "delsnapshot", "rollback"):
        ctx.err("cluster not ready - no quorum?\n")
        return 255
    if cmd in ("start", "reboot"):
        ctx.out(f"kvm: -drive file=/dev/pve/vm-{vmid}-disk-0,if=none,id=drive-scsi0,format=raw,"
                f"cache=none,aio=io_uring,detect-zeroes=on: Could not open '/dev/pve/vm-{vmid}-disk-0': "
                f"No such file or directory\n")
        ctx.err("start failed: QEMU exited with code 1\n")
        return 255
    if cmd in ("stop", "shutdown"):
        ctx.err(f"VM {vmid} qmp command 'quit' failed - unable to connect to VM {vmid} qmp socket - "
                f"timeout after 51 retries\n" if cmd == "stop" else "VM quit/powerdown failed - got timeout\n")
        return 255
    if cmd in ("guest exec", "guest cmd", "guest exec-status"):
        what = {"guest exec": "guest-exec", "guest cmd": "guest-ping", "guest exec-status": "guest-exec-status"}
        ctx.err(f"VM {vmid} qmp command '{what[cmd]}' failed - got timeout\n")
        return 255
    if cmd == "disk resize":  # a task without $upid_exit: qm exits 0
        ctx.err(f"VM {vmid} qmp command 'block_resize' failed - got timeout\n")
        return 0
    if cmd == "disk import":
        ctx.err("copy failed: command '/usr/bin/qemu-img convert -p -n -O raw ...' failed: exit code 1\n")
        return 255
    ctx.err("ipcc_send_rec[1] failed: Connection refused\nipcc_send_rec[2] failed: Connection refused\n"
            "ipcc_send_rec[3] failed: Connection refused\n"
            "Unable to load access control list: Connection refused\n")
    return 111


def _task(ctx: Ctx, cmd: str, func) -> int:
    """Run a worker in the foreground; 'Task finished with N warning(s)!' for warnings."""
    holder: Dict[str, int] = {}

    def run() -> None:
        holder["w"] = int(func() or 0)
    rc = run_task(ctx, run, upid_exit=cmd in UPID_EXIT)
    if rc == 0 and holder.get("w"):
        ctx.err(f"Task finished with {holder['w']} warning(s)!\n")
    return rc


def _pexc(exc: PveError, usage: Optional[cliparse.Usage]) -> PveError:
    if exc.is_param_exc() and usage:
        exc.usage = usage.short()
    return exc


# --- commands --------------------------------------------------------------------------------------------

def cmd_list(ctx: Ctx, p: dict) -> int:
    st = ctx.st
    rows = [qemu.vmstatus(st, vmid, full=bool(p.get("full"))) for vmid in st.vm_ids()]
    if not rows:
        return 0
    text = "%10s %-20s %-10s %-10s %12s %-10s\n" % ("VMID", "NAME", "STATUS", "MEM(MB)", "BOOTDISK(GB)", "PID")
    for d in sorted(rows, key=lambda r: int(r["vmid"])):
        text += "%10s %-20s %-10s %-10s %12.2f %-10s\n" % (
            d["vmid"], d["name"], d.get("qmpstatus") or d["status"],
            perl_num(int(d.get("maxmem") or 0) / (1024 * 1024)),
            int(d.get("maxdisk") or 0) / (1024 ** 3), d.get("pid") or 0)
    ctx.out(text)
    return 0


def _recursive(prefix: str, value, key: Optional[str]) -> str:
    """qm.pm print_recursive_hash."""
    out = ""
    if isinstance(value, dict):
        if key is not None:
            out += f"{prefix}{key}:\n"
        for k in sorted(value):
            out += _recursive("\t" + prefix, value[k], k)
    elif isinstance(value, list):
        if key is not None:
            out += f"{prefix}{key}:\n"
        for item in value:
            out += _recursive("\t" + prefix, item, None)
    elif value is not None:
        if isinstance(value, bool):
            value = 1 if value else 0
        v = perl_num(value) if isinstance(value, (int, float)) else value
        out += f"{prefix}{key}: {v}\n" if key is not None else f"{prefix}{v}\n"
    return out


def cmd_status(ctx: Ctx, p: dict) -> int:
    st = ctx.st
    vmid = int(p["vmid"])
    conf = qemu.load(st, vmid)
    stat = qemu.vmstatus(st, vmid, conf, full=True)
    if p.get("verbose"):
        ctx.out("".join(_recursive("", stat[k], k) for k in sorted(stat) if k not in ("cpu", "relcpu")))
    else:
        ctx.out(f"status: {stat.get('qmpstatus') or 'unknown'}\n")
    return 0


def cmd_config(ctx: Ctx, p: dict) -> int:
    d = qemu.config_view(ctx.st, int(p["vmid"]), bool(p.get("current")), p.get("snapshot"))
    text = ""
    for k in sorted(d):
        if k == "digest":
            continue
        v = d[k]
        if k == "description":
            v = encode_text(str(v))
        text += f"{k}: {v}\n"
    ctx.out(text)
    return 0


def _format_pending(items: List[dict]) -> str:
    """PVE::GuestHelpers::format_pending."""
    text = ""
    for item in items:
        k = item["key"]
        if k == "digest":
            continue
        v, pend = item.get("value"), item.get("pending")
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
    return text


def cmd_pending(ctx: Ctx, p: dict) -> int:
    ctx.out(_format_pending(qemu.pending_view(ctx.st, int(p["vmid"]))))
    return 0


def cmd_cloudinit_pending(ctx: Ctx, p: dict) -> int:
    ctx.out(_format_pending(qemu.cloudinit_pending(ctx.st, int(p["vmid"]))))
    return 0


def cmd_create(ctx: Ctx, p: dict) -> int:
    usage = p.pop("__usage", None)
    p.pop("__props", None)
    st = ctx.st
    try:
        vmid, settings, extra = qemu.prepare_create(st, dict(p))
    except PveError as exc:
        raise _pexc(exc, usage)
    del vmid, settings, extra

    def task() -> None:
        qemu.create(st, dict(p), Out(ctx.out), ctx.warn)
    return _task(ctx, "create", task)


def cmd_set(ctx: Ctx, p: dict) -> int:
    usage = p.pop("__usage", None)
    props = p.pop("__props", {})
    try:
        qemu.update(ctx.st, p, Out(ctx.out), ctx.warn, props)
    except PveError as exc:
        raise _pexc(exc, usage)
    return 0


def cmd_start(ctx: Ctx, p: dict) -> int:
    st = ctx.st
    vmid = int(p["vmid"])
    return _task(ctx, "start", lambda: qemu.start(st, vmid, Out(ctx.out), ctx.warn,
                                                  skiplock=bool(p.get("skiplock"))))


def cmd_stop(ctx: Ctx, p: dict) -> int:
    st = ctx.st
    vmid = int(p["vmid"])
    timeout = p.get("timeout")
    return _task(ctx, "stop", lambda: qemu.stop(st, vmid, Out(ctx.out),
                                                timeout=int(timeout) if timeout is not None else None,
                                                force=True))


def cmd_shutdown(ctx: Ctx, p: dict) -> int:
    st = ctx.st
    vmid = int(p["vmid"])

    def task() -> None:
        conf = qemu.load(st, vmid)
        if not p.get("skiplock"):
            qemu.check_lock(conf)
        timeout = p.get("timeout")
        qemu.stop(st, vmid, Out(ctx.out), shutdown=True,
                  timeout=int(timeout) if timeout is not None else None,
                  force=bool(int(p.get("forceStop") or 0)))
    return _task(ctx, "shutdown", task)


def cmd_reboot(ctx: Ctx, p: dict) -> int:
    st = ctx.st
    vmid = int(p["vmid"])
    qemu.load(st, vmid)
    if not st.running(vmid):
        raise PveError(f"VM {vmid} not running\n")

    def task() -> int:
        timeout = p.get("timeout")
        qemu.stop(st, vmid, Out(ctx.out), shutdown=True,
                  timeout=int(timeout) if timeout is not None else None)
        return qemu.start(st, vmid, Out(ctx.out), ctx.warn)
    return _task(ctx, "reboot", task)


def cmd_destroy(ctx: Ctx, p: dict) -> int:
    st = ctx.st
    vmid = int(p["vmid"])
    conf = qemu.load(st, vmid)
    qemu.check_protection(conf, f"can't remove VM {vmid}")
    if st.running(vmid):
        raise PveError(f"VM {vmid} is running - destroy failed\n")
    return _task(ctx, "destroy", lambda: qemu.destroy(st, vmid, p, Out(ctx.out), ctx.warn))


def cmd_template(ctx: Ctx, p: dict) -> int:
    st = ctx.st
    vmid = int(p["vmid"])
    qemu.template_checks(st, vmid, p.get("disk"))
    return _task(ctx, "template", lambda: qemu.template(st, vmid, p.get("disk"), Out(ctx.out)))


def cmd_clone(ctx: Ctx, p: dict) -> int:
    usage = p.pop("__usage", None)
    p.pop("__props", None)
    st = ctx.st
    vmid, newid = int(p["vmid"]), int(p["newid"])
    try:
        qemu.clone_checks(st, vmid, newid, p)
    except PveError as exc:
        raise _pexc(exc, usage)
    return _task(ctx, "clone", lambda: qemu.clone(st, vmid, newid, p, Out(ctx.out)))


def cmd_snapshot(ctx: Ctx, p: dict) -> int:
    """API2/Qemu.pm 'snapshot' ($upid_exit): checks, then the qmsnapshot task."""
    st = ctx.st
    vmid = int(p["vmid"])
    snapname = str(p["snapname"])
    vmstate = bool(p.get("vmstate"))
    qemu.snapshot_check(st, vmid, snapname, vmstate)
    return _task(ctx, "snapshot", lambda: qemu.snapshot_create(st, vmid, snapname, vmstate,
                                                               p.get("description"), Out(ctx.out)))


def cmd_delsnapshot(ctx: Ctx, p: dict) -> int:
    st = ctx.st
    vmid = int(p["vmid"])
    qemu.load(st, vmid)
    return _task(ctx, "delsnapshot", lambda: qemu.snapshot_delete(st, vmid, str(p["snapname"]),
                                                                  bool(p.get("force")), Out(ctx.out),
                                                                  ctx.warn))


def cmd_rollback(ctx: Ctx, p: dict) -> int:
    """API2/Qemu.pm 'rollback' ($upid_exit): snapshot_rollback, then vm_start with --start."""
    st = ctx.st
    vmid = int(p["vmid"])
    qemu.load(st, vmid)
    return _task(ctx, "rollback", lambda: qemu.snapshot_rollback(st, vmid, str(p["snapname"]),
                                                                 bool(p.get("start")), Out(ctx.out),
                                                                 ctx.warn))


def cmd_listsnapshot(ctx: Ctx, p: dict) -> int:
    from ..ops.lxc import print_snapshot_tree
    ctx.out(print_snapshot_tree(qemu.snapshot_list(ctx.st, int(p["vmid"]))))
    return 0


def cmd_wait(ctx: Ctx, p: dict) -> int:
    st = ctx.st
    vmid = int(p["vmid"])
    if not st.running(vmid):
        return 0
    ctx.out(f"waiting until VM {vmid} stops (PID {st.runtime(vmid).get('pid')})\n")
    timeout = p.get("timeout")
    start = time.time()
    while st.running(vmid) and (timeout is None or time.time() - start < int(timeout)):
        time.sleep(0.2)
    if st.running(vmid):
        raise PveError("wait failed - got timeout\n")
    return 0


def cmd_unlock(ctx: Ctx, p: dict) -> int:
    st = ctx.st
    vmid = int(p["vmid"])
    conf = qemu.load(st, vmid)
    conf.main.delete("lock")
    conf.pending.delete("lock")
    qemu.write(st, vmid, conf)
    return 0


def cmd_disk_import(ctx: Ctx, p: dict) -> int:
    qemu.import_disk(ctx.st, int(p["vmid"]), str(p["source"]), str(p["storage"]), p.get("format"),
                     p.get("target-disk"), Out(ctx.out), ctx.warn)
    return 0


def cmd_disk_resize(ctx: Ctx, p: dict) -> int:
    """resize_vm: a worker task (PVE 8+); qm has no $upid_exit for it, so a failed
    resize exits 0 with the error on stderr."""
    st = ctx.st
    vmid = int(p["vmid"])
    qemu.load(st, vmid)
    return _task(ctx, "resize", lambda: qemu.resize(st, vmid, str(p["disk"]), str(p["size"]),
                                                    bool(p.get("skiplock")), p.get("digest")))


def cmd_disk_unlink(ctx: Ctx, p: dict) -> int:
    """unlink: update_vm with delete = idlist (force: free the volumes)."""
    props = spec(ctx, "set")[0]
    q = {"vmid": p["vmid"], "delete": p["idlist"]}
    if p.get("force") is not None:
        q["force"] = p["force"]
    qemu.update(ctx.st, q, Out(ctx.out), ctx.warn, props)
    return 0


def cmd_cloudinit_dump(ctx: Ctx, p: dict) -> int:
    ctx.out(_guest().dump(ctx.st, int(p["vmid"]), str(p["type"])) + "\n")
    return 0


def cmd_cloudinit_update(ctx: Ctx, p: dict) -> int:
    st = ctx.st
    vmid = int(p["vmid"])
    conf = qemu.load(st, vmid)
    qemu.check_lock(conf)
    try:
        _guest().generate_cloudinit(st, vmid, conf, Out(ctx.out))
    except TaskFailed as exc:
        raise PveError(exc.msg)
    if not conf.cloudinit.is_empty():
        from ..model.lxcconfig import Section
        conf.cloudinit = Section()
        qemu.write(st, vmid, conf)
    return 0


def print_agent_result(ctx: Ctx, result) -> None:
    """qm.pm $print_agent_result."""
    if result is None:
        return
    if not isinstance(result, (dict, list)):
        text = str(result).rstrip("\n")
        if text.strip():
            ctx.out(text + "\n")
        return
    if isinstance(result, dict) and not result:
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(_guest().pretty_json(result).encode("utf-8"))
    sys.stdout.flush()


def cmd_guest_cmd(ctx: Ctx, p: dict) -> int:
    st = ctx.st
    vmid = int(p["vmid"])
    conf = qemu.load(st, vmid)
    print_agent_result(ctx, _guest().agent_cmd(st, vmid, conf, str(p["command"])))
    return 0


def cmd_guest_exec_status(ctx: Ctx, p: dict) -> int:
    st = ctx.st
    vmid = int(p["vmid"])
    conf = qemu.load(st, vmid)
    print_agent_result(ctx, _guest().exec_status(st, vmid, conf, int(p["pid"])))
    return 0


def cmd_guest_exec(ctx: Ctx, args: List[str]) -> int:
    """qm.pm 'exec': guest-exec, then poll guest-exec-status until exited or --timeout."""
    st = ctx.st
    with st.lock():
        if faults.should_fail(st, "qm", "guest-exec"):
            return fault(ctx, "guest exec", args)
        p = parse(ctx, "guest exec", args)
        usage = p.pop("__usage")
        vmid = int(p["vmid"])
        sync = p.get("synchronous", 1)
        if p.get("timeout") is not None and not int(sync):
            raise _pexc(PveError("Parameter verification failed.\n", code=400,
                                 errors={"synchronous": "needs to be set for 'timeout'"}), usage)
        input_data = None
        if p.get("pass-stdin"):
            input_data = sys.stdin.buffer.read(1024 * 1024 + 1)
            if len(input_data) > 1024 * 1024:
                raise PveError("'input-data' (STDIN) is limited to 1 MiB, aborting\n")
        argv = list(p.get("extra-args") or [])
        conf = qemu.load(st, vmid)
        pid = _guest().exec_start(st, vmid, conf, argv, input_data)
    if not int(sync):
        print_agent_result(ctx, {"pid": pid})
        return 0
    timeout = int(p.get("timeout", 30))
    start = time.time()
    res = None
    while timeout == 0 or time.time() - start < timeout:
        with st.lock():
            out = _guest().exec_status(st, vmid, qemu.load(st, vmid), pid)
        if out.get("exited"):
            res = out
            break
        time.sleep(0.05)
    if res is None:
        ctx.warn("timeout reached, returning pid")
        res = {"pid": pid}
    print_agent_result(ctx, res)
    return 0


HANDLERS = {
    "list": cmd_list, "create": cmd_create, "destroy": cmd_destroy, "clone": cmd_clone, "set": cmd_set,
    "config": cmd_config, "pending": cmd_pending, "template": cmd_template, "start": cmd_start,
    "stop": cmd_stop, "shutdown": cmd_shutdown, "reboot": cmd_reboot, "status": cmd_status,
    "wait": cmd_wait, "unlock": cmd_unlock, "cloudinit dump": cmd_cloudinit_dump,
    "cloudinit update": cmd_cloudinit_update, "cloudinit pending": cmd_cloudinit_pending,
    "guest cmd": cmd_guest_cmd, "guest exec-status": cmd_guest_exec_status,
    "disk import": cmd_disk_import, "disk resize": cmd_disk_resize, "disk unlink": cmd_disk_unlink,
    "snapshot": cmd_snapshot, "delsnapshot": cmd_delsnapshot, "rollback": cmd_rollback,
    "listsnapshot": cmd_listsnapshot,
}


def handler(ctx: Ctx, args: List[str]) -> int:
    top = sorted({c.split()[0] for c in HANDLERS} | {"guest"} | set(ALIASES))
    if not args:
        raise unknown_command("qm", None, top)
    cmd, rest = args[0], args[1:]
    if cmd in ALIASES:
        cmd = ALIASES[cmd]
    elif cmd in GROUPS:
        if not rest:
            raise unknown_command(f"qm {cmd}", None, GROUPS[cmd])
        if rest[0] not in GROUPS[cmd]:
            raise unknown_command(f"qm {cmd}", rest[0], GROUPS[cmd])
        cmd, rest = f"{cmd} {rest[0]}", rest[1:]
    elif cmd not in HANDLERS:
        raise unknown_command("qm", cmd, top)
    if cmd == "guest exec":
        return cmd_guest_exec(ctx, rest)
    st = ctx.st
    with st.lock():
        if faults.should_fail(st, "qm", cmd.replace(" ", "-")):
            return fault(ctx, cmd, rest)
        p = parse(ctx, cmd, rest)
        if cmd not in ("set", "create", "clone"):
            p.pop("__usage", None)
            p.pop("__props", None)
        return HANDLERS[cmd](ctx, p)


def main(argv: Optional[List[str]] = None) -> int:
    return tool_main("qm", argv, handler)
