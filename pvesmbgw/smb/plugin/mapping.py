"""Storage properties of an `smbgateway` PVE storage -> the share they describe.

Bad input raises ValidationError naming the storage property the user typed.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional

from ...core.errors import ValidationError
from ...core.i18n import _
from ..model import (MODES, ShareChange, ShareSpec, parse_bool, parse_quota, parse_valid_users,
    validate_name)
from .contract import (FIXED, KNOWN, NODE_WIDE, NOT_YET, PROP_BROWSEABLE, PROP_COMMENT,
    PROP_DEDICATED, PROP_MODE, PROP_QUOTA, PROP_READ_ONLY, PROP_SHARE, PROP_SNAPSHOTS,
    PROP_VALID_USERS, Request)

# The model's field names -> the storage property a user typed.
PROPERTY_OF = {"name": PROP_SHARE, "comment": PROP_COMMENT, "dedicated": PROP_DEDICATED,
               "valid-users": PROP_VALID_USERS, "snapshots": PROP_SNAPSHOTS,
               "quota": PROP_QUOTA, "read-only": PROP_READ_ONLY,
               "browseable": PROP_BROWSEABLE}
from ...storage.snapshots import parse_policy


def _text(values: Mapping[str, Any], key: str) -> Optional[str]:
    """KEY's value as text. PVE sends strings, and whole numbers for numeric and boolean
    properties; anything else (a list, an object, 1.5, true) would otherwise be read
    as its Python spelling ("['a']", a 1-byte quota)."""
    value = values.get(key)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise ValidationError(key, _("must be text or a whole number, got {type_name}").format(type_name=type(value).__name__))


def _flag(values: Mapping[str, Any], key: str) -> Optional[bool]:
    value = _text(values, key)
    return None if value is None else parse_bool(key, value)


def _refuse_not_yet(values: Mapping[str, Any], sensitive: Mapping[str, str]) -> None:
    unknown = sorted(k for k in values if k.startswith("smbgw-") and k not in KNOWN)
    if unknown:
        raise ValidationError(unknown[0], _("is not a property of the smbgateway storage "
                              "(have: {known})").format(known=', '.join(sorted(KNOWN))))
    for key, what in NOT_YET.items():
        if key in values and values[key] not in (None, "", 0, "0"):
            raise ValidationError(key, _("{what} is not available per storage: it is "
                                  "node-wide (run `{node_wide}` on the node)").format(what=what, node_wide=NODE_WIDE[key]))
    if sensitive.get("password"):
        raise ValidationError("password", _("only used to join Active Directory, which is "
                              "node-wide (`pve-smbgateway ad join`), not per storage"))


def _with_field(key: str, exc: ValidationError) -> ValidationError:
    """Re-label an error from the model with the storage property the user typed."""
    return ValidationError(key, exc.message)


def _given(values: Mapping[str, Any], key: str) -> bool:
    """KEY has a value (0 is one: a quota of 0 is refused, not read as none)."""
    return values.get(key) is not None and values.get(key) != ""


def share_spec(req: Request) -> ShareSpec:
    """The share `add` creates, from the storage's properties."""
    scfg = req.scfg
    _refuse_not_yet(scfg, req.sensitive)
    _text(scfg, PROP_SHARE)  # a number or text, as the storage ID it stands in for
    path = _text(scfg, "path")
    if not path:
        raise ValidationError("path", _("missing (the directory to share)"))
    mode = _text(scfg, PROP_MODE) or "native"
    if mode not in MODES:
        raise ValidationError(PROP_MODE, _("must be one of {modes}").format(modes=', '.join(MODES)))
    users = _text(scfg, PROP_VALID_USERS)
    try:
        quota = parse_quota(_text(scfg, PROP_QUOTA) or "") if _given(scfg, PROP_QUOTA) else None
        return ShareSpec(
            name=validate_name(req.share_name), path=path, mode=mode, quota=quota,
            comment=_text(scfg, PROP_COMMENT) or "",
            read_only=bool(_flag(scfg, PROP_READ_ONLY)),
            valid_users=parse_valid_users(users) if users else (),
            browseable=_flag(scfg, PROP_BROWSEABLE) is not False,
            dedicated=bool(_flag(scfg, PROP_DEDICATED)),
            snapshot_policy=parse_policy(_text(scfg, PROP_SNAPSHOTS) or ""))
    except ValidationError as exc:
        raise _with_field(PROPERTY_OF.get(exc.field, exc.field), exc) from None


def share_change(req: Request) -> ShareChange:
    """What `update` changes; fixed properties and unsupported deletions are refused."""
    upd = req.update
    _refuse_not_yet(upd, req.sensitive)
    for key in FIXED:  # PVE refuses these too; the agent does not rely on it
        if key in upd:
            raise ValidationError(key, _("is fixed when the storage is created"))
    change: dict[str, Any] = {}
    if PROP_QUOTA in req.delete:
        raise ValidationError(PROP_QUOTA, _("cannot be removed; set a larger quota instead"))
    for key in req.delete:
        if key in (PROP_COMMENT, PROP_VALID_USERS, PROP_SNAPSHOTS):
            upd = {**upd, key: ""}
        elif key in (PROP_READ_ONLY,):
            upd = {**upd, key: "0"}
        elif key == PROP_BROWSEABLE:
            upd = {**upd, key: "1"}
    try:
        if _given(upd, PROP_QUOTA):
            change["quota"] = parse_quota(_text(upd, PROP_QUOTA) or "")
        if PROP_COMMENT in upd:
            change["comment"] = _text(upd, PROP_COMMENT) or ""
        if PROP_READ_ONLY in upd:
            change["read_only"] = _flag(upd, PROP_READ_ONLY)
        if PROP_BROWSEABLE in upd:
            change["browseable"] = _flag(upd, PROP_BROWSEABLE)
        if PROP_VALID_USERS in upd:
            text = _text(upd, PROP_VALID_USERS) or ""
            change["valid_users"] = parse_valid_users(text) if text else ()
        if PROP_SNAPSHOTS in upd:
            change["snapshot_policy"] = parse_policy(_text(upd, PROP_SNAPSHOTS) or "")
        return ShareChange(**change)
    except ValidationError as exc:
        raise _with_field(PROPERTY_OF.get(exc.field, exc.field), exc) from None
