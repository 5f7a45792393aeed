# SPDX-License-Identifier: GPL-2.0
# Integration scenarios of part 3: the key chain of a UE through handover,
# re-establishment, path switch, X2 export and dual connectivity. At each
# step the keys are checked by a PDCP protect output against pdcpref, which
# follows the chain on its own from the KeNB and NH installed here.

K0=0f1e2d3c4b5a69788796a5b4c3d2e1f000112233445566778899aabbccddeeff
NH1=a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0
NH2=c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0
KR=7d6c5b4a39281706f5e4d3c2b1a0ffeeddccbbaa99887766554433221100aabb
E=enbkeyctl
U=20
MSG=2a10000ff0e1d2c3b4a596
AG="as agent"

# keyed DESC KEY N: the SRB1 downlink PDU of COUNT N under KeNB KEY matches
keyed() {
	same "$1" "$(pdcpref $2 2 2 0 srb 1 dl $3 00 $MSG)" \
		"$($E pdcp protect $U srb 1 dir dl count $3 hdr 00 data $MSG)"
}
field() { $E -j ue show $U | jq -c ".[0] | $1"; }

# --- attach --------------------------------------------------------------------
ok "attach: ue add, KeNB, sec set" sh -c \
	"$E ue add $U && echo $K0 | $E key set $U kenb - && $E sec set $U eea 2 eia 2"
keyed "attach: protect under KeNB" $K0 0
same "attach: chain state" '[0,false,false,1,0]' \
	"$(field '[.ncc, .nh, .kenb_star, .key_generation, .scg_counter]')"

# --- intra-eNB handover: horizontal ----------------------------------------------
same "intra-eNB handover prepared by the agent: horizontal, NCC 0" '{"ncc":0,"vertical":false}' \
	"$($AG $E -j ho prepare $U pci 32 earfcn 561 | jq -c .)"
same "one cell prepared, nothing else changed" '[true,[{"pci":32,"earfcn":561,"exported":false}],1]' \
	"$(field '[.kenb_star, .cells, .key_generation]')"
keyed "before commit the old keys still serve" $K0 1
ok "the agent commits" $AG $E ho commit $U
K1=$(pdcpref kenb-star $K0 32 561)
same "after commit: generation 2, nothing pending" '[0,false,2,[]]' \
	"$(field '[.ncc, .kenb_star, .key_generation, .cells]')"
keyed "after commit: keys from KeNB* = KDF(KeNB, PCI 32, EARFCN 561), COUNT afresh" $K1 0

# --- re-establishment to a 3-octet EARFCN ------------------------------------------
same "re-establishment prepared: EARFCN-DL 65536" "ncc 0 horizontal" \
	"$($AG $E ho prepare $U pci 101 earfcn 65536)"
ok "re-establishment committed" $AG $E ho commit $U
K2=$(pdcpref kenb-star $K1 101 65536)
keyed "keys from the 3-octet EARFCN-DL derivation" $K2 0

# --- path switch, then a vertical handover ---------------------------------------------
ok "path switch: {NH, NCC 1} from stdin" sh -c "echo $NH1 | $E nh set $U nh - ncc 1"
same "an unused NH is held" true "$(field .nh)"
keyed "an NH alone changes no key" $K2 1
same "the next handover is vertical, with NCC 1" '{"ncc":1,"vertical":true}' \
	"$($AG $E -j ho prepare $U pci 7 earfcn 262143 | jq -c .)"
same "preparing does not spend the NH" '[true,true]' "$(field '[.nh, .kenb_star]')"
fails "an NH during a preparation is refused" \
	"enbkeyctl: a handover is prepared; commit or cancel it first (Device or resource busy)" \
	$E nh set $U nh $NH2 ncc 2
K3=$(pdcpref kenb-star $NH1 7 262143)

# --- X2 handover: export to the provisioning role only -------------------------------
same "provisioning role exports KeNB* and NCC" "{\"kenb_star\":\"$K3\",\"ncc\":1}" \
	"$($E -j ho export $U | jq -c .)"
