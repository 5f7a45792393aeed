#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Host tests of what surrounds enbkeyctl's commands, with no enbkey module:
#  - the man pages render without a warning;
#  - the commands and options of "enbkeyctl help" are those of enbkeyctl(8),
#    and the functions of libenbkey.h those of libenbkey(3);
#  - the bash completion offers every object, command and keyword;
#  - -V, -p, and -batch as far as it goes without the module;
#  - batches, JSON and key hygiene against a copy of enbkeyctl linked with
#    fakeenbkey.c, a stand-in for libenbkey that keeps UEs in the process.
# Every check that compares two lists is also run on a copy spoilt on
# purpose, which it must find wrong: a check that cannot fail checks nothing.
#
# Prints "ok - ..." or "not ok - ..." per case and exits 1 if any failed.
# run.sh runs it; ENBKEYCTL names the binary to test, as there.

# report $(TEST; echo $?) splits on purpose: the status is one word.
# shellcheck disable=SC2046
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "${ENBKEYCTL:-}" ]; then
	make -s -C "$top/userspace" >&2 || exit 1
fi
ctl=${ENBKEYCTL:-$top/userspace/enbkeyctl}
man8=$top/man/enbkeyctl.8
man3=$top/man/libenbkey.3
comp=$top/completion/enbkeyctl.bash

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

failed=0
not_loaded='enbkeyctl: enbkey module not loaded (generic netlink family "enbkey" not found)'
hint="; try 'enbkeyctl help'"
kenb=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f

report() {	# STATUS DESCRIPTION [DETAILS]
	if [ "$1" = 0 ]; then
		echo "ok - $2"
	else
		echo "not ok - $2"
		[ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/# /'
		failed=1
	fi
}

# same DESCRIPTION EXPECTED ACTUAL
same() {
	[ "$2" = "$3" ]
	report $? "$1" "want: $2
got:  $3"
}

# outrc CMD...: CMD's stdout and stderr, then "|" and its status
outrc() {
	local o
	o=$("$@" 2>&1)
	printf '%s|%s' "$o" "$?"
}

# fails DESCRIPTION CMD...: CMD fails, the case of a spoilt copy
fails() {
	local desc=$1
	shift
	! "$@" >/dev/null 2>&1
	report $? "self-check: $desc"
}

# ---- man pages ----------------------------------------------------------

# man_warnings PAGE: what the formatters say about PAGE, empty if nothing
man_warnings() {
	groff -ww -man -Tutf8 -z "$1" 2>&1
	if command -v man >/dev/null; then
		if man --help 2>&1 | grep -q -- --warnings; then
			# its warnings, not the page
			# shellcheck disable=SC2069
			man --warnings -l "$1" 2>&1 >/dev/null
		fi
		MANWIDTH=80 man -l "$1" 2>&1 | grep -i warning
	fi
}

for page in "$man8" "$man3"; do
	name=$(basename "$page")
	w=$(man_warnings "$page")
	report $([ -z "$w" ]; echo $?) "man/$name renders without a warning" "$w"
	MANWIDTH=80 man -l "$page" 2>/dev/null | awk 'length > 80' >"$tmp/wide"
	report $([ ! -s "$tmp/wide" ]; echo $?) \
		"man/$name fits 80 columns at MANWIDTH=80" "$(head -3 "$tmp/wide")"
	same "man/$name: .TH names version $(cat "$top/VERSION")" \
		"\"enbkey $(cat "$top/VERSION")\"" \
		"$(awk '$1 == ".TH" { print $5, $6 }' "$page")"
done
# A page with an undefined macro and an unknown font must be warned about.
{ cat "$man8"; printf '.ZZ undefined\n\\fQbold\\fR\n'; } >"$tmp/bad.8"
w=$(man_warnings "$tmp/bad.8")
report $([ -n "$w" ]; echo $?) "self-check: a spoilt page draws a warning"

# ---- help and enbkeyctl(8) --------------------------------------------

"$ctl" help >"$tmp/help"

# help_commands HELP: the commands of the "Commands:" section, the leading
# lower-case words of each of its lines that start with two spaces and a
# letter (continuation lines start with more spaces)
help_commands() {
	awk '/^Commands:/ { on = 1; next }
	     on && /^$/ { exit }
	     on && /^  [a-z]/ {
		s = ""
		for (i = 1; i <= NF && $i ~ /^[a-z][a-z-]*$/; i++)
			s = s (s == "" ? "" : " ") $i
		print s
	     }' "$1" | sort
}
# help_options HELP: the first word of each line of "Options:"
help_options() {
	awk '/^Options:/ { on = 1; next } on && /^$/ { exit }
	     on && /^  -/ { print $1 }' "$1" | sort
}
# man_commands PAGE: the tags of the .TP paragraphs of COMMANDS, their
# first bold text ("\fBue add\fR \fIID\fR ..." or ".B monitor"); a tag of
# another form is printed as it is, so that it shows in the difference.
man_commands() {
	awk '/^\.SH/ { on = $2 == "COMMANDS" }
	     on && prev == ".TP" {
		t = $0
		gsub(/\\-/, "-", t)
		if (t ~ /^\.B /) print substr(t, 4)
		else if (match(t, /^\\fB[^\\]*\\fR/)) print substr(t, 4, RLENGTH - 6)
		else print "unparsed tag: " t
	     }
	     { prev = $0 }' "$1" | sort
}
# man_options PAGE: the first word of each .TP tag of OPTIONS
man_options() {
	awk '/^\.SH/ { on = $2 == "OPTIONS" }
	     on && prev == ".TP" { t = $2; gsub(/\\-/, "-", t); print t }
	     { prev = $0 }' "$1" | sort
}
# agree HELP PAGE: the same commands and options, at least 16 commands
agree() {
	help_commands "$1" >"$tmp/hc"
	man_commands "$2" >"$tmp/mc"
	help_options "$1" >"$tmp/ho"
	man_options "$2" >"$tmp/mo"
	[ "$(wc -l <"$tmp/hc")" -ge 16 ] && [ "$(wc -l <"$tmp/ho")" -ge 6 ] &&
		diff "$tmp/hc" "$tmp/mc" >"$tmp/diff" &&
		diff "$tmp/ho" "$tmp/mo" >>"$tmp/diff"
}

agree "$tmp/help" "$man8"
report $? "the commands and options of 'enbkeyctl help' are those of enbkeyctl(8)" \
	"$(cat "$tmp/diff"; echo "help: $(xargs <"$tmp/hc")"; echo "man:  $(xargs <"$tmp/mc")")"
same "help lists the 16 commands" \
	"dc skenb|help|ho cancel|ho commit|ho export|ho prepare|key set|monitor|nh set|pdcp protect|pdcp unprotect|sec set|shortmac|ue add|ue del|ue show" \
	"$(help_commands "$tmp/help" | paste -sd '|')"
# Spoilt copies: a command or an option missing from one side
grep -v '^  ho cancel ' "$tmp/help" >"$tmp/help-"
fails "help without 'ho cancel' disagrees with the page" agree "$tmp/help-" "$man8"
awk '{ if (held != "") { if ($0 ~ /^\\fBho cancel\\fR/) { held = ""; next }
			 print held; held = "" }
       if ($0 == ".TP") { held = $0; next } print }' "$man8" >"$tmp/man-.8"
