"""pve-svc test ID|FILE...: each template's trial (svc/trial.py), reported per template."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ...core.errors import EXIT_BAD_INPUT, NotFoundError, ValidationError
from ...core.i18n import _
from ..output import emit


def _template(mgr: Any, target: str) -> Any:
    """TARGET as a file (it has a '/' or ends in .yml) or a template id of the catalogue."""
    from ...svc import catalog
    from ...svc.template import load
    if "/" in target or target.endswith(".yml"):
        if not Path(target).is_file():
            raise ValidationError("template", _("{file}: no such file").format(file=target))
        return load(Path(target))
    return catalog.get(mgr.cfg, target)


def test(mgr: Any, args: argparse.Namespace) -> int:
    from ...svc import params, trial
    assignments = params.parse_assignments(args.param or [])
    templates = []
    problems = []
    for target in args.targets:  # every one valid before anything is installed
        try:
            templates.append((target, _template(mgr, target)))
        except (ValidationError, NotFoundError) as exc:  # lint problems, no such template
            problems.append(f"{target}: {exc}")
    known = {p.name for _target, t in templates for p in t.parameters}
    problems += [_("--param {name}: no template given has it").format(name=name) for name in assignments
                 if name not in known]
    if problems:
        for line in problems:
            print(_("{prog}: error: {message}").format(prog="pve-svc", message=line), file=sys.stderr)
        return EXIT_BAD_INPUT
    timer = trial.timer_for(mgr)
    results = []
    for target, t in templates:
        mine = {k: v for k, v in assignments.items() if k in {p.name for p in t.parameters}}
        results.append(trial.run(mgr, timer, t, target, mine, keep=args.keep))
        if args.output_format == "text":  # as each one ends: trials take minutes
            _print(results[-1], args.verbose)
    emit(args, {"trials": [r.as_json() for r in results]}, lambda: None)
    return 1 if any(r.result == trial.FAIL for r in results) else 0


def _print(r: Any, verbose: bool) -> None:
    times = ", ".join(f"{phase} {seconds:.1f}s" for phase, seconds in r.seconds.items())
    head = f"{r.target}: {r.result.upper()}" + (f" ({times})" if times else "")
    print(head)
    if r.error:
        print(f"  {r.phase}: {r.error}")
    if verbose or r.result == "fail":
        for s in r.steps:
            took = "-" if s["seconds"] is None else f"{s['seconds']:.1f}s"
            print(f"  {took:>8}  {s['step']}")
    if r.result == "fail" and r.log_tail:
        print(_("  the end of the instance's log ({count} lines):").format(count=len(r.log_tail)))
        for line in r.log_tail:
            print(f"    {line}")
    if r.left:
        print(_("  instance {instance} is left installed: `pve-svc status {instance}`, "
              "then `pve-svc uninstall {instance} --purge`").format(instance=r.instance))
    sys.stdout.flush()


def register(app: Any) -> None:
    def build(p: argparse.ArgumentParser) -> None:
        p.add_argument("targets", metavar="ID|FILE", nargs="+",
                       help=_("a template of the catalogue, or a template file (a path)"))
        p.add_argument("--param", action="append", metavar="NAME=VALUE",
                       help=_("a parameter for every template tried (repeatable)"))
        p.add_argument("--keep", action="store_true",
                       help=_("leave an instance whose health check failed installed"))
    app.command("test", test, _("try templates: install each as a throwaway instance, check its "
                                "health, uninstall it (--purge); timings and the failing step's "
                                "log"),
                build=build)
