"""pve-svc's operations, as the CLI calls them. Mutating ones go through core/ops.py
(the lock shares use too, journal repair, one transaction); read-only ones take no
lock. The planner and transaction engine load on first use (start-up cost)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional

from ..core.config import Config
from ..core.i18n import _
from ..core.runner import Runner

if TYPE_CHECKING:
    from ..core.ops import Operations
    from .planner import InstallRequest, Planner
    from .registry import Instance, Services
    from .repomanager import RepoManager
    from .template import HealthCheck, Template


class ServiceManager:
    def __init__(self, cfg: Config, runner: Runner,
                 progress: Optional[Callable[[str], None]] = None,
                 load_records: Callable[[], None] = lambda: None) -> None:
        self.cfg = cfg
        self.runner = runner
        self.progress = progress
        self.load_records = load_records

    @functools.cached_property
    def planner(self) -> "Planner":
        from .planner import Planner
        return Planner(self.cfg, self.runner)

    @functools.cached_property
    def ops(self) -> "Operations":
        from ..core.ops import Operations, command_transaction
        return Operations(self.cfg.store, self.cfg.node,
                          command_transaction(self.cfg, self.runner, self.progress,
                                              self.load_records),
                          cleanup=[self._cleanup], waiting=self.progress)

    def _cleanup(self) -> None:
        """The planner's scratch files, if a planner was made (repo commands make none)."""
        if "planner" in self.__dict__:
            self.planner.cleanup()

    @functools.cached_property
    def repos(self) -> "RepoManager":
        """The template repositories; ops (and the journal's record kinds) load only
        when a repository command changes something."""
        from .repomanager import RepoManager
        return RepoManager(self.cfg, self.runner,
                           lambda title, steps: self.ops.run(title, steps),
                           locked=lambda: self.ops.locked())

    def services(self) -> "Services":
        from . import registry  # not for search, show or the repo commands
        return registry.load(self.cfg)

    # -- mutating -------------------------------------------------------------------

    def install(self, req: "InstallRequest") -> dict[str, Any]:
        with self.ops.locked():
            plan = self.planner.install(self.services(), req)
            self.ops.run(plan.title, plan.steps, secrets=plan.secrets)
        # None only on a dry run whose later steps are planned once a volume exists
        inst: Optional[Instance] = plan.details.get("instance")
        return {"instance": instance_json(inst) if inst else None, "notes": plan.notes,
                "repaired": self.ops.repaired}

    def uninstall(self, name: str, purge: bool) -> dict[str, Any]:
        with self.ops.locked():
            plan = self.planner.uninstall(self.services(), name, purge)
            self.ops.run(plan.title, plan.steps)
        return {"instance": name, "purged": purge, "notes": plan.notes,
                "repaired": self.ops.repaired}

    def rotate_secret(self, instance: str, name: str, value: Optional[str]) -> dict[str, Any]:
        """A new VALUE (None: generated) for secret NAME of INSTANCE: store, guest file,
        the steps that apply it, as one transaction."""
        from . import rotation
        with self.ops.locked():
            plan = rotation.plan(self.cfg, self.runner, self.planner.scratch,
                                 self.services(), instance, name, value)
            self.ops.run(plan.title, plan.steps, secrets=plan.secrets)
        rotated = plan.services.instances[instance].rotated.get(name)
        return {"instance": instance, "secret": name, "rotated": rotated,
                "rerun": plan.rerun, "notes": plan.notes, "repaired": self.ops.repaired}

    def upgrade(self, name: str, to: Optional[str], without_data_snapshot: bool
                ) -> dict[str, Any]:
        """INSTANCE to its template's newer version, rolled back on any failure."""
        from .upgrade import Upgrades
        with self.ops.locked():
            plan = Upgrades(self.planner).upgrade(self.services(), name, to,
                                                  without_data_snapshot)
            if plan.steps:
                self.ops.run(plan.title, plan.steps, secrets=plan.secrets)
        return {"instance": name, **plan.details, "notes": plan.notes,
                "repaired": self.ops.repaired}

    def rollback(self, name: str) -> dict[str, Any]:
        """INSTANCE back to the guest, data and record before its last upgrade."""
        from .upgrade import Upgrades
        with self.ops.locked():
            plan = Upgrades(self.planner).rollback(self.services(), name)
            self.ops.run(plan.title, plan.steps)
        return {"instance": name, **plan.details, "notes": plan.notes,
                "repaired": self.ops.repaired}

    # -- read-only ------------------------------------------------------------------

    def secrets(self, instance: str) -> dict[str, Any]:
        from . import secretview
        return secretview.listing(self.cfg, self.services(), instance)

    def secret_value(self, instance: str, name: str) -> str:
        from . import secretview
        return secretview.value(self.cfg, self.runner, self.services(), instance, name)

    def instances(self) -> list[dict[str, Any]]:
        return [instance_json(i) for _, i in sorted(self.services().instances.items())]

    def kept(self) -> list[dict[str, Any]]:
        return [{"instance": k.instance, "template": k.template, "removed": k.removed,
                 "volumes": [{"name": v.name, "path": v.path} for v in k.volumes],
                 "secrets": list(k.secrets)}
                for _, k in sorted(self.services().kept.items())]

    def status(self, name: str) -> dict[str, Any]:
        from ..core.errors import NotFoundError
        from ..storage import backend_named
        from .observe import observe
        inst = self.services().instances.get(name)
        if inst is None:
            raise NotFoundError(_("no service instance {name!r} (`pve-svc list` shows them)").format(name=name))
        data = instance_json(inst)
        if inst.node != self.cfg.node:
            data.update(state=None, address=None, healthy=None,
                        served_by=inst.node, shares=shares_json(self.cfg, inst.name))
            return data
        seen = observe(self.cfg, self.runner, inst, health_check_of(self.cfg, inst))
        data.update(state=seen.state or "missing", address=seen.address)
        if inst.ha:  # what PVE's HA manager makes of it (started, fence, error, ...)
            from ..tools import pvesh
            data["ha_state"] = next((r.hastate or None for r in pvesh.cluster_resources(
                self.runner, "vm") if r.vmid == inst.vmid), None)
        if seen.target is not None:
            data["health_target"] = seen.target
        problem = seen.problem
        data["healthy"] = problem is None
        data["health_problem"] = problem
        from .registry import AWAITING_MANUAL, INSTALLED
        if inst.state == AWAITING_MANUAL:
            # The registry says what the tool did; the health check says whether the
            # administrator has finished the installer since.
            data["install_state"] = INSTALLED if problem is None else inst.state
        volumes = []
        for vol in inst.volumes:
            row: dict[str, Any] = {"name": vol.name, "path": vol.path, "mount": vol.mount,
                                   "backend": vol.backend, "created": vol.created,
                                   "present": Path(vol.path).is_dir()}
            if row["present"]:
                usage = backend_named(vol.backend, Path(vol.path), self.runner, vol.volume,
                                      self.cfg).usage(Path(vol.path))
                row.update(used=usage.used, avail=usage.avail)
            volumes.append(row)
        data["volumes"] = volumes
        data["shares"] = shares_json(self.cfg, inst.name)
        return data


