"""Cluster operations: change the desired state, render this node's files, apply.

Each mutating operation writes the cluster-wide state and this node's files in one
transaction (rolled back together on failure), then asks the running ctdbd to pick
the change up without a restart: `ctdb reloadnodes` for the nodes file, `ctdb
reloadips` for public_addresses. `reloadnodes` needs the same nodes file on every
node, so until the other nodes have run `cluster reconcile` (their timer does) it
may refuse; the reload is then remembered and retried by the next reconcile.
"""

from __future__ import annotations

import contextlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from ...core import fsutil
from ...core.config import Config
from .ha import HaRegistration
from ...tools import ha_manager
from ...core.ops import Locker, under_lock
from ...core.errors import CommandError, NotFoundError, PvesmbgwError, ValidationError
from ...core.runner import Runner
from ...tools.ctdb import Ctdb
from ...core.records import RestoreFile
from ...core.txn import Step, file_step
from . import render
from ...core.i18n import _
from .state import (ClusterState, Vip, check_interface_name, load, lock_value, parse_address,
    parse_nodes)
from .membership import check_shared_path, shared_reason
from .vip import VipChecker
from ..registry import load as load_registry

log = logging.getLogger(__name__)

RunSteps = Callable[[str, Sequence[Step]], None]


@dataclass(frozen=True)
class FileChange:
    """One file this node should hold, and what the running ctdbd must do about it."""

    path: Path
    data: bytes
    reload: str = ""      # "nodes" | "ips" | "" (nothing) | "restart-ctdb" | "restart-smbd"


