"""A template repository as its maintainer keeps one, for the tests and the bench: a git
work tree with templates/<id>.yml, its index.json built as `pve-svc index build` builds
it and signed (`gpg --detach-sign --armor`) with a throwaway key made in a private
GNUPGHOME. Everything lives under the directory it is given; close() stops the
gpg-agent gpg started for that home (by its home, never by name)."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from pvesmbgw.svc import index

from .paths import REPO
from .proc import run

DEMO = REPO / "tests" / "data" / "svc" / "demo.yml"
GIT_ENV = {"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}


@dataclass
class Signer:
    home: Path
    fingerprint: str
    keyring: Path  # binary public keyring
    armored: Path  # the same, ASCII-armored

    def sign(self, data: Path, signature: Path) -> None:
        run(["gpg", "--homedir", str(self.home), "--batch", "--yes", "--detach-sign",
             "--armor", "--output", str(signature), str(data)])

    def close(self) -> None:
        subprocess.run(["gpgconf", "--homedir", str(self.home), "--kill", "gpg-agent"],
                       capture_output=True, timeout=30)


def make_signer(home: Path, name: str) -> Signer:
    """A new ed25519 signing key (no passphrase) in its own GNUPGHOME HOME."""
    home.mkdir(mode=0o700, parents=True)
    uid = f"{name} <{name}@example.org>"
    run(["gpg", "--homedir", str(home), "--batch", "--passphrase", "", "--quick-gen-key",
         uid, "ed25519", "sign", "never"])
    colons = run(["gpg", "--homedir", str(home), "--with-colons", "--fingerprint"]).stdout
    fingerprint = next(l.split(":")[9] for l in colons.splitlines() if l.startswith("fpr:"))
    keyring, armored = home.parent / f"{name}.gpg", home.parent / f"{name}.asc"
    for path, armor in ((keyring, []), (armored, ["--armor"])):
        data = subprocess.run(["gpg", "--homedir", str(home), "--batch", *armor, "--export"],
                              capture_output=True, check=True, timeout=60).stdout
        path.write_bytes(data)
    return Signer(home, fingerprint, keyring, armored)


def template_text(tid: str, description: str = "") -> str:
    """The demo template (tests/data/svc) as template TID."""
    text = DEMO.read_text().replace("id: demo", f"id: {tid}")
    if description:
        text = text.replace("description: A stand-in service",
                            f"description: {description}. A stand-in service")
    return text


class TemplateRepo:
    """A git work tree at PATH whose HEAD is what a node fetches."""

    def __init__(self, path: Path) -> None:
        self.path = path
        (path / index.TEMPLATES).mkdir(parents=True)
        self.git("init", "--quiet", "--initial-branch=main")

    def git(self, *args: str) -> str:
        return subprocess.run(["git", "-c", "user.name=Maintainer",
                               "-c", "user.email=m@example.org", *args],
                              cwd=self.path, env={**os.environ, **GIT_ENV}, check=True,
                              capture_output=True, text=True, timeout=120).stdout

    def add(self, tid: str, text: Optional[str] = None) -> Path:
        path = self.path / index.template_file(tid)
        path.write_text(text if text is not None else template_text(tid))
        return path

    def build(self, serial: Optional[int] = None) -> index.Index:
        """index.json, as `pve-svc index build` writes it."""
        built, problems = index.build_for(self.path, self.path / index.FILE, serial)
        assert built is not None, problems
        (self.path / index.FILE).write_bytes(built.dumps())
        return built

    def commit(self, message: str = "change") -> str:
        self.git("add", "--all")
        self.git("commit", "--quiet", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD").strip()

    def publish(self, signer: Optional[Signer], serial: Optional[int] = None) -> str:
        """Build the index, sign it with SIGNER (None: leave the signature as it is),
        commit everything; the commit."""
        self.build(serial)
        if signer is not None:
            signer.sign(self.path / index.FILE, self.path / index.SIGNATURE)
        return self.commit()
