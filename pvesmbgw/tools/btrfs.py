"""btrfs-progs: subvolumes and qgroups."""

from __future__ import annotations

import fcntl
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from ..core.errors import CommandError

if TYPE_CHECKING:  # not imported at run time: the plugin's status polls stay light
    from ..core.runner import Runner

SUBVOLUME_ROOT_INODE = 256
# _IOWR(0x94, 18, struct btrfs_ioctl_ino_lookup_args) with a 4096-byte argument.
_BTRFS_IOC_INO_LOOKUP = 0xD0009412


@dataclass(frozen=True)
class Qgroup:
    qgroupid: str
    referenced: int
    exclusive: int
    max_referenced: Optional[int]


def is_subvolume(path: Path) -> bool:
    """A btrfs subvolume's root directory always has inode number 256."""
    try:
        return path.stat(follow_symlinks=False).st_ino == SUBVOLUME_ROOT_INODE and path.is_dir()
    except FileNotFoundError:
        return False


def subvolume_id(path: Path) -> int:
    """The subvolume (tree) id holding PATH, by ioctl: no process needed."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        buf = bytearray(struct.pack("=QQ", 0, SUBVOLUME_ROOT_INODE) + bytes(4080))
        fcntl.ioctl(fd, _BTRFS_IOC_INO_LOOKUP, buf, True)
        return int(struct.unpack_from("=Q", buf)[0])
    finally:
        os.close(fd)


SYSFS = Path("/sys/fs/btrfs")
_LIMIT_MAX_RFER = 1  # BTRFS_QGROUP_LIMIT_MAX_RFER in limit_flags


def sysfs_qgroup(device: str, subvolid: int, sysfs: Path = SYSFS) -> Optional[Qgroup]:
    """Qgroup 0/SUBVOLID of the btrfs on DEVICE from sysfs (Linux 5.9+), without a
    process; None when sysfs does not have it (older kernel, quotas disabled)."""
    dev = os.path.basename(os.path.realpath(device))
    try:
        filesystems = list(sysfs.iterdir())
    except OSError:
        return None
    for fs in filesystems:
        if not (fs / "devices" / dev).exists():
            continue
        group = fs / "qgroups" / f"0_{subvolid}"
        try:
            values = {name: int((group / name).read_text()) for name in
                      ("referenced", "exclusive", "max_referenced", "limit_flags")}
        except (OSError, ValueError):
            return None
        limited = values["limit_flags"] & _LIMIT_MAX_RFER
        return Qgroup(f"0/{subvolid}", values["referenced"], values["exclusive"],
                      values["max_referenced"] if limited else None)
    return None


class Btrfs:
    def __init__(self, runner: Runner) -> None:
        self.runner = runner

    def subvolume_create_argv(self, path: Path) -> list[str]:
        return ["btrfs", "subvolume", "create", str(path)]

    def subvolume_delete_argv(self, *paths: Path) -> list[str]:
        return ["btrfs", "subvolume", "delete", *map(str, paths)]

    def quota_enable_argv(self, mountpoint: Path) -> list[str]:
        return ["btrfs", "quota", "enable", str(mountpoint)]

    def quota_disable_argv(self, mountpoint: Path) -> list[str]:
        return ["btrfs", "quota", "disable", str(mountpoint)]

    def qgroup_limit_argv(self, path: Path, limit: Optional[int]) -> list[str]:
        return ["btrfs", "qgroup", "limit", "none" if limit is None else str(limit), str(path)]

    def qgroup_limit_id_argv(self, subvol: int, mountpoint: Path,
                             limit: Optional[int]) -> list[str]:
        """The limit of subvolume SUBVOL's qgroup, named by id on its file system's
        MOUNTPOINT. Given the subvolume's path instead, btrfs charges the change to that
        subvolume: one holding more than its limit can then never have the limit
        raised ("Disk quota exceeded")."""
        return ["btrfs", "qgroup", "limit", "none" if limit is None else str(limit),
                f"0/{subvol}", str(mountpoint)]

    def qgroups(self, mountpoint: Path, sync: bool = False) -> Optional[dict[str, Qgroup]]:
        """All level-0 qgroups of the filesystem, or None when quotas are disabled.

        Usage numbers lag until the next transaction commit; SYNC forces one first.
        """
        argv = ["btrfs", "qgroup", "show", "-re", "--raw"] + (["--sync"] if sync else [])
        try:
            result = self.runner.run(argv + [str(mountpoint)], mutating=False)
        except CommandError as exc:
            if "quota" in exc.stderr.lower() and ("not enabled" in exc.stderr.lower()
                                                 or "enoent" in exc.stderr.lower()
                                                 or "no such file" in exc.stderr.lower()):
                return None
            raise
        return parse_qgroup_show(result.stdout)


def parse_qgroup_show(text: str) -> dict[str, Qgroup]:
    """Parse `btrfs qgroup show -re --raw`.

    Columns: Qgroupid, Referenced, Exclusive, Max referenced, Max exclusive, Path
    (btrfs-progs 6.2; older releases lack Path). Limits are 'none' or bytes; rows of
    deleted subvolumes may linger with the path '<stale>'.
    """
    groups: dict[str, Qgroup] = {}
    for line in text.splitlines():
        fields = line.split(None, 5)
        if len(fields) < 4 or "/" not in fields[0] or not fields[1].isdigit():
            continue  # header, separator, or noise
        limit = fields[3]
        groups[fields[0]] = Qgroup(
            qgroupid=fields[0],
            referenced=int(fields[1]),
            exclusive=int(fields[2]),
            max_referenced=None if limit == "none" else int(limit),
        )
    return groups
