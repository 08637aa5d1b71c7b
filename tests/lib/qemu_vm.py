"""Boot the test tier's Debian 12 guest image under QEMU and talk to it the way PVE does.

The image comes from tests/sim/build-vm-image.sh (built once, cached in
/var/cache/pvesmbgw-test/).  ``start()`` boots a guest from a qcow2 overlay whose backing
file is that image (the cache stays pristine), with the arguments qemu-server gives a VM
(PVE/QemuServer.pm): ``-nodefaults``, a QMP socket (``-chardev socket,id=qmp,...,server=on,
wait=off -mon chardev=qmp,mode=control``), the guest agent's virtio-serial port
(``-device virtio-serial,id=qga0 -device virtserialport,chardev=qga0,
name=org.qemu.guest_agent.0``), a virtio disk that boots (``bootindex``), and here no NIC at
all (``-nic none``: the guest agent is the channel) and the serial port into a file.

Acceleration: TCG unless told otherwise (``PVGWT_VM_ACCEL=tcg|kvm|auto``, or ``accel=``);
``auto`` uses KVM only when ``probe_kvm()`` sees the kernel reach its init within 20 s.
Measured on this tier's machine kind (a VM itself, so KVM is nested; QEMU 7.2.22):

* ``-accel kvm -cpu host`` and ``-cpu max``: QEMU aborts at once (SIGABRT) with
  "error: failed to set MSR 0x10a to 0x69" and "kvm_buf_set_msrs: Assertion
  `ret == cpu->kvm_msr_buf->nmsrs' failed.";
* ``-accel kvm`` with the default CPU (qemu64; also warns "host doesn't support requested
  feature: CPUID.01H:ECX.pni [bit 0]"), booting this image from its disk: "KVM internal
  error. Suberror: 1 ... emulation failure" within ~5 s, still in SeaBIOS (on an ``iret``),
  before the boot loader prints anything; QEMU stays up, paused in ``internal-error``.
  The same kernel booted with ``-kernel``: nothing on the serial console for ~170 s, then
  the same emulation failure on a locked ``cmpxchg16b``.  ``-cpu kvm64``: no output in 20 s;
* TCG (2 vCPUs): ``-kernel`` reaches "Run /init as init process" in 4.4 s;
  this image answers ``guest-ping`` 18-42 s after QEMU starts (the spread: a busy host),
  with QEMU's RSS ~680 MiB then and ~950 MiB a minute later (the guest uses ~200 MiB).

    guest = start(ensure_image(), workdir)          # or: with booted(image, workdir) as guest:
    guest.wait_agent(300)                           # seconds from QEMU's start to the agent
    res = guest.exec(["cat", "/etc/os-release"])    # ExecResult(exitcode, stdout, stderr)
    guest.powerdown(); guest.close()                # close() also removes overlay + sockets

Every process is stopped by its PID (checked against its command line first); nothing here
imports pvesmbgw, and pytest only inside ``skip_unless_bootable()``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence

from .paths import use_simulator
from .proc import is_alive, read_cmdline

use_simulator()

# the protocol code lives in the simulator (its real-QEMU backend uses it too)
from pvesim.backends.qmp import (  # noqa: E402,F401
    AGENT_PORT, AgentError, ExecResult, agent, agent_exec, qmp)

REPO = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = REPO / "tests" / "sim" / "build-vm-image.sh"
IMAGE_VERSION = "3"                        # VERSION in build-vm-image.sh
QEMU = "qemu-system-x86_64"
# The kernel prints this when it hands over to the initramfs: the probe's "it boots" mark.
INIT_MARK = b"Run /init as init process"


def cache_dir() -> Path:
    return Path(os.environ.get("PVESIM_VM_CACHE", "/var/cache/pvesmbgw-test"))


def image_path() -> Path:
    return cache_dir() / "vm-bookworm-gateway.qcow2"


def image_ready() -> bool:
    """True when the cached image is complete and of this version (its stamp says so)."""
    stamp = Path(f"{image_path()}.stamp")
    try:
        lines = stamp.read_text().splitlines()
    except OSError:
        return False
    return image_path().is_file() and f"version={IMAGE_VERSION}" in lines


def ensure_image(timeout: float = 1800) -> Path:
    """The cached image, built first by build-vm-image.sh when missing (~4 min cold)."""
    if image_ready():
        return image_path()
    proc = subprocess.run(["/bin/sh", str(BUILD_SCRIPT)], capture_output=True, text=True,
                          timeout=timeout, check=False)
    if proc.returncode != 0 or not image_ready():
        raise RuntimeError(f"{BUILD_SCRIPT} failed (rc={proc.returncode}): "
                           f"{proc.stderr.strip()[-2000:]}")
    return image_path()


def host_prerequisites() -> Optional[str]:
    """Why this host cannot boot a guest at all (None if it might)."""
    if os.geteuid() != 0:
        return "booting QEMU guests from the cached image needs root (building it does)"
    missing = [t for t in (QEMU, "qemu-img") if shutil.which(t) is None]
    if missing:
        return (f"QEMU is not installed ({', '.join(missing)} missing): apt-get install "
                "--no-install-recommends qemu-system-x86 qemu-utils")
    if not image_ready():
        missing = [t for t in ("debootstrap", "extlinux", "sfdisk") if shutil.which(t) is None]
        if missing:
            return (f"the guest image is not built and {', '.join(missing)} is missing: "
                    "apt-get install --no-install-recommends debootstrap extlinux fdisk")
    return None


def skip_unless_bootable() -> Path:
    """For tests: the cached image (built if needed), or pytest.skip with the reason when
    QEMU cannot start a guest here at all."""
    import pytest  # only here, so that benchmarks can use this module without pytest

    reason = host_prerequisites()
    if reason:
        pytest.skip(reason)
    try:
        return ensure_image()
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        pytest.skip(f"cannot build the guest image: {exc}")
    raise AssertionError("unreachable")


# --------------------------------------------------------------------------------------------
# the protocols: QMP and the guest agent: pvesim/backends/qmp.py
# --------------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------------
# the guest
# --------------------------------------------------------------------------------------------


@dataclass
class Guest:
    """A running QEMU guest started by ``start()``; every path below belongs to it."""

    name: str
    pid: int
    accel: str
    workdir: Path
    overlay: Path
    qmp_socket: Path
    agent_socket: Path
    serial_log: Path
    qemu_log: Path
    started: float                      # time.monotonic() right before QEMU was started
    popen: Optional[subprocess.Popen[bytes]] = field(default=None, repr=False)
    agent_seconds: Optional[float] = None

    # -- processes ---------------------------------------------------------------------------

    def is_ours(self, pid: Optional[int] = None) -> bool:
        """PID (default: the guest's) is alive and is QEMU running our overlay."""
        pid = self.pid if pid is None else pid
        argv = read_cmdline(pid)
        return is_alive(pid) and bool(argv) and any(str(self.overlay) in a for a in argv)

    def alive(self) -> bool:
        if self.popen is not None and self.popen.poll() is not None:
            return False
        return self.is_ours()

    def rss_kib(self) -> int:
        """QEMU's resident memory (VmRSS)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError(f"no VmRSS for pid {self.pid}")

    def wait_exit(self, timeout: float) -> bool:
        """Wait up to TIMEOUT s for QEMU to end (reaping it when it is our child)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                if self.popen is not None:
                    self.popen.wait(timeout=5)
                return True
            time.sleep(0.2)
        return not self.alive()

    def stop(self, grace: float = 60) -> None:
        """Ask the guest to power down (ACPI over QMP), then SIGTERM, then SIGKILL: each
        sent to our PID only while it is still QEMU with our overlay."""
        if not self.alive():
            self.wait_exit(1)
            return
        with contextlib.suppress(OSError, RuntimeError, ValueError):
            qmp(self.qmp_socket, "system_powerdown")
        if self.wait_exit(grace):
            return
        for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 10.0)):
            if self.is_ours():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, sig)
            if self.wait_exit(wait):
                return
        raise RuntimeError(f"QEMU pid {self.pid} survived SIGKILL")

    def quit(self, timeout: float = 10) -> None:
        """QMP quit: QEMU ends at once, as when PVE stops a VM hard."""
        with contextlib.suppress(ConnectionError):   # QEMU may close before replying
            qmp(self.qmp_socket, "quit")
        if not self.wait_exit(timeout):
            raise RuntimeError(f"QEMU pid {self.pid} still runs after QMP quit")

    def powerdown(self, timeout: float = 120) -> None:
        """QMP system_powerdown (the ACPI button) and wait for QEMU to end; without
        -no-shutdown QEMU exits when the guest powers off."""
        qmp(self.qmp_socket, "system_powerdown")
        if not self.wait_exit(timeout):
            raise RuntimeError(f"guest did not power off within {timeout} s:\n"
                               f"{self.serial_tail()}")

    def files(self) -> list[Path]:
        """What start() created (close() removes all but the logs)."""
        pidfile = self.workdir / f"{self.name}.pid"
        return [self.overlay, self.qmp_socket, self.agent_socket, pidfile]

    def close(self, grace: float = 60) -> None:
        """Stop QEMU if it still runs, then remove the overlay and the sockets."""
        try:
            self.stop(grace)
        finally:
            for p in self.files():
                with contextlib.suppress(FileNotFoundError):
                    p.unlink()

    def leftovers(self) -> list[str]:
        """Everything of this guest that close() should have removed."""
        out = [f"qemu pid {self.pid}"] if self.is_ours() else []
        return out + [str(p) for p in self.files() if p.exists() or p.is_symlink()]

    # -- the guest agent ---------------------------------------------------------------------

    def agent(self, command: str, arguments: Optional[dict[str, Any]] = None,
              timeout: float = 10) -> Any:
        return agent(self.agent_socket, command, arguments, timeout)

    def qmp(self, command: str, arguments: Optional[dict[str, Any]] = None) -> Any:
        return qmp(self.qmp_socket, command, arguments)

    def wait_agent(self, timeout: float = 300) -> float:
        """Wait until guest-ping answers; returns (and keeps) the seconds since QEMU started."""
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"QEMU ended while waiting for the guest agent:\n"
                                   f"{self.log_tail()}\n{self.serial_tail()}")
            try:
                self.agent("guest-ping", timeout=2)
                self.agent_seconds = time.monotonic() - self.started
                return self.agent_seconds
            except (AgentError, OSError) as exc:
                last = str(exc)
            time.sleep(0.5)
        raise AgentError(f"no guest agent after {timeout} s ({last}):\n{self.serial_tail()}")

    def exec(self, argv: Sequence[str], input: Optional[bytes] = None,
             timeout: float = 60) -> ExecResult:
        """guest-exec ARGV (no shell), then guest-exec-status until it exited."""
        return agent_exec(self.agent_socket, argv, input, timeout)

    # -- logs --------------------------------------------------------------------------------

    def serial_tail(self, lines: int = 30) -> str:
        return _tail(self.serial_log, lines)

    def log_tail(self, lines: int = 20) -> str:
        return _tail(self.qemu_log, lines)


