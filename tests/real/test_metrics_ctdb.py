"""CTDB node health in `pve-smbgateway metrics`, against a real single-node ctdbd.

ctdbd runs in a network namespace of its own with only loopback (127.0.0.1; no
198.51.100.0/24 address, no bridge), its /etc/ctdb, /run/ctdb and /var/lib/ctdb
bind-mounted from a temp dir inside the private mount namespace `ip netns exec`
makes; the agent reaches it through CTDB_SOCKET. Stopped by its own socket and pid,
the namespace deleted.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import time
from pathlib import Path
from typing import Iterator

import pytest

from tests.lib.agenthost import AgentHost
from tests.lib.proc import run
from .test_metrics import parse

CTDB_CONF = """\
[logging]
\tlocation = file:{d}/log.ctdb
\tlog level = NOTICE
[cluster]
\tcluster lock = {d}/shared/reclock
[database]
\tvolatile database directory = {d}/db/volatile
\tpersistent database directory = {d}/db/persistent
\tstate database directory = {d}/db/state
[legacy]
\trealtime scheduling = false
"""


def ctdb(socket: Path, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["ctdb", *args], capture_output=True, text=True, timeout=30,
                          env={**os.environ, "CTDB_SOCKET": str(socket)}, check=check)


@pytest.fixture
def ctdbd(tmp_path: Path) -> Iterator[Path]:
    """A running single-node ctdbd; yields its socket."""
    if os.geteuid() != 0:
        pytest.skip("ctdbd in a network namespace needs root")
    if shutil.which("ctdbd") is None or shutil.which("ctdb") is None or \
            not Path("/usr/share/ctdb/events/legacy/00.ctdb.script").exists():
        pytest.skip("ctdb is not installed (apt-get install ctdb)")
    d = tmp_path / "ctdb"
    for sub in ("events/legacy", "run", "var", "db/volatile", "db/persistent", "db/state",
                "shared"):
        (d / sub).mkdir(parents=True)
    for name in ("functions", "notify.sh"):
        if Path("/etc/ctdb", name).exists():
            shutil.copy(Path("/etc/ctdb", name), d)
    (d / "nodes").write_text("127.0.0.1\n")
    (d / "public_addresses").write_text("")
    (d / "events/legacy/00.ctdb.script").symlink_to(
        "/usr/share/ctdb/events/legacy/00.ctdb.script")
    (d / "ctdb.conf").write_text(CTDB_CONF.format(d=d))
    ns = f"pvgwt-mctdb{secrets.token_hex(3)}"
    socket = d / "run/ctdbd.socket"
    run(["ip", "netns", "add", ns])
    pid = None
    try:
        run(["ip", "-n", ns, "link", "set", "lo", "up"])
        for mountpoint in ("/run/ctdb", "/var/lib/ctdb", "/etc/ctdb"):
            Path(mountpoint).mkdir(parents=True, exist_ok=True)
        run(["ip", "netns", "exec", ns, "/bin/sh", "-c",
             f"mount --bind {d} /etc/ctdb && mount --bind {d}/run /run/ctdb && "
             f"mount --bind {d}/var /var/lib/ctdb && exec /usr/sbin/ctdbd"])
        pid = int((d / "run/ctdbd.pid").read_text().split()[0])
        yield socket
    finally:
        if socket.exists():
            ctdb(socket, "shutdown")
        if pid is not None:
            for _ in range(50):
                if not Path(f"/proc/{pid}").exists():
                    break
                time.sleep(0.2)
            else:
                os.kill(pid, 9)
        run(["ip", "netns", "del", ns], check=False)


def metrics(host: AgentHost, socket: Path) -> dict[str, float]:
    return parse(host.cli("metrics", env={"CTDB_SOCKET": str(socket)}).stdout)


def test_ctdb_node_health(agent_host: AgentHost, ctdbd: Path, tmp_path: Path) -> None:
    healthy = 'pvesmbgw_ctdb_node_healthy{address="127.0.0.1",pnn="0",this_node="1"}'
    deadline = time.monotonic() + 90
    while True:  # a fresh node is UNHEALTHY until its first monitor events pass
        m = metrics(agent_host, ctdbd)
        if m.get(healthy) == 1 or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert m["pvesmbgw_ctdb_up"] == 1
    assert m[healthy] == 1

    ctdb(ctdbd, "disable", check=True)
    deadline = time.monotonic() + 30
    while metrics(agent_host, ctdbd).get(healthy) != 0 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert metrics(agent_host, ctdbd)[healthy] == 0

    # No ctdbd behind the socket: CTDB is reported down, nothing else breaks.
    m = metrics(agent_host, tmp_path / "no-such.socket")
    assert m["pvesmbgw_ctdb_up"] == 0
    assert not any(k.startswith("pvesmbgw_ctdb_node_healthy") for k in m)
