"""pve-svc installs a shipped template for real: the simulator's `pct` drives a real
unprivileged LXC container booting systemd (PVESIM_BACKEND=lxc), the data volume is a
btrfs subvolume with its quota, the guest's apt reaches Debian only through an
apt-cacher-ng on the host's end of the test bridge, and the service answers the host."""

from __future__ import annotations

import base64
import json
import contextlib
import subprocess
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator, Optional

import pytest

from tests.lib.apt_cache import apt_cache
from tests.lib.btrfs import BtrfsPool
from tests.lib.lxc_env import Bridge
from tests.lib.paths import REPO
from tests.lib.svchost import SvcHost, make_svc_host

pytestmark = pytest.mark.lxc

INSTALL_TIMEOUT = 1500


def dav(method: str, url: str, password: Optional[str], data: Optional[bytes] = None
        ) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=data, method=method)
    if password is not None:
        token = base64.b64encode(f"webdav:{password}".encode()).decode()
        req.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def secret(host: SvcHost, vmid: int, name: str) -> str:
    return host.tool("pct", "exec", str(vmid), "--", "cat",
                     f"/etc/pvesvc/secrets/{name}").stdout


@contextlib.contextmanager
def real_host(pool: BtrfsPool, bridge: Bridge, templates: Path = REPO / "templates"
              ) -> Iterator[SvcHost]:
    """A simulated node with the shipped templates whose `pct` drives real containers
    (systemd inside) on BRIDGE, their apt through an apt-cacher-ng on its host address."""
    pool.enable_quota()
    with apt_cache(bridge.host_ip) as proxy:
        host = make_svc_host(pool, templates=templates, svc_apt_proxy=proxy,
                             svc_ip="dhcp")
        host.extra_env.update({"PVESIM_BACKEND": "lxc", "PVESIM_LXC_INIT": "systemd",
                               "PVESIM_LXC_BRIDGE_MAP": f"vmbr0={bridge.name}"})
        try:
            yield host
        finally:
            host.teardown()


def test_webdav_installed_in_a_real_container_keeps_its_data_across_reinstall(
        btrfs_pool: BtrfsPool, lxc_ready: Bridge) -> None:
    with real_host(btrfs_pool, lxc_ready) as host:
        _install_use_uninstall_reinstall(host)


def _install_use_uninstall_reinstall(host: SvcHost) -> None:
    out = host.json("install", "webdav", "--param", "quota=256M", timeout=INSTALL_TIMEOUT)
    vmid = out["instance"]["vmid"]
    volume = Path(out["instance"]["volumes"][0]["path"])
    status = host.json("status", "webdav")
    assert status["healthy"] is True, status
    base = f"http://{status['address']}"

    password = secret(host, vmid, "password")
    assert len(password) == 32
    assert dav("PUT", f"{base}/hello.txt", None, b"x")[0] == 401
    assert dav("PUT", f"{base}/docs/hello.txt", password, b"hello\n")[0] == 201
    assert dav("GET", f"{base}/docs/hello.txt", password) == (200, b"hello\n")
    # written by nginx (www-data, 33) in the guest: uid 100033 on the host, in the volume
    st = (volume / "docs/hello.txt").stat()
    assert (st.st_uid, st.st_gid) == (100033, 100033)
    assert (volume / "docs/hello.txt").read_bytes() == b"hello\n"
    # the quota is the volume's: a write past 256M fails
    assert dav("PUT", f"{base}/big.bin", password, b"\0" * (300 * 2**20))[0] >= 500
    assert password not in (host.state / "svc-logs/webdav.log").read_text()

    host.svc("uninstall", "webdav", timeout=300)
    assert host.ct_ids() == []
    assert (volume / "docs/hello.txt").read_bytes() == b"hello\n"

    out = host.json("install", "webdav", "--name", "again", "--dataset", str(volume),
                    timeout=INSTALL_TIMEOUT)
    vmid = out["instance"]["vmid"]
    status = host.json("status", "again")
    assert status["healthy"] is True, status
    password = secret(host, vmid, "password")
    assert dav("GET", f"http://{status['address']}/docs/hello.txt", password) == \
        (200, b"hello\n")
    host.svc("uninstall", "again", "--purge", timeout=300)
    assert host.ct_ids() == [] and (volume / "docs/hello.txt").exists()


