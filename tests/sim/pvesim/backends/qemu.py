"""The simulated `qm`'s real-QEMU backend: VMs run as qemu-system-x86_64 processes.

Selected with ``PVESIM_VM_BACKEND=qemu`` (unset or ``sim``: the stand-in guest of
pvesim/guest/vm.py).  The PVE side (configs, volume records, task output, errors) stays the
simulator's; this module makes it real underneath, the way qemu-server does
(PVE/QemuServer.pm config_to_command, vm_start, vm_stop, vm_deviceplug, qemu_block_resize;
QemuServer/Virtiofs.pm; QemuServer/Cloudinit.pm):

* every VM volume is a real image file: dir-like storages at the path the simulator
  reports, lvmthin/zfs/rbd-like storages under <state>/qemu-disks/<storage>/<volname>
  ('/' in a volname becomes '__').  ``import-from=/abs.qcow2`` makes a qcow2 overlay backed
  by the source (same content as PVE's copy, much faster); a linked clone is an overlay on
  the base's file; a full clone is ``qemu-img convert``; a new disk a sparse file;
* ``qm start``: a cloud-init ISO (genisoimage, label cidata) from <state>/cloudinit/<vmid>/,
  taps ``tap<vmid>i<n>`` on existing host bridges, virtiofsd per virtiofsN, then QEMU;
  runtime files in <state>/qemu-run/<vmid>/ (pid, qmp.sock, qga.sock, serial.log, qemu.log,
  virtiofsd-N.sock/.pid/.log, cloudinit.iso);
* a VM runs iff its QEMU PID is alive and its command line names this VM's QMP socket;
  when QEMU is gone (powered off from inside) the next look cleans up after it (taps,
  virtiofsd), as qmeventd does;
* the guest agent commands go to the real qemu-guest-agent over the virtio-serial socket.

Every process is stopped by its PID after checking its command line; taps are deleted by
the names recorded when they were created.  Python standard library only.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import time
from typing import Any, Dict, List, Optional, Sequence, Tuple

from . import qmp as proto

QEMU = os.environ.get("PVESIM_QEMU", "qemu-system-x86_64")
VIRTIOFSD = os.environ.get("PVESIM_VIRTIOFSD", "/usr/lib/qemu/virtiofsd")
AGENT_PING_TIMEOUT = 3.0          # qemu-server's guest-ping wait
SHUTDOWN_TIMEOUT = 60             # _do_vm_stop: $timeout = 60 if !defined($timeout)


class BackendError(RuntimeError):
    pass


def selected() -> bool:
    """PVESIM_VM_BACKEND=qemu (anything else but unset/'sim' is an error)."""
    name = os.environ.get("PVESIM_VM_BACKEND", "sim") or "sim"
    if name == "qemu":
        return True
    if name != "sim":
        raise BackendError(f"unknown PVESIM_VM_BACKEND '{name}' (expected 'sim' or 'qemu')")
    return False


def active(st: Any, vmid: int) -> bool:
    """The VM was started by this backend (its runtime record says so)."""
    return st.runtime(vmid).get("backend") == "qemu"


def accel(boot_disk: Optional[Tuple[str, str]] = None) -> str:
    """tcg, kvm, or with PVESIM_VM_ACCEL=auto what the probe found faster here (booting
    BOOT_DISK, (file, format), the first time; cached in PVESIM_VM_PROBE_FILE)."""
    choice = os.environ.get("PVESIM_VM_ACCEL", "tcg") or "tcg"
    if choice not in ("tcg", "kvm", "auto"):
        raise BackendError(f"PVESIM_VM_ACCEL={choice!r}: tcg, kvm or auto")
    if choice == "auto":
        if not os.access("/dev/kvm", os.R_OK | os.W_OK) or boot_disk is None:
            return "tcg"
        return str(probe(*boot_disk)["choice"])
    return choice


# -- the accelerator probe -------------------------------------------------------------
# Nested KVM can be present and still useless: on some hosts -cpu host/max abort at start
# and the default CPU hangs in an emulation failure, while TCG boots a kernel in seconds.
# So `auto` boots the VM's own disk (-snapshot: nothing written) under TCG up to the kernel
# starting init, then under KVM for at most as long, and takes KVM only when it got there
# first: the probe costs at most twice a TCG boot to init, once per machine.
PROBE_MARK = b"Run /init as init process"
PROBE_TIMEOUT = 90.0  # TCG on a busy 2-core machine took 17 s


def probe(disk: str, fmt: str) -> Dict[str, Any]:
    """{"choice": "kvm"|"tcg", "seconds": {accel: seconds or None}}, cached per QEMU and
    host kernel in PVESIM_VM_PROBE_FILE (no cache without it, nor when DISK booted no
    kernel under TCG either)."""
    cache = os.environ.get("PVESIM_VM_PROBE_FILE", "")
    key = f"{_qemu_version()} {os.uname().release}"
    if cache:
        with contextlib.suppress(OSError, ValueError):
            found = json.loads(open(cache).read())
            if found.get("key") == key:
                return dict(found)
    if not _has_data(disk, fmt):  # a blank disk (an installer VM's): nothing to boot
        return {"key": key, "seconds": {"tcg": None, "kvm": None}, "choice": "tcg"}
    tcg = _seconds_to_init(disk, fmt, "tcg", PROBE_TIMEOUT)
    kvm = _seconds_to_init(disk, fmt, "kvm", tcg if tcg is not None else PROBE_TIMEOUT / 3)
    seconds = {"tcg": tcg, "kvm": kvm}
    result = {"key": key, "seconds": seconds,
              "choice": "kvm" if kvm is not None and (tcg is None or kvm < tcg) else "tcg"}
    if cache and tcg is not None:  # a disk that boots no kernel (a blank one) proves nothing
        tmp = f"{cache}.{os.getpid()}"
        with open(tmp, "w") as f:
            json.dump(result, f)
        os.replace(tmp, cache)
    return result


def _qemu_version() -> str:
    return _run([QEMU, "--version"]).stdout.splitlines()[0]


def _has_data(disk: str, fmt: str) -> bool:
    """DISK (or its backing chain) holds any data at all."""
    out = _run(["qemu-img", "map", "--output=json", "-f", fmt, disk]).stdout
    return any(extent.get("data") for extent in json.loads(out))


def _seconds_to_init(disk: str, fmt: str, acc: str, limit: float) -> Optional[float]:
    """How long DISK's kernel takes under ACC to start init; None if not within LIMIT."""
    import tempfile
    with tempfile.TemporaryDirectory(prefix="pvesim-probe-") as tmp:
        log = os.path.join(tmp, "serial.log")
        argv = [QEMU, "-nodefaults", "-display", "none", "-machine", "pc", "-accel", acc,
                "-m", "512", "-snapshot", "-drive", f"file={disk},format={fmt},if=virtio",
                "-chardev", f"file,id=s0,path={log}", "-device", "isa-serial,chardev=s0"]
        started = time.monotonic()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            while time.monotonic() - started < limit and proc.poll() is None:
                with contextlib.suppress(OSError):
                    with open(log, "rb") as f:
                        if PROBE_MARK in f.read():
                            return round(time.monotonic() - started, 2)
                time.sleep(0.2)
            return None
        finally:
            proc.kill()
            proc.wait()


