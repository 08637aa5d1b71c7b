"""A template against schema/service-v1.schema.json: every error jsonschema finds, each
as (node path, one-line message that names no Python type)."""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..core.i18n import N_, _
from .yamldoc import NodePath

SCHEMA_FILE = Path(__file__).resolve().parent / "schema" / "service-v1.schema.json"

_TYPES = {"string": N_("a string"), "integer": N_("a whole number"), "number": N_("a number"),
          "boolean": N_("true or false"), "array": N_("a list"), "object": N_("a mapping"),
          "null": N_("empty")}


@lru_cache(maxsize=1)
def validator() -> Any:
    # jsonschema is imported on first use: start-up cost (most commands lint nothing).
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(SCHEMA_FILE.read_text()))


def schema_problems(data: Any) -> list[tuple[NodePath, str]]:
    found: list[tuple[NodePath, str]] = []
    for error in validator().iter_errors(data):
        found += _explain(error)
    return found


def _explain(error: Any) -> list[tuple[NodePath, str]]:
    path: NodePath = tuple(error.absolute_path)
    kind, want, value = error.validator, error.validator_value, error.instance
    if kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        return [(path + (str(key),), _("unknown key") + _guess(str(key), allowed))
                for key in value if key not in allowed]
    if kind == "required":
        return [(path + (key,), _("is required")) for key in want if key not in value]
    if kind == "type":
        wanted = [want] if isinstance(want, str) else list(want)
        return [(path, _("must be {types}, got {kind}").format(
            types=_(" or ").join(_(_TYPES[t]) for t in wanted), kind=_kind(value)))]
    messages = {
        "const": lambda: _("must be {want!r}").format(want=want),
        "enum": lambda: _("must be one of: {choices}").format(choices=', '.join(map(str, want))),
        "pattern": lambda: _("{value} does not match {pattern}").format(
            value=_short(value), pattern=want),
        "minLength": lambda: _("must not be empty") if want == 1
        else _("must be at least {want} characters").format(want=want),
        "maxLength": lambda: _("must be at most {want} characters").format(want=want),
        "minimum": lambda: _("must be at least {want}, got {value}").format(want=want, value=value),
        "maximum": lambda: _("must be at most {want}, got {value}").format(want=want, value=value),
        "minItems": lambda: (_("needs at least {want} items") if want > 1
                             else _("needs at least {want} item")).format(want=want),
        "uniqueItems": lambda: _("holds an item twice"),
        "items": lambda: _("has more than {count} items").format(
            count=len(error.schema.get('prefixItems', ()))),
        "minProperties": lambda: _one_key(error.schema),
        "maxProperties": lambda: _one_key(error.schema),
        "oneOf": lambda: _("must be {description}").format(
            description=error.schema.get('description', _('one of its forms'))),
        "anyOf": lambda: _("must be {description}").format(
            description=error.schema.get('description', _('one of its forms'))),
    }
    if kind in messages:
        return [(path, messages[kind]())]
    return [(path, " ".join(error.message.split()))]


def _guess(key: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(key, allowed, n=1)
    return _(" (did you mean {key!r}?)").format(key=close[0]) if close else ""


def _one_key(schema: Any) -> str:
    return _("needs exactly one of: {keys}").format(keys=', '.join(schema.get('properties', {})))


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return _("true or false")
    for python, name in ((int, N_("a whole number")), (float, N_("a number")),
                         (str, N_("a string")), (list, N_("a list")), (dict, N_("a mapping"))):
        if isinstance(value, python):
            return f"{_(name)} {_short(value)}" if isinstance(value, (int, float, str)) \
                else _(name)
    return _("empty") if value is None else _("a YAML {type_name}").format(
        type_name=type(value).__name__)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
