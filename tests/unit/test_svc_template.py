"""svc/template.py: lint reports every schema error and every check of SPEC.md at the
line of the YAML node and its dotted field; load builds the Template of a clean file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import pytest
from jsonschema import Draft202012Validator

from pvesmbgw.core.errors import EXIT_BAD_INPUT, ValidationError
from pvesmbgw.svc import template
from pvesmbgw.svc.template import SCHEMA_FILE, Problem, TemplateError, lint, load

REPO = Path(__file__).resolve().parents[2]

# Line numbers below count from this text: the extra part of a test starts at line 22.
BASE = """\
apiVersion: pvesvc/v1
id: web
name: Web server
version: 1.0.0
description: Serves files.
category: file-sharing
homepage: https://nginx.org/
license: BSD-2-Clause
maintainers: ["Jane Doe <jane@example.org>"]
type: lxc
source:
  pveam: debian-12-standard
resources:
  cores: 1
  memory: 512
  disk: 4
healthcheck:
  type: http
  port: 80
ports:
  - {name: http, port: 80}
"""

SPEC_EXAMPLE = """\
apiVersion: pvesvc/v1
id: webdav
name: WebDAV file server
version: 1.0.0
app_version: "1.22.1"
description: One paragraph.
category: file-sharing
homepage: https://nginx.org/
license: BSD-2-Clause
maintainers: ["Jane Doe <jane@example.org>"]
legacy: false
type: lxc
source:
  pveam: debian-12-standard
resources:
  cores: 1
  memory: 512
  swap: 256
  disk: 4
ha: recommended
unprivileged: true
packages: [nginx-light]
parameters:
  - name: quota
    type: size
    default: 10G
    description: Size limit of the data volume
  - name: site
    type: string
    default: webdav
    pattern: "[a-z]+"
  - name: http_port
    type: port
    default: 8080
  - name: tls
    type: bool
    default: false
  - name: cert
    type: string
    required: true
    show_if: [[tls, "=", true]]
  - name: admin_password
    type: secret
    length: 24
    alphabet: hex
volumes:
  - name: data
    size_from: quota
    mount: /srv/webdav
    owner: {uid: 33, gid: 33}
    mode: "0750"
  - name: logs
    size: 1G
    mount: /var/log/webdav
ports:
  - {name: http, port: "{{ http_port }}", protocol: tcp}
  - {name: metrics, port: 9113}
healthcheck:
  type: http
  port: "{{ http_port }}"
  path: /health
  timeout: 30
postinstall:
  - name: write the site
    argv: ["sh", "-c", 'printf "%s" "$1" > /etc/nginx/sites-enabled/webdav', "sh", "{{ site }}"]
    timeout: 120
  - name: password
    argv: ["/usr/local/bin/setpw", "--file", "{{ admin_password }}", "--dir", "{{ volumes.data }}"]
exporter:
  port: 9113
"""


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Files are written and named relative to a scratch folder: FILE is 'web.yml'."""
    monkeypatch.chdir(tmp_path)
    yield


def problems(text: str, name: str = "web.yml") -> list[str]:
    Path(name).write_text(text)
    return [str(p) for p in lint(Path(name))]


def with_(extra: str = "", **replace: str) -> str:
    """BASE with top-level lines replaced (KEY=new line, '' drops it) and EXTRA after it."""
    lines = []
    for line in BASE.splitlines():
        key = line.split(":")[0]
        if key in replace:
            if replace[key]:
                lines.append(replace[key])
        else:
            lines.append(line)
    return "\n".join(lines) + "\n" + extra


# -- a clean file ---------------------------------------------------------------------

def test_the_base_is_clean_and_loads_with_defaults() -> None:
    assert problems(BASE) == []
    t = load(Path("web.yml"))
    assert (t.id, t.type, t.source.pveam, t.cores, t.memory, t.disk) == \
        ("web", "lxc", "debian-12-standard", 1, 512, 4)
    assert (t.swap, t.ha, t.legacy, t.app_version, t.packages) == (512, "optional", False, "", ())
    assert t.healthcheck == template.HealthCheck("http", 80, "/", 200, 60)
    assert t.ports == (template.Port("http", 80, "tcp"),)
    assert t.exporter is None and t.postinstall == () and t.path == "web.yml"


def test_the_spec_example_loads_typed() -> None:
    Path("webdav.yml").write_text(SPEC_EXAMPLE)
    assert lint(Path("webdav.yml")) == []
    t = load("webdav.yml")
    assert t.parameter("quota") == template.Parameter(
        "quota", "size", 10 << 30, "Size limit of the data volume")
    assert t.parameter("tls").default is False  # type: ignore[union-attr]
    assert t.parameter("cert").show_if == (("tls", "=", True),)  # type: ignore[union-attr]
    secret = t.parameter("admin_password")
    assert secret is not None and (secret.length, secret.alphabet) == (24, "hex")
    assert t.parameter("nope") is None
    assert t.volumes == (
        template.Volume("data", "/srv/webdav", 33, 33, 0o750, None, "quota"),
        template.Volume("logs", "/var/log/webdav", 0, 0, 0o750, 1 << 30, None))
    assert t.postinstall[0] == template.PostStep("write the site", (
        "sh", "-c", 'printf "%s" "$1" > /etc/nginx/sites-enabled/webdav', "sh", "{{ site }}"),
        120)
    assert t.postinstall[1].timeout == 300
    assert t.exporter == template.Exporter(9113, "/metrics")
    assert (t.swap, t.ha, t.app_version, t.packages) == (256, "recommended", "1.22.1",
                                                         ("nginx-light",))
    summary = t.summary()
    assert set(summary) == {"id", "name", "version", "category", "description", "type", "ha",
                            "cores", "memory", "disk", "volumes", "legacy"}
    assert summary["volumes"] == [{"name": "data", "size": None, "size_from": "quota"},
                                  {"name": "logs", "size": 1 << 30, "size_from": None}]
    data = json.loads(json.dumps(t.to_json()))
    assert data["parameters"][4]["show_if"] == [["tls", "=", True]]
    assert data["source"] == {"pveam": "debian-12-standard", "oci": None, "image": None,
                              "iso": None, "checksum": None, "checksum_url": None}


