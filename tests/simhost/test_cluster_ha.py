"""PVE HA for gateway guests, against the simulated `ha-manager` of PVE 8 (HA groups)
and PVE 9 (node-affinity rules): exact state in the simulator, status, rollback."""

from __future__ import annotations

import json

import pytest

from tests.lib.simhost import SimHost


def _gateway(host: SimHost, version: str) -> int:
    host.sim_env["PVESIM_PVE_VERSION"] = version
    host.cli("create", "team", "--mode", "lxc", "--path", str(host.pool_root / "team"))
    ids = host.ct_ids()
    assert len(ids) == 1
    return ids[0]


def _ha_state(host: SimHost, name: str) -> dict[str, dict[str, object]]:
    path = host.state / "ha" / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else {}


def test_pve9_resource_and_node_affinity_rule(sim_host: SimHost) -> None:
    host = sim_host
    vmid = _gateway(host, "9")
    before = host.cli("--output-format", "json", "cluster", "ha", "status", check=1)
    assert json.loads(before.stdout) == [
        {"sid": f"ct:{vmid}", "node": None, "state": "not HA managed"}]
    out = host.json("cluster", "ha", "enable", "--nodes", "pve:2,pve2")
    assert out["registered"] == [f"ct:{vmid}"]
    assert _ha_state(host, "resources") == {f"ct:{vmid}": {"state": "started"}}
    assert _ha_state(host, "rules") == {f"pvesmbgw-ct{vmid}": {
        "type": "node-affinity", "resources": f"ct:{vmid}", "nodes": "pve:2,pve2"}}
    assert _ha_state(host, "groups") == {}
    assert host.tool("ha-manager", "status").stdout.splitlines()[-1] == \
        f"service ct:{vmid} (pve, started)"
    assert host.json("cluster", "ha", "status") == [
        {"sid": f"ct:{vmid}", "node": "pve", "state": "started"}]
    # Again: nothing to do, nothing run.
    assert host.json("cluster", "ha", "enable", "--nodes", "pve")["registered"] == []


def test_pve8_resource_in_ha_group(sim_host: SimHost) -> None:
    host = sim_host
    vmid = _gateway(host, "8")
    host.cli("cluster", "ha", "enable", "--nodes", "pve,pve2")
    assert _ha_state(host, "groups") == {"pvesmbgw": {"nodes": "pve,pve2"}}
    assert _ha_state(host, "resources") == {
        f"ct:{vmid}": {"group": "pvesmbgw", "state": "started"}}
    assert _ha_state(host, "rules") == {}
    text = host.cli("cluster", "ha", "status").stdout
    assert f"ct:{vmid}" in text and "started" in text


@pytest.mark.parametrize("version", ["8", "9"])
def test_failure_rolls_back_the_registration(sim_host: SimHost,
                                             version: str) -> None:
    host = sim_host
    _gateway(host, version)
    # The last step fails: what the earlier steps registered is removed again.
    failing = "rules:add" if version == "9" else "add"
    proc = host.cli("cluster", "ha", "enable", "--nodes", "pve",
                    env={"PVESIM_FAIL": f"ha-manager:{failing}"}, check=1)
    assert "rolled back" in proc.stderr
    assert _ha_state(host, "resources") == {} and _ha_state(host, "rules") == {}
    assert _ha_state(host, "groups") == {}


def test_bad_nodes_and_no_gateway(sim_host: SimHost) -> None:
    host = sim_host
    proc = host.cli("cluster", "ha", "enable", "--nodes", "pve", check=2)
    assert "no gateway guests" in proc.stderr
    proc = host.cli("cluster", "ha", "enable", "--nodes", "pve;reboot", check=2)
    assert proc.stderr.count("\n") == 1 and "nodes" in proc.stderr


def test_only_the_guests_of_named_shares(sim_host: SimHost) -> None:
    host = sim_host
    host.sim_env["PVESIM_PVE_VERSION"] = "9"
    host.cli("create", "team", "--mode", "lxc", "--path", str(host.pool_root / "team"))
    host.cli("create", "lab", "--mode", "lxc", "--dedicated",
             "--path", str(host.pool_root / "lab"))
    team_ct, lab_ct = host.ct_ids()
    host.cli("create", "local", "--path", str(host.pool_root / "local"))
    for bad, message in (("nope", "share: no share 'nope'"),
                         ("local", "share: local is served on the host")):
        proc = host.cli("cluster", "ha", "enable", "--nodes", "pve", "--share", bad, check=2)
        assert message in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
    assert _ha_state(host, "resources") == {}
    out = host.json("cluster", "ha", "enable", "--nodes", "pve", "--share", "lab")
    assert out["registered"] == [f"ct:{lab_ct}"]
    assert _ha_state(host, "resources") == {f"ct:{lab_ct}": {"state": "started"}}
    # status exits 1 while a gateway guest is not HA managed.
    rows = json.loads(host.cli("--output-format", "json", "cluster", "ha", "status",
                               check=1).stdout)
    assert {r["sid"]: r["state"] for r in rows} == {
        f"ct:{team_ct}": "not HA managed", f"ct:{lab_ct}": "started"}
