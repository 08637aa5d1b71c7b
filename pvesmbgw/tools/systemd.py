"""systemd over D-Bus (org.freedesktop.systemd1); dbus is imported only when used."""

from __future__ import annotations

from typing import Any

from ..core.errors import PvesmbgwError
from ..core.i18n import _
from ..core.runner import Runner

_BUS = "org.freedesktop.systemd1"
_PATH = "/org/freedesktop/systemd1"


class Systemd:
    def __init__(self, runner: Runner) -> None:
        self.runner = runner

    def _manager(self) -> Any:
        try:  # dbus-python is heavy and absent off systemd hosts: imported on use
            import dbus
            bus = dbus.SystemBus()
            return dbus.Interface(bus.get_object(_BUS, _PATH), f"{_BUS}.Manager"), bus
        except Exception as exc:  # dbus raises its own types, and ImportError
            raise PvesmbgwError(
                _("cannot reach systemd over D-Bus ({type_name}); "
                "set service_manager = direct in the pvesmbgw config").format(type_name=exc.__class__.__name__)) from None

    def is_active(self, unit: str) -> bool:
        manager, bus = self._manager()
        import dbus  # loaded by _manager already
        try:
            path = manager.GetUnit(unit)
        except dbus.DBusException:
            return False
        props = dbus.Interface(bus.get_object(_BUS, path), "org.freedesktop.DBus.Properties")
        return str(props.Get(f"{_BUS}.Unit", "ActiveState")) in ("active", "reloading")

    def reload_or_restart(self, unit: str) -> None:
        """Reload a running unit (clients stay connected) or start a stopped one."""
        if self.runner.dry_run:
            self.runner.report(f"would reload-or-restart {unit} over D-Bus")
            return
        manager, _ = self._manager()
        manager.ReloadOrRestartUnit(unit, "replace")

    def restart(self, unit: str) -> None:
        """(Re)start UNIT: a running daemon re-reads everything (winbind after a join)."""
        if self.runner.dry_run:
            self.runner.report(f"would restart {unit} over D-Bus")
            return
        manager, _ = self._manager()
        manager.RestartUnit(unit, "replace")

    def stop(self, unit: str) -> None:
        if self.runner.dry_run:
            self.runner.report(f"would stop {unit} over D-Bus")
            return
        manager, _ = self._manager()
        manager.StopUnit(unit, "replace")
