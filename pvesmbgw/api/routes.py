"""The App Store's endpoints: privileges checked, then pve-svc run (reads) or started as
a PVE task (actions). Nothing of a template runs here: pve-svc does what the CLI does."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

from ..core.errors import NotFoundError, ValidationError
from . import taskrun
from ..core.i18n import _
from .permissions import Checker, Lookup, Need, needs
from .request import Request, boolean, params, word
from .svc_client import (Svc, SvcFailed, instance_row, secret_names, template_detail,
                         template_row)

NAME = r"[a-z][a-z0-9-]{0,62}"
TEMPLATE = r"(?:[A-Za-z0-9][A-Za-z0-9._-]{0,62}/)?[a-z0-9][a-z0-9._-]{0,62}"
STORAGE = r"[A-Za-z][A-Za-z0-9\-_.]{1,99}"
TASK_TYPES = {"install": "pvesvcinstall", "upgrade": "pvesvcupgrade",
              "rollback": "pvesvcrollback", "uninstall": "pvesvcuninstall"}


@dataclass
class Context:
    """What every handler works with."""

    svc: Svc
    node: str
    task_dir: Path
    lookup: Lookup
    storage_of: Callable[[list[str]], list[str]]  # volume paths -> PVE storage ids
    default_storage: str = ""


class Routes:
    """Dispatch of /api2/json paths to handlers."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def dispatch(self, req: Request) -> Any:
        """The handler's data; NotFoundError for an unknown path or method."""
        parts = [p for p in req.path.split("/") if p]
        checker = Checker(self.ctx.lookup, req.user)
        if req.method == "GET" and parts[:1] == ["templates"] and len(parts) in (1, 2, 3):
            if len(parts) == 1:
                return self.templates(checker)
            return self.template(checker, "/".join(parts[1:]))
        if req.method == "GET" and parts == ["instances"]:
            return self.instances(checker)
        if req.method == "POST" and parts == ["install"]:
            return self.install(checker, req)
        if req.method == "POST" and len(parts) == 3 and parts[0] == "instances" \
                and parts[2] in ("upgrade", "rollback", "uninstall"):
            return self.action(checker, req, word("name", parts[1], NAME), parts[2])
        # Not translated: server.py answers 404 rather than 400 when it reads "handler".
        raise NotFoundError(f"no {req.method} handler for /{'/'.join(parts)}")

    def _svc(self, *args: str, stdin: Optional[bytes] = None) -> Any:
        return self.ctx.svc.run(*args, stdin=stdin)[0]

    def templates(self, checker: Checker) -> list[dict[str, Any]]:
        checker.require(needs("templates", self.ctx.node))
        return [template_row(t) for t in self._svc("search")]

    def template(self, checker: Checker, ref: str) -> dict[str, Any]:
        checker.require(needs("templates", self.ctx.node))
        return template_detail(self._svc("show", word("id", ref, TEMPLATE)))

    def instances(self, checker: Checker) -> list[dict[str, Any]]:
        rows = [i for i in self._svc("list")["instances"]
                # as /cluster/resources: what the user may not see is left out
                if checker.has(f"/vms/{i['vmid']}", "VM.Audit")]
        latest: dict[str, str] = {}
        for t in self._svc("search"):  # the built-in one first, as pve-svc resolves an ID
            latest.setdefault(t["id"], t["version"])
        # One health probe each (up to its 5 s timeout): a few at once keep the list quick.
        with ThreadPoolExecutor(max_workers=4) as pool:
            seen = list(pool.map(self._observed, rows))
        return [instance_row(inst, latest.get(inst["template"], ""), state, health)
                for inst, (state, health) in zip(rows, seen)]

    def _observed(self, inst: dict[str, Any]) -> tuple[str, str]:
        """The guest's state and the health of an instance of this node (`pve-svc status`)."""
        if inst["node"] != self.ctx.node:
            return "unknown", "unknown: served by another node"
        try:
            st = self._svc("status", inst["name"])
        except SvcFailed as exc:
            return "unknown", f"unknown: {exc}"
        health = "ok" if st.get("healthy") else f"failing: {st.get('health_problem') or '?'}"
        return str(st.get("state") or "unknown"), health

    def install(self, checker: Checker, req: Request) -> Any:
        template = word("template", req.get("template"), TEMPLATE)
        name = word("name", req.get("name"), NAME, required=False)
        node = word("node", req.get("node"), r"[a-zA-Z0-9]([a-zA-Z0-9\-]*[a-zA-Z0-9])?",
                    required=False) or self.ctx.node
        if node != self.ctx.node:
            raise ValidationError("node", _("this is node {this_node}: send the request "
                                  "to {node}'s own App Store service").format(this_node=self.ctx.node, node=node))
        storage = word("storage", req.get("storage"), STORAGE, required=False) \
            or self.ctx.default_storage
        if not storage:
            raise ValidationError("storage", _("required"))
        values = params(req.get("params"))
        ha = req.get("ha")
        if ha not in (None, "", "yes", "no"):
            raise ValidationError("ha", _("must be yes or no"))
        dry_run = boolean("dry_run", req.get("dry_run"))
        checker.require(needs("install", node, storage=storage))
        detail = self._svc("show", template)  # an unknown template: 400 before anything
        secret = secret_names(detail)
        unknown = sorted(set(values) - {p["name"] for p in detail.get("parameters", [])})
        if unknown:
            raise ValidationError("params", _("{template} has no parameter {unknown!r}").format(template=template, unknown=unknown[0]))
        args = ["install", template, "--node", node, "--storage", storage]
        args += ["--name", name] if name else []
        args += ["--ha", str(ha)] if ha else []
        for k, v in sorted(values.items()):
            if k not in secret:
                args += ["--param", f"{k}={v}"]
        secrets = {k: v for k, v in values.items() if k in secret}
        with _SecretArgs(secrets) as (sargs, stdin):
            # The pre-flight runs every time, synchronously: bad input is a 400, not a task.
            pre, plan = self.ctx.svc.run("--dry-run", *args, *sargs, stdin=stdin)
            if dry_run:
                # A failed pre-flight is pve-svc's exit 2: a 400 naming every problem.
                result = pre if isinstance(pre, dict) else {}
                return {"preflight": [], "plan": _plan(plan),
                        "notes": result.get("notes", []), "instance": result.get("instance")}
        ident = name or template.rpartition("/")[2]
        return self._task("install", ident, req.user, args, secrets)

    def action(self, checker: Checker, req: Request, name: str, what: str) -> str:
        insts = {i["name"]: i for i in self._svc("list")["instances"]}
        inst = insts.get(name)
        if inst is None:
            # Not found and not permitted look alike: nothing is told about what one may not see.
            raise ValidationError("name", _("no service instance {name!r}").format(name=name))
        if inst["node"] != self.ctx.node:
            raise ValidationError("name", _("{name} runs on node {node}: send the "
                                  "request to that node's App Store service").format(name=name, node=inst['node']))
        purge = boolean("purge", req.get("purge")) if what == "uninstall" else False
        wanted = needs(what, self.ctx.node, vmid=int(inst["vmid"]))
        checker.require(wanted)
        if purge:
            paths = [str(v["path"]) for v in inst.get("volumes", []) if v.get("created")]
            # A volume on no storage PVE knows: Datastore.Allocate on all of /storage.
            checker.require([Need(f"/storage/{sid}" if sid else "/storage", "Datastore.Allocate")
                             for sid in self.ctx.storage_of(paths) or [""]])
        args = [what, name]
        if purge:
            args.append("--purge")
        return self._task(what, name, req.user, args, {})

    def _task(self, what: str, ident: str, user: str, args: list[str],
              secrets: dict[str, str]) -> str:
        holder = _SecretArgs(secrets)
        sargs, stdin = holder.__enter__()
        try:
            return taskrun.start(self.ctx.task_dir, self.ctx.node, TASK_TYPES[what], ident,
                                 user, self.ctx.svc.argv(*args, *sargs), stdin=stdin,
                                 done=holder.cleanup)
        except BaseException:
            holder.cleanup()
            raise


