"""Guest-side tools for 'pct exec' in the dir backend (tests/sim/guest-bin/*).

Every tool works only inside $PVESIM_GUEST_ROOT (the container's root
filesystem); without it they refuse to run, so they can never touch the
host's /etc/passwd.  Syntax, output and exit codes follow the real tools for
the subset implemented (shadow's useradd/groupadd/..., apt-get, dpkg-query,
getent, id, Samba's pdbedit/smbpasswd/smbcontrol/testparm, systemctl, ip,
hostname and a few coreutils).
"""

from __future__ import annotations

import getopt
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from typing import Dict, List, Optional, Sequence, Tuple

ROOT = ""
IDMAP: List[Tuple[str, int, int, int]] = []


class Exit(Exception):
    def __init__(self, code: int, msg: str = "") -> None:
        super().__init__(msg)
        self.code = code
        self.msg = msg


def die(code: int, msg: str) -> None:
    raise Exit(code, msg)


# --- paths, ids, files ---------------------------------------------------------------------------

def gp(path: str) -> str:
    """Host path for a container path (relative paths are relative to the container's /)."""
    return os.path.join(ROOT, path.lstrip("/"))


def host_id(cid: int, typ: str) -> Optional[int]:
    if not IDMAP:
        return cid
    for t, ct, host, n in IDMAP:
        if t == typ and ct <= cid < ct + n:
            return host - ct + cid
    return None


def _chown(path: str, uid: int, gid: int) -> None:
    hu, hg = host_id(uid, "u"), host_id(gid, "g")
    if hu is None or hg is None:
        raise OSError(22, "Invalid argument")
    try:
        os.lchown(path, hu, hg)
    except PermissionError:
        state = os.environ.get("PVESIM_STATE")
        if state:
            rec_path = os.path.join(state, "owners.json")
            try:
                with open(rec_path) as fh:
                    rec = json.load(fh)
            except (OSError, ValueError):
                rec = {}
            rec[os.path.abspath(path)] = [hu, hg]
            with open(rec_path, "w") as fh:
                json.dump(rec, fh, indent=1, sort_keys=True)


def read(path: str) -> str:
    try:
        with open(gp(path)) as fh:
            return fh.read()
    except FileNotFoundError:
        return ""


