"""The files an AD join writes, as pure text functions.

- the Samba [global] settings (a file of its own, pulled into the admin's smb.conf by
  one marked include line, like the shares' include file);
- krb5.conf for the realm;
- nsswitch.conf with `winbind` added to the passwd and group lines (and only that).
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..samba import conf as samba_conf
from ..samba.conf import MARKER as SHARES_MARKER, fix_marked_include
from .spec import AUTORID_RANGESIZE, JoinSpec

MARKER = "# pvesmbgw: managed AD settings, do not edit this line or the next"
NSS_DATABASES = ("passwd", "group")


def _range(r: tuple[int, int]) -> str:
    return f"{r[0]}-{r[0] + r[1] - 1}"


def samba_globals(spec: JoinSpec, workgroup: str, keytab: Path,
                  ntacl_xattr: Optional[str] = None, netbios_name: Optional[str] = None) -> str:
    """The [global] section for `security = ads` with winbind and idmap. NTACL_XATTR:
    where acl_xattr keeps NT ACLs when it cannot use security.NTACL; NETBIOS_NAME: the
    name to join under instead of the hostname."""
    lines = [
        "# Written by pvesmbgw (ad join); removed again by `pve-smbgateway ad leave`.",
        "[global]",
        # server role wins over security, and Debian's smb.conf sets it (standalone).
        "\tserver role = member server",
        "\tsecurity = ads",
        f"\trealm = {spec.realm}",
        f"\tworkgroup = {workgroup}",
        *([f"\tnetbios name = {netbios_name}"] if netbios_name else []),
        "\tkerberos method = dedicated keytab",
        f"\tdedicated keytab file = FILE:{keytab}",
        "\twinbind use default domain = no",
        "\twinbind refresh tickets = yes",
        "\twinbind enum users = no",
        "\twinbind enum groups = no",
        "\ttemplate shell = /usr/sbin/nologin",
        "\ttemplate homedir = /nonexistent",
    ]
    if spec.idmap == "rid":
        lines += [
            "\tidmap config * : backend = tdb",
            f"\tidmap config * : range = {_range(spec.default_range)}",
            f"\tidmap config {workgroup} : backend = rid",
            f"\tidmap config {workgroup} : range = {_range(spec.domain_range)}",
        ]
    else:
        lines += [
            "\tidmap config * : backend = autorid",
            f"\tidmap config * : range = {_range(spec.domain_range)}",
            f"\tidmap config * : rangesize = {AUTORID_RANGESIZE}",
        ]
    # Windows ACL editing: NT ACLs kept in an xattr, inherited the Windows way.
    lines += [
        "\tvfs objects = acl_xattr",
        *([f"\tacl_xattr:security_acl_name = {ntacl_xattr}"] if ntacl_xattr else []),
        "\tmap acl inherit = yes",
        "\tinherit acls = yes",
        "\tstore dos attributes = yes",
    ]
    if spec.share_admins:
        # Domain Admins act as root on shares, so they can set the first ACLs from Windows.
        lines.append(f'\tadmin users = @"{workgroup}\\Domain Admins"')
    return "\n".join(lines) + "\n"


def krb5_conf(realm: str) -> str:
    return (
        "# Written by pvesmbgw (ad join); the previous file comes back on `ad leave`.\n"
        "[libdefaults]\n"
        f"\tdefault_realm = {realm}\n"
        "\tdns_lookup_realm = false\n"
        "\tdns_lookup_kdc = true\n"
        "\trdns = false\n"
        "\n[realms]\n"
        f"\t{realm} = {{\n\t}}\n"
        "\n[domain_realm]\n"
        f"\t.{realm.lower()} = {realm}\n"
        f"\t{realm.lower()} = {realm}\n")


def with_include(text: str, include_file: Path) -> str:
    """The admin's smb.conf with our marked include line (appended, or fixed in place)."""
    entry = f"include = {include_file}\n"
    fixed = fix_marked_include(text, MARKER, entry)
    if fixed is not None:
        return fixed
    lines = text.splitlines(keepends=True)
    # The line goes at the end of the first [global] section: net, winbindd and smbd's
    # parent read only the globals before the first share section (lp_load_global), and
    # share sections copy the global defaults (acl_xattr, admin users) that precede them.
    for i, line in enumerate(lines):
        stripped = line.strip()
        if line.rstrip("\r\n") == SHARES_MARKER or (
                stripped.startswith("[") and "]" in stripped
                and stripped[1:stripped.index("]")].strip().lower() != "global"):
            while i > 0 and not lines[i - 1].strip():
                i -= 1  # keep the blank line(s) that separate the sections
            if i > 0 and not lines[i - 1].endswith("\n"):
                lines[i - 1] += "\n"
            return "".join(lines[:i] + [f"{MARKER}\n", entry] + lines[i:])
    if text and not text.endswith("\n"):
        text += "\n"
    return f"{text}{MARKER}\n{entry}"


def without_include(text: str) -> str:
    return samba_conf.without_include(text, MARKER)


def nsswitch_add(text: str) -> tuple[str, list[str]]:
    """TEXT with `winbind` appended to the passwd and group lines that lack it, and the
    databases changed (so leave removes exactly those). A missing line is added."""
    lines = text.splitlines(keepends=True)
    changed: list[str] = []
    for db in NSS_DATABASES:
        for i, line in enumerate(lines):
            head, sep, rest = line.partition(":")
            if head.strip() == db and sep:
                body = rest.split("#", 1)[0].split()
                if "winbind" not in body:
                    ending = "\n" if line.endswith("\n") else ""
                    text_part, hash_, comment = line.rstrip("\r\n").partition("#")
                    stripped = text_part.rstrip()
                    gap = text_part[len(stripped):] if hash_ else ""
                    lines[i] = f"{stripped} winbind{gap}{hash_}{comment}{ending}"
                    changed.append(db)
                break
        else:
            if lines and not lines[-1].endswith("\n"):
                lines[-1] += "\n"
            lines.append(f"{db + ':':<16}files winbind\n")
            changed.append(db)
    return "".join(lines), changed


def nsswitch_remove(text: str, databases: list[str]) -> str:
    """Undo nsswitch_add for DATABASES: drop the `winbind` word from those lines."""
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        head, sep, rest = line.partition(":")
        if sep and head.strip() in databases and " winbind" in line:
            ending = "\n" if line.endswith("\n") else ""
            body = line.rstrip("\r\n")
            cut = body.rfind(" winbind")
            lines[i] = body[:cut] + body[cut + len(" winbind"):] + ending
    return "".join(lines)
