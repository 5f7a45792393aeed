# SPDX-License-Identifier: GPL-2.0
# Integration scenarios of part 1: UE contexts, KeNB, algorithms, roles,
# limits, accounting and namespaces, driven through enbkeyctl.

KENB=3f8a11d49207bb5ec1602de97438af150b9c47f26ea358d12984fd337ac60e91
KENB2=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
KENB3=ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100
E=enbkeyctl
FRESH='"emergency":false,"kenb_pending":false,"cells":[]'

# --- the normal flow --------------------------------------------------------
ok "ue add 1" $E ue add 1
same "fresh UE, human output" "ue 1 key none ncc 0 eea none eia none key-generation 0 integrity-failures 0 scg-counter 0" \
	"$($E ue show 1)"
same "fresh UE, JSON" "[{\"id\":1,\"key\":false,\"ncc\":0,\"eea\":null,\"eia\":null,\"up_integrity\":false,\"key_generation\":0,\"integrity_failures\":0,\"key_refresh\":false,\"nh\":false,\"kenb_star\":false,\"scg_counter\":0,$FRESH}]" \
	"$($E -j ue show 1 | jq -c .)"
ok "key set from stdin with ncc 2" sh -c "echo $KENB | $E key set 1 kenb - ncc 2"
same "KeNB installed" "{\"id\":1,\"key\":true,\"ncc\":2,\"eea\":null,\"eia\":null,\"up_integrity\":false,\"key_generation\":1,\"integrity_failures\":0,\"key_refresh\":false,\"nh\":false,\"kenb_star\":false,\"scg_counter\":0,$FRESH}" \
	"$($E -j ue show 1 | jq -c '.[0]')"
ok "before the AS keys exist a new KeNB replaces it at once" $E key set 1 kenb $KENB3 ncc 2
same "generation 2, nothing pending" '[2,false]' "$($E -j ue show 1 | jq -c '.[0] | [.key_generation, .kenb_pending]')"
ok "sec set eea 2 eia 2" $E sec set 1 eea 2 eia 2
same "algorithms selected" "ue 1 key installed ncc 2 eea 2 eia 2 key-generation 2 integrity-failures 0 scg-counter 0" "$($E ue show 1)"
ok "key set on the command line, AS keys in use: held pending" $E key set 1 kenb $KENB2
same "re-keying pending: the old keys still current" \
	"{\"id\":1,\"key\":true,\"ncc\":2,\"eea\":2,\"eia\":2,\"up_integrity\":false,\"key_generation\":2,\"integrity_failures\":0,\"key_refresh\":false,\"nh\":false,\"kenb_star\":false,\"scg_counter\":0,\"emergency\":false,\"kenb_pending\":true,\"cells\":[]}" \
	"$($E -j ue show 1 | jq -c '.[0]')"
same "human output says kenb-pending" "ue 1 key installed ncc 2 eea 2 eia 2 key-generation 2 integrity-failures 0 scg-counter 0 kenb-pending" \
	"$($E ue show 1)"
ok "ho commit takes the new KeNB into use" $E ho commit 1
same "re-keyed: NCC 0, generation 3, algorithms kept" \
	"{\"id\":1,\"key\":true,\"ncc\":0,\"eea\":2,\"eia\":2,\"up_integrity\":false,\"key_generation\":3,\"integrity_failures\":0,\"key_refresh\":false,\"nh\":false,\"kenb_star\":false,\"scg_counter\":0,$FRESH}" \
	"$($E -j ue show 1 | jq -c '.[0]')"
same "-j ue add prints nothing on success" "" "$($E -j ue add 70000)"
ok "ue add 0x10" $E ue add 0x10
ok "ue add 4294967295 emergency" $E ue add 4294967295 emergency
same "an emergency UE says so" "true" "$($E -j ue show 4294967295 | jq '.[0].emergency')"
same "human output says emergency" "ue 4294967295 key none ncc 0 eea none eia none key-generation 0 integrity-failures 0 scg-counter 0 emergency" \
	"$($E ue show 4294967295)"
same "dump lists every UE in id order" "1 16 70000 4294967295" \
	"$($E -j ue show | jq -r '[.[].id] | join(" ")')"
same "dump, human, one line per UE" 4 "$($E ue show | wc -l)"
ok "JSON of the dump is valid for jq" sh -c "$E -j ue show | jq -e 'length == 4' >/dev/null"
ok "no key octet in any tool output" sh -c "! { $E ue show; $E -j ue show; } | grep -qi -e 3f8a11d4 -e 00112233 -e ffeeddcc"
ok "ue del 16" $E ue del 16
fails "deleted UE is gone" "enbkeyctl: no UE with this id (No such file or directory)" $E ue show 16
ok "ue del 70000" $E ue del 70000
ok "ue del 4294967295" $E ue del 4294967295

