"""gpgv, Debian's signature verifier (what apt checks its indexes with): a detached
signature over a file, checked against one binary keyring.

It runs with a throwaway --homedir, so root's ~/.gnupg is never read or written, and
its verdict is read from the machine-readable status lines (--status-fd 1, gnupg's
doc/DETAILS), as apt reads them: good only when every signature is GOODSIG + VALIDSIG
and none is bad, unchecked, by an expired or revoked key, or over a weak digest.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..core.errors import ValidationError
from ..core.i18n import N_, _
from ..core.runner import Runner

# VALIDSIG's hash algorithm ids (RFC 4880 §9.4) that apt refuses too.
WEAK_DIGESTS = {1: "MD5", 2: "SHA1", 3: "RIPEMD160"}
# ERRSIG's reason codes (doc/DETAILS).
_ERRSIG = {4: N_("it uses an algorithm gpgv does not know"), 9: N_("no public key")}
TIMEOUT = 60.0


class SignatureError(ValidationError):
    """The signature does not prove the file came from a key of the keyring."""

    def __init__(self, message: str) -> None:
        super().__init__("signature", message)


@dataclass(frozen=True)
class GoodSignature:
    fingerprint: str  # of the primary key (what the keyring's owner publishes)
    signing_key: str  # of the key that signed: the primary key or a subkey
    created: int  # unix time


def argv(home: Path, keyring: Path, signature: Path, data: Path) -> list[str]:
    return ["gpgv", "--homedir", str(home), "--status-fd", "1", "--keyring", str(keyring),
            "--", str(signature), str(data)]


def verify(runner: Runner, keyring: Path, signature: Path, data: Path) -> GoodSignature:
    """Check SIGNATURE (detached, binary or armored) over DATA against KEYRING;
    SignatureError says why it does not hold."""
    home = Path(tempfile.mkdtemp(prefix="pvesmbgw-gpgv-"))  # 0700, gpgv's only home
    try:
        result = runner.run(argv(home, keyring, signature, data), mutating=False,
                            ok_codes=(0, 1, 2), timeout=TIMEOUT)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    good = parse_status(result.stdout)
    if result.returncode != 0:  # a verdict the status lines did not explain
        raise SignatureError(_("gpgv refused it (exit {returncode})").format(returncode=result.returncode))
    return good


def parse_status(text: str) -> GoodSignature:
    """The verdict of gpgv's status lines TEXT; SignatureError unless it is good."""
    lines = [line.split()[1:] for line in text.splitlines()
             if line.startswith("[GNUPG:] ") and len(line.split()) > 1]
    words = {fields[0]: fields[1:] for fields in lines}
    problem = _problem(words, lines)
    if problem:
        raise SignatureError(problem)
    valid = [fields[1:] for fields in lines if fields[0] == "VALIDSIG"]
    goods = sum(fields[0] == "GOODSIG" for fields in lines)
    if not valid or goods != len(valid) or len(valid) != _count(lines, "NEWSIG"):
        raise SignatureError(_("gpgv reported no good signature"))
    for fields in valid:
        digest = _int(fields, 7)
        if digest in WEAK_DIGESTS:
            raise SignatureError(_("made over the weak digest {weak_digests}: "
                                 "sign with SHA-256 or better").format(weak_digests=WEAK_DIGESTS[digest]))
    first = valid[0]
    primary = first[9] if len(first) > 9 else first[0]
    return GoodSignature(primary, first[0], _int(first, 2) or 0)


def _problem(words: dict[str, list[str]], lines: list[list[str]]) -> Optional[str]:
    if "ERROR" in words and words["ERROR"][:1] == ["add_keyblock_resource"]:
        return _("cannot read the keyring")
    if "BADSIG" in words:
        return (_("BAD signature by key {key}: the file was changed "
                "after it was signed, or the signature is for another file").format(key=_key(words['BADSIG'])))
    if "ERRSIG" in words:
        fields = words["ERRSIG"]
        reason = _int(fields, 5)
        key = fields[6] if len(fields) > 6 and fields[6] != "-" else _key(fields)
        if "NO_PUBKEY" in words or reason == 9:
            return _("made by key {key}, which is not in the repository's keyring").format(key=key)
        return _("cannot be checked: {reason}").format(
            reason=_(_ERRSIG[reason]) if reason in _ERRSIG else f'gpgv reason {reason}')
    for word, what in (("EXPKEYSIG", N_("made by an expired key")),
                       ("REVKEYSIG", N_("made by a revoked key")), ("EXPSIG", N_("expired"))):
        if word in words:
            return _("{what} ({key})").format(what=_(what), key=_key(words[word]))
    if "NODATA" in words or not _count(lines, "NEWSIG"):
        return _("not an OpenPGP signature (empty, or another kind of file)")
    return None


def _key(fields: list[str]) -> str:
    return fields[0] if fields else "?"


def _int(fields: list[str], index: int) -> Optional[int]:
    try:
        return int(fields[index])
    except (IndexError, ValueError):
        return None


def _count(lines: list[list[str]], word: str) -> int:
    return sum(fields[0] == word for fields in lines)
