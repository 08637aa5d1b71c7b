"""Journal records of PVE guests and cluster objects: containers (pct), VMs (qm),
templates (pveam), directory mappings and HA registrations. Each checks the current
state first, so applying it twice, or for a step that never ran, is harmless."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.errors import CommandError
from ..core.records import Context, Record, register
from ..tools import pvesh
from ..tools.pct import Pct
from ..tools.pveam import Pveam
from ..tools.qm import Qm


def stop_ct(ctx: Context, vmid: int) -> bool:
    """Stop container VMID if it runs; False when it does not exist."""
    pct = Pct(ctx.runner)
    state = pct.state(vmid)
    if state == "running":
        ctx.run(pct.stop_argv(vmid))
    return state is not None


@register("pct_destroy")
@dataclass(frozen=True)
class PctDestroy(Record):
    """Stop (if running) and destroy a container."""

    vmid: int

    def apply(self, ctx: Context) -> None:
        pct = Pct(ctx.runner)
        if stop_ct(ctx, self.vmid):
            ctx.run(pct.destroy_argv(self.vmid))


@register("pct_stop")
@dataclass(frozen=True)
class PctStop(Record):
    vmid: int

    def apply(self, ctx: Context) -> None:
        stop_ct(ctx, self.vmid)


@register("pct_unmount")
@dataclass(frozen=True)
class PctUnmount(Record):
    """Remove mount point KEY (mpN) from a container's configuration."""

    vmid: int
    key: str

    def apply(self, ctx: Context) -> None:
        # On a running container PVE keeps this as a pending change until restart.
        pct = Pct(ctx.runner)
        if pct.exists(self.vmid) and self.key in pct.config(self.vmid).values:
            ctx.run(pct.delete_argv(self.vmid, [self.key]))


@register("qm_stop")
@dataclass(frozen=True)
class QmStop(Record):
    vmid: int

    def apply(self, ctx: Context) -> None:
        qm = Qm(ctx.runner)
        if qm.state(self.vmid) == "running":
            ctx.run(qm.stop_argv(self.vmid))


@register("qm_unset")
@dataclass(frozen=True)
class QmUnset(Record):
    """Remove option KEY (a virtiofs entry) from a VM's configuration."""

    vmid: int
    key: str

    def apply(self, ctx: Context) -> None:
        # virtiofs on a running VM: PVE keeps the removal pending until the next start.
        qm = Qm(ctx.runner)
        if qm.exists(self.vmid) and self.key in qm.config(self.vmid).values:
            ctx.run(qm.delete_argv(self.vmid, [self.key]))


@register("qm_destroy")
@dataclass(frozen=True)
class QmDestroy(Record):
    """Stop (if running) and destroy a VM; the DETACH drives (disks it was only lent)
    leave its config first, so the destroy cannot free them."""

    vmid: int
    detach: tuple[str, ...] = ()

    def apply(self, ctx: Context) -> None:
        qm = Qm(ctx.runner)
        state = qm.state(self.vmid)
        if state is None:
            return
        if state == "running":
            ctx.run(qm.stop_argv(self.vmid))
        attached = [key for key in self.detach if key in qm.config(self.vmid).values]
        if attached:
            ctx.run(qm.delete_argv(self.vmid, attached))
        ctx.run(qm.destroy_argv(self.vmid))


@register("dir_mapping_delete")
@dataclass(frozen=True)
class DirMappingDelete(Record):
    """Delete the cluster's directory mapping ID (virtiofs)."""

    id: str

    def apply(self, ctx: Context) -> None:
        # DELETE is silent for an unknown id, so this is safe to repeat.
        ctx.run(pvesh.argv("delete", f"/cluster/mapping/dir/{self.id}"))


@register("pveam_remove")
@dataclass(frozen=True)
class PveamRemove(Record):
    """Remove a downloaded container template (VOLID)."""

    volid: str

    def apply(self, ctx: Context) -> None:
        try:
            ctx.run(Pveam(ctx.runner).remove_argv(self.volid))
        except CommandError as exc:
            if "does not exist" not in exc.stderr and "no such" not in exc.stderr.lower():
                raise


@register("ha_manager")
@dataclass(frozen=True)
class HaUnregister(Record):
    """Undo a PVE HA registration: `ha-manager remove|groupremove|rules remove ...`;
    what is already gone is fine (idempotent)."""

    argv: tuple[str, ...]

    def apply(self, ctx: Context) -> None:
        argv = list(self.argv)
        if argv[0] != "ha-manager":
            raise ValueError(f"ha_manager record with argv {argv!r}")
        try:
            ctx.run(argv)
        except CommandError as exc:
            text = exc.stderr + exc.stdout
            if not any(s in text for s in ("not HA managed", "does not exist")):
                raise
