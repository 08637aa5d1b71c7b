"""The simulated `qm` with its real-QEMU backend (PVESIM_VM_BACKEND=qemu, pvesim/backends/qemu.py):
one VM from the cached Debian 12 image (tests/sim/build-vm-image.sh), driven only through the
simulated `qm` / `pvesh` CLIs, on the test bridge br-pvgwt (198.51.100.0/24).

Two boots: the first start, and `qm reboot` (which applies a pending virtiofs1).  Marked
``long``; skipped only where QEMU cannot start a guest (qemu_vm.skip_unless_bootable) or the
test network is taken.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any, Callable

import pytest

from tests.lib import qemu_vm, vm_env
from tests.lib.paths import use_simulator

use_simulator()

from pvesim.backends import qemu as qemu_backend  # noqa: E402
from pvesim.guest import vmdisk  # noqa: E402
from pvesim.model.state import State  # noqa: E402

pytestmark = pytest.mark.long

VMID = 9101
GUEST_IP = "198.51.100.71"
SERIAL = "gwdata1"
BY_ID = f"/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_{SERIAL}"
GIB = 1 << 30


def tool(st: State, *argv: str, input: str | None = None, timeout: float = 400) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(argv), env=vm_env.env(st), capture_output=True, text=True,
                          input=input, timeout=timeout)


def ok(proc: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert proc.returncode == 0, f"{proc.args}: rc={proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc


def gexec(st: State, *argv: str, input: str | None = None) -> dict[str, Any]:
    """qm guest exec: its JSON (exitcode, out-data, err-data)."""
    args = ["qm", "guest", "exec", str(VMID), "--timeout", "60"]
    if input is not None:
        args += ["--pass-stdin", "1"]
    res: dict[str, Any] = json.loads(ok(tool(st, *args, "--", *argv, input=input)).stdout)
    return res


def sh(st: State, script: str) -> dict[str, Any]:
    return gexec(st, "sh", "-c", script)


def wait_for(what: str, probe: Callable[[], Any], timeout: float = 60, every: float = 1) -> Any:
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = probe()
        if last:
            return last
        time.sleep(every)
    raise AssertionError(f"{what}: not within {timeout} s (last: {last!r})")


def wait_agent(st: State, started: float, timeout: float = 300) -> float:
    def ping() -> bool:
        return tool(st, "qm", "guest", "cmd", str(VMID), "ping").returncode == 0
    wait_for("guest agent", ping, timeout=timeout, every=1)
    return time.monotonic() - started


def qemu_pid(st: State) -> int:
    pid = int(st.runtime(VMID).get("pid") or 0)
    assert qemu_backend.pid_is(pid, str(Path(qemu_backend.run_dir(st, VMID)) / "qmp.sock"))
    return pid


def guest_size(st: State, dev: str) -> int:
    res = gexec(st, "blockdev", "--getsize64", dev)
    return int(res["out-data"]) if res.get("exitcode") == 0 else -1


@pytest.mark.testnet  # its VM is on the test bridge
def test_qm_runs_a_real_vm(tmp_path: Path) -> None:
    image = qemu_vm.skip_unless_bootable()
    with vm_env.bridge() as br, vm_env.qemu_state(br.name) as st:
        base = Path(st.root).parent
        shares = {name: base / name for name in ("share1", "share2")}
        for name, path in shares.items():
            path.mkdir()
            path.chmod(0o777)
            ok(tool(st, "pvesh", "create", "/cluster/mapping/dir", "--id", name,
                    "--map", f"node=pve,path={path}"))

        # an unknown bridge fails the start as on PVE, and leaves nothing behind
        ok(tool(st, "qm", "create", "9102", "--net0", "virtio,bridge=nosuchbr0", "--memory", "256"))
        bad = tool(st, "qm", "start", "9102")
        assert bad.returncode != 0 and "bridge 'nosuchbr0' does not exist" in bad.stdout + bad.stderr
        assert not qemu_backend.leftovers(st.root) or all(
            "tap" not in x and "process" not in x for x in qemu_backend.leftovers(st.root))
        ok(tool(st, "qm", "destroy", "9102"))

        ok(tool(st, "qm", "create", str(VMID), "--name", "gw1", "--memory", "1024", "--cores", "2",
                "--net0", f"virtio,bridge={br.name}", "--scsihw", "virtio-scsi-pci",
                "--scsi0", f"local-lvm:0,import-from={image}", "--ide2", "local-lvm:cloudinit",
                "--boot", "order=scsi0", "--serial0", "socket", "--agent", "enabled=1",
                "--ipconfig0", f"ip={GUEST_IP}/24", "--nameserver", br.host_ip,
                "--virtiofs0", "share1,expose-acl=1,expose-xattr=1"))
        # import-from made a qcow2 overlay on the cached image (which stays pristine)
        scsi0 = ok(tool(st, "qm", "config", str(VMID))).stdout
        volid = next(line.split()[1].split(",")[0] for line in scsi0.splitlines()
                     if line.startswith("scsi0:"))
        rec = vmdisk.record(st, volid)
        assert rec is not None
        disk0 = Path(qemu_backend.image_path(st, rec))
        info = json.loads(subprocess.run(["qemu-img", "info", "-U", "--output=json", str(disk0)],
                                         capture_output=True, text=True, check=True).stdout)
        assert info["format"] == "qcow2" and Path(info["backing-filename"]) == image

        started = time.monotonic()
        ok(tool(st, "qm", "start", str(VMID)))
        pid = qemu_pid(st)
        early = tool(st, "qm", "guest", "cmd", str(VMID), "ping")     # still in the firmware
        assert early.returncode != 0 and early.stderr == "QEMU guest agent is not running\n"
        assert "status: running" in ok(tool(st, "qm", "status", str(VMID))).stdout
        cur = json.loads(ok(tool(st, "pvesh", "get", f"/nodes/pve/qemu/{VMID}/status/current",
                                 "--output-format", "json")).stdout)
        assert cur["status"] == "running" and cur["pid"] == pid
        assert (Path("/sys/class/net") / f"tap{VMID}i0" / "master").resolve().name == br.name
        secs = wait_agent(st, started)
        print(f"boot-to-agent (qm start -> guest-ping answers): {secs:.1f} s")

        # guest exec: exit code, stdout, stdin
        res = sh(st, "echo hello from $(hostname); exit 3")
        assert res["exitcode"] == 3 and res["out-data"] == "hello from gw1\n", res
        assert gexec(st, "cat", input="piped in\n")["out-data"] == "piped in\n"
        bad = tool(st, "qm", "guest", "exec", str(VMID), "--", "/nonexistent")
        assert bad.returncode != 0 and bad.stderr.startswith(
            f"VM {VMID} qmp command 'guest-exec' failed - Guest agent command failed, error was "
            "'Failed to execute child process"), bad.stderr
        osinfo = json.loads(ok(tool(st, "qm", "guest", "cmd", str(VMID), "get-osinfo")).stdout)
        assert osinfo["id"] == "debian" and osinfo["version-id"] == "12"
        ok(tool(st, "qm", "guest", "cmd", str(VMID), "network-get-interfaces"))
        ok(tool(st, "pvesh", "create", f"/nodes/pve/qemu/{VMID}/agent/file-write",
                "--file", "/tmp/fw", "--content", "written via agent"))
        fr = json.loads(ok(tool(st, "pvesh", "get", f"/nodes/pve/qemu/{VMID}/agent/file-read",
                                "--file", "/tmp/fw", "--output-format", "json")).stdout)
        assert fr["content"] == "written via agent"
        assert tool(st, "qm", "destroy", str(VMID)).returncode != 0   # refuses while running

        # the static address from cloud-init answers from the host
        wait_for(f"ping {GUEST_IP}", lambda: subprocess.run(
            ["ping", "-c", "1", "-W", "2", "-I", br.name, GUEST_IP],
            capture_output=True).returncode == 0, timeout=120)

        # hot-plug a disk with a serial: by-id name in the guest; resize seen in the guest
        ok(tool(st, "qm", "set", str(VMID), "--scsi1", f"local-lvm:1,serial={SERIAL}"))
        assert f"scsi1: local-lvm:vm-{VMID}-disk-1,serial={SERIAL},size=1G" in \
            ok(tool(st, "qm", "config", str(VMID))).stdout
        wait_for(f"{BY_ID} in the guest", lambda: guest_size(st, BY_ID) == GIB, timeout=60)
        ok(tool(st, "qm", "disk", "resize", str(VMID), "scsi1", "+1G"))

        rescans = []

        def grown() -> bool:
            if guest_size(st, BY_ID) == 2 * GIB:
                return True
            # should the kernel not notice the capacity change by itself
            rescans.append(sh(st, f"echo 1 > /sys/class/block/$(basename $(readlink -f {BY_ID}))"
                                  "/device/rescan")["exitcode"])
            return False
        wait_for("the resized disk in the guest", grown, timeout=60)
        print(f"resize seen in the guest after {len(rescans)} SCSI rescans")

        # virtiofs: mounted by its tag; a file written by uid 1234 appears on the host as 1234
        res = sh(st, "mkdir -p /mnt/s1 && mount -t virtiofs share1 /mnt/s1 && "
                     "setpriv --reuid=1234 --regid=1234 --clear-groups "
                     "sh -c 'echo from guest > /mnt/s1/f1'")
        assert res["exitcode"] == 0, res
        f1 = shares["share1"] / "f1"
        assert f1.read_text() == "from guest\n"
        assert (f1.stat().st_uid, f1.stat().st_gid) == (1234, 1234)

        # a second virtiofs waits for the reboot, which applies it
        ok(tool(st, "qm", "set", str(VMID), "--virtiofs1", "share2"))
        assert "virtiofs1" in ok(tool(st, "qm", "pending", str(VMID))).stdout
        started = time.monotonic()
        ok(tool(st, "qm", "reboot", str(VMID)))
        assert not qemu_backend.pid_is(pid, st.root)      # a new QEMU, the old one is gone
        assert qemu_pid(st) != pid
        secs2 = wait_agent(st, started)
        print(f"qm reboot -> agent: {secs2:.1f} s")
        assert "virtiofs1: share2" in ok(tool(st, "qm", "config", str(VMID), "--current")).stdout
        res = sh(st, "mkdir -p /mnt/s2 && mount -t virtiofs share2 /mnt/s2 && echo two > /mnt/s2/f2")
        assert res["exitcode"] == 0, res
        assert (shares["share2"] / "f2").read_text() == "two\n"
        # the hot-plugged disk is in the config now, so it came back at the boot
        wait_for(f"{BY_ID} after reboot", lambda: guest_size(st, BY_ID) == 2 * GIB, timeout=60)

        # unplug it again
        ok(tool(st, "qm", "set", str(VMID), "--delete", "scsi1"))
        wait_for(f"{BY_ID} gone", lambda: sh(st, f"test -e {BY_ID}")["exitcode"] != 0, timeout=60)

        # shutdown (ACPI / guest agent), then destroy: nothing is left
        pid = qemu_pid(st)
        ok(tool(st, "qm", "shutdown", str(VMID), "--timeout", "180"))
        assert "status: stopped" in ok(tool(st, "qm", "status", str(VMID))).stdout
        assert not qemu_backend.pid_is(pid, st.root)
        assert not os.path.exists(f"/sys/class/net/tap{VMID}i0")
        gone = tool(st, "qm", "guest", "cmd", str(VMID), "ping")
        assert gone.returncode != 0 and f"VM {VMID} is not running" in gone.stderr
        ok(tool(st, "qm", "destroy", str(VMID)))
        assert not disk0.exists()
        assert qemu_backend.leftovers(st.root) == []


def test_volumes_are_real_files() -> None:
    """No boot: import-from, template, linked and full clone, resize and destroy on the image
    files (a full clone survives its template; destroy frees every file)."""
    image = qemu_vm.skip_unless_bootable()
    with vm_env.qemu_state("vmbr0") as st:
        vmdir = Path(st.root).parent / "vmdir"
        vmdir.mkdir()
        with open(st.p("etc/pve/storage.cfg"), "a") as fh:
            fh.write(f"\ndir: vmdir\n\tpath {vmdir}\n\tcontent images\n")

        def img(volid: str) -> tuple[Path, dict[str, Any]]:
            rec = vmdisk.record(st, volid)
            assert rec is not None, volid
            path = Path(qemu_backend.image_path(st, rec))
            info = json.loads(subprocess.run(["qemu-img", "info", "-U", "--output=json", str(path)],
                                             capture_output=True, text=True, check=True).stdout)
            return path, info

        def volid_of(vmid: int, key: str) -> str:
            conf = ok(tool(st, "qm", "config", str(vmid))).stdout
            return next(line.split()[1].split(",")[0] for line in conf.splitlines()
                        if line.startswith(f"{key}:"))

        ok(tool(st, "qm", "create", "9000", "--scsi0", f"local-lvm:0,import-from={image}",
                "--scsi1", "vmdir:2", "--ide2", "local-lvm:cloudinit", "--memory", "512"))
        data_path, data = img(volid_of(9000, "scsi1"))          # dir storage: the reported path
        assert data_path == vmdir / "images/9000/vm-9000-disk-0.raw"
        assert data["virtual-size"] == 2 * GIB and data_path.stat().st_blocks == 0   # sparse
        ok(tool(st, "qm", "disk", "resize", "9000", "scsi1", "+1G"))
        assert img(volid_of(9000, "scsi1"))[1]["virtual-size"] == 3 * GIB
        ok(tool(st, "qm", "template", "9000"))
        base_path, base = img(volid_of(9000, "scsi0"))
        assert base_path.name == "base-9000-disk-0" and Path(base["backing-filename"]) == image

        ok(tool(st, "qm", "clone", "9000", "9001", "--name", "linked"))
        linked_path, linked = img(volid_of(9001, "scsi0"))
        assert Path(linked["backing-filename"]) == base_path
        ok(tool(st, "qm", "clone", "9000", "9002", "--name", "full", "--full", "1"))
        full_path, full = img(volid_of(9002, "scsi0"))
        assert "backing-filename" not in full and full["virtual-size"] == base["virtual-size"]

        ok(tool(st, "qm", "destroy", "9001"))
        assert not linked_path.exists()
        ok(tool(st, "qm", "destroy", "9000"))
        assert not base_path.exists() and not data_path.exists()
        # the full clone is independent: same content as the cached image
        cmp = subprocess.run(["qemu-img", "compare", "-U", str(image), str(full_path)],
                             capture_output=True, text=True)
        assert cmp.returncode == 0, cmp.stdout + cmp.stderr
        ok(tool(st, "qm", "destroy", "9002"))
        assert qemu_backend.leftovers(st.root) == []


def test_the_accelerator_probe_takes_kvm_only_when_it_boots_first(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PVESIM_VM_ACCEL=auto: the cached image is booted (-snapshot) under TCG and KVM up to
    its kernel starting init; KVM is chosen only if it got there, and first. On machines
    of the CI's kind nested KVM aborts or hangs, so this says tcg there (and why)."""
    image = qemu_vm.skip_unless_bootable()
    cache = tmp_path / "accel.json"
    monkeypatch.setenv("PVESIM_VM_PROBE_FILE", str(cache))
    result = qemu_backend.probe(str(image), "qcow2")
    print(f"probe: {result}")
    tcg, kvm = result["seconds"]["tcg"], result["seconds"]["kvm"]
    assert tcg is not None and tcg > 0, result  # the image's kernel starts under TCG
    assert result["choice"] == ("kvm" if kvm is not None and kvm < tcg else "tcg"), result
    assert json.loads(cache.read_text()) == result
    # The next start reads the cache instead of probing again.
    cache.write_text(json.dumps(dict(result, choice="kvm-from-cache")))
    assert qemu_backend.probe(str(image), "qcow2")["choice"] == "kvm-from-cache"
    # A disk that boots nothing proves nothing: not cached, TCG.
    blank = tmp_path / "blank.raw"
    with blank.open("wb") as f:
        f.truncate(1 << 30)  # sparse, as a new disk is
    cache.unlink()
    started = time.monotonic()
    assert qemu_backend.probe(str(blank), "raw")["choice"] == "tcg"
    assert not cache.exists()
    assert time.monotonic() - started < qemu_backend.PROBE_TIMEOUT  # not booted at all
