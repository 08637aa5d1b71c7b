"""make bench, template index part: `pve-svc search` over a generated 500-template
repository signed with a throwaway key, cold, against a bare `/usr/bin/python3 -c
pass` (and `pve-svc --version`, the floor of every command, likewise); and `repo
update` of that repository unchanged against a bare `git fetch` of it (an unchanged
fetch into a bare repository). Each paired with its baseline in this run. The built-in repository has the index.json the package build writes beside its
templates. Needs git, gpg and gpgv; no root. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

from bench import (PYTHON, REPO, bare_python, median_ms, paired, ratio_line, spawns_per_run,
                   timed)

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from pvesmbgw.svc import index  # noqa: E402
from tests.lib.template_repo import (GIT_ENV, Signer, TemplateRepo, make_signer,  # noqa: E402
                                     template_text)

TEMPLATES = 500


class IndexBench:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.trace = root / "spawns.txt"
        self.config = root / "pvesmbgw.conf"
        builtin = root / "builtin"
        (builtin / "templates").mkdir(parents=True)
        for path in (REPO / "templates").glob("*.yml"):
            shutil.copy(path, builtin / "templates")
        # What debian/rules does: the built-in templates' index beside them.
        built, problems = index.build_for(builtin, builtin / "templates" / index.FILE, None)
        assert built is not None, problems
        (builtin / "templates" / index.FILE).write_bytes(built.dumps())
        self.config.write_text(f"[pvesmbgw]\nstate_dir = {root / 'state'}\n"
                               f"pve_root = {root / 'pve'}\n"
                               f"svc_templates_dir = {builtin / 'templates'}\n"
                               f"svc_repo_cache = {root / 'cache'}\n")

    def svc(self, *args: str, trace: bool = False) -> float:
        """Run pve-svc (exit on failure); its wall time. Byte-compiled once into the
        bench's own cache, as the installed package is."""
        env = {**os.environ, "PVESMBGW_CONFIG": str(self.config), "PYTHONPATH": str(REPO),
               "PYTHONPYCACHEPREFIX": str(self.root / "pycache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if trace:
            env["PVESMBGW_TRACE_SPAWNS"] = str(self.trace)
        start = time.perf_counter()
        proc = subprocess.run([PYTHON, "-m", "pvesmbgw.cli.svc.main", *args], env=env,
                              capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(f"bench: pve-svc {' '.join(args)} failed: {proc.stderr.strip()}")
        return elapsed

    def spawns(self, runs: int) -> tuple[float, float]:
        return spawns_per_run(self.trace, runs)


def bench_index(rows: list[tuple[str, str, float, float]], ratios: list[str]) -> None:
    root = Path(tempfile.mkdtemp(prefix="pvesmbgw-bench-index-"))
    signer: Optional[Signer] = None
    try:
        signer = make_signer(root / "gnupg", "bench")
        _bench(root, signer, rows, ratios)
    finally:
        if signer is not None:
            signer.close()
        shutil.rmtree(root, ignore_errors=True)


def _bench(root: Path, signer: Signer, rows: list[tuple[str, str, float, float]],
           ratios: list[str]) -> None:
    src = TemplateRepo(root / "src")
    for i in range(TEMPLATES):
        src.add(f"bench-{i:03d}", template_text(f"bench-{i:03d}", f"Bench service {i}"))
    start = time.perf_counter()
    src.publish(signer)
    published = time.perf_counter() - start
    b = IndexBench(root)
    b.svc("repo", "add", "bench", str(src.path), "--keyring", str(signer.armored))
    start = time.perf_counter()
    b.svc("repo", "update", "bench")
    first = time.perf_counter() - start

    b.svc("search")  # fills the bytecode cache; not timed
    # The floor every pve-svc command stands on: the interpreter, argparse, the commands.
    samples, bare = paired(lambda _: b.svc("--version"), bare_python)
    ratios.append(ratio_line("pve-svc --version (the CLI's floor)", samples, bare,
                             "bare python", 3))
    samples, bare = paired(lambda _: b.svc("search", trace=True), bare_python)
    rows.append((f"pve-svc search, {TEMPLATES} templates (cold)", median_ms(samples),
                 *b.spawns(len(samples))))
    ratios.append(ratio_line(f"pve-svc search, {TEMPLATES} templates", samples, bare,
                             "bare python", 3))

    mirror = root / "mirror.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(mirror)], check=True)
    fetch = ["git", f"--git-dir={mirror}", "fetch", "--quiet", "--no-tags", "--",
             str(src.path), "+HEAD:refs/heads/mirror"]
    subprocess.run(fetch, check=True, env={**os.environ, **GIT_ENV})
    b.svc("repo", "update", "bench")
    samples, bare = paired(lambda _: b.svc("repo", "update", "bench", trace=True),
                           lambda _: timed(*fetch))
    rows.append(("pve-svc repo update, unchanged", median_ms(samples),
                 *b.spawns(len(samples))))
    ratios.append(ratio_line("pve-svc repo update, unchanged", samples, bare,
                             "bare git fetch", 3))
    print(f"(setup: {TEMPLATES} templates indexed and signed in {published:.1f} s; "
          f"first repo update, lint of each, {first:.1f} s)")


def main() -> None:
    """`bench.py --only index`: this part alone."""
    table: list[tuple[str, str, float, float]] = []
    lines: list[str] = []
    bench_index(table, lines)
    for name, timing, reads, writes in table:
        print(f"{name:<38} {timing}  spawns: {reads:.1f} read-only, {writes:.1f} mutating")
    for line in lines:
        print(f"  {line}")


if __name__ == "__main__":
    main()
