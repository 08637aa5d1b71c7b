"""PVE command-line parsing and parameter verification.

Emulates pve-common:
  * PVE::JSONSchema::get_options -- Getopt::Long with prefix_pattern (--|-),
    auto-abbreviation, ignore_case, permute; booleans take an optional value;
    positional arguments (arg_param) and 'extra-args'.
  * PVE::JSONSchema::check_prop / check_object / parse_property_string --
    the '400 Parameter verification failed.' errors, with their exact texts.
  * PVE::RESTHandler::usage_str ('short') for the usage line added to 400s.

API parameter schemas come from pvesim/data/api-pve{8,9}.json (extracted from
the pve-docs API viewer dumps); CLI-only commands define theirs inline.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from ..util import PveError, parse_boolean, parse_size, split_list

DATA_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data")

INDEXED = {"net": 32, "mp": 256, "dev": 256, "unused": 256,
           # qemu-server (QemuServer.pm / Drive.pm MAX_* constants)
           "scsi": 31, "virtio": 16, "ide": 4, "sata": 6, "ipconfig": 32, "serial": 4,
           "parallel": 3, "hostpci": 16, "usb": 14, "numa": 8, "virtiofs": 10}

_api_cache: Dict[int, dict] = {}


def api_schema(pve_version: int) -> dict:
    if pve_version not in _api_cache:
        name = "api-pve9.json" if pve_version >= 9 else "api-pve8.json"
        with open(os.path.join(DATA_DIR, name)) as fh:
            _api_cache[pve_version] = json.load(fh)
    return _api_cache[pve_version]


def method_info(pve_version: int, path: str, method: str) -> Optional[dict]:
    return api_schema(pve_version)["paths"].get(path, {}).get(method)


def expand_props(props: Dict[str, dict]) -> Dict[str, dict]:
    """Expand 'net[n]' style keys into net0..net31 etc."""
    res: Dict[str, dict] = {}
    for key, pd in props.items():
        m = re.fullmatch(r"([a-z]+)\[n\]", key)
        if m:
            for i in range(INDEXED.get(m.group(1), 10)):
                res[f"{m.group(1)}{i}"] = pd
        else:
            res[key] = pd
    return res


# --- Getopt::Long emulation ---------------------------------------------------

class Usage:
    def __init__(self, prefix: str, arg_param: Sequence[str], props: Dict[str, dict],
                 fixed: Sequence[str] = (), format_options: bool = False) -> None:
        self.prefix = prefix
        self.arg_param = list(arg_param)
        self.props = props
        self.fixed = set(fixed)
        self.format_options = format_options

    def short(self) -> str:
        args = []
        for p in self.arg_param:
            pd = self.props.get(p)
            if pd is None:
                continue
            if pd.get("format") and isinstance(pd["format"], str) and "-list" in pd["format"]:
                args.append(f"{{<{p}>}}")
            else:
                args.append(f"[<{p}>]" if pd.get("optional") else f"<{p}>")
        has_opts = any(k not in self.arg_param and k not in self.fixed for k in self.props)
        out = self.prefix + (" " + " ".join(args) if args else "")
        if has_opts:
            out += " [OPTIONS]"
        if self.format_options:
            out += " [FORMAT_OPTIONS]"
        return out + "\n"


def _getopt(args: List[str], spec: Dict[str, str], warnings: List[str]) -> Tuple[dict, List[str], bool]:
    """Getopt::Long::GetOptionsFromArray with prefix (--|-), permute, auto_abbrev, ignore_case.

    spec: option name -> 's' (mandatory string), 's?' (optional string), 's@' (list).
    Returns (opts, non-option args, ok).
    """
    names = sorted(spec)
    lower = {n.lower(): n for n in names}
    opts: Dict[str, Any] = {}
    rest: List[str] = []
    ok = True
    argv = list(args)
    while argv:
        arg = argv.pop(0)
        if arg == "--":
            rest.extend(argv)
            break
        m = re.match(r"^(--|-)(.+)$", arg)
        if not m or arg == "-":
            rest.append(arg)
            continue
        body = m.group(2)
        optarg: Optional[str] = None
        if "=" in body:
            body, optarg = body.split("=", 1)
        tryopt = body.lower()
        name = lower.get(tryopt)
        if name is None:
            hits = [n for n in names if n.lower().startswith(tryopt)]
            if len(hits) == 1:
                name = hits[0]
            elif len(hits) > 1:
                warnings.append(f"Option {body} is ambiguous ({', '.join(hits)})\n")
                ok = False
                continue
            else:
                warnings.append(f"Unknown option: {body.lower()}\n")
                ok = False
                continue
        kind = spec[name]
        mand = kind in ("s", "s@")
        if optarg is None and not argv:
            if mand:
                warnings.append(f"Option {body} requires an argument\n")
                ok = False
                continue
            value = ""
        elif optarg is not None:
            value = optarg
        else:
            value = argv.pop(0)
            if not mand and (value == "--" or re.match(r"^(--|-).+", value)):
                argv.insert(0, value)
                value = ""
        if kind == "s@":
            opts.setdefault(name, []).append(value)
        else:
            opts[name] = value
    return opts, rest, ok


def get_options(props: Dict[str, dict], args: Sequence[str], arg_param: Sequence[str],
                fixed: Optional[Dict[str, Any]] = None, interactive: Sequence[str] = (),
                usage: Optional[Usage] = None, warnings_out: Optional[List[str]] = None) -> dict:
    """PVE::JSONSchema::get_options; raises PveError (400) like the real thing."""
    fixed = fixed or {}
    spec: Dict[str, str] = {}
    for prop, pd in props.items():
        if prop in fixed or prop == "extra-args":
            continue
        if prop in arg_param:
            # positional args are still accepted as --options by Getopt
            pass
        if prop in interactive or pd.get("type") == "boolean":
            spec[prop] = "s?"
        elif (isinstance(pd.get("format"), str) and "-list" in pd["format"]) or pd.get("type") == "array":
            spec[prop] = "s@"
        else:
            spec[prop] = "s"
    warnings: List[str] = []
    opts, rest, ok = _getopt(list(args), spec, warnings)
    if warnings_out is not None:
        warnings_out.extend(warnings)
    if not ok:
        # Getopt::Long's warnings ("Unknown option: x") come first on stderr.
        exc = PveError("unable to parse option\n", code=400, usage=usage.short() if usage else None)
        exc.msg_prefix = "".join(warnings)
        raise exc
    if rest:
        if arg_param:
            args_left = list(rest)
            for i, arg_name in enumerate(arg_param):
                if opts.get("extra-args") is not None:
                    raise _u(PveError("internal error: extra-args must be the last argument\n", code=400), usage)
                if arg_name == "extra-args":
                    opts["extra-args"] = args_left
                    args_left = []
                    continue
                if not args_left:
                    for p in arg_param[i:]:
                        if p == "extra-args":
                            opts["extra-args"] = []
                            continue
                        if not props.get(p, {}).get("optional"):
                            raise _u(PveError("not enough arguments\n", code=400), usage)
                    break
                opts[arg_name] = args_left.pop(0)
            if args_left:
                raise _u(PveError("too many arguments\n", code=400), usage)
        else:
            raise _u(PveError("too many arguments\n", code=400), usage)
    else:
        for arg_name in arg_param:
            if arg_name == "extra-args":
                opts["extra-args"] = []
            elif arg_name not in opts and not props.get(arg_name, {}).get("optional"):
                raise _u(PveError("not enough arguments\n", code=400), usage)
    for p in list(opts):
        pd = props.get(p)
        if not pd:
            continue
        if pd.get("type") == "boolean" and p not in interactive:
            if opts[p] == "":
                opts[p] = 1
            else:
                b = parse_boolean(str(opts[p]))
                if b is None:
                    raise _u(PveError("unable to parse boolean option\n", code=400), usage)
                opts[p] = b
        elif isinstance(opts[p], list) and p != "extra-args":
            # JSONSchema::get_options joins only '-list' formats; 'array' types stay arrays
            if pd.get("type") != "array":
                opts[p] = ",".join(opts[p])
    for p, v in fixed.items():
        opts[p] = v
    return opts


def _u(exc: PveError, usage: Optional[Usage]) -> PveError:
    if usage is not None and exc.is_param_exc():
        exc.usage = usage.short()
    return exc


# --- formats -----------------------------------------------------------------

IPV4RE = r"(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"


def _is_ipv4(v: str) -> bool:
    return re.fullmatch(IPV4RE, v) is not None


def _is_ipv6(v: str) -> bool:
    try:
        ipaddress.IPv6Address(v)
        return True
    except ValueError:
        return False


def _cidr(v: str, v6: bool) -> bool:
    m = re.fullmatch(r"(.+)/(\d+)", v)
    if not m:
        return False
    bits = int(m.group(2))
    if v6:
        return _is_ipv6(m.group(1)) and 7 < bits <= 128
    return _is_ipv4(m.group(1)) and 7 < bits <= 32


def _fail(msg: str) -> None:
    raise ValueError(msg + "\n")


def f_vmid(v: str) -> None:
    if not re.fullmatch(r"[1-9][0-9]{2,8}", v):
        _fail("value does not look like a valid VM ID")


def f_node(v: str) -> None:
    if not re.fullmatch(r"[a-zA-Z0-9]([a-zA-Z0-9\-]*[a-zA-Z0-9])?", v):
        _fail("value does not look like a valid node name")


def f_storage_id(v: str) -> None:
    if not re.fullmatch(r"(?i)[a-z][a-z0-9\-_.]*[a-z0-9]", v):
        _fail(f"storage ID '{v}' contains illegal characters")


def f_configid(v: str) -> None:
    if not re.fullmatch(r"(?i)[a-z][a-z0-9_-]+", v):
        _fail(f"invalid configuration ID '{v}'")


def f_dns_name(v: str) -> None:
    namere = r"([a-zA-Z0-9]([a-zA-Z0-9\-]*[a-zA-Z0-9])?)"
    if not re.fullmatch(rf"({namere}\.)*{namere}", v):
        _fail("value does not look like a valid DNS name")


def f_ipv4(v: str) -> None:
    if not _is_ipv4(v):
        _fail("value does not look like a valid IPv4 address")


def f_ipv6(v: str) -> None:
    if not _is_ipv6(v):
        _fail("value does not look like a valid IPv6 address")


def f_ip(v: str) -> None:
    if not (_is_ipv4(v) or _is_ipv6(v)):
        _fail("value does not look like a valid IP address")


def f_ip_ll(v: str) -> None:
    m = re.fullmatch(r"(fe80:[^%]+)%(.*)", v)
    if m and _is_ipv6(m.group(1)):
        return
    f_ip(v)


def f_mac(v: str) -> None:
    if not re.fullmatch(r"(?i)[a-f0-9][02468ace](?::[a-f0-9]{2}){5}", v):
        _fail("value does not look like a valid unicast MAC address")


def f_ipv4_config(v: str) -> None:
    if v in ("dhcp", "manual") or _cidr(v, False):
        return
    _fail("value does not look like a valid ipv4 network configuration")


def f_ipv6_config(v: str) -> None:
    if v in ("auto", "dhcp", "manual") or _cidr(v, True):
        return
    _fail("value does not look like a valid ipv6 network configuration")


def f_disk_size(v: str) -> None:
    if parse_size(v) is None:
        _fail(f"value does not look like a valid disk size: {v}")


def f_lxc_mp_string(v: str) -> None:
    if re.search(r"/\.\.?/", v) or re.search(r"/\.\.?$", v) or re.match(r"\.\./", v):
        _fail(f"{v} contains illegal character sequences")


def f_lxc_dev_string(v: str) -> None:
    if re.search(r"/\.\.?(?:/|$)", v) or not v.startswith("/dev/"):
        _fail(f"{v} is not a valid device path")


def f_tag(v: str) -> None:
    if not re.fullmatch(r"(?i)[a-z0-9_][a-z0-9_\-+.]*", v):
        _fail("invalid characters in tag")


def f_volume_id(v: str) -> None:
    if not re.fullmatch(r"(?i)([a-z][a-z0-9\-_.]*[a-z0-9]):(.+)", v):
        _fail(f"unable to parse volume ID '{v}'")


def f_timezone(v: str) -> None:
    if v in ("host", "UTC"):
        return
    try:
        with open("/usr/share/zoneinfo/zone.tab") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                parts = line.rstrip("\n").split("\t")
                if len(parts) > 2 and parts[2] == v:
                    return
    except OSError:
        return
    _fail(f"invalid time zone '{v}'")


def f_startup(v: str) -> None:
    for p in v.split(","):
        if re.fullmatch(r"\s*", p):
            continue
        if not re.fullmatch(r"(order=)?\d+|up=\d+|down=\d+", p):
            _fail("unable to parse startup options")


def f_cidr(v: str) -> None:
    if not (_cidr(v, False) or _cidr(v, True)):
        _fail("value does not look like a valid CIDR network")


def f_poolid(v: str) -> None:
    if not re.fullmatch(r"[A-Za-z0-9\-_]+", v):
        _fail(f"invalid pool ID '{v}'")


def f_volume_id_or_absolute_path(v: str) -> None:
    if v.startswith("/"):
        return
    f_volume_id(v)


def f_volume_id_or_qm_path(v: str) -> None:
    if v in ("none", "cdrom"):
        return
    f_volume_id_or_absolute_path(v)


def f_urlencoded(v: str) -> None:
    if not re.fullmatch(r"[-%a-zA-Z0-9_.!~*'()]*", v):
        _fail(f"invalid urlencoded string: {v}")


def f_bridge_id(v: str) -> None:
    if not re.fullmatch(r"[-_.\w\d]+", v):
        _fail(f"invalid bridge ID '{v}'")


def f_storage_path_in_property_string(v: str) -> None:
    # PVE::Mapping::Dir::pve_verify_path (no end anchor in the original regex)
    if not re.match(r"/[^;,=\(\)]+", v):
        _fail("Value does not look like a valid absolute path. These symbols are currently not "
              "allowed in path: ;,=()")


def f_qm_bootdev(v: str) -> None:
    if not re.fullmatch(r"(?:ide\d|sata\d|scsi\d+|virtio\d+|efidisk0|tpmstate0|net\d+|hostpci\d+|usb\d+)", v):
        _fail(f"invalid boot device '{v}'")


FORMATS: Dict[str, Callable[[str], None]] = {
    "pve-vmid": f_vmid,
    "pve-node": f_node,
    "pve-storage-id": f_storage_id,
    "pve-configid": f_configid,
    "dns-name": f_dns_name,
    "ipv4": f_ipv4,
    "ipv6": f_ipv6,
    "ip": f_ip,
    "lxc-ip-with-ll-iface": f_ip_ll,
    "mac-addr": f_mac,
    "pve-ipv4-config": f_ipv4_config,
    "pve-ipv6-config": f_ipv6_config,
    "disk-size": f_disk_size,
    "pve-lxc-mp-string": f_lxc_mp_string,
    "pve-lxc-dev-string": f_lxc_dev_string,
    "pve-tag": f_tag,
    "pve-volume-id": f_volume_id,
    "pve-ct-timezone": f_timezone,
    "pve-startup-order": f_startup,
    "CIDR": f_cidr,
    "pve-poolid": f_poolid,
    "pve-volume-id-or-qm-path": f_volume_id_or_qm_path,
    "pve-volume-id-or-absolute-path": f_volume_id_or_absolute_path,
    "urlencoded": f_urlencoded,
    "pve-bridge-id": f_bridge_id,
    "address": f_ip,
    "pve-storage-path-in-property-string": f_storage_path_in_property_string,
    "pve-qm-bootdev": f_qm_bootdev,
}

# named formats that are property strings themselves (PVE registers them as hashes)
FORMAT_DICTS: Dict[str, Dict[str, dict]] = {
    "pve-qm-ipconfig": {
        "ip": {"type": "string", "format": "pve-ipv4-config", "optional": 1},
        "gw": {"type": "string", "format": "ipv4", "optional": 1},
        "ip6": {"type": "string", "format": "pve-ipv6-config", "optional": 1},
        "gw6": {"type": "string", "format": "ipv6", "optional": 1},
    },
    "pve-qm-cicustom": {
        "meta": {"type": "string", "format": "pve-volume-id", "optional": 1},
        "network": {"type": "string", "format": "pve-volume-id", "optional": 1},
        "user": {"type": "string", "format": "pve-volume-id", "optional": 1},
        "vendor": {"type": "string", "format": "pve-volume-id", "optional": 1},
    },
    "pve-qm-boot": {
        "legacy": {"type": "string", "pattern": "[acdn]{1,4}", "default_key": 1, "optional": 1},
        "order": {"type": "string", "format": "pve-qm-bootdev-list", "optional": 1},
    },
    "pve-vm-cpu-conf": {
        "cputype": {"type": "string", "default_key": 1, "optional": 1,
                    "pattern": "(?:custom-)?[a-zA-Z0-9\\-_.]+"},
        "flags": {"type": "string", "optional": 1, "pattern": "(?:[+-][a-zA-Z0-9\\-_.]+;?)*"},
        "hidden": {"type": "boolean", "optional": 1},
        "hv-vendor-id": {"type": "string", "optional": 1, "pattern": "[a-zA-Z0-9]{1,12}"},
        "phys-bits": {"type": "string", "optional": 1, "pattern": "(?:[1-9]\\d?|host)"},
        "guest-phys-bits": {"type": "integer", "optional": 1, "minimum": 32, "maximum": 64},
        "reported-model": {"type": "string", "optional": 1},
    },
}


def check_format(fmt: Any, value: str, path: str) -> Any:
    if isinstance(fmt, dict):
        return parse_property_string(fmt, value, path)
    if fmt in FORMAT_DICTS:
        return parse_property_string(FORMAT_DICTS[fmt], value, path)
    m = re.fullmatch(r"(.*?)(?:-(list|opt))?", fmt)
    name, kind = m.group(1), m.group(2) or "none"
    fn = FORMATS.get(name)
    if fn is None:
        return value
    if kind == "list":
        for v in split_list(value):
            fn(v)
    elif kind == "opt":
        if value:
            fn(value)
    else:
        fn(value)
    return value


def _add_error(errors: Dict[str, str], path: str, msg: str) -> None:
    path = path or "_root"
    if path in errors:
        errors[path] = errors[path] + "\\n" + msg
    else:
        errors[path] = msg


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) or re.fullmatch(
        r"[+-]?(\d+\.\d+|\d+\.|\.\d+|\d+)([eE][+-]?\d+)?", str(v)) is not None


def _check_type(path: str, typ: Optional[str], value: Any, errors: Dict[str, str]) -> bool:
    if not typ or typ == "any":
        return True
    if typ == "string":
        return True
    if typ == "boolean":
        if str(value) in ("0", "1"):
            return True
        _add_error(errors, path, f"type check ('boolean') failed - got '{value}'")
        return False
    if typ == "integer":
        if re.fullmatch(r"[+-]?\d+", str(value)):
            return True
        _add_error(errors, path, f"type check ('integer') failed - got '{value}'")
        return False
    if typ == "number":
        if _is_number(value):
            return True
        _add_error(errors, path, f"type check ('number') failed - got '{value}'")
        return False
    if typ == "array":
        if isinstance(value, list):
            return True
        _add_error(errors, path, "type check ('array') failed")
        return False
    return True


def check_prop(value: Any, schema: dict, path: str, errors: Dict[str, str]) -> None:
    if value is None:
        if not schema.get("optional") and not schema.get("alias"):
            _add_error(errors, path, "property is missing and it is not optional")
        return
    if not _check_type(path, schema.get("type"), value, errors):
        return
    if isinstance(value, list):
        items = schema.get("items")
        if isinstance(items, dict):
            for i, el in enumerate(value):
                check_prop(el, items, f"{path}[{i}]", errors)
        return
    value = str(value)
    fmt = schema.get("format")
    if fmt:
        try:
            check_format(fmt, value, path)
        except PveError as exc:
            _add_error(errors, path, "invalid format - " + exc.render())
            return
        except ValueError as exc:
            _add_error(errors, path, "invalid format - " + str(exc))
            return
    pattern = schema.get("pattern")
    if pattern and not re.fullmatch(pattern, value):
        _add_error(errors, path, "value does not match the regex pattern")
        return
    if schema.get("maxLength") is not None and len(value) > int(schema["maxLength"]):
        _add_error(errors, path, f"value may only be {schema['maxLength']} characters long")
        return
    if schema.get("minLength") is not None and len(value) < int(schema["minLength"]):
        _add_error(errors, path, f"value must be at least {schema['minLength']} characters long")
        return
    if _is_number(value):
        if schema.get("maximum") is not None and float(value) > float(schema["maximum"]):
            _add_error(errors, path, f"value must have a maximum value of {schema['maximum']}")
            return
        if schema.get("minimum") is not None and float(value) < float(schema["minimum"]):
            _add_error(errors, path, f"value must have a minimum value of {schema['minimum']}")
            return
    enum = schema.get("enum")
    if enum and value not in [str(e) for e in enum]:
        _add_error(errors, path, f"value '{value}' does not have a value in the enumeration '"
                   + ", ".join(str(e) for e in enum) + "'")


def check_object(path: str, schema: Dict[str, dict], value: dict, errors: Dict[str, str],
                 additional: bool = False) -> None:
    for k, sub in schema.items():
        check_prop(value.get(k), sub, f"{path}.{k}" if path else k, errors)
    for k in value:
        newpath = f"{path}.{k}" if path else k
        sub = schema.get(k)
        if sub is not None:
            req = sub.get("requires")
            if isinstance(req, str) and value.get(req) is None:
                _add_error(errors, f"{path}.{req}" if path else req,
                           f"missing property - '{newpath}' requires this property")
            continue
        if not additional:
            _add_error(errors, newpath, "property is not defined in schema and the schema does "
                       "not allow additional properties")


def validate(params: dict, props: Dict[str, dict], usage: Optional[Usage] = None) -> None:
    errors: Dict[str, str] = {}
    check_object("", props, params, errors)
    if errors:
        raise PveError("Parameter verification failed.\n", code=400, errors=errors,
                       usage=usage.short() if usage else None)


# --- property strings ----------------------------------------------------------

def parse_property_string(fmt: Dict[str, dict], data: str, path: str = "") -> Dict[str, str]:
    res: Dict[str, str] = {}
    default_key: Optional[str] = None
    for part in data.split(","):
        if re.fullmatch(r"\s*", part):
            continue
        m = re.fullmatch(r"([^=]+)=(.+)", part, re.S)
        if m:
            k, v = m.group(1), m.group(2)
            if k in res:
                raise PveError(f"duplicate key in comma-separated list property: {k}\n")
            sub = fmt.get(k)
            if sub and sub.get("alias"):
                key_alias = sub.get("keyAlias")
                if key_alias:
                    # e.g. net0 'virtio=BC:24:11:..' -> model=virtio, macaddr=BC:24:11:..
                    if key_alias in res:
                        raise PveError(f"duplicate key in comma-separated list property: {key_alias}\n")
                    res[key_alias] = k
                k = sub["alias"]
                sub = fmt.get(k)
            if not sub:
                raise PveError(f"invalid key in comma-separated list property: {k}\n")
            if sub.get("type") == "boolean":
                b = parse_boolean(v)
                v = str(b) if b is not None else v
            res[k] = v
        elif "=" not in part:
            if default_key:
                raise PveError(f"duplicate key in comma-separated list property: {default_key}\n")
            for key, sub in fmt.items():
                if sub.get("default_key"):
                    default_key = key
                    if key not in res:
                        res[key] = part
                        break
                    raise PveError(f"duplicate key in comma-separated list property: {default_key}\n")
            if not default_key:
                raise PveError("value without key, but schema does not define a default key\n")
        else:
            raise PveError("missing key in comma-separated list property\n")
    errors: Dict[str, str] = {}
    check_object(path, fmt, res, errors)
    if errors:
        raise PveError("format error\n", errors=errors)
    return res


def print_property_string(data: Dict[str, Any], fmt: Dict[str, dict], skip: Sequence[str] = ()) -> str:
    """PVE::JSONSchema::print_property_string: default key, then required keys, then the rest."""
    done = set(skip)
    parts: List[str] = []

    key_alias_props = {v["keyAlias"]: v["alias"] for v in fmt.values()
                       if v.get("alias") and v.get("keyAlias")}

    def add(key: str, isdefault: bool = False) -> None:
        if key in done:
            return
        done.add(key)
        value = data.get(key)
        if value is None:
            return
        combine = key_alias_props.get(key)
        if combine and data.get(combine) is not None:
            # PVE prints key aliases combined: 'virtio=BC:24:11:..'
            parts.append(f"{value}={data[combine]}")
            done.add(combine)
            return
        sub = fmt.get(key)
        if sub is None:
            raise PveError(f"invalid key '{key}'\n")
        if sub.get("format") == "disk-size":
            from ..util import format_size
            sval = format_size(int(value))
        else:
            sval = str(value)
            if "," in sval:
                raise PveError(f"illegal value with commas for {key}\n")
        parts.append(sval if isdefault else f"{key}={sval}")

    default_key = next((k for k, v in fmt.items() if v.get("default_key")), None)
    if default_key:
        add(default_key, True)
    for key in sorted(data):
        if key in fmt and not fmt[key].get("optional"):
            add(key)
    for key in sorted(data):
        add(key)
    return ",".join(parts)
