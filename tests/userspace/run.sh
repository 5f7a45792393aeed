#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Tests of enbkeyctl that need no enbkey module: argument parsing, error
# reporting, and memory use under valgrind. A command that parses reaches
# the kernel and, the family being absent, fails with the "not loaded" line,
# which is how these tests tell that parsing succeeded. libtest.c then checks
# the messages libenbkey builds and parses, without a socket.
#
# Prints "ok - ..." or "not ok - ..." per case and exits 1 if any failed.
# ENBKEYCTL names the binary to test; by default userspace/ is built first.

set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "${ENBKEYCTL:-}" ]; then
	make -s -C "$top/userspace" >&2 || exit 1
fi
ctl=${ENBKEYCTL:-$top/userspace/enbkeyctl}

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

failed=0
input=/dev/null		# stdin of the cases that follow
valgrind=false		# whether they run under valgrind

not_loaded='enbkeyctl: enbkey module not loaded (generic netlink family "enbkey" not found)'
hint="; try 'enbkeyctl help'"
hex_error='enbkeyctl: KeNB must be given as hex digits'
kenb=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f

report() {	# STATUS DESCRIPTION
	if [ "$1" = 0 ]; then
		echo "ok - $2"
	else
		echo "not ok - $2"
		failed=1
	fi
}

launch() {
	if $valgrind; then
		valgrind -q --leak-check=full --show-leak-kinds=all \
			--errors-for-leak-kinds=all --error-exitcode=99 \
			--log-file="$tmp/valgrind" "$ctl" "$@"
	else
		"$ctl" "$@"
	fi
}

# expect DESCRIPTION STATUS STDERR ARGS...
# Runs enbkeyctl ARGS. Passes if it exits with STATUS, writes exactly the
# line STDERR to stderr (nothing if STDERR is empty), nothing to stdout on
# failure, and, under valgrind, valgrind reports nothing.
expect() {
	local desc=$1 status=$2 stderr=$3 rc ok=0
	shift 3

	: >"$tmp/valgrind"
	launch "$@" <"$input" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ -n "$stderr" ]; then
		printf '%s\n' "$stderr" >"$tmp/want"
	else
		: >"$tmp/want"
	fi
	[ "$rc" = "$status" ] && cmp -s "$tmp/err" "$tmp/want" &&
		{ [ "$status" = 0 ] || [ ! -s "$tmp/out" ]; } &&
		[ ! -s "$tmp/valgrind" ] || ok=1
	report $ok "$desc"
	if [ $ok != 0 ]; then
		echo "# enbkeyctl $*: exit $rc"
		sed 's/^/# stdout: /' "$tmp/out"
		sed 's/^/# stderr: /' "$tmp/err"
		sed 's/^/# valgrind: /' "$tmp/valgrind"
	fi
}

[ ! -e /sys/module/enbkey ]
report $? "precondition: the enbkey module is not loaded on this host"

# Help and version
expect "help exits 0" 0 "" help
grep -q '^Usage: enbkeyctl' "$tmp/out"
report $? "help prints the usage on stdout"
for c in "nh set ID nh HEX|- ncc N" "ho prepare ID pci N earfcn N" \
	 "ho commit ID" "ho export ID" "dc skenb ID"; do
	grep -qF "  $c" "$tmp/out"
	report $? "help shows $c"
done
expect "-h exits 0" 0 "" -h
expect "--help exits 0" 0 "" --help
expect "-V exits 0" 0 "" -V
grep -qx 'enbkeyctl [0-9.]*' "$tmp/out"
report $? "-V prints the version"

# Usage errors
expect "no command" 1 "enbkeyctl: missing command$hint"
expect "-j alone" 1 "enbkeyctl: missing command$hint" -j
expect "unknown option" 1 "enbkeyctl: unknown option \"-x\"$hint" -x ue show
expect "unknown object" 1 "enbkeyctl: unknown command \"frob\"$hint" frob
expect "object without command" 1 "enbkeyctl: unknown command \"ue\"$hint" ue
expect "unknown command" 1 "enbkeyctl: unknown command \"ue frob\"$hint" \
	ue frob
