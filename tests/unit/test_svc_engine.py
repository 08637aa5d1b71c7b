"""The pure parts of pve-svc's engine: pre-flight verdicts, the health probe, secret
redaction, the instance registry's round trip, and --dataset parsing."""

from __future__ import annotations

import http.server
import socket
import threading
from pathlib import Path
from typing import Iterator

import pytest

from pvesmbgw.core.errors import ValidationError
from pvesmbgw.svc import health, preflight
from pvesmbgw.svc.planner import parse_datasets, validate_instance_name
from pvesmbgw.svc.postinstall import redact
from pvesmbgw.svc.registry import DataVolume, Instance, Kept, Services, loads
from pvesmbgw.svc.template import load
from pvesmbgw.tools.pvesh import Resource

DEMO = Path(__file__).parents[1] / "data" / "svc" / "demo.yml"
GIB = 2**30


def cluster(nodes: int = 1, mem_free: int = 8 * GIB, disk_free: int = 100 * GIB,
            vmids: tuple[int, ...] = ()) -> preflight.Cluster:
    rows = [Resource(id=f"node/n{i}", type="node", node=f"n{i}", status="online",
                     maxcpu=4, maxmem=16 * GIB, mem=16 * GIB - mem_free)
            for i in range(1, nodes + 1)]
    rows += [Resource(id=f"storage/n1/{s}", type="storage", node="n1", status="available",
                      storage=s, maxdisk=200 * GIB, disk=200 * GIB - disk_free)
             for s in ("local-lvm", "data")]
    rows += [Resource(id=f"lxc/{v}", type="lxc", node="n1", status="running", vmid=v)
             for v in vmids]
    return preflight.Cluster(rows)


def needs(**kw: object) -> preflight.Needs:
    base: dict[str, object] = dict(node="n1", vmid=200, cores=2, memory_mib=512,
                                   rootfs_storage="local-lvm", rootfs_gib=4, bridge="vmbr0",
                                   ports=(80,), volume_bytes={"data": 10 * GIB})
    base.update(kw)
    return preflight.Needs(**base)  # type: ignore[arg-type]


def test_preflight_passes_when_everything_fits() -> None:
    assert preflight.problems(cluster(), needs(), {"vmbr0"}, {}) == []


def test_preflight_names_each_problem() -> None:
    found = preflight.problems(cluster(mem_free=100 * 2**20, disk_free=2 * GIB, vmids=(200,)),
                               needs(cores=8, ha=True), {"vmbr1"}, {80: "web"})
    assert found == [
        "node n1 has 100.0M of memory free, the service needs 512 MiB",
        "node n1 has 4 CPUs, the service needs 8 cores",
        "storage data has 2.0G free, the service needs 10.0G",
        "storage local-lvm has 2.0G free, the service needs 4.0G",
        "VMID 200 is in use",
        "bridge vmbr0 does not exist on node n1",
        "port 80 is taken by service web on this node",
        "HA needs a PVE cluster of at least two nodes; this is a single node",
    ]
    with pytest.raises(ValidationError) as exc:
        preflight.check(cluster(vmids=(200,)), needs(), {"vmbr0"}, {})
    assert str(exc.value) == "pre-flight: VMID 200 is in use"


def test_preflight_offline_or_unknown_node() -> None:
    c = preflight.Cluster([Resource(id="node/n1", type="node", node="n1", status="offline")])
    assert preflight.problems(c, needs(volume_bytes={}), {"vmbr0"}, {})[0] == \
        "node n1 is offline"
    assert preflight.problems(cluster(), needs(node="zz"), {"vmbr0"}, {})[0] == \
        "node zz is not in the cluster"


@pytest.fixture
def web() -> Iterator[int]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200 if self.path == "/ok" else 503)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


def test_health_probes(web: int) -> None:
    assert health.check(health.Probe("http", "127.0.0.1", web, "/ok")) is None
    assert health.check(health.Probe("http", "127.0.0.1", web, "/bad")) == \
        "HTTP status 503, expected 200"
    assert health.check(health.Probe("tcp", "127.0.0.1", web)) is None
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]
    problem = health.check(health.Probe("tcp", "127.0.0.1", free))
    assert problem is not None and "refused" in problem
    slept: list[float] = []
    assert health.wait(health.Probe("tcp", "127.0.0.1", free), 0.1, slept.append) is not None


def test_redact_replaces_every_secret_value() -> None:
    assert redact("user admin pass s3cr3t! again s3cr3t!", {"pw": "s3cr3t!", "e": ""}) == \
        "user admin pass <secret pw> again <secret pw>"


def test_registry_round_trip() -> None:
    vol = DataVolume("data", "/srv/x", "/srv/demo", "btrfs", True, "tok", None, "mp0")
    svc = Services().with_instance(Instance("web", "demo", "1.0.0", 120, "n1", "svc-web",
                                            params={"a": 1}, secrets=("pw",),
                                            volumes=(vol,), ports=(80,)))
    svc = svc.with_kept(Kept("old", "demo", (vol,), 5))
    again = loads(svc.dumps(), "test")
    assert again == svc
    assert again.volume_owner("/srv/x/sub") == "web"
    assert again.volume_owner("/srv") == "web"
    assert again.volume_owner("/srv/y") is None


def test_dataset_arguments() -> None:
    t = load(DEMO)
    assert parse_datasets(["zfs/share1"], t) == {"data": "zfs/share1"}
    assert parse_datasets(["data=/srv/x"], t) == {"data": "/srv/x"}
    for bad in (["other=/srv/x"], ["data=/srv/x", "data=/srv/y"], ["a/../b"], ["data="],
                ["x,y"]):
        with pytest.raises(ValidationError) as exc:
            parse_datasets(bad, t)
        assert exc.value.field == "dataset"


@pytest.mark.parametrize("name", ["a", "-a", "a-", "Web", "a_b", "a" * 33, "1a"])
def test_instance_names_refused(name: str) -> None:
    with pytest.raises(ValidationError):
        validate_instance_name(name)
