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
#      none for it.  Then, h3's endpoint for the VIP a backup: its
#      connections' data moves to the direct subflow, the LBs carry
#      almost none of it.
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
direct_up h3 "$direct4"
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
	--size 50000 > "$tmp/mixed" || true
direct=$(grep -c '^h3 ok' "$tmp/mixed" || true)
# A loaded guest may finish a connection before its path manager has
# opened the join: a join not made is no misrouted one, which the proxy
# would reset.
joins=$(grep -c ' join=ok' "$tmp/mixed" || true)
direct_joins=$(grep -c '^h3 ok join=ok' "$tmp/mixed" || true)
echo "# $direct of 40 connections went to the direct proxy h3;" \
	"$joins joins made, $direct_joins of them to h3"
check_output "40 connections to a mixed service carry their data intact" \
	"40" grep -c '^h[0-9] ok' "$tmp/mixed"
check_output "no join was reset" "0" grep -c 'join=reset' "$tmp/mixed"
# A join's third ACK can reach its proxy after the client has seen the
# subflow up and finished: the counters may take a moment to follow.
acks_reach() {
	(($(join_acks) >= $1 && $(h3_acks) >= $2))
}
check "every join reached its connection's proxy" \
	wait_until 10 acks_reach $((acks + joins)) $((acks3 + direct_joins))
check "some connections went to the direct proxy and joined it" \
	test "$direct_joins" -gt 0
check_output "and the LBs routed none of them" "0" p3_joins

# The seeds' path manager, with the in-kernel one: h3's endpoint for the
# VIP is a backup, so that data moves to the direct subflow once it is up
# and the LBs carry little more than the initial handshake.
# p1 and p2 STATE in both LBs: p3 alone takes new connections if drain.
others() {
	local ns
	for ns in lb lb2; do
		n "$ns" "$cli" -b - <<< "proxy set p1 state $1
proxy set p2 state $1"
	done
}
n h3 ip mptcp endpoint add "$vip4" backup
others drain
# --report: each connection waits for its join before it sends, then
# prints "ADDR:PORT=ACKED" for each subflow, the initial one first.
n cl python3 "$kit" connect "$vip4" 80 4 --mptcp --report \
	--size 1000000 > "$tmp/backup" || true
# backup_split: "J C", of the connections that made their join, J in all
# and C those whose initial subflow carried at most 1% of the bytes.
backup_split() {
	awk '$1 == "h3" && $2 == "ok" {
		n = 0
		for (i = 3; i <= NF; i++)
			if ($i !~ /^token=/ && split($i, kv, "=") == 2 &&
			    kv[2] ~ /^[0-9]+$/)
				acked[++n] = kv[2]
		if (n < 2)
			next
		joined++
		if (acked[1] <= 10000)
			moved++
	}
	END { print joined + 0, moved + 0 }' "$tmp/backup"
}
read -r joined moved <<< "$(backup_split)"
echo "# $joined of 4 connections to h3 made their join in time"
check_output "4 connections to h3 with a backup initial subflow are intact" \
	"4" grep -c '^h3 ok' "$tmp/backup"
check "and once joined, at most 1% of their bytes took the LBs' path" \
	test "$joined" -gt 0 -a "$moved" = "$joined"
others active
n h3 ip mptcp endpoint flush
n h3 ip mptcp endpoint add "$direct4" signal

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