def _run(argv: List[str], timeout: float = 600) -> subprocess.CompletedProcess:
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        raise BackendError(f"{' '.join(argv)}: {proc.stderr.strip() or proc.stdout.strip()}")
    return proc


def read_cmdline(pid: int) -> List[str]:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            raw = fh.read()
    except OSError:
        return []
    return [a.decode("utf-8", "surrogateescape") for a in raw.split(b"\0") if a]


def is_alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            stat = fh.read()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] not in ("Z", "X")


def pid_is(pid: Optional[int], marker: str) -> bool:
    """PID is alive and its command line contains MARKER (a path of ours)."""
    if not pid:
        return False
    return is_alive(pid) and any(marker in a for a in read_cmdline(pid))


def _kill(pid: int, marker: str, grace: float = 5.0) -> None:
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        if not pid_is(pid, marker):
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and pid_is(pid, marker):
            with contextlib.suppress(ChildProcessError, OSError):
                os.waitpid(pid, os.WNOHANG)
            time.sleep(0.1)


# --- paths ------------------------------------------------------------------------------------

def run_dir(st: Any, vmid: int) -> str:
    return st.p("qemu-run", str(vmid))


def disk_dir(st: Any) -> str:
    return st.p("qemu-disks")


def image_path(st: Any, rec: dict) -> str:
    """The file behind a volume record."""
    if rec.get("path"):
        return str(rec["path"])
    return os.path.join(disk_dir(st), rec["storage"], rec["volname"].replace("/", "__"))


def image_format(rec: dict) -> str:
    return str(rec.get("qemu_format") or rec.get("format") or "raw")


def _record(st: Any, volid: str) -> Optional[dict]:
    from ..guest import vmdisk
    return vmdisk.record(st, volid)


def _save(st: Any, rec: dict) -> None:
    from ..guest import vmdisk
    vmdisk._write_record(st, rec)


# --- volumes ----------------------------------------------------------------------------------

def create_image(st: Any, volid: str, size: int) -> None:
    """A new, empty volume: sparse raw file (qcow2 when the storage format says so)."""
    rec = _record(st, volid)
    if rec is None or re.search(r"vm-\d+-cloudinit", rec["volname"]):
        return
    path = image_path(st, rec)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fmt = "qcow2" if rec.get("format") == "qcow2" else "raw"
    if fmt == "qcow2":
        _run(["qemu-img", "create", "-q", "-f", "qcow2", path, str(int(size))])
    else:
        with open(path, "wb") as fh:
            fh.truncate(int(size))
    rec["qemu_format"] = fmt
    _save(st, rec)


def import_image(st: Any, volid: str, source: str) -> None:
    """import-from=<file>: a qcow2 overlay backed by the source (content identical)."""
    rec = _record(st, volid)
    if rec is None:
        return
    path = image_path(st, rec)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    src_fmt = _probe_format(source)
    _run(["qemu-img", "create", "-q", "-f", "qcow2", "-F", src_fmt, "-b",
          os.path.abspath(source), path])
    rec["qemu_format"] = "qcow2"
    _save(st, rec)


