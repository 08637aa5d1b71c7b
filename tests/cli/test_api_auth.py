"""PVE tickets and CSRF tokens as PVE makes them, verified by pvesmbgw.api.auth."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from pvesmbgw.api.auth import AuthError, AuthKeys, verify_csrf_token, verify_ticket
from tests.lib.pveauth import assemble_csrf, assemble_ticket, make_keys


@pytest.fixture(scope="module")
def pve(tmp_path_factory: pytest.TempPathFactory) -> tuple[AuthKeys, Path]:
    root = tmp_path_factory.mktemp("pve")
    key = make_keys(root)
    # A key made three hours ago: the full two-hour ticket window applies.
    old = time.time() - 3 * 3600
    os.utime(root / "authkey.pub", (old, old))
    return AuthKeys.under(root), key


def test_a_full_ticket_names_its_user(pve: tuple[AuthKeys, Path]) -> None:
    keys, key = pve
    assert verify_ticket(keys, assemble_ticket(key, "alice@pve")) == "alice@pve"
    assert verify_ticket(keys, assemble_ticket(key, "root@pam")) == "root@pam"


def test_a_ticket_an_hour_old_is_good_one_over_two_hours_is_not(
        pve: tuple[AuthKeys, Path]) -> None:
    keys, key = pve
    now = int(time.time())
    assert verify_ticket(keys, assemble_ticket(key, "alice@pve", now - 3600)) == "alice@pve"
    with pytest.raises(AuthError):
        verify_ticket(keys, assemble_ticket(key, "alice@pve", now - 7201))


def test_a_ticket_from_the_future_is_refused(pve: tuple[AuthKeys, Path]) -> None:
    keys, key = pve
    with pytest.raises(AuthError):
        verify_ticket(keys, assemble_ticket(key, "alice@pve", int(time.time()) + 600))


def test_a_ticket_signed_by_another_key_is_refused(pve: tuple[AuthKeys, Path],
                                                   tmp_path: Path) -> None:
    keys, _key = pve
    other = make_keys(tmp_path)
    with pytest.raises(AuthError):
        verify_ticket(keys, assemble_ticket(other, "alice@pve"))


def test_a_changed_user_breaks_the_signature(pve: tuple[AuthKeys, Path]) -> None:
    keys, key = pve
    ticket = assemble_ticket(key, "alice@pve")
    with pytest.raises(AuthError):
        verify_ticket(keys, ticket.replace("alice@pve", "root@pam"))


@pytest.mark.parametrize("data", ["!tfa!{\"totp\":true}", "tfa!alice@pve",
                                  "u2f!alice@pve!abcdef"])
def test_a_partial_second_factor_ticket_is_refused(pve: tuple[AuthKeys, Path],
                                                    data: str) -> None:
    keys, key = pve
    with pytest.raises(AuthError, match="second factor"):
        verify_ticket(keys, assemble_ticket(key, data))


@pytest.mark.parametrize("ticket", ["", "garbage", "PVE:alice@pve:00000000::", "PVE:x::AAAA"])
def test_malformed_tickets_are_refused(pve: tuple[AuthKeys, Path], ticket: str) -> None:
    with pytest.raises(AuthError):
        verify_ticket(pve[0], ticket)


def test_a_fresh_key_accepts_no_ticket_older_than_itself(tmp_path: Path) -> None:
    """A key made 10 minutes ago: tickets older than it (beyond the grace) are forged."""
    key = make_keys(tmp_path)
    keys = AuthKeys.under(tmp_path)
    made = time.time() - 600
    os.utime(tmp_path / "authkey.pub", (made, made))
    now = int(time.time())
    assert verify_ticket(keys, assemble_ticket(key, "alice@pve", now - 60)) == "alice@pve"
    with pytest.raises(AuthError):
        verify_ticket(keys, assemble_ticket(key, "alice@pve", now - 1200))


def test_the_rotated_key_still_accepts_tickets_made_before_rotation(tmp_path: Path) -> None:
    key = make_keys(tmp_path)
    os.replace(tmp_path / "authkey.pub", tmp_path / "authkey.pub.old")
    made = time.time() - 1800
    os.utime(tmp_path / "authkey.pub.old", (made, made))
    make_keys(tmp_path / "new")
    os.replace(tmp_path / "new" / "authkey.pub", tmp_path / "authkey.pub")
    keys = AuthKeys.under(tmp_path)
    now = int(time.time())
    assert verify_ticket(keys, assemble_ticket(key, "bob@pam", now - 3600)) == "bob@pam"
    with pytest.raises(AuthError):
        verify_ticket(keys, assemble_ticket(key, "bob@pam", now - 60))  # made after rotation


def test_a_csrf_token_is_good_for_its_user_only(pve: tuple[AuthKeys, Path]) -> None:
    keys, _key = pve
    token = assemble_csrf(keys.www_key, "alice@pve")
    verify_csrf_token(keys, "alice@pve", token)
    with pytest.raises(AuthError, match="csrf"):
        verify_csrf_token(keys, "bob@pve", token)


@pytest.mark.parametrize("shift", [-7300, 400])
def test_an_expired_or_future_csrf_token_is_refused(pve: tuple[AuthKeys, Path],
                                                    shift: int) -> None:
    keys, _key = pve
    token = assemble_csrf(keys.www_key, "alice@pve", int(time.time()) + shift)
    with pytest.raises(AuthError):
        verify_csrf_token(keys, "alice@pve", token)


@pytest.mark.parametrize("token", ["", "nonsense", "0000000G:abc"])
def test_a_malformed_csrf_token_is_refused(pve: tuple[AuthKeys, Path], token: str) -> None:
    with pytest.raises(AuthError):
        verify_csrf_token(pve[0], "alice@pve", token)
