# SPDX-License-Identifier: GPL-2.0
# Integration scenarios of part 7: nlfuzz, the structure-aware fuzzer of the
# enbkey family, as root (in the initial and in a fresh network namespace),
# as an agent, as an unprivileged user and as that user in a user and
# network namespace of its own, all at once: first with the policy the
# kernel reports (CTRL_CMD_GETPOLICY), then with the uapi header's table
# (-P). Every octet the kernel sends back is scanned for key octets; then
# the kernel log must hold no report and no UE may be left.
#
# ENBKEY_FUZZ_SEED replays a run; ENBKEY_FUZZ_N and ENBKEY_FUZZ_NP are the
# messages per role of the two runs.

F7_SEED=${ENBKEY_FUZZ_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
F7_N=${ENBKEY_FUZZ_N:-40000}
F7_NP=${ENBKEY_FUZZ_NP:-10000}
echo "enbkey-it: # part 7: nlfuzz seed $F7_SEED (replay with ENBKEY_FUZZ_SEED=$F7_SEED)"
echo "enbkey-it: part 7 starts" >/dev/kmsg
F7_T0=$(date +%s)

# f7_run N DESC ARGS...: nlfuzz run N, its summary lines in the log; its
# whole output in /tmp/nlfuzz-N.out
f7_run() {
	f7_out=/tmp/nlfuzz-$1.out
	f7_desc=$2
	shift 2
	nlfuzz "$@" >$f7_out 2>&1
	f7_rc=$?
	grep -aE '^nlfuzz: (seed|family|[0-9]+ keys|[a-z]+: [0-9]+ messages|[a-z]+: went|[0-9]+ UEs|[0-9]+ messages)' \
		$f7_out | sed 's/^/enbkey-it: # /'
	# on failure: what failed, with the octets of the first finds
	t_result $f7_rc "$f7_desc" \
		"$(grep -aE -A24 'KEY HIT|unexpected|kernel report|ended badly|not found|run me' $f7_out | head -150)"
}

f7_run 1 "nlfuzz: $((4 * F7_N)) messages built from the kernel's policy (GETPOLICY), as root, agent, nobody and in a user namespace: no key octets in any answer, event or log line, no kernel report, no unexpected failure" \
	-s "$F7_SEED" -n "$F7_N"
f7_run 2 "nlfuzz -P: $((4 * F7_NP)) messages built from the uapi header's table, the same checks" \
	-s "$((F7_SEED + 1))" -n "$F7_NP" -P

dmesg | sed -n '/enbkey-it: part 7 starts/,$p' | grep -aE 'WARNING:|BUG:|KASAN|UBSAN' >/tmp/p7-kernel
[ ! -s /tmp/p7-kernel ]
t_result $? "part 7: no WARNING, BUG, KASAN or UBSAN line in the kernel log since the part began" \
	"$(head -20 /tmp/p7-kernel)"
same "part 7: nlfuzz left no UE behind" "[]" "$(enbkeyctl -j ue show | jq -c .)"
echo "enbkey-it: # part 7: $(($(date +%s) - F7_T0)) s"
