"""AD membership without a domain: the exact argv, where the password goes, the files a
join writes, rollback, and the specific errors (FakeRunner; no process starts)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from pvesmbgw.smb.ad import diagnose, discover, files
from pvesmbgw.smb.ad.diagnose import AdError
from pvesmbgw.smb.ad.common import password_file
from pvesmbgw.smb.ad.host import AdManager
from pvesmbgw.smb.ad.spec import (JoinSpec, check_ranges, host_ranges, validate_admin_user,
    validate_ou, validate_realm)
from pvesmbgw.smb.agent import Agent
from pvesmbgw.core.config import Config
from pvesmbgw.core.errors import ApplyError, CommandError, ValidationError
from pvesmbgw.smb.samba import validate

from .conftest import FakeRunner

PASSWORD = "S3cret pass%word!"
NSSWITCH = ("# admin's nsswitch\npasswd:         files systemd\n"
            "group:          files systemd # local\nshadow:         files\n")


@pytest.fixture
def ad_host(host: Config, tmp_path: Path) -> Config:
    etc = tmp_path / "host" / "etc"
    (etc / "krb5.conf").write_text("# admin krb5\n")
    (etc / "nsswitch.conf").write_text(NSSWITCH)
    return dataclasses.replace(host, krb5_conf=etc / "krb5.conf",
                               krb5_keytab=etc / "krb5.keytab",
                               nsswitch_conf=etc / "nsswitch.conf",
                               ad_include_file=etc / "samba" / "pvesmbgw-ad.conf")


def spec(**kw: object) -> JoinSpec:
    base: dict[str, object] = dict(
        realm="EXAMPLE.TEST", user="Administrator", ou=None, idmap="rid",
        domain_range=(10000000, 10000000), default_range=(3000000, 100000))
    base.update(kw)
    return JoinSpec(**base)  # type: ignore[arg-type]


def snapshot(cfg: Config) -> dict[str, object]:
    out: dict[str, object] = {}
    for path in (cfg.samba_conf, cfg.ad_include_file, cfg.krb5_conf, cfg.krb5_keytab,
                 cfg.nsswitch_conf, cfg.state_dir / "ad.json"):
        out[str(path)] = path.read_bytes() if path.exists() else None
    return out


@pytest.fixture
def domain(monkeypatch: pytest.MonkeyPatch, fake_runner: FakeRunner) -> FakeRunner:
    """A domain that answers: DNS and TCP faked in process, net/kinit by the table."""
    monkeypatch.setattr(discover, "find_dcs",
                        lambda realm: [discover.Dc("dc1.example.test", 389)])
    monkeypatch.setattr(discover, "reachable_dc", lambda realm, dcs: dcs[0])
    r = fake_runner
    r.answer(["net", "ads", "workgroup"], "Workgroup: EXAMPLE\n")
    r.answer(["net", "ads", "info"], "LDAP server: 198.51.100.10\nServer time offset: 2\n")
    r.answer(["kinit"])
    r.answer(["net", "ads", "keytab", "create"])
    # Not a member before the join; a member once `net ads join` has run.
    r.answer(["net", "ads", "testjoin"], returncode=255,
             stderr="Join to domain is not valid: NT code 0xfffffff6")
    r.answer(["net", "ads", "join"], "Joined 'PVE' to dns domain 'example.test'\n",
             then=lambda: r.answer(["net", "ads", "testjoin"], "Join is OK\n"))
    r.answer(["net", "ads", "leave"], "Deleted account\n")
    r.answer(["smbcontrol"], returncode=1, stderr="Can't find pid")
    r.answer(["winbindd", "-D"])
    r.answer(["wbinfo", "-P"], "checking the NETLOGON dc connection succeeded\n")
    return r


def test_join_runs_net_with_the_password_on_stdin_only(ad_host: Config,
                                                       domain: FakeRunner) -> None:
    result = AdManager(Agent(ad_host, domain)).join(spec(ou="Servers/Unix"), PASSWORD)
    assert result["workgroup"] == "EXAMPLE" and result["joined"] is True
    conf = str(ad_host.samba_conf)
    assert ("net", "ads", "join", "-s", conf, "-U", "Administrator",
            "createcomputer=Servers/Unix") in domain.calls
    assert ("kinit", "Administrator@EXAMPLE.TEST") in domain.calls
    assert ("net", "ads", "keytab", "create", "-P", "-s", conf) in domain.calls
    assert ("winbindd", "-D", "-s", conf) in domain.calls
    for argv, given in zip(domain.calls, domain.inputs):
        assert not any(PASSWORD in a for a in argv)
        if argv[:3] in (("net", "ads", "join"),) or argv[0] == "kinit":
            assert given == PASSWORD + "\n"
    glob = ad_host.ad_include_file.read_text()
    assert "security = ads" in glob and "realm = EXAMPLE.TEST" in glob
    assert "idmap config EXAMPLE : backend = rid" in glob
    assert "idmap config EXAMPLE : range = 10000000-19999999" in glob
    assert f"dedicated keytab file = FILE:{ad_host.krb5_keytab}" in glob
    hooked = ad_host.samba_conf.read_text()
    line = f"{files.MARKER}\ninclude = {ad_host.ad_include_file}\n"
    assert line in hooked and hooked.index(line) < hooked.index("[admins-own]")
    assert ad_host.nsswitch_conf.read_text() == NSSWITCH.replace(
        "files systemd\n", "files systemd winbind\n").replace(
        "files systemd # local", "files systemd winbind # local")
    state = json.loads((ad_host.state_dir / "ad.json").read_text())
    assert state["nsswitch_added"] == ["passwd", "group"]
    assert PASSWORD not in json.dumps(state)
    assert (ad_host.state_dir / "ad-krb5.conf.orig").read_text() == "# admin krb5\n"


def test_failure_after_the_join_rolls_back_files_and_leaves(ad_host: Config,
                                                            domain: FakeRunner) -> None:
    before = snapshot(ad_host)
    domain.answer(["net", "ads", "keytab", "create"], returncode=1, stderr="keytab broke")
    with pytest.raises(ApplyError, match="keytab broke; rolled back"):
        AdManager(Agent(ad_host, domain)).join(spec(), PASSWORD)
    assert snapshot(ad_host) == before
    leave = domain.calls.index(("net", "ads", "leave", "-s", str(ad_host.samba_conf), "-U",
                                "Administrator"))
    assert domain.inputs[leave] == PASSWORD + "\n"
    assert not (ad_host.state_dir / "ad-krb5.conf.orig").exists()
    journal = ad_host.state_dir / "journal"
    assert not any(PASSWORD.encode() in p.read_bytes() for p in journal.rglob("*")
                   if p.is_file())


def test_wrong_password_stops_before_any_change(ad_host: Config, domain: FakeRunner) -> None:
    before = snapshot(ad_host)
    domain.answer(["kinit"], returncode=1,
                  stderr="kinit: Password incorrect while getting initial credentials")
    with pytest.raises(AdError) as err:
        AdManager(Agent(ad_host, domain)).join(spec(), PASSWORD)
    assert err.value.reason == "wrong_password" and err.value.exit_code == 2
    assert snapshot(ad_host) == before
    assert not any(c[:3] == ("net", "ads", "join") for c in domain.calls)


def test_clock_skew_is_named_with_the_offset(ad_host: Config, domain: FakeRunner) -> None:
    domain.answer(["net", "ads", "info"], "Server time offset: -917\n")
    with pytest.raises(AdError, match="differs from the domain controller of EXAMPLE.TEST "
                       "by 917s"):
        AdManager(Agent(ad_host, domain)).join(spec(), PASSWORD)
    assert not any(c[0] == "kinit" for c in domain.calls)


def test_joined_elsewhere_is_refused(ad_host: Config, domain: FakeRunner) -> None:
    AdManager(Agent(ad_host, domain)).join(spec(), PASSWORD)
    with pytest.raises(AdError, match="joined to EXAMPLE.TEST; run `pve-smbgateway ad "
                       "leave` first") as err:
        AdManager(Agent(ad_host, domain)).join(spec(realm="OTHER.TEST"), PASSWORD)
    assert err.value.exit_code == 2


def test_leave_restores_every_file(ad_host: Config, domain: FakeRunner) -> None:
    before = snapshot(ad_host)
    AdManager(Agent(ad_host, domain)).join(spec(), PASSWORD)
    ad_host.krb5_keytab.write_bytes(b"keys")
    AdManager(Agent(ad_host, domain)).leave(None, PASSWORD)
    assert snapshot(ad_host) == before
    assert not (ad_host.state_dir / "ad-krb5.conf.orig").exists()


def test_dc_unreachable_names_host_and_port() -> None:
    def refuse(host: str, port: int, timeout: float) -> None:
        raise ConnectionRefusedError(111, "Connection refused")
    with pytest.raises(AdError, match=r"no domain controller of EXAMPLE.TEST is reachable: "
                       r"dc1.example.test LDAP \(389/tcp\): Connection refused") as err:
        discover.reachable_dc("EXAMPLE.TEST", [discover.Dc("dc1.example.test", 389)], refuse)
    assert err.value.reason == "dc_unreachable"


@pytest.mark.parametrize("stderr,reason", [
    ("Failed to join domain: failed to precreate account in ou ou=Servers,dc=EXAMPLE,"
     "dc=TEST: No such object", "ou_missing"),
    ("Failed to join domain: failed to lookup DC info for domain 'EXAMPLE.TEST' over rpc: "
     "The attempted logon is invalid.", "wrong_password"),
    ("Failed to join domain: failed to connect to AD: Clock skew too great", "clock_skew"),
    ("Failed to join domain: Insufficient access", "access_denied"),
    ("ads_connect: No logon servers are currently available", "dc_unreachable"),
    ("something new", "join_failed"),
])
def test_join_errors_are_specific(stderr: str, reason: str) -> None:
    exc = CommandError(["net", "ads", "join"], 255, "", stderr)
    assert diagnose.from_join(exc, "Administrator", "EXAMPLE.TEST", "Servers").reason == reason


@pytest.mark.parametrize("stderr,reason", [
    ("kinit: Preauthentication failed while getting initial credentials", "wrong_password"),
    ("kinit: Client 'x@EXAMPLE.TEST' not found in Kerberos database", "unknown_user"),
    ("kinit: Clock skew too great while getting initial credentials", "clock_skew"),
    ("kinit: Cannot contact any KDC for realm 'EXAMPLE.TEST'", "dc_unreachable"),
])
def test_kinit_errors_are_specific(stderr: str, reason: str) -> None:
    exc = CommandError(["kinit"], 1, "", stderr)
    assert diagnose.from_kinit(exc, "x", "EXAMPLE.TEST").reason == reason


def test_nsswitch_round_trip_touches_only_what_it_added() -> None:
    text = "passwd: files winbind\n# group: here\ngroup: files"
    added_text, added = files.nsswitch_add(text)
    assert added == ["group"]
    assert added_text == "passwd: files winbind\n# group: here\ngroup: files winbind"
    assert files.nsswitch_remove(added_text, added) == text
    missing, added = files.nsswitch_add("hosts: files dns\n")
    assert added == ["passwd", "group"] and "group:          files winbind\n" in missing
    assert files.nsswitch_add(NSSWITCH)[0].count("winbind") == 2


def test_include_line_goes_at_the_end_of_the_global_section() -> None:
    text = "[global]\n\tworkgroup = X\n\n[own]\n\tpath = /srv"
    hooked = files.with_include(text, Path("/etc/samba/pvesmbgw-ad.conf"))
    assert hooked == ("[global]\n\tworkgroup = X\n"
                      f"{files.MARKER}\ninclude = /etc/samba/pvesmbgw-ad.conf\n"
                      "\n[own]\n\tpath = /srv")
    assert files.with_include(hooked, Path("/etc/samba/pvesmbgw-ad.conf")) == hooked
    assert files.without_include(hooked) == text
    assert files.with_include("", Path("/a.conf")) == f"{files.MARKER}\ninclude = /a.conf\n"


@pytest.mark.parametrize("idmap", ["rid", "autorid"])
def test_rendered_globals_pass_sambas_parser(idmap: str) -> None:
    text = files.samba_globals(spec(idmap=idmap), "EXAMPLE", Path("/etc/krb5.keytab"))
    validate.check(text, [])
    assert ('admin users = @"EXAMPLE\\Domain Admins"' in text)
    assert "admin users" not in files.samba_globals(spec(share_admins=False), "EXAMPLE",
                                                    Path("/k"))


def test_id_ranges_must_not_collide(tmp_path: Path) -> None:
    subuid = tmp_path / "subuid"
    subuid.write_text("root:100000:65536\nbig:10500000:65536\n")
    taken = host_ranges((2000000, 100000), subuid, tmp_path / "none")
    with pytest.raises(ValidationError, match=r"overlaps .*subuid \(10500000-10565535\)"):
        check_ranges("rid", (10000000, 10000000), (3000000, 100000), taken)
    with pytest.raises(ValidationError, match=r"overlaps account_id_range"):
        check_ranges("rid", (2050000, 100000), (3000000, 100000), taken)
    with pytest.raises(ValidationError, match="autorid needs at least"):
        check_ranges("autorid", (20000000, 1000), (3000000, 100000), taken)
    check_ranges("rid", (20000000, 10000000), (3000000, 100000), taken)


def test_input_validation() -> None:
    assert validate_realm("example.test") == "EXAMPLE.TEST"
    for bad in ("example", "exa mple.test", "-x.test"):
        with pytest.raises(ValidationError, match="realm"):
            validate_realm(bad)
    with pytest.raises(ValidationError, match="user"):
        validate_admin_user("Admin%istrator")
    # A level must not add or escape a component of the distinguished name it becomes.
    for bad in ("/Servers", "a,DC=evil", "a\\", "a+b", "a;b", "<a>", "a\x7f"):
        with pytest.raises(ValidationError, match="ou"):
            validate_ou(bad)
    assert validate_ou("Servers/Unix") == "Servers/Unix"


def test_password_file_must_be_private(tmp_path: Path) -> None:
    path = tmp_path / "pw"
    path.write_text("secret\nignored\n")
    for mode, who in ((0o640, "open to its group "), (0o604, "open to others "),
                      (0o644, "open to its group and others ")):
        path.chmod(mode)
        with pytest.raises(ValidationError, match=who):
            password_file(str(path))
    path.chmod(0o600)
    assert password_file(str(path)) == "secret"


def test_a_membership_made_by_hand_is_refused(ad_host: Config, domain: FakeRunner) -> None:
    domain.answer(["net", "ads", "testjoin"], "Join is OK\n")
    with pytest.raises(AdError, match="already makes this host a domain member") as err:
        AdManager(Agent(ad_host, domain)).join(spec(), PASSWORD)
    assert err.value.reason == "joined_elsewhere"


def test_dry_run_changes_nothing_and_shows_the_plan(ad_host: Config,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    runner = FakeRunner(dry_run=True)
    monkeypatch.setattr(discover, "find_dcs",
                        lambda realm: [discover.Dc("dc1.example.test", 389)])
    monkeypatch.setattr(discover, "reachable_dc", lambda realm, dcs: dcs[0])
    runner.answer(["net", "ads", "testjoin"], returncode=255, stderr="not valid")
    runner.answer(["net", "ads", "workgroup"], "Workgroup: EXAMPLE\n")
    runner.answer(["net", "ads", "info"], "Server time offset: 0\n")
    runner.answer(["kinit"])
    before = snapshot(ad_host)
    AdManager(Agent(ad_host, runner)).join(spec(), PASSWORD)
    assert snapshot(ad_host) == before
    shown = "\n".join(runner.lines)
    assert f"run: net ads join -s {ad_host.samba_conf} -U Administrator (password on stdin)" \
        in shown
    assert PASSWORD not in shown


def test_ad_include_goes_before_the_shares_include() -> None:
    from pvesmbgw.smb.samba import conf as shares_conf
    text = shares_conf.with_include("[global]\n\tworkgroup = X\n", Path("/s.conf"))
    hooked = files.with_include(text, Path("/ad.conf"))
    assert hooked == ("[global]\n\tworkgroup = X\n"
                      f"{files.MARKER}\ninclude = /ad.conf\n"
                      f"{shares_conf.MARKER}\ninclude = /s.conf\n")
    assert files.without_include(hooked) == text
    assert shares_conf.without_include(hooked) == files.with_include(
        "[global]\n\tworkgroup = X\n", Path("/ad.conf"))
