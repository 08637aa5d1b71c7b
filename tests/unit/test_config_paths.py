from __future__ import annotations

import os
from pathlib import Path

import pytest

from pvesmbgw.core import config
from pvesmbgw.core.errors import ConfigError, ValidationError
from pvesmbgw.core.fsutil import check_share_path


def test_defaults_when_default_file_is_absent(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    monkeypatch.delenv("PVESMBGW_CONFIG", raising=False)
    monkeypatch.setattr(config, "DEFAULT_CONFIG", str(tmp_path / "absent.conf"))
    cfg = config.load()
    assert cfg.samba_conf == Path("/etc/samba/smb.conf")
    assert cfg.include_file == Path("/etc/samba/pvesmbgw-shares.conf")
    assert cfg.state_dir == Path("/var/lib/pvesmbgw")


def test_env_and_explicit_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    conf = tmp_path / "c.conf"
    conf.write_text("[pvesmbgw]\nsamba_conf = /x/smb.conf\nservice_manager = direct\n")
    monkeypatch.setenv("PVESMBGW_CONFIG", str(conf))
    cfg = config.load()
    assert cfg.include_file == Path("/x/pvesmbgw-shares.conf")
    assert cfg.resolved_service_manager() == "direct"
    with pytest.raises(ConfigError, match="not found"):
        config.load(str(tmp_path / "missing.conf"))


@pytest.mark.parametrize("body,match", [
    ("[pvesmbgw]\nsamba_conf = relative.conf\n", "absolute"),
    ("[pvesmbgw]\nservice_manager = upstart\n", "service_manager"),
    ("[pvesmbgw]\ntypo_key = 1\n", "unknown key"),
    ("[other]\nx = 1\n", "unknown section"),
    ("no section\n", "config"),
    ("[pvesmbgw]\nlxc_bridge = vmbr0;id\n", "lxc_bridge: not a network bridge name"),
    ("[pvesmbgw]\nvm_bridge = vmbr0,tag=5\n", "vm_bridge: not a network bridge name"),
    # Its links go into smb.conf's `dfree command`, where smbd expands %-variables.
    ("[pvesmbgw]\ndfree_dir = /run/free space\n", "dfree_dir: must not contain white space"),
    ("[pvesmbgw]\ndfree_dir = /run/%S\n", "dfree_dir: must not contain"),
    ("[pvesmbgw]\ndfree_helper = bin/dfree\n", "dfree_helper: must be an absolute path"),
])
def test_bad_config_is_one_line_error(tmp_path: Path, body: str, match: str) -> None:
    conf = tmp_path / "c.conf"
    conf.write_text(body)
    with pytest.raises(ConfigError, match=match) as err:
        config.load(str(conf))
    assert err.value.exit_code == 2


def test_share_path_rules(tmp_path: Path) -> None:
    root = tmp_path / "srv"
    (root / "real").mkdir(parents=True)
    os.symlink(root / "real", root / "link")
    roots = [root]
    assert check_share_path(str(root / "real" / "new"), roots) == root / "real" / "new"
    for raw, match in [
        ("relative/x", "absolute"),
        (str(root / "real" / ".." / "x"), r"'\.\.'"),
        (str(root / "link" / "x"), "symbolic link"),
        (str(tmp_path / "elsewhere"), "outside the allowed roots"),
        (str(root), "outside the allowed roots"),
        (str(root / "no" / "parent"), "parent directory"),
        (str(root / "a%Ub"), "'%'"),
        (str(root / "a\nb"), "control"),
    ]:
        with pytest.raises(ValidationError, match=match) as err:
            check_share_path(raw, roots)
        assert err.value.field == "path"


@pytest.mark.parametrize("value, node, want", [
    (None, "pve1", Path("/etc/prometheus/file_sd/pvesvc-pve1.json")),  # the default
    ("/srv/sd/{node}/targets.json", "n2", Path("/srv/sd/n2/targets.json")),
    ("/srv/sd/all.json", "n2", Path("/srv/sd/all.json")),
    ("", "pve1", None),  # empty: no targets registered
])
def test_svc_file_sd_is_this_nodes_file(value: str, node: str, want: Path) -> None:
    values = {"node": node} if value is None else {"node": node, "svc_file_sd": value}
    assert config.from_mapping(values).svc.file_sd == want


@pytest.mark.parametrize("value", ["relative/{node}.json", "/srv/sd/{node}.yml",
                                   "/srv/sd/{host}.json", "/srv/sd/a\x01.json"])
def test_svc_file_sd_refuses_what_file_sd_cannot_read(value: str) -> None:
    with pytest.raises(ConfigError, match="svc_file_sd"):
        config.from_mapping({"svc_file_sd": value})


def test_appstore_gui_origins(tmp_path: Path) -> None:
    """appstore_gui_origins: empty by default (the daemon then allows PVE's GUI on the
    host the request was sent to); a list of origins separated by spaces; a URL with a
    path or no scheme is refused."""
    conf = tmp_path / "c.conf"
    conf.write_text("[pvesmbgw]\n")
    assert config.load(str(conf)).appstore.gui_origins == ()
    conf.write_text("[pvesmbgw]\nappstore_gui_origins = https://pve.example.org "
                    "https://[fd00::1]:8006  http://127.0.0.1:8080\n")
    assert config.load(str(conf)).appstore.gui_origins == (
        "https://pve.example.org", "https://[fd00::1]:8006", "http://127.0.0.1:8080")
    for bad in ("https://pve.example.org/", "pve.example.org", "ftp://pve:21",
                "https://pve.example.org:8006/x"):
        conf.write_text(f"[pvesmbgw]\nappstore_gui_origins = {bad}\n")
        with pytest.raises(ConfigError, match="appstore_gui_origins"):
            config.load(str(conf))
