"""Journal records of pve-svc's secrets: what undoes storing one, and what puts an old
value back into the store and the guest when a rotation fails.

None holds a value: each names the secret (backend, instance, name) and the version
that was current (secretstore.py), and reads the value from the store when it is
applied, so the journal on the node's disk never holds a secret. Each raises, naming
what it could not restore, so that a rollback says precisely what is left undone.
"""

from __future__ import annotations

from dataclasses import dataclass
from ..core.errors import PvesmbgwError
from ..core.i18n import _
from ..core.records import Context, Record, register
from ..pve.channel import GuestChannel, channel
from .model import SECRET_DIR
from .secretstore import open_store


@register("svc_secrets_remove")
@dataclass(frozen=True)
class SecretsRemove(Record):
    """Remove NAMES of INSTANCE from their store (an install's undo; uninstall --purge)."""

    backend: str
    instance: str
    names: tuple[str, ...]

    def apply(self, ctx: Context) -> None:
        open_store(ctx.cfg, self.backend).remove(self.instance, self.names)


@register("svc_secret_restore")
@dataclass(frozen=True)
class SecretRestore(Record):
    """Make the value VERSION names current again in the store (a rotation's undo)."""

    backend: str
    instance: str
    name: str
    version: str

    def apply(self, ctx: Context) -> None:
        # The rotating command knows the new value; the next command's repair does not.
        open_store(ctx.cfg, self.backend).restore(self.instance, self.name, self.version,
                                                  ctx.secrets.get(self.name))


@register("svc_secret_settle")
@dataclass(frozen=True)
class SecretSettle(Record):
    """A rotation is done: the store forgets the value it replaced (deferred)."""

    backend: str
    instance: str
    name: str

    def apply(self, ctx: Context) -> None:
        open_store(ctx.cfg, self.backend).settle(self.instance, self.name)


@dataclass(frozen=True)
class _InGuest(Record):
    """A record that reaches the instance's guest (GUEST: "lxc" or "vm") to put back the
    old value of NAME, the one VERSION names in the store."""

    guest: str
    vmid: int
    backend: str
    instance: str
    name: str
    version: str

    def old_value(self, ctx: Context) -> str:
        value = open_store(ctx.cfg, self.backend).value_at(self.instance, self.name,
                                                           self.version)
        if value is None:
            raise PvesmbgwError(_("the store has no old value of {name} any more: "
                                "{secret_dir}/{name} in {label} "
                                "keeps the new one").format(name=self.name, secret_dir=SECRET_DIR, label=self.guest_channel(ctx).label))
        return value

    def guest_channel(self, ctx: Context) -> GuestChannel:
        return channel(self.guest, ctx.runner, self.vmid)

    def running(self, ctx: Context, what: str) -> GuestChannel:
        """The guest's channel; PvesmbgwError saying WHAT was not done unless it runs."""
        ch = self.guest_channel(ctx)
        state = ch.state()
        if state != "running":
            raise PvesmbgwError(_("{label} is {state}: {what} was not done").format(label=ch.label, state=state or 'gone', what=what))
        return ch


@register("svc_secret_to_guest")
@dataclass(frozen=True)
class SecretToGuest(_InGuest):
    """Write the old value back into the guest's secret file."""

    def apply(self, ctx: Context) -> None:
        value = self.old_value(ctx)
        ch = self.running(ctx, f"putting the old value back in {SECRET_DIR}/{self.name}")
        ch.write(f"{SECRET_DIR}/{self.name}", value, "0600")


@register("svc_secret_reapply")
@dataclass(frozen=True)
class SecretReapply(_InGuest):
    """Re-run a template step that applies NAME, once the guest's file holds the old
    value again; what it prints goes to the instance's log, the values redacted."""

    title: str = ""
    argv: tuple[str, ...] = ()
    timeout: float = 300

    def apply(self, ctx: Context) -> None:
        from .postinstall import InstanceLog, command_step
        what = f"re-running '{self.title}' with the old value of {self.name}"
        ch = self.running(ctx, what)
        # In the rotating command the transaction's secrets hold both values; in the
        # next command's repair only the store has the old one.
        secrets = dict(ctx.secrets) or {f"{self.name} (previous)": self.old_value(ctx)}
        log = InstanceLog(ctx.cfg.svc.log_dir / f"{self.instance}.log", secrets)
        step = command_step(ch, self.title, self.argv, self.timeout, log)
        try:
            step.do()
        except PvesmbgwError as exc:
            # command_step's message starts with the step's title, said already.
            raise PvesmbgwError(_("{what} failed: "
                                "{exc}").format(what=what, exc=str(exc).removeprefix(self.title + ': '))) from None