fails "a page without 'ho cancel' disagrees with help" agree "$tmp/help" "$tmp/man-.8"
sed '/^  -force /d' "$tmp/help" >"$tmp/help-"
fails "help without -force disagrees with the page" agree "$tmp/help-" "$man8"
sed 's/^\.B \\-force$/.B \\-forse/' "$man8" >"$tmp/man-.8"
fails "a page with -forse for -force disagrees with help" agree "$tmp/help" "$tmp/man-.8"

# Every object of help is in the synopsis's OBJECT list.
objects=$(help_commands "$tmp/help" | awk '{ print $1 }' | sort -u)
syn=$(awk '/^\.IR OBJECT/ { on = 1; next } on && /OPTIONS/ { exit }
	   on { print }' "$man8" | sed 's/^\.[A-Za-z]*//' | grep -oE '[a-z]+' | sort -u)
same "the synopsis's OBJECT list has every object of help" \
	"$(xargs <<<"$objects")" "$(xargs <<<"$syn")"

# ---- libenbkey.h and libenbkey(3) ------------------------------------

# header_functions HEADER: its functions, read by the preprocessor so that
# comments do not count (as userspace/Makefile's check-abi reads them)
header_functions() {
	${CC:-cc} -I"$top/include/uapi" -E -P "$1" |
		grep -oE '\benbkey_[a-z0-9_]+ *\(' | sed 's/ *($//' | sort -u
}
synopsis_functions() {
	awk '/^\.SH/ { on = $2 == "SYNOPSIS" } on' "$1" |
		grep -oE '\benbkey_[a-z0-9_]+\(' | tr -d '(' | sort -u
}
name_functions() {
	awk '/^\.SH/ { on = $2 == "NAME" } on && !/^\.SH/' "$1" |
		sed 's/\\-.*//' | grep -oE '\benbkey_[a-z0-9_]+' | sort -u
}
described_functions() {
	awk '/^\.SH/ { on = $2 == "DESCRIPTION" } on' "$1" |
		grep -oE '^\.BR enbkey_[a-z0-9_]+ \(\)' | awk '{ print $2 }' | sort -u
}
lib_agree() {	# HEADER PAGE
	header_functions "$1" >"$tmp/hf"
	[ "$(wc -l <"$tmp/hf")" -ge 20 ] || return 1
	for f in synopsis name described; do
		${f}_functions "$2" | diff "$tmp/hf" - || return 1
	done
}
cp "$top/userspace/libenbkey.h" "$tmp/libenbkey.h"
lib_agree "$tmp/libenbkey.h" "$man3" >"$tmp/diff"
report $? "every function of libenbkey.h ($(wc -l <"$tmp/hf")), and no other, is in libenbkey(3)'s NAME, SYNOPSIS and DESCRIPTION" \
	"$(cat "$tmp/diff")"
sed 's/^int enbkey_ho_cancel(/int enbkey_ho_cancel(struct enbkey *h, uint32_t id);\nint enbkey_ho_abort(/' \
	"$top/userspace/libenbkey.h" >"$tmp/libenbkey.h"
fails "a header with an undocumented function disagrees with the page" \
	lib_agree "$tmp/libenbkey.h" "$man3"
cp "$top/userspace/libenbkey.h" "$tmp/libenbkey.h"
sed '/^\.BR enbkey_ho_cancel ()/d' "$man3" >"$tmp/lib-.3"
fails "a page that does not describe enbkey_ho_cancel() disagrees" \
	lib_agree "$tmp/libenbkey.h" "$tmp/lib-.3"

# ---- bash completion --------------------------------------------------

# complete_cases FILE CASES ARGV0: runs _enbkeyctl of the completion FILE on
# each line of CASES, the words after "enbkeyctl" ('' is an empty word; the
# last is the one completed), with ARGV0 as COMP_WORDS[0]; prints each line
# and what it offers, sorted, "WORDS => OFFERS".
complete_cases() {
	bash -c '
		. "$1" || exit 1
		complete -p enbkeyctl | grep -q -- "-F _enbkeyctl" || exit 2
		while read -r line; do
			read -ra w <<<"$line"
			for i in "${!w[@]}"; do
				[ "${w[i]}" = "'"''"'" ] && w[i]=
			done
			COMP_WORDS=("$3" "${w[@]}")
			COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
			COMPREPLY=()
			_enbkeyctl
			printf "%s => %s\n" "$line" \
				"$(printf "%s\n" "${COMPREPLY[@]}" | sort | xargs)"
		done <"$2"' complete_cases "$1" "$2" "$3"
}

# The expected offers; a word in front of "=>" is the one completed.
cat >"$tmp/want" <<'EOF'
'' => dc help ho key monitor nh pdcp sec shortmac ue
-j '' => dc help ho key monitor nh pdcp sec shortmac ue
-j -p u => ue
- => --help --version -V -batch -force -h -j -p
-b => -batch
ue '' => add del show
ue a => add
key '' => set
nh '' => set
sec '' => set
pdcp '' => protect unprotect
ho '' => cancel commit export prepare
dc '' => skenb
shortmac '' =>
monitor '' =>
help '' =>
frob '' =>
-V '' =>
ue add 1 '' => emergency
ue add 1 emergency '' =>
ue show 1 '' => bearers
ue del 1 '' =>
key set 1 '' => kenb
key set 1 kenb '' => -
key set 1 kenb - '' => ncc
key set 1 kenb - ncc '' => 0 1 2 3 4 5 6 7
key set 1 kenb - ncc 1 '' =>
nh set 1 '' => nh
nh set 1 nh 00 '' => ncc
nh set 1 nh 00 ncc '' => 0 1 2 3 4 5 6 7
sec set 1 '' => eea
sec set 1 eea '' => 0 1 2 3
sec set 1 eea 1 '' => eia
sec set 1 eea 1 eia 2 '' => up-integrity
sec set 1 eea 1 eia 2 up-integrity '' =>
pdcp protect 1 '' => drb srb
pdcp protect 1 s => srb
pdcp protect 1 srb 1 '' => count dir
pdcp protect 1 srb 1 dir '' => dl
pdcp protect 1 srb 1 dir dl '' => count
pdcp protect 1 drb 3 count 7 '' => data hdr
pdcp protect 1 drb 3 count 7 hdr 00 '' => data
pdcp protect 1 drb 3 count 7 data 00 '' => cipher-only integrity-only
pdcp protect 1 drb 3 count 7 data 00 cipher-only '' =>
pdcp unprotect 1 srb 1 dir '' => ul
pdcp unprotect 1 srb 1 count 7 data 00 '' => cipher-only integrity-only next
pdcp unprotect 1 srb 1 count 7 data 00 integrity-only '' => next
pdcp unprotect 1 srb 1 count 7 data 00 next '' => pci
pdcp unprotect 1 srb 1 count 7 data 00 next pci 1 '' => earfcn
ho prepare 1 '' => pci
ho prepare 1 pci 2 '' => earfcn
ho prepare 1 pci 2 earfcn 3 '' => eea
ho prepare 1 pci 2 earfcn 3 eea '' => 0 1 2 3
ho prepare 1 pci 2 earfcn 3 eea 1 '' => eia
ho commit 1 '' => pci
ho commit 1 pci 1 '' => earfcn
ho cancel 1 '' =>
ho export 1 '' => pci
ho export 1 pci 2 '' => earfcn
dc skenb 1 '' =>
shortmac 1 '' => cell-id
shortmac 1 cell-id 5 '' => pci
shortmac 1 cell-id 5 pci 2 '' => crnti
shortmac 1 cell-id 5 pci 2 crnti 3 '' =>
-batch cmds '' =>
-batch cmds - => --help --version -V -batch -force -h -j -p
EOF
sed 's/ =>.*//' "$tmp/want" >"$tmp/cases"
complete_cases "$comp" "$tmp/cases" "$ctl" >"$tmp/got"
rc=$?
report $rc "the completion sources, and registers _enbkeyctl for enbkeyctl"
sed 's/ *$//' "$tmp/want" >"$tmp/want."
sed 's/ *$//' "$tmp/got" >"$tmp/got."
diff "$tmp/want." "$tmp/got." >"$tmp/diff"
report $? "the completion offers the right words at each of $(wc -l <"$tmp/cases") positions" \
	"$(cat "$tmp/diff")"

# Mechanically: every object and command of help is offered after what
# comes before it, and every keyword of help somewhere above.
for o in $objects; do
	echo "$o ''"
	help_commands "$tmp/help" | awk -v o="$o" '$1 == o && NF == 2 { print $2 }' |
		sed "s/^/$o /"
done >"$tmp/oc"
{
	echo "'' => $(xargs <<<"$objects")"
	for o in $objects; do
		echo "$o '' => $(help_commands "$tmp/help" |
			awk -v o="$o" '$1 == o && NF == 2 { print $2 }' | sort | xargs)"
	done
} | sed 's/ *$//' >"$tmp/want-oc"
{ echo "''"; for o in $objects; do echo "$o ''"; done; } >"$tmp/cases-oc"
complete_cases "$comp" "$tmp/cases-oc" "$ctl" | sed 's/ *$//' >"$tmp/got-oc"
diff "$tmp/want-oc" "$tmp/got-oc" >"$tmp/diff"
report $? "the completion offers every object of help, and each object's every command" \
	"$(cat "$tmp/diff")"
