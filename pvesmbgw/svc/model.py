"""A service template as the engine reads it: frozen dataclasses, built only from a file
that passed lint (template.load)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any, Mapping, Optional, Union

# Port references: an int, or "{{ name }}" of a port parameter.
PortRef = Union[int, str]
_PORT_REF_RE = re.compile(r"\{\{ *([a-z][a-z0-9_]{0,31}) *\}\}")
# What argv may refer to besides the parameters (params.context fills them in).
BUILTINS = ("instance", "vmid", "node", "hostname", "volumes")
# Where the engine writes a secret parameter in the guest (0600): argv gets the path.
SECRET_DIR = "/etc/pvesvc/secrets"


def port_ref_name(ref: PortRef) -> Optional[str]:
    """The parameter "{{ name }}" refers to; None for a port number."""
    match = _PORT_REF_RE.fullmatch(ref) if isinstance(ref, str) else None
    return match.group(1) if match else None


@dataclass(frozen=True)
class Parameter:
    """`default` and the show_if values are typed: a size is bytes, a bool a bool."""

    name: str
    type: str
    default: Any = None
    description: str = ""
    required: bool = False
    pattern: Optional[str] = None
    min_length: Optional[int] = None
    max_length: Optional[int] = None
    minimum: Optional[int] = None
    maximum: Optional[int] = None
    choices: tuple[str, ...] = ()
    length: int = 32
    alphabet: str = "alnum"
    show_if: tuple[tuple[str, str, Any], ...] = ()


@dataclass(frozen=True)
class Volume:
    """`mode` is the number ("0750" -> 0o750); `size` is bytes."""

    name: str
    mount: str
    uid: int
    gid: int
    mode: int
    size: Optional[int] = None
    size_from: Optional[str] = None


@dataclass(frozen=True)
class Port:
    name: str
    port: PortRef
    protocol: str


@dataclass(frozen=True)
class HealthCheck:
    type: str
    port: PortRef
    path: str = "/"
    status: int = 200
    timeout: float = 60


@dataclass(frozen=True)
class PostStep:
    name: str
    argv: tuple[str, ...]
    timeout: float = 300
    # The secret parameters this step applies: re-run when one of them is rotated.
    rerun_on_rotate: tuple[str, ...] = ()


@dataclass(frozen=True)
class Migration:
    """An upgrade step: run in the guest when an upgrade crosses VERSION."""

    version: str
    name: str
    argv: tuple[str, ...]
    timeout: float = 300


@dataclass(frozen=True)
class Exporter:
    port: PortRef
    path: str = "/metrics"


@dataclass(frozen=True)
class Source:
    """Exactly one of pveam, oci, image, iso is set; image and iso have a checksum, or a
    checksum_url and the administrator gives the checksum at install."""

    pveam: Optional[str] = None
    oci: Optional[str] = None
    image: Optional[str] = None
    iso: Optional[str] = None
    checksum: Optional[str] = None
    checksum_url: Optional[str] = None


@dataclass(frozen=True)
class Disk:
    """A blank VM disk besides the boot disk; `size` is bytes."""

    name: str
    size: int
    bus: str = "scsi"


@dataclass(frozen=True)
class Template:
    id: str
    name: str
    version: str
    description: str
    category: str
    homepage: str
    license: str
    maintainers: tuple[str, ...]
    type: str
    source: Source
    cores: int
    memory: int
    swap: int
    disk: int
    ha: str
    packages: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    volumes: tuple[Volume, ...]
    ports: tuple[Port, ...]
    healthcheck: Optional[HealthCheck]
    postinstall: tuple[PostStep, ...]
    exporter: Optional[Exporter]
    app_version: str = ""
    legacy: bool = False
    path: str = ""
    install: str = "automatic"  # vm: "manual" for an installer ISO
    manual_steps: tuple[str, ...] = ()
    disks: tuple[Disk, ...] = ()
    repo: str = ""  # the template repository it came from; "" for the built-in one
    migrations: tuple[Migration, ...] = ()

    @property
    def ref(self) -> str:
        """How pve-svc names it: ID for a built-in template, else REPO/ID."""
        return f"{self.repo}/{self.id}" if self.repo else self.id

    @property
    def manual(self) -> bool:
        return self.install == "manual"

    def parameter(self, name: str) -> Optional[Parameter]:
        return next((p for p in self.parameters if p.name == name), None)

    def summary(self) -> dict[str, Any]:
        """One line of `pve-svc list` as JSON-able data."""
        return {
            "id": self.id, "name": self.name, "version": self.version,
            "category": self.category, "description": self.description, "type": self.type,
            "ha": self.ha, "cores": self.cores, "memory": self.memory, "disk": self.disk,
            "volumes": [{"name": v.name, "size": v.size, "size_from": v.size_from}
                        for v in self.volumes],
            "legacy": self.legacy,
        }

    def to_json(self) -> dict[str, Any]:
        """The whole template as JSON-able data (`pve-svc show`)."""
        return _lists(asdict(self))


def _lists(value: Any) -> Any:
    """asdict keeps tuples; JSON writers and readers expect lists."""
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_lists(v) for v in value]
    return value


def parameter_of(item: Mapping[str, Any]) -> Parameter:
    """A parameter as the YAML writes it (default and show_if values not yet typed)."""
    return Parameter(
        name=item["name"], type=item["type"], default=item.get("default"),
        description=item.get("description", ""), required=item.get("required", False),
        pattern=item.get("pattern"), min_length=item.get("min_length"),
        max_length=item.get("max_length"), minimum=item.get("minimum"),
        maximum=item.get("maximum"), choices=tuple(item.get("choices", ())),
        length=item.get("length", 32), alphabet=item.get("alphabet", "alnum"),
        show_if=tuple((c[0], c[1], c[2]) for c in item.get("show_if", ())))
