# SPDX-License-Identifier: GPL-2.0
# Integration scenarios of the command-line conventions of enbkeyctl against
# the module, as root in the initial network namespace: -batch from a file
# and from stdin (outputs, the failed line, -force, one socket for the whole
# batch), monitor and monitor -j (the events of a UE's life in order), and
# -j -p. Needs the module loaded with agent_gid=2000; leaves no UE.

E=enbkeyctl
CK=$(printf 'c1%062x' 7)	# the KeNB of this part's UEs
CMSG=2a10000ff0e1d2c3b4a59687786950413223140506
echo "enbkey-it: # cli: enbkeyctl -batch, monitor, -j -p"

# cli_ref ARGS...: pdcpref with this part's key and EEA2/EIA2
cli_ref() { pdcpref $CK 2 2 0 "$@"; }

# cli_commands U: a UE's setup and some requests, one command a line
cli_commands() {
	cat <<EOF
# the setup of UE $1
ue add $1

key set $1 kenb $CK ncc 2
sec set $1 eea 2 eia 2   # the security mode command
pdcp protect $1 srb 1 count 0 hdr 00 data $CMSG integrity-only
pdcp protect $1 srb 1 \\
	count 1 hdr 01 data "$CMSG"
ue show $1
EOF
}

# cli_expected U: what cli_commands U prints
cli_expected() {
	cli_ref srb 1 dl 0 00 $CMSG integrity-only
	cli_ref srb 1 dl 1 01 $CMSG
	echo "ue $1 key installed ncc 2 eea 2 eia 2 key-generation 1 integrity-failures 0 scg-counter 0"
}

# Each command on its own, as the reference the batches must match
out=$(cli_commands 7001 | grep -v '^#' | sed 's/#.*//' | tr -d '"' |
	sed -e ':a' -e '/\\$/N; s/\\\n//; ta' | while read -r line; do
		[ -n "$line" ] || continue
		# shellcheck disable=SC2086 # the words of the command
		$E $line
	done)
same "cli: the commands of the batch, each on its own" "$(cli_expected 7001)" "$out"

cli_commands 7002 >/tmp/cli.batch
out=$($E -batch /tmp/cli.batch 2>/tmp/err)
rc=$?
t_result $(( rc != 0 )) "cli: -batch FILE with comments, a blank line, a continuation and quotes exits 0" \
	"exit $rc: $(cat /tmp/err)"
same "cli: -batch FILE prints what the commands print on their own" \
	"$(cli_expected 7002)" "$out"
same "cli: -batch FILE writes nothing to stderr" "" "$(cat /tmp/err)"

out=$(cli_commands 7003 | $E -batch - 2>/tmp/err)
rc=$?
same "cli: -batch - (stdin) prints the same, exit 0, no stderr" \
	"$(cli_expected 7003)|0|" "$out|$rc|$(cat /tmp/err)"

# -j: one document per command that prints, each accepted by jq
out=$(cli_commands 7004 | $E -j -batch -)
same "cli: -j -batch -: one JSON document per command that prints" \
	"{\"pdu\":\"$(cli_ref srb 1 dl 0 00 $CMSG integrity-only)\"}
{\"pdu\":\"$(cli_ref srb 1 dl 1 01 $CMSG)\"}
$($E -j ue show 7004)" "$out"
same "cli: jq reads the three documents of -j -batch" 3 \
	"$(printf '%s\n' "$out" | jq -c . | wc -l)"

# -j -p: the same documents, indented, as jq reads them
for c in "ue show" "ue show 7002" "ue show 7002 bearers" \
	 "ho prepare 7002 pci 5 earfcn 100"; do
	# shellcheck disable=SC2086 # the words of the command
	pretty=$($E -j -p $c)
	rc=$?
	t_result $(( rc != 0 )) "cli: -j -p $c exits 0"
	# shellcheck disable=SC2086 # the words of the command
	case $c in
	ho*) compact='{"ncc":2,"vertical":false}' ;;
	*) compact=$($E -j $c) ;;
	esac
	same "cli: -j -p $c is the -j document, indented (jq -c reads it back)" \
		"$compact" "$(printf '%s\n' "$pretty" | jq -c .)"
	[ "$(printf '%s\n' "$pretty" | wc -l)" -gt 1 ]
	t_result $? "cli: -j -p $c spans several lines" "$pretty"