def _probe_format(path: str) -> str:
    out = _run(["qemu-img", "info", "-U", "--output=json", path]).stdout
    return str(json.loads(out).get("format") or "raw")


def _empty_target(st: Any, rec: dict) -> str:
    """REC's image path, its directory made and any old file there gone."""
    path = image_path(st, rec)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    return path


def copy_image(st: Any, src_volid: str, dst_volid: str) -> None:
    """Full clone: an independent copy (survives the source's destruction)."""
    src, dst = _record(st, src_volid), _record(st, dst_volid)
    if src is None or dst is None or not os.path.exists(image_path(st, src)):
        return
    path = _empty_target(st, dst)
    fmt = "qcow2" if dst.get("format") == "qcow2" else "raw"
    _run(["qemu-img", "convert", "-U", "-f", image_format(src), "-O", fmt,
          image_path(st, src), path])
    dst["qemu_format"] = fmt
    _save(st, dst)


def link_image(st: Any, base_volid: str, volid: str) -> None:
    """Linked clone: a qcow2 overlay on the base volume's file."""
    base, rec = _record(st, base_volid), _record(st, volid)
    if base is None or rec is None or not os.path.exists(image_path(st, base)):
        return
    path = _empty_target(st, rec)
    _run(["qemu-img", "create", "-q", "-f", "qcow2", "-F", image_format(base), "-b",
          image_path(st, base), path])
    rec["qemu_format"] = "qcow2"
    _save(st, rec)


def renamed(st: Any, old: dict, new_volid: str) -> None:
    """create_base renamed a volume: move its file along (file storages: done already)."""
    new = _record(st, new_volid)
    if new is None or old.get("path"):
        return
    src = image_path(st, old)
    if os.path.exists(src):
        os.rename(src, image_path(st, new))


def free_image(st: Any, rec: dict) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(image_path(st, rec))
    shutil.rmtree(image_snapshot_dir(st, rec), ignore_errors=True)  # its raw snapshot copies


# --- snapshots (qm snapshot / rollback / delsnapshot) -------------------------------------------
# qcow2: internal snapshots, as qemu-server/pve-storage make them (Plugin.pm volume_snapshot:
# qemu-img snapshot -c; QemuServer.pm qemu_volume_snapshot on a running VM: QMP
# blockdev-snapshot-internal-sync on drive-<key>).  raw (what lvmthin/zfs/rbd volumes are here):
# a copy of the file in <state>/qemu-disks/.snapshots/<storage>/<volname>/<snap>, taken with
# QEMU paused (QMP stop / cont) when the VM runs.

def image_snapshot_dir(st: Any, rec: dict) -> str:
    return os.path.join(disk_dir(st), ".snapshots", rec["storage"], rec["volname"].replace("/", "__"))


def _snap_images(st: Any, drives: Sequence[Tuple[str, str]]) -> List[Tuple[str, dict, str, str]]:
    """(key, record, image path, format) of the DRIVES that are real image files."""
    res = []
    for key, volid in drives:
        rec = _record(st, volid)
        if rec is None or not rec.get("qemu_format") or not os.path.exists(image_path(st, rec)):
            continue
        res.append((key, rec, image_path(st, rec), image_format(rec)))
    return res


def _running(st: Any, vmid: int) -> bool:
    return active(st, vmid) and qemu_alive(st, vmid)


def _copy_file(src: str, dst: str) -> None:
    tmp = dst + ".tmp"
    os.makedirs(os.path.dirname(dst), mode=0o700, exist_ok=True)
    _run(["cp", "--reflink=auto", "--sparse=always", "--", src, tmp])
    os.replace(tmp, dst)


def _qcow2_snapshots(path: str) -> List[str]:
    out = _run(["qemu-img", "info", "-U", "--output=json", path]).stdout
    return [s.get("name") for s in json.loads(out).get("snapshots") or []]


def snapshot_images(st: Any, vmid: int, drives: Sequence[Tuple[str, str]], snap: str) -> None:
    images = _snap_images(st, drives)
    if not images:
        return
    running = _running(st, vmid)
    paused = False
    try:
        for key, rec, path, fmt in images:
            if fmt == "qcow2":
                if running:
                    qmp(st, vmid, "blockdev-snapshot-internal-sync",
                        {"device": f"drive-{key}", "name": snap})
                else:
                    _run(["qemu-img", "snapshot", "-c", snap, path])
            else:
                if running and not paused:
                    qmp(st, vmid, "stop")  # drains and flushes the disks
                    paused = True
                _copy_file(path, os.path.join(image_snapshot_dir(st, rec), snap))
    except (RuntimeError, OSError) as exc:
        raise BackendError(f"pvesim: snapshot of VM {vmid}'s images failed: {exc}") from exc
    finally:
        if paused:
            qmp(st, vmid, "cont")


