"""Simulator tests for the App Store backend's PVE calls: /access/permissions from
etc/pve/user.cfg, and /nodes/{node}/tasks/{upid}/status|log from var/log/pve/tasks.

Run: /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/sim/test_sim_access_tasks.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

SIM = Path(__file__).resolve().parent
sys.path.insert(0, str(SIM))

from pvesim.fixtures import run  # noqa: E402
from pvesim.model.state import init_state  # noqa: E402

USER_CFG = """\
user:root@pam:1:0:::root@example.org:::
user:alice@pve:1:0:Alice::::
user:bob@pve:1:0::::
user:carol@pve:1:0::::
user:dave@pve:1:0::::
group:ops:bob@pve,carol@pve::
role:SvcOperator:VM.Audit,Sys.Audit,Not.A.Priv:
acl:1:/:alice@pve:PVEAuditor:
acl:1:/vms:@ops:PVEVMAdmin:
acl:0:/nodes/pve:@ops:SvcOperator:
acl:1:/vms/101:carol@pve:NoAccess:
acl:1:/storage/local:dave@pve:PVEAdmin:
acl:0:/vms/102:dave@pve:PVEVMAdmin:
"""


@pytest.fixture
def pve(tmp_path):
    st = init_state(str(tmp_path / "pve"), pve_version=9)
    Path(st.pve_dir, "user.cfg").write_text(USER_CFG)
    return st


def perms(st, user: str, path: str) -> dict:
    r = run(st, "pvesh", "get", "/access/permissions", "--userid", user, "--path", path,
            "--output-format", "json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert list(out) == [path]
    return out[path]


def test_root_has_every_privilege(pve):
    p = perms(pve, "root@pam", "/vms/100")
    assert p["Sys.Modify"] == 1 and p["Permissions.Modify"] == 1 and p["VM.Allocate"] == 1


def test_a_propagated_role_reaches_below_its_path(pve):
    p = perms(pve, "alice@pve", "/nodes/pve")
    assert set(p) == {"VM.Audit", "VM.GuestAgent.Audit", "Sys.Audit", "Datastore.Audit",
                      "SDN.Audit", "Pool.Audit", "Mapping.Audit"}
    assert all(v == 1 for v in p.values())


def test_group_roles_propagate_flag_and_custom_roles(pve):
    p = perms(pve, "bob@pve", "/vms/100")
    assert "VM.Allocate" in p and "VM.PowerMgmt" in p and "Sys.Modify" not in p
    node = perms(pve, "bob@pve", "/nodes/pve")
    assert node == {"VM.Audit": 0, "Sys.Audit": 0}  # invalid privilege dropped
    assert perms(pve, "bob@pve", "/nodes/pve/qemu") == {}  # not propagated


def test_a_user_acl_overrides_group_acls_and_noaccess_wins(pve):
    assert perms(pve, "carol@pve", "/vms/101") == {}
    assert "VM.Allocate" in perms(pve, "carol@pve", "/vms/100")


def test_an_unpropagated_user_acl_applies_on_its_path_only(pve):
    assert perms(pve, "dave@pve", "/vms/102")["VM.Snapshot"] == 0
    assert perms(pve, "dave@pve", "/vms/103") == {}
    assert "Datastore.AllocateSpace" in perms(pve, "dave@pve", "/storage/local")
    assert "Mapping.Modify" not in perms(pve, "dave@pve", "/storage/local")


def test_pve8_roles_have_vm_monitor_and_no_guest_agent_privileges(tmp_path):
    st = init_state(str(tmp_path / "pve8"), pve_version=8)
    Path(st.pve_dir, "user.cfg").write_text(USER_CFG)
    p = perms(st, "bob@pve", "/vms/100")
    assert "VM.Monitor" in p and not any(k.startswith("VM.GuestAgent") for k in p)


def test_nobody_listed_has_nothing(pve):
    assert perms(pve, "eve@pve", "/") == {}


def _upid(pid: int, pstart: int, start: int) -> str:
    return f"UPID:pve:{pid:08X}:{pstart:08X}:{start:08X}:pvesvcinstall:web1:alice@pve:"


def _pstart(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])


def test_task_status_and_log_follow_the_files(pve):
    proc = subprocess.Popen(["sleep", "30"])
    try:
        start = int(time.time())
        upid = _upid(proc.pid, _pstart(proc.pid), start)
        log = Path(pve.root, "var/log/pve/tasks", f"{start:08X}"[7], upid)
        log.parent.mkdir(parents=True)
        log.write_text("creating guest\n")
        r = run(pve, "pvesh", "get", f"/nodes/pve/tasks/{upid}/status", "--output-format", "json")
        assert r.returncode == 0, r.stderr
        s = json.loads(r.stdout)
        assert s == {"upid": upid, "node": "pve", "pid": proc.pid, "pstart": _pstart(proc.pid),
                     "starttime": start, "type": "pvesvcinstall", "id": "web1",
                     "user": "alice@pve", "status": "running"}
    finally:
        proc.kill()
        proc.wait()
    with open(log, "a") as fh:
        fh.write("TASK ERROR: storage full\n")
    s = json.loads(run(pve, "pvesh", "get", f"/nodes/pve/tasks/{upid}/status",
                       "--output-format", "json").stdout)
    assert s["status"] == "stopped" and s["exitstatus"] == "storage full"
    lines = json.loads(run(pve, "pvesh", "get", f"/nodes/pve/tasks/{upid}/log",
                           "--output-format", "json").stdout)
    assert lines == [{"n": 1, "t": "creating guest"}, {"n": 2, "t": "TASK ERROR: storage full"}]
    assert os.path.exists(log)


def test_a_bad_upid_is_an_error(pve):
    r = run(pve, "pvesh", "get", "/nodes/pve/tasks/UPID:nonsense/status")
    assert r.returncode != 0 and "unable to parse worker upid" in r.stderr
