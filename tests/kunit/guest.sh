# SPDX-License-Identifier: GPL-2.0
# Runs inside the debug kernel: loading the KUnit build of enbkey runs its
# suites; unloading it and two kmemleak scans then check what they left.

# Forget what the boot itself left (ACPI caches, for one): only objects
# allocated from here on are judged. A boot leftover shows up only from the
# second scan on, hence two before the clear.
echo scan >/sys/kernel/debug/kmemleak
echo scan >/sys/kernel/debug/kmemleak
echo clear >/sys/kernel/debug/kmemleak

insmod /lib/modules/enbkey.ko || exit 1
rmmod enbkey || exit 1

# Objects freed through RCU need a grace period, and kmemleak reports only
# what stayed unreferenced over two scans.
sleep 1
echo scan >/sys/kernel/debug/kmemleak
sleep 6
echo scan >/sys/kernel/debug/kmemleak
cat /sys/kernel/debug/kmemleak
