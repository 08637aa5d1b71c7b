"""Plans of lxc-mode shares: the gateway container's build steps and what undoes them,
hot-plugging into an existing gateway, and taking a gateway down with its last share.
PVE's read-only commands (pvesh, pveam, pct config/status) are answered by the
FakeRunner; nothing is started."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Iterator, Optional

import pytest

from pvesmbgw.core.config import Config
from pvesmbgw.core.errors import ValidationError
from pvesmbgw.core.records import RemoveTree, RestoreFile, Rmdir
from pvesmbgw.pve.channel import PctExec
from pvesmbgw.pve.records import PctDestroy, PctStop, PctUnmount, PveamRemove
from pvesmbgw.smb.ad.records import ClearNtAcl
from pvesmbgw.smb.accounts import GroupDel
from pvesmbgw.smb.model import ShareSpec
from pvesmbgw.smb.planner import Planner
from pvesmbgw.smb.registry import Gateway, Registry, Share
from pvesmbgw.tools import pvesh

from .conftest import FakeAccounts, FakeRunner
from .plans import assert_commit_point, deferred, preview, step, titles, undo

pytestmark = pytest.mark.usefixtures("no_zfs")

VMID = 105
GID = 2000000  # the share group pvesmbgw creates: first id of account_id_range
TEMPLATE = "debian-12-standard_12.7-1_amd64.tar.zst"
RELOAD = ("systemctl", "reload-or-restart", "smbd")


@pytest.fixture
def pve(host: Config, accounts: FakeAccounts,
        monkeypatch: pytest.MonkeyPatch) -> Iterator[Config]:
    """A PVE node "pve1" with a share group to create (a gateway maps only ids in
    account_id_range through) and its subuid/subgid files under tmp_path."""
    monkeypatch.setattr(pvesh, "available", lambda: True)
    etc = host.samba_conf.parents[1]
    yield replace(host, node="pve1", share_group="smbshares",
                  subuid_file=etc / "subuid", subgid_file=etc / "subgid")


def storages(runner: FakeRunner) -> None:
    runner.answer(["pvesh", "get", "/storage", "--output-format", "json"], json.dumps([
        {"storage": "local", "type": "dir", "path": "/var/lib/vz", "content": "vztmpl,iso"},
        {"storage": "local-lvm", "type": "lvmthin", "content": "rootdir,images"}]))


def new_container(runner: FakeRunner, stored: tuple[str, ...] = (TEMPLATE,)) -> None:
    """What planning a new gateway reads: storages, stored templates, the next VMID."""
    storages(runner)
    runner.answer(["pveam", "list", "local"], "NAME SIZE\n" + "".join(
        f"local:vztmpl/{t} 129824858\n" for t in stored))
    runner.answer(["pvesh", "get", "/cluster/nextid", "--output-format", "json"], str(VMID))


def lxc_spec(host: Config, name: str = "films") -> ShareSpec:
    return ShareSpec(name=name, path=str(host.allowed_roots[0] / name), mode="lxc")


@pytest.fixture
def planner(pve: Config, fake_runner: FakeRunner) -> Iterator[Planner]:
    planner = Planner(pve, fake_runner)
    yield planner
    planner.lxc.cleanup()  # files staged for `pct push`


def test_first_lxc_share_builds_the_gateway(pve: Config, planner: Planner,
                                           fake_runner: FakeRunner) -> None:
    """Each build step that leaves something behind is undone by a record: the group,
    the directory, the container (destroying it takes its config and id map along),
    the subid files, the running container."""
    new_container(fake_runner)
    path = pve.allowed_roots[0] / "films"
    conf = pve.lxc_config_file(VMID)
    plan = planner.create(Registry(), lxc_spec(pve))
    assert titles(plan) == [
        "create group smbshares",
        f"create directory {path}",
        f"create {free_space_folder(pve)}",
        f"create gateway container {VMID} from local:vztmpl/{TEMPLATE}",
        f"add the id map to {conf}",
        f"allow the id map in {pve.subuid_file}",
        f"allow the id map in {pve.subgid_file}",
        f"give {path} to the container's root and group smbshares",
        f"start gateway container {VMID}",
        f"install Samba in CT {VMID} (a minute or two, unless the template has it)",
        f"create group smbshares in CT {VMID}",
        f"arm smbd reload in CT {VMID} for rollback",
        f"write smb.conf in CT {VMID}",
        f"check smb.conf with testparm in CT {VMID}",
        f"reload smbd in CT {VMID} (connected clients stay connected)",
        "save the registry",
    ]
    assert undo(plan) == [
        GroupDel("smbshares"), Rmdir(str(path)), Rmdir(str(free_space_folder(pve))),
        PctDestroy(vmid=VMID), None,
        RestoreFile(str(pve.subuid_file), 0o644), RestoreFile(str(pve.subgid_file), 0o644),
        None, PctStop(vmid=VMID), None, None, PctExec(VMID, RELOAD), None, None, None,
        RestoreFile(str(pve.registry_file), 0o600)]
    assert deferred(plan) == []
    assert fake_runner.calls == [
        ("pvesh", "get", "/storage", "--output-format", "json"),
        ("pveam", "list", "local"),
        ("pvesh", "get", "/cluster/nextid", "--output-format", "json")]


def test_gateway_container_options(pve: Config, planner: Planner,
                                   fake_runner: FakeRunner) -> None:
    """The exact `pct create`: unprivileged, on the first rootdir storage, the share's
    volume bind-mounted at a readable path, the free-space folder read-only."""
    new_container(fake_runner)
    path = pve.allowed_roots[0] / "films"
    plan = planner.create(Registry(), lxc_spec(pve))
    assert preview(step(plan, f"create gateway container {VMID} from local:vztmpl/{TEMPLATE}")
                   ) == [
        f"run: pct create {VMID} local:vztmpl/{TEMPLATE} --hostname smbgw-pve1 --memory 256 "
        "--swap 256 --cores 1 --rootfs local-lvm:4 --net0 name=eth0,bridge=vmbr0,ip=dhcp "
        "--unprivileged 1 --features nesting=1 --onboot 1 --ostype debian --tags pvesmbgw "
        f"--description 'SMB gateway managed by pvesmbgw' --mp0 {path},mp=/srv/shares/mp0-films "
        f"--mp255 {free_space_folder(pve)},mp=/var/lib/pvesmbgw-dfree,ro=1"]
    assert preview(step(plan, f"start gateway container {VMID}")) == [f"run: pct start {VMID}"]
    assert preview(step(plan, f"give {path} to the container's root and group smbshares")) == [
        f"chown 100000:{GID} {path}"]
    assert preview(step(plan, f"create group smbshares in CT {VMID}")) == [
        f"run: pct exec {VMID} --keep-env 1 -- groupadd -g {GID} smbshares"]
    gateway = plan.registry.gateways[f"lxc-{VMID}"]
    assert (gateway.vmid, gateway.node, gateway.mounts) == (VMID, "pve1", {"films": "mp0"})
    assert plan.registry.shares["films"].gateway == f"lxc-{VMID}"


def test_missing_template_is_downloaded_and_removed_on_rollback(
        pve: Config, planner: Planner, fake_runner: FakeRunner) -> None:
    new_container(fake_runner, stored=())
    fake_runner.answer(["pveam", "available", "--section", "system"],
                       f"system          {TEMPLATE}\n"
                       "system          debian-11-standard_11.7-1_amd64.tar.zst\n")
    plan = planner.create(Registry(), lxc_spec(pve))
    download = step(plan, f"download template {TEMPLATE} to local")
    assert download.compensation == PveamRemove(volid=f"local:vztmpl/{TEMPLATE}")
    assert preview(download) == [f"run: pveam download local {TEMPLATE}"]
    assert titles(plan).index(download.title) == 2  # before the container that needs it
    assert f"downloaded template {TEMPLATE}" in plan.notes


def test_lxc_share_needs_a_group_the_container_can_map(pve: Config,
                                                       fake_runner: FakeRunner) -> None:
    """root's group (gid 0) lies outside account_id_range: refused before any command."""
    with pytest.raises(ValidationError, match="outside account_id_range"):
        Planner(replace(pve, share_group="root"), fake_runner).create(Registry(),
                                                                      lxc_spec(pve))
    assert fake_runner.calls == []


