#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fragments and the tunnel's own path: what a router would carry, the LB
# carries.  A SYN the client fragmented reaches the proxy whole (the
# proxy's SYN/ACK is the oracle) but an IPv6 first fragment that cannot
# be reassembled does not, an IPv6 packet the LB reassembled is judged
# by its fragments, an IPv6 path to the proxy below 1320 bytes
# still carries 1280-byte packets (RFC 2473 section 7.1), the outer IPv4
# IDs of a GSO packet's segments are not reused by the next one, and an
# IPsec policy toward the proxies applies to both outer families.
#
# Usage (inside the VM): frag.sh MODULE_DIR

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

kmod=$1
# shellcheck source=selftests/topology.sh
source "$top/selftests/topology.sh"
topology_up "$kmod"

# Fragments of 1000 bytes reassemble into 2040 (IPv4) and 2060 (IPv6)
# bytes, more than the 1480 and 1460 the tunnel leaves: the outer packet
# is fragmented, the client hears nothing from the LB.
for family in 4 6; do
	vip=$vip4 src=10.0.1.2
	[[ $family == 6 ]] && vip=$vip6 src=fd00:1::2
	too_big=$(lb_counter lb drop-too-big)
	check_output "IPv$family SYN fragmented by the client is answered" \
		synack n cl python3 "$kit" fragsyn "$src" "$vip" 80 \
		--sport $((42000 + family))
	check_output "and needed no smaller packets" "$too_big" \
		lb_counter lb drop-too-big
done

# An IPv6 first fragment with more to come and a length that is not a
# multiple of 8 is discarded by its receiver (RFC 8200 section 4.5) and
# queued by no reassembly: the LB must not take it for a whole SYN.
# The proxy would discard it too, so only the LB's counters tell.
syn_new=$(lb_counter lb syn-new) stray=$(lb_counter lb drop-stray)
n cl python3 "$kit" fragsyn fd00:1::2 "$vip6" 80 --sport 42010 --odd-first \
	> /dev/null
check_output "IPv6 first fragment of an odd length is sent to no proxy" \
	"$syn_new" lb_counter lb syn-new
check_output "but dropped as a stray to the VIP" "$((stray + 1))" \
	lb_counter lb drop-stray

# The LB's route to the IPv6 proxies leaves 1240 bytes for the inner
# packet: it asks the client for 1280, and fragments the outer packet.
for i in 1 2 3; do
	n lb ip -6 route add "fd00:3$i::2" via fd00:2::1 mtu 1280
done
too_big=$(lb_counter lb drop-too-big)
check_output "IPv6 over a path of 1280 bytes to the proxies" "3 ok" \
	intact "$vip6" 3 --size 100000 --timeout 10
echo "# too big: $(($(lb_counter lb drop-too-big) - too_big)) packets"
for i in 1 2 3; do
	n lb ip -6 route del "fd00:3$i::2"
done

# A client without DF: the LB's outer headers go without it too, and
# with their own IDs, one per segment of each GSO packet, fragmented.
n cl sysctl -qw net.ipv4.ip_no_pmtu_disc=1
n rt python3 "$kit" ipids 10.0.2.2 "$tmp/stop" > "$tmp/ids" &
ids=$!
until grep -q capturing "$tmp/ids" || ! kill -0 "$ids" 2> /dev/null; do
	sleep 0.2
done
check_output "IPv4 transfers without DF" "3 ok" intact "$vip4" 3 --size 300000
touch "$tmp/stop"
wait "$ids"
n cl sysctl -qw net.ipv4.ip_no_pmtu_disc=0
echo "# outer headers: $(tail -n 1 "$tmp/ids")"
check "outer IPv4 IDs of GSO segments are not reused" \
	grep -qx '[1-9][0-9]* packets, 0 duplicate IDs' "$tmp/ids"

# An IPsec policy toward the proxies applies to the outer packets: a
# block policy makes them unroutable, in both families.
for family in 4 6; do
	vip=$vip4 prefix=10.0.3 len=32
	[[ $family == 6 ]] && vip=$vip6 prefix=fd00:3 len=128
	for i in 1 2 3; do
		addr=$prefix$i.2 && [[ $family == 6 ]] && addr=$prefix$i::2
		n lb ip xfrm policy add dst "$addr/$len" dir out action block
	done
	no_route=$(lb_counter lb drop-no-route)
	check_output "IPv$family: an IPsec block policy toward the proxies applies" \
		"0 ok, 0 proxies" transfers "$vip" 1 --timeout 3
	check "and the packets are counted unroutable" \
		test "$(lb_counter lb drop-no-route)" -gt "$no_route"
	n lb ip xfrm policy flush
done
check_output "without the policies, transfers again" "3 ok" \
	intact "$vip6" 3 --size 1000

check_dmesg
finish
