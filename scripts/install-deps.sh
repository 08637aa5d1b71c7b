#!/bin/bash
# Install the Debian packages pvesmbgw needs to run, build and test.
# The one list shared by the Makefile (make deps) and .ci/run.
#
# Usage: scripts/install-deps.sh [--list] [runtime|build|demo|test|all]...
#   (default: all)  --list prints the packages and installs nothing.
# Safe to rerun: when everything is installed it does nothing (no apt-get
# update); otherwise it runs apt-get update once, then one apt-get install.
set -euo pipefail

# What the agent needs at run time (debian/control Depends), plus smbclient
# (a Recommends, used by the demo and the tests).
# AD membership (ad join): winbind libnss-winbind krb5-user python3-dnspython (Recommends).
# pve-svc's Vault secret backend: python3-hvac (a Recommends; in the build and test sets).
RUNTIME=(
    python3 python3-jinja2 python3-jsonschema python3-samba python3-dbus python3-psutil
    python3-yaml python3-cryptography
    samba samba-common-bin samba-vfs-modules rsync btrfs-progs passwd smbclient
    perl python3-prometheus-client gpgv git
    winbind libnss-winbind krb5-user python3-dnspython
)
# What dpkg-buildpackage -b needs (debian/control Build-Depends, with the unit tier
# it runs at build time and the built-in templates' index it builds) and lintian.
BUILD=(
    build-essential dpkg-dev debhelper dh-python pybuild-plugin-pyproject
    python3-all python3-setuptools lintian python3-pytest python3-pytest-mock
    python3-yaml python3-jsonschema python3-jinja2 python3-hvac python3-cryptography gettext
)
# What the service half of make demo needs besides the runtime: real LXC containers
# driven by the PVE simulator, their root file system, and an apt cache for them.
DEMO=(lxc debootstrap apt-cacher-ng iproute2)
# What make test / unit / typecheck need. QEMU, extlinux and fdisk (sfdisk): the real-VM
# tests build a bootable guest image (tests/sim/build-vm-image.sh) and boot it. gnupg:
# the template repository tests (and make bench) sign with a key they make.
TEST=(
    python3-pytest python3-pytest-mock mypy smbclient btrfs-progs gnupg python3-hvac gettext
    lxc debootstrap apt-cacher-ng
    qemu-system-x86 qemu-utils extlinux fdisk genisoimage
    chromium
    samba-ad-dc samba-ad-provision ldb-tools samba-testsuite
    ctdb ethtool iptables iputils-ping python3-pyroute2
)

list=0
groups=()
for arg in "$@"; do
    case "$arg" in
        --list) list=1 ;;
        runtime|build|demo|test|all) groups+=("$arg") ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "install-deps.sh: unknown argument: $arg" >&2; exit 2 ;;
    esac
done
[ ${#groups[@]} -gt 0 ] || groups=(all)

pkgs=()
for g in "${groups[@]}"; do
    case "$g" in
        runtime) pkgs+=("${RUNTIME[@]}") ;;
        build) pkgs+=("${BUILD[@]}") ;;
        demo) pkgs+=("${DEMO[@]}") ;;
        test) pkgs+=("${TEST[@]}") ;;
        all) pkgs+=("${RUNTIME[@]}" "${BUILD[@]}" "${DEMO[@]}" "${TEST[@]}") ;;
    esac
done
# The GUI tier fetches ExtJS once with npm. Debian's npm conflicts with a nodejs
# that already carries its own npm (NodeSource's), so it is added only when missing.
for g in "${groups[@]}"; do
    if [[ "$g" == test || "$g" == all ]] && ! command -v npm >/dev/null; then
        pkgs+=(npm)
    fi
done
# De-duplicate, keeping the order.
mapfile -t pkgs < <(printf '%s\n' "${pkgs[@]}" | awk '!seen[$0]++')

if [ "$list" -eq 1 ]; then
    printf '%s\n' "${pkgs[@]}"
    exit 0
fi

missing=()
for p in "${pkgs[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$status" = installed ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all ${#pkgs[@]} packages (${groups[*]}) are installed"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: must run as root to install: ${missing[*]}" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing ${missing[*]}"
apt-get update </dev/null
apt-get install -y --no-install-recommends "${missing[@]}" </dev/null
