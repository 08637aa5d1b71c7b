"""Guest images a VM is created from (a disk image to import, an installer ISO): their
name's form, their checksum, and the step that downloads one into a local file.

A source is an absolute path or an http(s) URL. It goes into qm's `import-from=` (where
',' starts another option), and a URL names the downloaded file, which must be a plain
name. A downloaded file is verified before it replaces its target, so a bad download
never reaches qm.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path
from typing import Callable, Optional

from ..core.errors import ValidationError
from ..core.i18n import _
from ..core.records import RestoreFile
from ..core.txn import Step

ALGORITHMS = ("sha256", "sha512")
HEX_LENGTH = {"sha256": 64, "sha512": 128}


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def check_source(source: str, field: str = "image") -> None:
    """SOURCE's form: an absolute path or an http(s) URL naming a file, without spaces,
    commas or control characters."""
    if any(not c.isprintable() or c.isspace() or c == "," for c in source):
        raise ValidationError(field, _("must not contain spaces, commas or control "
                              "characters: {source!r}").format(source=source))
    if is_url(source):
        if file_name(source) in ("", ".", ".."):
            raise ValidationError(field, _("{source} names no file to download").format(source=source))
    elif not source.startswith("/"):
        raise ValidationError(field, _("{source} is not an absolute path or an "
                              "http(s) URL").format(source=source))


def file_name(source: str) -> str:
    """The file name a URL's path ends in (a path's own name)."""
    return os.path.basename(source.split("?")[0])


def parse_checksum(text: str) -> tuple[str, str]:
    """"sha256:HEX" or "sha512:HEX" -> (algorithm, lower-case hex digest)."""
    algo, sep, digest = text.partition(":")
    if not sep or algo not in ALGORITHMS or not digest or \
            any(c not in "0123456789abcdefABCDEF" for c in digest):
        raise ValidationError("checksum", _("use sha256:HEX or sha512:HEX"))
    return algo, digest.lower()


def file_digest(path: Path, algo: str) -> str:
    hasher = hashlib.new(algo)
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


def check_file(path: Path, checksum: Optional[str], field: str = "image") -> None:
    """PATH is an existing file matching CHECKSUM (when one is given)."""
    if not path.is_absolute() or not path.is_file():
        raise ValidationError(field, _("{path} is not an absolute path to a file").format(path=path))
    if checksum:
        algo, digest = parse_checksum(checksum)
        if file_digest(path, algo) != digest:
            raise ValidationError("checksum", _("{path} does not match {checksum}").format(path=path, checksum=checksum))


def local_image(source: str, checksum: Optional[str], downloads: Path,
                progress: Callable[[str], None] = lambda line: None,
                field: str = "image") -> tuple[Path, list[Step]]:
    """The local file of SOURCE: a path (checked now against CHECKSUM), or a URL's file
    in DOWNLOADS with the step that downloads and verifies it (undone by removing it)."""
    if not is_url(source):
        path = Path(source)
        check_file(path, checksum, field)
        return path, []
    target = downloads / file_name(source)
    return target, [download_step(source, target, checksum, progress)]


def download_step(url: str, target: Path, checksum: Optional[str],
                  progress: Callable[[str], None] = lambda line: None) -> Step:
    """Download URL to TARGET (through TARGET.part), verified against CHECKSUM first."""
    check = parse_checksum(checksum) if checksum else None

    def download() -> None:
        import urllib.request  # only for downloads: keeps start-up lean
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        progress(f"downloading {url}")
        with urllib.request.urlopen(url, timeout=60) as response, \
                open(partial, "wb") as out:
            shutil.copyfileobj(response, out, 1 << 20)
        if check and file_digest(partial, check[0]) != check[1]:
            partial.unlink()
            raise ValidationError("checksum", _("{url} does not match {checksum}").format(url=url, checksum=checksum))
        partial.replace(target)
    shown = f", verified against {checksum.split(':')[0]}" if checksum else ""
    return Step(f"download {url}", download, RestoreFile(path=str(target)),
                [f"download {url} to {target}{shown}"])
