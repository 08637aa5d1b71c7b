"""The marked include lines pvesmbgw adds to the admin's smb.conf: one for the
shares (MARKER); AD membership and the CTDB cluster add their own, with their own
markers and places. Pure text functions: everything else in the admin's file is kept
byte for byte.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

MARKER = "# pvesmbgw: managed include, do not edit this line or the next"


def section_names(text: str) -> set[str]:
    """Lower-cased names of the [sections] TEXT defines (Samba compares them so)."""
    names = set()
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("[") and "]" in stripped:
            names.add(stripped[1:stripped.index("]")].strip().lower())
    return names


def _find(lines: list[str], marker: str = MARKER) -> int:
    for i, line in enumerate(lines):
        if line.rstrip("\r\n") == marker:
            return i
    return -1


def fix_marked_include(text: str, marker: str, entry: str) -> Optional[str]:
    """TEXT with the include line after MARKER set to ENTRY (added when missing), or
    None when TEXT has no MARKER (the caller decides where a new one goes)."""
    lines = text.splitlines(keepends=True)
    i = _find(lines, marker)
    if i < 0:
        return None
    if i + 1 < len(lines) and lines[i + 1].lstrip().startswith("include"):
        lines[i + 1] = entry
    else:
        lines.insert(i + 1, entry)
    return "".join(lines)


def has_include(text: str, include_file: Path) -> bool:
    lines = text.splitlines(keepends=True)
    i = _find(lines)
    return i >= 0 and i + 1 < len(lines) and lines[i + 1].strip() == f"include = {include_file}"


def with_include(text: str, include_file: Path) -> str:
    """TEXT with the marked include line (appended at the end, or corrected in place)."""
    entry = f"include = {include_file}\n"
    fixed = fix_marked_include(text, MARKER, entry)
    if fixed is not None:
        return fixed
    if text and not text.endswith("\n"):
        text += "\n"
    return f"{text}{MARKER}\n{entry}"


def without_include(text: str, marker: str = MARKER) -> str:
    """TEXT with MARKER and its include line removed, nothing else touched."""
    lines = text.splitlines(keepends=True)
    i = _find(lines, marker)
    if i < 0:
        return text
    end = i + 2 if i + 1 < len(lines) and lines[i + 1].lstrip().startswith("include") else i + 1
    return "".join(lines[:i] + lines[end:])
