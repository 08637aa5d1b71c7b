"""VM config files: /etc/pve/qemu-server/<vmid>.conf.

Parser and writer follow qemu-server src/PVE/QemuServer.pm parse_vm_config /
write_vm_config:
  * description as leading '#' comment lines (encode_text'ed, one per line);
  * 'key: value' lines in sorted key order;
  * a '[PENDING]' section (pending values and 'delete: k1,k2');
  * a '[special:cloudinit]' section (values the current cloud-init image was
    generated with, kept while cloud-init options are changed on a running VM);
  * '[snapname]' snapshot sections, sorted.

The data model is pvesim.model.lxcconfig's Section / LxcConfig (no raw lxc.* lines here).
"""

from __future__ import annotations

import hashlib
import re
from typing import Dict, Optional

from .lxcconfig import LxcConfig, Section
from ..util import decode_text, encode_text

SKIP = {"digest", "description", "pending", "cloudinit", "snapshots", "snapname"}


def _raw_section(sec: Section, pending: bool = False) -> str:
    out = ""
    if sec.description is not None:
        if sec.description:
            lines = sec.description.split("\n")
            while lines and lines[-1] == "":  # Perl split() drops trailing empty fields
                lines.pop()
            for line in lines:
                out += "#" + encode_text(line) + "\n"
        elif pending:
            out += "#\n"
    for key in sorted(sec.values):
        if key in SKIP:
            continue
        value = sec.values[key]
        if "\n" in value:
            raise ValueError(f"detected invalid newline inside property '{key}'")
        out += f"{key}: {value}\n"
    return out


class VmConfig(LxcConfig):
    """main / pending / snapshots as for containers, plus the special cloudinit section."""

    def __init__(self) -> None:
        super().__init__()
        self.cloudinit = Section()

    def raw(self) -> str:
        raw = _raw_section(self.main)
        if not self.pending.is_empty():
            raw += "\n[PENDING]\n" + _raw_section(self.pending, True)
        if not self.cloudinit.is_empty():
            raw += "\n[special:cloudinit]\n" + _raw_section(self.cloudinit)
        for name in sorted(self.snapshots):
            raw += f"\n[{name}]\n" + _raw_section(self.snapshots[name])
        return raw


def parse(raw: str, vmid: int = 0, warn=None) -> VmConfig:
    conf = VmConfig()
    conf.digest = hashlib.sha1(raw.encode()).hexdigest()
    cur: Section = conf.main
    section = ""
    descr: Optional[str] = None

    def flush() -> None:
        nonlocal descr
        if descr is not None:
            cur.description = descr
        descr = None

    for line in raw.split("\n"):
        if re.fullmatch(r"\s*", line):
            continue
        if re.fullmatch(r"\[PENDING\]\s*", line, re.I):
            flush()
            section = "pending"
            cur = conf.pending = Section()
            continue
        if re.fullmatch(r"\[special:cloudinit\]\s*", line):
            flush()
            section = "cloudinit"
            cur = conf.cloudinit = Section()
            continue
        m = re.fullmatch(r"\[([a-z][a-z0-9_\-]+)\]\s*", line, re.I)
        if m:
            flush()
            section = m.group(1)
            cur = conf.snapshots[section] = Section()
            continue
        m = re.fullmatch(r"#(.*)", line)
        if m:
            descr = (descr or "") + decode_text(m.group(1)) + "\n"
            continue
        m = re.fullmatch(r"delete:\s*(.*\S)\s*", line)
        if m:
            if section == "pending":
                cur.values["delete"] = m.group(1)
            elif warn:
                warn(f"vm {vmid} - property 'delete' is only allowed in [PENDING]\n")
            continue
        m = re.fullmatch(r"([a-z][a-z_\-]*\d*):\s*(.*?)\s*", line)
        if m:
            cur.values[m.group(1)] = m.group(2)
            continue
        if warn:
            warn(f"vm {vmid} - unable to parse config: {line}\n")
    flush()
    return conf


def masked(d: Dict[str, object]) -> Dict[str, object]:
    """vm_config / vm_pending never return the cipassword hash."""
    if d.get("cipassword") is not None:
        d["cipassword"] = "**********"
    return d
