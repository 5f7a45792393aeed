# SPDX-License-Identifier: GPL-2.0
# Integration scenarios of part 2: PDCP protect and unprotect in the kernel,
# as the eNB does them (downlink protect, uplink unprotect), each checked
# against pdcpref, the tests' own OpenSSL reference computed from the KeNB
# installed here; uplink PDUs are what pdcpref says the UE sends.

K=5e2b9c0417a3d8f6b1e09a7c4d3f2e1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e
K2=6f3c0d1528b4e9070c2f1ab58e4d3f2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f
E=enbkeyctl
U=10
SMC=3f2c1a00d4		# an RRC message: the SecurityModeCommand stand-in
RRC=2a10000ff0e1d2c3b4a59687786950413223140506
IP=$(printf '45%0398x' 7)	# a 200-octet user-plane packet

# ref ARGS: the expected PDU, EEA 2 / EIA 2, user-plane integrity off
ref() { pdcpref $K 2 2 0 "$@"; }
# ul HDR ARGS...: what follows the header of the UE's uplink PDU
ul() { h=$1; shift; p=$(ref "$@"); printf '%s' "${p#$h}"; }

ok "ue add $U, KeNB, sec set eea 2 eia 2" sh -c \
	"$E ue add $U && echo $K | $E key set $U kenb - && $E sec set $U eea 2 eia 2"

# --- the security mode procedure and the first messages -----------------------------
same "SecurityModeCommand: SRB1 integrity-only PDU" \
	"$(ref srb 1 dl 0 00 $SMC integrity-only)" \
	"$($E pdcp protect $U srb 1 dir dl count 0 hdr 00 data $SMC integrity-only)"
same "SecurityModeComplete, uplink, integrity only" "$RRC" \
	"$($E pdcp unprotect $U srb 1 count 0 hdr 00 data $(ul 00 srb 1 ul 0 00 $RRC integrity-only) integrity-only)"
same "RRC message on SRB1, ciphered and integrity protected (dir defaults to dl)" \
	"$(ref srb 1 dl 1 01 $RRC)" \
	"$($E pdcp protect $U srb 1 count 1 hdr 01 data $RRC)"
fails "integrity-only once downlink ciphering has started on SRB1" \
	"enbkeyctl: ciphering has started on this bearer; integrity-only is only for the security mode procedure (Invalid argument)" \
	$E pdcp protect $U srb 1 count 2 hdr 02 data $RRC integrity-only
same "SRB2 has its own procedure state: integrity only is still fine" \
	"$(ref srb 2 dl 0 00 $SMC integrity-only)" \
	"$($E pdcp protect $U srb 2 count 0 hdr 00 data $SMC integrity-only)"
same "RRC message on SRB2, count in hex" \
	"$(ref srb 2 dl 0x1f 1f $RRC)" \
	"$($E pdcp protect $U srb 2 dir dl count 0x1f hdr 1f data $RRC)"
same "user plane on DRB1, ciphered, no MAC-I" \
	"$(ref drb 1 dl 5 8005 $IP)" \
	"$($E pdcp protect $U drb 1 dir dl count 5 hdr 8005 data $IP)"
same "DRB32 (BEARER 31)" \
	"$(ref drb 32 dl 70000 8001 $IP)" \
	"$($E pdcp protect $U drb 32 dir dl count 70000 hdr 8001 data $IP)"
same "cipher-only on a DRB is its normal format" \
	"$(ref drb 1 dl 6 8006 $IP)" \
	"$($E pdcp protect $U drb 1 count 6 hdr 8006 data $IP cipher-only)"
same "-j protect" "{\"pdu\":\"$(ref srb 1 dl 3 03 $RRC)\"}" \
	"$($E -j pdcp protect $U srb 1 dir dl count 3 hdr 03 data $RRC | jq -c .)"

# --- the eNB's role and the SRB format ------------------------------------------------
fails "protect of an uplink PDU is the UE's, not the eNB's" \
	"enbkeyctl: the eNB protects downlink PDUs only; uplink ones are the UE's to protect (Invalid argument)" \
	$E pdcp protect $U srb 1 dir ul count 9 hdr 09 data $RRC
unchanged "protect dir ul" $E pdcp protect $U drb 1 dir ul count 9 hdr 09 data $RRC
fails "unprotect of a downlink PDU" "enbkeyctl: the eNB unprotects uplink PDUs only (Invalid argument)" \
	$E pdcp unprotect $U srb 1 dir dl count 9 hdr 09 data $(ul 09 srb 1 dl 9 09 $RRC)
