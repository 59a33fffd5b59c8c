#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Token learning (draft-paasch-mptcp-loadbalancer section 2): the proxy
# hosts run no issuer, so their tokens are random; the LB learns each
# from the keys of the handshake it forwards and routes joins by it.
#
#   1. Real MPTCP clients through one LB: every join reaches its proxy,
#      and the tokens the LB keeps are those the proxies issued.  They
#      are forgotten with the connections' flows.
#   2. Crafted handshakes over IPv6 (version 0 and 1 keys, a token that
#      also decrypts into a decoding proxy's range, one token issued by
#      two proxies) reach exactly the proxy they must, or none.
#   3. Two LBs behind ECMP: a join is routed only by the LB that saw its
#      connection's handshake, which the design says happens with
#      probability 1/2: measured, reported and checked loosely.
#
# Usage (inside the VM): learn.sh MODULE_DIR

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

kmod=$1
# shellcheck source=selftests/topology.sh
source "$top/selftests/topology.sh"
topology_up "$kmod"

mptcp_paths_up
for i in 1 2 3; do
	check "p$i issues stock tokens: the LB learns them" \
		lb proxy set "p$i" tokens learn
done

# learned_tokens: the tokens of the initial subflows' flow entries.
learned_tokens() {
	lb flows | awk '/kind new/ && / token / {
		for (i = 1; i < NF; i++) if ($i == "token") print $(i + 1) }' |
		sort
}

# until_zero NS NAME: waits up to a minute for a counter of NS to be 0.
until_zero() {
	local i
	for i in $(seq 60); do
		[[ $(lb_counter "$1" "$2") == 0 ]] && return 0
		sleep 1
	done
	return 1
}

# Open, joined and paused while the LB's flows are read: a closed
# connection's flows go 10 s after its FIN.
acks=$(join_acks)
n cl python3 "$kit" connect "$vip4" 80 30 --mptcp --subflows \
	--size 50000 --pause "$tmp/go" > "$tmp/one" &
client=$!
until grep -q paused "$tmp/one"; do sleep 0.2; done
check_output "the tokens it keeps are the ones the proxies issued" \
	"$(cat "$tmp"/tokens-h* | sort)" learned_tokens
touch "$tmp/go"
wait "$client" || true
check_output "30 connections to stock proxies carry their data intact" \
	"30" grep -c ' ok' "$tmp/one"
check_output "all 30 joins reach their connection's proxy" \
	"$((acks + 30))" join_acks
check_output "the LB learned 30 tokens and routed 30 joins by them" \
	"30 30 0" bash -c "echo \$(ip netns exec mlb-lb-$$ '$cli' -j stats |
		grep -o '\"\\(learned\\|syn-join-learned\\|learn-missed\\)\":[0-9]*' |
		cut -d: -f2)"
check_output "each proxy counts what was learned from its handshakes" "30" \
	bash -c "'$cli' -n mlb-lb-$$ -j -s proxy show |
		grep -o '\"learned\":[0-9]*' | cut -d: -f2 | paste -sd+ | bc"
check "learned tokens are forgotten with the closed connections' flows" \
	until_zero lb learned-tokens

# Over IPv6, crafted from an address whose answers the router drops: the
# client's kernel would otherwise reset the connections it never opened.
n cl ip addr add fd00:1::99/64 dev to-rt nodad
n rt ip -6 route add blackhole fd00:1::99/128
lb proxy set p1v6 tokens learn
lb proxy set p2v6 tokens learn

# proxy_of PORT: the proxy the LB sent the flow from client port PORT to.
proxy_of() {
	lb flows service "[$vip6]:80" |
		awk -v client="[fd00:1::99]:$1" '$4 == client { print $6 }'
}

# token_of PORT: the token the flow from client port PORT keeps.
token_of() {
	lb flows service "[$vip6]:80" |
		awk -v client="[fd00:1::99]:$1" '$4 == client {
			for (i = 1; i < NF; i++) if ($i == "token") print $(i + 1) }'
}

# join_reaches TOKEN PORT [--ack]: the proxy host a crafted join reaches,
# or none.
join_reaches() {
	local before i
	local -a got
	before=$(rx_all)
	n cl python3 "$kit" join fd00:1::99 "$vip6" 80 "$1" --sport "$2" "${@:3}"
	read -ra got <<< "$(delta "$before" "$(rx_all)")"
	for i in 0 1 2; do
		((got[i])) && echo "h$((i + 1))"
	done
	return 0
}

sport=41000
for version in 0 1; do
	key=0x0123456789abcde$version
	n cl python3 "$kit" handshake fd00:1::99 "$vip6" 80 "$key" \
		--sport "$sport" --version "$version"
	check_output "version $version: the LB learns the token of the proxy's key" \
		"$("$cli" token from-key "$key" version "$version")" \
		token_of "$sport"
	proxy=$(proxy_of "$sport")
	check_output "version $version: a join with it reaches that proxy alone" \
		"h${proxy:1:1}" join_reaches "$(token_of "$sport")" $((sport + 100))
	sport=$((sport + 1))