def check_image_snapshots(st: Any, vmid: int, drives: Sequence[Tuple[str, str]], snap: str) -> None:
    from ..util import TaskFailed
    for _key, rec, path, fmt in _snap_images(st, drives):
        have = (snap in _qcow2_snapshots(path) if fmt == "qcow2"
                else os.path.isfile(os.path.join(image_snapshot_dir(st, rec), snap)))
        if not have:
            raise TaskFailed(f"pvesim: image {path} has no snapshot '{snap}'\n")


def rollback_images(st: Any, vmid: int, drives: Sequence[Tuple[str, str]], snap: str) -> None:
    """The VM is stopped (the rollback stopped it first)."""
    for _key, rec, path, fmt in _snap_images(st, drives):
        if fmt == "qcow2":
            _run(["qemu-img", "snapshot", "-a", snap, path])
        else:
            _copy_file(os.path.join(image_snapshot_dir(st, rec), snap), path)


def delete_image_snapshots(st: Any, vmid: int, drives: Sequence[Tuple[str, str]], snap: str) -> None:
    running = _running(st, vmid)
    for key, rec, path, fmt in _snap_images(st, drives):
        if fmt == "qcow2":
            if snap not in _qcow2_snapshots(path):
                continue
            if running:
                qmp(st, vmid, "blockdev-snapshot-delete-internal-sync",
                    {"device": f"drive-{key}", "name": snap})
            else:
                _run(["qemu-img", "snapshot", "-d", snap, path])
        else:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(image_snapshot_dir(st, rec), snap))
            with contextlib.suppress(OSError):
                os.rmdir(image_snapshot_dir(st, rec))


def resize_image(st: Any, vmid: int, key: str, volid: str, size: int) -> None:
    """qemu_block_resize: QMP block_resize on a running VM, else qemu-img resize."""
    rec = _record(st, volid)
    if rec is None or not os.path.exists(image_path(st, rec)):
        return
    if active(st, vmid) and st.running(vmid):
        qmp(st, vmid, "block_resize", {"device": f"drive-{key}", "size": int(size)})
        return
    _run(["qemu-img", "resize", "-q", "-f", image_format(rec), image_path(st, rec), str(int(size))])


# --- QMP / agent ------------------------------------------------------------------------------

def qmp(st: Any, vmid: int, command: str, arguments: Optional[dict] = None,
        timeout: float = 30) -> Any:
    return proto.qmp(os.path.join(run_dir(st, vmid), "qmp.sock"), command, arguments, timeout)


def agent(st: Any, vmid: int, command: str, arguments: Optional[dict] = None,
          timeout: float = 10) -> Any:
    return proto.agent(os.path.join(run_dir(st, vmid), "qga.sock"), command, arguments, timeout)


def agent_ping(st: Any, vmid: int) -> bool:
    try:
        agent(st, vmid, "guest-ping", timeout=AGENT_PING_TIMEOUT)
        return True
    except (proto.AgentError, OSError):
        return False


# --- command line -----------------------------------------------------------------------------

def _drive_props(d: Dict[str, str]) -> str:
    out = ""
    if d.get("serial"):
        out += f",serial={d['serial']}"
    return out


def scsi_device(key: str, d: Dict[str, str], bootindex: Optional[int]) -> str:
    unit = int(key[4:])
    dev = (f"scsi-hd,bus=scsihw0.0,channel=0,scsi-id=0,lun={unit},drive=drive-{key},id={key}"
           + _drive_props(d))
    if bootindex is not None:
        dev += f",bootindex={bootindex}"
    return dev


def drive_spec(key: str, path: str, fmt: str, cdrom: bool = False) -> str:
    if cdrom:
        return f"file={path},if=none,id=drive-{key},media=cdrom,format=raw,readonly=on"
    return f"file={path},if=none,id=drive-{key},format={fmt},discard=on,aio=threads"


