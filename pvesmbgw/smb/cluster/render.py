"""The CTDB and Samba files of a cluster node; pure text functions.

Every node renders byte-identical files from the same ClusterState, which is what
`ctdb reloadnodes` requires of the nodes file.
"""

from __future__ import annotations

from typing import Optional

from ..samba.conf import fix_marked_include
from .state import ClusterState

HEADER = "# Written by pvesmbgw from the cluster registry; changes here are overwritten.\n"
SMB_MARKER = "# pvesmbgw: cluster include, do not edit this line or the next"


def nodes_file(state: ClusterState) -> str:
    """One address per PNN; a removed node stays as a comment so later PNNs keep their
    numbers. No other comment lines: CTDB counts every '#' line as a deleted node."""
    return "".join(("#" if n.removed else "") + n.address + "\n" for n in state.nodes)


def public_addresses(state: ClusterState) -> str:
    return "".join(f"{v.cidr} {v.interface}\n" for v in state.vips)


def ctdb_conf(state: ClusterState, log_location: str, db_dir: Optional[str] = None) -> str:
    text = (HEADER
            + "[logging]\n"
            f"\tlocation = {log_location}\n"
            "\tlog level = NOTICE\n"
            "[cluster]\n"
            f"\tcluster lock = {state.lock}\n"
            f"\tleader timeout = {state.leader_timeout}\n")
    if db_dir:
        # smbd opens the databases itself at the paths ctdbd reports.
        text += "[database]\n" + "".join(
            f"\t{kind} database directory = {db_dir}/{kind}\n"
            for kind in ("volatile", "persistent", "state"))
    return text


def tunables(state: ClusterState) -> str:
    return HEADER + "".join(f"{k}={v}\n" for k, v in sorted(state.tunables.items()))


def smb_globals(state: ClusterState, ctdb_socket: Optional[str]) -> str:
    """The [global] options every clustered smbd needs: the same on every node."""
    lines = [HEADER, "[global]\n", "\tclustering = yes\n"]
    if ctdb_socket:
        lines.append(f"\tctdbd socket = {ctdb_socket}\n")
    lines += ["\tidmap config * : backend = tdb\n",
              f"\tidmap config * : range = {state.idmap_range}\n"]
    return "".join(lines)


def with_cluster_include(text: str, include: str) -> str:
    """TEXT with a marked include of the cluster globals right after its [global] line
    (so the admin's own later settings still win), or first when there is no [global]."""
    entry = f"include = {include}\n"
    fixed = fix_marked_include(text, SMB_MARKER, entry)
    if fixed is not None:
        return fixed
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.strip().lower().replace(" ", "") == "[global]":
            lines[i + 1:i + 1] = [f"{SMB_MARKER}\n", entry]
            return "".join(lines)
    return f"[global]\n{SMB_MARKER}\n{entry}" + text
