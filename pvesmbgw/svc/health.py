"""The health check of an instance, from the host to the guest's address: a TCP
connect, or an HTTP GET whose status must be the template's. Bounded: one probe has a
short timeout, waiting for the first good answer has the template's."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Optional

PROBE_TIMEOUT = 5.0


@dataclass(frozen=True)
class Probe:
    kind: str  # "tcp" or "http"
    address: str
    port: int
    path: str = "/"
    status: int = 200

    @property
    def target(self) -> str:
        host = f"[{self.address}]" if ":" in self.address else self.address
        if self.kind == "http":
            return f"http://{host}:{self.port}{self.path}"
        return f"tcp {host}:{self.port}"


def check(probe: Probe, timeout: float = PROBE_TIMEOUT) -> Optional[str]:
    """None when PROBE is answered as expected, else what went wrong (one line)."""
    import socket
    try:
        if probe.kind == "tcp":
            with socket.create_connection((probe.address, probe.port), timeout=timeout):
                return None
        import http.client
        conn = http.client.HTTPConnection(probe.address, probe.port, timeout=timeout)
        try:
            conn.request("GET", probe.path, headers={"User-Agent": "pve-svc health check"})
            status = conn.getresponse().status
        finally:
            conn.close()
        return None if status == probe.status else f"HTTP status {status}, expected {probe.status}"
    except (OSError, ValueError) as exc:
        # http.client's errors are OSErrors or HTTPException (a ValueError-free base).
        return str(exc) or type(exc).__name__
    except Exception as exc:  # http.client.HTTPException: a malformed answer
        return f"{type(exc).__name__}: {exc}"


def wait(probe: Probe, limit: float, sleep: Callable[[float], None] = time.sleep) -> Optional[str]:
    """Probe every second until it is answered or LIMIT seconds passed: None, or the
    last problem."""
    deadline = time.monotonic() + limit
    while True:
        problem = check(probe, min(PROBE_TIMEOUT, max(0.5, deadline - time.monotonic())))
        if problem is None or time.monotonic() >= deadline:
            return problem
        sleep(1.0)