same "the export spent the NH and marks the cell" '[false,[{"pci":7,"earfcn":262143,"exported":true}]]' \
	"$(field '[.nh, .cells]')"
same "human export, by cell" "kenb-star $K3 ncc 1" "$($E ho export $U pci 7 earfcn 262143)"
same "human ue show lists the cell" "    cell pci 7 earfcn 262143 exported" "$($E ue show $U | sed -n 2p)"
fails "the agent cannot export" "$PROV" $AG $E ho export $U
fails "nobody cannot export" "$PROV" as nobody $E ho export $U
same "target eNB in another namespace: KeNB* installed with NCC 1 protects as expected" \
	"$(pdcpref $K3 2 2 0 srb 1 dl 0 00 $MSG)" \
	"$(unshare -n sh -c "$E ue add 1 && echo $K3 | $E key set 1 kenb - ncc 1 &&
		$E sec set 1 eea 2 eia 2 && $E pdcp protect 1 srb 1 dir dl count 0 hdr 00 data $MSG")"
fails "the source cannot commit the exported KeNB*: one eNB per key" \
	"enbkeyctl: this cell's KeNB* was exported to another eNB; it cannot be committed here (Operation not permitted)" \
	$AG $E ho commit $U
unchanged "the refused commit" $AG $E ho commit $U
keyed "the source keeps its current keys" $K2 2
ok "the handover fails: cancel" $AG $E ho cancel $U
same "cancel wiped the cell; the NH stays spent" '[false,false,[]]' "$(field '[.nh, .kenb_star, .cells]')"
same "re-establishment at the source: horizontal now" "ncc 0 horizontal" "$($AG $E ho prepare $U pci 1 earfcn 100)"
ok "and committed" $AG $E ho commit $U
K4=$(pdcpref kenb-star $K2 1 100)
keyed "keys from the source's re-establishment cell" $K4 0
same "generation 4" 4 "$(field .key_generation)"

# --- dual connectivity ------------------------------------------------------------------
same "S-KeNB with SCG Counter 0" "{\"s_kenb\":\"$(pdcpref s-kenb $K4 0)\",\"scg_counter\":0}" \
	"$($E -j dc skenb $U | jq -c .)"
same "the next S-KeNB uses SCG Counter 1" "s-kenb $(pdcpref s-kenb $K4 1) scg-counter 1" \
	"$($E dc skenb $U)"
same "ue show: next SCG Counter 2" 2 "$(field .scg_counter)"
fails "the agent cannot derive S-KeNB" "$PROV" $AG $E dc skenb $U
fails "nobody cannot derive S-KeNB" "$PROV" as nobody $E dc skenb $U

# --- the roles for the rest --------------------------------------------------------------
fails "the agent cannot set NH" "$PROV" sh -c "echo $NH1 | runas 1000 1000,2000 $E nh set $U nh - ncc 2"
fails "nobody cannot prepare" "$AGENT" as nobody $E ho prepare $U pci 1 earfcn 1
fails "nobody cannot commit" "$AGENT" as nobody $E ho commit $U
fails "nobody cannot cancel" "$AGENT" as nobody $E ho cancel $U
unchanged "refused role commands" as nobody $E ho prepare $U pci 1 earfcn 1

# --- bad input: exact error, nothing changed -----------------------------------------------
fails "PCI 504" "enbkeyctl: PCI must be 0..503 (Invalid argument)" $E ho prepare $U pci 504 earfcn 561
unchanged "PCI 504" $E ho prepare $U pci 504 earfcn 561
fails "EARFCN-DL 262144" "enbkeyctl: EARFCN-DL must be 0..262143 (Invalid argument)" \
	$E ho prepare $U pci 32 earfcn 262144
unchanged "EARFCN-DL 262144" $E ho prepare $U pci 32 earfcn 262144
fails "NCC 8" "enbkeyctl: NCC must be 0..7 (Invalid argument)" $E nh set $U nh $NH1 ncc 8
unchanged "NCC 8" $E nh set $U nh $NH1 ncc 8
fails "NH of 31 octets" "enbkeyctl: NH must be 32 octets (Invalid argument)" $E nh set $U nh ${NH1%??} ncc 2
unchanged "NH of 31 octets" $E nh set $U nh ${NH1%??} ncc 2
fails "commit with nothing pending" \
	"enbkeyctl: no KeNB* pending; run ho prepare first (Required key not available)" $E ho commit $U