def build_argv(st: Any, vmid: int, conf: Any, disks: List[Tuple[str, Dict[str, str], str, str]],
               iso: Optional[str], nets: List[Tuple[int, str, str]],
               virtiofs: List[Tuple[int, str, str]],
               cdroms: Sequence[Tuple[str, str]] = ()) -> List[str]:
    """config_to_command, reduced to what the test tier needs.  CDROMS: (key, ISO file)
    of CD-ROM drives holding an ISO volume (an installer), besides the cloud-init ISO."""
    from ..ops.qemu import boot_devices, memory_mb
    c = conf.main
    rd = run_dir(st, vmid)
    sockets = int(c.get("sockets") or 1)
    cores = int(c.get("cores") or 1)
    mem = memory_mb(c)
    order = boot_devices(c)
    argv = [QEMU, "-name", f"{c.get('name') or f'VM{vmid}'},debug-threads=on",
            "-nodefaults",
            "-chardev", f"socket,id=qmp,path={rd}/qmp.sock,server=on,wait=off",
            "-mon", "chardev=qmp,mode=control",
            "-pidfile", f"{rd}/pid", "-display", "none",
            "-smp", f"{sockets * cores},sockets={sockets},cores={cores},maxcpus={sockets * cores}",
            "-m", str(mem), "-machine", "pc",
            "-accel", accel(next(((path, fmt) for key, _, path, fmt in disks
                                  if key in order[:1]), None))]
    if virtiofs:
        # QemuServer/Virtiofs.pm: the guest RAM must be shared with virtiofsd
        argv += ["-object", f"memory-backend-memfd,id=virtiofs-mem,size={mem}M,share=on",
                 "-numa", "node,memdev=virtiofs-mem"]
    # serial0 (PVE: a socket for 'qm terminal'; here always a file: the console log)
    argv += ["-chardev", f"file,id=serial0,path={rd}/serial.log",
                 "-device", "isa-serial,chardev=serial0"]
    from ..guest.vm import _agent_enabled
    if _agent_enabled(c):
        argv += ["-chardev", f"socket,path={rd}/qga.sock,server=on,wait=off,id=qga0",
                 "-device", "virtio-serial,id=qga0,bus=pci.0",
                 "-device", f"virtserialport,chardev=qga0,name={proto.AGENT_PORT}"]
    argv += ["-device", "virtio-scsi-pci,id=scsihw0,bus=pci.0"]
    for key, d, path, fmt in disks:
        boot = 100 + order.index(key) if key in order else None
        argv += ["-drive", drive_spec(key, path, fmt)]
        if key.startswith("scsi"):
            argv += ["-device", scsi_device(key, d, boot)]
        elif key.startswith("virtio"):
            argv += ["-device", f"virtio-blk-pci,drive=drive-{key},id={key}"
                     + _drive_props(d) + (f",bootindex={boot}" if boot is not None else "")]
        elif key.startswith("sata"):
            argv += ["-device", "ahci,id=ahci0,multifunction=on,bus=pci.0"] if \
                not any(a.startswith("ahci,") for a in argv) else []
            argv += ["-device", f"ide-hd,bus=ahci0.{key[4:]},drive=drive-{key},id={key}"
                     + (f",bootindex={boot}" if boot is not None else "")]
        else:  # ide
            n = int(key[3:])
            argv += ["-device", f"ide-hd,bus=ide.{n // 2},unit={n % 2},drive=drive-{key},id={key}"
                     + (f",bootindex={boot}" if boot is not None else "")]
    if iso:
        key, isofile = iso.split("=", 1)
        n = int(key[3:]) if key.startswith("ide") else 2
        argv += ["-drive", drive_spec(key, isofile, "raw", cdrom=True),
                 "-device", f"ide-cd,bus=ide.{n // 2},unit={n % 2},drive=drive-{key},id={key}"]
    for key, isofile in cdroms:  # ide only (PVE's default bus for a CD-ROM)
        n = int(key[3:])
        boot = 100 + order.index(key) if key in order else None
        argv += ["-drive", drive_spec(key, isofile, "raw", cdrom=True),
                 "-device", f"ide-cd,bus=ide.{n // 2},unit={n % 2},drive=drive-{key},id={key}"
                 + (f",bootindex={boot}" if boot is not None else "")]
    for i, tap, mac in nets:
        argv += ["-netdev", f"type=tap,id=net{i},ifname={tap},script=no,downscript=no",
                 "-device", f"virtio-net-pci,mac={mac},netdev=net{i},bus=pci.0,id=net{i},romfile="]
    for i, sock, dirid in virtiofs:
        argv += ["-chardev", f"socket,id=virtiofs{i},path={sock}",
                 "-device", f"vhost-user-fs-pci,queue-size=1024,chardev=virtiofs{i},tag={dirid}"]
    return argv


# --- start ------------------------------------------------------------------------------------

def _bridge_exists(name: str) -> bool:
    return os.path.isdir(f"/sys/class/net/{name}/bridge")


def _iface_exists(name: str) -> bool:
    return os.path.exists(f"/sys/class/net/{name}")


def build_iso(st: Any, vmid: int) -> Optional[str]:
    """The NoCloud files of <state>/cloudinit/<vmid>/ as an ISO labelled cidata (PVE uses
    genisoimage the same way)."""
    src = st.p("cloudinit", str(vmid))
    if not os.path.isdir(src):
        return None
    files = [os.path.join(src, f) for f in ("user-data", "network-config", "meta-data",
                                              "vendor-data") if os.path.exists(os.path.join(src, f))]
    iso = os.path.join(run_dir(st, vmid), "cloudinit.iso")
    _run(["genisoimage", "-quiet", "-input-charset", "utf-8", "-iso-level", "3", "-R", "-J",
          "-V", "cidata", "-o", iso] + files)
    return iso


