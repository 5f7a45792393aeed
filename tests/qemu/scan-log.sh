#!/bin/bash
# Fail when a guest console log contains a kernel bug report.
#
# Usage: scan-log.sh LOG
#
# Exit 0 when clean; exit 1 and print the offending lines otherwise.
# Checked against normal boots of the Debian stock kernel and of the debug
# kernel: neither prints any of these, so nothing is whitelisted.
set -euo pipefail

log=${1:?usage: scan-log.sh LOG}
[ -f "$log" ] || { echo "scan-log: no such file: $log" >&2; exit 2; }

patterns=(
	'BUG:'                         # KASAN, sleeping in atomic, lockups, ...
	'kernel BUG'
	'WARNING:'                     # WARN_ON() and most lockdep reports
	'possible circular locking'
	'possible recursive locking'
	'inconsistent lock state'
	'suspicious RCU usage'
	'unreferenced object'          # kmemleak (cat /sys/kernel/debug/kmemleak)
	'new suspected memory leaks'   # kmemleak scan summary
	'Oops'
	'general protection fault'
	'Call Trace'
	'Kernel panic'
	'UBSAN:'
	# The detectors switching themselves off would hide later bugs; a
	# non-GPL module, for instance, turns lockdep off this way.
	'Disabling lock debugging'
	'kmemleak: .*(disabled|pool empty)'
)
regex=$(IFS='|'; echo "${patterns[*]}")

if hits=$(tr -d '\r' <"$log" | grep -nE -- "$regex"); then
	echo "scan-log: kernel reports found in $log:" >&2
	echo "$hits" | head -n 100
	exit 1
fi
echo "scan-log: $log is clean" >&2
