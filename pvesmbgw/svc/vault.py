"""The Vault backend of the secret store: a HashiCorp Vault KV version 2 engine reached
with python3-hvac (Debian's), each secret at `<svc_vault_mount>/pvesvc/INSTANCE/NAME`
holding {"value": VALUE}.

KV v2 keeps every version of a secret, so a rotation needs nothing of its own to be
undone: the journal holds the version that was current, and a rollback writes that
version's value back as the newest. A rotation writes with check-and-set on the version
it planned with, so a value someone changed meanwhile is never overwritten unseen.

hvac (and requests under it) is imported on first use: only the vault backend needs it.
The token is read from svc_vault_token_file, a root-only file, each time a store is
opened; it is never in argv, the environment or a log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Optional, Sequence, TypeVar

from ..core import fsutil
from ..core.errors import ConfigError, PvesmbgwError
from ..core.i18n import _
from .secretstore import VAULT, SecretStore

if TYPE_CHECKING:
    from ..core.config import Config

T = TypeVar("T")
# Seconds one HTTP request to Vault may take (hvac's own default).
TIMEOUT = 30


class VaultError(PvesmbgwError):
    """Vault refused or could not be reached (the message never holds a value)."""


class VaultStore(SecretStore):
    kind = VAULT

    def __init__(self, url: str, mount: str, token: str, timeout: float = TIMEOUT) -> None:
        self.url = url
        self.mount = mount
        self._token = token
        self._timeout = timeout
        self._client: Any = None

    @classmethod
    def from_config(cls, cfg: "Config") -> "VaultStore":
        svc = cfg.svc
        if not svc.vault_url:
            raise ConfigError(_("config svc_vault_url: needed for secrets kept in Vault"))
        token = fsutil.private_file_line(str(svc.vault_token_file), "svc_vault_token_file")
        if not token:
            raise ConfigError(_("config svc_vault_token_file: {vault_token_file} is empty").format(vault_token_file=svc.vault_token_file))
        return cls(svc.vault_url, svc.vault_mount, token, min(TIMEOUT, cfg.command_timeout))

    @staticmethod
    def key(instance: str, name: str) -> str:
        return f"pvesvc/{instance}/{name}"

    def where(self, instance: str, name: str) -> str:
        return f"vault {self.mount}/{self.key(instance, name)} ({self.url})"

    def read(self, instance: str, name: str) -> Optional[str]:
        return self._value(instance, name, None)

    def exists(self, instance: str, name: str) -> bool:
        return self.version(instance, name) != "0"  # without fetching the value

    def create(self, instance: str, name: str, value: str) -> None:
        # cas=0: only if it does not exist, so install never buries another's secret.
        self._write(instance, name, value, 0)

    def version(self, instance: str, name: str) -> str:
        meta = self._call(f"read the metadata of {self.key(instance, name)}",
                          lambda kv: kv.read_secret_metadata(self.key(instance, name),
                                                             mount_point=self.mount),
                          missing_ok=True)
        return str(meta["data"]["current_version"]) if meta else "0"

    def replace(self, instance: str, name: str, value: str, version: str) -> None:
        self._write(instance, name, value, int(version))

    def value_at(self, instance: str, name: str, version: str) -> Optional[str]:
        return self._value(instance, name, int(version)) if int(version) else None

    def restore(self, instance: str, name: str, version: str,
                ours: Optional[str] = None) -> None:
        current = self.version(instance, name)
        if current == version:
            return  # the write never happened, or was undone already
        now = self.read(instance, name)
        if ours is not None and now != ours:
            # Someone else wrote it since the rotation was planned (its check-and-set
            # write failed): theirs stays.
            raise VaultError(_("Vault {url}: {mount}/{key} "
                             "was changed by another client (version {current}): left "
                             "as it is").format(url=self.url, mount=self.mount, key=self.key(instance, name), current=current))
        old = self.value_at(instance, name, version)
        if old is None:  # it did not exist before
            self.remove(instance, [name])
        elif now != old:
            self._write(instance, name, old, int(current))

    def remove(self, instance: str, names: Sequence[str]) -> None:
        for name in names:
            key = self.key(instance, name)
            self._call(f"delete {key}",
                       lambda kv: kv.delete_metadata_and_all_versions(key,
                                                                      mount_point=self.mount))

    # -- internals ---------------------------------------------------------------------

    def _value(self, instance: str, name: str, version: Optional[int]) -> Optional[str]:
        key = self.key(instance, name)
        got = self._call(f"read {key}", lambda kv: kv.read_secret_version(
            key, version=version, mount_point=self.mount), missing_ok=True)
        if not got:
            return None
        data = (got.get("data") or {}).get("data") or {}
        value = data.get("value")
        if not isinstance(value, str):
            raise VaultError(_("Vault {url}: {mount}/{key} holds no string 'value' "
                             "(not written by pve-svc?)").format(url=self.url, mount=self.mount, key=key))
        return value

    def _write(self, instance: str, name: str, value: str, cas: Optional[int]) -> None:
        key = self.key(instance, name)
        self._call(f"write {key}", lambda kv: kv.create_or_update_secret(
            key, {"value": value}, cas=cas, mount_point=self.mount))

    def _call(self, what: str, call: Callable[[Any], T],
              missing_ok: bool = False) -> Optional[T]:
        """CALL(the client's KV v2 API), its failures a VaultError saying WHAT failed;
        a path that does not exist (404) gives None when MISSING_OK."""
        import hvac.exceptions
        import requests
        kv = self._kv()
        try:
            return call(kv)
        except hvac.exceptions.InvalidPath:
            if missing_ok:
                return None
            raise VaultError(_("Vault {url}: {what}: no such path").format(url=self.url, what=what)) from None
        except hvac.exceptions.InvalidRequest as exc:
            if "check-and-set" in str(exc):
                raise VaultError(_("Vault {url}: {what}: it was changed meanwhile "
                                 "(check-and-set); nothing overwritten").format(url=self.url, what=what)) from None
            raise VaultError(_("Vault {url}: {what}: {reason}").format(url=self.url, what=what, reason=_reason(exc))) from None
        except hvac.exceptions.VaultError as exc:
            raise VaultError(_("Vault {url}: {what}: {type_name}: "
                             "{reason}").format(url=self.url, what=what, type_name=type(exc).__name__, reason=_reason(exc))) from None
        except requests.exceptions.RequestException as exc:
            raise VaultError(_("Vault {url}: {what}: {type_name}").format(url=self.url, what=what, type_name=type(exc).__name__)) from None

    def _kv(self) -> Any:
        if self._client is None:
            try:
                import hvac
            except ImportError:
                raise ConfigError(_("config svc_secret_backend: vault needs python3-hvac "
                                  "(apt install python3-hvac)")) from None
            self._client = hvac.Client(url=self.url, token=self._token,
                                       timeout=self._timeout)
        return self._client.secrets.kv.v2


def _reason(exc: Exception) -> str:
    """Vault's own errors, without hvac's "on METHOD URL" tail."""
    errors = getattr(exc, "errors", None)
    if errors:
        return "; ".join(str(e) for e in errors)
    text = exc.args[0] if exc.args else ""
    return " ".join(str(text or type(exc).__name__).split())[:200]
