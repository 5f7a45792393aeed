# SPDX-License-Identifier: GPL-2.0
# Integration scenarios of part 5: the handover procedures as an eNB runs
# them (TS 33.401 7.2.8, 7.2.9; TS 36.331 5.3.5.4, 5.3.6, 5.3.7), each step
# checked against pdcpref, which follows the key chain on its own. The UE's
# uplink messages are what pdcpref says the UE sends under its keys.

E=enbkeyctl
AG="as agent"
K=1b2a39485766758493a2b1c0dfeefd0c1b2a39485766758493a2b1c0dfeefd0c
K2=2c3b4a5968778695a4b3c2d1e0fffe0d2c3b4a5968778695a4b3c2d1e0fffe0d
NH1=3d4c5b6a798897a6b5c4d3e2f1000f1e3d4c5b6a798897a6b5c4d3e2f1000f1e
NH2=4e5d6c7b8a99a8b7c6d5e4f302111f2f4e5d6c7b8a99a8b7c6d5e4f302111f2f
RRC=2a10000ff0e1d2c3b4a59687786950413223140506
DONE=1200	# an RRC ...Complete stand-in
field() { $E -j ue show $1 | jq -c ".[0] | $2"; }
# dl KEY N HDR MSG: the SRB1 downlink PDU; ul KEY N HDR MSG: the UE's SRB1 PDU minus header
dl() { pdcpref $1 2 2 0 srb 1 dl $2 $3 $4; }
ul() { p=$(pdcpref $1 2 2 0 srb 1 ul $2 $3 $4); printf '%s' "${p#$3}"; }

# --- 1. intra-eNB handover -------------------------------------------------------------
U=30
ok "1: attach" sh -c "$E ue add $U && $E key set $U kenb $K && $E sec set $U eea 2 eia 2 &&
	$E pdcp protect $U srb 1 count 0 hdr 00 data $RRC >/dev/null"
same "1: prepare the target cell" '{"ncc":0,"vertical":false}' "$($AG $E -j ho prepare $U pci 32 earfcn 561 | jq -c .)"
KS=$(pdcpref kenb-star $K 32 561)
same "1: the handover command goes out under the current keys" "$(dl $K 1 01 $RRC)" \
	"$($AG $E pdcp protect $U srb 1 count 1 hdr 01 data $RRC)"
fails "1: the UE's Complete does not verify under the current keys" \
	"enbkeyctl: integrity check failed (Bad message)" \
	$AG $E pdcp unprotect $U srb 1 count 0 hdr 00 data $(ul $KS 0 00 $DONE)
same "1: it verifies with the next keys, before commit" "$DONE" \
	"$($AG $E pdcp unprotect $U srb 1 count 0 hdr 00 data $(ul $KS 0 00 $DONE) next)"
fails "1: a forged Complete under the next keys is an integrity failure" \
	"enbkeyctl: integrity check failed (Bad message)" \
	$AG $E pdcp unprotect $U srb 1 count 1 hdr 00 data $(ul $KS 0 00 $DONE) next
same "1: two failures counted, the keys unchanged" '[2,1,true]' \
	"$(field $U '[.integrity_failures, .key_generation, .kenb_star]')"
fails "1: protect never uses the next keys" \
	"enbkeyctl: unexpected argument \"next\"; try 'enbkeyctl help'" \
	$AG $E pdcp protect $U srb 1 count 2 hdr 02 data $RRC next
ok "1: commit" $AG $E ho commit $U
same "1: traffic under the new keys" "$(dl $KS 0 00 $RRC)" "$($AG $E pdcp protect $U srb 1 count 0 hdr 00 data $RRC)"
fails "1: the Complete's COUNT state came along: its replay is refused" \
	"enbkeyctl: COUNT replay: a PDU with this COUNT was already accepted (Invalid argument)" \
	$AG $E pdcp unprotect $U srb 1 count 0 hdr 00 data $(ul $KS 0 00 $DONE)
same "1: the next uplink message" "$RRC" "$($AG $E pdcp unprotect $U srb 1 count 1 hdr 01 data $(ul $KS 1 01 $RRC))"

