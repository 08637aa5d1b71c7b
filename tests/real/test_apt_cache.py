"""tests/lib/apt_cache.py: a private apt-cacher-ng serves a Debian Release file, and stops."""

from __future__ import annotations

import socket
import urllib.request

import pytest

from tests.lib.apt_cache import apt_cache, apt_cache_process, free_port
from tests.lib.proc import is_alive

# The mirror this host's apt uses (apt-get indextargets: deb.debian.org, bookworm), the one
# the lab's Debian 12 rootfs points at too.
MIRROR = "http://deb.debian.org/debian"
RELEASE = f"{MIRROR}/dists/bookworm/Release"


def _upstream_reachable() -> bool:
    try:
        with socket.create_connection(("deb.debian.org", 80), timeout=5):
            return True
    except OSError:
        return False


def _get(url: str, proxy: str) -> bytes:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": proxy}))
    with opener.open(url, timeout=60) as resp:
        return bytes(resp.read())


def test_release_file_through_the_proxy() -> None:
    if not _upstream_reachable():
        pytest.skip("deb.debian.org:80 unreachable from this host")
    port = free_port("127.0.0.1", 23142)
    with apt_cache_process("127.0.0.1", port) as cache:
        assert cache.url == f"http://127.0.0.1:{port}"
        body = _get(RELEASE, cache.url)
        assert b"Codename: bookworm" in body, cache.log_tail()
        # Second fetch: served again (from the persistent cache or revalidated).
        assert _get(RELEASE, cache.url) == body
        pid = cache.pid
        assert is_alive(pid)
    assert not is_alive(pid)
    assert not cache.workdir.exists()


def test_url_form_and_port_in_use() -> None:
    port = free_port("127.0.0.1", 23142)
    with apt_cache("127.0.0.1", port) as url:
        assert url == f"http://127.0.0.1:{port}"
        with pytest.raises(RuntimeError, match="already in use"):
            with apt_cache("127.0.0.1", port):
                pass


def test_port_above_32767_refused() -> None:
    with pytest.raises(ValueError, match="32767"):
        with apt_cache("127.0.0.1", 40000):
            pass
