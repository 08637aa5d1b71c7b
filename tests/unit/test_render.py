from __future__ import annotations

import functools
from pathlib import Path

from pvesmbgw.core.config import Config
from pvesmbgw.smb import dfree
from pvesmbgw.smb.registry import Share
from pvesmbgw.smb.render import render_shares
from pvesmbgw.smb.samba import validate

GOLDEN = Path(__file__).parent.parent / "golden"


def test_include_file_matches_golden() -> None:
    shares = [
        Share(name="zeta", path="/srv/zeta", mode="native", backend="dir"),
        Share(name="Team Docs", path="/srv/team docs", mode="native", backend="btrfs",
              quota=1 << 30, comment="Team documents", read_only=True,
              valid_users=("alice", "@staff", '@"EXAMPLE\\Domain Users"', "bob smith"),
              browseable=False),
    ]
    # As the native gateway renders it: the btrfs share with a quota asks the free-space
    # helper (its link is named by a digest of "Team Docs").
    text = render_shares(shares, Path("/var/lib/pvesmbgw/registry.json"),
                         extra=functools.partial(dfree.smb_options, Config.defaults()))
    assert text == (GOLDEN / "shares.conf").read_text()
    validate.check(text, ["zeta", "Team Docs"])


def test_no_shares_renders_only_the_header() -> None:
    text = render_shares([], Path("/r.json"))
    assert "[" not in text
    assert text.startswith("# Managed by pvesmbgw")


def _section(text: str, name: str) -> str:
    return text.split(f"[{name}]\n", 1)[1].split("\n[", 1)[0]


def test_every_share_keeps_windows_acls_streams_and_its_own_vfs_modules() -> None:
    shares = [
        Share(name="snap", path="/srv/snap", mode="native", backend="btrfs",
              smb_options={"vfs objects": "shadow_copy2", "shadow:snapdir": ".snapshots"}),
        Share(name="plain", path="/srv/plain", mode="native", backend="dir"),
        Share(name="both", path="/srv/both", mode="native", backend="dir",
              smb_options={"vfs objects": "acl_xattr ceph_snapshots"}),
    ]
    text = render_shares(shares, Path("/r.json"))
    # acl_xattr first, so that the snapshot module below it resolves @GMT paths.
    assert "\tvfs objects = acl_xattr streams_xattr shadow_copy2\n" in _section(text, "snap")
    assert "\tvfs objects = acl_xattr streams_xattr\n" in _section(text, "plain")
    assert "\tvfs objects = acl_xattr streams_xattr ceph_snapshots\n" in _section(text, "both")
    for name in ("snap", "plain", "both"):
        assert "\tmap acl inherit = yes\n" in _section(text, name)
        # x stays: Samba maps it to FILE_EXECUTE, part of every full-access open.
        assert "\tcreate mask = 0770\n" in _section(text, name)
    validate.check(text, ["snap", "plain", "both"])


def test_a_service_volume_is_served_as_its_owner_and_samba_reads_it_back() -> None:
    from pvesmbgw.smb.registry import ServiceLink, loads
    share = Share(name="files", path="/srv/svc/demo-data", mode="native", backend="btrfs",
                  service=ServiceLink("demo", "data", 100033, 100033),
                  force_user="pvesmbgw-u100033", force_group="www-data")
    text = render_shares([share], Path("/r.json"))
    assert "\tforce user = pvesmbgw-u100033\n\tforce group = www-data\n" in \
        _section(text, "files")
    validate.check(text, ["files"])
    # Other shares render, and are kept in the registry, exactly as before.
    plain = Share(name="plain", path="/srv/plain", mode="native", backend="dir")
    assert "force" not in render_shares([plain], Path("/r.json"))
    assert "service" not in plain.to_json() and "force_user" not in plain.to_json()
    from pvesmbgw.smb.registry import Registry
    again = loads(Registry().with_share(share).with_share(plain).dumps())
    assert again.shares == {"files": share, "plain": plain}
