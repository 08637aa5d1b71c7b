"""svc/params.py: --param text becomes typed values by the parameter's type and limits,
refusing hostile text; show_if hides parameters; secrets are generated and rendered as
their file's path; argv elements are rendered one by one in the sandbox."""

from __future__ import annotations

import string
from typing import Any

import pytest

from pvesmbgw.core.errors import ValidationError
from pvesmbgw.svc import params
from pvesmbgw.svc.model import (HealthCheck, Parameter, Source, Template, Volume)
from pvesmbgw.svc.params import (context, generate_secret, parse_assignments, port_of,
                                 render_argv, resolve, secret_params, visible, volume_size)


def tmpl(*parameters: Parameter) -> Template:
    return Template(
        id="web", name="Web", version="1.0.0", description="d", category="other",
        homepage="https://example.org/", license="MIT", maintainers=("a <a@b>",),
        type="lxc", source=Source(pveam="debian-12-standard"), cores=1, memory=512,
        swap=512, disk=4, ha="optional", packages=(), parameters=parameters, volumes=(),
        ports=(), healthcheck=HealthCheck("tcp", 80), postinstall=(), exporter=None)


ALL = tmpl(
    Parameter("s", "string", "abc", pattern="[a-z0-9 ./-]+", min_length=2, max_length=20),
    Parameter("i", "int", 5, minimum=1, maximum=9),
    Parameter("b", "bool", False),
    Parameter("e", "enum", "x", choices=("x", "y")),
    Parameter("k", "secret", length=20, alphabet="hex"),
    Parameter("st", "storage", "local"),
    Parameter("d", "dataset", "tank/svc"),
    Parameter("br", "bridge", "vmbr0"),
    Parameter("p", "port", 8080),
    Parameter("z", "size", 1 << 30),
    Parameter("r", "string", required=True, show_if=(("b", "=", True),)),
    Parameter("q", "int", 1, show_if=(("r", "!=", "none"),)),
)


def error(given: dict[str, str], t: Template = ALL) -> str:
    with pytest.raises(ValidationError) as caught:
        resolve(t, given)
    assert "\n" not in str(caught.value)
    return str(caught.value)


# -- parse_assignments --------------------------------------------------------------------

def test_assignments() -> None:
    assert parse_assignments(["a=1", "b=x=y", "c="]) == {"a": "1", "b": "x=y", "c": ""}
    assert parse_assignments([]) == {}