# The keywords: the lower-case words of "Commands:" after each command
awk '/^Commands:/ { on = 1; next } on && /^$/ { exit }
     on && /^  / {
	start = /^  [a-z]/
	for (i = 1; i <= NF; i++) {
		if (start && $i ~ /^[a-z][a-z-]*$/) continue
		start = 0
		n = split($i, part, /[][|]/)
		for (k = 1; k <= n; k++)
			if (part[k] ~ /^[a-z][a-z-]*$/) print part[k]
	}
     }' "$tmp/help" | sort -u >"$tmp/kw"
sed 's/.*=> *//' "$tmp/got" | tr ' ' '\n' | grep . | sort -u >"$tmp/offered"
comm -23 "$tmp/kw" "$tmp/offered" >"$tmp/missing"
report $([ "$(wc -l <"$tmp/kw")" -ge 20 ] && [ ! -s "$tmp/missing" ]; echo $?) \
	"the completion offers every keyword of help ($(wc -l <"$tmp/kw"): $(xargs <"$tmp/kw"))" \
	"never offered: $(xargs <"$tmp/missing")"
# Spoilt copy: a grammar without "emergency" must be caught.
sed 's/\["ue add"\]="@N \[ emergency \]"/["ue add"]="@N"/' "$comp" >"$tmp/comp-"
complete_cases "$tmp/comp-" "$tmp/cases" "$ctl" | sed 's/.*=> *//' |
	tr ' ' '\n' | grep . | sort -u >"$tmp/offered-"
