"""Validated input: ShareSpec and ShareChange. Bad input stops here (exit code 2)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Optional

from ..core.config import is_storage_id
from ..core.errors import ValidationError
from ..core.i18n import _
from ..core.text import breaks_lines, undecodable
from ..core.units import parse_size

MAX_NAME = 80
MAX_COMMENT = 256
RESERVED_NAMES = frozenset({"global", "homes", "printers", "print$", "ipc$"})
MODES = ("native", "lxc", "vm")
# A new share's initial ACL where a domain member serves it (smb/ad/initial_acl.py).
INITIAL_ACLS = ("default", "none")
# Characters that break smb.conf's format, Samba's %-substitutions, or Windows clients.
_FORBIDDEN_NAME = set('[]=%/\\:*?"<>|;,')
# A user or group as `valid users` reads it: an optional @, + or & (group lookups) and a
# name, quoted when it holds spaces. Not ';' (Samba's lists split on it as on commas).
# Not a leading '-' either: names are looked up through tools' argv (getent, wbinfo).
_PRINCIPAL_RE = re.compile(r'[@+&]?(?:"[^"%\[\]=;-][^"%\[\]=;]*"'
                           r'|[^\s",%\[\]=;@+&-][^\s",%\[\]=;]*)')
# Characters no share name holds: controls (C0 and C1), format characters (zero-width,
# bidirectional overrides), line and paragraph separators, private use, surrogates and
# unassigned code points.
_BAD_NAME_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"})
# Letters that look like Latin ones (Unicode's confusables, the ones that spell the
# reserved names): compared through them, 'ıpc$' and Cyrillic 'glоbal' are reserved too.
_LOOKALIKES = str.maketrans({
    "ı": "i", "і": "i", "ι": "i", "ј": "j", "ѕ": "s", "а": "a", "α": "a", "е": "e",
    "ε": "e", "о": "o", "ο": "o", "р": "p", "ρ": "p", "с": "c", "ϲ": "c", "у": "y",
    "х": "x", "χ": "x", "ԁ": "d", "һ": "h", "ӏ": "l", "ℓ": "l", "ɡ": "g", "ԍ": "g",
    "κ": "k", "ν": "v", "τ": "t", "υ": "u", "ѵ": "v", "ь": "b", "ʙ": "b", "м": "m",
    "т": "t", "п": "n", "ո": "n", "ԛ": "q",
})
_YES = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}


def _check_text(field_name: str, value: str, maximum: int) -> None:
    if undecodable(value):
        raise ValidationError(field_name, _("must be UTF-8 text"))
    if breaks_lines(value):
        raise ValidationError(field_name, _("must not contain newlines or control characters"))
    if value != value.strip():
        raise ValidationError(field_name, _("must not start or end with a space"))
    if value.endswith("\\"):
        # smb.conf would continue the line onto the next one.
        raise ValidationError(field_name, _("must not end with a backslash"))
    if len(value) > maximum:
        raise ValidationError(field_name, _("is longer than {maximum} characters").format(maximum=maximum))


def skeleton(name: str) -> str:
    """NAME as it reads: compatibility forms folded (full-width letters), accents and
    case dropped, lookalike letters of other scripts replaced by the Latin ones."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name).casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return plain.translate(_LOOKALIKES)


def validate_name(name: str) -> str:
    """Return NAME if it is a usable share name, else raise ValidationError('name', …).

    A name is NFC text without control, format (zero-width, bidirectional) or
    unassigned characters, not '.' or '..', and does not read as a reserved name."""
    if not name:
        raise ValidationError("name", _("must not be empty"))
    _check_text("name", name, MAX_NAME)
    bad = sorted(set(name) & _FORBIDDEN_NAME)
    if bad:
        raise ValidationError("name", _("must not contain {bad!r}").format(bad=bad[0]))
    odd = next((c for c in name if unicodedata.category(c) in _BAD_NAME_CATEGORIES), None)
    if odd is not None:
        raise ValidationError("name", _("must not contain U+{odd:04X} "
                              "(an invisible, control or unassigned character)").format(odd=ord(odd)))
    if unicodedata.normalize("NFC", name) != name:
        raise ValidationError("name", _("must be in Unicode NFC form (composed accents)"))
    if name in (".", ".."):
        raise ValidationError("name", _("{name!r} is not a share name").format(name=name))
    if name.lower() in RESERVED_NAMES:
        raise ValidationError("name", _("{name!r} is reserved by Samba").format(name=name))
    if skeleton(name) in RESERVED_NAMES:
        raise ValidationError("name", _("{name!r} reads as {skeleton!r}, which is "
                              "reserved by Samba").format(name=name, skeleton=skeleton(name)))
    return name


def validate_comment(comment: str) -> str:
    _check_text("comment", comment, MAX_COMMENT)
    if "%" in comment:
        raise ValidationError("comment", _("must not contain '%' (Samba expands it)"))
    return comment


def parse_valid_users(text: str) -> tuple[str, ...]:
    """Split a comma list of users/@groups; quote-aware ('@"DOM\\Domain Users"')."""
    if not text:
        # An empty list would mean any Samba user: from an empty shell variable, that
        # is wider access than anyone asked for.
        raise ValidationError("valid-users", _("names nobody; give users or @groups, or leave "
                              "the option out for any Samba user"))
    _check_text("valid-users", text, 4096)
    items: list[str] = []
    for raw in _split_commas(text):
        item = raw.strip()
        if not item:
            raise ValidationError("valid-users", _("empty entry in the list"))
        if not _PRINCIPAL_RE.fullmatch(item) or item.rstrip('"').endswith("\\"):
            raise ValidationError("valid-users", _("not a user or @group name: {item!r}").format(item=item))
        items.append(item)
    return tuple(items)


