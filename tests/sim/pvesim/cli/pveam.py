"""pveam: the appliance (container template) manager (pve-manager PVE/CLI/pveam.pm), simulated."""

from __future__ import annotations

import json
import os
import time
from typing import Dict, List, Optional

from . import cliparse
from .. import faults
from .common import Ctx, run_task, tool_main, unknown_command
from ..model.state import State
from ..model.storage import parse_volume_id
from ..util import PveError, param_exc

STORAGE = {"type": "string", "format": "pve-storage-id"}
NODE = {"type": "string", "format": "pve-node"}

CLI = {
    "update": ({}, []),
    "available": ({"section": {"type": "string", "optional": 1,
                               "enum": ["system", "mail", "turnkeylinux"]}}, []),
    "list": ({"node": NODE, "storage": STORAGE}, ["storage"]),
    "remove": ({"node": NODE, "template_path": {"type": "string", "maxLength": 255}},
               ["template_path"]),
}


def store_template(st: State, sid: str, name: str) -> str:
    """Put a (tiny, fake) template archive into the storage's template/cache dir and record it."""
    entry = next((e for e in st.aplinfo() if e["template"] == name), None)
    cfg = st.storage_cfg()
    path = cfg.path(sid)
    if not path:
        raise PveError(f"storage '{sid}' does not support templates\n")
    tdir = os.path.join(path, "template", "cache")
    os.makedirs(tdir, exist_ok=True)
    dest = os.path.join(tdir, name)
    with open(dest, "wb") as fh:
        fh.write(b"pvesim fake template archive: " + name.encode() + b"\n")
    rec = {"volid": f"{sid}:vztmpl/{name}", "template": name,
           "size": int(entry["size"]) if entry else os.path.getsize(dest),
           "version": entry["version"] if entry else "", "ctime": int(time.time())}
    os.makedirs(st.p("templates", sid), exist_ok=True)
    with open(st.p("templates", sid, name + ".json"), "w") as fh:
        json.dump(rec, fh, indent=1, sort_keys=True)
    return dest


def template_volumes(st: State, sid: str) -> List[dict]:
    """volume_list(storage, 'vztmpl'): files in template/cache (sizes from the records)."""
    cfg = st.storage_cfg()
    path = cfg.path(sid)
    res: List[dict] = []
    if not path:
        return res
    tdir = os.path.join(path, "template", "cache")
    recs = st.template_records(sid)
    if not os.path.isdir(tdir):
        return res
    for f in sorted(os.listdir(tdir)):
        # pve-storage $VZTMPL_EXT_RE_1: plain .tar too (OCI images pulled by oci-registry-pull)
        if not (f.endswith((".tar", ".tar.gz", ".tar.xz", ".tar.zst", ".tar.bz2", ".tgz"))):
            continue
        full = os.path.join(tdir, f)
        size = int(recs.get(f, {}).get("size") or os.path.getsize(full))
        res.append({"volid": f"{sid}:vztmpl/{f}", "format": f.split(".", 1)[1] if "." in f else "",
                    "size": size, "content": "vztmpl",
                    "ctime": int(recs.get(f, {}).get("ctime") or os.path.getmtime(full))})
    return res


def download(st: State, params: Dict[str, object], out, usage: Optional[cliparse.Usage]) -> str:
    """apl_download: checks before the task raise PveError; returns the destination path."""
    template = str(params["template"])
    entry = next((e for e in st.aplinfo() if e["template"] == template), None)
    if entry is None:
        exc = param_exc({"template": "no such template"})
        if usage:
            exc.usage = usage.short()
        raise exc
    sid = str(params["storage"])
    cfg = st.storage_cfg()
    cfg.get(sid)
    if not cfg.enabled(sid):
        raise PveError(f"storage '{sid}' is disabled\n")
    if "vztmpl" not in cfg.content(sid):
        raise PveError(f"storage '{sid}' does not support templates\n")
    return template


