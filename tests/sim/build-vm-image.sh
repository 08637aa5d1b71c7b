#!/bin/sh
# Build (once) the bootable Debian 12 disk image that the real-VM tests boot under QEMU
# (tests/lib/qemu_vm.py), in place of Debian's cloud image, which these machines cannot download:
#
#     /var/cache/pvesmbgw-test/vm-bookworm-gateway.qcow2        (PVESIM_VM_CACHE overrides the dir)
#     /var/cache/pvesmbgw-test/vm-bookworm-gateway.qcow2.stamp  present + version line = complete
#
# The image is a qcow2 (not raw): it stores only the clusters the root file system uses
# (~460 MiB of a 4 GiB disk), a copy of it stays that small, every guest boots from a qcow2
# overlay whose backing file it is (so the cache stays pristine), and it is the format of the
# Debian cloud image it stands in for (`vm-template build --image FILE`, `import-from=`).
#
# Contents: debootstrap minbase + the cloud kernel, systemd, udev, qemu-guest-agent, cloud-init,
# Samba, winbind, ifupdown.  One MBR partition (ext4, the whole root) booted by EXTLINUX, so that
# QEMU's default BIOS (SeaBIOS) boots it from the disk as it boots a PVE VM.  Serial console on
# ttyS0; qemu-guest-agent starts at boot; root has no password and there is no SSH server
# (the guest agent is the only way in).
#
# Why EXTLINUX and not grub-pc: grub-install wants the disk as a block device with partition
# nodes (a partitioned loop device, i.e. udev or devtmpfs doing the right thing) and probes the
# host; extlinux only needs the root file system mounted once, for a second.  The file system
# is written by `mke2fs -d` straight into the partition of the image file (no mount while
# debootstrap runs); one loop device over just that partition (--offset/--sizelimit, no
# partition scan) carries the mount for `extlinux --install`.  Both are undone by name, also
# on failure.
#
# Reused when the stamp has this VERSION; `--force` rebuilds.  Needs root, debootstrap,
# qemu-utils, extlinux, fdisk (sfdisk), e2fsprogs, and the Debian mirror apt is configured with
# (`apt-get indextargets`), or PVESIM_DEBIAN_MIRROR.  Prints the image path on stdout (progress
# goes to stderr).  A cold build takes ~3 min (debootstrap ~1.5 min, the packages ~1 min).
set -eu

CACHE=${PVESIM_VM_CACHE:-/var/cache/pvesmbgw-test}
NAME=vm-bookworm-gateway
VERSION=3     # bump when PACKAGES, the layout or the tweaks below change: an older stamp rebuilds
DEST=$CACHE/$NAME.qcow2
STAMP=$DEST.stamp
DISK_SIZE_MIB=4096
PART_START=2048            # sectors: the usual 1 MiB alignment
SECTOR=512
# debootstrap installs the base (its --include cannot order the configuration of a set this
# large: kernel, cloud-init, Samba fail in its "configuring base packages" loop); apt-get in
# the chroot installs the rest.  ifupdown (not systemd-networkd): cloud-init renders
# /etc/network/interfaces for it, and it brings up no interface nobody configured, so a guest
# without a NIC boots without waiting for one (systemd-networkd-wait-online waits 2 minutes).
BASE=systemd-sysv,udev,dbus,ifupdown,isc-dhcp-client,iproute2,procps,e2fsprogs,util-linux
PACKAGES="linux-image-cloud-amd64 qemu-guest-agent cloud-init cloud-guest-utils"
PACKAGES="$PACKAGES samba samba-vfs-modules winbind libnss-winbind"
FORCE=0
[ "${1:-}" = "--force" ] && FORCE=1

log() { echo "build-vm-image: $*" >&2; }

if [ "$(id -u)" != 0 ]; then log "needs root"; exit 2; fi
for tool in debootstrap qemu-img extlinux sfdisk mke2fs losetup; do
    command -v "$tool" >/dev/null || {
        log "$tool is not installed (apt-get install --no-install-recommends" \
            "debootstrap qemu-utils extlinux fdisk e2fsprogs)"
        exit 2
    }
done
MBR=/usr/lib/EXTLINUX/mbr.bin
[ -f "$MBR" ] || { log "$MBR missing (package extlinux)"; exit 2; }

