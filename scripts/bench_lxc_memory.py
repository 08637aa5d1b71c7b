"""make bench, LXC memory part (issue 14 §3): what a share and a client connection cost
in memory in a real gateway container.

The real CLI makes a shared gateway container through the simulated `pct` with the
real-LXC backend (PVESIM_BACKEND=lxc, systemd inside, as tests/simhost/test_lxc_real.py
runs it), on the LXC test bridge of tests/lib/lxc_env.py, which holds the test network
lock (tests/lib/netlock.py) while it exists. The container grows from 1 to 10 to 50
shares; at each point the container's memory cgroup, read from the host, and the smbd
processes in it, from the host's /proc, are printed. Then smbclient sessions are opened
and kept open to see what a connection costs. Prints numbers; asserts nothing. Everything
is removed by the name it was created under (shares, user, container, bridge).
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from bench import REPO, Bench, simulated_pve

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

# The share counts measured; PVESMBGW_BENCH_LXC_SHARES="1,3" makes a quick trial run.
COUNTS = [int(n) for n in os.environ.get("PVESMBGW_BENCH_LXC_SHARES", "1,10,50").split(",")]
CONNECTIONS = 5
GOAL_PER_SHARE = 2 * 2**20
# After a change smbd forks short-lived children (reload, cleanupd work); give them time
# to exit so that a sample sees the steady state.
SETTLE = 3.0
CGROUP_ROOT = Path("/sys/fs/cgroup")
# Samba's daemons as their comm shows them: the smbd parent and its forks (per
# connection, smbd-notifyd, cleanupd), samba-dcerpcd and its rpcd_* workers.
SAMBA_COMM = re.compile(r"^(smbd.*|cleanupd|samba-dcerpcd|rpcd_.*)$")
# smbd starts samba-dcerpcd and rpcd_* workers on demand (a client or tool opening a
# named pipe) and they exit when idle: a sample taken while they run is not comparable
# with one taken after. A steady sample waits (at most this long) until they are gone.
RPC_HELPERS = re.compile(r"^(samba-dcerpcd|rpcd_.*)$")
HELPER_WAIT = 180.0
MiB = 2**20


@dataclass
class Sample:
    """One reading of the container: cgroup bytes and its Samba processes."""
    current: int            # memory.current (v1: memory.usage_in_bytes), after reclaim
    before_reclaim: int     # the same, before asking the kernel to reclaim
    anon: int
    file: int
    kernel: Optional[int]   # v2 memory.stat kernel, v1 memory.kmem.usage_in_bytes
    procs: dict[int, "Proc"]

    def samba(self) -> dict[int, "Proc"]:
        return {pid: p for pid, p in self.procs.items() if SAMBA_COMM.match(p.comm)}

    def helpers(self) -> dict[int, "Proc"]:
        return {pid: p for pid, p in self.procs.items() if RPC_HELPERS.match(p.comm)}


@dataclass
class Proc:
    comm: str
    rss: int
    pss: int
    pss_anon: int


class MemCgroup:
    """A container's memory cgroup, found from its init process as the host sees it.

    Where the container's cgroup is differs (PVE: lxc/VMID, LXC's default: lxc.payload.NAME,
    pvesim: pvesim-TAG/lxc/VMID), so it is not guessed: it is the host path of init's
    cgroup (/proc/PID/cgroup) less what init sees from inside its cgroup namespace. Works
    on cgroup v2 and on a v1 memory hierarchy (this lab machine mounts v1 controllers)."""

    def __init__(self, init_pid: int, inner_view: str) -> None:
        self.v2 = (CGROUP_ROOT / "cgroup.controllers").exists()
        host = _cgroup_line(Path(f"/proc/{init_pid}/cgroup").read_text(), self.v2)
        inner = _cgroup_line(inner_view, self.v2)
        if inner != "/" and host.endswith(inner):
            host = host[:-len(inner)] or "/"
        self.path = (CGROUP_ROOT if self.v2 else CGROUP_ROOT / "memory") / host.lstrip("/")

    def read(self, name: str) -> str:
        return (self.path / name).read_text()

    def current(self) -> int:
        return int(self.read("memory.current" if self.v2 else "memory.usage_in_bytes"))

    def stat(self) -> dict[str, int]:
        return {k: int(v) for k, v in (line.split() for line in self.read("memory.stat")
                                       .splitlines())}

    def reclaim(self) -> None:
        """Drop what the kernel can take back (page cache, mostly: there is no swap), so
        the number is what the container needs, not what it happened to read."""
        try:
            if self.v2:
                (self.path / "memory.reclaim").write_text(str(self.current()))
            else:
                (self.path / "memory.force_empty").write_text("0")
        except OSError:
            pass  # v2 says EAGAIN when it could not reclaim all it was asked for

    def pids(self) -> list[int]:
        """Every process in the container's cgroup and the ones below it."""
        out: list[int] = []
        for dirpath, _dirs, _files in os.walk(self.path):
            try:
                out += [int(p) for p in Path(dirpath, "cgroup.procs").read_text().split()]
            except OSError:
                continue
        return sorted(set(out))

    def sample(self) -> Sample:
        time.sleep(SETTLE)
        before = self.current()
        self.reclaim()
        st = self.stat()
        if self.v2:
            anon, file, kernel = st["anon"], st["file"], st.get("kernel")
        else:
            # v1's hierarchical totals; "cache" includes shmem (tmpfs), like v2's "file".
            anon, file = st["total_rss"], st["total_cache"]
            kernel = int(self.read("memory.kmem.usage_in_bytes"))
        procs = {}
        for pid in self.pids():
            proc = _proc(pid)
            if proc is not None:
                procs[pid] = proc
        return Sample(self.current(), before, anon, file, kernel, procs)

    def steady(self) -> tuple[Sample, Optional[Sample], float]:
        """A sample without the on-demand RPC helpers: (it, the first sample if they
        were running then, seconds waited for them to exit)."""
        start = time.monotonic()
        first = s = self.sample()
        while s.helpers() and time.monotonic() - start < HELPER_WAIT:
            time.sleep(5)
            s = self.sample()
        return s, (first if first.helpers() else None), time.monotonic() - start