SHA256 = "sha256:" + "ab" * 32
VM_SOURCE = f"source:\n  image: https://example.org/x.qcow2\n  checksum: \"{SHA256}\""
ISO_SOURCE = f"source:\n  iso: /srv/isos/x.iso\n  checksum: \"{SHA256}\""


def vm_(extra: str = "", source: str = VM_SOURCE, **replace: str) -> str:
    text = with_(extra, type="type: vm", source=source, **replace)
    return text.replace("  pveam: debian-12-standard\n", "")


def test_a_vm_template_is_clean() -> None:
    assert problems(vm_()) == []
    t = load("web.yml")
    assert (t.swap, t.source.image, t.source.checksum, t.install) == \
        (0, "https://example.org/x.qcow2", SHA256, "automatic")


MANUAL = ("install: manual\nmanual_steps: [\"Install it in the console.\"]\n"
          "disks:\n  - {name: pool1, size: 8G}\n  - {name: pool2, size: 8G, bus: virtio}\n")


def test_an_unpinned_checksum_is_the_administrators_at_install() -> None:
    from pvesmbgw.svc.vmguest import Source
    url = "https://example.org/x.iso.sha256"
    text = vm_(MANUAL, source=f"source:\n  iso: /srv/isos/x.iso\n  checksum_url: {url}")
    assert problems(text) == [], problems(text)
    t = load("web.yml")
    with pytest.raises(ValidationError) as exc:
        Source.of(t)
    assert str(exc.value) == (f"checksum: template web pins no checksum for x.iso: read it "
                              f"at {url} and pass --checksum sha256:HEX")
    with pytest.raises(ValidationError, match="checksum"):
        Source.of(t, checksum="md5:abc")
    assert Source.of(t, checksum=SHA256) == Source("/srv/isos/x.iso", SHA256, True)


def test_an_installer_iso_template_is_clean() -> None:
    text = vm_(MANUAL, source=ISO_SOURCE)
    assert problems(text) == [], problems(text)
    t = load("web.yml")
    assert (t.manual, t.manual_steps) == (True, ("Install it in the console.",))
    assert [(d.name, d.size, d.bus) for d in t.disks] == \
        [("pool1", 8 << 30, "scsi"), ("pool2", 8 << 30, "virtio")]


@pytest.mark.parametrize("text,expected", [
    (vm_(source="source:\n  image: https://example.org/x.qcow2"),
     "web.yml:11: source: a vm image or iso needs its checksum (sha256:HEX or sha512:HEX)"),
    (vm_(source=f"source:\n  image: /x.qcow2\n  checksum: \"{SHA256}\"\n"
                "  checksum_url: https://example.org/x.qcow2.sha256"),
     "web.yml:11: source: a vm image or iso needs its checksum (sha256:HEX or sha512:HEX) "
     "or, where it is not pinned, checksum_url; not both"),
    (vm_(source="source:\n  image: /x.qcow2\n  checksum_url: http://example.org/x.sha256"),
     "web.yml:13: source.checksum_url: 'http://example.org/x.sha256' does not match"),
    (vm_(source=f"source:\n  image: /x.qcow2\n  iso: /x.iso\n  checksum: \"{SHA256}\""),
     "web.yml:13: source.iso: one source only: image or iso"),
    (vm_(source="source:\n  image: /x.qcow2\n  iso: /x.iso"),
     "web.yml:13: source.iso: one source only: image or iso"),
    (vm_(source="source:\n  image: /x.qcow2\n  checksum: md5:abc"),
     "web.yml:13: source.checksum: 'md5:abc' does not match "
     "^(sha256:[0-9a-fA-F]{64}|sha512:[0-9a-fA-F]{128})$"),
    (vm_(source=f"source:\n  image: x.qcow2\n  checksum: \"{SHA256}\""),
     "web.yml:12: source.image: 'x.qcow2' does not match"),
    (vm_(source=f"source:\n  image: https://example.org/a,b.qcow2\n  checksum: \"{SHA256}\""),
     "web.yml:12: source.image: 'https://example.org/a,b.qcow2' does not match"),
    (vm_(source=ISO_SOURCE), "web.yml:1: install: an installer iso needs install: manual"),
    (vm_("install: manual\n"), "web.yml:23: install: manual is for an installer iso"),
    (vm_("install: manual\n", source=ISO_SOURCE),
     "web.yml:1: manual_steps: install: manual needs the steps the administrator does"),
    (vm_(MANUAL + "packages: [curl]\n", source=ISO_SOURCE),
     "web.yml:28: packages: nothing runs in a manually "
     "installed guest: remove it"),
    (vm_("manual_steps: [x]\n"), "web.yml:23: manual_steps: only for install: manual"),
    (vm_("disks:\n  - {name: a, size: 8G}\n  - {name: a, size: 512M}\n"),
     "web.yml:25: disks[1].name: repeats disk 'a'"),
    (vm_("disks:\n  - {name: a, size: 512M}\n"), "web.yml:24: disks[0].size: at least 1G"),
    (with_("disks:\n  - {name: a, size: 8G}\n"), "web.yml:22: disks: only for vm"),
    (with_(source=f"source:\n  pveam: debian-12-standard\n  checksum: \"{SHA256}\""),
     "web.yml:13: source.checksum: not a source of a lxc: use pveam or oci"),
])
def test_vm_template_checks(text: str, expected: str) -> None:
    found = problems(text)
    assert any(p.startswith(expected) for p in found), found


