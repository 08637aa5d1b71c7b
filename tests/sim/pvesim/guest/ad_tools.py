"""Guest tools of an AD member (tests/sim/guest-bin/): Samba's `net ads`, winbind's
wbinfo and ntlm_auth, MIT Kerberos' kinit and klist, and coreutils' cp and env.

The domain is a file, $PVESIM_STATE/addc.json (tests write it with write_domain):
realm, workgroup, the DC's address and name, the domain SID, users (name -> password,
rid), the computer accounts joined, and the DC's clock offset. A guest reaches the DC
only when its /etc/resolv.conf names the DC's address as nameserver (SRV lookups go
there). A guest's secrets.tdb (JSON here) holds the local SID of each NetBIOS name
("SID/<NAME>") and the membership ("member": machine account, realm; never a user's
password); the DC keeps the computer account. Outputs and exit codes follow Samba 4.17 and MIT krb5 1.20 for what
is implemented; passwords are read from stdin and never stored or printed.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import sys
import time
from typing import Callable, Dict, List, Optional, Tuple
from urllib.parse import unquote

from . import tools as g

SECRETS = "/var/lib/samba/private/secrets.tdb"
DC_FILE = "addc.json"
Tool = Callable[[List[str]], int]
NOT_MEMBER = ("Join to domain is not valid: The name provided is not a properly formed "
              "account name.\n")


def write_domain(state_root: str, realm: str, workgroup: str, ip: str,
                 users: Dict[str, str]) -> None:
    """The simulated domain (called by tests). Administrator gets rid 500, others 1103+."""
    others = sorted(n for n in users if n != "Administrator")
    rows = {name: {"password": pw, "rid": 500 if name == "Administrator"
                   else 1103 + others.index(name)} for name, pw in users.items()}
    data = {"realm": realm.upper(), "workgroup": workgroup.upper(), "ip": ip,
            "dc": f"dc1.{realm.lower()}", "sid": "S-1-5-21-3623811015-3361044348-30300820",
            "users": rows, "computers": {}, "time_offset": 0}
    with open(os.path.join(state_root, DC_FILE), "w") as fh:
        json.dump(data, fh, indent=1, sort_keys=True)


def _dc_path() -> str:
    return os.path.join(os.environ.get("PVESIM_STATE", "/nonexistent"), DC_FILE)


def _dc() -> Optional[dict]:
    try:
        with open(_dc_path()) as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def _dc_save(dc: dict) -> None:
    tmp = _dc_path() + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(dc, fh, indent=1, sort_keys=True)
    os.replace(tmp, _dc_path())


def _reachable(realm: str) -> Optional[dict]:
    """The domain of REALM if the guest's DNS (resolv.conf) leads to its DC."""
    dc = _dc()
    if dc is None or dc["realm"] != realm.upper():
        return None
    servers = re.findall(r"^\s*nameserver\s+(\S+)", g.read("/etc/resolv.conf"), re.M)
    return dc if dc["ip"] in servers else None


def _conf(path: str, seen: Optional[set] = None) -> Dict[str, str]:
    """[global] parameters of a guest smb.conf (includes followed), keys lower case."""
    seen = seen or set()
    if path in seen:
        return {}
    seen.add(path)
    out: Dict[str, str] = {}
    section = "global"
    for raw in g.read(path).splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        m = re.fullmatch(r"\[([^]]+)\]", line)
        if m:
            section = m.group(1).strip().lower()
            continue
        if "=" not in line or section != "global":
            continue
        key, _, value = line.partition("=")
        key = re.sub(r"\s+", " ", key.strip().lower())
        if key == "include":
            out.update(_conf(value.strip(), seen))
        else:
            out[key] = value.strip()
    return out


def _opt(args: List[str], name: str) -> Optional[str]:
    for i, a in enumerate(args):
        if a == name and i + 1 < len(args):
            return args[i + 1]
        if a.startswith(name + "="):
            return a.split("=", 1)[1]
    return None


