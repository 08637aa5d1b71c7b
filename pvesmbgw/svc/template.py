"""Service templates (templates/<id>.yml, SPEC.md): read, check and load one.

lint() reports every problem of a file as FILE:LINE: FIELD: message (the schema's and
the checks beyond it); load() gives the Template of a file that has none.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence, Union

from ..core.errors import ValidationError
from ..core.units import parse_size
from . import checks
from ..core.i18n import _
from .model import (Disk, Exporter, HealthCheck, Migration, Parameter, Port, PostStep, Source,
                    Template, Volume, parameter_of)
from .schemacheck import SCHEMA_FILE, schema_problems
from .values import from_yaml
from .yamldoc import NodePath, YamlError, parse

__all__ = ["SCHEMA_FILE", "Exporter", "HealthCheck", "Migration", "Parameter", "Port", "PostStep",
           "Problem", "Source", "Template", "TemplateError", "Volume", "lint", "load"]

# A template is a page of YAML; a bigger file is no template.
MAX_BYTES = 256 * 1024


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class TemplateError(ValidationError):
    """A template file has problems (all of them in .problems); str() is the first one."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        first = self.problems[0]
        more = _(" (and {count} more)").format(count=len(self.problems) - 1) if len(self.problems) > 1 else ""
        super().__init__(first.field, first.message + more)
        self.args = (f"{first}{more}",)


def lint(path: Union[Path, str]) -> list[Problem]:
    """Every problem of the template file PATH, by line; never raises for a bad file."""
    return _read(Path(path))[1]


def load(path: Union[Path, str]) -> Template:
    """The template in PATH; TemplateError with every problem lint finds."""
    path = Path(path)
    data, problems = _read(path)
    if problems or data is None:
        raise TemplateError(problems)
    return _build(data, str(path))


def field_name(path: NodePath) -> str:
    """('postinstall', 0, 'argv', 3) -> 'postinstall[0].argv[3]'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "document"


def _read(path: Path) -> tuple[Optional[dict[str, Any]], list[Problem]]:
    """PATH's data and problems (data None when it is no mapping at all)."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(name, 1, "file", _("unreadable: {strerror}").format(strerror=exc.strerror or exc))]
    if len(raw) > MAX_BYTES:
        return None, [Problem(name, 1, "file", _("larger than {max_bytes} KiB").format(max_bytes=MAX_BYTES // 1024))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(name, raw[:exc.start].count(b"\n") + 1, "file", _("not UTF-8"))]
    try:
        doc = parse(text)
    except YamlError as exc:
        return None, [Problem(name, exc.line, "yaml", exc.message)]
    if not isinstance(doc.data, dict):
        what = _("empty") if doc.data is None else _("not a mapping of template keys")
        return None, [Problem(name, 1, "document", what)]
    # A duplicate carries its own line: its path's recorded line is the first occurrence.
    problems = [Problem(name, line, field_name(p), _("duplicate key (first at line {first})").format(first=first))
                for p, line, first in doc.duplicates]
    found = schema_problems(doc.data)
    if not found:  # the checks read what the schema guarantees
        found += checks.semantic(doc.data)
    found += checks.identity(doc.data, path.stem)
    problems += [Problem(name, doc.line(p), field_name(p), message) for p, message in found]
    return doc.data, sorted(problems, key=lambda p: p.line)


def _build(data: Mapping[str, Any], path: str) -> Template:
    """The Template of DATA, which lint found no problem in."""
    params: dict[str, Parameter] = {}
    for item in data.get("parameters", ()):
        raw = parameter_of(item)
        params[raw.name] = replace(
            raw, default=None if raw.default is None else from_yaml(raw, raw.default),
            show_if=tuple((ref, op, from_yaml(params[ref], value))
                          for ref, op, value in raw.show_if))
    resources = data["resources"]
    health = data["healthcheck"]
    exporter = data.get("exporter")
    return Template(
        id=data["id"], name=data["name"], version=data["version"],
        description=data["description"], category=data["category"],
        homepage=data["homepage"], license=data["license"],
        maintainers=tuple(data["maintainers"]), type=data["type"],
        source=Source(**data["source"]), cores=resources["cores"],
        memory=resources["memory"],
        swap=resources.get("swap", 512 if data["type"] == "lxc" else 0),
        disk=resources["disk"], ha=data.get("ha", "optional"),
        packages=tuple(data.get("packages", ())), parameters=tuple(params.values()),
        volumes=tuple(_volume(v) for v in data.get("volumes", ())),
        ports=tuple(Port(p["name"], p["port"], p.get("protocol", "tcp"))
                    for p in data.get("ports", ())),
        healthcheck=HealthCheck(health["type"], health["port"], health.get("path", "/"),
                                health.get("status", 200), float(health.get("timeout", 60))),
        postinstall=tuple(PostStep(s["name"], tuple(s["argv"]), float(s.get("timeout", 300)),
                                   tuple(s.get("rerun_on_rotate", ())))
                          for s in data.get("postinstall", ())),
        exporter=None if exporter is None else Exporter(
            exporter["port"], exporter.get("path", "/metrics")),
        app_version=data.get("app_version", ""), legacy=data.get("legacy", False), path=path,
        install=data.get("install", "automatic"),
        manual_steps=tuple(data.get("manual_steps", ())),
        disks=tuple(Disk(d["name"], _bytes(d["size"]), d.get("bus", "scsi"))
                    for d in data.get("disks", ())),
        migrations=tuple(Migration(m["version"], m["name"], tuple(m["argv"]),
                                   float(m.get("timeout", 300)))
                         for m in data.get("migrations", ())))


def _bytes(size: Union[int, str]) -> int:
    return parse_size(size) if isinstance(size, str) else size


def _volume(item: Mapping[str, Any]) -> Volume:
    size = item.get("size")
    owner = item.get("owner", {"uid": 0, "gid": 0})
    return Volume(
        name=item["name"], mount=item["mount"], uid=owner["uid"], gid=owner["gid"],
        mode=int(item.get("mode", "0750"), 8),
        size=None if size is None else _bytes(size),
        size_from=item.get("size_from"))