mkdir -p "$CACHE"
chmod 0755 "$CACHE"
# one builder at a time (concurrent pytest runs share the cache)
exec 9>"$CACHE/.$NAME.lock"
flock 9

if [ "$FORCE" = 0 ] && [ -f "$STAMP" ] && [ -f "$DEST" ] && grep -qx "version=$VERSION" "$STAMP"; then
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
MNT=$TMP/mnt
RAW=$TMP/disk.raw
LOOP=

# Undo what this run made, by name: the mount, the loop device (only if it still shows our
# file), anything debootstrap left mounted in the chroot (a killed debootstrap can leave
# proc/sys there; rm -rf must never descend into them), then the build directory.
cleanup() {
    if mountpoint -q "$MNT" 2>/dev/null; then umount "$MNT" || umount -l "$MNT"; fi
    if [ -n "$LOOP" ] && losetup -n -O BACK-FILE "$LOOP" 2>/dev/null | grep -qF "$RAW"; then
        losetup -d "$LOOP"
    fi
    awk -v t="$TMP/" 'index($2, t) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do
        umount "$m" || umount -l "$m"
    done
    rm -rf --one-file-system "$TMP" "$TMP.log"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start=$(date +%s)
R=$TMP/rootfs
log "debootstrap --variant=minbase bookworm from $MIRROR"
if ! debootstrap --variant=minbase --include="$BASE" bookworm "$R" "$MIRROR" >"$TMP.log" 2>&1; then
    tail -n 20 "$TMP.log" >&2
    tail -n 40 "$R/debootstrap/debootstrap.log" >&2 2>/dev/null || true
    exit 1
fi
log "debootstrap done after $(( $(date +%s) - start )) s; apt-get install $PACKAGES"
# In the chroot: /proc for the maintainer scripts (update-initramfs), and no service started.
mount -t proc proc "$R/proc"
printf '#!/bin/sh\nexit 101\n' >"$R/usr/sbin/policy-rc.d"
chmod 0755 "$R/usr/sbin/policy-rc.d"
# shellcheck disable=SC2086  # PACKAGES is a list
if ! chroot "$R" env DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 \
        apt-get install -y --no-install-recommends $PACKAGES </dev/null >"$TMP.log" 2>&1; then
    tail -n 40 "$TMP.log" >&2
    exit 1
fi
chroot "$R" apt-get clean
rm -f "$R/usr/sbin/policy-rc.d"
umount "$R/proc"
log "packages installed after $(( $(date +%s) - start )) s"

KVER=$(cd "$R/boot" && ls vmlinuz-* | sed 's/^vmlinuz-//' | sort -V | tail -n 1)
[ -n "$KVER" ] && [ -f "$R/boot/initrd.img-$KVER" ] || { log "no kernel/initrd in the image"; exit 1; }
UUID=$(cat /proc/sys/kernel/random/uuid)

# Trim what a test guest never needs.
rm -rf "$R"/var/cache/apt/archives/*.deb "$R"/var/lib/apt/lists/* \
       "$R"/usr/share/doc/* "$R"/usr/share/man/* "$R"/usr/share/info/*
find "$R/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
# The image must not carry this host's identity or resolver; an empty machine-id makes
# systemd generate one at first boot (as on a cloud image).
: >"$R/etc/machine-id"
rm -f "$R/var/lib/dbus/machine-id"
: >"$R/etc/resolv.conf"
printf 'localhost\n' >"$R/etc/hostname"
printf 'UUID=%s / ext4 errors=remount-ro 0 1\n' "$UUID" >"$R/etc/fstab"
# No password for root (locked), no SSH server installed: nobody logs in over the network.
chroot "$R" passwd -l root >/dev/null
# cloud-init looks only for what PVE attaches (NoCloud "cidata" drive, ConfigDrive); with
# neither, ds-identify disables it for that boot instead of probing cloud metadata URLs.
cat >"$R/etc/cloud/cloud.cfg.d/90-pvesmbgw-test.cfg" <<'EOF'
# pvesmbgw test image (tests/sim/build-vm-image.sh)
datasource_list: [ NoCloud, ConfigDrive ]
ssh_pwauth: false
disable_root: true
# minbase has no en_US.UTF-8 (cloud-init's default locale), and update-locale refuses one
# that is not generated: cloud-init's locale module would fail and its status be "error".
locale: C.UTF-8
EOF
printf 'LANG=C.UTF-8\n' >"$R/etc/default/locale"
# qemu-guest-agent starts at boot through Debian's udev rule (SYSTEMD_WANTS when the port
# org.qemu.guest_agent.0 appears; udev's coldplug replays it at boot), as in Debian's cloud
# images; its unit has an empty [Install] and cannot be enabled.  Make sure the rule is there.
grep -qs 'org.qemu.guest_agent.0' "$R"/lib/udev/rules.d/*qemu-guest-agent*.rules \
    || { log "qemu-guest-agent's udev rule is missing"; exit 1; }
# No apt runs of its own: a test guest has no network, and under TCG they cost minutes of CPU.
chroot "$R" systemctl disable apt-daily.timer apt-daily-upgrade.timer >/dev/null 2>&1
# Samba's package default config is replaced by the gateway; keep a copy for reference.
cp "$R/etc/samba/smb.conf" "$R/etc/samba/smb.conf.debian"
mkdir -p "$R/srv/shares"
# The gateways never use NetBIOS; without a broadcast interface nmbd only delays boot.
ln -sf /dev/null "$R/etc/systemd/system/nmbd.service"
# EXTLINUX on the serial line (no VGA with -nodefaults): no prompt, the one kernel, the
# console on ttyS0 last so that /dev/console (and systemd's output) goes there.
mkdir -p "$R/boot/extlinux"
cat >"$R/boot/extlinux/extlinux.conf" <<EOF
SERIAL 0 115200
DEFAULT debian
PROMPT 0
TIMEOUT 0
LABEL debian
    LINUX /boot/vmlinuz-$KVER
    INITRD /boot/initrd.img-$KVER
    APPEND root=UUID=$UUID ro console=tty0 console=ttyS0,115200n8
EOF

# The disk: one bootable MBR partition from 1 MiB to the end, ext4 written from the tree.
# ^64bit: EXTLINUX reads the file system itself, and a 4 GiB disk needs no 64-bit block numbers.
truncate -s "${DISK_SIZE_MIB}M" "$RAW"
printf 'label: dos\nstart=%s, type=83, bootable\n' "$PART_START" | sfdisk -q "$RAW"
OFFSET=$((PART_START * SECTOR))
PART_BYTES=$((DISK_SIZE_MIB * 1024 * 1024 - OFFSET))
mke2fs -q -F -t ext4 -O ^64bit -L root -U "$UUID" -E "offset=$OFFSET" -d "$R" \
       "$RAW" "$((PART_BYTES / 1024))k"
LOOP=$(losetup --find --show --offset "$OFFSET" --sizelimit "$PART_BYTES" "$RAW")
mkdir -p "$MNT"
mount -t ext4 "$LOOP" "$MNT"
if ! extlinux --install "$MNT/boot/extlinux" >"$TMP.log" 2>&1; then
    log "extlinux --install failed: $(cat "$TMP.log")"
    exit 1
fi
umount "$MNT"
losetup -d "$LOOP"
LOOP=
dd if="$MBR" of="$RAW" bs=440 count=1 conv=notrunc status=none

qemu-img convert -f raw -O qcow2 "$RAW" "$TMP/image.qcow2"
{
    echo "version=$VERSION"
    echo "suite=bookworm"
    echo "format=qcow2"
    echo "virtual-size-mib=$DISK_SIZE_MIB"
    echo "bootloader=extlinux"
    echo "kernel=$KVER"
    echo "root-uuid=$UUID"
    echo "packages=$BASE,$(echo $PACKAGES | tr ' ' ',')"
    echo "mirror=$MIRROR"
    echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "samba=$(chroot "$R" dpkg-query -W -f '${Version}' samba)"
    echo "qemu-guest-agent=$(chroot "$R" dpkg-query -W -f '${Version}' qemu-guest-agent)"
} >"$TMP/stamp"

rm -f "$STAMP"
mv "$TMP/image.qcow2" "$DEST"
mv "$TMP/stamp" "$STAMP"
log "done in $(( $(date +%s) - start )) s: $(du -h "$DEST" | cut -f1) ($DEST)"
echo "$DEST"
