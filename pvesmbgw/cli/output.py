"""Printing results as text tables or stable JSON."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Callable, Optional, Sequence, TextIO

from ..core.units import format_size, human_size

FORMATS = ("text", "json", "json-pretty")


def emit_json(data: Any, fmt: str, out: TextIO = sys.stdout) -> None:
    if fmt == "json-pretty":
        out.write(json.dumps(data, indent=2, sort_keys=True) + "\n")
    else:
        out.write(json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n")


def size_or_dash(value: Optional[int], exact: bool = True) -> str:
    if value is None:
        return "-"
    return format_size(value) if exact else human_size(value)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO = sys.stdout) -> None:
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    for row in [list(headers)] + [list(r) for r in rows]:
        out.write("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() + "\n")


def emit(args: argparse.Namespace, data: Any, text: Callable[[], None]) -> None:
    """A command's result: TEXT() prints it for people, else DATA as JSON."""
    if args.output_format == "text":
        text()
    else:
        emit_json(data, args.output_format)


def metrics_out(textfile: Optional[str], collect: Callable[[], bytes], example: str) -> None:
    """Metrics COLLECT renders, to stdout or written atomically to TEXTFILE, a path
    checked before anything is collected (core/textfile.py; EXAMPLE names the file its
    error suggests)."""
    from ..core.textfile import check_textfile, write_textfile
    target = check_textfile(textfile, example) if textfile is not None else None
    data = collect()
    if target is not None:
        write_textfile(target, data)
    else:
        sys.stdout.write(data.decode())
