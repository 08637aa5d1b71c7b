"""Lint's checks beyond the schema (SPEC.md): references between fields, volume mounts,
and the argv of postinstall steps. Each finding is (node path, one-line message)."""

from __future__ import annotations

import math
import posixpath
import re
from typing import Any, Mapping, Optional, Sequence

from ..core.errors import ValidationError
from ..core.i18n import _
from ..core.render import sandboxed_environment
from ..core.units import parse_size
from .model import BUILTINS, Parameter, parameter_of, port_ref_name
from .values import from_yaml, unsafe_text
from .yamldoc import NodePath

Finding = tuple[NodePath, str]

# Commands of the PVE host: a step runs in the guest, where they do not exist (a v0 draft
# wrapped steps in `qm guest exec VMID --`).
HOST_TOOLS = ("qm", "pct", "pvesh", "pvesm", "pveam", "pvecm", "pvenode", "ha-manager",
              "vzdump", "lxc-attach", "ssh", "scp")
SHELLS = ("sh", "bash", "dash", "zsh", "ash", "ksh")
# The guest system's own trees: a volume mounted in one hides or shadows system files.
SYSTEM_TREES = ("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32",
                "/proc", "/run", "/sbin", "/sys", "/tmp", "/usr")
# Mount points that would hide a whole tree of the guest's own data.
NOT_MOUNTS = ("/", "/home", "/root", "/var", "/var/lib")
_MOUNT_RE = re.compile(r"(?:/[A-Za-z0-9._+@-]+)+")
# Keys a parameter may have only for some types.
_TYPE_KEYS = {
    "pattern": ("string",), "min_length": ("string",), "max_length": ("string",),
    "minimum": ("int", "port"), "maximum": ("int", "port"), "choices": ("enum",),
    "length": ("secret",), "alphabet": ("secret",),
}


def identity(data: Mapping[str, Any], stem: str) -> list[Finding]:
    """id equals the file's stem (the catalogue finds a template by its file name)."""
    if isinstance(data.get("id"), str) and data["id"] != stem:
        return [(("id",), _("{id!r} must equal the file name without .yml ({stem!r})").format(id=data['id'], stem=stem))]
    return []


def semantic(data: Mapping[str, Any]) -> list[Finding]:
    """Every finding in DATA, a document the schema accepts."""
    params: dict[str, Parameter] = {}
    found: list[Finding] = []
    found += _guest(data)
    for index, item in enumerate(data.get("parameters", ())):
        found += _parameter(index, item, params)
        params.setdefault(item["name"], parameter_of(item))
    found += _volumes(data.get("volumes", ()), params)
    found += _ports(data.get("ports", ()), params)
    tcp_ports = {p["port"] for p in data.get("ports", ())
                 if isinstance(p["port"], int) and p.get("protocol", "tcp") == "tcp"}
    for key in ("healthcheck", "exporter"):
        if key in data:
            found += _port_use((key, "port"), data[key]["port"], tcp_ports, params)
    health = data["healthcheck"]
    # JSON Schema's number takes YAML's .nan, which every minimum and maximum lets pass.
    timeouts = [(("healthcheck", "timeout"), health.get("timeout", 60))] + [
        ((key, i, "timeout"), s.get("timeout", 300))
        for key in ("postinstall", "migrations") for i, s in enumerate(data.get(key, ()))]
    found += [(at, "must be a number") for at, value in timeouts if not math.isfinite(value)]
    if health["type"] == "tcp":
        found += [(("healthcheck", k), "only for http health checks")
                  for k in ("path", "status") if k in health]
    for index, step in enumerate(data.get("postinstall", ())):
        found += _argv(("postinstall", index, "argv"), step["argv"], params)
        found += _rerun(("postinstall", index, "rerun_on_rotate"),
                        step.get("rerun_on_rotate", ()), params)
    found += _migrations(data["version"], data.get("migrations", ()), params)
    return found


