"""Guest tools that matter inside simulated VMs (tests/sim/guest-bin/): mount, umount,
findmnt, mountpoint, cloud-init, tee.

virtiofs: 'mount -t virtiofs TAG /mnt/x' works when the running VM has a
virtiofsN whose mapping id is TAG (pvesim/qemu.py records the tags at start); the
mount point then shows the mapped host directory (a symlink, like the container
bind mounts).  Mounts are listed in <vmroot>/var/lib/pvesim/mounts.json and
dropped when the VM stops; virtiofs lines in /etc/fstab are mounted at boot and
by 'mount -a' / 'mount TARGET'.
"""

from __future__ import annotations

import getopt
import json
import os
import sys
from typing import Dict, List, Optional

from . import guest
from . import qemu_guest as qg

ROOTFS = {"source": "/dev/sda1", "fstype": "ext4", "options": "rw,relatime,discard,errors=remount-ro"}


def _is_vm() -> bool:
    return os.environ.get("PVESIM_GUEST_TYPE") == "qemu"


def _tags() -> Dict[str, str]:
    state, vmid = os.environ.get("PVESIM_STATE"), os.environ.get("PVESIM_VMID")
    if not state or not vmid:
        return {}
    try:
        with open(os.path.join(state, "runtime", f"{vmid}.json")) as fh:
            rt = json.load(fh)
    except (OSError, ValueError):
        return {}
    return (rt.get("virtiofs") or {}) if rt.get("status") == "running" else {}


def _norm(path: str) -> str:
    return "/" + os.path.normpath(path).strip("/") if path.strip("/") else "/"


def _table() -> List[dict]:
    rows = [dict(ROOTFS, target="/")]
    for target, m in sorted(qg.read_mounts(guest.ROOT).items()):
        rows.append({"target": target, "source": m["source"], "fstype": m["fstype"], "options": m["options"]})
    return rows


def _do_mount(fstype: Optional[str], source: str, target: str, options: str) -> int:
    target = _norm(target)
    full = guest.gp(target)
    if fstype not in (None, "virtiofs"):
        guest.die(32, f"mount: {target}: unknown filesystem type '{fstype}'.\n"
                      "       dmesg(1) may have more information after failed mount system call.\n")
    if not os.path.isdir(full):
        guest.die(32, f"mount: {target}: mount point does not exist.\n"
                      "       dmesg(1) may have more information after failed mount system call.\n")
    if target in qg.read_mounts(guest.ROOT):
        guest.die(32, f"mount: {target}: {source} already mounted on {target}.\n"
                      "       dmesg(1) may have more information after failed mount system call.\n")
    tags = _tags()
    if fstype is None or source not in tags:
        guest.die(32, f"mount: {target}: wrong fs type, bad option, bad superblock on {source}, missing "
                      "codepage or helper program, or other error.\n"
                      "       dmesg(1) may have more information after failed mount system call.\n")
    qg.mount_virtiofs(guest.ROOT, source, target, tags[source],
                      "ro,relatime" if "ro" in options.split(",") else "rw,relatime")
    return 0


def cmd_mount(args: List[str]) -> int:
    try:
        opts, rest = getopt.gnu_getopt(args, "t:o:av", ["types=", "options=", "all", "verbose"])
    except getopt.GetoptError as exc:
        guest.die(1, f"mount: {exc.msg}\n")
    fstype = next((v for k, v in opts if k in ("-t", "--types")), None)
    options = next((v for k, v in opts if k in ("-o", "--options")), "defaults")
    if any(k in ("-a", "--all") for k, _ in opts):
        rc = 0
        mounted = qg.read_mounts(guest.ROOT)
        for src, tgt, ft, o in qg.fstab(guest.ROOT):
            if ft == "virtiofs" and _norm(tgt) not in mounted and "noauto" not in o.split(","):
                try:
                    _do_mount(ft, src, tgt, o)
                except guest.Exit as exc:
                    sys.stderr.write(exc.msg)
                    rc = exc.code
        return rc
    if not rest:
        for r in _table():
            sys.stdout.write(f"{r['source']} on {r['target']} type {r['fstype']} ({r['options']})\n")
        return 0
    if not _is_vm():
        guest.die(32, f"mount: {rest[-1]}: permission denied.\n")
    if len(rest) == 1:
        want = _norm(rest[0])
        for src, tgt, ft, o in qg.fstab(guest.ROOT):
            if _norm(tgt) == want or src == rest[0]:
                return _do_mount(ft, src, tgt, o)
        guest.die(1, f"mount: {rest[0]}: can't find in /etc/fstab.\n")
    return _do_mount(fstype, rest[0], rest[1], options)


