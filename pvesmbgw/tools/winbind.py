"""winbindd and its clients: wbinfo, ntlm_auth (Samba's winbind package)."""

from __future__ import annotations

import re
import urllib.parse
from typing import Optional

from ..core.errors import CommandError
from ..core.runner import Runner


class Winbind:
    def __init__(self, runner: Runner, conf: str) -> None:
        self.runner = runner
        self.conf = conf

    def running(self) -> bool:
        try:
            self.runner.run(["smbcontrol", "-s", self.conf, "winbindd", "ping"],
                            mutating=False, timeout=15)
        except CommandError:
            return False
        return True

    def start_argv(self) -> list[str]:
        return ["winbindd", "-D", "-s", self.conf]

    def stop_argv(self) -> list[str]:
        return ["smbcontrol", "-s", self.conf, "winbindd", "shutdown"]

    def online(self) -> bool:
        """winbindd reaches a DC of its domain (`wbinfo -P`)."""
        try:
            self.runner.run(["wbinfo", "-P"], mutating=False, timeout=30)
        except CommandError:
            return False
        return True

    def user_ids(self, name: str) -> Optional[tuple[int, int]]:
        """(uid, gid) of a domain user through winbind, or None if it is unknown."""
        try:
            out = self.runner.run(["wbinfo", "-i", name], mutating=False, timeout=30).stdout
        except CommandError:
            return None
        fields = out.strip().split(":")
        if len(fields) < 4:
            return None
        return int(fields[2]), int(fields[3])

    def authenticate(self, name: str, password: str) -> bool:
        """Check NAME's password through winbind, as smbd would (ntlm_auth basic helper;
        the password goes on stdin, URL-encoded as that protocol wants)."""
        line = f"{urllib.parse.quote(name)} {urllib.parse.quote(password)}\n"
        out = self.runner.run(["ntlm_auth", "--helper-protocol=squid-2.5-basic",
                               f"--configfile={self.conf}"], mutating=False, input=line, secret=True,
                              timeout=30).stdout
        return out.strip().startswith("OK")


_SID_RE = re.compile(r"S-1-\d+(?:-\d+)+")


def _sid_field(text: str) -> Optional[str]:
    """The SID a wbinfo line starts with, or None when it starts with anything else."""
    words = text.split()
    return words[0] if words and _SID_RE.fullmatch(words[0]) else None


def lookup_sid(runner: Runner, name: str) -> Optional[str]:
    """The SID winbind resolves NAME to (`wbinfo -n`: user or group), or None."""
    try:
        out = runner.run(["wbinfo", "-n", name], mutating=False, timeout=30).stdout
    except CommandError:
        return None
    return _sid_field(out)


def domain_sid(runner: Runner, domain: str) -> Optional[str]:
    """DOMAIN's SID as winbind knows it (`wbinfo -D`), or None."""
    try:
        out = runner.run(["wbinfo", "-D", domain], mutating=False, timeout=30).stdout
    except CommandError:
        return None
    for line in out.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "SID":
            return _sid_field(value)
    return None
