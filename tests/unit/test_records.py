"""Typed journal records: every kind is registered through the composition root, can
be applied, survives its JSON form, and journals of the dict era are still repaired."""

from __future__ import annotations

import dataclasses
import importlib
import json
import pkgutil
import types
import typing
from pathlib import Path
from typing import Any

import pytest

import pvesmbgw
from pvesmbgw import handlers
from pvesmbgw.core.config import Config
from pvesmbgw.core.errors import ApplyError
from pvesmbgw.core.records import Record, RecordError, registered
from pvesmbgw.core.txn import Journal, Transaction

from .conftest import FakeRunner


def package_records() -> list[type[Record]]:
    """Every Record subclass the package defines (all its modules imported)."""
    for info in pkgutil.walk_packages(pvesmbgw.__path__, "pvesmbgw."):
        importlib.import_module(info.name)
    found: list[type[Record]] = []
    todo = list(Record.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("pvesmbgw."):
            found.append(cls)
    return found


def dummy(hint: Any) -> Any:
    """A value of type HINT (the first choice of an Optional)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return dummy(next(a for a in typing.get_args(hint) if a is not type(None)))
    if origin is tuple:
        return (dummy(typing.get_args(hint)[0]), dummy(typing.get_args(hint)[0]))
    return {int: 7, str: "x", bool: True, float: 2.5}[hint]


def example(cls: type[Record]) -> Record:
    hints = typing.get_type_hints(cls)
    return cls(**{f.name: dummy(hints[f.name]) for f in dataclasses.fields(cls)})


def test_every_record_class_is_registered_once_handlers_is_imported() -> None:
    roots = {m.__name__ for m in handlers.RECORD_MODULES}
    kinds = registered()
    for cls in package_records():
        name = f"{cls.__module__}.{cls.__qualname__}"
        if cls.kind:
            assert kinds.get(cls.kind) is cls, f"{name}: kind {cls.kind!r} taken twice"
            assert cls.__module__ in roots, f"{name}: add its module to pvesmbgw/handlers.py"
        else:
            # A base of several kinds (GuestPush of pct_push and qm_push).
            assert any(issubclass(k, cls) for k in kinds.values()), \
                f"{name} is not registered: decorate it with @register(kind)"


def test_every_kind_implements_apply() -> None:
    for kind, cls in registered().items():
        assert cls.kind == kind
        assert cls.apply is not Record.apply, f"{kind} has no apply"


@pytest.mark.parametrize("kind", sorted(registered()))
def test_json_round_trip(kind: str) -> None:
    record = example(registered()[kind])
    data = json.loads(json.dumps(record.to_json()))
    assert data["kind"] == kind
    assert Record.from_json(data) == record


def test_old_names_are_kept() -> None:
    """The kinds the dict-era journal wrote, each still readable."""
    old = {"restore_file", "rmdir", "remove_tree", "btrfs_subvolume_delete",
           "btrfs_quota_disable", "btrfs_qgroup_limit", "groupdel", "userdel",
           "group_remove_member", "smb_user_del", "reload_smbd", "pct_destroy", "pct_stop",
           "pct_unmount", "pct_push", "pct_exec", "qm_push", "qm_exec", "qm_stop",
           "qm_unset", "dir_mapping_delete", "pveam_remove", "zfs_destroy", "zfs_set",
           "restore_from", "ceph_subvolume_rm", "ceph_snapshot_rm", "ceph_resize",
           "rbd_destroy", "rbd_unmap", "umount", "rbd_grow", "rbd_snap_rm", "qm_destroy",
           "ha_manager", "ad_leave", "ad_winbind_stop", "ad_ct_restart", "qm_disk_destroy",
           "qm_disk_detach", "vmdisk_grow"}
    assert old <= set(registered())


def _transaction(host: Config) -> Transaction:
    return Transaction(Journal(host.journal_dir),
                       handlers.record_context(host, FakeRunner()))


def test_old_format_journal_is_rolled_back(host: Config, tmp_path: Path) -> None:
    """A journal as the previous version wrote it (plain dicts, "backup": null)."""
    made = tmp_path / "made"
    made.mkdir()
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "sub" / "f").write_text("x")
    changed = tmp_path / "changed"
    changed.write_text("new")
    backup = tmp_path / "backup"
    backup.write_text("old")
    created = tmp_path / "created"
    created.write_text("should go")
    host.journal_dir.mkdir(parents=True)
    (host.journal_dir / "current.json").write_text(json.dumps({
        "txid": "0" * 32, "title": "create share x", "undo": [
            {"kind": "rmdir", "path": str(made)},
            {"kind": "remove_tree", "path": str(tree)},
            {"kind": "restore_file", "path": str(changed), "mode": 0o640,
             "backup": str(backup)},
            {"kind": "restore_file", "path": str(created), "backup": None},
            {"kind": "userdel", "user": "pvesmbgw-no-such-user"},
            {"kind": "btrfs_subvolume_delete", "path": str(tmp_path / "gone"),
             "nested": ".snapshots"},
        ]}))
    assert _transaction(host).repair() == "create share x"
    assert not made.exists() and not tree.exists() and not created.exists()
    assert changed.read_text() == "old" and changed.stat().st_mode & 0o777 == 0o640
    assert not (host.journal_dir / "current.json").exists()


def test_old_format_journal_past_the_point_of_no_return_is_finished(
        host: Config, tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    host.journal_dir.mkdir(parents=True)
    (host.journal_dir / "current.json").write_text(json.dumps({
        "txid": "0" * 32, "title": "delete share x", "phase": "forward",
        "forward": [{"kind": "remove_tree", "path": str(tree)}]}))
    assert _transaction(host).repair() == "delete share x"
    assert not tree.exists()


def test_unknown_kind_fails_clearly(host: Config) -> None:
    with pytest.raises(RecordError, match="unknown journal record kind 'frobnicate'"):
        Record.from_json({"kind": "frobnicate", "path": "/x"})
    with pytest.raises(RecordError, match="'rmdir' has unknown fields \\['colour'\\]"):
        Record.from_json({"kind": "rmdir", "path": "/x", "colour": "red"})
    host.journal_dir.mkdir(parents=True)
    (host.journal_dir / "current.json").write_text(json.dumps({
        "txid": "0" * 32, "title": "op", "undo": [{"kind": "frobnicate"}]}))
    with pytest.raises(ApplyError, match="incomplete: frobnicate: unknown journal record"):
        _transaction(host).repair()
