"""Plans of pve-svc: install and uninstall of a service instance as one transaction.

Install, in order: the container template (downloaded when missing), the data volumes
(new, or bound and snapshotted), `pct create` with the volumes as mount points and the
default unprivileged id map, start, the apt proxy and secrets, the template's packages
and post-install steps in the guest, the health check from the host, HA, and last the
registry. Any failure undoes every step before it (destroying the container undoes
everything done inside it).
"""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Optional

from ..core import fsutil
from ..core.config import Config
from ..core.errors import PvesmbgwError, ValidationError
from ..core.runner import Runner
from ..core.scratch import Scratch
from ..core.records import RestoreFile
from ..core.txn import Step, deferred_step, file_step
from ..pve import ha as pve_ha
from ..pve.channel import GuestChannel, channel
from ..pve.guests import (ct_create_step, ct_start_step, ct_template, dir_mapping_delete_step,
                          guest_name, next_vmid, vm_start_step)
from ..pve.records import HaUnregister, PctDestroy, QmDestroy
from ..pve.storage import Storage, all_storages, placeable, with_content
from ..storage import backend_named, unused_snapshot_name
from ..tools import pvesh
from ..tools.ha_manager import HaManager
from ..tools.pct import mount_value
from . import (file_sd, health, observe, params, passthrough, postinstall, preflight, registry,
               secretplan)
from ..core.i18n import _
from .registry import DataVolume, Instance, Kept, Services
from .secretplan import InstallSecrets
from .secretrecords import SecretsRemove
from .secretstore import open_store
from .template import HealthCheck, Template
from .vmguest import Source as VmSource
from .vmguest import VmBuilder, lent_keys, vm_storages
from .smb_shares import linked, share_paths
from .volumes import PlannedVolume, bound_volume, dataset_path, new_volume

TAG = "pvesvc"
# How long the exporter's registration waits for a guest's address when the template
# has no health check (which would have waited for it already).
ADDRESS_WAIT = 60.0
INSTANCE_NAME = re.compile(r"[a-z][a-z0-9-]{0,30}[a-z0-9]")


@dataclass
class InstallRequest:
    template: Template
    name: str
    params: dict[str, str] = field(default_factory=dict)  # --param NAME=VALUE, as given
    datasets: dict[str, str] = field(default_factory=dict)  # volume name -> dataset
    disks: dict[str, str] = field(default_factory=dict)  # vm disk name -> existing disk
    storage: Optional[str] = None
    node: Optional[str] = None
    vmid: Optional[int] = None
    ha: Optional[bool] = None
    image: str = ""  # a vm template's image or ISO instead of its own (with checksum)
    checksum: str = ""
    secrets: dict[str, str] = field(default_factory=dict)  # --secret NAME=-|@FILE values


@dataclass
class Plan:
    title: str
    steps: list[Step]
    services: Services
    notes: list[str] = field(default_factory=list)
    secrets: dict[str, str] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)


def validate_instance_name(name: str) -> None:
    if not INSTANCE_NAME.fullmatch(name):
        raise ValidationError("name", _("an instance name is 2-32 characters: lower-case "
                              "letters, digits and '-', starting with a letter"))


def parse_datasets(items: list[str], t: Template) -> dict[str, str]:
    """--dataset D (the template's first volume) or --dataset VOLUME=D."""
    names = [v.name for v in t.volumes]
    out: dict[str, str] = {}
    for item in items:
        vol, sep, dataset = item.partition("=")
        if not sep:
            vol, dataset = (names[0] if names else ""), item
        if vol not in names:
            raise ValidationError("dataset", _("template {id} has no volume {vol!r}").format(
                                      id=t.id, vol=vol)
                                  if vol else _("template {id} has no data volume").format(id=t.id))
        if not dataset or vol in out:
            raise ValidationError("dataset", _("volume {vol}: give one dataset").format(vol=vol))
        fsutil.check_path_text(dataset, "dataset")
        if ".." in dataset.split("/") or "," in dataset or "=" in dataset:
            raise ValidationError("dataset", _("{dataset!r}: no '..', ',' or '='").format(dataset=dataset))
        out[vol] = dataset
    return out


