"""core/openpgp (keyrings without gpg), tools/gpgv (its status lines, as apt reads them)
and tools/git (what every call carries): no process starts."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

from pvesmbgw.core import openpgp
from pvesmbgw.core.errors import EXIT_BAD_INPUT, ValidationError
from pvesmbgw.tools import gpgv
from pvesmbgw.tools.git import Git, transport
from tests.unit.conftest import FakeRunner

REPO = Path(__file__).resolve().parents[2]
ARMORED = (REPO / "tests" / "data" / "test-signer.asc").read_bytes()
# gpg --with-colons --fingerprint of that key
FINGERPRINT = "A07A551CDCAE38A26EA4AE7CEC0A1174402F9331"
FPR = "4FA3B85C6751D3753285653BF115C70A87740E43"


def test_an_armored_keyring_becomes_binary_with_its_fingerprint() -> None:
    binary = openpgp.dearmor(ARMORED)
    assert binary[0] & 0x80 and openpgp.dearmor(binary) == binary
    assert openpgp.fingerprints(binary) == [FINGERPRINT]
    # two blocks in one file: both keys
    assert openpgp.fingerprints(openpgp.dearmor(ARMORED + b"\n" + ARMORED)) == [FINGERPRINT] * 2


@pytest.mark.parametrize("mangle, match", [
    (lambda a: a.replace(b"=dn/F", b"=AAAA"), "checksum mismatch"),
    (lambda a: a.replace(b"-----END PGP PUBLIC KEY BLOCK-----", b""), "no END line"),
    (lambda a: a.replace(b"PUBLIC KEY", b"PRIVATE KEY"), "secret key"),
    (lambda a: b"just text\n", "neither a binary"),
    (lambda a: b"", "neither a binary"),
    (lambda a: openpgp.dearmor(a)[:40], "truncated"),
    # a user id packet (tag 13) first
    (lambda a: b"\xcd\x01x", "does not start with a public key"),
    # a secret key packet (tag 5)
    (lambda a: b"\xc5\x01\x04", "secret key"),
])
def test_what_is_no_public_keyring_is_refused_naming_the_field(mangle, match: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match=match) as err:
        openpgp.fingerprints(openpgp.dearmor(mangle(ARMORED)))
    assert err.value.field == "keyring" and err.value.exit_code == EXIT_BAD_INPUT


def test_crc24_of_the_rfc() -> None:
    assert openpgp.crc24(b"") == 0xB704CE
    body = ARMORED.split(b"\n\n", 1)[1].split(b"\n=")[0].replace(b"\n", b"")
    assert openpgp.crc24(base64.b64decode(body)) == 0x767FC5  # "=dn/F"


# -- gpgv -----------------------------------------------------------------------------

GOOD = f"""[GNUPG:] NEWSIG
[GNUPG:] KEY_CONSIDERED {FPR} 0
[GNUPG:] SIG_ID J7VmXXTnHF7P7EPYpl+k4qJUsN8 2026-12-07 1796650632
[GNUPG:] GOODSIG F115C70A87740E43 Test Signer <t@example.org>
[GNUPG:] VALIDSIG 1111111111111111111111111111111111111111 2026-12-07 1796650632 0 4 0 22 8 00 {FPR}
"""


def test_a_good_signature_names_the_primary_key() -> None:
    good = gpgv.parse_status(GOOD)
    assert good == gpgv.GoodSignature(FPR, "1" * 40, 1796650632)


@pytest.mark.parametrize("status, match", [
    # real gpgv 2.2 output for each case
    ("[GNUPG:] NEWSIG\n[GNUPG:] BADSIG F115C70A87740E43 Test <t@e>\n", "BAD signature"),
    (f"[GNUPG:] NEWSIG\n[GNUPG:] ERRSIG F115C70A87740E43 22 8 00 1796650632 9 {FPR}\n"
     "[GNUPG:] NO_PUBKEY F115C70A87740E43\n", f"made by key {FPR}, which is not in"),
    ("[GNUPG:] NODATA 1\n[GNUPG:] NODATA 2\n", "not an OpenPGP signature"),
    ("", "not an OpenPGP signature"),
    ("[GNUPG:] ERROR add_keyblock_resource 33587281\n[GNUPG:] NEWSIG\n",
     "cannot read the keyring"),
    ("[GNUPG:] NEWSIG\n[GNUPG:] ERRSIG F115C70A87740E43 99 8 00 1796650632 4 -\n",
     "algorithm gpgv does not know"),
    (GOOD.replace("GOODSIG", "EXPKEYSIG"), "expired key"),
    (GOOD.replace("GOODSIG", "REVKEYSIG"), "revoked key"),
    (GOOD.replace(" 22 8 00 ", " 22 2 00 "), "weak digest SHA1"),
    # a second signature that is bad spoils the good one
    (GOOD + "[GNUPG:] NEWSIG\n[GNUPG:] BADSIG 0123 x\n", "BAD signature"),
    (GOOD + "[GNUPG:] NEWSIG\n", "no good signature"),
    (GOOD.replace("[GNUPG:] VALIDSIG", "[GNUPG:] X"), "no good signature"),
])
def test_every_other_verdict_is_refused_with_its_reason(status: str, match: str) -> None:
    with pytest.raises(gpgv.SignatureError, match=match) as err:
        gpgv.parse_status(status)
    assert err.value.exit_code == EXIT_BAD_INPUT


def test_verify_runs_gpgv_in_a_throwaway_home(tmp_path: Path) -> None:
    runner = FakeRunner()
    runner.answer(["gpgv"], GOOD)
    good = gpgv.verify(runner, tmp_path / "k.gpg", tmp_path / "i.sig", tmp_path / "i.json")
    assert good.fingerprint == FPR
    argv = runner.calls[0]
    home = argv[argv.index("--homedir") + 1]
    assert argv[3:] == ("--status-fd", "1", "--keyring", str(tmp_path / "k.gpg"), "--",
                        str(tmp_path / "i.sig"), str(tmp_path / "i.json"))
    assert home != os.path.expanduser("~/.gnupg") and not os.path.exists(home)
    runner.answer(["gpgv"], GOOD, returncode=2)
    with pytest.raises(gpgv.SignatureError, match="exit 2"):
        gpgv.verify(runner, tmp_path / "k.gpg", tmp_path / "i.sig", tmp_path / "i.json")


# -- git ------------------------------------------------------------------------------


def test_git_reads_no_configuration_runs_nothing_and_allows_one_transport(
        tmp_path: Path) -> None:
    runner = FakeRunner()
    git = Git(runner, tmp_path / "r.git")
    (tmp_path / "r.git").mkdir()
    (tmp_path / "r.git" / "FETCH_HEAD").write_text(f"{'a' * 40}\t\t'HEAD' of /srv/t\n")
    runner.answer(["env"])
    assert git.fetch("https://example.org/t.git") == "a" * 40
    argv = runner.calls[0]
    assert argv[:4] == ("env", "-u", "GIT_SSL_NO_VERIFY", "git")
    pairs = [argv[i + 1] for i, word in enumerate(argv) if word == "-c"]
    assert {"core.hooksPath=/dev/null", "credential.helper=", "protocol.allow=never",
            "protocol.https.allow=always", "transfer.fsckObjects=true"} <= set(pairs)
    assert "protocol.file.allow=always" not in pairs
    assert argv[-3:] == ("--", "https://example.org/t.git", "+HEAD:refs/pvesvc/fetched")
    assert [transport(u) for u in ("https://x/y", "file:///srv/t", "/srv/t")] == \
        ["https", "file", "file"]


def test_git_tree_lists_modes(tmp_path: Path) -> None:
    runner = FakeRunner()
    runner.answer(["git"], "100644 blob aa\tindex.json\x00120000 blob bb\ttemplates/x.yml\x00")
    found = Git(runner, tmp_path).tree("c" * 40, ["index.json", "templates/x.yml", "y"])
    assert found["index.json"].regular and not found["templates/x.yml"].regular
    assert "y" not in found
