"""Guest tools that matter inside simulated VMs (tests/sim/guest-bin/): mount, umount,
findmnt, mountpoint, cloud-init, tee.

virtiofs: 'mount -t virtiofs TAG /mnt/x' works when the running VM has a
virtiofsN whose mapping id is TAG (pvesim/ops/qemu.py records the tags at start); the
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
from typing import Dict, List, Optional, Tuple

from . import tools as guest
from . import vm as qg

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


def _device(source: str) -> Optional[Tuple[str, dict]]:
    """(device path, record) for a mount source: a device path (udev links too),
    UUID=… or LABEL=… of an ext4 file system on one of the VM's disks."""
    from . import vmblock
    if source.startswith(("UUID=", "LABEL=")):
        tag, _, want = source.partition("=")
        for dev, rec in vmblock.devices(guest.ROOT).items():
            fs = vmblock.read_fs(_state(), rec["volid"]) or {}
            if fs.get(tag.lower()) == want.strip('"'):
                return dev, rec
        return None
    full = os.path.realpath(guest.gp(source))
    if not full.startswith(guest.ROOT + "/"):
        return None
    rec = vmblock.device_record(full)
    return ("/" + os.path.relpath(full, guest.ROOT), rec) if rec else None


def _state() -> str:
    return os.environ.get("PVESIM_STATE", "")


def _mount_ext4(source: str, target: str, options: str) -> int:
    from . import vmblock
    found = _device(source)
    if found is None:
        guest.die(32, f"mount: {target}: special device {source} does not exist.\n"
                      "       dmesg(1) may have more information after failed mount system call.\n")
    dev, rec = found
    fs = vmblock.read_fs(_state(), rec["volid"])
    if not fs or fs.get("type") != "ext4":
        guest.die(32, f"mount: {target}: wrong fs type, bad option, bad superblock on {dev}, missing "
                      "codepage or helper program, or other error.\n"
                      "       dmesg(1) may have more information after failed mount system call.\n")
    if any(m["source"] == dev for m in qg.read_mounts(guest.ROOT).values()):
        guest.die(32, f"mount: {target}: {dev} already mounted or mount point busy.\n"
                      "       dmesg(1) may have more information after failed mount system call.\n")
    qg.mount_virtiofs(guest.ROOT, dev, target, vmblock.fs_root(_state(), rec["volid"]),
                      "ro,relatime" if "ro" in options.split(",") else "rw,relatime", fstype="ext4")
    return 0


def mount_ext4_at_boot(st, root: str, source: str, target: str) -> None:
    """systemd at boot: mount an ext4 fstab line whose disk is there (nofail)."""
    old = guest.ROOT
    guest.ROOT = os.path.abspath(root)
    env = os.environ.get("PVESIM_STATE")
    os.environ["PVESIM_STATE"] = st.root
    try:
        target = _norm(target)
        if os.path.isdir(guest.gp(target)) and target not in qg.read_mounts(guest.ROOT):
            _mount_ext4(source, target, "defaults")
    except guest.Exit:
        pass
    finally:
        guest.ROOT = old
        if env is None:
            os.environ.pop("PVESIM_STATE", None)
        else:
            os.environ["PVESIM_STATE"] = env


def _do_mount(fstype: Optional[str], source: str, target: str, options: str) -> int:
    target = _norm(target)
    full = guest.gp(target)
    ext4 = fstype == "ext4" or (fstype is None and source.startswith(("/dev/", "UUID=", "LABEL=")))
    if not ext4 and fstype not in (None, "virtiofs"):
        guest.die(32, f"mount: {target}: unknown filesystem type '{fstype}'.\n"
                      "       dmesg(1) may have more information after failed mount system call.\n")
    if not os.path.isdir(full):
        guest.die(32, f"mount: {target}: mount point does not exist.\n"
                      "       dmesg(1) may have more information after failed mount system call.\n")
    if target in qg.read_mounts(guest.ROOT):
        guest.die(32, f"mount: {target}: {source} already mounted on {target}.\n"
                      "       dmesg(1) may have more information after failed mount system call.\n")
    if ext4:
        return _mount_ext4(source, target, options)
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
            if ft in ("virtiofs", "ext4") and _norm(tgt) not in mounted and "noauto" not in o.split(","):
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


# --- block devices: test -b, blkid, mkfs.ext4, resize2fs --------------------------------------------