comm -23 "$tmp/kw" "$tmp/offered-" >"$tmp/missing-"
same "self-check: a completion without 'emergency' is found to miss it" \
	emergency "$(xargs <"$tmp/missing-")"

# UE ids: the completion asks "enbkeyctl ue show"; a stand-in answers.
printf '#!/bin/sh\n[ "$*" = "ue show" ] || exit 1\nprintf "ue 5 key none\\n    cell pci 1 earfcn 2\\nue 9 key none\\n"\n' \
	>"$tmp/ids-ctl"
chmod +x "$tmp/ids-ctl"
printf "%s\n" "ue del ''" "ue show ''" "sec set ''" "ue add ''" "ue del 9 ''" \
	>"$tmp/cases-ids"
same "the completion offers the ids of 'ue show' where an existing UE goes" \
	"ue del '' => 5 9|ue show '' => 5 9|sec set '' => 5 9|ue add '' =>|ue del 9 '' =>" \
	"$(complete_cases "$comp" "$tmp/cases-ids" "$tmp/ids-ctl" | sed 's/ *$//' | paste -sd '|')"
# -batch completes file names.
mkdir "$tmp/dir" && : >"$tmp/dir/cmds.batch" && : >"$tmp/dir/other"
printf "%s\n" "-batch ''" "-batch c" >"$tmp/cases-f"
same "-batch completes file names" \
	"-batch '' => cmds.batch other|-batch c => cmds.batch" \
	"$(cd "$tmp/dir" && complete_cases "$comp" "$tmp/cases-f" "$ctl" | paste -sd '|')"

