"""qm (QEMU/KVM VMs): argv builders and parsers of its output."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..errors import CommandError
from ..runner import Runner


@dataclass(frozen=True)
class VmConfig:
    values: dict[str, str]

    @property
    def is_template(self) -> bool:
        return self.values.get("template") == "1"


def parse_config(text: str) -> VmConfig:
    values: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("["):
            break
        key, sep, value = line.partition(":")
        if sep:
            values[key.strip()] = value.strip()
    return VmConfig(values)


class Qm:
    def __init__(self, runner: Runner) -> None:
        self.runner = runner

    def config(self, vmid: int) -> VmConfig:
        return parse_config(self.runner.run(["qm", "config", str(vmid)],
                                            mutating=False).stdout)

    def state(self, vmid: int) -> Optional[str]:
        """'running', 'stopped', …, or None when the VM does not exist (one call)."""
        try:
            out = self.runner.run(["qm", "status", str(vmid)], mutating=False).stdout
        except CommandError as exc:
            if "does not exist" in exc.stderr or "unable to find" in exc.stderr:
                return None
            raise
        return out.strip().partition(":")[2].strip()

    def exists(self, vmid: int) -> bool:
        return self.state(vmid) is not None

    def create_argv(self, vmid: int, options: dict[str, str]) -> list[str]:
        argv = ["qm", "create", str(vmid)]
        for key, value in options.items():
            argv += [f"--{key}", value]
        return argv

    def template_argv(self, vmid: int) -> list[str]:
        return ["qm", "template", str(vmid)]

    def stop_argv(self, vmid: int) -> list[str]:
        return ["qm", "stop", str(vmid)]

    def destroy_argv(self, vmid: int) -> list[str]:
        return ["qm", "destroy", str(vmid), "--purge"]