def cmd_test(args: List[str]) -> int:
    """coreutils test, the file tests only."""
    from . import vmblock
    if args and args[-1] == "]":
        args = args[:-1]
    if len(args) != 2 or args[0] not in ("-b", "-e", "-d", "-f", "-L", "-h"):
        guest.die(2, f"test: unsupported expression in pvesim: {' '.join(args)}\n")
    op, path = args
    full = guest.gp(path)
    if op in ("-L", "-h"):
        return 0 if os.path.islink(full) else 1
    real = os.path.realpath(full)
    if not os.path.exists(real):
        return 1
    is_dev = vmblock.device_record(real) is not None
    ok = {"-b": is_dev, "-e": True, "-d": os.path.isdir(real), "-f": os.path.isfile(real) and not is_dev}[op]
    return 0 if ok else 1


def _opts(prog: str, args: List[str], short: str, long: List[str]):
    try:
        return getopt.gnu_getopt(args, short, long)
    except getopt.GetoptError as exc:
        guest.die(4 if prog == "blkid" else 1, f"{prog}: {exc.msg}\n")


def cmd_blkid(args: List[str]) -> int:
    """util-linux blkid: -p (low-level probe; exit 2 when nothing is found), -o value/export/full,
    -s TAG; without -p the cache view 'DEV: LABEL=".." UUID=".." BLOCK_SIZE="4096" TYPE="ext4"'."""
    from . import vmblock
    opts, devs = _opts("blkid", args, "po:s:", ["probe", "output=", "match-tag="])
    probe = any(k in ("-p", "--probe") for k, _ in opts)
    fmt = next((v for k, v in opts if k in ("-o", "--output")), "full")
    tags = [v.upper() for k, v in opts if k in ("-s", "--match-tag")]
    if fmt not in ("value", "export", "full"):
        guest.die(4, f"blkid: unsupported output format {fmt}\n")
    rc = 2
    for dev in devs:
        real = os.path.realpath(guest.gp(dev))
        rec = vmblock.device_record(real) if os.path.exists(real) else None
        if rec is None:
            if probe:
                sys.stderr.write(f"blkid: error: {dev}: No such file or directory\n")
            continue
        fs = vmblock.read_fs(_state(), rec["volid"])
        if not fs:
            continue
        rc = 0
        values = [("LABEL", fs.get("label", "")), ("UUID", fs["uuid"]), ("BLOCK_SIZE", "4096"),
                  ("TYPE", fs["type"])]
        if probe:
            values = [("LABEL", fs.get("label", "")), ("UUID", fs["uuid"]), ("VERSION", "1.0"),
                      ("BLOCK_SIZE", "4096"), ("TYPE", fs["type"]), ("USAGE", "filesystem")]
        values = [(k, v) for k, v in values if v and (not tags or k in tags)]
        if fmt == "value":
            sys.stdout.write("".join(f"{v}\n" for _, v in values))
        elif fmt == "export":
            sys.stdout.write(f"DEVNAME={dev}\n" + "".join(f"{k}={v}\n" for k, v in values) + "\n")
        else:
            sys.stdout.write(f"{dev}: " + " ".join(f'{k}="{v}"' for k, v in values) + "\n")
    return rc


