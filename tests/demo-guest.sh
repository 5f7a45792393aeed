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


say "SecurityModeCommand on SRB1: integrity-protected, not ciphered (COUNT 0)"
run $AGENT enbkeyctl pdcp protect 1 srb 1 count 0 hdr 00 data 3f2c1a00d4 integrity-only

say "Then RRC messages are ciphered and integrity-protected, user plane ciphered"
run $AGENT enbkeyctl pdcp protect 1 srb 1 count 1 hdr 01 data 2a10000ff0e1d2c3b4
run $AGENT enbkeyctl pdcp protect 1 drb 1 count 0 hdr 8000 data 4500001c0000400040110000

say "A COUNT is never used twice under one key"
run $AGENT enbkeyctl pdcp protect 1 srb 1 count 1 hdr 01 data 2a10000ff0e1d2c3b4

say "The algorithms are selected once: another selection would restart COUNTs under the same keys"
run $AGENT enbkeyctl sec set 1 eea 0 eia 2

say "The eNB protects downlink only: uplink keystreams are the UE's"
run $AGENT enbkeyctl pdcp protect 1 srb 1 dir ul count 5 hdr 05 data 2a10000ff0e1d2c3b4

say "Uplink from the UE: the kernel deciphers it and releases it only once its MAC-I is verified"
run $AGENT enbkeyctl pdcp unprotect 1 srb 1 count 1 hdr 01 data 51715f9ed52db21aee3985b198
say "A forged PDU (the next COUNT, one bit of the MAC-I flipped): nothing is released"
run $AGENT enbkeyctl pdcp unprotect 1 srb 1 count 2 hdr 01 data 51715f9ed52db21aee3985b199

say "The agent cannot install keys, and says so"
echo 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff |
	run $AGENT enbkeyctl key set 1 kenb -

say "What the agent can see: metadata, never a key"
run $AGENT enbkeyctl ue show
run $AGENT enbkeyctl -j ue show

say "A wrong key length is refused by the kernel with a message"
run enbkeyctl key set 1 kenb 0011

say "UE Context Release: the context and its keys are wiped"
run enbkeyctl ue del 1
run enbkeyctl ue show
say "Done"
