"""AD membership against a real Samba AD DC (tests/lib/ad_lab.py): the agent joins a member
host in a network namespace, winbind resolves domain users, a domain user and a domain group
named in --valid-users write to a new share with no ACL step (its initial ACL), with
`--initial-acl none` they cannot, failures change nothing, and `ad leave` undoes the join."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Iterator

import pytest

from tests.lib import ad_lab
from tests.lib.ad_lab import ALICE, BOB, AdLab, Member, auth_file, files_containing, new_member
from tests.lib.proc import SecretWatcher


@pytest.fixture(scope="session")
def ad_domain() -> Iterator[AdLab]:
    """One DC for the session (provisioning is the slow part), with alice and bob."""
    try:
        lab = ad_lab.build({ALICE[0]: ALICE[1], BOB[0]: BOB[1]})
    except ad_lab.LabUnavailable as exc:
        pytest.skip(str(exc))
    try:
        yield lab
    finally:
        problems = lab.teardown()
        assert not problems, problems


@pytest.fixture
def member(ad_domain: AdLab) -> Iterator[Member]:
    m = new_member(ad_domain)
    try:
        yield m
    finally:
        m.teardown()


@pytest.fixture
def private_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="pvgwt-adauth-") as tmp:
        yield Path(tmp)


def test_the_secret_watcher_sees_argv_and_environment() -> None:
    """The watcher used below would notice a password in a command line or environment."""
    marker = "pvgwt-marker-" + os.urandom(6).hex()
    watcher = SecretWatcher(marker)
    watcher.start()
    try:
        subprocess.run(["sh", "-c", "sleep 0.3", marker], check=True)
        subprocess.run(["sleep", "0.3"], env={"X": marker}, check=True)
    finally:
        watcher.stop()
    assert any("/cmdline" in f for f in watcher.found)
    assert any("/environ" in f for f in watcher.found)


def join(member: Member, *extra: str, password: str = ad_lab.ADMIN_PASSWORD,
         check: int = 0) -> subprocess.CompletedProcess[str]:
    return member.cli("-v", "ad", "join", "--realm", ad_lab.REALM.lower(), "--user",
                      "Administrator", "--password-stdin", *extra, input=password + "\n",
                      check=check)


def domain_has_computer(lab: AdLab, netbios: str) -> bool:
    return lab.tool("computer", "show", netbios + "$", check=False).returncode == 0


def vfs_objects(member: Member, share: str) -> str:
    return member.run("testparm", "-s", f"--section-name={share}",
                      "--parameter-name=vfs objects", str(member.conf)).stdout.strip()


def smb(lab: AdLab, unc: str, auth: Path, commands: str) -> subprocess.CompletedProcess[str]:
    """smbclient on the DC against UNC as the user of credentials file AUTH."""
    return lab.dc.run("smbclient", unc, "-A", str(auth), "-m", "SMB3", "-c", commands,
                      check=False)


def test_join_serve_domain_user_and_leave(ad_domain: AdLab, member: Member,
                                          private_dir: Path,
                                          btrfs_pool) -> None:  # type: ignore[no-untyped-def]
    # A domain group for the share (bob in it); alice is named as a user.
    team = f"Team{os.getpid()}"
    ad_domain.tool("group", "add", team)
    ad_domain.tool("group", "addmembers", team, BOB[0])
    before = member.files()
    watcher = SecretWatcher(ad_lab.ADMIN_PASSWORD)
    watcher.start()
    try:
        proc = join(member)
    finally:
        watcher.stop()
    assert watcher.scans > 0
    assert watcher.found == [], watcher.found
    for text in (proc.stdout, proc.stderr):
        assert ad_lab.ADMIN_PASSWORD not in text
    assert files_containing(member.root, ad_lab.ADMIN_PASSWORD) == []
    assert "joined EXAMPLE.TEST (workgroup EXAMPLE" in proc.stdout
    assert domain_has_computer(ad_domain, member.netbios)

    # The files the join owns.
    assert "winbind" in member.nsswitch.read_text().split("passwd:", 1)[1].splitlines()[0]
    assert "default_realm = EXAMPLE.TEST" in member.krb5_conf.read_text()
    assert member.keytab.stat().st_mode & 0o777 == 0o600
    assert f"include = {member.ad_include}" in member.conf.read_text()
    assert member.conf.read_text().startswith("# the admin's smb.conf")

    status = json.loads(member.cli("--output-format", "json", "ad", "status").stdout)
    assert status["problems"] == []
    assert status["testjoin"] == "Join is OK"
    assert status["winbind_online"] is True and status["keytab_principals"] > 0
    assert abs(status["clock_offset"]) <= 300

    # winbind resolves domain users, with ids from the domain range (rid).
    entry = member.run("getent", "passwd", "EXAMPLE\\alice").stdout.strip().split(":")
    uid = int(entry[2])
    assert 10000000 <= uid <= 19999999
    user = json.loads(member.cli("--output-format", "json", "ad", "test-user", "alice",
                                 "--authenticate", "--password-stdin",
                                 input=ALICE[1] + "\n").stdout)
    assert user == {"user": "EXAMPLE\\alice", "uid": uid, "gid": int(entry[3]),
                    "authenticated": True}
    refused = member.cli("ad", "test-user", "EXAMPLE\\alice", "--authenticate",
                         "--password-stdin", input="wrong\n", check=1)
    assert "password REFUSED" in refused.stdout

    # Already a member: a second join (same or another realm) is refused.
    again = join(member, check=2)
    assert "already a member of EXAMPLE.TEST" in again.stderr

    # A share for a domain user and a domain group (bob is in it): both write at once,
    # with no ACL step, through the initial ACL create gives a new volume on a member.
    # On btrfs: the share has Previous Versions (a snapshot module after the Windows ACL
    # and streams modules every share has).
    share_path = btrfs_pool.mountpoint / f"projects-{os.getpid()}"
    allow_root(member, btrfs_pool.mountpoint)
    valid = f'EXAMPLE\\alice,@"EXAMPLE\\{team}"'
    plan = member.cli("--dry-run", "create", "projects", "--path", str(share_path),
                      "--valid-users", valid)
    assert "run: samba-tool ntacl set --use-s3fs -s " in plan.stdout
    assert not share_path.exists()
    created = json.loads(member.cli("--output-format", "json", "create", "projects",
                                    "--path", str(share_path), "--valid-users", valid).stdout)
    assert created["initial_acl"].startswith("D:P(A;OICI;0x001301bf;;;S-1-5-21-")
    assert vfs_objects(member, "projects") == "acl_xattr streams_xattr shadow_copy2"
    admin = auth_file(private_dir, "Administrator", ad_lab.ADMIN_PASSWORD)
    alice = auth_file(private_dir, *ALICE)
    bob = auth_file(private_dir, *BOB)
    unc = f"//{ad_lab.MEMBER_IP}/projects"
    bob_uid = int(member.run("getent", "passwd", "EXAMPLE\\bob").stdout.split(":")[2])
    for who, auth, owner in (("alice", alice, uid), ("bob", bob, bob_uid)):
        (private_dir / f"{who}.txt").write_text(f"hello from {who}\n")
        put = smb(ad_domain, unc, auth, f"lcd {private_dir}; put {who}.txt; mkdir {who}-dir; "
                  f"cd {who}-dir; put {who}.txt")
        assert put.returncode == 0, put.stdout + put.stderr
        assert (share_path / f"{who}.txt").read_text() == f"hello from {who}\n"
        assert (share_path / f"{who}.txt").stat().st_uid == owner
        assert (share_path / f"{who}-dir" / f"{who}.txt").stat().st_uid == owner
    # What they wrote, read back over SMB, across each other's files (Modify inherits).
    got = smb(ad_domain, unc, bob, "get alice.txt -; get alice-dir/alice.txt -")
    assert got.stdout.count("hello from alice") == 2, got.stdout + got.stderr
    # Windows sees the entries; acl_xattr keeps them (security.NTACL), as every later ACL.
    seen = ad_domain.dc.run("smbcacls", unc, "/", "-A", str(alice)).stdout
    assert [line for line in seen.splitlines() if line.startswith("ACL:")] == [
        "ACL:EXAMPLE\\alice:ALLOWED/OI|CI/RWXD",  # Modify
        f"ACL:EXAMPLE\\{team.lower()}:ALLOWED/OI|CI/RWXD",
        "ACL:EXAMPLE\\domain admins:ALLOWED/OI|CI/FULL",
        "ACL:NT Authority\\SYSTEM:ALLOWED/OI|CI/FULL",
        "ACL:Creator Owner:ALLOWED/OI|CI|IO/FULL"], seen
    assert os.getxattr(share_path, "security.NTACL")

    # A failure after the ACL step takes it back with the volume.
    undone = member.data / "undone"
    member.cli("create", "undone", "--path", str(undone), "--valid-users", valid,
               env=["PVESMBGW_FAULT_AT=3"], check=1)
    assert not undone.exists()

    # With `--initial-acl none` the same principals may connect but not write, until a
    # Domain Admin (let in to connect) grants it the Windows way: smbcacls.
    bare_path = member.data / "bare"
    member.cli("create", "bare", "--path", str(bare_path), "--valid-users",
               valid + ',@"EXAMPLE\\Domain Admins"', "--initial-acl", "none")
    bare = f"//{ad_lab.MEMBER_IP}/bare"
    for auth in (alice, bob):
        denied = smb(ad_domain, bare, auth, f"lcd {private_dir}; put alice.txt")
        assert "NT_STATUS_ACCESS_DENIED" in denied.stdout + denied.stderr
    assert list(bare_path.iterdir()) == []
    ad_domain.dc.run("smbcacls", bare, "/", "-A", str(admin), "-a",
                     "ACL:EXAMPLE\\alice:ALLOWED/OI|CI/FULL")
    put = smb(ad_domain, bare, alice, f"lcd {private_dir}; put alice.txt")
    assert put.returncode == 0, put.stdout + put.stderr
    assert (bare_path / "alice.txt").stat().st_uid == uid
    denied = smb(ad_domain, bare, bob, f"lcd {private_dir}; put bob.txt")
    assert "NT_STATUS_ACCESS_DENIED" in denied.stdout + denied.stderr
    assert not (bare_path / "bob.txt").exists()

    wrong = member.cli("ad", "leave", "--password-stdin", input="wrong\n", check=2)
    assert "wrong password for Administrator@EXAMPLE.TEST" in wrong.stderr
    watcher = SecretWatcher(ad_lab.ADMIN_PASSWORD)
    watcher.start()
    try:
        member.cli("-v", "ad", "leave", "--password-stdin",
                   input=ad_lab.ADMIN_PASSWORD + "\n")
    finally:
        watcher.stop()
    assert watcher.found == [], watcher.found
    assert files_containing(member.root, ad_lab.ADMIN_PASSWORD) == []
    assert vfs_objects(member, "projects") == "acl_xattr streams_xattr shadow_copy2"
    member.cli("delete", "projects")
    member.cli("delete", "bare")
    assert member.files() == before
    assert not domain_has_computer(ad_domain, member.netbios)
    assert member.run("getent", "passwd", "EXAMPLE\\alice", check=False).returncode != 0
    after = json.loads(member.cli("--output-format", "json", "ad", "status", check=1).stdout)
    assert after == {"joined": False, "problems": ["not joined to a domain"]}


def test_wrong_password_is_refused_and_changes_nothing(ad_domain: AdLab,
                                                       member: Member) -> None:
    before = member.files()
    proc = join(member, password="not-the-password", check=2)
    assert proc.stderr.strip().splitlines()[-1] == (
        "pve-smbgateway: error: wrong password for Administrator@EXAMPLE.TEST "
        "(the domain refused it; nothing was changed)")
    assert member.files() == before
    assert not domain_has_computer(ad_domain, member.netbios)


def test_missing_ou_rolls_the_join_back(ad_domain: AdLab, member: Member) -> None:
    before = member.files()
    proc = join(member, "--ou", "NoSuchOU/Servers", check=1)
    assert "OU 'NoSuchOU/Servers' does not exist in EXAMPLE.TEST" in proc.stderr
    assert "rolled back" in proc.stderr
    assert member.files() == before
    assert not domain_has_computer(ad_domain, member.netbios)


def test_missing_srv_records_are_named(member: Member) -> None:
    before = member.files()
    proc = member.cli("ad", "join", "--realm", "nowhere.test", "--user", "Administrator",
                      "--password-stdin", input="x\n", check=2)
    assert "SRV record _ldap._tcp.dc._msdcs.nowhere.test is missing" in proc.stderr
    assert member.files() == before


def allow_root(member: Member, root: Path) -> None:
    member.config.write_text(member.config.read_text().replace(
        f"allowed_roots = {member.data}\n", f"allowed_roots = {member.data} {root}\n"))


def test_autorid_join_from_a_password_file(ad_domain: AdLab, member: Member,
                                           private_dir: Path,
                                           btrfs_pool) -> None:  # type: ignore[no-untyped-def]
    secret = private_dir / "pw"
    secret.write_text(ad_lab.ADMIN_PASSWORD + "\n")
    secret.chmod(0o644)
    loose = member.cli("ad", "join", "--realm", "EXAMPLE.TEST", "--user", "Administrator",
                       "--password-file", str(secret), check=2)
    assert "is open to its group and others (mode 644)" in loose.stderr
    secret.chmod(0o600)
    # A share that exists before the join keeps its Windows ACL settings through join
    # and leave.
    member.cli("create", "early", "--path", str(member.data / "early"))
    allow_root(member, btrfs_pool.mountpoint)
    member.cli("create", "early-snap", "--path",
               str(btrfs_pool.mountpoint / f"early-snap-{os.getpid()}"))
    assert vfs_objects(member, "early-snap") == "acl_xattr streams_xattr shadow_copy2"
    member.cli("ad", "join", "--realm", "EXAMPLE.TEST", "--user", "Administrator",
               "--idmap", "autorid", "--password-file", str(secret))
    assert vfs_objects(member, "early") == "acl_xattr streams_xattr"
    assert vfs_objects(member, "early-snap") == "acl_xattr streams_xattr shadow_copy2"
    role = member.run("testparm", "-s", "--parameter-name=server role",
                      str(member.conf)).stdout.strip()
    assert role == "member server"
    uid = int(member.run("getent", "passwd", "EXAMPLE\\bob").stdout.split(":")[2])
    assert 10000000 <= uid <= 19999999
    assert "idmap config * : backend = autorid" in member.ad_include.read_text()
    # With the member cut off from the DC, `ad status` says what is wrong and exits 1.
    ns = ad_domain.member.ns
    ad_lab.run(["ip", "-n", ns, "link", "set", "eth0", "down"])
    try:
        down = json.loads(member.cli("--output-format", "json", "ad", "status",
                                     check=1).stdout)
    finally:
        ad_lab.run(["ip", "-n", ns, "link", "set", "eth0", "up"])
    assert down["joined"] is True and down["dc"] is None
    assert any("no domain controller found in DNS for EXAMPLE.TEST" in p
               for p in down["problems"]), down["problems"]
    assert any(p.startswith("net ads testjoin") for p in down["problems"]), down["problems"]
    member.cli("ad", "leave", "--password-file", str(secret))
    assert not domain_has_computer(ad_domain, member.netbios)
    assert vfs_objects(member, "early-snap") == "acl_xattr streams_xattr shadow_copy2"
    member.cli("delete", "early")
    member.cli("delete", "early-snap")
