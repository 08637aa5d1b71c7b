"""smb/dfree.py: which shares ask the free-space helper, and the links and numbers the
agent keeps for it (the helper itself: tests/pkg/test_dfree_helper.py)."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from pvesmbgw.core.config import Config
from pvesmbgw.smb import dfree
from pvesmbgw.smb.gateways.native import NativeGateway
from pvesmbgw.smb.registry import Registry, Share
from pvesmbgw.storage.usage import Usage

from .conftest import FakeRunner

GIB = 1 << 30


def share(name: str = "team", backend: str = "btrfs", quota: int | None = GIB,
          gateway: str | None = None) -> Share:
    return Share(name=name, path=f"/srv/{name}", mode="native" if gateway is None else "lxc",
                 backend=backend, quota=quota, gateway=gateway)


@pytest.mark.parametrize("s,needed", [
    (share(), True),
    (share(backend="cephfs"), True),
    (share(quota=None), False),               # nothing to show but the file system
    (share(backend="zfs"), False),            # statvfs reports refquota itself
    (share(backend="rbd"), False),            # a file system of its own
    (share(backend="dir", quota=None), False),
    (share(gateway="lxc-105"), True),         # a copy in the container's folder
    (replace(share(gateway="vm-106"), mode="vm"), False),  # no helper in a VM
])
def test_shares_whose_quota_statvfs_hides_need_the_helper(s: Share, needed: bool) -> None:
    assert dfree.needs_helper(s) is needed
    assert bool(dfree.smb_options(Config.defaults(), s)) is needed


def test_the_command_is_one_safe_path_whatever_the_share_name(host: Config) -> None:
    options = dfree.smb_options(host, share(name="Team 100% {x}"))
    command = options["dfree command"]
    assert Path(command).parent == host.dfree_dir
    assert not any(c in command for c in " %\t")
    assert options["dfree cache time"] == str(dfree.CACHE_SECONDS)
    assert dfree.space_file(host, share(name="Team 100% {x}")) == Path(command + ".space")


def test_native_include_file_names_the_helper_for_a_btrfs_quota(host: Config) -> None:
    here = [replace(share(), node=host.node), replace(share(name="plain", quota=None),
                                                      node=host.node)]
    reg = Registry().with_share(here[0]).with_share(here[1])
    text = NativeGateway(host, FakeRunner()).text(reg)
    assert text is not None
    team, plain = text.split("[team]\n")[1], text.split("[plain]\n")[1].split("[team]")[0]
    assert f"\tdfree command = {dfree.command_file(host, share())}\n" in team
    assert "dfree" not in plain


def usage(quota: int | None = GIB, used: int | None = 5 << 20) -> Usage:
    return Usage(used=used, avail=0, total=quota or 0, quota=quota)


def test_write_links_the_helper_and_keeps_world_readable_numbers(host: Config) -> None:
    s = share()
    dfree.write(host, [s], {"team": usage()})
    link, numbers = dfree.command_file(host, s), dfree.space_file(host, s)
    assert link.is_symlink() and Path(os.readlink(link)) == host.dfree_helper
    assert numbers.read_text() == f"{GIB} {5 << 20}\n"
    assert numbers.stat().st_mode & 0o777 == 0o644
    assert host.dfree_dir.stat().st_mode & 0o777 == 0o755


def test_unknown_usage_keeps_the_last_numbers_and_others_are_removed(host: Config) -> None:
    s, other = share(), share(name="old")
    dfree.write(host, [s, other], {"team": usage(), "old": usage()})
    dfree.write(host, [s, replace(other, quota=None)], {"team": None})
    assert dfree.space_file(host, s).read_text() == f"{GIB} {5 << 20}\n"
    assert sorted(os.listdir(host.dfree_dir)) == sorted(
        [dfree.command_file(host, s).name, dfree.space_file(host, s).name])


def test_a_moved_helper_is_linked_anew(host: Config) -> None:
    s = share()
    dfree.write(host, [s], {"team": usage()})
    moved = replace(host, dfree_helper=Path("/opt/pvesmbgw-dfree"))
    dfree.write(moved, [s], {"team": usage()})
    assert Path(os.readlink(dfree.command_file(host, s))) == Path("/opt/pvesmbgw-dfree")


def test_no_numbers_without_a_counted_quota() -> None:
    assert dfree.cache_text(usage(quota=None)) is None
    assert dfree.cache_text(usage(used=None)) is None  # quotas switched off


def test_without_the_command_lock_nothing_is_removed(host: Config) -> None:
    s, made_meanwhile = share(), share(name="new")
    dfree.write(host, [made_meanwhile], {"new": usage()})
    dfree.publish(host, FakeRunner(), [s], {"team": usage()})  # an older registry
    assert dfree.space_file(host, made_meanwhile).exists()
    assert dfree.space_file(host, s).exists()


def test_a_dry_run_writes_nothing(host: Config) -> None:
    dfree.publish(host, FakeRunner(dry_run=True), [share()], {"team": usage()})
    assert not host.dfree_dir.exists()


def test_a_gateway_container_gets_a_copy_of_the_helper_and_links_that_resolve_inside(
        host: Config, tmp_path: Path) -> None:
    helper = tmp_path / "pvesmbgw-dfree"
    helper.write_text("#!/bin/sh\necho helper\n")
    cfg = replace(host, dfree_helper=helper)
    s = share(gateway="lxc-105")
    options = dfree.smb_options(cfg, s)
    link = dfree.command_file(cfg, s)
    assert options["dfree command"] == f"/var/lib/pvesmbgw-dfree/{link.name}"
    dfree.write(cfg, [s], {"team": usage()}, gateways=["lxc-105"])
    folder = dfree.gateway_folder(cfg, "lxc-105")
    assert link.parent == folder and os.readlink(link) == "pvesmbgw-dfree"
    assert (folder / "pvesmbgw-dfree").read_text() == helper.read_text()
    assert (folder / "pvesmbgw-dfree").stat().st_mode & 0o777 == 0o755
    assert dfree.space_file(cfg, s).read_text() == f"{GIB} {5 << 20}\n"
    assert not cfg.dfree_dir.exists() or os.listdir(cfg.dfree_dir) == []

    # The share goes: its files go, the folder (the container's mount source) stays
    # with the helper while the container does; then the folder goes too.
    dfree.write(cfg, [], {}, gateways=["lxc-105"])
    assert sorted(os.listdir(folder)) == ["pvesmbgw-dfree"]
    dfree.write(cfg, [], {}, gateways=[])
    assert not folder.exists()
