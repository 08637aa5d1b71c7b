"""pve-svc's secrets against the PVE simulator: kept root-only in the cluster
filesystem's priv tree (or a fake Vault's KV v2 API on loopback), given at install from
stdin or a private file, listed, shown and rotated (the template's applying step run
again), never in a process's argv or environment, a log or the CLI's output; a fault at
every step of a rotation leaves store, guest file and registry as they were."""

from __future__ import annotations

import json
import stat
import subprocess
from pathlib import Path
from typing import Iterator

import pytest

from tests.lib.btrfs import BtrfsPool
from tests.lib.fake_vault import FakeVault, start_fake_vault
from tests.lib.paths import PYTHON, REPO
from tests.lib.proc import ProcWatcher
from tests.lib.svchost import SvcHost, fault_at_every_step, make_svc_host, plan_steps

SECRET = "admin_password"
GUEST_FILE = "etc/pvesvc/secrets/admin_password"
APPLIED = "etc/demo/admin.pw"  # where demo's rerun_on_rotate step copies it


def install(host: SvcHost, *extra: str, name: str = "demo", input: str | None = None,
            check: int = 0) -> dict:
    proc = host.svc("--output-format", "json", "install", "demo", "--name", name,
                    "--param", f"http_port={host.health.port}", *extra, input=input,
                    check=check)
    return json.loads(proc.stdout) if check == 0 else {}


def guest(host: SvcHost, name: str = "demo") -> Path:
    return host.rootfs(host.registry()["instances"][name]["vmid"])


def show(host: SvcHost, name: str = "demo") -> str:
    return host.svc("secret", "show", name, SECRET).stdout.rstrip("\n")  # a pipe: shown


def private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600)


def failing(host: SvcHost, rule: str, *args: str, check: int = 1) -> str:
    """pve-svc ARGS with the simulator's fault RULE, counted from this command on: its
    stderr."""
    (host.state / "counters.json").unlink(missing_ok=True)
    return host.svc(*args, env={"PVESIM_FAIL": rule}, check=check).stderr


def state(host: SvcHost, name: str = "demo") -> dict[str, str]:
    """What a failed rotation must leave as it was."""
    root = guest(host, name)
    return {"registry": host.registry_file.read_text(), "store": str(host.secret_files()),
            "guest": (root / GUEST_FILE).read_text(), "applied": (root / APPLIED).read_text()}


def test_install_keeps_the_secret_root_only_and_list_show_rotate_it(svc_host: SvcHost) -> None:
    host = svc_host
    out = install(host)
    assert any("secret list demo" in n for n in out["notes"])
    stored = host.secret_root / "demo" / SECRET
    value = stored.read_text()
    assert len(value) == 24 and value.isalnum()
    assert all(private(p) for p in (host.secret_root, stored.parent, stored))
    root = guest(host)
    assert (root / GUEST_FILE).read_text() == value == (root / APPLIED).read_text()

    listed = host.json("secret", "list", "demo")
    assert listed["backend"] == "file" and listed["state"] == "installed"
    [row] = listed["secrets"]
    assert row == {"name": SECRET, "stored": str(stored), "present": True,
                   "guest_file": f"CT {out['instance']['vmid']}:/{GUEST_FILE}",
                   "rotated": None, "applied_by": ["hand the password to the service"]}
    text = host.svc("secret", "list", "demo").stdout
    assert "never" in text and value not in text
    assert show(host) == value  # stdout is a pipe here
    assert host.json("secret", "show", "demo", SECRET)["value"] == value

    rotated = host.json("secret", "rotate", "demo", SECRET)
    assert rotated["rerun"] == ["hand the password to the service"]
    new = stored.read_text()
    assert new != value and len(new) == 24 and private(stored)
    assert (root / GUEST_FILE).read_text() == new == (root / APPLIED).read_text()
    assert stat.S_IMODE((root / GUEST_FILE).stat().st_mode) == 0o600
    assert host.secret_files() == [("demo", "700", ""), (f"demo/{SECRET}", "600", new)]
    assert host.json("secret", "list", "demo")["secrets"][0]["rotated"] == rotated["rotated"]

    log = (host.state / "svc-logs/demo.log").read_text()
    assert "hand the password to the service" in log
    for text in (log, host.registry_file.read_text(), json.dumps(rotated)):
        assert value not in text and new not in text


