"""QMP and the QEMU guest agent: JSON objects, one a line, over a QEMU chardev unix socket.

Shared by the simulator's real-QEMU backend (pvesim/backends/qemu.py) and the test tier's
tests/lib/qemu_vm.py.  Python standard library only.
"""

from __future__ import annotations

import base64
import os
import json
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Sequence, Union

AGENT_PORT = "org.qemu.guest_agent.0"
PathLike = Union[str, Path]


class AgentError(RuntimeError):
    """The guest agent answered with an error (then ``error`` is its error object:
    class, desc), or not in time."""

    def __init__(self, msg: str, error: Optional[dict[str, Any]] = None) -> None:
        super().__init__(msg)
        self.error = error or {}


@dataclass
class ExecResult:
    exitcode: int
    stdout: str
    stderr: str
    signal: Optional[int] = None


class JsonChannel:
    """One connection to a QEMU chardev socket carrying JSON objects, one a line."""

    def __init__(self, path: PathLike, timeout: float) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        try:
            self.sock.connect(str(path))
        except OSError:
            self.sock.close()
            raise
        self.buf = b""

    def close(self) -> None:
        self.sock.close()

    def send(self, obj: dict[str, Any], prefix: bytes = b"") -> None:
        self.sock.sendall(prefix + json.dumps(obj).encode() + b"\n")

    def _fill(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the socket was closed")
        self.buf += chunk

    def skip_to(self, marker: bytes) -> None:
        """Drop everything up to and including MARKER (guest-sync-delimited's 0xff)."""
        while marker not in self.buf:
            self.buf = b""
            self._fill()
        self.buf = self.buf.split(marker, 1)[1]

    def receive(self) -> dict[str, Any]:
        while b"\n" not in self.buf:
            self._fill()
        line, self.buf = self.buf.split(b"\n", 1)
        line = line.strip(b"\xff \r\t")
        if not line:
            return self.receive()
        obj: dict[str, Any] = json.loads(line)
        return obj

    def reply(self) -> dict[str, Any]:
        """The next command reply (QMP events, which carry no id, are skipped)."""
        while True:
            obj = self.receive()
            if "return" in obj or "error" in obj:
                return obj


def qmp(path: PathLike, command: str, arguments: Optional[dict[str, Any]] = None,
        timeout: float = 10) -> Any:
    """Run one QMP command (after the greeting and qmp_capabilities); its 'return'."""
    ch = JsonChannel(path, timeout)
    try:
        greeting = ch.receive()
        if "QMP" not in greeting:
            raise RuntimeError(f"not a QMP greeting: {greeting}")
        ch.send({"execute": "qmp_capabilities"})
        ch.reply()
        msg: dict[str, Any] = {"execute": command}
        if arguments:
            msg["arguments"] = arguments
        ch.send(msg)
        res = ch.reply()
    finally:
        ch.close()
    if "error" in res:
        raise RuntimeError(f"QMP {command}: {res['error']}")
    return res["return"]


def agent(path: PathLike, command: str, arguments: Optional[dict[str, Any]] = None,
          timeout: float = 10) -> Any:
    """Run one guest-agent command over a fresh connection; its 'return'.

    First guest-sync-delimited with a random id: the 0xff it sends resets the agent's JSON
    parser (a half-written request of an earlier client would otherwise garble ours), and
    its reply, which the agent prefixes with 0xff, tells where stale replies end.  One
    client at a time: QEMU's chardev accepts a single connection.  qemu-server's
    QMPClient does the same (guest-sync-delimited with an id, the reply after 0xff)."""
    ch = JsonChannel(path, timeout)
    try:
        sync_id = int.from_bytes(os.urandom(4), "big") & 0x7FFFFFFF
        ch.send({"execute": "guest-sync-delimited", "arguments": {"id": sync_id}},
                prefix=b"\xff")
        while True:
            ch.skip_to(b"\xff")
            res = ch.reply()
            if res.get("return") == sync_id:
                break
        msg: dict[str, Any] = {"execute": command}
        if arguments:
            msg["arguments"] = arguments
        ch.send(msg)
        res = ch.reply()
    except (OSError, ValueError) as exc:   # socket.timeout is an OSError
        raise AgentError(f"guest agent {command}: {exc}") from exc
    finally:
        ch.close()
    if "error" in res:
        raise AgentError(f"guest agent {command}: {res['error']}", res["error"])
    return res["return"]


def agent_exec(path: PathLike, argv: Sequence[str], input: Optional[bytes] = None,
               timeout: float = 60) -> ExecResult:
    """guest-exec ARGV (no shell, output captured), then guest-exec-status until it exited."""
    args: dict[str, Any] = {"path": argv[0], "arg": list(argv[1:]), "capture-output": True}
    if input is not None:
        args["input-data"] = base64.b64encode(input).decode()
    pid = agent(path, "guest-exec", args)["pid"]
    deadline = time.monotonic() + timeout
    while True:
        st = agent(path, "guest-exec-status", {"pid": pid})
        if st.get("exited"):
            return ExecResult(
                exitcode=int(st.get("exitcode", -1)),
                stdout=base64.b64decode(st.get("out-data", "")).decode(errors="replace"),
                stderr=base64.b64decode(st.get("err-data", "")).decode(errors="replace"),
                signal=st.get("signal"))
        if time.monotonic() > deadline:
            raise AgentError(f"{list(argv)} still runs in the guest after {timeout} s")
        time.sleep(0.2)
