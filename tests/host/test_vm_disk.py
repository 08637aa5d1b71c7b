"""VM mode on PVE older than 8.4 (no virtiofs), against the PVE simulator: each share
is a virtual disk of the gateway VM whose size is the quota, hot-plugged, formatted
and mounted in the guest through the guest agent."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .conftest import SimHost, each_step
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

    # After a restart the disk is mounted again from fstab.
    host.tool("qm", "stop", str(vmid))
    host.tool("qm", "start", str(vmid))
    cat = guest_exec(host, vmid, "cat", "/srv/shares/scsi1-films/hello.txt")
    assert cat["out-data"] == "on the disk\n"