class Planner:
    def __init__(self, cfg: Config, runner: Runner) -> None:
        self.cfg = cfg
        self.runner = runner
        self.scratch = Scratch("pvesvc-")

    def cleanup(self) -> None:
        self.scratch.cleanup()

    # -- install ------------------------------------------------------------------

    def install(self, services: Services, req: InstallRequest) -> Plan:
        t, cfg = req.template, self.cfg
        validate_instance_name(req.name)
        if req.name in services.instances:
            raise ValidationError("name", _("service instance {name} exists already").format(name=req.name))
        if req.image and t.type != "vm":
            raise ValidationError("image", _("{id} is a container service: --image and "
                                  "--iso are for vm templates").format(id=t.id))
        if t.source.oci and t.packages:
            raise ValidationError("template", _("{id} runs an OCI image, which has no apt: "
                                  "`packages` needs a pveam (Debian) source").format(id=t.id))
        node = req.node or cfg.node
        if node != cfg.node:
            raise ValidationError("node", _("run pve-svc on node {node} itself (this is "
                                  "{this_node}): the container is created where it runs").format(node=node, this_node=cfg.node))
        values = params.resolve(t, req.params)
        notes: list[str] = []
        storages = all_storages(self.runner, cfg.storage_cfg)
        vm: Optional[VmBuilder] = None
        source: Optional[VmSource] = None
        if t.type == "vm":
            source = VmSource.of(t, req.image, req.checksum)
            if t.volumes:
                self._check_virtiofs(t)
            place = vm_storages(cfg, storages, source.iso)
            rootfs = place.disk
        else:
            rootfs = with_content(storages, "rootdir", cfg.svc.rootfs_storage)
            tstore = with_content(storages, "vztmpl", cfg.svc.template_storage)
        planned, data_storage = self._volumes(services, req, values, storages)
        vmid = req.vmid if req.vmid is not None else next_vmid(self.runner)
        if t.type == "vm":
            vm = VmBuilder(cfg, self.runner, t, vmid, place,
                           passthrough.check(cfg, self.runner, t, req.disks, vmid))
        ports = tuple(params.port_of(p.port, values) for p in t.ports)
        cluster = preflight.Cluster.read(self.runner)
        ha = self._ha(t, req.ha, preflight.ha_gaps(
            cluster, node, rootfs.storage_id,
            {data_storage.storage_id: data_storage.type} if planned and data_storage else {}),
            notes)
        needs = preflight.Needs(
            node=node, vmid=vmid, cores=t.cores, memory_mib=t.memory,
            rootfs_storage=rootfs.storage_id, rootfs_gib=t.disk, bridge=cfg.svc.bridge,
            ports=ports, ha=ha, volume_bytes=_volume_bytes(t, values, planned, data_storage))
        taken = {p: i.name for i in services.instances.values() if i.node == node
                 for p in i.ports}
        bridges = preflight.bridges(self.runner, node)
        self._check_references(t, values, storages, bridges)
        preflight.check(cluster, needs, bridges, taken)

        hostname = guest_name("svc", req.name)
        steps: list[Step] = []
        if vm is not None:
            assert source is not None
            template, fetch = vm.system(source)
        else:
            template, fetch, more = self._source(t, tstore.storage_id)
            notes += more
        steps += fetch
        ctx = params.context(t, values, instance=req.name, vmid=vmid, node=node,
                             hostname=hostname, volumes={v.name: v.mount for v in t.volumes})
        chosen = secretplan.plan(cfg, services, t, req.name, values, req.secrets, ctx)
        secrets = chosen.values
        steps += chosen.steps  # early: an unreachable store fails before the guest exists
        notes += chosen.notes
        log = postinstall.InstanceLog(cfg.svc.log_dir / f"{req.name}.log", secrets)
        plan = Plan(f"install {t.id} as {req.name}", steps, services, notes, secrets,
                    {"vmid": vmid})
        for pv in planned:
            steps += pv.steps
            notes += pv.notes

        def rest() -> list[Step]:
            """The container and what follows: they need every volume's path."""
            records: list[DataVolume] = []
            finishing: list[Step] = []
            for number, pv in enumerate(planned):
                rec = replace(pv.record, key=f"mp{number}")
                if pv.resolve is not None:
                    path, finish = pv.resolve()
                    rec = replace(rec, path=str(path))
                    finishing += finish
                records.append(rec)
            if vm is not None:
                guest, plan.services, inst = self._vm_steps(
                    vm, req, values, records, node, hostname, template, ports, ha, cluster,
                    chosen, log, services)
                if t.manual:
                    notes.extend(vm.manual_notes(req.name))
            else:
                guest, plan.services, inst = self._guest_steps(
                    req, values, records, vmid, node, hostname, template, rootfs.storage_id,
                    ports, ha, cluster, chosen, log, services)
            plan.details["instance"] = inst
            return finishing + guest
        lazy = [pv for pv in planned if pv.resolve is not None]
        if lazy:  # CephFS: the rest is planned once the subvolume exists
            last = lazy[-1].steps[-1]
            last.expand = rest
            last.preview = list(last.preview) + [
                "then: own the subvolume, create and set up the container, record it"]
        else:
            steps += rest()
        if not t.manual:
            notes.append(_("log of the post-install steps: {path}").format(path=log.path))
        if t.exporter is not None and not t.manual and file_sd.missing_note(cfg):
            notes.append(str(file_sd.missing_note(cfg)))
        if secrets:
            notes.append(_("secrets ({secrets}) are in {secret_dir} in "
                         "{guest} {vmid}, readable by root only, and in the "
                         "{backend} store (`pve-svc secret list {name}`)").format(secrets=', '.join(secrets), secret_dir=params.SECRET_DIR, guest='VM' if vm else 'CT', vmid=vmid, backend=chosen.backend, name=req.name))
        return plan

    def _guest_steps(self, req: InstallRequest, values: dict[str, Any],
                     records: list[DataVolume], vmid: int, node: str, hostname: str,
                     template: str, rootfs: str, ports: tuple[int, ...], ha: bool,
                     cluster: preflight.Cluster, secrets: InstallSecrets,
                     log: postinstall.InstanceLog, services: Services
                     ) -> tuple[list[Step], Services, Instance]:
        """pct create with the volumes as mount points, start, the guest's work, the
        health check, HA, and last the registry."""
        t, cfg = req.template, self.cfg
        for rec in records:
            if "," in rec.path or "=" in rec.path:
                raise ValidationError("dataset", _("{path}: ',' or '=' cannot be in a "
                                      "PVE mount point").format(path=rec.path))
        net = f"name=eth0,bridge={cfg.svc.bridge},ip={cfg.svc.ip}"
        if cfg.svc.gateway:
            net += f",gw={cfg.svc.gateway}"
        options = {
            "hostname": hostname, "memory": str(t.memory), "swap": str(t.swap),
            "cores": str(t.cores), "rootfs": f"{rootfs}:{t.disk}", "net0": net,
            "unprivileged": "1", "features": "nesting=1", "onboot": "1",
            "tags": f"{TAG};{t.id}",
            "description": f"{t.name} {t.version}, service {req.name} managed by pve-svc",
        }
        if t.source.pveam:  # PVE detects an OCI image's OS itself
            options["ostype"] = "debian"
        for rec in records:
            options[rec.key] = mount_value(rec.path, rec.mount)
        steps = [ct_create_step(self.runner, "service", vmid, template, options),
                 ct_start_step(self.runner, "service", vmid)]
        steps += self._inside_steps(channel("lxc", self.runner, vmid), req, values, vmid,
                                    node, hostname, secrets.values, log, packages=True)
        if t.healthcheck is not None:
            steps.append(self.health_step(t.healthcheck, values, node, vmid, "lxc"))
        inst = Instance(name=req.name, template=t.ref, version=t.version, vmid=vmid, node=node,
                        hostname=hostname, params=plain_values(values),
                        secrets=tuple(secrets.values), secret_store=secrets.backend,
                        rotation=secrets.rotation, volumes=tuple(records), ports=ports, ha=ha,
                        created=int(time.time()), health=health_record(t, values))
        new = self._finish_steps(steps, services, inst, cluster, t)
        return steps, new, inst

    def _vm_steps(self, vm: VmBuilder, req: InstallRequest, values: dict[str, Any],
                  records: list[DataVolume], node: str, hostname: str, system: str,
                  ports: tuple[int, ...], ha: bool, cluster: preflight.Cluster,
                  secrets: InstallSecrets, log: postinstall.InstanceLog,
                  services: Services) -> tuple[list[Step], Services, Instance]:
        """qm create (the volumes as virtiofs devices), start, cloud-init, the guest's
        work, the health check, HA, the registry; an ISO VM: create and start only."""
        t, vmid = req.template, vm.vmid
        records, steps, options = vm.volume_steps(records, req.name)
        disks, disk_keys, lent = vm.disk_options(first=1)
        options.update(disks)
        description = f"{t.name} {t.version}, service {req.name} managed by pve-svc"
        snippet, snippet_file = "", ""
        if not t.manual:
            snippet, path, write = vm.snippet_step(req.name, hostname)
            snippet_file = str(path)
            steps.append(write)
        steps.append(vm.create_step(hostname, description, system, snippet, options, lent))
        if t.manual:
            steps.append(vm_start_step(self.runner, "service", vmid))
        else:
            steps.append(vm.resize_step())
            steps += vm.boot_steps()
            steps += vm.mount_steps(records)
            steps += self._inside_steps(channel("vm", self.runner, vmid), req, values,
                                        vmid, node, hostname, secrets.values, log,
                                        packages=False)
            if t.healthcheck is not None:
                steps.append(self.health_step(t.healthcheck, values, node, vmid, "vm"))
        inst = Instance(name=req.name, template=t.ref, version=t.version, vmid=vmid, node=node,
                        hostname=hostname, kind="vm", params=plain_values(values),
                        secrets=tuple(secrets.values), secret_store=secrets.backend,
                        rotation=secrets.rotation, volumes=tuple(records), ports=ports, ha=ha,
                        created=int(time.time()),
                        state=registry.AWAITING_MANUAL if t.manual else registry.INSTALLED,
                        snippet=snippet_file, disks=tuple(disk_keys), passed=tuple(lent),
                        health=health_record(t, values))
        new = self._finish_steps(steps, services, inst, cluster, t)
        return steps, new, inst

    def _finish_steps(self, steps: list[Step], services: Services, inst: Instance,
                      cluster: preflight.Cluster, t: Template) -> Services:
        """Append the exporter's Prometheus target (T's, once the guest runs), HA (when
        asked) and last the registry with INST to STEPS: the new registry."""
        if t.exporter is not None and inst.state == registry.INSTALLED:
            limit = t.healthcheck.timeout if t.healthcheck is not None else ADDRESS_WAIT
            steps += file_sd.register_steps(
                self.cfg, self.runner, inst.name, t.id, inst.kind, inst.vmid,
                params.port_of(t.exporter.port, inst.params), t.exporter.path, limit)
        if inst.ha:
            steps += pve_ha.register_steps(self.runner, [pve_ha.sid(inst.kind, inst.vmid)],
                                           [n.node for n in cluster.nodes()],
                                           ha_name(inst.name))
        # Kept secrets under this name were reused (secretplan): they are the instance's.
        new = services.with_instance(inst).without_kept_secrets(inst.name)
        for rec in inst.volumes:  # a kept volume bound again belongs to the new instance
            new = _forget_kept(new, rec.path)
        steps.append(file_step(registry.path(self.cfg), new.dumps(),
                               f"record service {inst.name} in the registry", 0o640))
        return new

    def _inside_steps(self, ch: GuestChannel, req: InstallRequest, values: dict[str, Any],
                      vmid: int, node: str, hostname: str, secrets: dict[str, str],
                      log: postinstall.InstanceLog, packages: bool) -> list[Step]:
        """The apt proxy and packages (PACKAGES: a VM's come with cloud-init), the
        secrets and the post-install steps, in the guest."""
        t, cfg = req.template, self.cfg
        steps: list[Step] = []
        if packages and cfg.svc.apt_proxy and t.packages:
            steps += postinstall.apt_proxy_steps(ch, self.scratch, cfg.svc.apt_proxy)
        steps += postinstall.secret_steps(ch, self.scratch, secrets)
        if packages:
            steps += postinstall.packages_steps(ch, t.packages, log)
        ctx = params.context(t, values, instance=req.name, vmid=vmid, node=node,
                             hostname=hostname, volumes={v.name: v.mount for v in t.volumes})
        for step in t.postinstall:
            argv = params.render_argv(step.argv, ctx)
            steps.append(postinstall.command_step(ch, step.name, argv,
                                                  step.timeout, log))
        return steps

    def _check_virtiofs(self, t: Template) -> None:
        major, minor = pvesh.release(self.runner)
        if (major, minor) < (8, 4):
            raise ValidationError("template", _("{id}'s data volumes reach its VM over "
                                  "virtiofs, which needs PVE 8.4 or later (this is "
                                  "{major}.{minor})").format(id=t.id, major=major, minor=minor))

    def _check_references(self, t: Template, values: dict[str, Any],
                          storages: dict[str, Storage], bridges: set[str]) -> None:
        """A storage, bridge or dataset parameter names one that exists here (its
        syntax was checked with the other values)."""
        for p in t.parameters:
            value = values.get(p.name)
            if value is None:
                continue
            if p.type == "storage" and value not in storages:
                raise ValidationError(f"param {p.name}", _("no PVE storage {value!r}").format(value=value))
            if p.type == "bridge" and value not in bridges:
                raise ValidationError(f"param {p.name}", _("no bridge {value!r} on this node").format(value=value))
            if p.type == "dataset":
                try:
                    dataset_path(self.cfg, self.runner, str(value))
                except ValidationError:
                    raise ValidationError(f"param {p.name}", _("{value!r} is not a mounted ZFS "
                                          "dataset nor a directory under allowed_roots").format(value=value)
                                          ) from None

    def _volumes(self, services: Services, req: InstallRequest, values: dict[str, Any],
                 storages: dict[str, Storage]
                 ) -> tuple[list[PlannedVolume], Optional[Storage]]:
        """Each of the template's volumes: bound (--dataset) or new in the data storage
        (which is None when every volume is bound)."""
        t = req.template
        data_storage = self._data_storage(storages, req.storage) if \
            len(req.datasets) < len(t.volumes) else None
        shares = share_paths(self.cfg)
        planned: list[PlannedVolume] = []
        for vol in t.volumes:
            if vol.name in req.datasets:
                planned.append(bound_volume(self.cfg, self.runner, services, shares, vol,
                                            req.datasets[vol.name], t.type))
            else:
                assert data_storage is not None
                planned.append(new_volume(self.cfg, self.runner, data_storage, req.name, vol,
                                          params.volume_size(vol, values), t.type))
        return planned, data_storage

    def _ha(self, t: Template, wanted: Optional[bool], gaps: preflight.HaGaps,
            notes: list[str]) -> bool:
        """Whether the guest becomes an HA resource: --ha, else the template's profile
        (required: yes, and refused with every gap; recommended: yes where nothing is
        missing, else no and a note saying why; optional: no)."""
        if wanted is False and t.ha == "required":
            raise ValidationError("ha", _("template {id} requires HA (ha: required)").format(id=t.id))
        if t.ha == "required" and gaps.all():
            raise ValidationError("ha", _("template {id} requires HA (ha: required), which "
                                  "needs what is missing here: {all}").format(id=t.id, all='; '.join(gaps.all())))
        if wanted is None and t.ha == "recommended":
            if gaps.all():
                notes.append(_("not an HA resource, though {id} recommends it: "
                             "{all} (`--ha yes` insists)").format(id=t.id, all='; '.join(gaps.all())))
                return False
            return True
        ha = wanted if wanted is not None else t.ha == "required"
        if ha and gaps.all():
            notes.append(_("an HA resource, but: {gaps} (a guest is "
                           "recovered only where its storage is reachable, e.g. replicated)").format(
                               gaps="; ".join(gaps.all())))
        return ha

    def _data_storage(self, storages: dict[str, Storage], wanted: Optional[str]) -> Storage:
        name = wanted or self.cfg.svc.storage
        if name:
            return placeable(storages, name)
        for storage in storages.values():
            if "rootdir" in storage.content and not storage.disabled and \
                    (storage.path or storage.pool) and storage.type in \
                    ("dir", "btrfs", "zfspool", "rbd"):
                return storage
        raise ValidationError("storage", _("no storage for data volumes: give --storage (a "
                              "dir, btrfs, zfspool or rbd storage) or set svc_storage"))

    def _source(self, t: Template, storage: str) -> tuple[str, list[Step], list[str]]:
        if t.source.pveam:
            return ct_template(self.runner, storage, t.source.pveam)
        assert t.source.oci is not None
        major, minor = pvesh.release(self.runner)
        if (major, minor) < (9, 1):
            raise ValidationError("template", _("{id} is an OCI image ({oci}); "
                                  "pulling one needs PVE 9.1 or later (this is "
                                  "{major}.{minor})").format(id=t.id, oci=t.source.oci, major=major, minor=minor))
        from .oci import pull
        return pull(self.runner, self.cfg.node, storage, t.source.oci)

    def health_step(self, check: HealthCheck, values: dict[str, Any], node: str,
                    vmid: int, kind: str) -> Step:
        port = params.port_of(check.port, values)

        def wait() -> None:
            deadline = time.monotonic() + check.timeout
            address = observe.wait_address(self.cfg, self.runner, kind, node, vmid,
                                           check.timeout)
            probe = health.Probe(check.type, address, port, check.path, check.status)
            problem = health.wait(probe, max(1.0, deadline - time.monotonic()))
            if problem is not None:
                raise PvesmbgwError(_("health check {target} failed after "
                                    "{timeout:g}s: {problem}").format(target=probe.target, timeout=check.timeout, problem=problem))
        what = f"http://ADDRESS:{port}{check.path} answers {check.status}" \
            if check.type == "http" else f"tcp ADDRESS:{port} accepts"
        return Step(f"wait until the service answers its health check (at most "
                    f"{check.timeout:g}s)", wait, None, [f"until {what}"])

    # -- uninstall ----------------------------------------------------------------

    def uninstall(self, services: Services, name: str, purge: bool,
                  with_shares: bool = False) -> Plan:
        """WITH_SHARES: the caller removes the instance's SMB shares in the same
        transaction; else their existence refuses the uninstall."""
        inst = services.instances.get(name)
        if inst is None:
            kept = services.kept.get(name)
            if kept is not None and purge:
                return self._purge_kept(services, kept)
            what = "data volumes" if kept is None or kept.volumes else "secrets"
            hint = f" (uninstalled; its {what} are kept: add --purge to destroy " \
                "them)" if kept is not None else ""
            raise ValidationError("instance", _("no service instance {name}{hint}").format(name=name, hint=hint))
        if inst.node != self.cfg.node:
            raise ValidationError("instance", _("{name} runs on node {node}; uninstall "
                                  "it there").format(name=name, node=inst.node))
        shares = [] if with_shares else linked(self.cfg, name)
        if shares:
            raise ValidationError("instance", _("{name} is shared over SMB as "
                                  "{shares}: `pve-svc unshare "
                                  "{name} SHARE` first, or uninstall --with-shares").format(name=name, shares=', '.join(s.name for s in shares)))
        if inst.disks and not purge:
            raise ValidationError("instance", _("the data of {name} is on disks of VM "
                                  "{vmid} ({disks}), which go with it: "
                                  "back it up, then `pve-svc uninstall "
                                  "{name} --purge`").format(name=name, vmid=inst.vmid, disks=', '.join(inst.disks)))
        steps: list[Step] = []
        notes: list[str] = []
        final: list[Step] = []
        for vol in inst.volumes:
            backend = backend_named(vol.backend, Path(vol.path), self.runner, vol.volume,
                                    self.cfg)
            destroy = purge and vol.created
            if backend.capabilities.snapshots is None and not destroy and Path(vol.path).is_dir():
                snap = unused_snapshot_name(backend, Path(vol.path))
                steps += backend.snapshot_steps(Path(vol.path), snap)
                notes.append(_("volume {name}: final snapshot {snap} of {path}").format(name=vol.name, snap=snap, path=vol.path))
            if destroy:
                final += backend.destroy_steps(Path(vol.path), vol.token)
        new = services.without_instance(name)
        keep = [v for v in inst.volumes if v.created and not purge]
        # The data a service leaves (kept or bound volumes) may only work with its
        # secrets (a database's, an object store's keys): they go only with --purge.
        secrets = inst.secrets if inst.secret_store else ()
        keep_secrets = () if purge else secrets
        if keep or keep_secrets:
            new = new.with_kept(Kept(name, inst.template, tuple(keep), int(time.time()),
                                     secrets=keep_secrets,
                                     secret_store=inst.secret_store if keep_secrets else ""))
        if keep:
            notes.append(_("data kept: {volumes}; destroy with `pve-svc uninstall {name} --purge`, "
                           "or reuse with `pve-svc install {template} --dataset PATH`").format(
                               volumes=", ".join(f"{v.name} ({v.path})" for v in keep),
                               name=name, template=inst.template))
        if keep_secrets:
            notes.append(_("secrets kept ({keep_secrets}, {secret_store} "
                         "store) for its data: an install of {template} named {name} "
                         "reuses them (`--name {name} --dataset PATH` binds the data again), "
                         "`pve-svc uninstall {name} --purge` removes them").format(keep_secrets=', '.join(keep_secrets), secret_store=inst.secret_store, template=inst.template, name=name))
        for vol in inst.volumes:
            if not vol.created:
                notes.append(_("volume {name} ({path}) was bound with --dataset: "
                             "left in place").format(name=vol.name, path=vol.path))
        steps += file_sd.unregister_steps(self.cfg, name)
        steps.append(file_step(registry.path(self.cfg), new.dumps(),
                               f"remove service {name} from the registry", 0o640))
        first: list[Step] = []
        if inst.ha:
            first += self._ha_removal(inst)
        if inst.kind == "vm":
            detach = lent_keys(inst.passed)
            first.append(deferred_step(
                f"stop and destroy service VM {inst.vmid}", QmDestroy(inst.vmid, detach),
                [f"run: qm stop {inst.vmid}"]
                + ([f"run: qm set {inst.vmid} --delete {','.join(detach)}"] if detach else [])
                + [f"run: qm destroy {inst.vmid} --purge"]))
            if inst.passed:
                notes.append(_("disks passed through, detached and left as they are: "
                             "{passed}").format(passed=passthrough.describe(inst.passed)))
            final += [dir_mapping_delete_step(vol.mapping)
                      for vol in inst.volumes if vol.mapping]
            if not inst.snippet:  # an installer-ISO VM
                notes.append(_("its installer ISO stays in the iso storage (other installs "
                             "may use it): remove it there when it is no longer wanted"))
            else:
                final.append(deferred_step(f"remove the cloud-init user-data {inst.snippet}",
                                           RestoreFile(inst.snippet),
                                           [f"rm -f {inst.snippet}"]))
        else:
            first.append(deferred_step(f"stop and destroy service container {inst.vmid}",
                                       PctDestroy(vmid=inst.vmid),
                                       [f"run: pct stop {inst.vmid}",
                                        f"run: pct destroy {inst.vmid} --purge"]))
        if purge and secrets:
            final.append(self._secrets_removal(name, inst.secret_store, secrets))
        if purge:
            log = self.cfg.svc.log_dir / f"{name}.log"
            final.append(deferred_step(f"remove the instance's log {log}",
                                       RestoreFile(str(log)), [f"rm -f {log}"]))
        return Plan(f"uninstall {name}", steps + first + final, new, notes)

    def _ha_removal(self, inst: Instance) -> list[Step]:
        """Deferred steps removing the HA resource and what install made for it: the
        group (PVE 8) or the node-affinity rule (PVE 9) of pve_ha.register_steps."""
        sid = pve_ha.sid(inst.kind, inst.vmid)
        name = ha_name(inst.name)
        argvs = [HaManager.remove_argv(sid)]
        if pvesh.release(self.runner)[0] < 9:
            argvs.append(HaManager.groupremove_argv(name))
        else:
            argvs.append(HaManager.rule_remove_argv(f"{name}-{sid.replace(':', '')}"))
        return [deferred_step(f"run {' '.join(argv)}", HaUnregister(tuple(argv)))
                for argv in argvs]

    def _purge_kept(self, services: Services, kept: Kept) -> Plan:
        steps = [file_step(registry.path(self.cfg), services.without_kept(kept.instance).dumps(),
                           f"forget the kept volumes of {kept.instance}", 0o640)]
        for vol in kept.volumes:
            backend = backend_named(vol.backend, Path(vol.path), self.runner, vol.volume,
                                    self.cfg)
            steps += backend.destroy_steps(Path(vol.path), vol.token)
        notes = [f"destroyed {v.path}" for v in kept.volumes]
        if kept.secrets:
            steps.append(self._secrets_removal(kept.instance, kept.secret_store, kept.secrets))
            notes.append(_("removed the secrets {secrets}").format(secrets=', '.join(kept.secrets)))
        return Plan(f"purge the data of {kept.instance}", steps,
                    services.without_kept(kept.instance), notes)

    def _secrets_removal(self, instance: str, backend: str, names: tuple[str, ...]) -> Step:
        """The deferred step removing the stored secrets NAMES of INSTANCE (opening the
        store now: one that cannot be reached fails the plan, not its last step)."""
        store = open_store(self.cfg, backend)
        return deferred_step(f"remove the secrets of {instance} ({backend} store)",
                             SecretsRemove(backend, instance, names),
                             [f"remove {store.where(instance, n)}" for n in names])


def health_record(t: Template, values: dict[str, Any]) -> dict[str, Any]:
    """T's health check with its port resolved (registry Instance.health): what
    status checks whatever version the index has since."""
    hc = t.healthcheck
    return {} if hc is None else {**asdict(hc), "port": params.port_of(hc.port, values)}


def ha_name(instance: str) -> str:
    """The HA group (PVE 8) or rule prefix (PVE 9) of an instance."""
    return f"pvesvc-{instance}"


def _volume_bytes(t: Template, values: dict[str, Any], planned: list[PlannedVolume],
                  storage: Optional[Storage]) -> dict[str, int]:
    if storage is None:
        return {}
    total = sum(params.volume_size(v, values) or 0
                for v, pv in zip(t.volumes, planned) if pv.record.created)
    return {storage.storage_id: total} if total else {}


def plain_values(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if isinstance(v, (str, int, float, bool))}


def _forget_kept(services: Services, path: str) -> Services:
    for kept in services.kept.values():
        rest = tuple(v for v in kept.volumes if v.path != path)
        if len(rest) != len(kept.volumes):
            services = services.without_kept(kept.instance)
            if rest or kept.secrets:  # its secrets stay until purged (or reused)
                services = services.with_kept(replace(kept, volumes=rest))
    return services
