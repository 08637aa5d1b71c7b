"""make bench, AD part: join/leave time and a domain user's first authenticated write,
against the Samba AD DC of tests/lib/ad_lab.py (network namespaces; needs root)."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.lib import ad_lab  # noqa: E402

Row = tuple[str, str, float, float]
CYCLES = 3
ALICE = ("alice", "Al1ce-bench-pw!")


def _ms(samples: list[float]) -> str:
    return (f"{statistics.median(samples) * 1000:7.1f} ms (min {min(samples) * 1000:.1f}, "
            f"n={len(samples)})")


def _spawns(trace: Path) -> tuple[int, int]:
    if not trace.exists():
        return 0, 0
    lines = trace.read_text().splitlines()
    trace.unlink()
    return sum(l.startswith("R ") for l in lines), sum(l.startswith("M ") for l in lines)


def bench_ad(rows: list[Row]) -> None:
    try:
        start = time.perf_counter()
        lab = ad_lab.build({ALICE[0]: ALICE[1]})
        built = time.perf_counter() - start
    except ad_lab.LabUnavailable as exc:
        print(f"bench: AD part skipped: {exc}")
        return
    member = ad_lab.new_member(lab)
    trace = member.root / "spawns.txt"
    env = [f"PVESMBGW_TRACE_SPAWNS={trace}"]
    password = ad_lab.ADMIN_PASSWORD + "\n"
    try:
        joins, leaves = [], []
        spawn_join = spawn_leave = (0, 0)
        for _ in range(CYCLES):
            t = time.perf_counter()
            member.cli("ad", "join", "--realm", ad_lab.REALM, "--user", "Administrator",
                       "--password-stdin", input=password, env=env)
            joins.append(time.perf_counter() - t)
            spawn_join = _spawns(trace)
            t = time.perf_counter()
            member.cli("ad", "leave", "--password-stdin", input=password, env=env)
            leaves.append(time.perf_counter() - t)
            spawn_leave = _spawns(trace)
        rows.append(("ad join (checks + join + winbind)", _ms(joins), *spawn_join))
        rows.append(("ad leave", _ms(leaves), *spawn_leave))

        member.cli("ad", "join", "--realm", ad_lab.REALM, "--user", "Administrator",
                   "--password-stdin", input=password)
        share = member.data / "bench"
        member.cli("create", "bench", "--path", str(share), "--valid-users",
                   'EXAMPLE\\alice,@"EXAMPLE\\Domain Admins"')
        with tempfile.TemporaryDirectory(prefix="pvgwt-adbench-") as tmp:
            admin = ad_lab.auth_file(Path(tmp), "Administrator", ad_lab.ADMIN_PASSWORD)
            alice = ad_lab.auth_file(Path(tmp), *ALICE)
            unc = f"//{ad_lab.MEMBER_IP}/bench"
            lab.dc.run("smbcacls", unc, "/", "-A", str(admin), "-a",
                       "ACL:EXAMPLE\\alice:ALLOWED/OI|CI/FULL")
            (Path(tmp) / "f.txt").write_text("x" * 4096)
            t = time.perf_counter()
            lab.dc.run("smbclient", unc, "-A", str(alice), "-m", "SMB3", "-c",
                       f"lcd {tmp}; put f.txt")
            first = time.perf_counter() - t
            t = time.perf_counter()
            lab.dc.run("smbclient", unc, "-A", str(alice), "-m", "SMB3", "-c",
                       f"lcd {tmp}; put f.txt g.txt")
            second = time.perf_counter() - t
        rows.append(("domain user's first write (smbclient)", _ms([first]), 0, 0))
        rows.append(("domain user's next write (smbclient)", _ms([second]), 0, 0))
        member.cli("delete", "bench")
        member.cli("ad", "leave", "--password-stdin", input=password)
        print(f"(AD lab: DC provisioned and started in {built:.1f} s, of which "
              f"{lab.timings.get('lock_wait', 0):.1f} s waiting for the network lock)")
    finally:
        member.teardown()
        lab.teardown()


if __name__ == "__main__":
    out: list[Row] = []
    bench_ad(out)
    for name, timing, reads, writes in out:
        print(f"{name:<38} {timing:<40} {reads:>9.1f} {writes:>9.1f}")
