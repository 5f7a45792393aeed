#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: every test of enbkey, ending with "N passed, N failed".
#
#   hygiene      W=1 build, sparse (C=2) and checkpatch of kmod/, the KDF
#                vector table regenerated from shared/vectors
#   userspace    library and enbkeyctl, host-side tests under valgrind
#   kunit        the KUnit suites in the debug kernel (KASAN, lockdep, kmemleak)
#   stock        integration scenarios on Debian's stock kernel under QEMU
#   debug        the same scenarios in the debug kernel, kmemleak scanned
#
# Artefacts and logs go to build/ (ENBKEY_OUT); the debug kernel is cached
# in ~/.cache/enbkey (ENBKEY_CACHE).
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${ENBKEY_OUT:-$ROOT/build}
export ENBKEY_CACHE=${ENBKEY_CACHE:-${HOME:-/root}/.cache/enbkey}
Q=$ROOT/tests/qemu
PASSED=0
FAILED=0

mkdir -p "$OUT/log"

pass() { PASSED=$((PASSED + 1)); echo "PASS: $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL: $1"; }

# step NAME CMD...: one test; its output goes to build/log/NAME.log and is
# shown when it fails.
step() {
	local name=$1 log=$OUT/log/$1.log
	shift
	if "$@" >"$log" 2>&1; then
		pass "$name"
	else
		fail "$name"
		tail -n 40 "$log" | sed 's/^/    /'
	fi
}

finish() {
	echo
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" = 0 ]
	exit
}

# count_results NAME LOG PATTERN_OK PATTERN_NOT_OK: add the result lines of a
# guest log to the totals; no result line at all is a failure.
count_results() {
	local name=$1 log=$2 okre=$3 notre=$4 ok notok
	ok=$(grep -aEc "$okre" "$log")
	notok=$(grep -aEc "$notre" "$log")
	PASSED=$((PASSED + ok))
	FAILED=$((FAILED + notok))
	echo "$name: $ok passed, $notok failed"
	grep -aE "$notre" "$log" -A3 | sed 's/^/    /'
	if [ "$ok" = 0 ] && [ "$notok" = 0 ]; then
		fail "$name: no result at all"
	fi
}

# count_kunit KTAP_SUMMARY: add the test cases ktap.py counted; a skipped
# case counts as failed, since every part must run.
count_kunit() {
	local line p f k
	line=$(grep -E '^ktap: [0-9]+ suites, [0-9]+ tests: ' "$1")
	p=$(sed -E 's/.* ([0-9]+) passed.*/\1/' <<<"$line")
	f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
	k=$(sed -E 's/.* ([0-9]+) skipped.*/\1/' <<<"$line")
	PASSED=$((PASSED + ${p:-0}))
	FAILED=$((FAILED + ${f:-0} + ${k:-0}))
	[ -n "$line" ] || fail "kunit: no KTAP summary"
}

# copy_src DIR: a private copy of the module sources, so that builds against
# different kernels do not share object files.
copy_src() {
	rm -rf "$1" && mkdir -p "$1" &&
		cp -r "$ROOT/Kbuild" "$ROOT/kmod" "$ROOT/include" "$1/" &&
		mkdir -p "$1/tests" && cp -r "$ROOT/tests/kunit" "$1/tests/"
}

# build_module NAME KDIR [VAR=VALUE...]: W=1 build; any warning fails it.
build_module() {
	local dir=$OUT/mod-$1 kdir=$2
	shift 2
	copy_src "$dir" && make -C "$kdir" M="$dir" W=1 "$@" modules 2>&1 | tee "$dir.log" &&
		! grep -E 'warning:|error:' "$dir.log"
}

sparse_check() {
	local dir=$OUT/mod-sparse
	copy_src "$dir" && make -C "$KDIR_STOCK" M="$dir" C=2 modules 2>&1 | tee "$dir.log" &&
		! grep -E 'warning:|error:' "$dir.log"
}

