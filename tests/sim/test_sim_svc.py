"""Simulator tests for what the service launcher (pve-svc) uses: /cluster/resources, the node's
network list, OCI images (oci-registry-pull, pct create from an OCI archive) and the pct create
options it passes.

Run: /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/sim/test_sim_svc.py
"""

from __future__ import annotations

import json
import re
import sys
import tarfile
from pathlib import Path

import pytest

SIM = Path(__file__).resolve().parent
sys.path.insert(0, str(SIM))

from pvesim.backends.base import Backend  # noqa: E402
from pvesim.cli import cliparse  # noqa: E402
from pvesim.fixtures import run  # noqa: E402
from pvesim.model import oci  # noqa: E402
from pvesim.model.state import init_state  # noqa: E402
from pvesim.util import TaskFailed  # noqa: E402

TMPL_NAME = "debian-12-standard_12.12-1_amd64.tar.zst"
TMPL = f"local:vztmpl/{TMPL_NAME}"
NGINX = "docker.io/library/nginx:latest"
UPID_RE = r"UPID:pve:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:%s:%s:root@pam:"


@pytest.fixture
def pve(tmp_path):
    return init_state(str(tmp_path / "pve"), pve_version=9, templates=[TMPL_NAME])


@pytest.fixture
def pve8(tmp_path):
    return init_state(str(tmp_path / "pve8"), pve_version=8, templates=[TMPL_NAME])


def ok(r):
    assert r.returncode == 0, f"rc={r.returncode}\nstdout:{r.stdout}\nstderr:{r.stderr}"
    return r


def pvesh_json(st, *args):
    return json.loads(ok(run(st, "pvesh", *args, "--output-format", "json")).stdout)


def resource_props(version: int) -> dict:
    info = cliparse.method_info(version, "/cluster/resources", "GET")
    return info["returns"]["items"]["properties"]


def check_against_schema(entries, version: int) -> None:
    """Every key is a documented property of its type (numbers as numbers, strings as strings)."""
    props = resource_props(version)
    for e in entries:
        for k, v in e.items():
            if k in ("shared", "sdn") and version == 8:
                # emitted by PVE 8 too (API2Tools extract_storage_stats since 2018, the sdn entries),
                # but only documented in the 9.x schema
                continue
            assert k in props, f"{k} not in the PVE {version} schema"
            t = props[k]["type"]
            if t == "integer":
                assert isinstance(v, int) and not isinstance(v, bool), (k, v)
            elif t == "number":
                assert isinstance(v, (int, float)), (k, v)
            elif t == "boolean":
                assert v in (0, 1), (k, v)
            elif t == "string":
                assert isinstance(v, str), (k, v)
            if "enum" in props[k]:
                assert v in props[k]["enum"], (k, v)
        assert "id" in e and "type" in e


# --- /cluster/resources ------------------------------------------------------------------------

def test_resources_fields_and_types(pve, pve8):
    for st, version in ((pve, 9), (pve8, 8)):
        ok(run(st, "pct", "create", "101", TMPL, "--rootfs", "local-lvm:4", "--tags", "pvesvc;webdav",
               "--memory", "256", "--cores", "2", "--hostname", "web1"))
        res = pvesh_json(st, "get", "/cluster/resources")
        check_against_schema(res, version)
        ct = next(e for e in res if e["type"] == "lxc")
        assert {k: ct[k] for k in ("id", "vmid", "node", "status", "name", "maxmem", "maxcpu",
                                   "template", "tags")} == {
            "id": "lxc/101", "vmid": 101, "node": "pve", "status": "stopped", "name": "web1",
            "maxmem": 256 * 1024 * 1024, "maxcpu": 2, "template": 0, "tags": "pvesvc;webdav"}
        assert "hastate" not in ct
        node = next(e for e in res if e["type"] == "node")
        assert node["status"] == "online" and node["node"] == "pve"
        for k in ("maxcpu", "cpu", "maxmem", "mem", "maxdisk", "disk"):
            assert isinstance(node[k], (int, float)) and node[k] >= 0
        stor = {e["storage"]: e for e in res if e["type"] == "storage"}
        assert stor["local"]["content"] == "backup,iso,vztmpl"
        assert stor["local-lvm"]["plugintype"] == "lvmthin"
        for e in stor.values():
            assert e["status"] == "available" and e["shared"] == 0 and e["node"] == "pve"
            assert isinstance(e["maxdisk"], int) and isinstance(e["disk"], int)
        assert stor["local-lvm"]["disk"] == 4 * 1024 ** 3


