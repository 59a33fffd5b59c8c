#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Crafted SYNs of every case of the option parser, sent through the LB to
# the Linux proxies of selftests/topology.sh: the LB must forward exactly
# what the proxy accepts, and the proxy's answer is the oracle (a SYN/ACK,
# with MP_CAPABLE if it took the SYN as MPTCP; a reset for a join it has
# no connection for; nothing if the SYN did not reach it or it dropped
# it).  The LB's counters must say which case each SYN was.  The table of
# what Linux 6.1 and 6.12 do with each case, function by function, is in
# selftests/unit/mptcp_opt_test.c.
#
# Usage (inside the VM): options.sh MODULE_DIR

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

kmod=$1
# shellcheck source=selftests/topology.sh
source "$top/selftests/topology.sh"
topology_up "$kmod"
probe_kit=$top/selftests/vm/synprobe.py

# syn_counters: the LB's syn-* and drop-* counters, "name value" a line.
syn_counters() {
	lb -j stats | grep -oE '"(syn|drop)-[a-z-]+":[0-9]+' | tr ':' ' ' |
		tr -d '"' | LC_ALL=C sort
}

# probe FAMILY SPORT OPTIONS [ARG...]: "ANSWER | COUNTERS", the proxy's
# answer to one SYN with OPTIONS (hex, - for none) and the LB counters it
# moved, in C order, "+N" after one moved by N other than 1.
probe() {
	local src=10.0.1.2 vip=$vip4 options=${3#-} before after answer moved
	[[ $1 == 6 ]] && src=fd00:1::2 vip=$vip6
	before=$(syn_counters)
	answer=$(n cl python3 "$probe_kit" "$src" "$vip" 80 "$options" \
		--sport "$2" "${@:4}")
	after=$(syn_counters)
	moved=$(LC_ALL=C join -a 2 -e 0 -o 0,1.2,2.2 <(echo "$before") <(echo "$after") |
		awk '$3 != $2 { printf "%s%s", sep, $1; sep = " "
				if ($3 - $2 != 1) printf "+%d", $3 - $2 }')
	echo "$answer | $moved"
}

# A token that decrypts into the first proxy's range, for each family.
token4=$(printf '%08x' "$("$cli" token encode 0x0abcdef secret "$secret")")
token6=$(printf '%08x' "$("$cli" token encode 0x30abcdef secret "$secret")")

# Options as the probe sends them, hex: MP_CAPABLE of version 0 (RFC 6824,
# the client's key), 1 and 2 (RFC 8684, no key in the SYN), with B set.
mpc_v0=1e0c00011111111111111111
mpc_v1=1e040101
mpc_v2=1e040201
mpc_b=1e040141
# An MSS, then a timestamp option whose 10 bytes run past the header.
past_header=020405b4080a0000
# NOP, NOP, NOP and a kind without its length byte.
truncated=01010108

for family in 4 6; do
	((family == 4 || ipv6)) || continue
	token=$token4 && [[ $family == 6 ]] && token=$token6
	join12=1e0c1001${token}12345678
	# 13 bytes, padded with EOL to 16.
	join13=1e0d1001${token}1234567800000000
	join16=1e101001${token}1234567800000000
	port=$((41000 + family * 100))
	while read -r what options expected; do
		port=$((port + 1))
		check_output "IPv$family SYN with ${what//_/ }: $expected" \
			"$expected" probe "$family" "$port" "$options"
	done <<- EOF
		no_option - synack | syn-new
		MP_CAPABLE_v0 $mpc_v0 synack | syn-new
		MP_CAPABLE_v1 $mpc_v1 synack mpc-v1 | syn-new
		MP_CAPABLE_v2 $mpc_v2 synack mpc-v1 | syn-mpc-future syn-new
		MP_CAPABLE_with_B $mpc_b synack | syn-mptcp-ignored syn-new
		MP_JOIN_of_12_bytes $join12 rst | syn-join
		MP_JOIN_of_13_bytes $join13 synack | syn-mptcp-ignored syn-new
		MP_JOIN_of_16_bytes $join16 synack | syn-mptcp-ignored syn-new
		a_truncated_option $truncated synack | syn-new syn-opt-truncated
		an_option_past_the_header $past_header synack | syn-new syn-opt-truncated
		MP_CAPABLE_then_a_truncated_option $mpc_v1$truncated synack mpc-v1 | syn-new syn-opt-truncated
	EOF
	# Routed by Maglev whatever the proxy makes of it: MPTCP (6.1 and
	# 6.12 answer so) or plain TCP, never a join by the token.
	port=$((port + 1))
	out=$(probe "$family" "$port" "$mpc_v1$join12")
	echo "# IPv$family MP_CAPABLE and MP_JOIN: $out"
	check "IPv$family SYN with MP_CAPABLE and MP_JOIN: by Maglev, answered" \
		grep -qxE 'synack( mpc-v1)? \| syn-mpc-join syn-new' <<< "$out"
	port=$((port + 1))
	check_output "IPv$family SYN with a data offset of 4 words: dropped as Linux does" \
		"none | drop-malformed" probe "$family" "$port" "" --doff 4
done

echo "# LB counters: $(lb stats)"
check "module unloads" rmmod mptcp_lb
check_dmesg
finish