def download_task(st: State, sid: str, template: str, write) -> None:
    entry = next(e for e in st.aplinfo() if e["template"] == template)
    cfg = st.storage_cfg()
    tdir = os.path.join(cfg.path(sid) or "", "template", "cache")
    dest = os.path.join(tdir, template)
    url = entry["location"]
    if os.path.exists(dest) and template in st.template_records(sid):
        write(f"file already exists {dest} - no need to download\n")
        return
    size = int(entry["size"])
    write(f"downloading {url} to {dest}\n")
    tmp = f"{dest}.tmp_dwnl.{os.getpid()}"
    write(f"--{time.strftime('%Y-%m-%d %H:%M:%S')}--  {url}\n")
    host = url.split("/")[2]
    write(f"Resolving {host} ({host})... 198.51.100.250\n")
    write(f"Connecting to {host} ({host})|198.51.100.250|:80... connected.\n")
    write("HTTP request sent, awaiting response... 200 OK\n")
    write(f"Length: {size} ({size // (1 << 20)}M) [application/octet-stream]\n")
    write(f"Saving to: '{tmp}'\n")
    chunk = 1 << 20
    steps = max(1, min(8, size // (8 * chunk)))
    for i in range(1, steps + 1):
        k = i * size // steps // 1024
        write(f"{k:>7}K ........ ........ ........ ........ ........ ........ {100 * i // steps:>3}% "
              f"{48.5:.1f}M 0s\n")
    write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} (48.5 MB/s) - '{tmp}' saved [{size}/{size}]\n")
    write("calculating checksum...OK, checksum verified\n")
    store_template(st, sid, template)
    write(f"download of '{url}' to '{dest}' finished\n")


def fault(ctx: Ctx, cmd: str, args: List[str]) -> int:
    if cmd == "update":
        ctx.err("update failed - see /var/log/pveam.log for details\n")
        return 0
    if cmd == "download":
        tmpl = args[1] if len(args) > 1 else "template"
        ctx.out(f"downloading http://download.proxmox.com/images/system/{tmpl} to ...\n")
        ctx.err("download failed: 500 Can't connect to download.proxmox.com:80 (Connection timed out)\n")
        return 0
    ctx.err("ipcc_send_rec[1] failed: Connection refused\nipcc_send_rec[2] failed: Connection refused\n"
            "ipcc_send_rec[3] failed: Connection refused\nUnable to load access control list: "
            "Connection refused\n")
    return 111


def handler(ctx: Ctx, args: List[str]) -> int:
    commands = ["update", "available", "list", "download", "remove"]
    if not args:
        raise unknown_command("pveam", None, commands)
    cmd = args[0]
    if cmd not in commands:
        raise unknown_command("pveam", cmd, commands)
    st = ctx.st
    with st.lock():
        if faults.should_fail(st, "pveam", cmd):
            return fault(ctx, cmd, args[1:])
        if cmd == "download":
            info = cliparse.method_info(st.pve_version, "/nodes/{node}/aplinfo", "POST")
            props = cliparse.expand_props(info["parameters"])
            arg_param = ["storage", "template"]
            fixed = {"node": st.node}
        else:
            props, arg_param = CLI[cmd]
            fixed = {"node": st.node} if "node" in props else {}
        usage = cliparse.Usage(f"pveam {cmd}", arg_param, props, fixed)
        p = cliparse.get_options(props, args[1:], arg_param, fixed, (), usage)
        cliparse.validate(p, props, usage)
        if cmd == "update":
            ctx.out("update successful\n")
            return 0
        if cmd == "available":
            entries = sorted(st.aplinfo(), key=lambda e: (e["section"], e["template"]))
            text = ""
            for e in entries:
                if p.get("section") and e["section"] != p["section"]:
                    continue
                text += "%-15s %s\n" % (e["section"], e["template"])
            ctx.out(text)
            return 0
        if cmd == "list":
            sid = str(p["storage"])
            cfg = st.storage_cfg()
            if sid not in cfg.ids or "vztmpl" not in cfg.content(sid):
                raise PveError("Storage does not support templates!\n")
            text = "%-60s %-6s\n" % ("NAME", "SIZE")
            for rec in template_volumes(st, sid):
                text += "%-60s %-4.2fMB\n" % (rec["volid"], rec["size"] / (1024 * 1024))
            ctx.out(text)
            return 0
        if cmd == "remove":
            volid = str(p["template_path"])
            sid, volname = parse_volume_id(volid)
            cfg = st.storage_cfg()
            cfg.get(sid)
            name = volname.split("/", 1)[1] if volname.startswith("vztmpl/") else None
            if name is None:
                raise PveError(f"unable to parse directory volume name '{volname}'\n")
            path = os.path.join(cfg.path(sid) or "", "template", "cache", name)
            for f in (path, st.p("templates", sid, name + ".json")):
                try:
                    os.unlink(f)
                except FileNotFoundError:
                    pass
            return 0
        # download
        template = download(st, p, ctx, usage)
        sid = str(p["storage"])
        return run_task(ctx, lambda: download_task(st, sid, template, ctx.out), upid_exit=False)


def main(argv: Optional[List[str]] = None) -> int:
    return tool_main("pveam", argv, handler)