def test_resources_order_type_filter_and_network_entries(pve, pve8):
    for vmid in ("1000", "200", "101"):
        ok(run(pve, "pct", "create", vmid, TMPL, "--rootfs", "local-lvm:1"))
    res = pvesh_json(pve, "get", "/cluster/resources")
    # Perl's `sort keys %$idlist`: vmids sorted as strings
    assert [e["id"] for e in res] == [
        "lxc/1000", "lxc/101", "lxc/200", "node/pve", "storage/pve/local", "storage/pve/local-lvm",
        "network/pve/zone/localnetwork"]
    assert res[-1] == {"id": "network/pve/zone/localnetwork", "type": "network", "network-type": "zone",
                       "network": "localnetwork", "node": "pve", "status": "ok"}
    assert [e["type"] for e in pvesh_json(pve, "get", "/cluster/resources", "--type", "vm")] == ["lxc"] * 3
    assert [e["type"] for e in pvesh_json(pve, "get", "/cluster/resources", "--type", "node")] == ["node"]
    assert [e["id"] for e in pvesh_json(pve, "get", "/cluster/resources", "--type", "storage")] == [
        "storage/pve/local", "storage/pve/local-lvm"]
    assert pvesh_json(pve, "get", "/cluster/resources", "--type", "sdn") == []
    r = run(pve, "pvesh", "get", "/cluster/resources", "--type", "lxc")
    assert r.returncode == 255
    assert r.stderr.startswith("400 Parameter verification failed.\ntype: value 'lxc' does not have a "
                               "value in the enumeration 'vm, storage, node, sdn'\n")
    # PVE 8 (and 9.0): the localnetwork zone is an 'sdn' entry
    assert pvesh_json(pve8, "get", "/cluster/resources", "--type", "sdn") == [
        {"id": "sdn/pve/localnetwork", "node": "pve", "sdn": "localnetwork", "status": "ok", "type": "sdn"}]
    assert [e["type"] for e in pvesh_json(pve8, "get", "/cluster/resources")] == [
        "node", "storage", "storage", "sdn"]


def test_resources_hastate(pve):
    ok(run(pve, "pct", "create", "101", TMPL, "--rootfs", "local-lvm:1"))
    ok(run(pve, "pct", "create", "102", TMPL, "--rootfs", "local-lvm:1"))
    ok(run(pve, "ha-manager", "add", "ct:101", "--state", "stopped"))
    res = {e["id"]: e for e in pvesh_json(pve, "get", "/cluster/resources", "--type", "vm")}
    assert res["lxc/101"]["hastate"] == "stopped"
    assert "hastate" not in res["lxc/102"]
    ok(run(pve, "ha-manager", "set", "ct:101", "--state", "enabled"))
    res = {e["id"]: e for e in pvesh_json(pve, "get", "/cluster/resources", "--type", "vm")}
    assert res["lxc/101"]["hastate"] == "started"


def test_version_nextid_interfaces(pve):
    v = pvesh_json(pve, "get", "/version")
    assert sorted(v) == ["release", "repoid", "version"] and v["release"] == "9.1"
    assert v["version"].startswith("9.1.")
    assert ok(run(pve, "pvesh", "get", "/cluster/nextid", "--output-format", "json")).stdout == '"100"\n'
    ok(run(pve, "pct", "create", "100", TMPL, "--rootfs", "local-lvm:1", "--net0",
           "name=eth0,bridge=vmbr0,ip=192.0.2.5/24,gw=192.0.2.1"))
    assert ok(run(pve, "pvesh", "get", "/nodes/pve/lxc/100/interfaces", "--output-format",
                  "json")).stdout == "null\n"
    ok(run(pve, "pct", "start", "100"))
    ifaces = pvesh_json(pve, "get", "/nodes/pve/lxc/100/interfaces")
    assert [i["name"] for i in ifaces] == ["lo", "eth0"]
    assert ifaces[1]["inet"] == "192.0.2.5/24"


