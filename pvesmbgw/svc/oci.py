"""OCI images as container sources (PVE 9.1+): pulled into a storage's templates with
`POST /nodes/{node}/storage/{storage}/oci-registry-pull`, then the pulled archive is
the `ostemplate` of `pct create`, as PVE's own application containers do."""

from __future__ import annotations

import re

from ..core.runner import Runner
from ..core.txn import Step, command_step
from ..pve.records import PveamRemove
from ..tools import pvesh
from ..tools.pveam import Pveam


def archive_name(reference: str) -> str:
    """The file name we ask PVE to store REFERENCE under (name_tag, safe characters):
    fixed, so that a second install finds the archive the first one pulled."""
    path, _, tag = reference.rpartition(":")
    base = path.rsplit("/", 1)[-1]
    return re.sub(r"[^A-Za-z0-9_.-]", "_", f"{base}_{tag}")


def pull(runner: Runner, node: str, storage: str, reference: str
         ) -> tuple[str, list[Step], list[str]]:
    """(the archive's volid, the step pulling it unless it is there, notes)."""
    name = archive_name(reference)
    volid = f"{storage}:vztmpl/{name}.tar"
    if volid in Pveam(runner).stored(storage):
        return volid, [], []
    argv = pvesh.argv("create", f"/nodes/{node}/storage/{storage}/oci-registry-pull",
                      [("reference", reference), ("filename", name)])
    return volid, [command_step(runner, f"pull OCI image {reference} into {storage}", argv,
                                PveamRemove(volid=volid))], [f"pulled OCI image {reference}"]
