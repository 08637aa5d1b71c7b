"""AD membership of a real gateway VM (`ad join|status|test-user|leave --gateway vm-N`).

The simulator's `qm` boots the gateway VM under real QEMU (PVESIM_VM_BACKEND=qemu) from
the test tier's cached Debian 12 image on the test bridge; the Samba AD DC of
tests/lib/ad_lab.py hangs off the same bridge. The agent joins the VM through the real
guest agent, a domain user writes into the share over SMB, and the file on the host
volume has the domain uid the VM's winbind gives (virtiofs passes ids through). The
password never shows in a host process's argv or environment, a host file, or a file in
the guest. Faults at two representative steps (right after the computer account exists,
and before the last step) roll back on the real VM; a fault at every step is
tests/simhost/test_ad_gateway_vm.py's (the stand-in guest), too slow under TCG.

DNS: the gateway VM is created (and booted) by `create`, so the domain's DNS cannot go in
through cloud-init before its first boot; cloud-init's `--nameserver` applies only at the
next boot (another ~80 s under TCG) and Debian's ifupdown ignores `dns-nameservers`
without resolvconf. The test does what an administrator would on a running VM: writes
its /etc/resolv.conf through the guest agent (on stdin, as the container test writes the
container's), like tests/simhost/test_ad_gateway_real.py does for a container.
Marked ``long``."""

from __future__ import annotations

import contextlib
import json
import re
import secrets
import subprocess
import time
from pathlib import Path
from typing import Iterator

import pytest

from tests.lib import ad_lab, qemu_vm, vm_env
from tests.lib.ad_lab import ALICE, AdLab, auth_file, files_containing
from tests.lib.proc import SecretWatcher
from tests.lib.apt_cache import apt_cache
from tests.lib.simhost import SimHost
from tests.lib.paths import use_simulator

from .test_vm_real import boot_real_vms
from .test_vm_template import prepare, vm_ids

use_simulator()

from pvesim.backends import qemu as qemu_backend  # noqa: E402

# On the test network (its bridge and the range), like the LXC, AD and CTDB labs.
pytestmark = [pytest.mark.long, pytest.mark.testnet]

GUEST_IP = "198.51.100.50"
LONG = 1800
GUEST_FILES = ("/etc/samba/smb.conf", "/etc/samba/pvesmbgw-ad.conf", "/etc/krb5.conf",
               "/etc/krb5.keytab", "/etc/nsswitch.conf")


@contextlib.contextmanager
def real_gateway_lab(host: SimHost, tmp_path: Path) -> Iterator[tuple[int, AdLab]]:
    """HOST's `qm` boots real guests on the test bridge (the gateway VM at GUEST_IP, apt
    through an apt cache there), a DC on the same bridge; yields the gateway template
    built from the cached image, and the DC. Everything is stopped by PID and name after,
    and checked gone."""
    image = qemu_vm.skip_unless_bootable()
    prepare(host, tmp_path)
    with vm_env.bridge() as bridge, apt_cache(bridge.host_ip) as proxy:
        try:
            lab = ad_lab.build_on_bridge(bridge.name, {ALICE[0]: ALICE[1]})
        except ad_lab.LabUnavailable as exc:
            pytest.skip(str(exc))
        boot_real_vms(host, bridge.name, proxy, agent_timeout=900, guest_ip=GUEST_IP)
        try:
            started = time.monotonic()
            out = host.json("vm-template", "build", "--image", str(image), timeout=LONG)
            print(f"template: {time.monotonic() - started:.1f}s")
            yield int(out["template"]["vmid"]), lab
        finally:
            try:
                qemu_backend.stop_all(str(host.state))
                left = qemu_backend.leftovers(str(host.state), disks=False)
            finally:
                ad_lab.drop_bridge_veth(lab)
                problems = lab.teardown()
            assert not left, left
            assert not problems, problems


def guest(host: SimHost, vmid: int, *argv: str, stdin: str = "", check: bool = True
          ) -> tuple[int, str]:
    """ARGV in the VM through the guest agent (STDIN on the agent's stdin): exit code,
    stdout."""
    extra = ["--pass-stdin", "1"] if stdin else []
    proc = subprocess.run(["qm", "guest", "exec", str(vmid), *extra, "--timeout", "120",
                           "--", *argv], input=stdin, capture_output=True, text=True,
                          env=host.env, timeout=180)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    if check:
        assert out["exitcode"] == 0, (argv, out)
    return int(out["exitcode"]), str(out.get("out-data", ""))


