"""Keeping winbindd running with the current config: systemd unit or a direct daemon."""

from __future__ import annotations

import time

from ...core.config import Config
from ...core.i18n import _
from ...core.runner import Runner
from ...tools.winbind import Winbind
from ..samba.service import Daemon

WINBIND_UNIT = "winbind.service"


class WinbindService(Daemon):
    unit = WINBIND_UNIT

    def __init__(self, cfg: Config, runner: Runner) -> None:
        super().__init__(cfg, runner)
        self.tool = Winbind(runner, str(cfg.samba_conf))

    def running_directly(self) -> bool:
        return self.tool.running()

    def restart(self) -> None:
        """(Re)start winbindd so that it picks up a new domain membership."""
        if self.manager == "systemd":
            self.systemd.restart(WINBIND_UNIT)
            return
        if self.tool.running():
            self.stop()
        self.runner.run(self.tool.start_argv(), mutating=True, timeout=30)

    def stop(self) -> None:
        if self.manager == "systemd":
            self.systemd.stop(WINBIND_UNIT)
            return
        if not self.tool.running():
            return
        self.runner.run(self.tool.stop_argv(), mutating=True, timeout=30)
        # Best effort: a winbindd slow to go is not an error (the caller restarts it).
        deadline = time.monotonic() + 15
        while self.tool.running() and time.monotonic() < deadline:
            time.sleep(0.2)

    def wait_online(self, timeout: float = 30.0) -> None:
        """Wait until winbindd talks to a DC (`wbinfo -P`)."""
        self.wait(self.tool.online, timeout, _("winbindd did not reach a domain controller "
                  "within {timeout:.0f}s (see its log file)").format(timeout=timeout))
