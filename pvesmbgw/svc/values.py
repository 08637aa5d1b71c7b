"""Typed values of template parameters, by one set of rules whether they come from
--param text (install) or from the YAML (a default, a show_if value)."""

from __future__ import annotations

import re
from typing import Any, Mapping, Optional

from ..core.config import is_bridge_name, is_storage_id
from ..core.errors import ValidationError
from ..core.i18n import _
from ..core.text import breaks_lines, undecodable
from ..core.units import parse_size
from .model import Parameter

TYPES = ("string", "int", "bool", "enum", "secret", "storage", "dataset", "bridge", "port",
         "size")
# Parameters whose value is text the template passes on as it is.
TEXT_TYPES = ("string", "enum", "storage", "dataset", "bridge")
# A value ends up in guest argv, config files and the shell scripts of templates: none of
# them needs these, and each one opens an injection (a template, a command substitution,
# a second command).
_FORBIDDEN = ("{{", "{%", "{#", "$(", "`", ";")
_TRUE = ("yes", "true", "1")
_FALSE = ("no", "false", "0")
# ASCII digits only: int() also takes other scripts' digits, '_' and spaces.
_INT_RE = re.compile(r"-?[0-9]{1,12}")
# A ZFS dataset (pool/a/b) or an absolute path: the engine checks it exists and is allowed.
_SEGMENT = r"[A-Za-z0-9_.:+-]+"
_DATASET_RE = re.compile(rf"[A-Za-z0-9][A-Za-z0-9_.:-]*(?:/{_SEGMENT})*|(?:/{_SEGMENT})+")
MAX_DATASET = 255
MAX_PORT = 65535


def unsafe_text(text: str) -> Optional[str]:
    """Why TEXT may not be a parameter's value, or None."""
    if undecodable(text):
        return _("is not UTF-8")
    if breaks_lines(text):
        return _("holds a line break or control character")
    for seq in _FORBIDDEN:
        if seq in text:
            return _("holds {seq!r}").format(seq=seq)
    if ".." in text.split("/"):
        return _("holds a '..' path segment")
    return None


def from_text(p: Parameter, text: str) -> Any:
    """The typed value of TEXT given for P (--param NAME=TEXT)."""
    field = f"param {p.name}"
    if p.type == "secret":
        raise ValidationError(field, _("a secret is generated at install; it cannot be given"))
    reason = unsafe_text(text)
    if reason:
        raise ValidationError(field, reason)
    if p.type == "bool":
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise ValidationError(field, _("not yes/no, true/false or 1/0: {text!r}").format(text=text))
    if p.type in ("int", "port"):
        if not _INT_RE.fullmatch(text):
            raise ValidationError(field, _("not a whole number: {text!r}").format(text=text))
        return _checked(p, int(text))
    if p.type == "size":
        try:
            return parse_size(text)
        except ValueError as exc:
            raise ValidationError(field, str(exc)) from None
    return _checked(p, text)


def from_yaml(p: Parameter, value: Any) -> Any:
    """The typed value of VALUE written in the template for P (a default, a show_if value)."""
    field = f"param {p.name}"
    if p.type == "secret":
        raise ValidationError(field, _("a secret is generated at install; it has no value "
                              "in the template"))
    if p.type == "bool":
        if not isinstance(value, bool):
            raise ValidationError(field, _("must be true or false, got {value!r}").format(value=value))
        return value
    if p.type in ("int", "port"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(field, _("must be a whole number, got {value!r}").format(value=value))
        return _checked(p, value)
    if p.type == "size":
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise ValidationError(field, _("must be a size like 10G, got {value!r}").format(value=value))
        if isinstance(value, int):
            if value < 1:
                raise ValidationError(field, _("must be greater than zero, got {value}").format(value=value))
            return value
        return from_text(p, value)
    if not isinstance(value, str):
        raise ValidationError(field, _("must be a string, got {value!r}").format(value=value))
    reason = unsafe_text(value)
    if reason:
        raise ValidationError(field, reason)
    return _checked(p, value)


def _checked(p: Parameter, value: Any) -> Any:
    """VALUE (of P's type) within P's limits."""
    field = f"param {p.name}"
    if p.type == "string":
        if p.min_length is not None and len(value) < p.min_length:
            raise ValidationError(field, _("shorter than {min_length} characters").format(min_length=p.min_length))
        if p.max_length is not None and len(value) > p.max_length:
            raise ValidationError(field, _("longer than {max_length} characters").format(max_length=p.max_length))
        if p.pattern is not None and not _matches(p.pattern, value):
            raise ValidationError(field, _("{value!r} does not match {pattern}").format(value=value, pattern=p.pattern))
    elif p.type in ("int", "port"):
        low = p.minimum if p.minimum is not None else (1 if p.type == "port" else None)
        high = p.maximum if p.maximum is not None else (MAX_PORT if p.type == "port" else None)
        if p.type == "port" and not 1 <= value <= MAX_PORT:
            raise ValidationError(field, _("not a port (1..{max_port}): {value}").format(max_port=MAX_PORT, value=value))
        if (low is not None and value < low) or (high is not None and value > high):
            raise ValidationError(field, _("out of range {low}..{high}: {value}").format(low=_bound(low), high=_bound(high), value=value))
    elif p.type == "enum":
        if value not in p.choices:
            raise ValidationError(field, _("{value!r} is not one of: {choices}").format(value=value, choices=', '.join(p.choices)))
    elif p.type == "storage":
        if not is_storage_id(value):
            raise ValidationError(field, _("not a PVE storage ID: {value!r}").format(value=value))
    elif p.type == "dataset":
        if len(value) > MAX_DATASET or not _DATASET_RE.fullmatch(value) \
                or "." in value.split("/"):
            raise ValidationError(field, _("not a dataset (pool/a/b) or absolute path: {value!r}").format(value=value))
    elif p.type == "bridge":
        if not is_bridge_name(value):
            raise ValidationError(field, _("not a network bridge name: {value!r}").format(value=value))
    return value


def _matches(pattern: str, value: str) -> bool:
    # A broken pattern is lint's finding; here (a show_if value checked against such a
    # parameter) it only means no value fits.
    try:
        return re.fullmatch(pattern, value) is not None
    except re.error:
        return False


def _bound(value: Optional[int]) -> str:
    return "" if value is None else str(value)


def shown(p: Parameter, values: Mapping[str, Any]) -> bool:
    """Every show_if condition of P holds in VALUES; one on a parameter that is itself
    hidden (not in VALUES) does not."""
    return all(ref in values and (values[ref] == want) == (op == "=")
               for ref, op, want in p.show_if)
