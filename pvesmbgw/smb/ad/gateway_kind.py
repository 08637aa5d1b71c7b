"""What differs between the AD membership of a gateway container and of a gateway VM:
how the domain's ids reach the host's files, and the name the guest joins under.

Winbind in the guest hands out the domain's ids from the ranges of the join
(`idmap config DOMAIN : range`, with idmap rid also `idmap config * : range`), the
same ranges the host's own join would use, so a domain user has one uid everywhere.

- A container (unprivileged) sees the host's ids shifted by its lxc.idmap: a file its
  smbd writes as domain uid U would land on the host as 100000+U, or fail. The join
  therefore maps the domain's ranges 1:1 into the container (lxc.idmap lines, allowed
  in /etc/subuid and /etc/subgid as PVE requires) and restarts it; leave undoes that.
- A VM needs none of it. Over virtiofs (PVE 8.4+) the host's virtiofsd creates files
  with the guest's uid and gid unchanged, so domain uid U in the guest is uid U on the
  host, provided the guest's winbind uses the join's ranges, which its smb.conf include
  sets. The ranges are checked against the host's accounts and subid ranges exactly as
  for a container, so a domain uid never names a host account or a container's shifted
  root. With the disk transport (PVE < 8.4) a share lives on an ext4 disk of the
  guest's own: ownership is the guest's alone and the host never interprets it.
  No VM restart is needed; a reload of smbd picks up the new globals.

The name: PVE gives a container its hostname from the CT's config, so Samba's default
NetBIOS name (the hostname) is the container's own. A gateway VM's hostname comes from
cloud-init, whose user-data is the template's snippet shared by every clone, so all
gateway VMs would join under one name and take each other's computer account. A VM
therefore joins as `netbios name` = its PVE name (smbgw-<node> or smbgw-<share>) when
that fits NetBIOS' 15 characters, else SMBGW-VM<vmid> (vmids are unique in a cluster).
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import Any, Optional

from ...core import fsutil
from ...core.config import Config
from ...core.i18n import _
from ...core.runner import Runner
from ...core.txn import Step, file_step, on_rollback
from ...pve import usermap as idmap
from ...pve.channel import GuestChannel
from ...tools.pct import Pct
from ...tools.qm import Qm
from .gateway_files import (gateway_state, idmap_conf, idmap_conf_remove, joined_gateways,
    mapped_ranges, state_ranges, subid_remove)
from .records import AdCtRestart
from .spec import JoinSpec

RELOAD_SMBD = ["systemctl", "reload-or-restart", "smbd"]
# The keys a membership record holds for GuestIds.leave_steps (empty lists for a VM).
MAPPED_KEYS = ("idmap_lines", "subuid_added", "subgid_added")


NETBIOS_MAX = 15


class GatewayKind(ABC):
    def __init__(self, cfg: Config, runner: Runner, gw_id: str, ch: GuestChannel) -> None:
        self.cfg, self.runner, self.gw_id, self.ch = cfg, runner, gw_id, ch
        self.vmid = ch.vmid

    @abstractmethod
    def join_steps(self, spec: JoinSpec) -> tuple[list[Step], dict[str, list[str]]]:
        """Steps that let the domain's ids through before the join, and what they added
        (MAPPED_KEYS, for the record leave works from)."""

    @abstractmethod
    def leave_steps(self, state: dict[str, Any]) -> list[Step]:
        """The last steps of a leave: undo join_steps, or make smbd re-read its config."""

    @abstractmethod
    def problems(self, state: dict[str, Any]) -> list[str]:
        """Why the domain's ids would not reach the host unchanged now (empty: they do)."""

    def netbios_name(self) -> Optional[str]:
        """The name the guest joins under, when Samba's default (its hostname) won't do."""
        return None

    def reload_step(self) -> list[Step]:
        return [self.ch.exec_step(f"make smbd in {self.ch.label} re-read its configuration",
                                  RELOAD_SMBD)]


class VmKind(GatewayKind):
    """Nothing to map: virtiofs passes ids through, a disk keeps them in the guest."""

    def netbios_name(self) -> Optional[str]:
        name = Qm(self.runner).config(self.vmid).values.get("name", "")
        if name and len(name) <= NETBIOS_MAX and re.fullmatch(r"[A-Za-z0-9-]+", name):
            return name.upper()
        return f"SMBGW-VM{self.vmid}"

    def join_steps(self, spec: JoinSpec) -> tuple[list[Step], dict[str, list[str]]]:
        return [], {key: [] for key in MAPPED_KEYS}

    def leave_steps(self, state: dict[str, Any]) -> list[Step]:
        return self.reload_step()

    def problems(self, state: dict[str, Any]) -> list[str]:
        return []


