"""Guest building blocks both commands compose: VMIDs, where guests run, and the steps
that build, start and wait for containers and VMs (each undone by its record).

A gateway of pve-smbgateway and a service of pve-svc are both PVE guests: they take
their VMID from the cluster and may move between nodes (HA), so "which node runs
guest N" is asked of the cluster, not remembered. Step titles name the guest's ROLE
("gateway", "service") so that a plan reads as what it does.
"""

from __future__ import annotations

import re
import shlex
import time
from pathlib import Path
from typing import Optional, Sequence

from ..core import fsutil
from ..core.errors import CommandError, PvesmbgwError, ValidationError
from ..core.i18n import _
from ..core.runner import Runner
from ..core.txn import Step, command_step, deferred_step
from ..tools import pvesh
from ..tools.pct import Pct
from ..tools.pveam import Pveam, newest
from ..tools.qm import Qm
from .records import DirMappingDelete, PctDestroy, PctStop, PveamRemove, QmDestroy, QmStop


def next_vmid(runner: Runner) -> int:
    """The lowest free VMID of the cluster (`/cluster/nextid`)."""
    return int(pvesh.get(runner, "/cluster/nextid"))


def guest_nodes(runner: Runner) -> dict[int, str]:
    """VMID -> the node it is on now, for every CT and VM of the cluster (one call)."""
    return {r.vmid: r.node for r in pvesh.cluster_resources(runner, "vm")
            if r.vmid is not None}


def guest_name(base: str, label: str = "") -> str:
    """A host name for a guest: BASE, or BASE-LABEL with LABEL made DNS-safe (a-z, 0-9,
    '-'), at most 63 characters."""
    safe = re.sub(r"[^a-z0-9-]+", "-", label.lower()).strip("-")
    return (f"{base}-{safe}" if safe else base)[:63].strip("-")


# -- containers ------------------------------------------------------------------------


def ct_template(runner: Runner, storage: str, prefix: str
                ) -> tuple[str, list[Step], list[str]]:
    """The newest pveam template named PREFIX_* on STORAGE: (its volid, the step that
    downloads it when it is not there yet, notes)."""
    pveam = Pveam(runner)
    have = newest([v.split("/", 1)[-1] for v in pveam.stored(storage)], prefix)
    if have:
        return f"{storage}:vztmpl/{have}", [], []
    name = newest(pveam.available(), prefix)
    if name is None:
        raise ValidationError("lxc_template", _("no template {prefix}_* in "
                              "`pveam available` (run `pveam update`?)").format(prefix=prefix))
    volid = f"{storage}:vztmpl/{name}"
    return volid, [command_step(runner, f"download template {name} to {storage}",
                                pveam.download_argv(storage, name),
                                PveamRemove(volid=volid))], [f"downloaded template {name}"]


def ct_create_step(runner: Runner, role: str, vmid: int, template: str,
                   options: dict[str, str]) -> Step:
    """`pct create` of a ROLE container (undone by destroying it)."""
    return command_step(runner, f"create {role} container {vmid} from {template}",
                        Pct(runner).create_argv(vmid, template, options), PctDestroy(vmid=vmid))


def ct_config_lines_step(conf_file: Path, lines: Sequence[str], what: str) -> Step:
    """Append LINES (lxc.* keys, which are no API parameters: PVE documents editing the
    file) to a new container's config file; destroying the container undoes it."""
    def append() -> None:
        text = conf_file.read_text()
        fsutil.atomic_write(conf_file, (text.rstrip("\n") + "\n" + "\n".join(lines)
                                        + "\n").encode(), 0o640)
    return Step(f"add {what} to {conf_file}", append, None,
                [f"append to {conf_file}:"] + [f"    {line}" for line in lines])


def ct_start_step(runner: Runner, role: str, vmid: int) -> Step:
    return command_step(runner, f"start {role} container {vmid}", Pct(runner).start_argv(vmid),
                        PctStop(vmid=vmid))