# -- the schema's error classes, at their lines ------------------------------------

@pytest.mark.parametrize("text,expected", [
    (with_("colour: red\n"), "web.yml:22: colour: unknown key"),
    (with_(name="nmae: Web server"), "web.yml:3: nmae: unknown key (did you mean 'name'?)"),
    (with_(source="source:\n  pveam: debian-12-standard\n  mirror: x"),
     "web.yml:13: source.mirror: unknown key"),
    (with_(license=""), "web.yml:1: license: is required"),
    (with_(healthcheck="", ports="", **{"  type": "", "  port": "", "  - {name": ""}),
     "web.yml:1: healthcheck: is required"),
    (with_(apiVersion="apiVersion: pvesvc/v2"), "web.yml:1: apiVersion: must be 'pvesvc/v1'"),
    (with_(category="category: games"),
     "web.yml:6: category: must be one of: storage, object-storage, file-sharing, sync, "
     "media, productivity, directory, backup, monitoring, other"),
    (with_(version="version: 1.0"),
     "web.yml:4: version: must be a string, got a number 1.0"),
    (with_(version="version: 1.0.x"),
     "web.yml:4: version: '1.0.x' does not match ^[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.]+)?$"),
    (with_(name="name: ''"), "web.yml:3: name: must not be empty"),
    (with_(maintainers="maintainers: []"), "web.yml:9: maintainers: needs at least 1 item"),
    (with_(homepage="homepage: http://nginx.org/"),
     "web.yml:7: homepage: 'http://nginx.org/' does not match "
     "^https://[A-Za-z0-9.-]+(:[0-9]+)?(/[^\\s]*)?$"),
    (with_(source="source:\n  pveam: debian-12-standard\n  oci: docker.io/library/x:1"),
     "web.yml:13: source.oci: one source only: pveam or oci"),
    (with_("packages: [curl, curl]\n"), "web.yml:22: packages: holds an item twice"),
    (with_("legacy: maybe\n"), "web.yml:22: legacy: must be true or false, got a string "
     "'maybe'"),
    (with_("healthcheck2: 1\n"), "web.yml:22: healthcheck2: unknown key (did you mean "
     "'healthcheck'?)"),
])
def test_schema_errors_name_the_line_and_field(text: str, expected: str) -> None:
    assert expected in problems(text)


@pytest.mark.parametrize("extra,expected", [
    ("resources2: 1\n", None),
    ("volumes:\n  - name: data\n    size: 1G\n    mount: /srv/x\n    mode: 0750\n",
     "web.yml:26: volumes[0].mode: must be a string, got a whole number 488"),
    ("postinstall:\n  - name: x\n    argv: []\n",
     "web.yml:24: postinstall[0].argv: needs at least 1 item"),
    ("postinstall:\n  - name: x\n    argv: [true, 1]\n",
     "web.yml:24: postinstall[0].argv[0]: must be a string, got true or false"),
    ("postinstall:\n  - name: x\n    argv: [a]\n    timeout: 9000\n",
     "web.yml:25: postinstall[0].timeout: must be at most 7200, got 9000"),
    ("parameters:\n  - name: a\n    type: text\n    default: x\n",
     "web.yml:24: parameters[0].type: must be one of: string, int, bool, enum, secret, "
     "storage, dataset, bridge, port, size"),
    ("parameters:\n  - name: Bad\n    type: string\n    default: x\n",
     "web.yml:23: parameters[0].name: 'Bad' does not match ^[a-z][a-z0-9_]{0,31}$"),
    ("parameters:\n  - name: a\n    type: secret\n    length: 8\n",
     "web.yml:25: parameters[0].length: must be at least 16, got 8"),
    ("parameters:\n  - name: a\n    type: bool\n    default: true\n"
     "  - name: b\n    type: int\n    default: 1\n    show_if: [[a, '=', true, extra]]\n",
     "web.yml:29: parameters[1].show_if[0]: has more than 3 items"),
    ("parameters:\n  - name: a\n    type: int\n    default: [1]\n",
     "web.yml:25: parameters[0].default: must be a string or a whole number or true or "
     "false, got a list"),
    ("ports:\n  - {name: x, port: 70000}\n",
     "web.yml:21: ports[0].port: must be a port number 1..65535 or \"{{ name }}\" of a port "
     "parameter"),
])
def test_nested_schema_errors(extra: str, expected: str | None) -> None:
    text = with_(extra)
    if "ports:\n  - {name: x" in extra:
        text = with_(extra, ports="", **{"  - {name": ""})
    found = problems(text)
    if expected is None:
        assert found == ["web.yml:22: resources2: unknown key (did you mean 'resources'?)"]
    else:
        assert expected in found, found


def test_every_schema_problem_is_reported_at_once() -> None:
    text = with_("colour: red\n", cores="", category="category: games",
                 version="version: x") .replace("  cores: 1\n", "")
    found = problems(text)
    assert found == [
        "web.yml:4: version: 'x' does not match "
        "^[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.]+)?$",
        "web.yml:6: category: must be one of: storage, object-storage, file-sharing, sync, "
        "media, productivity, directory, backup, monitoring, other",
        "web.yml:13: resources.cores: is required",
        "web.yml:21: colour: unknown key",
    ]


