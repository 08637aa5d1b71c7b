"""A private Samba instance rooted in a temp dir, smbclient, and throwaway unix+Samba users.

Everything created is removed again: temp dirs, unix users (only the ones created here) and
processes (only those started with the sandbox's own smb.conf). See tests/real/README.md.
"""

from __future__ import annotations

import errno
import re
import select
import fcntl
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Optional, Sequence, Union

from .proc import CMD_TIMEOUT, is_alive, read_cmdline, run, stop_processes

SMB_BASE_PORT = int(os.environ.get("PVGWT_SMB_BASE_PORT", "4455"))
SMB_PORT_RANGE = 200
PORT_LOCK_DIR = Path(tempfile.gettempdir()) / "pvgwt-port-locks"
USER_PREFIX = "pvgwt"

# argv[0] basenames of the processes that belong to a Samba instance.
_SAMBA_ARGV0 = ("smbd", "samba-dcerpcd", "rpcd_", "nmbd", "winbindd")


# --------------------------------------------------------------------------------------------
# samba sandbox
# --------------------------------------------------------------------------------------------


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _reserve_port(base: int = SMB_BASE_PORT) -> tuple[int, int]:
    """Find a free 127.0.0.1 port >= base; hold an flock on a per-port lock file so that
    concurrent test processes using these fixtures never pick the same port.
    Returns (port, lock_fd); close lock_fd to release."""
    PORT_LOCK_DIR.mkdir(mode=0o755, exist_ok=True)
    for port in range(base, base + SMB_PORT_RANGE):
        fd = os.open(PORT_LOCK_DIR / f"{port}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
                continue
            raise
        if _port_is_free(port):
            return port, fd
        os.close(fd)
    raise RuntimeError(f"no free port in {base}..{base + SMB_PORT_RANGE - 1} on 127.0.0.1")


@dataclass
class SambaSandbox:
    """A private Samba configuration rooted in a temp dir.

    Nothing is started by the fixture; the agent under test (or `start()`) runs
    `smbd -D -s <conf>`.  `stop()` kills exactly the processes belonging to this conf.
    """

    root: Path
    conf: Path
    port: int
    _port_lock_fd: int = field(repr=False, default=-1)

    # --- layout --------------------------------------------------------------------------
    @property
    def run_dir(self) -> Path:       # pid directory
        return self.root / "run"

    @property
    def lock_dir(self) -> Path:
        return self.root / "lock"

    @property
    def state_dir(self) -> Path:
        return self.root / "state"

    @property
    def cache_dir(self) -> Path:
        return self.root / "cache"

    @property
    def private_dir(self) -> Path:   # passdb.tdb / secrets.tdb live here
        return self.root / "private"

    @property
    def ncalrpc_dir(self) -> Path:
        return self.root / "ncalrpc"

    @property
    def log_dir(self) -> Path:
        return self.root / "log"

    @property
    def shares_dir(self) -> Path:
        return self.root / "shares"

    def global_params(self) -> dict[str, str]:
        """The [global] parameters that make this instance private (ordered)."""
        return {
            "smb ports": str(self.port),
            "interfaces": "127.0.0.1",
            "bind interfaces only": "yes",
            "pid directory": str(self.run_dir),
            "lock directory": str(self.lock_dir),
            "state directory": str(self.state_dir),
            "cache directory": str(self.cache_dir),
            "private dir": str(self.private_dir),
            "ncalrpc dir": str(self.ncalrpc_dir),
            "log file": str(self.log_dir / "log.%m"),
            "max log size": "0",
            "disable netbios": "yes",
            "load printers": "no",
            "printcap name": "/dev/null",
            "disable spoolss": "yes",
            "passdb backend": "tdbsam",
        }

    def render_conf(self, shares: Optional[Mapping[str, Mapping[str, str]]] = None,
                    extra_global: Optional[Mapping[str, str]] = None) -> str:
        params = self.global_params()
        params.update(extra_global or {})
        lines = ["[global]"] + [f"\t{k} = {v}" for k, v in params.items()]
        for name, opts in (shares or {}).items():
            lines.append(f"\n[{name}]")
            lines += [f"\t{k} = {v}" for k, v in opts.items()]
        return "\n".join(lines) + "\n"

    def write_conf(self, shares: Optional[Mapping[str, Mapping[str, str]]] = None,
                   extra_global: Optional[Mapping[str, str]] = None) -> Path:
        """(Re)write `conf` with the private globals plus optional extra globals and shares."""
        self.conf.write_text(self.render_conf(shares, extra_global))
        return self.conf

    def make_share_dir(self, name: str, mode: int = 0o777) -> Path:
        """A plain directory under root/shares usable as a share path."""
        path = self.shares_dir / name
        path.mkdir(parents=True, exist_ok=True)
        path.chmod(mode)
        return path

    # --- processes -----------------------------------------------------------------------
    def _conf_matches(self, pid: int, argv: Sequence[str]) -> bool:
        """True if argv is a Samba daemon started with exactly this conf file."""
        if not argv:
            return False
        argv0 = os.path.basename(argv[0])
        if not argv0.startswith(_SAMBA_ARGV0):
            return False
        want = os.path.realpath(self.conf)
        prev = ""
        for arg in argv[1:]:
            cand: Optional[str] = None
            if arg.startswith("--configfile="):
                cand = arg.split("=", 1)[1]
            elif prev in ("-s", "--configfile"):
                cand = arg
            elif arg.startswith("-s") and len(arg) > 2 and not arg.startswith("--"):
                cand = arg[2:]
            prev = arg
            if cand is None:
                continue
            if not os.path.isabs(cand):
                try:
                    cand = os.path.join(os.readlink(f"/proc/{pid}/cwd"), cand)
                except OSError:
                    continue
            if os.path.realpath(cand) == want:
                return True
        return False

    def _pidfile_pids(self) -> set[int]:
        pids: set[int] = set()
        if not self.run_dir.is_dir():
            return pids
        for pidfile in self.run_dir.glob("*.pid"):
            try:
                pid = int(pidfile.read_text().split()[0])
            except (OSError, ValueError, IndexError):
                continue
            # pid files can be stale (samba-dcerpcd never removes its own): verify cmdline
            if pid > 1 and is_alive(pid) and self._conf_matches(pid, read_cmdline(pid)):
                pids.add(pid)
        return pids

    def _scan_pids(self) -> set[int]:
        me = os.getpid()
        pids: set[int] = set()
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            pid = int(entry)
            if pid == me or not is_alive(pid):
                continue
            if self._conf_matches(pid, read_cmdline(pid)):
                pids.add(pid)
        return pids

    def smbd_pids(self) -> list[int]:
        """Live pids of every Samba process using this conf (smbd, smbd-notifyd, cleanupd,
        per-connection smbd, samba-dcerpcd, rpcd_*): pid files first, then a /proc scan."""
        return sorted(self._pidfile_pids() | self._scan_pids())

    def main_pid(self) -> Optional[int]:
        """Pid from run/smbd.pid if that process is alive and uses this conf."""
        pidfile = self.run_dir / "smbd.pid"
        try:
            pid = int(pidfile.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None
        if is_alive(pid) and self._conf_matches(pid, read_cmdline(pid)):
            return pid
        return None

    def ping(self) -> bool:
        """`smbcontrol -s <conf> smbd ping` succeeded."""
        proc = run(["smbcontrol", "-s", str(self.conf), "smbd", "ping"], check=False, timeout=15)
        return proc.returncode == 0 and proc.stdout.startswith("PONG")

    def port_open(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def wait_ready(self, timeout: float = 20.0) -> int:
        """Wait until smbd answers ping and accepts TCP connections; return the main pid."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid = self.main_pid()
            if pid is not None and self.port_open() and self.ping():
                return pid
            time.sleep(0.1)
        raise RuntimeError(f"smbd for {self.conf} not ready after {timeout}s\n{self.log_tail()}")

    def start(self, timeout: float = 20.0) -> int:
        """Start `smbd -D -s <conf>` and wait until it is ready; returns the main smbd pid.
        (smbd -D returns 0 even if it then fails to bind, so readiness is checked explicitly.)"""
        run(["smbd", "-D", "-s", str(self.conf)])
        return self.wait_ready(timeout)

    def stop(self, timeout: float = 10.0) -> list[int]:
        """Terminate exactly the processes of this conf: SIGTERM (main smbd first, which takes its
        children with it; samba-dcerpcd needs its own signal), then SIGKILL for survivors.
        Returns every pid that was running and is now gone; raises RuntimeError if any survive.
        Zombies count as gone (the daemons are reparented to PID 1, which reaps them)."""
        seen = stop_processes(
            self.smbd_pids,
            ((signal.SIGTERM, timeout), (signal.SIGTERM, 2.0), (signal.SIGKILL, 5.0)), 0.05,
            lambda pid: is_alive(pid) and self._conf_matches(pid, read_cmdline(pid)))
        left = self.smbd_pids()
        if left:
            raise RuntimeError(f"samba processes for {self.conf} survived SIGKILL: {left}")
        return sorted(seen)

    # --- misc ----------------------------------------------------------------------------
    def log_tail(self, lines: int = 40) -> str:
        out = []
        if self.log_dir.is_dir():
            for log in sorted(self.log_dir.glob("log.*")):
                text = log.read_text(errors="replace").splitlines()[-lines:]
                out.append(f"==> {log} <==\n" + "\n".join(text))
        return "\n".join(out)

    def close(self) -> None:
        """stop(), remove the tree, release the port reservation."""
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
            if self._port_lock_fd >= 0:
                os.close(self._port_lock_fd)
                self._port_lock_fd = -1


def make_samba_sandbox() -> SambaSandbox:
    """Create a sandbox (dirs + conf with [global] only). Caller must call close()."""
    port, lock_fd = _reserve_port()
    root = Path(tempfile.mkdtemp(prefix="pvgwt-smb-"))
    root.chmod(0o755)  # mkdtemp makes 0700, which blocks non-root SMB users from share paths below
    sandbox = SambaSandbox(root=root, conf=root / "smb.conf", port=port, _port_lock_fd=lock_fd)
    for d in (sandbox.run_dir, sandbox.lock_dir, sandbox.state_dir, sandbox.cache_dir,
              sandbox.ncalrpc_dir, sandbox.log_dir, sandbox.shares_dir):
        d.mkdir(mode=0o755)
    sandbox.private_dir.mkdir(mode=0o700)
    sandbox.write_conf()
    return sandbox


# --------------------------------------------------------------------------------------------
# smbclient
# --------------------------------------------------------------------------------------------


def run_smbclient(sandbox: SambaSandbox, share: str, user: str, password: str,
                  commands: Union[str, Sequence[str]], *, cwd: Optional[Path] = None,
                  timeout: float = CMD_TIMEOUT, extra_args: Sequence[str] = ()) -> subprocess.CompletedProcess[str]:
    """Run `smbclient //127.0.0.1/<share> -p <port> -A <authfile> -m SMB3 -c <commands>`.

    Credentials go through a 0600 auth file in a private temp dir, never argv.  `commands`
    may be a list (joined with '; ').  NB: smbclient's exit code reflects only the LAST
    command, and NT_STATUS errors are printed on stdout (progress lines on stderr).
    """
    if not isinstance(commands, str):
        commands = "; ".join(commands)
    with tempfile.TemporaryDirectory(prefix="pvgwt-auth-") as tmp:
        auth = Path(tmp) / "auth"
        fd = os.open(auth, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(f"username = {user}\npassword = {password}\n")
        argv = ["smbclient", f"//127.0.0.1/{share}", "-p", str(sandbox.port),
                "-A", str(auth), "-m", "SMB3", *extra_args, "-c", commands]
        return subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                              cwd=cwd, check=False)


SmbClient = Callable[..., "subprocess.CompletedProcess[str]"]


class SmbSession:
    """An interactive smbclient kept open: one TCP connection, hence one smbd serving
    it, across several commands sent through a pipe held open."""

    def __init__(self, unc: str, auth: Path, cwd: Optional[Path] = None) -> None:
        self.proc = subprocess.Popen(
            ["stdbuf", "-o0", "smbclient", unc, "-A", str(auth), "-m", "SMB3"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=cwd)

    def run(self, command: str, until: str, timeout: float = 30) -> str:
        """Send one COMMAND and read until UNTIL (a regex) shows in its output. One
        command at a time: smbclient reads stdin through stdio but waits for more with
        select(), so a second line sent in the same write would sit in its buffer."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(f"{command}\n".encode())
        self.proc.stdin.flush()
        out = b""
        deadline = time.monotonic() + timeout
        while not re.search(until, out.decode(errors="replace")):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise AssertionError(f"smbclient session: no {until!r} after {command!r}: "
                                     f"{out!r}")
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.2)
            if ready:
                out += os.read(self.proc.stdout.fileno(), 65536)
        return out.decode(errors="replace")

    def close(self) -> None:
        if self.proc.poll() is not None:
            return
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.write(b"quit\n")
            self.proc.stdin.flush()
            self.proc.wait(5)
        except (BrokenPipeError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait(5)


# --------------------------------------------------------------------------------------------
# throwaway users
# --------------------------------------------------------------------------------------------


@dataclass
class SambaUser:
    name: str
    password: str
    uid: int
    gid: int
    sandboxes: list[SambaSandbox] = field(default_factory=list)


def _user_exists(name: str) -> bool:
    return run(["getent", "passwd", name], check=False).returncode == 0


def smbpasswd_add(sandbox: SambaSandbox, name: str, password: str) -> None:
    """`smbpasswd -c <conf> -s -a <name>` with the password twice on stdin."""
    run(["smbpasswd", "-c", str(sandbox.conf), "-s", "-a", name], input=f"{password}\n{password}\n")


class SambaUserFactory:
    """Creates throwaway unix(+samba) users and removes exactly those again.

    `factory(sandbox=None, password=None) -> SambaUser` creates a unix system user
    `pvgwt<8 hex>` (own group, no home, shell nologin); with `sandbox` it is also added to that
    sandbox's passdb.  `factory.add_to(user, sandbox)` adds an existing one to another sandbox.
    """

    def __init__(self) -> None:
        self.created: list[SambaUser] = []

    def __call__(self, sandbox: Optional[SambaSandbox] = None,
                 password: Optional[str] = None) -> SambaUser:
        for _ in range(20):
            name = USER_PREFIX + secrets.token_hex(4)
            if not _user_exists(name):
                break
        else:
            raise RuntimeError("could not find an unused user name")
        run(["useradd", "--system", "--no-create-home", "--user-group",
             "--shell", "/usr/sbin/nologin", name])
        fields = run(["getent", "passwd", name]).stdout.strip().split(":")
        user = SambaUser(name=name, password=password or secrets.token_urlsafe(12),
                         uid=int(fields[2]), gid=int(fields[3]))
        self.created.append(user)
        if sandbox is not None:
            self.add_to(user, sandbox)
        return user

    def add_to(self, user: SambaUser, sandbox: SambaSandbox) -> None:
        smbpasswd_add(sandbox, user.name, user.password)
        user.sandboxes.append(sandbox)

    @staticmethod
    def _userdel(user: SambaUser, timeout: float = 10.0) -> str:
        """userdel; rc 8 means a process still runs as the user (e.g. a per-connection smbd):
        stop the sandboxes this user was added to, then retry for a while."""
        deadline = time.monotonic() + timeout
        stopped = False
        while True:
            proc = run(["userdel", user.name], check=False)
            if proc.returncode == 0:
                return ""
            if proc.returncode != 8 or time.monotonic() > deadline:
                return proc.stderr.strip() or f"rc={proc.returncode}"
            if not stopped:
                for sandbox in user.sandboxes:
                    sandbox.stop()
                stopped = True
            time.sleep(0.2)

    def cleanup(self) -> None:
        """Remove passdb entries (pdbedit -x; works even if the unix user is already gone,
        unlike smbpasswd -x) while the sandbox exists, then userdel -- created users only."""
        problems: list[str] = []
        while self.created:
            user = self.created.pop()
            for sandbox in user.sandboxes:
                if sandbox.conf.exists():
                    run(["pdbedit", "-s", str(sandbox.conf), "-x", user.name], check=False)
            if _user_exists(user.name):
                err = self._userdel(user)
                if err:
                    problems.append(f"userdel {user.name}: {err}")
        if problems:
            raise RuntimeError("samba_user teardown: " + "; ".join(problems))
