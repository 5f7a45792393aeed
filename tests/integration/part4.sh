# SPDX-License-Identifier: GPL-2.0
# Integration scenarios of part 4: the key invariants across a UE's whole
# life, through enbkeyctl, then the model-based sequence test (seqtest)
# through libenbkey.

E=enbkeyctl
K=c0ffee00112233445566778899aabbccddeeff00112233445566778899aabb01
K2=c0ffee00112233445566778899aabbccddeeff00112233445566778899aabb02
Z=00000000000000000000
F=ffffffffffffffffffff
field() { $E -j ue show $1 | jq -c ".[0] | $2"; }

# --- the reproduction of the issue: the same keystream twice ------------------------
ok "ue 7 with a KeNB and EEA2/EIA2" sh -c "$E ue add 7 && $E key set 7 kenb $K && $E sec set 7 eea 2 eia 2"
P1=$($E pdcp protect 7 drb 1 dir dl count 5 hdr 8005 data $Z)
same "the first PDU" "$(pdcpref $K 2 2 0 drb 1 dl 5 8005 $Z)" "$P1"
ok "sec set with the same algorithms changes nothing" $E sec set 7 eea 2 eia 2
fails "and COUNT 5 is still spent: a refusal, not a second PDU" \
	"enbkeyctl: COUNT reuse: COUNT must be above the highest protected on this bearer (Invalid argument)" \
	$E pdcp protect 7 drb 1 dir dl count 5 hdr 8005 data $F
fails "sec set with other algorithms" \
	"enbkeyctl: algorithms change only at handover (Device or resource busy)" $E sec set 7 eea 0 eia 2
fails "nor with user-plane integrity" \
	"enbkeyctl: algorithms change only at handover (Device or resource busy)" $E sec set 7 eea 2 eia 2 up-integrity
unchanged "refused sec set" $E sec set 7 eea 0 eia 2
fails "key set of the KeNB already installed" "enbkeyctl: this KeNB is already installed (File exists)" \
	$E key set 7 kenb $K
unchanged "refused key set" $E key set 7 kenb $K
fails "COUNT 5 is spent after all of that" \
	"enbkeyctl: COUNT reuse: COUNT must be above the highest protected on this bearer (Invalid argument)" \
	$E pdcp protect 7 drb 1 dir dl count 5 hdr 8005 data $F

# --- re-keying: the new KeNB waits for commit ----------------------------------------
ok "key set of a new KeNB while the keys are in use" $E key set 7 kenb $K2
same "pending, the old keys serve" '[true,1]' "$(field 7 '[.kenb_pending, .key_generation]')"
same "COUNT 6 under the old keys" "$(pdcpref $K 2 2 0 drb 1 dl 6 8006 $F)" \
	"$($E pdcp protect 7 drb 1 count 6 hdr 8006 data $F)"
fails "the pending KeNB again" "enbkeyctl: this KeNB is already pending (File exists)" $E key set 7 kenb $K2
ok "commit" $E ho commit 7
same "COUNT 5 is fresh under the new keys" "$(pdcpref $K2 2 2 0 drb 1 dl 5 8005 $F)" \
	"$($E pdcp protect 7 drb 1 count 5 hdr 8005 data $F)"
fails "the old KeNB cannot come back" "enbkeyctl: this KeNB was already in use on this UE (File exists)" \
	$E key set 7 kenb $K

# --- the replay window is not reset by anything but new keys -----------------------------
U1=$(pdcpref $K2 2 2 0 srb 1 ul 3 03 0011223344556677)
ok "an uplink PDU accepted" $E pdcp unprotect 7 srb 1 count 3 hdr 03 data ${U1#03}
ok "sec set again (the same)" $E sec set 7 eea 2 eia 2
fails "its replay is still refused" \
	"enbkeyctl: COUNT replay: a PDU with this COUNT was already accepted (Invalid argument)" \
	$E pdcp unprotect 7 srb 1 count 3 hdr 03 data ${U1#03}

# --- one eNB per key -----------------------------------------------------------------------
ok "prepare and export a cell" sh -c "$E ho prepare 7 pci 3 earfcn 300 >/dev/null && $E ho export 7 >/dev/null"
fails "the exported cell is not committed here" \
	"enbkeyctl: this cell's KeNB* was exported to another eNB; it cannot be committed here (Operation not permitted)" \
	$E ho commit 7
fails "nor are its keys used here" \
	"enbkeyctl: this cell's KeNB* was exported to another eNB; its keys are used there (Operation not permitted)" \
	$E pdcp unprotect 7 srb 1 count 0 hdr 00 data 0011223344556677 next
ok "cancel" $E ho cancel 7
ok "the same cell from the same KeNB again" sh -c "$E ho prepare 7 pci 3 earfcn 300 >/dev/null"
same "is the same exported key" '[{"pci":3,"earfcn":300,"exported":true}]' "$(field 7 .cells)"
fails "and still not committed here" \
	"enbkeyctl: this cell's KeNB* was exported to another eNB; it cannot be committed here (Operation not permitted)" \
	$E ho commit 7
ok "another cell is fine" sh -c "$E ho prepare 7 pci 4 earfcn 300 >/dev/null && $E ho commit 7 pci 4 earfcn 300"
ok "cleanup" $E ue del 7

# --- no echo: KEY_SET with every flag, in multi-message sends ------------------------------------
grep -E '^(ok|not ok) - (flags|multi|dump|key in)' /tmp/leakscan.out >/tmp/leak4
[ -s /tmp/leak4 ] && ! grep -q '^not ok' /tmp/leak4
t_result $? "leakscan: KEY_SET with every flag combination and in multi-message sends ($(wc -l </tmp/leak4) checks)" \
	"$(grep '^not ok' /tmp/leak4)"

# --- the model-based sequence test -------------------------------------------------------------
# ENBKEY_SEQTEST_N commands (default 20,000) from a random seed
sq_seed=$(od -An -N8 -tu8 /dev/urandom | tr -d ' ')
seqtest "$sq_seed" "${ENBKEY_SEQTEST_N:-20000}" >/tmp/seqtest.out 2>&1
rc=$?
grep '^seqtest: seed\|^seqtest: [0-9]' /tmp/seqtest.out | sed 's/^/enbkey-it: # /'
t_result $rc "seqtest: random command sequences against the model, keystreams distinct, replays refused" \
	"$(grep -v '^seqtest: [a-z ]* *[0-9]* ok' /tmp/seqtest.out | head -40)"
same "seqtest left no UE behind" "[]" "$($E -j ue show | jq -c .)"