# --- bad input: exact error, state unchanged ----------------------------------
fails "KeNB of 31 octets" "enbkeyctl: KeNB must be 32 octets (Invalid argument)" \
	$E key set 1 kenb ${KENB%??}
unchanged "KeNB of 31 octets" $E key set 1 kenb ${KENB%??}
fails "KeNB of 33 octets" "enbkeyctl: KeNB must be 32 octets (Invalid argument)" \
	$E key set 1 kenb ${KENB}00
unchanged "KeNB of 33 octets" $E key set 1 kenb ${KENB}00
fails "NCC 8" "enbkeyctl: NCC must be 0..7 (Invalid argument)" $E key set 1 kenb $KENB ncc 8
unchanged "NCC 8" $E key set 1 kenb $KENB ncc 8
fails "EEA 4" "enbkeyctl: EEA must be 0..3 (Invalid argument)" $E sec set 1 eea 4 eia 2
unchanged "EEA 4" $E sec set 1 eea 4 eia 2
fails "EIA 4" "enbkeyctl: EIA must be 0..3 (Invalid argument)" $E sec set 1 eea 2 eia 4
unchanged "EIA 4" $E sec set 1 eea 2 eia 4
fails "duplicate UE id" "enbkeyctl: a UE with this id already exists (File exists)" $E ue add 1
unchanged "duplicate UE id" $E ue add 1
fails "delete of an unknown UE" "enbkeyctl: no UE with this id (No such file or directory)" $E ue del 9
fails "key set on an unknown UE" "enbkeyctl: no UE with this id (No such file or directory)" \
	$E key set 9 kenb $KENB
fails "sec set on an unknown UE" "enbkeyctl: no UE with this id (No such file or directory)" \
	$E sec set 9 eea 2 eia 2
unchanged "operations on an unknown UE" $E sec set 9 eea 2 eia 2
ok "ue add 2" $E ue add 2
fails "sec set before any KeNB" \
	"enbkeyctl: UE has no KeNB; install one with key set first (Required key not available)" \
	$E sec set 2 eea 2 eia 2
unchanged "sec set before any KeNB" $E sec set 2 eea 2 eia 2
ok "ue del 2" $E ue del 2

# --- roles: every command as root, agent and an unprivileged user --------------
PROV="enbkeyctl: provisioning commands need CAP_NET_ADMIN (Operation not permitted)"
AGENT="enbkeyctl: agent commands need CAP_NET_ADMIN or membership of the group agent_gid (Operation not permitted)"
for who in agent nobody; do
	fails "$who: ue add refused" "$PROV" as $who $E ue add 5
	unchanged "$who: ue add" as $who $E ue add 5
	fails "$who: ue del refused" "$PROV" as $who $E ue del 1
	unchanged "$who: ue del" as $who $E ue del 1
	fails "$who: key set refused" "$PROV" as $who sh -c "echo $KENB | $E key set 1 kenb -"
	unchanged "$who: key set" as $who sh -c "echo $KENB | $E key set 1 kenb -"
done
same "agent: ue show" "ue 1 key installed ncc 0 eea 2 eia 2 key-generation 3 integrity-failures 0 scg-counter 0" "$(as agent $E ue show 1)"
same "agent: ue show (dump)" 1 "$(as agent $E -j ue show | jq length)"
ok "UE 3 with a KeNB, for the agent" sh -c "$E ue add 3 && $E key set 3 kenb $KENB"
fails "nobody: sec set refused" "$AGENT" as nobody $E sec set 3 eea 2 eia 2
unchanged "nobody: sec set" as nobody $E sec set 3 eea 2 eia 2
ok "agent: sec set" as agent $E sec set 3 eea 0 eia 2
same "agent's sec set took effect" "0 2" "$($E -j ue show 3 | jq -r '.[0] | "\(.eea) \(.eia)"')"
fails "nobody: ue show refused" "$AGENT" as nobody $E ue show 1
fails "nobody: ue show (dump) refused" "$AGENT" as nobody $E ue show
echo -1 >/sys/module/enbkey/parameters/agent_gid
fails "agent_gid unset: the agent is refused" "$AGENT" as agent $E sec set 3 eea 0 eia 2
fails "agent_gid unset: ue show refused" "$AGENT" as agent $E ue show
echo 2000 >/sys/module/enbkey/parameters/agent_gid
ok "root: the same selection again changes nothing" $E sec set 3 eea 0 eia 2
ok "cleanup" $E ue del 3