def instance_json(inst: "Instance") -> dict[str, Any]:
    return {"name": inst.name, "template": inst.template, "version": inst.version,
            "vmid": inst.vmid, "node": inst.node, "hostname": inst.hostname,
            "kind": inst.kind, "install_state": inst.state, "ha": inst.ha,
            "ports": list(inst.ports), "disks": list(inst.disks),
            "passed": list(inst.passed),
            "params": inst.params, "secrets": list(inst.secrets),
            "secret_store": inst.secret_store or None, "created": inst.created,
            "upgrades": [{"from": u.get("from"), "to": u.get("to"), "at": u.get("at"),
                          "snapshot": u.get("snapshot")} for u in inst.upgrades],
            "volumes": [{"name": v.name, "path": v.path, "mount": v.mount,
                         "backend": v.backend, "created": v.created} for v in inst.volumes]}


def health_check_of(cfg: Config, inst: Instance) -> Optional["HealthCheck"]:
    """The health check of the version INST runs: recorded at install or upgrade, else
    (an instance from before it was recorded) its template's as the catalogue has it."""
    from .observe import recorded_health
    recorded = recorded_health(inst)
    if recorded is not None:
        return recorded
    template = template_of(cfg, inst)
    return template.healthcheck if template is not None else None


def template_of(cfg: Config, inst: Instance) -> Optional["Template"]:
    """The template INST was installed from, as the catalogue has it now; None when it
    is gone from the catalogue since, or broken (then there is no health check)."""
    from ..core.errors import PvesmbgwError
    from . import catalog
    try:
        return catalog.get(cfg, inst.template)
    except PvesmbgwError:
        return None


def shares_json(cfg: Config, instance: str) -> list[dict[str, Any]]:
    """The SMB shares of INSTANCE's volumes (`pve-svc share`), as status shows them."""
    from .smb_shares import linked
    return [{"name": s.name, "volume": s.volume, "path": s.path, "mode": s.mode}
            for s in linked(cfg, instance)]
