"""Hostile input by category (issue 14 §5): every bad value is one line on stderr naming
its field, exit 2, no traceback, and nothing changed (registry, include file, config).

{srv} is the allowed root; share 'team' exists (a directory share) for the set cases."""

from __future__ import annotations

import grp

import pytest

from pvesmbgw.core import config as config_mod
from pvesmbgw.smb.cluster.state import ClusterState, Node
from pvesmbgw.smb.registry import Registry, Share
from .conftest import Cli

BAD = "\udcff"  # a byte that is no UTF-8, as Python hands it over from argv


@pytest.fixture
def host(cli: Cli) -> Cli:
    """The sandbox with one registered share 'team', a symlink leaving the roots and a
    one-node cluster (for the shared-path cases)."""
    cfg = config_mod.load(str(cli.config))
    state = ClusterState(nodes=(Node("10.0.0.1"),), lock="/x/lock")
    (cli.root / "state").mkdir()
    (cli.root / "state" / "cluster.json").write_bytes(state.dumps())
    (cli.srv / "team").mkdir()
    (cli.srv / "out").symlink_to("/etc")
    reg = Registry().with_share(Share(name="team", path=str(cli.srv / "team"), mode="native",
                                      backend="dir", node=cfg.node))
    cfg.registry_file.parent.mkdir(parents=True, exist_ok=True)
    cfg.registry_file.write_bytes(reg.dumps())
    return cli


def create(*extra: str, name: str = "x", path: str = "{srv}/x") -> list[str]:
    return ["create", name, "--path", path, *extra]


