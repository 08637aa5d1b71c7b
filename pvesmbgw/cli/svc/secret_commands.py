"""`pve-svc secret list|show|rotate`, and reading a secret's value for `install
--secret`: from stdin or a root-only file, never from argv (the process list and the
shell's history would show it). Only `secret show` ever prints a value."""

from __future__ import annotations

import argparse
import sys
from typing import Any, Optional, Sequence

from ...core.errors import ValidationError
from ...core.i18n import _
from ..app import App
from ..output import emit, table


def read_value(spec: str, field: str) -> str:
    """'-': one line of stdin (a prompt without echo on a terminal); '@FILE': the first
    line of FILE, which only its owner may read. The message of a refusal never holds
    what was given (it may be a value typed into argv by mistake)."""
    if spec == "-":
        if sys.stdin.isatty():
            import getpass  # only a prompt needs it
            return getpass.getpass(f"{field}: ")
        return sys.stdin.readline().rstrip("\r\n")
    if spec.startswith("@") and len(spec) > 1:
        from ...core import fsutil  # not on every pve-svc command's start-up path
        return fsutil.private_file_line(spec[1:], field)
    raise ValidationError(field, _("a value is never taken from the command line: write - "
                                   "(one line of stdin) or @FILE (a file only its owner may read)"))


def parse_given(items: Sequence[str]) -> dict[str, str]:
    """--secret NAME=-|NAME=@FILE, given once each; stdin for one of them at most."""
    out: dict[str, str] = {}
    stdin = None
    for item in items:
        name, sep, spec = item.partition("=")
        if not sep or not name:
            raise ValidationError("secret", _("write NAME=- or NAME=@FILE"))
        if name in out:
            raise ValidationError(f"secret {name}", _("is given twice"))
        if spec == "-":
            if stdin is not None:
                raise ValidationError(f"secret {name}", _("stdin is read for {name} already: give "
                                                          "this one as @FILE").format(name=stdin))
            stdin = name
        out[name] = read_value(spec, f"secret {name}")
    return out


def _when(stamp: Optional[int]) -> str:
    if stamp is None:
        return "never"
    import datetime
    return datetime.datetime.fromtimestamp(stamp).isoformat(" ", "seconds")


def list_(mgr: Any, args: argparse.Namespace) -> int:
    data = mgr.secrets(args.instance)

    def text() -> None:
        if data["state"] == "kept":
            print(_("note: {instance} is uninstalled; its secrets are kept for its data").format(instance=args.instance))
        table(["NAME", "STORED", "LAST ROTATED", "APPLIED BY"],
              [[r["name"], (r["stored"] or "in the guest only") +
                ("" if r["present"] in (True, None) else " (MISSING)"),
                _when(r["rotated"]), ", ".join(r["applied_by"]) or "-"]
               for r in data["secrets"]])
    emit(args, data, text)
    return 0


def show(mgr: Any, args: argparse.Namespace) -> int:
    # A value on a terminal stays in its scrollback and in the view of anyone beside
    # it: printed there only when asked; a pipe or a file gets it as it is.
    if sys.stdout.isatty() and not args.reveal:
        raise ValidationError("reveal", _("stdout is a terminal: add --reveal to print the "
                                          "value of {name} on it, or pipe or redirect it")
                              .format(name=args.name))
    value = mgr.secret_value(args.instance, args.name)
    emit(args, {"instance": args.instance, "secret": args.name, "value": value},
         lambda: print(value))
    return 0


def rotate(mgr: Any, args: argparse.Namespace) -> int:
    given = read_value(args.value_from, f"secret {args.name}") \
        if args.value_from is not None else None
    result = mgr.rotate_secret(args.instance, args.name, given)

    def text() -> None:
        if mgr.runner.dry_run:
            return
        rerun = _("; ran again: {steps}").format(steps=', '.join(result['rerun'])) \
            if result["rerun"] else ""
        print(_("rotated {name} of {instance}: stored and written to the "
              "guest{rerun}").format(name=args.name, instance=args.instance, rerun=rerun))
        if result.get("repaired"):
            print(_("note: first rolled back an interrupted operation: {repaired}").format(repaired=result['repaired']))
        for note in result["notes"]:
            print(_("note: {note}").format(note=note))
    emit(args, result, text)
    return 0


def register(app: App) -> None:
    """`secret list|show|rotate` (their arguments only when `secret` runs)."""
    app.command("secret", None, _("an instance's secrets: list them, show or rotate one"),
                build=lambda p: _actions(app, p))


def _actions(app: App, p: argparse.ArgumentParser) -> None:
    sub = app.actions(p, "secret_command")
    lp = app.command("list", list_, _("the secrets of INSTANCE: where each is kept, when it was "
                                      "last rotated, which steps apply it (never a value)"), sub)
    lp.add_argument("instance", metavar="INSTANCE")
    sp = app.command("show", show, _("print the value of one secret (on a terminal only "
                                     "with --reveal)"), sub)
    sp.add_argument("instance", metavar="INSTANCE")
    sp.add_argument("name", metavar="NAME")
    sp.add_argument("--reveal", action="store_true",
                    help=_("print it even when stdout is a terminal"))
    rp = app.command("rotate", rotate, _("a new value for one secret: stored, written into the "
                                         "guest, the template's steps that apply it run again; "
                                         "rolled back on any failure"), sub)
    rp.add_argument("instance", metavar="INSTANCE")
    rp.add_argument("name", metavar="NAME")
    rp.add_argument("--value-from", metavar="-|@FILE",
                    help=_("the new value from one line of stdin (-) or from FILE (only "
                           "its owner may read it); default: generated as the template says"))
