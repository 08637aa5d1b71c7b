"""What a value written as one line of a text file (the registry, smb.conf) may not hold."""

from __future__ import annotations

import unicodedata


def undecodable(text: str) -> bool:
    """TEXT came from bytes that are no UTF-8 (Python hands them over as lone
    surrogates): neither the registry nor smb.conf can hold it."""
    return any(unicodedata.category(c) == "Cs" for c in text)


def breaks_lines(text: str) -> bool:
    """TEXT holds a control character (C0, DEL, C1) or a line or paragraph separator:
    whatever reads the file as text would end the line there."""
    return any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in text)
