"""`pve-svc test`: a template's trial on this node, as a template repository's CI runs it.

Each template is installed as a throwaway instance (`t-ID-XXXXXX`) with new data
volumes, through the same transaction as `install` (so its own health-check step runs),
then its health is checked again from the host as `status` does, and it is uninstalled
with --purge. The result names the phase that failed, the time of each phase and of each
install step, and the end of the instance's log (what the guest printed, secrets
redacted). A failed install has already rolled itself back; after a failed health check
the instance is uninstalled too, unless KEEP asks to leave it for a look.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

from ..core.errors import PvesmbgwError
from ..core.i18n import _
from .template import Template

LOG_TAIL_LINES = 40
PASS, FAIL, SKIP, PLANNED = "pass", "fail", "skip", "planned"


@dataclass
class StepTimer:
    """Times the transaction's steps from its progress lines ("[n/total] title")."""

    forward: Optional[Callable[[str], None]] = None
    steps: list[dict[str, Any]] = field(default_factory=list)
    _started: float = 0.0

    def __call__(self, line: str) -> None:
        now = time.monotonic()
        self.close(now)
        if line.startswith("[") and "] " in line:
            self.steps.append({"step": line.split("] ", 1)[1], "seconds": None})
            self._started = now
        if self.forward is not None:
            self.forward(line)

    def close(self, now: Optional[float] = None) -> None:
        if self.steps and self.steps[-1]["seconds"] is None:
            end = time.monotonic() if now is None else now
            self.steps[-1]["seconds"] = round(end - self._started, 2)


@dataclass
class Trial:
    """The result of one template's trial (JSON: as_json)."""

    target: str
    template: str = ""
    instance: str = ""
    result: str = FAIL
    phase: str = ""  # where it failed (or was skipped): lint, install, health, uninstall
    error: str = ""
    seconds: dict[str, float] = field(default_factory=dict)
    steps: list[dict[str, Any]] = field(default_factory=list)
    log_tail: list[str] = field(default_factory=list)
    left: bool = False  # the instance is still installed (a failed health check/uninstall)

    def as_json(self) -> dict[str, Any]:
        return {"target": self.target, "template": self.template, "instance": self.instance,
                "result": self.result, "phase": self.phase or None, "error": self.error or None,
                "seconds": self.seconds, "steps": self.steps, "log_tail": self.log_tail,
                "instance_left": self.left}


def instance_name(t: Template) -> str:
    """A throwaway instance name: t-ID-XXXXXX, within the 32 characters names may have."""
    return f"t-{t.id[:23].rstrip('-')}-{secrets.token_hex(3)}"


def timer_for(mgr: Any) -> StepTimer:
    """MGR's progress lines, timed (before MGR's first transaction, which keeps them)."""
    timer = StepTimer(mgr.progress)
    mgr.progress = timer
    return timer


def run(mgr: Any, timer: StepTimer, t: Template, target: str, params: dict[str, str],
        keep: bool = False) -> Trial:
    """Install T as a throwaway instance on MGR's node, check it, uninstall it."""
    from .planner import InstallRequest
    trial = Trial(target=target, template=t.id, instance=instance_name(t))
    if t.manual:
        trial.result, trial.phase = SKIP, "install"
        trial.error = _("an installer-ISO template (install: manual) cannot be tried unattended")
        return trial
    timer.steps = []
    log = mgr.cfg.svc.log_dir / f"{trial.instance}.log"
    try:
        try:
            _timed(trial, "install", lambda: mgr.install(
                InstallRequest(template=t, name=trial.instance, params=dict(params))))
        finally:
            timer.close()
            trial.steps, timer.steps = timer.steps, []  # the install's steps only
        if mgr.runner.dry_run:
            trial.result = PLANNED
            return trial
        trial.left = True
        status = _timed(trial, "health", lambda: mgr.status(trial.instance))
        if not status.get("healthy"):
            raise _Failed("health", _("{instance} is not healthy: "
                          "{health_problem}").format(instance=trial.instance, health_problem=status.get('health_problem')))
        _timed(trial, "uninstall", lambda: mgr.uninstall(trial.instance, purge=True))
        trial.left = False
        trial.result = PASS
    except _Failed as exc:
        trial.phase, trial.error = exc.phase, exc.message
        if trial.left and exc.phase == "health" and not keep:
            try:
                _timed(trial, "uninstall", lambda: mgr.uninstall(trial.instance, purge=True))
                trial.left = False
            except _Failed as again:
                trial.error += _("; uninstall failed too: {message}").format(message=again.message)
    finally:
        trial.log_tail = _tail(log)
        if not trial.left:
            log.unlink(missing_ok=True)
    return trial


class _Failed(Exception):
    def __init__(self, phase: str, message: str) -> None:
        super().__init__(message)
        self.phase = phase
        self.message = message


def _timed(trial: Trial, phase: str, action: Callable[[], Any]) -> Any:
    started = time.monotonic()
    try:
        return action()
    except PvesmbgwError as exc:
        raise _Failed(phase, str(exc)) from None
    finally:
        trial.seconds[phase] = round(time.monotonic() - started, 2)


def _tail(log: Path) -> list[str]:
    try:
        lines = log.read_text(errors="replace").splitlines()
    except OSError:
        return []
    return lines[-LOG_TAIL_LINES:]
