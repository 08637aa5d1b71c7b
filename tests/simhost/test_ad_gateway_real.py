"""AD membership of a real LXC gateway container (`ad join|leave --gateway`).

A Samba AD DC (tests/lib/ad_lab.py) sits in a network namespace hanging off the LXC
test bridge; the agent creates a gateway container with `create --mode lxc` (pvesim's
`pct` driving real, unprivileged LXC with systemd inside), joins it to the domain, and
a domain user writes into the share over SMB: the file on the host volume belongs to
the same domain uid as inside the container (the id map passes the domain range
through). A wrong password changes nothing; `ad leave --gateway` restores the
container's files and id map. Skips, saying why, where LXC or the DC cannot run."""

from __future__ import annotations

import hashlib
import json
import os
import pwd
import subprocess
import time
from pathlib import Path
from typing import Iterator

import pytest

from tests.lib import ad_lab
from tests.lib.ad_lab import ALICE, BOB, AdLab, auth_file, files_containing
from tests.lib.lxc_env import Bridge
from tests.lib.proc import SecretWatcher
from tests.lib.simhost import SimHost, each_step

pytestmark = pytest.mark.lxc

GUEST_FILES = ("/etc/samba/smb.conf", "/etc/samba/pvesmbgw-ad.conf", "/etc/krb5.conf",
               "/etc/krb5.keytab", "/etc/nsswitch.conf")
DOMAIN_IDMAP = "10000000 10000000 10000000"


@pytest.fixture
def dc_on_bridge(lxc_ready: Bridge) -> Iterator[AdLab]:
    try:
        lab = ad_lab.build_on_bridge(lxc_ready.name, {ALICE[0]: ALICE[1], BOB[0]: BOB[1]})
    except ad_lab.LabUnavailable as exc:
        pytest.skip(str(exc))
    try:
        yield lab
    finally:
        ad_lab.drop_bridge_veth(lab)
        problems = lab.teardown()
        assert not problems, problems


def ct(host: SimHost, vmid: int, *argv: str, check: bool = True
       ) -> subprocess.CompletedProcess[str]:
    """A command inside the container (through the simulator's pct)."""
    return host.tool("pct", "exec", str(vmid), "--", *argv, check=check)


def guest_digests(host: SimHost, vmid: int) -> dict[str, str]:
    out = {}
    for path in GUEST_FILES:
        proc = subprocess.run(["pct", "exec", str(vmid), "--", "cat", path],
                              capture_output=True, env=host.env, timeout=60)
        out[path] = hashlib.sha256(proc.stdout).hexdigest() if proc.returncode == 0 \
            else "absent"
    return out


def host_state(host: SimHost, vmid: int) -> dict[str, str]:
    return {"conf": host.tool("pct", "config", str(vmid)).stdout,
            "subuid": (host.state / "etc/subuid").read_text(),
            "subgid": (host.state / "etc/subgid").read_text(),
            **guest_digests(host, vmid)}


