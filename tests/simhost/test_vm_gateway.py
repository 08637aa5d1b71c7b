"""VM mode against the PVE simulator: the clone, its virtiofs directory mappings, the
guest's fstab, accounts and smb.conf written through the guest agent, a second share
on the same VM, deletion, and rollback at every step."""

from __future__ import annotations

import json
import pwd
from pathlib import Path

import pytest

from tests.lib.simhost import SimHost, each_step
from .test_vm_template import prepare, vm_ids


def with_template(host: SimHost, tmp_path: Path) -> int:
    image = prepare(host, tmp_path)
    return int(host.json("vm-template", "build", "--image", str(image))["template"]["vmid"])


def vmroot(host: SimHost, vmid: int) -> Path:
    return host.state / "vmroot" / str(vmid)


def mappings(host: SimHost) -> dict[str, list[str]]:
    rows = json.loads(host.tool("pvesh", "get", "/cluster/mapping/dir", "--output-format",
                                "json").stdout)
    return {r["id"]: r["map"] for r in rows}


def gateways(host: SimHost, template: int) -> list[int]:
    return [v for v in vm_ids(host) if v != template]


def test_first_vm_share_clones_and_configures_a_gateway(sim_host: SimHost,
                                                        tmp_path: Path) -> None:
    host = sim_host
    template = with_template(host, tmp_path)
    user, _ = host.add_user()
    path = host.pool_root / "films"
    out = host.json("create", "films", "--mode", "vm", "--path", str(path), "--quota", "16M",
                    "--valid-users", user, "--vm-memory", "768", "--vm-cores", "2")
    [vmid] = gateways(host, template)
    assert out["share"]["gateway_id"] == f"vm-{vmid}"
    assert mappings(host) == {"smbgw-films": [f"node=pve,path={path}"]}

    config = host.tool("qm", "config", str(vmid)).stdout
    assert "virtiofs0: smbgw-films,expose-acl=1,expose-xattr=1\n" in config
    assert "memory: 768\n" in config and "cores: 2\n" in config
    assert "tags: pvesmbgw\n" in config and "name: smbgw-pve\n" in config
    assert "ipconfig0: ip=dhcp\n" in config and "bridge=vmbr0" in config
    # A linked clone of a qcow2 template on dir storage: its disk is based on the template's.
    assert f"base-{template}-disk-0" in config
    assert host.tool("qm", "status", str(vmid)).stdout == "status: running\n"

    root = vmroot(host, vmid)
    fstab = (root / "etc/fstab").read_text()
    assert ("smbgw-films /srv/shares/virtiofs0-films virtiofs defaults,nofail 0 0 # pvesmbgw\n"
            in fstab)
    conf = (root / "etc/samba/smb.conf").read_text()
    assert "[films]\n" in conf and "path = /srv/shares/virtiofs0-films\n" in conf
    # virtiofsd cannot write security.* xattrs on the host: NT ACLs go to user.NTACL.
    assert "\tacl_xattr:security_acl_name = user.NTACL\n" in conf
    passwd = (root / "etc/passwd").read_text()
    assert any(l.startswith(f"{user}:x:") for l in passwd.splitlines())
    assert not (root / "run/pvesmbgw-passdb").exists()

    # The guest sees the host volume through virtiofs: a file written on the host.
    (path / "hello.txt").write_text("from the host\n")
    cat = host.tool("qm", "guest", "exec", str(vmid), "--", "cat",
                    "/srv/shares/virtiofs0-films/hello.txt").stdout
    assert json.loads(cat) == {"exitcode": 0, "exited": 1, "out-data": "from the host\n"}

    status = host.json("status", "films", check=None)
    gw = status["gateway"]
    assert gw["kind"] == "vm" and gw["transport"] == "virtiofs" and gw["state"] == "running"
    assert gw["address"] == f"198.51.100.{10 + vmid % 240}"

    # The gateway is a linked clone: a rebuilt template must not take the old one away.
    image = tmp_path / "debian-12-genericcloud-amd64.qcow2"
    rebuilt = host.json("vm-template", "build", "--image", str(image), "--rebuild")
    assert template in vm_ids(host) and rebuilt["template"]["vmid"] in vm_ids(host)
    assert any(f"old template {template} is kept" in n for n in rebuilt["notes"])


def test_second_share_reboots_the_shared_vm_and_delete_removes_it(sim_host: SimHost,
                                                                  tmp_path: Path) -> None:
    host = sim_host
    template = with_template(host, tmp_path)
    a, b = host.pool_root / "a", host.pool_root / "b"
    host.json("create", "a", "--mode", "vm", "--path", str(a))
    [vmid] = gateways(host, template)
    out = host.json("create", "b", "--mode", "vm", "--path", str(b))
    assert gateways(host, template) == [vmid]
    assert any("rebooted" in n for n in out["notes"])
    config = host.tool("qm", "config", str(vmid)).stdout
    assert "virtiofs1: smbgw-b,expose-acl=1,expose-xattr=1\n" in config
    mounts = json.loads((vmroot(host, vmid) / "var/lib/pvesim/mounts.json").read_text())
    assert set(mounts) == {"/srv/shares/virtiofs0-a", "/srv/shares/virtiofs1-b"}
    conf = (vmroot(host, vmid) / "etc/samba/smb.conf").read_text()
    assert "[a]\n" in conf and "[b]\n" in conf

    out = host.json("delete", "a")
    assert any("detaches at the gateway's next restart" in n for n in out["notes"])
    assert set(mappings(host)) == {"smbgw-b"}
    pending = host.tool("qm", "pending", str(vmid)).stdout
    assert "virtiofs0" in pending
    conf = (vmroot(host, vmid) / "etc/samba/smb.conf").read_text()
    assert "[a]\n" not in conf and "[b]\n" in conf
    assert "virtiofs0-a" not in (vmroot(host, vmid) / "etc/fstab").read_text()

    host.json("delete", "b")
    assert gateways(host, template) == [] and mappings(host) == {}
    assert json.loads(host.registry_file.read_text())["gateways"] == {}


