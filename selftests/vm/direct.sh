#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Direct proxies (RFC 8684's C flag and ADD_ADDR) next to token-routed
# ones on one VIP.  h3 has an address of its own, 198.51.100.3, routed to
# it around the LBs; it sets the C flag (allow_join_initial_addr_port=0)
# and announces that address (a signal endpoint); the LBs know p3 as
# "direct".  h1 and h2 run the issuer, their joins go by token.
#
#   1. The LB's validation of the join mode, and save/restore (a second
#      LB restored from the first, behind ECMP).
#   2. 40 real MPTCP connections through both LBs, the client accepting
#      ADD_ADDR: every connection ends intact with all its subflows on
#      its proxy; h3's joins go to its direct address, and the LBs count
#      none for it.
#   3. A client that ignores the C flag (a crafted SYN + MP_JOIN to the
#      VIP with a direct proxy's token): routed by token to p3, which has
#      ranges; dropped and counted in drop-join-direct for p3v6, a direct
#      proxy without ranges whose token the LB learned.
#
# Usage (inside the VM): direct.sh MODULE_DIR

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

kmod=$1
# shellcheck source=selftests/topology.sh
source "$top/selftests/topology.sh"
topology_up "$kmod"

direct4=198.51.100.3
direct6=2001:db8:43::3
n h3 ip addr add "$direct4/32" dev lo
n rt ip route add "$direct4/32" via 10.0.33.2
n h3 sysctl -qw net.mptcp.allow_join_initial_addr_port=0
n h3 ip mptcp endpoint add "$direct4" signal
issuers_up "$kmod"
mptcp_paths_up

check_exit "tokens direct needs a direct address" 1 \
	lb proxy set p1 tokens direct
check_exit "a direct address needs tokens direct" 1 \
	lb proxy set p1 tokens decode direct 10.9.9.9
check_exit "a direct address is a unicast one" 1 \
	lb proxy set p1 direct 224.0.0.1
check "p3 becomes direct, keeping its ranges" \
	lb proxy set p3 direct "$direct4"
check_output "show says so" "tokens direct direct $direct4" \
	bash -c "'$cli' -n mlb-lb-$$ proxy show p3 |
		grep -o 'tokens [a-z]*\\|direct [0-9.]*' | paste -sd' '"
check "a set without the mode keeps the direct address" \
	lb proxy set p3 state active
check_output "and JSON shows both" '"tokens":"direct" "direct":"198.51.100.3"' \
	bash -c "'$cli' -n mlb-lb-$$ -j proxy show p3 |
		grep -o '\"\\(tokens\\|direct\\)\":\"[^\"]*\"' | paste -sd' '"
second_lb_up

# p3's joins through either LB, and all joins the proxies confirmed.
p3_joins() {
	local ns total=0
	for ns in lb lb2; do
		total=$((total + $(n "$ns" "$cli" -j -s proxy show p3 |
				   grep -o '"syn-join":[0-9]*' | cut -d: -f2)))
	done
	echo "$total"
}
h3_acks() {
	n h3 nstat -saz MPTcpExtMPJoinAckRx | awk '/MPJoinAckRx/ { print $2 }'
}
acks=$(join_acks)
acks3=$(h3_acks)
n cl python3 "$kit" connect "$vip4" 80 40 --mptcp --subflows \
	--size 50000 > "$tmp/mixed"
direct=$(grep -c '^h3 ok' "$tmp/mixed" || true)
echo "# $direct of 40 connections went to the direct proxy h3"
check_output "40 connections to a mixed service carry their data intact" \
	"40" grep -c ' ok join=ok' "$tmp/mixed"
check_output "every join reached its connection's proxy" \
	"$((acks + 40))" join_acks
check "some connections went to the direct proxy" test "$direct" -gt 0
check_output "h3 confirmed one join per connection" "$((acks3 + direct))" \
	h3_acks
check_output "and the LBs routed none of them" "0" p3_joins

# Crafted from an address whose answers the router drops: the client's
# kernel would reset the connections it never opened.
n cl ip addr add 10.0.1.99/24 dev to-rt
n rt ip route add blackhole 10.0.1.99/32
n cl ip addr add fd00:1::99/64 dev to-rt nodad
n rt ip -6 route add blackhole fd00:1::99/128

# join_reaches SRC VIP TOKEN PORT: the proxy host a crafted join reaches.
join_reaches() {
	local before i
	local -a got
	before=$(rx_all)
	n cl python3 "$kit" join "$1" "$2" 80 "$3" --sport "$4"
	read -ra got <<< "$(delta "$before" "$(rx_all)")"
	for i in 0 1 2; do
		((got[i])) && echo "h$((i + 1))"
	done
	return 0
}
token=$("$cli" token encode 0x20000001 secret "$secret")
check_output "a join to the VIP for direct p3, which has ranges, goes by token" \
	"h3" join_reaches 10.0.1.99 "$vip4" "$token" 43000
check_output "the LBs count it as routed by token" "1" p3_joins

# p3v6: direct without ranges, the only proxy of the IPv6 service that
# takes new connections.
{
	echo "member del [$vip6]:80 p3v6"
	echo "proxy del p3v6"
	echo "proxy add p3v6 address fd00:33::2 direct $direct6"
	echo "member set [$vip6]:80 p3v6"
	echo "proxy set p1v6 state drain"
	echo "proxy set p2v6 state drain"
} > "$tmp/v6"
check "p3v6 becomes direct without ranges" lb -b "$tmp/v6"
key=0x0123456789abcdef
dropped=$(lb_counter lb drop-join-direct)
n cl python3 "$kit" handshake fd00:1::99 "$vip6" 80 "$key" --sport 43100
check_output "the LB learns the token of its connection" "1" \
	lb_counter lb learned
check_output "a join to the VIP with it reaches no proxy" "" \
	join_reaches fd00:1::99 "$vip6" "$("$cli" token from-key "$key")" 43101
check_output "and is counted in drop-join-direct" "$((dropped + 1))" \
	lb_counter lb drop-join-direct
check_dmesg
finish
