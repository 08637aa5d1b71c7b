"""`pve-svc secret rotate`: a new value for one secret of an instance as one transaction.

In order: the new value goes into the store (the old one kept reachable, see
secretstore.py), then into the guest's 0600 file, then the template's steps that apply
it (`rerun_on_rotate`, as install rendered them: registry `rotation`) run again, and
the registry records when. A failure at any step undoes them in reverse: the guest's
file gets the old value back, the steps run again with it, and the store makes it
current again; whatever of that fails is named in the error. The store forgetting the
old value is the last, deferred step: once it starts, the rotation is finished, never
undone.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any, Optional

from ..core.config import Config
from ..core.errors import ValidationError
from ..core.runner import Runner
from ..core.scratch import Scratch
from ..core.txn import Step, deferred_step, file_step, on_rollback
from ..pve.channel import channel
from . import params, postinstall, registry
from ..core.i18n import _
from .model import SECRET_DIR
from .registry import Instance, Services
from .secretrecords import SecretReapply, SecretRestore, SecretSettle, SecretToGuest
from .secretstore import SecretStore, check_value, open_store

PREVIOUS = " (previous)"  # how the old value is named where it is redacted


@dataclass
class Rotation:
    """The plan of one rotation: its steps, the registry after it, and its two values
    (in memory only, for the transaction's records and the log's redaction)."""

    title: str
    steps: list[Step]
    services: Services
    secrets: dict[str, str]
    rerun: list[str]  # the names of the steps run again
    notes: list[str]


def instance_of(services: Services, cfg: Config, name: str) -> Instance:
    """The installed instance NAME on this node, or a one-line refusal (exit 2)."""
    if name not in services.instances and name in services.kept:
        raise ValidationError("instance", _("{name} is uninstalled: its kept secrets are "
                              "in no guest (a reinstall under its name reuses them)").format(name=name))
    return registry.local_instance(services, cfg.node, name, "rotate its secrets")


def plan(cfg: Config, runner: Runner, scratch: Scratch, services: Services, instance: str,
         name: str, given: Optional[str]) -> Rotation:
    """Rotate secret NAME of INSTANCE to GIVEN, or to a new value made as the template
    makes it."""
    inst = instance_of(services, cfg, instance)
    field = f"secret {name}"
    if name not in inst.secrets:
        raise ValidationError(field, _("{instance} has no secret {name} (its secrets: "
                              "{secrets})").format(instance=instance, name=name, secrets=', '.join(inst.secrets) or 'none'))
    if not inst.secret_store:
        raise ValidationError(field, _("{instance} was installed before pve-svc kept secrets "
                              "on the host: its value is only in the guest, and a rotation "
                              "could not be undone").format(instance=instance))
    rule: dict[str, Any] = inst.rotation.get(name) or {}
    ch = channel(inst.kind, runner, inst.vmid)
    state = ch.state()
    if state != "running":
        raise ValidationError("instance", _("{label} of {instance} is {state}: "
                              "start it, then rotate (its secret file is written inside)").format(label=ch.label, instance=instance, state=state or 'gone'))
    store = open_store(cfg, inst.secret_store)
    old = store.read(instance, name)
    if old is None:
        raise ValidationError(field, _("{instance} is gone: its value is "
                              "only in {secret_dir}/{name} in {label}").format(instance=store.where(instance, name), secret_dir=SECRET_DIR, name=name, label=ch.label))
    version = store.version(instance, name)
    new = check_value(field, given) if given is not None else \
        params.new_secret(int(rule.get("length", 32)), str(rule.get("alphabet", "alnum")))
    secrets = {name: new, name + PREVIOUS: old}
    reruns = list(rule.get("steps") or [])
    steps = [_store_step(store, instance, name, new, version)]
    # Armed before the guest's file is written, so that a rollback runs them after the
    # old value is back in the file (undo goes in reverse).
    for s in reversed(reruns):
        steps.append(on_rollback(
            f"on rollback: run '{s['name']}' again with the old value",
            SecretReapply(inst.kind, inst.vmid, inst.secret_store, instance, name, version,
                          str(s["name"]), tuple(str(a) for a in s["argv"]),
                          float(s.get("timeout", 300)))))
    steps.append(ch.write_step(
        f"write the new value to {SECRET_DIR}/{name} in {ch.label} (mode 0600)",
        scratch.write(new), f"{SECRET_DIR}/{name}", "0600",
        SecretToGuest(inst.kind, inst.vmid, inst.secret_store, instance, name, version)))
    log = postinstall.InstanceLog(cfg.svc.log_dir / f"{instance}.log", secrets)
    steps += [postinstall.command_step(ch, str(s["name"]), [str(a) for a in s["argv"]],
                                       float(s.get("timeout", 300)), log) for s in reruns]
    now = int(time.time())
    after = services.with_instance(replace(inst, rotated={**inst.rotated, name: now}))
    steps.append(file_step(registry.path(cfg), after.dumps(),
                           f"record the rotation of {name} in the registry", 0o640))
    if store.settles:
        steps.append(deferred_step(f"forget the old value of {name} in the store",
                                   SecretSettle(inst.secret_store, instance, name),
                                   [f"remove the old value kept beside "
                                    f"{store.where(instance, name)}"]))
    notes = [] if reruns else [
        f"no step of template {inst.template} applies {name} (rerun_on_rotate): the "
        f"service reads {SECRET_DIR}/{name} as it is; restart it if it read it at start"]
    return Rotation(f"rotate secret {name} of {instance}", steps, after, secrets,
                    [str(s["name"]) for s in reruns], notes)


def _store_step(store: SecretStore, instance: str, name: str, value: str,
                version: str) -> Step:
    return Step(f"store the new value of {name} ({store.kind} store; the old one kept "
                "until the rotation is done)",
                lambda: store.replace(instance, name, value, version),
                SecretRestore(store.kind, instance, name, version),
                [f"write {store.where(instance, name)} (root only; values are not shown)"])
