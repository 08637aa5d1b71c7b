"""`pve-svc upgrade` and `pve-svc rollback`: a service instance to its template's newer
version and back, each as one transaction.

Upgrade, in order: the guest shuts down (its data at rest), its snapshot is taken
(a container's data mount points leave its config for that moment: PVE snapshots no
bind mount), then each data volume's snapshot; the guest starts, the template's
packages are installed (apt upgrades them), its migrations newer than the installed
version run in the guest, and the health check must pass. Any failure undoes them in
reverse: the data volumes' files come back from their snapshots, the guest returns to
its snapshot, and it runs again as before. On success the snapshots stay, recorded
with the instance, for `pve-svc rollback`; only the newest svc_upgrade_keep are kept.

Rollback returns the guest and its data to the newest upgrade's snapshots and the
registry to the instance record before that upgrade. It first snapshots the present
(guest and data) so that a failure puts that back, except on a ZFS root disk, which
PVE returns only to its newest snapshot.
"""

from __future__ import annotations

import datetime
import re
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Optional

from ..core.errors import ValidationError
from ..core.txn import Step, command_step, file_step, on_rollback
from ..pve import guest_snapshots as snaps
from ..pve import ha as pve_ha
from ..pve.channel import channel
from ..pve.guests import vm_wait_agent_step
from ..pve.storage import all_storages
from ..storage import Backend, backend_named
from ..storage.restore import RestoreFrom
from ..tools import rsync
from . import catalog, file_sd, params, postinstall, registry
from ..core.i18n import _
from .observe import recorded_health
from .planner import Plan, Planner, health_record, plain_values
from .registry import Instance, Services
from .secretplan import rotation_rules
from .template import Template
from .versions import newer

UPGRADE_PREFIX = "pvesvc-upgrade-"
ROLLBACK_PREFIX = "pvesvc-rollback-"
_DISK_KEY = re.compile(r"(scsi|virtio|sata|ide)\d+|efidisk0|tpmstate0")


def local_instance(services: Services, node: str, name: str, there: str) -> Instance:
    """An installed instance of this node that pve-svc manages (not an installer VM)."""
    inst = registry.local_instance(services, node, name, there)
    if inst.state != registry.INSTALLED:
        raise ValidationError("instance", _("{name} is an installer VM ({state}): "
                              "pve-svc does not manage what runs in it").format(name=name, state=inst.state))
    return inst


def _check_data_free(vol: registry.DataVolume, backend: Backend, name: str) -> None:
    if backend.snapshot_path(Path(vol.path), name).exists():
        raise ValidationError("volume", _("volume {name} has a snapshot {snapshot} already: "
                              "try again in a second").format(name=vol.name, snapshot=name))


def _stamp(when: datetime.datetime) -> str:
    return when.strftime("%Y%m%d-%H%M%S")


