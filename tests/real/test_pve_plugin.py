"""The PVE storage plugin's hooks end to end: the JSON contract against the real CLI,
a real smbd and btrfs quotas; and the Perl plugin itself (with stand-ins of the PVE
base classes) calling the real agent, as pvedaemon and pvestatd would."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, Optional

import pytest

from tests.lib.agenthost import AgentHost
from tests.lib.paths import PYTHON, REPO
from tests.lib.proc import run

MiB = 1 << 20


def hook(host: AgentHost, name: str, scfg: dict[str, str], expect: int = 0,
         **fields: Any) -> dict[str, Any]:
    """`pve-smbgateway plugin NAME` with the request on stdin; the decoded reply."""
    request = {"version": 1, "hook": name, "storeid": "smb1", "scfg": scfg, **fields}
    proc = host.cli("plugin", name, input=json.dumps(request), check=expect)
    assert proc.stdout.count("\n") == 1, proc.stdout
    reply: dict[str, Any] = json.loads(proc.stdout)
    assert reply["ok"] is (expect == 0), reply
    return reply


def sync(path: Path) -> None:
    """Commit btrfs so that qgroup numbers (read without --sync) are current."""
    run(["btrfs", "filesystem", "sync", str(path)])


def test_storage_lifecycle_through_the_contract(agent_host: AgentHost, tmp_path: Path) -> None:
    host = agent_host
    user, password = host.add_user()
    path = host.pool_root / "smb1"
    scfg = {"type": "smbgateway", "path": str(path), "content": "backup,iso",
            "smbgw-quota": "64M", "smbgw-valid-users": user, "smbgw-comment": "PVE storage"}

    # activate before add: no such share, activation fails (exit 1), nothing created
    assert "no share smb1" in hook(host, "activate", scfg, expect=1)["error"]
    before = host.state()
    bad = hook(host, "add", {**scfg, "smbgw-quota": "lots"}, expect=2)
    assert bad["field"] == "smbgw-quota"
    assert host.state() == before

    added = hook(host, "add", scfg)
    assert added["share"]["name"] == "smb1" and added["share"]["quota"] == 64 * MiB
    assert path.stat().st_ino == 256  # a btrfs subvolume with a qgroup limit
    assert hook(host, "activate", scfg)["path"] == str(path)

    (tmp_path / "data.bin").write_bytes(os.urandom(8 * MiB))
    put = host.smbclient("smb1", user, password, "put data.bin", cwd=tmp_path)
    assert put.returncode == 0, put.stdout + put.stderr
    sync(path)
    status = hook(host, "status", scfg)
    assert status["active"] is True
    assert status["total"] == 64 * MiB
    assert 8 * MiB <= status["used"] < 10 * MiB
    assert status["avail"] == 64 * MiB - status["used"]

    # pvesm set smb1 --smbgw-quota 128M
    assert hook(host, "update", scfg, update={"smbgw-quota": "128M"})["changed"] is True
    assert hook(host, "status", {**scfg, "smbgw-quota": "128M"})["total"] == 128 * MiB
    qgroups = run(["btrfs", "qgroup", "show", "-re", "--raw", str(path)]).stdout
    assert str(128 * MiB) in qgroups
    # content, nodes, ...: PVE's business, the share is untouched
    assert hook(host, "update", scfg, update={"content": "iso"})["changed"] is False
    before = host.state()
    assert hook(host, "update", scfg, update={"smbgw-mode": "lxc"}, expect=2)["field"] \
        == "smbgw-mode"
    assert host.state() == before

    # pvesm remove smb1: not served any more, data kept
    assert hook(host, "delete", scfg)["deleted"] is True
    gone = host.smbclient("smb1", user, password, "ls", cwd=tmp_path)
    assert "NT_STATUS_BAD_NETWORK_NAME" in gone.stdout + gone.stderr
    assert (path / "data.bin").stat().st_size == 8 * MiB
    assert hook(host, "status", scfg)["active"] is False
    assert hook(host, "delete", scfg)["deleted"] is False  # idempotent
    run(["btrfs", "subvolume", "delete", str(path)])


PERL_DRIVER = r"""
use strict; use warnings;
use JSON::PP;
use PVE::Storage;
my $c = 'PVE::Storage::Custom::SMBGatewayPlugin';
my $err = PVE::Storage::load_custom($c, 'PVE/Storage/Custom/SMBGatewayPlugin.pm');
die "load: $err" if $err;
$PVE::Storage::Custom::SMBGatewayPlugin::PATH = $ENV{PLUGIN_PATH};
my ($call, $storeid, $json, $extra) = @ARGV;
my $scfg = decode_json($json);
$scfg->{content} = { map { $_ => 1 } split(/,/, $scfg->{content} // '') };
my @res;
if ($call eq 'add') { $c->on_add_hook($storeid, $scfg, %{ decode_json($extra // '{}') }) }
elsif ($call eq 'update') { $c->on_update_hook_full($storeid, $scfg, decode_json($extra), [], {}) }
elsif ($call eq 'activate') { $c->activate_storage($storeid, $scfg, {}) }
elsif ($call eq 'status') { @res = $c->status($storeid, $scfg, {}) }
elsif ($call eq 'delete') { $c->on_delete_hook($storeid, $scfg) }
print encode_json(\@res), "\n";
"""


@pytest.fixture
def perl_plugin(agent_host: AgentHost, tmp_path: Path) -> Any:
    if shutil.which("perl") is None:
        pytest.skip("perl is needed")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    wrapper = bindir / "pve-smbgateway"
    # What the package's console script does, from the work tree.
    wrapper.write_text(f"#!/bin/sh\nexec {PYTHON} -m pvesmbgw.cli.entry \"$@\"\n")
    wrapper.chmod(0o755)
    env = {**os.environ, "PVESMBGW_CONFIG": str(agent_host.config), "PYTHONPATH": str(REPO),
           "PLUGIN_PATH": f"{bindir}:/usr/sbin:/usr/bin:/sbin:/bin"}
    env.pop("PVESMBGW_DEBUG", None)

    def call(name: str, scfg: dict[str, str], extra: Optional[dict[str, Any]] = None,
             check: bool = True) -> subprocess.CompletedProcess[str]:
        argv = ["perl", "-I", str(REPO / "tests/perl/lib"), "-I", str(REPO), "-e", PERL_DRIVER,
                name, "smb2", json.dumps(scfg)] + ([json.dumps(extra)] if extra else [])
        proc = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=REPO,
                              timeout=300)
        if check:
            assert proc.returncode == 0, proc.stderr
        return proc
    return call


def test_perl_plugin_drives_the_real_agent(agent_host: AgentHost, perl_plugin: Any,
                                           tmp_path: Path) -> None:
    """pvesm add / pvesh get .../status / pvesm set / pvesm remove, as the plugin's
    hooks run them, against the real agent, smbd and btrfs."""
    host = agent_host
    user, password = host.add_user()
    path = host.pool_root / "smb2"
    scfg = {"type": "smbgateway", "path": str(path), "content": "iso,backup",
            "smbgw-quota": "48M"}

    failed = perl_plugin("add", {**scfg, "smbgw-ha": "1"}, {"password": "x"}, check=False)
    assert failed.returncode != 0
    assert "smbgateway: smbgw-ha: high availability (CTDB) is not available" in failed.stderr

    perl_plugin("add", scfg)
    perl_plugin("activate", scfg)
    (tmp_path / "f.bin").write_bytes(os.urandom(4 * MiB))
    put = host.smbclient("smb2", user, password, "put f.bin", cwd=tmp_path)
    assert put.returncode == 0, put.stdout + put.stderr
    sync(path)
    total, avail, used, active = json.loads(perl_plugin("status", scfg).stdout)
    assert (total, active) == (48 * MiB, 1)
    assert 4 * MiB <= used < 6 * MiB and avail == total - used

    perl_plugin("update", scfg, {"smbgw-quota": "96M"})
    assert json.loads(perl_plugin("status", scfg).stdout)[0] == 96 * MiB

    perl_plugin("delete", scfg)
    assert json.loads(perl_plugin("status", scfg).stdout) == [0, 0, 0, 0]
    assert (path / "f.bin").exists()
    run(["btrfs", "subvolume", "delete", str(path)])
