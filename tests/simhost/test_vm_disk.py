"""VM mode on PVE older than 8.4 (no virtiofs), against the PVE simulator: each share
is a virtual disk of the gateway VM whose size is the quota, hot-plugged, formatted
and mounted in the guest through the guest agent."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.lib.simhost import SimHost, each_step
from .test_vm_gateway import gateways, vmroot, with_template

GIB = 1 << 30


def old_pve(host: SimHost, tmp_path: Path) -> int:
    template = with_template(host, tmp_path)
    host.sim_env.update(PVESIM_PVE_VERSION="8", PVESIM_PVE_MINOR="3")
    return template


def guest_exec(host: SimHost, vmid: int, *argv: str, stdin: str = "") -> dict:
    extra = ["--pass-stdin", "1"] if stdin else []
    proc = host.tool("qm", "guest", "exec", str(vmid), *extra, "--", *argv, check=False)
    if stdin:
        proc = __import__("subprocess").run(
            ["qm", "guest", "exec", str(vmid), *extra, "--", *argv], input=stdin,
            capture_output=True, text=True, env=host.env, timeout=60)
    return json.loads(proc.stdout)


def volumes(host: SimHost) -> list[str]:
    """The simulated storage's volume records (what `pvesm list local-lvm` lists)."""
    base = host.state / "volumes" / "local-lvm"
    return sorted(p.name[:-5] for p in base.glob("*.json")) if base.is_dir() else []


def calls(host: SimHost, tool: str = "qm") -> list[list[str]]:
    log = host.state / "logs" / "calls.log"
    if not log.exists():
        log = next(host.state.rglob("calls.log"))
    return [r["argv"] for r in map(json.loads, log.read_text().splitlines())
            if r["tool"] == tool]


def test_old_pve_puts_the_share_on_a_disk_of_the_gateway_vm(sim_host: SimHost,
                                                            tmp_path: Path) -> None:
    host = sim_host
    template = old_pve(host, tmp_path)
    user, _ = host.add_user()
    out = host.json("create", "films", "--mode", "vm", "--storage", "local-lvm",
                    "--quota", "1.5G", "--valid-users", user)
    [vmid] = gateways(host, template)
    assert out["share"]["backend"] == "vmdisk"
    assert out["share"]["path"] == f"vm-{vmid}:/srv/shares/scsi1-films"
    assert out["share"]["quota"] == 2 * GIB
    assert any("rounded up to 2 GiB" in n for n in out["notes"])

    # The disk is allocated with the clone's configuration: STORAGE:GIB with a serial.
    sets = [a for a in calls(host) if a[:1] == ["set"] and "--scsi1" in a]
    assert sets and sets[0][sets[0].index("--scsi1") + 1] == "local-lvm:2,serial=smbgw-films"
    config = host.tool("qm", "config", str(vmid)).stdout
    assert re.search(rf"^scsi1: local-lvm:vm-{vmid}-disk-\d+,serial=smbgw-films,size=2G$",
                     config, re.M), config
    assert "virtiofs" not in config

    root = vmroot(host, vmid)
    fstab = (root / "etc/fstab").read_text()
    line = next(l for l in fstab.splitlines() if "/srv/shares/scsi1-films" in l)
    assert re.fullmatch(r"UUID=[0-9a-f-]{36} /srv/shares/scsi1-films ext4 defaults,nofail 0 2 "
                        r"# pvesmbgw", line), line
    conf = (root / "etc/samba/smb.conf").read_text()
    assert "[films]\n" in conf and "path = /srv/shares/scsi1-films\n" in conf
    assert "\tacl_xattr:security_acl_name = security.NTACL\n" in conf  # the guest's own ext4
    blkid = guest_exec(host, vmid, "blkid", "/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_smbgw-films")
    assert blkid["exitcode"] == 0 and 'LABEL="smbgw-films"' in blkid["out-data"]
    assert line.split()[0] == "UUID=" + re.search(r'UUID="([^"]+)"', blkid["out-data"])[1]

    # A file written in the share is read back through the guest, from the disk.
    wrote = guest_exec(host, vmid, "tee", "/srv/shares/scsi1-films/hello.txt",
                       stdin="on the disk\n")
    assert wrote["exitcode"] == 0
    cat = guest_exec(host, vmid, "cat", "/srv/shares/scsi1-films/hello.txt")
    assert cat["out-data"] == "on the disk\n"
    assert not list(host.pool_root.iterdir())  # nothing on the host's share pool

    status = host.json("status", "films", check=None)
    assert status["gateway"]["transport"] == "disk" and status["gateway"]["state"] == "running"
    assert status["volume_exists"] is True and status["served"] is True
    usage = status["usage"]
    assert usage["quota"] == 2 * GIB and 0 < usage["used"] < usage["total"] <= 2 * GIB
    text = host.cli("status", "films").stdout
    assert f"gateway:             VM {vmid} (running)\n" in text
    assert "transport:           disk\n" in text and "volume:              present\n" in text
    # Metrics ask the VM (not pct) and the guest agent for the disk's numbers.
    metrics = host.cli("metrics").stdout
    assert f'pvesmbgw_gateway_up{{gateway="vm-{vmid}",vmid="{vmid}"}} 1.0\n' in metrics
    assert 'pvesmbgw_share_up{backend="vmdisk",mode="vm",share="films"} 1.0\n' in metrics
    size = re.search(r'^pvesmbgw_share_size_bytes\{share="films"\} (\S+)$', metrics, re.M)
    assert size and float(size[1]) == usage["total"]

    # After a restart the disk is mounted again from fstab.
    host.tool("qm", "stop", str(vmid))
    host.tool("qm", "start", str(vmid))
    cat = guest_exec(host, vmid, "cat", "/srv/shares/scsi1-films/hello.txt")
    assert cat["out-data"] == "on the disk\n"


