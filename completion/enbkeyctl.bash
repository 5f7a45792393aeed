# SPDX-License-Identifier: MIT
# bash completion for enbkeyctl(8). Needs bash 4 alone, not the
# bash-completion package. Installed as
# /usr/share/bash-completion/completions/enbkeyctl.

# The arguments of each command, as enbkeyctl help shows them:
#   word        a keyword            a|b     one of the keywords
#   word=       a keyword and a value, not completed
#   word=x,y    a keyword and one of the values x, y
#   @ID         an existing UE's id  @N      a number, not completed
#   [ ... ]     optional
declare -gA _enbkeyctl_grammar=(
	["ue add"]="@N [ emergency ]"
	["ue show"]="[ @ID [ bearers ] ]"
	["ue del"]="@ID"
	["key set"]="@ID kenb=- [ ncc=0,1,2,3,4,5,6,7 ]"
	["nh set"]="@ID nh=- ncc=0,1,2,3,4,5,6,7"
	["sec set"]="@ID eea=0,1,2,3 eia=0,1,2,3 [ up-integrity ]"
	["pdcp protect"]="@ID srb|drb @N [ dir=dl ] count= [ hdr= ] data= [ integrity-only|cipher-only ]"
	["pdcp unprotect"]="@ID srb|drb @N [ dir=ul ] count= [ hdr= ] data= [ integrity-only|cipher-only ] [ next [ pci= earfcn= ] ]"
	["ho prepare"]="@ID pci= earfcn= [ eea=0,1,2,3 eia=0,1,2,3 ]"
	["ho commit"]="@ID [ pci= earfcn= ]"
	["ho cancel"]="@ID"
	["ho export"]="@ID [ pci= earfcn= ]"
	["dc skenb"]="@ID"
	["shortmac"]="@ID cell-id= pci= crnti="
	["monitor"]=""
	["help"]=""
)
declare -gA _enbkeyctl_commands=(
	[ue]="add show del"
	[key]="set"
	[nh]="set"
	[sec]="set"
	[pdcp]="protect unprotect"
	[ho]="prepare commit cancel export"
	[dc]="skenb"
	[shortmac]=""
	[monitor]=""
	[help]=""
)
_enbkeyctl_options="-j -p -batch -force -V --version -h --help"

# _enbkeyctl_close P: the index of the "]" that closes the "[" at P
_enbkeyctl_close() {
	local i depth=0
	for ((i = $1; i < ${#_enbkeyctl_t[@]}; i++)); do
		case ${_enbkeyctl_t[i]} in
		"[") depth=$((depth + 1)) ;;
		"]") depth=$((depth - 1)); ((depth == 0)) && break ;;
		esac
	done
	echo "$i"
}

# _enbkeyctl_first P: the words that may come at token P, one a line
# (@ID and @N for the numbers)
_enbkeyctl_first() {
	local p=$1 tok
	while ((p < ${#_enbkeyctl_t[@]})); do
		tok=${_enbkeyctl_t[p]}
		case $tok in
		"[")
			_enbkeyctl_first $((p + 1))
			p=$(($(_enbkeyctl_close "$p") + 1))
			;;
		"]") p=$((p + 1)) ;;
		*)
			tok=${tok%%=*}
			printf '%s\n' ${tok//|/ }
			return
			;;
		esac
	done
}

# _enbkeyctl_takes P WORD: whether WORD may be the word at token P, an
# optional group being entered when it starts the group; sets
# _enbkeyctl_p past it and _enbkeyctl_value to what its value may be
# ("" for none, "=" for a value not completed, else the values).
_enbkeyctl_takes() {
	local p=$1 word=$2 tok first
	while ((p < ${#_enbkeyctl_t[@]})); do
		tok=${_enbkeyctl_t[p]}
		case $tok in
		"[")
			first=$(_enbkeyctl_first $((p + 1)))
			if [[ $'\n'$first$'\n' == *$'\n'"$word"$'\n'* ||
			      $first == @* ]]; then
				p=$((p + 1))
			else
				p=$(($(_enbkeyctl_close "$p") + 1))
			fi
			;;
		"]") p=$((p + 1)) ;;
		@*)
			_enbkeyctl_p=$((p + 1))
			_enbkeyctl_value=
			return 0
			;;
		*)
			[[ "|${tok%%=*}|" == *"|$word|"* ]] || return 1
			_enbkeyctl_p=$((p + 1))
			_enbkeyctl_value=
			[[ $tok == *=* ]] && _enbkeyctl_value="=${tok#*=}"
			return 0
			;;
		esac
	done
	return 1
}

# The ids of the UEs the caller may see, for @ID
_enbkeyctl_ids() {
	"${COMP_WORDS[0]}" ue show 2>/dev/null | awk '$1 == "ue" { print $2 }'
}

_enbkeyctl() {
	local cur=${COMP_WORDS[COMP_CWORD]} i=1 batch=0 w cands value
	local _enbkeyctl_t _enbkeyctl_p _enbkeyctl_value
	COMPREPLY=()

	# Options, before the object
	while ((i < COMP_CWORD)) && [[ ${COMP_WORDS[i]} == -* ]]; do
		case ${COMP_WORDS[i]} in
		-batch)
			if ((i + 1 == COMP_CWORD)); then
				compopt -o filenames 2>/dev/null
				COMPREPLY=($(compgen -f -- "$cur"))
				return
			fi
			# -batch FILE takes options after it, but no command
			batch=1
			i=$((i + 1))
			;;
		-V | --version | -h | --help) return ;;
		esac
		i=$((i + 1))
	done
	if ((i == COMP_CWORD)); then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$_enbkeyctl_options" -- "$cur"))
		elif ((!batch)); then
			COMPREPLY=($(compgen -W "${!_enbkeyctl_commands[*]}" -- "$cur"))
		fi
		return
	fi
	((batch)) && return

	# The object and its command
	local object=${COMP_WORDS[i]} command
	[[ -v _enbkeyctl_commands[$object] ]] || return
	i=$((i + 1))
	if [[ -n ${_enbkeyctl_commands[$object]} ]]; then
		if ((i == COMP_CWORD)); then
			COMPREPLY=($(compgen -W "${_enbkeyctl_commands[$object]}" -- "$cur"))
			return
		fi
		command="$object ${COMP_WORDS[i]}"
		i=$((i + 1))
	else
		command=$object
	fi
	[[ -v _enbkeyctl_grammar[$command] ]] || return
	read -ra _enbkeyctl_t <<<"${_enbkeyctl_grammar[$command]}"

	# Its arguments so far
	_enbkeyctl_p=0
	value=
	for ((; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ -n $value ]]; then
			value=
			continue
		fi
		_enbkeyctl_takes "$_enbkeyctl_p" "$w" || return
		value=$_enbkeyctl_value
	done

	if [[ -n $value ]]; then
		value=${value#=}
		[[ -n $value ]] && COMPREPLY=($(compgen -W "${value//,/ }" -- "$cur"))
		return
	fi
	cands=$(_enbkeyctl_first "$_enbkeyctl_p")
	if [[ $'\n'$cands$'\n' == *$'\n@ID\n'* ]]; then
		cands+=$'\n'$(_enbkeyctl_ids)
	fi
	cands=$(grep -v '^@' <<<"$cands")
	COMPREPLY=($(compgen -W "$cands" -- "$cur"))
}

complete -F _enbkeyctl enbkeyctl
