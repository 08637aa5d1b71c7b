"""`pve-smbgateway ad …`: Active Directory membership of this host or of a gateway
container or VM (--gateway ID).

The AD modules are imported inside the handlers, for start-up cost: every other
command builds this parser and never needs them."""

from __future__ import annotations

import argparse
import sys
from typing import Any, Callable, Optional

from ..smb.agent import Agent
from ..core.errors import EXIT_FAILED, NotFoundError, ValidationError
from ..core.i18n import _
from .app import App
from .output import emit_json

def _password_options(p: argparse.ArgumentParser) -> None:
    src = p.add_mutually_exclusive_group()
    src.add_argument("--password-stdin", action="store_true",
                     help=_("read the password from the first line of stdin"))
    src.add_argument("--password-file", metavar="FILE",
                     help=_("read the password from FILE (mode 0600, owned by you)"))


def register(app: App) -> None:
    """`ad join|leave|status|test-user` (their arguments only when `ad` runs)."""
    app.command("ad", None, _("Active Directory membership of this host or a gateway "
                              "container or VM (winbind)"), build=lambda p: _ad_actions(app, p))


def _ad_actions(app: App, p: argparse.ArgumentParser) -> None:
    command = app.command
    ad = app.actions(p, "ad_command")
    jp = command("join", join, _("join this host to an AD domain (password never in argv)"), ad)
    jp.add_argument("--realm", required=True, help=_("the domain's DNS name, e.g. EXAMPLE.COM"))
    jp.add_argument("--user", required=True, help=_("account allowed to join computers"))
    jp.add_argument("--ou", help=_("OU for the computer account, top to bottom: Servers/Unix"))
    _gateway_option(jp, "join the gateway container or VM ID (see `status`) instead of "
                    "the host; a container's id map is extended to the domain's ids (it "
                    "restarts), a VM needs no restart")
    jp.add_argument("--idmap", choices=["rid", "autorid"], default="rid",
                    help=_("how domain SIDs become uids/gids (default rid)"))
    jp.add_argument("--idmap-range", metavar="FIRST-LAST",
                    help=_("ids for domain users (default: ad_idmap_range from the config)"))
    jp.add_argument("--no-share-admins", action="store_true",
                    help=_("do not make Domain Admins admin users on the shares"))
    _password_options(jp)
    lp = command("leave", leave, _("leave the domain and restore the files the join changed"),
                 ad)
    lp.add_argument("--user", help=_("account allowed to remove computers (default: the one "
                                     "that joined)"))
    _gateway_option(lp, "the gateway container or VM ID leaves instead of the host")
    _password_options(lp)
    sp = command("status", status, _("check the membership: testjoin, DC, clock, keytab, "
                                     "winbind"), ad)
    _gateway_option(sp, "check the gateway container or VM ID instead of the host")
    tp = command("test-user", test_user, _("resolve a domain user through winbind and, with "
                                           "a password, authenticate it"), ad)
    tp.add_argument("name", help=_("DOMAIN\\user or user"))
    tp.add_argument("--authenticate", action="store_true",
                    help=_("also check the user's password (prompt, stdin or file)"))
    _gateway_option(tp, "resolve the user inside the gateway container or VM ID")
    _password_options(tp)


def _gateway_option(p: argparse.ArgumentParser, text: str) -> None:
    p.add_argument("--gateway", metavar="ID", help=text)


def read_password(args: argparse.Namespace, prompt: str) -> str:
    from ..smb.ad.common import password_file
    if args.password_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
    elif args.password_file:
        password = password_file(args.password_file)
    elif sys.stdin.isatty():
        import getpass  # only a prompt needs it
        password = getpass.getpass(prompt)
    else:
        raise ValidationError("password", _("no terminal to prompt on; use --password-stdin "
                                            "or --password-file"))
    if not password:
        raise ValidationError("password", _("must not be empty"))
    return password


def _emit(args: argparse.Namespace, data: Any, text: Callable[[], None]) -> None:
    if args.output_format == "text":
        text()
    else:
        emit_json(data, args.output_format)


