"""The one marked include line pvesmbgw adds to the admin's smb.conf.

Pure text functions: everything else in the admin's file is kept byte for byte.
"""

from __future__ import annotations

from pathlib import Path

MARKER = "# pvesmbgw: managed include, do not edit this line or the next"


def section_names(text: str) -> set[str]:
    """Lower-cased names of the [sections] TEXT defines (Samba compares them so)."""
    names = set()
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("[") and "]" in stripped:
            names.add(stripped[1:stripped.index("]")].strip().lower())
    return names


def _find(lines: list[str]) -> int:
    for i, line in enumerate(lines):
        if line.rstrip("\r\n") == MARKER:
            return i
    return -1


def has_include(text: str, include_file: Path) -> bool:
    lines = text.splitlines(keepends=True)
    i = _find(lines)
    return i >= 0 and i + 1 < len(lines) and lines[i + 1].strip() == f"include = {include_file}"


def with_include(text: str, include_file: Path) -> str:
    """TEXT with the marked include line (appended at the end, or corrected in place)."""
    lines = text.splitlines(keepends=True)
    entry = f"include = {include_file}\n"
    i = _find(lines)
    if i >= 0:
        if i + 1 < len(lines) and lines[i + 1].lstrip().startswith("include"):
            lines[i + 1] = entry
        else:
            lines.insert(i + 1, entry)
        return "".join(lines)
    if text and not text.endswith("\n"):
        text += "\n"
    return f"{text}{MARKER}\n{entry}"


def without_include(text: str) -> str:
    """TEXT with the marker and its include line removed, nothing else touched."""
    lines = text.splitlines(keepends=True)
    i = _find(lines)
    if i < 0:
        return text
    end = i + 2 if i + 1 < len(lines) and lines[i + 1].lstrip().startswith("include") else i + 1
    return "".join(lines[:i] + lines[end:])
