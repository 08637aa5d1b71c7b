"""AD membership of a VM gateway (`ad join|leave|status|test-user --gateway vm-N`)
against the simulated host: the VM is the simulator's stand-in guest, reached through
`qm guest exec`, and the domain is the simulator's (tests/sim/pvesim/guest/ad_tools.py:
net ads, kinit, winbind answer from $PVESIM_STATE/addc.json). No id map, no restart:
virtiofs passes the domain's ids through unchanged. Rollback at every step; the
password never reaches an argument, the environment, a log or a file."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

from tests.lib.simhost import SimHost, each_step
from .test_vm_gateway import vmroot, with_template

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sim"))
from pvesim.guest.ad_tools import DC_FILE, write_domain  # noqa: E402

REALM = "EXAMPLE.TEST"
DC_IP = "198.51.100.10"
ADMIN_PW = "Adm1n-s1m-" + hashlib.sha256(b"vm").hexdigest()[:8] + "!"
ALICE_PW = "Al1ce-s1m!"
GUEST_FILES = ("etc/samba/smb.conf", "etc/samba/pvesmbgw-ad.conf", "etc/krb5.conf",
               "etc/krb5.keytab", "etc/nsswitch.conf", "etc/resolv.conf")
SECRETS_TDB = "var/lib/samba/private/secrets.tdb"


def make_vm_gateway(host: SimHost, tmp_path: Path) -> tuple[str, int]:
    with_template(host, tmp_path)
    write_domain(str(host.state), REALM, "EXAMPLE", DC_IP,
                 {"Administrator": ADMIN_PW, "alice": ALICE_PW})
    user, _ = host.add_user()
    host.cli("create", "films", "--mode", "vm", "--path", str(host.pool_root / "films"),
             "--quota", "16M", "--valid-users", user)
    gw = host.json("status", "films")["gateway"]
    # The admin points the VM at the domain's DNS (as for a container).
    (vmroot(host, gw["vmid"]) / "etc/resolv.conf").write_text(
        f"search {REALM.lower()}\nnameserver {DC_IP}\n")
    return gw["id"], gw["vmid"]


def snapshot(host: SimHost, vmid: int) -> dict[str, str]:
    root = vmroot(host, vmid)
    out = {p: hashlib.sha256((root / p).read_bytes()).hexdigest() if (root / p).exists()
           else "absent" for p in GUEST_FILES}
    units = root / "var/lib/pvesim/units/winbind.service"
    out["winbind"] = json.loads(units.read_text())["active"] if units.exists() else "absent"
    out["qm_config"] = host.tool("qm", "config", str(vmid)).stdout
    # Samba's runtime secrets: the local SIDs may grow, the membership must not stay.
    tdb = root / SECRETS_TDB
    out["member"] = str(json.loads(tdb.read_text() or "{}").get("member")) \
        if tdb.exists() else "None"
    return out


def computers(host: SimHost) -> dict[str, str]:
    return json.loads((host.state / DC_FILE).read_text())["computers"]


def join(host: SimHost, gw: str, password: str = ADMIN_PW, check: int = 0,
         *extra: str):
    return host.cli(*extra, "ad", "join", "--realm", REALM, "--user", "Administrator",
                    "--gateway", gw, "--password-stdin", input=password + "\n", check=check)


def no_secret_anywhere(host: SimHost, secret: str) -> None:
    """The secret is in no file of the simulated node (logs, guest roots, state)."""
    hits = [str(p) for root in (host.state, host.state_dir) for p in root.rglob("*")
            if p.is_file() and not p.is_symlink() and p.name != DC_FILE
            and secret.encode() in p.read_bytes()]
    assert hits == []


def test_vm_gateway_joins_resolves_domain_users_and_leaves(sim_host: SimHost,
                                                           tmp_path: Path) -> None:
    host = sim_host
    gw, vmid = make_vm_gateway(host, tmp_path)
    before = snapshot(host, vmid)

    # Bad input exits 2 and changes nothing.
    bad = host.cli("ad", "join", "--realm", "not a realm", "--user", "Administrator",
                   "--gateway", gw, "--password-stdin", input=ADMIN_PW + "\n", check=2)
    assert "not a DNS domain name" in bad.stderr
    wrong = join(host, gw, "not-the-password", check=2)
    assert wrong.stderr.strip().splitlines()[-1] == (
        "pve-smbgateway: error: wrong password for Administrator@EXAMPLE.TEST "
        "(the domain refused it; nothing was changed)")
    assert snapshot(host, vmid) == before and computers(host) == {}

    # A guest whose DNS does not lead to the DC is told so, nothing changed.
    resolv = vmroot(host, vmid) / "etc/resolv.conf"
    saved = resolv.read_text()
    resolv.write_text("nameserver 198.51.100.1\n")
    lost = join(host, gw, check=1)
    assert "no domain controller of EXAMPLE.TEST is reachable: a DC (as VM " in lost.stderr
    resolv.write_text(saved)
    assert computers(host) == {}

    # A dry run shows the plan: no id map, no restart of the VM.
    plan = join(host, gw, ADMIN_PW, 0, "--dry-run")
    text = plan.stdout + plan.stderr
    assert "net ads join" in text and "qm reboot" not in text and "qm stop" not in text
    assert "id map" not in text
    assert snapshot(host, vmid) == before

    joined = join(host, gw)
    assert ADMIN_PW not in joined.stdout + joined.stderr
    assert f"{gw}: joined EXAMPLE.TEST (workgroup EXAMPLE, DC dc1.example.test" in joined.stdout
    assert list(computers(host)) == ["SMBGW-PVE$"]
    no_secret_anywhere(host, ADMIN_PW)
    root = vmroot(host, vmid)
    include = (root / "etc/samba/pvesmbgw-ad.conf").read_text()
    assert "idmap config EXAMPLE : range = 10000000-19999999" in include
    assert "include = /etc/samba/pvesmbgw-ad.conf" in (root / "etc/samba/smb.conf").read_text()
    assert "winbind" in (root / "etc/nsswitch.conf").read_text()
    # The VM's config is untouched: no id map, no restart for a VM.
    assert host.tool("qm", "config", str(vmid)).stdout == before["qm_config"]
    state = json.loads((host.state_dir / f"ad-gateway-{gw}.json").read_text())
    assert state["kind"] == "vm" and state["idmap_lines"] == []

    status = host.json("ad", "status", "--gateway", gw)
    assert status["problems"] == [], status
    assert status["testjoin"] == "Join is OK" and status["idmap_mapped"] is True
    assert status["keytab_principals"] == 3 and status["winbind_online"] is True

    tested = host.json("ad", "test-user", "alice", "--gateway", gw, "--authenticate",
                       "--password-stdin", input=ALICE_PW + "\n")
    # idmap rid: the same uid the host's own join (same ranges) would give alice.
    assert tested["uid"] == 10000000 + 1103 and tested["authenticated"] is True
    denied = host.cli("--output-format", "json", "ad", "test-user", "alice", "--gateway", gw,
                      "--authenticate", "--password-stdin", input="wrong\n", check=1)
    assert json.loads(denied.stdout)["authenticated"] is False

    again = join(host, gw, check=2)
    assert "already a member of EXAMPLE.TEST" in again.stderr

    host.cli("ad", "leave", "--gateway", gw, "--password-stdin", input="wrong\n", check=2)
    host.cli("ad", "leave", "--gateway", gw, "--password-stdin", input=ADMIN_PW + "\n")
    assert computers(host) == {}
    after = snapshot(host, vmid)
    smb = "etc/samba/smb.conf"
    # smb.conf is rendered again (the same shares), the rest as before the join.
    assert {k: v for k, v in after.items() if k != smb} == \
        {k: v for k, v in before.items() if k != smb}
    assert "pvesmbgw-ad.conf" not in (root / smb).read_text()
    gone = json.loads(host.cli("--output-format", "json", "ad", "status", "--gateway", gw,
                               check=1).stdout)
    assert gone["joined"] is False
    no_secret_anywhere(host, ADMIN_PW)


def test_a_fault_at_any_step_of_a_vm_join_rolls_everything_back(sim_host: SimHost,
                                                               tmp_path: Path) -> None:
    host = sim_host
    gw, vmid = make_vm_gateway(host, tmp_path)
    secret = tmp_path / "pw"
    secret.write_text(ADMIN_PW + "\n")
    secret.chmod(0o600)
    before = snapshot(host, vmid)

    def rolled_back(step: int) -> None:
        assert snapshot(host, vmid) == before, f"fault at step {step}"
        assert computers(host) == {}, f"fault at step {step}"
        assert not (host.state_dir / f"ad-gateway-{gw}.json").exists()

    steps = each_step(host, ["ad", "join", "--realm", REALM, "--user", "Administrator",
                             "--gateway", gw, "--password-file", str(secret)], rolled_back)
    assert steps >= 10
    assert list(computers(host)) == ["SMBGW-PVE$"]
    no_secret_anywhere(host, ADMIN_PW)
    host.cli("ad", "leave", "--gateway", gw, "--password-file", str(secret))
    assert computers(host) == {}


@pytest.mark.parametrize("args,message", [
    (["--realm", "EXAMPLE.TEST", "--user", "Administrator", "--gateway", "vm-999"],
     "no gateway 'vm-999'"),
    (["--realm", "EXAMPLE.TEST", "--user", "bad user", "--gateway", "vm-100"],
     "not a plain account name"),
])
def test_bad_input_for_a_vm_gateway_exits_2(sim_host: SimHost, args: list[str],
                                            message: str) -> None:
    proc = sim_host.cli("ad", "join", *args, "--password-stdin", input="x\n", check=2)
    assert message in proc.stderr
