"""pct (Proxmox container toolkit): argv builders and parsers of its text output."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Sequence

from ..core.errors import CommandError
from ..core.runner import Runner

_MP_KEY = re.compile(r"mp(\d+)$")
MAX_MOUNT_POINTS = 256


@dataclass(frozen=True)
class CtConfig:
    """`pct config` output: main keys, raw lxc.* lines, and pending changes."""

    values: dict[str, str]
    lxc: list[str]

    def mount_keys(self) -> list[str]:
        return sorted((k for k in self.values if _MP_KEY.match(k)),
                      key=lambda k: int(k[2:]))

    def free_mount_key(self, taken: Sequence[str] = ()) -> str:
        used = set(self.mount_keys()) | set(taken)
        for i in range(MAX_MOUNT_POINTS):
            if f"mp{i}" not in used:
                return f"mp{i}"
        raise LookupError("all 256 mount points are in use")

    def mount_source(self, key: str) -> Optional[str]:
        value = self.values.get(key)
        return value.split(",", 1)[0] if value else None


def parse_config(text: str) -> CtConfig:
    values: dict[str, str] = {}
    lxc: list[str] = []
    for line in text.splitlines():
        if line.startswith("["):
            break
        key, sep, value = line.partition(":")
        if not sep:
            continue
        if key.startswith("lxc."):
            lxc.append(line)
        else:
            values[key.strip()] = value.strip()
    return CtConfig(values, lxc)


def mount_value(host_path: str, ct_path: str) -> str:
    """An mpN bind mount property string (volume first, then sorted keys)."""
    return f"{host_path},mp={ct_path}"


class Pct:
    def __init__(self, runner: Runner) -> None:
        self.runner = runner

    def config(self, vmid: int, current: bool = True) -> CtConfig:
        argv = ["pct", "config", str(vmid)] + (["--current"] if current else [])
        return parse_config(self.runner.run(argv, mutating=False).stdout)

    def state(self, vmid: int) -> Optional[str]:
        """'running' or 'stopped', or None when the container does not exist (one call)."""
        try:
            out = self.runner.run(["pct", "status", str(vmid)], mutating=False).stdout
        except CommandError as exc:
            if "does not exist" in exc.stderr:
                return None
            raise
        return out.strip().partition(":")[2].strip()

    def exists(self, vmid: int) -> bool:
        return self.state(vmid) is not None

    def create_argv(self, vmid: int, template: str, options: dict[str, str]) -> list[str]:
        argv = ["pct", "create", str(vmid), template]
        for key, value in options.items():
            argv += [f"--{key}", value]
        return argv

    def set_argv(self, vmid: int, options: dict[str, str]) -> list[str]:
        argv = ["pct", "set", str(vmid)]
        for key, value in options.items():
            argv += [f"--{key}", value]
        return argv

    def delete_argv(self, vmid: int, keys: Sequence[str]) -> list[str]:
        return ["pct", "set", str(vmid), "--delete", ",".join(keys)]

    def snapshot_argv(self, vmid: int, name: str, description: str = "") -> list[str]:
        return ["pct", "snapshot", str(vmid), name] + (
            ["--description", description] if description else [])

    def rollback_argv(self, vmid: int, name: str, start: bool = False) -> list[str]:
        return ["pct", "rollback", str(vmid), name] + (["--start", "1"] if start else [])

    def delsnapshot_argv(self, vmid: int, name: str) -> list[str]:
        return ["pct", "delsnapshot", str(vmid), name]

    def start_argv(self, vmid: int) -> list[str]:
        return ["pct", "start", str(vmid)]

    def stop_argv(self, vmid: int) -> list[str]:
        return ["pct", "stop", str(vmid)]

    def shutdown_argv(self, vmid: int, timeout: int) -> list[str]:
        """A clean shutdown, a hard stop after TIMEOUT seconds."""
        return ["pct", "shutdown", str(vmid), "--timeout", str(timeout), "--forceStop", "1"]

    def destroy_argv(self, vmid: int) -> list[str]:
        return ["pct", "destroy", str(vmid), "--purge"]

    def push_argv(self, vmid: int, local: str, dest: str, perms: str = "0644") -> list[str]:
        return ["pct", "push", str(vmid), local, dest, "--perms", perms]

    def exec_argv(self, vmid: int, command: Sequence[str]) -> list[str]:
        # --keep-env 1 (also the default) so variables the runner adds reach the command.
        return ["pct", "exec", str(vmid), "--keep-env", "1", "--", *command]

    def exec(self, vmid: int, command: Sequence[str], mutating: bool,
             ok_codes: Sequence[int] = (0,), timeout: Optional[float] = None) -> int:
        return self.runner.run(self.exec_argv(vmid, command), mutating=mutating,
                               ok_codes=ok_codes, timeout=timeout).returncode