def _tdb() -> dict:
    raw = g.read(SECRETS)
    try:
        return json.loads(raw) if raw.strip() else {}
    except ValueError:
        return {}


def _tdb_save(data: dict) -> None:
    g.mkdirs("/var/lib/samba/private", 0o700)
    g.write(SECRETS, json.dumps(data, sort_keys=True) + "\n", 0o600)


def _secrets() -> Optional[dict]:
    """The membership, or None."""
    return _tdb().get("member")


def _netbios(conf: Dict[str, str]) -> str:
    return (conf.get("netbios name") or g.read("/etc/hostname").strip().split(".")[0]
            ).upper()[:15]


def _read_password() -> str:
    # net and kinit prompt on the terminal; without one they read a line from stdin.
    return sys.stdin.readline().rstrip("\n")


def needs(cmd: str, pkg: str) -> Callable[[Tool], Tool]:
    """Tool CMD exists in the guest only once PKG is installed."""
    def wrap(func: Tool) -> Tool:
        def tool(args: List[str]) -> int:
            return func(args) if g.installed(pkg) else g.not_found(cmd)
        return tool
    return wrap


# --- net ads -----------------------------------------------------------------------------

@needs("net", "samba-common-bin")
def cmd_net(args: List[str]) -> int:
    conf = _conf(_opt(args, "-s") or "/etc/samba/smb.conf")
    if args[:1] in (["getlocalsid"], ["setlocalsid"]):
        return _localsid(args, conf)
    if len(args) < 2 or args[0] != "ads":
        g.die(255, "net: only `net ads`, getlocalsid and setlocalsid are simulated\n")
    realm = (_opt(args, "--realm") or conf.get("realm", "")).upper()
    verb = args[1]
    if verb == "testjoin":
        return _testjoin(conf)
    if verb == "workgroup":
        dc = _reachable(realm)
        if dc is None:
            g.die(255, "Didn't find the cldap server!\n")
        sys.stdout.write(f"Workgroup: {dc['workgroup']}\n")
        return 0
    if verb == "info":
        dc = _reachable(realm)
        if dc is None:
            g.die(255, "Didn't find the ldap server!\n")
        now = time.strftime("%a, %d %b %Y %H:%M:%S UTC", time.gmtime())
        base = ",".join(f"dc={p.upper()}" for p in dc["realm"].split("."))
        sys.stdout.write(f"LDAP server: {dc['ip']}\nLDAP server name: {dc['dc']}\n"
                         f"Realm: {dc['realm']}\nBind Path: {base}\nLDAP port: 389\n"
                         f"Server time: {now}\nKDC server: {dc['ip']}\n"
                         f"Server time offset: {dc.get('time_offset', 0)}\n"
                         "Last machine account password change: Thu, 01 Jan 1970 00:00:00 UTC\n")
        return 0
    if verb == "join":
        return _join(args, conf)
    if verb == "leave":
        return _leave(args, conf)
    if verb == "keytab" and args[2:3] == ["create"]:
        return _keytab(conf)
    g.die(255, f"Invalid command: net ads {verb}\n")
    return 255


def _localsid(args: List[str], conf: Dict[str, str]) -> int:
    name = _netbios(conf)
    tdb = _tdb()
    if args[0] == "setlocalsid":
        sid = args[1] if len(args) > 1 else ""
        if not re.fullmatch(r"S-1-5-21(-\d+){3}", sid):
            g.die(1, f"failed to convert '{sid}' to a SID\n")
        tdb[f"SID/{name}"] = sid
        _tdb_save(tdb)
        return 0
    sid = tdb.get(f"SID/{name}")
    if sid is None:  # Samba makes one up for a name it has none for, and stores it
        sid = "S-1-5-21-" + "-".join(str(secrets.randbelow(2**32)) for _ in range(3))
        tdb[f"SID/{name}"] = sid
        _tdb_save(tdb)
    sys.stdout.write(f"SID for domain {name} is: {sid}\n")
    return 0


