"""A template's YAML: safe_load's data, plus the line of every node (so lint can name
it) and the duplicate keys safe_load would silently drop."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Union

import yaml

from ..core.i18n import _

# Where a node sits: mapping keys and sequence indexes from the root.
NodePath = tuple[Union[str, int], ...]
# Anchors and aliases can make a small file expand into a huge document ("billion
# laughs"); a template is far below this.
MAX_NODES = 100_000


class YamlError(Exception):
    """The text is not one YAML document that safe_load can read."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Document:
    data: Any
    lines: dict[NodePath, int] = field(default_factory=dict)
    # (the repeated key's path, its line, the line of its first occurrence)
    duplicates: list[tuple[NodePath, int, int]] = field(default_factory=list)

    def line(self, path: NodePath) -> int:
        """The line of PATH's node, else of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


def parse(text: str) -> Document:
    """TEXT's single YAML document (safe_load semantics); raise YamlError."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise YamlError(_line(exc), _("not YAML: {reason}").format(reason=_explain(exc))) from None
    except yaml.YAMLError as exc:
        raise YamlError(1, _("not YAML: {reason}").format(reason=_one_line(str(exc)))) from None
    if node is None:
        return Document(None)
    doc = Document(None)
    _Walk(doc).node(node, ())
    try:
        # Constructed from the same nodes: the data and the lines cannot disagree.
        doc.data = yaml.SafeLoader("").construct_document(node)
    except yaml.MarkedYAMLError as exc:
        raise YamlError(_line(exc), _("not YAML: {reason}").format(reason=_explain(exc))) from None
    except (yaml.YAMLError, TypeError) as exc:  # TypeError: an unhashable key
        raise YamlError(1, _("not YAML: {reason}").format(reason=_one_line(str(exc)))) from None
    return doc


class _Walk:
    """Records lines and duplicates; refuses recursive and exploding aliases."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.sizes: dict[int, int] = {}
        self.stack: set[int] = set()

    def node(self, node: yaml.Node, path: NodePath) -> int:
        """Walk NODE at PATH; return how many nodes it expands to."""
        if id(node) in self.stack:
            raise YamlError(node.start_mark.line + 1, _("not YAML: a recursive alias"))
        if id(node) in self.sizes:  # an alias: walked once, its lines are the anchor's
            return self.sizes[id(node)]
        self.stack.add(id(node))
        size = 1
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
                line = key_node.start_mark.line + 1
                if key in seen and key != "<<":
                    self.doc.duplicates.append((path + (key,), line, seen[key]))
                seen.setdefault(key, line)
                self.doc.lines.setdefault(path + (key,), line)
                size += self.node(value_node, path + (key,))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.doc.lines.setdefault(path + (index,), item.start_mark.line + 1)
                size += self.node(item, path + (index,))
        self.stack.discard(id(node))
        self.sizes[id(node)] = size
        if size > MAX_NODES:
            raise YamlError(node.start_mark.line + 1,
                            _("not YAML a template can be: expands to more than {max_nodes} "
                            "nodes (aliases)").format(max_nodes=MAX_NODES))
        return size


def _line(exc: yaml.MarkedYAMLError) -> int:
    mark: Optional[yaml.Mark] = exc.problem_mark or exc.context_mark
    return mark.line + 1 if mark else 1


def _explain(exc: yaml.MarkedYAMLError) -> str:
    """PyYAML's problem; with its context when the problem alone says little ("but found
    another document")."""
    if exc.problem and exc.context and exc.problem.startswith("but "):
        return _one_line(f"{exc.context}, {exc.problem}")
    return _one_line(exc.problem or exc.context)


def _one_line(text: Optional[str]) -> str:
    return " ".join((text or "unreadable").split())
