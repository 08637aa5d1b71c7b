"""How to reverse each kind of change a step records. Every handler is idempotent:
it may run for a step that never got to act (a crash right after journaling)."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Callable

from . import fsutil
from .config import Config
from .errors import CommandError
from .runner import Runner
from .samba.service import SmbService
from .tools import accounts
from .tools.btrfs import Btrfs, is_subvolume
from .tools.samba import SambaTools
from .txn import UndoRecord

log = logging.getLogger(__name__)


def restore_file(record: UndoRecord) -> None:
    """Put back the journal's copy of a file, or remove a file that did not exist."""
    path = Path(record["path"])
    backup = record.get("backup")
    if backup is None:
        fsutil.remove_file(path)
    else:
        fsutil.atomic_write(path, Path(backup).read_bytes(), record.get("mode", 0o644))


class Undoer:
    """Dispatches undo records to their handlers."""

    def __init__(self, cfg: Config, runner: Runner) -> None:
        self.cfg = cfg
        self.runner = runner
        self.handlers: dict[str, Callable[[UndoRecord], None]] = {
            "restore_file": restore_file,
            "rmdir": self.rmdir,
            "btrfs_subvolume_delete": self.btrfs_subvolume_delete,
            "btrfs_quota_disable": self.btrfs_quota_disable,
            "btrfs_qgroup_limit": self.btrfs_qgroup_limit,
            "groupdel": self.groupdel,
            "userdel": self.userdel,
            "group_remove_member": self.group_remove_member,
            "smb_user_del": self.smb_user_del,
            "reload_smbd": self.reload_smbd,
        }

    def __call__(self, record: UndoRecord) -> None:
        log.debug("undo %s", record)
        self.handlers[record["kind"]](record)

    def _run(self, argv: list[str]) -> None:
        self.runner.run(argv, mutating=True)

    def rmdir(self, record: UndoRecord) -> None:
        try:
            os.rmdir(record["path"])
        except FileNotFoundError:
            pass

    def btrfs_subvolume_delete(self, record: UndoRecord) -> None:
        path = Path(record["path"])
        if is_subvolume(path):
            self._run(Btrfs(self.runner).subvolume_delete_argv(path))

    def btrfs_quota_disable(self, record: UndoRecord) -> None:
        btrfs = Btrfs(self.runner)
        mountpoint = Path(record["mountpoint"])
        if btrfs.qgroups(mountpoint) is not None:
            self._run(btrfs.quota_disable_argv(mountpoint))

    def btrfs_qgroup_limit(self, record: UndoRecord) -> None:
        path = Path(record["path"])
        if is_subvolume(path):
            self._run(Btrfs(self.runner).qgroup_limit_argv(path, record.get("limit")))

    def groupdel(self, record: UndoRecord) -> None:
        if accounts.group_gid(record["group"]) is not None:
            self._run(accounts.groupdel_argv(record["group"]))

    def userdel(self, record: UndoRecord) -> None:
        if accounts.user_exists(record["user"]):
            self._run(accounts.userdel_argv(record["user"]))

    def group_remove_member(self, record: UndoRecord) -> None:
        if record["user"] in accounts.group_members(record["group"]):
            self._run(accounts.remove_from_group_argv(record["user"], record["group"]))

    def smb_user_del(self, record: UndoRecord) -> None:
        tools = SambaTools(self.runner, self.cfg.samba_conf)
        if record["user"] in tools.users():
            self._run(tools.user_del_argv(record["user"]))

    def reload_smbd(self, record: UndoRecord) -> None:
        try:
            SmbService(self.cfg, self.runner).reload_if_running()
        except CommandError as exc:
            # Not fatal for the rollback: files are already restored on disk.
            log.warning("could not reload smbd after rollback: %s", exc)