def write(path: str, data: str, mode: Optional[int] = None, uid: int = 0, gid: int = 0) -> None:
    """Atomically write a container file, keeping owner and mode of an existing file."""
    full = gp(path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    st = os.stat(full) if os.path.exists(full) else None
    tmp = full + ".pvesim-tmp"
    with open(tmp, "w") as fh:
        fh.write(data)
    if st is not None:
        os.chmod(tmp, mode if mode is not None else (st.st_mode & 0o7777))
        try:
            os.chown(tmp, st.st_uid, st.st_gid)
        except PermissionError:
            pass
    else:
        os.chmod(tmp, mode if mode is not None else 0o644)
        _chown(tmp, uid, gid)
    os.replace(tmp, full)


def mkdirs(path: str, mode: int = 0o755, uid: int = 0, gid: int = 0) -> None:
    full = gp(path)
    missing = []
    p = full
    while not os.path.lexists(p) and p != ROOT:
        missing.append(p)
        p = os.path.dirname(p)
    for d in reversed(missing):
        os.mkdir(d, mode)
        _chown(d, uid, gid)


def db(path: str) -> List[List[str]]:
    return [line.split(":") for line in read(path).splitlines() if line and not line.startswith("#")]


def db_write(path: str, rows: List[List[str]]) -> None:
    write(path, "".join(":".join(r) + "\n" for r in rows))


def pw_user(name: str) -> Optional[List[str]]:
    for r in db("/etc/passwd"):
        if r[0] == name or (name.isdigit() and len(r) > 2 and r[2] == name):
            return r
    return None


def gr_group(name: str) -> Optional[List[str]]:
    for r in db("/etc/group"):
        if r[0] == name or (name.isdigit() and len(r) > 2 and r[2] == name):
            return r
    return None


def pkg_state() -> List[str]:
    return [x for x in read("/var/lib/pvesim/packages").split() if x]


def installed(pkg: str) -> bool:
    return pkg in pkg_state()


def not_found(cmd: str) -> int:
    vmid = os.environ.get("PVESIM_VMID", "0")
    sys.stderr.write(f"lxc-attach: {vmid}: ../src/lxc/attach.c: lxc_attach_run_command: 1841 "
                     f"No such file or directory - Failed to exec \"{cmd}\"\n")
    return 127


def os_version() -> str:
    m = re.search(r'VERSION_ID="?([^"\n]+)', read("/etc/os-release"))
    return m.group(1) if m else "12"


# --- shadow: useradd & co -------------------------------------------------------------------------

NAME_RE = re.compile(r"[a-z_][-a-z0-9_]*\$?")


def _days() -> str:
    return str(int(time.time() // 86400))


def _next_id(used: Sequence[int], system: bool) -> int:
    if system:
        for i in range(999, 99, -1):
            if i not in used:
                return i
        die(4, "no more free ids")
    top = [u for u in used if 1000 <= u <= 60000]
    return (max(top) + 1) if top else 1000


def cmd_useradd(args: List[str]) -> int:
    prog = "useradd"
    try:
        opts, rest = getopt.gnu_getopt(args, "u:g:G:Mms:d:rNUc:ope:f:k:K:", [
            "uid=", "gid=", "groups=", "no-create-home", "create-home", "shell=", "home-dir=",
            "system", "no-user-group", "user-group", "comment=", "non-unique", "password=",
            "badname"])
    except getopt.GetoptError as exc:
        die(2, f"{prog}: {exc.msg}\nUsage: useradd [options] LOGIN\n")
    get = lambda *names: next((v for k, v in opts if k in names), None)  # noqa: E731
    has = lambda *names: any(k in names for k, _ in opts)  # noqa: E731
    if len(rest) != 1:
        die(2, "Usage: useradd [options] LOGIN\n")
    name = rest[0]
    if not NAME_RE.fullmatch(name) and not has("--badname"):
        die(3, f"{prog}: invalid user name '{name}': use --badname to ignore\n")
    passwd = db("/etc/passwd")
    groups = db("/etc/group")
    if any(r[0] == name for r in passwd):
        die(9, f"{prog}: user '{name}' already exists\n")
    uid_s = get("-u", "--uid")
    system = has("-r", "--system")
    uids = [int(r[2]) for r in passwd if len(r) > 2 and r[2].isdigit()]
    gids = [int(r[2]) for r in groups if len(r) > 2 and r[2].isdigit()]
    if uid_s is not None:
        if not uid_s.isdigit():
            die(3, f"{prog}: invalid user ID '{uid_s}'\n")
        uid = int(uid_s)
        if uid in uids and not has("-o", "--non-unique"):
            die(4, f"{prog}: UID {uid} is not unique\n")
    else:
        uid = _next_id(uids, system)
    extra: List[str] = []
    g = get("-G", "--groups")
    if g:
        for grp_name in g.split(","):
            if not any(r[0] == grp_name or r[2] == grp_name for r in groups):
                die(6, f"{prog}: group '{grp_name}' does not exist\n")
            extra.append(next(r[0] for r in groups if r[0] == grp_name or r[2] == grp_name))
    gopt = get("-g", "--gid")
    new_group = None
    if gopt is not None:
        row = next((r for r in groups if r[0] == gopt or r[2] == gopt), None)
        if row is None:
            die(6, f"{prog}: group '{gopt}' does not exist\n")
        gid = int(row[2])
    elif has("-N", "--no-user-group"):
        gid = 100
    else:
        if any(r[0] == name for r in groups):
            die(9, f"{prog}: group {name} exists - if you want to add this user to that group, "
                   f"use -g.\n")
        gid = uid if uid not in gids else _next_id(gids, system)
        new_group = [name, "x", str(gid), ""]
    home = get("-d", "--home-dir") or f"/home/{name}"
    shell = get("-s", "--shell") or "/bin/sh"
    comment = get("-c", "--comment") or ""
    passwd.append([name, "x", str(uid), str(gid), comment, home, shell])
    db_write("/etc/passwd", passwd)
    shadow = db("/etc/shadow")
    shadow.append([name, "!", _days(), "0", "99999", "7", "", "", ""])
    db_write("/etc/shadow", shadow)
    if new_group:
        groups.append(new_group)
        gsh = db("/etc/gshadow")
        gsh.append([name, "!", "", ""])
        db_write("/etc/gshadow", gsh)
    for r in groups:
        if r[0] in extra:
            members = [m for m in r[3].split(",") if m] if len(r) > 3 else []
            if name not in members:
                members.append(name)
            while len(r) < 4:
                r.append("")
            r[3] = ",".join(members)
    db_write("/etc/group", groups)
    if has("-m", "--create-home") and not has("-M", "--no-create-home"):
        mkdirs(home, 0o755, uid, gid)
    return 0


def cmd_groupadd(args: List[str]) -> int:
    prog = "groupadd"
    try:
        opts, rest = getopt.gnu_getopt(args, "g:rfoK:p:", ["gid=", "system", "force", "non-unique"])
    except getopt.GetoptError as exc:
        die(2, f"{prog}: {exc.msg}\nUsage: groupadd [options] GROUP\n")
    get = lambda *names: next((v for k, v in opts if k in names), None)  # noqa: E731
    has = lambda *names: any(k in names for k, _ in opts)  # noqa: E731
    if len(rest) != 1:
        die(2, "Usage: groupadd [options] GROUP\n")
    name = rest[0]
    if not NAME_RE.fullmatch(name):
        die(3, f"{prog}: '{name}' is not a valid group name\n")
    groups = db("/etc/group")
    if any(r[0] == name for r in groups):
        if has("-f", "--force"):
            return 0
        die(9, f"{prog}: group '{name}' already exists\n")
    gids = [int(r[2]) for r in groups if len(r) > 2 and r[2].isdigit()]
    gid_s = get("-g", "--gid")
    if gid_s is not None:
        if not gid_s.isdigit():
            die(3, f"{prog}: invalid group ID '{gid_s}'\n")
        gid = int(gid_s)
        if gid in gids and not has("-o", "--non-unique"):
            if has("-f", "--force"):
                gid = _next_id(gids, has("-r", "--system"))
            else:
                die(4, f"{prog}: GID '{gid}' already exists\n")
    else:
        gid = _next_id(gids, has("-r", "--system"))
    groups.append([name, "x", str(gid), ""])
    db_write("/etc/group", groups)
    gsh = db("/etc/gshadow")
    gsh.append([name, "!", "", ""])
    db_write("/etc/gshadow", gsh)
    return 0


def cmd_userdel(args: List[str]) -> int:
    prog = "userdel"
    try:
        opts, rest = getopt.gnu_getopt(args, "rf", ["remove", "force"])
    except getopt.GetoptError as exc:
        die(2, f"{prog}: {exc.msg}\nUsage: userdel [options] LOGIN\n")
    if len(rest) != 1:
        die(2, "Usage: userdel [options] LOGIN\n")
    name = rest[0]
    passwd = db("/etc/passwd")
    row = next((r for r in passwd if r[0] == name), None)
    if row is None:
        die(6, f"{prog}: user '{name}' does not exist\n")
    passwd = [r for r in passwd if r[0] != name]
    db_write("/etc/passwd", passwd)
    db_write("/etc/shadow", [r for r in db("/etc/shadow") if r[0] != name])
    groups = db("/etc/group")
    for r in groups:
        if len(r) > 3:
            r[3] = ",".join(m for m in r[3].split(",") if m and m != name)
    gid = row[3]
    ugroup = next((r for r in groups if r[0] == name and r[2] == gid), None)
    if ugroup is not None and not (len(ugroup) > 3 and ugroup[3]) and \
            not any(r[3] == gid for r in passwd):
        groups = [r for r in groups if r is not ugroup]
        db_write("/etc/gshadow", [r for r in db("/etc/gshadow") if r[0] != name])
    db_write("/etc/group", groups)
    if any(k in ("-r", "--remove") for k, _ in opts):
        sys.stderr.write(f"userdel: {name} mail spool (/var/mail/{name}) not found\n")
        home = gp(row[5])
        if os.path.isdir(home) and not os.path.islink(home) and row[5] not in ("/", ""):
            shutil.rmtree(home)
    return 0


def cmd_groupdel(args: List[str]) -> int:
    prog = "groupdel"
    rest = [a for a in args if not a.startswith("-")]
    if len(rest) != 1:
        die(2, "Usage: groupdel [options] GROUP\n")
    name = rest[0]
    groups = db("/etc/group")
    row = next((r for r in groups if r[0] == name), None)
    if row is None:
        die(6, f"{prog}: group '{name}' does not exist\n")
    for r in db("/etc/passwd"):
        if len(r) > 3 and r[3] == row[2]:
            die(8, f"{prog}: cannot remove the primary group of user '{r[0]}'\n")
    db_write("/etc/group", [r for r in groups if r[0] != name])
    db_write("/etc/gshadow", [r for r in db("/etc/gshadow") if r[0] != name])
    return 0


def cmd_usermod(args: List[str]) -> int:
    prog = "usermod"
    try:
        opts, rest = getopt.gnu_getopt(args, "aG:g:s:d:u:LUc:ml:", [
            "append", "groups=", "gid=", "shell=", "home=", "uid=", "lock", "unlock", "comment="])
    except getopt.GetoptError as exc:
        die(2, f"{prog}: {exc.msg}\nUsage: usermod [options] LOGIN\n")
    get = lambda *names: next((v for k, v in opts if k in names), None)  # noqa: E731
    has = lambda *names: any(k in names for k, _ in opts)  # noqa: E731
    if len(rest) != 1:
        die(2, "Usage: usermod [options] LOGIN\n")
    name = rest[0]
    passwd = db("/etc/passwd")
    row = next((r for r in passwd if r[0] == name), None)
    if row is None:
        die(6, f"{prog}: user '{name}' does not exist\n")
    if has("-a", "--append") and not has("-G", "--groups"):
        die(2, f"{prog}: -a flag is ONLY allowed with the -G flag\nUsage: usermod [options] LOGIN\n")
    groups = db("/etc/group")
    gl = get("-G", "--groups")
    if gl is not None:
        wanted = []
        for g in [x for x in gl.split(",") if x]:
            r = next((r for r in groups if r[0] == g or r[2] == g), None)
            if r is None:
                die(6, f"{prog}: group '{g}' does not exist\n")
            wanted.append(r[0])
        for r in groups:
            while len(r) < 4:
                r.append("")
            members = [m for m in r[3].split(",") if m]
            if r[0] in wanted and name not in members:
                members.append(name)
            elif r[0] not in wanted and name in members and not has("-a", "--append"):
                members.remove(name)
            r[3] = ",".join(members)
        db_write("/etc/group", groups)
    g = get("-g", "--gid")
    if g is not None:
        r = next((r for r in groups if r[0] == g or r[2] == g), None)
        if r is None:
            die(6, f"{prog}: group '{g}' does not exist\n")
        row[3] = r[2]
    for opt, idx in (("-s", 6), ("-d", 5), ("-c", 4)):
        long = {"-s": "--shell", "-d": "--home", "-c": "--comment"}[opt]
        v = get(opt, long)
        if v is not None:
            row[idx] = v
    u = get("-u", "--uid")
    if u is not None:
        if any(r[2] == u and r[0] != name for r in passwd):
            die(4, f"{prog}: UID '{u}' already exists\n")
        row[2] = u
    db_write("/etc/passwd", passwd)
    if has("-L", "--lock", "-U", "--unlock"):
        shadow = db("/etc/shadow")
        for r in shadow:
            if r[0] == name:
                if has("-L", "--lock") and not r[1].startswith("!"):
                    r[1] = "!" + r[1]
                if has("-U", "--unlock") and r[1].startswith("!") and len(r[1]) > 1:
                    r[1] = r[1][1:]
        db_write("/etc/shadow", shadow)
    return 0


def cmd_getent(args: List[str]) -> int:
    if not args:
        die(1, "getent: wrong number of arguments\nTry `getent --help' or `getent --usage' for more "
               "information.\n")
    dbname, keys = args[0], args[1:]
    files = {"passwd": "/etc/passwd", "group": "/etc/group", "shadow": "/etc/shadow",
             "gshadow": "/etc/gshadow"}
    if dbname == "hosts":
        host = read("/etc/hostname").strip()
        lines = ["127.0.0.1       localhost", f"127.0.1.1       {host}"]
        sys.stdout.write("".join(line + "\n" for line in lines if not keys or any(k in line for k in keys)))
        return 0
    if dbname not in files:
        die(1, f"Unknown database: {dbname}\nTry `getent --help' or `getent --usage' for more "
               f"information.\n")
    rows = db(files[dbname])
    if not keys:
        sys.stdout.write("".join(":".join(r) + "\n" for r in rows))
        return 0
    rc = 0
    for k in keys:
        r = next((r for r in rows if r[0] == k or (k.isdigit() and dbname in ("passwd", "group")
                                                    and len(r) > 2 and r[2] == k)), None)
        if r is None:
            rc = 2
        else:
            sys.stdout.write(":".join(r) + "\n")
    return rc


def cmd_id(args: List[str]) -> int:
    try:
        opts, rest = getopt.gnu_getopt(args, "ugGnr", ["user", "group", "groups", "name", "real"])
    except getopt.GetoptError as exc:
        die(1, f"id: {exc.msg}\nTry 'id --help' for more information.\n")
    flags = {k for k, _ in opts}
    name = rest[0] if rest else "root"
    row = pw_user(name)
    if row is None:
        die(1, f"id: '{name}': no such user\n")
    uid, gid = int(row[2]), int(row[3])
    groups = db("/etc/group")
    gname = lambda g: next((r[0] for r in groups if r[2] == str(g)), str(g))  # noqa: E731
    sup = [int(r[2]) for r in groups if len(r) > 3 and row[0] in r[3].split(",")]
    allg = [gid] + [g for g in sup if g != gid]
    nm = "-n" in flags or "--name" in flags
    if "-u" in flags or "--user" in flags:
        print(row[0] if nm else uid)
    elif "-g" in flags or "--group" in flags:
        print(gname(gid) if nm else gid)
    elif "-G" in flags or "--groups" in flags:
        print(" ".join(gname(g) if nm else str(g) for g in allg))
    else:
        print(f"uid={uid}({row[0]}) gid={gid}({gname(gid)}) groups="
              + ",".join(f"{g}({gname(g)})" for g in allg))
    return 0


# --- apt-get / dpkg-query ---------------------------------------------------------------------------

CATALOG = {
    # name: (bookworm version, trixie version, deps, size kB)
    "samba": ("2:4.17.12+dfsg-0+deb12u1", "2:4.22.3+dfsg-4", ["samba-common", "samba-common-bin",
              "samba-libs", "python3-samba", "samba-vfs-modules", "tdb-tools", "libwbclient0"], 1164),
    "samba-common": ("2:4.17.12+dfsg-0+deb12u1", "2:4.22.3+dfsg-4", [], 60),
    "samba-common-bin": ("2:4.17.12+dfsg-0+deb12u1", "2:4.22.3+dfsg-4", ["samba-common"], 1430),
    "samba-libs": ("2:4.17.12+dfsg-0+deb12u1", "2:4.22.3+dfsg-4", ["libwbclient0"], 5810),
    "samba-vfs-modules": ("2:4.17.12+dfsg-0+deb12u1", "2:4.22.3+dfsg-4", ["samba-libs"], 420),
    "python3-samba": ("2:4.17.12+dfsg-0+deb12u1", "2:4.22.3+dfsg-4", ["samba-libs", "python3"], 2970),
    "libwbclient0": ("2:4.17.12+dfsg-0+deb12u1", "2:4.22.3+dfsg-4", [], 54),
    "tdb-tools": ("1.4.8-2", "1.4.13-1", [], 28),
    "smbclient": ("2:4.17.12+dfsg-0+deb12u1", "2:4.22.3+dfsg-4", ["samba-common", "samba-libs"], 470),
    "winbind": ("2:4.17.12+dfsg-0+deb12u1", "2:4.22.3+dfsg-4", ["samba-common", "samba-libs"], 400),
    "libnss-winbind": ("2:4.17.12+dfsg-0+deb12u1", "2:4.22.3+dfsg-4", ["winbind"], 40),
    "libpam-winbind": ("2:4.17.12+dfsg-0+deb12u1", "2:4.22.3+dfsg-4", ["winbind"], 60),
    "krb5-user": ("1.20.1-2+deb12u2", "1.21.3-5", ["krb5-config"], 150),
    "krb5-config": ("2.7", "2.7", [], 22),
    "acl": ("2.3.1-3", "2.3.2-2", [], 39),
    "attr": ("1:2.5.1-4", "1:2.5.2-3", [], 22),
    "ctdb": ("2:4.17.12+dfsg-0+deb12u1", "2:4.22.3+dfsg-4", ["samba-libs", "tdb-tools"], 730),
    "python3": ("3.11.2-1+b1", "3.13.5-1", [], 26),
    "wsdd": ("2:0.7.0-2.1", "2:0.8-2", ["python3"], 33),
    "avahi-daemon": ("0.8-10+deb12u1", "0.8-16", [], 90),
    "curl": ("7.88.1-10+deb12u12", "8.14.1-2", [], 315),
    "ca-certificates": ("20230311+deb12u1", "20250419", [], 153),
    "rsync": ("3.2.7-1+deb12u2", "3.4.1+ds1-5", [], 417),
    "nano": ("7.2-1+deb12u1", "8.4-1", [], 690),
    "sudo": ("1.9.13p3-1+deb12u1", "1.9.16p2-3", [], 1889),
    "qemu-guest-agent": ("1:7.2+dfsg-7+deb12u16", "1:10.0.3+ds-0+deb13u1", [], 1015),
    "cloud-init": ("22.4.2-1+deb12u3", "25.1.4-1", ["python3"], 2450),
}

PKG_FILES = {
    "samba": ["usr/sbin/smbd", "usr/sbin/nmbd", "usr/sbin/samba"],
    "samba-common-bin": ["usr/bin/testparm", "usr/bin/pdbedit", "usr/bin/smbpasswd",
                         "usr/bin/smbcontrol", "usr/bin/net"],
    "smbclient": ["usr/bin/smbclient"],
    "winbind": ["usr/sbin/winbindd", "usr/bin/wbinfo"],
    "acl": ["usr/bin/getfacl", "usr/bin/setfacl"],
    "ctdb": ["usr/sbin/ctdbd", "usr/bin/ctdb"],
}

PKG_UNITS = {"samba": ["smbd.service", "nmbd.service"], "winbind": ["winbind.service"],
             "qemu-guest-agent": ["qemu-guest-agent.service"],
             "ctdb": ["ctdb.service"], "wsdd": ["wsdd.service"], "avahi-daemon": ["avahi-daemon.service"]}

DEBIAN_SMB_CONF = """#
# Sample configuration file for the Samba suite for Debian GNU/Linux.
#
#======================= Global Settings =======================

[global]

## Browsing/Identification ###

# Change this to the workgroup/NT-domain name your Samba server will part of
   workgroup = WORKGROUP

#### Debugging/Accounting ####

# This tells Samba to use a separate log file for each machine
# that connects
   log file = /var/log/samba/log.%m

# Cap the size of the individual log files (in KiB).
   max log size = 1000

# We want Samba to only log to /var/log/samba/log.{smbd,nmbd}.
# Append syslog@1 if you want important messages to be sent to syslog too.
   logging = file

# Do something sensible when Samba crashes: mail the admin a backtrace
   panic action = /usr/share/samba/panic-action %d


####### Authentication #######

# Server role. Defines in which mode Samba will operate. Possible
# values are "standalone server", "member server", "classic primary
# domain controller", "classic backup domain controller", "active
# directory domain controller".
   server role = standalone server

   obey pam restrictions = yes

# This boolean parameter controls whether Samba attempts to sync the Unix
# password with the SMB password when the encrypted SMB password in the
# passdb is changed.
   unix password sync = yes

# For Unix password sync to work on a Debian GNU/Linux system, the following
# parameters must be set (thanks to Ian Kahan <<kahan@informatik.tu-muenchen.de> for
# sending the correct chat script for the passwd program in Debian Sarge).
   passwd program = /usr/bin/passwd %u
   passwd chat = *Enter\\snew\\s*\\spassword:* %n\\n *Retype\\snew\\s*\\spassword:* %n\\n *password\\supdated\\ssuccessfully* .

# This boolean controls whether PAM will be used for password changes
# when requested by an SMB client instead of the program listed in
# 'passwd program'. The default is 'no'.
   pam password change = yes

# This option controls how unsuccessful authentication attempts are mapped
# to anonymous connections
   map to guest = bad user

#======================= Share Definitions =======================

[homes]
   comment = Home Directories
   browseable = no
   read only = yes
   create mask = 0700
   directory mask = 0700
   valid users = %S

[printers]
   comment = All Printers
   browseable = no
   path = /var/tmp
   printable = yes
   guest ok = no
   read only = yes
   create mask = 0700

[print$]
   comment = Printer Drivers
   path = /var/lib/samba/printers
   browseable = yes
   read only = yes
   guest ok = no
"""


def _pkg_version(name: str) -> str:
    v = CATALOG[name]
    return v[1] if os_version().startswith("13") else v[0]


def _closure(names: List[str]) -> List[str]:
    res: List[str] = []

    def add(n: str) -> None:
        if n in res:
            return
        res.append(n)
        for d in CATALOG.get(n, ("", "", [], 0))[2]:
            add(d)
    for n in names:
        add(n)
    return res


def _unit_path(unit: str) -> str:
    return f"/var/lib/pvesim/units/{unit}"


def unit_get(unit: str) -> Optional[dict]:
    raw = read(_unit_path(unit))
    return json.loads(raw) if raw.strip() else None


def unit_put(unit: str, data: dict) -> None:
    write(_unit_path(unit), json.dumps(data, sort_keys=True) + "\n")


def _install_effects(pkg: str) -> None:
    for f in PKG_FILES.get(pkg, []):
        write("/" + f, f"#!/bin/sh\n# pvesim marker for {pkg}\nexit 0\n", 0o755)
    if pkg == "samba-common":
        if not read("/etc/samba/smb.conf"):
            write("/etc/samba/smb.conf", DEBIAN_SMB_CONF)
    if pkg == "samba":
        mkdirs("/var/lib/samba/private", 0o700)
        os.chmod(gp("/var/lib/samba/private"), 0o700)
        mkdirs("/var/log/samba", 0o750)
        mkdirs("/var/lib/samba/printers", 0o755)
        mkdirs("/run/samba", 0o755)
        groups = db("/etc/group")
        if not any(r[0] == "sambashare" for r in groups):
            used = {int(r[2]) for r in groups if len(r) > 2 and r[2].isdigit()}
            gid = next(i for i in range(100, 1000) if i not in used)
            groups.append(["sambashare", "x", str(gid), ""])
            db_write("/etc/group", groups)
    for unit in PKG_UNITS.get(pkg, []):
        unit_put(unit, {"active": "active", "enabled": "enabled", "restarts": 0, "reloads": 0})
    if pkg == "samba":
        unit_put("samba-ad-dc.service", {"active": "inactive", "enabled": "masked", "restarts": 0,
                                         "reloads": 0})


def cmd_apt_get(args: List[str]) -> int:
    try:
        opts, rest = getopt.gnu_getopt(args, "yqo:sV", [
            "yes", "assume-yes", "quiet", "no-install-recommends", "install-recommends", "purge",
            "allow-downgrades", "reinstall", "simulate", "no-install-suggests", "fix-broken",
            "allow-unauthenticated", "option="])
    except getopt.GetoptError as exc:
        die(100, f"E: Command line option '{exc.opt}' [from -{exc.opt}] is not understood in "
                 f"combination with the other options.\n")
    flags = [k for k, _ in opts]
    yes = any(f in ("-y", "--yes", "--assume-yes") for f in flags)
    quiet = sum(1 for f in flags if f in ("-q", "--quiet"))
    if not rest:
        sys.stdout.write("apt 2.6.1 (amd64)\nUsage: apt-get [options] command\n")
        return 1
    op, pkgs = rest[0], rest[1:]
    codename = "trixie" if os_version().startswith("13") else "bookworm"
    if op == "update":
        if quiet < 2:
            sys.stdout.write(f"Hit:1 http://deb.debian.org/debian {codename} InRelease\n"
                             f"Hit:2 http://deb.debian.org/debian {codename}-updates InRelease\n"
                             f"Hit:3 http://security.debian.org {codename}-security InRelease\n"
                             "Reading package lists...\n")
        write("/var/lib/pvesim/apt-updated", str(int(time.time())) + "\n")
        return 0
    if op in ("upgrade", "dist-upgrade", "full-upgrade", "autoremove", "clean", "autoclean"):
        if op not in ("clean", "autoclean") and quiet < 2:
            sys.stdout.write("Reading package lists...\nBuilding dependency tree...\n"
                             "Reading state information...\nCalculating upgrade...\n"
                             "0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
        return 0
    if op not in ("install", "remove", "purge"):
        die(100, f"E: Invalid operation {op}\n")
    if quiet < 2:
        sys.stdout.write("Reading package lists...\nBuilding dependency tree...\nReading state information...\n")
    have = pkg_state()
    updated = bool(read("/var/lib/pvesim/apt-updated").strip())
    names = [p.split("=")[0] for p in pkgs]
    if op in ("remove", "purge"):
        gone = [n for n in names if n in have]
        for n in names:
            if n not in CATALOG and n not in have:
                die(100, f"E: Unable to locate package {n}\n")
            if n not in have:
                sys.stdout.write(f"Package '{n}' is not installed, so not removed\n")
        if gone:
            sys.stdout.write("The following packages will be REMOVED:\n  " + " ".join(gone) + "\n")
        sys.stdout.write(f"0 upgraded, 0 newly installed, {len(gone)} to remove and 0 not upgraded.\n")
        for n in gone:
            sys.stdout.write(f"Removing {n} ({_pkg_version(n) if n in CATALOG else '1.0'}) ...\n")
            for f in PKG_FILES.get(n, []):
                try:
                    os.unlink(gp("/" + f))
                except FileNotFoundError:
                    pass
            for unit in PKG_UNITS.get(n, []):
                try:
                    os.unlink(gp(_unit_path(unit)))
                except FileNotFoundError:
                    pass
        write("/var/lib/pvesim/packages", "".join(p + "\n" for p in have if p not in gone))
        return 0
    for n in names:
        if n not in CATALOG or not updated:
            if n in have:
                continue
            die(100, f"E: Unable to locate package {n}\n")
    todo = [n for n in _closure(names) if n not in have]
    for n in names:
        if n in have:
            sys.stdout.write(f"{n} is already the newest version ({_pkg_version(n) if n in CATALOG else '1.0'}).\n")
    if not todo:
        sys.stdout.write("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
        return 0
    additional = [n for n in todo if n not in names]
    if additional:
        sys.stdout.write("The following additional packages will be installed:\n  "
                         + " ".join(sorted(additional)) + "\n")
    sys.stdout.write("The following NEW packages will be installed:\n  " + " ".join(sorted(todo)) + "\n")
    size = sum(CATALOG[n][3] for n in todo)
    sys.stdout.write(f"0 upgraded, {len(todo)} newly installed, 0 to remove and 0 not upgraded.\n"
                     f"Need to get {size:,} kB of archives.\n"
                     f"After this operation, {size * 4 / 1000:.1f} MB of additional disk space will be used.\n")
    if additional and not yes:
        sys.stdout.write("Do you want to continue? [Y/n] ")
        sys.stdout.flush()
        answer = sys.stdin.readline()
        if answer.strip().lower() not in ("y", "yes", ""):
            sys.stdout.write("Abort.\n")
            return 1
        if answer == "":
            sys.stdout.write("Abort.\n")
            return 1
    for i, n in enumerate(todo, 1):
        sys.stdout.write(f"Get:{i} http://deb.debian.org/debian {codename}/main amd64 {n} "
                         f"{_pkg_version(n)} [{CATALOG[n][3]} kB]\n")
    sys.stdout.write(f"Fetched {size:,} kB in 1s ({size:,} kB/s)\n")
    for n in todo:
        sys.stdout.write(f"Selecting previously unselected package {n}.\n"
                         f"Unpacking {n} ({_pkg_version(n)}) ...\n")
    for n in reversed(todo):
        sys.stdout.write(f"Setting up {n} ({_pkg_version(n)}) ...\n")
        _install_effects(n)
    write("/var/lib/pvesim/packages", "".join(p + "\n" for p in have + todo))
    sys.stdout.write("Processing triggers for libc-bin (2.36-9+deb12u10) ...\n")
    return 0


def cmd_dpkg_query(args: List[str]) -> int:
    try:
        opts, rest = getopt.gnu_getopt(args, "Wf:sl", ["show", "showformat=", "status", "list"])
    except getopt.GetoptError as exc:
        die(2, f"dpkg-query: error: {exc.msg}\n\nUse --help for help about querying packages.\n")
    fmt = next((v for k, v in opts if k in ("-f", "--showformat")), "${binary:Package}\t${Version}\n")
    if fmt.startswith("="):  # dpkg's option parser accepts -f=FORMAT
        fmt = fmt[1:]
    have = pkg_state()
    rc = 0
    show_status = any(k in ("-s", "--status") for k, _ in opts)
    for pkg in rest:
        if pkg not in have:
            sys.stderr.write(f"dpkg-query: no packages found matching {pkg}\n" if not show_status else
                             f"dpkg-query: package '{pkg}' is not installed and no information is "
                             f"available\n")
            rc = 1
            continue
        version = _pkg_version(pkg) if pkg in CATALOG else "1.0"
        if show_status:
            sys.stdout.write(f"Package: {pkg}\nStatus: install ok installed\nVersion: {version}\n\n")
            continue
        text = fmt.replace("${Status}", "install ok installed").replace("${Version}", version) \
            .replace("${Package}", pkg).replace("${binary:Package}", pkg) \
            .replace("${db:Status-Abbrev}", "ii ").replace("\\n", "\n").replace("\\t", "\t")
        sys.stdout.write(text)
    return rc


# --- samba -----------------------------------------------------------------------------------------

def _md4(data: bytes) -> bytes:
    """RFC 1320 MD4 (hashlib's md4 is gone with OpenSSL 3)."""
    def f(x, y, z): return (x & y) | (~x & z)
    def g(x, y, z): return (x & y) | (x & z) | (y & z)
    def h(x, y, z): return x ^ y ^ z
    def rol(v, s): return ((v << s) | (v >> (32 - s))) & 0xFFFFFFFF
    msg = bytearray(data)
    ml = (8 * len(data)) & 0xFFFFFFFFFFFFFFFF
    msg.append(0x80)
    while len(msg) % 64 != 56:
        msg.append(0)
    msg += struct.pack("<Q", ml)
    a, b, c, d = 0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476
    for off in range(0, len(msg), 64):
        X = list(struct.unpack("<16I", msg[off:off + 64]))
        aa, bb, cc, dd = a, b, c, d
        for i in range(16):
            k = i
            s = (3, 7, 11, 19)[i % 4]
            if i % 4 == 0:
                a = rol((a + f(b, c, d) + X[k]) & 0xFFFFFFFF, s)
            elif i % 4 == 1:
                d = rol((d + f(a, b, c) + X[k]) & 0xFFFFFFFF, s)
            elif i % 4 == 2:
                c = rol((c + f(d, a, b) + X[k]) & 0xFFFFFFFF, s)
            else:
                b = rol((b + f(c, d, a) + X[k]) & 0xFFFFFFFF, s)
        for i in range(16):
            k = (i % 4) * 4 + i // 4
            s = (3, 5, 9, 13)[i % 4]
            if i % 4 == 0:
                a = rol((a + g(b, c, d) + X[k] + 0x5A827999) & 0xFFFFFFFF, s)
            elif i % 4 == 1:
                d = rol((d + g(a, b, c) + X[k] + 0x5A827999) & 0xFFFFFFFF, s)
            elif i % 4 == 2:
                c = rol((c + g(d, a, b) + X[k] + 0x5A827999) & 0xFFFFFFFF, s)
            else:
                b = rol((b + g(c, d, a) + X[k] + 0x5A827999) & 0xFFFFFFFF, s)
        order = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15]
        for i in range(16):
            k = order[i]
            s = (3, 9, 11, 15)[i % 4]
            if i % 4 == 0:
                a = rol((a + h(b, c, d) + X[k] + 0x6ED9EBA1) & 0xFFFFFFFF, s)
            elif i % 4 == 1:
                d = rol((d + h(a, b, c) + X[k] + 0x6ED9EBA1) & 0xFFFFFFFF, s)
            elif i % 4 == 2:
                c = rol((c + h(d, a, b) + X[k] + 0x6ED9EBA1) & 0xFFFFFFFF, s)
            else:
                b = rol((b + h(c, d, a) + X[k] + 0x6ED9EBA1) & 0xFFFFFFFF, s)
        a, b, c, d = [(x + y) & 0xFFFFFFFF for x, y in zip((a, b, c, d), (aa, bb, cc, dd))]
    return struct.pack("<4I", a, b, c, d)


def nt_hash(password: str) -> str:
    return _md4(password.encode("utf-16-le")).hex().upper()


PASSDB = "/var/lib/samba/private/passdb.sim"


def passdb() -> Dict[str, List[str]]:
    res: Dict[str, List[str]] = {}
    for line in read(PASSDB).splitlines():
        parts = line.split(":")
        if len(parts) >= 4:
            res[parts[0]] = parts
    return res


def passdb_write(entries: Dict[str, List[str]]) -> None:
    mkdirs("/var/lib/samba/private", 0o700)
    write(PASSDB, "".join(":".join(v) + "\n" for _k, v in sorted(entries.items())), 0o600)


def _entry(name: str, uid: str, nthash: str, flags: str = "[U          ]") -> List[str]:
    return [name, uid, "X" * 32, nthash, flags, "LCT-%08X" % int(time.time()), ""]


def _need_samba_tools(cmd: str) -> Optional[int]:
    if not installed("samba-common-bin"):
        return not_found(cmd)
    return None


def cmd_pdbedit(args: List[str]) -> int:
    rc = _need_samba_tools("pdbedit")
    if rc is not None:
        return rc
    try:
        opts, rest = getopt.gnu_getopt(args, "Lvwu:axti:e:s:f:d:", [
            "list", "verbose", "smbpasswd-style", "user=", "create", "delete", "password-from-stdin",
            "import=", "export=", "configfile=", "fullname=", "debuglevel="])
    except getopt.GetoptError as exc:
        die(1, f"pdbedit: {exc.msg}\n")
    o = {k: v for k, v in opts}
    has = lambda *n: any(k in n for k in o)  # noqa: E731
    user = o.get("-u") or o.get("--user") or (rest[0] if rest else None)
    entries = passdb()
    if has("-i", "--import"):
        src = o.get("-i") or o.get("--import") or ""
        if not src.startswith("smbpasswd:"):
            die(255, f"pdbedit: import backend '{src}' is not simulated (use smbpasswd:FILE)\n")
        path = src.split(":", 1)[1]
        try:
            with open(gp(path)) as fh:
                lines = fh.read().splitlines()
        except OSError:
            die(255, "Can't initialize passdb backend.\n")
        failed = False
        for line in lines:
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split(":")
            if len(parts) < 6 or not re.fullmatch(r"[0-9A-Fa-f]{32}|X{32}|NO PASSWORDXXXXXXXXXXXXXXXXXXXXX",
                                                  parts[3]):
                sys.stderr.write("Failed to parse smbpasswd line\n")
                failed = True
                continue
            if pw_user(parts[0]) is None:
                sys.stderr.write(f"Failed to add entry for user {parts[0]}.\n")
                failed = True
                continue
            entries[parts[0]] = _entry(parts[0], pw_user(parts[0])[2], parts[3].upper(),
                                       parts[4] if parts[4].startswith("[") else "[U          ]")
        passdb_write(entries)
        return 255 if failed else 0
    if has("-x", "--delete"):
        if not user:
            die(255, "pdbedit: no user specified\n")
        if user not in entries:
            die(255, f"user {user} does not exist in the passdb\n")
        del entries[user]
        passdb_write(entries)
        return 0
    if has("-a", "--create"):
        if not user:
            die(255, "pdbedit: no user specified\n")
        if pw_user(user) is None:
            die(255, f"Failed to add entry for user {user}.\n")
        if user in entries:
            die(255, f"Failed to add entry for user {user}.\n")
        if has("-t", "--password-from-stdin"):
            p1 = sys.stdin.readline().rstrip("\n")
            p2 = sys.stdin.readline().rstrip("\n")
        else:
            p1 = p2 = ""
        if p1 != p2:
            die(255, "Passwords do not match!\n")
        entries[user] = _entry(user, pw_user(user)[2], nt_hash(p1))
        passdb_write(entries)
        sys.stdout.write(f"Unix username:        {user}\nNT username:          \n"
                         f"Account Flags:        [U          ]\n")
        return 0
    if has("-L", "--list") or not o:
        if has("-w", "--smbpasswd-style"):
            die(255, "pdbedit: -w is not simulated (it would print password hashes)\n")
        for name, e in sorted(entries.items()):
            if user and name != user:
                continue
            sys.stdout.write(f"{name}:{e[1]}:\n")
        return 0
    die(255, "pdbedit: option combination not simulated\n")
    return 255


def cmd_smbpasswd(args: List[str]) -> int:
    rc = _need_samba_tools("smbpasswd")
    if rc is not None:
        return rc
    try:
        opts, rest = getopt.gnu_getopt(args, "asxdeni")
    except getopt.GetoptError as exc:
        die(1, f"smbpasswd: {exc.msg}\n")
    flags = {k for k, _ in opts}
    if not rest:
        die(1, "smbpasswd: user name required\n")
    user = rest[0]
    entries = passdb()
    if "-x" in flags:
        if user not in entries:
            die(1, f"Failed to find entry for user {user}.\nFailed to delete entry for user {user}.\n")
        del entries[user]
        passdb_write(entries)
        sys.stdout.write(f"Deleted user {user}.\n")
        return 0
    if "-s" in flags:
        p1 = sys.stdin.readline().rstrip("\n")
        p2 = sys.stdin.readline().rstrip("\n")
    else:
        die(1, "smbpasswd: interactive password entry is not simulated; use -s\n")
    if p1 != p2:
        die(1, "Mismatch - password unchanged.\nUnable to get new password.\n")
    if user not in entries and "-a" not in flags:
        die(1, f"Failed to find entry for user {user}.\nFailed to modify password entry for user {user}\n")
    if pw_user(user) is None:
        die(1, f"Failed to add entry for user {user}.\n")
    existed = user in entries
    entries[user] = _entry(user, pw_user(user)[2], nt_hash(p1))
    passdb_write(entries)
    if not existed:
        sys.stdout.write(f"Added user {user}.\n")
    return 0


def _smbd_running() -> bool:
    u = unit_get("smbd.service")
    return installed("samba") and bool(u) and u.get("active") == "active"


def cmd_smbcontrol(args: List[str]) -> int:
    rc = _need_samba_tools("smbcontrol")
    if rc is not None:
        return rc
    try:
        opts, rest = getopt.gnu_getopt(args, "s:t:d:", ["configfile=", "timeout=", "debuglevel="])
    except getopt.GetoptError as exc:
        die(1, f"smbcontrol: {exc.msg}\n")
    if len(rest) < 2:
        die(1, "Usage: smbcontrol [OPTION...] <destination> <message-type> <parameters>\n")
    dest, msg = rest[0], rest[1]
    conf = next((v for k, v in opts if k in ("-s", "--configfile")), "/etc/samba/smb.conf")
    if dest not in ("smbd", "nmbd", "winbindd", "all") and not dest.isdigit():
        die(1, f"Can't find pid for destination '{dest}'\n")
    if dest in ("smbd", "all") and not _smbd_running():
        die(1, f"Can't find pid for destination '{dest}'\n")
    if msg == "ping":
        sys.stdout.write(f"PONG from pid {1000 + int(os.environ.get('PVESIM_VMID', '0')) % 1000}\n")
        return 0
    if msg == "reload-config":
        _record_reload("smbcontrol", conf)
        return 0
    return 0


def _record_reload(how: str, conf: str = "/etc/samba/smb.conf") -> None:
    path = gp("/var/lib/pvesim/smbd-reloads")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "a") as fh:
        fh.write(json.dumps({"t": round(time.time(), 3), "how": how, "conf": conf}) + "\n")
    u = unit_get("smbd.service")
    if u:
        u["reloads"] = int(u.get("reloads", 0)) + 1
        unit_put("smbd.service", u)


def _rewrite_includes(src: str, tmpdir: str, seen: Dict[str, str]) -> str:
    """Copy a guest smb.conf into tmpdir with 'include =' paths pointing into the guest root."""
    if src in seen:
        return seen[src]
    dst = os.path.join(tmpdir, src.lstrip("/"))
    seen[src] = dst
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    out = []
    for line in read(src).splitlines():
        m = re.match(r"^(\s*include\s*=\s*)(/\S.*?)\s*$", line, re.I)
        if m and "%" not in m.group(2):
            out.append(m.group(1) + _rewrite_includes(m.group(2), tmpdir, seen))
        else:
            out.append(line)
    with open(dst, "w") as fh:
        fh.write("\n".join(out) + "\n")
    return dst


def cmd_testparm(args: List[str]) -> int:
    rc = _need_samba_tools("testparm")
    if rc is not None:
        return rc
    exe = "/usr/bin/testparm"
    if not os.access(exe, os.X_OK):
        sys.stderr.write("testparm: the host has no /usr/bin/testparm (install samba-common-bin)\n")
        return 127
    passthru: List[str] = []
    conf = "/etc/samba/smb.conf"
    positional = []
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("--parameter-name", "--section-name", "-l", "--debuglevel", "-d"):
            passthru += [a, args[i + 1]] if i + 1 < len(args) else [a]
            i += 2
            continue
        if a.startswith("-"):
            passthru.append(a)
        else:
            positional.append(a)
        i += 1
    if positional:
        conf = positional[0]
    if not os.path.exists(gp(conf)):
        sys.stderr.write(f"Load smb config files from {conf}\nError loading services.\n")
        return 1
    with tempfile.TemporaryDirectory(prefix="pvesim-testparm-") as tmp:
        path = _rewrite_includes(conf, tmp, {})
        env = dict(os.environ)
        env.pop("SMB_CONF_PATH", None)
        proc = subprocess.run([exe] + passthru + [path] + positional[1:], capture_output=True,
                              text=True, env=env, stdin=subprocess.DEVNULL)
        fix = lambda s: s.replace(tmp, "").replace(ROOT, "")  # noqa: E731
        sys.stdout.write(fix(proc.stdout))
        sys.stderr.write(fix(proc.stderr))
        return proc.returncode


# --- systemctl -------------------------------------------------------------------------------------

def _unit_name(u: str) -> str:
    return u if "." in u else u + ".service"


def cmd_systemctl(args: List[str]) -> int:
    flags = [a for a in args if a.startswith("-")]
    rest = [a for a in args if not a.startswith("-")]
    quiet = "-q" in flags or "--quiet" in flags
    now = "--now" in flags
    if not rest:
        die(1, "systemctl: listing units is not simulated\n")
    verb, units = rest[0], [_unit_name(u) for u in rest[1:]]
    if verb == "daemon-reload":
        return 0
    if verb in ("start", "stop", "restart", "reload", "enable", "disable", "mask", "unmask",
                "is-active", "is-enabled", "status", "try-restart", "reload-or-restart",
                "try-reload-or-restart") and not units:
        die(1, "Too few arguments.\n")
    rc = 0
    for unit in units:
        u = unit_get(unit)
        if verb == "is-active":
            state = u.get("active", "inactive") if u else "inactive"
            if not quiet:
                sys.stdout.write(state + "\n")
            if state != "active":
                rc = 3
            continue
        if verb == "is-enabled":
            if not u:
                if not quiet:
                    sys.stderr.write(f"Failed to get unit file state for {unit}: No such file or directory\n")
                rc = 1
                continue
            if not quiet:
                sys.stdout.write(u.get("enabled", "disabled") + "\n")
            if u.get("enabled") != "enabled":
                rc = 1
            continue
        if verb == "status":
            if not u:
                sys.stderr.write(f"Unit {unit} could not be found.\n")
                rc = 4
                continue
            active = u.get("active") == "active"
            sys.stdout.write(f"● {unit}\n     Loaded: loaded (/lib/systemd/system/{unit}; "
                             f"{u.get('enabled', 'disabled')}; preset: enabled)\n     Active: "
                             + ("active (running)\n" if active else "inactive (dead)\n"))
            if not active:
                rc = 3
            continue
        if not u:
            if verb in ("enable", "disable", "unmask", "mask"):
                die(1, f"Failed to {verb} unit: Unit file {unit} does not exist.\n")
            die(5, f"Failed to {verb} {unit}: Unit {unit} not found.\n")
        if u.get("enabled") == "masked" and verb in ("start", "restart", "reload", "try-restart"):
            die(1, f"Failed to {verb} {unit}: Unit {unit} is masked.\n")
        if verb in ("start",):
            u["active"] = "active"
        elif verb == "stop":
            u["active"] = "inactive"
        elif verb in ("restart", "try-restart") or (verb in ("reload-or-restart", "try-reload-or-restart")
                                                      and u.get("active") != "active"):
            if verb.startswith("try-") and u.get("active") != "active":
                pass
            elif verb == "reload-or-restart":
                u["active"] = "active"  # not running: started
            else:
                u["active"] = "active"
                u["restarts"] = int(u.get("restarts", 0)) + 1
        elif verb in ("reload", "reload-or-restart", "try-reload-or-restart"):
            # a running unit that supports reload is reloaded, not restarted
            if verb == "reload" and u.get("active") != "active":
                die(1, f"{unit} is not active, cannot reload.\n")
            if unit == "smbd.service":
                unit_put(unit, u)
                _record_reload("systemctl")  # counts the reload in the unit state too
                u = unit_get(unit) or u
            else:
                u["reloads"] = int(u.get("reloads", 0)) + 1
        elif verb == "enable":
            if u.get("enabled") != "enabled":
                sys.stderr.write(f"Created symlink /etc/systemd/system/multi-user.target.wants/{unit} "
                                 f"→ /lib/systemd/system/{unit}.\n")
            u["enabled"] = "enabled"
            if now:
                u["active"] = "active"
        elif verb == "disable":
            if u.get("enabled") == "enabled":
                sys.stderr.write(f"Removed \"/etc/systemd/system/multi-user.target.wants/{unit}\".\n")
            u["enabled"] = "disabled"
            if now:
                u["active"] = "inactive"
        elif verb == "mask":
            u["enabled"] = "masked"
        elif verb == "unmask":
            u["enabled"] = "disabled"
        else:
            die(1, f"Unknown command verb {verb}.\n")
        unit_put(unit, u)
    return rc


# --- network ---------------------------------------------------------------------------------------

def _interfaces() -> List[Dict[str, str]]:
    state = os.environ.get("PVESIM_STATE")
    vmid = os.environ.get("PVESIM_VMID")
    if not state or not vmid:
        return [{"name": "lo", "hwaddr": "00:00:00:00:00:00", "inet": "127.0.0.1/8", "inet6": "::1/128"}]
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    from pvesim.backends.base import interfaces
    from pvesim.model.state import State
    st = State(state)
    if os.environ.get("PVESIM_GUEST_TYPE") == "qemu":
        from pvesim.ops.qemu import load
        from pvesim.guest.vm import guest_interfaces
        return guest_interfaces(st, int(vmid), load(st, int(vmid)).main)
    return interfaces(int(vmid), st.load(int(vmid)).main)


def cmd_ip(args: List[str]) -> int:
    js = any(a in ("-j", "-json", "--json") for a in args)
    fam4 = "-4" in args
    rest = [a for a in args if not a.startswith("-")]
    if not rest or rest[0] not in ("a", "addr", "address"):
        die(1, "ip: only 'ip [-j] [-4] addr [show [dev IF]]' is simulated\n")
    dev = rest[rest.index("dev") + 1] if "dev" in rest and rest.index("dev") + 1 < len(rest) else None
    ifs = [i for i in _interfaces() if dev is None or i["name"] == dev]
    if dev is not None and not ifs:
        die(1, f'Device "{dev}" does not exist.\n')
    if js:
        res = []
        for idx, i in enumerate(ifs, 1):
            lo = i["name"] == "lo"
            addr = []
            if i.get("inet"):
                ip, plen = i["inet"].split("/")
                a = {"family": "inet", "local": ip, "prefixlen": int(plen), "scope": "host" if lo else "global",
                     "label": i["name"], "valid_life_time": 4294967295, "preferred_life_time": 4294967295}
                if not lo:
                    a["broadcast"] = ".".join(ip.split(".")[:3]) + ".255"
                addr.append(a)
            if i.get("inet6") and not fam4:
                ip, plen = i["inet6"].split("/")
                addr.append({"family": "inet6", "local": ip, "prefixlen": int(plen),
                             "scope": "host" if lo else ("link" if ip.startswith("fe80") else "global"),
                             "valid_life_time": 4294967295, "preferred_life_time": 4294967295})
            entry = {"ifindex": idx if lo else idx + 1, "ifname": i["name"],
                     "flags": ["LOOPBACK", "UP", "LOWER_UP"] if lo else ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"],
                     "mtu": 65536 if lo else 1500, "qdisc": "noqueue",
                     "operstate": "UNKNOWN" if lo else "UP", "group": "default", "txqlen": 1000,
                     "link_type": "loopback" if lo else "ether", "address": i["hwaddr"],
                     "broadcast": "00:00:00:00:00:00" if lo else "ff:ff:ff:ff:ff:ff",
                     "addr_info": addr}
            if not lo:
                entry["link_index"] = 100 + idx
                entry["link_netnsid"] = 0
            res.append(entry)
        sys.stdout.write(json.dumps(res, separators=(",", ":")) + "\n")
        return 0
    for idx, i in enumerate(ifs, 1):
        lo = i["name"] == "lo"
        name = i["name"] if lo else f"{i['name']}@if{100 + idx}"
        sys.stdout.write(f"{idx}: {name}: <{'LOOPBACK,UP,LOWER_UP' if lo else 'BROADCAST,MULTICAST,UP,LOWER_UP'}> "
                         f"mtu {65536 if lo else 1500} qdisc noqueue state {'UNKNOWN' if lo else 'UP'} "
                         f"group default qlen 1000\n")
        sys.stdout.write(f"    link/{'loopback' if lo else 'ether'} {i['hwaddr']} brd "
                         f"{'00:00:00:00:00:00' if lo else 'ff:ff:ff:ff:ff:ff'}\n")
        if i.get("inet"):
            sys.stdout.write(f"    inet {i['inet']} scope {'host' if lo else 'global'} {i['name']}\n"
                             "       valid_lft forever preferred_lft forever\n")
        if i.get("inet6") and not fam4:
            sys.stdout.write(f"    inet6 {i['inet6']} scope {'host' if lo else 'link'} \n"
                             "       valid_lft forever preferred_lft forever\n")
    return 0


def cmd_hostname(args: List[str]) -> int:
    if "-I" in args or "--all-ip-addresses" in args:
        ips = [i["inet"].split("/")[0] for i in _interfaces() if i["name"] != "lo" and i.get("inet")]
        sys.stdout.write(" ".join(ips) + " \n")
        return 0
    name = read("/etc/hostname").strip()
    if "-s" in args or "--short" in args:
        name = name.split(".")[0]
    sys.stdout.write(name + "\n")
    return 0


# --- coreutils subset ---------------------------------------------------------------------------------

def _owner_ids(spec: str) -> Tuple[Optional[int], Optional[int]]:
    user, _, group = spec.partition(":")
    uid = gid = None
    if user:
        if user.isdigit():
            uid = int(user)
        else:
            r = pw_user(user)
            if r is None:
                die(1, f"chown: invalid user: '{spec}'\n")
            uid = int(r[2])
    if group:
        if group.isdigit():
            gid = int(group)
        else:
            r = gr_group(group)
            if r is None:
                die(1, f"chown: invalid group: '{spec}'\n")
            gid = int(r[2])
    return uid, gid


def _ct_owner(path: str) -> Tuple[int, int]:
    s = os.lstat(path)
    uid, gid = s.st_uid, s.st_gid
    for t, ct, host, n in IDMAP:
        if t == "u" and host <= s.st_uid < host + n:
            uid = ct + s.st_uid - host
        if t == "g" and host <= s.st_gid < host + n:
            gid = ct + s.st_gid - host
    return uid, gid


def cmd_chown(args: List[str]) -> int:
    recursive = any(a in ("-R", "--recursive") for a in args)
    rest = [a for a in args if not a.startswith("-")]
    if len(rest) < 2:
        die(1, "chown: missing operand\nTry 'chown --help' for more information.\n")
    uid, gid = _owner_ids(rest[0])
    rc = 0
    for p in rest[1:]:
        full = gp(p)
        if not os.path.lexists(full):
            sys.stderr.write(f"chown: cannot access '{p}': No such file or directory\n")
            rc = 1
            continue
        targets = [full]
        if recursive and os.path.isdir(full):
            for dp, dn, fn in os.walk(full):
                targets += [os.path.join(dp, x) for x in dn + fn]
        for t in targets:
            cu, cg = _ct_owner(t)
            try:
                _chown(t, uid if uid is not None else cu, gid if gid is not None else cg)
            except OSError:
                rel = "/" + os.path.relpath(t, ROOT)
                sys.stderr.write(f"chown: changing ownership of '{rel if t != full else p}': "
                                 f"Invalid argument\n")
                rc = 1
    return rc


def cmd_chmod(args: List[str]) -> int:
    recursive = any(a in ("-R", "--recursive") for a in args)
    rest = [a for a in args if not a.startswith("-")]
    if len(rest) < 2:
        die(1, "chmod: missing operand\nTry 'chmod --help' for more information.\n")
    if not re.fullmatch(r"[0-7]{1,4}", rest[0]):
        die(1, f"chmod: only octal modes are simulated: '{rest[0]}'\n")
    mode = int(rest[0], 8)
    rc = 0
    for p in rest[1:]:
        full = gp(p)
        if not os.path.exists(full):
            sys.stderr.write(f"chmod: cannot access '{p}': No such file or directory\n")
            rc = 1
            continue
        os.chmod(full, mode)
        if recursive and os.path.isdir(full):
            for dp, dn, fn in os.walk(full):
                for x in dn + fn:
                    os.chmod(os.path.join(dp, x), mode)
    return rc


def cmd_mkdir(args: List[str]) -> int:
    try:
        opts, rest = getopt.gnu_getopt(args, "pm:v", ["parents", "mode=", "verbose"])
    except getopt.GetoptError as exc:
        die(1, f"mkdir: {exc.msg}\n")
    parents = any(k in ("-p", "--parents") for k, _ in opts)
    mode_s = next((v for k, v in opts if k in ("-m", "--mode")), None)
    mode = int(mode_s, 8) if mode_s else 0o755
    rc = 0
    for p in rest:
        full = gp(p)
        if os.path.exists(full):
            if not parents:
                sys.stderr.write(f"mkdir: cannot create directory '{p}': File exists\n")
                rc = 1
            continue
        if not parents and not os.path.isdir(os.path.dirname(full)):
            sys.stderr.write(f"mkdir: cannot create directory '{p}': No such file or directory\n")
            rc = 1
            continue
        mkdirs(p if p.startswith("/") else "/" + p, mode)
        os.chmod(full, mode)
    return rc


def cmd_rm(args: List[str]) -> int:
    flags = "".join(a[1:] for a in args if a.startswith("-") and not a.startswith("--"))
    force = "f" in flags or "--force" in args
    rec = "r" in flags or "R" in flags or "--recursive" in args
    rc = 0
    for p in [a for a in args if not a.startswith("-")]:
        full = gp(p)
        if os.path.islink(full) or os.path.isfile(full):
            os.unlink(full)
        elif os.path.isdir(full):
            if not rec:
                sys.stderr.write(f"rm: cannot remove '{p}': Is a directory\n")
                rc = 1
            else:
                shutil.rmtree(full)
        elif not force:
            sys.stderr.write(f"rm: cannot remove '{p}': No such file or directory\n")
            rc = 1
    return rc


def cmd_cat(args: List[str]) -> int:
    rc = 0
    if not args:
        sys.stdout.write(sys.stdin.read())
        return 0
    for p in args:
        try:
            with open(gp(p), "rb") as fh:
                sys.stdout.flush()
                sys.stdout.buffer.write(fh.read())
        except FileNotFoundError:
            sys.stderr.write(f"cat: {p}: No such file or directory\n")
            rc = 1
        except IsADirectoryError:
            sys.stderr.write(f"cat: {p}: Is a directory\n")
            rc = 1
    return rc


def cmd_true(args: List[str]) -> int:
    return 0


COMMANDS = {
    "useradd": cmd_useradd, "groupadd": cmd_groupadd, "userdel": cmd_userdel,
    "groupdel": cmd_groupdel, "usermod": cmd_usermod, "getent": cmd_getent, "id": cmd_id,
    "apt-get": cmd_apt_get, "dpkg-query": cmd_dpkg_query, "pdbedit": cmd_pdbedit,
    "smbpasswd": cmd_smbpasswd, "smbcontrol": cmd_smbcontrol, "testparm": cmd_testparm,
    "systemctl": cmd_systemctl, "ip": cmd_ip, "hostname": cmd_hostname, "chown": cmd_chown,
    "chmod": cmd_chmod, "mkdir": cmd_mkdir, "rm": cmd_rm, "cat": cmd_cat, "true": cmd_true,
}


def main(name: str, args: List[str]) -> int:
    global ROOT, IDMAP
    root = os.environ.get("PVESIM_GUEST_ROOT")
    if not root or not os.path.isdir(root):
        sys.stderr.write(f"pvesim guest tool '{name}': PVESIM_GUEST_ROOT is not set; refusing to touch "
                         f"the host (run me through 'pct exec')\n")
        return 126
    ROOT = os.path.abspath(root)
    IDMAP = []
    for item in [x for x in os.environ.get("PVESIM_IDMAP", "").split(",") if x]:
        t, c, h, n = item.split(":")
        IDMAP.append((t, int(c), int(h), int(n)))
    func = COMMANDS.get(name)
    if func is None:
        from .vm_tools import COMMANDS as VM_COMMANDS  # mount, findmnt, cloud-init, tee, ...
        func = VM_COMMANDS.get(name)
    if func is None:
        from .ad_tools import COMMANDS as AD_COMMANDS  # net ads, wbinfo, kinit, cp, env
        func = AD_COMMANDS.get(name)
    if func is None:
        return not_found(name)
    try:
        return func(args)
    except Exit as exc:
        if exc.msg:
            sys.stderr.write(exc.msg)
        return exc.code