# -- the checks beyond the schema (SPEC.md), at their lines -------------------------

def test_id_equals_the_file_stem() -> None:
    assert problems(BASE, "other.yml") == [
        "other.yml:2: id: 'web' must equal the file name without .yml ('other')"]


@pytest.mark.parametrize("extra,replace,expected", [
    ("unprivileged: false\n", {},
     "web.yml:22: unprivileged: v1 runs only unprivileged containers: remove it or write true"),
    ("", {"type": "type: vm"}, "web.yml:12: source.pveam: not a source of a vm: use image or iso"),
    ("", {"source": "source:\n  iso: https://example.org/x.iso", "  pveam": ""},
     "web.yml:12: source.iso: not a source of a lxc: use pveam or oci"),
    ("", {"type": "type: vm", "source": "source:\n  image: https://example.org/x.qcow2\n"
          "  checksum: sha256:" + "0" * 64, "  pveam": "", "  disk": "  disk: 4\n  swap: 512"},
     "web.yml:18: resources.swap: only for lxc"),
])
def test_guest_checks(extra: str, replace: dict[str, str], expected: str) -> None:
    assert problems(with_(extra, **replace)) == [expected]


PARAM_CASES = [
    ("- name: a\n  type: int\n  default: 1\n- name: a\n  type: int\n  default: 2\n",
     "web.yml:26: parameters[1].name: repeats parameter 'a'"),
    ("- name: vmid\n  type: int\n  default: 1\n",
     "web.yml:23: parameters[0].name: 'vmid' is a built-in name: instance, vmid, node, "
     "hostname, volumes"),
    ("- name: a\n  type: int\n  default: 1\n  pattern: '[0-9]+'\n",
     "web.yml:26: parameters[0].pattern: only for string parameters"),
    ("- name: a\n  type: string\n  default: x\n  minimum: 1\n",
     "web.yml:26: parameters[0].minimum: only for int and port parameters"),
    ("- name: a\n  type: string\n  default: x\n  choices: [x]\n",
     "web.yml:26: parameters[0].choices: only for enum parameters"),
    ("- name: a\n  type: int\n  default: 1\n  alphabet: hex\n",
     "web.yml:26: parameters[0].alphabet: only for secret parameters"),
    ("- name: a\n  type: enum\n  default: x\n",
     "web.yml:23: parameters[0].choices: an enum parameter needs choices"),
    ("- name: a\n  type: enum\n  default: x\n  choices: [x, 'y;z']\n",
     "web.yml:26: parameters[0].choices[1]: holds ';'"),
    ("- name: a\n  type: string\n  default: x\n  pattern: '[a-'\n",
     "web.yml:26: parameters[0].pattern: not a regular expression: unterminated character "
     "set at position 0"),
    ("- name: a\n  type: string\n  default: xx\n  min_length: 3\n  max_length: 2\n",
     "web.yml:27: parameters[0].max_length: less than min_length (3)"),
    ("- name: a\n  type: int\n  default: 5\n  minimum: 3\n  maximum: 2\n",
     "web.yml:27: parameters[0].maximum: less than minimum (3)"),
    ("- name: a\n  type: int\n  default: 1\n  required: true\n",
     "web.yml:25: parameters[0].default: a required parameter has no default"),
    ("- name: a\n  type: int\n",
     "web.yml:23: parameters[0]: needs a default or required: true"),
    ("- name: a\n  type: secret\n  default: hunter2\n",
     "web.yml:25: parameters[0].default: a secret is generated at install; it has no value "
     "in the template"),
    ("- name: a\n  type: secret\n  required: true\n",
     "web.yml:25: parameters[0].required: a secret is generated at install; it is never "
     "required"),
    ("- name: a\n  type: int\n  default: '8'\n",
     "web.yml:25: parameters[0].default: must be a whole number, got '8'"),
    ("- name: a\n  type: int\n  default: 0\n  minimum: 1\n  maximum: 9\n",
     "web.yml:25: parameters[0].default: out of range 1..9: 0"),
    ("- name: a\n  type: port\n  default: 70000\n",
     "web.yml:25: parameters[0].default: not a port (1..65535): 70000"),
    ("- name: a\n  type: bool\n  default: 'yes'\n",
     "web.yml:25: parameters[0].default: must be true or false, got 'yes'"),
    ("- name: a\n  type: size\n  default: ten\n",
     "web.yml:25: parameters[0].default: not a size: 'ten' (use e.g. 500M, 1G, 2T)"),
    ("- name: a\n  type: string\n  default: ABC\n  pattern: '[a-z]+'\n",
     "web.yml:25: parameters[0].default: 'ABC' does not match [a-z]+"),
    ("- name: a\n  type: string\n  default: 'x; rm -rf /'\n",
     "web.yml:25: parameters[0].default: holds ';'"),
    ("- name: a\n  type: enum\n  default: z\n  choices: [x, y]\n",
     "web.yml:25: parameters[0].default: 'z' is not one of: x, y"),
    ("- name: a\n  type: storage\n  default: Local\n",
     "web.yml:25: parameters[0].default: not a PVE storage ID: 'Local'"),
    ("- name: a\n  type: bridge\n  default: 'vmbr0,tag=5'\n",
     "web.yml:25: parameters[0].default: not a network bridge name: 'vmbr0,tag=5'"),
    ("- name: a\n  type: dataset\n  default: /srv/../etc\n",
     "web.yml:25: parameters[0].default: holds a '..' path segment"),
    ("- name: b\n  type: int\n  default: 1\n  show_if: [[a, '=', 1]]\n",
     "web.yml:26: parameters[0].show_if[0][0]: 'a' is not a parameter declared before this one"),
    ("- name: b\n  type: int\n  default: 1\n  show_if: [[a, '=', 1]]\n"
     "- name: a\n  type: int\n  default: 1\n",
     "web.yml:26: parameters[0].show_if[0][0]: 'a' is not a parameter declared before this one"),
    ("- name: a\n  type: secret\n- name: b\n  type: int\n  default: 1\n"
     "  show_if: [[a, '!=', x]]\n",
     "web.yml:28: parameters[1].show_if[0][0]: 'a' is a secret: nothing can depend on its value"),
    ("- name: a\n  type: bool\n  default: true\n- name: b\n  type: int\n  default: 1\n"
     "  show_if: [[a, '=', 'yes']]\n",
     "web.yml:29: parameters[1].show_if[0][2]: must be true or false, got 'yes'"),
]


