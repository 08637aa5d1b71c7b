"""Keeping smbd serving the current config: systemd unit or a directly run smbd."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Callable

from ...core.config import Config
from ...core.errors import CommandError, PvesmbgwError
from ...core.i18n import _
from ...core.records import Context, Record, register
from ...core.runner import Runner
from ...tools.samba import SambaTools
from ...tools.systemd import Systemd

SMBD_UNIT = "smbd.service"

log = logging.getLogger(__name__)


class Daemon:
    """A Samba daemon run by its systemd unit, or directly where systemd does not run
    the host (containers, CI): the `service_manager` setting decides."""

    unit = ""

    def __init__(self, cfg: Config, runner: Runner) -> None:
        self.manager = cfg.resolved_service_manager()
        self.runner = runner
        self.systemd = Systemd(runner)

    def running(self) -> bool:
        if self.manager == "systemd":
            return self.systemd.is_active(self.unit)
        return self.running_directly()

    def running_directly(self) -> bool:
        raise NotImplementedError

    def wait(self, done: Callable[[], bool], timeout: float, failure: str) -> None:
        """Poll DONE until it holds; PvesmbgwError(FAILURE) after TIMEOUT seconds."""
        if self.runner.dry_run:
            return
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                raise PvesmbgwError(failure)
            time.sleep(0.2)


class SmbService(Daemon):
    unit = SMBD_UNIT

    def __init__(self, cfg: Config, runner: Runner) -> None:
        super().__init__(cfg, runner)
        self.tools = SambaTools(runner, cfg.samba_conf)

    def running_directly(self) -> bool:
        return self.tools.smbd_running()

    def apply(self) -> None:
        """Make smbd serve the files on disk: reload when running, start otherwise."""
        if self.manager == "systemd":
            self.systemd.reload_or_restart(SMBD_UNIT)
        elif not self._reloaded():
            self.tools.smbd_start()
            self._wait_until_running()

    def _reloaded(self) -> bool:
        """Reload a running smbd; False when none runs.

        smbd usually runs, so the reload is sent first rather than after a ping: one
        smbcontrol per change instead of two. It fails when no smbd runs, and only then
        a ping tells that apart from a running smbd that refused (an error). A dry run
        asks first: the reload it reports is not sent."""
        if self.runner.dry_run:
            if not self.tools.smbd_running():
                return False
            self.tools.smbd_reload()
            return True
        try:
            self.tools.smbd_reload()
        except CommandError:
            if self.tools.smbd_running():
                raise
            return False
        return True

    def _wait_until_running(self, timeout: float = 15.0) -> None:
        # `smbd -D` exits 0 before it has bound its ports (or failed to), so ask it.
        self.wait(self.tools.smbd_running, timeout,
                  _("smbd did not come up within {timeout:.0f}s (see its log file)").format(timeout=timeout))

    def reload_if_running(self) -> None:
        """Used on rollback: a running smbd re-reads the restored files."""
        if self.running():
            if self.manager == "systemd":
                self.systemd.reload_or_restart(SMBD_UNIT)
            else:
                self.tools.smbd_reload()


@register("reload_smbd")
@dataclass(frozen=True)
class ReloadSmbd(Record):
    """Reload the host's smbd (when running), so that it serves the restored files."""

    def apply(self, ctx: Context) -> None:
        try:
            SmbService(ctx.cfg, ctx.runner).reload_if_running()
        except CommandError as exc:
            # Not fatal for the rollback: files are already restored on disk.
            log.warning("could not reload smbd after rollback: %s", exc)