def start(st: Any, vmid: int, conf: Any, virtiofs_map: Dict[str, str], out: Any,
          ready_timeout: float = 30) -> Dict[str, Any]:
    """Launch QEMU for VMID; returns the runtime record (status running).  Raises
    BackendError with QEMU's own words; what was started so far is cleaned up then."""
    from ..ops.qemu import drive_is_cdrom, drive_is_cloudinit, drives, iso_path, parse_net
    c = conf.main
    rd = run_dir(st, vmid)
    if os.path.isdir(rd):
        cleanup(st, vmid, keep_logs=False)
    os.makedirs(rd, exist_ok=True)
    if len(os.path.join(rd, "virtiofsd-9.sock")) > 100:
        raise BackendError(f"state directory too long for unix sockets: {rd}")
    rt: Dict[str, Any] = {"status": "running", "backend": "qemu", "type": "qemu", "taps": [],
                          "virtiofsd": [], "virtiofs": dict(virtiofs_map)}
    try:
        disks: List[Tuple[str, Dict[str, str], str, str]] = []
        iso = None
        cdroms: List[Tuple[str, str]] = []
        for key, d in drives(st, c):
            if drive_is_cloudinit(d):
                path = build_iso(st, vmid)
                if path:
                    iso = f"{key}={path}"
                continue
            if drive_is_cdrom(d):
                volume = d.get("file", "")
                if volume not in ("", "none", "cdrom") and key.startswith("ide"):
                    cdroms.append((key, volume if volume.startswith("/")
                                   else iso_path(st, volume)))
                continue
            if d.get("file", "").startswith("/"):  # a device or file passed through as is
                disks.append((key, d, d["file"], _probe_format(d["file"])))
                continue
            rec = _record(st, d.get("file", ""))
            if rec is None:
                continue
            path = image_path(st, rec)
            if not os.path.exists(path):
                create_image(st, rec["volid"], int(rec.get("size") or 0))
                rec = _record(st, rec["volid"]) or rec
            disks.append((key, d, path, image_format(rec)))
        nets: List[Tuple[int, str, str]] = []
        for i in range(32):
            v = c.get(f"net{i}")
            if not v:
                continue
            net = parse_net(st, vmid, f"net{i}", v, add_mac=False)
            tap = f"tap{vmid}i{i}"
            br = net.get("bridge")
            if _iface_exists(tap):
                raise BackendError(f"interface {tap} already exists")
            _run(["ip", "tuntap", "add", "dev", tap, "mode", "tap"])
            rt["taps"].append(tap)
            _save_rt(st, vmid, rt)
            if br:
                _run(["ip", "link", "set", tap, "master", br])
            _run(["ip", "link", "set", tap, "up"])
            mac = net.get("macaddr") or next((net[k] for k in net if re.fullmatch(
                r"[0-9A-Fa-f:]{17}", net[k])), "")
            nets.append((i, tap, mac))
        vfs: List[Tuple[int, str, str]] = []
        from ..ops.qemu import fmt as _fmt
        from ..cli import cliparse
        for i in range(10):
            v = c.get(f"virtiofs{i}")
            if not v:
                continue
            vf = cliparse.parse_property_string(_fmt(st, "virtiofs0"), v, f"virtiofs{i}")
            dirid = vf["dirid"]
            sock = os.path.join(rd, f"virtiofsd-{i}.sock")
            rt["virtiofsd"].append(_start_virtiofsd(rd, i, sock, virtiofs_map[dirid], vf))
            _save_rt(st, vmid, rt)
            vfs.append((i, sock, dirid))
        argv = build_argv(st, vmid, conf, disks, iso, nets, vfs, cdroms)
        with open(os.path.join(rd, "argv.json"), "w") as fh:
            json.dump(argv, fh)
        started = time.time()
        log = open(os.path.join(rd, "qemu.log"), "wb")
        with log:
            popen = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                     start_new_session=True)
        rt.update({"pid": popen.pid, "started": started, "qmp": os.path.join(rd, "qmp.sock"),
                   "qga": os.path.join(rd, "qga.sock")})
        _save_rt(st, vmid, rt)
        deadline = time.monotonic() + ready_timeout
        while True:
            if popen.poll() is not None:
                raise BackendError(_tail(os.path.join(rd, "qemu.log")) + "\n"
                                   f"start failed: QEMU exited with code {popen.returncode}")
            try:
                qmp(st, vmid, "query-status", timeout=2)
                break
            except (OSError, ValueError, RuntimeError):
                pass
            if time.monotonic() > deadline:
                raise BackendError(f"start failed: QEMU did not answer QMP within {ready_timeout} s")
            time.sleep(0.1)
        return rt
    except BaseException:
        _stop_processes(st, vmid, rt)
        cleanup(st, vmid, rt=rt, keep_logs=True)
        raise


def _start_virtiofsd(rd: str, i: int, sock: str, path: str, vf: Dict[str, str]) -> int:
    """Debian 12's C virtiofsd (qemu-system-common); PVE 8.4 runs the Rust one with the
    equivalent options (--shared-dir, --cache, --xattr, --posix-acl, --announce-submounts)."""
    opts = [f"source={path}", f"cache={vf.get('cache') or 'auto'}", "announce_submounts"]
    if vf.get("expose-xattr") == "1" or vf.get("expose-acl") == "1":
        opts.append("xattr")
    if vf.get("expose-acl") == "1":
        opts.append("posix_acl")
    argv = [VIRTIOFSD, f"--socket-path={sock}", "-o", ",".join(opts)]
    log = open(os.path.join(rd, f"virtiofsd-{i}.log"), "wb")
    with log:
        popen = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                 start_new_session=True)
    with open(os.path.join(rd, f"virtiofsd-{i}.pid"), "w") as fh:
        fh.write(f"{popen.pid}\n")
    deadline = time.monotonic() + 10
    while not os.path.exists(sock):
        if popen.poll() is not None or time.monotonic() > deadline:
            raise BackendError(f"virtiofsd for virtiofs{i} failed: "
                               + _tail(os.path.join(rd, f"virtiofsd-{i}.log")))
        time.sleep(0.05)
    return popen.pid


