"""A new share's initial Windows ACL where a domain member serves it (host or gateway).

A new share's root belongs to root and the share group, mode 2770: the domain users and
groups named in --valid-users may connect, but not write until someone sets an ACL. So
`create` gives a volume it makes, on a joined host or joined gateway, an inheritable NT
ACL, protected (nothing above it is inherited):

- each --valid-users user and group: Modify (read, write, delete), on the folder, its
  subfolders and files;
- Domain Admins and SYSTEM: Full control; CREATOR OWNER: Full control of what one creates.

Names are resolved to SIDs where the share is served, the way smbd reads valid users: a
name without a domain is a local account first (its Unix SID S-1-22-1-uid or
S-1-22-2-gid, which smbd puts into every local user's token), then one of the member's
domain; `DOMAIN\\name` goes to winbind. `samba-tool ntacl set --use-s3fs` writes the ACL
through smbd's VFS, so acl_xattr stores it like every later ACL, and Samba maps it to
POSIX ACLs, so the kernel lets the same users write. A volume that existed before keeps
its permissions; `--initial-acl none` asks for no ACL.
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence

from ...core import fsutil
from ...core.config import Config
from ...core.errors import CommandError, PvesmbgwError, ValidationError
from ...core.i18n import _
from ...core.runner import Runner
from ...core.txn import Step
from ...pve.channel import channel
from ...tools.accounts import getent_id
from ...tools.samba import ntacl_set_argv
from ...tools.winbind import domain_sid, lookup_sid
from ..registry import Gateway
from .diagnose import AdError
from .gateway_files import gateway_state, host_state_path
from .guest_runner import ChannelRunner
from .records import ClearNtAcl

# Windows' "Modify": read, write, execute, delete (0x001301bf), without changing
# permissions or taking ownership.
MODIFY = "0x001301bf"
# Full control, spelled out: Samba before 4.19 reads SDDL's "FA" as 0x1ff only (without
# delete, read and change permissions, take ownership).
FULL = "0x001f01ff"
DOMAIN_ADMINS_RID = 512
UNIX_USERS = "S-1-22-1"   # Samba's SIDs for Unix accounts that have no other SID
UNIX_GROUPS = "S-1-22-2"
GUEST_SMB_CONF = "/etc/samba/smb.conf"
ACL_TIMEOUT = 120.0


@dataclass(frozen=True)
class AclServer:
    """The domain member that serves a share: where names are resolved and the ACL set."""

    runner: Runner        # the host's, or one that runs commands in the gateway guest
    conf: str             # its smb.conf
    workgroup: str        # its domain's NetBIOS name
    xattr: str            # where its acl_xattr keeps NT ACLs
    label: str            # how messages name it
    shown: Callable[[list[str]], list[str]] = field(default=list)  # argv as run there


def host_server(cfg: Config, runner: Runner) -> Optional[AclServer]:
    """This host, when pvesmbgw joined it to a domain; else None."""
    data = fsutil.read_bytes(host_state_path(cfg))
    if not data:
        return None
    return AclServer(runner, str(cfg.samba_conf), json.loads(data)["workgroup"],
                     "security.NTACL", "this host")


def gateway_server(cfg: Config, runner: Runner, gw: Gateway) -> Optional[AclServer]:
    """Gateway GW, when pvesmbgw joined it to a domain; else None."""
    state = gateway_state(cfg, gw.id)
    if state is None:
        return None
    ch = channel(gw.kind, runner, gw.vmid)
    return AclServer(ChannelRunner(ch), GUEST_SMB_CONF, str(state["workgroup"]), gw.ntacl_xattr,
                     f"gateway {gw.id}", ch.exec_argv)


def principal(item: str) -> tuple[str, bool]:
    """A --valid-users item as (name, is a group): '@"DOM\\Team"' -> ('DOM\\Team', True)."""
    group = item[:1] in ("@", "+", "&")
    name = item[1:] if group else item
    return name.strip('"'), group


def initial_sddl(sids: Sequence[str], domain: str) -> str:
    """The ACL as SDDL: SIDS get Modify, DOMAIN's Domain Admins and SYSTEM Full control,
    CREATOR OWNER Full control of what it creates; folders and files inherit all of it."""
    aces = [f"(A;OICI;{MODIFY};;;{sid})" for sid in dict.fromkeys(sids)]
    aces += [f"(A;OICI;{FULL};;;{domain}-{DOMAIN_ADMINS_RID})", f"(A;OICI;{FULL};;;SY)",
             f"(A;OICIIO;{FULL};;;CO)"]
    return "D:P" + "".join(aces)


def sid_of(server: AclServer, item: str) -> Optional[str]:
    """The SID a --valid-users ITEM stands for on SERVER (local account first, as smbd
    resolves a name without a domain), or None when nothing there knows it."""
    name, group = principal(item)
    if "\\" not in name:
        local = getent_id(server.runner, "group" if group else "passwd", name)
        if local is not None:
            return f"{UNIX_GROUPS if group else UNIX_USERS}-{local}"
        name = f"{server.workgroup}\\{name}"
    return lookup_sid(server.runner, name)


@dataclass(frozen=True)
class InitialAcl:
    """An ACL resolved at planning time, to set on a new volume."""

    server: AclServer
    sddl: str
    names: tuple[str, ...]

    def step(self, there: str, host_path: Path, mode: int) -> Step:
        """Set it on THERE (the volume as the server sees it); undo takes it off
        HOST_PATH and puts MODE back."""
        argv = ntacl_set_argv(self.server.conf, self.sddl, there)
        server = self.server

        def apply() -> None:
            try:
                server.runner.run(argv, mutating=True, timeout=ACL_TIMEOUT)
            except CommandError as exc:
                # Most likely a file system without POSIX ACLs: say how to do without.
                said = (exc.stderr or exc.stdout or "").strip().splitlines()
                raise PvesmbgwError(_("samba-tool could not set the initial ACL of {there} "
                                    "on {label} ({said}); "
                                    "create with --initial-acl none to do without").format(there=there, label=server.label, said=said[-1] if said else exc)) from exc
        return Step(f"set the initial Windows ACL of {host_path}", apply,
                    ClearNtAcl(str(host_path), server.xattr, mode),
                    [f"run: {shlex.join(server.shown(argv))}",
                     f"(Modify: {', '.join(self.names)}; Full control: Domain Admins, "
                     "SYSTEM, CREATOR OWNER)"])


def plan_initial_acl(server: AclServer, choice: str, valid_users: Sequence[str]
                     ) -> tuple[Optional[InitialAcl], list[str]]:
    """The ACL CHOICE asks for on SERVER, names resolved now (read-only commands), and
    notes for the user. ValidationError for a name SERVER does not know."""
    if choice == "none":
        return None, ["--initial-acl none: the share has no initial ACL; domain users "
                      "can write once an ACL grants it (Windows or smbcacls)"]
    if not valid_users:
        return None, ["no --valid-users: the share has no initial ACL (it names nobody); "
                      "domain users can write once an ACL grants it"]
    sids: list[str] = []
    names: list[str] = []
    notes: list[str] = []
    for item in valid_users:
        name, group = principal(item)
        if item.startswith("&"):
            notes.append(_("{item} is a NIS netgroup, which an ACL cannot name: it is not "
                         "in the initial ACL").format(item=item))
            continue
        sid = sid_of(server, item)
        if sid is None:
            raise ValidationError("valid-users", _("{name} is neither a local account nor "
                                  "known to winbind on {label}, so the initial ACL "
                                  "cannot name it (fix the name, or --initial-acl none)").format(name=name, label=server.label))
        sids.append(sid)
        names.append(f"@{name}" if group else name)
    if not sids:
        return None, notes
    domain = domain_sid(server.runner, server.workgroup)
    if domain is None:
        raise AdError("winbind_offline", _("winbind on {label} does not know domain "
                      "{workgroup} (see `pve-smbgateway ad status`)").format(label=server.label, workgroup=server.workgroup), 1)
    notes.append(_("initial ACL: Modify for {names}; Full control for Domain "
                 "Admins and SYSTEM").format(names=', '.join(names)))
    return InitialAcl(server, initial_sddl(sids, domain), tuple(names)), notes
