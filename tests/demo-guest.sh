# SPDX-License-Identifier: GPL-2.0
# The narrated session of `make demo`, run inside the QEMU guest.
export PATH=/usr/local/bin:$PATH
AGENT="runas 1000 1000,2000"	# the RRC agent: uid 1000, group 2000, no capability

say() { printf '\n### %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

say "Load enbkey; members of group 2000 (the RRC agent) may use agent commands"
run insmod /lib/modules/enbkey.ko agent_gid=2000

say "S1AP Initial Context Setup for eNB UE S1AP ID 1: attach the UE"
run enbkeyctl ue add 1

say "Install the KeNB from the MME, read from stdin so that it never shows in ps"
printf '$ enbkeyctl key set 1 kenb - <kenb.hex\n'
echo 3f8a11d49207bb5ec1602de97438af150b9c47f26ea358d12984fd337ac60e91 |
	enbkeyctl key set 1 kenb -

say "The RRC agent (uid 1000, not root) selects 128-EEA2 and 128-EIA2; the kernel" \
	"derives KRRCenc, KRRCint, KUPenc and KUPint (TS 33.401 A.7)"
run $AGENT enbkeyctl sec set 1 eea 2 eia 2

say "What the agent can see: metadata, never a key"
run $AGENT enbkeyctl ue show
run $AGENT enbkeyctl -j ue show

say "The agent cannot install keys, and says so"
echo 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff |
	run $AGENT enbkeyctl key set 1 kenb -

say "A wrong key length is refused by the kernel with a message"
run enbkeyctl key set 1 kenb 0011

say "UE Context Release: the context and its keys are wiped"
run enbkeyctl ue del 1
run enbkeyctl ue show
say "Done"
