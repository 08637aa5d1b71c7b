"""A template's parameters at install: --param text to typed values, which parameters
apply, their secrets, and the rendering of postinstall argv with them."""

from __future__ import annotations

import secrets
import string
from typing import Any, Mapping, Optional, Sequence

from ..core.errors import ValidationError
from ..core.i18n import _
from ..core.render import render_value
from .model import BUILTINS, SECRET_DIR, Parameter, PortRef, Template, Volume, port_ref_name
from .values import from_text, shown

__all__ = ["BUILTINS", "SECRET_DIR", "context", "generate_secret", "new_secret",
           "parse_assignments", "port_of", "render_argv", "resolve", "secret_params", "visible", "volume_size"]

ALPHABETS = {
    "alnum": string.ascii_letters + string.digits,
    "hex": string.digits + "abcdef",
    "base64url": string.ascii_letters + string.digits + "-_",
}


def parse_assignments(items: Sequence[str]) -> dict[str, str]:
    """--param NAME=VALUE, given once each."""
    result: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep:
            raise ValidationError("param", _("{item!r}: write NAME=VALUE").format(item=item))
        if not name:
            raise ValidationError("param", _("{item!r}: the name is empty").format(item=item))
        if name in result:
            raise ValidationError("param", _("{name!r} is given twice").format(name=name))
        result[name] = value
    return result


def resolve(t: Template, given: Mapping[str, str]) -> dict[str, Any]:
    """The typed value of every parameter that applies (its show_if holds), but secrets:
    GIVEN's text, else the default. Raises ValidationError naming `param NAME`."""
    for name in given:
        if t.parameter(name) is None:
            known = ", ".join(p.name for p in t.parameters if p.type != "secret") or "none"
            raise ValidationError(f"param {name}", _("{id} has no such parameter "
                                  "(it has: {known})").format(id=t.id, known=known))
    values: dict[str, Any] = {}
    for p in t.parameters:
        if not shown(p, values):
            if p.name in given:
                raise ValidationError(f"param {p.name}", _("does not apply here: "
                                      "{conditions} does not hold").format(conditions=_conditions(p)))
            continue
        if p.name in given:
            values[p.name] = from_text(p, given[p.name])  # a secret's is refused there
        elif p.type == "secret":
            continue  # the engine generates it (generate_secret)
        elif p.default is not None:
            values[p.name] = p.default
        elif p.required:
            raise ValidationError(f"param {p.name}", _("is required (--param {name}=VALUE)").format(name=p.name))
    return values


def _conditions(p: Parameter) -> str:
    return " and ".join(f"{ref} {op} {value}" for ref, op, value in p.show_if)


def visible(t: Template, values: Mapping[str, Any]) -> list[Parameter]:
    """The parameters that apply with VALUES (resolve's result)."""
    return [p for p in t.parameters if shown(p, values)]


def secret_params(t: Template, values: Mapping[str, Any]) -> list[Parameter]:
    return [p for p in visible(t, values) if p.type == "secret"]


def generate_secret(p: Parameter) -> str:
    """A new random value for the secret parameter P (its length and alphabet)."""
    return new_secret(p.length, p.alphabet)


def new_secret(length: int, alphabet: str) -> str:
    """LENGTH characters of the template ALPHABET (alnum, hex, base64url), from the
    operating system's random source."""
    chars = ALPHABETS[alphabet]
    return "".join(secrets.choice(chars) for _ in range(length))


def context(t: Template, values: Mapping[str, Any], *, instance: str, vmid: int, node: str,
            hostname: str, volumes: Mapping[str, str]) -> dict[str, Any]:
    """What argv expressions see: the values, a secret as the path of its file in the
    guest (never the secret: argv shows in the guest's process list), the built-ins."""
    ctx: dict[str, Any] = dict(values)
    for p in secret_params(t, values):
        ctx[p.name] = f"{SECRET_DIR}/{p.name}"
    ctx.update(instance=instance, vmid=vmid, node=node, hostname=hostname,
               volumes=dict(volumes))
    return ctx


def render_argv(argv: Sequence[str], ctx: Mapping[str, Any]) -> list[str]:
    """Each element rendered on its own, sandboxed; an undefined name, a forbidden
    attribute or a failing expression is a ValidationError naming the element."""
    import jinja2

    rendered = []
    for index, element in enumerate(argv):
        try:
            rendered.append(render_value(element, **ctx))
        except jinja2.TemplateError as exc:
            raise ValidationError("postinstall", _("argv[{index}]: {one_line}").format(index=index, one_line=_one_line(exc))) from None
        # Any Python error an expression's operators raise (1/0, 'a' - 1) is the
        # template's fault, not the engine's.
        except Exception as exc:
            raise ValidationError("postinstall", _("argv[{index}]: {type_name}: "
                                  "{one_line}").format(index=index, type_name=type(exc).__name__, one_line=_one_line(exc))) from None
    return rendered


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def port_of(ref: PortRef, values: Mapping[str, Any]) -> int:
    """A port number, or the value of the port parameter "{{ name }}" refers to."""
    if isinstance(ref, int):
        return ref
    name = port_ref_name(ref)
    if name is None:
        raise ValidationError("port", _("neither a number nor {{{{ parameter }}}}: {ref!r}").format(ref=ref))
    if name not in values:
        raise ValidationError(f"param {name}", _("has no value (it does not apply here)"))
    return int(values[name])


def volume_size(v: Volume, values: Mapping[str, Any]) -> Optional[int]:
    """V's size in bytes: its own, or its size parameter's (None when that one does not
    apply)."""
    if v.size is not None:
        return v.size
    return values.get(v.size_from) if v.size_from else None