# ---- -V, -p, -batch without the module -------------------------------

same "-V prints 'enbkeyctl' and the VERSION file" \
	"enbkeyctl $(cat "$top/VERSION")|0" "$(outrc "$ctl" -V)"
same "--version prints the same" "enbkeyctl $(cat "$top/VERSION")|0" \
	"$(outrc "$ctl" --version)"
same "-j -V prints the version too" "enbkeyctl $(cat "$top/VERSION")" \
	"$("$ctl" -j -V)"
same "-p help prints help" "$(cat "$tmp/help")" "$("$ctl" -p help)"
same "-p without -j: a command reaches the kernel as without it" \
	"$not_loaded|1" "$(outrc "$ctl" -p ue show)"
same "-p -j ue show: the same" "$not_loaded|1" \
	"$(outrc "$ctl" -p -j ue show)"
same "help in a help text: monitor" "  monitor" "$(grep -x '  monitor' "$tmp/help")"
same "monitor without the module says so, exit 1" "$not_loaded|1" \
	"$(outrc "$ctl" monitor)"
same "monitor takes no argument" \
	"enbkeyctl: unexpected argument \"ue\"$hint|1" \
	"$(outrc "$ctl" monitor ue)"

# expect DESC STATUS STDOUT STDERR ARGS...: exact stdout, stderr and status
# (STDOUT and STDERR with printf escapes); stdin is $input
input=/dev/null
expect() {
	local desc=$1 status=$2 out=$3 err=$4
	shift 4
	"$@" <"$input" >"$tmp/o" 2>"$tmp/e"
	local rc=$?
	printf "$out" >"$tmp/wo"
	printf "$err" >"$tmp/we"
	[ "$rc" = "$status" ] && cmp -s "$tmp/o" "$tmp/wo" && cmp -s "$tmp/e" "$tmp/we"
	report $? "$desc" "exit $rc (want $status)
stdout: $(cat "$tmp/o")
stderr: $(cat "$tmp/e")"
}

expect "-batch of a missing file: its name and errno, exit 1" 1 "" \
	"enbkeyctl: cannot open $tmp/none: No such file or directory\n" \
	"$ctl" -batch "$tmp/none"
expect "-batch without a FILE is a usage error" 1 "" \
	"enbkeyctl: -batch needs a FILE$hint\n" "$ctl" -batch
expect "-batch FILE with a command after it is a usage error" 1 "" \
	"enbkeyctl: unexpected argument \"ue\" after -batch FILE$hint\n" \
	"$ctl" -batch "$tmp/none" ue show
expect "-batch of a directory cannot be read, exit 1" 1 "" \
	"enbkeyctl: cannot read $tmp/dir: Is a directory\n" "$ctl" -batch "$tmp/dir"
printf '# nothing but comments\n\n   \n\t# and blank lines\n' >"$tmp/empty.batch"
expect "a batch of comments and blank lines runs nothing, exit 0" 0 "" "" \
	"$ctl" -batch "$tmp/empty.batch"
expect "an empty batch from stdin, exit 0" 0 "" "" "$ctl" -batch -

# Line numbers, comments, continuations and quotes, with usage errors,
# which need no module
cat >"$tmp/errs.batch" <<'EOF'
# line 1: a comment

ue add x
ue show 1 \
	bogus
ue add "1 2"
pdcp protect 1 srb 1 count 0 data '' extra
ue add "unterminated
ue add 1   # a comment after a command
ue add 1"2"
help me
ue show 1 bearers # "#" ends the line \
ue del y
EOF
errs="enbkeyctl: invalid ID \"x\" (expected 0..4294967295)$hint
Command failed $tmp/errs.batch:3"
expect "a batch stops at its first failure, line 3" 1 "" "$errs\n" \
	"$ctl" -batch "$tmp/errs.batch"
expect "-force goes on, names each failed line, exits 1" 1 "$(sed 's/%/%%/g' "$tmp/help")\n" \
	"$errs
enbkeyctl: unexpected argument \"bogus\"$hint
Command failed $tmp/errs.batch:4
enbkeyctl: invalid ID \"1 2\" (expected 0..4294967295)$hint
Command failed $tmp/errs.batch:6
enbkeyctl: unexpected argument \"extra\"$hint
Command failed $tmp/errs.batch:7
enbkeyctl: unterminated quoted string
Command failed $tmp/errs.batch:8
$not_loaded
Command failed $tmp/errs.batch:9
enbkeyctl: invalid ID \"1\"2\"\" (expected 0..4294967295)$hint
Command failed $tmp/errs.batch:10
$not_loaded
Command failed $tmp/errs.batch:12
enbkeyctl: invalid ID \"y\" (expected 0..4294967295)$hint
Command failed $tmp/errs.batch:13\n" \
	"$ctl" -force -batch "$tmp/errs.batch"