@pytest.mark.parametrize("params,expected", PARAM_CASES)
def test_parameter_checks(params: str, expected: str) -> None:
    text = with_("parameters:\n" + "".join(f"  {line}\n" for line in params.splitlines()))
    assert expected in problems(text)


def test_good_parameters_of_every_type_are_clean() -> None:
    params = """\
- {name: s, type: string, default: abc, pattern: '[a-c]+', min_length: 1, max_length: 8}
- {name: i, type: int, default: 5, minimum: 1, maximum: 9}
- {name: b, type: bool, default: true}
- {name: e, type: enum, default: y, choices: [x, y]}
- {name: k, type: secret, length: 16, alphabet: base64url}
- {name: st, type: storage, default: local-zfs}
- {name: d, type: dataset, default: tank/svc/web}
- {name: d2, type: dataset, default: /srv/web}
- {name: br, type: bridge, default: vmbr0}
- {name: p, type: port, default: 8443, minimum: 1024}
- {name: z, type: size, default: 1073741824}
- {name: r, type: string, required: true, show_if: [[b, '=', true], [e, '!=', x], [z, '=', 1G]]}
"""
    text = with_("parameters:\n" + "".join(f"  {line}\n" for line in params.splitlines()))
    assert problems(text) == []
    t = load("web.yml")
    assert t.parameter("r").show_if == (  # type: ignore[union-attr]
        ("b", "=", True), ("e", "!=", "x"), ("z", "=", 1 << 30))


VOLUME_CASES = [
    ("- {name: data, mount: /srv/data}", "web.yml:23: volumes[0]: needs exactly one of size "
     "and size_from"),
    ("- {name: data, size: 1G, size_from: z, mount: /srv/data}",
     "web.yml:23: volumes[0]: needs exactly one of size and size_from"),
    ("- {name: data, size: ten, mount: /srv/data}",
     "web.yml:23: volumes[0].size: not a size: 'ten' (use e.g. 500M, 1G, 2T)"),
    ("- {name: data, size: 0, mount: /srv/data}",
     "web.yml:23: volumes[0].size: must be greater than zero, got 0"),
    ("- {name: data, size_from: quota, mount: /srv/data}",
     "web.yml:23: volumes[0].size_from: 'quota' is not a size parameter"),
    ("- {name: data, size_from: n, mount: /srv/data}",
     "web.yml:23: volumes[0].size_from: 'n' is not a size parameter"),
    ("- {name: data, size: 1G, mount: /etc/web}",
     "web.yml:23: volumes[0].mount: inside the guest's system tree /etc"),
    ("- {name: data, size: 1G, mount: /usr}",
     "web.yml:23: volumes[0].mount: inside the guest's system tree /usr"),
    ("- {name: data, size: 1G, mount: /var}", "web.yml:23: volumes[0].mount: would hide the "
     "guest's /var"),
    ("- {name: data, size: 1G, mount: /}", "web.yml:23: volumes[0].mount: would hide the "
     "guest's /"),
    ("- {name: data, size: 1G, mount: /srv/a/../b}",
     "web.yml:23: volumes[0].mount: not a plain absolute path: '/srv/a/../b'"),
    ("- {name: data, size: 1G, mount: /srv/a/}",
     "web.yml:23: volumes[0].mount: not a plain absolute path: '/srv/a/'"),
    ("- {name: data, size: 1G, mount: '/srv/a b'}",
     "web.yml:23: volumes[0].mount: not a plain absolute path: '/srv/a b'"),
    ("- {name: data, size: 1G, mount: /srv/a}\n- {name: more, size: 1G, mount: /srv/a/b}",
     "web.yml:24: volumes[1].mount: /srv/a/b overlaps volume 'data' at /srv/a"),
    ("- {name: data, size: 1G, mount: /srv/a/b}\n- {name: more, size: 1G, mount: /srv/a}",
     "web.yml:24: volumes[1].mount: /srv/a overlaps volume 'data' at /srv/a/b"),
    ("- {name: data, size: 1G, mount: /srv/a}\n- {name: more, size: 1G, mount: /srv/a}",
     "web.yml:24: volumes[1].mount: /srv/a overlaps volume 'data' at /srv/a"),
    ("- {name: data, size: 1G, mount: /srv/a}\n- {name: data, size: 1G, mount: /srv/b}",
     "web.yml:24: volumes[1].name: repeats volume 'data'"),
]


