#!/bin/bash
# The service half of `make demo`: install the shipped `webdav` template with pve-svc and
# prove it answers, on a machine that is not a PVE node.
#
#   scripts/demo-svc.sh MOUNT           set up (idempotent: reuses what is already there)
#   scripts/demo-svc.sh --clean         remove what this demo created, and nothing else
#
# PVE's own tools are the project's simulator (tests/sim: pct, pvesh, pveam first on
# PATH, its state in $PVE_STATE) driving REAL unprivileged LXC containers (systemd inside);
# the installed /usr/bin/pve-svc does the rest as on a PVE node. The container sits on its
# own bridge $BRIDGE (198.51.100.254/24, no uplink) and reaches nothing but this host,
# where an apt-cacher-ng of the demo's own serves it Debian packages. The data volume is a
# btrfs subvolume with a quota on the SMB demo's pool (MOUNT/services).
# It records what it created in $STATE so that --clean removes only that.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
VAR=${PVESMBGW_DEMO_VAR:-/var/lib/pvesmbgw}
STATE=$VAR/demo-svc.state
PVE_STATE=$VAR/demo-pve
CONF=$VAR/demo-svc.conf
ACNG_DIR=$VAR/demo-apt-cacher-ng
ACNG_CACHE=/var/cache/pvesmbgw-test/apt-cacher-ng
CRED=${PVESMBGW_DEMO_SVC_CREDENTIALS:-/root/pvesvc-demo-webdav.credentials}
BRIDGE=pvesvc-demo0
HOST_IP=198.51.100.254
PORT=3142
SERVICE=webdav
PY=/usr/bin/python3
export PATH="$PATH:/usr/sbin:/sbin"

say() { printf '==> %s\n' "$*"; }
die() { printf 'demo-svc: error: %s\n' "$*" >&2; exit 1; }
created() { [ -f "$STATE" ] && grep -qx "$1" "$STATE"; }
record() { mkdir -p "$(dirname "$STATE")"; created "$1" || echo "$1" >> "$STATE"; }

svc_env() {
    export PVESMBGW_CONFIG=$CONF PVESIM_STATE=$PVE_STATE PVESIM_BACKEND=lxc \
        PVESIM_LXC_INIT=systemd PVESIM_LXC_BRIDGE_MAP="vmbr0=$BRIDGE" \
        PATH="$REPO/tests/sim/bin:$PATH"
}

setup_rootfs() {
    say "building (once) the Debian 12 container root file system the simulator's pveam serves"
    "$REPO/tests/sim/build-lxc-rootfs.sh" >/dev/null
}

setup_bridge() {
    if ip link show "$BRIDGE" >/dev/null 2>&1; then
        say "reusing bridge $BRIDGE"
        return
    fi
    if ip -4 route show 198.51.100.0/24 | grep -q .; then
        die "198.51.100.0/24 is already routed here (a test run?); try again when it is not"
    fi
    say "creating bridge $BRIDGE ($HOST_IP/24, no uplink) for the service container"
    ip link add "$BRIDGE" type bridge
    record bridge
    ip addr add "$HOST_IP/24" dev "$BRIDGE"
    ip link set "$BRIDGE" up
}

acng_running() { [ -s "$ACNG_DIR/pid" ] && kill -0 "$(cat "$ACNG_DIR/pid")" 2>/dev/null; }

setup_apt_cache() {
    if acng_running; then
        say "reusing the demo's apt-cacher-ng (pid $(cat "$ACNG_DIR/pid"))"
        return
    fi
    say "starting apt-cacher-ng on $HOST_IP:$PORT for the container's apt"
    rm -rf "$ACNG_DIR"
    mkdir -p "$ACNG_DIR/log" "$ACNG_CACHE"
    cp -a /etc/apt-cacher-ng "$ACNG_DIR/conf"
    echo "http://deb.debian.org/debian/" > "$ACNG_DIR/conf/backends_debian"
    record apt-cacher-ng
    setsid /usr/sbin/apt-cacher-ng -c "$ACNG_DIR/conf" ForeGround=1 "CacheDir=$ACNG_CACHE" \
        "LogDir=$ACNG_DIR/log" "Port=$PORT" "BindAddress=$HOST_IP" \
        "SocketPath=$ACNG_DIR/socket" "PidFile=$ACNG_DIR/acng.pid" \
        </dev/null >"$ACNG_DIR/log/stdout" 2>&1 &
    echo $! > "$ACNG_DIR/pid"
    for _ in $(seq 50); do
        "$PY" -c "import socket,sys; socket.create_connection(('$HOST_IP', $PORT), 1)" \
            2>/dev/null && return
        sleep 0.2
    done
    die "apt-cacher-ng did not start (see $ACNG_DIR/log)"
}