expect "ue add without ID" 1 "enbkeyctl: missing ID$hint" ue add
expect "ue del with two IDs" 1 "enbkeyctl: unexpected argument \"2\"$hint" \
	ue del 1 2
expect "ue show with two IDs" 1 "enbkeyctl: unexpected argument \"2\"$hint" \
	ue show 1 2
expect "key set without kenb" 1 "enbkeyctl: expected \"kenb\"$hint" key set 1
expect "key set with the key but no kenb" 1 \
	"enbkeyctl: expected \"kenb\"$hint" key set 1 $kenb
expect "key set without the key" 1 "enbkeyctl: missing KeNB$hint" \
	key set 1 kenb
expect "key set with a misspelt ncc" 1 "enbkeyctl: expected \"ncc\"$hint" \
	key set 1 kenb $kenb nc 1
expect "key set with ncc but no N" 1 "enbkeyctl: missing ncc$hint" \
	key set 1 kenb $kenb ncc
expect "key set with a trailing argument" 1 \
	"enbkeyctl: unexpected argument \"x\"$hint" \
	key set 1 kenb $kenb ncc 1 x
expect "sec set without eia" 1 "enbkeyctl: expected \"eia\"$hint" \
	sec set 1 eea 1
expect "sec set with eia before eea" 1 "enbkeyctl: expected \"eea\"$hint" \
	sec set 1 eia 1 eea 1
expect "sec set with a misspelt up-integrity" 1 \
	"enbkeyctl: unexpected argument \"up\"$hint" sec set 1 eea 2 eia 2 up
expect "sec set with an argument after up-integrity" 1 \
	"enbkeyctl: unexpected argument \"1\"$hint" \
	sec set 1 eea 2 eia 2 up-integrity 1

# IDs and numbers
for id in abc -1 +1 " 1" "" 1x 0x 0xg 4294967296 0x100000000 \
	  99999999999999999999999; do
	expect "ID \"$id\" is refused" 1 \
		"enbkeyctl: invalid ID \"$id\" (expected 0..4294967295)$hint" \
		ue add "$id"
done
for id in 0 4294967295 0xffffffff 0XAb 010; do
	expect "ID $id is taken" 1 "$not_loaded" ue add $id
done
for n in 256 -1 x 0x100; do
	expect "ncc $n is refused" 1 \
		"enbkeyctl: invalid ncc \"$n\" (expected 0..255)$hint" \
		key set 1 kenb $kenb ncc $n
done
expect "eea 256 is refused" 1 \
	"enbkeyctl: invalid eea \"256\" (expected 0..255)$hint" \
	sec set 1 eea 256 eia 0
expect "eia x is refused" 1 \
	"enbkeyctl: invalid eia \"x\" (expected 0..255)$hint" \
	sec set 1 eea 0 eia x
# Ranges narrower than 0..255 are the kernel's to check and explain.
expect "ncc 255 reaches the kernel" 1 "$not_loaded" \
	key set 1 kenb $kenb ncc 255
expect "eea 4 eia 0xff reach the kernel" 1 "$not_loaded" \
	sec set 1 eea 4 eia 0xff

# KeNB on the command line
for hex in zz 0g abc 0 "00 11" "" "0x00"; do
	expect "KeNB \"$hex\" is refused" 1 "$hex_error" key set 1 kenb "$hex"
done
expect "a 31-octet KeNB reaches the kernel" 1 "$not_loaded" \
	key set 1 kenb ${kenb:2}
expect "an upper-case KeNB reaches the kernel" 1 "$not_loaded" \
	key set 1 kenb ${kenb^^}

# KeNB on stdin
stdin() {	# TEXT, with printf backslash escapes
	printf '%b' "$1" >"$tmp/in"
	input=$tmp/in
}
stdin "$kenb\n"
expect "KeNB from stdin reaches the kernel" 1 "$not_loaded" \
	key set 1 kenb - ncc 2
stdin " \t$kenb\r\n\n"
expect "white space around a KeNB from stdin is ignored" 1 "$not_loaded" \
	key set 1 kenb -
stdin "${kenb:2}"
expect "a 31-octet KeNB from stdin reaches the kernel" 1 "$not_loaded" \
	key set 1 kenb -