@pytest.mark.parametrize("volumes,expected", VOLUME_CASES)
def test_volume_checks(volumes: str, expected: str) -> None:
    params = "parameters:\n  - {name: n, type: int, default: 1}\n" \
             "  - {name: z, type: size, default: 1G}\n"
    text = with_("volumes:\n" + "".join(f"  {line}\n" for line in volumes.splitlines())
                 + params)
    assert problems(text) == [expected]


def test_a_volume_nested_only_by_name_prefix_is_fine() -> None:
    text = with_("volumes:\n  - {name: a, size: 1G, mount: /srv/a}\n"
                 "  - {name: b, size: 1G, mount: /srv/ab}\n")
    assert problems(text) == []


PORT_CASES = [
    ("ports:\n  - {name: http, port: 80}\n  - {name: http, port: 81}\n",
     ["web.yml:22: ports[1].name: repeats port 'http'"]),
    ("ports:\n  - {name: http, port: 80}\n  - {name: alt, port: 80}\n",
     ["web.yml:22: ports[1].port: repeats tcp port 80"]),
    ("ports:\n  - {name: http, port: 80}\n  - {name: dns, port: 53}\n"
     "  - {name: dnsu, port: 53, protocol: udp}\n", []),
    ("ports:\n  - {name: http, port: 80}\n  - {name: alt, port: '{{ n }}'}\n",
     ["web.yml:22: ports[1].port: 'n' is not a port parameter"]),
    ("ports:\n  - {name: http, port: 80}\n  - {name: alt, port: '{{ nope }}'}\n",
     ["web.yml:22: ports[1].port: 'nope' is not a port parameter"]),
    ("ports:\n  - {name: http, port: 80}\nexporter: {port: 9100}\n",
     ["web.yml:22: exporter.port: 9100 is not a tcp port of `ports`"]),
    ("ports:\n  - {name: http, port: 80}\nexporter: {port: '{{ n }}'}\n",
     ["web.yml:22: exporter.port: 'n' is not a port parameter"]),
    ("ports:\n  - {name: http, port: 80}\nexporter: {port: '{{ p }}', path: /m}\n", []),
    ("ports:\n  - {name: http, port: 81}\n",
     ["web.yml:19: healthcheck.port: 80 is not a tcp port of `ports`"]),
    ("ports:\n  - {name: http, port: 80, protocol: udp}\n",
     ["web.yml:19: healthcheck.port: 80 is not a tcp port of `ports`"]),
]


@pytest.mark.parametrize("ports,expected", PORT_CASES)
def test_port_checks(ports: str, expected: list[str]) -> None:
    # Line 20-21 of BASE (its ports) are replaced: the extra part starts at line 20.
    params = "parameters:\n  - {name: n, type: int, default: 1}\n" \
             "  - {name: p, type: port, default: 9100}\n"
    text = with_(params + ports, ports="", **{"  - {name": ""})
    found = [p.replace(f"web.yml:{n}:", f"web.yml:{n - 3}:") if n >= 23 else p
             for p in problems(text) for n in [int(p.split(":")[1])]]
    assert found == expected


def test_a_tcp_healthcheck_has_no_http_fields() -> None:
    text = with_(**{"  type": "  type: tcp\n  path: /x\n  status: 204"})
    assert problems(text) == ["web.yml:19: healthcheck.path: only for http health checks",
                              "web.yml:20: healthcheck.status: only for http health checks"]


def steps(*argvs: str, params: str = "") -> str:
    body = "".join(f"  - name: step {i}\n    argv: {argv}\n" for i, argv in enumerate(argvs))
    return with_("postinstall:\n" + body + params)


@pytest.mark.parametrize("argv,expected", [
    ('["qm", "guest", "exec", "101", "--", "id"]',
     "web.yml:24: postinstall[0].argv[0]: 'qm' is a host tool; postinstall steps run in the "
     "guest: write argv: [...] without `qm guest exec VMID --` or `pct exec VMID --`"),
    ('["/usr/sbin/pct", "exec", "101", "--", "id"]',
     "web.yml:24: postinstall[0].argv[0]: 'pct' is a host tool; postinstall steps run in the "
     "guest: write argv: [...] without `qm guest exec VMID --` or `pct exec VMID --`"),
    ('["sh", "-c", "echo {{ site }} > /etc/x"]',
     "web.yml:24: postinstall[0].argv[2]: {{ }} inside a shell script runs values as code: "
     "pass them as extra argv (\"$1\") or as files"),
    ('["/bin/bash", "-ec", "echo {{ site }}"]',
     "web.yml:24: postinstall[0].argv[2]: {{ }} inside a shell script runs values as code: "
     "pass them as extra argv (\"$1\") or as files"),
    ('["dash", "-e", "-c", "x={{ site }}"]',
     "web.yml:24: postinstall[0].argv[3]: {{ }} inside a shell script runs values as code: "
     "pass them as extra argv (\"$1\") or as files"),
    ('["echo", "{% if site %}x{% endif %}"]',
     "web.yml:24: postinstall[0].argv[1]: no {% %} blocks in argv (expressions only)"),
    ('["echo", "{{ nope }}"]',
     "web.yml:24: postinstall[0].argv[1]: {{ nope }} is neither a parameter nor a built-in "
     "(instance, vmid, node, hostname, volumes)"),
    ('["echo", "{{ site"]',
     "web.yml:24: postinstall[0].argv[1]: not a valid expression: unexpected end of template, "
     "expected 'end of print statement'."),
])
def test_postinstall_checks(argv: str, expected: str) -> None:
    params = "parameters:\n  - {name: site, type: string, default: web}\n"
    assert problems(steps(argv, params=params)) == [expected]