# --- 2. failed handover: cancel, re-establishment with shortMAC-I ------------------------
same "2: prepare a handover to another cell" "ncc 0 horizontal" "$($AG $E ho prepare $U pci 40 earfcn 1000)"
ok "2: the handover fails: cancel" $AG $E ho cancel $U
same "2: nothing prepared any more" '[false,[]]' "$(field $U '[.kenb_star, .cells]')"
SM=$(pdcpref shortmac $KS 2 0x1234567 32 0x4601)
same "2: shortMAC-I of the re-establishment request (cell 0x1234567, source PCI 32, C-RNTI 0x4601)" "$SM" \
	"$($AG $E shortmac $U cell-id 0x1234567 pci 32 crnti 0x4601)"
same "2: the same, JSON" "{\"short_mac_i\":\"$SM\"}" "$($AG $E -j shortmac $U cell-id 0x1234567 pci 32 crnti 0x4601 | jq -c .)"
same "2: boundaries: cell 0, PCI 0, C-RNTI 0" "$(pdcpref shortmac $KS 2 0 0 0)" \
	"$($AG $E shortmac $U cell-id 0 pci 0 crnti 0)"
same "2: boundaries: cell 2^28-1, PCI 503, C-RNTI 65535" "$(pdcpref shortmac $KS 2 268435455 503 65535)" \
	"$($AG $E shortmac $U cell-id 268435455 pci 503 crnti 65535)"
fails "2: cell identity of 29 bits" "enbkeyctl: cell identity must be 0..268435455 (28 bits) (Invalid argument)" \
	$AG $E shortmac $U cell-id 268435456 pci 1 crnti 1
fails "2: C-RNTI of 17 bits" "enbkeyctl: C-RNTI must be 0..65535 (16 bits) (Invalid argument)" \
	$AG $E shortmac $U cell-id 1 pci 1 crnti 65536
same "2: prepare the re-establishment cell" "ncc 0 horizontal" "$($AG $E ho prepare $U pci 33 earfcn 561)"
KR=$(pdcpref kenb-star $KS 33 561)
same "2: RRCConnectionReestablishmentComplete with the next keys" "$DONE" \
	"$($AG $E pdcp unprotect $U srb 1 count 0 hdr 00 data $(ul $KR 0 00 $DONE) next pci 33 earfcn 561)"
ok "2: commit, naming the cell" $AG $E ho commit $U pci 33 earfcn 561
same "2: traffic under the re-established keys" "$(dl $KR 0 00 $RRC)" \
	"$($AG $E pdcp protect $U srb 1 count 0 hdr 00 data $RRC)"
ok "2: cleanup" $E ue del $U

# --- 3. X2 handover: three cells exported, each usable at the target --------------------
U=31
ok "3: source UE with an {NH, NCC 1} from an earlier path switch" sh -c \
	"$E ue add $U && $E key set $U kenb $K && $E sec set $U eea 2 eia 2 && $E nh set $U nh $NH1 ncc 1"
for pci in 10 11 12; do
	same "3: prepare cell $pci: vertical, NCC 1" '{"ncc":1,"vertical":true}' \
		"$($AG $E -j ho prepare $U pci $pci earfcn 500 | jq -c .)"
done
same "3: three cells, the NH still unused" '[true,3]' "$(field $U '[.nh, (.cells | length)]')"
fails "3: commit must name a cell when several are prepared" \
	"enbkeyctl: several cells are prepared; name one with pci and earfcn (Invalid argument)" $AG $E ho commit $U