stdin ""
expect "an empty stdin is refused" 1 "$hex_error" key set 1 kenb -
stdin "${kenb:1}\n"
expect "an odd number of digits on stdin is refused" 1 "$hex_error" \
	key set 1 kenb -
stdin "${kenb:0:30} ${kenb:30}\n"
expect "a space inside a KeNB from stdin is refused" 1 "$hex_error" \
	key set 1 kenb -
printf '%02000d' 0 >"$tmp/in"
expect "an overlong KeNB from stdin is refused" 1 \
	"enbkeyctl: KeNB too long" key set 1 kenb -
input=/dev/null

# PDCP: keywords in order, numbers and hex checked here, ranges by the kernel
refused() {	# MESSAGE ARGS...: enbkeyctl ARGS is a usage error MESSAGE
	local msg=$1
	shift
	expect "$*: $msg" 1 "enbkeyctl: $msg$hint" "$@"
}
pdcp=(pdcp protect 1 srb 1 dir dl count 7)
refused "missing ID" pdcp protect
refused 'expected "srb" or "drb"' pdcp protect 1
refused 'expected "srb" or "drb"' pdcp unprotect 1 xrb 1
refused "missing RB" pdcp protect 1 drb
refused 'invalid RB "256" (expected 0..255)' pdcp protect 1 drb 256
refused 'invalid RB "-1" (expected 0..255)' pdcp protect 1 drb -1
refused 'expected "count"' pdcp protect 1 srb 1
refused 'expected "hdr" or "data"' pdcp protect 1 srb 1 count 7 dir dl
refused 'expected "ul" or "dl"' pdcp protect 1 srb 1 dir
refused 'expected "ul" or "dl"' pdcp protect 1 srb 1 dir up
refused 'expected "count"' pdcp protect 1 srb 1 dir dl
refused "missing count" pdcp protect 1 srb 1 dir dl count
refused 'invalid count "4294967296" (expected 0..4294967295)' \
	pdcp protect 1 srb 1 dir dl count 4294967296
refused 'invalid count "x" (expected 0..4294967295)' \
	pdcp protect 1 srb 1 dir dl count x
refused 'expected "hdr" or "data"' "${pdcp[@]}"
refused 'expected "hdr" or "data"' "${pdcp[@]}" header 00 data 00
refused "missing hdr" "${pdcp[@]}" hdr
refused 'expected "data"' "${pdcp[@]}" hdr 00
refused 'expected "data"' "${pdcp[@]}" hdr 00 00
refused "missing data" "${pdcp[@]}" data
refused "missing data" "${pdcp[@]}" hdr 00 data
refused "invalid hdr (expected an even number of hex digits)" \
	"${pdcp[@]}" hdr 0 data 00
refused "invalid hdr (expected hex digits)" "${pdcp[@]}" hdr zz data 00
refused "invalid data (expected an even number of hex digits)" \
	"${pdcp[@]}" data abc
refused "invalid data (expected hex digits)" "${pdcp[@]}" data 0g
refused "invalid data (expected hex digits)" "${pdcp[@]}" data 0x00
refused "invalid data (expected hex digits)" "${pdcp[@]}" data " 0011 "
refused 'unexpected argument "hdr"' "${pdcp[@]}" data 00 hdr 00
refused 'unexpected argument "both"' "${pdcp[@]}" data 00 both
refused 'unexpected argument "cipher-only"' \
	"${pdcp[@]}" data 00 integrity-only cipher-only
refused 'unexpected argument "next"' "${pdcp[@]}" data 00 next
refused 'expected "earfcn"' pdcp unprotect 1 srb 1 count 7 data 00 next pci 1
refused 'unexpected argument "1"' pdcp unprotect 1 srb 1 count 7 data 00 next 1
refused 'unknown command "pdcp frob"' pdcp frob 1
expect "pdcp data \"\" reaches the kernel" 1 "$not_loaded" "${pdcp[@]}" data ""
expect "pdcp hdr \"\" reaches the kernel" 1 "$not_loaded" \
	"${pdcp[@]}" hdr "" data ""