def _tail(path: Path, lines: int) -> str:
    try:
        text = path.read_bytes().decode(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def qemu_argv(name: str, overlay: Path, qmp_socket: Path, agent_socket: Path,
              serial_log: Path, accel: str, memory_mib: int, cores: int,
              cpu: Optional[str] = None) -> list[str]:
    """QEMU's command line, in the shape qemu-server builds it (minus what PVE adds for
    VNC, balloon, qmeventd and the like)."""
    argv = [
        QEMU, "-name", f"{name},debug-threads=on", "-nodefaults", "-display", "none",
        "-chardev", f"socket,id=qmp,path={qmp_socket},server=on,wait=off",
        "-mon", "chardev=qmp,mode=control",
        "-machine", "pc", "-accel", accel,
        "-smp", f"{cores},sockets=1,cores={cores},maxcpus={cores}",
        "-m", str(memory_mib),
        "-chardev", f"file,id=serial0,path={serial_log}",
        "-device", "isa-serial,chardev=serial0",
        "-chardev", f"socket,path={agent_socket},server=on,wait=off,id=qga0",
        "-device", "virtio-serial,id=qga0",
        "-device", f"virtserialport,chardev=qga0,name={AGENT_PORT}",
        "-drive", f"file={overlay},if=none,id=drive-virtio0,format=qcow2,discard=on",
        "-device", "virtio-blk-pci,drive=drive-virtio0,id=virtio0,bootindex=100",
        "-nic", "none",
    ]
    if cpu:
        argv += ["-cpu", cpu]
    return argv


def start(image: Path, workdir: Path, name: str = "guest", accel: Optional[str] = None,
          memory_mib: int = 1024, cores: int = 2, cpu: Optional[str] = None,
          ready_timeout: float = 30) -> Guest:
    """Boot IMAGE from a new qcow2 overlay in WORKDIR; returns once QEMU listens on its QMP
    socket.  QEMU is our child (own session) with its stderr in WORKDIR/NAME.qemu.log, so an
    early abort (a KVM error) is reported with QEMU's own words."""
    accel = accel or default_accel()
    workdir.mkdir(parents=True, exist_ok=True)
    overlay = workdir / f"{name}.qcow2"
    qmp_socket, agent_socket = workdir / f"{name}.qmp", workdir / f"{name}.qga"
    serial_log, qemu_log = workdir / f"{name}.serial.log", workdir / f"{name}.qemu.log"
    for p in (overlay, qmp_socket, agent_socket):
        if p.exists():
            raise RuntimeError(f"{p} exists: another guest named {name} in {workdir}?")
    # unix socket paths are limited to 107 bytes
    if len(str(agent_socket)) > 100:
        raise ValueError(f"workdir path too long for a unix socket: {workdir}")
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2",
                    "-b", str(image), str(overlay)], check=True, capture_output=True)
    argv = qemu_argv(name, overlay, qmp_socket, agent_socket, serial_log, accel,
                     memory_mib, cores, cpu)
    argv += ["-pidfile", str(workdir / f"{name}.pid")]
    started = time.monotonic()
    with open(qemu_log, "wb") as log:
        popen = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                 start_new_session=True)
    guest = Guest(name, popen.pid, accel, workdir, overlay, qmp_socket, agent_socket,
                  serial_log, qemu_log, started, popen)
    try:
        deadline = time.monotonic() + ready_timeout
        while True:
            if popen.poll() is not None:
                raise RuntimeError(f"QEMU exited with {popen.returncode} at start: "
                                   f"{guest.log_tail().strip()}")
            if qmp_socket.exists():
                with contextlib.suppress(OSError, ValueError, RuntimeError):
                    qmp(qmp_socket, "query-status", timeout=2)
                    return guest
            if time.monotonic() > deadline:
                raise RuntimeError(f"QEMU did not open {qmp_socket} within {ready_timeout} s")
            time.sleep(0.1)
    except BaseException:
        guest.close(grace=0)
        raise


