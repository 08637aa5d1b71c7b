"""Effective privileges from etc/pve/user.cfg, as pve-access-control computes them.

PVE::AccessControl parse_user_config (user:, group:, role:, acl: lines), its built-in roles
(create_roles over $privgroups), roles() (the ACL tree walk with propagate flags, user over
group, NoAccess) and PVE::RPCEnvironment::permissions (privilege => propagate flag).
Pools and API tokens are not simulated.
"""

from __future__ import annotations

import os
import re
from typing import Dict, List, Set

from .state import State

# pve-access-control src/PVE/AccessControl.pm $privgroups (category -> root/admin/user/audit),
# as on master (PVE 9); PVE 8's (branch stable-bookworm) differ in VM only: PVE8_VM.
PRIVGROUPS: Dict[str, Dict[str, List[str]]] = {
    "VM": {
        "root": [],
        "admin": ["VM.Config.Disk", "VM.Config.CPU", "VM.Config.Memory", "VM.Config.Network",
                  "VM.Config.HWType", "VM.Config.Options", "VM.Allocate", "VM.Clone",
                  "VM.GuestAgent.Unrestricted", "VM.Migrate", "VM.Replicate", "VM.Snapshot",
                  "VM.Snapshot.Rollback"],
        "user": ["VM.Config.CDROM", "VM.Config.Cloudinit", "VM.Console", "VM.Backup",
                 "VM.GuestAgent.FileRead", "VM.GuestAgent.FileSystemMgmt",
                 "VM.GuestAgent.FileWrite", "VM.PowerMgmt"],
        "audit": ["VM.Audit", "VM.GuestAgent.Audit"],
    },
    "Sys": {
        "root": ["Sys.PowerMgmt", "Sys.Modify", "Sys.Incoming", "Sys.AccessNetwork"],
        "admin": ["Sys.Console", "Sys.Syslog"],
        "user": [],
        "audit": ["Sys.Audit"],
    },
    "Datastore": {
        "root": [],
        "admin": ["Datastore.Allocate", "Datastore.AllocateTemplate"],
        "user": ["Datastore.AllocateSpace"],
        "audit": ["Datastore.Audit"],
    },
    "SDN": {"root": [], "admin": ["SDN.Allocate", "SDN.Audit"], "user": ["SDN.Use"],
            "audit": ["SDN.Audit"]},
    "User": {"root": ["Realm.Allocate"],
             "admin": ["User.Modify", "Group.Allocate", "Realm.AllocateUser"],
             "user": [], "audit": []},
    "Pool": {"root": [], "admin": ["Pool.Allocate"], "user": ["Pool.Audit"],
             "audit": ["Pool.Audit"]},
    "Mapping": {"root": [], "admin": ["Mapping.Modify"], "user": ["Mapping.Use"],
                "audit": ["Mapping.Audit"]},
}


PVE8_VM: Dict[str, List[str]] = {
    "root": [],
    "admin": ["VM.Config.Disk", "VM.Config.CPU", "VM.Config.Memory", "VM.Config.Network",
              "VM.Config.HWType", "VM.Config.Options", "VM.Allocate", "VM.Clone", "VM.Migrate",
              "VM.Monitor", "VM.Snapshot", "VM.Snapshot.Rollback"],
    "user": ["VM.Config.CDROM", "VM.Config.Cloudinit", "VM.Console", "VM.Backup",
             "VM.PowerMgmt"],
    "audit": ["VM.Audit"],
}


def builtin_roles(pve_version: int = 9) -> Dict[str, Set[str]]:
    """create_roles(): NoAccess, Administrator, PVEAdmin, PVE<cat>Admin/User, PVEAuditor."""
    valid = {"Permissions.Modify"}
    roles: Dict[str, Set[str]] = {"NoAccess": set(), "PVEAuditor": set()}
    groups = dict(PRIVGROUPS, VM=PVE8_VM) if pve_version < 9 else PRIVGROUPS
    for cat, cd in groups.items():
        valid.update(cd["root"] + cd["admin"] + cd["user"] + cd["audit"])
        for priv in cd["admin"] + cd["user"] + cd["audit"]:
            roles.setdefault(f"PVE{cat}Admin", set()).add(priv)
            roles.setdefault("PVEAdmin", set()).add(priv)
        if cd["user"]:
            roles.setdefault(f"PVE{cat}User", set()).update(cd["user"] + cd["audit"])
        roles["PVEAuditor"].update(cd["audit"])
    roles["PVEAdmin"].discard("Mapping.Modify")
    roles["PVETemplateUser"] = {"VM.Clone", "VM.Audit"}
    roles["Administrator"] = valid
    return roles


