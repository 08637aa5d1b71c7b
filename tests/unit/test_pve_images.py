"""pve/images.py: a guest image's form, its checksum, and the verified local file."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from pvesmbgw.core.errors import ValidationError
from pvesmbgw.pve import images


def test_checksums_parse_to_algorithm_and_lower_case_hex() -> None:
    assert images.parse_checksum("sha256:ABCDEF") == ("sha256", "abcdef")
    assert images.parse_checksum("sha512:0a") == ("sha512", "0a")
    for bad in ("md5:00", "sha256", "sha256:", "sha256:xyz", "abc"):
        with pytest.raises(ValidationError, match="sha256:HEX or sha512:HEX"):
            images.parse_checksum(bad)


@pytest.mark.parametrize("source, message", [
    ("relative.qcow2", "not an absolute path or an http(s) URL"),
    ("/a b.qcow2", "spaces, commas"), ("/a,b.qcow2", "spaces, commas"),
    ("https://example.org/", "names no file"), ("ftp://x/y.img", "not an absolute path"),
])
def test_a_source_is_an_absolute_path_or_a_url_naming_a_file(source: str,
                                                               message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        images.check_source(source)


def test_file_names_of_urls_and_paths() -> None:
    assert images.file_name("https://x.org/a/b.qcow2?sig=1") == "b.qcow2"
    assert images.file_name("/srv/isos/t.iso") == "t.iso"


def test_a_local_image_is_verified_at_once_and_a_url_downloads_later(tmp_path: Path) -> None:
    image = tmp_path / "x.qcow2"
    image.write_bytes(b"disk")
    good = "sha256:" + hashlib.sha256(b"disk").hexdigest()
    assert images.local_image(str(image), good, tmp_path / "dl") == (image, [])
    with pytest.raises(ValidationError, match="does not match"):
        images.local_image(str(image), "sha256:" + "0" * 64, tmp_path / "dl")
    with pytest.raises(ValidationError, match="not an absolute path to a file"):
        images.local_image(str(tmp_path / "missing"), good, tmp_path / "dl")
    path, steps = images.local_image("https://example.org/i/y.img", good, tmp_path / "dl")
    assert path == tmp_path / "dl" / "y.img"
    assert [s.title for s in steps] == ["download https://example.org/i/y.img"]
    assert steps[0].preview == [f"download https://example.org/i/y.img to {path}, "
                                "verified against sha256"]