unchanged "commit with nothing pending" $E ho commit $U
fails "export with nothing pending" \
	"enbkeyctl: no KeNB* pending; run ho prepare first (Required key not available)" $E ho export $U
fails "cancel with nothing prepared" \
	"enbkeyctl: no handover is prepared (Required key not available)" $E ho cancel $U
fails "prepare with EIA0 for a UE that is no emergency UE" \
	"enbkeyctl: EIA0 is only for an unauthenticated emergency UE (ue add ID emergency) (Operation not permitted)" \
	$E ho prepare $U pci 1 earfcn 1 eea 2 eia 0
unchanged "prepare with EIA0" $E ho prepare $U pci 1 earfcn 1 eea 2 eia 0
keyed "the keys are still those of the last commit" $K4 1

# --- a handover that changes the algorithms (TS 33.401 7.2.4.2.2) -------------------------
same "prepare with the target's algorithms eea 0 eia 2" "ncc 0 horizontal" \
	"$($AG $E ho prepare $U pci 9 earfcn 9 eea 0 eia 2)"
ok "commit" $AG $E ho commit $U
K5=$(pdcpref kenb-star $K4 9 9)
same "the new algorithms are the UE's" '[0,2]' "$(field '[.eea, .eia]')"
same "EEA0 under the new keys" "$(pdcpref $K5 0 2 0 srb 1 dl 0 00 $MSG)" \
	"$($E pdcp protect $U srb 1 dir dl count 0 hdr 00 data $MSG)"

# --- re-keying from the MME while keys are in use --------------------------------------------
ok "an NH before re-keying" $E nh set $U nh $NH2 ncc 3
fails "the first KeNB again: its COUNTs are spent" \
	"enbkeyctl: this KeNB was already in use on this UE (File exists)" $E key set $U kenb $K0
ok "UE Context Modification: new KeNB, NCC 2" sh -c "echo $KR | $E key set $U kenb - ncc 2"
same "it is pending; the old NH belonged to the old chain" '[true,false,0,5]' \
	"$(field '[.kenb_pending, .nh, .ncc, .key_generation]')"
same "the intra-cell handover command still goes out under the current keys" \
	"$(pdcpref $K5 0 2 0 srb 1 dl 1 00 $MSG)" "$($E pdcp protect $U srb 1 dir dl count 1 hdr 00 data $MSG)"
fails "no handover while a KeNB is pending" \
	"enbkeyctl: a new KeNB from the MME is pending; commit it first (Device or resource busy)" \
	$AG $E ho prepare $U pci 1 earfcn 1
ok "commit takes it into use as it is" $AG $E ho commit $U
same "re-keying: NCC 2, nothing pending, SCG Counter 0" '[2,false,false,0,6]' \
	"$(field '[.ncc, .kenb_pending, .nh, .scg_counter, .key_generation]')"
same "keys from the new KeNB with the same algorithms, COUNT afresh" \
	"$(pdcpref $KR 0 2 0 srb 1 dl 0 00 $MSG)" "$($E pdcp protect $U srb 1 dir dl count 0 hdr 00 data $MSG)"

# --- notifications, metadata only ---------------------------------------------------------------
evwatch 5 20 >/tmp/events3 &
watcher=$!
i=0
while ! grep -q ready /tmp/events3 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
$E nh set $U nh $NH1 ncc 5 && $AG $E ho prepare $U pci 9 earfcn 9 >/dev/null && $AG $E ho cancel $U &&
	$AG $E ho prepare $U pci 9 earfcn 9 >/dev/null && $AG $E ho commit $U
wait $watcher
same "events: NH set (6), prepare (7), cancel (11), prepare (7), commit (8), UE id only" "ready
ue $U event 6
ue $U event 7
ue $U event 11
ue $U event 7
ue $U event 8" "$(cat /tmp/events3)"
ok "cleanup" $E ue del $U
