"""make bench, real-VM part (issue 16): what a gateway VM costs on real QEMU.

The real CLI makes a gateway VM through the simulated `qm` with its real-QEMU backend
(PVESIM_VM_BACKEND=qemu, tests/sim/README.md) from the test tier's cached Debian 12 image,
on the test bridge of tests/lib/vm_env.py (which holds the test network lock), its
cloud-init's apt through an apt-cacher-ng on the bridge. Measured in the same run:

* `create --mode vm` of the first share: clone, boot, cloud-init, accounts, smb.conf;
* boot to guest agent of that gateway VM (`qm start` until `qm guest cmd ping` answers),
  against the bare boot of the same image by QEMU alone (tests/lib/qemu_vm.py: no
  cloud-init drive, no NIC, no virtiofs), as a ratio;
* the idle gateway VM's memory on the host (QEMU's RSS and PSS, and virtiofsd's), and
  what the guest itself uses (`free` in the guest).

Prints numbers; asserts nothing. QEMU runs under TCG here (KVM is nested and broken on
this machine kind): on a PVE host with KVM the boot is many times faster. Everything is
removed by the PID and name it was created under (share, VMs, taps, bridge).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import REPO, Bench, simulated_pve

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

GUEST_IP = "198.51.100.20"
BOOTS = 2          # each boot takes 30-90 s under TCG
MiB = 2**20


def bench_vm_real(bench: Bench) -> None:
    try:
        import pytest  # the fixtures' helpers skip through pytest
        from tests.lib import qemu_vm, vm_env
        from tests.lib.apt_cache import apt_cache
    except ImportError as exc:
        print(f"bench: real-VM part skipped: {exc}")
        return
    try:
        image = qemu_vm.skip_unless_bootable()
        with vm_env.bridge() as bridge, apt_cache(bridge.host_ip) as proxy:
            _measure(bench, image, bridge.name, proxy)
    except pytest.skip.Exception as exc:
        print(f"bench: real-VM part skipped: {exc}")


def _measure(bench: Bench, image: Path, bridge: str, proxy: str) -> None:
    from pvesim.backends import qemu as qemu_backend
    from tests.lib import qemu_vm, vm_env

    with simulated_pve(bench, "pve-vm", {"PVESIM_VM_BACKEND": "qemu"}) as state:
        try:
            vm_env.add_bridge(state, bridge)
            cfg = state / "etc/pve/storage.cfg"
            cfg.write_text(cfg.read_text().replace("\tcontent iso,vztmpl,backup",
                                                   "\tcontent iso,vztmpl,backup,snippets", 1))
            with open(bench.config, "a") as fh:
                fh.write(f"vm_bridge = {bridge}\nvm_ip = {GUEST_IP}/24\n"
                         f"vm_apt_proxy = {proxy}\nvm_agent_timeout = 900\n")
            bench.cli("vm-template", "build", "--image", str(image))
            path = bench.mnt / "vmreal"
            create = bench.cli("create", "vmreal", "--mode", "vm", "--path", str(path))
            status = json.loads(bench.output("--output-format", "json", "status", "vmreal"))
            vmid = int(status["gateway"]["vmid"])

            boots = []
            for _ in range(BOOTS):
                subprocess.run(["qm", "shutdown", str(vmid), "--timeout", "300"], check=True,
                               capture_output=True)
                start = time.perf_counter()
                subprocess.run(["qm", "start", str(vmid)], check=True, capture_output=True)
                while subprocess.run(["qm", "guest", "cmd", str(vmid), "ping"],
                                     capture_output=True).returncode != 0:
                    time.sleep(1)
                boots.append(time.perf_counter() - start)
            time.sleep(30)  # idle: first-boot work and smbd's start-up are over
            qemu_pid = int(json.loads((state / "runtime" / f"{vmid}.json").read_text())["pid"])
            rss, pss = _rss_pss(qemu_pid)
            virtiofsd = sum(_rss_pss(pid)[0] for pid in _children_named(state, vmid))
            free = subprocess.run(["qm", "guest", "exec", str(vmid), "--", "free", "-b"],
                                  check=True, capture_output=True, text=True).stdout
            guest_used = int(json.loads(free)["out-data"].splitlines()[1].split()[2])
            bench.cli("delete", "vmreal", "--purge")
        finally:
            for problem in qemu_backend.stop_all(str(state)):
                print(f"bench: cleanup of {state}: {problem}", file=sys.stderr)

        bare = []
        with tempfile.TemporaryDirectory(prefix="pvgwt-bench-vm-") as tmp:
            for i in range(BOOTS):
                with qemu_vm.booted(image, Path(tmp) / f"bare{i}") as guest:
                    bare.append(guest.wait_agent(600))

    boot, base = statistics.median(boots), statistics.median(bare)
    print("\nreal gateway VM (QEMU TCG, 1 GiB, 1 core; KVM on a PVE host is much faster):")
    print(f"  create --mode vm, new gateway VM (clone, boot, cloud-init, smb.conf): "
          f"{create:.1f} s")
    print(f"  boot to guest agent: {boot:.1f} s (median of {BOOTS}; "
          f"{', '.join(f'{b:.1f}' for b in boots)}); bare QEMU boot of the same image "
          f"{base:.1f} s; ratio {boot / base:.2f}x")
    print(f"  idle gateway VM on the host: QEMU RSS {rss / MiB:.0f} MiB, PSS "
          f"{pss / MiB:.0f} MiB; virtiofsd RSS {virtiofsd / MiB:.1f} MiB; the guest uses "
          f"{guest_used / MiB:.0f} MiB of its memory")


def _rss_pss(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of PID in bytes, from /proc/PID/smaps_rollup."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0]) * 1024
    return fields["Rss"], fields["Pss"]


def _children_named(state: Path, vmid: int) -> list[int]:
    """The virtiofsd PIDs the backend recorded for VMID."""
    run = state / "qemu-run" / str(vmid)
    return [int(p.read_text()) for p in run.glob("virtiofsd-*.pid")]
