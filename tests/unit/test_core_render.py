"""core/render.py: both environments refuse unknown variables; the sandboxed one keeps
an outside template's expressions away from Python internals."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from jinja2.sandbox import SecurityError

from pvesmbgw.core import render


def test_file_templates_are_strict(tmp_path: Path) -> None:
    (tmp_path / "t.j2").write_text("[{{ name }}]\n{% if path %}\tpath = {{ path }}\n{% endif %}")
    env = render.file_environment(tmp_path)
    assert env.get_template("t.j2").render(name="a", path="/srv/a") == "[a]\n\tpath = /srv/a\n"
    with pytest.raises(jinja2.UndefinedError):
        env.get_template("t.j2").render(path="")


def test_a_value_is_rendered_on_its_own() -> None:
    assert render.render_value("--data-dir={{ dataset }}/{{ name }}", dataset="/srv/minio",
                               name="bucket") == "--data-dir=/srv/minio/bucket"
    with pytest.raises(jinja2.UndefinedError):
        render.render_value("{{ secret }}")


@pytest.mark.parametrize("text", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ name.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os }}",
])
def test_the_sandbox_refuses_python_internals(text: str) -> None:
    with pytest.raises((SecurityError, jinja2.UndefinedError)):
        render.render_value(text, name="x")