def cmd_umount(args: List[str]) -> int:
    rc = 0
    for a in [x for x in args if not x.startswith("-")]:
        target = _norm(a)
        if not qg.umount(guest.ROOT, target):
            found = next((t for t, m in qg.read_mounts(guest.ROOT).items() if m["source"] == a), None)
            if found and qg.umount(guest.ROOT, found):
                continue
            sys.stderr.write(f"umount: {target}: not mounted.\n")
            rc = 32
    return rc


def cmd_findmnt(args: List[str]) -> int:
    try:
        opts, rest = getopt.gnu_getopt(args, "nrlo:t:TJ", ["noheadings", "raw", "list", "output=", "types=",
                                                          "target=", "json", "mountpoint="])
    except getopt.GetoptError as exc:
        guest.die(1, f"findmnt: {exc.msg}\n")
    noheadings = any(k in ("-n", "--noheadings") for k, _ in opts)
    cols = next((v for k, v in opts if k in ("-o", "--output")), "TARGET,SOURCE,FSTYPE,OPTIONS").upper().split(",")
    types = next((v for k, v in opts if k in ("-t", "--types")), None)
    target = next((v for k, v in opts if k in ("-T", "--target", "--mountpoint")), None)
    if rest:
        target = rest[0]
    rows = _table()
    if types:
        rows = [r for r in rows if r["fstype"] in types.split(",")]
    if target is not None:
        rows = [r for r in rows if r["target"] == _norm(target) or r["source"] == target]
    if not rows:
        return 1
    if any(k in ("-J", "--json") for k, _ in opts):
        data = {"filesystems": [{c.lower(): r.get(c.lower()) for c in cols} for r in rows]}
        sys.stdout.write(json.dumps(data, indent=3) + "\n")
        return 0
    table = [[r.get(c.lower(), "") for c in cols] for r in rows]
    if not noheadings:
        table.insert(0, cols)
    widths = [max(len(str(row[i])) for row in table) for i in range(len(cols))]
    for row in table:
        sys.stdout.write(" ".join(str(v).ljust(widths[i]) if i < len(cols) - 1 else str(v)
                                  for i, v in enumerate(row)).rstrip() + "\n")
    return 0


def cmd_mountpoint(args: List[str]) -> int:
    quiet = "-q" in args
    rest = [a for a in args if not a.startswith("-")]
    if not rest:
        guest.die(1, "mountpoint: bad usage\n")
    target = _norm(rest[0])
    ok = target == "/" or target in qg.read_mounts(guest.ROOT)
    if not os.path.lexists(guest.gp(target)) and not ok:
        if not quiet:
            sys.stderr.write(f"mountpoint: {rest[0]}: No such file or directory\n")
        return 1
    if not quiet:
        sys.stdout.write(f"{rest[0]} is {'a' if ok else 'not a'} mountpoint\n")
    return 0 if ok else 32


def cmd_cloud_init(args: List[str]) -> int:
    if not args:
        guest.die(2, "usage: cloud-init [-h] [--version] [--debug] [--force] [--all-stages] "
                     "{init,modules,single,query,features,analyze,devel,collect-logs,clean,status,schema} ...\n"
                     "cloud-init: error: the following arguments are required: subcommand\n")
    sub = args[0]
    if sub == "status":
        status = guest.read("/var/lib/pvesim/cloud-init-status").split("\n")
        state = status[0].strip() or "running"
        sys.stdout.write(f"status: {state}\n")
        if "--long" in args[1:]:
            sys.stdout.write("extended_status: " + state + "\nboot_status_code: enabled-by-generator\n"
                             "detail:\n" + ("DataSourceNoCloud [seed=/dev/sr0]\n" if state != "error"
                                            else "\n".join(status[1:]) + "\n"))
        return 1 if state == "error" else 0
    if sub == "clean":
        for p in ("/var/lib/cloud/data/instance-id",):
            try:
                os.unlink(guest.gp(p))
            except OSError:
                pass
        return 0
    if sub in ("--version", "-v"):
        sys.stdout.write("/usr/bin/cloud-init 22.4.2\n")
        return 0
    if sub == "query":
        if args[1:] and args[1] in ("instance-id", "instance_id"):
            sys.stdout.write(guest.read("/var/lib/cloud/data/instance-id"))
            return 0
        return 0
    return 0


def cmd_tee(args: List[str]) -> int:
    append = any(a in ("-a", "--append") for a in args)
    files = [a for a in args if not a.startswith("-")]
    data = sys.stdin.buffer.read()
    rc = 0
    for f in files:
        try:
            with open(guest.gp(f), "ab" if append else "wb") as fh:
                fh.write(data)
        except OSError as exc:
            sys.stderr.write(f"tee: {f}: {exc.strerror}\n")
            rc = 1
    sys.stdout.buffer.write(data)
    return rc


COMMANDS = {"mount": cmd_mount, "umount": cmd_umount, "findmnt": cmd_findmnt, "mountpoint": cmd_mountpoint,
            "cloud-init": cmd_cloud_init, "tee": cmd_tee}