for c in "pdcp protect 1 srb 1 dir ul count 0 data 00" \
	 "pdcp protect 0xffffffff drb 32 dir dl count 0xffffffff hdr 8001 data 0a0B" \
	 "pdcp protect 1 srb 0 dir dl count 1 data 00 integrity-only" \
	 "pdcp protect 1 drb 255 dir dl count 1 data 00 cipher-only" \
	 "pdcp unprotect 1 srb 2 dir ul count 010 hdr 00 data ABCDEF0123456789" \
	 "-j pdcp unprotect 1 drb 1 dir ul count 1 data 00 integrity-only" \
	 "pdcp protect 1 srb 1 count 1 data 00" \
	 "pdcp unprotect 1 srb 1 count 1 data 00000000" \
	 "pdcp unprotect 1 srb 1 count 1 data 00000000 next" \
	 "pdcp unprotect 1 srb 1 count 1 data 00000000 integrity-only next pci 3 earfcn 100" \
	 "sec set 1 eea 2 eia 2 up-integrity" \
	 "-j sec set 1 eea 0 eia 0 up-integrity"; do
	# shellcheck disable=SC2086 # split $c into arguments
	expect "$c reaches the kernel" 1 "$not_loaded" $c
done
# Longer than a PDU may be: the kernel says how long one may be.
expect "a 9001-octet payload reaches the kernel" 1 "$not_loaded" \
	"${pdcp[@]}" data "$(printf '%018002d' 0)"

# NH: as a KeNB, but with its NCC required
nh_error='enbkeyctl: NH must be given as hex digits'
refused "missing ID" nh set
refused 'expected "nh"' nh set 1
refused 'expected "nh"' nh set 1 kenb $kenb ncc 1
refused "missing NH" nh set 1 nh
refused 'expected "ncc"' nh set 1 nh $kenb
refused 'expected "ncc"' nh set 1 nh - nc 1
refused "missing ncc" nh set 1 nh $kenb ncc
refused 'invalid ncc "256" (expected 0..255)' nh set 1 nh $kenb ncc 256
refused 'invalid ncc "-1" (expected 0..255)' nh set 1 nh $kenb ncc -1
refused 'unexpected argument "x"' nh set 1 nh $kenb ncc 1 x
refused 'unknown command "nh frob"' nh frob 1
for hex in zz abc "" "0x00"; do
	expect "NH \"$hex\" is refused" 1 "$nh_error" nh set 1 nh "$hex" ncc 0
done
expect "ncc 8 with an NH reaches the kernel" 1 "$not_loaded" \
	nh set 1 nh $kenb ncc 8
expect "a 33-octet NH reaches the kernel" 1 "$not_loaded" \
	nh set 1 nh ${kenb}00 ncc 0
stdin "$kenb\n"
expect "NH from stdin reaches the kernel" 1 "$not_loaded" \
	nh set 1 nh - ncc 2
stdin "${kenb:1}"
expect "an odd number of NH digits on stdin is refused" 1 "$nh_error" \
	nh set 1 nh - ncc 2
printf '%02000d' 0 >"$tmp/in"
expect "an overlong NH from stdin is refused" 1 "enbkeyctl: NH too long" \
	nh set 1 nh - ncc 2
input=/dev/null

# Handover and dual connectivity: the PCI must fit 16 bits, the kernel
# checks the ranges.
refused "missing ID" ho prepare
refused 'expected "pci"' ho prepare 1
refused 'expected "pci"' ho prepare 1 earfcn 100 pci 1
refused "missing pci" ho prepare 1 pci
refused 'invalid pci "65536" (expected 0..65535)' ho prepare 1 pci 65536 \
	earfcn 100
refused 'invalid pci "0x10000" (expected 0..65535)' ho prepare 1 pci 0x10000 \
	earfcn 100
refused 'invalid pci "-1" (expected 0..65535)' ho prepare 1 pci -1 earfcn 100
refused 'expected "earfcn"' ho prepare 1 pci 1
refused 'expected "earfcn"' ho prepare 1 pci 1 dl 100
refused "missing earfcn" ho prepare 1 pci 1 earfcn
refused 'invalid earfcn "4294967296" (expected 0..4294967295)' \
	ho prepare 1 pci 1 earfcn 4294967296