def test_second_share_gets_its_own_disk_without_reboot_and_grows(sim_host: SimHost,
                                                                 tmp_path: Path) -> None:
    host = sim_host
    template = old_pve(host, tmp_path)
    host.json("create", "a", "--mode", "vm", "--storage", "local-lvm", "--quota", "1G")
    [vmid] = gateways(host, template)
    booted = (vmroot(host, vmid) / "var/lib/pvesim/booted").read_text()
    before = len(calls(host))
    out = host.json("create", "b", "--mode", "vm", "--storage", "local-lvm", "--quota", "2G")
    assert gateways(host, template) == [vmid]
    assert any("hot-plugged, no reboot" in n for n in out["notes"])
    new_calls = calls(host)[before:]
    assert ["set", str(vmid), "--scsi2", "local-lvm:2,serial=smbgw-b"] in new_calls
    assert not any(a[:1] in (["reboot"], ["stop"], ["start"]) for a in new_calls)
    assert (vmroot(host, vmid) / "var/lib/pvesim/booted").read_text() == booted
    root = vmroot(host, vmid)
    mounts = json.loads((root / "var/lib/pvesim/mounts.json").read_text())
    assert {t: m["fstype"] for t, m in mounts.items()} == {
        "/srv/shares/scsi1-a": "ext4", "/srv/shares/scsi2-b": "ext4"}
    conf = (root / "etc/samba/smb.conf").read_text()
    assert "[a]\n" in conf and "[b]\n" in conf
    assert host.json("status", "b")["gateway"]["transport"] == "disk"

    # Quota: grows online (qm disk resize + resize2fs in the guest), never shrinks.
    host.json("set", "b", "--quota", "3G")
    assert ["disk", "resize", str(vmid), "scsi2", "3G"] in calls(host)
    assert re.search(r"^scsi2: .*,serial=smbgw-b,size=3G$",
                     host.tool("qm", "config", str(vmid)).stdout, re.M)
    usage = host.json("status", "b")["usage"]
    assert usage["quota"] == 3 * GIB and 2 * GIB < usage["total"] <= 3 * GIB
    shrink = host.cli("set", "b", "--quota", "1G", check=2)
    assert "can grow but not shrink" in shrink.stderr
    odd = host.cli("set", "b", "--quota", "3500M", check=2)
    assert "whole GiB: give 4G" in odd.stderr
    snap = host.cli("snapshot", "create", "b", check=2)
    assert "no snapshots" in snap.stderr
    assert host.json("status", "b")["quota"] == 3 * GIB
    # A stopped gateway VM could not grow the file system: refused, nothing changed.
    host.tool("qm", "stop", str(vmid))
    stopped = host.cli("set", "b", "--quota", "4G", check=2)
    assert f"VM {vmid} is not running; start it first" in stopped.stderr
    assert re.search(r"^scsi2: .*,serial=smbgw-b,size=3G$",
                     host.tool("qm", "config", str(vmid)).stdout, re.M)