def test_a_value_from_stdin_or_a_private_file_never_from_argv(svc_host: SvcHost) -> None:
    host = svc_host
    before = host.fingerprint()
    proc = host.svc("install", "demo", "--secret", f"{SECRET}=hunter2hunter2", check=2)
    assert "never taken from the command line" in proc.stderr
    assert "hunter2" not in proc.stderr and host.fingerprint() == before
    loose = host.state / "loose.pw"
    loose.write_text("Loose-value-1\n")
    loose.chmod(0o640)
    proc = host.svc("install", "demo", "--secret", f"{SECRET}=@{loose}", check=2)
    assert f"secret {SECRET}: {loose} is open to its group (mode 640)" in proc.stderr
    proc = host.svc("install", "demo", "--secret", "nope=-", input="x\n", check=2)
    assert "secret nope: demo has no secret parameter nope" in proc.stderr
    proc = host.svc("install", "demo", "--secret", f"{SECRET}=-", input=" padded\n", check=2)
    assert "begins or ends with white space" in proc.stderr
    assert host.fingerprint() == before

    install(host, "--secret", f"{SECRET}=-", input="Given-on-stdin-42\n")
    assert show(host) == "Given-on-stdin-42"
    assert (guest(host) / GUEST_FILE).read_text() == "Given-on-stdin-42"
    pw = host.state / "new.pw"
    pw.write_text("From-a-file-43\n")
    pw.chmod(0o600)
    host.svc("secret", "rotate", "demo", SECRET, "--value-from", f"@{pw}")
    assert show(host) == "From-a-file-43" == (guest(host) / APPLIED).read_text()


def test_show_refuses_a_terminal_without_reveal(svc_host: SvcHost) -> None:
    host = svc_host
    install(host)
    value = show(host)
    for extra, code in (((), 2), (("--reveal",), 0)):
        out, status = on_a_terminal(host, "secret", "show", "demo", SECRET, *extra)
        assert status == code, out
        assert (value in out) == (code == 0), out
    assert "reveal: stdout is a terminal" in on_a_terminal(
        host, "secret", "show", "demo", SECRET)[0]


