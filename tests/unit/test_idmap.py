from __future__ import annotations

import pytest

from pvesmbgw.core import units
from pvesmbgw.pve import usermap as idmap
from pvesmbgw.core.errors import ValidationError
from pvesmbgw.tools.pct import parse_config
from pvesmbgw.tools.pveam import newest, parse_available, parse_list


def test_gateway_map_passes_the_account_range_through() -> None:
    ranges = idmap.gateway_map((2000000, 100000))
    assert idmap.idmap_lines(ranges) == [
        "lxc.idmap: u 0 100000 65536",
        "lxc.idmap: u 2000000 2000000 100000",
        "lxc.idmap: g 0 100000 65536",
        "lxc.idmap: g 2000000 2000000 100000",
    ]
    # Every id a container's Samba can hand out is mapped, and accounts keep their id.
    assert idmap.host_id(ranges, "u", 0) == 100000
    assert idmap.host_id(ranges, "u", 65534) == 165534
    assert idmap.host_id(ranges, "u", 2000042) == 2000042
    assert idmap.host_id(ranges, "g", 2099999) == 2099999
    assert idmap.host_id(ranges, "u", 70000) is None
    assert idmap.subid_lines(ranges, "u") == ["root:100000:65536", "root:2000000:100000"]


def test_map_round_trips_through_a_container_config() -> None:
    ranges = idmap.gateway_map((2000000, 1000))
    text = "arch: amd64\nunprivileged: 1\n" + "\n".join(idmap.idmap_lines(ranges)) + \
        "\n\n[pending]\nlxc.idmap: u 0 1 1\n"
    assert idmap.parse_idmap_lines(text) == ranges


@pytest.mark.parametrize("text", ["1000-2000", "x-y", "3000000-2000000", "2000000"])
def test_bad_ranges(text: str) -> None:
    with pytest.raises(ValidationError):
        units.parse_range(text, "account_id_range")


def test_range_must_not_overlap_shifted_container_ids() -> None:
    with pytest.raises(ValidationError, match="overlaps"):
        idmap.gateway_map((150000, 1000))


def test_subid_lines_are_added_once_and_nothing_is_removed() -> None:
    text = "root:100000:65536\nalice:165536:65536\n"
    lines = ["root:100000:65536", "root:2000000:100000"]
    once = idmap.with_subid_lines(text, lines)
    assert once == text + "root:2000000:100000\n"
    assert idmap.with_subid_lines(once, lines) == once


def test_pveam_parsers_pick_the_newest_template() -> None:
    available = ("system          alpine-3.22-default_20250617_amd64.tar.xz\n"
                 "system          debian-12-standard_12.7-1_amd64.tar.zst\n"
                 "system          debian-12-standard_12.12-1_amd64.tar.zst\n"
                 "system          debian-13-standard_13.6-1_amd64.tar.zst\n")
    names = parse_available(available)
    assert newest(names, "debian-12-standard") == "debian-12-standard_12.12-1_amd64.tar.zst"
    assert newest(names, "ubuntu-24.04-standard") is None
    listing = ("NAME                                                         SIZE  \n"
               "local:vztmpl/debian-12-standard_12.12-1_amd64.tar.zst        123.45MB\n")
    assert parse_list(listing) == ["local:vztmpl/debian-12-standard_12.12-1_amd64.tar.zst"]


def test_pct_config_parser_finds_free_mount_points() -> None:
    config = parse_config("arch: amd64\nmp0: /srv/a,mp=/srv/shares/mp0-a\n"
                          "mp2: /srv/b,mp=/srv/shares/mp2-b\nlxc.idmap: u 0 100000 65536\n")
    assert config.mount_keys() == ["mp0", "mp2"]
    assert config.free_mount_key() == "mp1"
    assert config.free_mount_key(["mp1"]) == "mp3"
    assert config.mount_source("mp2") == "/srv/b"
    assert config.lxc == ["lxc.idmap: u 0 100000 65536"]
