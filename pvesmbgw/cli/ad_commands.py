"""`pve-smbgateway ad …`: Active Directory membership of this host."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any, Callable, Optional

from ..agent import Agent
from ..errors import EXIT_FAILED, ValidationError
from .output import emit_json

CommandFactory = Callable[..., argparse.ArgumentParser]


def _password_options(p: argparse.ArgumentParser) -> None:
    src = p.add_mutually_exclusive_group()
    src.add_argument("--password-stdin", action="store_true",
                     help="read the password from the first line of stdin")
    src.add_argument("--password-file", metavar="FILE",
                     help="read the password from FILE (mode 0600, owned by you)")


def add_parsers(command: CommandFactory, sub: "argparse._SubParsersAction[Any]") -> None:
    """Register `ad join|leave|status|test-user` with main's COMMAND factory."""
    p = command("ad", None, "Active Directory membership of this host (winbind)")
    ad = p.add_subparsers(dest="ad_command", metavar="ACTION", parser_class=type(p))
    ad.required = True
    jp = command("join", join, "join this host to an AD domain (password never in argv)", ad)
    jp.add_argument("--realm", required=True, help="the domain's DNS name, e.g. EXAMPLE.COM")
    jp.add_argument("--user", required=True, help="account allowed to join computers")
    jp.add_argument("--ou", help="OU for the computer account, top to bottom: Servers/Unix")
    jp.add_argument("--gateway", metavar="ID",
                    help="join a gateway container or VM instead of the host (not yet)")
    jp.add_argument("--idmap", choices=["rid", "autorid"], default="rid",
                    help="how domain SIDs become uids/gids (default rid)")
    jp.add_argument("--idmap-range", metavar="FIRST-LAST",
                    help="ids for domain users (default: ad_idmap_range from the config)")
    jp.add_argument("--no-share-admins", action="store_true",
                    help="do not make Domain Admins admin users on the shares")
    _password_options(jp)
    lp = command("leave", leave, "leave the domain and restore the files the join changed",
                 ad)
    lp.add_argument("--user", help="account allowed to remove computers (default: the one "
                                   "that joined)")
    _password_options(lp)
    command("status", status, "check the membership: testjoin, DC, clock, keytab, winbind",
            ad)
    tp = command("test-user", test_user, "resolve a domain user through winbind and, with "
                 "a password, authenticate it", ad)
    tp.add_argument("name", help="DOMAIN\\user or user")
    tp.add_argument("--authenticate", action="store_true",
                    help="also check the user's password (prompt, stdin or file)")
    _password_options(tp)


def read_password(args: argparse.Namespace, prompt: str) -> str:
    from ..ad.manager import password_file
    if args.password_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
    elif args.password_file:
        password = password_file(args.password_file)
    elif sys.stdin.isatty():
        password = getpass.getpass(prompt)
    else:
        raise ValidationError("password", "no terminal to prompt on; use --password-stdin "
                              "or --password-file")
    if not password:
        raise ValidationError("password", "must not be empty")
    return password


def _emit(args: argparse.Namespace, data: Any, text: Callable[[], None]) -> None:
    if args.output_format == "text":
        text()
    else:
        emit_json(data, args.output_format)


def join(agent: Agent, args: argparse.Namespace) -> int:
    from ..ad.manager import AdManager
    from ..ad.spec import (JoinSpec, parse_idmap_range, validate_admin_user, validate_ou,
                           validate_realm)
    if args.gateway:
        raise ValidationError("gateway", "joining a gateway container or VM is not "
                              "supported yet; join the host (leave out --gateway)")
    realm = validate_realm(args.realm)
    user = validate_admin_user(args.user)
    ou = validate_ou(args.ou) if args.ou else None
    domain_range = parse_idmap_range(args.idmap_range) if args.idmap_range \
        else agent.cfg.ad_idmap_range
    spec = JoinSpec(realm=realm, user=user, ou=ou, idmap=args.idmap,
                    domain_range=domain_range, default_range=agent.cfg.ad_default_range,
                    share_admins=not args.no_share_admins)
    password = read_password(args, f"Password for {user}@{realm}: ")
    result = AdManager(agent).join(spec, password)
    _emit(args, result, lambda: None if agent.runner.dry_run else print(
        f"joined {result['realm']} (workgroup {result['workgroup']}, DC {result['dc']}, "
        f"idmap {result['idmap']})"))
    return 0


def leave(agent: Agent, args: argparse.Namespace) -> int:
    from ..ad.manager import AdManager
    from ..ad.spec import validate_admin_user
    user: Optional[str] = validate_admin_user(args.user) if args.user else None
    manager = AdManager(agent)
    state = manager.state()
    if state is None:
        from ..errors import NotFoundError
        raise NotFoundError("this host is not joined to a domain by pvesmbgw")
    password = read_password(args, f"Password for {user or state['user']}: ")
    result = manager.leave(user, password)
    _emit(args, result, lambda: None if agent.runner.dry_run else print(
        f"left {result['realm']}"))
    return 0


def status(agent: Agent, args: argparse.Namespace) -> int:
    from ..ad.manager import AdManager
    result = AdManager(agent).status()

    def text() -> None:
        if not result["joined"]:
            print("not joined to a domain")
            return
        print(f"realm:      {result['realm']} (workgroup {result['workgroup']}, "
              f"idmap {result['idmap']})")
        print(f"testjoin:   {result['testjoin']}")
        print(f"DC:         {result['dc'] or '-'}")
        offset = result["clock_offset"]
        print(f"clock:      {'-' if offset is None else f'{offset:+d}s'}")
        print(f"keytab:     {result['keytab_principals']} principal(s)")
        print(f"winbind:    {'online' if result['winbind_online'] else 'NOT online'}")
        for problem in result["problems"]:
            print(f"problem: {problem}")
    _emit(args, result, text)
    return EXIT_FAILED if result["problems"] else 0


def test_user(agent: Agent, args: argparse.Namespace) -> int:
    from ..ad.manager import AdManager
    password = read_password(args, f"Password for {args.name}: ") \
        if args.authenticate else None
    result = AdManager(agent).test_user(args.name, password)

    def text() -> None:
        auth = {None: "", True: ", password OK", False: ", password REFUSED"}
        print(f"{result['user']}: uid {result['uid']}, gid {result['gid']}"
              f"{auth[result['authenticated']]}")
    _emit(args, result, text)
    return EXIT_FAILED if result["authenticated"] is False else 0