def on_a_terminal(host: SvcHost, *args: str) -> tuple[str, int]:
    """pve-svc ARGS with a pseudo-terminal as stdin, stdout and stderr: what it wrote,
    its exit status."""
    script = ("import pty, sys; "
              "sys.exit(pty.spawn([sys.executable, '-m', 'pvesmbgw.cli.svc.main', "
              "*sys.argv[1:]]) >> 8)")
    proc = subprocess.run([PYTHON, "-c", script, *args], env=host.env, cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    return proc.stdout, proc.returncode


def test_no_secret_in_any_process_argv_or_environment(svc_host: SvcHost) -> None:
    host = svc_host
    watcher = ProcWatcher()
    watcher.start()
    try:
        install(host, "--secret", f"{SECRET}=-", input="Watched-install-value-7\n")
        first = show(host)
        host.svc("secret", "rotate", "demo", SECRET)
        second = show(host)
        host.svc("secret", "rotate", "demo", SECRET, "--value-from", "-",
                 input="Watched-rotate-value-8\n")
        third = show(host)
        # a failed rotation puts the old value back: watched too
        failing(host, "pct:exec:1", "secret", "rotate", "demo", SECRET)
        assert show(host) == third
        # the watcher does see what a process is given in argv
        subprocess.run([PYTHON, "-c", "import time; time.sleep(0.5)", "Canary-in-argv"],
                       check=True)
    finally:
        watcher.stop()
    assert watcher.scans > 10 and watcher.hits("Canary-in-argv")
    for value in (first, second, third):
        assert watcher.hits(value) == [], watcher.hits(value)
    assert first == "Watched-install-value-7" and third == "Watched-rotate-value-8"
    log = (host.state / "svc-logs/demo.log").read_text()
    assert all(v not in log for v in (first, second, third))


def test_a_fault_at_every_rotation_step_leaves_everything_as_it_was(svc_host: SvcHost) -> None:
    host = svc_host
    install(host)
    before, fingerprint = state(host), host.fingerprint()
    args = ["secret", "rotate", "demo", SECRET]
    total = plan_steps(host, args)
    assert total >= 5
    for step in range(1, total):  # the last one is deferred: finished, never undone
        proc = host.svc(*args, env={"PVESMBGW_FAULT_AT": str(step)}, check=1)
        assert "rolled back" in proc.stderr and "INCOMPLETE" not in proc.stderr, \
            (step, proc.stderr)
        assert state(host) == before, step
        assert host.fingerprint() == fingerprint, step
    proc = host.svc(*args, env={"PVESMBGW_FAULT_AT": str(total)}, check=1)
    assert "point of no return" in proc.stderr
    host.svc("list")  # read-only: repairs nothing
    host.svc("uninstall", "nothing", check=2)  # a mutating command finishes it
    new = show(host)
    assert new != before["guest"] and (guest(host) / GUEST_FILE).read_text() == new
    assert host.secret_files() == [("demo", "700", ""), (f"demo/{SECRET}", "600", new)]


def test_a_rotation_killed_at_any_step_is_undone_by_the_next_command(svc_host: SvcHost) -> None:
    host = svc_host
    install(host)
    before = state(host)
    args = ["secret", "rotate", "demo", SECRET]
    total = plan_steps(host, args)
    for step in range(1, total):
        proc = host.svc(*args, env={"PVESMBGW_KILL_AT": str(step)}, check=None)
        assert proc.returncode == -9, (step, proc.stderr)
        host.svc("uninstall", "nothing", check=2)  # repairs first: the old value back
        assert state(host) == before, step
    log = (host.state / "svc-logs/demo.log").read_text()
    assert before["guest"] not in log


def test_a_failing_step_in_the_guest_rolls_the_rotation_back(svc_host: SvcHost) -> None:
    host = svc_host
    install(host)
    before = state(host)
    # the first guest command is the applying step with the new value: it fails, the
    # rollback writes the old value back and runs the step again with it
    err = failing(host, "pct:exec:1", "secret", "rotate", "demo", SECRET)
    assert "hand the password to the service" in err and "; rolled back" in err, err
    assert state(host) == before
    # the push of the new value fails: the old one is written back, the step run again
    err = failing(host, "pct:push:1", "secret", "rotate", "demo", SECRET)
    assert "; rolled back" in err and state(host) == before
    # the rollback itself cannot run the step again: said precisely
    err = failing(host, "pct:exec", "secret", "rotate", "demo", SECRET)
    assert "ROLLBACK INCOMPLETE" in err
    assert "ROLLBACK INCOMPLETE: svc_secret_reapply: re-running 'hand the password to the " \
        f"service' with the old value of {SECRET} failed: exit 1: " in err, err
    assert show(host) == before["guest"] == (guest(host) / GUEST_FILE).read_text()


def test_bad_rotations_are_one_line_exit_2_and_change_nothing(svc_host: SvcHost) -> None:
    host = svc_host
    install(host)
    before = state(host)
    for args, message in (
            (["nosuch", SECRET], "no service instance 'nosuch'"),
            (["demo", "nope"], "secret nope: demo has no secret nope (its secrets: "
                               f"{SECRET})"),
            (["demo", SECRET, "--value-from", "plain"], "never taken from the command line"),
            (["demo", SECRET, "--value-from", "-"], "the value is empty")):
        proc = host.svc("secret", "rotate", *args, input="", check=2)
        assert proc.stderr.count("\n") == 1 and message in proc.stderr, proc.stderr
        assert state(host) == before
    dry = host.svc("--dry-run", "secret", "rotate", "demo", SECRET).stdout
    assert "dry-run: rotate secret admin_password of demo" in dry
    assert before["guest"] not in dry and state(host) == before
    host.tool("pct", "stop", str(host.registry()["instances"]["demo"]["vmid"]))
    proc = host.svc("secret", "rotate", "demo", SECRET, check=2)
    assert "is stopped: start it" in proc.stderr


def test_uninstall_keeps_the_secrets_with_the_data_and_a_reinstall_reuses_them(
        svc_host: SvcHost) -> None:
    host = svc_host
    install(host)
    value = show(host)
    out = host.json("uninstall", "demo")
    assert any("secrets kept" in n for n in out["notes"])
    assert host.registry()["kept"]["demo"]["secrets"] == [SECRET]
    assert host.json("secret", "list", "demo")["state"] == "kept"
    assert show(host) == value
    assert "its secrets are kept" in host.svc("list").stdout
    proc = host.svc("secret", "rotate", "demo", SECRET, check=2)
    assert "demo is uninstalled" in proc.stderr

    # the same name, its kept volume bound again: the kept value is reused
    volume = host.registry()["kept"]["demo"]["volumes"][0]["path"]
    out = install(host, "--dataset", volume)
    assert any("reused the kept secrets" in n for n in out["notes"])
    assert show(host) == value == (guest(host) / GUEST_FILE).read_text()
    assert host.registry()["kept"] == {}
    assert host.secret_files() == [("demo", "700", ""), (f"demo/{SECRET}", "600", value)]
    proc = host.svc("install", "demo", "--name", "demo", check=2)
    assert "exists already" in proc.stderr

    host.svc("uninstall", "demo", "--purge")
    assert host.secret_files() == [] and host.registry()["kept"] == {}


def test_purge_of_kept_secrets_and_a_failed_install_leave_no_secret(svc_host: SvcHost) -> None:
    host = svc_host
    install(host, "--dataset", "zfs/share1")  # a bound volume: no kept volume, kept secrets
    host.svc("uninstall", "demo")
    kept = host.registry()["kept"]["demo"]
    assert kept["volumes"] == [] and kept["secrets"] == [SECRET]
    host.svc("uninstall", "demo", "--purge")
    assert host.secret_files() == [] and host.registry()["kept"] == {}
    proc = host.svc("install", "demo", "--param", f"http_port={host.health.port}",
                    env={"PVESIM_FAIL": "pct:start"}, check=1)
    assert "rolled back" in proc.stderr and host.secret_files() == []


def test_a_vm_instance_rotates_through_its_guest_agent(svc_host: SvcHost) -> None:
    host = svc_host
    image, checksum = host.vm_image()
    out = host.json("install", "vmdemo", "--image", str(image), "--checksum", checksum,
                    "--param", f"http_port={host.health.port}")
    root = host.state / "vmroot" / str(out["instance"]["vmid"])
    old = (root / GUEST_FILE).read_text()
    assert old == (root / "etc/vmdemo.pw").read_text() == show(host, "vmdemo")
    assert host.json("secret", "rotate", "vmdemo", SECRET)["rerun"] == [
        "hand the password to the service"]
    new = show(host, "vmdemo")
    assert new != old and (root / GUEST_FILE).read_text() == new
    assert (root / "etc/vmdemo.pw").read_text() == new
    assert stat.S_IMODE((root / GUEST_FILE).stat().st_mode) == 0o600
    failing(host, "qm:guest-exec:4", "secret", "rotate", "vmdemo", SECRET)
    assert show(host, "vmdemo") == new == (root / GUEST_FILE).read_text()
    assert (root / "etc/vmdemo.pw").read_text() == new


# -- Vault -----------------------------------------------------------------------------


@pytest.fixture
def vault_host(btrfs_pool: BtrfsPool) -> Iterator[tuple[SvcHost, FakeVault]]:
    btrfs_pool.enable_quota()
    vault = start_fake_vault()
    token = Path(vault.workdir) / "token"
    token.write_text(vault.token + "\n")
    token.chmod(0o600)
    host = make_svc_host(btrfs_pool, svc_secret_backend="vault", svc_vault_url=vault.url,
                         svc_vault_token_file=token)
    try:
        yield host, vault
    finally:
        host.teardown()
        vault.stop()


def test_vault_receives_the_secret_over_its_api_and_the_guest_file_matches(
        vault_host: tuple[SvcHost, FakeVault]) -> None:
    host, vault = vault_host
    install(host)
    key = f"pvesvc/demo/{SECRET}"
    value = vault.current(key)
    assert value and (guest(host) / GUEST_FILE).read_text() == value
    writes = [r for r in vault.requests if r.method in ("POST", "PUT")]
    assert [(w.path, w.body["data"], w.body["options"]) for w in writes] == \
        [(f"/v1/secret/data/{key}", {"value": value}, {"cas": 0})]
    assert all(r.token_ok for r in vault.requests)
    assert host.secret_files() == []  # nothing of it on the host's disk
    listed = host.json("secret", "list", "demo")["secrets"][0]
    assert listed["stored"] == f"vault secret/{key} ({vault.url})" and listed["present"]
    assert show(host) == value

    host.svc("secret", "rotate", "demo", SECRET)
    new = vault.current(key)
    assert new != value and vault.version(key) == 2
    assert (guest(host) / GUEST_FILE).read_text() == new == (guest(host) / APPLIED).read_text()
    assert [r.body["options"] for r in vault.requests if r.method == "POST"] == \
        [{"cas": 0}, {"cas": 1}]  # the rotation: only over the version it planned with

    # a failure in the guest: Vault gets the old value back as its newest version
    failing(host, "pct:exec:1", "secret", "rotate", "demo", SECRET)
    assert vault.current(key) == new == (guest(host) / GUEST_FILE).read_text()
    assert vault.version(key) == 4  # the failed one's, and the old value's again

    host.svc("uninstall", "demo", "--purge")
    assert vault.current(key) is None
    assert vault.requests[-1].method == "DELETE" and \
        vault.requests[-1].path == f"/v1/secret/metadata/{key}"


def test_vault_faults_and_refusals(vault_host: tuple[SvcHost, FakeVault]) -> None:
    host, vault = vault_host
    before = host.fingerprint()
    args = ["install", "demo", "--param", f"http_port={host.health.port}"]
    vault.token = "another"  # ours is refused: 403 before anything changed
    proc = host.svc(*args, check=1)
    assert "permission denied" in proc.stderr and host.fingerprint() == before
    vault.token = (Path(vault.workdir) / "token").read_text().strip()
    fault_at_every_step(host, args)
    assert vault.keys() == []
    install(host)
    before = state(host)
    key = f"pvesvc/demo/{SECRET}"
    total = plan_steps(host, ["secret", "rotate", "demo", SECRET])
    for step in range(1, total + 2):
        host.svc("secret", "rotate", "demo", SECRET, env={"PVESMBGW_FAULT_AT": str(step)},
                 check=1)
        assert state(host) == before and vault.current(key) == before["guest"], step
    token = Path(vault.workdir) / "token"
    token.chmod(0o644)
    proc = host.svc("secret", "rotate", "demo", SECRET, check=2)
    assert "svc_vault_token_file: " in proc.stderr and "open to its group and others" \
        in proc.stderr
