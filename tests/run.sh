#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: every test of enbkey, ending with "N passed, N failed".
#
#   hygiene      W=1 build and sparse (C=2) against both kernels' headers,
#                checkpatch of kmod/, the vector tables regenerated from
#                shared/vectors, the uapi header regenerated from the YNL spec
#   userspace    library and enbkeyctl, host-side tests under valgrind
#   kunit        the KUnit suites in the 6.1 and 6.12 debug kernels (KASAN,
#                UBSAN, KFENCE, lockdep, kmemleak)
#   stock        integration scenarios on Debian's stock 6.1 and 6.12 kernels
#   debug        the same scenarios in the 6.1 debug kernel, kmemleak scanned
#   packages     the .debs built, installed, DKMS-built for both kernels,
#                booted, purged (tests/packages.sh)
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

# sparse_check NAME KDIR: sparse (C=2) on every file; any warning fails it.
sparse_check() {
	local dir=$OUT/mod-sparse-$1
	copy_src "$dir" && make -C "$2" M="$dir" C=2 modules 2>&1 | tee "$dir.log" &&
		! grep -E 'warning:|error:' "$dir.log"
}

# stock_kernel METAPACKAGE: the kernel release a linux-image metapackage
# depends on, e.g. 6.1.0-57-amd64
stock_kernel() {
	dpkg-query -W -f='${Depends}' "$1" | sed -E 's/^linux-image-([^ ,]+).*/\1/'
}