input=$tmp/errs.batch
expect "-batch - names stdin '-'" 1 "" \
	"enbkeyctl: invalid ID \"x\" (expected 0..4294967295)$hint
Command failed -:3\n" "$ctl" -batch -
printf 'key set 1 kenb -\n' >"$tmp/in"
input=$tmp/in
expect "'kenb -' in a batch from stdin is refused" 1 "" \
	"enbkeyctl: KeNB cannot be read from stdin, which carries the commands (-batch -); give it in the line
Command failed -:1\n" "$ctl" -batch -
input=/dev/null
expect "'kenb -' in a batch from a file, with stdin spent" 1 "" \
	"enbkeyctl: no KeNB left on stdin
Command failed $tmp/in:1\n" "$ctl" -batch "$tmp/in"
{ printf 'ue add '; printf '%070000d' 1; printf '\nue add z\n'; } >"$tmp/long.batch"
expect "a line too long fails, and the next line is the next command" 1 "" \
	"enbkeyctl: line longer than 65535 characters
Command failed $tmp/long.batch:1
enbkeyctl: invalid ID \"z\" (expected 0..4294967295)$hint
Command failed $tmp/long.batch:2\n" "$ctl" -force -batch "$tmp/long.batch"
printf 'ue add 1\0\nue add z' >"$tmp/nul.batch"
expect "a NUL in a line fails it; a last line without newline runs" 1 "" \
	"enbkeyctl: NUL character in the line
Command failed $tmp/nul.batch:1
enbkeyctl: invalid ID \"z\" (expected 0..4294967295)$hint
Command failed $tmp/nul.batch:2\n" "$ctl" -force -batch "$tmp/nul.batch"
{ printf 'ue show'; printf ' 1%.0s' $(seq 64); printf '\n'; } >"$tmp/words.batch"
expect "more than 64 words in a line fail it" 1 "" \
	"enbkeyctl: more than 64 words in the line
Command failed $tmp/words.batch:1\n" "$ctl" -batch "$tmp/words.batch"
printf 'monitor\n' >"$tmp/mon.batch"
expect "monitor is refused in a batch" 1 "" \
	"enbkeyctl: monitor does not run in a batch
Command failed $tmp/mon.batch:1\n" "$ctl" -batch "$tmp/mon.batch"

# The same under valgrind: nothing leaks or goes wrong on these paths.
if command -v valgrind >/dev/null; then
	for args in "-force -batch $tmp/errs.batch" "-batch $tmp/none" \
		    "-force -batch $tmp/long.batch" "-force -batch $tmp/nul.batch" \
		    "-batch $tmp/words.batch" "-j -p monitor" "-p -V"; do
		: >"$tmp/valgrind"
		# shellcheck disable=SC2086 # the words of the arguments
		valgrind -q --leak-check=full --show-leak-kinds=all \
			--errors-for-leak-kinds=all --error-exitcode=99 \
			--log-file="$tmp/valgrind" "$ctl" $args </dev/null >/dev/null 2>&1
		rc=$?
		[ $rc -lt 2 ] && [ ! -s "$tmp/valgrind" ]
		report $? "valgrind: enbkeyctl ${args//$tmp\//}" "exit $rc; $(cat "$tmp/valgrind")"
	done
else
	report 1 "valgrind is installed"
fi

# ---- against fakeenbkey.c ----------------------------------------------

# Linked with -z now: with lazy binding, the dynamic linker's first call of
# a libc function saves the vector registers on the stack (xsave), and they
# may still hold a key that strlen() or memchr() went over; the key hygiene
# cases below then find it there. enbkeyctl itself should be linked so too:
# see the BIND_NOW case.
fake=$tmp/fakectl
if ${CC:-cc} -O2 -g -std=c11 -Wall -Wextra -Werror -D_DEFAULT_SOURCE \
	-Wl,-z,now -I"$top/include/uapi" -I"$top/userspace" -o "$fake" \
	"$top/userspace/enbkeyctl.c" "$top/tests/userspace/fakeenbkey.c" -lmnl; then
	report 0 "enbkeyctl.c links with fakeenbkey.c"
else
	report 1 "enbkeyctl.c links with fakeenbkey.c"
	exit 1
fi
vg=()
if command -v valgrind >/dev/null; then
	vg=(valgrind -q --leak-check=full --show-leak-kinds=all
	    --errors-for-leak-kinds=all --error-exitcode=99
	    --log-file="$tmp/valgrind")
fi