class CtKind(GatewayKind):
    """The container's id map extended by the domain's ranges, and a restart."""

    def _restart_steps(self, title: str) -> list[Step]:
        vmid, pct = self.vmid, Pct(self.runner)

        def restart() -> None:
            if pct.state(vmid) == "running":
                self.runner.run(pct.stop_argv(vmid), mutating=True, timeout=120)
            self.runner.run(pct.start_argv(vmid), mutating=True, timeout=120)
        return [Step(title, restart, None, [f"run: pct stop {vmid}", f"run: pct start {vmid}"])]

    def join_steps(self, spec: JoinSpec) -> tuple[list[Step], dict[str, list[str]]]:
        """Map the domain's ids 1:1 into the container, allow them in /etc/sub[ug]id,
        restart it. Rollback restores the files, then restarts it again."""
        cfg, vmid = self.cfg, self.vmid
        ranges = mapped_ranges(spec.idmap, spec.domain_range, spec.default_range)
        conf_file = cfg.lxc_config_file(vmid)
        new_text, lines = idmap_conf(conf_file.read_text(), ranges)
        added: dict[str, list[str]] = {"idmap_lines": lines}
        steps: list[Step] = [on_rollback(f"arm a restart of CT {vmid} for rollback",
                                         AdCtRestart(vmid=vmid))]
        if lines:
            steps.append(file_step(conf_file, new_text.encode(),
                                   f"map the domain's ids into CT {vmid} ({conf_file})",
                                   conf_file.stat().st_mode & 0o7777))
        for path, kind in ((cfg.subuid_file, "u"), (cfg.subgid_file, "g")):
            old = (fsutil.read_bytes(path) or b"").decode()
            want = [f"root:{first}:{count}" for first, count in ranges]
            have = {l.strip() for l in old.splitlines()}
            added[f"sub{kind}id_added"] = [l for l in want if l not in have]
            new = idmap.with_subid_lines(old, want)
            if new != old:
                steps.append(file_step(path, new.encode(), f"allow the domain's ids in {path}"))
        if lines:
            steps += self._restart_steps(f"restart CT {vmid} so that the new id map applies")
        return steps, added

    def leave_steps(self, state: dict[str, Any]) -> list[Step]:
        """Take the join's id map lines out again (subid lines only when no other joined
        gateway uses them) and restart the container; otherwise reload smbd."""
        cfg, vmid = self.cfg, self.vmid
        conf_file = cfg.lxc_config_file(vmid)
        text = conf_file.read_text()
        new_text = idmap_conf_remove(text, state["idmap_lines"])
        still: set[str] = set()
        for other in (g for g in joined_gateways(cfg) if g != self.gw_id):
            st = gateway_state(cfg, other) or {}
            still |= set(st.get("subuid_added", [])) | set(st.get("subgid_added", []))
            still |= {f"root:{a}:{b}" for a, b in state_ranges(st)}
        subid_steps = []
        for path, key in ((cfg.subuid_file, "subuid_added"), (cfg.subgid_file, "subgid_added")):
            drop = [l for l in state[key] if l not in still]
            old = (fsutil.read_bytes(path) or b"").decode()
            new = subid_remove(old, drop)
            if new != old:
                subid_steps.append(file_step(path, new.encode(),
                                             f"drop the domain's ids from {path}"))
        if new_text == text and not subid_steps:
            return self.reload_step()
        steps: list[Step] = [on_rollback(f"arm a restart of CT {vmid} for rollback",
                                         AdCtRestart(vmid=vmid))]
        if new_text != text:
            steps.append(file_step(conf_file, new_text.encode(),
                                   f"remove the domain's ids from CT {vmid}'s id map",
                                   conf_file.stat().st_mode & 0o7777))
        steps += subid_steps
        steps += self._restart_steps(f"restart CT {vmid} with its old id map")
        return steps

    def problems(self, state: dict[str, Any]) -> list[str]:
        conf = self.cfg.lxc_config_file(self.vmid)
        have = {r.line() for r in idmap.parse_idmap_lines(conf.read_text())} \
            if conf.exists() else set()
        missing = [l for l in state["idmap_lines"] if l not in have]
        return [_("{conf} lacks the domain's id map ({missing})").format(
            conf=conf, missing='; '.join(missing))] if missing else []


def gateway_kind(kind: str, cfg: Config, runner: Runner, gw_id: str,
                 ch: GuestChannel) -> GatewayKind:
    """What a gateway of KIND ('lxc' or 'vm') needs of its own."""
    return (CtKind if kind == "lxc" else VmKind)(cfg, runner, gw_id, ch)