# --- /nodes/{node}/network ----------------------------------------------------------------------

# pve-manager PVE/API2/Network.pm 'index' returns: the interface properties of /etc/network/interfaces
NETWORK_KEYS = {"iface", "type", "active", "autostart", "exists", "families", "method", "method6",
                "priority", "address", "netmask", "cidr", "gateway", "bridge_ports", "bridge_stp",
                "bridge_fd", "comments"}


def test_network_index(pve, pve8):
    res = pvesh_json(pve, "get", "/nodes/pve/network")
    assert res == [
        {"active": 1, "exists": 1, "families": ["inet"], "iface": "eno1", "method": "manual",
         "method6": "manual", "priority": 3, "type": "eth"},
        {"active": 1, "address": "198.51.100.2", "autostart": 1, "bridge_fd": "0", "bridge_ports": "eno1",
         "bridge_stp": "off", "cidr": "198.51.100.2/24", "families": ["inet"], "gateway": "198.51.100.1",
         "iface": "vmbr0", "method": "static", "method6": "manual", "netmask": "24", "priority": 4,
         "type": "bridge"}]
    for e in res:
        assert set(e) <= NETWORK_KEYS
    assert [e["iface"] for e in pvesh_json(pve, "get", "/nodes/pve/network", "--type", "bridge")] == ["vmbr0"]
    assert [e["iface"] for e in pvesh_json(pve, "get", "/nodes/pve/network", "--type", "any_bridge")] == [
        "vmbr0"]
    assert [e["iface"] for e in pvesh_json(pve, "get", "/nodes/pve/network", "--type", "eth")] == ["eno1"]
    assert pvesh_json(pve, "get", "/nodes/pve/network", "--type", "bond") == []
    assert len(pvesh_json(pve, "get", "/nodes/localhost/network", "--type", "include_sdn")) == 2
    r = run(pve8, "pvesh", "get", "/nodes/pve/network", "--type", "fabric")
    assert r.returncode == 255
    assert r.stderr.splitlines()[:2] == [
        "400 Parameter verification failed.",
        "type: value 'fabric' does not have a value in the enumeration 'bridge, bond, eth, alias, vlan, "
        "OVSBridge, OVSBond, OVSPort, OVSIntPort, vnet, any_bridge, any_local_bridge'"]
    r = run(pve, "pvesh", "get", "/nodes/other/network")
    assert r.returncode == 255 and r.stderr.startswith("hostname lookup 'other' failed")


def test_network_more_bridges(tmp_path):
    st = init_state(str(tmp_path / "pve"), bridges=("vmbr0", "vmbr1"))
    res = pvesh_json(st, "get", "/nodes/pve/network", "--type", "bridge")
    assert res[1] == {"active": 1, "autostart": 1, "bridge_fd": "0", "bridge_ports": "", "bridge_stp": "off",
                      "families": ["inet"], "iface": "vmbr1", "method": "manual", "method6": "manual",
                      "priority": 5, "type": "bridge"}


# --- OCI images ----------------------------------------------------------------------------------

def pull(st, reference=NGINX, *extra):
    return run(st, "pvesh", "create", "/nodes/pve/storage/local/oci-registry-pull", "--reference",
               reference, *extra)


