# SPDX-License-Identifier: GPL-2.0
# No residue in RAM (part 7): the residue tool runs its scenarios (UE_DEL
# after a whole life, key replacement, netns exit, rmmod, which it follows
# with insmod) and reads all of physical memory for the keys they dropped.
# Sourced by guest.sh after the parts, as it unloads and reloads the module.

if [ -r /proc/kcore ]; then
	residue -m /lib/modules/enbkey.ko -p agent_gid=2000 >/tmp/residue.out 2>&1
	rc=$?
	grep -E '^(ok|not ok) - ' /tmp/residue.out >/tmp/residue.lines
	while IFS= read -r line; do
		case $line in
		ok*) t_result 0 "residue: ${line#ok - }" ;;
		*) t_result 1 "residue: ${line#not ok - }" ;;
		esac
	done </tmp/residue.lines
	grep -E '^(# |residue: )' /tmp/residue.out | sed 's/^/enbkey-it: # /'
	t_result $rc "residue: exits 0" "$(grep -vE '^(ok|not ok|#) ' /tmp/residue.out | head -20)"
	grep -q '^enbkey ' /proc/modules
	t_result $? "residue: enbkey is loaded again"
else
	t_result 1 "residue: /proc/kcore is readable"
fi
