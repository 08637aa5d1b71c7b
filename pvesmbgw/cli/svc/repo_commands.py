"""pve-svc's template repository commands: `index build` (a maintainer's) and `repo
add|update|list|remove` (an administrator's). Parse arguments, call the svc room, print
text or JSON; the svc modules are imported in the handlers (start-up cost)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from ...core.errors import EXIT_BAD_INPUT, ValidationError
from ...core.i18n import _
from ..app import App
from ..output import emit, emit_json, table

if TYPE_CHECKING:  # imported by main when the command runs
    from ...svc.service import ServiceManager


def index_build(mgr: "ServiceManager", args: argparse.Namespace) -> int:
    from ...core import fsutil
    from ...svc import index as idx
    top = Path(args.dir)
    if not top.is_dir():
        raise ValidationError("DIR", _("{dir} is not a directory").format(dir=top))
    output = Path(args.output) if args.output else top / idx.FILE
    built, problems = idx.build_for(top, output, _serial(args.serial))
    if built is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    if mgr.runner.dry_run:
        mgr.runner.report(f"would write {output}: serial {built.serial}, "
                          f"{len(built.templates)} template(s)")
    else:
        fsutil.atomic_write(output, built.dumps())
    result = {"file": str(output), "serial": built.serial, "generated": built.generated,
              "templates": sorted(built.templates)}
    return _report(mgr, args, result, [
        _("wrote {output}: serial {serial}, {count} template(s)").format(
            output=output, serial=built.serial, count=len(built.templates)),
        _("sign it: gpg --detach-sign --armor --output {output}.sig {output}").format(
            output=output)])


def _report(mgr: "ServiceManager", args: argparse.Namespace, result: dict[str, Any],
            lines: list[str]) -> int:
    """RESULT as JSON, or LINES as text (none on a dry run: its plan was printed)."""
    def text() -> None:
        for line in [] if mgr.runner.dry_run else lines:
            print(line)
    emit(args, result, text)
    return 0


def repo_add(mgr: "ServiceManager", args: argparse.Namespace) -> int:
    result = mgr.repos.add(args.name, args.url, Path(args.keyring))
    return _report(mgr, args, result, [
        _("added repository {name} ({url}), signing keys: {keys}").format(
            name=args.name, url=args.url, keys=', '.join(result['keys'])),
        _("next: pve-svc repo update {name}").format(name=args.name)])


def repo_update(mgr: "ServiceManager", args: argparse.Namespace) -> int:
    results = mgr.repos.update([args.name] if args.name else [])

    def text() -> None:
        if not results:
            print(_("no template repositories (add one: pve-svc repo add NAME URL "
                  "--keyring FILE)"))
        for r in results:
            if r["status"] == "updated":
                print(_("{name}: updated to commit {commit} (serial "
                      "{serial}, {templates} templates, signed by "
                      "{fingerprint})").format(name=r['name'], commit=r['commit'][:12], serial=r['serial'], templates=r['templates'], fingerprint=r['fingerprint']))
            elif r["status"] == "unchanged":
                print(_("{name}: already up to date (commit {commit}, "
                      "serial {serial})").format(name=r['name'], commit=r['commit'][:12], serial=r['serial']))
            elif r["status"] != "dry-run":
                print(_("pve-svc: error: repo {name}: {message}").format(name=r['name'], message=r['message']), file=sys.stderr)
    emit(args, {"repositories": results}, text)
    return max([r["exit"] for r in results if "exit" in r] + [0])


def repo_list(mgr: "ServiceManager", args: argparse.Namespace) -> int:
    rows = mgr.repos.list()
    if args.output_format != "text":
        emit_json({"repositories": rows}, args.output_format)
        return 0
    table(["NAME", "URL", "COMMIT", "SERIAL", "UPDATED", "TEMPLATES", "KEY"],
          [_list_row(r) for r in rows])
    for r in rows:
        pin, cached = r.get("pinned"), r.get("cached")
        if pin and (not cached or pin["serial"] > cached["serial"]):
            print(_("note: {name}: node {node} verified serial {serial} "
                  "(commit {commit}); this node has "
                  "{have}: "
                  "run `pve-svc repo update {name}`").format(name=r['name'], node=pin['node'], serial=pin['serial'], commit=pin['commit'][:12], have=cached['serial'] if cached else _('nothing')))
    return 0


def _list_row(r: dict[str, Any]) -> list[str]:
    if "keyring" not in r:  # the built-in repository
        return [r["name"], r["url"], "-", str(r["serial"] or "-"), "-", str(r["templates"]),
                "(package)"]
    cached = r.get("cached")
    if not cached:
        return [r["name"], r["url"], "-", "-", "-", "-", "(not fetched here)"]
    return [r["name"], r["url"], cached["commit"][:12], str(cached["serial"]),
            time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime(cached["updated"])),
            str(cached["templates"]), cached["fingerprint"]]


def repo_remove(mgr: "ServiceManager", args: argparse.Namespace) -> int:
    result = mgr.repos.remove(args.name)
    return _report(mgr, args, result,
                   [_("removed repository {name}, its keyring and this node's cache of it").format(
                       name=args.name)]
                   + [_("note: {note}").format(note=note) for note in result["notes"]])


def _serial(text: Optional[str]) -> Optional[int]:
    if text is None:
        return None
    if not (text.isascii() and text.isdigit()) or len(text) > 16:
        raise ValidationError("serial", _("not a whole number: {text}").format(text=repr(text)))
    return int(text)


def register(app: App) -> None:
    app.command("index", None, _("template repositories: build the index a maintainer signs"),
                build=lambda p: _index_actions(app, p))
    app.command("repo", None, _("template repositories: add, update, list, remove"),
                build=lambda p: _repo_actions(app, p))


def _index_actions(app: App, p: argparse.ArgumentParser) -> None:
    actions = app.actions(p, "index_command")
    a = app.command("build", index_build, _("write DIR/index.json over DIR/templates/*.yml (each "
                                            "must pass lint; exit 2 with one line per problem)"),
                    actions)
    a.add_argument("dir", metavar="DIR", help=_("the repository's top (its templates/)"))
    a.add_argument("--serial", metavar="N",
                   help=_("the index's serial, above the previous one (default: the UTC "
                          "time as YYYYMMDDHHMMSS, or the previous serial + 1 if that is "
                          "not above it)"))
    a.add_argument("--output", metavar="FILE", help=_("write here (default DIR/index.json)"))


REPO_EPILOG = """\
exit status of update: 0 updated or already up to date; 1 a repository could not be
fetched (unreachable; try again); 2 its content was refused (unsigned index, key not in
its keyring, bad signature, a file that differs from the signed index, a serial below
the one verified, a template that fails lint). Either way the last verified commit
stays what search, show and install read."""


def _epilog(p: argparse.ArgumentParser) -> None:
    p.epilog = REPO_EPILOG
    p.formatter_class = argparse.RawDescriptionHelpFormatter


def _repo_actions(app: App, p: argparse.ArgumentParser) -> None:
    _epilog(p)
    actions = app.actions(p, "repo_command")
    a = app.command("add", repo_add, _("add a template repository (then: repo update NAME)"),
                    actions)
    a.add_argument("name", metavar="NAME", help=_("2 to 32 lower-case letters, digits, '-'"))
    a.add_argument("url", metavar="URL", help=_("https://..., file:///PATH or /PATH of a "
                                                "git repository"))
    a.add_argument("--keyring", required=True, metavar="FILE",
                   help=_("the public key(s) its index.json.sig is made with (binary or "
                          "ASCII-armored; gpg --export KEYID)"))
    a = app.command("update", repo_update, _("fetch, verify and switch to a repository's newest "
                                             "signed index (default: every repository)"), actions)
    a.add_argument("name", metavar="NAME", nargs="?")
    _epilog(a)
    app.command("list", repo_list, _("the repositories: URL, verified commit, serial, "
                                     "last update, templates, signing key"), actions)
    a = app.command("remove", repo_remove, _("remove a repository, its keyring and this "
                                             "node's cache of it"), actions)
    a.add_argument("name", metavar="NAME")
