# SPDX-License-Identifier: GPL-2.0
# Integration scenarios of part 9: allocation failure injection. For every
# command, in a setup of its own, failinj makes the N-th allocation of the
# calling task fail (failslab, then failslab and fail_page_alloc), N = 1,
# 2, ... until the command no longer reaches an N-th allocation: each failed
# run must return an error and leave the state as it was, each run must keep
# the kernel log free of bug reports, and then the command succeeds. Only the
# debug kernel has fault injection; elsewhere the part is skipped.

if [ ! -d /sys/kernel/debug/failslab ] || [ ! -d /sys/kernel/debug/fail_page_alloc ] ||
	[ ! -e /proc/thread-self/fail-nth ]; then
	echo "enbkey-it: # part 9 skipped: no fault injection in this kernel (no /sys/kernel/debug/failslab)"
else
	mark="part9: failinj begins $(date +%s)"
	echo "$mark" >/dev/kmsg
	p9_before=$(state)

	failinj >/tmp/failinj.out 2>&1
	rc=$?
	# one line per command, the totals and the time taken
	grep -E '^failinj: [a-z_0-9]+ +failslab|^failinj: [0-9]+ commands|^failinj: took' /tmp/failinj.out |
		sed 's/^/enbkey-it: # /'
	summary=$(grep -E '^failinj: [0-9]+ commands' /tmp/failinj.out | sed 's/^failinj: //')
	[ $rc = 0 ] && [ -n "$summary" ]
	t_result $? "failinj: every command, every allocation failed in turn: an error, the state unchanged, then success (${summary:-no summary})" \
		"exit $rc
$(grep -v -E '^failinj: [a-z_0-9]+ +failslab|^failinj:   ' /tmp/failinj.out | head -60)"

	# The kernel log since the part began (all of it if the mark is gone)
	dmesg | tr -d '\r' >/tmp/part9.dmesg
	if grep -qF "$mark" /tmp/part9.dmesg; then
		sed -n "/$mark/,\$p" /tmp/part9.dmesg >/tmp/part9.new
	else
		cp /tmp/part9.dmesg /tmp/part9.new
	fi
	! grep -E 'WARNING|BUG|KASAN|UBSAN|Call Trace|FAULT_INJECTION|Oops|general protection|kmemleak:|ODEBUG' /tmp/part9.new >/tmp/part9.hits
	t_result $? "failinj: no kernel bug report, no forced-failure stack in the log" "$(head -40 /tmp/part9.hits)"

	# failinj works in a network namespace of its own and deletes its UEs
	same "failinj left the UE table of this namespace as it was" "$p9_before" "$(state)"
fi