def _split_commas(text: str) -> list[str]:
    parts, current, quoted = [], "", False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch == "," and not quoted:
            parts.append(current)
            current = ""
        else:
            current += ch
    if quoted:
        raise ValidationError("valid-users", _("unbalanced double quote"))
    parts.append(current)
    return parts


def validate_storage_id(storage: str) -> str:
    """A PVE storage ID (core.config.is_storage_id): it reaches pvesh's argv and paths."""
    if not is_storage_id(storage):
        raise ValidationError("storage", _("{storage!r} is not a PVE storage ID (lower-case "
                              "letters, digits, '.', '-' and '_', starting with a letter)").format(storage=storage))
    return storage


def parse_bool(field_name: str, text: str) -> bool:
    try:
        return _YES[text.strip().lower()]
    except KeyError:
        raise ValidationError(field_name, _("must be yes or no, got {text!r}").format(text=text)) from None


def parse_quota(text: str) -> int:
    try:
        return parse_size(text)
    except ValueError as exc:
        raise ValidationError("quota", str(exc)) from None


@dataclass(frozen=True)
class ServiceVolume:
    """A data volume of a pve-svc instance, shared as it is (`pve-svc share`): smbd acts
    as the volume's owner on the host (UID, GID), so that the service and SMB users
    read and write each other's files. BACKEND and VOLUME_ID are the storage room's, as
    pve-svc created the volume; the share never destroys it."""

    instance: str
    volume: str
    backend: str
    volume_id: Optional[str]
    uid: int
    gid: int


@dataclass(frozen=True)
class ShareSpec:
    """A share as requested by `create`."""

    name: str
    path: Optional[str] = None
    storage: Optional[str] = None
    mode: str = "native"
    quota: Optional[int] = None
    comment: str = ""
    read_only: bool = False
    valid_users: tuple[str, ...] = ()
    browseable: bool = True
    dedicated: bool = False
    snapshot_policy: dict[str, int] = field(default_factory=dict)
    vm_memory: Optional[int] = None  # MiB, vm mode: size of a new gateway VM
    vm_cores: Optional[int] = None
    initial_acl: str = "default"
    service: Optional[ServiceVolume] = None

    def __post_init__(self) -> None:
        validate_name(self.name)
        if self.initial_acl not in INITIAL_ACLS:
            raise ValidationError("initial-acl", _("must be {initial_acls}, "
                                  "got {initial_acl!r}").format(initial_acls=' or '.join(INITIAL_ACLS), initial_acl=self.initial_acl))
        if (self.vm_memory is not None or self.vm_cores is not None) and self.mode != "vm":
            raise ValidationError("vm-memory", _("--vm-memory and --vm-cores need --mode vm"))
        if self.vm_memory is not None and not 256 <= self.vm_memory <= 1048576:
            raise ValidationError("vm-memory", _("must be 256 to 1048576 (MiB)"))
        if self.vm_cores is not None and not 1 <= self.vm_cores <= 128:
            raise ValidationError("vm-cores", _("must be 1 to 128"))
        if self.dedicated and self.mode == "native":
            raise ValidationError("dedicated", _("only gateway modes (lxc, vm) have dedicated "
                                  "gateways"))
        if (self.path is None) == (self.storage is None):
            raise ValidationError("path", _("give exactly one of --path or --storage"))
        if self.storage is not None:
            validate_storage_id(self.storage)
        if self.mode not in MODES:
            raise ValidationError("mode", _("{mode!r} is not a mode "
                                  "(have: {modes})").format(mode=self.mode, modes=', '.join(MODES)))
        if self.quota is not None and self.quota <= 0:
            raise ValidationError("quota", _("must be greater than zero"))
        validate_comment(self.comment)
        if self.service is not None:
            self._check_service()

    def _check_service(self) -> None:
        """A service's volume is shared where it is, as it is: its quota, snapshots and
        life are pve-svc's."""
        if self.path is None or self.quota is not None or self.snapshot_policy \
                or self.dedicated:
            raise ValidationError("path", _("a service volume is shared by its path, without "
                                  "a quota, snapshot schedule or dedicated gateway"))
        if self.mode == "vm":
            raise ValidationError("mode", _("a service volume is shared natively or by a "
                                  "gateway container (svc_share_mode native or lxc)"))


@dataclass(frozen=True)
class ShareChange:
    """What `set` changes; None means unchanged."""

    quota: Optional[int] = None
    comment: Optional[str] = None
    read_only: Optional[bool] = None
    valid_users: Optional[tuple[str, ...]] = None
    browseable: Optional[bool] = None
    snapshot_policy: Optional[dict[str, int]] = None

    def __post_init__(self) -> None:
        if self.comment is not None:
            validate_comment(self.comment)

    def is_empty(self) -> bool:
        return all(v is None for v in (self.quota, self.comment, self.read_only,
                                        self.valid_users, self.browseable,
                                        self.snapshot_policy))


_USER_RE = re.compile(r"[a-z_][a-z0-9_-]{0,31}")


def validate_username(name: str) -> str:
    """Local Samba users are also Unix accounts, so Debian's useradd rules apply."""
    if not _USER_RE.fullmatch(name):
        raise ValidationError("user", _("{name!r} is not a valid user name "
                              "(lower-case letters, digits, '_' and '-', at most 32)").format(name=name))
    return name