def _tail(path: str, lines: int = 20) -> str:
    try:
        with open(path, "rb") as fh:
            return "\n".join(fh.read().decode(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _save_rt(st: Any, vmid: int, rt: Dict[str, Any]) -> None:
    st.set_runtime(vmid, dict(rt, status="starting") if "pid" not in rt else rt)


# --- liveness, stop, cleanup --------------------------------------------------------------------

def qemu_alive(st: Any, vmid: int, rt: Optional[dict] = None) -> bool:
    rt = rt if rt is not None else st.runtime(vmid)
    return pid_is(rt.get("pid"), os.path.join(run_dir(st, vmid), "qmp.sock"))


def _wait_exit(st: Any, vmid: int, rt: dict, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(int(rt.get("pid") or 0), os.WNOHANG)
        if not qemu_alive(st, vmid, rt):
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)


def _stop_processes(st: Any, vmid: int, rt: dict) -> None:
    marker = os.path.join(run_dir(st, vmid), "qmp.sock")
    pid = rt.get("pid")
    if pid and pid_is(pid, marker):
        _kill(int(pid), marker)
    rd = run_dir(st, vmid)
    for i, vpid in enumerate(rt.get("virtiofsd") or []):
        _kill(int(vpid), rd, grace=2.0)


def cleanup(st: Any, vmid: int, rt: Optional[dict] = None, keep_logs: bool = True) -> None:
    """After QEMU is gone: stop virtiofsd, delete our taps, remove the runtime files (the
    logs stay unless KEEP_LOGS is false)."""
    rt = rt if rt is not None else st.runtime(vmid)
    rd = run_dir(st, vmid)
    for vpid in rt.get("virtiofsd") or []:
        _kill(int(vpid), rd, grace=2.0)
    for tap in rt.get("taps") or []:
        if re.fullmatch(rf"tap{vmid}i\d+", tap) and _iface_exists(tap):
            subprocess.run(["ip", "link", "del", tap], capture_output=True)
    if os.path.isdir(rd):
        for f in os.listdir(rd):
            if keep_logs and f.endswith(".log"):
                continue
            with contextlib.suppress(FileNotFoundError, IsADirectoryError):
                os.unlink(os.path.join(rd, f))
        if not keep_logs:
            shutil.rmtree(rd, ignore_errors=True)


def check_running(st: Any, vmid: int, rt: dict) -> bool:
    """State.running() for VMs of this backend: the QEMU process decides; a QEMU that has
    gone is cleaned up after (qmeventd's job on PVE)."""
    if qemu_alive(st, vmid, rt):
        return True
    cleanup(st, vmid, rt)
    st.set_runtime(vmid, {"status": "stopped"})
    return False


def stop(st: Any, vmid: int, shutdown: bool = False, timeout: Optional[int] = None,
         force: bool = False, agent_shutdown: bool = False) -> None:
    """_do_vm_stop: shutdown = guest-shutdown (agent) or system_powerdown, else QMP quit;
    wait TIMEOUT s (default 60); then SIGTERM if FORCE (or for stop), else fail."""
    rt = st.runtime(vmid)
    if not qemu_alive(st, vmid, rt):
        check_running(st, vmid, rt)
        return
    timeout = SHUTDOWN_TIMEOUT if timeout is None else int(timeout)
    err = None
    try:
        if shutdown:
            if agent_shutdown:
                try:  # guest-shutdown sends no reply on success
                    agent(st, vmid, "guest-shutdown", timeout=2)
                except proto.AgentError as exc:
                    if "closed" not in str(exc) and "timed out" not in str(exc):
                        raise
            else:
                qmp(st, vmid, "system_powerdown")
        else:
            with contextlib.suppress(ConnectionError):
                qmp(st, vmid, "quit")
    except (OSError, RuntimeError, ValueError) as exc:
        err = exc
    if err is None and _wait_exit(st, vmid, rt, timeout):
        check_running(st, vmid, rt)
        return
    if shutdown and not force:
        if err is not None:
            raise BackendError(f"VM {vmid} qmp command failed - {err}")
        raise BackendError("VM quit/powerdown failed - got timeout\n")
    _stop_processes(st, vmid, rt)
    check_running(st, vmid, rt)


# --- hot-plug -----------------------------------------------------------------------------------

def plug_disk(st: Any, vmid: int, key: str, d: Dict[str, str]) -> None:
    """vm_deviceplug for a SCSI disk: drive_add + device_add scsi-hd on scsihw0."""
    if not key.startswith("scsi"):
        raise BackendError(f"pvesim qemu backend: hot-plug of {key} is not implemented")
    rec = _record(st, d.get("file", ""))
    if rec is None:
        raise BackendError(f"volume '{d.get('file')}' does not exist")
    path = image_path(st, rec)
    if not os.path.exists(path):
        create_image(st, rec["volid"], int(rec.get("size") or 0))
        rec = _record(st, rec["volid"]) or rec
    res = qmp(st, vmid, "human-monitor-command",
              {"command-line": f"drive_add auto \"{drive_spec(key, path, image_format(rec))}\""})
    if res and "OK" not in str(res):
        raise BackendError(f"adding drive failed: {str(res).strip()}")
    dev = scsi_device(key, d, None).split(",")
    args: Dict[str, Any] = {"driver": dev[0]}
    for kv in dev[1:]:
        k, v = kv.split("=", 1)
        args[k] = int(v) if k in ("channel", "scsi-id", "lun") else v
    qmp(st, vmid, "device_add", args)


def unplug_disk(st: Any, vmid: int, key: str, timeout: float = 30) -> None:
    """vm_deviceunplug: device_del, wait until it is gone, drive_del."""
    with contextlib.suppress(RuntimeError):
        qmp(st, vmid, "device_del", {"id": key})
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        names = [p["name"] for p in qmp(st, vmid, "qom-list", {"path": "/machine/peripheral"})]
        if key not in names:
            break
        time.sleep(0.2)
    else:
        raise BackendError(f"error on hot-unplugging device '{key}'")
    with contextlib.suppress(RuntimeError):
        qmp(st, vmid, "human-monitor-command", {"command-line": f"drive_del drive-{key}"})


# --- the guest agent, PVE's way -----------------------------------------------------------------

def agent_error(vmid: int, command: str, exc: Exception) -> str:
    desc = getattr(exc, "error", {}).get("desc") or str(exc)
    return f"VM {vmid} qmp command '{command}' failed - {desc}\n"


# --- tests' cleanup API -------------------------------------------------------------------------

def stop_all(state_root: str) -> List[str]:
    """Kill every QEMU / virtiofsd this backend started in the state at STATE_ROOT (by PID,
    command line checked), delete its taps, remove the runtime files.  Returns what it did."""
    from ..model.state import State
    st = State(state_root)
    done: List[str] = []
    base = st.p("qemu-run")
    for name in sorted(os.listdir(base)) if os.path.isdir(base) else []:
        if not name.isdigit():
            continue
        vmid = int(name)
        rt = st.runtime(vmid)
        rt.setdefault("virtiofsd", [])
        for f in os.listdir(os.path.join(base, name)):
            m = re.fullmatch(r"virtiofsd-\d+\.pid", f)
            if m:
                with contextlib.suppress(OSError, ValueError):
                    with open(os.path.join(base, name, f)) as fh:
                        rt["virtiofsd"].append(int(fh.read().strip()))
        if not rt.get("pid"):
            with contextlib.suppress(OSError, ValueError):
                with open(os.path.join(base, name, "pid")) as fh:
                    rt["pid"] = int(fh.read().strip())
        if qemu_alive(st, vmid, rt):
            done.append(f"killed QEMU of VM {vmid} (pid {rt['pid']})")
        _stop_processes(st, vmid, rt)
        rt.setdefault("taps", [])
        rt["taps"] += [t for t in _all_ifaces() if re.fullmatch(rf"tap{vmid}i\d+", t)
                       and t not in rt["taps"] and _tap_is_ours(st, vmid, t)]
        cleanup(st, vmid, rt, keep_logs=False)
        if rt.get("status") in ("running", "starting"):
            st.set_runtime(vmid, {"status": "stopped"})
    return done


def _all_ifaces() -> List[str]:
    try:
        return sorted(os.listdir("/sys/class/net"))
    except OSError:
        return []


def _tap_is_ours(st: Any, vmid: int, tap: str) -> bool:
    rt = st.runtime(vmid)
    return tap in (rt.get("taps") or [])


def leftovers(state_root: str, disks: bool = True) -> List[str]:
    """What of this backend is still there: live QEMU / virtiofsd processes started for the
    state, taps of its VMs, runtime files, and (DISKS) image files under qemu-disks/."""
    from ..model.state import State
    st = State(state_root)
    out: List[str] = []
    rundir = st.p("qemu-run")
    markers = [rundir + "/"]
    for pid in (int(p) for p in os.listdir("/proc") if p.isdigit()):
        argv = read_cmdline(pid)
        if argv and is_alive(pid) and any(m in a for m in markers for a in argv):
            out.append(f"process {pid}: {' '.join(argv)[:120]}")
    vmids = set(st.vm_ids())
    for d in (st.p("runtime"), rundir):
        for f in os.listdir(d) if os.path.isdir(d) else []:
            if f.split(".")[0].isdigit():
                vmids.add(int(f.split(".")[0]))
    out += [f"tap {t}" for t in _all_ifaces()
            if (m := re.fullmatch(r"tap(\d+)i\d+", t)) and int(m.group(1)) in vmids]
    for root in (rundir, disk_dir(st)) if disks else (rundir,):
        for dirpath, _dirs, files in os.walk(root):
            out += [os.path.join(dirpath, f) for f in files]
    return out