# --- limits: max_ues per namespace, max_ues_total over all -----------------------
echo 3 >/sys/module/enbkey/parameters/max_ues
ok "max_ues 3: second UE" $E ue add 2
ok "max_ues 3: third UE" $E ue add 3
fails "max_ues 3: fourth UE refused" \
	"enbkeyctl: UE limit of this namespace reached (module parameter max_ues) (No space left on device)" \
	$E ue add 4
unchanged "max_ues refusal" $E ue add 4
ok "a deleted UE frees its slot" sh -c "$E ue del 3 && $E ue add 4"
ok "the limit is per namespace" unshare -n sh -c "$E ue add 1 && $E ue add 2 && $E ue add 3"
echo 65536 >/sys/module/enbkey/parameters/max_ues
echo 5 >/sys/module/enbkey/parameters/max_ues_total
fails "max_ues_total 5: a UE in a new namespace past it is refused" \
	"enbkeyctl: UE limit of all namespaces reached (module parameter max_ues_total) (No space left on device)" \
	unshare -n sh -c "$E ue add 1 && $E ue add 2 && $E ue add 3"
same "the namespace that hit the limit kept the two it got" 2 \
	"$(unshare -n sh -c "$E ue add 1; $E ue add 2; $E ue add 3 2>/dev/null; $E -j ue show | jq length")"
fails "max_ues_total: here too" \
	"enbkeyctl: UE limit of all namespaces reached (module parameter max_ues_total) (No space left on device)" \
	sh -c "$E ue add 5 && $E ue add 6 && $E ue add 7"
ok "deleted UEs and dead namespaces give their places back" sh -c "$E ue del 5 && $E ue del 6 && $E ue add 5"
echo 1048576 >/sys/module/enbkey/parameters/max_ues_total
same "max_ues_total defaults to 1048576" 1048576 "$(cat /sys/module/enbkey/parameters/max_ues_total)"
ok "cleanup" sh -c "$E ue del 2 && $E ue del 4 && $E ue del 5"

# --- per-UE memory is charged to the caller's memory cgroup ---------------------------
if [ -d /sys/fs/cgroup ] && mount -t cgroup2 none /sys/fs/cgroup 2>/dev/null; then
	echo +memory >/sys/fs/cgroup/cgroup.subtree_control
	mkdir /sys/fs/cgroup/ues
	before=$(cat /sys/fs/cgroup/ues/memory.current)
	sh -c "echo \$\$ >/sys/fs/cgroup/ues/cgroup.procs; exec uefill add 1000 400" >/dev/null
	after=$(cat /sys/fs/cgroup/ues/memory.current)
	charged=$((after - before))
	# 400 UEs with a key set and COUNT state: at least 400 * 512 octets
	[ "$charged" -ge 204800 ]
	t_result $? "400 UEs are charged to the memory cgroup that made them ($charged octets)"
	uefill del 1000 400 >/dev/null
	same "and they are gone again" 1 "$($E -j ue show | jq length)"
else
	t_result 1 "memory cgroup: cgroup2 with the memory controller could not be mounted"
fi

# --- network namespaces -------------------------------------------------------------
same "a new namespace starts empty" "[]" "$(unshare -n $E -j ue show | jq -c .)"
same "the same id lives apart in each namespace" \
	"{\"id\":1,\"key\":true,\"ncc\":5,\"eea\":null,\"eia\":null,\"up_integrity\":false,\"key_generation\":1,\"integrity_failures\":0,\"key_refresh\":false,\"nh\":false,\"kenb_star\":false,\"scg_counter\":0,$FRESH}" \
	"$(unshare -n sh -c "$E ue add 1 && $E key set 1 kenb $KENB2 ncc 5 && $E -j ue show" | jq -c '.[0]')"
unshare -n sh -c "$E ue add 77 && $E key set 77 kenb $KENB && $E sec set 77 eea 2 eia 2" 2>/dev/null
fails "a UE made in another namespace is invisible here" \
	"enbkeyctl: no UE with this id (No such file or directory)" $E ue show 77
same "this namespace still holds only its own UE" "1" "$($E -j ue show | jq -r '[.[].id] | join(" ")')"

