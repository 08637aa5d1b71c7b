"""`pve-svc` as a subprocess, where no PVE node is needed: help, usage errors, search and
show of the templates folder, lint's one line per problem, and bad input refused before
anything is asked of PVE."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "tests" / "data" / "svc"


@pytest.fixture
def svc(tmp_path: Path):  # type: ignore[no-untyped-def]
    config = tmp_path / "pvesmbgw.conf"
    config.write_text(f"[pvesmbgw]\nstate_dir = {tmp_path / 'state'}\n"
                      f"pve_root = {tmp_path / 'pve'}\nsvc_templates_dir = {TEMPLATES}\n")

    def run(*args: str, stdout: int = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PVESMBGW_CONFIG": str(config), "PYTHONPATH": str(REPO),
               "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
        env.pop("PVESMBGW_DEBUG", None)
        return subprocess.run(["/usr/bin/python3", "-m", "pvesmbgw.cli.svc.main", *args],
                              stdout=stdout, stderr=subprocess.PIPE, text=True, env=env,
                              timeout=60, cwd=tmp_path)
    return run


def test_help_names_every_command(svc) -> None:  # type: ignore[no-untyped-def]
    out = svc("--help")
    assert out.returncode == 0
    for command in ("search", "show", "install", "list", "status", "uninstall", "lint", "repo",
                    "index", "share", "unshare", "metrics", "test"):
        assert command in out.stdout
    install = svc("install", "--help").stdout
    for option in ("--param NAME=VALUE", "--dataset [VOLUME=]DATASET", "--storage STORAGE",
                   "--node NODE", "--vmid N", "--ha yes|no", "--name INSTANCE", "--dry-run"):
        assert option in install


@pytest.mark.parametrize("args", [[], ["frobnicate"], ["show"], ["install"],
                                  ["uninstall"], ["lint"], ["install", "demo", "--vmid"],
                                  ["install", "demo", "--name", "a", "--name", "b"]])
def test_usage_errors_are_one_line_and_exit_2(svc, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    out = svc(*args)
    assert out.returncode == 2 and out.stderr.startswith("pve-svc: error: ")
    assert out.stderr.count("\n") == 1, out.stderr


def test_search_and_show(svc) -> None:  # type: ignore[no-untyped-def]
    out = svc("search")
    assert out.returncode == 0
    assert out.stdout.splitlines()[0].split() == ["ID", "REPO", "VERSION", "CATEGORY", "TYPE",
                                                  "HA", "NAME"]
    assert [l.split()[:2] for l in out.stdout.splitlines()[1:]] == [
        ["demo", "builtin"], ["ocidemo", "builtin"], ["vmdemo", "builtin"]]
    found = json.loads(svc("--output-format", "json", "search", "OCI").stdout)
    assert [(t["id"], t["repo"]) for t in found] == [("ocidemo", "builtin")]
    show = svc("show", "demo").stdout
    assert "version:     1.2.0 (app 0.1)" in show
    assert "  quota           size     Size limit of the data volume [default 64M]\n" in show
    assert "ports:       <http_port>/tcp (http), 9113/tcp (metrics)\n" in show
    assert "[generated: 24 characters, alnum]" in show
    assert "post-install steps (run in the guest only):\n  make the content folder" in show
    data = json.loads(svc("--output-format", "json", "show", "demo").stdout)
    assert data["id"] == "demo" and data["volumes"][0]["mount"] == "/srv/demo"
    missing = svc("show", "nothere")
    assert missing.returncode == 2 and "no service template 'nothere'" in missing.stderr


def test_lint_prints_file_line_field_message(svc, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = svc("lint", str(TEMPLATES / "demo.yml"), str(REPO / "templates" / "webdav.yml"))
    assert good.returncode == 0 and "2 template(s): no problems" in good.stdout
    bad = tmp_path / "bad.yml"
    text = (TEMPLATES / "demo.yml").read_text()
    # the roadmap's own post-install example: a host command, refused
    text = text.replace('    argv: ["mkdir", "-p", "{{ volumes.data }}/www"]',
                        '    argv: ["qm", "guest", "exec", "{{ vmid }}", "--", "bash", "-c", '
                        '"apt-get install -y minio"]')
    bad.write_text(text.replace("id: demo", "id: bad").replace("apiVersion: pvesvc/v1",
                                                                "apiVersion: pvesvc/v2"))
    out = svc("lint", str(bad))
    assert out.returncode == 2
    lines = out.stderr.splitlines()
    assert lines and all(l.startswith(f"{bad}:") for l in lines), lines
    assert any(":3: apiVersion: " in l for l in lines), lines
    as_json = json.loads(svc("--output-format", "json", "lint", str(bad)).stdout)
    assert as_json["problems"][0]["line"] == 3
    notyaml = tmp_path / "x.yml"
    notyaml.write_text("key: [unclosed\n")
    out = svc("lint", str(notyaml))
    assert out.returncode == 2 and out.stderr.startswith(f"{notyaml}:")
    text = (TEMPLATES / "demo.yml").read_text().replace("id: demo", "id: bad")
    bad.write_text(text.replace('    argv: ["mkdir", "-p", "{{ volumes.data }}/www"]',
                                '    argv: ["qm", "guest", "exec", "{{ vmid }}", "--", "bash", '
                                '"-c", "apt-get install -y minio"]'))
    out = svc("lint", str(bad))
    assert out.returncode == 2 and "postinstall[0].argv" in out.stderr
    assert "without `qm guest exec VMID --`" in out.stderr


@pytest.mark.parametrize("args, field", [
    (["--param", "nope=1"], "param nope"),
    (["--param", "greeting"], "param"),
    (["--param", "greeting=a\nb"], "param greeting"),
    (["--param", "greeting=a..b/../c"], "param greeting"),
    (["--param", "greeting=`id`"], "param greeting"),
    (["--param", "admin_password=x"], "param admin_password"),
    (["--vmid", "99"], "vmid"),
    (["--vmid", "١٢٣"], "vmid"),
    (["--ha", "perhaps"], "ha"),
    (["--name", "x"], "name"),
    (["--dataset", "data=a,b"], "dataset"),
])
def test_bad_install_input_is_refused_before_pve_is_asked(svc, args: list[str],
                                                          field: str) -> None:  # type: ignore[no-untyped-def]
    out = svc("install", "demo", *args)
    assert out.returncode == 2, out.stderr
    assert out.stderr.startswith(f"pve-svc: error: {field}"), out.stderr
    assert out.stderr.count("\n") == 1


@pytest.mark.parametrize("args, field", [
    (["share", "demo", "data", "--name", "a[b"], "name"),
    (["share", "demo", "data", "--name", "global"], "name"),
    (["share", "demo", "data", "--name", "x", "--valid-users", ""], "valid-users"),
    (["share", "demo", "data", "--name", "x", "--valid-users", "a;b"], "valid-users"),
    (["share", "Demo!", "data", "--name", "x"], "name"),
    (["share", "demo", "data", "--name", "x", "--name", "y"], "argument --name"),
    (["share", "nosuch", "data", "--name", "x"], "instance"),
    (["unshare", "demo", "a]b"], "name"),
    (["unshare", "nosuch", "x"], "name: no share named 'x'"),
    (["uninstall", "nosuch", "--with-shares"], "instance"),
    (["metrics", "--textfile", "/etc/x.prom"], "textfile"),
    (["metrics", "--textfile", ""], "textfile"),
])
def test_bad_share_and_metrics_input_is_one_line_exit_2(svc, args: list[str],
                                                        field: str) -> None:  # type: ignore[no-untyped-def]
    out = svc(*args)
    assert out.returncode == 2, out.stderr
    assert out.stderr.startswith(f"pve-svc: error: {field}"), out.stderr
    assert out.stderr.count("\n") == 1 and out.stdout == ""



@pytest.mark.parametrize("args", [["search"], ["--output-format", "json", "search"],
                                  ["show", "demo"]])
def test_a_reader_that_went_away_ends_the_command_quietly(svc, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    """`pve-svc search | head -1` when head has gone: no traceback, and the status a
    shell shows for a program SIGPIPE ended."""
    read, write = os.pipe()
    os.close(read)
    try:
        out = svc(*args, stdout=write)
    finally:
        os.close(write)
    assert (out.returncode, out.stderr) == (141, "")
