#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: boot Debian's stock kernel under QEMU with enbkey.ko and run a
# narrated enbkeyctl session (tests/demo-guest.sh).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${ENBKEY_OUT:-$ROOT/build}/demo
Q=$ROOT/tests/qemu

bash "$Q/deps.sh"
stock=$(dpkg-query -W -f='${Depends}' linux-image-amd64 | sed -E 's/^linux-image-([^ ,]+).*/\1/')

echo "Building enbkey.ko for $stock and enbkeyctl..."
rm -rf "$OUT" && mkdir -p "$OUT/src"
cp -r "$ROOT/Kbuild" "$ROOT/kmod" "$ROOT/include" "$OUT/src/"
make -s -C "/usr/src/linux-headers-$stock" M="$OUT/src" modules
make -s -C "$ROOT/userspace"
make -s -C "$ROOT/tests/integration" O="$OUT"

stock_modules="ctr cmac aesni-intel"
bash "$Q/mkinitramfs.sh" -o "$OUT/demo.cpio.gz" --modules "$stock" $stock_modules \
	--add "$OUT/src/enbkey.ko:/lib/modules/enbkey.ko" \
	--add "$ROOT/userspace/enbkeyctl:/usr/local/bin/enbkeyctl" \
	--add "$OUT/runas:/usr/local/bin/runas" \
	--add "$(command -v jq):/usr/local/bin/jq" \
	--payload "$ROOT/tests/demo-guest.sh" >"$OUT/initramfs.log" 2>&1

echo "Booting $stock under QEMU..."
bash "$Q/boot.sh" --kernel "/boot/vmlinuz-$stock" --initrd "$OUT/demo.cpio.gz" \
	--log "$OUT/console.log" --timeout 300 --append "quiet" |
	sed -n '/^### /,/^### Done/p'