# --- notifications: metadata only, for every change ------------------------------
evwatch 5 20 >/tmp/events1 &
watcher=$!
i=0
while ! grep -q ready /tmp/events1 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
$E ue add 50 && $E key set 50 kenb $KENB && $E sec set 50 eea 2 eia 2 && $E ue show 50 >/dev/null &&
	$E sec set 50 eea 2 eia 2 && $E key set 50 kenb $KENB2 && $E ue del 50
wait $watcher
same "events: UE new (1), KeNB set (3), algorithms set (4), KeNB set (3), UE deleted (2); none for show or for a selection that changed nothing" "ready
ue 50 event 1
ue 50 event 3
ue 50 event 4
ue 50 event 3
ue 50 event 2" "$(cat /tmp/events1)"

# --- no event for a UE after its UE_DEL: agents racing the deletion ------------------
evwatch 100000 25 >/tmp/events-race &
watcher=$!
i=0
while ! grep -q ready /tmp/events-race 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
racer() {
	i=0
	while [ $i -lt 30 ]; do
		as agent $E sec set 60 eea 2 eia 2
		as agent $E ho prepare 60 pci $1 earfcn 100
		as agent $E ho commit 60
		as agent $E pdcp protect 60 drb 1 count $i data 0011223344556677
		i=$((i + 1))
	done >/dev/null 2>&1
}
deleter() {
	i=0
	while [ $i -lt 30 ]; do
		$E ue add 60 && $E key set 60 kenb $(printf '%064x' $((i + 1000)))
		$E ue del 60
		i=$((i + 1))
	done >/dev/null 2>&1
}
racer 1 & r1=$!
racer 2 & r2=$!
deleter & d=$!
wait $r1 $r2 $d
sleep 1
kill $watcher 2>/dev/null
wait $watcher 2>/dev/null
awk '$1 == "ue" && $2 == 60 {
	if ($4 == 1) { alive = 1; news++ }
	else if ($4 == 2) { if (!alive) bad++; alive = 0; dels++ }
	else if (!alive) bad++
} END { printf "%d %d %d\n", news, dels, bad }' /tmp/events-race >/tmp/race.sum
read news dels bad </tmp/race.sum
[ "$bad" = 0 ] && [ "$dels" -ge 1 ] && ! grep -q overrun /tmp/events-race
t_result $? "race of agents and ue del: $news UE_NEW, $dels UE_DEL, no event outside a UE's life ($bad)" \
	"$(grep ' 60 ' /tmp/events-race | head -40)"

# --- key leaks over raw netlink --------------------------------------------------------
leakscan 4242 >/tmp/leakscan.out 2>&1
t_result $? "leakscan: no key octet in any reply, ACK, notification or log" "$(grep -v '^ok' /tmp/leakscan.out)"
grep '^leakscan:' /tmp/leakscan.out | sed 's/^/enbkey-it: # /'

# --- concurrency: the same UE created, keyed, used and deleted from three
# processes at once, and namespaces dying with live UEs; in the debug kernel
# KASAN and lockdep watch this -------------------------------------------------
race_ue() {
	i=0
	while [ $i -lt 25 ]; do
		$E ue add 900
		echo $(printf '%064x' $(($1 * 1000 + i))) | $E key set 900 kenb -
		$E sec set 900 eea 2 eia 2
		$E pdcp protect 900 drb 1 dir dl count $(($1 * 1000 + i)) data 00112233
		$E ue show
		$E ue del 900
		unshare -n sh -c "$E ue add 1 && $E key set 1 kenb $KENB"
		i=$((i + 1))
	done >/dev/null 2>&1
}
race_ue 1 & s1=$!
race_ue 2 & s2=$!
race_ue 3 & s3=$!
wait $s1 $s2 $s3
ok "after concurrent use the table still answers" sh -c "$E -j ue show | jq -e . >/dev/null"
ok "and the raced UE can be made and removed cleanly" sh -c \
	"$E ue del 900 2>/dev/null; $E ue add 900 && $E ue del 900"

# --- rmmod with live contexts ----------------------------------------------------------
ok "UEs with keys and algorithms before rmmod" sh -c "$E ue add 8 && $E key set 8 kenb $KENB && $E sec set 8 eea 2 eia 2"
ok "rmmod with live contexts" rmmod enbkey
fails "module gone" 'enbkeyctl: enbkey module not loaded (generic netlink family "enbkey" not found)' $E ue show
ok "insmod again" insmod /lib/modules/enbkey.ko agent_gid=2000
same "a reloaded module starts empty" "[]" "$($E -j ue show | jq -c .)"