for pci in 10 11 12; do
	KX=$(pdcpref kenb-star $NH1 $pci 500)
	same "3: export cell $pci" "{\"kenb_star\":\"$KX\",\"ncc\":1}" \
		"$($E -j ho export $U pci $pci earfcn 500 | jq -c .)"
	same "3: shortMAC-I for cell $pci's reestablishmentInfo, with the source KRRCint" \
		"$(pdcpref shortmac $K 2 $((0x1000 + pci)) 7 0x2222)" \
		"$($AG $E shortmac $U cell-id $((0x1000 + pci)) pci 7 crnti 0x2222)"
	same "3: target UE for cell $pci in another namespace: KeNB* with NCC 1 protects as the reference says; a path switch makes its next preparation vertical" \
		"$(dl $KX 0 00 $RRC)
{\"ncc\":2,\"vertical\":true}
$(pdcpref kenb-star $NH2 5 5)" \
		"$(unshare -n sh -c "$E ue add 1 && echo $KX | $E key set 1 kenb - ncc 1 && $E sec set 1 eea 2 eia 2 &&
			$E pdcp protect 1 srb 1 count 0 hdr 00 data $RRC &&
			$E nh set 1 nh $NH2 ncc 2 && $E -j ho prepare 1 pci 5 earfcn 5 | jq -c . &&
			$E ho export 1 | cut -d' ' -f2")"
done
same "3: all three exported, the NH spent" \
	'[false,[{"pci":10,"earfcn":500,"exported":true},{"pci":11,"earfcn":500,"exported":true},{"pci":12,"earfcn":500,"exported":true}]]' \
	"$(field $U '[.nh, .cells]')"
fails "3: none can be committed at the source" \
	"enbkeyctl: this cell's KeNB* was exported to another eNB; it cannot be committed here (Operation not permitted)" \
	$AG $E ho commit $U pci 11 earfcn 500
fails "3: a ninth cell is refused" "enbkeyctl: at most 8 cells can be prepared for one handover (No space left on device)" \
	sh -c "for p in 13 14 15 16 17 18; do $E ho prepare $U pci \$p earfcn 500 >/dev/null || exit 1; done
		$E ho prepare $U pci 19 earfcn 500"
ok "3: cleanup" $E ue del $U

# --- 4. re-keying (TS 33.401 7.2.9.2) ------------------------------------------------------
U=32
ok "4: attach" sh -c "$E ue add $U && $E key set $U kenb $K && $E sec set $U eea 2 eia 2"
ok "4: the MME's new KeNB while the keys are in use" $E key set $U kenb $K2
same "4: held pending" true "$(field $U .kenb_pending)"
fails "4: cancel is for handovers, not for the MME's KeNB" \
	"enbkeyctl: no handover is prepared (Required key not available)" $AG $E ho cancel $U
same "4: the intra-cell handover command (keyChangeIndicator) under the old keys" "$(dl $K 0 00 $RRC)" \
	"$($AG $E pdcp protect $U srb 1 count 0 hdr 00 data $RRC)"
fails "4: the pending KeNB has no cell" \
	"enbkeyctl: a new KeNB from the MME is pending; it has no cell (Invalid argument)" \
	$AG $E pdcp unprotect $U srb 1 count 0 hdr 00 data $(ul $K2 0 00 $DONE) next pci 1 earfcn 1
same "4: the UE's Complete under the new KeNB, with next" "$DONE" \
	"$($AG $E pdcp unprotect $U srb 1 count 0 hdr 00 data $(ul $K2 0 00 $DONE) next)"
ok "4: commit" $AG $E ho commit $U
same "4: the new KeNB as it is (no KeNB* step), the same algorithms" "$(dl $K2 0 00 $RRC)" \
	"$($AG $E pdcp protect $U srb 1 count 0 hdr 00 data $RRC)"
same "4: nothing pending, generation 2" '[false,2]' "$(field $U '[.kenb_pending, .key_generation]')"
ok "4: cleanup" $E ue del $U

# --- 5. Counter Check (TS 36.331 5.3.6) ----------------------------------------------------
U=33
ok "5: attach" sh -c "$E ue add $U && $E key set $U kenb $K && $E sec set $U eea 2 eia 2"
ok "5: DRB1 downlink COUNTs 0..4, DRB2 downlink 100" sh -c \
	"for c in 0 1 2 3 4; do $E pdcp protect $U drb 1 count \$c hdr 8000 data 00112233 >/dev/null || exit 1; done &&
	 $E pdcp protect $U drb 2 count 100 hdr 8000 data 00112233 >/dev/null"
for c in 0 1 2; do
	p=$(pdcpref $K 2 2 0 drb 2 ul $c 8000 44556677)
	ok "5: DRB2 uplink COUNT $c" $E pdcp unprotect $U drb 2 count $c hdr 8000 data ${p#8000}
done
p=$(pdcpref $K 2 2 0 drb 3 ul 7 8000 44556677)
ok "5: DRB3 uplink COUNT 7" $E pdcp unprotect $U drb 3 count 7 hdr 8000 data ${p#8000}
same "5: the COUNT report of each bearer that carried PDUs" \
	'[{"type":"drb","id":1,"dl_count":5,"ul_count":null},{"type":"drb","id":2,"dl_count":101,"ul_count":2},{"type":"drb","id":3,"dl_count":0,"ul_count":7}]' \
	"$(as agent $E -j ue show $U bearers | jq -c '.[0].bearers')"
same "5: human" "    drb 1 dl-count 5 ul-count none
    drb 2 dl-count 101 ul-count 2
    drb 3 dl-count 0 ul-count 7" "$($E ue show $U bearers | tail -n 3)"
fails "5: nobody reads it" "$AGENT" as nobody $E ue show $U bearers
ok "5: cleanup" $E ue del $U