cat >"$tmp/ok.batch" <<EOF
ue add 1
key set 1 kenb $kenb ncc 2
sec set 1 eea 2 eia 2 up-integrity
pdcp protect 1 srb 1 count 0 hdr 80 data "0102"
pdcp unprotect 1 srb 1 count 0 data 0102deadbeef
ue add 2 emergency
ue show
ho prepare 1 pci 3 earfcn 100
ue show 1 bearers
shortmac 1 cell-id 1 pci 2 crnti 3
ue del 2
ue show
EOF
ue1="ue 1 key installed ncc 2 eea 2 eia 2 up-integrity key-generation 1 integrity-failures 0 scg-counter 0"
ue2="ue 2 key none ncc 0 eea none eia none key-generation 0 integrity-failures 0 scg-counter 0 emergency"
ok_text="800102deadbeef
0102
$ue1
$ue2
ncc 2 horizontal
ue 1 key installed ncc 2 eea 2 eia 2 up-integrity key-generation 1 integrity-failures 0 scg-counter 0 kenb-star-pending
    cell pci 3 earfcn 100
    srb 1 dl-count 5 ul-count 3
    drb 1 dl-count 4294967296 ul-count none
0bee
ue 1 key installed ncc 2 eea 2 eia 2 up-integrity key-generation 1 integrity-failures 0 scg-counter 0 kenb-star-pending
    cell pci 3 earfcn 100"
: >"$tmp/log"
out=$(FAKE_ENBKEY_LOG=$tmp/log "${vg[@]}" "$fake" -batch "$tmp/ok.batch" 2>"$tmp/e")
rc=$?
same "fake: a batch prints each command's output, in order, exit 0" \
	"$ok_text|0|" "$out|$rc|$(cat "$tmp/e")"
same "fake: the batch opens the library once, for all its commands" \
	"open" "$(cat "$tmp/log")"
