"""A new share's initial Windows ACL on a domain member (issue 21 §6): the SDDL built
from SIDs, names resolved the way smbd reads valid users, the step in the create plan
with its exact command and its undo, and the cases that set none (--initial-acl none,
no --valid-users, an existing directory, a host that is not a member)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pvesmbgw.core.config import Config
from pvesmbgw.core.errors import PvesmbgwError, ValidationError
from pvesmbgw.core.records import Context, Record, Rmdir
from pvesmbgw.smb.ad.initial_acl import (AclServer, host_server, initial_sddl,
                                         plan_initial_acl, principal)
from pvesmbgw.smb.ad.records import ClearNtAcl
from pvesmbgw.smb.model import ShareSpec
from pvesmbgw.smb.planner import Planner
from pvesmbgw.smb.registry import Registry

from .conftest import FakeAccounts, FakeRunner
from .plans import preview, step, titles, undo

pytestmark = pytest.mark.usefixtures("no_zfs")

DOM = "S-1-5-21-1-2-3"
ALICE = f"{DOM}-1103"
TEAM = f"{DOM}-1106"
MODIFY = "0x001301bf"
FULL = "0x001f01ff"
TAIL = f"(A;OICI;{FULL};;;{DOM}-512)(A;OICI;{FULL};;;SY)(A;OICIIO;{FULL};;;CO)"


def test_sddl_gives_named_sids_modify_and_admins_full_control() -> None:
    assert initial_sddl([ALICE, TEAM], DOM) == (
        f"D:P(A;OICI;{MODIFY};;;{ALICE})(A;OICI;{MODIFY};;;{TEAM})" + TAIL)


def test_sddl_names_a_sid_once_and_keeps_the_order() -> None:
    assert initial_sddl([TEAM, ALICE, TEAM], DOM) == (
        f"D:P(A;OICI;{MODIFY};;;{TEAM})(A;OICI;{MODIFY};;;{ALICE})" + TAIL)


@pytest.mark.parametrize("item, expected", [
    ("alice", ("alice", False)),
    ("EXAMPLE\\alice", ("EXAMPLE\\alice", False)),
    ('@"EXAMPLE\\Domain Users"', ("EXAMPLE\\Domain Users", True)),
    ("+staff", ("staff", True)),
    ("&netgroup", ("netgroup", True)),
])
def test_principal(item: str, expected: tuple[str, bool]) -> None:
    assert principal(item) == expected


# -- resolving names --------------------------------------------------------------------


def member_runner(runner: FakeRunner) -> None:
    """What winbind on a member of EXAMPLE answers, and a local account 'backup' (uid
    34) and group 'staff' (gid 50); every other local lookup finds nothing."""
    runner.answer(["getent"], returncode=2)
    runner.answer(["getent", "passwd", "backup"], "backup:x:34:34::/var/backups:/bin/sh\n")
    runner.answer(["getent", "group", "staff"], "staff:x:50:\n")
    runner.answer(["wbinfo", "-n"], "failed to call wbcLookupName: WBC_ERR_DOMAIN_NOT_FOUND\n",
                  returncode=1)
    runner.answer(["wbinfo", "-n", "EXAMPLE\\alice"], f"{ALICE} SID_USER (1)\n")
    runner.answer(["wbinfo", "-n", "EXAMPLE\\Team"], f"{TEAM} SID_DOM_GROUP (2)\n")
    runner.answer(["wbinfo", "-D", "EXAMPLE"], f"Name              : EXAMPLE\n"
                  f"Alt_Name          : example.test\nSID               : {DOM}\n"
                  "Active Directory  : Yes\n")


def server(runner: FakeRunner) -> AclServer:
    return AclServer(runner, "/etc/samba/smb.conf", "EXAMPLE", "security.NTACL", "this host")


def test_names_resolve_as_smbd_reads_valid_users(fake_runner: FakeRunner) -> None:
    """A qualified name goes to winbind; a bare one is a local account first (its Unix
    SID), then one of the member's domain."""
    member_runner(fake_runner)
    acl, notes = plan_initial_acl(server(fake_runner), "default",
                                  ["EXAMPLE\\alice", '@"Team"', "backup", "+staff"])
    assert acl is not None
    assert acl.sddl == (f"D:P(A;OICI;{MODIFY};;;{ALICE})(A;OICI;{MODIFY};;;{TEAM})"
                        f"(A;OICI;{MODIFY};;;S-1-22-1-34)(A;OICI;{MODIFY};;;S-1-22-2-50)"
                        + TAIL)
    assert notes == ["initial ACL: Modify for EXAMPLE\\alice, @Team, backup, @staff; Full "
                     "control for Domain Admins and SYSTEM"]
    assert fake_runner.calls == [
        ("wbinfo", "-n", "EXAMPLE\\alice"),
        ("getent", "group", "Team"), ("wbinfo", "-n", "EXAMPLE\\Team"),
        ("getent", "passwd", "backup"),
        ("getent", "group", "staff"),
        ("wbinfo", "-D", "EXAMPLE")]


