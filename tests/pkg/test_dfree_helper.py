"""scripts/pvesmbgw-dfree, the `dfree command` smbd runs: it answers from the numbers
beside the link it was run as, never above what the file system has, and falls back to
the file system's own numbers. Run as smbd runs it: through a link, in the share's root,
with the path asked about as the only argument."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HELPER = REPO / "scripts/pvesmbgw-dfree"
MIB = 1 << 20


def run(link: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(link), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=10, env={"PATH": "/usr/bin:/bin"})


def answer(link: Path, cwd: Path, *args: str) -> tuple[int, int]:
    """(total, available) bytes the helper reports."""
    proc = run(link, cwd, *args)
    assert proc.returncode == 0, proc.stderr
    total, avail, block = (int(x) for x in proc.stdout.split())
    assert block == 1024
    return total * block, avail * block


def fs_bytes(path: Path) -> tuple[int, int]:
    st = os.statvfs(path)
    return st.f_blocks * st.f_frsize, st.f_bavail * st.f_frsize


@pytest.fixture
def link(tmp_path: Path) -> Path:
    (tmp_path / "dfree").mkdir()
    made = tmp_path / "dfree" / "0123abcd"
    made.symlink_to(HELPER)
    return made


@pytest.fixture
def share(tmp_path: Path) -> Path:
    (tmp_path / "share" / "sub dir").mkdir(parents=True)
    return tmp_path / "share"


def numbers(link: Path, text: str) -> None:
    link.with_name(link.name + ".space").write_text(text)


def test_quota_is_the_size_and_what_is_left_of_it_is_free(link: Path, share: Path) -> None:
    numbers(link, f"{64 * MIB} {16 * MIB}\n")
    assert answer(link, share, ".") == (64 * MIB, 48 * MIB)
    # A path below the share (smbd passes it unsplit, white space and all).
    assert answer(link, share, "sub dir") == (64 * MIB, 48 * MIB)


def test_free_space_is_never_more_than_the_file_system_has(link: Path, share: Path) -> None:
    _, fs_avail = fs_bytes(share)
    huge = (fs_avail // MIB + 1000) * MIB
    numbers(link, f"{huge} 0\n")
    total, avail = answer(link, share, ".")
    assert total == huge
    assert fs_avail - MIB <= avail <= fs_avail  # the file system moves a little meanwhile


def test_over_quota_shows_nothing_free(link: Path, share: Path) -> None:
    numbers(link, f"{32 * MIB} {40 * MIB}\n")
    assert answer(link, share, ".") == (32 * MIB, 0)


@pytest.mark.parametrize("text", [None, "", "garbage\n", "-5 3\n", "64 x\n", "1e9 0\n",
                                  "1234567890123456789 0\n"])  # 19 digits: could overflow
def test_without_usable_numbers_it_reports_the_file_system(link: Path, share: Path,
                                                           text: str | None) -> None:
    if text is not None:
        numbers(link, text)
    total, avail = answer(link, share, ".")
    fs_total, fs_avail = fs_bytes(share)
    assert total == fs_total // 1024 * 1024
    assert abs(avail - fs_avail) <= MIB


@pytest.mark.parametrize("arg", ["missing", "-n", "../../..", ""])
def test_the_path_argument_is_only_ever_a_statvfs(link: Path, share: Path, arg: str) -> None:
    numbers(link, f"{64 * MIB} 0\n")
    assert answer(link, share, arg) == (64 * MIB, 64 * MIB)


def test_run_by_its_own_name_it_reports_the_file_system(share: Path) -> None:
    total, _ = answer(HELPER, share, ".")
    assert total == fs_bytes(share)[0] // 1024 * 1024


def test_it_is_posix_sh() -> None:
    assert HELPER.read_text().startswith("#!/bin/sh\n")
    assert os.access(HELPER, os.X_OK)
    if Path("/usr/bin/checkbashisms").exists():
        proc = subprocess.run(["checkbashisms", str(HELPER)], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr
