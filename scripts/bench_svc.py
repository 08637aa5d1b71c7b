"""make bench, service launcher part: `pve-svc install` of an LXC service against the
bare PVE commands it needs, and `pve-svc list` cold against the bare interpreter, each
paired with its baseline in this run. Against the PVE simulator (tests/sim), whose
`pct` creates directory containers: what is measured is pve-svc's own cost (planning,
pre-flight, journal, volume, rendering) on top of the same PVE calls.

The baseline replays, as bare commands, every `pct` call one install made: `pct create`
(same options), `pct start`, one `pct exec VMID -- true` per command the install ran in
the guest and one `pct push` per file it copied in. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Optional

from bench import REPO, bare_python, median_ms, paired, ratio_line
from bench import spawns_per_run as _spawns

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.lib.svchost import SvcHost, make_svc_host  # noqa: E402

ARGS = ["--param", "quota=16M"]


def bench_svc(mnt: Path, rows: list[tuple[str, str, float, float]], ratios: list[str]) -> None:
    host = make_svc_host(SimpleNamespace(mountpoint=mnt))  # type: ignore[arg-type]
    try:
        _bench(host, rows, ratios)
    finally:
        host.teardown()


def _svc(host: SvcHost, *args: str, trace: Optional[Path] = None) -> float:
    env = {"PYTHONDONTWRITEBYTECODE": ""}
    if trace is not None:
        env["PVESMBGW_TRACE_SPAWNS"] = str(trace)
    start = time.perf_counter()
    host.svc(*args, env=env)
    return time.perf_counter() - start


def _pct_calls(host: SvcHost, since: int) -> list[list[str]]:
    lines = (host.state / "calls.log").read_text().splitlines()[since:]
    return [row["argv"] for row in map(json.loads, lines) if row.get("tool") == "pct"]


def _without_mounts(args: list[str]) -> list[str]:
    out: list[str] = []
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif re.fullmatch(r"--mp\d+", arg):
            skip = True
        else:
            out.append(arg)
    return out


def _bare(host: SvcHost, calls: list[list[str]], vmid: int) -> float:
    """The pct calls of one install as bare commands (exec runs `true`), on VMID."""
    env = {**host.env}
    elapsed = 0.0
    for argv in calls:
        verb = argv[0]
        if verb == "create":
            # the install's mount points are gone with its volumes: not replayed
            args = ["pct", "create", str(vmid), *_without_mounts(argv[2:])]
        elif verb == "start":
            args = ["pct", "start", str(vmid)]
        elif verb == "exec":
            args = ["pct", "exec", str(vmid), "--", "true"]
        elif verb == "push":
            args = ["pct", "push", str(vmid), str(REPO / "README.md"), "/tmp/bench-push"]
        else:
            continue
        start = time.perf_counter()
        subprocess.run(args, env=env, check=True, capture_output=True)
        elapsed += time.perf_counter() - start
    subprocess.run(["pct", "stop", str(vmid)], env=env, capture_output=True)
    subprocess.run(["pct", "destroy", str(vmid)], env=env, check=True, capture_output=True)
    return elapsed


def _bench(host: SvcHost, rows: list[tuple[str, str, float, float]],
           ratios: list[str]) -> None:
    http = ["--param", f"http_port={host.health.port}"]
    # One install to learn its pct calls (and fill the bytecode cache); not timed.
    mark = len((host.state / "calls.log").read_text().splitlines()) \
        if (host.state / "calls.log").exists() else 0
    _svc(host, "install", "demo", *ARGS, *http)
    calls = [c for c in _pct_calls(host, mark)
             if c[0] in ("create", "start", "exec", "push")]
    _svc(host, "uninstall", "demo", "--purge")

    trace = host.state / "bench-spawns"

    def install(i: int) -> float:
        elapsed = _svc(host, "install", "demo", "--name", f"b{i}", *ARGS, *http, trace=trace)
        _svc(host, "uninstall", f"b{i}", "--purge")
        return elapsed
    samples, bare = paired(install, lambda i: _bare(host, calls, 900 + i))
    rows.append(("pve-svc install, LXC service (sim)", median_ms(samples),
                 *_spawns(trace, len(samples))))
    counts = {verb: sum(c[0] == verb for c in calls) for verb in ("exec", "push")}
    ratios.append(ratio_line("pve-svc install (sim)", samples, bare,
                             f"bare pct (create, start, {counts['exec']} exec, "
                             f"{counts['push']} push)", 1.5))

    for i in range(20):  # a registry with 20 instances
        host.svc("install", "demo", "--name", f"l{i}", *ARGS, "--param",
                 f"http_port={host.health.port}", "--vmid", str(200 + i), check=None)
    _svc(host, "list")
    samples, bare = paired(lambda _: _svc(host, "list", trace=trace), bare_python)
    rows.append(("pve-svc list, 20 instances (cold)", median_ms(samples),
                 *_spawns(trace, len(samples))))
    ratios.append(ratio_line("pve-svc list, 20 instances", samples, bare, "bare python", 3))