def test_oci_pull_output_and_archive(pve):
    r = ok(pull(pve))
    lines = r.stdout.splitlines()
    assert lines[0] == "Getting image source signatures"
    assert re.fullmatch(r"Copying blob sha256:[0-9a-f]{64}", lines[1])
    assert re.fullmatch(r"Copying config sha256:[0-9a-f]{64}", lines[2])
    assert lines[3] == "Writing manifest to image destination"
    assert re.fullmatch(UPID_RE % ("ociregistrypull", r"nginx_latest\.tar"), lines[4])
    assert len(lines) == 5 and r.stderr == ""
    path = Path(pve.root) / "var/lib/vz/template/cache/nginx_latest.tar"
    data = path.read_bytes()
    assert data == oci.build_archive(NGINX)  # deterministic
    with tarfile.open(path) as tf:
        names = tf.getnames()
        assert {"oci-layout", "index.json"} <= set(names)
        assert json.load(tf.extractfile("oci-layout")) == {"imageLayoutVersion": "1.0.0"}
        index = json.load(tf.extractfile("index.json"))
        mdesc = index["manifests"][0]
        assert mdesc["mediaType"] == "application/vnd.oci.image.manifest.v1+json"
        manifest_b = tf.extractfile("blobs/sha256/" + mdesc["digest"][7:]).read()
        assert len(manifest_b) == mdesc["size"]
        manifest = json.loads(manifest_b)
        config = json.loads(tf.extractfile("blobs/sha256/" + manifest["config"]["digest"][7:]).read())
        assert config["config"]["Entrypoint"] == ["/docker-entrypoint.sh"]
        assert config["config"]["Cmd"] == ["nginx", "-g", "daemon off;"]
        assert config["config"]["ExposedPorts"] == {"80/tcp": {}}
        layer = tf.extractfile("blobs/sha256/" + manifest["layers"][0]["digest"][7:]).read()
        assert manifest["layers"][0]["mediaType"] == "application/vnd.oci.image.layer.v1.tar+gzip"
    assert oci.is_oci_archive(str(path))
    assert layer[:2] == b"\x1f\x8b"
    # pveam list / storage content show it like PVE (VZTMPL_EXT_RE_1 accepts plain .tar, format 'tar')
    out = ok(run(pve, "pveam", "list", "local")).stdout.splitlines()
    assert out[2] == "%-60s %-4.2fMB" % ("local:vztmpl/nginx_latest.tar", len(data) / (1024 * 1024))
    content = pvesh_json(pve, "get", "/nodes/pve/storage/local/content", "--content", "vztmpl")
    entry = next(c for c in content if c["volid"] == "local:vztmpl/nginx_latest.tar")
    assert entry["format"] == "tar" and entry["size"] == len(data)


def test_oci_pull_filename_and_errors(pve, tmp_path):
    ok(pull(pve, "ghcr.io/hacdias/webdav:v5.8.0", "--filename", "my webdav:v5"))
    assert (Path(pve.root) / "var/lib/vz/template/cache/my_webdav_v5.tar").is_file()
    ok(pull(pve, "registry.example.org:5000/team/app-x:1.2.3"))
    assert (Path(pve.root) / "var/lib/vz/template/cache/app-x_1.2.3.tar").is_file()
    r = pull(pve)
    ok(r)
    r = pull(pve)
    assert (r.returncode, r.stdout, r.stderr) == (255, "", "refusing to override existing file "
                                                           "'nginx_latest.tar'\n")
    r = run(pve, "pvesh", "create", "/nodes/pve/storage/local-lvm/oci-registry-pull", "--reference", NGINX)
    assert (r.returncode, r.stderr) == (255, "can't upload to storage type 'lvmthin', not a file based "
                                             "storage!\n")
    r = pull(pve, "nginx")  # no tag
    assert r.returncode == 255
    assert r.stderr.splitlines()[:2] == ["400 Parameter verification failed.",
                                         "reference: value does not match the regex pattern"]
    r = run(pve, "pvesh", "create", "/nodes/pve/storage/nosuch/oci-registry-pull", "--reference", NGINX)
    assert r.returncode == 255 and "nosuch" in r.stderr
    cfg = (f"dir: local\n\tpath {tmp_path}/pve2/var/lib/vz\n\tcontent iso,backup\n\n"
           "lvmthin: local-lvm\n\tthinpool data\n\tvgname pve\n\tcontent rootdir,images\n")
    st2 = init_state(str(tmp_path / "pve2"), storage_cfg=cfg)
    r = pull(st2)
    assert (r.returncode, r.stderr) == (255, "storage 'local' is not configured for content-type 'vztmpl'\n")


def test_oci_pull_not_before_91(pve8, tmp_path):
    st90 = init_state(str(tmp_path / "pve90"), pve_version=9, pve_minor=0)
    for st in (pve8, st90):
        r = pull(st)
        assert (r.returncode, r.stdout, r.stderr) == (
            1, "", "No 'create' handler defined for '/nodes/pve/storage/local/oci-registry-pull'\n")