def _migrations(version: str, steps: Sequence[Mapping[str, Any]],
                params: Mapping[str, Parameter]) -> list[Finding]:
    """Upgrade steps: guest commands like postinstall's, for versions up to the
    template's own, in the order they apply."""
    from .versions import key, newer

    found: list[Finding] = []
    last = ""
    for index, step in enumerate(steps):
        at: NodePath = ("migrations", index)
        found += _argv(at + ("argv",), step["argv"], params)
        if newer(step["version"], version):
            found.append((at + ("version",), _("{version} is newer than the "
                          "template's version {template_version}").format(version=step['version'], template_version=version)))
        if last and key(step["version"]) < key(last):
            found.append((at + ("version",), _("{version} comes after {last}: "
                          "list migrations oldest first").format(version=step['version'], last=last)))
        last = step["version"]
    return found


def _rerun(at: NodePath, names: Any, params: Mapping[str, Parameter]) -> list[Finding]:
    """rerun_on_rotate names secret parameters (a rotation re-runs the step)."""
    found: list[Finding] = []
    for index, name in enumerate(names):
        p = params.get(name)
        if p is None or p.type != "secret":
            secrets = ", ".join(n for n, q in params.items() if q.type == "secret") or "none"
            found.append((at + (index,), _("{name!r} is not a secret parameter (the "
                          "template's: {secrets})").format(name=name, secrets=secrets)))
    return found


def _guest(data: Mapping[str, Any]) -> list[Finding]:
    found: list[Finding] = []
    if data.get("unprivileged") is False:
        found.append((("unprivileged",), _("v1 runs only unprivileged containers: remove it "
                      "or write true")))
    source = data["source"]
    kinds = [k for k in ("pveam", "oci", "image", "iso") if k in source]
    if not kinds:
        found.append((("source",), _("needs one of pveam, oci, image, iso")))
    elif len(kinds) > 1:
        found.append((("source", kinds[1]), _("one source only: {first} or {second}").format(first=kinds[0], second=kinds[1])))
    wrong = ("image", "iso", "checksum") if data["type"] == "lxc" else ("pveam", "oci")
    for key in wrong:
        if key in source:
            right = "pveam or oci" if data["type"] == "lxc" else "image or iso"
            found.append((("source", key), _("not a source of a {type}: use {right}").format(type=data['type'], right=right)))
    if data["type"] == "vm":
        found += _vm(data)
    else:
        found += [((key,), "only for vm") for key in ("install", "manual_steps", "disks")
                  if key in data]
    return found


def _vm(data: Mapping[str, Any]) -> list[Finding]:
    """A VM template: a checksummed source; an ISO only with a manual install, which has
    instructions and nothing the tool would run in a guest it cannot reach."""
    found: list[Finding] = []
    source = data["source"]
    if "swap" in data["resources"]:
        found.append((("resources", "swap"), _("only for lxc")))
    if ("image" in source or "iso" in source) and \
            ("checksum" in source) == ("checksum_url" in source):
        found.append((("source",), _("a vm image or iso needs its checksum (sha256:HEX or "
                      "sha512:HEX) or, where it is not pinned, checksum_url; not both")))
    manual = data.get("install") == "manual"
    if "iso" in source and not manual:
        found.append((("install",), _("an installer iso needs install: manual (the "
                      "administrator completes it in the console)")))
    if manual:
        if "image" in source:
            found.append((("install",), _("manual is for an installer iso; an image is "
                          "installed automatically")))
        if "manual_steps" not in data:
            found.append((("manual_steps",), _("install: manual needs the steps the "
                          "administrator does by hand")))
        found += [((key,), "nothing runs in a manually installed guest: remove it")
                  for key in ("packages", "postinstall", "migrations", "volumes",
                              "parameters")
                  if data.get(key)]
    elif "manual_steps" in data:
        found.append((("manual_steps",), _("only for install: manual")))
    names = [d["name"] for d in data.get("disks", ())]
    found += [(("disks", i, "name"), f"repeats disk {n!r}")
              for i, n in enumerate(names) if n in names[:i]]
    for index, disk in enumerate(data.get("disks", ())):
        try:
            size = parse_size(disk["size"]) if isinstance(disk["size"], str) \
                else disk["size"]
        except ValueError as exc:
            found.append((("disks", index, "size"), str(exc)))
            continue
        if size < 2**30:
            found.append((("disks", index, "size"), _("at least 1G")))
    return found


