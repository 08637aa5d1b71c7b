"""`pve-smbgateway ad …` bad input: one line naming the problem, exit 2, nothing changed.

Every case stops before a domain would be contacted (no net, kinit or DNS)."""

from __future__ import annotations

import json

import pytest

from .conftest import Cli

JOIN = ["ad", "join", "--realm", "example.test", "--user", "Administrator"]


@pytest.mark.parametrize("args,message", [
    (["ad", "join", "--realm", "example", "--user", "Administrator", "--password-stdin"],
     "realm: not a DNS domain name: 'example'"),
    (["ad", "join", "--realm", "example.test", "--user", "Admin%x", "--password-stdin"],
     "user: not a plain account name"),
    (JOIN + ["--ou", "/Servers", "--password-stdin"], "ou: not an OU path"),
    (JOIN + ["--gateway", "101", "--password-stdin"],
     "no gateway '101' (known: none; see `pve-smbgateway status`)"),
    (["ad", "leave", "--gateway", "lxc-101", "--password-stdin"], "no gateway 'lxc-101'"),
    (["ad", "status", "--gateway", "lxc-101"], "no gateway 'lxc-101'"),
    (["ad", "test-user", "alice", "--gateway", "lxc-101"], "no gateway 'lxc-101'"),
    (JOIN + ["--idmap-range", "2000000-2999999", "--password-stdin"],
     "idmap-range: 2000000-2999999 overlaps account_id_range (2000000-2099999)"),
    (JOIN + ["--idmap-range", "10-20", "--password-stdin"], "idmap-range: '10-20' must lie"),
    (JOIN + ["--password-file", "/nonexistent/pw"], "password-file: /nonexistent/pw: No such"),
    (JOIN, "password: no terminal to prompt on; use --password-stdin or --password-file"),
    (["ad", "leave", "--password-stdin"], "this host is not joined to a domain by pvesmbgw"),
    (["ad", "test-user", "alice"], "this host is not joined to a domain by pvesmbgw"),
])
def test_ad_bad_input_changes_nothing(cli: Cli, args: list[str], message: str) -> None:
    before = cli.fingerprint()
    proc = cli(*args, input="secret\n")
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], proc.stderr
    assert "secret" not in proc.stderr + proc.stdout
    assert cli.fingerprint() == before


def test_ad_status_when_not_joined(cli: Cli) -> None:
    proc = cli("--output-format", "json", "ad", "status")
    assert proc.returncode == 1
    assert json.loads(proc.stdout) == {"joined": False, "problems": ["not joined to a domain"]}