# -- an existing gateway ----------------------------------------------------------------


def served(pve: Config, *names: str) -> Registry:
    """Gateway container VMID (which pvesmbgw created) serving shares NAMES as mp0, mp1…"""
    gw = Gateway(id=f"lxc-{VMID}", kind="lxc", vmid=VMID, node="pve1",
                 mounts={n: f"mp{i}" for i, n in enumerate(names)})
    shares = {}
    for name in names:
        path = pve.allowed_roots[0] / name
        path.mkdir()
        shares[name] = Share(name=name, path=str(path), mode="lxc", backend="dir",
                             gateway=gw.id, created_volume=True, volume_id="t-" + name,
                             node="pve1")
    return Registry(shares=shares, gateways={gw.id: gw})


def free_space_folder(cfg: Config) -> Path:
    return cfg.state_dir / "gateway-dfree" / f"lxc-{VMID}"


def gateway_conf(runner: FakeRunner, *mounts: str, free_space: Optional[Path] = None) -> None:
    """`pct config` of the gateway: MOUNTS, and FREE_SPACE (the free-space folder) as
    mp255 unless it is None (a gateway made before it had one)."""
    lines = [f"{key}: /srv/x,mp=/srv/shares/{key}-x\n" for key in mounts]
    if free_space is not None:
        lines.append(f"mp255: {free_space},mp=/var/lib/pvesmbgw-dfree,ro=1\n")
    runner.answer(["pct", "config", str(VMID), "--current"], "arch: amd64\n" + "".join(lines))