def _testjoin(conf: Dict[str, str]) -> int:
    sec = _secrets()
    if conf.get("security", "").lower() != "ads" or sec is None:
        g.die(255, NOT_MEMBER)
    dc = _reachable(sec["realm"])
    if dc is None:
        g.die(255, "Join to domain is not valid: No logon servers are currently available "
                   "to service the logon request.\n")
    if dc["computers"].get(sec["account"]) != sec["machine"]:
        g.die(255, "Join to domain is not valid: The trust relationship between this "
                   "workstation and the primary domain failed.\n")
    sys.stdout.write("Join is OK\n")
    return 0


def _admin(dc: dict, args: List[str]) -> Tuple[str, bool]:
    user = _opt(args, "-U") or "Administrator"
    password = _read_password()
    entry = dc["users"].get(user)
    return user, entry is not None and entry["password"] == password


def _join(args: List[str], conf: Dict[str, str]) -> int:
    realm = conf.get("realm", "").upper()
    if conf.get("security", "").lower() != "ads" or not realm:
        g.die(255, "Host is not configured as a member server.\nInvalid configuration.  "
                   "Exiting....\nFailed to join domain: This operation is only allowed for "
                   "the PDC of the domain.\n")
    dc = _reachable(realm)
    if dc is None:
        g.die(255, f"Failed to join domain: failed to find DC for domain {realm} - "
                   "No logon servers are currently available to service the logon request.\n")
    user, ok = _admin(dc, args)
    if not ok:
        g.die(255, f"Failed to join domain: failed to lookup DC info for domain '{realm}' "
                   "over rpc: The attempted logon is invalid. This is either due to a bad "
                   "username or authentication information.\n")
    name = _netbios(conf)
    account = name + "$"
    machine = secrets.token_hex(8)  # stands for the machine password: not the admin's
    dc["computers"][account] = machine
    _dc_save(dc)
    tdb = _tdb()
    tdb["member"] = {"realm": realm, "account": account, "machine": machine,
                     "workgroup": dc["workgroup"]}
    _tdb_save(tdb)
    sys.stdout.write(f"Using short domain name -- {dc['workgroup']}\n"
                     f"Joined '{name}' to dns domain '{realm.lower()}'\n")
    return 0


def _leave(args: List[str], conf: Dict[str, str]) -> int:
    sec = _secrets()
    realm = conf.get("realm", "").upper()
    dc = _reachable(realm)
    if dc is None:
        g.die(255, "Failed to leave domain: No logon servers are currently available to "
                   "service the logon request.\n")
    user, ok = _admin(dc, args)
    if not ok:
        g.die(255, "Failed to leave domain: The attempted logon is invalid. This is either "
                   "due to a bad username or authentication information.\n")
    if sec is None or dc["computers"].pop(sec["account"], None) is None:
        g.die(255, "Failed to leave domain: No such user\n")
    _dc_save(dc)
    tdb = _tdb()
    tdb.pop("member", None)
    _tdb_save(tdb)
    sys.stdout.write(f"Deleted account for '{sec['account'][:-1]}' in realm '{realm}'\n")
    return 0


def _keytab(conf: Dict[str, str]) -> int:
    sec = _secrets()
    if sec is None:
        g.die(255, "ads_keytab_create: machine account is not joined\n")
    path = conf.get("dedicated keytab file", "FILE:/etc/krb5.keytab").split(":", 1)[-1]
    host = sec["account"][:-1].lower()
    fqdn = f"{host}.{sec['realm'].lower()}"
    principals = [sec["account"], f"host/{host.upper()}", f"host/{fqdn}"]
    g.write(path, json.dumps([f"{p}@{sec['realm']}" for p in principals]) + "\n", 0o600)
    return 0


# --- Kerberos ----------------------------------------------------------------------------

