"""Keeping smbd serving the current config: systemd unit or a directly run smbd."""

from __future__ import annotations

from ..config import Config
from ..runner import Runner
from ..tools.samba import SambaTools
from ..tools.systemd import Systemd

SMBD_UNIT = "smbd.service"


class SmbService:
    def __init__(self, cfg: Config, runner: Runner) -> None:
        self.manager = cfg.resolved_service_manager()
        self.tools = SambaTools(runner, cfg.samba_conf)
        self.systemd = Systemd(runner)

    def running(self) -> bool:
        if self.manager == "systemd":
            return self.systemd.is_active(SMBD_UNIT)
        return self.tools.smbd_running()

    def apply(self) -> None:
        """Make smbd serve the files on disk: reload when running, start otherwise."""
        if self.manager == "systemd":
            self.systemd.reload_or_restart(SMBD_UNIT)
        elif self.tools.smbd_running():
            self.tools.smbd_reload()
        else:
            self.tools.smbd_start()

    def reload_if_running(self) -> None:
        """Used on rollback: a running smbd re-reads the restored files."""
        if self.running():
            if self.manager == "systemd":
                self.systemd.reload_or_restart(SMBD_UNIT)
            else:
                self.tools.smbd_reload()