def test_second_lxc_share_is_hot_plugged(pve: Config, planner: Planner, accounts: FakeAccounts,
                                         fake_runner: FakeRunner) -> None:
    """No new container: the volume is hot-plugged (undone by unplugging it) and the
    gateway's smb.conf rewritten (undone by writing the old one back)."""
    accounts.groups["smbshares"] = GID
    gateway_conf(fake_runner, "mp0", free_space=free_space_folder(pve))
    reg = served(pve, "films")
    path = pve.allowed_roots[0] / "music"
    plan = planner.create(reg, lxc_spec(pve, "music"))
    assert titles(plan) == [
        f"create directory {path}",
        f"hot-plug {path} into CT {VMID} as mp1",
        f"give {path} to the container's root and group smbshares",
        f"arm smbd reload in CT {VMID} for rollback",
        f"write smb.conf in CT {VMID}",
        f"check smb.conf with testparm in CT {VMID}",
        f"reload smbd in CT {VMID} (connected clients stay connected)",
        "save the registry"]
    old_conf = planner.lxc.conf_text(reg, reg.gateways[f"lxc-{VMID}"])
    assert undo(plan)[:5] == [Rmdir(str(path)), PctUnmount(vmid=VMID, key="mp1"), None,
                              PctExec(VMID, RELOAD),
                              planner.lxc.chan(VMID).push_record("/etc/samba/smb.conf",
                                                                 old_conf, "0644")]
    assert preview(plan.steps[1]) == [
        f"run: pct set {VMID} --mp1 {path},mp=/srv/shares/mp1-music"]
    assert fake_runner.calls == [("pct", "config", str(VMID), "--current")]


def test_a_gateway_made_before_the_free_space_folder_gets_it_with_its_next_share(
        pve: Config, planner: Planner, accounts: FakeAccounts,
        fake_runner: FakeRunner) -> None:
    """Hot-plugged read-only as mp255 (undone by unplugging it), after its folder is made
    (undone by removing it)."""
    accounts.groups["smbshares"] = GID
    gateway_conf(fake_runner, "mp0")
    plan = planner.create(served(pve, "films"), lxc_spec(pve, "music"))
    folder = free_space_folder(pve)
    title = f"mount the free-space folder into CT {VMID} as mp255"
    assert titles(plan)[1:4] == [f"create {folder}", title,
                                 f"hot-plug {pve.allowed_roots[0] / 'music'} into CT {VMID} "
                                 "as mp1"]
    assert undo(plan)[1:3] == [Rmdir(str(folder)), PctUnmount(vmid=VMID, key="mp255")]
    assert preview(step(plan, title)) == [
        f"run: pct set {VMID} --mp255 {folder},mp=/var/lib/pvesmbgw-dfree,ro=1"]


def test_reconcile_mounts_the_free_space_folder_of_a_gateway_without_it(
        pve: Config, planner: Planner, fake_runner: FakeRunner) -> None:
    gateway_conf(fake_runner, "mp0")
    reg = served(pve, "films")
    gw = reg.gateways[f"lxc-{VMID}"]
    found, steps = planner.lxc.attachment_drift(reg, gw)
    ours = [f for f in found if f["share"] == ""]  # not films' mp0, which the fake moved
    assert [f["what"] for f in ours] == ["mount_missing"]
    assert [s.title for s in steps[:2]] == [
        f"create {free_space_folder(pve)}", f"mount the free-space folder into CT {VMID} as mp255"]
    gateway_conf(fake_runner, "mp0", free_space=Path("/srv/admin-made"))
    found, steps = planner.lxc.attachment_drift(reg, gw)
    assert [f for f in found if f["share"] == ""] == [] and "mp255" not in str(
        [s.title for s in steps])