done
same "cli: -j -p indents by four spaces a level" '        "id": 7002,' \
	"$($E -j -p ue show 7002 | sed -n 3p)"
$E ho cancel 7002

# A failed command stops the batch, which names its line
{
	echo "ue add 7010"
	echo "# a comment"
	echo "ue add 7010"
	echo "ue add 7011"
	echo "ue frob"
	echo "ue add 7012"
} >/tmp/cli-fail.batch
$E -batch /tmp/cli-fail.batch >/tmp/out 2>/tmp/err
rc=$?
same "cli: a failed command: its error, then 'Command failed FILE:3', exit 1" \
	"enbkeyctl: a UE with this id already exists (File exists)
Command failed /tmp/cli-fail.batch:3
1" "$(cat /tmp/err; echo $rc)"
same "cli: the batch stopped at the failed line: UE 7011 not added" \
	"7010" "$($E -j ue show | jq -c '[.[].id | select(. >= 7010 and . < 7020)] | .[]')"
$E ue del 7010
$E -force -batch /tmp/cli-fail.batch >/tmp/out 2>/tmp/err
rc=$?
same "cli: -force goes on past both failures, names each line, exits 1" \
	"enbkeyctl: a UE with this id already exists (File exists)
Command failed /tmp/cli-fail.batch:3
enbkeyctl: unknown command \"ue frob\"; try 'enbkeyctl help'
Command failed /tmp/cli-fail.batch:5
1" "$(cat /tmp/err; echo $rc)"
same "cli: -force ran every command: UEs 7010, 7011, 7012" "7010 7011 7012" \
	"$($E -j ue show | jq -r '[.[].id | select(. >= 7010 and . < 7020)] | map(tostring) | join(" ")')"
out=$(printf 'ue show 7099\nue show 7010\n' | $E -batch - 2>&1)
same "cli: -batch - names stdin '-' in its failure" \
	"enbkeyctl: no UE with this id (No such file or directory)
Command failed -:1" "$out"

# In a batch from a file, "kenb -" reads one line of stdin per command
printf 'ue add 7013\nkey set 7013 kenb - ncc 1\nue add 7014\nkey set 7014 kenb -\n' \
	>/tmp/cli-keys.batch
printf '%s\n%s\n' $CK $CK | $E -batch /tmp/cli-keys.batch 2>/tmp/err
rc=$?
same "cli: -batch FILE takes a key per 'kenb -' from stdin, in order" \
	"0||true true|1 0" \
	"$rc|$(cat /tmp/err)|$($E -j ue show 7013 | jq -r '.[0].key') $($E -j ue show 7014 | jq -r '.[0].key')|$($E -j ue show 7013 | jq -r '.[0].ncc') $($E -j ue show 7014 | jq -r '.[0].ncc')"

