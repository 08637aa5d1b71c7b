"""A btrfs filesystem on a loop file: made here, and removed again (the mount, the loop device
created here, the temp dir)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

import pytest

from .proc import missing_tools, require_root, run

BTRFS_IMAGE_SIZE = os.environ.get("PVGWT_BTRFS_SIZE", "512M")


@dataclass
class BtrfsPool:
    """A loop-file backed btrfs filesystem mounted at `mountpoint`."""

    mountpoint: Path
    device: str
    image: Path
    workdir: Path

    def btrfs(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run `btrfs <args...>` (paths are passed through as given)."""
        return run(["btrfs", *args], check=check)

    def enable_quota(self) -> None:
        """`btrfs quota enable <mountpoint>` (idempotent)."""
        self.btrfs("quota", "enable", str(self.mountpoint))

    def create_subvolume(self, name: str, *, mode: int = 0o755) -> Path:
        """Create subvolume `<mountpoint>/<name>` and chmod it; returns its path."""
        path = self.mountpoint / name
        self.btrfs("subvolume", "create", str(path))
        path.chmod(mode)
        return path


def cleanup_pool(mnt: Optional[Path], device: Optional[str], workdir: Path) -> list[str]:
    problems: list[str] = []
    if mnt is not None and os.path.ismount(mnt):
        for attempt in range(10):
            proc = run(["umount", str(mnt)], check=False)
            if proc.returncode == 0:
                break
            time.sleep(0.5)
        else:
            problems.append(f"umount {mnt} failed: {proc.stderr.strip()}")
    if device is not None and not problems:
        proc = run(["losetup", "-d", device], check=False)
        if proc.returncode != 0:
            problems.append(f"losetup -d {device} failed: {proc.stderr.strip()}")
    if not problems:
        shutil.rmtree(workdir, ignore_errors=True)
    return problems


class _SkipSetup(Exception):
    pass


@contextlib.contextmanager
def btrfs_pool() -> Iterator[BtrfsPool]:
    """A fresh btrfs filesystem on a loop file (quota NOT enabled; see enable_quota()); skips
    the test, with the reason, when this host cannot make one."""
    require_root("btrfs_pool")
    missing = missing_tools("losetup", "mkfs.btrfs", "btrfs", "mount", "umount")
    if missing:
        pytest.skip(f"btrfs_pool: missing tools {missing}")
    if "btrfs" not in Path("/proc/filesystems").read_text():
        pytest.skip("btrfs_pool: kernel has no btrfs support (/proc/filesystems)")
    if not Path("/dev/loop-control").exists():
        pytest.skip("btrfs_pool: /dev/loop-control not available")

    workdir = Path(tempfile.mkdtemp(prefix="pvgwt-btrfs-"))
    workdir.chmod(0o755)  # SMB users must be able to traverse to shares below it
    image = workdir / "pool.img"
    mnt = workdir / "mnt"
    device: Optional[str] = None
    mounted: Optional[Path] = None
    try:
        run(["truncate", "-s", BTRFS_IMAGE_SIZE, str(image)])
        proc = run(["losetup", "--find", "--show", str(image)], check=False)
        if proc.returncode != 0 or not proc.stdout.strip().startswith("/dev/"):
            raise _SkipSetup(f"btrfs_pool: losetup failed: {proc.stderr.strip()}")
        device = proc.stdout.strip()
        run(["mkfs.btrfs", "-q", device])
        mnt.mkdir(mode=0o755)
        proc = run(["mount", "-t", "btrfs", device, str(mnt)], check=False)
        if proc.returncode != 0:
            raise _SkipSetup(f"btrfs_pool: mount failed: {proc.stderr.strip()}")
        mounted = mnt
        mnt.chmod(0o755)
    except BaseException as exc:
        problems = cleanup_pool(mounted, device, workdir)
        if isinstance(exc, _SkipSetup) and not problems:
            pytest.skip(str(exc))
        if problems:
            raise RuntimeError(f"btrfs_pool setup failed ({exc}); cleanup problems: {problems}") from exc
        raise

    try:
        yield BtrfsPool(mountpoint=mnt, device=device, image=image, workdir=workdir)
    finally:
        problems = cleanup_pool(mounted, device, workdir)
        if problems:
            raise RuntimeError("btrfs_pool teardown: " + "; ".join(problems))


@contextlib.contextmanager
def loop_device(image: Path, size: str, head: bytes = b"") -> Iterator[str]:
    """A loop device over a new sparse file IMAGE of SIZE whose first bytes are HEAD
    (a disk an administrator lends a VM); detached by its name afterwards."""
    run(["truncate", "-s", size, str(image)])
    if head:
        with image.open("r+b") as f:
            f.write(head)
    device = run(["losetup", "--find", "--show", str(image)]).stdout.strip()
    try:
        yield device
    finally:
        run(["losetup", "-d", device], check=False)
        image.unlink(missing_ok=True)