def test_rsyncd_installed_in_a_real_container_takes_a_backup(
        btrfs_pool: BtrfsPool, lxc_ready: Bridge, tmp_path: Path) -> None:
    with real_host(btrfs_pool, lxc_ready) as host:
        out = host.json("install", "rsyncd", "--param", "quota=128M",
                        timeout=INSTALL_TIMEOUT)
        vmid = out["instance"]["vmid"]
        volume = Path(out["instance"]["volumes"][0]["path"])
        status = host.json("status", "rsyncd")
        assert status["healthy"] is True, status
        assert status["health_target"] == f"tcp {status['address']}:873"
        pwfile = tmp_path / "rsync.pw"
        pwfile.write_text(secret(host, vmid, "password") + "\n")
        pwfile.chmod(0o600)
        source = tmp_path / "src"
        source.mkdir()
        (source / "notes.txt").write_text("backed up\n")
        proc = subprocess.run(
            ["rsync", "-a", f"--password-file={pwfile}", f"{source}/",
             f"rsync://backup@{status['address']}/backup/host1/"],
            capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        copy = volume / "host1" / "notes.txt"
        assert copy.read_text() == "backed up\n"
        assert copy.stat().st_uid == 100034  # the guest's user backup (34)
        wrong = tmp_path / "wrong.pw"
        wrong.write_text("nope\n")
        wrong.chmod(0o600)
        proc = subprocess.run(
            ["rsync", "-a", f"--password-file={wrong}", f"{source}/",
             f"rsync://backup@{status['address']}/backup/x/"],
            capture_output=True, text=True, timeout=120)
        assert proc.returncode != 0 and "auth failed" in proc.stderr
        host.svc("uninstall", "rsyncd", "--purge", timeout=300)
        assert not volume.exists() and host.ct_ids() == []


def test_pve_svc_test_tries_the_debian_payload_templates_in_real_containers(
        btrfs_pool: BtrfsPool, lxc_ready: Bridge) -> None:
    """What a template repository's CI runs: `pve-svc test webdav rsyncd`, each installed
    in a real container, its health checked from the host, uninstalled with --purge."""
    with real_host(btrfs_pool, lxc_ready) as host:
        before = host.fingerprint()
        proc = host.svc("--output-format", "json", "test", "webdav", "rsyncd",
                        "--param", "quota=64M", timeout=2 * INSTALL_TIMEOUT)
        trials = json.loads(proc.stdout)["trials"]
        assert [(t["template"], t["result"]) for t in trials] == \
            [("webdav", "pass"), ("rsyncd", "pass")], trials
        for t in trials:
            assert t["seconds"]["install"] > 0 and t["seconds"]["uninstall"] > 0
            # the install's own health-check step ran in the transaction and was timed
            assert any(s["step"].startswith("wait until the service answers its health "
                                            "check") for s in t["steps"]), t["steps"]
        assert host.ct_ids() == [] and host.registry()["instances"] == {}
        assert host.fingerprint()["cts"] == before["cts"]


WEBDAV_110_MIGRATION = """\
migrations:
  - version: 1.1.0
    name: move the files into files/ and serve that folder
    argv:
      - sh
      - -c
      - |
        set -eu
        cd "$1"
        mkdir -p files
        for f in * .[!.]*; do
          case "$f" in files|.upload-tmp|.snapshots|'.[!.]*'|'*') ;; *) mv "$f" files/ ;; esac
        done
        chown www-data:www-data files
        sed -i "s|root $1;|root $1/files;|" /etc/nginx/sites-available/webdav
        systemctl reload nginx
      - sh
      - "{{ volumes.data }}"
"""


def test_webdav_upgrade_migrates_its_data_rolls_back_a_failure_and_on_request(
        btrfs_pool: BtrfsPool, lxc_ready: Bridge, tmp_path: Path) -> None:
    """Upgrade 1.0.0 -> 1.1.0 moves the files (and nginx's root) in a real container;
    1.2.0 whose step fails and 1.2.0 whose health check never answers are rolled back
    to the exact guest and data; `rollback` returns to 1.0.0 and its layout."""
    templates = tmp_path / "templates"
    templates.mkdir()
    original = (REPO / "templates" / "webdav.yml").read_text()
    (templates / "webdav.yml").write_text(original)
    with real_host(btrfs_pool, lxc_ready, templates) as host:
        out = host.json("install", "webdav", "--param", "quota=256M", timeout=INSTALL_TIMEOUT)
        vmid = out["instance"]["vmid"]
        volume = Path(out["instance"]["volumes"][0]["path"])
        base = f"http://{host.json('status', 'webdav')['address']}"
        password = secret(host, vmid, "password")
        assert dav("PUT", f"{base}/notes.txt", password, b"v1\n")[0] == 201

        def guest_has(path: str) -> bool:
            return host.tool("pct", "exec", str(vmid), "--", "test", "-e", path,
                             check=False).returncode == 0

        def publish(number: str, extra: str = "") -> None:
            text = original.replace("version: 1.0.0", f"version: {number}", 1)
            (templates / "webdav.yml").write_text(text + WEBDAV_110_MIGRATION + extra)

        publish("1.1.0")
        out = host.json("upgrade", "webdav", timeout=INSTALL_TIMEOUT)
        assert (out["from"], out["version"]) == ("1.0.0", "1.1.0")
        assert (volume / "files/notes.txt").read_bytes() == b"v1\n"
        assert not (volume / "notes.txt").exists()
        # the service serves the moved files at the same URL
        assert dav("GET", f"{base}/notes.txt", password) == (200, b"v1\n")
        assert host.json("status", "webdav")["version"] == "1.1.0"

        def upgrade_fails(extra: str, health_port: str = "") -> None:
            before = sorted(str(p.relative_to(volume)) for p in volume.rglob("*")
                            if ".snapshots" not in p.parts)
            config = host.tool("pct", "config", str(vmid)).stdout
            publish("1.2.0", extra)
            text = (templates / "webdav.yml").read_text()
            if health_port:  # the health check asks a port nothing listens on
                text = text.replace('  port: "{{ http_port }}"\n  path: /healthz',
                                    f"  port: {health_port}\n  path: /healthz")
                text = text.replace("  timeout: 60\npostinstall", "  timeout: 15\npostinstall")
                text = text.replace("  - {name: metrics, port: 9113, protocol: tcp}",
                                    "  - {name: metrics, port: 9113, protocol: tcp}\n"
                                    f"  - {{name: nothing, port: {health_port}, protocol: tcp}}")
                (templates / "webdav.yml").write_text(text)
            proc = host.svc("upgrade", "webdav", check=1, timeout=INSTALL_TIMEOUT)
            assert "rolled back" in proc.stderr, proc.stderr
            assert sorted(str(p.relative_to(volume)) for p in volume.rglob("*")
                          if ".snapshots" not in p.parts) == before
            assert host.tool("pct", "config", str(vmid)).stdout == config
            assert not guest_has("/etc/nginx/broken-by-1.2.0")
            assert dav("GET", f"{base}/notes.txt", password) == (200, b"v1\n")
            assert host.json("status", "webdav")["version"] == "1.1.0"

        breaking = """\
  - version: 1.2.0
    name: change the guest and the data, then fail
    argv: [sh, -c, 'touch /etc/nginx/broken-by-1.2.0 "$1/files/junk"; exit 1', sh,
           "{{ volumes.data }}"]
"""
        upgrade_fails(breaking)
        upgrade_fails(breaking.replace("; exit 1", ""), health_port="81")

        out = host.json("rollback", "webdav", timeout=INSTALL_TIMEOUT)
        assert (out["from"], out["version"]) == ("1.1.0", "1.0.0")
        assert (volume / "notes.txt").read_bytes() == b"v1\n"
        assert not (volume / "files").exists()
        status = host.json("status", "webdav")
        assert status["version"] == "1.0.0" and status["healthy"] is True, status
        assert dav("GET", f"{base}/notes.txt", password) == (200, b"v1\n")
        assert host.json("status", "webdav")["upgrades"] == []
        host.svc("uninstall", "webdav", "--purge", timeout=300)
        assert host.ct_ids() == []
