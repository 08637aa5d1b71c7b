"""AD membership of gateway containers and VMs without a domain: the id map and subid
edits, the guest argv (password on stdin of `pct exec`), which gateways may join, the
name a VM joins under."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pvesmbgw.smb.ad import gateway, gateway_files
from pvesmbgw.smb.ad.gateway_kind import gateway_kind
from pvesmbgw.smb.ad.guest_runner import ChannelRunner
from pvesmbgw.smb.ad.spec import JoinSpec
from pvesmbgw.core.config import Config
from pvesmbgw.core.errors import NotFoundError, ValidationError
from pvesmbgw.pve.channel import CtChannel, VmChannel
from pvesmbgw.smb.registry import Gateway, Registry
from pvesmbgw.tools.net import NetAds, kinit_check

from .conftest import FakeRunner

PASSWORD = "S3cret pass%word!"
CONF = """arch: amd64
hostname: smbgw-pve
unprivileged: 1
lxc.idmap: u 0 100000 65536
lxc.idmap: u 2000000 2000000 100000
lxc.idmap: g 0 100000 65536
lxc.idmap: g 2000000 2000000 100000

[snap1]
hostname: smbgw-pve
lxc.idmap: u 0 100000 65536
"""
DOMAIN = (10000000, 10000000)
DEFAULT = (3000000, 100000)
SPEC = JoinSpec("EXAMPLE.TEST", "Administrator", None, "rid", DOMAIN, DEFAULT)


def test_the_domain_ranges_are_mapped_one_to_one_in_the_main_section() -> None:
    ranges = gateway_files.mapped_ranges("rid", DOMAIN, DEFAULT)
    text, lines = gateway_files.idmap_conf(CONF, ranges)
    assert lines == ["lxc.idmap: u 10000000 10000000 10000000",
                     "lxc.idmap: u 3000000 3000000 100000",
                     "lxc.idmap: g 10000000 10000000 10000000",
                     "lxc.idmap: g 3000000 3000000 100000"]
    main, snap = text.split("[snap1]")
    assert all(line in main for line in lines) and "10000000" not in snap
    # Again: nothing to add. Leave takes exactly these lines out.
    assert gateway_files.idmap_conf(text, ranges) == (text, [])
    assert gateway_files.idmap_conf_remove(text, lines) == CONF
    assert gateway_files.mapped_ranges("autorid", DOMAIN, DEFAULT) == [DOMAIN]


@pytest.mark.parametrize("rng", [(2050000, 1000000), (100000, 10), (60000, 10)])
def test_a_range_overlapping_the_container_map_is_refused(rng: tuple[int, int]) -> None:
    with pytest.raises(ValidationError, match="overlaps the container's id map"):
        gateway_files.idmap_conf(CONF, [rng])


def test_subid_lines_are_removed_exactly() -> None:
    text = "root:100000:65536\nroot:10000000:10000000\nroot:2000000:100000\n"
    assert gateway_files.subid_remove(text, ["root:10000000:10000000"]) == \
        "root:100000:65536\nroot:2000000:100000\n"


def test_restore_command_puts_back_the_kept_copy_or_removes() -> None:
    # Plain programs, no shell: a VM's guest agent runs programs, not command lines.
    assert gateway_files.restore_command("/etc/krb5.conf", True) == \
        ["cp", "-a", "/etc/krb5.conf.pvesmbgw-orig", "/etc/krb5.conf"]
    assert gateway_files.restore_command("/etc/krb5.conf", False) == \
        ["rm", "-f", "/etc/krb5.conf"]


def test_a_joined_gateway_keeps_its_include_line(host: Config) -> None:
    rendered = "[global]\n\tsecurity = user\n\n[share]\n\tpath = /srv/x\n"
    assert gateway_files.joined_gateways(host) == []
    host.state_dir.mkdir(parents=True, exist_ok=True)
    gateway_files.state_path(host, "lxc-101").write_text('{"realm": "EXAMPLE.TEST"}')
    hooked = gateway_files.with_ad_include(rendered)
    assert hooked.index("include = /etc/samba/pvesmbgw-ad.conf") < hooked.index("[share]")
    assert gateway_files.joined_gateways(host) == ["lxc-101"]


def test_only_gateways_of_this_node_can_join() -> None:
    reg = Registry(gateways={
        "lxc-101": Gateway("lxc-101", "lxc", 101, "pve"),
        "vm-200": Gateway("vm-200", "vm", 200, "pve"),
        "lxc-102": Gateway("lxc-102", "lxc", 102, "other")})
    assert gateway.find_gateway(reg, "lxc-101", "pve").vmid == 101
    assert gateway.find_gateway(reg, "101", "pve").id == "lxc-101"
    assert gateway.find_gateway(reg, "vm-200", "pve").kind == "vm"
    with pytest.raises(ValidationError, match="runs on node other"):
        gateway.find_gateway(reg, "lxc-102", "pve")
    with pytest.raises(NotFoundError, match="no gateway 'lxc-9'"):
        gateway.find_gateway(reg, "lxc-9", "pve")


def test_a_vm_joins_under_its_pve_name_or_one_made_from_its_vmid(host: Config) -> None:
    fake = FakeRunner()
    kind = gateway_kind("vm", host, fake, "vm-200", VmChannel(fake, 200))
    fake.answer(["qm", "config"], "name: smbgw-pve\nmemory: 1024\n")
    assert kind.netbios_name() == "SMBGW-PVE"
    fake.answer(["qm", "config"], "name: smbgw-a-very-long-share\n")
    assert kind.netbios_name() == "SMBGW-VM200"
    assert kind.join_steps(SPEC) == ([], {"idmap_lines": [], "subuid_added": [],
                                          "subgid_added": []})
    assert kind.problems({"idmap_lines": []}) == []


def test_guest_commands_get_the_password_on_stdin_only() -> None:
    fake = FakeRunner()
    fake.answer(["pct", "exec"], "Joined 'SMBGW-PVE' to dns domain 'example.test'")
    guest = ChannelRunner(CtChannel(fake, 101))
    NetAds(guest, gateway.SMB_CONF).join("Administrator", PASSWORD, "Servers/Unix")
    kinit_check(guest, "Administrator@EXAMPLE.TEST", PASSWORD, gateway.CHECK_KRB5)
    assert fake.calls == [
        ("pct", "exec", "101", "--keep-env", "1", "--", "net", "ads", "join", "-s",
         "/etc/samba/smb.conf", "-U", "Administrator", "createcomputer=Servers/Unix"),
        ("pct", "exec", "101", "--keep-env", "1", "--", "kinit",
         "Administrator@EXAMPLE.TEST")]
    assert fake.inputs == [PASSWORD + "\n", PASSWORD + "\n"]
    assert not any(PASSWORD in " ".join(call) for call in fake.calls)


def test_other_gateways_subid_lines_do_not_block_a_join(host: Config, tmp_path: Path) -> None:
    """The subid lines an earlier gateway join added for the same range are ours."""
    subuid = tmp_path / "subuid"
    subuid.write_text("root:100000:65536\nroot:10000000:10000000\n")
    cfg = dataclasses.replace(host, subuid_file=subuid, subgid_file=subuid)
    from pvesmbgw.smb.ad.spec import JoinSpec, check_ranges, host_ranges
    join = JoinSpec("EXAMPLE.TEST", "Administrator", None, "autorid", DOMAIN, DEFAULT)
    with pytest.raises(ValidationError):
        check_ranges("autorid", DOMAIN, DEFAULT,
                     host_ranges(cfg.account_ids, cfg.subuid_file, cfg.subgid_file))
    check_ranges("autorid", DOMAIN, DEFAULT, gateway_files.taken_ranges(cfg, join))
    other = dataclasses.replace(join, domain_range=(20000000, 10000000))
    assert ("%s" % subuid, DOMAIN) in gateway_files.taken_ranges(cfg, other)


def test_a_gateway_membership_lets_the_host_share_its_domain_ids(host: Config,
                                                                 tmp_path: Path) -> None:
    """After a gateway join the subid files hold the domain range; the host (same
    domain, same ids) may still join with it, but not with ranges overlapping others."""
    subuid = tmp_path / "subuid"
    subuid.write_text("root:100000:65536\nroot:10000000:10000000\nroot:3000000:100000\n")
    cfg = dataclasses.replace(host, subuid_file=subuid, subgid_file=subuid)
    from pvesmbgw.smb.ad.spec import host_ranges
    taken = host_ranges(cfg.account_ids, cfg.subuid_file, cfg.subgid_file)
    assert gateway_files.without_gateway_subids(cfg, taken) == taken
    cfg.state_dir.mkdir(parents=True, exist_ok=True)
    gateway_files.state_path(cfg, "lxc-101").write_text(
        '{"idmap": "rid", "domain_range": [10000000, 10000000], '
        '"default_range": [3000000, 100000]}')
    left = gateway_files.without_gateway_subids(cfg, taken)
    assert [r for _, r in left] == [cfg.account_ids, (100000, 65536), (100000, 65536)]
    assert gateway_files.state_ranges({"idmap": "rid"}) == []
