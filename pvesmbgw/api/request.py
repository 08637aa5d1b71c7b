"""What a request carries: its ticket, CSRF token, origin and body, read as pveproxy does."""

from __future__ import annotations

import json
import re
import urllib.parse
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional

from ..core.errors import ValidationError
from ..core.i18n import _

MAX_BODY = 1 << 20  # an install form is a few kilobytes
_COOKIE = re.compile(r"(?:^|[\s;])PVEAuthCookie=([^;]*)")


@dataclass
class Request:
    """One API call, its path relative to /api2/json."""

    method: str
    path: str
    headers: Mapping[str, str]  # names in lower case
    query: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=dict)
    user: str = ""

    def ticket(self) -> str:
        """PVE::APIServer::Formatter::extract_auth_value: the cookie (URI-unescaped),
        else the PVEAuthCookie header of the GUI's cross-origin calls."""
        m = _COOKIE.search(self.headers.get("cookie", ""))
        if m:
            return urllib.parse.unquote(m.group(1))
        return urllib.parse.unquote(self.headers.get("pveauthcookie", ""))

    def csrf(self) -> str:
        """The CSRFPreventionToken header."""
        return self.headers.get("csrfpreventiontoken", "")

    def get(self, name: str, default: Any = None) -> Any:
        """A parameter from the body, else the query string."""
        return self.body.get(name, self.query.get(name, default))


def parse_body(content_type: str, raw: bytes) -> dict[str, Any]:
    """A JSON object or a form (application/x-www-form-urlencoded) body."""
    if not raw:
        return {}
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError("body", _("must be UTF-8 text")) from None
    if content_type.split(";")[0].strip().lower() == "application/json":
        try:
            data = json.loads(text)
        except ValueError:
            raise ValidationError("body", _("not valid JSON")) from None
        if not isinstance(data, dict):
            raise ValidationError("body", _("must be a JSON object"))
        return data
    form = urllib.parse.parse_qs(text, keep_blank_values=True, strict_parsing=False)
    return {k: v[-1] for k, v in form.items()}


def boolean(name: str, value: Any, default: bool = False) -> bool:
    """PVE's boolean parameters: 0/1, true/false, yes/no, on/off."""
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    text = str(value).lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ValidationError(name, _("must be a boolean (0 or 1), got {value!r}").format(value=str(value)[:40]))


def params(value: Any) -> dict[str, str]:
    """The install form's parameters: a JSON object (or its text) of NAME -> value."""
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise ValidationError("params", _("not a JSON object")) from None
    if not isinstance(value, dict):
        raise ValidationError("params", _("must be an object of NAME: value"))
    out: dict[str, str] = {}
    for k, v in value.items():
        if not isinstance(k, str) or not re.fullmatch(r"[a-z][a-z0-9_]{0,62}", k):
            raise ValidationError("params", _("not a parameter name: {key!r}").format(key=str(k)[:40]))
        if isinstance(v, bool):
            out[k] = "true" if v else "false"
        elif isinstance(v, (int, float, str)):
            out[k] = str(v)
        else:
            raise ValidationError(f"params.{k}", _("must be a string, number or boolean"))
        if "\n" in out[k] or "\0" in out[k]:
            raise ValidationError(f"params.{k}", _("must be one line"))
    return out


def word(name: str, value: Optional[Any], pattern: str, required: bool = True) -> str:
    """A name-like parameter checked against PATTERN before anything runs."""
    text = "" if value is None else str(value)
    if not text:
        if required:
            raise ValidationError(name, _("required"))
        return ""
    if not re.fullmatch(pattern, text):
        raise ValidationError(name, _("not a valid value: {text!r}").format(text=text[:60]))
    return text
