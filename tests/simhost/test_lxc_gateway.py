"""LXC mode against the PVE simulator: the container config, id map, users and
smb.conf the agent produces, hot-plugging, and rollback at every step."""

from __future__ import annotations

import grp
import json
import pwd


from tests.lib.simhost import SimHost, each_step


def only_ct(host: SimHost) -> int:
    ids = host.ct_ids()
    assert len(ids) == 1, ids
    return ids[0]


def test_first_lxc_share_builds_a_correct_gateway(sim_host: SimHost) -> None:
    host = sim_host
    user, _ = host.add_user()
    path = host.pool_root / "team"
    out = host.json("create", "team", "--mode", "lxc", "--path", str(path), "--quota", "16M",
                    "--valid-users", user)
    vmid = only_ct(host)
    assert out["share"]["gateway_id"] == f"lxc-{vmid}"
    config = host.ct_config(vmid)
    assert "unprivileged: 1\n" in config
    assert f"mp0: {path},mp=/srv/shares/mp0-team\n" in config
    assert "tags: pvesmbgw\n" in config
    assert config.endswith("lxc.idmap: u 0 100000 65536\nlxc.idmap: u 2000000 2000000 100000\n"
                           "lxc.idmap: g 0 100000 65536\nlxc.idmap: g 2000000 2000000 100000\n")
    assert "root:2000000:100000" in (host.state / "etc/subuid").read_text()
    assert "root:2000000:100000" in (host.state / "etc/subgid").read_text()
    assert host.tool("pct", "status", str(vmid)).stdout == "status: running\n"

    # The volume: container root owns it, the share group (passed through) has access.
    st = path.stat()
    gid = grp.getgrnam(host.group).gr_gid
    assert (st.st_uid, st.st_gid) == (100000, gid)
    assert 2000000 <= gid < 2100000

    # Inside: the same account with the same ids, its Samba hash imported, smb.conf.
    root = host.rootfs(vmid)
    uid = pwd.getpwnam(user).pw_uid
    assert f"{user}:x:{uid}:{gid}:" in (root / "etc/passwd").read_text()
    assert f"{host.group}:x:{gid}:" in (root / "etc/group").read_text()
    smb_conf = (root / "etc/samba/smb.conf").read_text()
    assert "[team]\n\tpath = /srv/shares/mp0-team\n" in smb_conf
    assert f"\tvalid users = {user}\n" in smb_conf
    assert not (root / "run/pvesmbgw-passdb").exists()
    execs = [e["argv"] for e in map(json.loads, (host.state / "exec.log").read_text()
                                    .splitlines())]
    assert ["testparm", "-s", "/etc/samba/smb.conf"] in [a[-3:] for a in execs]

    status = host.json("status", "team")
    assert status["gateway"]["vmid"] == vmid and status["gateway"]["state"] == "running"
    assert status["served"] is True and status["gateway"]["address"]


def test_second_share_is_hot_plugged_and_removal_is_pending(sim_host: SimHost) -> None:
    host = sim_host
    host.cli("create", "a", "--mode", "lxc", "--path", str(host.pool_root / "a"))
    vmid = only_ct(host)
    started = host.tool("pct", "status", str(vmid), "--verbose").stdout
    out = host.cli("create", "b", "--mode", "lxc", "--path", str(host.pool_root / "b"))
    assert "hot-plugged mp1" in out.stdout
    assert only_ct(host) == vmid
    assert f"mp1: {host.pool_root / 'b'},mp=/srv/shares/mp1-b\n" in host.ct_config(vmid)
    # Not restarted: the same run (uptime/pid) as before.
    assert host.tool("pct", "status", str(vmid), "--verbose").stdout.split("pid:")[1][:12] == \
        started.split("pid:")[1][:12]

    out = host.cli("delete", "b", "--purge")
    assert "detaches at the gateway's next restart" in out.stdout
    smb_conf = (host.rootfs(vmid) / "etc/samba/smb.conf").read_text()
    assert "[b]" not in smb_conf and "[a]" in smb_conf
    assert not (host.pool_root / "b").exists()

    out = host.cli("delete", "a", "--purge")
    assert f"removed gateway container {vmid}" in out.stdout
    assert host.ct_ids() == []


def test_dedicated_and_keep_gateway(sim_host: SimHost) -> None:
    host = sim_host
    host.cli("create", "shared", "--mode", "lxc", "--path", str(host.pool_root / "shared"))
    host.cli("create", "own", "--mode", "lxc", "--dedicated",
             "--path", str(host.pool_root / "own"))
    assert len(host.ct_ids()) == 2
    host.cli("delete", "shared", "--keep-gateway")
    assert len(host.ct_ids()) == 2
    host.cli("delete", "own")
    assert len(host.ct_ids()) == 1


def test_user_added_later_reaches_the_gateway(sim_host: SimHost) -> None:
    host = sim_host
    host.cli("create", "a", "--mode", "lxc", "--path", str(host.pool_root / "a"))
    vmid = only_ct(host)
    user, _ = host.add_user()
    assert f"{user}:x:" in (host.rootfs(vmid) / "etc/passwd").read_text()
    host.cli("user", "del", user)
    assert f"{user}:x:" not in (host.rootfs(vmid) / "etc/passwd").read_text()
    host.users.remove(user)


def test_fault_at_each_step_of_create_and_delete_leaves_nothing(sim_host: SimHost) -> None:
    host = sim_host
    host.add_user()
    before = host.fingerprint()

    def unchanged(step: int) -> None:
        assert host.fingerprint() == before, f"fault at step {step} left changes"
    args = ["create", "f", "--mode", "lxc", "--path", str(host.pool_root / "f"),
            "--quota", "8M"]
    assert each_step(host, args, unchanged) >= 15
    vmid = only_ct(host)

    before = host.fingerprint()

    def finished_by_reconcile(step: int) -> None:
        nonlocal before
        assert host.json("reconcile")["repaired_interrupted_operation"] == "delete share f"
        assert host.ct_ids() == [], f"fault at step {step}: container left"
        assert not (host.pool_root / "f").exists()
        assert host.json("list") == []
        host.cli(*args)
        before = host.fingerprint()
    assert each_step(host, ["delete", "f", "--purge"], unchanged, finished_by_reconcile) >= 3
    assert host.ct_ids() == [] and not (host.pool_root / "f").exists()
    assert vmid


def test_failing_pve_tool_is_rolled_back(sim_host: SimHost) -> None:
    """A fault injected in the simulated pct itself (not in the agent) rolls back too."""
    host = sim_host
    before = host.fingerprint()
    (host.state / "faults").write_text("pct:start\n")
    proc = host.cli("create", "x", "--mode", "lxc", "--path", str(host.pool_root / "x"),
                    check=1)
    assert "start gateway container" in proc.stderr and "rolled back" in proc.stderr
    assert host.fingerprint() == before
