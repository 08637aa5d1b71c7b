"""The layer rule of the package, read from its imports (top level and in functions).

core imports nothing of ours; tools only core; pve and storage only tools and core;
the feature rooms (smb, svc) never import each other; only cli and api import the features.
The composition root `handlers` imports every room's journal record kinds (both
commands repair one journal); only cli imports it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "pvesmbgw"

# room -> the rooms it may import (besides itself)
ALLOWED = {
    "core": set(),
    "tools": {"core"},
    "pve": {"tools", "core"},
    "storage": {"tools", "core"},
    "smb": {"pve", "storage", "tools", "core"},
    "svc": {"pve", "storage", "tools", "core"},
    "cli": {"smb", "svc", "pve", "storage", "tools", "core", "handlers"},
    # The App Store daemon: an entry layer like cli; its actions run pve-svc as a process.
    "api": {"svc", "pve", "tools", "core"},
    "handlers": {"smb", "svc", "pve", "storage", "tools", "core"},
}


def room_of(module: str) -> str:
    """'pvesmbgw.smb.ad.gateway' -> 'smb'; the package itself (__version__) -> ''."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and not parts[1].startswith("__") else ""


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, root: Path = PACKAGE) -> list[tuple[int, str]]:
    """Every module of ours PATH imports, resolved to its absolute name, with its line."""
    module = module_name(path, root)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [f"{target}.{a.name}" for a in node.names] if node.module is None \
                else [target]
            found += [(node.lineno, n) for n in names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
    return [(line, name) for line, name in found if name.split(".")[0] == "pvesmbgw"]


def violations(root: Path = PACKAGE) -> list[str]:
    problems = []
    for path in sorted(root.rglob("*.py")):
        source = room_of(module_name(path, root))
        if source not in ALLOWED:
            continue  # the package's __init__ (version only)
        for line, target in imported_modules(path, root):
            room = room_of(target)
            if room and room != source and room not in ALLOWED[source]:
                problems.append(f"{path.relative_to(root.parent)}:{line}: {source} imports "
                                f"{target} ({room})")
    return problems


def test_every_module_lives_in_a_room() -> None:
    loose = [p.name for p in PACKAGE.glob("*.py")
             if p.name != "__init__.py" and p.stem not in ALLOWED]
    assert loose == []


def test_layer_rule_holds() -> None:
    assert violations() == []


@pytest.mark.parametrize("room,line,forbidden", [
    ("core", "from ..smb import registry", "smb"),
    ("tools", "from ..pve import storage", "pve"),
    ("storage", "from ..smb.gateways import vm", "smb"),
    ("smb", "from ..svc import x", "svc"),
])
def test_a_forbidden_import_is_caught(tmp_path: Path, room: str, line: str,
                                      forbidden: str) -> None:
    """The check itself can fail: a copy of one room with one forbidden import."""
    package = tmp_path / "pvesmbgw"
    (package / room).mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / room / "__init__.py").write_text("")
    (package / room / "bad.py").write_text(line + "\n")
    found = violations(package)
    assert len(found) == 1 and f"({forbidden})" in found[0] and "bad.py:1" in found[0]
