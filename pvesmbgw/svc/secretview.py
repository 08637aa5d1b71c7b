"""What `pve-svc secret list` and `secret show` read: an instance's (or an uninstalled
instance's kept) secrets, where each is kept, when it was last rotated, which steps
apply it; and one value, for `show` only."""

from __future__ import annotations

from typing import Any, Optional

from ..core.config import Config
from ..core.errors import NotFoundError, ValidationError
from ..core.i18n import _
from ..core.runner import Runner
from ..pve.channel import channel
from .model import SECRET_DIR
from .registry import Services
from .secretstore import open_store


def listing(cfg: Config, services: Services, name: str) -> dict[str, Any]:
    """NAME's secrets, never their values."""
    inst = services.instances.get(name)
    kept = services.kept.get(name)
    if inst is not None:
        names, backend, state = inst.secrets, inst.secret_store, "installed"
        guest = f"{'VM' if inst.kind == 'vm' else 'CT'} {inst.vmid}"
    elif kept is not None:
        names, backend, state, guest = kept.secrets, kept.secret_store, "kept", ""
    else:
        raise NotFoundError(_("no service instance {name!r} (`pve-svc list` shows them)").format(name=name))
    store = open_store(cfg, backend) if backend and names else None
    rows = []
    for secret in names:
        rule = inst.rotation.get(secret, {}) if inst is not None else {}
        rows.append({
            "name": secret,
            "stored": store.where(name, secret) if store else None,
            "present": store.exists(name, secret) if store else None,
            "guest_file": f"{guest}:{SECRET_DIR}/{secret}" if guest else None,
            "rotated": inst.rotated.get(secret) if inst is not None else None,
            "applied_by": [s["name"] for s in rule.get("steps", [])]})
    return {"instance": name, "state": state, "backend": backend or None, "secrets": rows}


def value(cfg: Config, runner: Runner, services: Services, name: str, secret: str) -> str:
    """The value of SECRET of NAME: from its store, or, for an instance installed before
    secrets were kept on the host, from the guest's file."""
    data = listing(cfg, services, name)
    if secret not in [row["name"] for row in data["secrets"]]:
        raise ValidationError(f"secret {secret}", _("{name} has no secret {secret} (its "
                              "secrets: {secrets})").format(name=name, secret=secret, secrets=', '.join(r['name'] for r in data['secrets']) or 'none'))
    found: Optional[str] = None
    if data["backend"]:
        store = open_store(cfg, data["backend"])
        found = store.read(name, secret)
        where = store.where(name, secret)
    else:
        inst = services.instances[name]
        ch = channel(inst.kind, runner, inst.vmid)
        where = f"{SECRET_DIR}/{secret} in {ch.label}"
        if ch.state() != "running":
            raise ValidationError("instance", _("{label} is not running, and {name}'s "
                                  "secrets are kept only in it (installed before pve-svc "
                                  "kept them on the host)").format(label=ch.label, name=name))
        found = ch.read(f"{SECRET_DIR}/{secret}")
    if found is None:
        raise ValidationError(f"secret {secret}", _("{where} is gone").format(where=where))
    return found
