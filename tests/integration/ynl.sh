# SPDX-License-Identifier: GPL-2.0
# Integration scenario "ynl": the kernel's generic YNL client, cli.py of
# linux-source-6.12, knows enbkey only from Documentation/netlink/specs/
# enbkey.yaml. Driven by the spec alone it selects algorithms (sec-set do)
# and lists the UEs (ue-get dump), and what it reads must be what enbkeyctl
# reads through libenbkey. mkinitramfs.sh --python brings python3, cli.py
# and the spec; without them the part is skipped.

YNL_DIR=/usr/share/ynl

if ! command -v python3 >/dev/null 2>&1 || [ ! -f $YNL_DIR/cli.py ] ||
	[ ! -f $YNL_DIR/enbkey.yaml ]; then
	echo "enbkey-it: # skipped ynl.sh: no python3 or YNL cli.py in the guest (mkinitramfs.sh --python)"
else
	# --no-schema: the spec is validated on the host (tests/ynl/gen.sh),
	# jsonschema is not in the image.
	ynl() {
		python3 $YNL_DIR/cli.py --spec $YNL_DIR/enbkey.yaml --no-schema \
			--output-json "$@"
	}
	# ue-get dump entry of UE $1 in enbkeyctl -j's names and types
	ynl_as_ctl() {
		jq -cS --argjson id "$1" '[.[] | select(."ue-id" == $id) | {
			id: ."ue-id", key: (."key-installed" == 1), ncc,
			eea: (.eea // null), eia: (.eia // null),
			up_integrity: (."up-integrity" == 1),
			key_generation: ."key-generation",
			integrity_failures: ."integrity-failures",
			key_refresh: (."key-refresh" == 1), nh: (."nh-pending" == 1),
			kenb_star: (."kenb-star-pending" == 1),
			scg_counter: ."scg-counter", emergency: (.emergency == 1),
			kenb_pending: (."kenb-pending" == 1),
			cells: [(.cells // [])[] | to_entries[0].value |
				{pci, earfcn: ."earfcn-dl", exported: (.exported == 1)}]
		}]'
	}

	E=enbkeyctl
	u=9100
	K=9100000000000000000000000000000000000000000000000000000000000091
	ok "ynl: UE $u with a KeNB, through enbkeyctl" sh -c "$E ue add $u && $E key set $u kenb $K"

	out=$(ynl --do sec-set --json "{\"ue-id\": $u, \"eea\": 2, \"eia\": 1, \"up-integrity\": 1}" 2>&1)
	t_result $? "ynl: cli.py --do sec-set EEA2/EIA1 with user-plane integrity" "$out"
	same "ynl: sec-set is acknowledged with no reply" "null" "$out"
	same "ynl: enbkeyctl sees the selection" "2 1 true" \
		"$($E -j ue show $u | jq -r '.[0] | "\(.eea) \(.eia) \(.up_integrity)"')"

	out=$(ynl --do sec-set --json "{\"ue-id\": $u, \"eea\": 4, \"eia\": 1}" 2>&1)
	rc=$?
	[ $rc = 1 ] && printf '%s\n' "$out" | grep -q "EEA must be 0..3"
	t_result $? "ynl: sec-set EEA4 is refused with the kernel's extended ACK" "exit $rc: $out"

	ok "ynl: a prepared cell, through enbkeyctl" $E ho prepare $u pci 17 earfcn 1300
	out=$(ynl --dump ue-get 2>&1)
	t_result $? "ynl: cli.py --dump ue-get" "$out"
	same "ynl: the ue-get dump reads as enbkeyctl -j ue show" \
		"$($E -j ue show $u | jq -cS '.')" "$(printf '%s' "$out" | ynl_as_ctl $u 2>&1)"

	out=$(as agent python3 $YNL_DIR/cli.py --spec $YNL_DIR/enbkey.yaml --no-schema \
		--output-json --dump ue-get 2>&1)
	t_result $? "ynl: the agent role dumps too (agent_gid)" "$out"
	same "ynl: the agent's dump is root's" \
		"$($E -j ue show $u | jq -cS '.')" "$(printf '%s' "$out" | ynl_as_ctl $u 2>&1)"

	ok "ynl: UE $u deleted" $E ue del $u
	same "ynl: the dump no longer lists UE $u" "[]" \
		"$(ynl --dump ue-get | jq -c --argjson id $u '[(. // [])[] | select(."ue-id" == $id)]')"
	unset -f ynl ynl_as_ctl
fi
