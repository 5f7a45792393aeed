#!/bin/bash
# Self-test of the harness itself (not of enbkey):
#   1. the Debian stock kernel boots with stock modules, jq and setpriv;
#   2. the debug kernel boots clean (scan-log.sh passes after a kmemleak
#      scan) and a passing KUnit suite in an external module is reported;
#   3. a failing KUnit test and a memory leak are both caught.
#
# Usage: selftest.sh [WORKDIR]      (default: a new temporary directory)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work"
failures=0

step() { echo "=== selftest: $*" >&2; }
check() {  # check DESCRIPTION EXPECTED-STATUS COMMAND...
	local what=$1 want=$2 got=0
	shift 2
	"$@" >"$work/check.out" 2>&1 || got=$?
	if [ "$got" -eq "$want" ]; then
		echo "selftest: ok: $what" >&2
	else
		echo "selftest: FAILED: $what (status $got, expected $want)" >&2
		tail -n 60 "$work/check.out" >&2
		failures=$((failures + 1))
	fi
}

"$here/deps.sh"

# --- 1. stock kernel -------------------------------------------------------
step "stock kernel"
stock=$(find /boot -name 'vmlinuz-*-amd64' | sort -V | tail -n 1)
stock=${stock#/boot/vmlinuz-}
cat >"$work/stock.sh" <<'EOF'
set -e
id
test "$(echo '{"a":1}' | jq .a)" = 1
setpriv --reuid=1000 --regid=1000 --groups=2000 id | grep -q 'groups=2000(enbkey)'
unshare -n true
grep -q hmac /proc/crypto
lsmod | grep -q '^cmac'
EOF
"$here/mkinitramfs.sh" -o "$work/stock.img" --payload "$work/stock.sh" \
	--add /usr/bin/jq --add /usr/bin/setpriv \
	--modules "$stock" hmac sha256_generic cmac ctr algif_hash
check "stock kernel $stock boots, payload passes" 0 \
	"$here/boot.sh" --kernel "/boot/vmlinuz-$stock" --initrd "$work/stock.img" \
	--log "$work/stock.log" --timeout 300
check "stock kernel log is clean" 0 "$here/scan-log.sh" "$work/stock.log"

# --- 2. debug kernel + external module with KUnit suites --------------------
step "debug kernel"
tree=$("$here/debug-kernel.sh" | tail -n 1)
mkdir -p "$work/mod"
cat >"$work/mod/selftest_mod.c" <<'EOF'
// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/slab.h>
#include <kunit/test.h>

static void selftest_ok(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 1 + 1, 2);
#ifdef BROKEN
	KUNIT_EXPECT_EQ(test, 1 + 1, 3);
#endif
}

static struct kunit_case selftest_cases[] = {
	KUNIT_CASE(selftest_ok),
	{}
};

static struct kunit_suite selftest_suite = {
	.name = KBUILD_MODNAME,
	.test_cases = selftest_cases,
};
kunit_test_suite(selftest_suite);

static int __init selftest_init(void)
{
#ifdef BROKEN
	void *leak = kmalloc(100, GFP_KERNEL);

	pr_info("%s: leaking %px\n", KBUILD_MODNAME, leak);
#endif
	return 0;
}

static void __exit selftest_exit(void)
{
}

module_init(selftest_init);
module_exit(selftest_exit);
MODULE_LICENSE("GPL");
EOF
printf '#define BROKEN\n#include "selftest_mod.c"\n' >"$work/mod/selftest_broken.c"
echo 'obj-m := selftest_mod.o selftest_broken.o' >"$work/mod/Kbuild"
make -s -C "$tree" M="$work/mod" >&2

# A new kmemleak object is reported only if it is older than 5 s and
# stayed unreferenced across two scans.
cat >"$work/debug.sh" <<'EOF'
set -e
insmod "/$MOD.ko"
rmmod "$MOD"
sleep 6
echo scan >/sys/kernel/debug/kmemleak
echo scan >/sys/kernel/debug/kmemleak
cat /sys/kernel/debug/kmemleak
EOF
for mod in selftest_mod selftest_broken; do
	(echo "MOD=$mod"; cat "$work/debug.sh") >"$work/$mod.sh"
	"$here/mkinitramfs.sh" -o "$work/$mod.img" --payload "$work/$mod.sh" \
		--add "$work/mod/$mod.ko:/"
	check "debug kernel boots with $mod" 0 \
		"$here/boot.sh" --kernel "$tree/arch/x86/boot/bzImage" \
		--initrd "$work/$mod.img" --log "$work/$mod.log" --timeout 600
done
check "clean debug boot: no kernel reports" 0 "$here/scan-log.sh" "$work/selftest_mod.log"
check "passing KUnit suite is reported as passed" 0 "$here/ktap.py" "$work/selftest_mod.log"
check "failing KUnit test is reported" 1 "$here/ktap.py" "$work/selftest_broken.log"
check "leak is reported by kmemleak" 1 "$here/scan-log.sh" "$work/selftest_broken.log"

if [ "$failures" -ne 0 ]; then
	echo "selftest: $failures check(s) FAILED (logs in $work)" >&2
	exit 1
fi
echo "selftest: all checks passed (logs in $work)" >&2