def create_oci(st, vmid, volid, *opts):
    return run(st, "pct", "create", str(vmid), volid, "--rootfs", "local-lvm:2", *opts)


def test_pct_create_from_oci_debian_based(pve):
    ok(pull(pve))
    r = ok(create_oci(pve, 120, "local:vztmpl/nginx_latest.tar", "--hostname", "web", "--net0",
                      "name=eth0,bridge=vmbr0,ip=dhcp", "--unprivileged", "1", "--ostype", "debian",
                      "--tags", "pvesvc;nginx", "--memory", "256"))
    tail = r.stdout.split("Writing superblocks and filesystem accounting information: done\n\n", 1)[1]
    assert tail == ("Detected OCI archive\n"
                    "Auto-Enabling host-managed network for network device net0.\n"
                    "Detected container architecture: amd64\n")
    assert r.stderr == ""
    conf = ok(run(pve, "pct", "config", "120")).stdout
    mac = re.search(r"hwaddr=([0-9A-F:]{17})", conf).group(1)
    assert conf == (
        "arch: amd64\n"
        "cmode: console\n"
        "entrypoint: /docker-entrypoint.sh nginx -g 'daemon off;'\n"
        "env: PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\0NGINX_VERSION=1.29.3"
        "\0NJS_VERSION=0.9.4\0PKG_RELEASE=1~trixie\n"
        "hostname: web\n"
        "memory: 256\n"
        f"net0: name=eth0,bridge=vmbr0,host-managed=1,hwaddr={mac},ip=dhcp,type=veth\n"
        "ostype: debian\n"
        "rootfs: local-lvm:vm-120-disk-0,size=2G\n"
        "swap: 512\n"
        "tags: nginx;pvesvc\n"
        "unprivileged: 1\n"
        "lxc.signal.halt: SIGQUIT\n")
    raw = Path(pve.conf_path(120)).read_text()
    assert raw.endswith("unprivileged: 1\n"
                        "lxc.environment.runtime: PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n"
                        "lxc.environment.runtime: NGINX_VERSION=1.29.3\n"
                        "lxc.environment.runtime: NJS_VERSION=0.9.4\n"
                        "lxc.environment.runtime: PKG_RELEASE=1~trixie\n"
                        "lxc.signal.halt: SIGQUIT\n")
    api = pvesh_json(pve, "get", "/nodes/pve/lxc/120/config")
    assert api["env"].split("\0")[1] == "NGINX_VERSION=1.29.3"
    assert api["lxc"] == [["lxc.signal.halt", "SIGQUIT"]]
    root = Path(pve.rootfs(120))
    assert "ID=debian" in (root / "etc/os-release").read_text()
    assert (root / "etc/hostname").read_text() == "web\n"  # the Debian plugin's post_create_hook
    assert (root / "docker-entrypoint.sh").is_file()
    ok(run(pve, "pct", "start", "120"))
    r = run(pve, "pct", "exec", "120", "--", "/docker-entrypoint.sh")
    assert r.returncode == 127 and "placeholder" in r.stderr


def test_pct_create_from_oci_unmanaged_and_volumes(pve):
    ok(pull(pve, "ghcr.io/hacdias/webdav:v5.8.0"))
    r = ok(create_oci(pve, 121, "local:vztmpl/webdav_v5.8.0.tar", "--ostype", "debian", "--net0",
                      "name=eth0,bridge=vmbr0,ip=192.0.2.9/24,gw=192.0.2.1,host-managed=0"))
    tail = r.stdout.split("accounting information: done\n\n", 1)[1]
    assert tail == ("Detected OCI archive\n"
                    "Falling back to amd64.\n"
                    "Use `pct set VMID --arch ARCH` to change.\n")
    assert r.stderr == ("/etc/os-release file not found and autodetection failed, falling back to "
                        "'unmanaged'\n"
                        "got unexpected ostype (unmanaged != debian)\n")
    conf = ok(run(pve, "pct", "config", "121")).stdout
    assert "entrypoint: /usr/local/bin/webdav\n" in conf
    assert "ostype: unmanaged\n" in conf and "hostname: CT121\n" in conf
    assert ",host-managed=0," in conf  # set explicitly: left alone
    assert conf.endswith("lxc.signal.halt: SIGTERM\n")
    # Volumes of the image config become directories; WorkingDir -> lxc.init.cwd
    ok(pull(pve, "docker.io/library/redis:8"))
    r = ok(create_oci(pve, 122, "local:vztmpl/redis_8.tar"))
    assert "creating base directory for volume at /data\nAuto-Enabling" not in r.stdout
    assert "Detected OCI archive\ncreating base directory for volume at /data\n" in r.stdout
    conf = ok(run(pve, "pct", "config", "122")).stdout
    assert "entrypoint: docker-entrypoint.sh redis-server\n" in conf
    assert conf.endswith("lxc.init.cwd: /data\nlxc.signal.halt: SIGTERM\n")
    assert (Path(pve.rootfs(122)) / "data").is_dir()
    # an image whose command is /sbin/init (none in the table): no entrypoint/cmode
    assert oci.oci_conf_changes({"Cmd": ["/sbin/init"]})[0] is None