checkpatch() {
	local src=$ENBKEY_CACHE/linux-source-6.1
	perl "$src/scripts/checkpatch.pl" --no-tree --strict -q -f \
		"$ROOT"/kmod/*.[ch] "$ROOT"/kmod/crypto/*.[ch] \
		"$ROOT/include/uapi/linux/enbkey.h"
}

# The vector tables are committed; when shared/vectors is at hand they must
# still be what tools/*-vectors.py make of it.
VECTORS=
for v in ${ENBKEY_VECTORS:-} "$ROOT/../shared/vectors" /work/shared/vectors; do
	if [ -f "$v/kdf.json" ] && [ -f "$v/algorithms.json" ]; then
		VECTORS=$v
		break
	fi
done

vectors_current() {
	python3 "$ROOT/tools/kdf-vectors.py" "$VECTORS/kdf.json" |
		diff -u "$ROOT/tests/kunit/kdf_vectors.h" - &&
		python3 "$ROOT/tools/alg-vectors.py" "$VECTORS/algorithms.json" |
		diff -u "$ROOT/tests/kunit/alg_vectors.h" -
}

echo "== dependencies"
step deps bash "$Q/deps.sh" || true
[ "$FAILED" = 0 ] || finish

STOCK=$(dpkg-query -W -f='${Depends}' linux-image-amd64 | sed -E 's/^linux-image-([^ ,]+).*/\1/')
KDIR_STOCK=/usr/src/linux-headers-$STOCK
echo "stock kernel: $STOCK"

echo "== debug kernel (cached after the first build)"
DEBUG_TREE=$(bash "$Q/debug-kernel.sh" 2>"$OUT/log/debug-kernel.log" | tail -n 1)
if [ -n "$DEBUG_TREE" ] && [ -f "$DEBUG_TREE/arch/x86/boot/bzImage" ]; then
	pass "debug kernel"
else
	fail "debug kernel"
	tail -n 40 "$OUT/log/debug-kernel.log"
fi

echo "== hygiene"
step build-stock-W1 build_module stock "$KDIR_STOCK"
step sparse sparse_check
step checkpatch checkpatch
if [ -n "$VECTORS" ]; then
	step vector-tables vectors_current
else
	echo "note: shared/vectors not found (set ENBKEY_VECTORS); the committed tables are used as they are"
fi

echo "== userspace"
step userspace-build make -C "$ROOT/userspace" clean all
step userspace-tests bash "$ROOT/tests/userspace/run.sh"

echo "== the algorithm cores against libipsec-mb, on the host"
step crypto-differential make -C "$ROOT/tests/crypto" test
grep '^crypto-diff: seed.*mismatches' "$OUT/log/crypto-differential.log" | tail -n 1
step snow3g-tables sh -c "python3 '$ROOT/tools/snow3g-tables.py' | diff -u '$ROOT/kmod/crypto/snow3g_tables.h' -"

echo "== guest tools"
step guest-tools make -C "$ROOT/tests/integration" O="$OUT"
step guest-afalg make -C "$ROOT/tests/crypto" afalg-check

if [ -n "$DEBUG_TREE" ]; then
	echo "== KUnit in the debug kernel"
	step build-debug-W1 build_module debug "$DEBUG_TREE"
	step build-kunit-W1 build_module kunit "$DEBUG_TREE" ENBKEY_KUNIT=y
	bash "$Q/mkinitramfs.sh" -o "$OUT/kunit.cpio.gz" \
		--add "$OUT/mod-kunit/enbkey.ko:/lib/modules/enbkey.ko" \
		--payload "$ROOT/tests/kunit/guest.sh" >"$OUT/log/kunit-initramfs.log" 2>&1
	bash "$Q/boot.sh" --kernel "$DEBUG_TREE/arch/x86/boot/bzImage" \
		--initrd "$OUT/kunit.cpio.gz" --log "$OUT/log/kunit-guest.log" \
		--timeout 600 --append "oops=panic" >/dev/null
	rc=$?
	[ $rc = 0 ] && pass "kunit guest" || fail "kunit guest (exit $rc)"
	python3 "$Q/ktap.py" "$OUT/log/kunit-guest.log" >"$OUT/log/kunit-ktap.log" 2>&1
	rc=$?
	cat "$OUT/log/kunit-ktap.log"
	count_kunit "$OUT/log/kunit-ktap.log"
	[ $rc = 0 ] && pass "kunit: every suite ran to its end" || fail "kunit: KTAP"
	step kunit-kernel-reports bash "$Q/scan-log.sh" "$OUT/log/kunit-guest.log"
fi

# integration NAME KERNEL MODULE [--modules VERSION NAME...]
integration() {
	local name=$1 kernel=$2 module=$3 rc
	shift 3
	bash "$Q/mkinitramfs.sh" -o "$OUT/$name.cpio.gz" \
		--add "$module:/lib/modules/enbkey.ko" \
		--add "$ROOT/userspace/enbkeyctl:/usr/local/bin/enbkeyctl" \
		--add "$OUT/leakscan:/usr/local/bin/leakscan" \
		--add "$OUT/runas:/usr/local/bin/runas" \
		--add "$OUT/pdcpref:/usr/local/bin/pdcpref" \
		--add "$OUT/evwatch:/usr/local/bin/evwatch" \
		--add "$OUT/batch:/usr/local/bin/batch" \
		--add "$(command -v jq):/usr/local/bin/jq" \
		--add "$ROOT/tests/integration/lib.sh:/tests/lib.sh" \
		--add "$ROOT/tests/integration/part1.sh:/tests/part1.sh" \
		--add "$ROOT/tests/integration/part2.sh:/tests/part2.sh" \
		--add "$ROOT/tests/integration/part3.sh:/tests/part3.sh" \
		--add "$ROOT/tests/integration/part4.sh:/tests/part4.sh" \
		--add "$ROOT/tests/integration/part5.sh:/tests/part5.sh" \
		--add "$ROOT/tests/integration/part6.sh:/tests/part6.sh" \
		--add "$ROOT/tests/crypto/afalg-check:/usr/local/bin/afalg-check" \
		--add "$OUT/seqtest:/usr/local/bin/seqtest" \
		--add "$OUT/uefill:/usr/local/bin/uefill" \
		--payload "$ROOT/tests/integration/guest.sh" "$@" \
		>"$OUT/log/$name-initramfs.log" 2>&1 || {
		fail "$name: initramfs"
		tail "$OUT/log/$name-initramfs.log"
		return
	}
	bash "$Q/boot.sh" --kernel "$kernel" --initrd "$OUT/$name.cpio.gz" \
		--log "$OUT/log/$name-guest.log" --timeout 1500 --append "oops=panic" >/dev/null
	rc=$?
	[ $rc = 0 ] && pass "$name: guest ran to the end" || fail "$name: guest (exit $rc)"
	count_results "$name" "$OUT/log/$name-guest.log" '^enbkey-it: ok ' '^enbkey-it: not ok '
	step "$name-kernel-reports" bash "$Q/scan-log.sh" "$OUT/log/$name-guest.log"
}

echo "== integration on the stock kernel $STOCK"
# The stock kernel has ctr and cmac as modules; enbkey asks for them.
integration stock "/boot/vmlinuz-$STOCK" "$OUT/mod-stock/enbkey.ko" \
	--modules "$STOCK" ctr cmac aesni-intel libaes algif_skcipher algif_hash

if [ -n "$DEBUG_TREE" ]; then
	echo "== integration in the debug kernel"
	integration debug "$DEBUG_TREE/arch/x86/boot/bzImage" "$OUT/mod-debug/enbkey.ko"
fi

finish
