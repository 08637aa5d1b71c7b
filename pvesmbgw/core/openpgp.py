"""OpenPGP public keyrings as gpgv reads them (RFC 4880): ASCII armor turned into the
binary packets gpgv needs, and the primary keys a keyring holds, without gpg.

gpgv reads binary keyrings only (an armored one is "invalid packet" to it, and every
signature then looks signed by an unknown key); an administrator has either form.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Iterator

from .errors import ValidationError
from .i18n import _

FIELD = "keyring"
# Packet tags (RFC 4880 §4.3)
SECRET_KEY = 5
PUBLIC_KEY = 6
SECRET_SUBKEY = 7
_ARMOR = b"-----BEGIN PGP "
_CRC24_INIT = 0xB704CE
_CRC24_POLY = 0x1864CFB


def dearmor(data: bytes) -> bytes:
    """The binary packets of DATA: its armored blocks decoded (each checksum checked),
    or DATA itself when it is binary already. ValidationError when it is neither."""
    if not data.lstrip().startswith(_ARMOR):
        if not data or not data[0] & 0x80:
            raise ValidationError(FIELD, _("neither a binary OpenPGP keyring nor an "
                                  "ASCII-armored one"))
        return data
    out = b""
    lines = iter(data.decode("ascii", errors="replace").splitlines())
    for line in lines:
        line = line.strip()
        if not line.startswith("-----BEGIN PGP "):
            continue
        if "PRIVATE KEY" in line:
            raise ValidationError(FIELD, _("holds a secret key: give the public key "
                                  "(gpg --export KEYID)"))
        out += _armored_block(lines)
    return out


def _armored_block(lines: Iterator[str]) -> bytes:
    """One block's body: armor headers up to a blank line, base64, an optional =CRC."""
    for line in lines:
        if not line.strip():
            break
        if line.startswith("-----END PGP ") or ":" not in line:
            raise ValidationError(FIELD, _("armor: no blank line after the headers"))
    body, crc = [], None
    for line in lines:
        line = line.strip()
        if line.startswith("-----END PGP "):
            break
        if line.startswith("=") and len(line) == 5:
            crc = line[1:]
        elif line:
            body.append(line)
    else:
        raise ValidationError(FIELD, _("armor: no END line"))
    try:
        data = base64.b64decode("".join(body), validate=True)
        if crc is not None and int.from_bytes(base64.b64decode(crc), "big") != crc24(data):
            raise ValidationError(FIELD, _("armor: checksum mismatch (a damaged copy?)"))
    except binascii.Error:
        raise ValidationError(FIELD, _("armor: not base64")) from None
    return data


def crc24(data: bytes) -> int:
    """The armor checksum (RFC 4880 §6.1)."""
    crc = _CRC24_INIT
    for byte in data:
        crc ^= byte << 16
        for _attempt in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= _CRC24_POLY
    return crc & 0xFFFFFF


def packets(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(tag, body) of each packet of binary DATA; ValidationError at a malformed one."""
    pos = 0
    while pos < len(data):
        head = data[pos]
        if not head & 0x80:
            raise ValidationError(FIELD, _("not an OpenPGP packet at byte {pos}").format(pos=pos))
        if head & 0x40:  # new format
            tag, (length, pos) = head & 0x3F, _new_length(data, pos + 1)
        else:
            tag, kind = (head >> 2) & 0x0F, head & 0x03
            if kind == 3:
                raise ValidationError(FIELD, _("a packet of indeterminate length"))
            size = (1, 2, 4)[kind]
            length = int.from_bytes(data[pos + 1:pos + 1 + size], "big")
            pos += 1 + size
        if pos + length > len(data):
            raise ValidationError(FIELD, _("truncated (a packet runs past its end)"))
        yield tag, data[pos:pos + length]
        pos += length


def _new_length(data: bytes, pos: int) -> tuple[int, int]:
    first = data[pos] if pos < len(data) else 0
    if first < 192:
        return first, pos + 1
    if first < 224:
        return ((first - 192) << 8) + data[pos + 1] + 192, pos + 2
    if first == 255:
        return int.from_bytes(data[pos + 1:pos + 5], "big"), pos + 5
    raise ValidationError(FIELD, _("a packet of partial length (no key packet has one)"))


def fingerprints(data: bytes) -> list[str]:
    """The primary keys of binary keyring DATA, by fingerprint (upper-case hex, as gpgv
    prints them). ValidationError when it holds a secret key or no public key."""
    found = []
    for tag, body in packets(data):
        if tag in (SECRET_KEY, SECRET_SUBKEY):
            raise ValidationError(FIELD, _("holds a secret key: give the public key "
                                  "(gpg --export KEYID)"))
        if tag == PUBLIC_KEY:
            found.append(fingerprint(body))
        elif not found:
            raise ValidationError(FIELD, _("does not start with a public key (packet {tag})").format(tag=tag))
    if not found:
        raise ValidationError(FIELD, _("holds no public key"))
    return found


def fingerprint(body: bytes) -> str:
    """The fingerprint of a public key packet's BODY: v4 SHA-1, v6 SHA-256 (RFC 9580)."""
    version = body[0] if body else 0
    if version == 4:
        digest = hashlib.sha1(b"\x99" + len(body).to_bytes(2, "big") + body)
    elif version in (5, 6):
        prefix = b"\x9a" if version == 5 else b"\x9b"
        digest = hashlib.sha256(prefix + len(body).to_bytes(4, "big") + body)
    else:
        raise ValidationError(FIELD, _("a version {version} key, which gpgv cannot use").format(version=version))
    return digest.hexdigest().upper()
