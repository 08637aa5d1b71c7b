from __future__ import annotations

from pathlib import Path

import pytest

from pvesmbgw.smb.samba import conf, validate

from .conftest import ADMIN_SMB_CONF

INC = Path("/etc/samba/pvesmbgw-shares.conf")


def test_include_is_appended_once_and_removed_byte_for_byte() -> None:
    hooked = conf.with_include(ADMIN_SMB_CONF, INC)
    assert hooked.startswith(ADMIN_SMB_CONF)
    assert hooked[len(ADMIN_SMB_CONF):] == f"{conf.MARKER}\ninclude = {INC}\n"
    assert conf.with_include(hooked, INC) == hooked
    assert conf.has_include(hooked, INC)
    assert conf.without_include(hooked) == ADMIN_SMB_CONF


def test_file_without_final_newline_keeps_its_content() -> None:
    text = "[global]\n\tworkgroup = X"
    hooked = conf.with_include(text, INC)
    assert hooked == text + f"\n{conf.MARKER}\ninclude = {INC}\n"


def test_moved_include_path_is_corrected_in_place() -> None:
    hooked = conf.with_include(ADMIN_SMB_CONF, Path("/old.conf")) + "[later]\n\tpath = /x\n"
    fixed = conf.with_include(hooked, INC)
    assert fixed.count(conf.MARKER) == 1
    assert f"include = {INC}\n[later]" in fixed
    assert not conf.has_include(hooked, INC)


def test_admin_text_without_marker_is_untouched_by_removal() -> None:
    assert conf.without_include(ADMIN_SMB_CONF) == ADMIN_SMB_CONF


def test_samba_parser_accepts_a_good_fragment() -> None:
    validate.check("[data]\n\tpath = /srv/data\n\tread only = no\n", ["data"])


def test_samba_parser_unknown_parameter_is_an_error() -> None:
    with pytest.raises(validate.InvalidConfig, match="(?i)unknown parameter"):
        validate.check("[data]\n\tpath = /srv/data\n\tbogus option = 1\n", ["data"])


def test_samba_parser_bad_value_is_an_error() -> None:
    with pytest.raises(validate.InvalidConfig):
        validate.check("[data]\n\tpath = /srv/data\n\tread only = maybe\n", ["data"])


def test_missing_section_is_an_error() -> None:
    with pytest.raises(validate.InvalidConfig, match=r"\[other\]"):
        validate.check("[data]\n\tpath = /srv/data\n", ["data", "other"])


def test_parser_does_not_leak_smb_conf_path_to_children() -> None:
    # Samba's loader setenv()s SMB_CONF_PATH; a child smbd would then load that file.
    import ctypes

    validate.check("[data]\n\tpath = /srv/data\n", ["data"])
    getenv = ctypes.CDLL(None).getenv
    getenv.restype = ctypes.c_char_p
    assert getenv(b"SMB_CONF_PATH") is None
