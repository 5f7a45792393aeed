# SPDX-License-Identifier: GPL-2.0
# Runs inside the QEMU guest (stock or debug kernel): load enbkey, run the
# scenarios, unload, and let kmemleak look for anything left behind.

export PATH=/usr/local/bin:$PATH
. /tests/lib.sh

if [ -w /sys/kernel/debug/kmemleak ]; then
	# Judge only what is allocated from here on, not the boot's own
	# leftovers, which show up only from the second scan on.
	echo scan >/sys/kernel/debug/kmemleak
	echo scan >/sys/kernel/debug/kmemleak
	echo clear >/sys/kernel/debug/kmemleak
fi

insmod /lib/modules/enbkey.ko agent_gid=2000
t_result $? "insmod enbkey.ko agent_gid=2000"

# The parts in order; each may count on the module being loaded with
# agent_gid=2000 and no UE left by the one before. residue.sh unloads and
# reloads the module, so it comes last.
for part in part1 part2 part3 part4 part5 part6 part7 part8 part9 \
	cli ynl residue; do
	[ -f "/tests/$part.sh" ] || continue
	part_t0=$(date +%s)
	. "/tests/$part.sh"
	echo "enbkey-it: # $part.sh took $(($(date +%s) - part_t0)) s"
done

rmmod enbkey
t_result $? "rmmod enbkey at the end"

if [ -w /sys/kernel/debug/kmemleak ]; then
	# Objects freed through RCU need a grace period, and kmemleak reports
	# only what stayed unreferenced over two scans.
	sleep 1
	echo scan >/sys/kernel/debug/kmemleak
	sleep 6
	echo scan >/sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak >/tmp/kmemleak
	[ ! -s /tmp/kmemleak ]
	t_result $? "kmemleak: nothing unreferenced" "$(head -40 /tmp/kmemleak)"
fi

echo "enbkey-it: summary $T_N run, $T_FAILED failed"
