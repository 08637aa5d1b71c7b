"""A small YAML subset parser for cloud-config user-data (stdlib has no YAML).

Supported: block mappings and sequences (any consistent indentation), '- key: v'
sequence items that continue as mappings, plain / 'single' / "double" quoted
scalars, flow lists '[a, b]', block scalars '|' and '>' (with -/+ chomping),
comments.  Scalars stay strings except true/false/yes/no/null.  Anything else
raises ValueError (cloud-init would then report 'status: error').
"""

from __future__ import annotations

import re
from typing import Any, List, Tuple

Line = Tuple[int, str, int]  # indent, text, line number


def _strip_comment(text: str) -> str:
    out = ""
    quote = None
    for i, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"" and (i == 0 or text[i - 1] in " :-[,"):
            quote = ch
        elif ch == "#" and (i == 0 or text[i - 1] in " \t"):
            break
        out += ch
    return out.rstrip()


def _scalar(text: str) -> Any:
    t = text.strip()
    if t == "" or t in ("~", "null", "Null", "NULL"):
        return None
    if len(t) >= 2 and t[0] == t[-1] == "'":
        return t[1:-1].replace("''", "'")
    if len(t) >= 2 and t[0] == t[-1] == '"':
        return bytes(t[1:-1], "utf-8").decode("unicode_escape")
    if t.startswith("[") and t.endswith("]"):
        inner = t[1:-1].strip()
        return [] if not inner else [_scalar(x) for x in _split_flow(inner)]
    if t.startswith("{") and t.endswith("}"):
        inner = t[1:-1].strip()
        res = {}
        for item in _split_flow(inner) if inner else []:
            k, _, v = item.partition(":")
            res[str(_scalar(k))] = _scalar(v)
        return res
    if t in ("true", "True", "TRUE", "yes", "Yes", "on", "On"):
        return True
    if t in ("false", "False", "FALSE", "no", "No", "off", "Off"):
        return False
    return t


def _split_flow(text: str) -> List[str]:
    parts, cur, depth, quote = [], "", 0, None
    for ch in text:
        if quote:
            cur += ch
            if ch == quote:
                quote = None
            continue
        if ch in "'\"":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
            continue
        cur += ch
    if cur.strip():
        parts.append(cur.strip())
    return parts


class _Parser:
    def __init__(self, text: str) -> None:
        self.raw = text.split("\n")
        self.lines: List[Line] = []
        for n, line in enumerate(self.raw):
            if "\t" in line[: len(line) - len(line.lstrip())]:
                raise ValueError(f"line {n + 1}: tabs are not allowed for indentation")
            body = _strip_comment(line)
            if not body.strip() or body.strip() in ("---", "..."):
                continue
            self.lines.append((len(body) - len(body.lstrip(" ")), body.strip(), n))
        self.pos = 0

    def parse(self) -> Any:
        if not self.lines:
            return None
        res = self.block(self.lines[0][0])
        if self.pos < len(self.lines):
            raise ValueError(f"line {self.lines[self.pos][2] + 1}: unexpected indentation")
        return res

    def block(self, indent: int) -> Any:
        if self.lines[self.pos][1].startswith("- ") or self.lines[self.pos][1] == "-":
            return self.seq(indent)
        return self.map(indent)

    def block_scalar(self, style: str, parent_indent: int, lineno: int) -> str:
        chomp = "-" if "-" in style else ("+" if "+" in style else "")
        lines: List[str] = []
        n = lineno + 1
        ind = None
        while n < len(self.raw):
            line = self.raw[n]
            if line.strip() == "":
                lines.append("")
                n += 1
                continue
            cur = len(line) - len(line.lstrip(" "))
            if cur <= parent_indent:
                break
            if ind is None:
                ind = cur
            if cur < ind:
                break
            lines.append(line[ind:])
            n += 1
        while self.pos < len(self.lines) and self.lines[self.pos][2] < n:
            self.pos += 1
        if style.startswith(">"):
            text = " ".join(x for x in lines if x) + "\n"
        else:
            text = "\n".join(lines)
            text = text.rstrip("\n") + "\n" if chomp != "+" else text + "\n"
        if chomp == "-":
            text = text.rstrip("\n")
        return text

    def value(self, rest: str, indent: int, lineno: int) -> Any:
        if rest.startswith("|") or rest.startswith(">"):
            return self.block_scalar(rest, indent, lineno)
        if rest:
            return _scalar(rest)
        if self.pos < len(self.lines) and (self.lines[self.pos][0] > indent or
                                           (self.lines[self.pos][0] == indent and
                                            self.lines[self.pos][1].startswith("-"))):
            return self.block(self.lines[self.pos][0])
        return None

    def map(self, indent: int) -> dict:
        res: dict = {}
        while self.pos < len(self.lines):
            ind, text, lineno = self.lines[self.pos]
            if ind < indent:
                break
            if ind > indent:
                raise ValueError(f"line {lineno + 1}: unexpected indentation")
            if text.startswith("- "):
                break
            m = re.match(r"""("[^"]*"|'[^']*'|[^:]+?)\s*:(?:\s+(.*)|$)""", text)
            if not m:
                raise ValueError(f"line {lineno + 1}: could not find expected ':'")
            key = str(_scalar(m.group(1)))
            self.pos += 1
            res[key] = self.value((m.group(2) or "").strip(), indent, lineno)
        return res

    def seq(self, indent: int) -> list:
        res: list = []
        while self.pos < len(self.lines):
            ind, text, lineno = self.lines[self.pos]
            if ind != indent or not (text.startswith("- ") or text == "-"):
                if ind > indent:
                    raise ValueError(f"line {lineno + 1}: unexpected indentation")
                break
            rest = text[1:].strip()
            item_indent = ind + (len(text) - len(text[1:].lstrip()))
            if re.match(r"""("[^"]*"|'[^']*'|[^:\[{'"]+?)\s*:(\s|$)""", rest):
                # '- key: value' starts a mapping at the item's indentation
                self.lines[self.pos] = (item_indent, rest, lineno)
                res.append(self.map(item_indent))
            else:
                self.pos += 1
                res.append(self.value(rest, ind, lineno))
        return res


def loads(text: str) -> Any:
    return _Parser(text).parse()
