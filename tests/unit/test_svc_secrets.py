"""pve-svc's secret store: the file backend (root-only files, a rotation's prior value
and its undo), the Vault backend against the fake KV v2 API on loopback (the requests
hvac makes), the config keys, the checks of a given value, and reading one for the CLI
(never from argv). The journal records hold no value."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path
from typing import Iterator

import pytest

from pvesmbgw.cli.svc.secret_commands import parse_given, read_value
from pvesmbgw.core.config import Config, from_mapping
from pvesmbgw.core.errors import ConfigError, ValidationError
from pvesmbgw.core.records import Context, Record
from pvesmbgw.svc.secretrecords import SecretRestore, SecretSettle, SecretsRemove
from pvesmbgw.svc.secretstore import FileStore, check_value, file_root, open_store
from pvesmbgw.svc.vault import VaultError, VaultStore
from tests.lib.fake_vault import FakeVault, start_fake_vault
from tests.unit.conftest import FakeRunner


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- config --------------------------------------------------------------------------


def test_vault_settings_and_their_refusals(tmp_path: Path) -> None:
    cfg = from_mapping({"pve_root": str(tmp_path / "pve")})
    assert (cfg.svc.secret_backend, cfg.svc.vault_mount) == ("file", "secret")
    assert cfg.svc.vault_token_file == tmp_path / "pve/priv/pvesvc-vault-token"
    ok = {"svc_secret_backend": "vault", "svc_vault_url": "https://vault.example:8200/"}
    assert from_mapping(ok).svc.vault_url == "https://vault.example:8200"
    for url in ("http://127.0.0.1:8200", "http://[::1]:8200"):
        assert from_mapping({**ok, "svc_vault_url": url}).svc.vault_url == url
    for values, message in (
            ({"svc_secret_backend": "keyring"}, "svc_secret_backend: must be one of file, "
                                                "vault, got 'keyring'"),
            ({"svc_secret_backend": "vault"}, "svc_vault_url: needed with"),
            ({**ok, "svc_vault_url": "http://vault.example:8200"},
             "svc_vault_url: http only to 127.0.0.1 or [::1]"),
            ({**ok, "svc_vault_url": "ftp://vault"}, "not an https://HOST[:PORT] URL"),
            ({**ok, "svc_vault_mount": "kv/../x"}, "svc_vault_mount: not a Vault mount"),
            ({**ok, "svc_vault_token_file": "token"}, "svc_vault_token_file: must be an "
                                                     "absolute path")):
        with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace(
                "]", r"\]").replace("(", r"\(")):
            from_mapping(values)


# -- the file backend ----------------------------------------------------------------


@pytest.fixture
def cfg(tmp_path: Path) -> Config:
    (tmp_path / "pve").mkdir()
    return from_mapping({"pve_root": str(tmp_path / "pve"),
                         "state_dir": str(tmp_path / "state")})


def test_files_are_root_only_and_a_rotation_keeps_the_prior_until_settled(cfg: Config) -> None:
    store = open_store(cfg, "file")
    assert isinstance(store, FileStore) and store.root == cfg.pve_root / "priv/pvesvc"
    store.create("web", "pw", "first-value")
    path = store.root / "web/pw"
    assert path.read_text() == "first-value" and store.exists("web", "pw")
    assert [mode(p) for p in (store.root, path.parent, path)] == [0o700, 0o700, 0o600]
    version = store.version("web", "pw")
    assert store.value_at("web", "pw", version) == "first-value"  # before the write
    store.replace("web", "pw", "second-value", version)
    assert store.read("web", "pw") == "second-value"
    assert store.value_at("web", "pw", version) == "first-value"  # the prior
    assert mode(store.root / "web/pw.prior") == 0o600
    store.restore("web", "pw", version)
    store.restore("web", "pw", version)  # idempotent
    assert store.read("web", "pw") == "first-value"
    assert not (store.root / "web/pw.prior").exists()
    store.replace("web", "pw", "third-value", version)
    store.settle("web", "pw")
    assert sorted(p.name for p in (store.root / "web").iterdir()) == ["pw"]
    store.remove("web", ["pw", "absent"])
    assert not (store.root / "web").exists() and store.root.is_dir()


def test_without_a_cluster_filesystem_the_files_live_in_the_state_dir(tmp_path: Path) -> None:
    cfg = from_mapping({"pve_root": str(tmp_path / "no-pve"),
                        "state_dir": str(tmp_path / "state")})
    assert file_root(cfg) == tmp_path / "state/priv/pvesvc"


def test_the_records_hold_no_value_and_undo_through_the_store(cfg: Config) -> None:
    store = open_store(cfg, "file")
    store.create("web", "pw", "old-value")
    version = store.version("web", "pw")
    records: list[Record] = [SecretRestore("file", "web", "pw", version),
                             SecretSettle("file", "web", "pw"),
                             SecretsRemove("file", "web", ("pw",))]
    journaled = json.dumps([r.to_json() for r in records])
    assert "value" not in journaled
    ctx = Context(cfg, FakeRunner())
    store.replace("web", "pw", "new-value", version)
    for data in json.loads(journaled)[:1]:  # as a repair reads them back
        Record.from_json(data).apply(ctx)
    assert store.read("web", "pw") == "old-value"
    Record.from_json(json.loads(journaled)[2]).apply(ctx)
    assert not store.exists("web", "pw")


# -- the Vault backend ---------------------------------------------------------------


@pytest.fixture
def vault() -> Iterator[FakeVault]:
    fake = start_fake_vault()
    try:
        yield fake
    finally:
        fake.stop()


def test_vault_kv2_create_rotate_restore_remove(vault: FakeVault) -> None:
    store = VaultStore(vault.url, "secret", vault.token, timeout=10)
    key = "pvesvc/web/pw"
    assert not store.exists("web", "pw") and store.read("web", "pw") is None
    store.create("web", "pw", "first-value")
    assert vault.current(key) == "first-value"
    with pytest.raises(VaultError, match="changed meanwhile"):
        store.create("web", "pw", "again")  # cas 0: never over an existing one
    version = store.version("web", "pw")
    assert version == "1"
    store.replace("web", "pw", "second-value", version)
    assert store.read("web", "pw") == "second-value"
    assert store.value_at("web", "pw", version) == "first-value"
    with pytest.raises(VaultError, match="changed meanwhile"):
        store.replace("web", "pw", "third-value", version)  # planned with version 1
    # that rotation's undo: version 2 is another's, not its own: left alone
    with pytest.raises(VaultError, match="was changed by another client .version 2.: "
                                         "left as it is"):
        store.restore("web", "pw", version, ours="third-value")
    store.restore("web", "pw", version, ours="second-value")
    assert vault.current(key) == "first-value" and vault.version(key) == 3
    store.restore("web", "pw", "3")  # current already: nothing written
    assert vault.version(key) == 3
    store.remove("web", ["pw"])
    assert vault.keys() == []
    # what arrived over the API, each with the token
    assert [(r.method, r.path) for r in vault.requests if r.method != "GET"] == [
        ("POST", f"/v1/secret/data/{key}")] * 5 + [("DELETE", f"/v1/secret/metadata/{key}")]
    assert [r.body["options"] for r in vault.requests if r.method == "POST"] == \
        [{"cas": 0}, {"cas": 0}, {"cas": 1}, {"cas": 1}, {"cas": 2}]
    assert {"version": ["1"]} in [r.query for r in vault.requests if r.method == "GET"]
    assert all(r.token_ok for r in vault.requests)


def test_vault_refusals_never_hold_a_value(vault: FakeVault, tmp_path: Path) -> None:
    store = VaultStore(vault.url, "secret", "wrong-token", timeout=10)
    with pytest.raises(VaultError, match=r"Vault http://127.0.0.1:\d+: write pvesvc/web/pw: "
                                         "Forbidden: permission denied") as err:
        store.create("web", "pw", "Never-In-A-Message")
    assert "Never-In-A-Message" not in str(err.value)
    down = VaultStore("http://127.0.0.1:9", "secret", "t", timeout=2)
    with pytest.raises(VaultError, match="read the metadata of pvesvc/web/pw: ConnectionError"):
        down.exists("web", "pw")
    token = tmp_path / "token"
    token.write_text(vault.token + "\n")
    token.chmod(0o640)
    cfg = from_mapping({"svc_secret_backend": "vault", "svc_vault_url": vault.url,
                        "svc_vault_token_file": str(token)})
    with pytest.raises(ValidationError, match="svc_vault_token_file: .* is open to its group"):
        open_store(cfg, "vault")
    token.chmod(0o600)
    assert open_store(cfg, "vault").where("web", "pw") == \
        f"vault secret/pvesvc/web/pw ({vault.url})"


# -- a given value -------------------------------------------------------------------


@pytest.mark.parametrize("value,message", [
    ("", "the value is empty"),
    ("two\nlines", "the value holds a control character"),
    (" padded", "the value begins or ends with white space"),
    ("x" * 4097, "the value is longer than 4096 bytes"),
])
def test_a_given_value_is_one_line_of_text(value: str, message: str) -> None:
    with pytest.raises(ValidationError, match=f"secret pw: {message}") as err:
        check_value("secret pw", value)
    assert value.strip() == "" or value.strip() not in str(err.value)
    assert check_value("secret pw", "Any text, even ; $(x) or ü") == "Any text, even ; $(x) or ü"


def test_values_come_from_stdin_or_a_private_file_never_argv(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValidationError, match="never taken from the command line") as err:
        parse_given(["pw=Typed-Into-Argv"])
    assert "Typed-Into-Argv" not in str(err.value)
    monkeypatch.setattr("sys.stdin", io.StringIO("From-stdin\nnext\n"))
    with pytest.raises(ValidationError, match="secret b: stdin is read for a already"):
        parse_given(["a=-", "b=-"])
    monkeypatch.setattr("sys.stdin", io.StringIO("From-stdin\nnext\n"))
    pw = tmp_path / "pw"
    pw.write_text("From-a-file\nignored\n")
    pw.chmod(0o600)
    assert parse_given(["a=-", f"b=@{pw}"]) == {"a": "From-stdin", "b": "From-a-file"}
    pw.chmod(0o604)
    with pytest.raises(ValidationError, match=f"secret b: {pw} is open to others"):
        read_value(f"@{pw}", "secret b")
    for bad in ("pw", "=-"):
        with pytest.raises(ValidationError, match="secret: write NAME=- or NAME=@FILE"):
            parse_given([bad])