def cmd_mkfs_ext4(args: List[str]) -> int:
    """e2fsprogs mke2fs -t ext4 on one of the VM's disks."""
    import uuid as uuidlib
    from . import vmblock
    opts, rest = _opts("mkfs.ext4", args, "qFL:U:m:E:t:b:", [])
    if not rest:
        guest.die(1, "Usage: mkfs.ext4 [-c|-l filename] [-b block-size] [-C cluster-size]\n"
                     "\t[-i bytes-per-inode] [-I inode-size] [-J journal-options]\n"
                     "\t[-G flex-group-size] [-N number-of-inodes] [-d root-directory]\n"
                     "\t[-m reserved-blocks-percentage] [-o creator-os]\n"
                     "\t[-g blocks-per-group] [-L volume-label] [-M last-mounted-directory]\n"
                     "\t[-O feature[,...]] [-r fs-revision] [-E extended-option[,...]]\n"
                     "\t[-t fs-type] [-T usage-type ] [-U UUID] [-e errors_behavior][-z undo_file]\n"
                     "\t[-jnqvDFSV] device [blocks-count]\n")
    dev = rest[0]
    quiet = any(k == "-q" for k, _ in opts)
    force = any(k == "-F" for k, _ in opts)
    label = next((v for k, v in opts if k == "-L"), "")
    fs_uuid = next((v for k, v in opts if k == "-U"), "")
    real = os.path.realpath(guest.gp(dev))
    rec = vmblock.device_record(real) if os.path.exists(real) else None
    if rec is None:
        guest.die(1, f"The file {dev} does not exist and no size was specified.\n")
    if fs_uuid and fs_uuid not in ("random", "time", "clear"):
        try:
            fs_uuid = str(uuidlib.UUID(fs_uuid))
        except ValueError:
            guest.die(1, "mkfs.ext4: Invalid UUID format\n\n")
    else:
        fs_uuid = str(uuidlib.uuid4())
    gdev = "/" + os.path.relpath(real, guest.ROOT)
    if any(m["source"] == gdev for m in qg.read_mounts(guest.ROOT).values()):
        guest.die(1, f"{dev} contains a ext4 file system\n{dev} is mounted; will not make a filesystem here!\n")
    old = vmblock.read_fs(_state(), rec["volid"])
    if old and not force:
        guest.die(1, f"mke2fs 1.47.0 (5-Feb-2023)\n{dev} contains a {old['type']} file system"
                     + (f" labelled '{old['label']}'" if old.get("label") else "") + "\n"
                     "Proceed anyway? (y,N) \n")
    if len(label.encode()) > 16:
        label = label.encode()[:16].decode(errors="ignore")
        sys.stderr.write(f"Warning: label too long; will be truncated to '{label}'\n\n")
    root = vmblock.write_fs(_state(), rec["volid"], {"type": "ext4", "uuid": fs_uuid, "label": label,
                                                      "size": int(rec["size"])})
    os.makedirs(os.path.join(root, "lost+found"), 0o700)
    if not quiet:
        blocks = int(rec["size"]) // 4096
        sys.stdout.write(f"Creating filesystem with {blocks} 4k blocks and {max(1, blocks // 4)} inodes\n"
                         f"Filesystem UUID: {fs_uuid}\n"
                         "Allocating group tables: done                            \n"
                         "Writing inode tables: done                            \n"
                         "Creating journal (16384 blocks): done\n"
                         "Writing superblocks and filesystem accounting information: done \n\n")
        sys.stderr.write("mke2fs 1.47.0 (5-Feb-2023)\n")
    return 0


def cmd_resize2fs(args: List[str]) -> int:
    """e2fsprogs resize2fs DEVICE: grow the ext4 file system to the disk's size (online)."""
    from . import vmblock
    opts, rest = _opts("resize2fs", args, "fFpP", [])
    sys.stderr.write("resize2fs 1.47.0 (5-Feb-2023)\n")
    if not rest:
        guest.die(1, "Usage: resize2fs [-d debug_flags] [-f] [-F] [-M] [-P] [-p] device [-b|-s|new_size] "
                     "[-S RAID-stride] [-z undo_file]\n\n")
    dev = rest[0]
    real = os.path.realpath(guest.gp(dev))
    rec = vmblock.device_record(real) if os.path.exists(real) else None
    if rec is None:
        guest.die(1, f"open: No such file or directory while opening {dev}\n")
    fs = vmblock.read_fs(_state(), rec["volid"])
    if not fs or fs.get("type") != "ext4":
        guest.die(1, f"resize2fs: Bad magic number in super-block while trying to open {dev}\n"
                     "Couldn't find valid filesystem superblock.\n")
    blocks = int(rec["size"]) // 4096
    if int(fs["size"]) // 4096 == blocks:
        sys.stderr.write(f"The filesystem is already {blocks} (4k) blocks long.  Nothing to do!\n\n")
        return 0
    gdev = "/" + os.path.relpath(real, guest.ROOT)
    mounted = next((t for t, m in qg.read_mounts(guest.ROOT).items() if m["source"] == gdev), None)
    if mounted:
        old_desc = max(1, int(fs["size"]) // (128 << 20) // 128 + 1)
        sys.stderr.write(f"Filesystem at {dev} is mounted on {mounted}; on-line resizing required\n"
                         f"old_desc_blocks = {old_desc}, new_desc_blocks = "
                         f"{max(1, int(rec['size']) // (128 << 20) // 128 + 1)}\n")
    vmblock.update_fs(_state(), rec["volid"], size=int(rec["size"]))
    sys.stdout.write(f"The filesystem on {dev} is now {blocks} (4k) blocks long.\n\n")
    return 0


COMMANDS = {"mount": cmd_mount, "umount": cmd_umount, "findmnt": cmd_findmnt, "mountpoint": cmd_mountpoint,
            "cloud-init": cmd_cloud_init, "tee": cmd_tee, "test": cmd_test, "blkid": cmd_blkid,
            "mkfs.ext4": cmd_mkfs_ext4, "resize2fs": cmd_resize2fs}
