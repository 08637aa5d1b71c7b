"""A Runner whose commands run inside a gateway guest (through its GuestChannel).

The AD tools (NetAds, Winbind, kinit_check, klist_keytab) take a Runner; handing them
this one makes the same code check, join and query a container or VM instead of the
host. Secrets still travel on stdin: `pct exec` passes its stdin to the command, and
`qm guest exec --pass-stdin` to the guest agent.
"""

from __future__ import annotations

from typing import Optional, Sequence

from ...pve.channel import EXEC_TIMEOUT, GuestChannel
from ...core.runner import Result, Runner


class ChannelRunner(Runner):
    def __init__(self, ch: GuestChannel) -> None:
        super().__init__(ch.runner.dry_run, ch.runner.timeout, ch.runner.report)
        self.ch = ch

    def run(self, argv: Sequence[str], *, mutating: bool, input: Optional[str] = None,
            ok_codes: Sequence[int] = (0,), timeout: Optional[float] = None,
            secret: bool = False, cwd: Optional[str] = None,
            env: Optional[dict[str, str]] = None) -> Result:
        """Run ARGV in the guest (CWD is not supported there and must be None)."""
        assert cwd is None, "no working directory inside a guest"
        args = tuple(str(a) for a in argv)
        limit = int(timeout) if timeout else EXEC_TIMEOUT
        code, out = self.ch.run(args, mutating=mutating, ok_codes=ok_codes, timeout=limit,
                                env=env, input=input, secret=secret)
        return Result(args, code, out, "", 0.0)
