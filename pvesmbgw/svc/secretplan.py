"""The secrets of an install: each value (given by the administrator, kept from an
uninstall under the same name, or generated), the step that stores the new ones, and
how each will be rotated (fixed now and recorded with the instance).

A reinstall under the name of an uninstalled instance whose data was kept reuses its
kept secrets: that data (a database, an object store's metadata) may only work with
them. A value is never in a step's preview, a note or the registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from ..core.config import Config
from ..core.errors import ValidationError
from ..core.txn import Step
from . import params
from ..core.i18n import _
from .registry import Services
from .secretrecords import SecretsRemove
from .secretstore import check_value, open_store
from .template import Parameter, Template


@dataclass
class InstallSecrets:
    values: dict[str, str] = field(default_factory=dict)  # NAME: value, in memory only
    backend: str = ""  # the store of an instance that has secrets
    rotation: dict[str, Any] = field(default_factory=dict)  # registry Instance.rotation
    steps: list[Step] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def plan(cfg: Config, services: Services, t: Template, instance: str,
         values: Mapping[str, Any], given: Mapping[str, str],
         ctx: Mapping[str, Any]) -> InstallSecrets:
    """The secrets of installing T as INSTANCE with parameter VALUES; GIVEN: --secret
    values; CTX: what the post-install argv is rendered with."""
    wanted = params.secret_params(t, values)
    names = [p.name for p in wanted]
    for name, value in given.items():
        _check_given(t, names, name)
        check_value(f"secret {name}", value)
    out = InstallSecrets(backend=cfg.svc.secret_backend if wanted else "")
    kept = _kept(services, t, instance, names, given)
    if kept:
        out.backend = services.kept[instance].secret_store
        out.notes.append(_("reused the kept secrets of the uninstalled {instance}: "
                         "{kept}").format(instance=instance, kept=', '.join(kept)))
    store = open_store(cfg, out.backend) if wanted else None
    fresh = []
    for p in wanted:
        assert store is not None
        if p.name in kept:
            old = store.read(instance, p.name)
            if old is None:
                raise ValidationError(f"secret {p.name}", _("the kept value is gone from "
                                      "{instance}").format(instance=store.where(instance, p.name)))
            out.values[p.name] = old
            continue
        if store.exists(instance, p.name):
            raise ValidationError(f"secret {p.name}", _("{instance} "
                                  "exists but no instance or kept data has it: remove it").format(instance=store.where(instance, p.name)))
        out.values[p.name] = given.get(p.name) or params.generate_secret(p)
        fresh.append(p.name)
    out.rotation = rotation_rules(t, wanted, ctx)
    if fresh:
        assert store is not None
        chosen = {n: out.values[n] for n in fresh}
        keep = store

        def write() -> None:
            for n, v in chosen.items():
                keep.create(instance, n, v)
        out.steps.append(Step(
            f"store the secrets {', '.join(fresh)} ({store.kind} store)", write,
            SecretsRemove(store.kind, instance, tuple(fresh)),
            [f"write {store.where(instance, n)} (root only; the value is not shown)"
             for n in fresh]))
    return out


def rotation_rules(t: Template, wanted: Sequence[Parameter],
                   ctx: Mapping[str, Any]) -> dict[str, Any]:
    """How each secret of WANTED is rotated (registry Instance.rotation): its length,
    alphabet and T's steps that apply it, rendered with CTX."""
    return {p.name: {"length": p.length, "alphabet": p.alphabet, "steps": [
        {"name": s.name, "argv": params.render_argv(s.argv, ctx), "timeout": s.timeout}
        for s in t.postinstall if p.name in s.rerun_on_rotate]} for p in wanted}


def _check_given(t: Template, names: list[str], name: str) -> None:
    if name in names:
        return
    p = t.parameter(name)
    if p is not None and p.type == "secret":
        raise ValidationError(f"secret {name}", _("does not apply here (its show_if does not "
                              "hold)"))
    raise ValidationError(f"secret {name}", _("{id} has no secret parameter {name} "
                          "(its secrets: {names})").format(id=t.id, name=name, names=', '.join(names) or 'none'))


def _kept(services: Services, t: Template, instance: str, names: list[str],
          given: Mapping[str, str]) -> list[str]:
    """The kept secrets of an uninstalled INSTANCE this install reuses (all of them, or
    a ValidationError saying why it cannot)."""
    kept = services.kept.get(instance)
    if kept is None or not kept.secrets:
        return []
    purge = f"`pve-svc uninstall {instance} --purge` removes them (and its kept data)"
    if kept.template != t.id:
        raise ValidationError("name", _("the secrets of the uninstalled {instance} "
                              "({template}) are kept with its data: {purge}, or "
                              "choose another --name").format(instance=instance, template=kept.template, purge=purge))
    extra = [n for n in kept.secrets if n not in names]
    if extra:
        raise ValidationError("name", _("the uninstalled {instance} kept secrets this "
                              "install has none of ({extra}): {purge}").format(instance=instance, extra=', '.join(extra), purge=purge))
    for name in kept.secrets:
        if name in given:
            raise ValidationError(f"secret {name}", _("the uninstalled {instance}'s kept "
                                  "value is reused; rotate it after the install (`pve-svc "
                                  "secret rotate {instance} {name} --value-from ...`)").format(instance=instance, name=name))
    return list(kept.secrets)