def test_oci_archive_before_91_and_other_backends(pve, tmp_path):
    with pytest.raises(TaskFailed) as exc:
        Backend().create_oci(pve, 101, None, [], [], print)
    assert "OCI images are not supported by the 'abstract' backend" in exc.value.msg
    assert not oci.is_oci_archive(str(Path(pve.root) / "var/lib/vz/template/cache" / TMPL_NAME))
    assert oci.cmd2string(["a b", "it's", "x=1", ""]) == "'a b' 'it'\\''s' x=1 ''"


# --- pct create: the options the launcher passes --------------------------------------------------

def test_pct_create_launcher_options(pve, tmp_path):
    host = tmp_path / "data"
    host.mkdir()
    ok(run(pve, "pct", "create", "130", TMPL, "--hostname", "dav1", "--memory", "512", "--swap", "256",
           "--cores", "2", "--rootfs", "local-lvm:8", "--net0",
           "name=eth0,bridge=vmbr0,ip=192.0.2.5/24,gw=192.0.2.1", "--unprivileged", "1", "--features",
           "nesting=1", "--onboot", "1", "--ostype", "debian", "--tags", "pvesvc;webdav", "--description",
           "pve-svc: webdav\nmanaged", "--mp0", f"{host},mp=/srv/data"))
    conf = ok(run(pve, "pct", "config", "130")).stdout
    mac = re.search(r"hwaddr=([0-9A-F:]{17})", conf).group(1)
    assert conf == (
        "arch: amd64\n"
        "cores: 2\n"
        "description: pve-svc%3A webdav%0Amanaged%0A\n"
        "features: nesting=1\n"
        "hostname: dav1\n"
        "memory: 512\n"
        f"mp0: {host},mp=/srv/data\n"
        f"net0: name=eth0,bridge=vmbr0,gw=192.0.2.1,hwaddr={mac},ip=192.0.2.5/24,type=veth\n"
        "onboot: 1\n"
        "ostype: debian\n"
        "rootfs: local-lvm:vm-130-disk-0,size=8G\n"
        "swap: 256\n"
        "tags: pvesvc;webdav\n"
        "unprivileged: 1\n")
    # tags: ';' ',' and ' ' separate (pve-tag-list), sorted and de-duplicated
    ok(run(pve, "pct", "create", "131", TMPL, "--rootfs", "local-lvm:1", "--tags", "webdav,pvesvc webdav"))
    assert "tags: pvesvc;webdav\n" in ok(run(pve, "pct", "config", "131")).stdout
    r = run(pve, "pct", "create", "132", TMPL, "--rootfs", "local-lvm:1", "--tags", "bad/tag")
    assert r.returncode == 255 and "tags: invalid format" in r.stderr


# --- pct snapshot / delsnapshot / listsnapshot ------------------------------------------------------

