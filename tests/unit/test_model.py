from __future__ import annotations

import re
from typing import Callable

import pytest

from pvesmbgw.core.errors import ValidationError
from pvesmbgw.core.units import parse_int
from pvesmbgw.smb.model import (ShareChange, ShareSpec, parse_bool, parse_quota,
    parse_valid_users, validate_name, validate_storage_id, validate_username)


@pytest.mark.parametrize("name,reason", [
    ("", "empty"),
    ("a\nb", "newline"),
    ("a\rb", "newline"),
    ("a\tb", "control"),
    ("a\x7fb", "control"),
    ("[evil", "'['"),
    ("evil]", "']'"),
    ("a=b", "'='"),
    ("50%", "'%'"),
    ("a/b", "'/'"),
    ("a\\b", "'\\\\'"),
    (" lead", "space"),
    ("trail ", "space"),
    ("x" * 81, "longer than 80"),
    ("global", "reserved"),
    ("GLOBAL", "reserved"),
    ("homes", "reserved"),
    ("printers", "reserved"),
    ("IPC$", "reserved"),
])
def test_bad_names_are_rejected_naming_the_field(name: str, reason: str) -> None:
    with pytest.raises(ValidationError) as err:
        validate_name(name)
    assert err.value.field == "name"
    assert reason in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("name", ["demo", "Team Docs", "backup$", "a" * 80, "x.y-z_1"])
def test_good_names_pass(name: str) -> None:
    assert validate_name(name) == name


@pytest.mark.parametrize("text,expected", [
    ("1G", 1 << 30), ("500M", 500 << 20), ("1.5G", 3 << 29), ("2T", 2 << 40),
    ("1024", 1024), ("10GiB", 10 << 30), ("4k", 4096),
])
def test_quota_sizes(text: str, expected: int) -> None:
    assert parse_quota(text) == expected


@pytest.mark.parametrize("text", ["0", "0G", "-1G", "1X", "G", "", "1 G B", "one",
                                  "\u0661G", "\uff11G", "1_000", "0x10", "1e9", "inf"])
def test_bad_quotas(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_quota(text)
    assert err.value.field == "quota"


def test_valid_users_split_quoted_groups() -> None:
    assert parse_valid_users('alice, @staff,@"EXAMPLE\\Domain Users"') == (
        "alice", "@staff", '@"EXAMPLE\\Domain Users"')


@pytest.mark.parametrize("text", ["alice,,bob", "a=b", "al%ice", 'x,"y', "[x]", "a\nb",
                                  "a;b", "@", "+", "&", "-x", "@-x", '@"-x"', "a\udcff",
                                  "a\u2028b", "a\x85b"])
def test_bad_valid_users(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_valid_users(text)
    assert err.value.field == "valid-users"


def test_spec_needs_exactly_one_location() -> None:
    with pytest.raises(ValidationError, match="exactly one"):
        ShareSpec(name="a")
    with pytest.raises(ValidationError, match="exactly one"):
        ShareSpec(name="a", path="/srv/a", storage="local")


def test_spec_rejects_unknown_mode_and_percent_comment() -> None:
    with pytest.raises(ValidationError, match="mode"):
        ShareSpec(name="a", path="/srv/a", mode="nas")
    with pytest.raises(ValidationError, match="comment"):
        ShareSpec(name="a", path="/srv/a", comment="100%U")


def test_bools_and_usernames() -> None:
    assert parse_bool("read-only", "Yes") is True
    assert parse_bool("read-only", "no") is False
    with pytest.raises(ValidationError, match="read-only"):
        parse_bool("read-only", "maybe")
    assert validate_username("alice") == "alice"
    for bad in ("Alice", "a b", "-x", "a" * 33, "root;x"):
        with pytest.raises(ValidationError):
            validate_username(bad)


def test_empty_change_is_detected() -> None:
    assert ShareChange().is_empty()
    assert not ShareChange(read_only=False).is_empty()


@pytest.mark.parametrize("make", [
    lambda: ShareSpec(name="x", path="/srv/x", comment="x\\"),
    lambda: parse_valid_users("u\\"),
    lambda: parse_valid_users('u\\,b'),
    lambda: parse_valid_users('@"DOM\\"'),
])
def test_a_trailing_backslash_never_reaches_smb_conf(make: Callable[[], object]) -> None:
    """It would continue the rendered line onto the next one."""
    with pytest.raises(ValidationError):
        make()


@pytest.mark.parametrize("name, message", [
    ("ıpc$", "reads as 'ipc$'"),                       # dotless i
    ("ｇｌｏｂａｌ", "reads as 'global'"),                # full-width
    ("glоbal", "reads as 'global'"),                   # Cyrillic o
    ("Printers", "reserved"),
    ("a\u200bb", "U+200B"),                            # zero-width space
    ("a\u202eb", "U+202E"),                            # right-to-left override
    ("a\x85b", "control characters"),                  # C1 next line
    (".", "not a share name"), ("..", "not a share name"),
    ("e\u0301", "NFC"),
])
def test_names_that_hide_or_impersonate_are_refused(name: str, message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        validate_name(name)


def test_ordinary_international_names_stay_usable() -> None:
    for name in ("Café", "Zürich Team", "Проекты", "共有", "backup$"):
        assert validate_name(name) == name


@pytest.mark.parametrize("text", ["", " 1", "1 ", "1_0", "\u0661", "+1", "-1", "1.0", "0x1",
                                  "1" * 13])
def test_whole_numbers_are_ascii_digits(text: str) -> None:
    with pytest.raises(ValidationError, match="vm-cores: not a whole number"):
        parse_int("vm-cores", text)


def test_whole_numbers() -> None:
    assert parse_int("vmid", "100") == 100


@pytest.mark.parametrize("storage", ["local", "local-lvm", "ceph_fs.2", "a"])
def test_storage_ids(storage: str) -> None:
    assert validate_storage_id(storage) == storage


@pytest.mark.parametrize("storage", ["", "-x", "Local", "1st", "a b", "a\nb", "x-", "../x",
                                     "s" * 65, "\u0430"])
def test_bad_storage_ids(storage: str) -> None:
    with pytest.raises(ValidationError) as err:
        ShareSpec("x", storage=storage)
    assert err.value.field == "storage"


@pytest.mark.parametrize("comment", ["a\udcff", "a\u2028b", "a\u2029b", "a\x85b", "a\x7fb"])
def test_comments_that_break_lines_or_encoding_are_refused(comment: str) -> None:
    with pytest.raises(ValidationError) as err:
        ShareChange(comment=comment)
    assert err.value.field == "comment"