class Upgrades:
    """Plans of upgrade and rollback (the install planner builds their guest steps)."""

    def __init__(self, planner: Planner) -> None:
        self.planner = planner
        self.cfg = planner.cfg
        self.runner = planner.runner

    # -- upgrade --------------------------------------------------------------------

    def upgrade(self, services: Services, name: str, to: Optional[str],
                without_data_snapshot: bool) -> Plan:
        cfg, runner = self.cfg, self.runner
        inst = local_instance(services, cfg.node, name, "upgrade it")
        t = catalog.get(cfg, inst.template)
        if to is not None and to != t.version:
            raise ValidationError("to", _("the template index has {ref} {version}, not "
                                  "{to} (`pve-svc repo update` fetches newer ones)").format(ref=t.ref, version=t.version, to=to))
        if t.version == inst.version:
            return Plan(f"upgrade {name}", [], services,
                        [f"{name} is at {t.ref} {t.version}, the newest the index has"],
                        details={"upgraded": False, "version": inst.version})
        if not newer(t.version, inst.version):
            raise ValidationError("version", _("the index has {ref} {version}, older than "
                                  "{name}'s {installed}: `pve-svc rollback {name}` "
                                  "returns to the version before its last upgrade").format(ref=t.ref, version=t.version, name=name, installed=inst.version))
        values = self._values(inst, t)
        self._check_compatible(inst, t, values)
        config = snaps.tool(inst.kind, runner).config(inst.vmid).values
        self._check_guest_snapshot(inst, config)
        notes: list[str] = []
        when = datetime.datetime.now(datetime.timezone.utc)
        snap = UPGRADE_PREFIX + _stamp(when)
        self._check_free(inst, snap)
        ch = channel(inst.kind, runner, inst.vmid)
        running = ch.state() == "running"
        steps, mounts = self._quiesce(inst, running, config)
        steps += snaps.snapshot_steps(runner, inst.kind, inst.vmid, snap,
                                      f"pve-svc upgrade of {name} from {inst.version} "
                                      f"to {t.version}")
        steps += snaps.mount_steps(runner, inst.vmid, mounts)
        data: dict[str, str] = {}
        for vol in inst.volumes:
            backend = self._backend(vol)
            why = backend.capabilities.snapshots or backend.capabilities.file_restore
            if why is not None:
                if not without_data_snapshot:
                    raise ValidationError("volume", _("data volume {name} ({path}): "
                                          "{why}; an upgrade could not return its data "
                                          "(--without-data-snapshot upgrades anyway)").format(name=vol.name, path=vol.path, why=why))
                notes.append(_("volume {name}: no snapshot ({why}); a rollback returns "
                             "the guest, not this data").format(name=vol.name, why=why))
                continue
            data[vol.name] = backend.snapshot_name(when)
            _check_data_free(vol, backend, data[vol.name])
            steps += self._data_snapshot_steps(vol, backend, data[vol.name])
        steps += self._resources_steps(inst, t, config)
        steps += self._start_steps(inst)
        secrets = self._secret_values(inst)
        log = postinstall.InstanceLog(cfg.svc.log_dir / f"{name}.log", secrets)
        ctx = params.context(t, values, instance=name, vmid=inst.vmid, node=inst.node,
                             hostname=inst.hostname, volumes={v.name: v.mount for v in t.volumes})
        if inst.kind == "lxc" and cfg.svc.apt_proxy and t.packages:
            steps += postinstall.apt_proxy_steps(ch, self.planner.scratch, cfg.svc.apt_proxy)
        steps += postinstall.packages_steps(ch, t.packages, log)
        migrations = [m for m in t.migrations if newer(m.version, inst.version)]
        for m in migrations:
            steps.append(postinstall.command_step(
                ch, f"migration {m.version}: {m.name}",
                params.render_argv(m.argv, ctx), m.timeout, log))
        if t.healthcheck is not None:
            steps.append(self.planner.health_step(t.healthcheck, values, inst.node, inst.vmid,
                                                  inst.kind))
        ports = tuple(params.port_of(p.port, values) for p in t.ports)
        if t.exporter is not None:
            limit = t.healthcheck.timeout if t.healthcheck is not None else 60.0
            steps += file_sd.register_steps(cfg, runner, name, t.id, inst.kind, inst.vmid,
                                            params.port_of(t.exporter.port, values),
                                            t.exporter.path, limit)
        steps += self._ha_back(inst)
        point = {"snapshot": snap, "data": data, "from": inst.version, "to": t.version,
                 "at": int(time.time()), "before": registry.instance_row(
                     replace(inst, upgrades=()))}
        wanted = params.secret_params(t, values)
        after = replace(inst, version=t.version, params=plain_values(values), ports=ports,
                        health=health_record(t, values),
                        rotation=rotation_rules(t, wanted, ctx),
                        upgrades=inst.upgrades + (point,))
        pruned = after.upgrades[:-cfg.svc.upgrade_keep]
        after = replace(after, upgrades=after.upgrades[-cfg.svc.upgrade_keep:])
        new = services.with_instance(after)
        steps.append(file_step(registry.path(cfg), new.dumps(),
                               f"record {name} at {t.version} in the registry", 0o640))
        for old in pruned:
            steps += self._drop_point_steps(inst, old)
            notes.append(_("deleted the snapshots of the upgrade to {to} "
                         "(svc_upgrade_keep = {upgrade_keep})").format(to=old['to'], upgrade_keep=cfg.svc.upgrade_keep))
        notes.append(_("guest snapshot {snap} and data snapshots kept: `pve-svc rollback "
                     "{name}` returns to {version}").format(snap=snap, name=name, version=inst.version))
        if not migrations:
            notes.append(_("{ref} has no migration from {version} to {new_version}").format(ref=t.ref, version=inst.version, new_version=t.version))
        return Plan(f"upgrade {name} from {inst.version} to {t.version}", steps, new, notes,
                    secrets, {"upgraded": True, "from": inst.version, "version": t.version,
                              "snapshot": snap, "migrations": [m.name for m in migrations]})

    def _values(self, inst: Instance, t: Template) -> dict[str, Any]:
        """The new version's parameter values: the installed ones where they still
        apply, else its defaults."""
        from .values import from_yaml, shown
        values: dict[str, Any] = {}
        for p in t.parameters:
            if p.type == "secret" or not shown(p, values):
                continue
            if p.name in inst.params:
                try:
                    values[p.name] = from_yaml(p, inst.params[p.name])
                except ValidationError as exc:
                    raise ValidationError(f"param {p.name}", _("the installed value does not "
                                          "fit {ref} {version}: {message}").format(ref=t.ref, version=t.version, message=exc.message)) from None
            elif p.default is not None:
                values[p.name] = p.default
            elif p.required:
                raise ValidationError(f"param {p.name}", _("{ref} {version} requires it "
                                      "and the instance has none: reinstall with it").format(ref=t.ref, version=t.version))
        return values

    def _check_compatible(self, inst: Instance, t: Template, values: dict[str, Any]) -> None:
        kind = "lxc" if t.type == "lxc" else "vm"
        if kind != inst.kind or t.manual:
            raise ValidationError("template", _("{ref} {version} is a "
                                  "{manual}{type} service; "
                                  "{name} is a{kind}"
                                  " one: install it anew").format(ref=t.ref, version=t.version, manual=_('manual ') if t.manual else '', type=t.type, name=inst.name, kind=_('n lxc') if inst.kind == 'lxc' else _(' vm')))
        have = {(v.name, v.mount) for v in inst.volumes}
        want = {(v.name, v.mount) for v in t.volumes}
        if have != want:
            show = lambda pairs: ", ".join(f"{n} at {m}" for n, m in sorted(pairs)) or "none"
            raise ValidationError("template", _("{ref} {version} has other data volumes "
                                  "({want}) than {name} ({have}): an "
                                  "upgrade keeps the volumes; install it anew and move the "
                                  "data").format(ref=t.ref, version=t.version, want=show(want), name=inst.name, have=show(have)))
        added = [p.name for p in params.secret_params(t, values) if p.name not in inst.secrets]
        if added:
            raise ValidationError("template", _("{ref} {version} adds the secrets "
                                  "{added}, which an upgrade cannot make yet: "
                                  "install it anew").format(ref=t.ref, version=t.version, added=', '.join(added)))
        if inst.passed:
            raise ValidationError("instance", _("{name} has disks passed through "
                                  "({passed}), which PVE cannot snapshot").format(name=inst.name, passed=', '.join(inst.passed)))

    def _check_guest_snapshot(self, inst: Instance, config: dict[str, str]) -> None:
        """Every disk of the guest is on storage PVE can snapshot, or a one-line refusal
        naming the first that is not."""
        storages = all_storages(self.runner, self.cfg.storage_cfg)
        for key, volume in _disks(inst.kind, config).items():
            sid, _sep, rest = volume.partition(":")
            storage = storages.get(sid)
            fmt = "qcow2" if rest.endswith(".qcow2") else "raw"
            if storage is None or not snaps.storage_can_snapshot(storage.type, fmt, inst.kind):
                where = f"storage {sid} ({storage.type})" if storage else volume
                raise ValidationError("instance", _("{key} of {label} "
                                      "is on {where}, which cannot take snapshots: an "
                                      "upgrade needs them to roll back ({snapshot_types}"
                                      "{vm_note})").format(key=key, label=snaps.label(inst.kind, inst.vmid), where=where, snapshot_types=', '.join(snaps.SNAPSHOT_TYPES), vm_note=_(', or qcow2 on a file storage') if inst.kind == 'vm' else ''))

    def _check_free(self, inst: Instance, snap: str) -> None:
        if snap in snaps.snapshot_names(self.cfg, inst.kind, inst.vmid):
            raise ValidationError("instance", _("{label} has a "
                                  "snapshot {snap} already: try again in a second").format(label=snaps.label(inst.kind, inst.vmid), snap=snap))

    def _quiesce(self, inst: Instance, running: bool, config: dict[str, str]
                 ) -> tuple[list[Step], dict[str, str]]:
        """HA leaves the guest alone, it shuts down, and a container's data mount
        points leave its config: the steps, and those mount points (key: value)."""
        steps: list[Step] = []
        if inst.ha:
            steps.append(snaps.ha_state_steps(self.runner, pve_ha.sid(inst.kind, inst.vmid))[0])
        if running:
            steps.append(snaps.stop_step(self.runner, inst.kind, inst.vmid))
        mounts: dict[str, str] = {}
        if inst.kind == "lxc":
            mounts = {v.key: config[v.key] for v in inst.volumes if v.key in config}
            steps += snaps.unmount_steps(self.runner, inst.vmid, mounts)
        return steps, mounts

    def _start_steps(self, inst: Instance) -> list[Step]:
        """Start the guest; a VM's steps then wait for its agent (commands reach it so)."""
        steps = [snaps.start_step(self.runner, inst.kind, inst.vmid)]
        if inst.kind == "vm":
            steps.append(vm_wait_agent_step(self.runner, inst.vmid, self.cfg.vm.agent_timeout))
        return steps

    def _ha_back(self, inst: Instance) -> list[Step]:
        if not inst.ha:
            return []
        return [snaps.ha_state_steps(self.runner, pve_ha.sid(inst.kind, inst.vmid))[1]]

    def _backend(self, vol: registry.DataVolume) -> Backend:
        return backend_named(vol.backend, Path(vol.path), self.runner, vol.volume, self.cfg)

    def _data_snapshot_steps(self, vol: registry.DataVolume, backend: Backend,
                             name: str) -> list[Step]:
        """Snapshot NAME of VOL; on rollback its files come back from it, then it goes."""
        layout = backend.snapshot_layout
        return backend.snapshot_steps(Path(vol.path), name) + [on_rollback(
            f"on rollback: make the files of volume {vol.name} those of {name} again",
            RestoreFrom(vol.backend, name, vol.path, layout.directory if layout else "",
                        vol.volume))]

    def _resources_steps(self, inst: Instance, t: Template, config: dict[str, str]
                         ) -> list[Step]:
        """The new version's cores and memory (the guest's snapshot holds the old)."""
        wanted = {"cores": str(t.cores), "memory": str(t.memory)}
        if inst.kind == "lxc":
            wanted["swap"] = str(t.swap)
        changed = {k: v for k, v in wanted.items() if config.get(k) != v}
        if not changed:
            return []
        return [command_step(self.runner, f"give {snaps.label(inst.kind, inst.vmid)} "
                             + ", ".join(f"{k} {v}" for k, v in changed.items()),
                             snaps.tool(inst.kind, self.runner).set_argv(inst.vmid, changed))]

    def _secret_values(self, inst: Instance) -> dict[str, str]:
        """The instance's secret values, for the log's redaction only."""
        if not inst.secret_store or not inst.secrets:
            return {}
        from .secretstore import open_store
        store = open_store(self.cfg, inst.secret_store)
        found = {n: store.read(inst.name, n) for n in inst.secrets}
        return {n: v for n, v in found.items() if v is not None}

    def _drop_point_steps(self, inst: Instance, point: dict[str, Any]) -> list[Step]:
        """Deferred steps deleting the snapshots of upgrade POINT."""
        steps = [snaps.delete_step(self.runner, inst.kind, inst.vmid, str(point["snapshot"]))]
        for vol in inst.volumes:
            name = point.get("data", {}).get(vol.name)
            if name:
                steps += self._backend(vol).delete_snapshots_steps(Path(vol.path), [name])
        return steps

    # -- rollback -------------------------------------------------------------------

    def rollback(self, services: Services, name: str) -> Plan:
        cfg, runner = self.cfg, self.runner
        inst = local_instance(services, cfg.node, name, "roll it back")
        if not inst.upgrades:
            raise ValidationError("instance", _("{name} has no upgrade to roll back").format(name=name))
        point = inst.upgrades[-1]
        snap = str(point["snapshot"])
        if snap not in snaps.snapshot_names(cfg, inst.kind, inst.vmid):
            raise ValidationError("instance", _("snapshot {snap} of "
                                  "{label} is gone: the "
                                  "upgrade to {to} cannot be rolled back").format(snap=snap, label=snaps.label(inst.kind, inst.vmid), to=point['to']))
        try:
            before = registry.instance_of_row(point["before"])
        except (TypeError, AttributeError, KeyError) as exc:
            raise ValidationError("instance", _("the registry's record of {name} before the "
                                  "upgrade is corrupt: {exc}").format(name=name, exc=exc)) from None
        data: dict[str, str] = dict(point.get("data") or {})
        for vol in inst.volumes:
            if vol.name in data and not self._backend(vol).snapshot_path(
                    Path(vol.path), data[vol.name]).is_dir():
                raise ValidationError("volume", _("snapshot {data} of volume "
                                      "{name} ({path}) is gone").format(data=data[vol.name], name=vol.name, path=vol.path))
        # ZFS returns a volume only to its newest snapshot: no safety snapshot there.
        config = snaps.tool(inst.kind, runner).config(inst.vmid).values
        safe = not self._on_zfs(inst, config)
        when = datetime.datetime.now(datetime.timezone.utc)
        safety = ROLLBACK_PREFIX + _stamp(when)
        if safe:
            self._check_free(inst, safety)
        running = channel(inst.kind, runner, inst.vmid).state() == "running"
        steps, mounts = self._quiesce(inst, running, config)
        notes: list[str] = []
        final: list[Step] = []
        if safe:
            steps += snaps.snapshot_steps(runner, inst.kind, inst.vmid, safety,
                                          f"pve-svc: {name} before its rollback to "
                                          f"{point['from']}")
            final.append(snaps.delete_step(runner, inst.kind, inst.vmid, safety))
        else:
            notes.append(_("the root disk is on ZFS, which PVE returns only to its newest "
                         "snapshot: no snapshot of the present was taken, so a failure "
                         "after the guest's rollback leaves it at {from_}").format(from_=point['from']))
        steps.append(snaps.rollback_step(runner, inst.kind, inst.vmid, snap))
        for vol in inst.volumes:
            if vol.name not in data:
                notes.append(_("volume {name} had no snapshot at the upgrade: its data "
                             "stays as it is").format(name=vol.name))
                continue
            backend = self._backend(vol)
            present = backend.snapshot_name(when)
            _check_data_free(vol, backend, present)
            steps += self._data_snapshot_steps(vol, backend, present)
            layout = backend.snapshot_layout
            source = backend.snapshot_path(Path(vol.path), data[vol.name])
            steps.append(command_step(runner, f"make the files of volume {vol.name} those of "
                                      f"{data[vol.name]} again",
                                      rsync.restore_argv(source, Path(vol.path),
                                                         layout.directory if layout else "")))
            final += backend.delete_snapshots_steps(Path(vol.path), [present])
        steps += snaps.mount_steps(runner, inst.vmid, mounts)
        steps += self._start_steps(inst)
        check = recorded_health(before)
        if check is not None:
            steps.append(self.planner.health_step(check, before.params, inst.node, inst.vmid,
                                                  inst.kind))
        else:
            notes.append(_("{name} {version} has no recorded health check: "
                         "`pve-svc status {name}` checks the service").format(name=name, version=before.version))
        steps += self._ha_back(inst)
        after = replace(before, upgrades=inst.upgrades[:-1])
        new = services.with_instance(after)
        steps.append(file_step(registry.path(cfg), new.dumps(),
                               f"record {name} at {before.version} in the registry", 0o640))
        steps += self._drop_point_steps(inst, point) + final
        return Plan(f"roll {name} back from {inst.version} to {before.version}", steps, new,
                    notes, {}, {"from": inst.version, "version": before.version,
                                "snapshot": snap})

    def _on_zfs(self, inst: Instance, config: dict[str, str]) -> bool:
        storages = all_storages(self.runner, self.cfg.storage_cfg)
        return any(getattr(storages.get(v.partition(":")[0]), "type", "") == "zfspool"
                   for v in _disks(inst.kind, config).values())


def _disks(kind: str, config: dict[str, str]) -> dict[str, str]:
    """A guest's disks in its CONFIG: key -> volume (a container's rootfs; a VM's drives
    but CD-ROMs and its cloud-init drive)."""
    if kind == "lxc":
        return {"rootfs": config.get("rootfs", "").split(",")[0]}
    out = {}
    for key, value in config.items():
        volume = value.split(",")[0]
        if _DISK_KEY.fullmatch(key) and "media=cdrom" not in value and \
                "cloudinit" not in volume and volume != "none":
            out[key] = volume
    return out