def ct_install_step(runner: Runner, vmid: int, packages: Sequence[str], what: str) -> Step:
    """apt-get install PACKAGES in the container unless they are there (asked when the
    step runs: the container does not exist while planning)."""
    pct = Pct(runner)
    update = pct.exec_argv(vmid, ["apt-get", "update"])
    install = pct.exec_argv(vmid, ["apt-get", "install", "-y", "--no-install-recommends",
                                   *packages])
    query = pct.exec_argv(vmid, ["dpkg-query", "-W", "-f=${Status}\n", *packages])

    def run() -> None:
        have = runner.run(query, mutating=False, ok_codes=(0, 1))
        if have.returncode == 0 and have.stdout.count("install ok installed") == len(packages):
            return
        runner.run(update, mutating=True, timeout=600)
        runner.run(install, mutating=True, timeout=1200,
                   env={"DEBIAN_FRONTEND": "noninteractive"})
    return Step(f"install {what} in CT {vmid} (a minute or two, unless the template has it)",
                run, None,
                [f"run: {shlex.join(query)}", f"unless {what} is installed already:",
                 f"run: {shlex.join(update)}",
                 f"run: DEBIAN_FRONTEND=noninteractive {shlex.join(install)}"])


# -- virtual machines ------------------------------------------------------------------


def vm_clone_step(runner: Runner, role: str, template: int, vmid: int, name: str,
                  full: bool, storage: Optional[str]) -> Step:
    """`qm clone` of TEMPLATE as a ROLE VM (undone by destroying it)."""
    return command_step(runner, f"{'full' if full else 'linked'} clone of template {template} "
                                f"as {role} VM {vmid}",
                        Qm(runner).clone_argv(template, vmid, name, full, storage),
                        QmDestroy(vmid=vmid))


def vm_start_step(runner: Runner, role: str, vmid: int) -> Step:
    return command_step(runner, f"start {role} VM {vmid}", Qm(runner).start_argv(vmid),
                        QmStop(vmid=vmid))


def vm_wait_agent_step(runner: Runner, vmid: int, limit: float) -> Step:
    """Wait until the VM's guest agent answers `ping` (at most LIMIT seconds)."""
    qm = Qm(runner)

    def wait() -> None:
        deadline = time.monotonic() + limit
        while True:
            try:
                runner.run(qm.ping_argv(vmid), mutating=False, timeout=30)
                return
            except CommandError as exc:
                if time.monotonic() >= deadline:
                    raise PvesmbgwError(_("the guest agent of VM {vmid} did not answer "
                                        "within {limit:g}s: {stderr}").format(vmid=vmid, limit=limit, stderr=exc.stderr.strip())) from None
            time.sleep(1)
    return Step(f"wait for the guest agent of VM {vmid} (at most {limit:g}s)", wait, None,
                [f"run: qm guest cmd {vmid} ping, every second until it answers"])


def dir_mapping_step(runner: Runner, mapping: str, node: str, path: str,
                     description: str) -> Step:
    """Create the cluster directory mapping MAPPING of PATH on NODE (PVE 8.4+: what a
    VM's virtiofsN names); undone by deleting it."""
    if "," in path or "=" in path:
        raise ValidationError("path", _("{path}: ',' or '=' cannot be in a PVE directory "
                              "mapping").format(path=path))
    return command_step(runner, f"map {path} as directory mapping {mapping}",
                        pvesh.argv("create", "/cluster/mapping/dir", [
                            ("id", mapping), ("map", f"node={node},path={path}"),
                            ("description", description)]),
                        DirMappingDelete(id=mapping))


def dir_mapping_delete_step(mapping: str) -> Step:
    """Delete the cluster directory mapping MAPPING (past the point of no return)."""
    return deferred_step(f"remove directory mapping {mapping}", DirMappingDelete(id=mapping),
                         [f"run: pvesh delete /cluster/mapping/dir/{mapping}"])
