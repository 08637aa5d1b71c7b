"""The JSON contract of the PVE storage plugin: requests, property mapping, replies."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from pvesmbgw.smb.plugin import hooks as plugin_hooks
from pvesmbgw.core.errors import ValidationError
from pvesmbgw.smb.plugin.contract import Request, parse_request, reply
from pvesmbgw.smb.plugin.mapping import share_change, share_spec


def req(hook: str = "add", **fields: Any) -> str:
    return json.dumps({"version": 1, "hook": hook, "storeid": "s1",
                       "scfg": {"path": "/srv/s1"}, **fields})


def test_parse_request() -> None:
    r = parse_request("update", req("update", update={"smbgw-quota": "2G"},
                                    delete=["smbgw-comment"], sensitive={"password": "pw"}))
    assert r == Request("update", "s1", {"path": "/srv/s1"}, {"smbgw-quota": "2G"},
                        ("smbgw-comment",), {"password": "pw"})
    assert r.share_name == "s1"
    assert parse_request("add", req(scfg={"path": "/x", "smbgw-share": "Data"})).share_name \
        == "Data"


@pytest.mark.parametrize("hook,text,field", [
    ("nope", req(), "hook"),
    ("add", "{not json", "request"),
    ("add", "[]", "request"),
    ("add", json.dumps({"version": 2, "storeid": "s1"}), "version"),
    ("add", req("status"), "hook"),
    ("add", json.dumps({"version": 1}), "storeid"),
    ("add", req(sensitive={"token": "x"}), "sensitive"),
    ("add", req(delete="smbgw-quota"), "delete"),
    ("add", json.dumps({"version": True, "storeid": "s1"}), "version"),
    ("update", json.dumps({"version": 1, "storeid": "s1", "update": []}), "update"),
])
def test_bad_requests(hook: str, text: str, field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        parse_request(hook, text)
    assert exc.value.field == field


def test_share_spec_from_properties() -> None:
    r = parse_request("add", req(scfg={
        "path": "/srv/s1", "smbgw-share": "Data", "smbgw-mode": "lxc", "smbgw-dedicated": "1",
        "smbgw-quota": "10G", "smbgw-comment": "Team", "smbgw-read-only": "0",
        "smbgw-valid-users": "alice,@staff", "smbgw-browseable": "0",
        "smbgw-snapshots": "hourly=24,daily=7", "content": "backup,iso", "nodes": "pve1"}))
    spec = share_spec(r)
    assert (spec.name, spec.path, spec.mode, spec.dedicated, spec.quota) == \
        ("Data", "/srv/s1", "lxc", True, 10 << 30)
    assert (spec.comment, spec.read_only, spec.valid_users, spec.browseable) == \
        ("Team", False, ("alice", "@staff"), False)
    assert spec.snapshot_policy == {"hourly": 24, "daily": 7}
    plain = share_spec(parse_request("add", req()))
    assert (plain.name, plain.mode, plain.quota, plain.browseable) == ("s1", "native", None, True)


@pytest.mark.parametrize("scfg,field", [
    ({}, "path"),
    ({"path": "/srv/x", "smbgw-quota": "lots"}, "smbgw-quota"),
    ({"path": "/srv/x", "smbgw-mode": "nas"}, "smbgw-mode"),
    ({"path": "/srv/x", "smbgw-share": "a[b]"}, "smbgw-share"),
    ({"path": "/srv/x", "smbgw-share": "global"}, "smbgw-share"),
    ({"path": "/srv/x", "smbgw-comment": "100%"}, "smbgw-comment"),
    ({"path": "/srv/x", "smbgw-read-only": "maybe"}, "smbgw-read-only"),
    ({"path": "/srv/x", "smbgw-valid-users": "a,,b"}, "smbgw-valid-users"),
    ({"path": "/srv/x", "smbgw-snapshots": "yearly=3"}, "smbgw-snapshots"),
    ({"path": "/srv/x", "smbgw-dedicated": "1"}, "smbgw-dedicated"),
    ({"path": "/srv/x", "smbgw-ad-domain": "ad.example"}, "smbgw-ad-domain"),
    ({"path": "/srv/x", "smbgw-ha": "1"}, "smbgw-ha"),
    ({"path": "/srv/x", "smbgw-qouta": "1G"}, "smbgw-qouta"),       # a typo is refused
    ({"path": "/srv/x", "smbgw-quota": 0}, "smbgw-quota"),          # 0 is no "no quota"
    ({"path": "/srv/x", "smbgw-valid-users": "u\\"}, "smbgw-valid-users"),
    # Hostile JSON: only text and whole numbers are property values (issue 14 §5).
    ({"path": ["/srv/x"]}, "path"),
    ({"path": "/srv/x", "smbgw-comment": ["a"]}, "smbgw-comment"),
    ({"path": "/srv/x", "smbgw-comment": {"a": 1}}, "smbgw-comment"),
    ({"path": "/srv/x", "smbgw-comment": "\udcff"}, "smbgw-comment"),
    ({"path": "/srv/x", "smbgw-comment": "a\u2028b"}, "smbgw-comment"),
    ({"path": "/srv/x", "smbgw-quota": 1.5}, "smbgw-quota"),
    ({"path": "/srv/x", "smbgw-quota": True}, "smbgw-quota"),
    ({"path": "/srv/x", "smbgw-quota": "\u0661G"}, "smbgw-quota"),
    ({"path": "/srv/x", "smbgw-share": ["a"]}, "smbgw-share"),
    ({"path": "/srv/x", "smbgw-valid-users": "a;b"}, "smbgw-valid-users"),
    ({"path": "/srv/x", "smbgw-valid-users": "-x"}, "smbgw-valid-users"),
    ({"path": "/srv/x", "smbgw-snapshots": {"daily": 1}}, "smbgw-snapshots"),
    ({"path": "/srv/x", "smbgw-snapshots": "daily=1,daily=2"}, "smbgw-snapshots"),
])
def test_bad_properties_name_the_property(scfg: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        share_spec(parse_request("add", req(scfg=scfg)))
    assert exc.value.field == field


def test_password_is_refused_until_ad_exists() -> None:
    with pytest.raises(ValidationError) as exc:
        share_spec(parse_request("add", req(sensitive={"password": "pw"})))
    assert exc.value.field == "password"
    assert "pw" not in str(exc.value)


def test_share_change() -> None:
    r = parse_request("update", req("update", update={
        "smbgw-quota": "20G", "smbgw-comment": "new", "smbgw-read-only": "1",
        "smbgw-valid-users": "bob", "smbgw-browseable": "0", "smbgw-snapshots": "daily=3"}))
    change = share_change(r)
    assert (change.quota, change.comment, change.read_only, change.valid_users,
            change.browseable, change.snapshot_policy) == \
        (20 << 30, "new", True, ("bob",), False, {"daily": 3})
    assert share_change(parse_request("update", req("update", update={"content": "iso"}))) \
        .is_empty()
    deleted = share_change(parse_request("update", req(
        "update", delete=["smbgw-comment", "smbgw-valid-users", "smbgw-snapshots",
                          "smbgw-read-only", "smbgw-browseable"])))
    assert (deleted.comment, deleted.valid_users, deleted.snapshot_policy, deleted.read_only,
            deleted.browseable) == ("", (), {}, False, True)


@pytest.mark.parametrize("update,delete,field", [
    ({"smbgw-mode": "lxc"}, [], "smbgw-mode"),
    ({"path": "/srv/other"}, [], "path"),
    ({}, ["smbgw-quota"], "smbgw-quota"),
    ({"smbgw-quota": "-1"}, [], "smbgw-quota"),
    ({"smbgw-quota": 0}, [], "smbgw-quota"),
    ({"smbgw-valid-users": "a,,b"}, [], "smbgw-valid-users"),
    ({"smbgw-snapshots": "daily=0"}, [], "smbgw-snapshots"),
    ({"smbgw-browsable": "1"}, [], "smbgw-browsable"),
    ({"smbgw-comment": ["a"]}, [], "smbgw-comment"),
    ({"smbgw-comment": "\udcff"}, [], "smbgw-comment"),
    ({"smbgw-quota": 1.5}, [], "smbgw-quota"),
    ({"smbgw-valid-users": {"a": 1}}, [], "smbgw-valid-users"),
])
def test_bad_changes(update: dict[str, str], delete: list[str], field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        share_change(parse_request("update", req("update", update=update, delete=delete)))
    assert exc.value.field == field


def test_reply_is_one_line() -> None:
    text = reply(False, error="x: bad", field="x")
    assert text.endswith("\n") and text.count("\n") == 1
    assert json.loads(text) == {"version": 1, "ok": False, "error": "x: bad", "field": "x"}


def test_hooks_main_bad_input_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "c.conf"
    config.write_text(f"[pvesmbgw]\nstate_dir = {tmp_path / 'state'}\n")
    monkeypatch.setenv("PVESMBGW_CONFIG", str(config))
    out = io.StringIO()
    code = plugin_hooks.main(["add"], io.StringIO(req(scfg={"path": "/srv/x",
                                                            "smbgw-quota": "lots"})), out)
    assert code == 2
    assert json.loads(out.getvalue())["field"] == "smbgw-quota"
    assert not (tmp_path / "state").exists()  # nothing changed, not even the lock
    out = io.StringIO()
    assert plugin_hooks.main([], io.StringIO(""), out) == 2
    assert "usage" in json.loads(out.getvalue())["error"]


def test_status_and_delete_of_an_unknown_share(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "c.conf"
    config.write_text(f"[pvesmbgw]\nstate_dir = {tmp_path / 'state'}\n")
    monkeypatch.setenv("PVESMBGW_CONFIG", str(config))
    out = io.StringIO()
    assert plugin_hooks.main(["status"], io.StringIO(req("status")), out) == 0
    assert json.loads(out.getvalue())["active"] is False
    out = io.StringIO()
    assert plugin_hooks.main(["delete"], io.StringIO(req("delete")), out) == 0
    assert json.loads(out.getvalue()) == {"version": 1, "ok": True, "deleted": False}
    out = io.StringIO()
    assert plugin_hooks.main(["activate"], io.StringIO(req("activate")), out) == 1
    assert "no share s1" in json.loads(out.getvalue())["error"]
