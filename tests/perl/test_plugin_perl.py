"""The storage plugin's Perl side: syntax, behaviour (tests/perl/plugin.t, against
stand-ins of the PVE base classes), and its schema against PVE's real property list."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PLUGIN = "PVE/Storage/Custom/SMBGatewayPlugin.pm"
INC = ["-I", str(HERE / "lib"), "-I", str(REPO)]

pytestmark = pytest.mark.skipif(shutil.which("perl") is None or shutil.which("prove") is None,
                                reason="perl and prove are needed (apt-get install perl)")


def perl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["perl", *INC, *args], capture_output=True, text=True, cwd=REPO,
                          timeout=60)


def test_syntax() -> None:
    proc = perl("-c", PLUGIN)
    assert proc.returncode == 0, proc.stderr
    assert "syntax OK" in proc.stderr


def test_behaviour_against_pve_stand_ins() -> None:
    proc = subprocess.run(["prove", *INC, str(HERE / "plugin.t")], capture_output=True,
                          text=True, cwd=REPO, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Result: PASS" in proc.stdout


def _schema() -> dict[str, dict[str, dict[str, int]]]:
    proc = perl("-MJSON::PP", "-e",
                "require './" + PLUGIN + "'; my $c = 'PVE::Storage::Custom::SMBGatewayPlugin';"
                " print JSON::PP->new->canonical->encode({properties => $c->properties,"
                " options => $c->options});")
    assert proc.returncode == 0, proc.stderr
    schema: dict[str, dict[str, dict[str, int]]] = json.loads(proc.stdout)
    return schema


@pytest.mark.parametrize("release", ["8.4", "9.1"])
def test_schema_fits_pve(release: str) -> None:
    """No property another plugin defines is redefined (PVE would refuse the plugin
    with 'duplicate property'), and every shared option exists in that release."""
    known = set(json.loads((HERE / "pve-storage-properties.json").read_text())
                ["versions"][release])
    schema = _schema()
    assert sorted(set(schema["properties"]) & known) == []
    shared = {k for k in schema["options"] if k not in schema["properties"]}
    assert sorted(shared - known) == []
    assert {"path", "password", "content", "nodes"} <= shared
