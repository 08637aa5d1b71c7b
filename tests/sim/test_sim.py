"""Tests of the PVE host simulator (tests/sim): formats, errors, state transitions.

Run: /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/sim
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SIM = Path(__file__).resolve().parent
sys.path.insert(0, str(SIM))

from pvesim.model import lxcconfig  # noqa: E402
from pvesim import faults  # noqa: E402
from pvesim.backends.base import host_owner  # noqa: E402
from pvesim.fixtures import run, sim_env  # noqa: E402
from pvesim.guest.tools import nt_hash  # noqa: E402
from pvesim.model.state import State, bin_dir, init_state  # noqa: E402

TMPL_NAME = "debian-12-standard_12.12-1_amd64.tar.zst"
TMPL = f"local:vztmpl/{TMPL_NAME}"


@pytest.fixture
def pve(tmp_path):
    return init_state(str(tmp_path / "pve"), pve_version=9, templates=[TMPL_NAME])


@pytest.fixture
def pve8(tmp_path):
    return init_state(str(tmp_path / "pve8"), pve_version=8, templates=[TMPL_NAME])


def ok(r: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert r.returncode == 0, f"rc={r.returncode}\nstdout:{r.stdout}\nstderr:{r.stderr}"
    return r


def create(st, vmid=101, *opts, start=False):
    r = ok(run(st, "pct", "create", str(vmid), TMPL, "--rootfs", "local-lvm:4", *opts))
    if start:
        ok(run(st, "pct", "start", str(vmid)))
    return r


def conf_text(st: State, vmid: int) -> str:
    return Path(st.conf_path(vmid)).read_text()


# --- state layout ----------------------------------------------------------------------------------

def test_init_layout(pve):
    root = Path(pve.root)
    assert os.readlink(root / "etc/pve/lxc") == "nodes/pve/lxc"
    assert (root / "etc/pve/nodes/pve/lxc").is_dir()
    assert (root / "etc/pve/storage.cfg").read_text() == (
        f"dir: local\n\tpath {root}/var/lib/vz\n\tcontent iso,vztmpl,backup\n\n"
        "lvmthin: local-lvm\n\tthinpool data\n\tvgname pve\n\tcontent rootdir,images\n\n")
    assert (root / "etc/subuid").read_text() == "root:100000:65536\n"
    assert (root / "var/lib/vz/template/cache" / TMPL_NAME).is_file()


def test_state_env_required(tmp_path):
    env = dict(os.environ)
    env.pop("PVESIM_STATE", None)
    r = subprocess.run([os.path.join(bin_dir(), "pct"), "list"], env=env, capture_output=True, text=True)
    assert r.returncode == 2 and "PVESIM_STATE is not set" in r.stderr


def test_init_cli(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(SIM))
    r = subprocess.run([sys.executable, "-m", "pvesim", "init", str(tmp_path / "s"), "--pve-version", "8",
                        "--node", "n1", "--env"], env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert f"export PVESIM_STATE={tmp_path / 's'}" in r.stdout
    st = State(str(tmp_path / "s"))
    assert st.node == "n1" and st.pve_version == 8


# --- config file format ------------------------------------------------------------------------------

REFERENCE_CONFIG = """arch: amd64
cores: 2
features: nesting=1
hostname: web01
memory: 2048
mp0: /srv/share,mp=/srv/share
net0: name=eth0,bridge=vmbr0,hwaddr=BC:24:11:5E:2A:10,ip=dhcp,type=veth
ostype: debian
rootfs: local-lvm:vm-101-disk-0,size=8G
swap: 512
unprivileged: 1
lxc.idmap: u 0 100000 65536
"""


def test_create_config_matches_reference(pve, tmp_path):
    share = tmp_path / "srv" / "share"  # the bind source must exist (create mounts it)
    share.mkdir(parents=True)
    r = ok(run(pve, "pct", "create", "101", TMPL, "--hostname", "web01", "--memory", "2048",
               "--swap", "512", "--cores", "2",
               "--net0", "name=eth0,bridge=vmbr0,ip=dhcp,hwaddr=BC:24:11:5E:2A:10",
               "--rootfs", "local-lvm:8", "--unprivileged", "1", "--features", "nesting=1",
               "--mp0", f"{share},mp=/srv/share"))
    with open(pve.conf_path(101), "a") as fh:
        fh.write("lxc.idmap = u 0 100000 65536\n")
    assert ok(run(pve, "pct", "config", "101")).stdout == REFERENCE_CONFIG.replace(
        "mp0: /srv/share,", f"mp0: {share},")
    # task output
    assert '  Logical volume "vm-101-disk-0" created.\n' in r.stdout
    assert f"extracting archive '{pve.root}/var/lib/vz/template/cache/{TMPL_NAME}'\n" in r.stdout
    assert "Detected container architecture: amd64\n" in r.stdout
    assert "Creating SSH host key 'ssh_host_ed25519_key' - this may take some time ...\n" in r.stdout
    assert r.stderr == ""


def test_generated_mac_and_defaults(pve):
    create(pve, 101, "--net0", "bridge=vmbr0,name=eth0,ip=10.0.0.5/24,gw=10.0.0.1")
    text = conf_text(pve, 101)
    net = next(line for line in text.splitlines() if line.startswith("net0: "))
    import re
    assert re.fullmatch(r"net0: name=eth0,bridge=vmbr0,gw=10\.0\.0\.1,hwaddr=BC:24:11(:[0-9A-F]{2}){3},"
                        r"ip=10\.0\.0\.5/24,type=veth", net), net
    assert "hostname: CT101\n" in text and "memory: 512\n" in text and "swap: 512\n" in text


def test_config_parse_write_roundtrip():
    raw = ("#Managed by pvesmbgw%3A gw\n#second line\narch: amd64\nhostname: a\nmemory: 512\n"
           "mp0: /x,mp=/y\nlxc.idmap: u 0 100000 65536\nlxc.idmap: g 0 100000 65536\n"
           "\n[pve:pending]\ndelete: mp0\nmemory: 1024\n"
           "\n[snap1]\narch: amd64\nsnaptime: 1700000000\n")
    conf = lxcconfig.parse(raw, 101)
    assert conf.main.description == "Managed by pvesmbgw: gw\nsecond line\n"
    assert conf.pending_delete() == {"mp0": False}
    assert conf.raw() == raw
    cur = conf.current()
    assert cur.get("memory") == "1024" and not cur.has("mp0")
    assert conf.current(current_only=True).get("memory") == "512"
    # 'lxc.key = value' is read, written back as 'lxc.key: value'
    conf2 = lxcconfig.parse("arch: amd64\nlxc.idmap = u 0 100000 65536\n", 102)
    assert conf2.raw() == "arch: amd64\nlxc.idmap: u 0 100000 65536\n"


def test_description_encoding(pve):
    create(pve, 101)
    ok(run(pve, "pct", "set", "101", "--description", "Managed by pvesmbgw: gw\nline 2"))
    assert conf_text(pve, 101).startswith("#Managed by pvesmbgw%3A gw\n#line 2\n")
    out = ok(run(pve, "pct", "config", "101")).stdout
    assert "description: Managed by pvesmbgw%3A gw%0Aline 2%0A\n" in out


# --- list / status ------------------------------------------------------------------------------------

def test_list_format(pve):
    assert ok(run(pve, "pct", "list")).stdout == ""
    create(pve, 101, "--hostname", "web01", start=True)
    create(pve, 100, "--hostname", "db01")
    assert ok(run(pve, "pct", "list")).stdout == (
        "VMID       Status     Lock         Name                \n"
        "100        stopped                 db01                \n"
        "101        running                 web01               \n")


def test_status(pve):
    create(pve, 101)
    assert ok(run(pve, "pct", "status", "101")).stdout == "status: stopped\n"
    v = ok(run(pve, "pct", "status", "101", "--verbose")).stdout.splitlines()
    keys = [line.split(":")[0] for line in v]
    assert keys == sorted(keys) and "cpu" not in keys
    assert "maxmem: 536870912" in v and "maxdisk: 4294967296" in v and "name: CT101" in v


# --- errors ---------------------------------------------------------------------------------------------

def test_duplicate_vmid(pve):
    create(pve, 101)
    r = run(pve, "pct", "create", "101", TMPL, "--rootfs", "local-lvm:4")
    assert (r.returncode, r.stderr, r.stdout) == (255, "CT 101 already exists on node 'pve'\n", "")


def test_unknown_ct(pve):
    for argv in (["config", "999"], ["start", "999"], ["set", "999", "--memory", "1024"],
                 ["destroy", "999"], ["status", "999"]):
        r = run(pve, "pct", *argv)
        assert (r.returncode, r.stderr) == (255, "Configuration file 'nodes/pve/lxc/999.conf' does not exist\n")


def test_parameter_errors(pve):
    usage = "pct create <vmid> <ostemplate> [OPTIONS]\n"
    r = run(pve, "pct", "create", "102", TMPL, "--memory", "8")
    assert (r.returncode, r.stderr) == (255, "400 Parameter verification failed.\n"
                                        "memory: value must have a minimum value of 16\n" + usage)
    r = run(pve, "pct", "create", "102", TMPL, "--rootfs", "local-lvm:4", "--mp0", "/srv/../etc,mp=/x")
    assert r.returncode == 255
    assert r.stderr == ("400 Parameter verification failed.\nmp0: invalid format - format error\n"
                        "mp0.volume: invalid format - /srv/../etc contains illegal character sequences\n"
                        "\n\n" + usage)
    r = run(pve, "pct", "create", "102", TMPL, "--net0", "bridge=vmbr0")
    assert "net0.name: property is missing and it is not optional\n" in r.stderr
    r = run(pve, "pct", "create", "102", TMPL, "--foo", "1")
    assert r.stderr == "Unknown option: foo\n400 unable to parse option\n" + usage
    r = run(pve, "pct", "create", "102", TMPL, "--me", "64", "--rootfs", "local-lvm:4")
    assert r.returncode == 0, r.stderr  # unambiguous abbreviation of --memory
    assert "memory: 64\n" in conf_text(pve, 102)
    r = run(pve, "pct", "create", "103", TMPL, "-m", "64")
    assert r.stderr.startswith("Option m is ambiguous (memory, mp0, mp1, mp10, ")
    r = run(pve, "pct", "create", "103", TMPL, "--mp0", "/srv,mp=/x")
    assert r.stderr == "mount points configured, but 'rootfs' not set - aborting\n"
    r = run(pve, "pct", "create", "103", TMPL, "--rootfs", "local:4")
    assert r.stderr == ("400 Parameter verification failed.\n"
                        "storage: storage 'local' does not support container directories\n" + usage)
    r = run(pve, "pct", "create", "103", TMPL, "--rootfs", "nosuch:4")
    assert r.stderr == "storage 'nosuch' does not exist\n"
    r = run(pve, "pct", "create", "99", TMPL)
    assert "vmid: invalid format - value does not look like a valid VM ID\n" in r.stderr


def test_create_with_missing_bind_source_fails(pve):
    r = run(pve, "pct", "create", "102", TMPL, "--rootfs", "local-lvm:4", "--mp0", "/nonexistent/x,mp=/x")
    assert (r.returncode, r.stderr) == (255, "unable to create CT 102 - directory '/nonexistent/x' does not exist\n")
    assert "mounting container failed\n" in r.stdout
    assert not pve.exists(102) and not os.listdir(pve.p("volumes", "local-lvm"))


def test_missing_template_cleans_up(pve):
    r = run(pve, "pct", "create", "102", "local:vztmpl/nope.tar.zst", "--rootfs", "local-lvm:4")
    assert r.returncode == 255
    assert r.stderr == "unable to create CT 102 - can't find file 'local:vztmpl/nope.tar.zst'\n"
    assert '  Logical volume "vm-102-disk-0" successfully removed.\n' in r.stdout
    assert not pve.exists(102) and not os.listdir(pve.p("volumes", "local-lvm"))


def test_bind_mount_requires_root(pve):
    env = {"PVESIM_USER": "alice@pve"}
    r = run(pve, "pct", "create", "102", TMPL, "--rootfs", "local-lvm:4", "--mp0", "/tmp,mp=/x",
            env=dict(os.environ, **env))
    assert (r.returncode, r.stderr) == (
        255, "403 Permission check failed (mount point type bind is only allowed for root@pam)\n")
    create(pve, 101)
    r = run(pve, "pct", "set", "101", "--mp0", "/tmp,mp=/x", env=dict(os.environ, **env))
    assert r.stderr == "403 Permission check failed (mount point type bind is only allowed for root@pam)\n"
    assert "mp0" not in conf_text(pve, 101)


def test_unprivileged_read_only(pve):
    create(pve, 101)
    r = run(pve, "pct", "set", "101", "--unprivileged", "0")
    assert (r.returncode, r.stderr) == (255, "unable to modify read-only option: 'unprivileged'\n")
    r = run(pve, "pct", "set", "101", "--delete", "unprivileged")
    assert r.stderr == "unable to delete read-only option: 'unprivileged'\n"
    assert run(pve, "pct", "set", "101").stderr == "no options specified\n"


def test_unprivileged_default_pve8_vs_pve9(pve, pve8):
    create(pve, 101)
    assert "unprivileged: 1\n" in conf_text(pve, 101)
    create(pve8, 101)
    assert "unprivileged" not in conf_text(pve8, 101)
    create(pve8, 102, "--unprivileged")
    assert "unprivileged: 1\n" in conf_text(pve8, 102)
    r = run(pve, "pct", "create", "103", TMPL, "--rootfs", "local-lvm:4",
            env=dict(os.environ, PVESIM_PVE_VERSION="8"))
    assert r.returncode == 0 and "unprivileged" not in conf_text(pve, 103)


def test_running_state_errors(pve, tmp_path):
    create(pve, 101)
    assert run(pve, "pct", "stop", "101").stderr == "CT 101 not running\n"
    assert run(pve, "pct", "shutdown", "101").stderr == "CT 101 not running\n"
    assert run(pve, "pct", "exec", "101", "--", "id").stderr == "container '101' not running!\n"
    (tmp_path / "f").write_text("x")
    r = run(pve, "pct", "push", "101", str(tmp_path / "f"), "/f")
    assert (r.returncode, r.stderr) == (255, "can only push files to a running CT\n")
    r = run(pve, "pct", "pull", "101", "/etc/hostname", str(tmp_path / "g"))
    assert r.returncode == 255
    assert r.stderr.startswith("can only pull files from a running VM at /usr/share/perl5/PVE/CLI/pct.pm line ")
    ok(run(pve, "pct", "start", "101"))
    r = run(pve, "pct", "start", "101")
    assert (r.returncode, r.stderr) == (255, "CT 101 already running\n")
    r = run(pve, "pct", "destroy", "101")
    assert (r.returncode, r.stderr) == (255, "unable to destroy CT 101 - container is running\n")
    ok(run(pve, "pct", "stop", "101"))
    r = ok(run(pve, "pct", "destroy", "101", "--purge"))
    assert r.stdout == ('  Logical volume "vm-101-disk-0" successfully removed.\n'
                        "purging CT 101 from related configurations..\n")
    assert not pve.exists(101) and not os.path.exists(pve.rootfs(101))
    assert not os.path.exists(pve.p("runtime", "101.json"))


def test_destroy_force_running(pve):
    create(pve, 101, start=True)
    r = ok(run(pve, "pct", "destroy", "101", "--force"))
    assert "forced to stop CT 101 before destroying!" in r.stdout
    assert not pve.exists(101)


# --- hotplug vs pending ------------------------------------------------------------------------------

def test_hotplug_new_mp_and_pending_changes(pve, tmp_path):
    s1, s2, s3 = (tmp_path / "s1", tmp_path / "s2", tmp_path / "s3")
    for d in (s1, s2, s3):
        d.mkdir()
    create(pve, 101, "--mp0", f"{s1},mp=/srv/a", start=True)
    root = Path(pve.rootfs(101))
    assert os.readlink(root / "srv/a") == str(s1)
    # new mp1 on a running CT: hot-plugged, applied at once; memory too (cgroup)
    ok(run(pve, "pct", "set", "101", "--mp1", f"{s2},mp=/srv/b", "--memory", "1024"))
    text = conf_text(pve, 101)
    assert f"mp1: {s2},mp=/srv/b\n" in text and "memory: 1024\n" in text and "[pve:pending]" not in text
    assert os.readlink(root / "srv/b") == str(s2)
    # changing an existing mp and deleting one is not hot-pluggable: [pve:pending]
    ok(run(pve, "pct", "set", "101", "--mp0", f"{s3},mp=/srv/a", "--delete", "mp1",
           "--nameserver", "198.51.100.1"))
    text = conf_text(pve, 101)
    assert text.endswith(f"\n[pve:pending]\ndelete: mp1\nmp0: {s3},mp=/srv/a\nnameserver: 198.51.100.1\n")
    assert f"mp0: {s1},mp=/srv/a\n" in text.split("[pve:pending]")[0]
    assert f"mp0: {s3},mp=/srv/a\n" in ok(run(pve, "pct", "config", "101")).stdout
    cur = ok(run(pve, "pct", "config", "101", "--current")).stdout
    assert f"mp0: {s1},mp=/srv/a\n" in cur and f"mp1: {s2},mp=/srv/b\n" in cur
    pend = ok(run(pve, "pct", "pending", "101")).stdout
    assert f"cur mp0: {s1},mp=/srv/a\nnew mp0: {s3},mp=/srv/a\ndel mp1: {s2},mp=/srv/b\n" in pend
    # a stop/start applies the pending changes
    ok(run(pve, "pct", "stop", "101"))
    assert not os.path.islink(root / "srv/a")
    ok(run(pve, "pct", "start", "101"))
    text = conf_text(pve, 101)
    assert "[pve:pending]" not in text and "mp1" not in text and f"mp0: {s3},mp=/srv/a\n" in text
    assert os.readlink(root / "srv/a") == str(s3)


def test_hotplug_missing_bind_source(pve):
    create(pve, 101, start=True)
    r = run(pve, "pct", "set", "101", "--mp0", "/nonexistent/dir,mp=/x")
    assert (r.returncode, r.stderr) == (255, "400 Parameter verification failed.\n"
                                        "mp0: unable to hotplug mp0: directory '/nonexistent/dir' does not exist\n"
                                        "\npct set <vmid> [OPTIONS]\n")
    assert "mp0" not in conf_text(pve, 101)


def test_stopped_set_applies_directly(pve):
    create(pve, 101)
    ok(run(pve, "pct", "set", "101", "--mp0", "/nonexistent,mp=/x", "--cores", "2"))
    text = conf_text(pve, 101)
    assert "mp0: /nonexistent,mp=/x\n" in text and "[pve:pending]" not in text
    r = run(pve, "pct", "start", "101")
    assert (r.returncode, r.stderr) == (255, "startup for container '101' failed\n")
    assert "directory '/nonexistent' does not exist\n" in r.stdout


# --- start-time validation -------------------------------------------------------------------------------

IDMAP_1005 = ("lxc.idmap: u 0 100000 1005\nlxc.idmap: g 0 100000 1005\nlxc.idmap: u 1005 1005 1\n"
              "lxc.idmap: g 1005 1005 1\nlxc.idmap: u 1006 101006 64530\nlxc.idmap: g 1006 101006 64530\n")


def test_idmap_validation_on_start(pve):
    create(pve, 101)
    path = pve.conf_path(101)
    base = conf_text(pve, 101)
    Path(path).write_text(base + IDMAP_1005)
    r = run(pve, "pct", "start", "101")
    assert r.returncode == 255 and r.stderr == "startup for container '101' failed\n"
    assert 'newuidmap: uid range [1005-1006) -> [1005-1006) not allowed' in r.stdout
    for f in ("subuid", "subgid"):
        with open(pve.p("etc", f), "a") as fh:
            fh.write("root:1005:1\n")
    ok(run(pve, "pct", "start", "101"))
    ok(run(pve, "pct", "stop", "101"))
    # overlapping container ranges
    Path(path).write_text(base + IDMAP_1005.replace("u 1005 1005 1", "u 1004 1005 1"))
    r = run(pve, "pct", "start", "101")
    assert r.returncode == 255
    assert ("lxc.idmap: invalid map entry 'u 1004 1005 1': container uid 1004 is also mapped by entry "
            "'u 0 100000 1005'\n") in r.stdout
    # overlapping host ranges
    Path(path).write_text(base + IDMAP_1005.replace("u 1006 101006 64530", "u 1006 100000 10"))
    r = run(pve, "pct", "start", "101")
    assert r.returncode == 255 and "host uid 100000 is also mapped" in r.stdout
    # malformed line
    Path(path).write_text(base + "lxc.idmap: u 0 100000\n")
    r = run(pve, "pct", "start", "101")
    assert r.returncode == 255 and "lxc.idmap: failed to parse idmap: u 0 100000\n" in r.stdout
    # container root not mapped
    Path(path).write_text(base + IDMAP_1005.replace("u 0 100000 1005", "u 1 100001 1004"))
    r = run(pve, "pct", "start", "101")
    assert r.returncode == 255 and "No uid mapping for container root" in r.stdout
    assert not pve.running(101)


def test_bridge_checked_on_start(pve):
    create(pve, 101, "--net0", "name=eth0,bridge=vmbr9,ip=dhcp")
    r = run(pve, "pct", "start", "101")
    assert r.returncode == 255 and "bridge 'vmbr9' does not exist\n" in r.stdout


# --- exec / push / guest tools ----------------------------------------------------------------------------

def test_exec_guest_accounts(pve):
    create(pve, 101, start=True)
    ex = lambda *a, **kw: run(pve, "pct", "exec", "101", "--", *a, **kw)  # noqa: E731
    assert ok(ex("groupadd", "-g", "2000", "smbusers")).stderr == ""
    r = ex("groupadd", "smbusers")
    assert (r.returncode, r.stderr) == (9, "groupadd: group 'smbusers' already exists\n")
    r = ex("groupadd", "-g", "2000", "other")
    assert (r.returncode, r.stderr) == (4, "groupadd: GID '2000' already exists\n")
    ok(ex("useradd", "-u", "1000", "-M", "-s", "/usr/sbin/nologin", "-G", "smbusers", "alice"))
    r = ex("useradd", "alice")
    assert (r.returncode, r.stderr) == (9, "useradd: user 'alice' already exists\n")
    r = ex("useradd", "-u", "1000", "bob")
    assert (r.returncode, r.stderr) == (4, "useradd: UID 1000 is not unique\n")
    r = ex("useradd", "-G", "nosuch", "bob")
    assert (r.returncode, r.stderr) == (6, "useradd: group 'nosuch' does not exist\n")
    assert ok(ex("getent", "passwd", "alice")).stdout == "alice:x:1000:1000::/home/alice:/usr/sbin/nologin\n"
    assert ex("getent", "passwd", "nobody2").returncode == 2
    assert ok(ex("getent", "group", "smbusers")).stdout == "smbusers:x:2000:alice\n"
    assert ok(ex("id", "alice")).stdout == "uid=1000(alice) gid=1000(alice) groups=1000(alice),2000(smbusers)\n"
    root = Path(pve.rootfs(101))
    assert "systemd-network:x:998:998:" in (root / "etc/passwd").read_text()
    assert "nogroup:x:65534:" in (root / "etc/group").read_text()
    assert (root / "etc/shadow").read_text().count("alice:!:") == 1
    ok(ex("userdel", "alice"))
    assert "alice" not in (root / "etc/group").read_text()
    r = ex("nosuchcmd")
    assert r.returncode == 127 and 'Failed to exec "nosuchcmd"' in r.stderr
    log = [json.loads(x) for x in Path(pve.p("exec.log")).read_text().splitlines()]
    assert log[-1] == {"argv": ["nosuchcmd"], "rc": 127, "vmid": 101}


def test_exec_stdin_and_exit_status(pve):
    create(pve, 101, start=True)
    script = Path(pve.rootfs(101)) / "usr/local/bin/probe"
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text("#!/bin/sh\necho \"root=$PVESIM_GUEST_ROOT vmid=$PVESIM_VMID pwd=$(pwd)\"\ncat\nexit 7\n")
    script.chmod(0o755)
    r = run(pve, "pct", "exec", "101", "--", "/usr/local/bin/probe", input="from-stdin\n")
    assert r.returncode == 7
    assert r.stdout == f"root={pve.rootfs(101)} vmid=101 pwd={pve.rootfs(101)}\nfrom-stdin\n"


def test_guest_tool_refuses_without_guest_root():
    env = dict(os.environ)
    env.pop("PVESIM_GUEST_ROOT", None)
    r = subprocess.run([str(SIM / "guest-bin" / "useradd"), "x"], env=env, capture_output=True, text=True)
    assert r.returncode == 126 and "refusing to touch the host" in r.stderr


def test_push_ownership_follows_idmap(pve, pve8, tmp_path):
    src = tmp_path / "smb.conf"
    src.write_text("[global]\n")
    create(pve, 101, start=True)
    ok(run(pve, "pct", "exec", "101", "--", "useradd", "-u", "1000", "alice"))
    ok(run(pve, "pct", "push", "101", str(src), "/etc/a.conf"))
    p = os.path.join(pve.rootfs(101), "etc/a.conf")
    assert host_owner(pve, p) == (100000, 100000) and (os.stat(p).st_mode & 0o777) == 0o644
    ok(run(pve, "pct", "push", "101", str(src), "/etc/b.conf", "--user", "alice", "--group", "100",
           "--perms", "600"))
    p = os.path.join(pve.rootfs(101), "etc/b.conf")
    assert host_owner(pve, p) == (101000, 100100) and (os.stat(p).st_mode & 0o777) == 0o600
    assert Path(p).read_text() == "[global]\n"
    r = run(pve, "pct", "push", "101", str(src), "/etc/c.conf", "--user", "nosuch")
    assert (r.returncode, r.stderr) == (0, "failed to get uid for: nosuch\n")  # task error, exit 0
    r = run(pve, "pct", "push", "101", str(src), "/nonexistent/dir/f")
    assert (r.returncode, r.stderr) == (0, "failed to create file: /nonexistent/dir/f: No such file or directory\n")
    # custom idmap: container uid 1005 is host uid 1005
    ok(run(pve, "pct", "stop", "101"))
    with open(pve.conf_path(101), "a") as fh:
        fh.write(IDMAP_1005)
    for f in ("subuid", "subgid"):
        with open(pve.p("etc", f), "a") as fh:
            fh.write("root:1005:1\n")
    ok(run(pve, "pct", "start", "101"))
    ok(run(pve, "pct", "push", "101", str(src), "/etc/d.conf", "--user", "1005", "--group", "1005"))
    assert host_owner(pve, os.path.join(pve.rootfs(101), "etc/d.conf")) == (1005, 1005)
    ok(run(pve, "pct", "exec", "101", "--", "mkdir", "-p", "/srv/x"))
    r = run(pve, "pct", "exec", "101", "--", "chown", "70000", "/srv/x")
    assert r.returncode == 1 and "Invalid argument" in r.stderr
    # privileged CT (PVE 8 default): identity mapping
    create(pve8, 101, start=True)
    ok(run(pve8, "pct", "push", "101", str(src), "/etc/e.conf", "--user", "1000", "--group", "1000"))
    assert host_owner(pve8, os.path.join(pve8.rootfs(101), "etc/e.conf")) == (1000, 1000)


def test_pull(pve, tmp_path):
    create(pve, 101, "--hostname", "gw1", start=True)
    dest = tmp_path / "hn"
    ok(run(pve, "pct", "pull", "101", "/etc/hostname", str(dest)))
    assert dest.read_text() == "gw1\n"


def test_apt_samba_systemctl_smbcontrol(pve):
    create(pve, 101, start=True)
    ex = lambda *a, **kw: run(pve, "pct", "exec", "101", "--", *a, **kw)  # noqa: E731
    r = ex("smbcontrol", "smbd", "ping")
    assert r.returncode == 127  # samba-common-bin not installed yet
    r = ex("apt-get", "install", "-y", "samba")
    assert (r.returncode, r.stderr) == (100, "E: Unable to locate package samba\n")
    ok(ex("apt-get", "update"))
    r = ex("apt-get", "install", "samba")
    assert r.returncode == 1 and r.stdout.endswith("Do you want to continue? [Y/n] Abort.\n")
    ok(ex("apt-get", "install", "-y", "--no-install-recommends", "samba"))
    assert ok(ex("dpkg-query", "-W", "-f=${Status}", "samba")).stdout == "install ok installed"
    r = ex("dpkg-query", "-W", "-f=${Status}", "winbind")
    assert (r.returncode, r.stderr) == (1, "dpkg-query: no packages found matching winbind\n")
    root = Path(pve.rootfs(101))
    assert (root / "usr/sbin/smbd").exists() and (root / "var/lib/samba/private").is_dir()
    assert "workgroup = WORKGROUP" in (root / "etc/samba/smb.conf").read_text()
    assert ok(ex("systemctl", "is-active", "smbd")).stdout == "active\n"
    assert ok(ex("smbcontrol", "smbd", "ping")).stdout.startswith("PONG from pid ")
    ok(ex("smbcontrol", "smbd", "reload-config"))
    assert len((root / "var/lib/pvesim/smbd-reloads").read_text().splitlines()) == 1
    ok(ex("systemctl", "reload-or-restart", "smbd"))  # running: a reload, clients stay connected
    unit = json.loads((root / "var/lib/pvesim/units/smbd.service").read_text())
    assert (unit["reloads"], unit["restarts"]) == (2, 0)
    ok(ex("systemctl", "restart", "smbd"))
    assert json.loads((root / "var/lib/pvesim/units/smbd.service").read_text())["restarts"] == 1
    ok(ex("systemctl", "stop", "smbd"))
    r = ex("systemctl", "is-active", "smbd")
    assert (r.returncode, r.stdout) == (3, "inactive\n")
    r = ex("smbcontrol", "smbd", "reload-config")
    assert (r.returncode, r.stderr) == (1, "Can't find pid for destination 'smbd'\n")
    r = ex("systemctl", "start", "nosuch")
    assert (r.returncode, r.stderr) == (5, "Failed to start nosuch.service: Unit nosuch.service not found.\n")


def test_pdbedit_import_never_prints_hash(pve):
    create(pve, 101, start=True)
    ex = lambda *a, **kw: run(pve, "pct", "exec", "101", "--", *a, **kw)  # noqa: E731
    ok(ex("apt-get", "update"))
    ok(ex("apt-get", "install", "-y", "samba"))
    ok(ex("useradd", "-u", "1000", "-M", "alice"))
    h = nt_hash("Passw0rd!")
    assert nt_hash("password") == "8846F7EAEE8FB117AD06BDD830B7586C"
    line = f"alice:1000:{'X' * 32}:{h}:[U          ]:LCT-00000000:\n"
    (Path(pve.rootfs(101)) / "tmp/import").write_text(line)
    r = ok(ex("pdbedit", "-s", "/etc/samba/smb.conf", "-i", "smbpasswd:/tmp/import"))
    assert h not in r.stdout + r.stderr
    r = ok(ex("pdbedit", "-L"))
    assert r.stdout == "alice:1000:\n"
    assert h in (Path(pve.rootfs(101)) / "var/lib/samba/private/passdb.sim").read_text()
    ok(ex("pdbedit", "-x", "alice"))
    r = ex("pdbedit", "-x", "alice")
    assert (r.returncode, r.stderr) == (255, "user alice does not exist in the passdb\n")


@pytest.mark.skipif(not os.access("/usr/bin/testparm", os.X_OK), reason="host has no testparm")
def test_testparm_uses_guest_files(pve):
    create(pve, 101, start=True)
    ex = lambda *a, **kw: run(pve, "pct", "exec", "101", "--", *a, **kw)  # noqa: E731
    ok(ex("apt-get", "update"))
    ok(ex("apt-get", "install", "-y", "samba"))
    root = Path(pve.rootfs(101))
    (root / "etc/samba/shares.conf").write_text("[data]\n   path = /srv/data\n   read only = no\n")
    (root / "etc/samba/smb.conf").write_text("[global]\n   workgroup = LAB\n   include = /etc/samba/shares.conf\n")
    r = ok(ex("testparm", "-s"))
    assert "[data]" in r.stdout and "workgroup = LAB" in r.stdout
    assert pve.root not in r.stdout + r.stderr
    (root / "etc/samba/smb.conf").write_text("[global]\n   this is not a parameter = 1\n")
    r = ex("testparm", "-s")
    assert "Unknown parameter encountered" in r.stderr


def test_ip_and_hostname(pve):
    create(pve, 101, "--net0", "name=eth0,bridge=vmbr0,ip=dhcp,hwaddr=BC:24:11:00:00:01", start=True)
    r = ok(run(pve, "pct", "exec", "101", "--", "ip", "-j", "addr"))
    data = json.loads(r.stdout)
    eth0 = next(i for i in data if i["ifname"] == "eth0")
    inet = next(a for a in eth0["addr_info"] if a["family"] == "inet")
    assert inet["local"].startswith("198.51.100.") and inet["prefixlen"] == 24
    assert ok(run(pve, "pct", "exec", "101", "--", "hostname", "-I")).stdout == inet["local"] + " \n"


# --- pveam -----------------------------------------------------------------------------------------------------

def test_pveam_formats(tmp_path):
    st = init_state(str(tmp_path / "p"))
    out = ok(run(st, "pveam", "available", "--section", "system")).stdout
    assert "system          debian-12-standard_12.12-1_amd64.tar.zst\n" in out
    assert "system          debian-13-standard_13.6-1_amd64.tar.zst\n" in out
    assert all(line.startswith("system          ") for line in out.splitlines())
    assert ok(run(st, "pveam", "update")).stdout == "update successful\n"
    assert ok(run(st, "pveam", "list", "local")).stdout == "NAME                                                         SIZE  \n"
    r = run(st, "pveam", "list", "local-lvm")
    assert (r.returncode, r.stderr) == (255, "Storage does not support templates!\n")
    r = run(st, "pveam", "download", "local", "nosuch.tar.zst")
    assert (r.returncode, r.stderr) == (255, "400 Parameter verification failed.\ntemplate: no such template\n"
                                        "pveam download <storage> <template>\n")
    r = ok(run(st, "pveam", "download", "local", TMPL_NAME))
    dest = f"{st.root}/var/lib/vz/template/cache/{TMPL_NAME}"
    url = f"http://download.proxmox.com/images/system/{TMPL_NAME}"
    assert r.stdout.startswith(f"downloading {url} to {dest}\n")
    assert "calculating checksum...OK, checksum verified\n" in r.stdout
    assert r.stdout.endswith(f"download of '{url}' to '{dest}' finished\n")
    assert ok(run(st, "pveam", "list", "local")).stdout == (
        "NAME                                                         SIZE  \n"
        "local:vztmpl/debian-12-standard_12.12-1_amd64.tar.zst        120.56MB\n")
    ok(run(st, "pveam", "remove", f"local:vztmpl/{TMPL_NAME}"))
    assert ok(run(st, "pveam", "list", "local")).stdout.count("\n") == 1


# --- pvesh ---------------------------------------------------------------------------------------------------------

def test_pvesh_nextid(pve):
    assert ok(run(pve, "pvesh", "get", "/cluster/nextid", "--output-format", "json")).stdout == '"100"\n'
    assert ok(run(pve, "pvesh", "get", "/cluster/nextid")).stdout == "100\n"
    create(pve, 100)
    Path(pve.p("etc/pve/nodes/pve/qemu-server/101.conf")).write_text("memory: 512\n")
    assert ok(run(pve, "pvesh", "get", "/cluster/nextid", "--output-format", "json")).stdout == '"102"\n'
    r = run(pve, "pvesh", "get", "/cluster/nextid", "--vmid", "101")
    assert (r.returncode, r.stderr) == (255, "400 Parameter verification failed.\nvmid: VM 101 already exists\n"
                                        "pvesh get <api_path> [OPTIONS] [FORMAT_OPTIONS]\n")
    assert ok(run(pve, "pvesh", "get", "/cluster/nextid", "--vmid", "150",
                  "--output-format", "json")).stdout == '"150"\n'
    r = run(pve, "pct", "create", "101", TMPL, "--rootfs", "local-lvm:4")
    assert r.stderr == "VM 101 already exists on node 'pve'\n"


def test_pvesh_unknown_path(pve):
    r = run(pve, "pvesh", "get", "/foo/bar")
    assert (r.returncode, r.stderr) == (1, "No 'get' handler defined for '/foo/bar'\n")


def test_cluster_resources_fields(pve):
    create(pve, 101, "--tags", "pvesmbgw", start=True)
    data = json.loads(ok(run(pve, "pvesh", "get", "/cluster/resources", "--output-format", "json")).stdout)
    by = {d["id"]: d for d in data}
    assert set(by["lxc/101"]) == {"id", "type", "vmid", "node", "name", "status", "template", "maxcpu",
                                  "cpu", "maxmem", "mem", "maxdisk", "disk", "netin", "netout",
                                  "diskread", "diskwrite", "uptime", "tags"}
    assert by["lxc/101"]["status"] == "running" and by["lxc/101"]["maxmem"] == 512 * 1024 * 1024
    assert set(by["node/pve"]) == {"id", "type", "node", "status", "level", "cgroup-mode", "maxcpu",
                                   "maxmem", "maxdisk", "cpu", "mem", "disk", "uptime"}
    assert set(by["storage/pve/local-lvm"]) == {"id", "type", "storage", "node", "plugintype", "status",
                                                "shared", "content", "maxdisk", "disk"}
    assert by["storage/pve/local-lvm"]["disk"] == 4 * 1024 ** 3
    vms = json.loads(ok(run(pve, "pvesh", "get", "/cluster/resources", "--type", "vm",
                            "--output-format", "json")).stdout)
    assert [d["id"] for d in vms] == ["lxc/101"]


def test_pvesh_node_and_storage(pve):
    st = json.loads(ok(run(pve, "pvesh", "get", "/nodes/pve/status", "--output-format", "json")).stdout)
    for key in ("uptime", "idle", "loadavg", "kversion", "current-kernel", "boot-info", "cpuinfo", "cpu",
                "wait", "memory", "ksm", "swap", "rootfs", "pveversion"):
        assert key in st
    assert all(isinstance(x, str) for x in st["loadavg"]) and "available" in st["memory"]
    assert st["pveversion"].startswith("pve-manager/9.")
    r = run(pve, "pvesh", "get", "/nodes/pve/status", "--output-format", "json",
            env=dict(os.environ, PVESIM_PVE_VERSION="8"))
    assert "available" not in json.loads(r.stdout)["memory"]
    s = json.loads(ok(run(pve, "pvesh", "get", "/nodes/pve/storage/local/status",
                          "--output-format", "json")).stdout)
    assert set(s) == {"type", "content", "enabled", "active", "shared", "total", "used", "avail"}
    assert s["total"] > 0 and s["type"] == "dir"
    lst = json.loads(ok(run(pve, "pvesh", "get", "/nodes/pve/storage", "--content", "vztmpl",
                            "--output-format", "json")).stdout)
    assert [x["storage"] for x in lst] == ["local"]
    cfg = json.loads(ok(run(pve, "pvesh", "get", "/storage", "--output-format", "json")).stdout)
    assert cfg[1] == {"content": "images,rootdir", "digest": cfg[1]["digest"], "storage": "local-lvm",
                      "thinpool": "data", "type": "lvmthin", "vgname": "pve"}
    r = run(pve, "pvesh", "get", "/nodes/other/status")
    assert r.returncode == 255 and "hostname lookup 'other' failed" in r.stderr



def test_pvesh_smbgateway_storage_status_asks_the_agent(pve, tmp_path):
    """The custom plugin's status() (PVE/Storage/Custom/SMBGatewayPlugin.pm): its agent's
    `plugin status` reply; a failed or inactive one is an inactive storage without sizes."""
    agent = tmp_path / "agent"
    agent.write_text("#!/bin/sh\necho \"$@\" > \"$0.args\"; cat > \"$0.in\"\n"
                     "cat \"$0.reply\"\n")
    agent.chmod(0o755)
    pve.settings()["smbgateway_agent"] = [str(agent)]
    pve.save_settings()
    with open(Path(pve.root) / "etc/pve/storage.cfg", "a") as fh:
        fh.write("\nsmbgateway: team\n\tpath /srv/team\n\tcontent iso\n\tsmbgw-quota 1G\n")

    def status() -> dict:
        return json.loads(ok(run(pve, "pvesh", "get", "/nodes/pve/storage/team/status",
                                 "--output-format", "json")).stdout)
    (tmp_path / "agent.reply").write_text(json.dumps(
        {"version": 1, "ok": True, "active": True, "total": 1 << 30, "used": 4096,
         "avail": (1 << 30) - 4096, "quota": 1 << 30, "share": "team"}))
    assert status() == {"type": "smbgateway", "content": "iso", "enabled": 1, "active": 1,
                        "shared": 0, "total": 1 << 30, "used": 4096, "avail": (1 << 30) - 4096}
    assert (tmp_path / "agent.args").read_text() == "plugin status\n"
    assert json.loads((tmp_path / "agent.in").read_text()) == {
        "version": 1, "hook": "status", "storeid": "team", "scfg": {
            "type": "smbgateway", "path": "/srv/team", "content": "iso", "smbgw-quota": "1G"}}
    for reply in ({"version": 1, "ok": True, "active": False, "reason": "gone"},
                  {"version": 1, "ok": False, "error": "boom", "field": None}, "not json"):
        (tmp_path / "agent.reply").write_text(json.dumps(reply))
        assert (status()["active"], status()["total"], status()["used"]) == (0, 0, 0)

def test_pvesh_lxc_paths(pve):
    create(pve, 101, "--cores", "2", "--net0", "name=eth0,bridge=vmbr0,ip=10.1.2.3/24")
    c = json.loads(ok(run(pve, "pvesh", "get", "/nodes/pve/lxc/101/config", "--output-format", "json")).stdout)
    assert c["cores"] == 2 and c["memory"] == 512 and c["unprivileged"] == 1 and len(c["digest"]) == 40
    assert ok(run(pve, "pvesh", "get", "/nodes/pve/lxc/101/interfaces",
                  "--output-format", "json")).stdout == "null\n"
    ok(run(pve, "pvesh", "create", "/nodes/pve/lxc/101/status/start"))
    ifs = json.loads(ok(run(pve, "pvesh", "get", "/nodes/pve/lxc/101/interfaces",
                            "--output-format", "json")).stdout)
    assert [i["name"] for i in ifs] == ["lo", "eth0"] and ifs[1]["inet"] == "10.1.2.3/24"
    cur = json.loads(ok(run(pve, "pvesh", "get", "/nodes/pve/lxc/101/status/current",
                            "--output-format", "json")).stdout)
    assert cur["status"] == "running" and cur["ha"] == {"managed": 0}
    ok(run(pve, "pvesh", "set", "/nodes/pve/lxc/101/config", "--onboot", "1"))
    assert "onboot: 1\n" in conf_text(pve, 101)
    lst = json.loads(ok(run(pve, "pvesh", "get", "/nodes/pve/lxc", "--output-format", "json")).stdout)
    assert lst[0]["vmid"] == 101 and lst[0]["status"] == "running"
    r = ok(run(pve, "pvesh", "create", "/nodes/pve/lxc", "--vmid", "102", "--ostemplate", TMPL,
               "--rootfs", "local-lvm:2", "--output-format", "json"))
    assert r.stdout.splitlines()[-1].startswith('"UPID:pve:') and pve.exists(102)
    ok(run(pve, "pvesh", "delete", "/nodes/pve/lxc/102"))
    assert not pve.exists(102)


# --- fault injection -----------------------------------------------------------------------------------------------

def test_fault_injection_env_and_file(pve):
    r = run(pve, "pct", "create", "101", TMPL, "--rootfs", "local-lvm:4",
            env=dict(os.environ, PVESIM_FAIL="pct:create"))
    assert r.returncode == 255 and r.stderr.startswith("unable to create CT 101 - ")
    assert not pve.exists(101) and not os.path.exists(pve.p("volumes", "local-lvm"))
    create(pve, 101)
    faults.reset_counters(pve)
    env = dict(os.environ, PVESIM_FAIL="pct:set:2")
    ok(run(pve, "pct", "set", "101", "--cores", "1", env=env))
    r = run(pve, "pct", "set", "101", "--cores", "2", env=env)
    assert r.returncode == 255 and "cores: 1\n" in conf_text(pve, 101)
    ok(run(pve, "pct", "set", "101", "--cores", "3", env=env))
    faults.arm(pve, "pvesh:get:/cluster/nextid")
    r = run(pve, "pvesh", "get", "/cluster/nextid")
    assert r.returncode != 0 and r.stdout == ""
    ok(run(pve, "pvesh", "get", "/cluster/resources"))
    faults.disarm(pve)
    ok(run(pve, "pvesh", "get", "/cluster/nextid"))
    faults.arm(pve, "pct:start")
    r = run(pve, "pct", "start", "101")
    assert (r.returncode, r.stderr) == (255, "startup for container '101' failed\n") and not pve.running(101)


def test_calls_log(pve):
    ok(run(pve, "pct", "list"))
    run(pve, "pct", "config", "999")
    log = pve.read_log()
    assert [(x["tool"], x["argv"], x["rc"]) for x in log[-2:]] == [
        ("pct", ["list"], 0), ("pct", ["config", "999"], 255)]


def test_concurrent_creates_are_serialized(pve):
    env = sim_env(pve)
    procs = [subprocess.Popen([os.path.join(bin_dir(), "pct"), "create", str(vmid), TMPL, "--rootfs",
                               "local-lvm:1"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for vmid in range(110, 116)]
    for p in procs:
        assert p.wait() == 0, p.stderr.read()
    assert pve.ct_ids() == list(range(110, 116))
    names = sorted(os.listdir(pve.p("volumes", "local-lvm")))
    assert names == [f"vm-{v}-disk-0.json" for v in range(110, 116)]