def _parameter(index: int, item: Mapping[str, Any],
               earlier: Mapping[str, Parameter]) -> list[Finding]:
    """Parameter INDEX, checked against the parameters declared before it."""
    at: NodePath = ("parameters", index)
    name, kind = item["name"], item["type"]
    found: list[Finding] = []
    if name in earlier:
        found.append((at + ("name",), _("repeats parameter {name!r}").format(name=name)))
    if name in BUILTINS:
        found.append((at + ("name",), _("{name!r} is a built-in name: {builtins}").format(name=name, builtins=', '.join(BUILTINS))))
    for key, types in _TYPE_KEYS.items():
        if key in item and kind not in types:
            found.append((at + (key,), _("only for {types} parameters").format(types=' and '.join(types))))
    if kind == "enum" and "choices" not in item:
        found.append((at + ("choices",), _("an enum parameter needs choices")))
    for k, choice in enumerate(item.get("choices", ())):
        reason = unsafe_text(choice)
        if reason:
            found.append((at + ("choices", k), reason))
    pattern_ok = True
    if "pattern" in item:
        try:
            re.compile(item["pattern"])
        except re.error as exc:
            pattern_ok = False
            found.append((at + ("pattern",), _("not a regular expression: {exc}").format(exc=exc)))
    for low, high in (("min_length", "max_length"), ("minimum", "maximum")):
        if low in item and high in item and item[low] > item[high]:
            found.append((at + (high,), _("less than {low} ({item})").format(low=low, item=item[low])))
    required = item.get("required", False)
    if kind == "secret":
        if required:
            found.append((at + ("required",), _("a secret is generated at install; it is "
                          "never required")))
    elif required and "default" in item:
        found.append((at + ("default",), _("a required parameter has no default")))
    elif not required and "default" not in item:
        found.append((at, _("needs a default or required: true")))
    if "default" in item and pattern_ok:
        found += _value(at + ("default",), parameter_of(item), item["default"])
    for k, (ref, _op, value) in enumerate(item.get("show_if", ())):
        target = earlier.get(ref)
        if target is None:
            found.append((at + ("show_if", k, 0), _("{ref!r} is not a parameter declared "
                          "before this one").format(ref=ref)))
        elif target.type == "secret":
            found.append((at + ("show_if", k, 0), _("{ref!r} is a secret: nothing can "
                          "depend on its value").format(ref=ref)))
        else:
            found += _value(at + ("show_if", k, 2), target, value)
    return found


def _value(at: NodePath, p: Parameter, value: Any) -> list[Finding]:
    try:
        from_yaml(p, value)
    except ValidationError as exc:
        return [(at, exc.message)]
    return []


def _volumes(volumes: Any, params: Mapping[str, Parameter]) -> list[Finding]:
    found: list[Finding] = []
    names: set[str] = set()
    mounts: list[tuple[str, str]] = []  # (mount, volume name)
    for index, volume in enumerate(volumes):
        at: NodePath = ("volumes", index)
        if volume["name"] in names:
            found.append((at + ("name",), _("repeats volume {name!r}").format(name=volume['name'])))
        names.add(volume["name"])
        if ("size" in volume) == ("size_from" in volume):
            found.append((at, _("needs exactly one of size and size_from")))
        if "size" in volume:
            reason = _size_problem(volume["size"])
            if reason:
                found.append((at + ("size",), reason))
        ref = volume.get("size_from")
        if ref is not None and (ref not in params or params[ref].type != "size"):
            found.append((at + ("size_from",), _("{ref!r} is not a size parameter").format(ref=ref)))
        mount = volume["mount"]
        reason = _mount_problem(mount)
        if reason:
            found.append((at + ("mount",), reason))
            continue
        for other, other_name in mounts:
            if mount == other or mount.startswith(other + "/") or other.startswith(mount + "/"):
                found.append((at + ("mount",), _("{mount} overlaps volume {other_name!r} "
                              "at {other}").format(mount=mount, other_name=other_name, other=other)))
        mounts.append((mount, volume["name"]))
    return found


