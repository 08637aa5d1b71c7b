"""Prometheus metrics in the node_exporter textfile collector format.

One collection reads the registry once, runs at most one `btrfs qgroup show` per
btrfs file system, one snapshot listing per share, one `smbstatus --json` for the
host's smbd, one state query per gateway container and one `ctdb -X status`
where ctdb is installed. Connections and open files
are counted for native shares (the host's smbd); shares in gateway containers report
up, space and snapshots.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from . import dfree, reconcile_record
from .registry import Registry, Share, load as load_registry
from ..core.runner import Runner
from ..tools.ctdb_status import ctdb_nodes
from ..tools.smbstatus import smbstatus
from ..core.errors import PvesmbgwError
from ..pve.channel import channel
from .serving import NativeServing, native_serving
from .cluster.membership import member_address
from .share_usage import share_spaces

if TYPE_CHECKING:
    from ..core.config import Config

def collect(cfg: "Config", runner: Runner) -> bytes:
    """The metrics, rendered in the Prometheus text format."""
    # Heavy, and only the metrics command needs it.
    from prometheus_client import CollectorRegistry, Gauge, generate_latest

    start = time.monotonic()
    member = member_address(cfg, runner) is not None
    reg = load_registry(cfg).on_node(cfg.node, member)
    out = CollectorRegistry()

    def gauge(name: str, doc: str, labels: tuple[str, ...] = ()) -> Gauge:
        return Gauge(name, doc, labels, registry=out)

    up = gauge("pvesmbgw_share_up", "1 when the share is served (volume present, "
               "Samba running and configured for it)", ("share", "mode", "backend"))
    size = gauge("pvesmbgw_share_size_bytes", "Size of the share's volume (its quota "
                 "when it has one)", ("share",))
    used = gauge("pvesmbgw_share_used_bytes", "Bytes used in the share's volume", ("share",))
    avail = gauge("pvesmbgw_share_avail_bytes", "Bytes still available to the share",
                  ("share",))
    quota = gauge("pvesmbgw_share_quota_bytes", "Quota enforced by the storage backend",
                  ("share",))
    snaps = gauge("pvesmbgw_share_snapshots", "Snapshots of the share's volume", ("share",))
    conns = gauge("pvesmbgw_share_connections", "SMB tree connections to the share "
                  "(native shares)", ("share",))
    opens = gauge("pvesmbgw_share_open_files", "Files open over SMB in the share "
                  "(native shares)", ("share",))
    gw_up = gauge("pvesmbgw_gateway_up", "1 when the gateway guest (container or VM) runs",
                  ("gateway", "vmid"))
    duration = gauge("pvesmbgw_metrics_collect_seconds", "Time taken to collect these metrics")

    native = _native_serving(cfg, runner, reg)
    gateways = _gateways_running(runner, reg)
    for name, gw in sorted(reg.gateways.items()):
        gw_up.labels(name, str(gw.vmid)).set(1 if gateways.get(name) else 0)

    live = None
    if _has_native(reg):
        live = smbstatus(runner, str(cfg.samba_conf))
        gauge("pvesmbgw_smbstatus_up", "1 when smbstatus could read the host's smbd "
              "state").set(1 if live is not None else 0)
        gauge("pvesmbgw_smb_sessions", "SMB sessions on the host's smbd").set(
            live.sessions if live else 0)

    spaces = share_spaces(reg.shares.values(), runner, cfg)
    # The same numbers, for smbd's free-space helper: this timer keeps them fresh.
    dfree.publish(cfg, runner, reg.shares.values(), spaces)
    for name, share in sorted(reg.shares.items()):
        space = spaces.get(name)
        # A disk of a gateway VM has no host path: present when its guest reports it.
        present = space is not None if share.backend == "vmdisk" else Path(share.path).is_dir()
        served = (native is not None and native.serves(name)) if share.gateway is None \
            else gateways.get(share.gateway, False)
        up.labels(name, share.mode, share.backend).set(1 if present and served else 0)
        if space is not None:
            size.labels(name).set(space.total)
            used.labels(name).set(space.taken)
            avail.labels(name).set(space.avail)
            if space.quota is not None:
                quota.labels(name).set(space.quota)
        count = _snapshot_count(share, runner, cfg) if present else None
        if count is not None:
            snaps.labels(name).set(count)
        if share.gateway is None and live is not None:
            conns.labels(name).set(live.connections.get(name.lower(), 0))
            opens.labels(name).set(live.open_files.get(share.path, 0))

    nodes = ctdb_nodes(runner)
    if nodes is not None:  # ctdb installed: is it running, and how are its nodes?
        gauge("pvesmbgw_ctdb_up", "1 when ctdbd answers on this node").set(1 if nodes else 0)
        healthy = gauge("pvesmbgw_ctdb_node_healthy", "1 when the CTDB node is OK (not "
                        "disconnected, banned, disabled, unhealthy, stopped or inactive)",
                        ("pnn", "address", "this_node"))
        for node in nodes:
            healthy.labels(str(node.pnn), node.address, "1" if node.this_node else "0").set(
                1 if node.healthy else 0)

    last = reconcile_record.last(cfg.state_dir)
    if last:  # absent until the first run: a 0 would read as a failure
        gauge("pvesmbgw_last_reconcile_timestamp_seconds",
              "When the last reconcile run finished (Unix time)").set(
                  float(last.get("time", 0)))
        gauge("pvesmbgw_last_reconcile_success",
              "1 when the last reconcile left nothing unrepaired").set(
                  1 if last.get("ok") else 0)
        gauge("pvesmbgw_last_reconcile_drift", "Drift items the last reconcile found").set(
            float(last.get("drift", 0)))
    duration.set(round(time.monotonic() - start, 6))
    return generate_latest(out)


def _native_serving(cfg: "Config", runner: Runner, reg: Registry) -> Optional[NativeServing]:
    """What this node's smbd serves (read once); None without native shares."""
    if not _has_native(reg):
        return None
    return native_serving(cfg, runner)


def _has_native(reg: Registry) -> bool:
    """REG (one node's part) holds shares this node's own smbd serves."""
    return any(s.gateway is None for s in reg.shares.values())


def _gateways_running(runner: Runner, reg: Registry) -> dict[str, bool]:
    if not reg.gateways:
        return {}
    out: dict[str, bool] = {}
    for name, gw in reg.gateways.items():
        try:
            out[name] = channel(gw.kind, runner, gw.vmid).state() == "running"
        except Exception:  # noqa: BLE001 - a broken gateway reads as down, not as no metrics
            out[name] = False
    return out


def _snapshot_count(share: Share, runner: Runner, cfg: "Config") -> Optional[int]:
    from .volumes import share_backend
    try:
        backend = share_backend(share.backend, Path(share.path), runner, share.volume, cfg)
        if backend.capabilities.snapshots is not None:
            return None
        return len(backend.snapshots(Path(share.path)))
    except (PvesmbgwError, OSError):
        return None
