#!/usr/bin/python3
"""Install a pve-svc template by hand in a real LXC container that boots systemd, doing
what the engine does, to check a template before (and without) pve-svc:

  apt proxy file -> secrets (0600 files in /etc/pvesvc/secrets) -> volumes (bind mounts of
  host directories owned by 100000+uid) -> apt-get install --no-install-recommends of
  `packages` -> every postinstall argv, rendered by pvesmbgw.svc.params and run in the
  guest -> the health check and the exporter, probed from inside the guest.

The container has its own network namespace with loopback only (no bridge, no address):
apt reaches a private apt-cacher-ng (tests/lib/apt_cache.py) through a unix socket
bind-mounted at /mnt, piped to 127.0.0.1:3142 in the guest by pipe.py. So only templates
whose payload is Debian packages can pass; the steps that need the internet can be skipped.

  templates/verify/try_in_lxc.py templates/webdav.yml 961 [name=value ...]
  SKIP=1,4 NOHEALTH=1 templates/verify/try_in_lxc.py templates/nextcloud.yml 964
  templates/verify/try_in_lxc.py --destroy 961

The container is left running for more checks (`lxc-attach -P STATE/lxc -n VMID`);
--destroy stops and removes it. Needs root, lxc, apt-cacher-ng, the lab rootfs
(tests/sim/build-lxc-rootfs.sh) and pvesmbgw.svc (PVESVC_SRC: a tree that has it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO / "tests" / "sim"), str(REPO)]
from pvesim.backends.lxc import LxcBackend  # noqa: E402
from tests.lib.apt_cache import apt_cache_process, free_port  # noqa: E402

# pvesmbgw.svc (branch svc-spec until it is merged): PVESVC_SRC names a tree that has it.
sys.path.insert(0, os.environ.get("PVESVC_SRC", str(REPO)))
from pvesmbgw.svc import params as P  # noqa: E402
from pvesmbgw.svc import template as T  # noqa: E402

STATE = Path(os.environ.get("TRY_STATE", "/tmp/pvgwt-svc-try"))
LAB = STATE / "lab"            # bind-mounted at /mnt: pipe.py and the proxy's socket
PROBE = r"""
import socket, sys, time, urllib.error, urllib.request
kind, port, path, want, tmo = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
end = time.time() + tmo
while True:
    try:
        if kind == "tcp":
            socket.create_connection(("127.0.0.1", port), 2).close(); print("tcp open", port); break
        try:
            code = urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=5).status
        except urllib.error.HTTPError as e:
            code = e.code
        print("http", port, path, code)
        if code == want:
            break
    except OSError as e:
        print("not yet:", e)
    if time.time() > end:
        sys.exit(1)
    time.sleep(1)
