"""qm (QEMU/KVM VMs): argv builders and parsers of its output."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Optional

from ..core.errors import CommandError
from ..core.runner import Runner


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

    def shutdown_argv(self, vmid: int, timeout: int) -> list[str]:
        """A clean shutdown, a hard stop after TIMEOUT seconds."""
        return ["qm", "shutdown", str(vmid), "--timeout", str(timeout), "--forceStop", "1"]

    def destroy_argv(self, vmid: int) -> list[str]:
        return ["qm", "destroy", str(vmid), "--purge"]


    def clone_argv(self, template: int, vmid: int, name: str, full: bool,
                   storage: Optional[str] = None) -> list[str]:
        argv = ["qm", "clone", str(template), str(vmid), "--name", name,
                "--full", "1" if full else "0"]
        if full and storage:
            argv += ["--storage", storage]
        return argv

    def set_argv(self, vmid: int, options: dict[str, str]) -> list[str]:
        argv = ["qm", "set", str(vmid)]
        for key, value in options.items():
            argv += [f"--{key}", value]
        return argv

    def delete_argv(self, vmid: int, keys: list[str]) -> list[str]:
        return ["qm", "set", str(vmid), "--delete", ",".join(keys)]

    def snapshot_argv(self, vmid: int, name: str, description: str = "") -> list[str]:
        return ["qm", "snapshot", str(vmid), name] + (
            ["--description", description] if description else [])

    def rollback_argv(self, vmid: int, name: str, start: bool = False) -> list[str]:
        return ["qm", "rollback", str(vmid), name] + (["--start", "1"] if start else [])

    def delsnapshot_argv(self, vmid: int, name: str) -> list[str]:
        return ["qm", "delsnapshot", str(vmid), name]

    def start_argv(self, vmid: int) -> list[str]:
        return ["qm", "start", str(vmid)]

    def reboot_argv(self, vmid: int) -> list[str]:
        return ["qm", "reboot", str(vmid)]

    def ping_argv(self, vmid: int) -> list[str]:
        return ["qm", "guest", "cmd", str(vmid), "ping"]

    def exec_argv(self, vmid: int, command: list[str], stdin: bool = False,
                  timeout: int = 60) -> list[str]:
        argv = ["qm", "guest", "exec", str(vmid), "--timeout", str(timeout)]
        if stdin:
            argv += ["--pass-stdin", "1"]
        return argv + ["--", *command]

    def interfaces(self, vmid: int) -> list[dict[str, Any]]:
        out = self.runner.run(["qm", "guest", "cmd", str(vmid), "network-get-interfaces"],
                              mutating=False).stdout
        data = json.loads(out or "[]")
        return data if isinstance(data, list) else []


@dataclass(frozen=True)
class ExecResult:
    """What `qm guest exec` printed: the guest command's own exit code and output."""

    exitcode: Optional[int]  # None: still running when qm stopped waiting, or killed
    out: str
    err: str


def parse_exec(text: str) -> ExecResult:
    """Parse `qm guest exec` JSON. qm exits 0 whatever the guest command returned."""
    try:
        data = json.loads(text)
    except ValueError:
        return ExecResult(None, "", f"unexpected qm guest exec output: {text[:200]!r}")
    code = data.get("exitcode") if data.get("exited") else None
    return ExecResult(code if isinstance(code, int) else None,
                      str(data.get("out-data", "")), str(data.get("err-data", "")))


def first_address(interfaces: list[dict[str, Any]]) -> Optional[str]:
    """The first IPv4 address of a non-loopback interface (network-get-interfaces)."""
    for nic in interfaces:
        if nic.get("name") == "lo":
            continue
        for addr in nic.get("ip-addresses") or []:
            if addr.get("ip-address-type") == "ipv4":
                return str(addr.get("ip-address"))
    return None
