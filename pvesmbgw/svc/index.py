"""The template index of a repository, index.json: what `pve-svc index build DIR` writes
over DIR/templates/<id>.yml (and icons <id>.png or <id>.svg), what a maintainer signs
(index.json.sig, a detached OpenPGP signature), and what nodes verify and search.

    {"format": 1, "serial": N, "generated": "2026-12-07T13:37:00Z",
     "templates": {"<id>": {"id", "name", "version", "category", "description",
                            "type", "legacy", "ha", "cores", "memory", "disk",
                            "volumes": [{"name", "size", "size_from"}],
                            "sha256": "<hex of templates/<id>.yml>",
                            "icon": {"type": "png", "sha256": "<hex>"}  (optional)}}}

The entry's fields are the template's summary (`pve-svc search --output-format json`):
search reads the index and never parses YAML. `serial` only grows: a node refuses an
index whose serial is below the one it has verified (a replayed old index).
Deterministic: keys and ids sorted, `generated` from SOURCE_DATE_EPOCH when it is set.
This module stays light to import (search loads it): the template parser is imported
only by build().
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Optional

from ..core.errors import ValidationError
from ..core.i18n import _

if TYPE_CHECKING:
    from .template import Problem

FORMAT = 1
FILE = "index.json"
SIGNATURE = "index.json.sig"
TEMPLATES = "templates"
ICON_TYPES = ("png", "svg")
MAX_BYTES = 16 * 1024 * 1024
MAX_ICON = 256 * 1024
MAX_SERIAL = 2 ** 53 - 1  # JSON's exact integers
ID_RE = re.compile(r"[a-z][a-z0-9-]{0,38}[a-z0-9]")  # the schema's template id
_SHA256 = re.compile(r"[0-9a-f]{64}")
_PNG = b"\x89PNG\r\n\x1a\n"
# What core.text.breaks_lines finds (Cc, Zl, Zp), as one regular expression: search
# checks every entry, and a per-character Unicode lookup would dominate its time.
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_TEXT = ("id", "name", "version", "category", "type", "ha")
_CHOICES = {"type": ("lxc", "vm"), "ha": ("required", "recommended", "optional")}


@dataclass(frozen=True)
class Index:
    serial: int
    generated: str
    templates: dict[str, dict[str, Any]]

    def dumps(self) -> bytes:
        return (json.dumps({"format": FORMAT, "serial": self.serial,
                            "generated": self.generated, "templates": self.templates},
                           indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def template_file(template_id: str, kind: str = "yml") -> str:
    """Where a repository holds template TEMPLATE_ID (or its icon of KIND), from its top."""
    return f"{TEMPLATES}/{template_id}.{kind}"


def files(index: Index) -> dict[str, str]:
    """Every file INDEX vouches for (path from the repository's top) -> its sha256."""
    out = {}
    for tid, entry in index.templates.items():
        out[template_file(tid)] = entry["sha256"]
        if entry.get("icon"):
            out[template_file(tid, entry["icon"]["type"])] = entry["icon"]["sha256"]
    return out


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def changed(top: Path, index: Index) -> list[str]:
    """The files of INDEX under TOP that are missing or differ from their sha256."""
    found = []
    for name, digest in sorted(files(index).items()):
        try:
            if sha256(top / name) != digest:
                found.append(_("{name}: differs from its sha256 in the signed index").format(name=name))
        except OSError:
            found.append(_("{name}: listed in the index, but missing").format(name=name))
    return found


def loads(data: bytes, source: str, entries: bool = True) -> Index:
    """The index in DATA; ValidationError (field index.json) naming what is wrong.
    ENTRIES=False trusts the entries (an index verified before, byte for byte)."""
    if len(data) > MAX_BYTES:
        raise ValidationError(FILE, _("{source}: larger than {max_bytes} MiB").format(source=source, max_bytes=MAX_BYTES >> 20))
    try:
        doc = json.loads(data)
    except ValueError as exc:
        raise ValidationError(FILE, _("{source}: not JSON: {exc}").format(source=source, exc=exc)) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValidationError(FILE, _("{source}: not an index of format {format}").format(source=source, format=FORMAT))
    serial, generated, templates = doc.get("serial"), doc.get("generated"), doc.get("templates")
    if type(serial) is not int or not 0 < serial <= MAX_SERIAL:
        raise ValidationError(FILE, _("{source}: serial must be a whole number above 0").format(source=source))
    if not isinstance(generated, str) or not isinstance(templates, dict):
        raise ValidationError(FILE, _("{source}: generated and templates are missing").format(source=source))
    for key, entry in templates.items() if entries else ():
        problem = _entry_problem(key, entry)
        if problem:
            raise ValidationError(FILE, _("{source}: templates.{key}: {problem}").format(source=source, key=key, problem=problem))
    return Index(serial, generated, templates)


def read(path: Path) -> Optional[Index]:
    """The index in PATH, None when there is none."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    return loads(data, str(path))


def _entry_problem(key: str, entry: Any) -> Optional[str]:
    if not isinstance(entry, dict) or not ID_RE.fullmatch(key) or entry.get("id") != key:
        return _("not an entry of that template id")
    for name in _TEXT:
        value = entry.get(name)
        if not isinstance(value, str) or _BREAKS.search(value):
            return _("{name} must be one line of text").format(name=name)
        if name in _CHOICES and value not in _CHOICES[name]:
            return _("{name} must be one of {choices}").format(name=name, choices=', '.join(_CHOICES[name]))
    if not isinstance(entry.get("description"), str):
        return _("description must be text")
    if any(type(entry.get(n)) is not int or entry[n] < 0 for n in ("cores", "memory", "disk")):
        return _("cores, memory and disk must be whole numbers")
    if type(entry.get("legacy")) is not bool:
        return _("legacy must be true or false")
    volumes = entry.get("volumes")
    if not isinstance(volumes, list) or not all(_volume_ok(v) for v in volumes):
        return _("volumes must be a list of {name, size, size_from}")
    if not _digest_ok(entry.get("sha256")):
        return _("sha256 must be 64 lower-case hex digits")
    icon = entry.get("icon")
    if icon is not None and not (isinstance(icon, dict) and icon.get("type") in ICON_TYPES
                                 and _digest_ok(icon.get("sha256"))):
        return _("icon must be {type: png|svg, sha256}")
    return None


def _volume_ok(v: Any) -> bool:
    return (isinstance(v, dict) and isinstance(v.get("name"), str)
            and (v.get("size") is None or type(v["size"]) is int)
            and (v.get("size_from") is None or isinstance(v["size_from"], str)))


def _digest_ok(value: Any) -> bool:
    return isinstance(value, str) and bool(_SHA256.fullmatch(value))


# -- building -----------------------------------------------------------------------


def build_time() -> float:
    """Now, or SOURCE_DATE_EPOCH when set (a reproducible package build)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return float(epoch) if epoch.isdigit() else time.time()


def next_serial(previous: Optional[int], now: float) -> int:
    """The default serial: the UTC time as YYYYMMDDHHMMSS, or PREVIOUS + 1 when that is
    not above PREVIOUS (two builds in one second, a clock set back). A lost index.json
    still yields a serial above every earlier one."""
    stamp = int(time.strftime("%Y%m%d%H%M%S", time.gmtime(now)))
    return max(stamp, (previous or 0) + 1)


def choose_serial(given: Optional[int], previous: Optional[int], now: float) -> int:
    """The new index's serial: GIVEN (--serial), else next_serial()."""
    return next_serial(previous, now) if given is None else check_serial(given, previous)


def check_serial(serial: int, previous: Optional[int]) -> int:
    """SERIAL given with --serial: above 0, and above PREVIOUS (nodes refuse a lower one)."""
    if not 0 < serial <= MAX_SERIAL:
        raise ValidationError("serial", _("must be 1 to {max_serial}, got {serial}").format(max_serial=MAX_SERIAL, serial=serial))
    if previous is not None and serial <= previous:
        raise ValidationError("serial", _("must be above the previous index's {previous}, "
                              "got {serial} (nodes refuse an index whose serial went down)").format(previous=previous, serial=serial))
    return serial


def build(top: Path, serial: int, now: float) -> tuple[Optional[Index], list["Problem"]]:
    """The index of repository tree TOP (TOP/templates/*.yml), or every problem found:
    each template must pass lint, and an icon must be one file, a real PNG or SVG."""
    from .template import Problem, TemplateError, load
    folder = top / TEMPLATES
    paths = sorted(folder.glob("*.yml")) if folder.is_dir() else []
    if not paths:
        return None, [Problem(str(folder), 1, "templates", _("holds no <id>.yml template"))]
    problems: list[Problem] = []
    entries: dict[str, dict[str, Any]] = {}
    for path in paths:
        try:
            template = load(path)
        except TemplateError as exc:
            problems += exc.problems
            continue
        entry: dict[str, Any] = {**template.summary(), "sha256": sha256(path)}
        icons = [folder / f"{template.id}.{kind}" for kind in ICON_TYPES
                 if (folder / f"{template.id}.{kind}").is_file()]
        problem = _icon_problem(icons)
        if problem:
            problems.append(Problem(str(icons[0]), 1, "icon", problem))
        elif icons:
            entry["icon"] = {"type": icons[0].suffix[1:], "sha256": sha256(icons[0])}
        entries[template.id] = entry
    if problems:
        return None, problems
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now))
    return Index(serial, stamp, dict(sorted(entries.items()))), []


def build_for(top: Path, output: Path, given: Optional[int]
              ) -> tuple[Optional[Index], list["Problem"]]:
    """build() with the serial chosen against OUTPUT's index, the one it replaces:
    GIVEN (--serial), else next_serial()."""
    previous = read(output)
    now = build_time()
    return build(top, choose_serial(given, previous.serial if previous else None, now), now)


def _icon_problem(icons: list[Path]) -> Optional[str]:
    if len(icons) > 1:
        return _("one icon per template: both .png and .svg are there")
    if not icons:
        return None
    data = icons[0].read_bytes()
    if len(data) > MAX_ICON:
        return _("larger than {max_icon} KiB").format(max_icon=MAX_ICON >> 10)
    if icons[0].suffix == ".png" and not data.startswith(_PNG):
        return _("not a PNG image")
    if icons[0].suffix == ".svg" and b"<svg" not in data[:4096]:
        return _("not an SVG image")
    return None


def entry_summary(entry: Mapping[str, Any]) -> dict[str, Any]:
    """An index entry as search shows it: the template's summary, without the hashes."""
    return {k: v for k, v in entry.items() if k not in ("sha256", "icon")}
