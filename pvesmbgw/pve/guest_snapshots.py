"""Snapshots of a PVE guest (`pct|qm snapshot`, `rollback`, `delsnapshot`) as
transaction steps, and the records that undo them.

PVE takes a container's snapshot only when every volume of its config can be
snapshotted, and a bind mount point (a host directory, as service data volumes are)
never can ("snapshot feature is not available"). So a container's bind mounts leave
its config for the moment of the snapshot and come back right after: the snapshot
holds the root disk and config, and the data volumes get their own snapshots from
their storage backend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

from ..core.config import Config
from ..core.records import Context, Record, register
from ..core.runner import Runner
from ..core.txn import Step, command_step, deferred_step, on_rollback
from ..tools.ha_manager import HaManager
from ..tools.pct import Pct
from ..tools.qm import Qm
from .records import PctStop, PctUnmount, QmStop

# Storage types whose volumes PVE snapshots (volume_has_feature 'snapshot'): a
# container's are raw or subvol, which file storages (dir, nfs, cifs) cannot snapshot.
SNAPSHOT_TYPES = ("zfspool", "lvmthin", "rbd", "btrfs")
# A VM's qcow2 disks can be snapshotted on file storages too (qcow2 internal snapshots).
FILE_TYPES = ("dir", "nfs", "cifs", "glusterfs", "cephfs")
_SECTION = re.compile(r"^\[([^\]]+)\]\s*$", re.M)
# What a guest config's [sections] are besides snapshots.
_NOT_SNAPSHOTS = ("PENDING", "special:cloudinit")


def tool(kind: str, runner: Runner) -> Union[Pct, Qm]:
    return Pct(runner) if kind == "lxc" else Qm(runner)


def label(kind: str, vmid: int) -> str:
    return f"CT {vmid}" if kind == "lxc" else f"VM {vmid}"


def snapshot_names(cfg: Config, kind: str, vmid: int) -> list[str]:
    """The guest's snapshots as its config file lists them (no process started)."""
    try:
        text = cfg.guest_config_file(kind, vmid).read_text()
    except OSError:
        return []
    return [n for n in _SECTION.findall(text) if n not in _NOT_SNAPSHOTS]


def snapshot_steps(runner: Runner, kind: str, vmid: int, name: str,
                   description: str) -> list[Step]:
    """Take snapshot NAME; on rollback the guest returns to it, then it is deleted."""
    t = tool(kind, runner)
    return [command_step(runner, f"snapshot {label(kind, vmid)} as {name}",
                         t.snapshot_argv(vmid, name, description),
                         GuestSnapshotDrop(kind, vmid, name)),
            on_rollback(f"on rollback: return {label(kind, vmid)} to snapshot {name}",
                        GuestRollback(kind, vmid, name))]


def rollback_step(runner: Runner, kind: str, vmid: int, name: str) -> Step:
    return command_step(runner, f"return {label(kind, vmid)} to snapshot {name}",
                        tool(kind, runner).rollback_argv(vmid, name))


def delete_step(runner: Runner, kind: str, vmid: int, name: str) -> Step:
    t = tool(kind, runner)
    return deferred_step(f"delete snapshot {name} of {label(kind, vmid)}",
                         GuestSnapshotDrop(kind, vmid, name),
                         [f"run: {' '.join(t.delsnapshot_argv(vmid, name))}"])


def stop_step(runner: Runner, kind: str, vmid: int) -> Step:
    """Shut the guest down (its services flush their data), forced after a minute."""
    return command_step(runner, f"shut {label(kind, vmid)} down (forced after 60 s)",
                        tool(kind, runner).shutdown_argv(vmid, 60), GuestStart(kind, vmid))


def start_step(runner: Runner, kind: str, vmid: int) -> Step:
    record: Record = PctStop(vmid) if kind == "lxc" else QmStop(vmid)
    return command_step(runner, f"start {label(kind, vmid)}",
                        tool(kind, runner).start_argv(vmid), record)