def test_bad_vm_input_changes_nothing(sim_host: SimHost, tmp_path: Path) -> None:
    host = sim_host
    path = host.pool_root / "x"
    no_template = host.cli("create", "x", "--mode", "vm", "--path", str(path), check=2)
    assert "vm-template build" in no_template.stderr
    with_template(host, tmp_path)
    small = host.cli("create", "x", "--mode", "vm", "--path", str(path), "--vm-memory", "64",
                     check=2)
    assert small.stderr.startswith("pve-smbgateway: error: vm-memory: must be 256")
    wrong_mode = host.cli("create", "x", "--path", str(path), "--vm-cores", "2", check=2)
    assert "need --mode vm" in wrong_mode.stderr
    assert not path.exists() and mappings(host) == {}


def test_before_pve_8_4_vm_mode_falls_back_to_a_disk(sim_host: SimHost,
                                                     tmp_path: Path) -> None:
    """No virtiofs before 8.4: the share becomes a disk of the VM (tests/simhost/test_vm_disk.py);
    a host path cannot be served that way."""
    host = sim_host
    template = with_template(host, tmp_path)
    host.sim_env.update(PVESIM_PVE_VERSION="8", PVESIM_PVE_MINOR="3")
    old = host.cli("create", "x", "--mode", "vm", "--path", str(host.pool_root / "x"), check=2)
    assert "give --storage (a storage for VM images) instead of --path" in old.stderr
    host.json("create", "x", "--mode", "vm", "--storage", "local-lvm", "--quota", "1G")
    [vmid] = gateways(host, template)
    assert host.json("status", "x")["gateway"]["transport"] == "disk"
    assert "scsi1: local-lvm:" in host.tool("qm", "config", str(vmid)).stdout


@pytest.mark.long  # minutes
def test_fault_at_every_step_of_create_and_delete(sim_host: SimHost, tmp_path: Path) -> None:
    host = sim_host
    template = with_template(host, tmp_path)
    host.add_user()
    first = host.pool_root / "first"
    host.json("create", "first", "--mode", "vm", "--path", str(first))
    [vmid] = gateways(host, template)

    def snapshot() -> str:
        reg = host.registry_file
        root = vmroot(host, vmid)
        return json.dumps([gateways(host, template), mappings(host), reg.read_text(),
                           # A removed virtiofs device stays until the next restart:
                           # compare the config as it will be (pending changes applied).
                           host.tool("qm", "config", str(vmid)).stdout,
                           (root / "etc/fstab").read_text(),
                           (root / "etc/samba/smb.conf").read_text()])
    before = snapshot()

    def unchanged(step: int) -> None:
        now = json.loads(snapshot())
        changed = [(was, got) for was, got in zip(json.loads(before), now) if was != got]
        assert not changed, f"fault at step {step} left changes: {changed}"
    second = host.pool_root / "second"
    n = each_step(host, ["create", "second", "--mode", "vm", "--path", str(second)], unchanged)
    assert n >= 8
    before = snapshot()  # now with the second share

    def finished(step: int) -> None:
        host.cli("reconcile")
        assert [s["name"] for s in host.json("list")] == ["first"]
        assert set(mappings(host)) == {"smbgw-first"}
        host.json("create", "second", "--mode", "vm", "--path", str(second))
        nonlocal before
        before = snapshot()
    each_step(host, ["delete", "second"], unchanged, finished)

    # A new gateway: a fault anywhere leaves no clone, no mapping, no registry entry.
    before_new = json.dumps([gateways(host, template), mappings(host)])

    def no_new_vm(step: int) -> None:
        assert json.dumps([gateways(host, template), mappings(host)]) == before_new, step
    each_step(host, ["create", "own", "--mode", "vm", "--dedicated", "--path",
                     str(host.pool_root / "own")], no_new_vm)


def test_users_and_reconcile_reach_the_vm(sim_host: SimHost, tmp_path: Path) -> None:
    host = sim_host
    template = with_template(host, tmp_path)
    host.json("create", "docs", "--mode", "vm", "--path", str(host.pool_root / "docs"))
    [vmid] = gateways(host, template)
    root = vmroot(host, vmid)
    user, _ = host.add_user()  # added after the gateway exists: it must reach the VM too
    line = next(l for l in (root / "etc/passwd").read_text().splitlines()
                if l.startswith(f"{user}:"))
    assert line.split(":")[2] == str(pwd.getpwnam(user).pw_uid)

    # A setting changed on the host reaches the guest's smb.conf.
    host.json("set", "docs", "--comment", "Team documents", "--read-only", "yes")
    conf_text = (root / "etc/samba/smb.conf").read_text()
    assert "comment = Team documents\n" in conf_text and "read only = yes\n" in conf_text

    # Drift: the VM stopped and its smb.conf edited by hand; reconcile repairs both.
    host.tool("qm", "stop", str(vmid))
    assert host.cli("reconcile", "--check", check=1)
    host.cli("reconcile")
    assert host.tool("qm", "status", str(vmid)).stdout == "status: running\n"
    conf = root / "etc/samba/smb.conf"
    good = conf.read_text()
    conf.write_text(good.replace("[docs]", "[renamed]"))
    host.cli("reconcile")
    assert conf.read_text() == good
    host.cli("reconcile", "--check")
