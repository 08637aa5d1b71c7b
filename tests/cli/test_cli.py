"""The installed-style CLI as a subprocess: usage, bad input, dry-run, output formats.

No smbd is needed here: every case stops before anything would change."""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest

from .conftest import REPO, Cli


@pytest.mark.parametrize("args,message", [
    (["create", "bad[name", "--path", "{srv}/x"], "name: must not contain '['"),
    (["create", "global", "--path", "{srv}/x"], "name: 'global' is reserved by Samba"),
    (["create", " x", "--path", "{srv}/x"], "name: must not start or end with a space"),
    (["create", "a=b", "--path", "{srv}/x"], "name: must not contain '='"),
    (["create", "a%b", "--path", "{srv}/x"], "name: must not contain '%'"),
    (["create", "a/b", "--path", "{srv}/x"], "name: must not contain '/'"),
    (["create", "a\\b", "--path", "{srv}/x"], "name: must not contain '\\\\'"),
    (["create", "a\nb", "--path", "{srv}/x"], "name: must not contain newlines or control"),
    (["create", "n" * 81, "--path", "{srv}/x"], "name: is longer than 80 characters"),
    (["create", "x", "--path", "relative"], "path: must be absolute"),
    (["create", "x", "--path", "{srv}/../etc"], "path: must not contain '.' or '..'"),
    (["create", "x", "--path", "/etc/x"], "path: /etc/x is outside the allowed roots"),
    (["create", "x", "--path", "{srv}/x "], "path: must not end with a space or a backslash"),
    (["create", "x", "--path", "{srv}/x\\"], "path: must not end with a space or a backsl"),
    (["create", "x", "--path", "{srv}/x", "--comment", "x\\"],
     "comment: must not end with a backslash"),
    (["create", "x", "--path", "{srv}/x", "--valid-users", "u\\"], "valid-users: "),
    (["create", "x", "--path", "{srv}/x", "--quota", "0"], "quota: must be greater than zero"),
    (["create", "x", "--path", "{srv}/x", "--quota=-5G"], "quota: not a size"),
    (["create", "x", "--path", "{srv}/x", "--quota", "12Q"], "quota: not a size"),
    (["create", "x", "--path", "{srv}/x", "--quota", "1G"], "quota: "),
    (["create", "x", "--path", "{srv}/x", "--browseable", "perhaps"], "browseable: must be yes"),
    (["create", "x", "--path", "{srv}/x", "--valid-users", "a,,b"], "valid-users: empty entry"),
    (["create", "x", "--path", "{srv}/x", "--mode", "nas"], "invalid choice"),
    (["create", "x", "--path", "{srv}/x", "--dedicated"], "dedicated: only gateway modes"),
    (["create", "x", "--path", "{srv}/x", "--initial-acl", "full"],
     "initial-acl: must be default or none, got 'full'"),
    (["create", "x"], "one of the arguments --path --storage is required"),
    (["create", "x", "--storage", "local"], "storage: "),
    (["delete", "nope"], "name: no share named 'nope'"),
    (["status", "nope"], "name: no share named 'nope'"),
    (["set", "nope", "--comment", "x"], "name: no share named 'nope'"),
    (["user", "add", "Bad User", "--password-stdin"], "user: 'Bad User' is not a valid"),
    (["user", "del", "nobody"], "user: 'nobody' is not a user managed by pvesmbgw"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_input_is_one_line_exit_2_and_changes_nothing(cli: Cli, args: list[str],
                                                          message: str) -> None:
    args = [a.replace("{srv}", str(cli.srv)) for a in args]
    before = cli.fingerprint()
    proc = cli(*args, input="secret\n")
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith("pve-smbgateway: error: ")
    assert message in proc.stderr
    assert proc.stdout == ""
    assert cli.fingerprint() == before


def test_symlinked_path_is_refused(cli: Cli) -> None:
    (cli.srv / "real").mkdir()
    (cli.srv / "link").symlink_to(cli.srv / "real")
    proc = cli("create", "x", "--path", str(cli.srv / "link" / "x"))
    assert proc.returncode == 2 and "is a symbolic link" in proc.stderr


def test_bad_config_file(cli: Cli) -> None:
    cli.config.write_text("[pvesmbgw]\nservice_manager = upstart\n")
    proc = cli("list")
    assert proc.returncode == 2
    assert proc.stderr == ("pve-smbgateway: error: config service_manager: must be one of "
                           "auto, systemd, direct\n")


def test_password_never_from_argv_and_empty_refused(cli: Cli) -> None:
    proc = cli("user", "add", "alice", "--password", "x")
    assert proc.returncode == 2 and "unrecognized arguments" in proc.stderr
    proc = cli("user", "add", "alice")  # stdin is not a terminal and no --password-stdin
    assert proc.returncode == 2 and "use --password-stdin" in proc.stderr


def test_dry_run_prints_plan_and_changes_nothing(cli: Cli) -> None:
    before = cli.fingerprint()
    proc = cli("--dry-run", "create", "demo", "--path", str(cli.srv / "demo"),
               "--comment", "Demo share")
    assert proc.returncode == 0, proc.stderr
    assert cli.fingerprint() == before
    assert f"mkdir {cli.srv / 'demo'}" in proc.stdout
    assert f"+include = {cli.root / 'pvesmbgw-shares.conf'}" in proc.stdout
    assert "+\tcomment = Demo share" in proc.stdout
    assert "reload smbd" in proc.stdout


def test_json_outputs_for_empty_host(cli: Cli) -> None:
    assert json.loads(cli("--output-format", "json", "list").stdout) == []
    pretty = cli("list", "--output-format", "json-pretty")
    assert pretty.returncode == 0 and json.loads(pretty.stdout) == []
    assert cli("list").stdout == "NAME  MODE  BACKEND  QUOTA  PATH\n"


def test_help_is_complete(cli: Cli) -> None:
    out = cli("--help").stdout
    for command in ("create", "set", "delete", "list", "status", "user", "reconcile"):
        assert command in out
    create = cli("create", "--help").stdout
    for option in ("--path", "--storage", "--quota", "--comment", "--read-only",
                   "--valid-users", "--browseable", "--initial-acl", "--dry-run",
                   "--output-format"):
        assert option in create


def test_verbose_shows_progress_not_a_traceback(cli: Cli) -> None:
    """-v prints progress and debug lines; a Python traceback needs PVESMBGW_DEBUG=1."""
    env = {**os.environ, "PVESMBGW_CONFIG": str(cli.config), "PYTHONPATH": str(REPO),
           "PVESMBGW_FAULT_AT": "1"}
    env.pop("PVESMBGW_DEBUG", None)
    proc = subprocess.run(["/usr/bin/python3", "-m", "pvesmbgw.cli.entry", "-v", "create",
                           "x", "--path", str(cli.srv / "x")], capture_output=True, text=True,
                          env=env, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert "injected fault before step 1" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (cli.srv / "x").exists()


def test_paths_that_are_no_directory_or_too_long_are_refused(cli: Cli) -> None:
    fifo = cli.srv / "fifo"
    os.mkfifo(fifo)
    (cli.srv / "file").write_text("x")
    before = cli.fingerprint()
    for raw, message in ((str(fifo), "exists and is not a directory"),
                         (str(cli.srv / "file"), "exists and is not a directory"),
                         ("/dev/null", "outside the allowed roots"),
                         (str(cli.srv / ("c" * 300)), "component longer than 255 bytes"),
                         (str(cli.srv) + "/d" * 2100, "is longer than 4095 bytes")):
        proc = cli("create", "x", "--path", raw)
        assert proc.returncode == 2, proc.stderr
        assert message in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
    assert cli.fingerprint() == before


@pytest.mark.parametrize("target, message", [
    ("", "must be an absolute path ending in .prom"),
    ("relative.prom", "must be an absolute path ending in .prom"),
    ("/etc/cron.d/x.prom", "lies in a system directory"),
    ("/proc/self/x.prom", "lies in a system directory"),
    ("/sys/kernel/x.prom", "lies in a system directory"),
    ("{root}/missing/x.prom", "does not exist"),
    ("{root}/srv.prom", ""),     # placeholder replaced below: a directory named *.prom
])
def test_metrics_textfile_goes_only_where_node_exporter_reads(cli: Cli, target: str,
                                                               message: str) -> None:
    if target.endswith("srv.prom"):
        (cli.root / "srv.prom").mkdir()
        message = "exists and is not a regular file"
    before = cli.fingerprint()
    proc = cli("metrics", "--textfile", target.replace("{root}", str(cli.root)))
    assert proc.returncode == 2, proc.stderr
    assert "textfile: " in proc.stderr and message in proc.stderr, proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stdout == ""
    assert cli.fingerprint() == before


def test_storage_types_are_one_truth(cli: Cli) -> None:
    """`create --help`, the README and the man page name the storage types the agent
    places shares in (pve/storage.py SUPPORTED_TYPES), all of them and only those."""
    from pvesmbgw.pve.storage import SUPPORTED_TYPES
    words = " ".join(cli("create", "--help").stdout.split())
    assert f"({', '.join(SUPPORTED_TYPES[:-1])} or {SUPPORTED_TYPES[-1]})" in words
    readme = (REPO / "README.md").read_text()
    listed = ", ".join(f"`{t}`" for t in SUPPORTED_TYPES[:-1]) + f" or `{SUPPORTED_TYPES[-1]}`"
    assert f"PVE storage of type {listed}" in readme
    man = (REPO / "debian" / "pve-smbgateway.1").read_text()
    for kind in SUPPORTED_TYPES:  # '.B dir', '.BR btrfs ,', '.BR rbd .'
        assert re.search(rf"^\.BR? {kind}( [,.])?$", man, re.MULTILINE), kind


def test_a_journal_pve_svc_left_is_rolled_back_by_pve_smbgateway(cli: Cli) -> None:
    """One journal for both commands: a pve-svc install that crashed after storing a
    secret is undone by the next pve-smbgateway command that takes the lock, although
    pve-smbgateway loads the pve-svc record kinds only when a journal holds one."""
    secret = cli.root / "state" / "priv" / "pvesvc" / "app1" / "token"
    secret.parent.mkdir(parents=True)
    secret.write_text("s3cret")
    journal = cli.root / "state" / "journal" / "current.json"
    journal.parent.mkdir()
    journal.write_text(json.dumps({"txid": "0", "title": "install service app1", "undo": [
        {"kind": "svc_secrets_remove", "backend": "file", "instance": "app1",
         "names": ["token"]}]}))
    out = cli("snapshot", "--prune-all")
    assert out.returncode == 0, out.stderr
    assert not journal.exists() and not secret.exists() and not secret.parent.exists()