def _size_problem(size: Any) -> Optional[str]:
    if isinstance(size, int):
        return None if size >= 1 else _("must be greater than zero, got {size}").format(size=size)
    try:
        parse_size(size)
    except ValueError as exc:
        return str(exc)
    return None


def _mount_problem(mount: str) -> Optional[str]:
    if mount in NOT_MOUNTS:
        return _("would hide the guest's {mount}").format(mount=mount)
    if not _MOUNT_RE.fullmatch(mount) or posixpath.normpath(mount) != mount:
        return _("not a plain absolute path: {mount!r}").format(mount=mount)
    for tree in SYSTEM_TREES:
        if mount == tree or mount.startswith(tree + "/"):
            return _("inside the guest's system tree {tree}").format(tree=tree)
    return None


def _ports(ports: Any, params: Mapping[str, Parameter]) -> list[Finding]:
    found: list[Finding] = []
    names: set[str] = set()
    used: set[tuple[Any, str]] = set()
    for index, port in enumerate(ports):
        at: NodePath = ("ports", index)
        if port["name"] in names:
            found.append((at + ("name",), _("repeats port {name!r}").format(name=port['name'])))
        names.add(port["name"])
        key = (port["port"] if isinstance(port["port"], int) else port_ref_name(port["port"]),
               port.get("protocol", "tcp"))
        if key in used:
            found.append((at + ("port",), _("repeats {key} port {port}").format(key=key[1], port=port['port'])))
        used.add(key)
        found += _port_use(at + ("port",), port["port"], None, params)
    return found


def _port_use(at: NodePath, ref: Any, declared: Optional[set[int]],
              params: Mapping[str, Parameter]) -> list[Finding]:
    """REF is a port parameter's reference, or a number of DECLARED (None: any number)."""
    name = port_ref_name(ref)
    if name is not None:
        if name not in params or params[name].type != "port":
            return [(at, _("{name!r} is not a port parameter").format(name=name))]
    elif declared is not None and ref not in declared:
        return [(at, _("{ref} is not a tcp port of `ports`").format(ref=ref))]
    return []


def _argv(at: NodePath, argv: list[str], params: Mapping[str, Parameter]) -> list[Finding]:
    """A postinstall step's argv: a guest command whose elements are sandboxed expressions
    of known names, none of them inside a shell's script."""
    from jinja2 import TemplateSyntaxError, meta

    found: list[Finding] = []
    tool = posixpath.basename(argv[0])
    if tool in HOST_TOOLS:
        found.append((at + (0,), _("{tool!r} is a host tool; postinstall steps run in the "
                      "guest: write argv: [...] without `qm guest exec VMID --` or "
                      "`pct exec VMID --`").format(tool=tool)))
    known = set(params) | set(BUILTINS)
    for index, element in enumerate(argv):
        if "{%" in element:
            found.append((at + (index,), _("no {% %} blocks in argv (expressions only)")))
            continue
        try:
            names = meta.find_undeclared_variables(sandboxed_environment().parse(element))
        except TemplateSyntaxError as exc:
            found.append((at + (index,), _("not a valid expression: {message}").format(message=exc.message)))
            continue
        for name in sorted(names - known):
            found.append((at + (index,), _("{{{{ {name} }}}} is neither a parameter nor a "
                          "built-in ({builtins})").format(name=name, builtins=', '.join(BUILTINS))))
    script = _shell_script(argv) if tool in SHELLS else None
    if script is not None and "{{" in argv[script]:
        found.append((at + (script,), _("{{ }} inside a shell script runs values as code: "
                      "pass them as extra argv (\"$1\") or as files")))
    return found


def _shell_script(argv: list[str]) -> Optional[int]:
    """The index of the script a shell's argv gives with -c (or -ec, -xc ...): the first
    such option counts, wherever it is (a false alarm costs a rewrite, a miss an injection)."""
    for index in range(1, len(argv) - 1):
        option = argv[index]
        if option.startswith("-") and not option.startswith("--") and "c" in option[1:]:
            return index + 1
    return None
