"""The agent end to end with a FakeRunner: exact commands sent, files written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pvesmbgw.smb.agent import Agent
from pvesmbgw.core.config import Config
from pvesmbgw.core.errors import ApplyError, NotFoundError, ValidationError
from pvesmbgw.smb.model import ShareChange, ShareSpec
from pvesmbgw.smb.samba.conf import MARKER
from pvesmbgw.core.txn import FAULT_ENV

from .conftest import ADMIN_SMB_CONF, FakeRunner


def smbd_stopped(runner: FakeRunner, cfg: Config) -> None:
    """smbd is not running until the agent starts it (then ping answers PONG and
    reload-config is delivered)."""
    ping = ["smbcontrol", "-s", str(cfg.samba_conf), "smbd", "ping"]
    reload = ["smbcontrol", "-s", str(cfg.samba_conf), "smbd", "reload-config"]
    no_smbd = "Can't find pid for destination 'smbd'"
    runner.answer(["smbcontrol"])
    runner.answer(ping, returncode=1, stderr=no_smbd)
    runner.answer(reload, returncode=1, stderr=no_smbd)

    def started() -> None:
        runner.answer(ping, stdout="PONG from pid 42\n")
        runner.answer(reload)
    runner.answer(["smbd", "-D", "-s", str(cfg.samba_conf)], then=started)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file (content) and directory under ROOT, except the agent's own state
    directory, lock and journal (the registry inside it is compared)."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = str(p.relative_to(root))
        if rel == "state" or rel.startswith(("state/journal", "state/lock")):
            continue
        out[rel] = p.read_bytes() if p.is_file() else b"<dir>"
    return out


def test_create_writes_include_hook_registry_and_starts_smbd(host: Config,
                                                              fake_runner: FakeRunner) -> None:
    smbd_stopped(fake_runner, host)
    share_path = host.allowed_roots[0] / "demo"
    result = Agent(host, fake_runner).create(
        ShareSpec(name="demo", path=str(share_path), comment="Demo", valid_users=("alice",)))
    assert result["share"]["backend"] == "dir"
    assert share_path.is_dir() and (share_path.stat().st_mode & 0o7777) == 0o2770
    assert "[demo]\n\tpath = " + str(share_path) in host.include_file.read_text()
    assert "\tvalid users = alice\n" in host.include_file.read_text()
    assert host.samba_conf.read_text() == (ADMIN_SMB_CONF + f"{MARKER}\n"
                                           f"include = {host.include_file}\n")
    reg = json.loads(host.registry_file.read_text())
    assert reg["shares"]["demo"]["created_volume"] is True
    assert fake_runner.calls == [
        ("smbcontrol", "-s", str(host.samba_conf), "smbd", "reload-config"),
        ("smbcontrol", "-s", str(host.samba_conf), "smbd", "ping"),
        ("smbd", "-D", "-s", str(host.samba_conf)),
        ("smbcontrol", "-s", str(host.samba_conf), "smbd", "ping"),
    ]


def test_fault_at_every_step_leaves_host_unchanged(host: Config, fake_runner: FakeRunner,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    smbd_stopped(fake_runner, host)
    root = host.samba_conf.parents[2]
    before = snapshot(root)
    spec = ShareSpec(name="demo", path=str(host.allowed_roots[0] / "demo"))
    step = 1
    while True:
        monkeypatch.setenv(FAULT_ENV, str(step))
        try:
            Agent(host, fake_runner).create(spec)
        except ApplyError as exc:
            assert "rolled back" in str(exc)
            assert snapshot(root) == before, f"fault at step {step} left changes"
            step += 1
            continue
        break
    assert step > 5  # every step of the plan was tried, then the unfaulted run succeeded


def test_delete_of_last_share_restores_admin_conf(host: Config, fake_runner: FakeRunner) -> None:
    smbd_stopped(fake_runner, host)
    agent = Agent(host, fake_runner)
    agent.create(ShareSpec(name="demo", path=str(host.allowed_roots[0] / "demo")))
    fake_runner.table.clear()
    fake_runner.answer(["smbcontrol"])
    result = agent.delete("DEMO", purge=False)
    assert host.samba_conf.read_text() == ADMIN_SMB_CONF
    assert not host.include_file.exists()
    assert (host.allowed_roots[0] / "demo").is_dir()
    assert any("data kept" in n for n in result["notes"])
    assert fake_runner.calls[-1] == ("smbcontrol", "-s", str(host.samba_conf), "smbd",
                                     "reload-config")


def test_purge_removes_only_volumes_we_created(host: Config, fake_runner: FakeRunner) -> None:
    fake_runner.answer(["smbcontrol"])
    agent = Agent(host, fake_runner)
    mine = host.allowed_roots[0] / "mine"
    theirs = host.allowed_roots[0] / "theirs"
    theirs.mkdir()
    (theirs / "keep.txt").write_text("precious")
    agent.create(ShareSpec(name="mine", path=str(mine)))
    agent.create(ShareSpec(name="theirs", path=str(theirs)))
    (mine / "f").write_text("x")
    assert agent.delete("mine", purge=True)["purged"] is True
    assert not mine.exists()
    result = agent.delete("theirs", purge=True)
    assert result["purged"] is False
    assert (theirs / "keep.txt").read_text() == "precious"


def test_bad_input_changes_nothing(host: Config, fake_runner: FakeRunner) -> None:
    fake_runner.answer(["smbcontrol"])
    agent = Agent(host, fake_runner)
    root = host.samba_conf.parents[2]
    before = snapshot(root)
    with pytest.raises(ValidationError, match="quota"):
        agent.create(ShareSpec(name="q", path=str(host.allowed_roots[0] / "q"), quota=1 << 30))
    with pytest.raises(ValidationError, match="outside the allowed roots"):
        agent.create(ShareSpec(name="o", path="/etc/o"))
    with pytest.raises(NotFoundError):
        agent.delete("nope", purge=False)
    assert snapshot(root) == before
    assert fake_runner.calls == []


def test_duplicate_name_and_path_are_refused(host: Config, fake_runner: FakeRunner) -> None:
    fake_runner.answer(["smbcontrol"])
    agent = Agent(host, fake_runner)
    path = str(host.allowed_roots[0] / "a")
    agent.create(ShareSpec(name="a", path=path))
    with pytest.raises(ValidationError, match="already exists"):
        agent.create(ShareSpec(name="A", path=str(host.allowed_roots[0] / "b")))
    with pytest.raises(ValidationError, match="already shared"):
        agent.create(ShareSpec(name="b", path=path))
    with pytest.raises(ValidationError, match=r"\[Admins-Own\] is already defined in"):
        agent.create(ShareSpec(name="Admins-Own", path=str(host.allowed_roots[0] / "c")))


def test_set_changes_settings_and_reloads(host: Config, fake_runner: FakeRunner) -> None:
    fake_runner.answer(["smbcontrol"])
    agent = Agent(host, fake_runner)
    agent.create(ShareSpec(name="a", path=str(host.allowed_roots[0] / "a")))
    agent.set("a", ShareChange(read_only=True, comment="Now read-only"))
    text = host.include_file.read_text()
    assert "\tread only = yes\n" in text and "\tcomment = Now read-only\n" in text
    with pytest.raises(ValidationError, match="nothing to change"):
        agent.set("a", ShareChange())
    with pytest.raises(ValidationError, match="quota"):
        agent.set("a", ShareChange(quota=1 << 30))


def test_dry_run_prints_plan_and_changes_nothing(host: Config) -> None:
    runner = FakeRunner(dry_run=True)
    runner.answer(["smbcontrol"])
    before = snapshot(host.samba_conf.parents[2])
    Agent(host, runner).create(ShareSpec(name="a", path=str(host.allowed_roots[0] / "a")))
    assert snapshot(host.samba_conf.parents[2]) == before
    assert any(line.startswith("[1/") for line in runner.lines)
    assert any(line.strip() == f"+include = {host.include_file}" for line in runner.lines)


def test_reconcile_repairs_an_edited_include_file(host: Config, fake_runner: FakeRunner) -> None:
    fake_runner.answer(["smbcontrol"])
    agent = Agent(host, fake_runner)
    agent.create(ShareSpec(name="a", path=str(host.allowed_roots[0] / "a")))
    good = host.include_file.read_text()
    host.include_file.write_text(good + "\tguest ok = yes\n")
    check = agent.reconcile(check=True)
    assert check["in_sync"] is False and check["drift"][0]["what"] == "include_file"
    assert host.include_file.read_text() != good
    assert agent.reconcile(check=False)["fixed"] is True
    assert host.include_file.read_text() == good
    assert agent.reconcile(check=True)["in_sync"] is True


def test_reconcile_records_a_gateway_that_ha_moved_to_another_node(
        host: Config, fake_runner: FakeRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry is the cluster's: a guest PVE HA moved is recorded on its new node,
    whose reconcile then looks after it (and this node's stops looking)."""
    from pvesmbgw.smb.registry import Gateway, Registry
    from pvesmbgw.tools import pvesh
    moved_away = Gateway(id="lxc-101", kind="lxc", vmid=101, node=host.node)
    host.registry_file.parent.mkdir(parents=True, exist_ok=True)
    host.registry_file.write_bytes(Registry(gateways={moved_away.id: moved_away}).dumps())
    monkeypatch.setattr(pvesh, "available", lambda: True)
    fake_runner.answer(["pvesh", "get", "/cluster/resources"], json.dumps(
        [{"id": "lxc/101", "type": "lxc", "vmid": 101, "node": "pve9", "status": "running"}]))
    agent = Agent(host, fake_runner)
    assert agent.reconcile(check=True)["drift"] == [
        {"share": "", "what": "gateway_moved",
         "detail": f"lxc-101 runs on node pve9, the registry said {host.node}"}]
    result = agent.reconcile(check=False)
    assert result["fixed"] is True
    assert json.loads(host.registry_file.read_text())["gateways"]["lxc-101"]["node"] == "pve9"
    assert agent.reconcile(check=True)["drift"] == []
