# SPDX-License-Identifier: GPL-2.0
# The guest of tests/packages.sh: the enbkey.ko that DKMS built for this
# kernel, the packaged /usr/sbin/enbkeyctl with the packaged libenbkey.so.0,
# and pkgprobe, a program built against the installed libenbkey-dev through
# pkg-config (pkgprobe-static: the same, linked with libenbkey.a). Prints
# "pkg-guest: ok - ..." or "pkg-guest: not ok - ..." per check.
#
# /tests/packages.env sets VERSION (the package version) and KVER (the
# kernel this guest must run).

. /tests/packages.env
E=/usr/sbin/enbkeyctl
K=c0ffee00112233445566778899aabbccddeeff00112233445566778899aabb01
MSG=2a10000ff0e1d2c3b4a59687786950413223140506
# Known answers of the tests' reference (tests/integration/pdcpref) for K
# and EEA n / EIA n: SRB1 downlink COUNT 1, header 01, and DRB1 downlink
# COUNT 5, header 8005, both with payload MSG.
known() {	# N: "SRB1-PDU DRB1-PDU"
	case $1 in
	1) echo 011c1a7453a58a5d0fabe85838ee6a3a48e33cca17f6d74f59ac \
		800594bdc131a58d67b496af5a0305ec691768f555bd37 ;;
	2) echo 018db3816f9f9f21c9f4775ece9685fd7a668ef78755fd6fbcb7 \
		80058a30820f2f1ee534cf538c3bf9671f814efd3e8ca6 ;;
	3) echo 017faa474a0a4c553d86ac4fd65b58f5dd42b7d1cd970365192a \
		80051f852674e44d798e9bd586030098b670efbb509a79 ;;
	esac
}

N=0
FAILED=0
result() {	# STATUS DESCRIPTION [DETAIL]
	N=$((N + 1))
	if [ "$1" = 0 ]; then
		echo "pkg-guest: ok - $2"
	else
		FAILED=$((FAILED + 1))
		echo "pkg-guest: not ok - $2"
		[ -z "${3:-}" ] || printf '%s\n' "$3" | sed 's/^/#   /'
	fi
}
ok() {		# DESCRIPTION CMD...
	d=$1
	shift
	out=$("$@" 2>&1)
	result $? "$d" "$out"
}
same() {	# DESCRIPTION EXPECTED ACTUAL
	[ "$2" = "$3" ]
	result $? "$1" "expected: $2
actual:   $3"
}

same "the guest runs kernel $KVER" "$KVER" "$(uname -r)"
ok "insmod the DKMS-built enbkey.ko" insmod /lib/modules/enbkey.ko
ok "the module is loaded" test -d /sys/module/enbkey
same "enbkeyctl -V gives the package version" "enbkeyctl $VERSION" "$($E -V 2>&1)"
ok "libenbkey.so.0 came with enbkeyctl" sh -c 'ls /lib/*/libenbkey.so.0 /usr/lib/*/libenbkey.so.0 2>/dev/null | grep -q .'

for a in 1 2 3; do
	ok "EEA$a/EIA$a: ue add, key set, sec set" \
		sh -c "$E ue add $a && $E key set $a kenb $K && $E sec set $a eea $a eia $a"
	# shellcheck disable=SC2046 # two words
	set -- $(known $a)
	same "EEA$a/EIA$a: SRB1 PDU as the reference has it" "$1" \
		"$($E pdcp protect $a srb 1 dir dl count 1 hdr 01 data $MSG 2>&1)"
	same "EEA$a/EIA$a: DRB1 PDU as the reference has it" "$2" \
		"$($E pdcp protect $a drb 1 dir dl count 5 hdr 8005 data $MSG 2>&1)"
done
same "enbkeyctl -j ue show, read with jq: the three UEs, keyed, EEA n/EIA n" \
	'[[1,true,1,1,1],[2,true,2,2,1],[3,true,3,3,1]]' \
	"$($E -j ue show 2>&1 | jq -c 'sort_by(.id) | map([.id, .key, .eea, .eia, .key_generation])' 2>&1)"
same "pkgprobe (libenbkey.so.0) reads UE 2" "ue 2 key 1 eea 2 eia 2 generation 1" \
	"$(pkgprobe 2 2>&1)"
same "pkgprobe-static (libenbkey.a) reads UE 3" "ue 3 key 1 eea 3 eia 3 generation 1" \
	"$(pkgprobe-static 3 2>&1)"

for a in 1 2 3; do
	ok "ue del $a" $E ue del $a
done
same "no UE is left (enbkeyctl -j ue show is [])" 0 "$($E -j ue show 2>&1 | jq length 2>&1)"
same "pkgprobe: UE 2 is gone" "pkgprobe: ue 2: no UE with this id (No such file or directory)" \
	"$(pkgprobe 2 2>&1)"
ok "rmmod enbkey" rmmod enbkey
ok "the module is gone" test ! -e /sys/module/enbkey
same "enbkeyctl without the module" \
	'enbkeyctl: enbkey module not loaded (generic netlink family "enbkey" not found)' \
	"$($E ue show 2>&1)"

echo "pkg-guest: summary $N run, $FAILED failed"
[ "$FAILED" = 0 ]
