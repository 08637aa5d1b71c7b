#!/bin/sh
# Build (once) the Debian 12 + Samba root filesystem that the pvesim `lxc` backend copies for
# every container.  The result is a plain directory owned by host root (NOT shifted: the backend
# copies it and chowns the copy for each container's idmap):
#
#     /var/cache/pvesmbgw-test/rootfs-bookworm-samba/        (PVESIM_LXC_CACHE overrides the parent)
#     /var/cache/pvesmbgw-test/rootfs-bookworm-samba/.pvesim-rootfs   stamp: present = complete
#
# It is reused when the stamp exists; `--force` rebuilds.  Needs root, debootstrap and network
# access to the Debian mirror apt is configured with (`apt-get indextargets`), or PVESIM_DEBIAN_MIRROR.
# Takes ~50 s and ~270 MB.  Prints the rootfs path on stdout (progress goes to stderr).
set -eu

CACHE=${PVESIM_LXC_CACHE:-/var/cache/pvesmbgw-test}
NAME=rootfs-bookworm-samba-ad
VERSION=3     # bump when PACKAGES or the tweaks below change: an older stamp triggers a rebuild
DEST=$CACHE/$NAME
STAMP=$DEST/.pvesim-rootfs
# systemd-sysv + dbus: only used by containers started with init=systemd (backend option).
PACKAGES=samba,samba-vfs-modules,winbind,libnss-winbind,krb5-user,iproute2,procps,systemd-sysv,dbus
FORCE=0
[ "${1:-}" = "--force" ] && FORCE=1

log() { echo "build-lxc-rootfs: $*" >&2; }

if [ "$(id -u)" != 0 ]; then log "needs root"; exit 2; fi
command -v debootstrap >/dev/null || { log "debootstrap is not installed (apt-get install --no-install-recommends debootstrap)"; exit 2; }

mkdir -p "$CACHE"
chmod 0755 "$CACHE"
# one builder at a time (concurrent pytest runs share the cache)
exec 9>"$CACHE/.$NAME.lock"
flock 9

if [ "$FORCE" = 0 ] && [ -f "$STAMP" ] && grep -qx "version=$VERSION" "$STAMP"; then
    echo "$DEST"
    exit 0
fi

MIRROR=${PVESIM_DEBIAN_MIRROR:-}
if [ -z "$MIRROR" ]; then
    MIRROR=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null \
             | awk '$2 == "bookworm" { print $1; exit }')
fi
MIRROR=${MIRROR:-http://deb.debian.org/debian/}

TMP=$(mktemp -d "$CACHE/.$NAME.build.XXXXXX")
cleanup() { rm -rf "$TMP"; }
trap cleanup EXIT INT TERM

start=$(date +%s)
log "debootstrap --variant=minbase --include=$PACKAGES bookworm from $MIRROR (log: $TMP.log)"
if ! debootstrap --variant=minbase --include="$PACKAGES" bookworm "$TMP/rootfs" "$MIRROR" \
        >"$TMP.log" 2>&1; then
    tail -n 30 "$TMP.log" >&2
    rm -f "$TMP.log"
    exit 1
fi
rm -f "$TMP.log"

R=$TMP/rootfs
# Trim what a test container never needs (~410 MB -> ~240 MB).
rm -rf "$R"/var/cache/apt/archives/*.deb "$R"/var/lib/apt/lists/* \
       "$R"/usr/share/doc/* "$R"/usr/share/man/* "$R"/usr/share/info/*
find "$R/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
# The image must not carry this host's identity or resolver.
: >"$R/etc/machine-id"
rm -f "$R/var/lib/dbus/machine-id"
printf 'nameserver 127.0.0.1\n' >"$R/etc/resolv.conf"
printf 'localhost\n' >"$R/etc/hostname"
# Samba's package default config is replaced per container; keep a copy for reference.
cp "$R/etc/samba/smb.conf" "$R/etc/samba/smb.conf.debian"
mkdir -p "$R/srv/shares"
# With init=systemd: nmbd.service waits forever for a broadcast interface in a container
# without network and holds up boot ("starting"); the tests never use NetBIOS.
ln -sf /dev/null "$R/etc/systemd/system/nmbd.service"

{
    echo "version=$VERSION"
    echo "suite=bookworm"
    echo "variant=minbase"
    echo "packages=$PACKAGES"
    echo "mirror=$MIRROR"
    echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "samba=$(chroot "$R" dpkg-query -W -f '${Version}' samba)"
} >"$R/.pvesim-rootfs.tmp"

rm -rf "$DEST"
mv "$R" "$DEST"
mv "$DEST/.pvesim-rootfs.tmp" "$STAMP"
log "done in $(( $(date +%s) - start )) s: $(du -sh "$DEST" | cut -f1)"
echo "$DEST"