# crypto_modules RELEASE: the crypto the module and the guest tools use that
# RELEASE builds as modules (the rest is built in), for mkinitramfs --modules
crypto_modules() {
	local opt mod
	for opt in CTR:ctr CMAC:cmac AES_NI_INTEL:aesni-intel LIB_AES:libaes \
		USER_API_SKCIPHER:algif_skcipher USER_API_HASH:algif_hash; do
		mod=${opt#*:}
		grep -qx "CONFIG_CRYPTO_${opt%%:*}=m" "/boot/config-$1" && echo "$mod"
	done
}

checkpatch() {
	local src=$ENBKEY_CACHE/linux-source-6.1
	perl "$src/scripts/checkpatch.pl" --no-tree --strict -q -f \
		"$ROOT"/kmod/*.[ch] "$ROOT"/kmod/crypto/*.[ch]
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

# The two kernels of Debian 12: the stock 6.1 and 6.12 from bookworm-security.
# Each is tested as it ships (stock) and, built from its linux-source with
# tests/qemu/debug.config, as a debug kernel (cached).
SERIES=(6.1 6.12)
declare -A STOCK DEBUG
STOCK[6.1]=$(stock_kernel linux-image-amd64)
STOCK[6.12]=$(stock_kernel linux-image-6.12-amd64)
for s in "${SERIES[@]}"; do
	echo "stock kernel $s: ${STOCK[$s]}"
done

# debug_kernel SERIES: build (or find in the cache) that debug kernel and
# print its tree
debug_kernel() {
	bash "$Q/debug-kernel.sh" "$1" 2>"$OUT/log/debug-kernel-$1.log" | tail -n 1
}

# have_debug SERIES TREE: record the debug kernel, or its failure
have_debug() {
	if [ -n "$2" ] && [ -f "$2/arch/x86/boot/bzImage" ]; then
		DEBUG[$1]=$2
		pass "debug kernel $1"
	else
		DEBUG[$1]=
		fail "debug kernel $1"
		tail -n 40 "$OUT/log/debug-kernel-$1.log"
	fi
}

echo "== debug kernel 6.1 (cached after the first build)"
have_debug 6.1 "$(debug_kernel 6.1)"
# The 6.12 debug kernel builds meanwhile, at a lower priority: a guest
# under TCG mostly keeps one of the two cores busy, and a first build
# takes some ten minutes. Its KUnit run comes last.
echo "== debug kernel 6.12 (cached after the first build): building in the background"
nice -n 10 bash "$Q/debug-kernel.sh" 6.12 2>"$OUT/log/debug-kernel-6.12.log" |
	tail -n 1 >"$OUT/debug-kernel-6.12.tree" &
DEBUG_BG=$!

echo "== hygiene"
for s in "${SERIES[@]}"; do
	step "build-stock-$s-W1" build_module "stock-$s" "/usr/src/linux-headers-${STOCK[$s]}"
	step "sparse-$s" sparse_check "$s" "/usr/src/linux-headers-${STOCK[$s]}"
done
step checkpatch checkpatch
if [ -n "$VECTORS" ]; then
	step vector-tables vectors_current
else
	echo "note: shared/vectors not found (set ENBKEY_VECTORS); the committed tables are used as they are"
fi
if [ -f "$ROOT/tests/ynl/gen.sh" ]; then
	step ynl-spec bash "$ROOT/tests/ynl/gen.sh" --check
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

# kunit SERIES: the KUnit suites in that debug kernel
kunit() {
	local s=$1 tree=${DEBUG[$1]} rc
	step "build-debug-$s-W1" build_module "debug-$s" "$tree"
	step "build-kunit-$s-W1" build_module "kunit-$s" "$tree" ENBKEY_KUNIT=y
	bash "$Q/mkinitramfs.sh" -o "$OUT/kunit-$s.cpio.gz" \
		--add "$OUT/mod-kunit-$s/enbkey.ko:/lib/modules/enbkey.ko" \
		--payload "$ROOT/tests/kunit/guest.sh" >"$OUT/log/kunit-$s-initramfs.log" 2>&1
	bash "$Q/boot.sh" --kernel "$tree/arch/x86/boot/bzImage" \
		--initrd "$OUT/kunit-$s.cpio.gz" --log "$OUT/log/kunit-$s-guest.log" \
		--timeout 600 --append "oops=panic" >/dev/null
	rc=$?
	[ $rc = 0 ] && pass "kunit $s guest" || fail "kunit $s guest (exit $rc)"
	python3 "$Q/ktap.py" "$OUT/log/kunit-$s-guest.log" >"$OUT/log/kunit-$s-ktap.log" 2>&1
	rc=$?
	sed "s/^/kunit $s: /" "$OUT/log/kunit-$s-ktap.log"
	count_kunit "$OUT/log/kunit-$s-ktap.log"
	[ $rc = 0 ] && pass "kunit $s: every suite ran to its end" || fail "kunit $s: KTAP"
	step "kunit-$s-kernel-reports" bash "$Q/scan-log.sh" "$OUT/log/kunit-$s-guest.log"
}

if [ -n "${DEBUG[6.1]}" ]; then
	echo "== KUnit in the debug kernel 6.1"
	kunit 6.1
fi

# integration NAME KERNEL MODULE APPEND [--modules VERSION NAME...]
integration() {
	local name=$1 kernel=$2 module=$3 append=$4 rc f adds=()
	shift 4
	for f in leakscan runas pdcpref evwatch batch seqtest uefill nlfuzz \
		stress failinj residue; do
		adds+=(--add "$OUT/$f:/usr/local/bin/$f")
	done
	for f in "$ROOT"/tests/integration/*.sh; do
		[ "${f##*/}" = guest.sh ] || adds+=(--add "$f:/tests/${f##*/}")
	done
	bash "$Q/mkinitramfs.sh" -o "$OUT/$name.cpio.gz" \
		--add "$module:/lib/modules/enbkey.ko" \
		--add "$ROOT/userspace/enbkeyctl:/usr/local/bin/enbkeyctl" \
		--add "$(command -v jq):/usr/local/bin/jq" \
		--add "$ROOT/tests/crypto/afalg-check:/usr/local/bin/afalg-check" \
		"${adds[@]}" --python \
		--payload "$ROOT/tests/integration/guest.sh" "$@" \
		>"$OUT/log/$name-initramfs.log" 2>&1 || {
		fail "$name: initramfs"
		tail "$OUT/log/$name-initramfs.log"
		return
	}
	bash "$Q/boot.sh" --kernel "$kernel" --initrd "$OUT/$name.cpio.gz" \
		--log "$OUT/log/$name-guest.log" --timeout 2400 \
		--append "oops=panic $append" >/dev/null
	rc=$?
	[ $rc = 0 ] && pass "$name: guest ran to the end" || fail "$name: guest (exit $rc)"
	count_results "$name" "$OUT/log/$name-guest.log" '^enbkey-it: ok ' '^enbkey-it: not ok '
	step "$name-kernel-reports" bash "$Q/scan-log.sh" "$OUT/log/$name-guest.log"
	# the scale of part 7's attacks, for the reader
	grep -aE '^enbkey-it: # (nlfuzz: [0-9]+ messages,|stress: seed .*operations|failinj: [0-9]+ commands|residue: [0-9]+ octets scanned|[a-z0-9]+\.sh took)' \
		"$OUT/log/$name-guest.log" | sed "s/^enbkey-it: # /$name: /"
}

for s in "${SERIES[@]}"; do
	echo "== integration on the stock kernel ${STOCK[$s]}"
	mapfile -t mods < <(crypto_modules "${STOCK[$s]}")
	[ ${#mods[@]} = 0 ] || mods=(--modules "${STOCK[$s]}" "${mods[@]}")
	integration "stock-$s" "/boot/vmlinuz-${STOCK[$s]}" "$OUT/mod-stock-$s/enbkey.ko" "" \
		"${mods[@]}"
done

# The debug kernel is some five to ten times slower: the fuzzer sends fewer
# messages there (the stock runs send 200,000 each), and seqtest runs 8,000
# commands (20,000 on the stock kernels).
if [ -n "${DEBUG[6.1]}" ]; then
	echo "== integration in the debug kernel 6.1"
	integration debug-6.1 "${DEBUG[6.1]}/arch/x86/boot/bzImage" "$OUT/mod-debug-6.1/enbkey.ko" \
		"ENBKEY_FUZZ_N=${ENBKEY_DEBUG_FUZZ_N:-10000} ENBKEY_FUZZ_NP=${ENBKEY_DEBUG_FUZZ_NP:-2500} ENBKEY_SEQTEST_N=${ENBKEY_DEBUG_SEQTEST_N:-8000}"
fi

if [ -f "$ROOT/tests/packages.sh" ]; then
	echo "== the Debian packages: build, install, DKMS on both kernels, purge"
	ENBKEY_OUT=$OUT bash "$ROOT/tests/packages.sh" >"$OUT/log/packages.log" 2>&1
	rc=$?
	count_results packages "$OUT/log/packages.log" '^ok - ' '^not ok - '
	[ $rc = 0 ] && pass "packages: exit 0" || fail "packages: exit $rc"
fi

wait "$DEBUG_BG"
have_debug 6.12 "$(cat "$OUT/debug-kernel-6.12.tree")"
if [ -n "${DEBUG[6.12]}" ]; then
	echo "== KUnit in the debug kernel 6.12"
	kunit 6.12
fi

finish
