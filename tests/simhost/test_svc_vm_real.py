"""pve-svc installs a VM service on a real QEMU guest: the simulator's `qm` boots the test
tier's cached Debian 12 image under QEMU (PVESIM_VM_BACKEND=qemu, tests/sim/README.md) on
the test bridge, the guest's real cloud-init installs the template's packages through an
apt-cacher-ng on the bridge, the post-install steps run through the real guest agent, the
data volume reaches the guest over a real virtiofsd, and the service answers the host.
Marked ``long``: the VM boots under TCG and cloud-init installs nginx (minutes)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
from pathlib import Path
from typing import Iterator

import pytest

from tests.lib import qemu_vm, vm_env
from tests.lib.apt_cache import apt_cache
from tests.lib.btrfs import BtrfsPool, loop_device
from tests.lib.paths import REPO, use_simulator
from tests.lib.svchost import SvcHost, make_svc_host

from .test_svc_real import dav

use_simulator()

from pvesim.backends import qemu as qemu_backend  # noqa: E402

# On the test network (its bridge and the range), like the LXC, AD and CTDB labs.
pytestmark = [pytest.mark.long, pytest.mark.testnet]

# A free address on the test bridge (.10 the DC, .20 the gateway VM, .71, .110+ taken).
SVC_IP = "198.51.100.61"
# Boot under TCG, cloud-init's apt (nginx & co.) and the post-install steps.
LONG = 2400
SNIPPET = "var/lib/vz/snippets/pvesvc-webdav-vm-user-data.yaml"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return "sha256:" + digest.hexdigest()


@contextlib.contextmanager
def real_svc_host(pool: BtrfsPool) -> Iterator[SvcHost]:
    """A simulated node with the shipped templates whose `qm` boots real QEMU guests on
    the test bridge (the service at SVC_IP, its apt through an apt-cacher-ng on the
    bridge's host address). Every QEMU, virtiofsd and tap of the node is stopped by PID
    and name afterwards, and checked gone."""
    qemu_vm.skip_unless_bootable()
    pool.enable_quota()
    with vm_env.bridge() as bridge, apt_cache(bridge.host_ip) as proxy:
        host = make_svc_host(pool, templates=REPO / "templates", svc_apt_proxy=proxy,
                             svc_bridge=bridge.name, svc_ip=f"{SVC_IP}/24",
                             svc_gateway=bridge.host_ip, svc_vm_storage="local-lvm",
                             svc_snippet_storage="local", vm_agent_timeout=900)
        try:
            vm_env.add_bridge(host.state, bridge.name)
            host.extra_env.update(vm_env.QEMU_ENV)
            yield host
        finally:
            try:
                qemu_backend.stop_all(str(host.state))
                left = qemu_backend.leftovers(str(host.state), disks=False)
            finally:
                host.teardown()
            assert not left, left


def guest_cat(host: SvcHost, vmid: int, path: str) -> str:
    out = host.tool("qm", "guest", "exec", str(vmid), "--", "cat", path).stdout
    result = json.loads(out)
    assert result["exitcode"] == 0, result
    return str(result["out-data"])


def test_webdav_vm_installed_on_a_real_qemu_guest(btrfs_pool: BtrfsPool,
                                                  tmp_path: Path) -> None:
    image = qemu_vm.skip_unless_bootable()
    with real_svc_host(btrfs_pool) as host:
        out = host.json("install", "webdav-vm", "--image", str(image), "--checksum",
                        sha256(image), "--param", "quota=256M", timeout=LONG)
        inst = out["instance"]
        vmid = inst["vmid"]
        assert (inst["kind"], inst["install_state"]) == ("vm", "installed"), inst
        volume = Path(inst["volumes"][0]["path"])
        assert host.vm_ids() == [vmid]
        # A real QEMU, a real virtiofsd for the data volume.
        run = host.state / "qemu-run" / str(vmid)
        assert (run / "qmp.sock").exists() and (run / "virtiofsd-0.pid").exists()

        status = host.json("status", "webdav-vm")
        assert (status["state"], status["address"], status["healthy"]) == \
            ("running", SVC_IP, True), status
        base = f"http://{SVC_IP}"
        assert dav("GET", f"{base}/healthz", None) == (200, b"ok\n")

        password = guest_cat(host, vmid, "/etc/pvesvc/secrets/password")
        assert len(password) == 32
        assert dav("PUT", f"{base}/nope.txt", None, b"x")[0] == 401
        assert dav("PUT", f"{base}/docs/hello.txt", password, b"hello\n")[0] == 201
        assert dav("GET", f"{base}/docs/hello.txt", password) == (200, b"hello\n")
        # Written by nginx (www-data, 33) in the guest, through virtiofs: uid 33 on the
        # host (virtiofs keeps ids), in the data volume.
        st = (volume / "docs/hello.txt").stat()
        assert (st.st_uid, st.st_gid) == (33, 33)
        assert (volume / "docs/hello.txt").read_bytes() == b"hello\n"
        for text in ((host.state / "svc-logs/webdav-vm.log").read_text(),
                     host.registry_file.read_text(), (host.state / SNIPPET).read_text(),
                     (host.state / "calls.log").read_text()):
            assert password not in text

        out = host.json("uninstall", "webdav-vm", timeout=600)
        assert host.vm_ids() == []
        assert qemu_backend.leftovers(str(host.state), disks=False) == []
        assert not (host.state / SNIPPET).exists()
        assert json.loads(host.tool("pvesh", "get", "/cluster/mapping/dir",
                                    "--output-format", "json").stdout) == []
        assert (volume / "docs/hello.txt").read_bytes() == b"hello\n"
        assert list(host.registry()["kept"]) == ["webdav-vm"]
        host.svc("uninstall", "webdav-vm", "--purge", timeout=300)
        assert not volume.exists() and host.registry()["kept"] == {}
        assert os.listdir(host.state / "var/lib/vz/snippets") == []



def test_an_installer_iso_vm_is_created_started_and_left_to_the_administrator(
        btrfs_pool: BtrfsPool, tmp_path: Path) -> None:
    """truenas-scale from a tiny stand-in ISO (a real ISO 9660 image that boots nothing):
    the real QEMU runs with the blank disks and the ISO as its CD-ROM, and pve-svc says
    the install is the administrator's; uninstall --purge leaves no process or tap."""
    files = tmp_path / "iso"
    files.mkdir()
    (files / "README.txt").write_text("not an installer\n")
    iso = tmp_path / "TrueNAS-SCALE-stand-in.iso"
    subprocess.run(["genisoimage", "-quiet", "-V", "STANDIN", "-o", str(iso), str(files)],
                   check=True)
    head = b"a disk lent to the VM\n"
    with real_svc_host(btrfs_pool) as host, \
            loop_device(tmp_path / "lent.img", "64G", head) as lent:
        # pool1 is an existing disk (a loop device standing in for a zvol) passed through
        out = host.json("install", "truenas-scale", "--iso", str(iso), "--checksum",
                        sha256(iso), "--name", "nas", "--disk", f"pool1={lent}",
                        timeout=600)
        inst = out["instance"]
        vmid = inst["vmid"]
        assert inst["install_state"] == "awaiting manual install", inst
        assert host.tool("qm", "status", str(vmid)).stdout.strip() == "status: running"
        # The real QEMU has the ISO (copied into the iso storage) as its CD-ROM and the
        # template's two blank disks with their serials.
        argv = " ".join(json.loads((host.state / "qemu-run" / str(vmid) / "argv.json")
                                   .read_text()))
        assert "template/iso/TrueNAS-SCALE-stand-in.iso" in argv and "media=cdrom" in argv
        assert "serial=pvesvc-pool1" in argv and "serial=pvesvc-pool2" in argv
        assert f"file={lent},if=none,id=drive-scsi1,format=raw" in argv, argv
        assert any(f"qm set {vmid} --ide2 none,media=cdrom" in n for n in out["notes"])
        status = host.json("status", "nas", check=1, timeout=300)
        assert (status["state"], status["install_state"]) == \
            ("running", "awaiting manual install"), status
        proc = host.svc("uninstall", "nas", check=2)
        assert "--purge" in proc.stderr
        host.svc("uninstall", "nas", "--purge", timeout=300)
        assert host.vm_ids() == []
        assert qemu_backend.leftovers(str(host.state), disks=True) == []
        with (tmp_path / "lent.img").open("rb") as f:  # --purge never frees a lent disk
            assert f.read(len(head)) == head
