#!/bin/bash
# Boot a kernel + initramfs in qemu, headless, and report the guest's result.
#
# Usage: boot.sh --kernel BZIMAGE --initrd INITRD --log LOG
#                [--timeout SECS] [--append "extra cmdline"] [--mem 1G]
#
# The serial console goes to LOG and to stdout. Exit status: the <rc> of
# the guest's "ENBKEY-GUEST-EXIT <rc>" line, 124 on timeout, 125 when the
# line is missing (e.g. kernel panic). KVM is used when /dev/kvm works,
# TCG otherwise; ENBKEY_ACCEL=tcg forces TCG.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)

die() { echo "boot: $*" >&2; exit 2; }

kernel='' initrd='' log='' timeout=300 append='' mem=1G
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=${2:?}; shift 2 ;;
	--initrd) initrd=${2:?}; shift 2 ;;
	--log) log=${2:?}; shift 2 ;;
	--timeout) timeout=${2:?}; shift 2 ;;
	--append) append=${2?}; shift 2 ;;
	--mem) mem=${2:?}; shift 2 ;;
	*) die "unknown argument: $1" ;;
	esac
done
[ -f "$kernel" ] || die "need --kernel BZIMAGE"
[ -f "$initrd" ] || die "need --initrd INITRD"
[ -n "$log" ] || die "need --log LOG"

"$here/deps.sh"

# KVM only if /dev/kvm is usable by us and a guest really runs on it: some
# hosts (e.g. nested "PVM" setups) have a /dev/kvm on which ordinary
# kernels hang or qemu aborts. The probe boots the kernel without initrd
# and waits for its banner.
kvm_boots() {
	[ "${ENBKEY_ACCEL:-}" != tcg ] && [ -r /dev/kvm ] && [ -w /dev/kvm ] || return 1
	(
		set +o pipefail
		timeout 15 qemu-system-x86_64 -enable-kvm -cpu host -m 256M \
			-nodefaults -display none -no-reboot -serial stdio \
			-monitor none -kernel "$kernel" \
			-append "console=ttyS0 earlyprintk=serial panic=-1" \
			</dev/null 2>/dev/null | grep -q -m1 'Linux version'
	) 2>/dev/null
}
if kvm_boots; then
	accel=(-enable-kvm -cpu host)
else
	accel=(-accel tcg -cpu max)
fi
echo "boot: ${accel[*]}, timeout ${timeout}s" >&2

mkdir -p "$(dirname "$log")"
# One guest at a time on this machine: two TCG guests on two cores would
# each run at half speed and trip the other's timeouts.
exec 8>"${TMPDIR:-/tmp}/enbkey-qemu.lock"
flock 8
set +e
timeout -k 10 "$timeout" qemu-system-x86_64 \
	"${accel[@]}" -smp 2 -m "$mem" \
	-nodefaults -display none -no-reboot \
	-serial stdio -monitor none \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 $append" \
	</dev/null 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
	echo "boot: TIMEOUT after ${timeout}s" >&2
	exit 124
fi
line=$(tr -d '\r' <"$log" | grep -o 'ENBKEY-GUEST-EXIT [0-9]*' | tail -n 1 || true)
if [ -z "$line" ]; then
	echo "boot: no ENBKEY-GUEST-EXIT line (qemu exit status $status)" >&2
	exit 125
fi
echo "boot: guest says $line" >&2
exit "${line#ENBKEY-GUEST-EXIT }"