def _split_list(text: str) -> List[str]:
    """PVE::Tools::split_list: items separated by commas, semicolons or white space."""
    return [x for x in re.split(r"[,;\s\0]+", text or "") if x]


def normalize_path(path: str) -> str:
    """PVE::AccessControl::normalize_path."""
    path = re.sub(r"/+", "/", path).rstrip("/") or "/"
    return path if path.startswith("/") else "/" + path


class UserCfg:
    """The parts of user.cfg that decide privileges."""

    def __init__(self, text: str, pve_version: int = 9) -> None:
        self.users: Set[str] = set()
        self.groups: Dict[str, Set[str]] = {}
        self.roles = builtin_roles(pve_version)
        # acl path -> kind ('users'|'groups') -> name -> role -> propagate
        self.acl: Dict[str, Dict[str, Dict[str, Dict[str, int]]]] = {}
        valid = self.roles["Administrator"]
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        for line in lines:
            data = [d.strip() for d in line.split(":")]
            kind, rest = data[0], data[1:] + [""] * 8
            if kind == "user":
                self.users.add(rest[0])
            elif kind == "group":
                self.groups.setdefault(rest[0], set()).update(_split_list(rest[1]))
            elif kind == "role" and rest[0] not in ("NoAccess", "Administrator"):
                self.roles[rest[0]] = {p for p in _split_list(rest[1]) if p in valid}
        for line in lines:  # acl lines last: they name roles and groups defined anywhere
            data = [d.strip() for d in line.split(":")]
            if data[0] != "acl" or len(data) < 5:
                continue
            propagate = 1 if data[1] not in ("", "0") else 0
            node = self.acl.setdefault(normalize_path(data[2]), {"users": {}, "groups": {}})
            for role in _split_list(data[4]):
                if role not in self.roles:
                    continue
                for ug in _split_list(data[3]):
                    bucket, name = ("groups", ug[1:]) if ug.startswith("@") else ("users", ug)
                    node[bucket].setdefault(name, {})[role] = propagate

    def roles_of(self, user: str, path: str) -> Dict[str, int]:
        """PVE::AccessControl::roles: role -> propagate flag on PATH (tokens, pools aside)."""
        if user == "root@pam":
            return {"Administrator": 1}
        parts = [""] if path == "/" else path.split("/")
        roles: Dict[str, int] = {}
        current = ""
        for i, part in enumerate(parts):
            final = i == len(parts) - 1
            current = "/" if part == "" else (current.rstrip("/") + "/" + part)
            node = self.acl.get(current)
            if node is None:
                continue
            new = {r: prop for r, prop in node["users"].get(user, {}).items() if final or prop}
            if new:
                roles = new  # user privileges always override group privileges
                continue
            gnew: Dict[str, int] = {}
            for group, granted in node["groups"].items():
                if user not in self.groups.get(group, set()):
                    continue
                gnew.update({r: prop for r, prop in granted.items() if final or prop})
            if gnew:
                roles = gnew
        if "NoAccess" in roles:
            return {"NoAccess": roles["NoAccess"]}
        return roles

    def permissions(self, user: str, path: str) -> Dict[str, int]:
        """PVE::RPCEnvironment::permissions: privilege -> propagate flag (set = granted)."""
        if user == "root@pam":
            return {p: 1 for p in self.roles["Administrator"]}
        privs: Dict[str, int] = {}
        for role, prop in self.roles_of(user, path).items():
            for p in self.roles.get(role, set()):
                privs[p] = privs.get(p, 0) or prop
        return privs


def load(st: State) -> UserCfg:
    """The simulated node's etc/pve/user.cfg (PVE's defaults when missing)."""
    path = os.path.join(st.pve_dir, "user.cfg")
    try:
        with open(path) as fh:
            return UserCfg(fh.read(), st.pve_version)
    except FileNotFoundError:
        return UserCfg("user:root@pam:1:0:::root@localhost:::\n", st.pve_version)
