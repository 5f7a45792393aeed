#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Runs the algorithm cores against libipsec-mb on the host (crypto-bench),
# then boots Debian's stock kernel under QEMU with enbkey.ko and the AF_ALG
# modules, runs enbkey-bench in it and prints what it printed.
#
#   bash bench/run.sh [enbkey-bench arguments]     e.g. -t 5 -b 64, or -j
#
# ENBKEY_OUT (default build/) receives bench/: the image, the console log
# and bench.out, the benchmark's own output. BENCH_MODULES lists the crypto
# modules to load (default below, AES-NI included on both sides).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${ENBKEY_OUT:-$ROOT/build}/bench
Q=$ROOT/tests/qemu
MODULES=${BENCH_MODULES:-af_alg algif_skcipher algif_hash ctr cmac aesni-intel libaes}

bash "$Q/deps.sh"
stock=$(dpkg-query -W -f='${Depends}' linux-image-amd64 |
	sed -E 's/^linux-image-([^ ,]+).*/\1/')

# The SNOW 3G and ZUC cores against libipsec-mb, natively on the host.
echo "### crypto-bench (host, native)"
make -s -C "$ROOT/tests/crypto" crypto-bench
"$ROOT/tests/crypto/crypto-bench"
echo "### end crypto-bench"

echo "Building enbkey.ko for $stock and enbkey-bench..." >&2
rm -rf "$OUT" && mkdir -p "$OUT/src"
cp -r "$ROOT/Kbuild" "$ROOT/kmod" "$ROOT/include" "$OUT/src/"
make -s -C "/usr/src/linux-headers-$stock" M="$OUT/src" modules
make -s -C "$ROOT/bench"
printf '%s\n' "$*" >"$OUT/args"

# shellcheck disable=SC2086 # one module name per word
bash "$Q/mkinitramfs.sh" -o "$OUT/bench.cpio.gz" \
	--add "$OUT/src/enbkey.ko:/lib/modules/enbkey.ko" \
	--add "$ROOT/bench/enbkey-bench:/usr/local/bin/enbkey-bench" \
	--add "$OUT/args:/etc/enbkey-bench.args" \
	--modules "$stock" $MODULES \
	--payload "$ROOT/bench/guest.sh" >"$OUT/initramfs.log" 2>&1

echo "Booting $stock under QEMU..." >&2
set +e
bash "$Q/boot.sh" --kernel "/boot/vmlinuz-$stock" --initrd "$OUT/bench.cpio.gz" \
	--log "$OUT/console.log" --timeout "${BENCH_TIMEOUT:-900}" \
	--append "quiet" >/dev/null
rc=$?
set -e
tr -d '\r' <"$OUT/console.log" |
	sed -n '/^### enbkey-bench/,/^### end enbkey-bench/p' >"$OUT/bench.out"
cat "$OUT/bench.out"
[ "$rc" = 0 ] || echo "bench: guest exit status $rc; see $OUT/console.log" >&2
exit "$rc"