def test_delete_keeps_or_destroys_the_disk(sim_host: SimHost, tmp_path: Path) -> None:
    host = sim_host
    template = old_pve(host, tmp_path)
    for name in ("keep", "gone", "last"):
        host.json("create", name, "--mode", "vm", "--storage", "local-lvm", "--quota", "1G")
    [vmid] = gateways(host, template)
    root = vmroot(host, vmid)

    # Without --purge the disk is detached, its data kept as an unused disk of the VM.
    out = host.json("delete", "keep")
    assert out["purged"] is False and any("data kept" in n for n in out["notes"])
    config = host.tool("qm", "config", str(vmid)).stdout
    assert "scsi1:" not in config and re.search(rf"^unused0: local-lvm:vm-{vmid}-disk-\d+$",
                                                config, re.M)
    assert "scsi1-keep" not in (root / "etc/fstab").read_text()
    assert "[keep]" not in (root / "etc/samba/smb.conf").read_text()

    # With --purge it is destroyed: qm disk unlink --force.
    volid = re.search(r"^scsi2: ([^,]+),", config, re.M)[1]
    out = host.json("delete", "gone", "--purge")
    assert out["purged"] is True
    assert ["disk", "unlink", str(vmid), "--idlist", "scsi2", "--force", "1"] in calls(host)
    config = host.tool("qm", "config", str(vmid)).stdout
    assert "scsi2:" not in config and volid not in config
    assert volid.split(":")[1] not in volumes(host)

    # The last share without --purge: the VM holds kept data, so it stays.
    out = host.json("delete", "last")
    assert gateways(host, template) == [vmid]
    assert any("is kept because it holds that disk" in n for n in out["notes"])
    # A new share reuses that gateway; deleting it with --purge, the VM goes with it.
    host.json("create", "again", "--mode", "vm", "--storage", "local-lvm", "--quota", "1G")
    assert gateways(host, template) == [vmid]
    out = host.json("delete", "again", "--purge")
    assert gateways(host, template) == [vmid]  # it still holds the kept disks
    assert any("unused0, unused1" in n for n in out["notes"])
    config = host.tool("qm", "config", str(vmid)).stdout
    assert "scsi1:" not in config and len(re.findall(r"^unused\d+: ", config, re.M)) == 2
    reg = json.loads(host.registry_file.read_text())
    assert reg["shares"] == {} and list(reg["gateways"]) == [f"vm-{vmid}"]


def test_dedicated_last_share_purge_destroys_the_vm(sim_host: SimHost, tmp_path: Path) -> None:
    host = sim_host
    template = old_pve(host, tmp_path)
    host.json("create", "own", "--mode", "vm", "--dedicated", "--storage", "local-lvm",
              "--quota", "1G")
    [vmid] = gateways(host, template)
    out = host.json("delete", "own", "--purge")
    assert gateways(host, template) == [] and out["purged"] is True
    assert json.loads(host.registry_file.read_text())["gateways"] == {}
    assert not [v for v in volumes(host) if v.startswith(f"vm-{vmid}-")]


