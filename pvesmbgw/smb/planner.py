"""Turn validated requests into Plans: ordered steps, each with its undo record.

Planning reads the host (read-only commands, files) but changes nothing; every
change happens when the transaction runs the steps. Steps that destroy something
(data, accounts, guests) come last: once one has run, the plan is committed.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Optional, Sequence

from ..core import fsutil
from ..storage import Backend, Owner, mark_volume, volume_token
from .volumes import SHARE_DIR_MODE, share_backend, share_owner
from ..storage.cephfs import CephfsBackend
from ..storage.placement import Naming, Placement, backend_for, place
from ..core.config import Config
from ..core.errors import NotFoundError, ValidationError
from ..core.units import human_size
from .ad.initial_acl import (InitialAcl, AclServer, gateway_server, host_server,
    plan_initial_acl)
from .gateways.guest import GuestGateways, guest_path
from .gateways.lxc import LxcGateways
from .gateways.vm import VmGateways, VmSize
from .gateways.native import NativeGateway
from .model import ShareChange, ShareSpec
from .previous_versions import share_options
from . import owner_accounts, service_share
from ..core.i18n import _
from ..pve.storage import Storage, lookup
from .registry import Gateway, PendingPurge, Registry, Share, User, utc_stamp
from .cluster import accounts as cluster_accounts
from .cluster.membership import require_shared
from .cluster.state import load as load_cluster
from ..core.runner import Runner
from .samba import conf as smbconf
from ..tools import accounts
from ..tools.samba import SambaTools
from ..storage.snapshots import TOO_MANY, Snapshot, due, to_prune
from ..core.txn import Step, command_step, deferred_step, file_step
from ..storage.restore import RestoreFrom
from ..tools.rsync import restore_argv
from .accounts import GroupDel, GroupRemoveMember, SmbUserDel, UserDel

STORAGE_SUBDIR = "smbgateway"
# Debian's system accounts are below 1000 (adduser.conf FIRST_UID); nobody is 65534.
FIRST_REGULAR_UID = 1000
NOBODY_UID = 65534
# A share's volume in a PVE storage: smbgateway/<name> in directory storages,
# smb-<name> where PVE keeps its own volumes beside ours (datasets, images, subvolumes).
SMB_NAMING = Naming(prefix="smb-", subdir=STORAGE_SUBDIR, noun="share")


@dataclass
class Plan:
    title: str
    steps: list[Step]
    registry: Registry
    notes: list[str] = field(default_factory=list)
    destroys_volume: bool = False
    details: dict[str, Any] = field(default_factory=dict)


class Planner:
    def __init__(self, cfg: Config, runner: Runner) -> None:
        self.cfg = cfg
        self.runner = runner
        self.native = NativeGateway(cfg, runner)
        self.lxc = LxcGateways(cfg, runner)
        self.vm = VmGateways(cfg, runner)
        self._gid: Optional[int] = None
        self._storages: dict[str, Storage] = {}

    def guests(self, gw: Gateway) -> GuestGateways:
        """The manager of gateway GW's kind (lxc or vm)."""
        return self.vm if gw.kind == "vm" else self.lxc

    def serve_in_guest(self, registry: Registry, share: Share, spec: ShareSpec,
                        created: bool) -> tuple[list[Step], Registry, list[str]]:
        if spec.mode == "vm":
            size = VmSize(spec.vm_memory or self.cfg.vm.memory,
                          spec.vm_cores or self.cfg.vm.cores)
            return self.vm.add_share(registry, share, spec.dedicated, size, self.share_gid())
        return self.lxc.add_share(registry, share, spec.dedicated, created, self.share_gid())

    # -- pieces shared by every plan -------------------------------------------------

    def commit_steps(self, old: Registry, new: Registry,
                     final: Sequence[Step] = ()) -> list[Step]:
        """Native Samba files (when they change), the registry, smbd, then FINAL."""
        native = self.native.changed(old, new)
        steps = self.native.file_steps(new) if native else []
        steps.append(file_step(self.cfg.registry_file, new.dumps(), "save the registry", 0o600))
        if native:
            steps.append(self.native.apply_step())
        return steps + list(final)

    def adopt_gid(self, registry: Registry) -> None:
        """Create a missing share group with the gid the registry records (the gid it
        has on the cluster's other nodes)."""
        if self._gid is None and registry.share_gid is not None:
            self._gid = registry.share_gid

    def stamped(self, registry: Registry) -> Registry:
        """REGISTRY recording the share group's gid, for the other nodes to use."""
        if registry.share_gid is not None:
            return registry
        return replace(registry, share_gid=self.share_gid())

    def share_gid(self) -> int:
        """The share group's gid: the existing one, or the one group_steps will create."""
        gid = accounts.group_gid(self.cfg.share_group)
        if gid is not None:
            return gid
        if self._gid is None:
            self._gid = self.free_id("g")
        return self._gid

    def share_owner(self) -> Owner:
        """Who owns a new share's volume: root and the share group, setgid."""
        return share_owner(self.share_gid(), self.cfg.share_group)

    def group_steps(self) -> list[Step]:
        """Create the share group (gid from account_id_range) unless it exists."""
        group = self.cfg.share_group
        if accounts.group_gid(group) is not None:
            return []
        return [command_step(self.runner, f"create group {group}",
                             accounts.groupadd_argv(group, self.share_gid()),
                             GroupDel(group))]

    def free_id(self, kind: str) -> int:
        try:
            return accounts.free_id(*self.cfg.account_ids, kind)
        except LookupError as exc:
            raise ValidationError("account_id_range", str(exc)) from None

    # -- shares ---------------------------------------------------------------------

    def _storage_of(self, spec: ShareSpec) -> Optional[Storage]:
        """The PVE storage named by --storage (looked up once per plan)."""
        if spec.storage is None:
            return None
        if spec.storage not in self._storages:
            self._storages[spec.storage] = lookup(spec.storage, self.runner,
                                                  self.cfg.storage_cfg)
        return self._storages[spec.storage]

    def _create_cephfs(self, registry: Registry, spec: ShareSpec, share: Share,
                       storage: Storage, placement: Placement) -> Plan:
        """A CephFS subvolume: Ceph picks its path when it creates it, so the plan goes on
        (ownership, Samba, registry) once the subvolume exists."""
        ceph = placement.backend
        assert isinstance(ceph, CephfsBackend)  # the one backend placed without a path
        backend: CephfsBackend = ceph  # typed, for the closure below
        sub = placement.name
        backend.check_quota(Path("/"), spec.quota)
        mount = Path(str(storage.path))
        share = replace(share, backend=backend.name, volume=placement.volume,
                        smb_options=share_options(backend, []))
        acl, acl_notes = self._initial_acl(registry, spec, None)
        plan = Plan(f"create share {spec.name}", [], registry, acl_notes,
                    details={"initial_acl": acl.sddl if acl else None})
        owner = self.share_owner()

        def rest() -> list[Step]:
            path = mount / backend.ceph.getpath(sub).lstrip("/")
            placed = replace(share, path=str(path))
            new = registry.with_share(placed)
            steps = [Step(f"set owner and mode of {path}",
                          lambda: mark_volume(path, str(share.volume_id), owner),
                          None, [f"chown {owner.user}:{owner.group} {path}"])]
            if spec.mode != "native":
                guest_steps, new, notes = self.serve_in_guest(registry, placed, spec, True)
                steps += guest_steps
                plan.notes += notes
            steps += self._acl_steps(acl, new, spec.name)
            plan.registry = new
            return steps + self.commit_steps(registry, new)
        create = backend.create_subvolume_step(sub, spec.quota)
        create.expand = rest
        create.preview = list(create.preview) + [
            "then: set the owner of the subvolume's data directory"
            + (", its initial Windows ACL" if acl else "")
            + ", write the Samba configuration and save the registry"]
        plan.steps = self.group_steps() + [create]
        return plan

    def clustered(self, spec: ShareSpec, path: Path, backend: str) -> bool:
        """Whether the new share is the CTDB cluster's (native, made on a member node,
        so every member serves it); ValidationError when its volume would be on
        node-local storage."""
        if spec.mode != "native" or not self.native.member:
            return False
        state = load_cluster(self.cfg.ctdb.cluster_file)
        assert state is not None  # a member has a cluster
        require_shared(path, backend, state)
        return True

    def create(self, registry: Registry, spec: ShareSpec) -> Plan:
        self.adopt_gid(registry)
        registry = self.stamped(registry)
        existing = registry.find_share(spec.name)
        if existing is not None:
            raise ValidationError("name", _("share {name!r} already exists").format(name=existing.name))
        admin_text = (fsutil.read_bytes(self.cfg.samba_conf) or b"").decode()
        if spec.mode == "native" and spec.name.lower() in smbconf.section_names(admin_text):
            # A second [name] section would silently merge into the admin's share.
            raise ValidationError("name", _("[{name}] is already defined in "
                                  "{samba_conf}").format(name=spec.name, samba_conf=self.cfg.samba_conf))
        if spec.service is not None:
            path = service_share.volume_path(spec)
            check_free_path(registry, path)
            steps, new, notes = service_share.plan(self, registry, spec, path)
            return Plan(f"create share {spec.name}", steps + self.commit_steps(registry, new),
                        new, notes)
        if spec.mode == "vm" and self.vm.transport_for(registry, spec.dedicated) == "disk":
            # No virtiofs (PVE < 8.4): the share is a virtual disk of the gateway VM.
            self.vm.disk.check_spec(spec)
            size = VmSize(spec.vm_memory or self.cfg.vm.memory,
                          spec.vm_cores or self.cfg.vm.cores)
            disk_steps, new, notes = self.vm.disk.add_share(registry, spec, size,
                                                            self.share_gid())
            return Plan(f"create share {spec.name}", self.group_steps() + disk_steps
                        + self.commit_steps(registry, new), new, notes)
        storage = self._storage_of(spec)
        placement: Optional[Placement] = None
        if storage is not None:
            placement = place(storage, spec.name, SMB_NAMING, self.runner, self.cfg)
            if placement.path is None:  # known once the volume exists (CephFS)
                share = Share(name=spec.name, path="", mode=spec.mode,
                              backend=placement.backend.name,
                              quota=spec.quota, comment=spec.comment,
                              read_only=spec.read_only, valid_users=spec.valid_users,
                              browseable=spec.browseable, storage=spec.storage,
                              created_volume=True, volume_id=uuid.uuid4().hex,
                              created_at=utc_stamp(), node=self.cfg.node,
                              snapshot_policy=dict(spec.snapshot_policy),
                              clustered=self.clustered(spec, Path("/"), "cephfs"))
                return self._create_cephfs(registry, spec, share, storage, placement)
        if placement is not None:
            assert placement.path is not None
            path, steps = placement.path, list(placement.steps)
        else:
            assert spec.path is not None  # the model wants exactly one of path and storage
            path, steps = fsutil.check_share_path(spec.path, self.cfg.allowed_roots), []
        check_free_path(registry, path)
        backend = placement.backend if placement else backend_for(path, self.runner)
        clustered = self.clustered(spec, path, backend.name)
        volume = placement.volume if placement else None
        backend.check_quota(path, spec.quota)
        token = uuid.uuid4().hex
        created = not path.exists()
        if spec.snapshot_policy:
            backend.capabilities.require_snapshots()
        existing_snaps = backend.snapshots(path) if not created else []
        acl, notes = self._initial_acl(registry, spec, None if created else path)
        steps = self.group_steps() + steps
        if created:
            steps += backend.create_steps(path, spec.quota, token, self.share_owner())
        ours = None if created else volume_token(path)
        if not created:
            steps += backend.adopt_steps(path, spec.quota)
            notes.append(
                _("{path} already existed and is adopted as it is: pvesmbgw made it (for an "
                  "earlier share, its ownership mark says), so delete --purge may destroy it"
                  ).format(path=path)
                if ours else _("{path} already existed and is adopted as it is: it is never "
                               "destroyed by delete --purge").format(path=path))
        share = Share(
            name=spec.name, path=str(path), mode=spec.mode, backend=backend.name,
            quota=spec.quota, comment=spec.comment, read_only=spec.read_only,
            valid_users=spec.valid_users, browseable=spec.browseable, storage=spec.storage,
            # A volume kept by an earlier `delete` carries our mark: ours again.
            created_volume=created or ours is not None,
            volume_id=token if created else ours,
            created_at=utc_stamp(), node=self.cfg.node,
            snapshot_policy=dict(spec.snapshot_policy),
            smb_options=share_options(backend, existing_snaps), volume=volume,
            clustered=clustered)
        new = registry.with_share(share)
        if spec.mode != "native":
            guest_steps, new, guest_notes = self.serve_in_guest(registry, share, spec, created)
            steps += guest_steps
            notes += guest_notes
        steps += self._acl_steps(acl, new, spec.name)
        return Plan(f"create share {spec.name}", steps + self.commit_steps(registry, new),
                    new, notes, details={"initial_acl": acl.sddl if acl else None})

    def _acl_server(self, registry: Registry, spec: ShareSpec) -> Optional[AclServer]:
        """The domain member that will serve a new share, or None when no member will."""
        if spec.mode == "native":
            return host_server(self.cfg, self.runner)
        if spec.mode == "lxc" and not spec.dedicated:
            # The node's shared container (add_share picks the same); a new one is no
            # member yet, and VM gateways cannot join a domain so far.
            gw = self.lxc.shared_gateway(registry)
            return gateway_server(self.cfg, self.runner, gw) if gw else None
        return None

    def _initial_acl(self, registry: Registry, spec: ShareSpec, existing: Optional[Path]
                     ) -> tuple[Optional[InitialAcl], list[str]]:
        """The initial ACL a new volume gets where a domain member serves it (names
        resolved now), and notes; an EXISTING volume keeps its permissions."""
        server = self._acl_server(registry, spec)
        if server is None:
            return None, []
        if existing is not None:
            return None, [_("{existing} already existed: its permissions and ACL are left "
                          "as they are (no initial ACL)").format(existing=existing)]
        return plan_initial_acl(server, spec.initial_acl, spec.valid_users)

    def _acl_steps(self, acl: Optional[InitialAcl], new: Registry, name: str) -> list[Step]:
        """The step setting ACL on share NAME's volume, as its server sees the volume."""
        if acl is None:
            return []
        share = new.shares[name]
        there = share.path
        if share.gateway is not None:
            there = guest_path(share, new.gateways[share.gateway].mounts[name])
        return [acl.step(there, Path(share.path), SHARE_DIR_MODE)]

    def set(self, registry: Registry, name: str, change: ShareChange) -> Plan:
        share = self.existing(registry, name)
        if change.is_empty():
            raise ValidationError("set", _("nothing to change (give at least one option)"))
        updates = {k: v for k, v in vars(change).items() if v is not None}
        new_share = replace(share, **updates)
        if change.snapshot_policy:
            self.backend(share).capabilities.require_snapshots()
        if change.quota is not None:
            service_share.refuse_quota(share)
        steps: list[Step] = []
        if change.quota is not None and change.quota != share.quota:
            backend = self.backend(share)
            if share.quota is None or change.quota < share.quota:
                self._check_quota_above_usage(share, backend, change.quota)
            steps += backend.quota_steps(Path(share.path), share.quota, change.quota)
        new = registry.with_share(new_share)
        if share.gateway is not None:
            gw = registry.gateways[share.gateway]
            steps += self.guests(gw).update_steps(registry, new, gw)
        final = [s for s in steps if s.deferred is not None]  # e.g. growing a file system
        steps = [s for s in steps if s.deferred is None]
        return Plan(f"change share {share.name}",
                    steps + self.commit_steps(registry, new, final), new)

    def _check_quota_above_usage(self, share: Share, backend: Backend, quota: int) -> None:
        """A quota below what the volume holds would stop every write, and the next
        raise of it too (btrfs: "Disk quota exceeded"): refused."""
        path = Path(share.path)
        if share.backend == "vmdisk" or not path.is_dir():
            return
        used = backend.usage(path).used
        if used is not None and quota < used:
            raise ValidationError("quota", _("{name} holds {used}, more than "
                                  "{quota}; free space first or choose a "
                                  "larger quota").format(name=share.name, used=human_size(used), quota=human_size(quota)))

    def delete(self, registry: Registry, name: str, purge: bool,
               keep_gateway: bool = False) -> Plan:
        share = self.existing(registry, name)
        new = registry.without_share(share.name)
        steps: list[Step] = []
        final: list[Step] = []
        notes: list[str] = []
        if share.backend == "vmdisk":  # the data is a disk of the gateway VM
            steps, final, new, notes = self.vm.disk.remove_share(registry, share,
                                                                 keep_gateway, purge)
            return Plan(f"delete share {share.name}",
                        steps + self.commit_steps(registry, new, final), new, notes, purge)
        if share.gateway is not None:
            gw = registry.gateways[share.gateway]
            steps, final, new, notes = self.guests(gw).remove_share(registry, share,
                                                                     keep_gateway)
        final += self._release_owner(share, new)
        path = Path(share.path)
        if not path.exists():
            notes.append(_("{path} no longer exists; no data to keep or purge").format(path=path))
        elif share.service is not None:
            notes.append(_("data kept in {path}: it is volume {volume} of "
                         "service {instance} (pve-svc uninstall --purge "
                         "destroys it)").format(path=path, volume=share.service.volume, instance=share.service.instance))
        elif not purge:
            notes.append(_("data kept in {path} (use --purge to destroy a volume "
                         "pvesmbgw created)").format(path=path))
        elif not share.created_volume:
            notes.append(_("data kept in {path}: pvesmbgw did not create it, so --purge "
                         "leaves it alone").format(path=path))
        else:
            user = volume_user(new, path)
            if user is not None:
                raise ValidationError("purge", _("{path} is still used by share {user!r}; "
                                      "delete without --purge, or delete that share first").format(path=path, user=user))
            token = volume_token(path)
            if token is not None and token != share.volume_id:
                raise ValidationError("purge", _("{path} is not the volume pvesmbgw created "
                                      "for this share (ownership mark differs); refusing").format(path=path))
            waiting = self.still_serving(share)
            if waiting:
                # Destroyed by the reconcile of the last node to stop serving it.
                new = new.with_purge(PendingPurge(share, waiting))
                notes.append(_("{path} is destroyed once nodes {waiting} no longer "
                             "serve {name} (their `pve-smbgateway reconcile`, which "
                             "the timer runs, does it)").format(path=path, waiting=', '.join(waiting), name=share.name))
                return Plan(f"delete share {share.name}",
                            steps + self.commit_steps(registry, new, final), new, notes,
                            details={"purge_waits_for": list(waiting)})
            final += self.backend(share).destroy_steps(path, share.volume_id or "")
            return Plan(f"delete share {share.name}",
                        steps + self.commit_steps(registry, new, final), new, notes, True)
        return Plan(f"delete share {share.name}",
                    steps + self.commit_steps(registry, new, final), new, notes)

    def _release_owner(self, share: Share, new: Registry) -> list[Step]:
        """Deferred steps removing the accounts a service share (going away; NEW is the
        registry without it) acted as, where no other share needs them."""
        if share.service is None:
            return []
        if share.gateway is None:
            return owner_accounts.host_release_steps(share, new, self.cfg.node)
        gw = new.gateways.get(share.gateway)
        if gw is None:  # the gateway goes with its last share, and its accounts with it
            return []
        return owner_accounts.guest_release_steps(self.guests(gw).chan(gw.vmid), share, new,
                                                  gw)

    def still_serving(self, share: Share) -> tuple[str, ...]:
        """The other nodes of the CTDB cluster that serve clustered SHARE until their
        reconcile runs (addresses); empty for any other share."""
        if not share.clustered:
            return ()
        state = load_cluster(self.cfg.ctdb.cluster_file)
        if state is None:
            return ()
        return tuple(n.address for n in state.active() if n.address != self.native.address)

    def purge_acks(self, registry: Registry) -> tuple[Registry, list[dict[str, str]],
                                                       list[Step]]:
        """This node has stopped serving the shares whose purge waits for it (reconcile
        re-renders its files first): REGISTRY without it among the waiting nodes, and
        the destruction of each volume no node serves any more."""
        if not registry.purges:
            return registry, [], []
        state = load_cluster(self.cfg.ctdb.cluster_file)
        active = {n.address for n in state.active()} if state else set()
        here = self.native.address
        drift: list[dict[str, str]] = []
        final: list[Step] = []
        new = registry
        for name, purge in sorted(registry.purges.items()):
            waiting = tuple(a for a in purge.waiting if a != here and a in active)
            if waiting == purge.waiting:
                continue
            if waiting:
                new = new.with_purge(replace(purge, waiting=waiting))
                drift.append({"share": name, "what": "purge",
                              "detail": _("this node no longer serves deleted share {name}; "
                                        "its volume waits for {waiting}").format(name=name, waiting=', '.join(waiting))})
                continue
            new = new.without_purge(name)
            share, path = purge.share, Path(purge.share.path)
            user = volume_user(registry, path)
            token = volume_token(path) if path.exists() else None
            if user is not None or not path.exists() or token not in (None, share.volume_id):
                why = (_("share {user!r} uses it now").format(user=user) if user is not None else
                       _("it no longer exists") if not path.exists() else
                       _("its ownership mark differs"))
                drift.append({"share": name, "what": "purge",
                              "detail": _("{path} of deleted share {name} kept: {why}").format(path=path, name=name, why=why)})
                continue
            drift.append({"share": name, "what": "purge",
                          "detail": _("no node serves deleted share {name} any more: "
                                    "destroying {path}").format(name=name, path=path)})
            final += self.backend(share).destroy_steps(path, share.volume_id or "")
        return new, drift, final

    # -- snapshots ------------------------------------------------------------------

    def _refresh_options(self, registry: Registry, share: Share, backend: Backend,
                         snapshots: Sequence[Snapshot]) -> tuple[Registry, list[Step]]:
        """Re-derive the share's Previous Versions options from its snapshots (a
        foreign naming scheme can take over) and the steps that apply a change."""
        options = share_options(backend, snapshots)
        if options == share.smb_options:
            return registry, []
        new = registry.with_share(replace(share, smb_options=options))
        steps = []
        if share.gateway is not None:
            gw = registry.gateways[share.gateway]
            steps = self.guests(gw).update_steps(registry, new, gw)
        return new, steps

    def snapshot_create(self, registry: Registry, name: str, now: datetime.datetime) -> Plan:
        share = self.existing(registry, name)
        backend = self.backend(share)
        path = Path(share.path)
        snap = backend.snapshot_name(now)
        before = backend.snapshots(path)
        if any(s.name == snap for s in before):
            raise ValidationError("snapshot", _("{snap} exists already (one per second)").format(snap=snap))
        steps = backend.snapshot_steps(path, snap)
        after = list(before) + [Snapshot(snap, int(now.timestamp()))]
        new, apply = self._refresh_options(registry, share, backend, after)
        notes = self.too_many_notes(share, after)
        return Plan(f"snapshot share {share.name}",
                    steps + apply + self.commit_steps(registry, new), new, notes,
                    details={"snapshot": snap})

    def too_many_notes(self, share: Share, snapshots: Sequence[Snapshot]) -> list[str]:
        if len(snapshots) <= TOO_MANY:
            return []
        return [_("{name} has {count} snapshots; above about {too_many}, "
                  "Windows' Previous Versions tab becomes slow (set a retention policy "
                  "with --snapshots)").format(name=share.name, count=len(snapshots),
                                              too_many=TOO_MANY)]

    def _snapshot(self, share: Share, snapshots: Sequence[Snapshot], snap: str) -> Snapshot:
        for found in snapshots:
            if found.name == snap:
                return found
        raise NotFoundError(_("snapshot: {name} has no snapshot {snap!r}").format(name=share.name, snap=snap))

    def snapshot_delete(self, registry: Registry, name: str, snap: str) -> Plan:
        share = self.existing(registry, name)
        backend = self.backend(share)
        found = self._snapshot(share, backend.snapshots(Path(share.path)), snap)
        if not found.ours:
            raise ValidationError("snapshot", _("{snap} was not made by pvesmbgw; delete it "
                                  "with the tool that made it").format(snap=snap))
        steps = backend.delete_snapshots_steps(Path(share.path), [snap])
        return Plan(f"delete snapshot {snap} of {share.name}", steps, registry)

    def snapshot_rollback(self, registry: Registry, name: str, snap: str,
                          now: datetime.datetime) -> Plan:
        """Restore the share's files from SNAP, after snapshotting the current state so
        that the rollback itself can be undone (every snapshot is kept)."""
        share = self.existing(registry, name)
        backend = self.backend(share)
        path = Path(share.path)
        listed = backend.snapshots(path)
        self._snapshot(share, listed, snap)
        backend.capabilities.require_file_restore()
        layout = backend.snapshot_layout
        assert layout is not None, "a backend that restores files has a snapshot directory"
        safety = backend.snapshot_name(now)
        # Names have a resolution of a second: one taken this second (SNAP or another)
        # would be overwritten, or on btrfs receive the new snapshot inside it.
        if any(s.name == safety for s in listed):
            raise ValidationError("snapshot", _("wait a second: the safety snapshot would "
                                  "have the same name"))
        exclude = layout.directory.split("/")[0]
        argv = restore_argv(backend.snapshot_path(path, snap), path, exclude)
        steps = backend.snapshot_steps(path, safety)
        # Where the safety snapshot's files appear is known only once it exists.
        steps.append(Step(f"restore {path} from snapshot {snap}",
                          lambda: self.runner.run(argv, mutating=True),
                          RestoreFrom(share.backend, safety, str(path), exclude,
                                      share.volume),
                          [f"run: {' '.join(argv)}"]))
        return Plan(f"roll back share {share.name} to {snap}", steps, registry,
                    [f"the state before the rollback is kept as snapshot {safety}; "
                     f"`pve-smbgateway snapshot rollback {share.name} {safety}` undoes it"],
                    details={"snapshot": snap, "safety_snapshot": safety})

    def prune_all(self, registry: Registry, now: datetime.datetime) -> Plan:
        """Take the snapshots retention schedules want, then delete the ones no rule
        keeps (one listing per share; deletions batched per share)."""
        steps: list[Step] = []
        final: list[Step] = []
        notes: list[str] = []
        new = registry
        stamp = int(now.timestamp())
        for share in sorted(registry.shares.values(), key=lambda s: s.name):
            if not share.snapshot_policy or not Path(share.path).is_dir():
                continue
            backend = self.backend(share)
            path = Path(share.path)
            snaps = backend.snapshots(path)
            snap = backend.snapshot_name(now)
            # A snapshot taken this very second (by hand) already serves the schedule.
            if due(share.snapshot_policy, snaps, stamp) and all(s.name != snap for s in snaps):
                steps += backend.snapshot_steps(path, snap)
                snaps = snaps + [Snapshot(snap, stamp)]
                notes.append(_("{name}: took {snap}").format(name=share.name, snap=snap))
            doomed = to_prune(share.snapshot_policy, snaps, stamp)
            if doomed:
                final += backend.delete_snapshots_steps(path, [s.name for s in doomed])
                notes.append(_("{name}: pruning {count} snapshot(s)").format(name=share.name, count=len(doomed)))
            kept = [s for s in snaps if s not in doomed]
            new, apply = self._refresh_options(new, new.shares[share.name], backend, kept)
            steps += apply
            notes += self.too_many_notes(share, kept)
        if not steps and not final and new is registry:
            return Plan("apply snapshot schedules", [], registry, notes)
        return Plan("apply snapshot schedules", steps + self.commit_steps(registry, new, final),
                    new, notes)

    def existing(self, registry: Registry, name: str) -> Share:
        return registry.existing_share(name)

    def backend(self, share: Share) -> Backend:
        return share_backend(share.backend, Path(share.path), self.runner, share.volume,
                             self.cfg)

    # -- users ----------------------------------------------------------------------

    def remote_gateway_notes(self, registry: Registry, name: str) -> list[str]:
        """Gateways on other nodes cannot be reached from here (pct/qm act on this
        node's guests)."""
        return [f"gateway {gw.id} runs on node {gw.node}: run this command there too to "
                f"change {name} in it" for gw in registry.gateways.values()
                if gw.node != self.cfg.node]

    def user_add(self, registry: Registry, name: str, password: str) -> Plan:
        self.adopt_gid(registry)
        registry = self.stamped(registry)
        uid = accounts.user_uid(name)
        if uid is not None and (uid < FIRST_REGULAR_UID or uid == NOBODY_UID):
            raise ValidationError("user", _("{name} is a system account (uid {uid}); Samba "
                                  "users must be people or services of their own").format(name=name, uid=uid))
        gid = accounts.group_gid(name)
        if uid is None and gid is not None and (gid < FIRST_REGULAR_UID or gid == NOBODY_UID):
            # A new account named like a system group ('sudo', 'disk') would read as that
            # group wherever names are resolved (valid users, ACLs).
            raise ValidationError("user", _("{name} is the name of a system group (gid {gid}); "
                                  "choose another user name").format(name=name, gid=gid))
        group = self.cfg.share_group
        share_gid = accounts.group_gid(group)
        if share_gid is not None and (share_gid < FIRST_REGULAR_UID or share_gid == NOBODY_UID):
            # The user joins it (as primary group for an account pvesmbgw makes): 'sudo'
            # or 'disk' there would hand out the system's privileges.
            raise ValidationError("share_group", _("config share_group: {group} is a system "
                                  "group (gid {share_gid}); name a group of its own").format(group=group, share_gid=share_gid))
        tools = SambaTools(self.runner, self.cfg.samba_conf)
        if name in registry.users or name in tools.users():
            raise ValidationError("user", _("Samba user {name!r} already exists").format(name=name))
        steps = self.group_steps()
        created_unix = uid is None
        local = cluster_accounts.load_local(self.cfg)
        if created_unix:
            uid = self.free_id("u")
            steps.append(command_step(self.runner, f"create Unix account {name}",
                                      accounts.useradd_argv(name, uid, group),
                                      UserDel(name)))
            local = local.with_user(name, uid)
        elif name not in accounts.group_members(group):
            steps.append(command_step(self.runner, f"add {name} to group {group}",
                                      accounts.add_to_group_argv(name, group),
                                      GroupRemoveMember(name, group)))
            local = local.with_member(name)
        steps.append(Step(f"add Samba user {name}", lambda: tools.user_add(name, password),
                          SmbUserDel(name),
                          [f"run: smbpasswd -c {self.cfg.samba_conf} -s -a {name} "
                           "(password on stdin)"]))
        user = User(name, created_unix, uid)
        new = registry.with_user(user)
        notes = self.remote_gateway_notes(registry, name)
        for gw in registry.local_gateways(self.cfg.node):
            if user in self.lxc.mapped_users(new):
                steps += self.guests(gw).user_steps(gw.vmid, [user], {"@group"},
                                                    self.share_gid())
            else:
                notes.append(_("{name} (uid {uid}) is outside account_id_range, so gateway "
                             "{id} cannot map it; it is served natively only").format(name=name, uid=uid, id=gw.id))
        steps.append(cluster_accounts.record_step(self.cfg, local))
        steps.append(file_step(self.cfg.registry_file, new.dumps(), "save the registry", 0o600))
        return Plan(f"add user {name}", steps, new, notes)

    def user_passwd(self, registry: Registry, name: str, password: str) -> Plan:
        tools = SambaTools(self.runner, self.cfg.samba_conf)
        if name not in tools.users():
            raise NotFoundError(_("user: no Samba user {name!r}").format(name=name))
        steps = [Step(f"set Samba password of {name}",
                      lambda: tools.user_set_password(name, password), None,
                      [f"run: smbpasswd -c {self.cfg.samba_conf} -s {name} "
                       "(password on stdin)"])]
        user = registry.users.get(name)
        notes = []
        if user is not None and user in self.lxc.mapped_users(registry):
            notes = self.remote_gateway_notes(registry, name)
            for gw in registry.local_gateways(self.cfg.node):
                steps += self.guests(gw).passdb_steps(gw.vmid, [name])
        return Plan(f"change password of {name}", steps, registry, notes)

    def user_del(self, registry: Registry, name: str) -> Plan:
        user = registry.users.get(name)
        if user is None:
            raise NotFoundError(_("user: {name!r} is not a user managed by pvesmbgw").format(name=name))
        tools = SambaTools(self.runner, self.cfg.samba_conf)
        new = registry.without_user(name)
        steps = [file_step(self.cfg.registry_file, new.dumps(), "save the registry", 0o600)]
        local = cluster_accounts.load_local(self.cfg)
        if local.without(name) != local:
            steps.append(cluster_accounts.record_step(self.cfg, local.without(name)))
        # Removing accounts cannot be undone, so these come last.
        final: list[Step] = []
        notes: list[str] = []
        if user in self.lxc.mapped_users(registry):
            notes = self.remote_gateway_notes(registry, name)
            for gw in registry.local_gateways(self.cfg.node):
                final += self.guests(gw).user_remove_steps(gw.vmid, name)
        if name in tools.users():
            final.append(deferred_step(f"remove Samba user {name}", SmbUserDel(name),
                                       [f"run: {' '.join(tools.user_del_argv(name))}"]))
        if user.created_unix and accounts.user_exists(name):
            final.append(deferred_step(f"remove Unix account {name}", UserDel(name),
                                       [f"run: {' '.join(accounts.userdel_argv(name))}"]))
        elif name in local.members and name in accounts.group_members(self.cfg.share_group):
            # An account of the administrator's: only the membership `user add` gave it.
            argv = accounts.remove_from_group_argv(name, self.cfg.share_group)
            final.append(deferred_step(f"remove {name} from group {self.cfg.share_group}",
                                       GroupRemoveMember(name, self.cfg.share_group),
                                       [f"run: {' '.join(argv)}"]))
        return Plan(f"remove user {name}", steps + final, new, notes)


def check_free_path(registry: Registry, path: Path) -> None:
    """ValidationError('path') unless PATH is free for a new share of REGISTRY."""
    for other in registry.shares.values():
        if Path(other.path) == path:
            raise ValidationError("path", _("{path} is already shared as {name!r}").format(path=path, name=other.name))
    nested = volume_user(registry, path)
    if nested is not None:
        # One volume, one share: quotas, snapshots and purge act on whole volumes
        # (and a snapshot directory inside a share is read-only history).
        raise ValidationError("path", _("{path} is inside share {nested!r}, or holds "
                              "it; a share's path may not overlap another's").format(path=path, nested=nested))
    for purge in registry.purges.values():
        if Path(purge.share.path) == path:
            raise ValidationError("path", _("{path} is the volume of deleted share "
                                  "{name!r}, to be destroyed once no node "
                                  "serves it any more").format(path=path, name=purge.share.name))


def volume_user(registry: Registry, path: Path) -> Optional[str]:
    """The share of REGISTRY whose path is PATH, inside it or holds it, if any."""
    for share in sorted(registry.shares.values(), key=lambda s: s.name):
        other = Path(share.path)
        if share.path and (other == path or path in other.parents or other in path.parents):
            return share.name
    return None
