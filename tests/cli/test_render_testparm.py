"""Every field a user sets reaches smb.conf as given, read back by Samba's own parser
(`testparm -s`): the section holds exactly the value, no line continues, no parameter or
section appears that was not meant (issue 14 §5). Values that would break the file are
refused by the model before they are rendered, with exit 2 and the field named."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from pvesmbgw.core.config import from_mapping
from pvesmbgw.core.fsutil import check_share_path
from pvesmbgw.smb.model import (parse_bool, parse_valid_users, validate_comment,
    validate_name)
from pvesmbgw.smb.previous_versions import SCHEME_OPTIONS, share_options
from pvesmbgw.smb.registry import Share
from pvesmbgw.smb import dfree
from pvesmbgw.smb.render import (NAS_VFS_OBJECTS, ExtraOptions, render_gateway_conf,
    render_shares)
from pvesmbgw.storage.btrfs import BtrfsBackend
from pvesmbgw.storage.cephfs import CephfsBackend
from pvesmbgw.storage.zfs import ZfsBackend

from .conftest import Cli

pytestmark = pytest.mark.skipif(shutil.which("testparm") is None, reason="no testparm")

# Accepted, and each one a trap for a careless renderer or parser: comment characters,
# '=', brackets, quotes, backslashes inside, non-ASCII, the longest allowed.
NAMES = ["Team Data", "équipe", "x$", "#hash", "a'b", "-dash", "日本語", "n" * 80]
COMMENTS = ["", "#b", ";b", "a ;b # c", "a = b", "[global]", "a\\b", 'say "hi"', "-x",
            "Ümlaut ß 日本", "include = /etc/passwd", "c" * 256]
PATHS = ["a=b", "a[b]", "a b", "a#b", ";x", "-a", "é", 'a"b', "a\\b", "p" * 255]
VALID_USERS = ["alice", "alice,@staff", '@"EXAMPLE\\Domain Users",bob', "DOM\\user",
               "+unixgrp,&nisgrp", "a'b", "#a", "u" * 64]


def read_back(conf: Path) -> tuple[dict[str, dict[str, str]], str]:
    """Samba's reading of CONF: {section: {parameter: value}}, and its warnings."""
    proc = subprocess.run(["testparm", "-s", "--suppress-prompt", str(conf)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    sections: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in proc.stdout.splitlines():
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
        elif line.startswith("\t"):
            key, _, value = line.strip().partition(" = ")
            current[key] = value
    return sections, proc.stderr


def samba_list(value: str) -> list[str]:
    """A list parameter as testparm prints it: space separated, quoted where needed;
    backslashes are data (EXAMPLE\\user)."""
    lex = shlex.shlex(value, posix=True)
    lex.whitespace_split, lex.escape, lex.quotes, lex.commenters = True, "", "\"", ""
    return list(lex)


def a_share(root: Path, name: str = "s", path: str = "p", comment: str = "",
            users: str = "", read_only: str = "no", browseable: str = "yes",
            options: dict[str, str] | None = None) -> Share:
    """A share whose every field went through the model's validation first."""
    full = root / path
    full.mkdir(exist_ok=True)
    return Share(name=validate_name(name), path=str(check_share_path(str(full), [root])),
                 mode="native", backend="btrfs", comment=validate_comment(comment),
                 valid_users=parse_valid_users(users) if users else (),
                 read_only=parse_bool("read-only", read_only),
                 browseable=parse_bool("browseable", browseable),
                 smb_options=dict(options or {}))


def parsed(tmp_path: Path, shares: list[Share], gateway: bool = False,
           extra: ExtraOptions = lambda share: {}) -> dict[str, dict[str, str]]:
    """The shares rendered (the host's include file, or a gateway container's whole
    smb.conf) and read back by testparm, with no warning about anything in them."""
    if gateway:
        conf = tmp_path / "gateway-smb.conf"
        conf.write_text(render_gateway_conf(shares, lambda s: s.path, "pve1", "lxc-100",
                                            tmp_path / "registry.json", "user.NTACL"))
    else:
        include = tmp_path / "pvesmbgw-shares.conf"
        include.write_text(render_shares(shares, tmp_path / "registry.json", extra))
        conf = tmp_path / "smb.conf"
        conf.write_text(f"[global]\n\tworkgroup = TEST\n\tinclude = {include}\n")
    sections, warnings = read_back(conf)
    for noise in ("Unknown parameter", "Ignoring unknown", "Global parameter",
                  "does not exist", "Error"):
        assert noise not in warnings, warnings
    return sections


def check_section(section: dict[str, str], share: Share) -> None:
    """SECTION holds exactly SHARE's values, and nothing the renderer did not write."""
    assert section["path"] == share.path
    assert section.get("comment", "") == share.comment
    assert samba_list(section.get("valid users", "")) == \
        [u.replace('"', "") for u in share.valid_users]
    assert section.get("read only", "Yes").lower() == ("yes" if share.read_only else "no")
    assert section.get("browseable", "Yes").lower() == ("yes" if share.browseable else "no")
    for key, value in share.smb_options.items():
        if key != "vfs objects":
            assert section[key] == value, key
    allowed = {"path", "comment", "valid users", "read only", "browseable", "create mask",
               "directory mask", "vfs objects", "map acl inherit", "shadow:mountpoint",
               "dfree command", "dfree cache time", *share.smb_options}
    assert set(section) <= allowed, set(section) - allowed


@pytest.mark.parametrize("gateway", [False, True], ids=["include", "gateway"])
def test_every_field_reads_back_exactly(tmp_path: Path, gateway: bool) -> None:
    root = tmp_path / "srv"
    root.mkdir()
    shares = [a_share(root, name=n, path=f"n{i}") for i, n in enumerate(NAMES)]
    shares += [a_share(root, name=f"c{i}", path=f"c{i}", comment=c)
               for i, c in enumerate(COMMENTS)]
    shares += [a_share(root, name=f"p{i}", path=p) for i, p in enumerate(PATHS)]
    shares += [a_share(root, name=f"u{i}", path=f"u{i}", users=u)
               for i, u in enumerate(VALID_USERS)]
    shares += [a_share(root, name="flags", path="flags", read_only="yes", browseable="no")]
    sections = parsed(tmp_path, shares, gateway=gateway)
    assert set(sections) == {"global"} | {s.name for s in shares}
    for share in shares:
        check_section(sections[share.name], share)


def _backend(cls: Any) -> Any:
    return SimpleNamespace(snapshot_layout=cls.snapshot_layout)


@pytest.mark.parametrize("gateway", [False, True], ids=["include", "gateway"])
def test_previous_versions_and_acl_options_read_back_exactly(tmp_path: Path,
                                                             gateway: bool) -> None:
    """The options snapshots and Windows ACLs add: each backend's, and the other tools'
    snapshot schemes (with their regular expressions and % formats)."""
    root = tmp_path / "srv"
    root.mkdir()
    option_sets = [share_options(_backend(cls), []) for cls in
                   (BtrfsBackend, ZfsBackend, CephfsBackend)]
    option_sets += [{**option_sets[1], **scheme} for scheme in SCHEME_OPTIONS.values()]
    shares = [a_share(root, name=f"o{i}", path=f"o{i}", options=o)
              for i, o in enumerate(option_sets)]
    sections = parsed(tmp_path, shares, gateway=gateway)
    for share in shares:
        section = sections[share.name]
        check_section(section, share)
        vfs = share.smb_options["vfs objects"].split()
        assert section["vfs objects"].split() == [*NAS_VFS_OBJECTS, *vfs]
        if "shadow:snapdir" in share.smb_options:
            assert section["shadow:mountpoint"] == share.path


def test_the_free_space_helper_reads_back_for_any_name(tmp_path: Path) -> None:
    """A native share with a quota names its dfree command: a path of its own whatever
    the share's name holds (spaces, '#', non-ASCII), which Samba reads back as written."""
    root = tmp_path / "srv"
    root.mkdir()
    cfg = from_mapping({"dfree_dir": str(tmp_path / "dfree")})
    shares = [replace(a_share(root, name=n, path=f"d{i}"), quota=1 << 30)
              for i, n in enumerate(NAMES)]
    sections = parsed(tmp_path, shares, extra=lambda share: dfree.smb_options(cfg, share))
    for share in shares:
        section = sections[share.name]
        check_section(section, share)
        assert section["dfree command"] == str(dfree.command_file(cfg, share))
        assert section["dfree cache time"] == str(dfree.CACHE_SECONDS)


# Refused: what each would do to the file, and the field the refusal names.
REFUSED = [
    (["create", "a\nb", "--path", "{srv}/x"], "name: "),           # a new line
    (["create", "[x]", "--path", "{srv}/x"], "name: "),            # another section
    (["create", "a=b", "--path", "{srv}/x"], "name: "),
    (["create", "x ", "--path", "{srv}/x"], "name: "),             # Samba strips it
    (["create", "x", "--path", "{srv}/x", "--comment", "a\\"], "comment: "),  # continues
    (["create", "x", "--path", "{srv}/x", "--comment", "a\n[x]"], "comment: "),
    (["create", "x", "--path", "{srv}/x", "--comment", "%U"], "comment: "),  # expanded
    (["create", "x", "--path", "{srv}/x", "--comment", "a\u2028b"], "comment: "),
    (["create", "x", "--path", "{srv}/x", "--comment", "x "], "comment: "),
    (["create", "x", "--path", "{srv}/x\\"], "path: "),
    (["create", "x", "--path", "{srv}/x "], "path: "),
    (["create", "x", "--path", "{srv}/%H"], "path: "),
    (["create", "x", "--path", "{srv}/a\nb"], "path: "),
    (["create", "x", "--path", "{srv}/x", "--valid-users", "a\\"], "valid-users: "),
    (["create", "x", "--path", "{srv}/x", "--valid-users", "a;b"], "valid-users: "),
    (["create", "x", "--path", "{srv}/x", "--valid-users", "a b"], "valid-users: "),
    (["create", "x", "--path", "{srv}/x", "--valid-users", "a=b"], "valid-users: "),
    (["create", "x", "--path", "{srv}/x", "--valid-users", "%U"], "valid-users: "),
    (["create", "x", "--path", "{srv}/x", "--browseable", "yes\nx"], "browseable: "),
]


@pytest.mark.parametrize("args, field", REFUSED)
def test_values_that_would_break_the_file_are_refused(cli: Cli, args: list[str],
                                                      field: str) -> None:
    before = cli.fingerprint()
    proc = cli(*[a.replace("{srv}", str(cli.srv)) for a in args])
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith(f"pve-smbgateway: error: {field}"), proc.stderr
    assert cli.fingerprint() == before


@pytest.mark.parametrize("comment", ["a\\", "a\n\tpath = /etc"])
def test_why_refused_a_raw_comment_would_change_the_section(tmp_path: Path,
                                                            comment: str) -> None:
    """Bypassing the model shows what the refusal prevents: a continued line swallows
    the next parameter, a new line adds one."""
    root = tmp_path / "srv"
    root.mkdir()
    share = a_share(root, name="s", path="p")
    raw = Share(**{**vars(share), "comment": comment})
    sections = parsed(tmp_path, [raw])
    assert sections["s"].get("comment") != comment or sections["s"]["path"] != share.path
