"""The JSON contract between the PVE storage plugin (Perl) and the agent.

The plugin (PVE/Storage/Custom/SMBGatewayPlugin.pm) runs `pve-smbgateway plugin HOOK`
with one JSON object on stdin and reads one JSON object from stdout:

request  {"version": 1, "hook": "add|update|delete|activate|status", "storeid": ID,
          "scfg": {storage.cfg properties of the storage, values as strings/numbers},
          "update": {changed properties} (update), "delete": [names] (update, PVE >= 9.1),
          "sensitive": {"password": ...} (add/update; never written to storage.cfg)}
reply    {"version": 1, "ok": true, ...} on success (exit 0), or
         {"version": 1, "ok": false, "error": ONE_LINE, "field": NAME|null} with exit
         2 (bad input, nothing changed) or 1 (failed and rolled back).

This module decodes requests and encodes replies, and names the storage properties;
plugin_mapping turns properties into a ShareSpec or ShareChange. It imports little,
because pvestatd's status polls go through it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ...core.errors import ValidationError
from ...core.i18n import _

VERSION = 1
HOOKS = ("add", "update", "delete", "activate", "status")

# Storage properties the plugin defines (all prefixed, so no other plugin's property is
# redefined) and the share field each one feeds. Fixed ones cannot change after `add`.
PROP_SHARE = "smbgw-share"
PROP_MODE = "smbgw-mode"
PROP_DEDICATED = "smbgw-dedicated"
PROP_QUOTA = "smbgw-quota"
PROP_COMMENT = "smbgw-comment"
PROP_READ_ONLY = "smbgw-read-only"
PROP_VALID_USERS = "smbgw-valid-users"
PROP_BROWSEABLE = "smbgw-browseable"
PROP_SNAPSHOTS = "smbgw-snapshots"
PROP_AD_DOMAIN = "smbgw-ad-domain"
PROP_AD_USER = "smbgw-ad-user"
PROP_HA = "smbgw-ha"
FIXED = (PROP_SHARE, PROP_MODE, PROP_DEDICATED, "path")
# Every property of ours: another smbgw-* one is a typo or from a newer plugin.
KNOWN = frozenset({PROP_SHARE, PROP_MODE, PROP_DEDICATED, PROP_QUOTA, PROP_COMMENT,
                   PROP_READ_ONLY, PROP_VALID_USERS, PROP_BROWSEABLE, PROP_SNAPSHOTS,
                   PROP_AD_DOMAIN, PROP_AD_USER, PROP_HA})
# Accepted in the schema so that storage.cfg stays stable, refused until the agent
# implements them (they would otherwise be silently ignored).
# Node-wide in pvesmbgw, not per storage: what to run instead.
NOT_YET = {PROP_AD_DOMAIN: "Active Directory membership", PROP_AD_USER:
           "Active Directory membership", PROP_HA: "high availability (CTDB)"}
NODE_WIDE = {PROP_AD_DOMAIN: "pve-smbgateway ad join", PROP_AD_USER: "pve-smbgateway ad join",
             PROP_HA: "pve-smbgateway cluster init"}
# The only sensitive property: PVE keeps it out of storage.cfg and hands it to the hook.
SENSITIVE = ("password",)


@dataclass(frozen=True)
class Request:
    hook: str
    storeid: str
    scfg: dict[str, Any]
    update: dict[str, Any] = field(default_factory=dict)
    delete: tuple[str, ...] = ()
    sensitive: dict[str, str] = field(default_factory=dict)

    @property
    def share_name(self) -> str:
        """The share is named after the storage unless smbgw-share says otherwise."""
        return str(self.scfg.get(PROP_SHARE) or self.storeid)


def _or(data: dict[str, Any], key: str, empty: Any) -> Any:
    value = data.get(key)
    return empty if value is None else value


def parse_request(hook: str, text: str) -> Request:
    """Decode and check the request for HOOK (the subcommand argument)."""
    if hook not in HOOKS:
        raise ValidationError("hook", _("unknown hook {hook!r} (have: {hooks})").format(hook=hook, hooks=', '.join(HOOKS)))
    try:
        data = json.loads(text or "null")
    except ValueError as exc:
        raise ValidationError("request", _("not JSON: {exc}").format(exc=exc)) from None
    if not isinstance(data, dict):
        raise ValidationError("request", _("must be one JSON object"))
    # bool is an int in Python: `true` must not read as version 1.
    if type(data.get("version")) is not int or data.get("version") != VERSION:
        raise ValidationError("version", _("unsupported contract version "
                              "{version!r} (this agent speaks {agent_version})").format(version=data.get('version'), agent_version=VERSION))
    if data.get("hook", hook) != hook:
        raise ValidationError("hook", _("request is for {hook!r}, not {expected!r}").format(hook=data.get('hook'), expected=hook))
    storeid = data.get("storeid")
    if not isinstance(storeid, str) or not storeid:
        raise ValidationError("storeid", _("missing"))
    # Absent or null is empty; anything else must have the right type ([] is no object).
    scfg, update = _or(data, "scfg", {}), _or(data, "update", {})
    delete, sensitive = _or(data, "delete", []), _or(data, "sensitive", {})
    if not isinstance(scfg, dict):
        raise ValidationError("scfg", _("must be a JSON object"))
    if not isinstance(update, dict):
        raise ValidationError("update", _("must be a JSON object"))
    if not isinstance(delete, list) or not all(isinstance(d, str) for d in delete):
        raise ValidationError("delete", _("must be a list of property names"))
    if not isinstance(sensitive, dict) or set(sensitive) - set(SENSITIVE):
        raise ValidationError("sensitive", _("only {sensitive} may be passed").format(sensitive=', '.join(SENSITIVE)))
    return Request(hook, storeid, dict(scfg), dict(update), tuple(delete),
                   {k: str(v) for k, v in sensitive.items() if v is not None})


def reply(ok: bool, **fields: Any) -> str:
    """One line of JSON for stdout."""
    return json.dumps({"version": VERSION, "ok": ok, **fields}, sort_keys=True,
                      separators=(",", ":")) + "\n"