class ClusterManager:
    def __init__(self, cfg: Config, runner: Runner, run_steps: RunSteps,
                 checker: Optional[VipChecker] = None, ctdb: Optional[Ctdb] = None,
                 locked: Locker = contextlib.nullcontext) -> None:
        self.cfg = cfg
        self.locked = locked
        self.settings = cfg.ctdb
        self.runner = runner
        self.run_steps = run_steps
        self.checker = checker or VipChecker(runner)
        self.ctdb = ctdb or Ctdb(runner, cfg.ctdb.socket, str(cfg.ctdb.ctdb_dir))

    # -- desired state ------------------------------------------------------------------

    def state(self) -> Optional[ClusterState]:
        return load(self.settings.cluster_file)

    def existing(self) -> ClusterState:
        state = self.state()
        if state is None:
            raise NotFoundError(_("no cluster is set up (run `pve-smbgateway cluster init`; "
                                "state file {cluster_file})").format(cluster_file=self.settings.cluster_file))
        return state

    @property
    def pending_file(self) -> Path:
        return self.cfg.state_dir / "ctdb-reload-pending"

    # -- rendering ------------------------------------------------------------------------

    def files(self, state: ClusterState) -> list[FileChange]:
        d = self.settings.ctdb_dir
        smb_text = (fsutil.read_bytes(self.cfg.samba_conf) or b"").decode()
        return [
            FileChange(d / "nodes", render.nodes_file(state).encode(), "nodes"),
            FileChange(d / "public_addresses", render.public_addresses(state).encode(), "ips"),
            FileChange(d / "ctdb.conf", render.ctdb_conf(
                state, self.settings.log,
                str(self.settings.db_dir) if self.settings.db_dir else None).encode(),
                       "restart-ctdb"),
            FileChange(d / "ctdb.tunables", render.tunables(state).encode(), "restart-ctdb"),
            FileChange(self.settings.smb_conf,
                       render.smb_globals(state, self.settings.socket).encode(),
                       "restart-smbd"),
            FileChange(self.cfg.samba_conf, render.with_cluster_include(
                smb_text, str(self.settings.smb_conf)).encode(), "restart-smbd"),
        ]

    def _script_links(self) -> list[tuple[Path, Path]]:
        """(link, target) of each event script to enable that is not enabled yet."""
        out = []
        for name in self.settings.event_scripts:
            link = self.settings.ctdb_dir / "events" / "legacy" / f"{name}.script"
            if not link.exists() and not link.is_symlink():
                out.append((link, self.settings.scripts_dir / f"{name}.script"))
        return out

    def changes(self, state: ClusterState) -> tuple[list[FileChange], list[Step]]:
        """The files that differ from STATE on this node, and the steps that fix them."""
        changed = [f for f in self.files(state) if fsutil.read_bytes(f.path) != f.data]
        steps = [file_step(f.path, f.data, f"write {f.path}") for f in changed]
        for link, target in self._script_links():
            steps.append(Step(f"enable CTDB event script {link.name}",
                              _symlinker(link, target),
                              RestoreFile(path=str(link)),
                              [f"symlink {link} -> {target}"]))
        return changed, steps

    # -- apply ------------------------------------------------------------------------------

    def _commit(self, title: str, state: ClusterState, write_state: bool) -> list[str]:
        changed, steps = self.changes(state)
        if write_state:
            steps.insert(0, file_step(self.settings.cluster_file, state.dumps(),
                                      "update the cluster state"))
        if steps:
            self.run_steps(title, steps)
        if self.runner.dry_run:
            return []
        return self.apply({f.reload for f in changed})

    def apply(self, reloads: set[str]) -> list[str]:
        """Let the running ctdbd pick up changed files; returns notes for the user."""
        pending = set((fsutil.read_bytes(self.pending_file) or b"").decode().split())
        todo = (reloads | pending) & {"nodes", "ips"}
        notes = []
        if "restart-ctdb" in reloads:
            notes.append(_("ctdb.conf or ctdb.tunables changed: restart ctdb on this node to "
                         "apply them (systemctl restart ctdb)"))
        if "restart-smbd" in reloads:
            notes.append(_("the clustered smb.conf globals changed: restart smbd on this node"))
        if not todo:
            return notes
        if not self.ctdb.running():
            # Nothing to reload: ctdbd reads the files when it starts.
            self._set_pending(set())
            return notes + [_("ctdbd is not running here; it reads the new files when it starts")]
        left = set()
        for what in sorted(todo):
            try:
                self.ctdb.reloadnodes() if what == "nodes" else self.ctdb.reloadips()
            except CommandError as exc:
                left.add(what)
                log.info("ctdb reload%s: %s", what, exc)
                notes.append(_("ctdb reload{what} did not succeed yet ({exc}); run "
                             "`pve-smbgateway cluster reconcile` on the other nodes, then "
                             "here again").format(what=what, exc=_last(exc)))
        self._set_pending(left)
        return notes

    def _set_pending(self, todo: set[str]) -> None:
        if todo:
            fsutil.atomic_write(self.pending_file, (" ".join(sorted(todo)) + "\n").encode())
        else:
            fsutil.remove_file(self.pending_file)

    # -- operations ---------------------------------------------------------------------------

    @under_lock
    def init(self, nodes_raw: str, vip_raw: str, interface: str, lock: Optional[str],
             helper: Optional[str]) -> dict[str, Any]:
        if self.state() is not None:
            raise ValidationError("cluster", _("a cluster is already set up "
                                  "({cluster_file}); use add-node / vip add").format(cluster_file=self.settings.cluster_file))
        nodes = parse_nodes(nodes_raw)
        check_interface_name(interface)
        lock_conf = lock_value(lock, helper)
        cidr = self.checker.check(vip_raw, interface, nodes)
        self.checker.check_local_node(nodes)
        state = ClusterState(lock=lock_conf)
        for address in nodes:
            state = state.with_node(address)
        state = state.with_vip(Vip(cidr, interface))
        notes = self._commit("cluster init", state, True)
        return {"cluster": state_json(state), "notes": notes}

    @under_lock
    def add_node(self, raw: str) -> dict[str, Any]:
        state = self.existing()
        address = parse_address(raw)
        pnn = state.pnn_of(address)
        if pnn is not None and not state.nodes[pnn].removed:
            raise ValidationError("node", _("{address} is already node {pnn} of the cluster").format(address=address, pnn=pnn))
        if any(v.address == address for v in state.vips):
            raise ValidationError("node", _("{address} is a VIP of the cluster").format(address=address))
        new = state.with_node(address)
        notes = self._commit(f"cluster add-node {address}", new, True)
        notes.append(_("start ctdb on {address} once it has run "
                     "`pve-smbgateway cluster reconcile`").format(address=address))
        return {"cluster": state_json(new), "pnn": new.pnn_of(address), "notes": notes}

    @under_lock
    def remove_node(self, raw: str, force: bool = False) -> dict[str, Any]:
        state = self.existing()
        address = parse_address(raw)
        pnn = state.pnn_of(address)
        if pnn is None or state.nodes[pnn].removed:
            raise NotFoundError(_("node: {address} is not a node of the cluster").format(address=address))
        if len(state.active()) == 1:
            raise ValidationError("node", _("{address} is the last node of the cluster").format(address=address))
        if not self.runner.dry_run:
            self._check_stopped(address, pnn, force)
        new = state.without_node(address)
        notes = self._commit(f"cluster remove-node {address}", new, True)
        return {"cluster": state_json(new), "pnn": pnn, "notes": notes}

    def _check_stopped(self, address: str, pnn: int, force: bool) -> None:
        """ValidationError unless the ctdbd of node ADDRESS is known to be stopped: this
        node's ctdbd is asked, else the node itself (does anything listen on its CTDB
        port?). FORCE accepts a node that cannot be asked at all (powered off)."""
        still_runs = ValidationError("node", _("ctdbd still runs on {address} (node {pnn}); "
                                     "stop it there first (systemctl stop ctdb)").format(address=address, pnn=pnn))
        if self.ctdb.running():
            live = {n.pnn: n for n in self.ctdb.status()}
            if pnn in live and "Disconnected" not in live[pnn].flags:
                raise still_runs
            return
        listening = self.checker.ctdbd_listening(address)
        if listening:
            raise still_runs
        if listening is None and not force:
            raise ValidationError("node", _("cannot tell whether ctdbd still runs on {address} "
                                  "(node {pnn}): it does not run on this node to be asked, and "
                                  "{address} does not answer; run this on a node whose ctdbd "
                                  "runs, or give --force if you know that node is down").format(address=address, pnn=pnn))

    @under_lock
    def vip_add(self, raw: str, interface: str) -> dict[str, Any]:
        state = self.existing()
        check_interface_name(interface)
        cidr = self.checker.check(raw, interface, [n.address for n in state.nodes],
                                  [v.address for v in state.vips])
        new = state.with_vip(Vip(cidr, interface))
        notes = self._commit(f"cluster vip add {cidr}", new, True)
        return {"cluster": state_json(new), "notes": notes}

    @under_lock
    def vip_del(self, raw: str) -> dict[str, Any]:
        state = self.existing()
        address = parse_address(raw.split("/", 1)[0], "vip")
        if state.find_vip(address) is None:
            raise NotFoundError(_("vip: {address} is not a VIP of the cluster").format(address=address))
        new = state.without_vip(address)
        notes = self._commit(f"cluster vip del {address}", new, True)
        return {"cluster": state_json(new), "notes": notes}

    @under_lock
    def shared_path_add(self, raw: str) -> dict[str, Any]:
        state = self.existing()
        path = check_shared_path(raw)
        if path in state.shared_paths:
            raise ValidationError("path", _("{path} is already declared shared").format(path=path))
        new = state.with_shared_path(path)
        notes = self._commit(f"cluster shared-path add {path}", new, True)
        return {"cluster": state_json(new), "notes": notes}

    @under_lock
    def shared_path_del(self, raw: str) -> dict[str, Any]:
        state = self.existing()
        path = raw.rstrip("/") or "/"
        if path not in state.shared_paths:
            raise NotFoundError(_("path: {path} is not declared shared").format(path=path))
        rest = state.without_shared_path(path)
        for share in load_registry(self.cfg).shares.values():
            volume = Path(share.path)
            inside = Path(path) == volume or Path(path) in volume.parents
            # Still shared without the declaration (CephFS, another one, a cluster fs)?
            if share.clustered and inside and \
                    shared_reason(volume, share.backend, rest) is None:
                raise ValidationError("path", _("clustered share {name!r} lies under "
                                      "{path}; delete it first").format(name=share.name, path=path))
        notes = self._commit(f"cluster shared-path del {path}", rest, True)
        return {"cluster": state_json(rest), "notes": notes}

    def reconcile(self, check: bool) -> dict[str, Any]:
        """Bring this node's files to the desired state (and retry pending reloads)."""
        if check:
            return self._reconcile(True)  # a check changes nothing: no lock
        with self.locked():
            return self._reconcile(False)

    def _reconcile(self, check: bool) -> dict[str, Any]:
        state = self.state()
        if state is None:
            return {"configured": False, "drift": [], "fixed": False, "notes": []}
        changed, steps = self.changes(state)
        drift = [{"what": "file", "detail": str(f.path)} for f in changed]
        drift += [{"what": "event_script", "detail": link.name}
                  for link, _ in self._script_links()]
        pending = (fsutil.read_bytes(self.pending_file) or b"").decode().split()
        drift += [{"what": "reload_pending", "detail": f"ctdb reload{p}"} for p in pending]
        if check:
            return {"configured": True, "drift": drift, "fixed": False, "notes": []}
        if steps:
            self.run_steps("cluster reconcile", steps)
        notes = [] if self.runner.dry_run else self.apply({f.reload for f in changed})
        return {"configured": True, "drift": drift, "fixed": bool(drift),
                "notes": notes, "pending": bool(self.pending_file.exists())}

    def status(self) -> dict[str, Any]:
        state = self.existing()
        running = self.ctdb.running()
        live = {n.pnn: n for n in self.ctdb.status()} if running else {}
        hosted = {ip.address: ip.pnn for ip in self.ctdb.ips()} if running else {}
        leader = self.ctdb.leader() if running else None
        nodes = []
        for pnn, node in enumerate(state.nodes):
            seen = live.get(pnn)
            nodes.append({"pnn": pnn, "address": node.address, "removed": node.removed,
                          "state": "REMOVED" if node.removed else
                          (seen.state if seen else "UNKNOWN"),
                          "leader": pnn == leader})
        by_pnn = {n["pnn"]: n["address"] for n in nodes}
        vips = []
        for vip in state.vips:
            pnn = hosted.get(vip.address, -1)
            vips.append({"vip": vip.cidr, "interface": vip.interface,
                         "pnn": pnn if pnn >= 0 else None,
                         "node": by_pnn.get(pnn) if pnn >= 0 else None})
        healthy = running and all(n["state"] == "OK" for n in nodes if not n["removed"]) \
            and all(v["pnn"] is not None for v in vips)
        # The PVE HA state of the gateway guests (on a PVE node, where ha-manager exists).
        ha = HaRegistration(self.cfg, self.runner, self.run_steps).status() \
            if ha_manager.available() else []
        return {"ctdbd_running": running, "leader": leader, "nodes": nodes, "vips": vips,
                "lock": state.lock, "healthy": healthy, "ha": ha}


def state_json(state: ClusterState) -> dict[str, Any]:
    return {"nodes": [{"pnn": i, "address": n.address, "removed": n.removed}
                      for i, n in enumerate(state.nodes)],
            "vips": [{"vip": v.cidr, "interface": v.interface} for v in state.vips],
            "lock": state.lock, "leader_timeout": state.leader_timeout,
            "tunables": dict(state.tunables), "shared_paths": list(state.shared_paths)}


def _symlinker(link: Path, target: Path) -> Callable[[], None]:
    def do() -> None:
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, link)
    return do


def _last(exc: PvesmbgwError) -> str:
    text = str(exc).strip().splitlines()
    return text[-1] if text else type(exc).__name__