@contextlib.contextmanager
def booted(image: Path, workdir: Path, **kwargs: Any) -> Iterator[Guest]:
    """start() ... close(), also when the body fails."""
    guest = start(image, workdir, **kwargs)
    try:
        yield guest
    finally:
        guest.close()


# --------------------------------------------------------------------------------------------
# acceleration
# --------------------------------------------------------------------------------------------


@dataclass
class KvmProbe:
    usable: bool
    detail: str
    seconds: Optional[float] = None


_kvm_probe: dict[str, KvmProbe] = {}


def probe_kvm(image: Path, budget: float = 20, cpu: Optional[str] = None) -> KvmProbe:
    """Boot IMAGE under KVM for at most BUDGET seconds: usable only if the kernel reaches
    its init in that time (TCG takes a few seconds; nested KVM here takes minutes, then
    dies with an emulation failure)."""
    if not os.access("/dev/kvm", os.R_OK | os.W_OK):
        return KvmProbe(False, "/dev/kvm is missing or not accessible")
    workdir = Path(tempfile.mkdtemp(prefix="pvgwt-kvmprobe-"))
    try:
        return _probe_kvm(image, workdir, budget, cpu)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _probe_kvm(image: Path, workdir: Path, budget: float, cpu: Optional[str]) -> KvmProbe:
    try:
        guest = start(image, workdir, name="kvm-probe", accel="kvm", cpu=cpu)
    except RuntimeError as exc:
        return KvmProbe(False, f"QEMU with KVM does not start: {exc}")
    try:
        deadline = guest.started + budget
        while time.monotonic() < deadline and guest.alive():
            with contextlib.suppress(OSError):
                if INIT_MARK in guest.serial_log.read_bytes():
                    secs = time.monotonic() - guest.started
                    return KvmProbe(True, f"kernel reached init in {secs:.1f} s", secs)
            # QEMU stays up, paused in state internal-error, after a KVM emulation failure
            if "KVM internal error" in guest.log_tail(200):
                return KvmProbe(False, f"KVM failed: {_kvm_error(guest.log_tail(200))}")
            time.sleep(0.2)
        if not guest.alive():
            return KvmProbe(False, f"QEMU with KVM ended: {_kvm_error(guest.log_tail(200))}")
        return KvmProbe(False, f"under KVM the kernel did not reach init within {budget} s")
    finally:
        guest.close(grace=0)


def _kvm_error(log: str) -> str:
    """The lines of QEMU's log that say what went wrong (not the register dump)."""
    keep = [line for line in log.splitlines()
            if any(w in line for w in ("error", "failure", "failed", "Assertion", "Code="))]
    return " | ".join(keep) or log.strip()[-300:] or "no message"


def default_accel(image: Optional[Path] = None) -> str:
    """PVGWT_VM_ACCEL: 'tcg' (default), 'kvm', or 'auto' (KVM if probe_kvm() says it is
    usable, probed once per process)."""
    choice = os.environ.get("PVGWT_VM_ACCEL", "tcg")
    if choice in ("tcg", "kvm"):
        return choice
    if choice != "auto":
        raise ValueError(f"PVGWT_VM_ACCEL={choice!r}: tcg, kvm or auto")
    if "auto" not in _kvm_probe:
        _kvm_probe["auto"] = probe_kvm(image or image_path())
    return "kvm" if _kvm_probe["auto"].usable else "tcg"
