"""The example template repository (examples/template-repository/) stays true: its CI
workflow is valid YAML whose every `pve-svc` command line parses with today's pve-svc,
and its documents name only commands pve-svc has."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from pvesmbgw.cli.svc.main import build_app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "template-repository"


def pve_svc_lines(text: str) -> list[str]:
    """Every `pve-svc ...` command in TEXT, line continuations joined, GitHub
    expressions (${{ ... }}) replaced by a plain word."""
    text = re.sub(r"\$\{\{[^}]*\}\}", "templates/x.yml", text.replace("\\\n", " "))
    return [m.group(0).split("|")[0].split("#")[0].strip()
            for m in re.finditer(r"pve-svc [^\n`]*", text)]


def parse(line: str) -> None:
    words = shlex.split(line)[1:]
    with pytest.raises(SystemExit) as exc:  # argparse's success path is --help's exit 0
        build_app().parser.parse_args([*words, "--help"])
    assert exc.value.code == 0, line


def test_the_workflow_is_yaml_and_its_commands_parse(capsys: pytest.CaptureFixture[str]) -> None:
    workflow = yaml.safe_load((EXAMPLE / ".github/workflows/ci.yml").read_text())
    assert set(workflow["jobs"]) == {"lint", "trial"}
    assert workflow["jobs"]["trial"]["runs-on"] == ["self-hosted", "pve", "nested-kvm"]
    scripts = "\n".join(step.get("run", "") for job in workflow["jobs"].values()
                        for step in job["steps"])
    lines = pve_svc_lines(scripts)
    assert {line.split()[1] for line in lines} >= {"lint", "index", "--output-format"}
    for line in lines:
        parse(line)


@pytest.mark.parametrize("name", ["README.md", "CONTRIBUTING.md"])
def test_the_documents_name_real_commands(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    text = (EXAMPLE / name).read_text()
    code = [m.group(1) for m in re.finditer(r"`(pve-svc [^`]*)`", text)]
    code += [line.strip() for line in text.splitlines() if line.startswith("    pve-svc")]
    lines = pve_svc_lines("\n".join(code))
    assert lines
    for line in lines:
        parse(line.replace("KEY.gpg", "key.gpg").replace("ID", "webdav"))