def test_good_argv_is_clean() -> None:
    params = "parameters:\n  - {name: site, type: string, default: web}\n" \
             "  - {name: pw, type: secret}\n"
    text = steps('["sh", "-c", "printf %s \\"$1\\" > /etc/x", "sh", "{{ site }}"]',
                 '["bash", "--norc", "/opt/setup.sh", "{{ pw }}", "{{ volumes.data }}"]',
                 '["hostnamectl", "set-hostname", "{{ hostname }}-{{ vmid }}.{{ node }}"]',
                 '["echo", "{{ instance | upper }}"]',
                 params=params)
    assert problems(text) == []


def test_rerun_on_rotate_names_secret_parameters() -> None:
    params = "parameters:\n  - {name: site, type: string, default: web}\n" \
             "  - {name: pw, type: secret}\n"
    step = '  - name: apply\n    argv: ["true"]\n    rerun_on_rotate: [%s]\n'
    assert problems(with_("postinstall:\n" + step % "pw, site, nope" + params)) == [
        "web.yml:25: postinstall[0].rerun_on_rotate[1]: 'site' is not a secret parameter "
        "(the template's: pw)",
        "web.yml:25: postinstall[0].rerun_on_rotate[2]: 'nope' is not a secret parameter "
        "(the template's: pw)"]
    assert problems(with_("postinstall:\n" + step % "pw, pw" + params)) == [
        "web.yml:25: postinstall[0].rerun_on_rotate: holds an item twice"]
    Path("web.yml").write_text(with_("postinstall:\n" + step % "pw" + params))
    assert load("web.yml").postinstall[0].rerun_on_rotate == ("pw",)


def test_migrations_are_guest_steps_up_to_the_version_oldest_first() -> None:
    text = with_("migrations:\n"
                 '  - {version: 0.9.0, name: old, argv: ["true"]}\n'
                 '  - {version: 1.0.0-rc.1, name: rc, argv: ["mkdir", "{{ nope }}"]}\n'
                 '  - {version: 0.9.1, name: back, argv: ["pct", "exec", "1"]}\n'
                 '  - {version: 1.0.1, name: ahead, argv: ["true"]}\n')
    found = problems(text)
    assert "web.yml:24: migrations[1].argv[1]: {{ nope }} is neither a parameter nor a " \
        "built-in (instance, vmid, node, hostname, volumes)" in found, found
    assert any("migrations[2].version: 0.9.1 comes after 1.0.0-rc.1: list migrations "
               "oldest first" in f for f in found), found
    assert any("migrations[2].argv[0]: 'pct' is a host tool" in f for f in found), found
    assert any("migrations[3].version: 1.0.1 is newer than the template's version 1.0.0"
               in f for f in found), found
    # the schema's semver pattern first: "1.0" stops the checks beyond it
    assert problems(with_("migrations:\n"
                          '  - {version: "1.0", name: short, argv: ["true"]}\n'))[0].startswith(
        "web.yml:23: migrations[0].version:")
    Path("web.yml").write_text(with_("migrations:\n"
                                     '  - {version: 0.9.0, name: old, argv: ["true"]}\n'
                                     '  - {version: 1.0.0, name: now, argv: ["true"],'
                                     ' timeout: 20}\n'))
    assert [(m.version, m.name, m.argv, m.timeout) for m in load("web.yml").migrations] == [
        ("0.9.0", "old", ("true",), 300.0), ("1.0.0", "now", ("true",), 20.0)]


def test_versions_order_as_semver() -> None:
    from pvesmbgw.svc.versions import key, newer
    ordered = ["0.9.10", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta.2",
               "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.10.0", "2.0.0"]
    assert sorted(reversed(ordered), key=key) == ordered
    assert newer("1.10.0", "1.9.9") and not newer("1.0.0", "1.0.0")
    with pytest.raises(ValueError):
        key("1.0")


# -- YAML-level problems -------------------------------------------------------------

def test_duplicate_keys_are_problems_at_their_lines() -> None:
    text = with_("name: Again\nresources:\n  cores: 2\n  cores: 3\n  memory: 64\n  disk: 1\n")
    assert problems(text)[:3] == [
        "web.yml:22: name: duplicate key (first at line 3)",
        "web.yml:23: resources: duplicate key (first at line 13)",
        "web.yml:25: resources.cores: duplicate key (first at line 24)",
    ]


@pytest.mark.parametrize("text,expected", [
    ("id: [\n", "web.yml:2: yaml: not YAML: expected the node content, but found '<stream end>'"),
    ("a: 1\n\tb: 2\n", "web.yml:2: yaml: not YAML: found character '\\t' that cannot start "
     "any token"),
    ("a: 1\n---\nb: 2\n", "web.yml:2: yaml: not YAML: expected a single document in the "
     "stream, but found another document"),
    ("a: !!python/object/apply:os.system [id]\n", "web.yml:1: yaml: not YAML: could not "
     "determine a constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system'"),
    ("- a\n- b\n", "web.yml:1: document: not a mapping of template keys"),
    ("", "web.yml:1: document: empty"),
    ("# only a comment\n", "web.yml:1: document: empty"),
    ("a: &x [*x]\n", "web.yml:1: yaml: not YAML: a recursive alias"),
])
def test_files_that_are_no_template_mapping(text: str, expected: str) -> None:
    assert problems(text) == [expected]