refused 'invalid earfcn "x" (expected 0..4294967295)' \
	ho prepare 1 pci 1 earfcn x
refused 'unexpected argument "x"' ho prepare 1 pci 1 earfcn 100 x
refused 'expected "eia"' ho prepare 1 pci 1 earfcn 100 eea 2
refused 'invalid eea "x" (expected 0..255)' ho prepare 1 pci 1 earfcn 100 eea x eia 2
refused 'unexpected argument "eia"' ho prepare 1 pci 1 earfcn 100 eia 2 eea 2
refused "missing ID" ho commit
refused 'unexpected argument "2"' ho commit 1 2
refused 'expected "earfcn"' ho commit 1 pci 2
refused "missing ID" ho cancel
refused 'unexpected argument "pci"' ho cancel 1 pci 1 earfcn 1
refused "missing ID" ho export
refused 'unexpected argument "ncc"' ho export 1 ncc 1
refused 'expected "earfcn"' ho export 1 pci 1 ncc 1
refused "missing ID" shortmac
refused 'expected "cell-id"' shortmac 1
refused 'expected "pci"' shortmac 1 cell-id 1
refused 'expected "crnti"' shortmac 1 cell-id 1 pci 2
refused 'invalid pci "65536" (expected 0..65535)' shortmac 1 cell-id 1 pci 65536 crnti 1
refused 'unexpected argument "x"' shortmac 1 cell-id 1 pci 2 crnti 3 x
refused 'unexpected argument "x"' ue add 1 x
refused 'unexpected argument "x"' ue show 1 x
refused 'unexpected argument "bearers"' ue show 1 bearers bearers
refused 'invalid ID "x" (expected 0..4294967295)' ho export x
refused "missing ID" dc skenb
refused 'unexpected argument "2"' dc skenb 1 2
refused 'unknown command "ho"' ho
refused 'unknown command "ho frob"' ho frob 1
refused 'unknown command "dc frob"' dc frob 1
for c in "ho prepare 1 pci 504 earfcn 262144" \
	 "ho prepare 0xffffffff pci 65535 earfcn 4294967295" \
	 "-j ho prepare 1 pci 0 earfcn 0" \
	 "ho prepare 1 pci 0x1f7 earfcn 0xffff" \
	 "-j ho prepare 1 pci 1 earfcn 2 eea 0 eia 2" \
	 "ho commit 1 pci 1 earfcn 2" "ho export 1 pci 1 earfcn 2" \
	 "shortmac 1 cell-id 268435456 pci 504 crnti 65536" \
	 "-j shortmac 1 cell-id 0 pci 0 crnti 0"; do
	# shellcheck disable=SC2086 # split $c into arguments
	expect "$c reaches the kernel" 1 "$not_loaded" $c
done

# Every command reaches the kernel and reports the missing family.
for cmd in "ue add 1" "ue del 1" "ue show" "ue show 1" "-j ue show" \
	   "-j ue show 7" "-j ue add 1" "key set 1 kenb $kenb" \
	   "sec set 1 eea 2 eia 2" "nh set 1 nh $kenb ncc 1" \
	   "-j nh set 1 nh $kenb ncc 1" "ho prepare 1 pci 1 earfcn 100" \
	   "ho commit 1" "-j ho commit 1" "ho export 1" "-j ho export 1" \
	   "ho cancel 1" "dc skenb 1" "-j dc skenb 1" "ue add 1 emergency" \
	   "ue show 1 bearers" "-j ue show 1 bearers" \
	   "shortmac 1 cell-id 1 pci 1 crnti 1"; do
	# shellcheck disable=SC2086 # split $cmd into arguments
	expect "$cmd without the module" 1 "$not_loaded" $cmd
done

