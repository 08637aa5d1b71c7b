#!/usr/bin/python3
"""make bench: timings and process counts of the CLI against a real btrfs pool and smbd.

Prints numbers; asserts nothing. Needs root (loop device, mount, smbd). Everything it
creates lives under one temp dir and is removed at the end: smbd (by its pid file),
the mount and the loop device it attached.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterator, Optional

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pvesmbgw.smb.registry import Registry, Share  # noqa: E402
from pvesmbgw.smb.render import render_shares  # noqa: E402
from pvesmbgw.smb.samba.conf import with_include  # noqa: E402

PYTHON = "/usr/bin/python3"
PORT = int(os.environ.get("PVESMBGW_BENCH_PORT", "4645"))
RUNS = int(os.environ.get("PVESMBGW_BENCH_RUNS", "10"))
SHARES = 500


def sh(*argv: str) -> str:
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout


class Bench:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.trace = root / "spawns.txt"
        self.mnt = root / "pool"
        self.conf = root / "smb.conf"
        self.state = root / "state"
        self.config = root / "pvesmbgw.conf"

    def cli(self, *args: str, trace: bool = False) -> float:
        start = time.perf_counter()
        self.output(*args, trace=trace)
        return time.perf_counter() - start

    def output(self, *args: str, trace: bool = False, input: Optional[str] = None) -> str:
        """Run the CLI (exit on failure); its standard output."""
        env = {**os.environ, "PVESMBGW_CONFIG": str(self.config), "PYTHONPATH": str(REPO),
               **self.bytecode_env()}
        env.pop("PVESMBGW_FAULT_AT", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if trace:
            env["PVESMBGW_TRACE_SPAWNS"] = str(self.trace)
        proc = subprocess.run([PYTHON, "-m", "pvesmbgw.cli.entry", *args], env=env,
                              capture_output=True, text=True, input=input)
        if proc.returncode not in (0,):
            raise SystemExit(f"bench: {' '.join(args)} failed: {proc.stderr.strip()}")
        return proc.stdout

    def bytecode_env(self) -> dict[str, str]:
        """The installed package is byte-compiled (py3compile); the work tree, run with
        PYTHONDONTWRITEBYTECODE (the Makefile), would be compiled from source by every
        command, which no installed agent does. So the agent's modules are compiled
        once into a cache of the bench's own, as the package's are on install."""
        return {"PYTHONPYCACHEPREFIX": str(self.root / "pycache")}

    def spawns(self) -> tuple[int, int]:
        """(read-only, mutating) commands recorded since the last call."""
        lines = self.trace.read_text().splitlines() if self.trace.exists() else []
        self.trace.unlink(missing_ok=True)
        return (sum(l.startswith("R ") for l in lines), sum(l.startswith("M ") for l in lines))

    def setup(self) -> str:
        image = self.root / "pool.img"
        sh("truncate", "-s", "8G", str(image))
        device = sh("losetup", "--find", "--show", str(image)).strip()
        sh("mkfs.btrfs", "-q", device)
        self.mnt.mkdir()
        sh("mount", "-t", "btrfs", device, str(self.mnt))
        run = self.root / "samba"
        for d in ("run", "lock", "state", "cache", "private", "ncalrpc", "log"):
            (run / d).mkdir(parents=True)
        self.conf.write_text(
            "[global]\n"
            f"\tsmb ports = {PORT}\n\tinterfaces = 127.0.0.1\n\tbind interfaces only = yes\n"
            f"\tpid directory = {run}/run\n\tlock directory = {run}/lock\n"
            f"\tstate directory = {run}/state\n\tcache directory = {run}/cache\n"
            f"\tprivate dir = {run}/private\n\tncalrpc dir = {run}/ncalrpc\n"
            f"\tlog file = {run}/log/log.%m\n\tdisable netbios = yes\n\tload printers = no\n"
            "\tprintcap name = /dev/null\n\tdisable spoolss = yes\n")
        self.config.write_text(
            f"[pvesmbgw]\nsamba_conf = {self.conf}\nstate_dir = {self.state}\n"
            f"allowed_roots = {self.mnt}\nservice_manager = direct\nshare_group = root\n")
        return device

    def populate(self, count: int) -> None:
        """COUNT btrfs shares with quotas, written the way the agent writes them."""
        shares = {}
        for i in range(count):
            path = self.mnt / f"bulk{i:03d}"
            sh("btrfs", "subvolume", "create", str(path))
            sh("btrfs", "qgroup", "limit", "1G", str(path))
            # This node's (the config names none: the short host name), so that status,
            # reconcile and smbd serve them here.
            shares[f"bulk{i:03d}"] = Share(name=f"bulk{i:03d}", path=str(path), mode="native",
                                           backend="btrfs", quota=1 << 30, created_volume=True,
                                           node=os.uname().nodename.split(".")[0])
        registry = Registry(shares=shares)
        (self.state / "registry.json").write_bytes(registry.dumps())
        include = self.conf.parent / "pvesmbgw-shares.conf"
        include.write_text(render_shares(shares.values(), self.state / "registry.json"))
        self.conf.write_text(with_include(self.conf.read_text(), include))

    def stop_smbd(self) -> None:
        for name in ("smbd.pid", "samba-dcerpcd.pid"):
            pidfile = self.root / "samba" / "run" / name
            try:
                pid = int(pidfile.read_text().split()[0])
                if str(self.conf) in Path(f"/proc/{pid}/cmdline").read_text():
                    os.kill(pid, signal.SIGTERM)
            except (OSError, ValueError, IndexError):
                pass
        time.sleep(1)


PRUNE_SNAPSHOTS = 1000


def bench_btrfs_prune(bench: Bench, rows: list[tuple[str, str, float, float]]) -> None:
    """Prune a share with 1,000 snapshots on real btrfs."""
    path = bench.mnt / "prune"
    bench.cli("create", "prune", "--path", str(path), "--snapshots", "hourly=24,daily=7,weekly=4")
    (path / ".snapshots").mkdir()
    now = time.time()
    for i in range(PRUNE_SNAPSHOTS):
        name = time.strftime("@GMT-%Y.%m.%d-%H.%M.%S", time.gmtime(now - 3600 * (i + 1)))
        sh("btrfs", "subvolume", "snapshot", "-r", str(path), str(path / ".snapshots" / name))
    elapsed = bench.cli("snapshot", "--prune-all", trace=True)
    r, m = bench.spawns()
    left = len(list((path / ".snapshots").iterdir()))
    rows.append((f"prune {PRUNE_SNAPSHOTS} snapshots, btrfs (kept {left})",
                 median_ms([elapsed]), r, m))
    bench.cli("delete", "prune", "--purge")


@contextlib.contextmanager
def simulated_pve(bench: Bench, name: str = "pve",
                  sim_env: Optional[dict[str, str]] = None) -> Iterator[Path]:
    """A simulated PVE 9 node "pve" (tests/sim: pct, pvesh, zfs, ... first on PATH, state in
    bench.root/NAME) for the agent, whose config points at it while this lasts; SIM_ENV
    selects simulator settings (e.g. PVESIM_BACKEND=lxc: real containers). Yields the
    state directory. Afterwards its real containers (if any), its share group and the
    environment are gone or restored."""
    sys.path.insert(0, str(REPO / "tests" / "sim"))
    import storesim
    from pvesim.model.state import init_state

    state = bench.root / name
    init_state(str(state), pve_version=9, node="pve")
    storage_root = bench.root / f"{name}-storage-root"
    storesim.init_storage(str(state), str(storage_root))
    config = bench.root / f"{name}.conf"
    # A name of this run's own: another bench on the machine (`make bench` from another
    # work tree) removes its share group by name too, and must not take this one.
    group = f"pvgwbench{secrets.token_hex(3)}"
    config.write_text(
        f"[pvesmbgw]\nsamba_conf = {bench.conf}\nstate_dir = {bench.root / f'{name}-state'}\n"
        f"allowed_roots = {bench.mnt} {storage_root}\npve_root = {state / 'etc/pve'}\n"
        f"subuid_file = {state / 'etc/subuid'}\nsubgid_file = {state / 'etc/subgid'}\n"
        f"node = pve\nservice_manager = direct\nshare_group = {group}\n")
    saved = dict(os.environ)
    os.environ.update({"PVESIM_STATE": str(state),
                       "PATH": f"{REPO / 'tests/sim/bin'}:{os.environ['PATH']}",
                       **(sim_env or {})})
    saved_config, bench.config = bench.config, config
    try:
        yield state
    finally:
        try:
            if os.environ.get("PVESIM_BACKEND") == "lxc":
                # What a failed run left: its containers, stopped and destroyed by name
                # (the lxcpath below STATE), before STATE itself goes.
                from pvesim.backends import lxc as backend_lxc
                for problem in backend_lxc.cleanup_state(state):
                    print(f"bench: cleanup of {state}: {problem}", file=sys.stderr)
        finally:
            subprocess.run(["groupdel", group], capture_output=True)
            bench.config = saved_config
            os.environ.clear()
            os.environ.update(saved)


def bench_simulated(bench: Bench, rows: list[tuple[str, str, float, float]]) -> None:
    """Against the PVE and storage simulators: 50 lxc shares on one gateway, then a
    ZFS share with 1,000 snapshots pruned."""
    with simulated_pve(bench) as state:
        import storesim
        storage_root = bench.root / "pve-storage-root"
        bench.cli("create", "lxc-first", "--mode", "lxc", "--path", str(bench.mnt / "lxc-first"))
        count = 50
        samples = [bench.cli("create", f"l{i}", "--mode", "lxc", "--path",
                             str(bench.mnt / f"l{i}"), trace=True) for i in range(count)]
        r, m = bench.spawns()
        rows.append((f"lxc create on a shared gateway (x{count})", median_ms(samples),
                     r / count, m / count))
        samples = [bench.cli("delete", f"l{i}", "--purge", trace=True) for i in range(count)]
        r, m = bench.spawns()
        rows.append((f"lxc delete from the gateway (x{count})", median_ms(samples),
                     r / count, m / count))
        bench.cli("delete", "lxc-first", "--purge")
        bench_vm(bench, state, rows)

        path = storage_root / "rpool" / "data" / "zprune"
        bench.cli("create", "zprune", "--path", str(path), "--snapshots", "hourly=24,daily=7")
        now = int(time.time())
        stamps = [now - 3600 * (i + 1) for i in reversed(range(PRUNE_SNAPSHOTS))]
        names = [time.strftime("GMT-%Y.%m.%d-%H.%M.%S", time.gmtime(t)) for t in stamps]
        # Seeded in-process: the simulator would otherwise spawn once per snapshot.
        storesim.seed_snapshots(str(state), "rpool/data/zprune", names, stamps)
        elapsed = bench.cli("snapshot", "--prune-all", trace=True)
        r, m = bench.spawns()
        left = len(sh("zfs", "list", "-H", "-t", "snapshot", "-o", "name").split())
        rows.append((f"prune {PRUNE_SNAPSHOTS} snapshots, sim ZFS (kept {left})",
                     median_ms([elapsed]), r, m))
        bench.cli("delete", "zprune", "--purge")


def bench_vm(bench: Bench, state: Path, rows: list[tuple[str, str, float, float]]) -> None:
    """VM mode against the simulator: a share that clones a new gateway VM, then shares
    added to that VM (each reboots it: virtiofs is not hot-pluggable)."""
    cfg = state / "etc/pve/storage.cfg"
    cfg.write_text(cfg.read_text().replace("\tcontent iso,vztmpl,backup",
                                           "\tcontent iso,vztmpl,backup,snippets", 1))
    image = bench.root / "debian-12-genericcloud-amd64.qcow2"
    image.write_bytes(b"QFI\xfb" + bytes(4096))
    bench.cli("vm-template", "build", "--image", str(image))
    count = 5
    new = [bench.cli("create", f"vnew{i}", "--mode", "vm", "--dedicated", "--path",
                     str(bench.mnt / f"vnew{i}"), trace=True) for i in range(count)]
    r, m = bench.spawns()
    rows.append((f"vm create with a new gateway VM (x{count}, simulator)", median_ms(new),
                 r / count, m / count))
    bench.cli("create", "vm-first", "--mode", "vm", "--path", str(bench.mnt / "vm-first"))
    added = [bench.cli("create", f"v{i}", "--mode", "vm", "--path", str(bench.mnt / f"v{i}"),
                       trace=True) for i in range(count)]
    r, m = bench.spawns()
    rows.append((f"vm create on an existing gateway VM (x{count}, simulator)",
                 median_ms(added), r / count, m / count))
    for name in [f"v{i}" for i in range(count)] + ["vm-first"] + \
            [f"vnew{i}" for i in range(count)]:
        bench.cli("delete", name, "--purge")
    bench_vm_disk(bench, rows, count)


def bench_vm_disk(bench: Bench, rows: list[tuple[str, str, float, float]], count: int) -> None:
    """VM mode before PVE 8.4: each share a disk hot-plugged into the gateway VM."""
    saved = dict(os.environ)
    os.environ.update(PVESIM_PVE_VERSION="8", PVESIM_PVE_MINOR="3")
    try:
        bench.cli("create", "d-first", "--mode", "vm", "--storage", "local-lvm", "--quota", "1G")
        added = [bench.cli("create", f"d{i}", "--mode", "vm", "--storage", "local-lvm",
                           "--quota", "1G", trace=True) for i in range(count)]
        r, m = bench.spawns()
        rows.append((f"vm create of a disk share on PVE 8.3 (x{count}, simulator)",
                     median_ms(added), r / count, m / count))
        for name in [f"d{i}" for i in range(count)] + ["d-first"]:
            bench.cli("delete", name, "--purge")
    finally:
        os.environ.clear()
        os.environ.update(saved)


PLUGIN_STATUS_DRIVER = r"""
use strict; use warnings;
use JSON::PP; use Time::HiRes qw(time);
use PVE::Storage;
my $c = 'PVE::Storage::Custom::SMBGatewayPlugin';
my $err = PVE::Storage::load_custom($c, 'PVE/Storage/Custom/SMBGatewayPlugin.pm');
die "load: $err" if $err;
$PVE::Storage::Custom::SMBGatewayPlugin::PATH = $ENV{PLUGIN_PATH};
my ($runs, $storeid, $path) = @ARGV;
my @times;
for (1 .. $runs) {
    my $t = time();
    my (undef, undef, undef, $active) = $c->status($storeid, { path => $path }, {});
    push @times, time() - $t;
    die "inactive" if !$active;
}
print encode_json(\@times), "\n";
"""


def bench_plugin_status(bench: Bench, rows: list[tuple[str, str, float, float]]) -> None:
    """The PVE storage plugin's status() as pvestatd calls it every 10 s per storage:
    timed inside one Perl process (PVE stand-ins from tests/perl/lib), so the number is
    the cost of the call, not of starting Perl. Spawns: the agent plus what it runs."""
    import json
    path = bench.mnt / "pvestore"
    bench.cli("create", "pvestore", "--path", str(path), "--quota", "1G")
    bindir = bench.root / "plugin-bin"
    bindir.mkdir()
    agent = bindir / "pve-smbgateway"
    # What the package's console script does, from the work tree.
    agent.write_text(f"#!{PYTHON}\nimport sys\nfrom pvesmbgw.cli.entry import main\n"
                     "sys.exit(main())\n")
    agent.chmod(0o755)
    env = {**os.environ, "PVESMBGW_CONFIG": str(bench.config), "PYTHONPATH": str(REPO),
           "PVESMBGW_TRACE_SPAWNS": str(bench.trace),
           "PLUGIN_PATH": f"{bindir}:/usr/sbin:/usr/bin:/sbin:/bin",
           **bench.bytecode_env()}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([str(agent), "plugin", "status"], input='{"version": 1, "storeid": "x"}',
                   env=env, capture_output=True, text=True)
    bench.trace.unlink(missing_ok=True)
    proc = subprocess.run(["perl", "-I", str(REPO / "tests/perl/lib"), "-I", str(REPO), "-e",
                           PLUGIN_STATUS_DRIVER, str(RUNS), "pvestore", str(path)],
                          env=env, cwd=REPO, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"bench: plugin status failed: {proc.stderr.strip()}")
    samples = json.loads(proc.stdout)
    r, m = bench.spawns()
    # +1: the agent process the plugin itself spawns for each call.
    rows.append(("PVE plugin status(), btrfs + quota", median_ms(samples), r / RUNS + 1,
                 m / RUNS))
    bench.cli("delete", "pvestore", "--purge")


def paired(run: Callable[[int], float],
           base: Callable[[int], float]) -> tuple[list[float], list[float]]:
    """RUNS samples of RUN, each right after one of its baseline BASE: on a shared
    machine whose load changes within a run, a ratio compares like with like."""
    samples, bases = [], []
    for i in range(RUNS):
        bases.append(base(i))
        samples.append(run(i))
    return samples, bases


def bare_python(_: int) -> float:
    return timed(PYTHON, "-c", "pass")


def timed(*argv: str) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - start


def bare_create(bench: Bench, i: int) -> float:
    """What a native btrfs create with a quota needs at least, as bare commands: the
    subvolume, its qgroup limit, smbd re-reading its configuration."""
    path = bench.mnt / f"bare{i}"
    elapsed = (timed("btrfs", "subvolume", "create", str(path))
               + timed("btrfs", "qgroup", "limit", "1G", str(path))
               + timed("smbcontrol", "-s", str(bench.conf), "smbd", "reload-config"))
    sh("btrfs", "subvolume", "delete", str(path))
    return elapsed


def ratio_line(name: str, samples: list[float], base: list[float], base_name: str,
               goal: float) -> str:
    ratio = statistics.median(samples) / statistics.median(base)
    return (f"{name:<38} {ratio:5.1f}x {base_name} ({statistics.median(samples) * 1000:.1f} "
            f"vs {statistics.median(base) * 1000:.1f} ms; goal <= {goal:g}x: "
            f"{'met' if ratio <= goal else 'NOT met'})")


def spawns_per_run(trace: Path, runs: int) -> tuple[float, float]:
    """(read-only, mutating) commands per run recorded in TRACE, which is then removed."""
    lines = trace.read_text().splitlines() if trace.exists() else []
    trace.unlink(missing_ok=True)
    return (sum(l.startswith("R ") for l in lines) / runs,
            sum(l.startswith("M ") for l in lines) / runs)


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:7.1f} ms (min {min(samples) * 1000:.1f}, n={len(samples)})"


def print_results(rows: list[tuple[str, str, float, float]], ratios: list[str]) -> None:
    print(f"\n{'operation':<38} {'wall time (median)':<40} {'read-only':>9} {'mutating':>9}")
    print(f"{'':<38} {'':<40} {'spawns':>9} {'spawns':>9}")
    for name, timing, reads, writes in rows:
        print(f"{name:<38} {timing:<40} {reads:>9.1f} {writes:>9.1f}")
    print(f"\nratios against baselines measured in this run (bare python: `{PYTHON} -c "
          "pass`; bare commands: btrfs subvolume create + btrfs qgroup limit + "
          "smbcontrol smbd reload-config):")
    for line in ratios:
        print(f"  {line}")


# Parts that can run alone (--only), each needing only the pool and the private smbd;
# `index` needs neither (nor root); `core` is the agent's own commands (list, create,
# status, reconcile, with 0 and 500 shares).
ONLY = ("core", "lxc-memory", "svc", "vm", "index")


def main(only: Optional[str] = None) -> int:
    if only == "index":
        import bench_index
        bench_index.main()
        return 0
    if os.geteuid() != 0:
        print("bench: needs root (loop device, mount, smbd)", file=sys.stderr)
        return 2
    root = Path(tempfile.mkdtemp(prefix="pvesmbgw-bench-"))
    root.chmod(0o755)
    bench = Bench(root)
    device = None
    try:
        device = bench.setup()
        print(f"pvesmbgw bench: btrfs on {device}, private smbd on 127.0.0.1:{PORT}, "
              f"{RUNS} runs each, {os.cpu_count()} cores")
        if only == "svc":
            from bench_svc import bench_svc
            rows, ratios = [], []
            bench_svc(bench.mnt, rows, ratios)
            for name, timing, reads, writes in rows:
                print(f"{name:<38} {timing}  spawns: {reads:.1f} read-only, "
                      f"{writes:.1f} mutating")
            for line in ratios:
                print(f"  {line}")
            return 0
        if only == "lxc-memory":
            from bench_lxc_memory import bench_lxc_memory
            bench_lxc_memory(bench)
            return 0
        if only == "vm":
            from bench_vm import bench_vm_real
            bench_vm_real(bench)
            return 0
        rows = []
        ratios = []
        # Every ratio is against its baseline measured in this run, interleaved with it
        # (paired), each printed with the ratio.
        bench.cli("list")  # fills the bytecode cache; not timed
        samples, bare = paired(lambda _: bench.cli("list", trace=True), bare_python)
        r, m = bench.spawns()
        rows.append(("list, 0 shares (cold process)", median_ms(samples), r / RUNS, m / RUNS))
        ratios.append(ratio_line("list, 0 shares", samples, bare, "bare python", 3))

        bench.cli("create", "warmup", "--path", str(bench.mnt / "warmup"), "--quota", "1G")
        samples, bare = paired(
            lambda i: bench.cli("create", f"c{i}", "--path", str(bench.mnt / f"c{i}"),
                                "--quota", "1G", trace=True),
            lambda i: bare_create(bench, i))
        r, m = bench.spawns()
        rows.append(("create, native, btrfs + quota", median_ms(samples), r / RUNS, m / RUNS))
        ratios.append(ratio_line("create, native, btrfs + quota", samples, bare,
                                 "bare commands", 3))
        samples = [bench.cli("delete", f"c{i}", "--purge", trace=True) for i in range(RUNS)]
        r, m = bench.spawns()
        rows.append(("delete --purge, btrfs", median_ms(samples), r / RUNS, m / RUNS))
        bench.cli("delete", "warmup", "--purge")

        start = time.perf_counter()
        bench.populate(SHARES)
        populate = time.perf_counter() - start
        bench.cli("reconcile")  # starts smbd for the 500-share config
        samples, bare = paired(lambda _: bench.cli("list", trace=True), bare_python)
        r, m = bench.spawns()
        rows.append((f"list, {SHARES} shares (cold process)", median_ms(samples), r / RUNS, m / RUNS))
        ratios.append(ratio_line(f"list, {SHARES} shares", samples, bare, "bare python", 3))
        bench.cli("status", "bulk000")  # fills the bytecode cache; not timed
        samples, bare = paired(lambda _: bench.cli("status", "bulk000", trace=True),
                               bare_python)
        r, m = bench.spawns()
        rows.append((f"status, {SHARES} shares (cold process)", median_ms(samples), r / RUNS,
                     m / RUNS))
        ratios.append(ratio_line(f"status, {SHARES} shares", samples, bare, "bare python", 3))
        samples = [bench.cli("reconcile", "--check", trace=True) for _ in range(RUNS)]
        r, m = bench.spawns()
        rows.append((f"reconcile --check, {SHARES} shares", median_ms(samples), r / RUNS, m / RUNS))
        samples = [bench.cli("reconcile", trace=True) for _ in range(RUNS)]
        r, m = bench.spawns()
        rows.append((f"reconcile (no-op), {SHARES} shares", median_ms(samples), r / RUNS, m / RUNS))
        samples = [bench.cli("create", f"n{i}", "--path", str(bench.mnt / f"n{i}"),
                             "--quota", "1G", trace=True) for i in range(RUNS)]
        r, m = bench.spawns()
        rows.append((f"create with {SHARES} shares present", median_ms(samples), r / RUNS, m / RUNS))
        if only == "core":
            print_results(rows, ratios)
            return 0

        bench_btrfs_prune(bench, rows)
        bench_plugin_status(bench, rows)
        bench_simulated(bench, rows)
        from bench_svc import bench_svc  # pve-svc against the simulator
        bench_svc(bench.mnt, rows, ratios)
        from bench_index import bench_index  # a signed 500-template repository
        bench_index(rows, ratios)
        from bench_ad import bench_ad  # a Samba AD DC in network namespaces
        bench_ad(rows)
        # Memory per share and per connection of a real gateway container.
        from bench_lxc_memory import bench_lxc_memory
        bench_lxc_memory(bench)
        # A real gateway VM under QEMU: create, boot to agent, idle memory.
        from bench_vm import bench_vm_real
        bench_vm_real(bench)

        print_results(rows, ratios)
        print(f"\n(setup: {SHARES} subvolumes with qgroup limits created in {populate:.1f} s)")
        print("targets: list < 150 ms cold; create < 500 ms; no-op reconcile of 500 shares "
              "< 1 s with 0 mutating spawns; prune of 1,000 snapshots < 2 s with one "
              "listing call per share; PVE plugin status() < 50 ms spawning one agent "
              "process; ad join < 3 s")
    finally:
        bench.stop_smbd()
        if os.path.ismount(bench.mnt):
            subprocess.run(["umount", str(bench.mnt)], check=False)
        if device:
            subprocess.run(["losetup", "-d", device], check=False)
        subprocess.run(["rm", "-rf", str(root)], check=False)
    return 0


if __name__ == "__main__":
    import argparse
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=ONLY, help="run only this part of the bench")
    args = parser.parse_args()
    code = main(args.only)
    if args.only:
        sys.exit(code)
    # CTDB VIP failover: its own lab in network namespaces (scripts/bench_ctdb.py).
    import bench_ctdb
    sys.exit(code or bench_ctdb.main())
