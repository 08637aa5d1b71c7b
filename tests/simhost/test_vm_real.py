"""VM mode on real QEMU guests: the simulator's `qm` boots the test tier's Debian 12 image
under QEMU (PVESIM_VM_BACKEND=qemu, tests/sim/README.md), the gateway VM's cloud-init runs
for real (its apt through an apt-cacher-ng on the test bridge), smbd in the guest serves
smbclient on the host over the bridge, and the shares' files land on the host's btrfs
with the SMB user's uid. Marked ``long``: each gateway VM boots under TCG (~30 s) and runs
cloud-init."""

from __future__ import annotations

import contextlib
import json
import pwd
import re
import secrets
from pathlib import Path
from typing import Iterator

import pytest

from tests.lib import qemu_vm, vm_env
from tests.lib.apt_cache import apt_cache
from tests.lib.simhost import SimHost
from tests.lib.torture import ACCESS_SUITES, SAMBA_FAILURES, run_suites
from tests.lib.paths import use_simulator

use_simulator()

from pvesim.backends import qemu as qemu_backend  # noqa: E402

from .test_lxc_real import smbclient
from .test_vm_template import prepare, vm_ids

# On the test network (its bridge and the range), like the LXC, AD and CTDB labs.
pytestmark = [pytest.mark.long, pytest.mark.testnet]

GUEST_IP = "198.51.100.20"
# A gateway VM boots under TCG and runs cloud-init: minutes on a loaded machine.
LONG = 1800


def boot_real_vms(host: SimHost, bridge: str, proxy: str, agent_timeout: int,
                  guest_ip: str = GUEST_IP) -> None:
    """HOST's `qm` runs its VMs under real QEMU on BRIDGE; gateway VMs get GUEST_IP and
    their apt goes through PROXY."""
    vm_env.add_bridge(host.state, bridge)
    settings = {"vm_bridge": bridge, "vm_ip": f"{guest_ip}/24", "vm_apt_proxy": proxy,
                "vm_agent_timeout": agent_timeout}
    with open(host.config, "a") as fh:
        fh.write("".join(f"{k} = {v}\n" for k, v in settings.items()))
    host.sim_env.update(vm_env.QEMU_ENV)


@contextlib.contextmanager
def real_vms(host: SimHost, tmp_path: Path) -> Iterator[int]:
    """HOST's `qm` boots real guests on the test bridge (the gateway VM at GUEST_IP, its
    apt through an apt cache on the bridge); yields the gateway template built from the
    cached image. Every QEMU, virtiofsd and tap of the node is stopped by PID and name
    afterwards, and checked gone."""
    image = qemu_vm.skip_unless_bootable()
    prepare(host, tmp_path)
    with vm_env.bridge() as bridge, apt_cache(bridge.host_ip) as proxy:
        boot_real_vms(host, bridge.name, proxy, agent_timeout=600)
        try:
            out = host.json("vm-template", "build", "--image", str(image), timeout=LONG)
            yield int(out["template"]["vmid"])
        finally:
            qemu_backend.stop_all(str(host.state))
            left = qemu_backend.leftovers(str(host.state), disks=False)
            assert not left, left


def served(host: SimHost, share: str, user: str, password: str, tmp_path: Path,
           payload: str) -> None:
    """SHARE takes a file from smbclient on the host and gives it back."""
    (tmp_path / "up.txt").write_text(payload)
    put = smbclient(GUEST_IP, share, user, password, "put up.txt", tmp_path)
    assert put.returncode == 0, put.stdout + put.stderr
    got = smbclient(GUEST_IP, share, user, password, "get up.txt down.txt", tmp_path)
    assert got.returncode == 0, got.stdout + got.stderr
    assert (tmp_path / "down.txt").read_text() == payload