def test_an_unknown_name_is_refused(fake_runner: FakeRunner) -> None:
    member_runner(fake_runner)
    with pytest.raises(ValidationError, match=r"valid-users: EXAMPLE\\nobody is neither a "
                       r"local account nor known to winbind on this host"):
        plan_initial_acl(server(fake_runner), "default", ["EXAMPLE\\alice", "EXAMPLE\\nobody"])


def test_a_netgroup_is_left_out_with_a_note(fake_runner: FakeRunner) -> None:
    member_runner(fake_runner)
    acl, notes = plan_initial_acl(server(fake_runner), "default", ["&admins"])
    assert acl is None
    assert "&admins is a NIS netgroup" in notes[0]
    assert fake_runner.calls == []


@pytest.mark.parametrize("choice, users, note", [
    ("none", ["EXAMPLE\\alice"], "--initial-acl none: the share has no initial ACL"),
    ("default", [], "no --valid-users: the share has no initial ACL"),
])
def test_no_acl_asks_nothing(fake_runner: FakeRunner, choice: str, users: list[str],
                             note: str) -> None:
    acl, notes = plan_initial_acl(server(fake_runner), choice, users)
    assert acl is None and notes[0].startswith(note)
    assert fake_runner.calls == []


# -- in the create plan -------------------------------------------------------------------


@pytest.fixture
def joined(host: Config, accounts: FakeAccounts) -> Config:
    """HOST as `ad join` leaves it: its membership recorded."""
    host.state_dir.mkdir(parents=True, exist_ok=True)
    (host.state_dir / "ad.json").write_text(json.dumps({"realm": "EXAMPLE.TEST",
                                                        "workgroup": "EXAMPLE"}))
    return host


def spec(host: Config, name: str = "team", **options: object) -> ShareSpec:
    return ShareSpec(name=name, path=str(host.allowed_roots[0] / name),  # type: ignore[arg-type]
                     valid_users=("EXAMPLE\\alice", '@"EXAMPLE\\Team"'), **options)


def ntacl_argv(host: Config, path: Path) -> list[str]:
    return ["samba-tool", "ntacl", "set", "--use-s3fs", "-s", str(host.samba_conf),
            f"D:P(A;OICI;{MODIFY};;;{ALICE})(A;OICI;{MODIFY};;;{TEAM})" + TAIL, str(path)]


def test_a_new_share_on_a_member_gets_the_acl_before_samba_serves_it(
        joined: Config, fake_runner: FakeRunner) -> None:
    member_runner(fake_runner)
    path = joined.allowed_roots[0] / "team"
    plan = Planner(joined, fake_runner).create(Registry(), spec(joined))
    acl_title = f"set the initial Windows ACL of {path}"
    assert titles(plan)[:3] == [f"create directory {path}", acl_title,
                                "arm smbd reload for rollback"]
    assert undo(plan)[:2] == [Rmdir(str(path)), ClearNtAcl(str(path), "security.NTACL",
                                                           0o2770)]
    argv = ntacl_argv(joined, path)
    assert preview(step(plan, acl_title)) == [
        "run: " + " ".join(argv[:-2]) + f" '{argv[-2]}' {path}",
        "(Modify: EXAMPLE\\alice, @EXAMPLE\\Team; Full control: Domain Admins, SYSTEM, "
        "CREATOR OWNER)"]
    assert plan.details["initial_acl"] == argv[-2]
    # Planning ran lookups only; the step runs exactly this command.
    assert not any(c[0] == "samba-tool" for c in fake_runner.calls)
    fake_runner.answer(["samba-tool"])
    step(plan, acl_title).do()
    assert fake_runner.calls[-1] == tuple(argv)


