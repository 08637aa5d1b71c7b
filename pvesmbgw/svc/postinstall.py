"""Work done inside the guest: the apt proxy, the secrets (0600 files), the template's
packages and post-install steps, each an argv run by the guest channel (`pct exec`),
never by a shell on the host. What a step prints goes to the instance's log with every
secret value replaced by `<secret NAME>`."""

from __future__ import annotations

import os
import shlex
import time
from pathlib import Path
from typing import Mapping, Sequence

from ..core.errors import CommandError, PvesmbgwError
from ..core.i18n import _
from ..core.scratch import Scratch
from ..core.txn import Step
from ..pve.channel import GuestChannel
from .params import SECRET_DIR

APT_PROXY_FILE = "/etc/apt/apt.conf.d/00pvesvc-proxy"


def redact(text: str, secrets: Mapping[str, str]) -> str:
    for name, value in secrets.items():
        if value:
            text = text.replace(value, f"<secret {name}>")
    return text


class InstanceLog:
    """The instance's log file (root-only), appended to step by step."""

    def __init__(self, path: Path, secrets: Mapping[str, str]) -> None:
        self.path = path
        self.secrets = secrets

    def write(self, title: str, body: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o750)
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S")
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a") as fh:
            fh.write(f"== {stamp} {title}\n{redact(body, self.secrets)}")
            if body and not body.endswith("\n"):
                fh.write("\n")


def apt_proxy_steps(ch: GuestChannel, scratch: Scratch, proxy: str) -> list[Step]:
    text = f'Acquire::http::Proxy "{proxy}";\n'
    folder = APT_PROXY_FILE.rsplit("/", 1)[0]
    return [ch.exec_step(f"create {folder} in {ch.label}", ["mkdir", "-p", folder]),
            ch.write_step(f"point apt in {ch.label} at the proxy {proxy}",
                          scratch.write(text), APT_PROXY_FILE, "0644", None)]


def secret_steps(ch: GuestChannel, scratch: Scratch, secrets: Mapping[str, str]) -> list[Step]:
    """Write each secret to SECRET_DIR/NAME (0600, root) in the guest. The value is
    staged in a 0600 scratch file and copied by `pct push`: never argv, never env."""
    if not secrets:
        return []
    steps = [ch.exec_step(f"create {SECRET_DIR} in {ch.label}",
                          ["mkdir", "-p", "-m", "0700", SECRET_DIR])]
    for name, value in secrets.items():
        steps.append(ch.write_step(f"write secret {name} to {SECRET_DIR}/{name} (mode 0600)",
                                   scratch.write(value), f"{SECRET_DIR}/{name}", "0600", None))
    return steps


def command_step(ch: GuestChannel, title: str, argv: Sequence[str], timeout: float,
                 log: InstanceLog, env: Mapping[str, str] = {}) -> Step:
    """Run ARGV in the guest (at most TIMEOUT s), its output to LOG; a failure names
    the step and ends with the last line it printed. Through the channel: a VM's
    `qm guest exec` exits 0 whatever the command did, its exit code is in its JSON."""
    argv = list(argv)

    def run() -> None:
        try:
            _code, out = ch.run(argv, mutating=True, timeout=int(timeout), env=dict(env) or None)
        except CommandError as exc:
            log.write(f"{title}: FAILED (exit {exc.returncode}): {shlex.join(argv)}",
                      exc.stdout + exc.stderr)
            tail = (exc.stderr.strip() or exc.stdout.strip()).splitlines()[-1:] or [""]
            raise PvesmbgwError(_("{title}: exit {returncode}: "
                                "{redact}").format(title=title, returncode=exc.returncode, redact=redact(tail[0], log.secrets)[:200])) from None
        log.write(f"{title}: {shlex.join(argv)}", out)
    shown = " ".join(f"{k}={v}" for k, v in env.items())
    return Step(title, run, None, [f"run in {ch.label}: {shown + ' ' if shown else ''}"
                                   f"{shlex.join(argv)}"])


def packages_steps(ch: GuestChannel, packages: Sequence[str],
                   log: InstanceLog) -> list[Step]:
    """apt-get update and install PACKAGES (noninteractive) in the guest."""
    if not packages:
        return []
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    return [command_step(ch, f"update the package lists in {ch.label}",
                         ["apt-get", "update"], 600, log, env),
            command_step(ch, f"install {', '.join(packages)} in {ch.label} "
                         "(a minute or more)",
                         ["apt-get", "install", "-y", "--no-install-recommends", *packages],
                         1800, log, env)]