def guest_state(host: SimHost, vmid: int) -> dict[str, str]:
    out = {"qm_config": host.tool("qm", "config", str(vmid)).stdout}
    for path in GUEST_FILES:
        rc, text = guest(host, vmid, "sh", "-c", f"sha256sum {path} 2>/dev/null || true")
        out[path] = text.split()[0] if text else "absent"
    out["winbind"] = guest(host, vmid, "systemctl", "is-active", "winbind",
                           check=False)[1].strip()
    return out


def guest_files_containing(host: SimHost, vmid: int, secret: str) -> list[str]:
    """Files in the VM's /etc, Samba's directories, logs, /run, /tmp and /root holding
    SECRET (grep reads it from stdin: it never is an argument)."""
    rc, out = guest(host, vmid, "grep", "-rlsF", "-f", "-", "/etc", "/var/lib/samba",
                    "/var/log", "/var/cache/samba", "/run", "/tmp", "/root",
                    stdin=secret + "\n", check=False)
    assert rc in (0, 1), (rc, out)
    return out.split()


def computer_exists(lab: AdLab, name: str) -> bool:
    return lab.tool("computer", "show", name + "$", check=False).returncode == 0


def host_files_containing(host: SimHost, secret: str) -> list[str]:
    hits = files_containing(host.sandbox.root, secret) + files_containing(host.state_dir,
                                                                          secret)
    for path in host.state.rglob("*"):  # the node's state, but not the VM disk images
        if "qemu-disks" in path.parts or not path.is_file() or path.is_symlink():
            continue
        if path.stat().st_size < 64 * 2**20 and secret.encode() in path.read_bytes():
            hits.append(str(path))
    return hits