def _cgroup_line(text: str, v2: bool) -> str:
    """The memory controller's path in a /proc/PID/cgroup text."""
    for line in text.splitlines():
        _id, controllers, path = line.split(":", 2)
        if (v2 and controllers == "") or (not v2 and "memory" in controllers.split(",")):
            return path
    raise SystemExit(f"bench: no memory cgroup in {text!r}")


def _proc(pid: int) -> Optional[Proc]:
    """comm, RSS, PSS and the proportional share of anonymous memory (bytes) of PID;
    None when it is gone."""
    try:
        comm = Path(f"/proc/{pid}/comm").read_text().strip()
        fields = {}
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
            key, value = line.split(":", 1)
            fields[key] = int(value.split()[0]) * 1024
    except (OSError, ValueError):
        return None
    return Proc(comm, fields.get("Rss", 0), fields.get("Pss", 0), fields.get("Pss_Anon", 0))


def mib(n: float) -> str:
    return f"{n / MiB:7.2f} MiB"


def describe(label: str, s: Sample) -> list[str]:
    samba = s.samba()
    kinds: dict[str, int] = {}
    for p in samba.values():
        kinds[p.comm] = kinds.get(p.comm, 0) + 1
    kernel = mib(s.kernel) if s.kernel is not None else "n/a"
    return [
        f"{label}: cgroup {mib(s.current)} (before reclaim {mib(s.before_reclaim).strip()}); "
        f"anon {mib(s.anon).strip()}, file {mib(s.file).strip()}, kernel {kernel.strip()}",
        f"{'':<10}{len(samba)} Samba processes "
        f"({', '.join(f'{n} {c}' for c, n in sorted(kinds.items()))}): "
        f"RSS {mib(sum(p.rss for p in samba.values())).strip()}, "
        f"PSS {mib(sum(p.pss for p in samba.values())).strip()} "
        f"(anon {mib(sum(p.pss_anon for p in samba.values())).strip()}); "
        f"all {len(s.procs)} processes PSS {mib(sum(p.pss for p in s.procs.values())).strip()}",
        f"{'':<10}the others: " + ", ".join(
            f"{p.comm} PSS {mib(p.pss).strip()} (anon {mib(p.pss_anon).strip()})"
            for pid, p in sorted(s.procs.items()) if pid not in samba),
    ]


def per_share(a: tuple[int, Sample], b: tuple[int, Sample]) -> str:
    (n1, s1), (n2, s2) = a, b
    n = n2 - n1
    cur = (s2.current - s1.current) / n
    pss = (sum(p.pss for p in s2.samba().values()) - sum(p.pss for p in s1.samba().values())) / n
    return (f"per additional share, {n1} -> {n2}: cgroup {(cur / 1024):+8.1f} KiB, anon "
            f"{(s2.anon - s1.anon) / n / 1024:+8.1f} KiB, file {(s2.file - s1.file) / n / 1024:+8.1f}"
            f" KiB, Samba PSS {pss / 1024:+8.1f} KiB (goal <= 2 MiB: "
            f"{'met' if cur <= GOAL_PER_SHARE else 'NOT met'})")


def bench_lxc_memory(bench: Bench) -> None:
    try:
        import pytest  # lxc_env's helpers skip through pytest
        from tests.lib import lxc_env
    except ImportError as exc:
        print(f"bench: LXC memory part skipped: {exc}")
        return
    try:
        with lxc_env.bridge() as bridge:
            lxc_env.require_containers(bridge)
            _measure(bench, bridge.name)
    except pytest.skip.Exception as exc:
        print(f"bench: LXC memory part skipped: {exc}")


