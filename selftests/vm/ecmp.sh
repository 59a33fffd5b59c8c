#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Several LBs sharing no state: each announces its VIPs over BGP (BIRD,
# from the routes mptcplb-vip-routes installs) to the router's BIRD, which
# spreads the VIP's packets over the two LB namespaces by ECMP with L4
# hashing, so the subflows of one MPTCP connection cross both; configured
# alike (one saved, the other restored from it), they still send every
# subflow to the same proxy.  Then one LB stops, as mptcplb@.service stops
# it, in the middle of transfers: BGP withdraws its VIPs, and every
# connection completes intact on the other.
#
# Usage (inside the VM): ecmp.sh MODULE_DIR

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

kmod=$1

# via_lb1: the router's route to the IPv4 VIP goes through LB 1.
via_lb1() {
	n rt ip route show "$vip4/32" | grep -q 'via 10\.0\.2\.2 '
}

# shellcheck source=selftests/topology.sh
source "$top/selftests/topology.sh"
topology_up "$kmod"

second_lb_up
start=$SECONDS
bgp_up
echo "# BGP sessions up and routes learned in $((SECONDS - start)) s"

issuers_up "$kmod"
mptcp_paths_up

acks=$(join_acks)
n cl python3 "$kit" connect "$vip4" 80 20 --mptcp --subflows \
	--size 50000 > "$tmp/both"
check_output "20 connections through two LBs carry their data intact" "20" \
	grep -c ' ok' "$tmp/both"
check_output "and every join reached its connection's proxy" \
	"$((acks + 20))" join_acks
for ns in lb lb2; do
	echo "# $ns routed $(lb_counter "$ns" syn-new) initial subflows and $(lb_counter "$ns" syn-join) joins"
done
check "both LBs took part" \
	test "$(lb_counter lb packets)" -gt 0 -a "$(lb_counter lb2 packets)" -gt 0

# Transfers paused half-way; then LB 2 leaves the group.
n cl python3 "$kit" connect "$vip4" 80 10 --mptcp --size 200000 \
	--pause "$tmp/go" > "$tmp/paused" &
client=$!
until grep -q paused "$tmp/paused"; do sleep 0.2; done
misses=$(lb_counter lb flow-miss)
check "LB 2 stops as mptcplb@.service does" \
	unit_run "$top/tools/systemd/mptcplb@.service" "mlb-lb2-$$" ExecStop
start=$SECONDS
check "BGP withdraws its VIPs: the router routes them to LB 1 alone" \
	wait_until 30 vips_via 1
echo "# withdrawn within $((SECONDS - start)) s"
check "the one left is LB 1" via_lb1
touch "$tmp/go"
wait "$client" || true
check_output "every connection completes intact through LB 1" "10" \
	grep -c ' ok' "$tmp/paused"
echo "# LB 1 routed $(($(lb_counter lb flow-miss) - misses)) packets of flows it had not seen by Maglev"
check_dmesg
finish
