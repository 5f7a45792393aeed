# SPDX-License-Identifier: GPL-2.0
# Integration scenarios of part 6: 128-EEA1/EIA1 (SNOW 3G) and
# 128-EEA3/EIA3 (ZUC) next to EEA0/EEA2 and EIA2, every pair on SRB1, SRB2
# and a DRB, against pdcpref (SNOW 3G and ZUC from libipsec-mb there); and
# the algorithms as crypto API algorithms, through AF_ALG.

E=enbkeyctl
MSG=2a10000ff0e1d2c3b4a59687786950413223140506
IP=$(printf '45%0198x' 9)	# a 100-octet user-plane packet
BAD="enbkeyctl: integrity check failed (Bad message)"

# flip_last HEX: the same octets, the last bit flipped
flip_last() { printf '%s%x' "${1%?}" $(( 0x${1#${1%?}} ^ 1 )); }

u=600
for eea in 0 1 2 3; do
	for eia in 0 1 2 3; do
		u=$((u + 1))
		K=$(printf '%04x%060x' $u $((eea * 4 + eia)))
		em=
		[ $eia = 0 ] && em=emergency
		ref() { pdcpref $K $eea $eia 0 "$@"; }
		pair="EEA$eea/EIA$eia"
		ok "$pair: UE $u" sh -c "$E ue add $u $em && $E key set $u kenb $K && $E sec set $u eea $eea eia $eia"
		out=$($E pdcp protect $u srb 1 count 0 hdr 00 data $MSG integrity-only;
		      $E pdcp protect $u srb 1 count 1 hdr 01 data $MSG;
		      $E pdcp protect $u srb 2 count 7 hdr 07 data $MSG;
		      $E pdcp protect $u drb 3 count 70000 hdr 8001 data $IP)
		same "$pair: SRB1 (integrity only, then ciphered), SRB2 and DRB3 downlink" \
			"$(ref srb 1 dl 0 00 $MSG integrity-only; ref srb 1 dl 1 01 $MSG
			   ref srb 2 dl 7 07 $MSG; ref drb 3 dl 70000 8001 $IP)" "$out"
		p=$(ref srb 1 ul 5 05 $MSG)
		p2=$(ref srb 2 ul 9 09 $MSG)
		d=$(ref drb 3 ul 42 8002 $IP)
		same "$pair: SRB1, SRB2 and DRB3 uplink" "$MSG
$MSG
$IP" "$($E pdcp unprotect $u srb 1 count 5 hdr 05 data ${p#05}
			$E pdcp unprotect $u srb 2 count 9 hdr 09 data ${p2#09}
			$E pdcp unprotect $u drb 3 count 42 hdr 8002 data ${d#8002})"
		if [ $eia = 0 ]; then
			same "$pair: EIA0 checks nothing, a replay passes" "$MSG" \
				"$($E pdcp unprotect $u srb 1 count 5 hdr 05 data ${p#05})"
		else
			fails "$pair: a flipped MAC-I bit" "$BAD" \
				$E pdcp unprotect $u srb 1 count 6 hdr 05 data $(flip_last ${p#05})
			fails "$pair: a replay" \
				"enbkeyctl: COUNT replay: a PDU with this COUNT was already accepted (Invalid argument)" \
				$E pdcp unprotect $u srb 1 count 5 hdr 05 data ${p#05}
		fi
		fails "$pair: a COUNT used again downlink" \
			"enbkeyctl: COUNT reuse: COUNT must be above the highest protected on this bearer (Invalid argument)" \
			$E pdcp protect $u drb 3 count 70000 hdr 8001 data $IP
		same "$pair: shortMAC-I" "$(pdcpref shortmac $K $eia 0x1234567 77 0x1001)" \
			"$($E shortmac $u cell-id 0x1234567 pci 77 crnti 0x1001)"
		$E ue del $u
	done
done

# --- a handover to other algorithms, SNOW 3G to ZUC ---------------------------------
K=5151515151515151515151515151515151515151515151515151515151515151
ok "handover EEA1/EIA1 -> EEA3/EIA3" sh -c "$E ue add 700 && $E key set 700 kenb $K && $E sec set 700 eea 1 eia 1 &&
	$E ho prepare 700 pci 3 earfcn 3 eea 3 eia 3 >/dev/null"
KS=$(pdcpref kenb-star $K 3 3)
C=$(pdcpref $KS 3 3 0 srb 1 ul 0 00 $MSG)
same "the Complete under EEA3/EIA3 with the next keys" "$MSG" \
	"$($E pdcp unprotect 700 srb 1 count 0 hdr 00 data ${C#00} next)"
ok "commit" $E ho commit 700
same "traffic under EEA3/EIA3" "$(pdcpref $KS 3 3 0 srb 1 dl 0 00 $MSG)" \
	"$($E pdcp protect 700 srb 1 count 0 hdr 00 data $MSG)"
ok "cleanup" $E ue del 700

# --- the crypto API algorithms, from userspace -----------------------------------------
afalg-check >/tmp/afalg.out 2>&1
t_result $? "AF_ALG: eea1, eea2, eea3, eia1, eia2, eia3 by name give the published results" \
	"$(cat /tmp/afalg.out)"
for a in eea1 eea2 eea3 eia1 eia2 eia3; do
	grep -A6 "^name *: $a\$" /proc/crypto | grep -q "driver *: $a-generic"
	t_result $? "/proc/crypto: $a is $a-generic"
done