def _plan(stderr: str) -> list[str]:
    """The dry-run lines pve-svc printed as JSON on stderr."""
    for line in stderr.splitlines():
        try:
            data = json.loads(line)
        except ValueError:
            continue
        if isinstance(data, dict) and "dry_run" in data:
            return [str(x) for x in data["dry_run"]]
    return []


class _SecretArgs:
    """Secret values for pve-svc: one on stdin (--secret NAME=-), several in 0600 files
    of a 0700 directory (--secret NAME=@FILE) removed afterwards; never argv or env."""

    def __init__(self, secrets: dict[str, str]) -> None:
        self.secrets = secrets
        self.dir: Optional[str] = None

    def __enter__(self) -> tuple[list[str], Optional[bytes]]:
        if not self.secrets:
            return [], None
        if len(self.secrets) == 1:
            (k, v), = self.secrets.items()
            return ["--secret", f"{k}=-"], (v + "\n").encode()
        self.dir = tempfile.mkdtemp(prefix="pvesmbgw-appstore-")  # mode 0700
        args = []
        for k, v in sorted(self.secrets.items()):
            path = os.path.join(self.dir, k)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(v + "\n")
            args += ["--secret", f"{k}=@{path}"]
        return args, None

    def __exit__(self, *exc: Any) -> None:
        self.cleanup()

    def cleanup(self) -> None:
        """Remove the secret files (idempotent)."""
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None


def storage_matcher(rows: list[dict[str, Any]]) -> Callable[[list[str]], list[str]]:
    """Volume paths -> the ids of the PVE storages (by path or ZFS pool mount) under which
    they lie, from `pvesh get /storage` rows."""
    roots = []
    for r in rows:
        root = r.get("path") or (f"/{r['pool']}" if r.get("type") == "zfspool" and r.get("pool")
                                 else "")
        if root:
            roots.append((str(Path(root)), str(r["storage"])))

    def match(paths: list[str]) -> list[str]:
        found = set()
        for p in paths:
            best = max((root for root in roots if p == root[0] or p.startswith(root[0] + "/")),
                       key=lambda root: len(root[0]), default=None)
            if best:
                found.add(best[1])
        return sorted(found)
    return match

