"""pve-svc VM services against the PVE simulator: a cloud image imported with
import-from, cloud-init user-data as a snippet, a data volume over virtiofs, the guest's
work through `qm guest exec`, the health check, uninstall (data kept or purged), an
installer-ISO service left to the administrator, dry-run, bad input, and a fault or a
SIGKILL at every step leaving the node as it was."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.lib.btrfs import BtrfsPool, loop_device
from tests.lib.svchost import (APT_PROXY as PROXY, REPO, SvcHost, failing_guest_exec_at_every_call,
                               fault_at_every_step, make_svc_host, plan_steps,
                               sigkill_at_every_step)

SNIPPETS = "var/lib/vz/snippets"


def install_args(host: SvcHost, *extra: str) -> list[str]:
    image, checksum = host.vm_image()
    return ["install", "vmdemo", "--image", str(image), "--checksum", checksum,
            "--param", f"http_port={host.health.port}", *extra]


def install(host: SvcHost, *extra: str) -> Any:
    return host.json(*install_args(host, *extra))


def test_install_imports_the_image_and_runs_the_steps_through_the_agent(
        svc_host: SvcHost) -> None:
    host = svc_host
    out = install(host)
    inst = out["instance"]
    vmid = inst["vmid"]
    assert host.vm_ids() == [vmid] and host.ct_ids() == []
    assert (inst["kind"], inst["install_state"]) == ("vm", "installed")
    volume = host.data_root / "pvesvc" / "vmdemo-data"
    assert inst["volumes"] == [{"name": "data", "path": str(volume), "mount": "/srv/vmdemo",
                                "backend": "btrfs", "created": True}]
    # virtiofs keeps the guest's ids: www-data is 33 on the host too
    st = volume.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (33, 33, 0o750)

    config = host.tool("qm", "config", str(vmid)).stdout
    for line in ("name: svc-vmdemo", "memory: 512", "cores: 1", "agent: enabled=1",
                 "cicustom: user=local:snippets/pvesvc-vmdemo-user-data.yaml",
                 "ipconfig0: ip=127.0.0.1/8", "serial0: socket", "tags: pvesvc;vmdemo",
                 "virtiofs0: pvesvc-vmdemo-data,expose-acl=1,expose-xattr=1",
                 "ide2: local-lvm:vm-%d-cloudinit,media=cdrom" % vmid, "onboot: 1"):
        assert line in config, (line, config)
    assert "scsi0: local-lvm:vm-%d-disk-0" % vmid in config and "size=4G" in config
    calls = (host.state / "calls.log").read_text()
    assert f'"--scsi0", "local-lvm:0,import-from={host.state}/images/' in calls

    # The user-data: YAML, built by the YAML library, without secrets.
    snippet = host.state / SNIPPETS / "pvesvc-vmdemo-user-data.yaml"
    text = snippet.read_text()
    assert text.startswith("#cloud-config\n")
    data = yaml.safe_load(text)
    assert data["hostname"] == "svc-vmdemo" and data["apt"] == {"proxy": PROXY}
    assert data["packages"] == ["qemu-guest-agent", "rsync"]

    mappings = json.loads(host.tool("pvesh", "get", "/cluster/mapping/dir",
                                    "--output-format", "json").stdout)
    assert [(m["id"], m["map"]) for m in mappings] == \
        [("pvesvc-vmdemo-data", [f"node=pve,path={volume}"])]

    root = host.state / "vmroot" / str(vmid)
    secret_file = root / "etc/pvesvc/secrets/admin_password"
    secret = secret_file.read_text()
    assert len(secret) == 20 and stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert "pvesvc-vmdemo-data /srv/vmdemo virtiofs defaults,nofail 0 0 # pvesvc" in \
        (root / "etc/fstab").read_text()
    assert "rsync" in (root / "var/lib/pvesim/packages").read_text()
    execs = [e["argv"] for e in map(json.loads, (host.state / "exec.log").read_text()
                                    .splitlines()) if e.get("vmid") == vmid]
    assert ["cloud-init", "status", "--wait", "--long"] in execs
    assert ["mkdir", "-p", "/srv/vmdemo/www"] in execs
    assert ["test", "-f", "/etc/pvesvc/secrets/admin_password"] in execs
    for text in ((host.state / "svc-logs/vmdemo.log").read_text(),
                 host.registry_file.read_text(), snippet.read_text(),
                 (host.state / "exec.log").read_text(), calls):
        assert secret not in text

    status = host.json("status", "vmdemo")
    assert (status["state"], status["address"], status["healthy"]) == \
        ("running", "127.0.0.1", True)


def test_uninstall_keeps_the_data_and_removes_the_vm_mapping_and_snippet(
        svc_host: SvcHost) -> None:
    host = svc_host
    install(host)
    volume = host.data_root / "pvesvc" / "vmdemo-data"
    (volume / "precious.txt").write_text("data\n")
    out = host.json("uninstall", "vmdemo")
    assert host.vm_ids() == []
    assert (volume / "precious.txt").read_text() == "data\n"
    assert not (host.state / SNIPPETS / "pvesvc-vmdemo-user-data.yaml").exists()
    assert json.loads(host.tool("pvesh", "get", "/cluster/mapping/dir",
                                "--output-format", "json").stdout) == []
    assert list(host.registry()["kept"]) == ["vmdemo"]
    assert any("--purge" in n for n in out["notes"])
    host.svc("uninstall", "vmdemo", "--purge")
    assert not volume.exists() and host.registry()["kept"] == {}


def test_dry_run_shows_the_plan_and_changes_nothing(svc_host: SvcHost) -> None:
    host = svc_host
    before = host.fingerprint()
    proc = host.svc("--dry-run", *install_args(host))
    assert "import-from=" in proc.stdout and "qm guest exec" in proc.stdout
    assert "cloud-init status --wait --long" in proc.stdout
    assert host.fingerprint() == before


@pytest.mark.parametrize("args, message", [
    (["--checksum", "sha256:" + "0" * 64], "does not match"),
    (["--checksum", "md5:abc"], "use sha256:HEX or sha512:HEX"),
    ([], "needs --checksum"),
])
def test_bad_image_input_exits_2_and_changes_nothing(svc_host: SvcHost, args: list[str],
                                                     message: str) -> None:
    host = svc_host
    image, _ = host.vm_image()
    before = host.fingerprint()
    proc = host.svc("install", "vmdemo", "--image", str(image), *args, check=2)
    assert message in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
    assert host.fingerprint() == before


def test_virtiofs_volumes_need_pve_8_4(btrfs_pool: BtrfsPool) -> None:
    host = make_svc_host(btrfs_pool, pve_version=8)
    try:
        before = host.fingerprint()
        proc = host.svc(*install_args(host), env={"PVESIM_PVE_MINOR": "3"}, check=2)
        assert "virtiofs, which needs PVE 8.4 or later (this is 8.3)" in proc.stderr
        assert host.fingerprint() == before
    finally:
        host.teardown()


# -- the installer ISO -----------------------------------------------------------------


def test_an_installer_iso_service_is_left_to_the_administrator(
        btrfs_pool: BtrfsPool, tmp_path: Path) -> None:
    shutil.copy(REPO / "templates/truenas-scale.yml", tmp_path)
    host = make_svc_host(btrfs_pool, templates=tmp_path)
    try:
        iso, checksum = host.vm_image("TrueNAS-SCALE-24.04.2.2.iso")
        before = host.fingerprint()
        out = host.json("install", "truenas-scale", "--iso", str(iso), "--checksum",
                        checksum, "--name", "nas")
        inst = out["instance"]
        vmid = inst["vmid"]
        assert inst["install_state"] == "awaiting manual install"
        assert host.registry()["instances"]["nas"]["state"] == "awaiting manual install"
        config = host.tool("qm", "config", str(vmid)).stdout
        assert "ide2: local:iso/TrueNAS-SCALE-24.04.2.2.iso,media=cdrom" in config
        assert "boot: order=scsi0;ide2" in config and "cicustom" not in config
        assert "serial=pvesvc-pool1" in config and "serial=pvesvc-pool2" in config
        assert host.tool("qm", "status", str(vmid)).stdout.strip() == "status: running"
        notes = "\n".join(out["notes"])
        assert f"qm set {vmid} --ide2 none,media=cdrom" in notes
        assert "pve-svc status nas" in notes and "1. Open the VM's console" in notes
        status = host.json("status", "nas", check=1)
        assert status["install_state"] == "awaiting manual install"
        # its data is on the VM's own disks: a plain uninstall would lose it
        proc = host.svc("uninstall", "nas", check=2)
        assert "--purge" in proc.stderr
        host.svc("uninstall", "nas", "--purge")
        assert host.vm_ids() == []
        after = host.fingerprint()
        assert {k: v for k, v in after.items() if k != "registry"} == \
            {k: v for k, v in before.items() if k != "registry"}
    finally:
        host.teardown()


def test_existing_disks_are_passed_through_detached_on_uninstall_and_never_freed(
        btrfs_pool: BtrfsPool, tmp_path: Path) -> None:
    """--disk NAME=DEVICE|VOLUME: a real loop device and a PVE volume in the place of
    truenas-scale's blank pool disks; refused when missing, too small, mounted or another
    guest's; uninstall (no --purge: nothing of the data goes) detaches them first, and
    a rolled-back install does too."""
    shutil.copy(REPO / "templates/truenas-scale.yml", tmp_path)
    host = make_svc_host(btrfs_pool, templates=tmp_path)
    head = b"pvesvc passthrough test: data that must survive\n"
    try:
        iso, checksum = host.vm_image("TrueNAS-SCALE-24.04.2.2.iso")
        base = ["install", "truenas-scale", "--iso", str(iso), "--checksum", checksum,
                "--name", "nas", "--vmid", "150"]
        host.tool("qm", "create", "900", "--scsi0", "local-lvm:1")
        with loop_device(tmp_path / "a.img", "64G", head) as a, \
                loop_device(tmp_path / "b.img", "64G", head) as b, \
                loop_device(tmp_path / "small.img", "1G") as small:
            before = host.fingerprint()
            for extra, wanted in [
                    (["--disk", f"pool3={a}"], "has no disk 'pool3' (its disks: pool1, pool2)"),
                    (["--disk", "pool1=/dev/null"], "/dev/null is not a block device"),
                    (["--disk", "pool1=/srv/disk.img"], "neither a block device under /dev"),
                    (["--disk", "pool1=/dev/nonexistent"], "/dev/nonexistent: No such file"),
                    (["--disk", f"pool1={small}"], f"{small} has 1G, the template asks "
                                                   "at least 64G"),
                    (["--disk", f"pool1={btrfs_pool.device}"],
                     f"{btrfs_pool.device} is in use on this host: {btrfs_pool.device} is "
                     f"mounted at {btrfs_pool.mountpoint}"),
                    (["--disk", "pool1=local-lvm:vm-900-disk-0"],
                     "local-lvm:vm-900-disk-0 is in use by VM 900"),
                    (["--disk", "pool1=local-lvm:vm-901-disk-0"],
                     "volume local-lvm:vm-901-disk-0 does not exist"),
                    (["--disk", "pool1=local-lvm:vm-150-disk-7"], "is named for VM 150"),
                    (["--disk", f"pool1={a}", "--disk", f"pool2={a}"],
                     "one source given for two disks"),
                    (["--disk", f"pool1={a},cache=none"], "no ',', '=' or spaces")]:
                proc = host.svc(*base, *extra, check=2)
                assert wanted in proc.stderr and proc.stderr.count("\n") == 1, \
                    (extra, proc.stderr)
                assert host.fingerprint() == before, extra
            args = base + ["--disk", f"pool1={a}", "--disk", f"pool2={b}"]
            # A fault at the step after `qm create`: the undo detaches, then destroys.
            steps = plan_steps(host, args)
            proc = host.svc(*args, env={"PVESMBGW_FAULT_AT": str(steps)}, check=1)
            assert "rolled back" in proc.stderr and host.fingerprint() == before
            calls = (host.state / "calls.log").read_text()
            assert calls.index('"set", "150", "--delete", "scsi1,scsi2"') < \
                calls.rindex('"destroy", "150", "--purge"')

            out = host.json(*args)
            assert out["instance"]["passed"] == [f"scsi1={a}", f"scsi2={b}"]
            assert out["instance"]["disks"] == []
            config = host.tool("qm", "config", "150").stdout
            assert f"scsi1: {a},serial=pvesvc-pool1" in config, config
            assert f"scsi2: {b},serial=pvesvc-pool2" in config, config
            text = host.svc("status", "nas", check=1).stdout
            assert f"disk:      scsi1 {a} (passed through)" in text, text
            # All the data is on lent disks: a plain uninstall loses nothing.
            out = host.json("uninstall", "nas")
            assert any(f"detached and left as they are: {a} (scsi1), {b} (scsi2)" in n
                       for n in out["notes"]), out
            assert host.vm_ids() == [900]
            for image in ("a.img", "b.img"):
                with (tmp_path / image).open("rb") as f:
                    assert f.read(len(head)) == head
            assert Path(a).is_block_device() and Path(b).is_block_device()
    finally:
        host.teardown()


# -- faults ------------------------------------------------------------------------


def test_a_fault_at_every_install_step_leaves_the_node_as_it_was(svc_host: SvcHost) -> None:
    assert fault_at_every_step(svc_host, install_args(svc_host)) >= 12


def test_sigkill_at_every_install_step_is_repaired_by_the_next_command(
        svc_host: SvcHost) -> None:
    sigkill_at_every_step(svc_host, install_args(svc_host), "vmdemo")


def test_faults_during_uninstall_roll_back_or_are_finished(svc_host: SvcHost) -> None:
    host = svc_host
    install(host)
    before = host.fingerprint()
    total = plan_steps(host, ["uninstall", "vmdemo"])
    for step in range(1, total):
        proc = host.svc("uninstall", "vmdemo", env={"PVESMBGW_FAULT_AT": str(step)},
                        check=None)
        if "point of no return" in proc.stderr:
            break  # the VM is destroyed: finished by the next command
        assert proc.returncode == 1 and "rolled back" in proc.stderr, (step, proc.stderr)
        assert host.fingerprint() == before, step
    host.svc("uninstall", "nothing", check=2)
    assert host.vm_ids() == [] and list(host.registry()["instances"]) == []
    assert not (host.state / SNIPPETS / "pvesvc-vmdemo-user-data.yaml").exists()


def test_a_failing_guest_command_at_every_exec_leaves_nothing(svc_host: SvcHost) -> None:
    # cloud-init, mkdir, fstab (cat, tee, chmod), mount, secrets, the two steps
    assert failing_guest_exec_at_every_call(svc_host, install_args(svc_host),
                                            "qm:guest-exec") > 5