def test_virtiofs_shares_served_from_a_real_gateway_vm(
        sim_host: SimHost, tmp_path: Path) -> None:
    host = sim_host
    with real_vms(host, tmp_path) as template:
        user, password = host.add_user()
        path = host.pool_root / "films"
        host.cli("create", "films", "--mode", "vm", "--path", str(path), "--quota", "64M",
                 "--valid-users", user, timeout=LONG)
        [vmid] = [v for v in vm_ids(host) if v != template]
        status = host.json("status", "films")
        assert status["served"] is True and status["gateway"]["address"] == GUEST_IP, status

        payload = secrets.token_hex(16) + "\n"
        served(host, "films", user, password, tmp_path, payload)
        # Written by smbd in the guest through virtiofs: the host file is the user's.
        st = (path / "up.txt").stat()
        assert (st.st_uid, (path / "up.txt").read_text()) == (pwd.getpwnam(user).pw_uid,
                                                             payload)

        # A second share: PVE cannot hot-plug virtiofs, so the VM reboots; both work after.
        out = host.json("create", "music", "--mode", "vm", "--path",
                        str(host.pool_root / "music"), "--valid-users", user, timeout=LONG)
        assert any("rebooted" in n for n in out["notes"]), out
        assert [v for v in vm_ids(host) if v != template] == [vmid]
        served(host, "films", user, password, tmp_path, payload)
        served(host, "music", user, password, tmp_path, "second\n")

        # Samba's own tests where access masks and the volume's owner show: only the
        # subtests that fail on every Samba share may fail (tests/lib/torture.py).
        passed, failed = run_suites(GUEST_IP, 445, [("films", s) for s in ACCESS_SUITES],
                                    user, password)["films"]
        assert not failed - SAMBA_FAILURES, \
            f"{len(passed)} passed; failed: {sorted(failed - SAMBA_FAILURES)}"
        assert "smb2.connect" in passed and "smb2.acls.INHERITANCE" in passed

        host.cli("delete", "music", "--purge", timeout=LONG)
        host.cli("delete", "films", "--purge", timeout=LONG)
        assert vm_ids(host) == [template]


def test_disk_share_before_pve_8_4_grows_online(
        sim_host: SimHost, tmp_path: Path) -> None:
    host = sim_host
    host.sim_env.update(PVESIM_PVE_VERSION="8", PVESIM_PVE_MINOR="3")
    with real_vms(host, tmp_path) as template:
        user, password = host.add_user()
        host.cli("create", "docs", "--mode", "vm", "--storage", "local-lvm", "--quota", "1G",
                 "--valid-users", user, timeout=LONG)
        [vmid] = [v for v in vm_ids(host) if v != template]
        served(host, "docs", user, password, tmp_path, "on a disk\n")

        mount = host.json("status", "docs")["path"].split(":", 1)[1]  # vm-N:/srv/shares/…

        def size_kib() -> int:
            out = host.tool("qm", "guest", "exec", str(vmid), "--", "df", "-k",
                            "--output=size", mount).stdout
            return int(json.loads(out)["out-data"].split()[-1])
        before = size_kib()
        host.cli("set", "docs", "--quota", "2G", timeout=LONG)
        after = size_kib()
        # resize2fs grew the mounted file system in the running guest: no reboot.
        assert after > before * 1.8, (before, after)
        served(host, "docs", user, password, tmp_path, "still there\n")
        host.cli("delete", "docs", "--purge", timeout=LONG)
        assert vm_ids(host) == [template]


def test_a_fault_or_a_crash_while_the_real_vm_boots_leaves_nothing(sim_host: SimHost,
                                                                  tmp_path: Path) -> None:
    """A fault right after `qm start` (the VM boots, its QEMU and virtiofsd run) rolls the
    create back with the real VM stopped and destroyed; so does the next command after a
    SIGKILL there. (A fault at every step is tests/simhost/test_vm_gateway.py's; here the
    point is the real processes.)"""
    host = sim_host
    with real_vms(host, tmp_path) as template:
        path = host.pool_root / "broken"
        args = ("create", "broken", "--mode", "vm", "--path", str(path))
        # Step 9 of its plan runs in the booted guest (waiting for its agent or for
        # cloud-init): the real VM has started by then.
        failed = host.cli(*args, timeout=LONG, env={"PVESMBGW_FAULT_AT": "9"}, check=1)
        assert re.search(r"before step 9/\d+ \(wait for (the guest agent|cloud-init) in",
                         failed.stderr) and "rolled back" in failed.stderr, failed.stderr
        assert vm_ids(host) == [template]
        assert qemu_backend.leftovers(str(host.state), disks=False) == []
        assert json.loads(host.tool("pvesh", "get", "/cluster/mapping/dir",
                                    "--output-format", "json").stdout) == []

        killed = host.cli(*args, timeout=LONG, env={"PVESMBGW_KILL_AT": "8"},
                          check=None)
        assert killed.returncode == -9, killed.stderr
        assert any("qemu" in item for item in qemu_backend.leftovers(str(host.state),
                                                                     disks=False))
        out = host.json("reconcile", timeout=LONG)  # repairs what the killed command left
        assert out["repaired_interrupted_operation"] == "create share broken", out
        assert vm_ids(host) == [template]
        assert qemu_backend.leftovers(str(host.state), disks=False) == []
        assert json.loads(host.registry_file.read_text())["shares"] == {}