@needs("kinit", "krb5-user")
def cmd_kinit(args: List[str]) -> int:
    principal = next((a for a in args if not a.startswith("-")), "")
    user, _, realm = principal.partition("@")
    krb5 = g.read(os.environ.get("KRB5_CONFIG", "/etc/krb5.conf"))
    realm = realm or (re.findall(r"default_realm\s*=\s*(\S+)", krb5) or [""])[0]
    sys.stdout.write(f"Password for {user}@{realm}: ")
    password = _read_password()
    dc = _reachable(realm)
    if dc is None:
        g.die(1, f"kinit: Cannot find KDC for realm \"{realm}\" while getting initial "
                 "credentials\n")
    entry = dc["users"].get(user)
    if entry is None:
        g.die(1, f"kinit: Client '{user}@{realm}' not found in Kerberos database while "
                 "getting initial credentials\n")
    if entry["password"] != password:
        g.die(1, "kinit: Password incorrect while getting initial credentials\n")
    return 0


@needs("klist", "krb5-user")
def cmd_klist(args: List[str]) -> int:
    path = next((a for a in args if not a.startswith("-")), "/etc/krb5.keytab")
    raw = g.read(path)
    if "-k" not in args:
        g.die(1, "klist: only -k is simulated\n")
    if not raw:
        g.die(1, f"klist: Key table file '{path}' not found while starting keytab scan\n")
    sys.stdout.write(f"Keytab name: FILE:{path}\nKVNO Principal\n---- "
                     + "-" * 74 + "\n")
    for p in json.loads(raw):
        sys.stdout.write(f"   1 {p}\n")
    return 0


# --- winbind -----------------------------------------------------------------------------

def _winbind() -> Optional[Tuple[dict, dict, Dict[str, str]]]:
    """(domain, membership, smb.conf globals) when winbindd runs and reaches the DC."""
    unit = g.unit_get("winbind.service")
    sec = _secrets()
    if not unit or unit.get("active") != "active" or sec is None:
        return None
    dc = _reachable(sec["realm"])
    if dc is None or dc["computers"].get(sec["account"]) != sec["machine"]:
        return None
    return dc, sec, _conf("/etc/samba/smb.conf")


def _uid(conf: Dict[str, str], workgroup: str, rid: int) -> Optional[int]:
    """The id winbind's idmap gives RID (rid backend; autorid: the first block)."""
    if conf.get(f"idmap config {workgroup.lower()} : backend", "") == "rid":
        low = conf[f"idmap config {workgroup.lower()} : range"].split("-")[0]
        return int(low) + rid
    if conf.get("idmap config * : backend") == "autorid":
        low = int(conf["idmap config * : range"].split("-")[0])
        return low + int(conf.get("idmap config * : rangesize", "100000")) + rid
    return None


def _user(name: str) -> Optional[Tuple[dict, str, dict, int, int]]:
    """(domain, user name, entry, uid, gid) of DOMAIN\\user through winbind."""
    got = _winbind()
    if got is None:
        return None
    dc, _sec, conf = got
    domain, _, user = name.rpartition("\\")
    if domain.upper() not in (dc["workgroup"], ""):
        return None
    entry = next((v for k, v in dc["users"].items() if k.lower() == user.lower()), None)
    if entry is None:
        return None
    uid, gid = _uid(conf, dc["workgroup"], entry["rid"]), _uid(conf, dc["workgroup"], 513)
    if uid is None or gid is None:
        return None
    real = next(k for k in dc["users"] if k.lower() == user.lower())
    return dc, real, entry, uid, gid


