#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Stray packets: to a VIP, but no service's port or protocol (a SYN to
# port 81, an ICMP echo), on an LB host that forwards (ip_forward=1, as
# with BGP daemons or containers) and whose router routes the VIPs to it.
# Routed, each would bounce between router and LB until its TTL ran out;
# the LB drops and counts them, or with "vip set stray local" hands them
# to its own stack when the VIP is one of its addresses.  What crossed
# the link is read from the LB's interface counters, independently of
# the LB's.
#
# Usage (inside the VM): stray.sh MODULE_DIR

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

kmod=$1
# What stray() tells the log, past check_output, which compares the rest.
exec 3>&1
# shellcheck source=selftests/topology.sh
source "$top/selftests/topology.sh"
topology_up "$kmod"
n lb sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1

# counter NAME: the LB's counter, 0 if it has none.
counter() {
	local value
	value=$(lb_counter lb "$1")
	echo "${value:-0}"
}

# sent_back: packets the LB has sent toward the router.
sent_back() {
	n lb cat /sys/class/net/to-rt/statistics/tx_packets
}

# pings VIP: the client's one ICMP echo to VIP is answered.
pings() {
	n cl busybox ping -c1 -W2 "$1" > /dev/null 2>&1
}

# addr FAMILY: sets vip and src to the VIP and the client's address.
addr() {
	vip=$vip4 src=10.0.1.2
	if [[ $1 == 6 ]]; then
		vip=$vip6 src=fd00:1::2
	fi
}

# stray FAMILY KIND: one stray packet from the client, a SYN to VIP:81
# (syn) or an ICMP echo (echo): "no loop" or "loop", then how many were
# dropped and passed to the LB's stack.  A loop sends back one packet per
# round trip, tens of them; neighbour probes and the answer of the LB's
# own server, once the VIP is on its lo, a few.
stray() {
	local back drop local_
	addr "$1"
	back=$(sent_back)
	drop=$(counter drop-stray)
	local_=$(counter stray-local)
	if [[ $2 == syn ]]; then
		n cl python3 "$kit" syn "$src" "$vip" 81 1
	else
		pings "$vip" || true
	fi
	sleep 1
	back=$(($(sent_back) - back))
	echo "# IPv$1 $2: $back packets sent back toward the router" >&3
	if ((back <= 5)); then
		echo -n "no loop"
	else
		echo -n "loop"
	fi
	echo ", $(($(counter drop-stray) - drop)) dropped, $(($(counter stray-local) - local_)) local"
}

for family in 4 6; do
	for kind in syn echo; do
		check_output "IPv$family $kind to the VIP, no service: not routed back, dropped" \
			"no loop, 1 dropped, 0 local" stray "$family" "$kind"
	done
	addr "$family"
	out=$(transfers "$vip" 3)
	check_output "IPv$family: the service's port is forwarded as before" \
		"3 ok" echo "${out%%,*}"
done

# local with the VIP not an address of the LB: routing would forward it.
check "vip set stray local" lb vip set stray local
check_output "vip show" "stray local" lb vip show
check_output "save keeps it" "vip set stray local" \
	bash -c "ip netns exec mlb-lb-$$ '$cli' save | grep '^vip'"
for family in 4 6; do
	check_output "IPv$family stray, local, the VIP not local: still dropped" \
		"no loop, 1 dropped, 0 local" stray "$family" syn
done

# The VIPs on the LB's lo, with a server on port 81: sshd, say.
n lb ip addr add "$vip4/32" dev lo
n lb ip addr add "$vip6/128" dev lo nodad
n lb python3 "$kit" serve lb 81 > /dev/null &
pids+=($!)
until n lb ss -Hltn 'sport = :81' | grep -q .; do sleep 0.2; done
for family in 4 6; do
	addr "$family"
	before=$(counter stray-local)
	check_output "IPv$family stray, local, the VIP on lo: the LB's server answers" \
		"lb ok" n cl python3 "$kit" connect "$vip" 81 1 --size 1000 --timeout 10
	check "IPv$family stray, local: the LB answers ping" \
		pings "$vip"
	check "IPv$family stray, local: counted in stray-local" \
		test "$(counter stray-local)" -gt "$before"
	out=$(transfers "$vip" 3)
	check_output "IPv$family: the service's port still goes to the proxies" \
		"3 ok" echo "${out%%,*}"
done

# drop with the VIP on lo: the client is refused, the LB itself is not.
check "vip set stray drop" lb vip set stray drop
for family in 4 6; do
	addr "$family"
	check_output "IPv$family stray, drop, the VIP on lo: dropped" \
		"no loop, 1 dropped, 0 local" stray "$family" syn
	before=$(counter drop-stray)
	check_output "IPv$family: the LB reaches its own VIP:81 (through lo)" \
		"lb ok" n lb python3 "$kit" connect "$vip" 81 1 --size 1000 --timeout 10
	check_output "IPv$family: its own packets are no stray" \
		"$before" counter drop-stray
done

# The VIP set follows the services: an address is a VIP while one has it.
check "a second service on the IPv4 VIP" \
	lb service add "$vip4:8080" member p1
check "the first one removed" lb service del "$vip4:80"
check_output "IPv4: still a VIP" "no loop, 1 dropped, 0 local" stray 4 syn
check "the second one removed" lb service del "$vip4:8080"
# Now routing delivers it to the LB's server, whose SYN/ACK goes back.
check_output "IPv4: no longer a VIP" "no loop, 0 dropped, 0 local" stray 4 syn
check_output "IPv6: still a VIP" "no loop, 1 dropped, 0 local" stray 6 syn

check_dmesg
finish