"""


def backend() -> LxcBackend:
    return LxcBackend(STATE / "ct", init="systemd", boot_timeout=90)


def destroy(vmid: int) -> None:
    b = backend()
    if str(vmid) in b.names():
        if b.status(vmid) == "running":
            b.stop(vmid)
        b.destroy(vmid)
    for vol in (STATE / "vol").glob(f"{vmid}-*"):
        shutil.rmtree(vol)


def main() -> int:
    if sys.argv[1] == "--destroy":
        destroy(int(sys.argv[2]))
        return 0
    tpl = T.load(sys.argv[1])
    vmid = int(sys.argv[2])
    values = P.resolve(tpl, P.parse_assignments(sys.argv[3:]))
    secrets = {p.name: P.generate_secret(p) for p in P.secret_params(tpl, values)}
    skip = {int(x) for x in os.environ.get("SKIP", "").split(",") if x}
    for d in (STATE, LAB, STATE / "vol"):
        d.mkdir(parents=True, exist_ok=True)
        os.chmod(d, 0o755)                       # searchable by the container's root
    os.chown(LAB, 100000, 100000)
    shutil.copy(Path(__file__).with_name("pipe.py"), LAB / "pipe.py")
    conf = {"unprivileged": "1", "hostname": tpl.id, "memory": str(max(tpl.memory, 512)),
            "swap": str(tpl.swap), "cores": str(tpl.cores), "mp0": f"{LAB},mp=/mnt"}
    mounts = {}
    for i, v in enumerate(tpl.volumes, start=1):
        host = STATE / "vol" / f"{vmid}-{v.name}"
        host.mkdir(exist_ok=True)
        os.chown(host, 100000 + v.uid, 100000 + v.gid)
        os.chmod(host, v.mode)
        conf[f"mp{i}"] = f"{host},mp={v.mount}"
        mounts[v.name] = v.mount

    def customize(root: Path) -> None:
        # The mount points exist before start, as `pct` creates them.
        for m in mounts.values():
            (root / m.lstrip("/")).mkdir(parents=True, exist_ok=True)

    b = backend()
    with apt_cache_process("127.0.0.1", free_port("127.0.0.1", 23142)) as cache:
        sock = LAB / "proxy.sock"
        pipe = subprocess.Popen([sys.executable, str(LAB / "pipe.py"), "unix2tcp", str(sock),
                                 cache.url.rsplit("/", 1)[1]], start_new_session=True)
        try:
            b.create(vmid, conf, customize=customize)
            b.start(vmid, conf)
            b.exec(vmid, ["systemctl", "is-system-running", "--wait"], timeout=90)

            def run(argv: list[str], title: str, stdin: str | None = None,
                    quiet: bool = False) -> None:
                t0 = time.monotonic()
                rc, out, err = b.exec(vmid, argv, stdin=stdin, timeout=1800,
                                      env={"DEBIAN_FRONTEND": "noninteractive"})
                print(f"== {title}: rc={rc} ({time.monotonic() - t0:.1f}s)", flush=True)
                text = str(out) + str(err)
                for name, value in secrets.items():
                    text = text.replace(value, f"<secret {name}>")
                if rc or not quiet:
                    print("\n".join(text.strip().splitlines()[-15:]), flush=True)
                if rc:
                    raise SystemExit(f"FAILED: {title}")

            run(["systemd-run", "--unit=labproxy", "--property=Restart=always", "python3",
                 "/mnt/pipe.py", "tcp2unix", "127.0.0.1:3142", "/mnt/proxy.sock"],
                "lab: the proxy's socket as 127.0.0.1:3142 in the guest")
            run(["sh", "-c", 'printf "%s\\n" "$1" > /etc/apt/apt.conf.d/00pvesvc-proxy', "sh",
                 'Acquire::http::Proxy "http://127.0.0.1:3142";'], "apt proxy file")
            if secrets:
                run(["install", "-d", "-m", "0700", P.SECRET_DIR], "secret directory")
            for name, value in secrets.items():
                run(["sh", "-c", 'umask 077; cat > "$1"', "sh", f"{P.SECRET_DIR}/{name}"],
                    f"secret {name} (0600)", stdin=value)
            if tpl.packages:
                run(["apt-get", "update"], "apt-get update", quiet=True)
                run(["apt-get", "install", "-y", "--no-install-recommends", *tpl.packages],
                    "apt-get install " + " ".join(tpl.packages), quiet=True)
            ctx = P.context(tpl, values, instance=f"{tpl.id}1", vmid=vmid, node="lab",
                            hostname=tpl.id, volumes=mounts)
            for n, step in enumerate(tpl.postinstall, start=1):
                argv = P.render_argv(step.argv, ctx)
                if n in skip:
                    print(f"== step {n} SKIPPED: {step.name}")
                    continue
                run(argv, f"step {n}: {step.name}")
            if not os.environ.get("NOHEALTH") and tpl.healthcheck:
                hc = tpl.healthcheck
                port = P.port_of(hc.port, values)
                run(["python3", "-c", PROBE, hc.type, str(port), hc.path, str(hc.status),
                     str(hc.timeout)], f"health check {hc.type} {port} {hc.path}")
                if tpl.exporter:
                    url = (f"http://127.0.0.1:{P.port_of(tpl.exporter.port, values)}"
                           f"{tpl.exporter.path}")
                    run(["python3", "-c", "import sys, urllib.request; b = urllib.request."
                         "urlopen(sys.argv[1], timeout=10).read().decode(); print('\\n'.join("
                         "l for l in b.splitlines() if not l.startswith('#'))[:1200])", url],
                        f"exporter {url}")
        finally:
            pipe.terminate()
            pipe.wait(10)
    keep = STATE / f"{vmid}.secrets.json"
    keep.write_text(json.dumps(secrets))
    os.chmod(keep, 0o600)
    print(f"OK {tpl.id} in CT {vmid}; values {values}; secrets in {keep}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