# Representative cases under valgrind
if command -v valgrind >/dev/null; then
	valgrind=true
	expect "valgrind: help" 0 "" help
	expect "valgrind: usage error" 1 "enbkeyctl: missing ID$hint" ue add
	expect "valgrind: invalid ID" 1 \
		"enbkeyctl: invalid ID \"x\" (expected 0..4294967295)$hint" \
		ue show x
	expect "valgrind: invalid KeNB" 1 "$hex_error" key set 1 kenb abc
	expect "valgrind: ue show" 1 "$not_loaded" -j ue show
	expect "valgrind: key set" 1 "$not_loaded" key set 1 kenb $kenb ncc 0
	stdin "$kenb\n"
	expect "valgrind: key set from stdin" 1 "$not_loaded" key set 1 kenb -
	input=/dev/null
	expect "valgrind: sec set" 1 "$not_loaded" sec set 1 eea 1 eia 1
	expect "valgrind: sec set up-integrity" 1 "$not_loaded" \
		sec set 1 eea 1 eia 1 up-integrity
	expect "valgrind: pdcp protect" 1 "$not_loaded" \
		-j pdcp protect 1 drb 3 dir dl count 9 hdr 8001 data 00112233
	expect "valgrind: pdcp unprotect with no data" 1 "$not_loaded" \
		pdcp unprotect 1 srb 1 dir ul count 9 data "" cipher-only
	expect "valgrind: invalid pdcp data" 1 \
		"enbkeyctl: invalid data (expected hex digits)$hint" \
		pdcp protect 1 srb 1 dir ul count 9 data 0g
	expect "valgrind: nh set" 1 "$not_loaded" nh set 1 nh $kenb ncc 3
	stdin "$kenb\n"
	expect "valgrind: nh set from stdin" 1 "$not_loaded" \
		nh set 1 nh - ncc 3
	input=/dev/null
	expect "valgrind: invalid NH" 1 "$nh_error" nh set 1 nh 0g ncc 3
	expect "valgrind: ho prepare" 1 "$not_loaded" \
		-j ho prepare 1 pci 7 earfcn 1300
	expect "valgrind: invalid pci" 1 \
		"enbkeyctl: invalid pci \"65536\" (expected 0..65535)$hint" \
		ho prepare 1 pci 65536 earfcn 1300
	expect "valgrind: ho commit" 1 "$not_loaded" ho commit 1
	expect "valgrind: ho export" 1 "$not_loaded" ho export 1
	expect "valgrind: dc skenb" 1 "$not_loaded" -j dc skenb 1
	expect "valgrind: ue show bearers" 1 "$not_loaded" -j ue show 1 bearers
	expect "valgrind: unprotect next" 1 "$not_loaded" \
		pdcp unprotect 1 srb 1 count 0 data 00000000 next pci 1 earfcn 2
	expect "valgrind: shortmac" 1 "$not_loaded" \
		-j shortmac 1 cell-id 1 pci 2 crnti 3
	valgrind=false
else
	report 1 "valgrind is installed"
fi

# The library's messages, built with the flags of userspace/Makefile
if ${CC:-cc} -O2 -g -std=c11 -Wall -Wextra -Werror -D_DEFAULT_SOURCE \
	-I"$top/include/uapi" -I"$top/userspace" -o "$tmp/libtest" \
	"$top/tests/userspace/libtest.c" -lmnl; then
	report 0 "libtest builds"
	: >"$tmp/valgrind"
	if command -v valgrind >/dev/null; then
		valgrind -q --leak-check=full --show-leak-kinds=all \
			--errors-for-leak-kinds=all --error-exitcode=99 \
			--log-file="$tmp/valgrind" "$tmp/libtest" >"$tmp/out"
	else
		"$tmp/libtest" >"$tmp/out"
	fi
	rc=$?
	cat "$tmp/out"
	grep -q '^ok - ' "$tmp/out" && ! grep -q '^not ok' "$tmp/out"
	report $? "libtest passes every check"
	[ "$rc" = 0 ] && [ ! -s "$tmp/valgrind" ]
	report $? "libtest exits 0, with nothing from valgrind"
	sed 's/^/# valgrind: /' "$tmp/valgrind"
else
	report 1 "libtest builds"
fi

# Man pages, completion, -V, -p, batches and monitor: cli.sh
ENBKEYCTL=$ctl bash "$top/tests/userspace/cli.sh" || failed=1

exit $failed
