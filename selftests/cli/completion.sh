#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bash completion of mptcplb: what it offers at each position, on the host
# (no kernel, so no proxy or service names).

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
# shellcheck disable=SC1091
source /usr/share/bash-completion/bash_completion
# shellcheck source=tools/mptcplb/mptcplb.bash-completion
source "$top/tools/mptcplb/mptcplb.bash-completion"

# complete_line LINE: what completing the last word of LINE offers.
complete_line() {
	local COMP_LINE=$1 COMP_POINT=${#1} COMP_WORDS COMP_CWORD COMPREPLY=()
	read -ra COMP_WORDS <<< "$COMP_LINE"
	[[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	_mptcplb
	printf '%s\n' "${COMPREPLY[@]}" | sort | xargs
}

check_output "objects" \
	"-batch -json -netns -pretty -stats flows help info issuer member monitor proxy restore save secret service stats token vip" \
	complete_line "mptcplb "
check_output "a prefix of an object" "secret service" complete_line "mptcplb se"
check_output "restore takes a file" "$top/selftests/cli/restore.sh" \
	complete_line "mptcplb restore $top/selftests/cli/rest"
check_output "and nothing after it" "" \
	complete_line "mptcplb -n lb restore $top/selftests/cli/restore.sh "
check_output "stats commands" "help show zero" complete_line "mptcplb stats "
check_output "stats show keyword" "format" complete_line "mptcplb stats show "
check_output "stats show formats" "prometheus" \
	complete_line "mptcplb stats show format "
check_output "nothing after the format" "" \
	complete_line "mptcplb stats show format prometheus "
check_output "objects after options" "member monitor" \
	complete_line "mptcplb -j -n lb m"
check_output "proxy commands" "add del flush help set show" \
	complete_line "mptcplb proxy "
check_output "proxy add keywords" "address direct encap encap-port range state tokens" \
	complete_line "mptcplb proxy add p1 "
check_output "proxy encapsulations" "gue ipip" \
	complete_line "mptcplb proxy set p1 encap "
check_output "proxy states" "active drain" \
	complete_line "mptcplb proxy add p1 address 10.0.0.1 state "
check_output "proxy token modes" "decode direct learn" \
	complete_line "mptcplb proxy set p1 tokens "
check_output "no completion for a value" "" \
	complete_line "mptcplb proxy add p1 address "
check_output "service add keywords" \
	"flow-max flow-timeout hash-seed join-timeout lookup maglev-size member weight" \
	complete_line "mptcplb service add 192.0.2.1:443 "
check_output "service set keywords" \
	"flow-max flow-timeout hash-seed join-timeout lookup maglev-size" \
	complete_line "mptcplb service set 192.0.2.1:443 "
check_output "service lookups" "maglev rendezvous" \
	complete_line "mptcplb service set 192.0.2.1:443 lookup "
check_output "member set keyword" "weight" \
	complete_line "mptcplb member set 192.0.2.1:443 p1 "
check_output "flows filters" "help proxy service" complete_line "mptcplb flows "
check_output "secret set from a file" "file" \
	complete_line "mptcplb secret set "
check_output "vip commands" "help set show" complete_line "mptcplb vip "
check_output "vip set keyword" "stray" complete_line "mptcplb vip set "
check_output "vip stray values" "drop local" \
	complete_line "mptcplb vip set stray "
finish
