"""The gateway VM template builder against the simulated qm (tests/sim)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml

from tests.lib.simhost import SimHost, each_step


def prepare(host: SimHost, tmp_path: Path) -> Path:
    """Let `local` hold snippets, and make a small stand-in for the cloud image."""
    cfg = host.state / "etc/pve/storage.cfg"
    text = cfg.read_text()
    cfg.write_text(text.replace("\tcontent iso,vztmpl,backup",
                                "\tcontent iso,vztmpl,backup,snippets", 1))
    image = tmp_path / "debian-12-genericcloud-amd64.qcow2"
    image.write_bytes(b"QFI\xfb" + bytes(4096))
    return image


def vm_ids(host: SimHost) -> list[int]:
    rows = host.tool("qm", "list").stdout.splitlines()[1:]
    return [int(r.split()[0]) for r in rows if r.strip()]


def test_build_is_idempotent_and_rebuild_replaces(sim_host: SimHost, tmp_path: Path) -> None:
    host = sim_host
    image = prepare(host, tmp_path)
    digest = hashlib.sha256(image.read_bytes()).hexdigest()
    out = host.json("vm-template", "build", "--image", str(image), "--checksum",
                    f"sha256:{digest}")
    vmid = out["template"]["vmid"]
    assert out["built"] is True and vm_ids(host) == [vmid]
    config = host.tool("qm", "config", str(vmid)).stdout
    assert "template: 1\n" in config and "agent: enabled=1\n" in config
    assert "cicustom: user=local:snippets/pvesmbgw-gateway-user-data.yaml\n" in config
    snippet = next(host.state.rglob("snippets/pvesmbgw-gateway-user-data.yaml"))
    data = yaml.safe_load(snippet.read_text())
    assert "qemu-guest-agent" in data["packages"] and "samba" in data["packages"]

    again = host.json("vm-template", "build", "--image", str(image))
    assert again["built"] is False and vm_ids(host) == [vmid]
    assert host.json("vm-template", "status")["template"]["vmid"] == vmid

    new = host.json("vm-template", "build", "--image", str(image), "--rebuild")["template"]
    assert new["vmid"] != vmid and vm_ids(host) == [new["vmid"]]


def test_bad_checksum_and_missing_image_change_nothing(sim_host: SimHost,
                                                       tmp_path: Path) -> None:
    host = sim_host
    image = prepare(host, tmp_path)
    bad = host.cli("vm-template", "build", "--image", str(image), "--checksum",
                   "sha256:" + "0" * 64, check=2)
    assert "checksum: " in bad.stderr and vm_ids(host) == []
    missing = host.cli("vm-template", "build", "--image", "/nope.qcow2", check=2)
    assert missing.stderr.startswith("pve-smbgateway: error: image: /nope.qcow2 is not")
    assert host.cli("vm-template", "status", check=1)


def test_fault_at_every_step_leaves_nothing(sim_host: SimHost, tmp_path: Path) -> None:
    host = sim_host
    image = prepare(host, tmp_path)

    def state() -> str:
        reg = host.registry_file
        return json.dumps([vm_ids(host), sorted(str(p) for p in host.state.rglob("*.yaml")),
                           reg.read_text() if reg.exists() else ""])
    before = state()

    def unchanged(step: int) -> None:
        assert state() == before, f"fault at step {step} left changes"
    assert each_step(host, ["vm-template", "build", "--image", str(image)], unchanged) >= 4
    assert len(vm_ids(host)) == 1
