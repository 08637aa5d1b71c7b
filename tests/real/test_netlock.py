"""The test network's leftovers: what a killed lab left on the host is removed by the next
run (tests/lib/netlock.py claim/reclaim), and a stopped pytest session tears its fixtures
down (tests/conftest.py turns SIGTERM into Ctrl-C)."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Iterator

import pytest

from tests.lib import netlock
from tests.lib.proc import require_root, run

REPO = Path(__file__).resolve().parents[2]


def _exists(ns: str, link: str) -> tuple[bool, bool]:
    return Path(f"/run/netns/{ns}").exists(), netlock.ifindex(link) is not None


def _maker(lab: str, ns: str, link: str) -> subprocess.Popen[str]:
    """A process that makes a bridge and a namespace, claims them for LAB and
    waits to be killed (the maker of a lab, killed before its teardown)."""
    code = textwrap.dedent(f"""
        import subprocess, sys, time
        sys.path.insert(0, {str(REPO)!r})
        from tests.lib import netlock
        subprocess.run(["ip", "link", "add", {link!r}, "type", "bridge"], check=True)
        subprocess.run(["ip", "netns", "add", {ns!r}], check=True)
        netlock.claim({lab!r}, [{link!r}], [{ns!r}])
        print("claimed", flush=True)
        time.sleep(600)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "claimed"
    return proc


@pytest.fixture
def names() -> Iterator[tuple[str, str, str]]:
    """A lab's, a namespace's and an interface's names for one test; what is left of
    them is removed after it."""
    require_root("netlock reclaim")
    tag = secrets.token_hex(3)
    lab, ns, link = f"selftest-{tag}", f"pvgwt-nl-{tag}", f"pvgwtnl{tag}"
    try:
        yield lab, ns, link
    finally:
        run(["ip", "netns", "del", ns], check=False)
        run(["ip", "link", "del", link], check=False)
        netlock.release_claim(lab)


def test_reclaim_removes_only_a_dead_makers_interfaces_and_namespaces(
        names: tuple[str, str, str]) -> None:
    lab, ns, link = names
    proc = _maker(lab, ns, link)
    try:
        # its maker still runs: nothing is touched
        assert netlock.reclaim(lab) == []
        assert _exists(ns, link) == (True, True)
        proc.kill()
        proc.wait()
        assert netlock.reclaim(lab) == [f"netns {ns}", f"interface {link}"]
        assert _exists(ns, link) == (False, False)
        assert not (netlock.CLAIM_DIR / f"pvgwt-net-{lab}.claim").exists()
    finally:
        proc.kill()
        proc.wait()


def test_an_interface_made_again_under_the_same_name_is_not_removed(
        names: tuple[str, str, str]) -> None:
    """The record names the ifindex: a new interface that took the name is someone else's."""
    lab, ns, link = names
    proc = _maker(lab, ns, link)
    proc.kill()
    proc.wait()
    run(["ip", "link", "del", link])
    run(["ip", "link", "add", link, "type", "bridge"])
    assert netlock.reclaim(lab) == [f"netns {ns}"]
    assert netlock.ifindex(link) is not None


def test_sigterm_tears_the_sessions_fixtures_down(tmp_path: Path) -> None:
    """A session stopped with SIGTERM runs its fixtures' teardown (conftest's handler)."""
    marker = tmp_path / "torn-down"
    started = tmp_path / "started"
    # the inner session runs under this repository's conftest (a test file inside tests/)
    test_file = REPO / "tests" / "real" / f"_sigterm_{secrets.token_hex(4)}.py"
    test_file.write_text(textwrap.dedent(f"""
        import time
        from pathlib import Path
        import pytest

        @pytest.fixture(scope="module")
        def held():
            Path({str(started)!r}).touch()
            yield
            Path({str(marker)!r}).touch()

        def test_waits(held):
            time.sleep(600)
    """))
    try:
        proc = subprocess.Popen([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                                 "-o", "python_files=_sigterm_*.py", str(test_file)],
                                cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, start_new_session=True)
        try:
            deadline = time.monotonic() + 120
            while not started.exists():
                assert proc.poll() is None, proc.communicate()[0]
                assert time.monotonic() < deadline, "the inner session did not start"
                time.sleep(0.1)
            os.kill(proc.pid, signal.SIGTERM)
            out, _ = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert marker.exists(), out
        assert proc.returncode != 0
    finally:
        test_file.unlink()
