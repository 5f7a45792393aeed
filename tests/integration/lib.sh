# SPDX-License-Identifier: GPL-2.0
# Helpers of the integration scenarios; sourced by the guest's test runner.
# Every check prints one line "enbkey-it: ok|not ok N - description".

T_N=0
T_FAILED=0

t_result() {
	T_N=$((T_N + 1))
	if [ "$1" = 0 ]; then
		echo "enbkey-it: ok $T_N - $2"
	else
		T_FAILED=$((T_FAILED + 1))
		echo "enbkey-it: not ok $T_N - $2"
		[ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/enbkey-it: #   /'
	fi
	return 0
}

# as ROLE CMD...: run CMD as root, as an agent (a member of agent_gid) or as
# an unprivileged user.
as() {
	role=$1
	shift
	case $role in
	root) "$@" ;;
	agent) runas 1000 1000,2000 "$@" ;;
	nobody) runas 1001 1001 "$@" ;;
	esac
}

# ok DESC CMD...: CMD succeeds and writes nothing to stderr.
ok() {
	desc=$1
	shift
	out=$("$@" 2>/tmp/err)
	rc=$?
	[ $rc = 0 ] && [ ! -s /tmp/err ]
	t_result $? "$desc" "exit $rc: $(cat /tmp/err)"
}

# fails DESC "EXPECTED STDERR LINE" CMD...: CMD exits 1 with exactly that one line.
fails() {
	desc=$1
	want=$2
	shift 2
	"$@" >/tmp/out 2>/tmp/err
	rc=$?
	got=$(cat /tmp/err)
	[ $rc = 1 ] && [ "$got" = "$want" ] && [ "$(wc -l </tmp/err)" = 1 ] && [ ! -s /tmp/out ]
	t_result $? "$desc" "exit $rc, stderr: $got"
}

# same DESC EXPECTED ACTUAL
same() {
	[ "$2" = "$3" ]
	t_result $? "$1" "want: $2
got:  $3"
}

state() {
	enbkeyctl -j ue show
}

# unchanged DESC CMD...: the UE table reads the same before and after CMD.
unchanged() {
	desc=$1
	shift
	before=$(state)
	"$@" >/dev/null 2>&1
	same "$desc: state unchanged" "$before" "$(state)"
}
