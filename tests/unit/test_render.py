from __future__ import annotations

from pathlib import Path

from pvesmbgw.registry import Share
from pvesmbgw.render import render_shares
from pvesmbgw.samba import validate

GOLDEN = Path(__file__).parent.parent / "golden"


def test_include_file_matches_golden() -> None:
    shares = [
        Share(name="zeta", path="/srv/zeta", mode="native", backend="dir"),
        Share(name="Team Docs", path="/srv/team docs", mode="native", backend="btrfs",
              quota=1 << 30, comment="Team documents", read_only=True,
              valid_users=("alice", "@staff", '@"EXAMPLE\\Domain Users"', "bob smith"),
              browseable=False),
    ]
    text = render_shares(shares, Path("/var/lib/pvesmbgw/registry.json"))
    assert text == (GOLDEN / "shares.conf").read_text()
    validate.check(text, ["zeta", "Team Docs"])


def test_no_shares_renders_only_the_header() -> None:
    text = render_shares([], Path("/r.json"))
    assert "[" not in text
    assert text.startswith("# Managed by pvesmbgw")