def join(agent: Agent, args: argparse.Namespace) -> int:
    from ..smb.ad.host import AdManager
    from ..smb.ad.spec import (JoinSpec, parse_idmap_range, validate_admin_user, validate_ou,
        validate_realm)
    realm = validate_realm(args.realm)
    user = validate_admin_user(args.user)
    ou = validate_ou(args.ou) if args.ou else None
    domain_range = parse_idmap_range(args.idmap_range) if args.idmap_range \
        else agent.cfg.ad_idmap_range
    spec = JoinSpec(realm=realm, user=user, ou=ou, idmap=args.idmap,
                    domain_range=domain_range, default_range=agent.cfg.ad_default_range,
                    share_admins=not args.no_share_admins)
    if args.gateway:
        from ..smb.ad.gateway import GatewayAd
        gateway = GatewayAd(agent, args.gateway)  # checked before asking for a password
        password = read_password(args, f"Password for {user}@{realm}: ")
        result = gateway.join(spec, password)
    else:
        password = read_password(args, f"Password for {user}@{realm}: ")
        result = AdManager(agent).join(spec, password)
    where = f"{result['gateway']}: " if args.gateway else ""

    def text() -> None:
        if agent.runner.dry_run:
            return
        for note in result.get("notes", []):
            print(note)
        print(_("{where}joined {realm} (workgroup {workgroup}, DC "
              "{dc}, idmap {idmap})").format(where=where, realm=result['realm'], workgroup=result['workgroup'], dc=result['dc'], idmap=result['idmap']))
    _emit(args, result, text)
    return 0


def leave(agent: Agent, args: argparse.Namespace) -> int:
    from ..smb.ad.host import AdManager
    from ..smb.ad.spec import validate_admin_user

    user: Optional[str] = validate_admin_user(args.user) if args.user else None
    manager: Any = AdManager(agent)
    what = "this host"
    if args.gateway:
        from ..smb.ad.gateway import GatewayAd
        manager = GatewayAd(agent, args.gateway)
        what = manager.label
    state = manager.state()
    if state is None:
        raise NotFoundError(_("{what} is not joined to a domain by pvesmbgw").format(what=what))
    password = read_password(args, f"Password for {user or state['user']}: ")
    result = manager.leave(user, password)
    where = f"{result['gateway']}: " if args.gateway else ""
    _emit(args, result, lambda: None if agent.runner.dry_run else print(
        _("{where}left {realm}").format(where=where, realm=result['realm'])))
    return 0


def status(agent: Agent, args: argparse.Namespace) -> int:
    from ..smb.ad.host import AdManager
    if args.gateway:
        from ..smb.ad.gateway import GatewayAd
        result = GatewayAd(agent, args.gateway).status()
    else:
        result = AdManager(agent).status()

    def text() -> None:
        if args.gateway:
            print(f"gateway:    {result['gateway']}")
        if not result["joined"]:
            print(_("not joined to a domain"))
            if result.get("gateways"):
                print(f"joined gateways: {', '.join(result['gateways'])}")
            return
        if "testjoin" not in result:  # a gateway that does not run
            for problem in result["problems"]:
                print(_("problem: {problem}").format(problem=problem))
            return
        print(f"realm:      {result['realm']} (workgroup {result['workgroup']}, "
              f"idmap {result['idmap']})")
        print(f"testjoin:   {result['testjoin']}")
        print(f"DC:         {result['dc'] or '-'}")
        offset = result["clock_offset"]
        print(f"clock:      {'-' if offset is None else f'{offset:+d}s'}")
        print(f"keytab:     {result['keytab_principals']} principal(s)")
        print(f"winbind:    {'online' if result['winbind_online'] else 'NOT online'}")
        if "idmap_mapped" in result:
            print(f"id map:     {'domain ids mapped' if result['idmap_mapped'] else 'MISSING'}")
        if result.get("gateways"):
            print(f"joined gateways: {', '.join(result['gateways'])}")
        for problem in result["problems"]:
            print(_("problem: {problem}").format(problem=problem))
    _emit(args, result, text)
    return EXIT_FAILED if result["problems"] else 0


def test_user(agent: Agent, args: argparse.Namespace) -> int:
    from ..smb.ad.host import AdManager
    password = read_password(args, f"Password for {args.name}: ") \
        if args.authenticate else None
    if args.gateway:
        from ..smb.ad.gateway import GatewayAd
        result = GatewayAd(agent, args.gateway).test_user(args.name, password)
    else:
        result = AdManager(agent).test_user(args.name, password)

    def text() -> None:
        auth = {None: "", True: ", password OK", False: ", password REFUSED"}
        print(f"{result['user']}: uid {result['uid']}, gid {result['gid']}"
              f"{auth[result['authenticated']]}")
    _emit(args, result, text)
    return EXIT_FAILED if result["authenticated"] is False else 0
