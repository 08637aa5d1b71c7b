"""winbindd and its clients: wbinfo, ntlm_auth (Samba's winbind package)."""

from __future__ import annotations

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
