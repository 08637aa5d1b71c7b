"""Shared helpers: PVE-style exceptions and the small Perl helpers PVE relies on.

Error output follows pve-common PVE::Exception::stringify:
    "<code> <msg>"            (code only when set, e.g. 400 / 403)
    "<key>: <error>" lines     (parameter errors)
    "<usage line>"             (added by the CLI handler for 400 errors)
"""

from __future__ import annotations

import hashlib
import re
import sys
from typing import Dict, Iterable, List, Optional
from urllib.parse import quote

HOST_CPUS_FALLBACK = 1


class PveError(Exception):
    """A die() from PVE code: message on stderr, non-zero exit.

    code: HTTP-ish code printed before the message (400, 403) or None.
    errors: parameter errors (key -> message), printed one per line.
    exit_code: process exit status (Perl die => 255 unless errno leaks).
    """

    def __init__(self, msg: str, code: Optional[int] = None,
                 errors: Optional[Dict[str, str]] = None, usage: Optional[str] = None,
                 exit_code: int = 255, stdout: str = "") -> None:
        super().__init__(msg)
        self.msg = msg
        self.code = code
        self.errors = errors or {}
        self.usage = usage
        self.exit_code = exit_code
        self.stdout = stdout
        self.msg_prefix = ""

    def is_param_exc(self) -> bool:
        return self.code == 400

    def render(self) -> str:
        msg = f"{self.code} {self.msg}" if self.code else self.msg
        if not msg.endswith("\n"):
            msg += "\n"
        msg = self.msg_prefix + msg
        for key in sorted(self.errors):
            msg += f"{key}: {self.errors[key]}\n"
        if self.usage:
            msg += self.usage
            if not msg.endswith("\n"):
                msg += "\n"
        return msg


def param_exc(errors: Dict[str, str]) -> PveError:
    """raise_param_exc(): '400 Parameter verification failed.' plus key: error lines."""
    return PveError("Parameter verification failed.\n", code=400, errors=errors)


def perm_exc(what: str) -> PveError:
    """raise_perm_exc(): '403 Permission check failed (<what>)'."""
    return PveError(f"Permission check failed ({what})\n", code=403)


class TaskFailed(Exception):
    """A fork_worker task failed: its error goes to stderr (the task log is on stdout)."""

    def __init__(self, msg: str) -> None:
        super().__init__(msg)
        self.msg = msg


# --- Perl helper equivalents -------------------------------------------------

def encode_text(text: str) -> str:
    """PVE::Tools::encode_text: URI-escape everything except 0x20-0x39 and 0x3b-0x7e."""
    out = []
    for byte in text.encode("utf-8"):
        if 0x20 <= byte <= 0x39 or 0x3B <= byte <= 0x7E:
            out.append(chr(byte))
        else:
            out.append("%%%02X" % byte)
    return "".join(out)


def decode_text(text: str) -> str:
    """PVE::Tools::decode_text: %XX unescaping."""
    raw = re.sub(rb"%([0-9a-fA-F]{2})", lambda m: bytes([int(m.group(1), 16)]),
                 text.encode("utf-8"))
    return raw.decode("utf-8", errors="replace")


def split_list(value: Optional[str]) -> List[str]:
    """PVE::Tools::split_list: split on , ; and whitespace, dropping empties."""
    if not value:
        return []
    return [x for x in re.split(r"[\s,;\0]+", value.strip()) if x]


def parse_boolean(value: str) -> Optional[int]:
    if re.fullmatch(r"(?i)1|on|yes|true", value):
        return 1
    if re.fullmatch(r"(?i)0|off|no|false", value):
        return 0
    return None


def parse_size(value: str) -> Optional[int]:
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([KMGT])?", value)
    if not m:
        return None
    size = float(m.group(1))
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}.get(m.group(2) or "", 1)
    return int(size * mult)


def format_size(size: int) -> str:
    """PVE::JSONSchema::format_size (exact units only)."""
    size = int(size)
    kb = size // 1024
    if kb * 1024 != size:
        return str(size)
    mb = kb // 1024
    if mb * 1024 != kb:
        return f"{kb}K"
    gb = mb // 1024
    if gb * 1024 != mb:
        return f"{mb}M"
    tb = gb // 1024
    if tb * 1024 != gb:
        return f"{gb}G"
    return f"{tb}T"


def perl_num(value: float) -> str:
    """Stringify a number the way Perl does for integral values."""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def stable_hex(*parts: object, length: int = 40) -> str:
    h = hashlib.sha1("\0".join(str(p) for p in parts).encode()).hexdigest()
    return h[:length]


def out(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def err(text: str) -> None:
    sys.stderr.write(text)
    sys.stderr.flush()


def urlquote(text: str) -> str:
    return quote(text, safe="")


def join_lines(lines: Iterable[str]) -> str:
    return "".join(line + "\n" for line in lines)