# One socket for the whole batch: the batch reads a fifo, and between its
# commands its descriptors are looked at. A netlink socket is one whose
# inode /proc/net/netlink lists.
cli_sockets() {	# PID: the inodes of its netlink sockets, one a line
	for fd in /proc/$1/fd/*; do
		l=$(readlink "$fd") || continue
		case $l in socket:*) ;; *) continue ;; esac
		ino=${l#socket:[}
		ino=${ino%]}
		awk -v i="$ino" 'NR > 1 && $NF == i { f = 1 } END { exit !f }' \
			/proc/net/netlink && echo "$ino"
	done | sort
}
# cli_wait FILE LINES: until FILE has LINES lines, for up to 10 s
cli_wait() {
	n=0
	while [ "$(wc -l <"$1")" -lt "$2" ] && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
}
rm -f /tmp/cli.fifo
mkfifo /tmp/cli.fifo
$E -batch /tmp/cli.fifo >/tmp/cli-fifo.out 2>&1 &
cli_pid=$!
exec 9>/tmp/cli.fifo
echo "ue add 7015" >&9
echo "ue show 7015" >&9
cli_wait /tmp/cli-fifo.out 1
s1=$(cli_sockets $cli_pid)
echo "ue show 7015" >&9
cli_wait /tmp/cli-fifo.out 2
s2=$(cli_sockets $cli_pid)
# sec set fails (no KeNB) and the batch stops: ue del does not run. Both
# lines go in one write, while the batch still reads.
printf 'sec set 7015 eea 2 eia 2\nue del 7015\n' >&9
exec 9>&-
wait $cli_pid
rc=$?
[ -n "$s1" ] && [ "$(printf '%s\n' "$s1" | wc -l)" = 1 ] && [ "$s1" = "$s2" ]
t_result $? "cli: a batch holds one netlink socket, the same over its commands" \
	"after the first commands: [$s1]; later: [$s2]"
cli_line="ue 7015 key none ncc 0 eea none eia none key-generation 0 integrity-failures 0 scg-counter 0"
same "cli: the batch from a fifo stopped at its failure (line 4), exit 1" \
	"$cli_line
$cli_line
enbkeyctl: UE has no KeNB; install one with key set first (Required key not available)
Command failed /tmp/cli.fifo:4
1" "$(cat /tmp/cli-fifo.out; echo $rc)"
same "cli: the line after the failure did not run: UE 7015 is still there" \
	1 "$($E -j ue show 7015 | jq length)"
rm -f /tmp/cli.fifo
$E ue del 7015

# monitor: the events of UE 7020's life, in order. It is known to listen
# once it has printed the ue-new of a probe UE.
cli_monitor() {	# DESC OPTIONS SIGNAL: monitor OPTIONS, in the background
	rm -f /tmp/cli-mon.out
	# shellcheck disable=SC2086 # the options
	$E $2 monitor >/tmp/cli-mon.out 2>&1 &
	mon_pid=$!
	n=0
	while ! grep -q 7029 /tmp/cli-mon.out && [ $n -lt 50 ]; do
		$E ue add 7029 && $E ue del 7029
		sleep 0.2
		n=$((n + 1))
	done
	$E ue add 7020
	$E key set 7020 kenb $CK
	$E sec set 7020 eea 2 eia 2
	$E ue del 7020
	n=0
	while ! grep -q '7020.*ue-del' /tmp/cli-mon.out && [ $n -lt 50 ]; do
		sleep 0.2
		n=$((n + 1))
	done
	kill -"$3" $mon_pid
	wait $mon_pid
	mon_rc=$?
	t_result $mon_rc "cli: $1: SIG$3 ends it with status 0"
}
cli_monitor "monitor" "" INT
same "cli: monitor prints ue-new, key-set, sec-set, ue-del of the UE, in order" \
	"ue 7020 ue-new
ue 7020 key-set
ue 7020 sec-set
ue 7020 ue-del" "$(grep '^ue 7020 ' /tmp/cli-mon.out)"
same "cli: monitor prints nothing but event lines" "" \
	"$(grep -vE '^ue [0-9]+ [a-z-]+$' /tmp/cli-mon.out)"
cli_monitor "monitor -j" "-j" TERM
same "cli: monitor -j prints one JSON object per event, in order" \
	'{"ue":7020,"event":"ue-new"}
{"ue":7020,"event":"key-set"}
{"ue":7020,"event":"sec-set"}
{"ue":7020,"event":"ue-del"}' \
	"$(jq -c 'select(.ue == 7020)' /tmp/cli-mon.out)"
same "cli: jq reads every line of monitor -j" \
	"$(wc -l </tmp/cli-mon.out)" "$(jq -c . /tmp/cli-mon.out | wc -l)"
cli_monitor "monitor -j -p" "-j -p" TERM
same "cli: monitor -j -p: the same events, indented" \
	'{"ue":7020,"event":"ue-new"}
{"ue":7020,"event":"key-set"}
{"ue":7020,"event":"sec-set"}
{"ue":7020,"event":"ue-del"}' \
	"$(jq -c 'select(.ue == 7020)' /tmp/cli-mon.out)"

as agent $E monitor >/tmp/out 2>/tmp/err
rc=$?
same "cli: monitor as an agent is refused: exit 1, CAP_NET_ADMIN named" \
	"1|enbkeyctl: cannot join the \"events\" group: Operation not permitted (it needs CAP_NET_ADMIN)" \
	"$rc|$(cat /tmp/err)"
printf 'ue show\nmonitor\n' | $E -batch - >/tmp/out 2>/tmp/err
rc=$?
same "cli: monitor is refused in a batch" \
	"1|enbkeyctl: monitor does not run in a batch
Command failed -:2" "$rc|$(cat /tmp/err)"

for u in 7001 7002 7003 7004 7010 7011 7012 7013 7014; do
	$E ue del $u
done
same "cli: no UE left" "[]" "$($E -j ue show | jq -c .)"
