# SPDX-License-Identifier: GPL-2.0
# Integration scenario of part 8: the concurrency stress test (stress.c).
# At least 8 threads for 30 s on shared UEs: agents protecting and
# unprotecting batches, provisioning installing keys, handovers prepared,
# committed, cancelled and exported, UEs deleted and added again, network
# namespaces destroyed with UEs in them, agent_gid changed at run time and
# rmmod attempted (the module is loaded again at once). Afterwards every
# protected PDU is recomputed by the reference from the key generation its
# reply reported, and no keystream may appear twice. Then the kernel log
# must hold no report, the module must be loaded as it was, and no UE left.
#
# ENBKEY_STRESS_SEED replays a run's choices (not its timing);
# ENBKEY_STRESS_SECS is its length.

S8_SECS=${ENBKEY_STRESS_SECS:-30}
S8_SEED=${ENBKEY_STRESS_SEED:-0x$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')}
echo "enbkey-it: # part 8: stress seed $S8_SEED (replay with ENBKEY_STRESS_SEED=$S8_SEED)"
echo "enbkey-it: part 8 starts" >/dev/kmsg
S8_GID=$(cat /sys/module/enbkey/parameters/agent_gid 2>/dev/null)
S8_T0=$(date +%s)

# "command": the binary, whatever shell function an earlier part defined
command stress -t "$S8_SECS" -s "$S8_SEED" >/tmp/stress.out 2>&1
s8_rc=$?
# a run that printed no summary did not run
if [ $s8_rc = 0 ] && ! grep -q "^stress: seed .* operations" /tmp/stress.out; then
	s8_rc=99
fi
S8_T1=$(date +%s)
grep -a '^stress: [0-9]\|^stress: seed' /tmp/stress.out | sed 's/^/enbkey-it: # /'
echo "enbkey-it: # stress took $((S8_T1 - S8_T0)) s in all"
t_result $s8_rc "stress: $S8_SECS s of concurrent key changes, traffic, namespaces, agent_gid flips and rmmod; every PDU recomputed, no keystream twice" \
	"exit $s8_rc
$(grep -av '^stress: [0-9]\|^stress: seed' /tmp/stress.out | head -60)"

# the checks are not vacuous: a PDU recorded under a wrong COUNT is caught
command stress -t 3 -R -G -X >/tmp/stress-x.out 2>&1
t_result $? "stress -X: a wrong PDU added to the records is found, and its keystream repeated" \
	"$(grep -av '^stress: [0-9]\|^stress: seed' /tmp/stress-x.out | head -20)"

# the module as the stress found it: loaded, with the same agent_gid
if [ ! -d /sys/module/enbkey ]; then
	insmod /lib/modules/enbkey.ko agent_gid=${S8_GID:-2000}
	t_result 1 "stress left enbkey loaded" "it was unloaded; loaded again"
else
	same "stress left enbkey loaded with agent_gid $S8_GID" "$S8_GID" \
		"$(cat /sys/module/enbkey/parameters/agent_gid)"
fi

# no kernel report since the part began
dmesg | sed -n '/enbkey-it: part 8 starts/,$p' |
	grep -aE 'WARNING:|BUG:|KASAN|UBSAN|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|INFO:|Oops|general protection fault|Call Trace' \
	>/tmp/p8-kernel
[ ! -s /tmp/p8-kernel ]
t_result $? "stress: no kernel report (WARNING, BUG, KASAN, UBSAN, lockdep) in the log" \
	"$(head -40 /tmp/p8-kernel)"

# the stress deletes its UEs; whatever is left would look like a leak
s8_left=$(enbkeyctl -j ue show | jq -r '.[].id')
for u in $s8_left; do
	enbkeyctl ue del "$u"
done
same "stress left no UE behind" "" "$(echo $s8_left)"