def test_deleting_the_last_share_destroys_the_gateway_last(
        pve: Config, planner: Planner, fake_runner: FakeRunner) -> None:
    plan = planner.delete(served(pve, "films"), "films", purge=False)
    assert titles(plan) == ["save the registry",
                            f"stop and destroy gateway container {VMID}"]
    assert deferred(plan) == [PctDestroy(vmid=VMID)]
    assert preview(plan.steps[-1]) == [f"run: pct stop {VMID}",
                                       f"run: pct destroy {VMID} --purge"]
    assert plan.registry.gateways == {}
    assert_commit_point(plan)


def test_deleting_one_of_two_shares_detaches_its_mount_point_last(
        pve: Config, planner: Planner, fake_runner: FakeRunner) -> None:
    fake_runner.answer(["pct", "status", str(VMID)], "status: running\n")
    plan = planner.delete(served(pve, "films", "music"), "films", purge=True)
    assert titles(plan) == [
        f"arm smbd reload in CT {VMID} for rollback",
        f"write smb.conf in CT {VMID}",
        f"check smb.conf with testparm in CT {VMID}",
        f"reload smbd in CT {VMID} (connected clients stay connected)",
        "save the registry",
        f"detach mp0 from CT {VMID}",
        f"remove directory {pve.allowed_roots[0] / 'films'} and its data"]
    assert deferred(plan) == [PctUnmount(vmid=VMID, key="mp0"),
                              RemoveTree(str(pve.allowed_roots[0] / "films"))]
    assert preview(plan.steps[5]) == [f"run: pct set {VMID} --delete mp0"]
    assert any("detaches at the gateway's next restart" in n for n in plan.notes)
    assert_commit_point(plan)


def test_a_joined_gateway_sets_a_new_volumes_initial_acl_inside_it(
        pve: Config, planner: Planner, accounts: FakeAccounts,
        fake_runner: FakeRunner) -> None:
    """Names are resolved by the container's winbind and samba-tool runs there (its
    acl_xattr keeps NT ACLs in user.NTACL), once the volume is plugged in and served;
    undo clears the ACL on the host path."""
    accounts.groups["smbshares"] = GID
    gateway_conf(fake_runner, "mp0")
    pve.state_dir.mkdir(parents=True, exist_ok=True)
    (pve.state_dir / f"ad-gateway-lxc-{VMID}.json").write_text(json.dumps(
        {"gateway": f"lxc-{VMID}", "realm": "EXAMPLE.TEST", "workgroup": "EXAMPLE"}))
    inside = ["pct", "exec", str(VMID), "--keep-env", "1", "--"]
    fake_runner.answer([*inside, "wbinfo", "-n", "EXAMPLE\\alice"],
                       "S-1-5-21-1-2-3-1103 SID_USER (1)\n")
    fake_runner.answer([*inside, "wbinfo", "-D", "EXAMPLE"], "SID     : S-1-5-21-1-2-3\n")
    reg = served(pve, "films")
    path = pve.allowed_roots[0] / "music"
    spec = replace(lxc_spec(pve, "music"), valid_users=("EXAMPLE\\alice",))
    plan = planner.create(reg, spec)
    title = f"set the initial Windows ACL of {path}"
    assert titles(plan)[-3:] == [f"reload smbd in CT {VMID} (connected clients stay "
                                 "connected)", title, "save the registry"]
    sddl = ("D:P(A;OICI;0x001301bf;;;S-1-5-21-1-2-3-1103)"
            "(A;OICI;0x001f01ff;;;S-1-5-21-1-2-3-512)(A;OICI;0x001f01ff;;;SY)"
            "(A;OICIIO;0x001f01ff;;;CO)")
    argv = [*inside, "samba-tool", "ntacl", "set", "--use-s3fs", "-s",
            "/etc/samba/smb.conf", sddl, "/srv/shares/mp1-music"]
    assert preview(step(plan, title))[0] == f"run: {' '.join(argv[:-2])} '{sddl}' {argv[-1]}"
    assert step(plan, title).compensation == ClearNtAcl(str(path), "user.NTACL", 0o2770)
    fake_runner.answer([*inside, "samba-tool"])
    step(plan, title).do()
    assert fake_runner.calls[-1] == tuple(argv)
