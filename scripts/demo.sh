#!/bin/bash
# Serve a real SMB share with pvesmbgw on this host, and prove it works; then install a
# real service with pve-svc and prove it answers (scripts/demo-svc.sh).
#
#   scripts/demo.sh           set up (idempotent: reuses what is already there)
#   scripts/demo.sh --clean   remove what the demo created, and nothing else
#
# Needs root and the installed package (make demo does deps + deb + install
# first). With no ZFS pool here, the pool is btrfs on a sparse loop file.
# It records what it created in $STATE so that --clean removes only that.
set -euo pipefail

IMG=${PVESMBGW_DEMO_IMG:-/var/lib/pvesmbgw/demo-pool.img}
IMG_SIZE=${PVESMBGW_DEMO_IMG_SIZE:-4G}
MNT=${PVESMBGW_DEMO_MNT:-/srv/pvesmbgw-demo}
SHARE=demo
SMBUSER=demo
QUOTA=1G
CRED=${PVESMBGW_DEMO_CREDENTIALS:-/root/pvesmbgw-demo.credentials}
STATE=${PVESMBGW_DEMO_STATE:-/var/lib/pvesmbgw/demo.state}
LAST_RECONCILE=${PVESMBGW_DEMO_LAST_RECONCILE:-/var/lib/pvesmbgw/last-reconcile.json}
CLI=${PVESMBGW_CLI:-pve-smbgateway}
PY=/usr/bin/python3
SHARE_PATH=$MNT/$SHARE
export PATH="$PATH:/usr/sbin:/sbin"

say() { printf '==> %s\n' "$*"; }
die() { printf 'demo: error: %s\n' "$*" >&2; exit 1; }
refuse() { printf 'demo: error: %s\n' "$*" >&2; exit 2; }

# -- what the demo created -------------------------------------------------
created() { [ -f "$STATE" ] && grep -qx "$1" "$STATE"; }
record() {
    mkdir -p "$(dirname "$STATE")"
    created "$1" || echo "$1" >> "$STATE"
}

# json_has KEY VALUE [FLAG] < JSON: does the JSON list (from `--output-format
# json list` or `user list`) hold an object whose KEY is VALUE (and whose FLAG
# is true)?
json_has() {
    "$PY" -c '
import json, sys
key, value, flag = (sys.argv[1:] + [None])[:3]
sys.exit(0 if any(o.get(key) == value and (flag is None or o.get(flag))
                  for o in json.load(sys.stdin)) else 1)' "$@"
}

# Without systemd the agent starts smbd itself (service_manager = auto ->
# direct); remember whether the demo caused that, so --clean can stop it.
smbd_running() { smbcontrol smbd ping >/dev/null 2>&1; }
note_smbd() {
    if [ ! -d /run/systemd/system ] && ! smbd_running; then
        record smbd
    fi
}

is_btrfs_mount() { [ "$(findmnt -n -o FSTYPE --mountpoint "$MNT" 2>/dev/null)" = btrfs ]; }

# -- set up ------------------------------------------------------------------
setup_pool() {
    if is_btrfs_mount; then
        say "reusing the btrfs pool mounted at $MNT"
        return
    fi
    if mountpoint -q "$MNT" 2>/dev/null; then
        die "$MNT is already a mount point but not btrfs; set PVESMBGW_DEMO_MNT to another directory"
    fi
    if [ ! -e "$IMG" ]; then
        say "creating a $IMG_SIZE sparse btrfs pool image $IMG"
        mkdir -p "$(dirname "$IMG")"
        truncate -s "$IMG_SIZE" "$IMG"
        record image
        mkfs.btrfs -q -L pvesmbgw-demo "$IMG" >/dev/null
    elif [ "$(blkid -o value -s TYPE "$IMG" 2>/dev/null)" != btrfs ]; then
        die "$IMG exists and is not a btrfs image; remove it or set PVESMBGW_DEMO_IMG"
    fi
    if [ ! -d "$MNT" ]; then
        mkdir -p "$MNT"
        record mountdir
    fi
    say "mounting $IMG at $MNT (loop device)"
    mount -o loop "$IMG" "$MNT"
    record mounted
}

setup_user() {
    local pw verb
    if [ -s "$CRED" ]; then
        pw=$(sed -n 's/^password=//p' "$CRED")
    fi
    if [ -z "${pw:-}" ]; then
        pw=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(18))')
        ( umask 077; printf 'username=%s\npassword=%s\n' "$SMBUSER" "$pw" > "$CRED" )
        record credentials
    fi
    chmod 0600 "$CRED"
    local users
    users=$("$CLI" --output-format json user list)
    if json_has user "$SMBUSER" samba <<< "$users"; then
        verb=passwd
        say "setting the password of Samba user $SMBUSER"
    else
        verb=add
        say "adding Samba user $SMBUSER"
    fi
    printf '%s\n' "$pw" | "$CLI" user "$verb" "$SMBUSER" --password-stdin
    [ "$verb" = passwd ] || record user
}