def test_a_failing_samba_tool_says_how_to_do_without(joined: Config,
                                                      fake_runner: FakeRunner) -> None:
    member_runner(fake_runner)
    path = joined.allowed_roots[0] / "team"
    plan = Planner(joined, fake_runner).create(Registry(), spec(joined))
    fake_runner.answer(["samba-tool"], stderr="NT_STATUS_ACCESS_DENIED\n", returncode=255)
    with pytest.raises(PvesmbgwError, match=rf"^samba-tool could not set the initial ACL of "
                       rf"{path} on this host \(NT_STATUS_ACCESS_DENIED\); create with "
                       r"--initial-acl none to do without$"):
        step(plan, f"set the initial Windows ACL of {path}").do()


def test_dry_run_only_shows_the_command(joined: Config) -> None:
    runner = FakeRunner(dry_run=True)
    member_runner(runner)
    path = joined.allowed_roots[0] / "team"
    plan = Planner(joined, runner).create(Registry(), spec(joined))
    step(plan, f"set the initial Windows ACL of {path}").do()
    assert runner.lines == ["would run: " + " ".join(ntacl_argv(joined, path))]
    assert not any(c[0] == "samba-tool" for c in runner.calls)


def test_initial_acl_none_sets_nothing(joined: Config, fake_runner: FakeRunner) -> None:
    plan = Planner(joined, fake_runner).create(Registry(), spec(joined, initial_acl="none"))
    assert not any("Windows ACL" in t for t in titles(plan))
    assert plan.details["initial_acl"] is None
    assert any(n.startswith("--initial-acl none") for n in plan.notes)
    assert fake_runner.calls == []


def test_an_existing_directory_keeps_its_permissions(joined: Config,
                                                     fake_runner: FakeRunner) -> None:
    path = joined.allowed_roots[0] / "team"
    path.mkdir()
    plan = Planner(joined, fake_runner).create(Registry(), spec(joined))
    assert not any("Windows ACL" in t for t in titles(plan))
    assert f"{path} already existed: its permissions and ACL are left as they are " \
           "(no initial ACL)" in plan.notes
    assert fake_runner.calls == []


def test_a_host_that_is_no_member_has_nothing_to_do(host: Config, accounts: FakeAccounts,
                                                    fake_runner: FakeRunner) -> None:
    assert host_server(host, fake_runner) is None
    for choice in ("default", "none"):
        plan = Planner(host, fake_runner).create(Registry(), spec(host, initial_acl=choice))
        assert not any("Windows ACL" in t for t in titles(plan))
        assert plan.notes == []
    assert fake_runner.calls == []


def test_a_bad_choice_is_refused() -> None:
    with pytest.raises(ValidationError, match="initial-acl: must be default or none"):
        ShareSpec(name="x", path="/srv/x", initial_acl="inherit")


# -- undo ---------------------------------------------------------------------------------


def test_clear_nt_acl_takes_off_what_samba_wrote(tmp_path: Path, host: Config,
                                                 fake_runner: FakeRunner) -> None:
    """The NT ACL and Samba's inheritance mark go, the mode comes back; applying it again
    or on a volume already removed is fine (the journal may replay it)."""
    path = tmp_path / "vol"
    path.mkdir()
    os.chmod(path, 0o700)
    for name in ("user.NTACL", "user.SAMBA_PAI"):
        os.setxattr(path, name, b"x")
    record = Record.from_json(ClearNtAcl(str(path), "user.NTACL", 0o2770).to_json())
    ctx = Context(host, fake_runner)
    record.apply(ctx)
    assert os.listxattr(path) == []
    assert path.stat().st_mode & 0o7777 == 0o2770
    record.apply(ctx)
    path.rmdir()
    record.apply(ctx)
    assert fake_runner.calls == []
