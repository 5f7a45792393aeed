# SPDX-License-Identifier: GPL-2.0
# Integration scenarios of part 2: PDCP protect and unprotect in the kernel,
# each checked against pdcpref, the tests' own OpenSSL reference computed
# from the KeNB installed here.

K=5e2b9c0417a3d8f6b1e09a7c4d3f2e1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e
E=enbkeyctl
U=10
SMC=3f2c1a00d4		# an RRC message: the SecurityModeCommand stand-in
RRC=2a10000ff0e1d2c3b4a59687786950413223140506
IP=$(printf '45%0398x' 7)	# a 200-octet user-plane packet

# ref ARGS: the expected PDU, EEA 2 / EIA 2, user-plane integrity off
ref() { pdcpref $K 2 2 0 "$@"; }

ok "ue add $U, KeNB, sec set eea 2 eia 2" sh -c \
	"$E ue add $U && echo $K | $E key set $U kenb - && $E sec set $U eea 2 eia 2"

# --- the security procedure of a UE, downlink ----------------------------------
same "SecurityModeCommand: SRB1 integrity-only PDU" \
	"$(ref srb 1 dl 0 00 $SMC integrity-only)" \
	"$($E pdcp protect $U srb 1 dir dl count 0 hdr 00 data $SMC integrity-only)"
same "RRC message on SRB1, ciphered and integrity protected" \
	"$(ref srb 1 dl 1 01 $RRC)" \
	"$($E pdcp protect $U srb 1 dir dl count 1 hdr 01 data $RRC)"
same "RRC message on SRB2, count in hex" \
	"$(ref srb 2 dl 0x1f 1f $RRC)" \
	"$($E pdcp protect $U srb 2 dir dl count 0x1f hdr 1f data $RRC)"
same "user plane on DRB1, ciphered, no MAC-I" \
	"$(ref drb 1 dl 5 8005 $IP)" \
	"$($E pdcp protect $U drb 1 dir dl count 5 hdr 8005 data $IP)"
same "DRB32 (BEARER 31)" \
	"$(ref drb 32 dl 70000 8001 $IP)" \
	"$($E pdcp protect $U drb 32 dir dl count 70000 hdr 8001 data $IP)"
same "cipher-only SRB1 PDU" \
	"$(ref srb 1 dl 2 02 $RRC cipher-only)" \
	"$($E pdcp protect $U srb 1 dir dl count 2 hdr 02 data $RRC cipher-only)"
same "-j protect" "{\"pdu\":\"$(ref srb 1 dl 3 03 $RRC)\"}" \
	"$($E -j pdcp protect $U srb 1 dir dl count 3 hdr 03 data $RRC | jq -c .)"