def test_real_gateway_vm_joins_serves_a_domain_user_and_leaves(
        sim_host: SimHost, tmp_path: Path) -> None:
    host = sim_host
    with real_gateway_lab(host, tmp_path) as (template, lab):
        user, _ = host.add_user()
        path = host.pool_root / "adshare"
        started = time.monotonic()
        host.cli("create", "adshare", "--mode", "vm", "--path", str(path), "--quota", "64M",
                 "--valid-users", user, timeout=LONG)
        print(f"gateway VM created: {time.monotonic() - started:.1f}s")
        gw = host.json("status", "adshare")["gateway"]
        gw_id, vmid = gw["id"], int(gw["vmid"])
        assert [v for v in vm_ids(host) if v != template] == [vmid]
        guest(host, vmid, "tee", "/etc/resolv.conf",
              stdin=f"search {ad_lab.REALM.lower()}\nnameserver {ad_lab.DC_IP}\n")
        # The computer account is the VM's PVE name (its cloud-init sets no host name:
        # the guest calls itself localhost), as the agent's VmKind.netbios_name says.
        name = re.search(r"^name: (\S+)$", host.tool("qm", "config", str(vmid)).stdout,
                         re.M)
        assert name is not None
        netbios = name.group(1).upper()

        secret = tmp_path / "admin.pw"
        secret.write_text(ad_lab.ADMIN_PASSWORD + "\n")
        secret.chmod(0o600)
        join_args = ["ad", "join", "--realm", ad_lab.REALM, "--user", "Administrator",
                     "--gateway", gw_id, "--password-file", str(secret)]

        # The plan; faults at two representative steps on the real VM.
        planned = host.cli("--dry-run", *join_args, timeout=600)
        plan = planned.stdout + planned.stderr
        titles = re.findall(r"^\[(\d+)/(\d+)\] (.*)$", plan, re.M)
        total = int(titles[0][1])
        after_join = next(int(n) for n, _, t in titles if t.startswith("join ")) + 1
        before = guest_state(host, vmid)
        for step in (after_join, total):
            started = time.monotonic()
            failed = host.cli(*join_args, env={"PVESMBGW_FAULT_AT": str(step)}, check=1,
                              timeout=LONG)
            assert f"injected fault before step {step}/{total} " in failed.stderr and \
                "rolled back" in failed.stderr, failed.stderr
            assert guest_state(host, vmid) == before, step
            assert not computer_exists(lab, netbios), step
            print(f"fault at step {step}/{total} rolled back: "
                  f"{time.monotonic() - started:.1f}s")

        watcher = SecretWatcher(ad_lab.ADMIN_PASSWORD)
        watcher.start()
        started = time.monotonic()
        try:
            joined = host.cli("-v", *join_args, timeout=LONG)
        finally:
            watcher.stop()
        print(f"join: {time.monotonic() - started:.1f}s")
        assert watcher.scans > 0 and watcher.found == [], watcher.found
        assert ad_lab.ADMIN_PASSWORD not in joined.stdout + joined.stderr
        assert f"{gw_id}: joined EXAMPLE.TEST (workgroup EXAMPLE" in joined.stdout
        assert computer_exists(lab, netbios)
        assert guest_files_containing(host, vmid, ad_lab.ADMIN_PASSWORD) == []
        assert "/etc/samba/smb.conf" in guest_files_containing(  # the search itself works
            host, vmid, "include = /etc/samba/pvesmbgw-ad.conf")
        assert host_files_containing(host, ad_lab.ADMIN_PASSWORD) == []
        assert host.tool("qm", "config", str(vmid)).stdout == before["qm_config"]

        status = host.json("ad", "status", "--gateway", gw_id, timeout=600)
        assert status["problems"] == [], status
        assert status["testjoin"] == "Join is OK", status
        entry = guest(host, vmid, "getent", "passwd", "EXAMPLE\\alice")[1].split(":")
        uid = int(entry[2])
        assert 10000000 <= uid <= 19999999
        tested = host.json("ad", "test-user", "alice", "--gateway", gw_id, "--authenticate",
                           "--password-stdin", input=ALICE[1] + "\n", timeout=600)
        assert tested["uid"] == uid and tested["authenticated"] is True

        # alice writes into the share: the host file has her domain uid.
        host.cli("set", "adshare", "--valid-users",
                 f'{user},EXAMPLE\\alice,@"EXAMPLE\\Domain Users"', timeout=LONG)
        admin = auth_file(tmp_path, "Administrator", ad_lab.ADMIN_PASSWORD)
        alice = auth_file(tmp_path, *ALICE)
        unc = f"//{GUEST_IP}/adshare"
        acl = subprocess.run(["smbcacls", unc, "/", "-A", str(admin), "-a",
                              "ACL:EXAMPLE\\alice:ALLOWED/OI|CI/FULL"],
                             capture_output=True, text=True, timeout=120)
        assert acl.returncode == 0, acl.stdout + acl.stderr
        payload = f"hello from alice in a VM {secrets.token_hex(4)}\n"
        (tmp_path / "hello.txt").write_text(payload)
        put = subprocess.run(["smbclient", unc, "-A", str(alice), "-m", "SMB3", "-c",
                              f"lcd {tmp_path}; put hello.txt"], capture_output=True,
                             text=True, timeout=120)
        assert put.returncode == 0, put.stdout + put.stderr
        written = path / "hello.txt"
        assert written.read_text() == payload
        assert written.stat().st_uid == uid

        watcher = SecretWatcher(ad_lab.ADMIN_PASSWORD)
        watcher.start()
        started = time.monotonic()
        try:
            host.cli("ad", "leave", "--gateway", gw_id, "--password-file", str(secret),
                     timeout=LONG)
        finally:
            watcher.stop()
        print(f"leave: {time.monotonic() - started:.1f}s")
        assert watcher.found == [], watcher.found
        assert not computer_exists(lab, netbios)
        after = guest_state(host, vmid)
        smb = "/etc/samba/smb.conf"
        assert {k: v for k, v in after.items() if k != smb} == \
            {k: v for k, v in before.items() if k != smb}
        gone = json.loads(host.cli("--output-format", "json", "ad", "status", "--gateway",
                                   gw_id, check=1, timeout=600).stdout)
        assert gone["joined"] is False

        host.cli("delete", "adshare", "--purge", timeout=LONG)
        assert vm_ids(host) == [template]
        assert qemu_backend.leftovers(str(host.state), disks=False) == []
