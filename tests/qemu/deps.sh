#!/bin/bash
# Install the Debian packages the enbkey test suite needs.
# Idempotent and silent when everything is already installed.
set -euo pipefail

packages=(
	linux-source-6.1 linux-headers-amd64 linux-image-amd64
	linux-source-6.12 linux-headers-6.12-amd64 linux-image-6.12-amd64
	qemu-system-x86 busybox-static
	libmnl-dev sparse jq valgrind python3 python3-yaml python3-jsonschema
	gcc libc6-dev make bc bison flex libelf-dev libssl-dev dwarves
	cpio kmod xz-utils
	libipsec-mb-dev
	dkms dh-dkms debhelper dpkg-dev pkg-config
)

installed() {
	[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

missing=()
for pkg in "${packages[@]}"; do
	installed "$pkg" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing packages (run as root to install): ${missing[*]}" >&2
	exit 1
fi

echo "deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