# --- uplink: unprotect of PDUs built by the reference --------------------------------
UL=$(ref srb 1 ul 0 00 $RRC)
UL_DATA=${UL#00}
same "SRB1 uplink unprotect gives the payload" "$RRC" \
	"$($E pdcp unprotect $U srb 1 dir ul count 0 hdr 00 data $UL_DATA)"
ULJ=$(ref srb 1 ul 7 07 $RRC)
same "-j unprotect" "{\"data\":\"$RRC\"}" \
	"$($E -j pdcp unprotect $U srb 1 dir ul count 7 hdr 07 data ${ULJ#07} | jq -c .)"
UL1=$(ref srb 1 ul 1 01 $RRC)
UL1_DATA=${UL1#01}
flip_last=$(printf '%s' "$UL1_DATA" | sed -E 's/.$//')$(printf '%x' $(( 0x${UL1_DATA#${UL1_DATA%?}} ^ 1 )))
flip_first=$(printf '%x' $(( 0x${UL1_DATA%${UL1_DATA#?}} ^ 8 )))${UL1_DATA#?}
BAD="enbkeyctl: integrity check failed (Bad message)"
fails "a flipped bit in the MAC-I" "$BAD" $E pdcp unprotect $U srb 1 dir ul count 1 hdr 01 data $flip_last
fails "a flipped bit in the payload" "$BAD" $E pdcp unprotect $U srb 1 dir ul count 1 hdr 01 data $flip_first
fails "a wrong COUNT" "$BAD" $E pdcp unprotect $U srb 1 dir ul count 2 hdr 01 data $UL1_DATA
fails "a wrong bearer" "$BAD" $E pdcp unprotect $U srb 2 dir ul count 1 hdr 01 data $UL1_DATA
fails "a wrong header" "$BAD" $E pdcp unprotect $U srb 1 dir ul count 1 hdr 02 data $UL1_DATA
same "failures are counted on the UE" 5 "$($E -j ue show $U | jq '.[0].integrity_failures')"
same "the genuine PDU still passes after them" "$RRC" \
	"$($E pdcp unprotect $U srb 1 dir ul count 1 hdr 01 data $UL1_DATA)"
fails "a replayed uplink COUNT" \
	"enbkeyctl: COUNT replay: a PDU with this COUNT was already accepted (Invalid argument)" \
	$E pdcp unprotect $U srb 1 dir ul count 1 hdr 01 data $UL1_DATA
DRB_UL=$(ref drb 3 ul 9 8009 $IP)
same "DRB3 uplink unprotect" "$IP" \
	"$($E pdcp unprotect $U drb 3 dir ul count 9 hdr 8009 data ${DRB_UL#8009})"

# --- batching: one request, one result per PDU, a failed PDU on its own ---------
printf '%s\n' "srb 2 dl 32 20 $RRC" "drb 4 dl 100 8064 $IP" "srb 2 dl 32 20 $RRC" \
	"drb 5 dl 7 8007 $IP" | batch protect $U >/tmp/batch.out
same "batch protect: four results in order, the reused COUNT refused alone (EINVAL)" \
	"$(ref srb 2 dl 32 20 $RRC)
$(ref drb 4 dl 100 8064 $IP)
error 22
$(ref drb 5 dl 7 8007 $IP)" "$(cat /tmp/batch.out)"
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
ok "the next COUNT is fine" $E pdcp protect $U drb 1 dir dl count 6 hdr 8006 data $IP
ok "a new KeNB starts COUNTs afresh" sh -c "echo $K | $E key set $U kenb - &&
	$E pdcp protect $U drb 1 dir dl count 0 hdr 8000 data $IP"

# --- user-plane integrity, EEA0/EIA0, unimplemented algorithms -------------------------
ok "sec set up-integrity" $E sec set $U eea 2 eia 2 up-integrity
same "ue show reports user-plane integrity" "true" "$($E -j ue show $U | jq '.[0].up_integrity')"
same "DRB with user-plane integrity: MAC-I with KUPint" \
	"$(pdcpref $K 2 2 1 drb 1 dl 0 8000 $IP)" \
	"$($E pdcp protect $U drb 1 dir dl count 0 hdr 8000 data $IP)"
ok "sec set eea 0 eia 0" $E sec set $U eea 0 eia 0
same "EEA0/EIA0: data in clear, MAC-I of 32 zero bits" "01${RRC}00000000" \
	"$($E pdcp protect $U srb 1 dir dl count 1 hdr 01 data $RRC)"
same "EIA0: unprotect does not check the MAC-I" "$RRC" \
	"$($E pdcp unprotect $U srb 1 dir ul count 0 hdr 00 data ${RRC}deadbeef)"
for alg in "eea 1 eia 2" "eea 3 eia 2"; do
	fails "sec set $alg refused" \
		"enbkeyctl: only EEA0 and 128-EEA2 are implemented (Operation not supported)" \
		$E sec set $U $alg
	unchanged "sec set $alg" $E sec set $U $alg
done
for alg in "eea 2 eia 1" "eea 2 eia 3"; do
	fails "sec set $alg refused" \
		"enbkeyctl: only EIA0 and 128-EIA2 are implemented (Operation not supported)" \
		$E sec set $U $alg
done
ok "ue add 11" $E ue add 11
fails "protect before sec set" \
	"enbkeyctl: security is not configured for this UE; run sec set first (Required key not available)" \
	$E pdcp protect 11 srb 1 dir dl count 0 hdr 00 data $RRC
fails "SRB3 does not exist" "enbkeyctl: SRB identity must be 1..2 (Invalid argument)" \
	sh -c "$E sec set $U eea 2 eia 2 && $E pdcp protect $U srb 3 dir dl count 0 data $RRC"
fails "DRB33 does not exist" \
	"enbkeyctl: RB identity must be 1..2 for an SRB, 1..32 for a DRB (Invalid argument)" \
	$E pdcp protect $U drb 33 dir dl count 0 data $RRC

# --- roles -----------------------------------------------------------------------------------
same "agent: protect" "$(ref srb 1 dl 10 0a $RRC)" \
	"$(as agent $E pdcp protect $U srb 1 dir dl count 10 hdr 0a data $RRC)"
UL2=$(ref srb 1 ul 2 02 $RRC)
same "agent: unprotect" "$RRC" \
	"$(as agent $E pdcp unprotect $U srb 1 dir ul count 2 hdr 02 data ${UL2#02})"
fails "agent: an integrity failure is reported" "$BAD" \
	as agent $E pdcp unprotect $U srb 1 dir ul count 3 hdr 02 data ${UL2#02}
fails "nobody: protect refused" "$AGENT" as nobody $E pdcp protect $U srb 1 dir dl count 11 hdr 0b data $RRC
fails "nobody: unprotect refused" "$AGENT" as nobody $E pdcp unprotect $U srb 1 dir ul count 4 hdr 02 data ${UL2#02}
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
ok "a new KeNB clears the flag" sh -c "echo $K | $E key set $U kenb - &&
	[ \"\$($E -j ue show $U | jq '.[0].key_refresh')\" = false ]"
echo 3221225472 >/sys/module/enbkey/parameters/count_threshold
ok "agent cannot subscribe to events" sh -c "! runas 1000 1000,2000 evwatch 1 1 >/dev/null 2>&1"
ok "cleanup" sh -c "$E ue del $U && $E ue del 11"
