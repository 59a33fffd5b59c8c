#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ICMP errors the LB acts on itself (src/lb/icmp.c):
#
# - path MTU past the LB: the router's links to the proxy hosts get an
#   MTU of 1400, so the LB's encapsulated packets of full-sized client
#   segments are too big there; the router's fragmentation needed /
#   packet too big, addressed to the LB, must lower the LB's path MTU to
#   the proxy and reach the client, or large transfers black-hole;
# - packet too big for a join subflow at an LB that has no entry for it
#   (a second LB behind ECMP): it must reach the join's proxy, which
#   Maglev does not name; one longer than a router sends goes by Maglev.
#
# Usage (inside the VM): pmtu.sh MODULE_DIR

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

kmod=$1
# shellcheck source=selftests/topology.sh
source "$top/selftests/topology.sh"
topology_up "$kmod"

narrow_hop 1400
for family in 4 6; do
	vip=$vip4 && [[ $family == 6 ]] && vip=$vip6
	mtu=$(lb_counter lb icmp-tunnel-mtu)
	check_output "IPv$family: 4 MB transfers across an MTU-1400 hop past the LB complete" \
		"2 ok" bash -c "ip netns exec mlb-cl-$$ python3 '$kit' connect $vip 80 2 --size 4000000 --timeout 40 |
			awk '\$2 == \"ok\" { ok++ } END { print ok + 0, \"ok\" }'"
	check "and the LB counted the router's errors about its tunnel" \
		test "$(lb_counter lb icmp-tunnel-mtu)" -gt "${mtu:-0}"
	echo "# icmp-tunnel-mtu ${mtu:-none} -> $(lb_counter lb icmp-tunnel-mtu), drop-too-big $(lb_counter lb drop-too-big)"
done
echo "# the LB's routes to the proxies: $(n lb ip route show cache | grep -c mtu) IPv4, $(n lb ip -6 route show cache | grep -c mtu) IPv6 with a learned MTU"

# sport_on FAMILY SPORT: the host Maglev sends the client's SYN from
# SPORT to, 1 to 3 (the SYN and the client's RST reach it).
sport_on() {
	local vip=$vip4 src=10.0.1.2 before a b
	[[ $1 == 6 ]] && vip=$vip6 src=fd00:1::2
	before=$(rx_all)
	n cl python3 "$kit" syn "$src" "$vip" 80 1 --sport "$2"
	read -r a b _ <<< "$(delta "$before" "$(rx_all)")"
	if ((a)); then
		echo 1
	elif ((b)); then
		echo 2
	else
		echo 3
	fi
}

# An LB with the same configuration but none of the first one's flows;
# the router then sends it everything for the VIPs.
second_lb_up
n lb2 ip -6 route add default via fd00:5::1
n rt ip route replace "$vip4/32" via 10.0.2.2
for family in 4 6; do
	vip=$vip4 src=10.0.1.2 base=0
	[[ $family == 6 ]] && vip=$vip6 src=fd00:1::2 base=0x30000000
	sport=42000
	maglev=$(sport_on "$family" "$sport")
	# The join's proxy: one Maglev does not pick for its 4-tuple.
	i=$((maglev % 3 + 1))
	token=$("$cli" token encode $((base + (i - 1) * 0x10000000 + 0x123)) \
		secret "$secret")
	before=$(rx_all)
	n cl python3 "$kit" join "$src" "$vip" 80 "$token" --sport "$sport"
	expected="0 0 0"
	expected=${expected:0:$(((i - 1) * 2))}1${expected:$(((i - 1) * 2 + 1))}
	check_output "IPv$family join from port $sport reaches h$i through LB 1 (Maglev: h$maglev)" \
		"$expected" delta "$before" "$(rx_all)"

	if [[ $family == 4 ]]; then
		n rt ip route replace "$vip4/32" via 10.0.5.2
	else
		n rt ip -6 route replace "$vip6/128" via fd00:5::2
	fi
	fanout=$(lb_counter lb2 icmp-fanout)
	before=$(rx_all)
	n cl python3 "$kit" icmp "$src" "$vip" 80 "$src" "$sport"
	read -r -a got <<< "$(delta "$before" "$(rx_all)")"
	echo "# packet too big at LB 2 reached h1 ${got[0]}, h2 ${got[1]}, h3 ${got[2]}"
	check_output "IPv$family packet too big for the join at an LB without its flow reaches h$i" \
		1 echo "${got[i - 1]}"
	check_output "and is counted as sent to every member" "$((${fanout:-0} + 1))" \
		lb_counter lb2 icmp-fanout
	# Longer than a router sends: a forger's amplifier, sent by Maglev.
	before=$(rx_all)
	n cl python3 "$kit" icmp "$src" "$vip" 80 "$src" "$sport" --pad 1200
	check_output "IPv$family packet too big longer than a router sends goes to Maglev's h$maglev alone" \
		"$((maglev == 1)) $((maglev == 2)) $((maglev == 3))" \
		delta "$before" "$(rx_all)"
	check_output "and is not sent to every member" "$((${fanout:-0} + 1))" \
		lb_counter lb2 icmp-fanout
	if [[ $family == 4 ]]; then
		n rt ip route replace "$vip4/32" via 10.0.2.2
	else
		n rt ip -6 route replace "$vip6/128" via fd00:2::2
	fi
done

# An error whose quote is no IP header of that family, or no first
# fragment, has no ports: it must not be read as quoting the joins' tuple
# (which LB 1 routes by its flow if still open, by Maglev otherwise).
for kind in 4:version 4:fragment 6:version; do
	family=${kind%%:*} vip=$vip4 src=10.0.1.2
	[[ $family == 6 ]] && vip=$vip6 src=fd00:1::2
	what="another IP version"
	[[ ${kind#*:} == fragment ]] && what="a later fragment"
	icmp=$(lb_counter lb icmp)
	before=$(rx_all)
	n cl python3 "$kit" icmp "$src" "$vip" 80 "$src" 42000 \
		--malformed "${kind#*:}"
	check_output "IPv$family ICMP error quoting $what reaches no proxy" \
		"0 0 0" delta "$before" "$(rx_all)"
	check_output "and is not counted" "$icmp" lb_counter lb icmp
done

check_dmesg
finish
