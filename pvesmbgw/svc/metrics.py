"""Prometheus metrics of this node's service instances, in the node_exporter textfile
format (core/textfile.py writes them; the metrics timer runs `pve-svc metrics`).

Per instance: whether its guest runs, whether it answers its health check and when
that was asked, and the template version installed. One state query, one address
lookup and one probe per instance; another node's instances are that node's to report.

The instance's name is the label `service`, not `instance`: Prometheus gives every
series it scrapes an `instance` label of its own (the node_exporter's address), and
would rename ours to `exported_instance`.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Optional

from ..core.errors import PvesmbgwError
from ..core.runner import Runner
from . import registry
from .observe import Observation, observe

if TYPE_CHECKING:
    from ..core.config import Config
    from .template import HealthCheck

LABELS = ("service", "template", "node")
# One probe per instance, every minute: shorter than a health check waits at install.
PROBE_TIMEOUT = 3.0


def collect(cfg: "Config", runner: Runner) -> bytes:
    """The metrics, rendered in the Prometheus text format."""
    # Heavy, and only the metrics command needs it.
    from prometheus_client import CollectorRegistry, Gauge, generate_latest
    from .service import health_check_of

    start = time.monotonic()
    out = CollectorRegistry()

    def gauge(name: str, doc: str, labels: tuple[str, ...] = LABELS) -> Gauge:
        return Gauge(name, doc, labels, registry=out)

    up = gauge("pvesvc_instance_up", "1 when the instance's guest (container or VM) runs")
    healthy = gauge("pvesvc_instance_healthy", "1 when the instance answers its template's "
                    "health check (or has none and runs)")
    checked = gauge("pvesvc_instance_health_check_timestamp_seconds",
                    "When the health check was last asked (Unix time)")
    info = gauge("pvesvc_instance_info", "The instance's template version and guest",
                 LABELS + ("version", "kind", "vmid"))
    count = gauge("pvesvc_instances", "Service instances on this node", ())
    duration = gauge("pvesvc_metrics_collect_seconds", "Time taken to collect these metrics",
                     ())

    mine = [i for _, i in sorted(registry.load(cfg).instances.items()) if i.node == cfg.node]
    count.set(len(mine))
    for inst in mine:
        labels = (inst.name, inst.template, inst.node)
        info.labels(*labels, inst.version, inst.kind, str(inst.vmid)).set(1)
        seen = _observe(cfg, runner, inst, health_check_of(cfg, inst))
        up.labels(*labels).set(1 if seen.state == "running" else 0)
        healthy.labels(*labels).set(1 if seen.healthy else 0)
        if seen.checked is not None:
            checked.labels(*labels).set(round(seen.checked, 3))
    duration.set(round(time.monotonic() - start, 6))
    return generate_latest(out)


def _observe(cfg: "Config", runner: Runner, inst: registry.Instance,
             check: Optional["HealthCheck"]) -> Observation:
    try:
        return observe(cfg, runner, inst, check, PROBE_TIMEOUT)
    except PvesmbgwError as exc:  # a guest that cannot be asked reads as down, not as no metrics
        return Observation(None, None, str(exc))
