"""Keeping winbindd running with the current config: systemd unit or a direct daemon."""

from __future__ import annotations

import time

from ...core.config import Config
from ...core.errors import PvesmbgwError
from ...core.runner import Runner
from ...tools.systemd import Systemd
from ...tools.winbind import Winbind

WINBIND_UNIT = "winbind.service"


class WinbindService:
    def __init__(self, cfg: Config, runner: Runner) -> None:
        self.manager = cfg.resolved_service_manager()
        self.runner = runner
        self.tool = Winbind(runner, str(cfg.samba_conf))
        self.systemd = Systemd(runner)

    def running(self) -> bool:
        if self.manager == "systemd":
            return self.systemd.is_active(WINBIND_UNIT)
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
        deadline = time.monotonic() + 15
        while self.tool.running() and time.monotonic() < deadline:
            time.sleep(0.2)

    def wait_online(self, timeout: float = 30.0) -> None:
        """Wait until winbindd talks to a DC (`wbinfo -P`)."""
        if self.runner.dry_run:
            return
        deadline = time.monotonic() + timeout
        while not self.tool.online():
            if time.monotonic() > deadline:
                raise PvesmbgwError(f"winbindd did not reach a domain controller within "
                                    f"{timeout:.0f}s (see its log file)")
            time.sleep(0.3)