@pytest.mark.parametrize("items,message", [
    (["a"], "param: 'a': write NAME=VALUE"),
    (["=1"], "param: '=1': the name is empty"),
    (["a=1", "a=2"], "param: 'a' is given twice"),
])
def test_bad_assignments(items: list[str], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_assignments(items)
    assert str(caught.value) == message and caught.value.field == "param"


# -- resolve: every type ----------------------------------------------------------------

def test_defaults_of_every_visible_parameter_but_secrets() -> None:
    assert resolve(ALL, {}) == {"s": "abc", "i": 5, "b": False, "e": "x", "st": "local",
                                "d": "tank/svc", "br": "vmbr0", "p": 8080, "z": 1 << 30}


@pytest.mark.parametrize("name,text,value", [
    ("s", "hello world", "hello world"),
    ("s", "a/b.c", "a/b.c"),
    ("i", "9", 9), ("i", "1", 1),
    ("b", "yes", True), ("b", "TRUE", True), ("b", "1", True),
    ("b", "no", False), ("b", "false", False), ("b", "0", False),
    ("e", "y", "y"),
    ("st", "local-zfs", "local-zfs"), ("st", "ceph.pool_1", "ceph.pool_1"),
    ("d", "rpool/data/svc-web", "rpool/data/svc-web"), ("d", "/srv/web", "/srv/web"),
    ("d", "tank", "tank"),
    ("br", "vmbr1", "vmbr1"), ("br", "br_lan.10", "br_lan.10"),
    ("p", "443", 443), ("p", "65535", 65535), ("p", "1", 1),
    ("z", "10G", 10 << 30), ("z", "512M", 512 << 20), ("z", "1.5T", int(1.5 * (1 << 40))),
    ("z", "1024", 1024),
])
def test_given_text_becomes_a_typed_value(name: str, text: str, value: Any) -> None:
    given = {name: text, **({"r": "x"} if value is True else {})}  # b=yes asks for r
    result = resolve(ALL, given)
    assert result[name] == value and type(result[name]) is type(value)


HOSTILE = ["a\nb", "a\rb", "a\x00b", "{{ x }}", "{% if %}", "{# c #}", "$(id)", "a;b",
           "`id`", "../etc", "a/../b", "a/..", "..", "caf\udce9", "a\u2028b", "a\x85b"]


@pytest.mark.parametrize("name", ["s", "e", "st", "d", "br", "i", "b", "p", "z"])
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_refused_for_every_type(name: str, text: str) -> None:
    assert error({name: text}).startswith(f"param {name}: ")


@pytest.mark.parametrize("text,reason", [
    ("a\nb", "holds a line break or control character"),
    ("{{ x }}", "holds '{{'"), ("{% if %}", "holds '{%'"), ("$(id)", "holds '$('"),
    ("a;b", "holds ';'"), ("`id`", "holds '`'"), ("a/../b", "holds a '..' path segment"),
    ("caf\udce9", "is not UTF-8"),
])
def test_hostile_text_names_the_reason(text: str, reason: str) -> None:
    assert error({"s": text}) == f"param s: {reason}"


def test_dots_that_are_no_path_segment_are_fine() -> None:
    assert resolve(ALL, {"s": "v1..2"})["s"] == "v1..2"


@pytest.mark.parametrize("given,message", [
    ({"i": "0"}, "param i: out of range 1..9: 0"),
    ({"i": "10"}, "param i: out of range 1..9: 10"),
    ({"i": "five"}, "param i: not a whole number: 'five'"),
    ({"i": "٥"}, "param i: not a whole number: '٥'"),
    ({"i": "1_0"}, "param i: not a whole number: '1_0'"),
    ({"i": " 5"}, "param i: not a whole number: ' 5'"),
    ({"b": "maybe"}, "param b: not yes/no, true/false or 1/0: 'maybe'"),
    ({"e": "z"}, "param e: 'z' is not one of: x, y"),
    ({"s": "A"}, "param s: shorter than 2 characters"),
    ({"s": "a" * 21}, "param s: longer than 20 characters"),
    ({"s": "ABC"}, "param s: 'ABC' does not match [a-z0-9 ./-]+"),
    ({"st": "Local"}, "param st: not a PVE storage ID: 'Local'"),
    ({"st": "1abc"}, "param st: not a PVE storage ID: '1abc'"),
    ({"d": "tank//x"}, "param d: not a dataset (pool/a/b) or absolute path: 'tank//x'"),
    ({"d": "/srv/./x"}, "param d: not a dataset (pool/a/b) or absolute path: '/srv/./x'"),
    ({"d": "tank/a b"}, "param d: not a dataset (pool/a/b) or absolute path: 'tank/a b'"),
    ({"d": "-o/x"}, "param d: not a dataset (pool/a/b) or absolute path: '-o/x'"),
    ({"br": "vmbr0,tag=5"}, "param br: not a network bridge name: 'vmbr0,tag=5'"),
    ({"br": "a-very-long-bridge"}, "param br: not a network bridge name: 'a-very-long-bridge'"),
    ({"p": "0"}, "param p: not a port (1..65535): 0"),
    ({"p": "65536"}, "param p: not a port (1..65535): 65536"),
    ({"p": "-1"}, "param p: not a port (1..65535): -1"),
    ({"p": "http"}, "param p: not a whole number: 'http'"),
    ({"z": "ten"}, "param z: not a size: 'ten' (use e.g. 500M, 1G, 2T)"),
    ({"z": "0"}, "param z: must be greater than zero, got '0'"),
    ({"k": "hunter2"}, "param k: a secret is generated at install; it cannot be given"),
    ({"nope": "1"}, "param nope: web has no such parameter (it has: s, i, b, e, st, d, br, p, "
     "z, r, q)"),
    ({"r": "x"}, "param r: does not apply here: b = True does not hold"),
    ({"b": "yes"}, "param r: is required (--param r=VALUE)"),
])
def test_bad_values_name_the_parameter(given: dict[str, str], message: str) -> None:
    assert error(given) == message


def test_a_port_parameter_keeps_its_own_limits() -> None:
    t = tmpl(Parameter("p", "port", 8443, minimum=1024))
    assert resolve(t, {"p": "1024"}) == {"p": 1024}
    assert error({"p": "80"}, t) == "param p: out of range 1024..65535: 80"


# -- show_if and visible ------------------------------------------------------------------

def test_show_if_shows_and_hides_in_order() -> None:
    hidden = resolve(ALL, {})
    assert "r" not in hidden and "q" not in hidden  # q depends on r, which is hidden
    assert [p.name for p in visible(ALL, hidden)] == \
        ["s", "i", "b", "e", "k", "st", "d", "br", "p", "z"]
    shown = resolve(ALL, {"b": "yes", "r": "data"})
    assert shown["r"] == "data" and shown["q"] == 1
    assert [p.name for p in visible(ALL, shown)][-2:] == ["r", "q"]
    assert "q" not in resolve(ALL, {"b": "yes", "r": "none"})
    with pytest.raises(ValidationError, match=r"^param q: does not apply here: r != none "
                       r"does not hold$"):
        resolve(ALL, {"b": "yes", "r": "none", "q": "2"})


def test_a_size_condition_compares_bytes() -> None:
    t = tmpl(Parameter("z", "size", 1 << 30),
             Parameter("big", "bool", True, show_if=(("z", "=", 1 << 30),)))
    assert resolve(t, {"z": "1024M"}) == {"z": 1 << 30, "big": True}
    assert resolve(t, {"z": "2G"}) == {"z": 2 << 30}


# -- secrets ----------------------------------------------------------------------------

@pytest.mark.parametrize("alphabet,chars", [
    ("alnum", string.ascii_letters + string.digits),
    ("hex", "0123456789abcdef"),
    ("base64url", string.ascii_letters + string.digits + "-_"),
])
@pytest.mark.parametrize("length", [16, 32, 128])
def test_generate_secret_length_and_alphabet(alphabet: str, chars: str, length: int) -> None:
    p = Parameter("k", "secret", length=length, alphabet=alphabet)
    made = {generate_secret(p) for _ in range(20)}
    assert len(made) == 20  # random, not a constant
    assert all(len(s) == length and set(s) <= set(chars) for s in made)


def test_the_default_secret_is_32_alnum() -> None:
    secret = generate_secret(Parameter("k", "secret"))
    assert len(secret) == 32 and secret.isalnum() and secret.isascii()


def test_secret_params_are_the_visible_ones() -> None:
    t = tmpl(Parameter("tls", "bool", False), Parameter("a", "secret"),
             Parameter("b", "secret", show_if=(("tls", "=", True),)))
    assert [p.name for p in secret_params(t, resolve(t, {}))] == ["a"]
    assert [p.name for p in secret_params(t, resolve(t, {"tls": "yes"}))] == ["a", "b"]


# -- context and render_argv ----------------------------------------------------------------

def ctx() -> dict[str, Any]:
    values = resolve(ALL, {"s": "my site"})
    return context(ALL, values, instance="web1", vmid=101, node="pve1", hostname="web1",
                   volumes={"data": "/srv/web"})


def test_the_context_holds_values_secret_paths_and_builtins() -> None:
    c = ctx()
    assert c["k"] == f"{params.SECRET_DIR}/k" == "/etc/pvesvc/secrets/k"
    assert (c["instance"], c["vmid"], c["node"], c["hostname"]) == ("web1", 101, "pve1", "web1")
    assert c["volumes"] == {"data": "/srv/web"} and c["s"] == "my site" and c["z"] == 1 << 30
    assert params.BUILTINS == ("instance", "vmid", "node", "hostname", "volumes")


def test_each_element_is_rendered_alone() -> None:
    argv = ["sh", "-c", 'printf "%s" "$1" > "$2"', "sh", "{{ s }}", "{{ volumes.data }}/x",
            "--pw-file={{ k }}", "{{ vmid }}", "{{ p + 1 }}", "{{ instance | upper }}"]
    assert render_argv(argv, ctx()) == [
        "sh", "-c", 'printf "%s" "$1" > "$2"', "sh", "my site", "/srv/web/x",
        "--pw-file=/etc/pvesvc/secrets/k", "101", "8081", "WEB1"]


@pytest.mark.parametrize("element", [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ s.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ nope }}",
    "{{ volumes.nope }}",
    "{{ 1 / 0 }}",
    "{{ s - 1 }}",
    "{{ s",
    "{% for x in range(99999999) %}{% endfor %}",
])
def test_render_failures_are_one_line_validation_errors(element: str) -> None:
    with pytest.raises(ValidationError) as caught:
        render_argv(["echo", element], ctx())
    assert caught.value.field == "postinstall"
    assert str(caught.value).startswith("postinstall: argv[1]: ")
    assert "\n" not in str(caught.value)


def test_an_undefined_name_is_named() -> None:
    with pytest.raises(ValidationError, match=r"^postinstall: argv\[0\]: 'nope' is undefined$"):
        render_argv(["{{ nope }}"], ctx())


# -- port_of and volume_size --------------------------------------------------------------

def test_port_of() -> None:
    values = {"p": 8080}
    assert port_of(80, values) == 80
    assert port_of("{{ p }}", values) == 8080 == port_of("{{p}}", values)
    with pytest.raises(ValidationError, match=r"^param q: has no value"):
        port_of("{{ q }}", values)
    with pytest.raises(ValidationError, match=r"^port: neither a number"):
        port_of("http", values)


def test_volume_size() -> None:
    own = Volume("a", "/srv/a", 0, 0, 0o750, size=1 << 30)
    ref = Volume("b", "/srv/b", 0, 0, 0o750, size_from="z")
    assert volume_size(own, {}) == 1 << 30
    assert volume_size(ref, {"z": 5 << 30}) == 5 << 30
    assert volume_size(ref, {}) is None
