"""pve-svc as the daemon runs it: the CLI's own commands, their JSON mapped to the contract."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Optional, Sequence

from ..core.errors import PvesmbgwError
from ..core.runner import Runner

_ERROR = re.compile(r"^pve-svc: error: (.*)$", re.M)


class SvcFailed(PvesmbgwError):
    """pve-svc refused (exit 2: bad input, HTTP 400) or failed (HTTP 500)."""

    def __init__(self, message: str, bad_input: bool) -> None:
        super().__init__(message)
        self.bad_input = bad_input


@dataclass(frozen=True)
class Svc:
    """How to run pve-svc (appstore_svc_command) and with which timeout."""

    command: tuple[str, ...]
    timeout: float = 600

    def argv(self, *args: str) -> list[str]:
        """The command line of `pve-svc --output-format json ARGS`."""
        return [*self.command, "--output-format", "json", *args]

    def run(self, *args: str, stdin: Optional[bytes] = None) -> tuple[Any, str]:
        """Run it; its stdout's JSON and its stderr, or SvcFailed with its error line."""
        # Every exit code is pve-svc's answer here; a secret on stdin stays out of logs.
        res = Runner(timeout=self.timeout).run(
            self.argv(*args), mutating=False, input=(stdin or b"").decode(),
            secret=stdin is not None, ok_codes=range(256))
        err = res.stderr
        if res.returncode != 0:
            m = _ERROR.findall(err)
            msg = m[-1] if m else (err.strip().splitlines() or ["pve-svc failed"])[-1]
            raise SvcFailed(msg, bad_input=res.returncode == 2)
        try:
            return json.loads(res.stdout or "null"), err
        except ValueError:
            raise SvcFailed("pve-svc printed no JSON", bad_input=False) from None


def template_row(t: dict[str, Any]) -> dict[str, Any]:
    """A `search` row as GET /templates lists it."""
    repo = str(t.get("repo") or "builtin")
    return {"id": t["id"], "ref": t["id"] if repo == "builtin" else f"{repo}/{t['id']}",
            "repo": repo, "name": t.get("name", ""),
            "category": t.get("category", ""), "version": t.get("version", ""),
            "description": t.get("description", ""), "guest": t.get("type", "lxc"),
            "cores": t.get("cores"), "memory": t.get("memory"), "disk": t.get("disk"),
            "ha_profile": t.get("ha", ""), "legacy": bool(t.get("legacy")),
            # Repositories are only read through their signed index (pve-svc repo);
            # the built-in ones come with the Debian package, signed by its archive.
            "signed": True}


def parameter(p: dict[str, Any]) -> dict[str, Any]:
    """A template parameter as the install form needs it."""
    return {"name": p["name"], "type": p["type"], "description": p.get("description", ""),
            "default": None if p["type"] == "secret" else p.get("default"),
            "required": bool(p.get("required")), "enum": list(p.get("choices") or []),
            "min": p.get("minimum"), "max": p.get("maximum"), "pattern": p.get("pattern"),
            "show_if": p.get("show_if") or [], "secret": p["type"] == "secret"}


def template_detail(t: dict[str, Any]) -> dict[str, Any]:
    """`show`'s JSON as GET /templates/{id} gives it."""
    out = template_row(t)
    out["parameters"] = [parameter(p) for p in t.get("parameters", [])]
    out["volumes"] = t.get("volumes", [])
    # optional: the form's HA toggle is free; required: on; none: off and locked.
    out["ha_profiles"] = {"none": ["no"], "required": ["yes"]}.get(str(t.get("ha")),
                                                                    ["yes", "no"])
    return out


def secret_names(t: dict[str, Any]) -> set[str]:
    """The template's secret parameters (their values never go on a command line)."""
    return {p["name"] for p in t.get("parameters", []) if p.get("type") == "secret"}


def instance_row(inst: dict[str, Any], latest: str, state: str, health: str
                 ) -> dict[str, Any]:
    """A `list` row as GET /instances gives it."""
    return {"name": inst["name"], "template": inst["template"], "version": inst["version"],
            "latest": latest or inst["version"], "vmid": inst["vmid"],
            "guest": inst.get("kind", "lxc"), "node": inst["node"], "status": state,
            "health": health, "ha": bool(inst.get("ha")),
            "upgradable": bool(latest) and _newer(latest, str(inst["version"]))}


def _newer(a: str, b: str) -> bool:
    """Whether version A is after B (numeric parts compared as numbers)."""
    def key(v: str) -> Sequence[Any]:
        return [(0, int(x)) if x.isdigit() else (1, x) for x in re.split(r"[.\-+~]", v)]
    return list(key(a)) > list(key(b))