def guest_files_containing(host: SimHost, vmid: int, secret: str) -> list[str]:
    """Files in the container's /etc, Samba's /var directories, /run, /tmp and /root
    holding SECRET (grep reads it from stdin, so it never is an argument)."""
    proc = subprocess.run(["pct", "exec", str(vmid), "--", "grep", "-rlsF", "-f", "-",
                           "/etc", "/var/lib/samba", "/var/log", "/var/cache/samba", "/run",
                           "/tmp", "/root"], input=secret + "\n",
                          capture_output=True, text=True, env=host.env, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.stdout.split()


def join(host: SimHost, gw: str, password: str, check: int = 0
         ) -> subprocess.CompletedProcess[str]:
    return host.cli("-v", "ad", "join", "--realm", ad_lab.REALM, "--user", "Administrator",
                    "--gateway", gw, "--password-stdin", input=password + "\n", check=check)


def computer_exists(lab: AdLab, name: str) -> bool:
    return lab.tool("computer", "show", name + "$", check=False).returncode == 0


def make_gateway(host: SimHost, bridge: Bridge
                 ) -> tuple[tuple[str, str], Path, str, int, str, str]:
    """A gateway container made by the agent, pointed at the domain's DNS: (local user
    and password, share volume, gateway id, vmid, address, its NetBIOS name)."""
    host.sim_env.update({"PVESIM_BACKEND": "lxc", "PVESIM_LXC_INIT": "systemd",
                         "PVESIM_LXC_BRIDGE_MAP": f"vmbr0={bridge.name}"})
    user, password = host.add_user()
    path = host.pool_root / "adshare"
    host.cli("create", "adshare", "--mode", "lxc", "--path", str(path), "--quota", "16M",
             "--valid-users", user)
    status = host.json("status", "adshare")
    gw = status["gateway"]["id"]
    vmid = status["gateway"]["vmid"]
    address = status["gateway"]["address"]
    assert address != ad_lab.DC_IP
    # The admin points the container at the domain's DNS (PVE: the CT's DNS settings).
    ct(host, vmid, "sh", "-c", f"printf 'search {ad_lab.REALM.lower()}\\nnameserver "
       f"{ad_lab.DC_IP}\\n' > /etc/resolv.conf")
    netbios = ct(host, vmid, "hostname").stdout.strip().upper()[:15]
    return (user, password), path, gw, vmid, address, netbios


def test_gateway_container_joins_serves_domain_user_and_leaves(
        sim_host: SimHost, lxc_ready: Bridge, dc_on_bridge: AdLab, tmp_path: Path) -> None:
    host, lab, bridge = sim_host, dc_on_bridge, lxc_ready
    started = time.monotonic()
    (user, user_pw), path, gw, vmid, address, netbios = make_gateway(host, bridge)
    print(f"gateway created: {time.monotonic() - started:.1f}s")

    # A wrong password is refused before anything changes (no restart, no file).
    before = host_state(host, vmid)
    started = time.monotonic()
    wrong = join(host, gw, "not-the-password", check=2)
    print(f"refused join: {time.monotonic() - started:.1f}s")
    assert wrong.stderr.strip().splitlines()[-1] == (
        "pve-smbgateway: error: wrong password for Administrator@EXAMPLE.TEST "
        "(the domain refused it; nothing was changed)")
    assert host_state(host, vmid) == before
    assert not computer_exists(lab, netbios)

    # A failure after the join itself rolls everything back: the computer account is
    # deleted again, the files and the id map are restored, the container restarted.
    started = time.monotonic()
    failed = host.cli("ad", "join", "--realm", ad_lab.REALM, "--user", "Administrator",
                      "--gateway", gw, "--password-stdin", input=ad_lab.ADMIN_PASSWORD + "\n",
                      env={"PVESMBGW_FAULT_AT": "13"}, check=1)
    assert "injected fault before step 13/16 (write the machine keys to /etc/krb5.keytab" in \
        failed.stderr and "rolled back" in failed.stderr, failed.stderr
    assert host_state(host, vmid) == before
    assert not computer_exists(lab, netbios)
    assert "10000000" not in ct(host, vmid, "cat", "/proc/self/uid_map").stdout
    print(f"rolled-back join: {time.monotonic() - started:.1f}s")

    # A dry run shows the plan (restart included) and changes nothing.
    plan = host.cli("--dry-run", "ad", "join", "--realm", ad_lab.REALM, "--user",
                    "Administrator", "--gateway", gw, "--password-stdin",
                    input=ad_lab.ADMIN_PASSWORD + "\n")
    assert f"restart CT {vmid} so that the new id map applies" in plan.stdout + plan.stderr
    assert host_state(host, vmid) == before

    watcher = SecretWatcher(ad_lab.ADMIN_PASSWORD)
    watcher.start()
    started = time.monotonic()
    try:
        joined = join(host, gw, ad_lab.ADMIN_PASSWORD)
    finally:
        watcher.stop()
    print(f"join: {time.monotonic() - started:.1f}s")
    assert files_containing(host.sandbox.root, ad_lab.ADMIN_PASSWORD) == []
    assert guest_files_containing(host, vmid, ad_lab.ADMIN_PASSWORD) == []
    assert "/etc/samba/smb.conf" in guest_files_containing(  # the search itself works
        host, vmid, "include = /etc/samba/pvesmbgw-ad.conf")
    assert watcher.scans > 0
    assert watcher.found == [], watcher.found
    assert ad_lab.ADMIN_PASSWORD not in joined.stdout + joined.stderr
    assert f"{gw}: joined EXAMPLE.TEST (workgroup EXAMPLE" in joined.stdout
    assert computer_exists(lab, netbios)
    conf = host.tool("pct", "config", str(vmid)).stdout
    assert f"lxc.idmap: u {DOMAIN_IDMAP}" in conf and f"lxc.idmap: g {DOMAIN_IDMAP}" in conf
    assert "root:10000000:10000000" in (host.state / "etc/subuid").read_text().split()
    assert "root:10000000:10000000" in (host.state / "etc/subgid").read_text().split()

    status = host.json("ad", "status", "--gateway", gw)
    assert status["problems"] == [], status
    assert status["testjoin"] == "Join is OK" and status["idmap_mapped"] is True
    host_status = json.loads(host.cli("--output-format", "json", "ad", "status",
                                      check=1).stdout)
    assert host_status["gateways"] == [gw]
    text = host.cli("ad", "status", "--gateway", gw).stdout
    assert f"gateway:    {gw}" in text and "id map:     domain ids mapped" in text
    assert f"joined gateways: {gw}" in host.cli("ad", "status", check=1).stdout

    # winbind in the container resolves domain users, with ids of the domain range.
    entry = ct(host, vmid, "getent", "passwd", "EXAMPLE\\alice").stdout.strip().split(":")
    uid = int(entry[2])
    assert 10000000 <= uid <= 19999999
    tested = host.json("ad", "test-user", "alice", "--gateway", gw, "--authenticate",
                       "--password-stdin", input=ALICE[1] + "\n")
    assert tested["uid"] == uid and tested["authenticated"] is True

    # The gateway's own (local) users keep working next to the domain's, named with
    # the gateway's NetBIOS name as their domain (Samba maps other names to the AD).
    local = tmp_path / "local-auth"
    local.write_text(f"username = {user}\npassword = {user_pw}\ndomain = {netbios}\n")
    local.chmod(0o600)
    (tmp_path / "local.txt").write_text("local\n")
    own = subprocess.run(["smbclient", f"//{address}/adshare", "-A", str(local), "-m", "SMB3",
                          "-c", f"lcd {tmp_path}; put local.txt"], capture_output=True,
                         text=True, timeout=60)
    assert own.returncode == 0, own.stdout + own.stderr
    assert (path / "local.txt").stat().st_uid == pwd.getpwnam(user).pw_uid

    # Domain principals on the share; the include line survives the rewritten smb.conf.
    host.cli("set", "adshare", "--valid-users", f'{user},EXAMPLE\\alice,'
             '@"EXAMPLE\\Domain Users"')
    smb_conf = ct(host, vmid, "cat", "/etc/samba/smb.conf").stdout
    assert "include = /etc/samba/pvesmbgw-ad.conf" in smb_conf
    drift = json.loads(host.cli("--output-format", "json", "reconcile", "--check",
                                check=None).stdout)["drift"]
    assert not [d for d in drift if d["what"] == "gateway_conf"], drift

    admin = auth_file(tmp_path, "Administrator", ad_lab.ADMIN_PASSWORD)
    alice = auth_file(tmp_path, *ALICE)
    unc = f"//{address}/adshare"
    acl = subprocess.run(["smbcacls", unc, "/", "-A", str(admin), "-a",
                          "ACL:EXAMPLE\\alice:ALLOWED/OI|CI/FULL"],
                         capture_output=True, text=True, timeout=60)
    assert acl.returncode == 0, acl.stdout + acl.stderr
    # An NT ACL kept by acl_xattr; in user.NTACL, because the container's root may not
    # write security.* xattrs on the host's filesystem.
    assert os.getxattr(path, "user.NTACL")
    (tmp_path / "hello.txt").write_text("hello from alice in a container\n")
    started = time.monotonic()
    put = subprocess.run(["smbclient", unc, "-A", str(alice), "-m", "SMB3", "-c",
                          f"lcd {tmp_path}; put hello.txt"], capture_output=True, text=True,
                         timeout=60)
    assert put.returncode == 0, put.stdout + put.stderr
    print(f"first domain-user write: {(time.monotonic() - started) * 1000:.0f}ms")
    written = path / "hello.txt"
    assert written.read_text() == "hello from alice in a container\n"
    # The same uid on the host as inside the container: the id map passes it through.
    assert written.stat().st_uid == uid

    # A new share on the joined gateway: the user it names writes with no ACL step (the
    # initial ACL is set inside the container, by names winbind resolves there).
    fresh = path.parent / "adfresh"
    host.cli("create", "adfresh", "--mode", "lxc", "--path", str(fresh), "--valid-users",
             "EXAMPLE\\alice")
    assert os.getxattr(fresh, "user.NTACL")
    (tmp_path / "fresh.txt").write_text("fresh share\n")
    put = subprocess.run(["smbclient", f"//{address}/adfresh", "-A", str(alice), "-m", "SMB3",
                          "-c", f"lcd {tmp_path}; put fresh.txt"], capture_output=True,
                         text=True, timeout=60)
    assert put.returncode == 0, put.stdout + put.stderr
    assert (fresh / "fresh.txt").read_text() == "fresh share\n"
    host.cli("delete", "adfresh", "--purge")
    assert not fresh.exists()

    # The gateway cannot go away while it is a member (its computer account would stay).
    busy = host.cli("delete", "adshare", "--purge", check=2)
    assert f"run `pve-smbgateway ad leave --gateway {gw}` first" in busy.stderr
    assert host.ct_ids() == [vmid]

    # Leave: the container's files, its id map and the subid files come back.
    host.cli("ad", "leave", "--gateway", gw, "--password-stdin", input="wrong\n", check=2)
    watcher = SecretWatcher(ad_lab.ADMIN_PASSWORD)
    watcher.start()
    started = time.monotonic()
    try:
        host.cli("-v", "ad", "leave", "--gateway", gw, "--password-stdin",
                 input=ad_lab.ADMIN_PASSWORD + "\n")
    finally:
        watcher.stop()
    print(f"leave: {time.monotonic() - started:.1f}s")
    assert watcher.found == [], watcher.found
    assert not computer_exists(lab, netbios)
    after = host_state(host, vmid)
    after_smb = ct(host, vmid, "cat", "/etc/samba/smb.conf").stdout
    assert "pvesmbgw-ad.conf" not in after_smb
    assert {k: v for k, v in after.items() if k != "/etc/samba/smb.conf"} == \
        {k: v for k, v in before.items() if k != "/etc/samba/smb.conf"}
    assert ct(host, vmid, "getent", "passwd", "EXAMPLE\\alice", check=False).returncode != 0
    gone = json.loads(host.cli("--output-format", "json", "ad", "status", "--gateway", gw,
                               check=1).stdout)
    assert gone["joined"] is False

    host.cli("delete", "adshare", "--purge")
    assert host.ct_ids() == []


def test_a_fault_at_any_step_of_the_join_rolls_everything_back(
        sim_host: SimHost, lxc_ready: Bridge, dc_on_bridge: AdLab, tmp_path: Path) -> None:
    host, lab = sim_host, dc_on_bridge
    _user, _path, gw, vmid, _address, netbios = make_gateway(host, lxc_ready)
    secret = tmp_path / "pw"
    secret.write_text(ad_lab.ADMIN_PASSWORD + "\n")
    secret.chmod(0o600)
    before = host_state(host, vmid)

    def rolled_back(step: int) -> None:
        assert host_state(host, vmid) == before, f"fault at step {step}"
        assert not computer_exists(lab, netbios), f"fault at step {step}"
        assert "10000000" not in ct(host, vmid, "cat", "/proc/self/uid_map").stdout
        assert ct(host, vmid, "systemctl", "is-active", "smbd", check=False
                  ).stdout.strip() == "active", f"fault at step {step}"

    started = time.monotonic()
    steps = each_step(host, ["ad", "join", "--realm", ad_lab.REALM, "--user",
                             "Administrator", "--gateway", gw, "--password-file",
                             str(secret)], rolled_back)
    print(f"{steps} faults injected and rolled back in {time.monotonic() - started:.1f}s")
    assert steps >= 16
    assert computer_exists(lab, netbios)
    host.cli("ad", "leave", "--gateway", gw, "--password-file", str(secret))
    assert not computer_exists(lab, netbios)
    assert host_state(host, vmid) == before
