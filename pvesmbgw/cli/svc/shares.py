"""SMB shares of service volumes: where pve-svc and the SMB gateway meet.

The layer rule lets only the CLI hold both features, so the operations that need both
are composed here from each one's own: a share is made by the gateway's ordinary share
creation (its planner, gateways and registry), its link to the instance recorded in
the share registry; `uninstall --with-shares` plans the shares' removal and the
uninstall into one transaction. Each runs under the one command lock, with what it
checks of the service (the instance, its volume and the volume's owner) read under it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from ...core.errors import ValidationError
from ...core.i18n import _
from ...smb.agent import Agent
from ...smb.model import ServiceVolume, ShareSpec
from ...svc.registry import Instance
from ...svc.service import ServiceManager


class ServiceShares:
    def __init__(self, mgr: ServiceManager) -> None:
        self.mgr = mgr
        self.agent = Agent(mgr.cfg, mgr.runner, mgr.progress, mgr.load_records)

    def share(self, instance: str, volume: str, name: str, valid_users: tuple[str, ...],
              read_only: bool) -> dict[str, Any]:
        """Serve INSTANCE's data volume VOLUME as share NAME (svc_share_mode)."""
        with self.agent.locked() as reg:
            inst = self._instance(instance)
            vol = next((v for v in inst.volumes if v.name == volume), None)
            if vol is None:
                have = ", ".join(v.name for v in inst.volumes) or "none"
                raise ValidationError("volume", _("{instance} has no data volume {volume} "
                                                  "(it has: {have})").format(
                    instance=instance, volume=repr(volume), have=have))
            path = Path(vol.path)
            if not path.is_dir():
                raise ValidationError("volume", _("{instance}'s volume {volume} is missing "
                                                  "({path})").format(
                    instance=instance, volume=volume, path=path))
            st = path.stat()  # who the service is on the host: the volume root's owner
            spec = ShareSpec(name=name, path=str(path), mode=self.mgr.cfg.svc.share_mode,
                             read_only=read_only, valid_users=valid_users,
                             service=ServiceVolume(inst.name, vol.name, vol.backend,
                                                   vol.volume, st.st_uid, st.st_gid))
            result = self.agent.create_locked(reg, spec)
        return {**result, "repaired": self.agent.repaired}

    def unshare(self, instance: str, name: str) -> dict[str, Any]:
        """Stop serving share NAME of INSTANCE's volume (the data stays the service's)."""
        with self.agent.locked() as reg:
            share = reg.existing_share(name)
            if share.service is None or share.service.instance != instance:
                raise ValidationError("share", _("{share} is not a share of service "
                                                 "{instance} (`pve-svc status {instance}` "
                                                 "lists them)").format(
                    share=share.name, instance=instance))
            result = self.agent.delete_locked(reg, share.name, purge=False)
        return {**result, "repaired": self.agent.repaired}

    def uninstall(self, instance: str, purge: bool) -> dict[str, Any]:
        """Uninstall INSTANCE and delete its shares, in one transaction: the shares go
        first, and a failure anywhere leaves both as they were."""
        with self.agent.locked() as reg:
            names = sorted(s.name for s in reg.shares.values()
                           if s.service is not None and s.service.instance == instance)
            plan = self.agent.removal_plan(reg, names)
            gone = self.mgr.planner.uninstall(self.mgr.services(), instance, purge,
                                              with_shares=True)
            steps = plan.steps + gone.steps
            # Whatever cannot be undone (accounts, the guest) comes after all that can.
            plan.steps = [s for s in steps if s.deferred is None] + \
                [s for s in steps if s.deferred is not None]
            plan.title = gone.title + (f" and its shares {', '.join(names)}" if names else "")
            try:
                self.agent.run_locked(plan)
            finally:
                self.mgr.planner.cleanup()
        return {"instance": instance, "purged": purge, "shares": names,
                "notes": plan.notes + gone.notes, "repaired": self.agent.repaired}

    def _instance(self, name: str) -> Instance:
        inst: Optional[Instance] = self.mgr.services().instances.get(name)
        if inst is None:
            raise ValidationError("instance", _("no service instance {name} (`pve-svc list` "
                                                "shows them)").format(name=name))
        if inst.node != self.mgr.cfg.node:
            raise ValidationError("instance", _("{name} runs on node {node}; share its "
                                                "volumes there").format(name=name, node=inst.node))
        return inst
