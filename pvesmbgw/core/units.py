"""Sizes as administrators write them: 1G, 500M, 1.5T, 1073741824 (binary units)."""

from __future__ import annotations

import re

from .errors import ValidationError
from .i18n import _

_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40, "P": 1 << 50}
# ASCII: \d and float() would also read other scripts' digits ('١G').
_SIZE_RE = re.compile(r"(\d+(?:\.\d+)?)\s*([KMGTP]?)(?:i?B)?", re.IGNORECASE | re.ASCII)

# A container's own ids (0-65535) are shifted by its user namespace; id ranges pvesmbgw
# hands out or passes through must lie above them.
CONTAINER_IDS = 65536


def parse_size(text: str) -> int:
    """Return TEXT as bytes; raise ValueError with a reason when it is not a size."""
    match = _SIZE_RE.fullmatch(text.strip())
    if not match:
        raise ValueError(_("not a size: {text!r} (use e.g. 500M, 1G, 2T)").format(text=text))
    value = float(match.group(1)) * _UNITS[match.group(2).upper()]
    if value < 1:
        raise ValueError(_("must be greater than zero, got {text!r}").format(text=text))
    return int(value)


def format_size(size: int) -> str:
    """Shortest exact binary-unit spelling, e.g. 1073741824 -> '1G'."""
    for suffix in ("P", "T", "G", "M", "K"):
        unit = _UNITS[suffix]
        if size >= unit and size % unit == 0:
            return f"{size // unit}{suffix}"
    return str(size)


def human_size(size: int) -> str:
    """Rounded size for people, e.g. 1.5G."""
    value = float(size)
    for suffix in ("", "K", "M", "G", "T"):
        if value < 1024 or suffix == "T":
            return f"{value:.1f}{suffix}" if suffix else f"{int(value)}"
        value /= 1024
    return str(size)


# ASCII digits only: int() also takes other scripts' digits, '_' and spaces.
_RANGE_RE = re.compile(r"([0-9]{1,10})-([0-9]{1,10})")


def parse_range(text: str, field: str) -> tuple[int, int]:
    """'2000000-2099999' -> (2000000, 100000): first id and count."""
    match = _RANGE_RE.fullmatch(text)
    if not match:
        raise ValidationError(field, _("not an id range: {text!r} (use FIRST-LAST)").format(text=text))
    start, end = int(match.group(1)), int(match.group(2))
    if start < CONTAINER_IDS or end < start:
        raise ValidationError(field, _("{text!r} must lie above {container_ids} "
                              "and end after it starts").format(text=text, container_ids=CONTAINER_IDS - 1))
    return start, end - start + 1


def parse_int(field_name: str, text: str) -> int:
    """A whole number as an administrator types it: ASCII digits only (int() would also
    take '١٢', '1_024' and surrounding spaces)."""
    if not (text.isascii() and text.isdigit()) or len(text) > 12:
        raise ValidationError(field_name, _("not a whole number: {text!r}").format(text=text))
    return int(text)
