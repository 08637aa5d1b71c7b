"""tests/lib/qemu_vm.py boots the cached Debian 12 guest image (tests/sim/build-vm-image.sh)
under real QEMU, reaches its guest agent over the virtio-serial socket, runs commands in it,
powers it off over QMP and leaves nothing behind.

Marked ``long``: a cold image build takes minutes, and a boot under TCG about half a minute.
Skipped (with the reason) only where QEMU cannot start a guest at all: not root, QEMU not
installed, or the image cannot be built.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.lib import qemu_vm
from tests.lib.proc import run

pytestmark = pytest.mark.long


def test_guest_boots_answers_the_agent_and_powers_off(tmp_path: Path) -> None:
    image = qemu_vm.skip_unless_bootable()
    pristine = image.stat().st_mtime_ns
    workdir = tmp_path / "vm"
    guest = qemu_vm.start(image, workdir, name="t1")
    try:
        assert guest.alive()
        # the overlay, not the cache, takes the guest's writes
        info = json.loads(run(["qemu-img", "info", "--output=json", "-U",
                               str(guest.overlay)]).stdout)
        assert Path(info["backing-filename"]) == image

        seconds = guest.wait_agent(timeout=300)
        print(f"accel={guest.accel} boot-to-agent={seconds:.1f}s rss={guest.rss_kib() // 1024}MiB")

        release = guest.exec(["cat", "/etc/os-release"])
        assert release.exitcode == 0, release
        assert 'VERSION_ID="12"' in release.stdout and "ID=debian" in release.stdout, release

        active = guest.exec(["systemctl", "is-active", "qemu-guest-agent"])
        assert (active.exitcode, active.stdout.strip()) == (0, "active"), active

        root = guest.exec(["findmnt", "-n", "-o", "SOURCE,FSTYPE,OPTIONS", "/"])
        assert root.exitcode == 0, root
        source, fstype, options = root.stdout.split()
        assert (source, fstype) == ("/dev/vda1", "ext4"), root.stdout
        assert options.split(",")[0] == "rw", root.stdout

        # a failing command's exit code and stderr come back too
        fail = guest.exec(["sh", "-c", "echo oops >&2; exit 3"])
        assert (fail.exitcode, fail.stderr) == (3, "oops\n"), fail
        # stdin goes in base64 (how files reach a gateway VM)
        echo = guest.exec(["cat"], input=b"through the agent\n")
        assert echo.stdout == "through the agent\n", echo

        guest.powerdown(timeout=120)
        assert not guest.alive()
        assert guest.popen is not None and guest.popen.returncode == 0, guest.log_tail()
    finally:
        guest.close()
    assert guest.leftovers() == []
    assert sorted(p.name for p in workdir.iterdir()) == ["t1.qemu.log", "t1.serial.log"]
    assert "reboot: Power down" in guest.serial_tail(200)
    assert image.stat().st_mtime_ns == pristine