if [ ${#vg[@]} -gt 0 ]; then
	report $([ ! -s "$tmp/valgrind" ]; echo $?) "fake: valgrind finds nothing in the batch" \
		"$(cat "$tmp/valgrind")"
fi
out=$("$fake" -batch - <"$tmp/ok.batch" 2>&1)
same "fake: -batch - prints the same" "$ok_text" "$out"
same "fake: -p without -j changes nothing" "$ok_text" \
	"$("$fake" -p -batch "$tmp/ok.batch" 2>&1)"

"$fake" -j -batch "$tmp/ok.batch" >"$tmp/j" 2>"$tmp/e"
rc=$?
same "fake: -j -batch exits 0, with one document a line for each command that prints (7)" \
	"0|7|7" "$rc|$(wc -l <"$tmp/j")|$(jq -c . "$tmp/j" | wc -l)"
same "fake: -j documents" \
	'{"pdu":"800102deadbeef"}|{"data":"0102"}|{"ncc":2,"vertical":false}|{"short_mac_i":"0bee"}' \
	"$(grep -E '^\{' "$tmp/j" | paste -sd '|')"
same "fake: -j ue show of UE 2" \
	'{"id":2,"key":false,"ncc":0,"eea":null,"eia":null,"up_integrity":false,"key_generation":0,"integrity_failures":0,"key_refresh":false,"nh":false,"kenb_star":false,"scg_counter":0,"emergency":true,"kenb_pending":false,"cells":[]}' \
	"$(sed -n 3p "$tmp/j" | jq -c '.[1]')"
same "fake: -j ue show ID bearers" \
	'[{"type":"srb","id":1,"dl_count":5,"ul_count":3},{"type":"drb","id":1,"dl_count":4294967296,"ul_count":null}]' \
	"$(sed -n 5p "$tmp/j" | jq -c '.[0].bearers')"
"${vg[@]}" "$fake" -j -p -batch "$tmp/ok.batch" >"$tmp/jp" 2>"$tmp/e"
rc=$?
same "fake: -j -p -batch exits 0, and jq -c reads back the documents of -j" \
	"0|$(cat "$tmp/j")" "$rc|$(jq -c . "$tmp/jp")"
[ "$(wc -l <"$tmp/jp")" -gt 40 ] && ! grep -q '	' "$tmp/jp" &&
	grep -qx '    "pdu": "800102deadbeef"' "$tmp/jp" &&
	grep -qx '        "cells": \[\]' "$tmp/jp"
report $? "fake: -p indents by four spaces a level, one member a line" "$(head -20 "$tmp/jp")"
same "fake: -j -p of no UE is []" "[]" "$(echo 'ue show' | "$fake" -j -p -batch -)"
if [ ${#vg[@]} -gt 0 ]; then
	report $([ ! -s "$tmp/valgrind" ]; echo $?) "fake: valgrind finds nothing with -j -p" \
		"$(cat "$tmp/valgrind")"
fi

# A failure of the "kernel" stops the batch; -force goes on.
cat >"$tmp/fail.batch" <<EOF
ue add 1
sec set 1 eea 2 eia 2
ue add 2
ue add 1
ue show
EOF
expect "fake: a refused request stops the batch at its line" 1 "" \
	"enbkeyctl: UE has no KeNB; install one with key set first (Required key not available)
Command failed $tmp/fail.batch:2\n" "$fake" -batch "$tmp/fail.batch"
ue1="ue 1 key none ncc 0 eea none eia none key-generation 0 integrity-failures 0 scg-counter 0"
expect "fake: -force runs the rest, exit 1" 1 "$ue1\nue 2 key none ncc 0 eea none eia none key-generation 0 integrity-failures 0 scg-counter 0\n" \
	"enbkeyctl: UE has no KeNB; install one with key set first (Required key not available)
Command failed $tmp/fail.batch:2
enbkeyctl: a UE with this id already exists (File exists)
Command failed $tmp/fail.batch:4\n" \
	"$fake" -force -batch "$tmp/fail.batch"

# "kenb -" and "nh -" in a batch from a file: a line of stdin each
printf 'ue add 1\nkey set 1 kenb - ncc 3\nnh set 1 nh - ncc 4\nue show 1\n' >"$tmp/keys.batch"
printf '%s\n%s\n' "$kenb" "$kenb" >"$tmp/in"
input=$tmp/in
expect "fake: 'kenb -' and 'nh -' of a batch read a line of stdin each" 0 \
	"ue 1 key installed ncc 3 eea none eia none key-generation 1 integrity-failures 0 scg-counter 0 nh-pending\n" \
	"" "$fake" -batch "$tmp/keys.batch"
input=/dev/null
same "fake: the library is absent: the batch says so at the line" \
	"$not_loaded
Command failed -:1|1" \
	"$(echo 'ue show' | FAKE_ENBKEY_ABSENT=1 outrc "$fake" -batch -)"

# Key hygiene: at enbkey_close() the stand-in looks for the keys in every
# writable mapping of the process (the stack, with argv, included).
invert() { tr 0123456789abcdef fedcba9876543210 <<<"$1"; }
# key_hex MUL ADD: octet i is (MUL i + ADD) mod 256, as fakeenbkey.c makes them
key_hex() {
	local i
	for ((i = 0; i < 32; i++)); do printf '%02x' $((($1 * i + $2) % 256)); done
}
kenb2=f0e1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff
kstar=$(key_hex 37 0x5b)
skenb=$(key_hex 53 0x19)
scan="$(invert $kenb),$(invert $kenb2),$(invert "$kstar"),$(invert "$skenb")"
# clean DESC ARGS...: the fake enbkeyctl ARGS leaves no key in its memory
clean() {
	local desc=$1
	shift
	: >"$tmp/log"
	FAKE_ENBKEY_LOG=$tmp/log FAKE_ENBKEY_SCAN=$scan "$fake" "$@" \
		<"$input" >"$tmp/o" 2>"$tmp/e"
	! grep -q residue "$tmp/log"
	report $? "key hygiene: $desc" "$(cat "$tmp/log" "$tmp/e")"
}
clean "key set on the command line" key set 1 kenb $kenb
clean "a usage error after the key on the command line" key set 1 kenb $kenb ncc x
clean "nh set on the command line" nh set 1 nh $kenb2 ncc 1
printf '%s\n' "$kenb" >"$tmp/in"
input=$tmp/in
clean "key set from stdin" key set 1 kenb -
input=/dev/null
cat >"$tmp/hy.batch" <<EOF
ue add 1
key set 1 kenb $kenb
nh set 1 nh - ncc 1
ue add 2
key set 2 kenb "$kenb2" ncc 1 bogus
key set 2 kenb - ncc 1
sec set 1 eea 2 eia 2
ho prepare 1 pci 3 earfcn 100
ho export 1
dc skenb 1
EOF
printf '%s\n%s\n' "$kenb2" "$kenb2" >"$tmp/in"
input=$tmp/in
clean "a batch with keys in its lines and on stdin, ho export and dc skenb" \
	-force -batch "$tmp/hy.batch"
same "fake: ho export and dc skenb print the keys (in one write each)" \
	"kenb-star $kstar ncc 1
s-kenb $skenb scg-counter 0" "$(grep -E '^(kenb-star|s-kenb)' "$tmp/o")"
clean "the same with -j -p" -j -p -force -batch "$tmp/hy.batch"
same "fake: -j -p ho export and dc skenb" \
	"{\"kenb_star\":\"$kstar\",\"ncc\":1}|{\"s_kenb\":\"$skenb\",\"scg_counter\":0}" \
	"$(jq -c 'select(type == "object" and (has("kenb_star") or has("s_kenb")))' "$tmp/o" | paste -sd '|')"
input=/dev/null
# enbkeyctl binds its symbols at start (userspace/Makefile links it with
# -Wl,-z,now), so that no lazy binding spills registers that held a key.
readelf -d "$ctl" 2>/dev/null | grep -qE 'BIND_NOW|FLAGS.*NOW'
report $? "key hygiene: enbkeyctl is linked with -z now (BIND_NOW)"
# Self-check: a key where enbkeyctl does not expect one stays in argv.
: >"$tmp/log"
FAKE_ENBKEY_LOG=$tmp/log FAKE_ENBKEY_SCAN=$scan "$fake" ue show 1 $kenb \
	>/dev/null 2>&1
grep -q 'residue of key 1' "$tmp/log"
report $? "self-check: the scan finds a key left in argv" "$(cat "$tmp/log")"

exit $failed