def test_an_alias_bomb_is_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    found = problems("\n".join(lines) + "\n")
    assert len(found) == 1 and "expands to more than 100000 nodes" in found[0]


def test_not_utf8_unreadable_and_too_large() -> None:
    Path("web.yml").write_bytes(b"id: web\nname: caf\xe9\n")
    assert [str(p) for p in lint(Path("web.yml"))] == ["web.yml:2: file: not UTF-8"]
    Path("dir.yml").mkdir()
    assert [str(p) for p in lint(Path("dir.yml"))] == ["dir.yml:1: file: unreadable: Is a "
                                                       "directory"]
    assert [str(p) for p in lint(Path("missing.yml"))] == [
        "missing.yml:1: file: unreadable: No such file or directory"]
    Path("big.yml").write_text("# x\n" * 70000)
    assert [str(p) for p in lint(Path("big.yml"))] == ["big.yml:1: file: larger than 256 KiB"]


# -- load and TemplateError ---------------------------------------------------------

def test_load_raises_every_problem_as_one_line() -> None:
    Path("web.yml").write_text(with_("colour: red\n", category="category: games"))
    with pytest.raises(TemplateError) as caught:
        load(Path("web.yml"))
    error = caught.value
    assert isinstance(error, ValidationError) and error.exit_code == EXIT_BAD_INPUT
    assert [str(p) for p in error.problems] == [
        "web.yml:6: category: must be one of: storage, object-storage, file-sharing, sync, "
        "media, productivity, directory, backup, monitoring, other",
        "web.yml:22: colour: unknown key"]
    assert str(error).startswith("web.yml:6: category: must be one of: ")
    assert str(error).endswith("other (and 1 more)") and "\n" not in str(error)
    assert error.field == "category"
    assert error.problems[0] == Problem("web.yml", 6, "category", error.problems[0].message)


def test_load_of_no_yaml_raises() -> None:
    Path("web.yml").write_text("a: [\n")
    with pytest.raises(TemplateError, match=r"^web.yml:2: yaml: not YAML"):
        load("web.yml")


def test_field_names() -> None:
    assert template.field_name(("parameters", 2, "default")) == "parameters[2].default"
    assert template.field_name(("postinstall", 0, "argv", 3)) == "postinstall[0].argv[3]"
    assert template.field_name(("parameters", 1, "show_if", 0, 2)) == \
        "parameters[1].show_if[0][2]"
    assert template.field_name(()) == "document"


# -- the schema file and its shipping ---------------------------------------------------

def schema_objects(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if node.get("type") == "object":
            yield where, node
        for key, value in node.items():
            yield from schema_objects(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from schema_objects(value, f"{where}/{index}")


def test_the_schema_is_draft_2020_12_closed_and_described() -> None:
    schema = json.loads(SCHEMA_FILE.read_text())
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith("/service-v1.schema.json") and schema["title"]
    objects = list(schema_objects(schema))
    assert len(objects) >= 10
    open_ = [where for where, node in objects if node.get("additionalProperties") is not False]
    assert open_ == []
    undescribed = [f"{where}/{name}" for where, node in objects
                   for name, prop in node.get("properties", {}).items()
                   if "description" not in prop]
    assert undescribed == []


def test_the_schema_ships() -> None:
    assert SCHEMA_FILE == REPO / "pvesmbgw" / "svc" / "schema" / "service-v1.schema.json"
    pyproject = (REPO / "pyproject.toml").read_text()
    assert '"svc/schema/*.json"' in pyproject
    install = (REPO / "debian" / "pvesmbgw.install").read_text().splitlines()
    assert "pvesmbgw/svc/schema/service-v1.schema.json usr/share/pvesmbgw/schema/" in install
    assert "python3-jsonschema," in (REPO / "debian" / "control").read_text()


# -- the repository's templates ----------------------------------------------------------

TEMPLATES = sorted((REPO / "templates").glob("*.yml")) if (REPO / "templates").is_dir() else []


@pytest.mark.parametrize("path", TEMPLATES or [None], ids=lambda p: p.name if p else "none")
def test_every_shipped_template_lints_clean(path: Path | None) -> None:
    if path is None:
        pytest.skip("no templates/ folder (or no .yml in it) yet")
    assert [str(p) for p in lint(path)] == []
    assert load(path).id == path.stem


def test_a_nan_timeout_is_refused() -> None:
    text = with_("postinstall:\n  - {name: x, argv: [id], timeout: .nan}\n",
                 **{"  port": "  port: 80\n  timeout: .NaN"})
    assert problems(text) == ["web.yml:20: healthcheck.timeout: must be a number",
                              "web.yml:24: postinstall[0].timeout: must be a number"]


def test_a_show_if_on_a_broken_pattern_does_not_crash_lint() -> None:
    text = with_("parameters:\n  - {name: a, type: string, default: x, pattern: '[a-'}\n"
                 "  - {name: b, type: int, default: 1, show_if: [[a, '=', x]]}\n")
    assert problems(text) == [
        "web.yml:23: parameters[0].pattern: not a regular expression: unterminated character "
        "set at position 0",
        "web.yml:24: parameters[1].show_if[0][2]: 'x' does not match [a-"]


def test_timeouts_load_as_float() -> None:
    Path("web.yml").write_text(with_("postinstall:\n  - {name: x, argv: [id], timeout: 5}\n"))
    t = load("web.yml")
    assert t.postinstall[0].timeout == 5.0 and isinstance(t.postinstall[0].timeout, float)
    assert isinstance(t.healthcheck.timeout, float)  # type: ignore[union-attr]
