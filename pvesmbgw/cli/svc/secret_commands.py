"""Reading a secret's value for `install --secret`: from stdin or a root-only file,
never from argv (the process list and the shell's history would show it)."""

from __future__ import annotations

import sys
from typing import Sequence

from ...core import fsutil
from ...core.errors import ValidationError


def read_value(spec: str, field: str) -> str:
    """'-': one line of stdin (a prompt without echo on a terminal); '@FILE': the first
    line of FILE, which only its owner may read. The message of a refusal never holds
    what was given (it may be a value typed into argv by mistake)."""
    if spec == "-":
        if sys.stdin.isatty():
            import getpass  # only a prompt needs it
            return getpass.getpass(f"{field}: ")
        return sys.stdin.readline().rstrip("\r\n")
    if spec.startswith("@") and len(spec) > 1:
        return fsutil.private_file_line(spec[1:], field)
    raise ValidationError(field, "a value is never taken from the command line: write - "
                          "(one line of stdin) or @FILE (a file only its owner may read)")


def parse_given(items: Sequence[str]) -> dict[str, str]:
    """--secret NAME=-|NAME=@FILE, given once each; stdin for one of them at most."""
    out: dict[str, str] = {}
    stdin = None
    for item in items:
        name, sep, spec = item.partition("=")
        if not sep or not name:
            raise ValidationError("secret", "write NAME=- or NAME=@FILE")
        if name in out:
            raise ValidationError(f"secret {name}", "is given twice")
        if spec == "-":
            if stdin is not None:
                raise ValidationError(f"secret {name}", f"stdin is read for {stdin} "
                                      "already: give this one as @FILE")
            stdin = name
        out[name] = read_value(spec, f"secret {name}")
    return out
