"""pve-svc's operations, as the CLI calls them. Mutating ones go through core/ops.py
(the lock shares use too, journal repair, one transaction); read-only ones take no
lock. The planner and transaction engine load on first use (start-up cost)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional

from ..core.config import Config
from ..core.runner import Runner
from . import registry
from .registry import Instance, Services

if TYPE_CHECKING:
    from ..core.ops import Operations
    from .planner import InstallRequest, Planner


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
        self.load_records()
        return Operations(self.cfg.store, self.cfg.node,
                          command_transaction(self.cfg, self.runner, self.progress),
                          cleanup=[self.planner.cleanup], waiting=self.progress)

    def services(self) -> Services:
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
        from ..tools.pct import Pct
        from . import health
        from .planner import guest_address
        from .template import Template
        inst = self.services().instances.get(name)
        if inst is None:
            raise NotFoundError(f"no service instance {name!r} (`pve-svc list` shows them)")
        data = instance_json(inst)
        if inst.node != self.cfg.node:
            data.update(state=None, address=None, healthy=None,
                        served_by=inst.node)
            return data
        if inst.kind == "vm":
            from ..tools.qm import Qm
            from .vmguest import vm_address
            state = Qm(self.runner).state(inst.vmid)
            address = vm_address(self.cfg, self.runner, inst.vmid) \
                if state == "running" else None
        else:
            state = Pct(self.runner).state(inst.vmid)
            address = guest_address(self.runner, inst.node, inst.vmid) \
                if state == "running" else None
        data.update(state=state or "missing", address=address)
        from ..core.errors import PvesmbgwError
        from . import catalog
        template: Optional[Template] = None
        try:
            template = catalog.get(self.cfg, inst.template)
        except PvesmbgwError:  # gone from the catalogue since, or broken: no health check
            template = None
        problem: Optional[str] = "not running" if address is None else None
        hc = template.healthcheck if template is not None else None
        if address is not None and hc is not None:
            from .params import port_of
            probe = health.Probe(hc.type, address, port_of(hc.port, inst.params), hc.path,
                                 hc.status)
            problem = health.check(probe)
            data["health_target"] = probe.target
        data["healthy"] = problem is None
        data["health_problem"] = problem
        if inst.state == registry.AWAITING_MANUAL:
            # The registry says what the tool did; the health check says whether the
            # administrator has finished the installer since.
            data["install_state"] = registry.INSTALLED if problem is None else inst.state
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
        return data


def instance_json(inst: Instance) -> dict[str, Any]:
    return {"name": inst.name, "template": inst.template, "version": inst.version,
            "vmid": inst.vmid, "node": inst.node, "hostname": inst.hostname,
            "kind": inst.kind, "install_state": inst.state, "ha": inst.ha,
            "ports": list(inst.ports), "disks": list(inst.disks),
            "passed": list(inst.passed),
            "params": inst.params, "secrets": list(inst.secrets),
            "secret_store": inst.secret_store or None, "created": inst.created,
            "volumes": [{"name": v.name, "path": v.path, "mount": v.mount,
                         "backend": v.backend, "created": v.created} for v in inst.volumes]}