def connection_line(label: str, base: Sample, after: Sample, n: int = 1) -> str:
    new = [p for pid, p in after.samba().items() if pid not in base.samba()]
    # Several new processes are alike (one smbd per connection): their mean.
    procs = (f"{len(new)}x {'/'.join(sorted({p.comm for p in new}))}, each RSS "
             f"{mib(sum(p.rss for p in new) / len(new)).strip()} PSS "
             f"{mib(sum(p.pss for p in new) / len(new)).strip()} (anon "
             f"{mib(sum(p.pss_anon for p in new) / len(new)).strip()})") if new else ""
    return (f"{label}: cgroup {(after.current - base.current) / n / 1024:+.1f} KiB, anon "
            f"{(after.anon - base.anon) / n / 1024:+.1f} KiB"
            + (" per connection" if n > 1 else "") + f"; new: {procs or 'none'}")


def _measure(bench: Bench, bridge: str) -> None:
    sim_env = {"PVESIM_BACKEND": "lxc", "PVESIM_LXC_INIT": "systemd",
               "PVESIM_LXC_BRIDGE_MAP": f"vmbr0={bridge}"}
    with simulated_pve(bench, "pve-lxc", sim_env):
        from pvesim.backends import lxc as backend_lxc
        from tests.lib.samba import SmbSession
        user = "pvgwb" + secrets.token_hex(4)
        password = secrets.token_urlsafe(12)
        auth = bench.root / "bench-user.auth"
        fd = os.open(auth, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(f"username = {user}\npassword = {password}\n")
        names: list[str] = []
        sessions: list[SmbSession] = []
        added = False

        def connect() -> None:
            session = SmbSession(f"//{address}/{names[0]}", auth)
            sessions.append(session)
            out = session.run("ls", r"blocks available|NT_STATUS_\w+")
            if "NT_STATUS" in out:
                raise SystemExit(f"bench: smbclient ls as {user}: {out.strip()}")

        def disconnect() -> None:
            while sessions:
                sessions.pop().close()

        try:
            bench.output("user", "add", user, "--password-stdin", input=password + "\n")
            added = True
            cg: Optional[MemCgroup] = None
            address = ""
            lines: list[str] = []
            steady: list[tuple[int, Sample]] = []
            start = time.perf_counter()
            for count in COUNTS:
                while len(names) < count:
                    name = f"m{len(names):03d}"
                    bench.cli("create", name, "--mode", "lxc", "--path", str(bench.mnt / name))
                    names.append(name)
                if cg is None:
                    import json
                    gw = json.loads(bench.output("--output-format", "json", "status",
                                                 names[0]))["gateway"]
                    vmid, address = int(gw["vmid"]), str(gw["address"])
                    backend = backend_lxc.sim_backend(os.environ["PVESIM_STATE"])
                    rc, inner, err = backend.exec(vmid, ["cat", "/proc/1/cgroup"])
                    if rc != 0:
                        raise SystemExit(f"bench: cat /proc/1/cgroup in CT {vmid}: {err!r}")
                    cg = MemCgroup(backend.init_pid(vmid), str(inner))
                    print(f"\nLXC memory (issue 14 §3): gateway container {vmid} at {address}, "
                          f"memory cgroup {cg.path} ({'v2' if cg.v2 else 'v1'}); each sample "
                          f"{SETTLE:g} s after the last change, after reclaim")
                s, transient, waited = cg.steady()
                steady.append((count, s))
                lines += [f"  {line}" for line in describe(f"{count:>3} shares", s)]
                if transient is not None:
                    h = transient.helpers()
                    lines.append(
                        f"{'':<12}(before that, for {waited:.0f} s: on-demand RPC helpers "
                        f"{', '.join(sorted(p.comm for p in h.values()))} with cgroup "
                        f"{mib(transient.current - s.current).strip()} more, their PSS "
                        f"{mib(sum(p.pss for p in h.values())).strip()})")
                # One connection at this size: does a connection cost more with more shares?
                connect()
                lines.append(f"{'':<12}" + connection_line(
                    "+1 client connection (smbclient `ls`, kept open)", s, cg.sample()))
                disconnect()
            built = time.perf_counter() - start
            assert cg is not None
            for line in lines:
                print(line)
            for b in steady[1:]:
                print(f"  {per_share(steady[0], b)}")

            base, _, _ = cg.steady()
            for _ in range(CONNECTIONS):
                connect()
            after = cg.sample()
            print("  " + connection_line(f"{CONNECTIONS} connections at {COUNTS[-1]} shares",
                                          base, after, CONNECTIONS))
            print(f"  (gateway with {COUNTS[-1]} shares built and measured in {built:.1f} s)")
        finally:
            disconnect()
            try:
                # The last share takes the gateway container with it.
                for name in reversed(names):
                    bench.cli("delete", name, "--purge")
            finally:
                if added:
                    _remove_user(bench, user)


def _remove_user(bench: Bench, user: str) -> None:
    """`user del` USER; if the CLI fails, its passdb entry and account by that name."""
    try:
        bench.cli("user", "del", user)
    except SystemExit as exc:
        print(exc, file=sys.stderr)
        subprocess.run(["pdbedit", "-s", str(bench.conf), "-x", user], capture_output=True)
        subprocess.run(["userdel", user], capture_output=True)