def unmount_steps(runner: Runner, vmid: int, mounts: dict[str, str]) -> list[Step]:
    """Take the bind mount points MOUNTS (key: value) out of container VMID's config
    (the data stays where it is); undo puts them back."""
    if not mounts:
        return []
    keys = sorted(mounts)
    return [command_step(runner, f"take the data mount points {', '.join(keys)} out of "
                                 f"CT {vmid}'s config for its snapshot",
                         Pct(runner).delete_argv(vmid, keys),
                         PctMounts(vmid, tuple(f"{k}={mounts[k]}" for k in keys)))]


def mount_steps(runner: Runner, vmid: int, mounts: dict[str, str]) -> list[Step]:
    """Put the bind mount points MOUNTS back; undo takes them out again."""
    pct = Pct(runner)
    return [command_step(runner, f"put mount point {key} back into CT {vmid}'s config",
                         pct.set_argv(vmid, {key: value}), PctUnmount(vmid, key))
            for key, value in sorted(mounts.items())]


def ha_state_steps(runner: Runner, sid: str) -> tuple[Step, Step]:
    """The steps around work on an HA resource's guest: PVE's HA manager leaves it
    alone (state ignored) and then manages it again (started); undone in reverse."""
    return (command_step(runner, f"let the HA manager leave {sid} alone (state ignored)",
                         HaManager.set_state_argv(sid, "ignored"), HaState(sid, "started")),
            command_step(runner, f"hand {sid} back to the HA manager (state started)",
                         HaManager.set_state_argv(sid, "started"), HaState(sid, "ignored")))


def storage_can_snapshot(storage_type: str, volume_format: str, kind: str) -> bool:
    return storage_type in SNAPSHOT_TYPES or \
        (kind == "vm" and storage_type in FILE_TYPES and volume_format == "qcow2")


@register("guest_start")
@dataclass(frozen=True)
class GuestStart(Record):
    """Start a guest unless it runs (or is gone)."""

    guest: str  # lxc or vm
    vmid: int

    def apply(self, ctx: Context) -> None:
        t = tool(self.guest, ctx.runner)
        if t.state(self.vmid) == "stopped":
            ctx.run(t.start_argv(self.vmid))


@register("guest_snapshot_drop")
@dataclass(frozen=True)
class GuestSnapshotDrop(Record):
    """Delete snapshot NAME of a guest if it has it."""

    guest: str  # lxc or vm
    vmid: int
    name: str

    def apply(self, ctx: Context) -> None:
        if self.name in snapshot_names(ctx.cfg, self.guest, self.vmid):
            ctx.run(tool(self.guest, ctx.runner).delsnapshot_argv(self.vmid, self.name))


@register("guest_rollback")
@dataclass(frozen=True)
class GuestRollback(Record):
    """Return a guest to snapshot NAME if it has it (PVE stops a running guest first)."""

    guest: str  # lxc or vm
    vmid: int
    name: str

    def apply(self, ctx: Context) -> None:
        if self.name in snapshot_names(ctx.cfg, self.guest, self.vmid):
            ctx.run(tool(self.guest, ctx.runner).rollback_argv(self.vmid, self.name))


@register("pct_mounts")
@dataclass(frozen=True)
class PctMounts(Record):
    """Put mount points back into a container's config ("mpN=VALUE"), those missing."""

    vmid: int
    mounts: tuple[str, ...]

    def apply(self, ctx: Context) -> None:
        pct = Pct(ctx.runner)
        if not pct.exists(self.vmid):
            return
        have = pct.config(self.vmid).values
        missing = dict(m.split("=", 1) for m in self.mounts if m.split("=", 1)[0] not in have)
        if missing:
            ctx.run(pct.set_argv(self.vmid, missing))


@register("ha_state")
@dataclass(frozen=True)
class HaState(Record):
    """Set an HA resource's requested state."""

    sid: str
    state: str

    def apply(self, ctx: Context) -> None:
        ctx.run(HaManager.set_state_argv(self.sid, self.state))

