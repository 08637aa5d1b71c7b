"""Prometheus targets of the instances' exporters: a file_sd file per node
(`svc_file_sd`), a JSON list of {"targets": ["ADDRESS:PORT"], "labels": {...}}, which
Prometheus re-reads when it changes.

Install adds the instance's target once its guest has an address (known only then:
DHCP, or a VM's guest agent), uninstall removes it; both are steps of their
transaction, the file written atomically and put back as it was on rollback. Entries
that are not ours (no `service` label an instance has) are kept as they are. The last
target gone, the file goes too: an uninstall leaves what the install found. Prometheus
should read the files with a glob (`/etc/prometheus/file_sd/pvesvc-*.json`), which an
absent file does not disturb. The directory is never created (Prometheus' package, or
the administrator, makes it); without it nothing is registered and install says so.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

from ..core import fsutil
from ..core.config import Config
from ..core.errors import ConfigError
from ..core.records import RestoreFile
from ..core.runner import Runner
from ..core.txn import Step, file_step
from . import observe
from ..core.i18n import _

# The instance's name; the same label key as in `pve-svc metrics` (see svc/metrics.py).
NAME_LABEL = "service"
DEFAULT_METRICS_PATH = "/metrics"
MODE = 0o644  # Prometheus runs as its own user


def load(path: Path) -> list[dict[str, Any]]:
    """The entries of PATH (none when it does not exist); ConfigError when it is not a
    file_sd list, so that nothing is planned over a file someone broke."""
    data = fsutil.read_bytes(path)
    if data is None:
        return []
    try:
        entries = json.loads(data)
    except ValueError as exc:
        raise ConfigError(_("svc_file_sd: {path} is not JSON: {exc}").format(path=path, exc=exc)) from None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ConfigError(_("svc_file_sd: {path} is not a file_sd list of target groups").format(path=path))
    return entries


def dumps(entries: list[dict[str, Any]]) -> bytes:
    return (json.dumps(entries, indent=2, sort_keys=True) + "\n").encode()


def entry(name: str, template: str, node: str, address: str, port: int,
          metrics_path: str) -> dict[str, Any]:
    """The target group of instance NAME's exporter at ADDRESS:PORT."""
    host = f"[{address}]" if ":" in address else address
    labels = {NAME_LABEL: name, "template": template, "node": node}
    if metrics_path != DEFAULT_METRICS_PATH:
        labels["__metrics_path__"] = metrics_path
    return {"targets": [f"{host}:{port}"], "labels": labels}


def without(entries: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    """ENTRIES less instance NAME's target group."""
    return [e for e in entries if (e.get("labels") or {}).get(NAME_LABEL) != name]


def missing_note(cfg: Config) -> Optional[str]:
    """Why install registers no target although svc_file_sd is set, or None."""
    path = cfg.svc.file_sd
    if path is None or path.parent.is_dir():
        return None
    return (_("no directory {parent}: the exporter's Prometheus target is not "
            "registered (svc_file_sd)").format(parent=path.parent))


def register_steps(cfg: Config, runner: Runner, name: str, template: str, kind: str,
                   vmid: int, port: int, metrics_path: str, limit: float) -> list[Step]:
    """The step adding instance NAME's exporter (PORT, METRICS_PATH) to this node's
    file, with the guest's address as it is when the step runs (waiting at most LIMIT
    seconds for one); none when no file is to be written (missing_note)."""
    if cfg.svc.file_sd is None or missing_note(cfg) is not None:
        return []
    path: Path = cfg.svc.file_sd
    load(path)  # a broken file stops the plan before anything changes
    node = cfg.node
    shown = f"ADDRESS:{port}" + ("" if metrics_path == DEFAULT_METRICS_PATH
                                 else f" at {metrics_path}")

    def add() -> None:
        address = observe.wait_address(cfg, runner, kind, node, vmid, limit)
        group = entry(name, template, node, address, port, metrics_path)
        fsutil.atomic_write(path, dumps(without(load(path), name) + [group]), MODE)
    return [Step(f"register the exporter of {name} with Prometheus ({path})", add,
                 RestoreFile(str(path), MODE),
                 [f"add target {shown} (labels {NAME_LABEL}={name}, template={template}, "
                  f"node={node}) to {path}"])]


def unregister_steps(cfg: Config, name: str) -> list[Step]:
    """The step removing instance NAME's target from this node's file (the file, when
    it was the last one); none when it holds none."""
    path: Optional[Path] = cfg.svc.file_sd
    if path is None:
        return []
    entries = load(path)
    rest = without(entries, name)
    if rest == entries:
        return []
    return [file_step(path, dumps(rest) if rest else None,
                      f"remove the exporter of {name} from Prometheus' targets ({path})",
                      MODE)]