CATEGORIES: dict[str, list[tuple[list[str], str]]] = {
    "empty": [
        (create(name=""), "name: must not be empty"),
        (create(path=""), "path: must be absolute"),
        (["create", "x", "--storage", ""], "storage: '' is not a PVE storage ID"),
        (create("--quota", ""), "quota: not a size"),
        (create("--browseable", ""), "browseable: must be yes or no"),
        (["set", "team", "--valid-users", ""], "valid-users: names nobody"),
        (create("--valid-users", ""), "valid-users: names nobody"),
        (["set", "team", "--read-only", ""], "read-only: must be yes or no"),
        (["user", "add", "", "--password-stdin"], "user: '' is not a valid user name"),
        (["metrics", "--textfile", ""], "textfile: "),
        (["--config", "", "list"], "config: --config must not be empty"),
    ],
    "whitespace": [
        (create(name="   "), "name: must not start or end with a space"),
        (create(path="   "), "path: must be absolute"),
        (create("--comment", "  "), "comment: must not start or end with a space"),
        (create("--valid-users", " "), "valid-users: must not start or end with a space"),
        (create("--quota", " "), "quota: not a size"),
        (["set", "team", "--comment", " x"], "comment: must not start or end with a space"),
        (create("--mode", "vm", "--vm-cores", " 2 "), "vm-cores: not a whole number"),
        (["create", "x", "--storage", " local"], "storage: ' local' is not a PVE storage"),
    ],
    "leading dash": [
        (create(name="-x"), "arguments are required: name"),
        (create("--comment", "-x"), "argument --comment: expected one argument"),
        (["create", "x", "--storage=-x"], "storage: '-x' is not a PVE storage ID"),
        (create("--valid-users=-x"), "valid-users: not a user or @group name: '-x'"),
        (create("--valid-users=@-wheel"), "valid-users: not a user or @group name"),
        (["user", "add", "--password-stdin", "--", "-x"], "user: '-x' is not a valid"),
        (["cluster", "ha", "enable", "--nodes=-pve1"], "nodes: not a PVE node name"),
    ],
    "control characters": [
        (create(name="a\nb"), "name: must not contain newlines or control characters"),
        (create(name="a\tb"), "name: must not contain newlines or control characters"),
        (create(path="{srv}/a\rb"), "path: must not contain control characters"),
        (create(path="{srv}/a\x85b"), "path: must not contain control characters"),
        (create(path="{srv}/a\u2028b"), "path: must not contain control characters"),
        (create("--comment", "a\rb"), "comment: must not contain newlines"),
        (create("--comment", "a\u2029b"), "comment: must not contain newlines"),
        (["set", "team", "--comment", "a\nvalid users = x"], "comment: must not contain"),
        (create("--valid-users", "a\nb"), "valid-users: must not contain newlines"),
        (["create", "x", "--storage", "a\nb"], "storage: 'a\\nb' is not a PVE storage ID"),
        (["cluster", "ha", "enable", "--nodes", "pve1\nx"], "nodes: not a PVE node name"),
    ],
    "very long": [
        (create(name="n" * 81), "name: is longer than 80 characters"),
        (create("--comment", "c" * 257), "comment: is longer than 256 characters"),
        (create("--valid-users", "u" * 4097), "valid-users: is longer than 4096"),
        (create(path="{srv}/" + "c" * 256), "path: has a component longer than 255 bytes"),
        (create(path="{srv}" + "/d" * 2100), "path: is longer than 4095 bytes"),
        (["create", "x", "--storage", "s" * 65], "storage: "),
        (create("--quota", "9" * 40 + "P"), "quota: "),
        (create("--mode", "vm", "--vm-memory", "9" * 40), "vm-memory: not a whole number"),
    ],
    "not UTF-8": [
        (create(name="x" + BAD), "must be UTF-8 text"),
        (create(path="{srv}/" + BAD), "path: must be UTF-8 text"),
        (create("--comment", BAD), "comment: must be UTF-8 text"),
        (create("--comment=" + BAD), "comment: must be UTF-8 text"),
        (create("--valid-users", "u" + BAD), "valid-users: must be UTF-8 text"),
        (["set", "team", "--comment", BAD], "comment: must be UTF-8 text"),
        (["metrics", "--textfile", f"/tmp/{BAD}.prom"], "textfile: must be UTF-8 text"),
    ],
    "unicode digits and lookalikes": [
        (create("--quota", "\u0661G"), "quota: not a size"),
        (create("--quota", "\uff11G"), "quota: not a size"),
        (create("--mode", "vm", "--vm-memory", "\u0661\u0662\u0663\u0664"),
         "vm-memory: not a whole number"),
        (["vm-template", "build", "--vmid", "\u0661\u0660\u0660"], "vmid: not a whole number"),
        (create("--snapshots", "hourly=\u0661"), "snapshots: hourly: count must be"),
        (["cluster", "ha", "enable", "--nodes", "pve1:\u0661"], "nodes: not a PVE node name"),
        (create(name="gl\u043ebal"), "name: 'glоbal' reads as 'global'"),
        (create(name="\uff47lobal"), "reads as 'global'"),
    ],
    "numbers": [
        (create("--quota", "0"), "quota: must be greater than zero"),
        (create("--quota=-5G"), "quota: not a size"),
        (create("--quota", "0x10G"), "quota: not a size"),
        (create("--quota", "1e9"), "quota: not a size"),
        (create("--quota", "inf"), "quota: not a size"),
        (create("--quota", "nan"), "quota: not a size"),
        (create("--quota", "1_000"), "quota: not a size"),
        (create("--mode", "vm", "--vm-memory=-1"), "vm-memory: not a whole number"),
        (create("--mode", "vm", "--vm-memory", "1.5"), "vm-memory: not a whole number"),
        (create("--mode", "vm", "--vm-memory", "0x100"), "vm-memory: not a whole number"),
        (create("--mode", "vm", "--vm-memory", "1_024"), "vm-memory: not a whole number"),
        (create("--mode", "vm", "--vm-memory", "100"), "vm-memory: must be 256 to 1048576"),
        (create("--mode", "vm", "--vm-cores", "0"), "vm-cores: must be 1 to 128"),
        (create("--mode", "vm", "--vm-cores", "129"), "vm-cores: must be 1 to 128"),
        (["vm-template", "build", "--vmid", "99"], "vmid: must be 100..999999999"),
        (create("--snapshots", "hourly=0"), "snapshots: hourly: count must be 1..10000"),
        (create("--snapshots", "daily=10001"), "snapshots: daily: count must be 1..10000"),
        (create("--snapshots", "daily=1.5"), "snapshots: daily: count must be 1..10000"),
        (create("--snapshots", "daily=-1"), "snapshots: daily: count must be 1..10000"),
        (["cluster", "ha", "enable", "--nodes", "pve1:-1"], "nodes: not a PVE node name"),
    ],
    "paths": [
        (create(path="{srv}/../etc/x"), "path: must not contain '.' or '..'"),
        (create(path="{srv}/./x"), "path: must not contain '.' or '..'"),
        (create(path="relative/x"), "path: must be absolute"),
        (create(path="{srv}/out/x"), "path: {srv}/out is a symbolic link"),
        (create(path="/proc/x"), "path: /proc/x is outside the allowed roots"),
        (create(path="/sys/x"), "path: /sys/x is outside the allowed roots"),
        (create(path="/dev/x"), "path: /dev/x is outside the allowed roots"),
        (create(path="/etc/x"), "path: /etc/x is outside the allowed roots"),
        (create(path="/"), "path: must not be /"),
        (create(path="{srv}"), "is outside the allowed roots"),
        (create(path="{srv}/team/sub"), "path: "),
        (["metrics", "--textfile", "/etc/x.prom"], "textfile: /etc/x.prom lies in a system"),
        (["metrics", "--textfile", "/tmp/../proc/x.prom"], "textfile: "),
        (["--config", "/dev/zero", "list"], "config: /dev/zero is not a regular file"),
        (["--config", "/tmp", "list"], "config: /tmp is not a regular file"),
        (["cluster", "shared-path", "add", "/proc"], "path: /proc lies in a system directory"),
        (["cluster", "shared-path", "add", "/dev/shm"], "path: /dev/shm lies in a system"),
        (["cluster", "shared-path", "add", "/etc"], "path: /etc lies in a system directory"),
        (["cluster", "shared-path", "add", "{srv}/../etc"], "path: must not contain '.' or"),
        (["cluster", "shared-path", "add", "relative"], "path: must be an absolute path"),
    ],
    "option strings of tools": [  # PVE property strings (net0=, scsi0=) and file names
        (["vm-template", "build", "--bridge", "vmbr0,firewall=1"], "bridge: not a network"),
        (["vm-template", "build", "--bridge", "vmbr0;id"], "bridge: not a network bridge"),
        (["vm-template", "build", "--image", "/srv/x.img,cache=unsafe"], "image: must not"),
        (["vm-template", "build", "--image", "https://example.org/.."], "image: "),
        (["vm-template", "build", "--image", "relative.img"], "image: "),
        (["vm-template", "build", "--checksum", "md5:abc"], "checksum: use sha256:HEX"),
        (["vm-template", "build", "--storage", "local,x"], "storage: 'local,x' is not"),
    ],
    "distinguished names": [
        (["ad", "join", "--realm", "EX.TEST", "--user", "a", "--ou", "a,DC=evil",
          "--password-stdin"], "ou: not an OU path"),
        (["ad", "join", "--realm", "EX.TEST", "--user", "a", "--ou", "a\\",
          "--password-stdin"], "ou: not an OU path"),
    ],
    "system accounts": [
        (["user", "add", "root", "--password-stdin"], "user: root is a system account"),
        (["user", "add", "daemon", "--password-stdin"], "user: daemon is a system account"),
        (["user", "add", "nobody", "--password-stdin"], "user: nobody is a system account"),
        (["user", "add", "disk", "--password-stdin"], "user: disk is the name of a system group"),
        (["user", "del", "root"], "user: 'root' is not a user managed by pvesmbgw"),
        (["user", "passwd", "root", "--password-stdin"], "user: "),
        (create(name="IPC$"), "name: 'IPC$' is reserved by Samba"),
        (create(name="printers"), "name: 'printers' is reserved by Samba"),
    ],
    "duplicate options": [
        (create("--quota", "1G", "--quota", "2G"), "argument --quota: given more than once"),
        (create("--comment", "a", "--comment=b"), "argument --comment: given more than once"),
        (create("--path", "{srv}/y"), "argument --path: given more than once"),
        (["set", "team", "--comment", "a", "--comment", "b"], "argument --comment: given more"),
        (create("--snapshots", "daily=1,daily=2"), "snapshots: daily given twice"),
        (create("--valid-users", "a;b"), "valid-users: not a user or @group name: 'a;b'"),
    ],
}
CASES = [pytest.param(args, message, id=f"{category}-{i}")
         for category, cases in CATEGORIES.items() for i, (args, message) in enumerate(cases)]


@pytest.mark.parametrize("args, message", CASES)
def test_hostile_input_is_refused(host: Cli, args: list[str], message: str) -> None:
    srv = str(host.srv)
    args = [a.replace("{srv}", srv) for a in args]
    before = host.fingerprint()
    proc = host(*args, input="secret\n")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("pve-smbgateway: error: "), \
        proc.stderr
    assert message.replace("{srv}", srv) in proc.stderr, proc.stderr
    assert proc.stdout == ""
    assert host.fingerprint() == before


def test_the_disk_group_is_a_system_group() -> None:
    """The 'system accounts' case above relies on Debian's fixed gid of group disk."""
    assert grp.getgrnam("disk").gr_gid < 1000