fails "cipher-only on an SRB: the MAC-I is always there" \
	"enbkeyctl: an SRB PDU always carries a MAC-I (TS 36.323 6.3.4); cipher-only is for DRBs (Invalid argument)" \
	$E pdcp protect $U srb 1 count 4 hdr 04 data $RRC cipher-only
fails "cipher-only on an SRB, uplink" \
	"enbkeyctl: an SRB PDU always carries a MAC-I (TS 36.323 6.3.4); cipher-only is for DRBs (Invalid argument)" \
	$E pdcp unprotect $U srb 1 count 4 hdr 04 data $(ul 04 srb 1 ul 4 04 $RRC) cipher-only
same "the refusals spent no COUNT: SRB1 COUNT 4 still protects" \
	"$(ref srb 1 dl 4 04 $RRC)" "$($E pdcp protect $U srb 1 count 4 hdr 04 data $RRC)"

# --- uplink: unprotect of PDUs built by the reference --------------------------------
UL_DATA=$(ul 01 srb 1 ul 1 01 $RRC)
same "SRB1 uplink unprotect gives the payload (dir defaults to ul)" "$RRC" \
	"$($E pdcp unprotect $U srb 1 count 1 hdr 01 data $UL_DATA)"
same "-j unprotect" "{\"data\":\"$RRC\"}" \
	"$($E -j pdcp unprotect $U srb 1 dir ul count 7 hdr 07 data $(ul 07 srb 1 ul 7 07 $RRC) | jq -c .)"
fails "integrity-only once uplink ciphering has started" \
	"enbkeyctl: ciphering has started on this bearer; integrity-only is only for the security mode procedure (Invalid argument)" \
	$E pdcp unprotect $U srb 1 count 8 hdr 08 data $(ul 08 srb 1 ul 8 08 $RRC integrity-only) integrity-only