setup_node() {
    local mnt=$1
    [ -d "$PVE_STATE" ] && { say "reusing the simulated PVE node in $PVE_STATE"; return; }
    say "making the simulated PVE node 'pve' in $PVE_STATE (storage demo-data: $mnt/services)"
    mkdir -p "$mnt/services"
    record pve
    PYTHONPATH="$REPO/tests/sim" "$PY" - "$PVE_STATE" "$mnt/services" <<'EOF'
import sys
import storesim
from pvesim.model.state import init_state
state, data = sys.argv[1:3]
init_state(state, pve_version=9, node="pve", storage_cfg=(
    f"dir: local\n\tpath {state}/var/lib/vz\n\tcontent iso,vztmpl,backup\n\n"
    "lvmthin: local-lvm\n\tthinpool data\n\tvgname pve\n\tcontent rootdir,images\n\n"
    f"btrfs: demo-data\n\tpath {data}\n\tcontent rootdir,images\n\n"))
# the simulated zfs on PATH answers for a node without pools
storesim.init_storage(state, f"{state}/storage-root", pools=(), datasets=(),
                      ceph_volumes=(), rbd_pools=())
EOF
    chmod 0755 "$PVE_STATE"
    cat > "$CONF" <<EOF
[pvesmbgw]
node = pve
pve_root = $PVE_STATE/etc/pve
state_dir = $VAR/demo-svc-state
subuid_file = $PVE_STATE/etc/subuid
subgid_file = $PVE_STATE/etc/subgid
allowed_roots = $mnt
svc_storage = demo-data
svc_rootfs_storage = local-lvm
svc_apt_proxy = http://$HOST_IP:$PORT
EOF
}

install_service() {
    if pve-svc --output-format json list | "$PY" -c '
import json, sys; sys.exit(0 if any(i["name"] == "webdav" for i in json.load(sys.stdin)["instances"]) else 1)'; then
        say "service $SERVICE is installed; keeping it"
        return
    fi
    say "pve-svc install $SERVICE --param quota=256M (packages come through the proxy: a minute or two)"
    record service
    pve-svc install "$SERVICE" --param quota=256M
}

prove() {
    local vmid address
    vmid=$(pve-svc --output-format json status "$SERVICE" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["vmid"])')
    address=$(pve-svc --output-format json status "$SERVICE" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["address"])')
    ( umask 077; printf 'url=http://%s/\nuser=webdav\npassword=%s\n' "$address" \
        "$(pct exec "$vmid" -- cat /etc/pvesvc/secrets/password)" > "$CRED" )
    record credentials
    say "writing and reading a file over WebDAV at http://$address/ as user webdav"
    "$PY" - "$CRED" <<'EOF'
import base64, secrets, sys, urllib.request
cred = dict(line.split("=", 1) for line in open(sys.argv[1]).read().splitlines())
auth = base64.b64encode(f"{cred['user']}:{cred['password']}".encode()).decode()
body = f"written over WebDAV by the pvesmbgw demo, token {secrets.token_hex(8)}\n".encode()
def call(method, data=None):
    req = urllib.request.Request(cred["url"] + "pvesvc-demo-proof.txt", data=data,
                                 method=method, headers={"Authorization": "Basic " + auth})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.status, resp.read()
status, _ = call("PUT", body)
assert status in (201, 204), status
status, got = call("GET")
assert (status, got) == (200, body), (status, got)
print(f"==> OK: the file read back over WebDAV is identical ({len(body)} bytes)")
EOF
    echo
    say "pve-svc status $SERVICE"
    pve-svc status "$SERVICE" || true
    cat <<EOF

The service answers at http://$address/ (from this host: the demo bridge has no uplink).
Its password is in $CRED (mode 0600). Its data is a btrfs subvolume with a 256M quota
(pve-svc status $SERVICE shows where). With the demo's environment
(PVESMBGW_CONFIG=$CONF PVESIM_STATE=$PVE_STATE PVESIM_BACKEND=lxc
PVESIM_LXC_INIT=systemd PVESIM_LXC_BRIDGE_MAP=vmbr0=$BRIDGE PATH=$REPO/tests/sim/bin:\$PATH)
every pve-svc command works on it. make demo-clean removes it.
EOF
}

clean() {
    [ -f "$STATE" ] || { say "nothing to clean for the service demo"; return; }
    svc_env
    if created service && [ -d "$PVE_STATE" ]; then
        say "pve-svc uninstall $SERVICE --purge"
        pve-svc uninstall "$SERVICE" --purge || true
    fi
    if created pve && [ -d "$PVE_STATE" ]; then
        say "removing the simulated PVE node $PVE_STATE (and any container left in it)"
        PYTHONPATH="$REPO/tests/sim" "$PY" -c 'import sys
from pvesim.backends import lxc
for problem in lxc.cleanup_state(sys.argv[1]): print("demo-svc:", problem, file=sys.stderr)' "$PVE_STATE"
        rm -rf "$PVE_STATE" "$CONF" "$VAR/demo-svc-state"
    fi
    if created apt-cacher-ng; then
        if acng_running; then
            say "stopping the demo's apt-cacher-ng (pid $(cat "$ACNG_DIR/pid"))"
            kill "$(cat "$ACNG_DIR/pid")"
        fi
        rm -rf "$ACNG_DIR"
    fi
    if created bridge && ip link show "$BRIDGE" >/dev/null 2>&1; then
        say "deleting bridge $BRIDGE"
        ip link del "$BRIDGE"
    fi
    if created credentials; then rm -f "$CRED"; fi
    rm -f "$STATE"
    say "service demo removed"
}

[ "$(id -u)" -eq 0 ] || die "run as root"
case "${1:-}" in
    --clean) clean ;;
    -h|--help|"") sed -n '2,14p' "$0" ;;
    *)
        command -v pve-svc >/dev/null || die "pve-svc is not installed (run: make install)"
        [ -d "$1" ] || die "no such directory: $1"
        setup_rootfs
        setup_bridge
        setup_apt_cache
        setup_node "$1"
        svc_env
        install_service
        prove
        ;;
esac
