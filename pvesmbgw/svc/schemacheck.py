"""A template against schema/service-v1.schema.json: every error jsonschema finds, each
as (node path, one-line message that names no Python type)."""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from .yamldoc import NodePath

SCHEMA_FILE = Path(__file__).resolve().parent / "schema" / "service-v1.schema.json"

_TYPES = {"string": "a string", "integer": "a whole number", "number": "a number",
          "boolean": "true or false", "array": "a list", "object": "a mapping",
          "null": "empty"}


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
        return [(path + (str(key),), "unknown key" + _guess(str(key), allowed))
                for key in value if key not in allowed]
    if kind == "required":
        return [(path + (key,), "is required") for key in want if key not in value]
    if kind == "type":
        wanted = [want] if isinstance(want, str) else list(want)
        return [(path, f"must be {' or '.join(_TYPES[t] for t in wanted)}, "
                 f"got {_kind(value)}")]
    messages = {
        "const": lambda: f"must be {want!r}",
        "enum": lambda: f"must be one of: {', '.join(map(str, want))}",
        "pattern": lambda: f"{_short(value)} does not match {want}",
        "minLength": lambda: "must not be empty" if want == 1
        else f"must be at least {want} characters",
        "maxLength": lambda: f"must be at most {want} characters",
        "minimum": lambda: f"must be at least {want}, got {value}",
        "maximum": lambda: f"must be at most {want}, got {value}",
        "minItems": lambda: f"needs at least {want} item{'s' if want > 1 else ''}",
        "uniqueItems": lambda: "holds an item twice",
        "items": lambda: f"has more than {len(error.schema.get('prefixItems', ()))} items",
        "minProperties": lambda: _one_key(error.schema),
        "maxProperties": lambda: _one_key(error.schema),
        "oneOf": lambda: f"must be {error.schema.get('description', 'one of its forms')}",
        "anyOf": lambda: f"must be {error.schema.get('description', 'one of its forms')}",
    }
    if kind in messages:
        return [(path, messages[kind]())]
    return [(path, " ".join(error.message.split()))]


def _guess(key: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(key, allowed, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _one_key(schema: Any) -> str:
    return f"needs exactly one of: {', '.join(schema.get('properties', {}))}"


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    for python, name in ((int, "a whole number"), (float, "a number"), (str, "a string"),
                         (list, "a list"), (dict, "a mapping")):
        if isinstance(value, python):
            return f"{name} {_short(value)}" if isinstance(value, (int, float, str)) else name
    return "empty" if value is None else f"a YAML {type(value).__name__}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
