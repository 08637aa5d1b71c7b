"""Self-test of pvesim's `lxc` backend: a real unprivileged container with a PVE-wiki
passthrough idmap serves a bind-mounted btrfs subvolume over SMB, and files written through SMB
belong to the passthrough uid on the host.  Also: hot-plugging a second mount point under an
open SMB session, the default idmap, ip=dhcp, and the /etc/subuid rule.

Needs root, lxc, debootstrap (first run builds the rootfs, ~45 s) and smbclient; see
tests/lib/lxc_env.py for the fixtures and docs/lxc-lab.md for the background.

    /usr/bin/python3 -m pytest -q tests/real/test_lxc_backend.py
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import warnings
from pathlib import Path
from typing import Iterator, Optional

import pytest

# The `lxc` marker is registered in tests/conftest.py.
warnings.filterwarnings("ignore", message=r"Unknown pytest\.mark\.lxc")

from tests.lib.btrfs import BtrfsPool  # noqa: E402
from tests.lib.lxc_env import TrackingBackend, leftovers  # noqa: E402
from tests.lib.samba import SmbSession  # noqa: E402
from pvesim.backends import lxc as backend_lxc  # noqa: E402  (lxc_env put tests/sim on sys.path)
from pvesim.backends.lxc import BackendError, LxcBackend, coerce_conf, translate  # noqa: E402


CT_IP = "198.51.100.50"
VMID = 9100
PASS_ID = 2000
USER = "smbu"
PASSWORD = "Lxc-Passw0rd"
LS_DONE = r"blocks available|NT_STATUS_\w+"
PUT_DONE = r"putting file .*\n|NT_STATUS_\w+"

PASSTHROUGH_IDMAP = """\
lxc.idmap: u 0 100000 2000
lxc.idmap: g 0 100000 2000
lxc.idmap: u 2000 2000 1
lxc.idmap: g 2000 2000 1
lxc.idmap: u 2001 102001 63535
lxc.idmap: g 2001 102001 63535
"""

SMB_CONF = """\
[global]
\tserver role = standalone server
\tsecurity = user
\tpassdb backend = tdbsam
\tdisable netbios = yes
\tsmb ports = 445
\tload printers = no
\tprintcap name = /dev/null
\tdisable spoolss = yes
\tlog file = /var/log/samba/log.%m
"""


def share_section(name: str, path: str) -> str:
    return f"[{name}]\n\tpath = {path}\n\tread only = no\n"


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


class AuthFile:
    """smbclient -A file (0600, in a private temp dir); the password never goes in argv."""

    def __init__(self, user: str, password: str) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="pvgwt-auth-")
        self.path = Path(self._dir.name) / "auth"
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(f"username = {user}\npassword = {password}\n")

    def close(self) -> None:
        self._dir.cleanup()


@pytest.fixture
def auth() -> Iterator[AuthFile]:
    a = AuthFile(USER, PASSWORD)
    try:
        yield a
    finally:
        a.close()


def smbclient(auth: AuthFile, share: str, commands: str, cwd: Optional[Path] = None
              ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["smbclient", f"//{CT_IP}/{share}", "-A", str(auth.path), "-m", "SMB3",
                           "-c", commands], capture_output=True, text=True, timeout=60, cwd=cwd)


def wait_port(ip: str, port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((ip, port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{ip}:{port} not reachable after {timeout}s")


def ct_exec(b: LxcBackend, vmid: int, argv: list[str], stdin: Optional[str] = None) -> str:
    rc, out, err = b.exec(vmid, argv, stdin)
    assert rc == 0, f"{argv} in CT {vmid}: rc={rc} stdout={out!r} stderr={err!r}"
    return str(out)


def start_samba(b: LxcBackend, vmid: int, shares: dict[str, str], tmp: Path) -> None:
    conf = tmp / "smb.conf"
    conf.write_text(SMB_CONF + "".join(share_section(n, p) for n, p in shares.items()))
    b.push(vmid, conf, "/etc/samba/smb.conf", 0, 0, 0o644)
    ct_exec(b, vmid, ["useradd", "-u", str(PASS_ID), "-U", "-M", "-s", "/usr/sbin/nologin", USER])
    ct_exec(b, vmid, ["smbpasswd", "-s", "-a", USER], stdin=f"{PASSWORD}\n{PASSWORD}\n")
    ct_exec(b, vmid, ["smbd", "-D"])
    wait_port(CT_IP, 445)


def user_smbd_pids(b: LxcBackend, vmid: int) -> list[str]:
    """PIDs (container view) of per-connection smbd processes serving USER."""
    out = ct_exec(b, vmid, ["ps", "-o", "pid=,user=,comm=", "-u", USER])
    return sorted(line.split()[0] for line in out.splitlines() if line.split()[2:] == ["smbd"])


# --------------------------------------------------------------------------------------------
# pure translation checks (no root needed)
# --------------------------------------------------------------------------------------------


def _plan(text: str, vmid: int = 101, **kw):  # type: ignore[no-untyped-def]
    args = dict(rootfs=Path("/x/rootfs"), lxcpath=Path("/x/lxc"), tag="t",
                bridge_map={"vmbr0": "br-pvgwt"}, dhcp_subnet="198.51.100.0/24",
                apply_gateway=False, cgroup_layout="v2")
    args.update(kw)
    return translate(vmid, coerce_conf(text), **args)


def test_translate_default_idmap_and_dhcp() -> None:
    plan = _plan("hostname: a\nunprivileged: 1\nmemory: 256\nswap: 128\n"
                 "net0: name=eth0,bridge=vmbr0,ip=dhcp,gw=198.51.100.1,hwaddr=BC:24:11:00:00:02\n")
    cfg = plan.config
    assert "lxc.idmap = u 0 100000 65536" in cfg and "lxc.idmap = g 0 100000 65536" in cfg
    assert "lxc.net.0.link = br-pvgwt" in cfg and "lxc.net.0.veth.pair = veth101i0" in cfg
    assert "lxc.net.0.ipv4.address = 198.51.100.111/24" in cfg      # 10 + 101 % 240
    assert "gateway" not in cfg                                         # apply_gateway=False
    assert "lxc.cgroup2.memory.max = 268435456" in cfg
    assert "lxc.uts.name = a" in cfg


def test_translate_custom_idmap_mounts_raw_lines() -> None:
    plan = _plan("unprivileged: 1\nmp0: /srv/a,mp=/srv/shares/a\nmp1: /srv/b,mp=/b,ro=1,"
                 "mountoptions=noatime;nodev\n" + PASSTHROUGH_IDMAP + "lxc.cap.drop: sys_nice\n")
    expected = [line.split(": ", 1)[1] for line in PASSTHROUGH_IDMAP.splitlines()]
    assert [str(e) for e in plan.idmap] == expected
    assert "lxc.idmap = u 0 100000 65536" not in plan.config
    assert plan.config.rstrip().endswith("lxc.cap.drop = sys_nice")
    assert [(m.ct_path, m.ro, m.options) for m in plan.mounts] == [
        ("/srv/shares/a", False, ()), ("/b", True, ("noatime", "nodev"))]
    assert "lxc.mount.entry" not in plan.config       # injected after start, as host root


def test_translate_privileged_and_errors() -> None:
    assert _plan("hostname: p\n").idmap is None
    with pytest.raises(BackendError, match="failed to parse idmap"):
        _plan("unprivileged: 1\nlxc.idmap: u 0 100000\n")
    with pytest.raises(BackendError, match="illegal character"):
        _plan("mp0: /srv/../etc,mp=/x\n")
    with pytest.raises(BackendError, match="overlapping"):
        _plan("unprivileged: 1\nlxc.idmap: u 0 100000 65536\nlxc.idmap: u 2000 2000 1\n"
              "lxc.idmap: g 0 100000 65536\n")


def test_check_subid_rule(tmp_path: Path) -> None:
    su, sg = tmp_path / "subuid", tmp_path / "subgid"
    su.write_text("root:100000:65536\n")
    sg.write_text("root:100000:65536\nroot:2000:1\n")
    idmap = backend_lxc.idmap_of(coerce_conf("unprivileged: 1\n" + PASSTHROUGH_IDMAP))
    assert idmap is not None
    with pytest.raises(BackendError, match=r"uid range \[2000-2001\) -> \[2000-2001\) not allowed"):
        backend_lxc.check_subid(idmap, su, sg)
    su.write_text("root:100000:65536\nroot:2000:1\n")
    backend_lxc.check_subid(idmap, su, sg)


# --------------------------------------------------------------------------------------------
# real containers
# --------------------------------------------------------------------------------------------


@pytest.mark.lxc
def test_passthrough_share_over_smb_and_hotplug(lxc_backend: TrackingBackend, btrfs_pool: BtrfsPool,
                                                auth: AuthFile, tmp_path: Path) -> None:
    b = lxc_backend
    vol_x = btrfs_pool.create_subvolume(f"lxc-x-{os.getpid()}")
    vol_y = btrfs_pool.create_subvolume(f"lxc-y-{os.getpid()}")
    try:
        for v in (vol_x, vol_y):
            os.chown(v, PASS_ID, PASS_ID)
        conf = (f"hostname: smbgw\nmemory: 64\nswap: 0\ncores: 1\n"
                f"net0: name=eth0,bridge=vmbr0,hwaddr=BC:24:11:91:00:01,ip={CT_IP}/24,type=veth\n"
                f"mp0: {vol_x},mp=/srv/shares/x\nunprivileged: 1\n" + PASSTHROUGH_IDMAP)
        t0 = time.monotonic()
        b.create(VMID, conf)
        rootfs = b.lxcpath / str(VMID) / "rootfs"
        assert (rootfs / "etc").stat().st_uid == 100000, "rootfs must be shifted to host 100000+"
        b.start(VMID, conf)
        assert b.status(VMID) == "running"
        assert ct_exec(b, VMID, ["cat", "/proc/self/uid_map"]).split() == \
            "0 100000 2000 2000 2000 1 2001 102001 63535".split()
        start_samba(b, VMID, {"x": "/srv/shares/x"}, tmp_path)
        t_ready = time.monotonic() - t0

        # SMB write -> host file owned by the passthrough uid/gid
        (tmp_path / "local.txt").write_text("hello over smb\n")
        res = smbclient(auth, "x", "put local.txt hello.txt", cwd=tmp_path)
        assert res.returncode == 0, res.stdout + res.stderr
        st = (vol_x / "hello.txt").stat()
        assert (st.st_uid, st.st_gid) == (PASS_ID, PASS_ID)
        assert (vol_x / "hello.txt").read_text() == "hello over smb\n"
        # container root and a non-passthrough uid land in the shifted range
        ct_exec(b, VMID, ["install", "-d", "-m", "1777", "/srv/shares/x/tmp"])
        ct_exec(b, VMID, ["setpriv", "--reuid=2001", "--regid=2001", "--clear-groups",
                          "touch", "/srv/shares/x/tmp/by-2001"])
        assert (vol_x / "tmp").stat().st_uid == 100000
        assert (vol_x / "tmp" / "by-2001").stat().st_uid == 102001

        # idle footprint (memory cgroup of the container)
        usage = _memory_usage(b, VMID)
        assert usage is None or usage < 64 * 2**20

        # hot-plug a second mount point under an open session on share x
        session = SmbSession(f"//{CT_IP}/x", auth.path, tmp_path)
        try:
            assert "hello.txt" in session.run("ls", LS_DONE)
            pids_before = user_smbd_pids(b, VMID)
            assert len(pids_before) == 1
            b.hotplug_mount(VMID, vol_y, "/srv/shares/y")
            ct_exec(b, VMID, ["sh", "-c", "cat >> /etc/samba/smb.conf"],
                    stdin=share_section("y", "/srv/shares/y"))
            ct_exec(b, VMID, ["smbcontrol", "smbd", "reload-config"])
            res = smbclient(auth, "y", "put local.txt in-y.txt", cwd=tmp_path)
            assert res.returncode == 0, res.stdout + res.stderr
            assert (vol_y / "in-y.txt").stat().st_uid == PASS_ID
            out = session.run("put local.txt after-hotplug.txt", PUT_DONE)
            assert "NT_STATUS" not in out, out
            assert (vol_x / "after-hotplug.txt").stat().st_uid == PASS_ID
            assert pids_before[0] in user_smbd_pids(b, VMID), "the open session was reconnected"

            # unplug: refused while a session uses it, lazy detach works without a restart
            session_y = SmbSession(f"//{CT_IP}/y", auth.path, tmp_path)
            try:
                session_y.run("ls", LS_DONE)
                with pytest.raises(BackendError, match="busy"):
                    b.hotplug_unmount(VMID, "/srv/shares/y")
                b.hotplug_unmount(VMID, "/srv/shares/y", lazy=True)
                assert "NT_STATUS_OBJECT_PATH_NOT_FOUND" in session_y.run("ls", LS_DONE)
            finally:
                session_y.close()
            assert "/srv/shares/y" not in [m for _, m in b.mounts(VMID)]
            assert "after-hotplug.txt" in session.run("ls", LS_DONE)
        finally:
            session.close()
        print(f"\nLXC: create+start+samba ready in {t_ready:.2f}s; idle memory "
              f"{(usage or 0) / 2**20:.1f} MiB")
        b.stop(VMID)
        b.destroy(VMID)
        assert b.names() == []
    finally:
        if b.exists(VMID):
            b.cleanup()
        for v in (vol_x, vol_y):
            btrfs_pool.btrfs("subvolume", "delete", str(v), check=False)


def _memory_usage(b: LxcBackend, vmid: int) -> Optional[int]:
    for f in (f"/sys/fs/cgroup/memory/pvesim-{b.tag}/lxc/{vmid}/memory.usage_in_bytes",
              f"/sys/fs/cgroup/pvesim-{b.tag}/lxc/{vmid}/memory.current"):
        try:
            return int(Path(f).read_text())
        except OSError:
            continue
    return None


@pytest.mark.lxc
def test_default_idmap_dhcp_and_nobody(lxc_backend: TrackingBackend, tmp_path: Path) -> None:
    """Default map: a root-owned host dir shows up as nobody; ip=dhcp gets the derived address."""
    b = lxc_backend
    vmid = 9101
    host_dir = tmp_path / "rootowned"
    host_dir.mkdir()
    (host_dir / "f").write_text("x")
    conf = (f"memory: 64\nswap: 0\nunprivileged: 1\nmp0: {host_dir},mp=/mnt/d\n"
            "net0: name=eth0,bridge=vmbr0,ip=dhcp,hwaddr=BC:24:11:91:00:02\n")
    b.create(vmid, conf)
    b.start(vmid, conf)
    try:
        # tmp_path is below a 0700 dir: fine, mount points are bound as host root (like PVE)
        assert ct_exec(b, vmid, ["stat", "-c", "%u:%g", "/mnt/d/f"]).strip() == "65534:65534"
        assert ct_exec(b, vmid, ["hostname"]).strip() == f"CT{vmid}"
        addr = backend_lxc.dhcp_address(vmid, "198.51.100.0/24")
        assert addr == "198.51.100.231/24"                  # 10 + 9101 % 240
        assert addr in ct_exec(b, vmid, ["ip", "-4", "-o", "addr", "show", "eth0"])
        rc, _, err = b.exec(vmid, ["sh", "-c", "echo x > /mnt/d/f"])
        assert rc != 0 and "Permission denied" in str(err)
        # push/pull with container-side ownership
        src = tmp_path / "pushed"
        src.write_text("pushed\n")
        b.push(vmid, src, "/root/pushed", uid=PASS_ID, gid=PASS_ID, mode=0o600)
        stat_out = ct_exec(b, vmid, ["stat", "-c", "%u:%g %a", "/root/pushed"]).strip()
        assert stat_out == "2000:2000 600"
        # default map: ct 2000 is host 102000
        assert (b.lxcpath / str(vmid) / "rootfs" / "root" / "pushed").stat().st_uid == 102000
        b.pull(vmid, "/etc/hostname", tmp_path / "pulled")
        assert (tmp_path / "pulled").read_text() == f"CT{vmid}\n"
        rc, _, err = b.exec(vmid, ["no-such-command"])
        assert rc == 127
    finally:
        b.stop(vmid, timeout=10)      # clean shutdown path
    b.destroy(vmid)


@pytest.mark.lxc
def test_subid_files_enforced(lxc_ready, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """With subid_files, the PVE wiki rule applies: root must own root:2000:1 for a passthrough.
    (With newuidmap installed the files are bind-mounted over /etc/sub[ug]id for lxc-start only;
    the host's files are never written.)"""
    host_files = {f: Path(f).read_bytes() for f in ("/etc/subuid", "/etc/subgid")
                  if Path(f).exists()}
    su, sg = tmp_path / "subuid", tmp_path / "subgid"
    su.write_text("root:100000:65536\n")
    sg.write_text("root:100000:65536\n")
    state = Path(tempfile.mkdtemp(prefix="pvgwt-lxc-"))
    state.chmod(0o755)
    b = TrackingBackend(state, subid_files=(su, sg))
    vmid = 9102
    conf = "memory: 64\nswap: 0\nunprivileged: 1\n" + PASSTHROUGH_IDMAP
    try:
        b.create(vmid, conf)
        with pytest.raises(BackendError, match=r"range \[2000-2001\) -> \[2000-2001\) not allowed"):
            b.start(vmid, conf)
        su.write_text("root:100000:65536\nroot:2000:1\n")
        sg.write_text("root:100000:65536\nroot:2000:1\n")
        b.start(vmid, conf)
        assert b.status(vmid) == "running"
        b.stop(vmid)
    finally:
        problems = b.cleanup() + leftovers(b)
        if not problems:
            shutil.rmtree(state)
    assert not problems, problems
    assert {f: Path(f).read_bytes() for f in host_files} == host_files


@pytest.mark.lxc
def test_systemd_init(lxc_ready, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """init="systemd": the container boots the rootfs's systemd; smbd runs as a unit."""
    state = Path(tempfile.mkdtemp(prefix="pvgwt-lxc-"))
    state.chmod(0o755)
    b = TrackingBackend(state, init="systemd")
    vmid = 9103
    conf = "memory: 128\nswap: 0\nunprivileged: 1\n"
    try:
        b.create(vmid, conf)
        t0 = time.monotonic()
        b.start(vmid, conf)                      # returns once systemd is running/degraded
        boot = time.monotonic() - t0
        assert ct_exec(b, vmid, ["readlink", "/proc/1/exe"]).strip().endswith("systemd")
        assert ct_exec(b, vmid, ["systemctl", "is-active", "smbd"]).strip() == "active"
        ct_exec(b, vmid, ["systemctl", "restart", "smbd"])
        usage = _memory_usage(b, vmid)
        print(f"\nLXC systemd: booted in {boot:.2f}s; memory {(usage or 0) / 2**20:.1f} MiB")
        b.stop(vmid, timeout=20)                 # clean shutdown (LXC sends SIGRTMIN+3 to systemd)
    finally:
        problems = b.cleanup() + leftovers(b)
        if not problems:
            shutil.rmtree(state)
    assert not problems, problems


@pytest.mark.lxc
def test_through_simulated_pct(lxc_ready, tmp_path: Path,  # type: ignore[no-untyped-def]
                               auth: AuthFile) -> None:
    """PVESIM_BACKEND=lxc: the simulator's own pct drives a real container (the PVE workflow:
    create, add raw lxc.idmap lines and root:2000:1 to the (simulated) subuid/subgid, start,
    exec, push, hot-plug with pct set, stop, destroy)."""
    from pvesim.model.state import init_state
    state = Path(tempfile.mkdtemp(prefix="pvgwt-lxc-sim-"))
    state.chmod(0o755)           # the container's root (host uid 100000) must reach its rootfs
    share = tmp_path / "x"
    share2 = tmp_path / "y"
    for d in (share, share2):
        d.mkdir()
        os.chown(d, PASS_ID, PASS_ID)
    tmpl = "debian-12-standard_12.12-1_amd64.tar.zst"
    init_state(str(state / "s"), templates=[tmpl])
    (state / "s").chmod(0o755)
    env = {**os.environ, "PVESIM_STATE": str(state / "s"), "PVESIM_BACKEND": "lxc",
           "PVESIM_LXC_BRIDGE_MAP": f"vmbr0={lxc_ready.name}"}
    pct_bin = str(backend_lxc.BUILD_SCRIPT.parent / "bin" / "pct")

    def pct(*args: str, input: Optional[str] = None,
            rc: int = 0) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run([pct_bin, *args], capture_output=True, text=True, env=env,
                              input=input, timeout=120)
        assert proc.returncode == rc, \
            f"pct {args}: rc={proc.returncode}\n{proc.stdout}\n{proc.stderr}"
        return proc

    vmid = 9104
    try:
        pct("create", str(vmid), f"local:vztmpl/{tmpl}", "--rootfs", "local-lvm:4",
            "--hostname", "simgw", "--memory", "64", "--swap", "0", "--unprivileged", "1",
            "--net0", f"name=eth0,bridge=vmbr0,ip={CT_IP}/24", "--mp0", f"{share},mp=/srv/shares/x")
        with open(state / "s" / "etc" / "pve" / "lxc" / f"{vmid}.conf", "a") as fh:
            fh.write(PASSTHROUGH_IDMAP)
        failed = pct("start", str(vmid), rc=255)
        assert "[2000-2001) not allowed" in failed.stdout + failed.stderr
        for f in ("subuid", "subgid"):
            with open(state / "s" / "etc" / f, "a") as fh:
                fh.write("root:2000:1\n")
        pct("start", str(vmid))
        assert pct("exec", str(vmid), "--", "hostname").stdout.strip() == "simgw"
        conf = tmp_path / "smb.conf"
        conf.write_text(SMB_CONF + share_section("x", "/srv/shares/x")
                        + share_section("y", "/srv/shares/y"))
        pct("push", str(vmid), str(conf), "/etc/samba/smb.conf")
        pct("exec", str(vmid), "--", "useradd", "-u", str(PASS_ID), "-U", "-M",
            "-s", "/usr/sbin/nologin", USER)
        pct("exec", str(vmid), "--", "smbpasswd", "-s", "-a", USER,
            input=f"{PASSWORD}\n{PASSWORD}\n")
        pct("exec", str(vmid), "--", "smbd", "-D")
        wait_port(CT_IP, 445)
        (tmp_path / "f.txt").write_text("via pct\n")
        assert smbclient(auth, "x", "put f.txt f.txt", cwd=tmp_path).returncode == 0
        assert (share / "f.txt").stat().st_uid == PASS_ID
        pct("set", str(vmid), "--mp1", f"{share2},mp=/srv/shares/y")      # hot-plug
        res = smbclient(auth, "y", "put f.txt g.txt", cwd=tmp_path)
        assert res.returncode == 0, res.stdout + res.stderr
        assert (share2 / "g.txt").stat().st_uid == PASS_ID
        pct("stop", str(vmid))
        pct("destroy", str(vmid))
    finally:
        problems = backend_lxc.cleanup_state(state / "s")
        b = backend_lxc.sim_backend(state / "s")
        b.used_vmids = {str(vmid)}  # type: ignore[attr-defined]
        problems += leftovers(b)  # type: ignore[arg-type]
        if not problems:
            shutil.rmtree(state)
    assert not problems, problems