setup_share() {
    local shares
    shares=$("$CLI" --output-format json list)
    note_smbd
    if json_has name "$SHARE" <<< "$shares"; then
        say "share $SHARE exists; keeping it (reconcile repairs it if needed)"
        [ -e "$LAST_RECONCILE" ] || record last-reconcile
        "$CLI" reconcile
        return
    fi
    say "creating share $SHARE at $SHARE_PATH with a $QUOTA quota"
    "$CLI" create "$SHARE" --path "$SHARE_PATH" --quota "$QUOTA" --valid-users "$SMBUSER"
    record share
}

prove() {
    local work=$WORK i ok=0
    printf 'written through SMB by pvesmbgw demo at %s, token %s\n' \
        "$(date -u +%FT%TZ)" "$("$PY" -c 'import secrets; print(secrets.token_hex(8))')" \
        > "$work/sent.txt"
    say "writing and reading a file through SMB as $SMBUSER (smbclient //127.0.0.1/$SHARE)"
    for i in 1 2 3 4 5 6 7 8 9 10; do
        if smbclient "//127.0.0.1/$SHARE" -U "$SMBUSER" -A "$CRED" \
            -c "put $work/sent.txt pvesmbgw-demo-proof.txt; get pvesmbgw-demo-proof.txt $work/received.txt" \
            > "$work/smbclient.log" 2>&1; then
            ok=1
            break
        fi
        sleep 1
    done
    if [ "$ok" -ne 1 ]; then
        cat "$work/smbclient.log" >&2
        die "smbclient could not write and read //127.0.0.1/$SHARE"
    fi
    cmp "$work/sent.txt" "$work/received.txt" || die "the file read back differs from the one written"
    say "OK: the file read back through SMB is identical ($(wc -c < "$work/sent.txt") bytes)"
}

show() {
    local ip
    echo
    say "pve-smbgateway status $SHARE"
    "$CLI" status "$SHARE" || true
    ip=$(hostname -I 2>/dev/null | awk '{print $1}')
    ip=${ip:-127.0.0.1}
    cat <<EOF

The share is served. Connect with:
  Windows:    \\\\$ip\\$SHARE
  Linux:      smbclient //$ip/$SHARE -U $SMBUSER
  user:       $SMBUSER
  password:   in $CRED (mode 0600; usable as smbclient -A $CRED)
Remove everything the demo created with: make demo-clean
EOF
}

# -- clean -------------------------------------------------------------------
# Shares other than the demo's whose data lies on the demo pool: unmounting the pool and
# removing its image would take their data with it.
others_on_pool() {
    "$CLI" --output-format json list | "$PY" -c '
import json, sys
mnt, demo = sys.argv[1].rstrip("/"), sys.argv[2]
print(" ".join(s["name"] for s in json.load(sys.stdin)
               if s["name"] != demo and (s["path"] == mnt or s["path"].startswith(mnt + "/"))))
' "$MNT" "$SHARE"
}

clean() {
    if [ ! -f "$STATE" ]; then
        say "nothing to clean: $STATE does not exist"
        return
    fi
    if created image || created mounted; then
        local others
        others=$(others_on_pool)
        if [ -n "$others" ]; then
            refuse "shares on the demo pool $MNT besides $SHARE: $others; delete them (or move their data) first, nothing was removed"
        fi
    fi
    # The service's volume lies on the demo pool too: it goes first.
    "$(dirname "$0")/demo-svc.sh" --clean
    if created share; then
        say "deleting share $SHARE and its volume"
        "$CLI" delete "$SHARE" --purge
    fi
    if created user; then
        say "deleting Samba user $SMBUSER"
        "$CLI" user del "$SMBUSER"
    fi
    if created credentials; then
        rm -f "$CRED"
    fi
    if created smbd && [ ! -d /run/systemd/system ] && smbd_running; then
        local shares
        shares=$("$CLI" --output-format json list)
        if [ "$("$PY" -c 'import json, sys; print(len(json.load(sys.stdin)))' <<< "$shares")" = 0 ]; then
            say "stopping the smbd the demo started (no shares left)"
            smbcontrol smbd shutdown
            for _ in 1 2 3 4 5 6 7 8 9 10; do smbd_running || break; sleep 1; done
        else
            say "leaving smbd running: it serves other pvesmbgw shares"
        fi
    fi
    if created mounted && mountpoint -q "$MNT"; then
        say "unmounting $MNT"
        local i
        for i in 1 2 3 4 5; do
            umount "$MNT" && break
            [ "$i" -lt 5 ] || die "could not unmount $MNT"
            sleep 1
        done
    fi
    if created mountdir; then
        rmdir "$MNT" 2>/dev/null || say "kept $MNT: not empty"
    fi
    if created image; then
        say "removing $IMG"
        rm -f "$IMG"
    fi
    if created last-reconcile; then
        rm -f "$LAST_RECONCILE"
    fi
    rm -f "$STATE"
    say "demo removed"
}

[ "$(id -u)" -eq 0 ] || die "run as root"
case "${1:-}" in
    --clean) clean ;;
    "")
        command -v "$CLI" >/dev/null || die "$CLI is not installed (run: make install)"
        WORK=$(mktemp -d)
        trap 'rm -rf "$WORK"' EXIT
        setup_pool
        setup_user
        setup_share
        prove
        show
        echo
        "$(dirname "$0")/demo-svc.sh" "$MNT"
        ;;
    -h|--help) sed -n '2,9p' "$0" ;;
    *) die "unknown argument: $1 (use --clean)" ;;
esac
