"""Samba's `net ads` (join, leave, testjoin, info, workgroup, keytab) and `kinit`.

Passwords go to the child on stdin: `net -U USER` without `%password` and MIT `kinit`
both read it from there when stdin is not a terminal. Every `net` call names the
smb.conf explicitly, so a private Samba instance can be driven.
"""

from __future__ import annotations

import re
from typing import Optional

from ..core.errors import CommandError
from ..core.runner import Result, Runner

_OFFSET_RE = re.compile(r"^Server time offset:\s*(-?\d+)", re.MULTILINE)
_SID_RE = re.compile(r"S-1-5-21(?:-\d+){3}")
_WORKGROUP_RE = re.compile(r"^Workgroup:\s*(\S+)", re.MULTILINE)


class NetAds:
    def __init__(self, runner: Runner, conf: str) -> None:
        self.runner = runner
        self.conf = conf

    def join_argv(self, user: str, ou: Optional[str] = None) -> list[str]:
        argv = ["net", "ads", "join", "-s", self.conf, "-U", user]
        if ou:
            argv.append(f"createcomputer={ou}")
        return argv

    def join(self, user: str, password: str, ou: Optional[str] = None) -> Result:
        return self.runner.run(self.join_argv(user, ou), mutating=True, input=password + "\n",
                               secret=True, timeout=120)

    def leave_argv(self, user: str) -> list[str]:
        return ["net", "ads", "leave", "-s", self.conf, "-U", user]

    def leave(self, user: str, password: str) -> Result:
        return self.runner.run(self.leave_argv(user), mutating=True, input=password + "\n",
                               secret=True, timeout=120)

    def keytab_create_argv(self) -> list[str]:
        # -P: with the machine account's own password (from secrets.tdb), no user secret.
        return ["net", "ads", "keytab", "create", "-P", "-s", self.conf]

    def local_sid(self) -> str:
        """The SID of the guest's own accounts (`net getlocalsid`; Samba creates one for
        the current NetBIOS name when it has none)."""
        out = self.runner.run(["net", "getlocalsid", "-s", self.conf], mutating=False,
                              timeout=30).stdout
        match = _SID_RE.search(out)
        if not match:
            raise CommandError(["net", "getlocalsid"], 0, out, "no SID in the output")
        return match.group(0)

    def set_local_sid_argv(self, sid: str) -> list[str]:
        """Store SID as the local SID of the NetBIOS name SELF.conf sets."""
        return ["net", "setlocalsid", sid, "-s", self.conf]

    def testjoin(self) -> tuple[bool, str]:
        """(join is valid, what net said)."""
        try:
            res = self.runner.run(["net", "ads", "testjoin", "-s", self.conf],
                                  mutating=False, timeout=60)
        except CommandError as exc:
            return False, (exc.stderr.strip() or exc.stdout.strip()).splitlines()[-1:][0] \
                if (exc.stderr.strip() or exc.stdout.strip()) else f"exit {exc.returncode}"
        return True, res.stdout.strip()

    def workgroup(self, realm: str) -> str:
        """The domain's NetBIOS name, asked from a DC over CLDAP."""
        out = self.runner.run(["net", "ads", "workgroup", f"--realm={realm}", "-s", self.conf],
                              mutating=False, timeout=60).stdout
        match = _WORKGROUP_RE.search(out)
        if not match:
            raise CommandError(["net", "ads", "workgroup"], 0, out, "no Workgroup: line")
        return match.group(1)

    def time_offset(self, realm: str) -> int:
        """Seconds between the DC's clock and ours (`net ads info`)."""
        out = self.runner.run(["net", "ads", "info", f"--realm={realm}", "-s", self.conf],
                              mutating=False, timeout=60).stdout
        match = _OFFSET_RE.search(out)
        if not match:
            raise CommandError(["net", "ads", "info"], 0, out, "no 'Server time offset' line")
        return int(match.group(1))


def kinit_check(runner: Runner, principal: str, password: str, krb5_conf: str) -> None:
    """Get a ticket for PRINCIPAL into a memory cache (nothing is stored): proves the
    password, the KDC and the clocks. Raises CommandError with kinit's message."""
    runner.run(["kinit", principal], mutating=False, input=password + "\n", secret=True,
               timeout=30, env={"KRB5_CONFIG": krb5_conf, "KRB5CCNAME": "MEMORY:pvesmbgw"})


def klist_keytab(runner: Runner, keytab: str) -> list[str]:
    """The principals in KEYTAB (`klist -k`)."""
    out = runner.run(["klist", "-k", keytab], mutating=False, timeout=15).stdout
    principals = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0].isdigit():
            principals.append(parts[1])
    return principals
