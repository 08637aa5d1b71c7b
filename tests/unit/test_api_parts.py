"""The App Store daemon's parts that start no process: privileges, request parsing,
secret hand-over, storage matching and the contract's JSON shapes."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from pvesmbgw.api.permissions import Checker, Forbidden, Need, needs
from pvesmbgw.api.request import Request, boolean, params, parse_body, word
from pvesmbgw.api.routes import _SecretArgs, storage_matcher
from pvesmbgw.api.svc_client import instance_row, parameter, template_row
from pvesmbgw.core.errors import ValidationError


def test_the_contract_privilege_table() -> None:
    assert needs("install", "pve", storage="data") == [
        Need("/vms", "VM.Allocate"), Need("/storage/data", "Datastore.AllocateSpace"),
        Need("/nodes/pve", "Sys.Modify")]
    assert needs("rollback", "pve", vmid=101)[0] == Need("/vms/101", "VM.Snapshot.Rollback")
    assert needs("uninstall", "pve", vmid=101, storage="data", purge=True)[-1] == \
        Need("/storage/data", "Datastore.Allocate")
    assert len(needs("uninstall", "pve", vmid=101)) == 2


def test_a_privilege_present_is_granted_whatever_its_propagate_flag() -> None:
    asked: list[tuple[str, str]] = []

    def lookup(user: str, path: str) -> dict[str, int]:
        asked.append((user, path))
        return {"VM.Allocate": 0, "Sys.Modify": 1} if path != "/storage/data" else {}
    c = Checker(lookup, "alice@pve")
    assert c.has("/vms", "VM.Allocate") and c.has("/vms", "Sys.Modify")
    with pytest.raises(Forbidden, match=r"^permission check failed \(/storage/data, "
                                        r"Datastore.AllocateSpace\)$"):
        c.require(needs("install", "pve", storage="data"))
    assert asked == [("alice@pve", "/vms"), ("alice@pve", "/storage/data")]


def test_tickets_come_from_the_cookie_unescaped_else_the_header() -> None:
    r = Request("GET", "/templates", {"cookie": "a=b; PVEAuthCookie=PVE%3Aalice%40pve%3A1::x"})
    assert r.ticket() == "PVE:alice@pve:1::x"
    assert Request("GET", "/", {"pveauthcookie": "PVE:x::y"}).ticket() == "PVE:x::y"
    assert Request("GET", "/", {}).ticket() == ""


def test_bodies_and_parameters() -> None:
    assert parse_body("application/json", b'{"a": 1}') == {"a": 1}
    assert parse_body("application/x-www-form-urlencoded", b"a=1&b=x%20y") == \
        {"a": "1", "b": "x y"}
    for bad in (b"[1]", b"{", b"\xff"):
        with pytest.raises(ValidationError):
            parse_body("application/json", bad)
    assert params('{"quota": "1G", "auth": true, "port": 80}') == \
        {"quota": "1G", "auth": "true", "port": "80"}
    for bad_params in ({"Bad": 1}, {"a": [1]}, {"a": "x\ny"}, "nope"):
        with pytest.raises(ValidationError):
            params(bad_params)
    assert boolean("dry_run", "1") and not boolean("dry_run", None)
    with pytest.raises(ValidationError, match="^dry_run: "):
        boolean("dry_run", "maybe")
    with pytest.raises(ValidationError, match="^name: not a valid value"):
        word("name", "x; rm -rf /", r"[a-z]+")


def test_one_secret_goes_on_stdin_several_in_private_files_removed_after() -> None:
    with _SecretArgs({"pw": "one"}) as (args, stdin):
        assert args == ["--secret", "pw=-"] and stdin == b"one\n"
    holder = _SecretArgs({"a": "x", "b": "y"})
    with holder as (args, stdin):
        assert stdin is None and args[0] == "--secret" and args[1].startswith("a=@")
        path = Path(args[1][3:])
        assert path.read_text() == "x\n"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert not path.parent.exists()


def test_volumes_are_matched_to_their_storage() -> None:
    match = storage_matcher([{"storage": "data", "type": "btrfs", "path": "/mnt/data"},
                             {"storage": "tank", "type": "zfspool", "pool": "tank/vz"},
                             {"storage": "local", "type": "dir", "path": "/var/lib/vz"}])
    assert match(["/mnt/data/pvesvc/x", "/tank/vz/pvesvc-y"]) == ["data", "tank"]
    assert match(["/mnt/database/z"]) == []


def test_json_shapes_of_the_contract() -> None:
    row = template_row({"id": "webdav", "repo": "builtin", "name": "W", "category": "c",
                        "version": "1.0.0", "description": "d", "type": "lxc", "cores": 1,
                        "memory": 256, "disk": 4, "ha": "optional"})
    assert {"id", "repo", "name", "category", "version", "description", "guest", "cores",
            "memory", "disk", "ha_profile", "signed"} <= set(row)
    p = parameter({"name": "pw", "type": "secret", "default": "x", "choices": []})
    assert p["secret"] and p["default"] is None
    inst = instance_row({"name": "w", "template": "webdav", "version": "1.9.0", "vmid": 101,
                         "node": "pve", "kind": "lxc"}, "1.10.0", "running", "ok")
    assert inst["upgradable"] and inst["latest"] == "1.10.0"