done

# A third ACK out of sequence is a blind attacker's: its keys teach
# nothing, and the entry still awaits the client's.
for ((sport = 41050; sport < 41060; sport++)); do
	n cl python3 "$kit" handshake fd00:1::99 "$vip6" 80 0x7777 \
		--sport $sport --ack-seq 0x80000000
	proxy=$(proxy_of $sport)
	[[ $proxy != p3v6 ]] && break
done
check "fixture: a handshake out of sequence went to p1v6 or p2v6" \
	test "$proxy" != p3v6
check_output "its keys teach no token" "" token_of $sport

# A token of p1v6 or p2v6 that also decrypts into p3v6's range, which
# still decodes: decryption alone would send its joins to h3.
shadowed_key=0x2222222222222224
token=$("$cli" token from-key $shadowed_key)
x=$("$cli" token decode "$token" secret "$secret")
check "fixture: the token decrypts into p3v6's range" \
	test $((x)) -ge $((0x50000000)) -a $((x)) -le $((0x5fffffff))
# A join of p3v6's connection with that token, confirmed before a client
# makes the LB learn the token for another proxy (its third ACK names the
# proxy's key, which the LB cannot check).
check_output "before it is learned, a confirmed join with it reaches h3" \
	"h3" join_reaches "$token" 41105 --ack
shadowed=$(lb_counter lb learn-shadowed)
for ((sport = 41010; sport < 41020; sport++)); do
	n cl python3 "$kit" handshake fd00:1::99 "$vip6" 80 $shadowed_key \
		--sport $sport
	proxy=$(proxy_of $sport)
	[[ $proxy != p3v6 ]] && break
done
check "fixture: a handshake went to p1v6 or p2v6" test "$proxy" != p3v6
check_output "the LB counts the learned token as shadowed" \
	"$((shadowed + 1))" lb_counter lb learn-shadowed
check_output "its join reaches the proxy that issued it, not h3" \
	"h${proxy:1:1}" join_reaches "$token" 41110
check_output "the join confirmed before stays on h3, even when it SYNs again" \
	"h3" join_reaches "$token" 41105

# The same token issued by p1v6 and p2v6: a join with it is ambiguous.
collisions=$(lb_counter lb learn-collision)
conflicts=$(lb_counter lb drop-token-conflict)
seen=""
for ((sport = 41020; sport < 41040; sport++)); do
	n cl python3 "$kit" handshake fd00:1::99 "$vip6" 80 0x5555 \
		--sport $sport
	proxy=$(proxy_of $sport)
	[[ $proxy != p3v6 && $seen != *$proxy* ]] && seen+=" $proxy"
	[[ $seen == *p1v6* && $seen == *p2v6* ]] && break
done
check "two learning proxies issued the token" \
	test "$(lb_counter lb learn-collision)" -gt "$collisions"
check_output "a join with it reaches no proxy" "" \
	join_reaches "$("$cli" token from-key 0x5555)" 41120
check_output "and is counted as a conflict" "$((conflicts + 1))" \
	lb_counter lb drop-token-conflict
echo "# LB counters: $(lb stats)"

# Two LBs: each knows only the tokens of the handshakes it forwarded.
second_lb_up
declare -A routed
for ns in lb lb2; do
	routed[$ns]=$(lb_counter "$ns" syn-join-learned)
done
acks=$(join_acks)
# All at once: each failed join waits seconds for its subflow.
n cl python3 "$kit" connect "$vip4" 80 40 --mptcp --subflows \
	--size 20000 --parallel > "$tmp/two" || true
check_output "40 connections through two learning LBs stay intact" "40" \
	grep -c ' ok' "$tmp/two"
# Joins the client tried: a dropped SYN leaves its join pending.
sent=$(grep -c ' join=\(ok\|reset\|pending\)' "$tmp/two")
failed=$((sent - ($(join_acks) - acks)))
for ns in lb lb2; do
	routed[$ns]=$(($(lb_counter "$ns" syn-join-learned) - routed[$ns]))
done
check_output "every join routed by a learned token was established" \
	"$((sent - failed))" echo $((routed[lb] + routed[lb2]))
echo "# two learning LBs: $failed of $sent joins failed; the design predicts 1/2 ($((sent / 2))); lb routed ${routed[lb]}, lb2 ${routed[lb2]}"
# Binomial(n, 1/2) stays within 4 standard deviations: n/2 +- 2 sqrt(n).
margin=$(echo "2 * sqrt($sent)" | bc)
check "the client tried a join on most of the 40 connections" \
	test "$sent" -ge 30
check "the failure rate is the design's" \
	test $((2 * failed)) -ge $((sent - 2 * margin)) -a \
	$((2 * failed)) -le $((sent + 2 * margin))
check_dmesg
finish