UL1_DATA=$(ul 02 srb 1 ul 2 02 $RRC)
flip_last=$(printf '%s' "$UL1_DATA" | sed -E 's/.$//')$(printf '%x' $(( 0x${UL1_DATA#${UL1_DATA%?}} ^ 1 )))
flip_first=$(printf '%x' $(( 0x${UL1_DATA%${UL1_DATA#?}} ^ 8 )))${UL1_DATA#?}
BAD="enbkeyctl: integrity check failed (Bad message)"
fails "a flipped bit in the MAC-I" "$BAD" $E pdcp unprotect $U srb 1 count 2 hdr 02 data $flip_last
fails "a flipped bit in the payload" "$BAD" $E pdcp unprotect $U srb 1 count 2 hdr 02 data $flip_first
fails "a wrong COUNT" "$BAD" $E pdcp unprotect $U srb 1 count 3 hdr 02 data $UL1_DATA
fails "a wrong bearer" "$BAD" $E pdcp unprotect $U srb 2 count 2 hdr 02 data $UL1_DATA
fails "a wrong header" "$BAD" $E pdcp unprotect $U srb 1 count 2 hdr 03 data $UL1_DATA
same "failures are counted on the UE" 5 "$($E -j ue show $U | jq '.[0].integrity_failures')"
same "a failure moved no replay state: the genuine PDU still passes" "$RRC" \
	"$($E pdcp unprotect $U srb 1 count 2 hdr 02 data $UL1_DATA)"
fails "a replayed uplink COUNT" \
	"enbkeyctl: COUNT replay: a PDU with this COUNT was already accepted (Invalid argument)" \
	$E pdcp unprotect $U srb 1 count 2 hdr 02 data $UL1_DATA
ok "SRB1 uplink COUNT 70 moves the 64-COUNT window" \
	$E pdcp unprotect $U srb 1 count 70 hdr 06 data $(ul 06 srb 1 ul 70 06 $RRC)
fails "COUNT 6 is now behind it" "enbkeyctl: COUNT is behind the replay window (Numerical result out of range)" \
	$E pdcp unprotect $U srb 1 count 6 hdr 06 data $(ul 06 srb 1 ul 6 06 $RRC)

# --- replay state from authenticated PDUs only ---------------------------------------
DRB_UL=$(ul 8009 drb 3 ul 9 8009 $IP)
same "DRB3 uplink unprotect" "$IP" "$($E pdcp unprotect $U drb 3 count 9 hdr 8009 data $DRB_UL)"
same "a DRB without integrity has no replay state: PDCP itself handles duplicates" "$IP" \
	"$($E pdcp unprotect $U drb 3 count 9 hdr 8009 data $DRB_UL)"
same "nor a window: an old COUNT deciphers too" "$IP" \
	"$($E pdcp unprotect $U drb 3 count 1 hdr 8001 data $(ul 8001 drb 3 ul 1 8001 $IP))"
same "the COUNT report has the highest uplink COUNT of DRB3" '{"type":"drb","id":3,"dl_count":0,"ul_count":9}' \
	"$($E -j ue show $U bearers | jq -c '.[0].bearers[] | select(.type == "drb" and .id == 3)')"

# --- batching: one request, one result per PDU, a failed PDU on its own ---------
printf '%s\n' "srb 2 dl 32 20 $RRC" "drb 4 dl 100 8064 $IP" "srb 2 dl 32 20 $RRC" \
	"drb 5 dl 7 8007 $IP" "srb 2 ul 33 21 $RRC" | batch protect $U >/tmp/batch.out
same "batch protect: five results in order, the reused COUNT and the uplink PDU refused alone (EINVAL)" \
	"$(ref srb 2 dl 32 20 $RRC)
$(ref drb 4 dl 100 8064 $IP)
error 22
$(ref drb 5 dl 7 8007 $IP)
error 22" "$(cat /tmp/batch.out)"
B1=$(ref srb 2 ul 1 01 $RRC)
B2=$(ref srb 2 ul 2 02 $RRC)
B2_BAD=$(printf '%s' "${B2#02}" | sed -E 's/.$//')$(printf '%x' $(( 0x${B2#${B2%?}} ^ 1 )))
printf '%s\n' "srb 2 ul 1 01 ${B1#01}" "srb 2 ul 2 02 $B2_BAD" "srb 2 ul 2 02 ${B2#02}" |
	batch unprotect $U >/tmp/batch.out
same "batch unprotect: a forged PDU fails alone (EBADMSG), the genuine one after it passes" \
	"$RRC
error 74
$RRC" "$(cat /tmp/batch.out)"

# --- COUNT discipline ------------------------------------------------------------------
REUSE="enbkeyctl: COUNT reuse: COUNT must be above the highest protected on this bearer (Invalid argument)"
fails "a reused downlink COUNT" "$REUSE" $E pdcp protect $U srb 1 dir dl count 3 hdr 03 data $RRC
fails "a lower downlink COUNT" "$REUSE" $E pdcp protect $U drb 1 dir dl count 4 hdr 8004 data $IP
ok "the next COUNT is fine" $E pdcp protect $U drb 1 dir dl count 7 hdr 8007 data $IP

# --- user-plane integrity, EEA0, EIA0 for emergency UEs only ---------------------------
ok "UE 12 with user-plane integrity" sh -c "$E ue add 12 && $E key set 12 kenb $K2 && $E sec set 12 eea 2 eia 2 up-integrity"
same "ue show reports user-plane integrity" "true" "$($E -j ue show 12 | jq '.[0].up_integrity')"
same "DRB with user-plane integrity: MAC-I with KUPint" \
	"$(pdcpref $K2 2 2 1 drb 1 dl 0 8000 $IP)" \
	"$($E pdcp protect 12 drb 1 dir dl count 0 hdr 8000 data $IP)"
fails "cipher-only on a DRB with integrity" \
	"enbkeyctl: this DRB is integrity protected; its PDUs always carry a MAC-I (Invalid argument)" \
	$E pdcp protect 12 drb 1 count 1 hdr 8001 data $IP cipher-only
D1=$(pdcpref $K2 2 2 1 drb 1 ul 5000 8000 $IP)
same "DRB with integrity, uplink" "$IP" "$($E pdcp unprotect 12 drb 1 count 5000 hdr 8000 data ${D1#8000})"
fails "its replay is refused" \
	"enbkeyctl: COUNT replay: a PDU with this COUNT was already accepted (Invalid argument)" \
	$E pdcp unprotect 12 drb 1 count 5000 hdr 8000 data ${D1#8000}
D2=$(pdcpref $K2 2 2 1 drb 1 ul 2953 8000 $IP)
same "its window covers 2048 COUNTs (12-bit SN reordering)" "$IP" \
	"$($E pdcp unprotect 12 drb 1 count 2953 hdr 8000 data ${D2#8000})"
D3=$(pdcpref $K2 2 2 1 drb 1 ul 2952 8000 $IP)
fails "and no more" "enbkeyctl: COUNT is behind the replay window (Numerical result out of range)" \
	$E pdcp unprotect 12 drb 1 count 2952 hdr 8000 data ${D3#8000}
fails "sec set eea 0 eia 0 on a UE that is not an emergency UE" \
	"enbkeyctl: EIA0 is only for an unauthenticated emergency UE (ue add ID emergency) (Operation not permitted)" \
	sh -c "$E ue add 13 && $E key set 13 kenb $K && $E sec set 13 eea 0 eia 0"
unchanged "EIA0 refusal" $E sec set 13 eea 0 eia 0
ok "EEA0 is any UE's: sec set eea 0 eia 2" $E sec set 13 eea 0 eia 2
same "EEA0: data in clear, the MAC-I of EIA2" "$(pdcpref $K 0 2 0 srb 1 dl 1 01 $RRC)" \
	"$($E pdcp protect 13 srb 1 dir dl count 1 hdr 01 data $RRC)"
ok "an emergency UE may have EIA0" sh -c "$E ue add 14 emergency && $E key set 14 kenb $K && $E sec set 14 eea 0 eia 0"
same "EEA0/EIA0: data in clear, MAC-I of 32 zero bits" "01${RRC}00000000" \
	"$($E pdcp protect 14 srb 1 dir dl count 1 hdr 01 data $RRC)"
same "EIA0: unprotect does not check the MAC-I" "$RRC" \
	"$($E pdcp unprotect 14 srb 1 dir ul count 0 hdr 00 data ${RRC}deadbeef)"
same "EIA0 authenticates nothing, so there is no replay protection" "$RRC" \
	"$($E pdcp unprotect 14 srb 1 dir ul count 0 hdr 00 data ${RRC}deadbeef)"
ok "ue add 11" $E ue add 11
fails "protect before sec set" \
	"enbkeyctl: security is not configured for this UE; run sec set first (Required key not available)" \
	$E pdcp protect 11 srb 1 dir dl count 0 hdr 00 data $RRC
fails "SRB3 does not exist" "enbkeyctl: SRB identity must be 1..2 (Invalid argument)" \
	$E pdcp protect $U srb 3 dir dl count 0 data $RRC
fails "DRB33 does not exist" \
	"enbkeyctl: RB identity must be 1..2 for an SRB, 1..32 for a DRB (Invalid argument)" \
	$E pdcp protect $U drb 33 dir dl count 0 data $RRC

# --- roles -----------------------------------------------------------------------------------
same "agent: protect" "$(ref srb 1 dl 10 0a $RRC)" \
	"$(as agent $E pdcp protect $U srb 1 dir dl count 10 hdr 0a data $RRC)"
UL2=$(ul 0b srb 1 ul 71 0b $RRC)
same "agent: unprotect" "$RRC" "$(as agent $E pdcp unprotect $U srb 1 count 71 hdr 0b data $UL2)"
fails "agent: an integrity failure is reported" "$BAD" \
	as agent $E pdcp unprotect $U srb 1 count 72 hdr 0b data $UL2
fails "nobody: protect refused" "$AGENT" as nobody $E pdcp protect $U srb 1 dir dl count 11 hdr 0b data $RRC
fails "nobody: unprotect refused" "$AGENT" as nobody $E pdcp unprotect $U srb 1 count 73 hdr 0b data $UL2
same "nobody's attempts left the COUNT alone" "$(ref srb 1 dl 11 0b $RRC)" \
	"$($E pdcp protect $U srb 1 dir dl count 11 hdr 0b data $RRC)"

# --- key refresh: the COUNT threshold and the events group ---------------------------------
echo 1000 >/sys/module/enbkey/parameters/count_threshold
evwatch 1 20 >/tmp/events &
watcher=$!
i=0
while ! grep -q ready /tmp/events 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
ok "a COUNT past the threshold is protected" $E pdcp protect $U drb 2 dir dl count 1500 hdr 8000 data $IP
wait $watcher
same "events: UE id and reason (KEY_REFRESH_NEEDED = 5), nothing else" "ready
ue $U event 5" "$(cat /tmp/events)"
same "ue show: key refresh needed" "true" "$($E -j ue show $U | jq '.[0].key_refresh')"
ok "ue show: human flag" sh -c "$E ue show $U | grep -q 'key-refresh-needed$'"
ok "new keys (intra-cell key refresh) clear the flag" sh -c "$E ho prepare $U pci 1 earfcn 1 >/dev/null && $E ho commit $U &&
	[ \"\$($E -j ue show $U | jq '.[0].key_refresh')\" = false ]"
echo 3221225472 >/sys/module/enbkey/parameters/count_threshold
ok "agent cannot subscribe to events" sh -c "! runas 1000 1000,2000 evwatch 1 1 >/dev/null 2>&1"
ok "cleanup" sh -c "for u in $U 11 12 13 14; do $E ue del \$u; done"
