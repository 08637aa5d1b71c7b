"""The agent's operations, as the CLI and the storage plugin call them.

Every mutating operation goes through core/ops.py: the command lock, the repair of
whatever an interrupted command left in the journal, then one planned transaction.
Read-only operations (list, status) take no lock: files are replaced atomically.

The planner, the transaction engine and the gateways are imported inside the methods
that use them, for start-up cost: `list` and `status` must not load them.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, Optional, Sequence

from . import registry as registry_mod
from ..core.config import Config
from ..core.i18n import _
from .model import ShareChange, ShareSpec, validate_username
from .registry import Registry, Share
from ..core.runner import Runner

if TYPE_CHECKING:
    from .gateways.vm_template import BuildOptions
    from .planner import Plan, Planner
    from ..core.ops import Operations
    from ..core.txn import Step, Transaction

log = logging.getLogger(__name__)


class Agent:
    def __init__(self, cfg: Config, runner: Runner,
                 progress: Optional[Callable[[str], None]] = None,
                 load_records: Callable[[], None] = lambda: None) -> None:
        self.cfg = cfg
        self.runner = runner
        self.progress = progress
        # Registers every journal record kind (the program's composition root): called
        # only for a journal holding a kind this command has not loaded.
        self.load_records = load_records

    # Planning and transactions pull in most of the package: built on first use, so
    # that read-only commands such as `list` start fast.
    @functools.cached_property
    def planner(self) -> "Planner":
        from .planner import Planner
        return Planner(self.cfg, self.runner)

    @functools.cached_property
    def txn(self) -> "Transaction":
        from ..core.ops import command_transaction
        return command_transaction(self.cfg, self.runner, self.progress, self.load_records)

    @functools.cached_property
    def ops(self) -> "Operations":
        """The lock, journal repair and registry migration every mutating command uses."""
        from ..core.ops import Operations
        return Operations(self.cfg.store, self.cfg.node, self.txn,
                          upkeep=[lambda: registry_mod.migrate_legacy(self.cfg)],
                          cleanup=[self.planner.lxc.cleanup, self.planner.vm.cleanup],
                          waiting=self.progress)

    # -- plumbing -------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[Registry]:
        """Hold the command lock with any interrupted transaction rolled back."""
        with self.ops.locked():
            yield self.registry()

    @property
    def repaired(self) -> Optional[str]:
        return self.ops.repaired if "ops" in self.__dict__ else None

    def _execute(self, plan: "Plan") -> None:
        self.ops.run(plan.title, plan.steps)

    def registry(self) -> Registry:
        return registry_mod.load(self.cfg)

    def _refresh_free_space(self, reg: Registry) -> None:
        """Update what smbd's free-space helper reads for the shares of REG (the registry
        a command just committed) this node serves, natively and from its gateway
        containers, so clients see a new quota at once. Under the command lock: it
        removes the numbers of shares REG does not hold."""
        from . import dfree
        containers = [g.id for g in reg.local_gateways(self.cfg.node) if g.kind == "lxc"]
        shares = self.planner.native.shares(reg) + [
            s for gw in containers for s in reg.shares_on(gw)]
        dfree.refresh(self.cfg, self.runner, shares, containers)

    # -- shares ---------------------------------------------------------------------

    def create(self, spec: ShareSpec) -> dict[str, Any]:
        with self.locked() as reg:
            return self.create_locked(reg, spec)

    def create_locked(self, reg: Registry, spec: ShareSpec) -> dict[str, Any]:
        """`create`, for a caller holding `locked()` (REG read under it) that checked
        what the share depends on under the same lock (a service's volume)."""
        plan = self.planner.create(reg, spec)
        self._execute(plan)
        self._refresh_free_space(plan.registry)
        share = plan.registry.shares[spec.name]
        return {"share": share_json(share), "notes": plan.notes,
                "initial_acl": plan.details.get("initial_acl")}

    def set(self, name: str, change: ShareChange) -> dict[str, Any]:
        with self.locked() as reg:
            plan = self.planner.set(reg, name, change)
            self._execute(plan)
            self._refresh_free_space(plan.registry)
        share = plan.registry.find_share(name)
        assert share is not None
        return {"share": share_json(share), "notes": plan.notes}

    def delete(self, name: str, purge: bool, keep_gateway: bool = False) -> dict[str, Any]:
        with self.locked() as reg:
            return self.delete_locked(reg, name, purge, keep_gateway)

    def delete_locked(self, reg: Registry, name: str, purge: bool,
                      keep_gateway: bool = False) -> dict[str, Any]:
        """`delete`, for a caller holding `locked()` (REG read under it)."""
        share = self.planner.existing(reg, name)
        plan = self.planner.delete(reg, name, purge, keep_gateway)
        self._execute(plan)
        self._refresh_free_space(plan.registry)
        return {"share": share_json(share), "purged": plan.destroys_volume,
                "purge_waits_for": plan.details.get("purge_waits_for", []),
                "notes": plan.notes}

    def removal_plan(self, reg: Registry, names: Sequence[str]) -> "Plan":
        """One plan deleting shares NAMES of REG (their data kept), for a caller holding
        `locked()` that runs it with steps of its own (`run_locked`)."""
        from .planner import Plan
        plan = Plan(f"delete shares {', '.join(names)}", [], reg)
        for name in names:
            one = self.planner.delete(plan.registry, name, False)
            plan.steps += one.steps
            plan.notes += one.notes
            plan.registry = one.registry
        return plan

    def run_locked(self, plan: "Plan") -> None:
        """Run PLAN (from removal_plan, with more steps) under `locked()`."""
        self._execute(plan)
        self._refresh_free_space(plan.registry)

    def list_shares(self) -> list[dict[str, Any]]:
        return [share_json(s) for _, s in sorted(self.registry().shares.items(),
                                                 key=lambda kv: kv[0].lower())]

    def status(self, name: str) -> dict[str, Any]:
        # Without the planner, which loads every backend and gateway: status reads one
        # share's backend, and a gateway's only when the share has one.
        from .cluster.membership import member_address
        from .volumes import share_backend
        reg = self.registry()
        share = reg.existing_share(name)
        path = Path(share.path)
        data = share_json(share)
        member = member_address(self.cfg, self.runner) is not None
        if share.name not in reg.on_node(self.cfg.node, member).shares:
            # Another node serves it: only that node can see its volume and Samba.
            gw = reg.gateways.get(share.gateway or "")
            data.update({"volume_exists": None, "usage": None, "smbd_running": None,
                         "served": None, "served_by": gw.node if gw else share.node,
                         "gateway": None})
            return data
        data["volume_exists"] = path.is_dir()
        data["usage"] = None
        if share.backend == "vmdisk":  # a disk of the gateway VM: no host path
            from .gateways.vm_disk_volume import VmDiskBackend, volume_status
            backend = share_backend(share.backend, path, self.runner, share.volume, self.cfg)
            assert isinstance(backend, VmDiskBackend)
            data["volume_exists"], data["usage"] = volume_status(backend, path)
        if path.is_dir():
            usage = share_backend(share.backend, path, self.runner, share.volume,
                                  self.cfg).usage(path)
            data["usage"] = {"used": usage.used, "avail": usage.avail, "total": usage.total,
                             "quota": usage.quota}
        if share.gateway is not None:
            gw = reg.gateways[share.gateway]
            data["gateway"] = self.planner.guests(gw).status(gw)
            running = data["gateway"]["state"] == "running"
            data["smbd_running"] = running
            data["served"] = running and data["volume_exists"]
            return data
        from .serving import native_serving
        serving = native_serving(self.cfg, self.runner)
        data["gateway"] = None
        data["smbd_running"] = serving.smbd_running
        data["served"] = serving.serves(share.name) and data["volume_exists"]
        return data

    # -- snapshots ------------------------------------------------------------------

    def snapshot_create(self, name: str) -> dict[str, Any]:
        with self.locked() as reg:
            plan = self.planner.snapshot_create(reg, name, _now())
            self._execute(plan)
        return {"share": name, **plan.details, "notes": plan.notes}

    def snapshot_list(self, name: str) -> dict[str, Any]:
        share = self.planner.existing(self.registry(), name)
        backend = self.planner.backend(share)
        backend.capabilities.require_snapshots()
        snaps = backend.snapshots(Path(share.path))
        return {"share": share.name, "policy": share.snapshot_policy,
                "snapshots": [{"name": s.name, "created": s.created, "ours": s.ours}
                              for s in snaps],
                "notes": self.planner.too_many_notes(share, snaps)}

    def snapshot_rollback(self, name: str, snap: str) -> dict[str, Any]:
        with self.locked() as reg:
            plan = self.planner.snapshot_rollback(reg, name, snap, _now())
            self._execute(plan)
        return {"share": name, **plan.details, "notes": plan.notes}

    def snapshot_delete(self, name: str, snap: str) -> dict[str, Any]:
        with self.locked() as reg:
            self._execute(self.planner.snapshot_delete(reg, name, snap))
        return {"share": name, "snapshot": snap}

    def prune_all(self) -> dict[str, Any]:
        with self.locked() as reg:
            plan = self.planner.prune_all(reg, _now())
            if plan.steps:
                self._execute(plan)
        return {"notes": plan.notes}

    # -- gateway VM template ----------------------------------------------------------

    def vm_template_build(self, opts: "BuildOptions") -> dict[str, Any]:
        from .gateways.vm_template import VmTemplates
        from .planner import Plan
        templates = VmTemplates(self.cfg, self.runner, self.txn.progress)
        with self.locked() as reg:
            steps, new, notes, record = templates.build(reg, opts)
            if steps:
                self._execute(Plan("build the gateway VM template", steps, new, notes))
        return {"template": record, "built": bool(steps), "notes": notes}

    def vm_template_status(self) -> dict[str, Any]:
        from .gateways.vm_template import VmTemplates
        reg = self.registry()
        current = VmTemplates(self.cfg, self.runner).current(reg)
        return {"template": current, "registered": reg.vm_template or None}

    # -- users ----------------------------------------------------------------------

    def user_add(self, name: str, password: str) -> dict[str, Any]:
        validate_username(name)
        with self.locked() as reg:
            plan = self.planner.user_add(reg, name, password)
            self._execute(plan)
        return {"user": name, "created_unix_account": plan.registry.users[name].created_unix,
                "notes": plan.notes}

    def user_passwd(self, name: str, password: str) -> dict[str, Any]:
        validate_username(name)
        with self.locked() as reg:
            plan = self.planner.user_passwd(reg, name, password)
            self._execute(plan)
        return {"user": name, "notes": plan.notes}

    def user_del(self, name: str) -> dict[str, Any]:
        with self.locked() as reg:
            plan = self.planner.user_del(reg, name)
            self._execute(plan)
        return {"user": name, "notes": plan.notes}

    def user_list(self) -> list[dict[str, Any]]:
        from ..tools.samba import SambaTools
        managed = self.registry().users
        samba_users = SambaTools(self.runner, self.cfg.samba_conf).users()
        names = sorted(set(samba_users) | set(managed))
        return [{"user": n, "managed": n in managed, "samba": n in samba_users,
                 "created_unix_account": managed[n].created_unix if n in managed else False}
                for n in names]

    # -- reconcile ------------------------------------------------------------------

    def reconcile(self, check: bool) -> dict[str, Any]:
        """Compare the registry with the host and, unless CHECK, repair the drift."""
        if check:
            # A check changes nothing: no lock, no journal repair.
            reg = self.registry()
            drift, steps = self._drift(reg)
            return {"in_sync": not drift, "drift": drift, "fixed": False,
                    "interrupted_operation": self.txn.journal.exists()}
        with self.locked() as reg:
            drift, steps = self._drift(reg)
            if steps:
                from .planner import Plan
                self._execute(Plan("reconcile", steps, reg, []))
            self._refresh_free_space(reg)
        fixed = bool(steps) and not self.runner.dry_run
        return {"in_sync": not drift, "drift": drift, "fixed": fixed,
                "repaired_interrupted_operation": self.repaired}

    def _moved_gateways(self, reg: Registry) -> tuple[Registry, list[dict[str, str]]]:
        """REG with each gateway guest on the node it runs on now (PVE HA may have moved
        it), and the drift that is: the node it runs on reconciles it from then on."""
        from ..pve.guests import guest_nodes
        from ..tools import pvesh
        if not reg.gateways or not pvesh.available():
            return reg, []
        where = guest_nodes(self.runner)
        drift = []
        for gw in list(reg.gateways.values()):
            node = where.get(gw.vmid)
            if node and node != gw.node:
                drift.append({"share": "", "what": "gateway_moved",
                              "detail": _("{id} runs on node {node}, the registry said "
                                        "{registry_node}").format(id=gw.id, node=node, registry_node=gw.node)})
                reg = reg.with_gateway(replace(gw, node=node))
        return reg, drift

    def _drift(self, reg: Registry) -> tuple[list[dict[str, str]], list["Step"]]:
        steps: list["Step"] = []
        original = reg
        reg, drift = self._moved_gateways(reg)
        member = self.planner.native.member
        by_backend: dict[tuple[str, Optional[str]], list[Share]] = {}
        # Only what this node serves: another node checks its own (the registry is the
        # whole cluster's).
        for share in reg.on_node(self.cfg.node, member).shares.values():
            if share.backend == "vmdisk":
                continue  # a disk of its gateway VM: checked with the gateway
            if not Path(share.path).is_dir():
                drift.append({"share": share.name, "what": "volume_missing",
                              "detail": _("{path} does not exist; not recreated "
                                        "automatically (data may be elsewhere)").format(path=share.path)})
            else:
                key = (share.backend, (share.volume or "").split("/")[0] or None)
                by_backend.setdefault(key, []).append(share)
        for shares in by_backend.values():
            backend = self.planner.backend(shares[0])
            if backend.capabilities.quota is not None:
                continue  # nothing enforced, so nothing to drift from
            actual = backend.quotas([Path(s.path) for s in shares])
            for share in shares:
                have = actual.get(Path(share.path))
                if have != share.quota:
                    drift.append({"share": share.name, "what": "quota",
                                  "detail": _("enforced {have}, registry says {quota}").format(have=have, quota=share.quota)})
                    steps += backend.quota_steps(Path(share.path), have, share.quota)
        native = self.planner.native
        native_drift = native.drift(reg)
        drift += native_drift
        if native_drift:
            steps += native.file_steps(reg) + [native.apply_step()]
        for guests in (self.planner.lxc, self.planner.vm):
            guest_drift, guest_steps = guests.drift(reg)
            drift += guest_drift
            steps += guest_steps
        if member:
            # The cluster's users exist on every node (the passdb is CTDB's already).
            from .cluster import accounts
            account_drift, account_steps = accounts.sync(self.cfg, self.runner, reg)
            drift += account_drift
            steps += account_steps
        # Purges that waited for this node: it stops serving those shares in the steps
        # above, then says so in the registry (the last node destroys the volume).
        reg, purge_drift, purge_steps = self.planner.purge_acks(reg)
        drift += purge_drift
        steps += purge_steps
        if reg != original:
            from ..core.txn import file_step
            steps.append(file_step(self.cfg.registry_file, reg.dumps(),
                                   "update the registry", 0o600))
        # Final steps (growing a file system) go last, after everything undoable.
        return drift, [s for s in steps if s.deferred is None] + \
            [s for s in steps if s.deferred is not None]


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def share_json(share: Share) -> dict[str, Any]:
    """The stable JSON form of a share (documented in docs/json-output.md)."""
    return {
        "name": share.name, "path": share.path, "mode": share.mode, "backend": share.backend,
        "storage": share.storage, "quota": share.quota, "comment": share.comment,
        "read_only": share.read_only, "browseable": share.browseable,
        "valid_users": list(share.valid_users), "created_volume": share.created_volume,
        "created_at": share.created_at, "gateway_id": share.gateway,
        "snapshot_policy": share.snapshot_policy, "node": share.node,
        "clustered": share.clustered,
        "service": None if share.service is None else {
            "instance": share.service.instance, "volume": share.service.volume,
            "uid": share.service.uid, "gid": share.service.gid,
            "force_user": share.force_user, "force_group": share.force_group},
    }