def test_bad_disk_share_input_changes_nothing(sim_host: SimHost, tmp_path: Path) -> None:
    host = sim_host
    template = old_pve(host, tmp_path)
    no_quota = host.cli("create", "x", "--mode", "vm", "--storage", "local-lvm", check=2)
    assert no_quota.stderr.startswith("pve-smbgateway: error: quota: ")
    assert "give --quota" in no_quota.stderr
    path = host.cli("create", "x", "--mode", "vm", "--path", str(host.pool_root / "x"),
                    "--quota", "1G", check=2)
    assert "instead of --path" in path.stderr
    wrong = host.cli("create", "x", "--mode", "vm", "--storage", "local", "--quota", "1G",
                     check=2)
    assert "does not allow content 'images'" in wrong.stderr
    snaps = host.cli("create", "x", "--mode", "vm", "--storage", "local-lvm", "--quota", "1G",
                     "--snapshots", "daily=7", check=2)
    assert "no snapshots" in snaps.stderr
    assert gateways(host, template) == [] and not host.registry_file.exists() \
        or json.loads(host.registry_file.read_text())["shares"] == {}
    assert [a for a in calls(host) if a[:1] in (["set"], ["clone"])] == []


def test_reconcile_mounts_a_disk_and_reports_a_missing_one(sim_host: SimHost,
                                                          tmp_path: Path) -> None:
    host = sim_host
    template = old_pve(host, tmp_path)
    host.json("create", "docs", "--mode", "vm", "--storage", "local-lvm", "--quota", "1G")
    [vmid] = gateways(host, template)
    guest_exec(host, vmid, "umount", "/srv/shares/scsi1-docs")
    check = host.json("reconcile", "--check", check=1)
    assert [d["what"] for d in check["drift"]] == ["volume_unmounted"]
    host.cli("reconcile")
    assert guest_exec(host, vmid, "mountpoint", "-q", "/srv/shares/scsi1-docs")["exitcode"] == 0
    host.cli("reconcile", "--check")

    # The disk taken away behind the tool's back: reported, never recreated.
    host.tool("qm", "set", str(vmid), "--delete", "scsi1")
    check = host.json("reconcile", "--check", check=1)
    assert "volume_missing" in [d["what"] for d in check["drift"]]
    assert host.json("status", "docs", check=None)["volume_exists"] is False


@pytest.mark.long  # minutes
def test_fault_at_every_step_of_disk_create_and_delete(sim_host: SimHost,
                                                       tmp_path: Path) -> None:
    host = sim_host
    template = old_pve(host, tmp_path)
    host.add_user()
    host.json("create", "first", "--mode", "vm", "--storage", "local-lvm", "--quota", "1G")
    [vmid] = gateways(host, template)

    def snapshot() -> str:
        root = vmroot(host, vmid)
        return json.dumps([gateways(host, template), volumes(host),
                           host.registry_file.read_text(),
                           host.tool("qm", "config", str(vmid)).stdout,
                           (root / "etc/fstab").read_text(),
                           (root / "etc/samba/smb.conf").read_text(),
                           (root / "var/lib/pvesim/mounts.json").read_text()])
    before = snapshot()

    def unchanged(step: int) -> None:
        now = json.loads(snapshot())
        changed = [(was, got) for was, got in zip(json.loads(before), now) if was != got]
        assert not changed, f"fault at step {step} left changes: {changed}"
    n = each_step(host, ["create", "second", "--mode", "vm", "--storage", "local-lvm",
                         "--quota", "1G"], unchanged)
    assert n >= 10
    before = snapshot()

    def finished(step: int) -> None:
        host.cli("reconcile")
        assert [s["name"] for s in host.json("list")] == ["first"]
        host.json("create", "second", "--mode", "vm", "--storage", "local-lvm",
                  "--quota", "1G")
        nonlocal before
        before = snapshot()
    each_step(host, ["delete", "second", "--purge"], unchanged, finished)

    # A new gateway: a fault anywhere leaves no clone and no disk.
    before_new = json.dumps([gateways(host, template), volumes(host)])

    def no_new_vm(step: int) -> None:
        assert json.dumps([gateways(host, template), volumes(host)]) == before_new, step
    each_step(host, ["create", "own", "--mode", "vm", "--dedicated", "--storage",
                     "local-lvm", "--quota", "1G"], no_new_vm)