@needs("wbinfo", "winbind")
def cmd_wbinfo(args: List[str]) -> int:
    unit = g.unit_get("winbind.service")
    if not unit or unit.get("active") != "active":
        g.die(1, "failed to call wbcPingDc: WBC_ERR_WINBIND_NOT_AVAILABLE\n"
                 "checking the NETLOGON dc connection to \"\" failed\n")
    got = _winbind()
    if args[:1] == ["-P"]:
        if got is None:
            g.die(1, "failed to call wbcPingDc: WBC_ERR_DOMAIN_NOT_FOUND\n"
                     "checking the NETLOGON dc connection to \"\" failed\n")
        dc = got[0]
        sys.stdout.write(f"checking the NETLOGON for domain[{dc['workgroup']}] dc "
                         f"connection to \"{dc['dc']}\" succeeded\n")
        return 0
    if args[:1] == ["-i"] and len(args) == 2:
        found = _user(args[1])
        if found is None:
            g.die(1, f"failed to call wbcGetpwnam: WBC_ERR_DOMAIN_NOT_FOUND\n"
                     f"Could not get info for user {args[1]}\n")
        dc, real, _entry, uid, gid = found
        sys.stdout.write(f"{dc['workgroup']}\\{real}:*:{uid}:{gid}::/nonexistent:"
                         "/usr/sbin/nologin\n")
        return 0
    if args[:1] == ["-n"] and len(args) == 2:
        found = _user(args[1])
        if found is None:
            g.die(1, f"failed to call wbcLookupName: WBC_ERR_DOMAIN_NOT_FOUND\n"
                     f"Could not lookup name {args[1]}\n")
        sys.stdout.write(f"{found[0]['sid']}-{found[2]['rid']} SID_USER (1)\n")
        return 0
    if args[:1] == ["-D"] and len(args) == 2 and got is not None:
        dc = got[0]
        sys.stdout.write(f"Name              : {dc['workgroup']}\nAlt_Name          : "
                         f"{dc['realm'].lower()}\nSID               : {dc['sid']}\n"
                         "Active Directory  : Yes\nNative            : Yes\n"
                         "Primary           : Yes\n")
        return 0
    g.die(1, "wbinfo: option not simulated\n")
    return 1


@needs("ntlm_auth", "winbind")
def cmd_ntlm_auth(args: List[str]) -> int:
    """--helper-protocol=squid-2.5-basic: 'user password' lines in, OK/ERR out."""
    for line in sys.stdin:
        user, _, password = (unquote(x) for x in line.rstrip("\n").partition(" "))
        found = _user(user)
        ok = found is not None and found[2]["password"] == password
        sys.stdout.write("OK\n" if ok else "ERR\n")
    return 0


# --- coreutils ---------------------------------------------------------------------------

def cmd_cp(args: List[str]) -> int:
    files = [a for a in args if not a.startswith("-")]
    if len(files) != 2:
        g.die(1, "cp: missing destination file operand\n")
    src, dst = files
    if not os.path.exists(g.gp(src)):
        g.die(1, f"cp: cannot stat '{src}': No such file or directory\n")
    if "-a" in args or "-p" in args:
        shutil.copy2(g.gp(src), g.gp(dst))
    else:
        shutil.copyfile(g.gp(src), g.gp(dst))
    return 0


def cmd_env(args: List[str]) -> int:
    """env NAME=VALUE... COMMAND ARGS: COMMAND from the guest's tools."""
    env = dict(os.environ)
    while args and "=" in args[0] and not args[0].startswith("-"):
        key, _, value = args.pop(0).partition("=")
        env[key] = value
    if not args:
        sys.stdout.write("".join(f"{k}={v}\n" for k, v in env.items()))
        return 0
    tool = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__)))), "guest-bin", os.path.basename(args[0]))
    if not os.path.isfile(tool):
        g.die(127, f"env: '{args[0]}': No such file or directory\n")
    sys.stdout.flush()
    os.execve(tool, [tool, *args[1:]], env)
    return 127


COMMANDS = {"net": cmd_net, "kinit": cmd_kinit, "klist": cmd_klist, "wbinfo": cmd_wbinfo,
            "ntlm_auth": cmd_ntlm_auth, "cp": cmd_cp, "env": cmd_env}
