#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Encapsulation with entropy (src/lb/xmit.c): real MPTCP through the LB
# to the three proxy hosts of selftests/topology.sh, whose issuers make
# every join's token name its connection's proxy.  The router captures
# the LB's outer headers (tcpkit.py outer): over IPv6 IPIP each client
# flow gets its own flow label; with GUE, which the hosts decapsulate
# with the kernel's fou ("ip fou add port 6080 gue") and the same ipip
# and ip6tnl devices, its own UDP source port (and label), while every
# join still reaches its connection's proxy.  Large transfers go through
# GUE with the LB's UDP tunnel segmentation done in software, and across
# an MTU-1400 hop whose errors, quoting GUE, lower the LB's path MTU.
#
# Usage (inside the VM): gue.sh MODULE_DIR

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

kmod=$1
# shellcheck source=selftests/topology.sh
source "$top/selftests/topology.sh"
topology_up "$kmod"
mptcp_paths_up
check "load the issuer" insmod "$kmod/mptcp_lb_issuer.ko"
check "configure it on every proxy host" issue_thirds

port=6080
check "load fou, the kernel's GUE receiver" modprobe fou
for h in "${hosts[@]}"; do
	check "$h decapsulates GUE on port $port, both families" \
		n "$h" bash -c "ip fou add port $port gue && ip fou add port $port gue -6"
done

# A stateful firewall on the LB turns conntrack on in its namespace.
# The outer packets must take no entry there (one per client flow with
# GUE's ports), as IPVS leaves what it tunnels untracked.
check "the LB's namespace tracks connections" n lb nft add table inet mlb \
	'{ chain out { type filter hook output priority 0; ct state untracked counter; }; }'

# untracked_outer: whether the LB's outer packets since the last call
# passed its output hook untracked, at least 100 of them, and conntrack
# holds no entry from its addresses (IPv6 in full, as the file shows it).
# Unanswered UDP entries last 30 s: called right after each capture.
untracked=0
untracked_outer() {
	local entries packets
	entries=$(n lb cat /proc/net/nf_conntrack | grep -cE \
		'src=(10\.0\.2\.2|fd00:0*2:(0+:){5}0*2|fd00:2::2) ' || true)
	packets=$(n lb nft list chain inet mlb out |
		grep -o 'packets [0-9]*' | cut -d' ' -f2)
	echo "# conntrack entries $entries, untracked packets" \
		"$untracked -> ${packets:-none}"
	((entries == 0 && ${packets:-0} >= untracked + 100)) || return 1
	untracked=$packets
}

# captured NAME VIP: 10 MPTCP connections of two subflows each to VIP
# ("J joins, I intact") while the router captures the LB's outer
# headers, summed up in $tmp/NAME.
captured() {
	local pid
	rm -f "$tmp/stop"
	n rt python3 "$kit" outer "$tmp/stop" 10.0.2.2 fd00:2::2 \
		--port "$port" > "$tmp/$1" &
	pid=$!
	until grep -q capturing "$tmp/$1" || ! kill -0 "$pid" 2> /dev/null; do
		sleep 0.2
	done
	joined "$2" 10
	touch "$tmp/stop"
	wait "$pid"
}

# spread NAME KIND...: whether capture NAME saw the 20 subflows or more,
# each KIND (ports, labels) telling all of them apart but for a chance
# collision, and each flow keeping its own throughout.
spread() {
	local name=$1 kind packets flows ports labels split
	shift
	echo "# $name: $(grep -v capturing "$tmp/$name")"
	read -r packets _ flows _ ports _ labels _ split _ < \
		<(grep -v capturing "$tmp/$name" | tr -d ,)
	((packets > 0 && flows >= 20 && split == 0)) || return 1
	for kind in "$@"; do
		[[ $kind == ports ]] && ((ports < flows - 1)) && return 1
		[[ $kind == labels ]] && ((labels < flows - 1)) && return 1
	done
	return 0
}

check "the IPv4 proxies take X" own_thirds 4
{
	for i in 1 2 3; do
		echo "proxy set p$i encap gue encap-port $port"
	done
} > "$tmp/gue4.conf"
check "the IPv4 proxies take GUE" lb -b "$tmp/gue4.conf"
check_output "over IPv4 GUE, 10 of 10 joins reach their proxy" \
	"10 joins, 10 intact" captured gue4 "$vip4"
check "distinct flows, distinct UDP source ports" spread gue4 ports
check "IPv4 GUE outers left conntrack no entry" untracked_outer

n cl ip mptcp endpoint flush
n cl ip mptcp endpoint add fd00:4::2 dev to-rt2 subflow
check "the IPv6 proxies take X" own_thirds 6
check_output "over IPv6 IPIP, 10 of 10 joins reach their proxy" \
	"10 joins, 10 intact" captured ipip6 "$vip6"
check "distinct flows, distinct flow labels" spread ipip6 labels
sed 's/p\([123]\) /p\1v6 /' "$tmp/gue4.conf" > "$tmp/gue6.conf"
check "the IPv6 proxies take GUE" lb -b "$tmp/gue6.conf"
check_output "over IPv6 GUE, 10 of 10 joins reach their proxy" \
	"10 joins, 10 intact" captured gue6 "$vip6"
check "distinct flows, distinct ports and labels" spread gue6 ports labels
check "IPv6 IPIP and GUE outers left conntrack no entry" untracked_outer

# The client's TSO packets reach the LB whole; without UDP tunnel
# segmentation on its link, the LB's stack segments them in software
# (__skb_udp_tunnel_segment()), outer checksums included.
check "the LB's link to the router cannot segment UDP tunnels" \
	n lb ethtool -K to-rt tx-udp_tnl-segmentation off \
	tx-udp_tnl-csum-segmentation off
for family in 4 6; do
	vip=$vip4 && [[ $family == 6 ]] && vip=$vip6
	check_output "IPv$family: 1 MB transfers through GUE, segmented by the LB" \
		"3 ok" bash -c "ip netns exec mlb-cl-$$ python3 '$kit' connect $vip 80 3 --size 1000000 |
			awk '\$2 == \"ok\" { ok++ } END { print ok + 0, \"ok\" }'"
done

narrow_hop 1400
for family in 4 6; do
	vip=$vip4 && [[ $family == 6 ]] && vip=$vip6
	mtu=$(lb_counter lb icmp-tunnel-mtu)
	check_output "IPv$family: 1 MB through GUE across an MTU-1400 hop" \
		"1 ok" bash -c "ip netns exec mlb-cl-$$ python3 '$kit' connect $vip 80 1 --size 1000000 --timeout 40 |
			awk '\$2 == \"ok\" { ok++ } END { print ok + 0, \"ok\" }'"
	check "the LB took the router's errors quoting GUE for its own" \
		test "$(lb_counter lb icmp-tunnel-mtu)" -gt "${mtu:-0}"
	echo "# icmp-tunnel-mtu ${mtu:-none} -> $(lb_counter lb icmp-tunnel-mtu)"
done
check_dmesg
finish