def test_pct_snapshots(pve, tmp_path):
    ok(run(pve, "pct", "create", "140", TMPL, "--rootfs", "local-lvm:2", "--mp0", "local-lvm:1,mp=/data"))
    r = ok(run(pve, "pct", "snapshot", "140", "pre-upgrade", "--description", "before upgrade\nline 2"))
    assert r.stdout == ('  Logical volume "snap_vm-140-disk-0_pre-upgrade" created.\n'
                        '  Logical volume "snap_vm-140-disk-1_pre-upgrade" created.\n')
    ok(run(pve, "pct", "snapshot", "140", "s2"))
    raw = Path(pve.conf_path(140)).read_text()
    main, snaps = raw.split("\n[pre-upgrade]\n")
    assert "parent: s2\n" in main
    assert snaps.startswith("#before upgrade\n#line 2\narch: amd64\n")
    assert re.search(r"\n\[s2\]\n(.*\n)*parent: pre-upgrade\n", snaps)
    assert re.search(r"snaptime: \d+\n", snaps)
    tree = ok(run(pve, "pct", "listsnapshot", "140")).stdout.splitlines()
    assert re.fullmatch(r"`-> pre-upgrade {17}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {5}before upgrade", tree[0])
    assert re.fullmatch(r" `-> s2 {25}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {5}no-description", tree[1])
    # printf("%s %-${len}s %-23s %s\n"), len = 30 - length(prefix)
    assert tree[2] == "  `-> " + "current".ljust(25) + " " + "".ljust(23) + " You are here!"
    for args, err in ((("s2",), "snapshot name 's2' already used\n"),
                      (("current",), "unable to use snapshot name 'current' (reserved name)\n"),
                      (("vzdump",), "unable to use snapshot name 'vzdump' (reserved name)\n")):
        r = run(pve, "pct", "snapshot", "140", *args)
        assert (r.returncode, r.stderr) == (255, err)
    r = ok(run(pve, "pct", "delsnapshot", "140", "pre-upgrade"))
    assert r.stdout == ('  Logical volume "snap_vm-140-disk-0_pre-upgrade" successfully removed.\n'
                        '  Logical volume "snap_vm-140-disk-1_pre-upgrade" successfully removed.\n')
    raw = Path(pve.conf_path(140)).read_text()
    assert "[pre-upgrade]" not in raw and "\n[s2]\n" in raw
    assert "parent: pre-upgrade" not in raw  # s2's parent reference removed
    r = run(pve, "pct", "delsnapshot", "140", "nope")
    assert (r.returncode, r.stderr) == (255, "snapshot 'nope' does not exist\n")
    # bind mounts have no 'snapshot' feature (nor have raw CT volumes on dir storages)
    host = tmp_path / "bm"
    host.mkdir()
    ok(run(pve, "pct", "create", "141", TMPL, "--rootfs", "local-lvm:2", "--mp0", f"{host},mp=/data"))
    r = run(pve, "pct", "snapshot", "141", "s1")
    assert (r.returncode, r.stderr) == (255, "snapshot feature is not available\n")
    r = run(pve, "pct", "snapshot", "140", "bad/name")
    assert r.returncode == 255 and "snapname: invalid format" in r.stderr


def test_pvesh_snapshot_paths(pve):
    ok(run(pve, "pct", "create", "150", TMPL, "--rootfs", "local-lvm:2"))
    r = ok(run(pve, "pvesh", "create", "/nodes/pve/lxc/150/snapshot", "--snapname", "s1"))
    assert r.stdout.splitlines()[0] == '  Logical volume "snap_vm-150-disk-0_s1" created.'
    assert re.fullmatch(UPID_RE % ("vzsnapshot", "150"), r.stdout.splitlines()[1])
    res = pvesh_json(pve, "get", "/nodes/pve/lxc/150/snapshot")
    assert [(e["name"], e.get("parent")) for e in res] == [("s1", None), ("current", "s1")]
    assert res[1]["running"] == 0 and res[1]["description"] == "You are here!"
    assert isinstance(res[0]["snaptime"], int) and res[0]["description"] == ""
    r = ok(run(pve, "pvesh", "delete", "/nodes/pve/lxc/150/snapshot/s1"))
    assert re.fullmatch(UPID_RE % ("vzdelsnapshot", "150"), r.stdout.splitlines()[-1])
    assert [e["name"] for e in pvesh_json(pve, "get", "/nodes/pve/lxc/150/snapshot")] == ["current"]
