"""Jinja2 environments of the package: both refuse an unknown variable (StrictUndefined)
rather than render it as empty text.

- `file_environment(folder)`: the package's own templates (smb.conf and the like),
  trusted, rendered whole.
- `sandboxed_environment()`: text that comes from outside the package (a service
  template of an index): Jinja's SandboxedEnvironment, so an expression cannot reach
  Python internals; each value is rendered on its own (`render_value`), never a shell
  line put together from pieces.

jinja2 is imported on first use: start-up cost (most commands render nothing).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any


@lru_cache(maxsize=None)
def file_environment(folder: Path) -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True, autoescape=False)


@lru_cache(maxsize=1)
def sandboxed_environment() -> Any:
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False,
                                keep_trailing_newline=False)


def render_value(text: str, **values: Any) -> str:
    """TEXT (one value of an outside template) with VALUES filled in, sandboxed."""
    return str(sandboxed_environment().from_string(text).render(**values))
