#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mptcp_lb side by side with IPVS (tunnel mode, Maglev scheduler) in the
# same VM: the cost of a SYN through each, and the memory each keeps per
# flow.  A benchmark: it prints numbers and asserts nothing.  The VM is
# emulated (TCG), so compare the columns, not the absolute times.
#
#   cl ── lb ── dummy0     every proxy address is routed into dummy0,
#                          which drops what the LB sends
#
# Usage (inside the VM): vm-bench.sh MODULE_DIR SYNSEND_BINARY [N]

set -e

kmod=$1
synsend=$2
count=${3:-20000}
top=$(cd "$(dirname "$0")/../.." && pwd)
cli=$top/tools/mptcplb/mptcplb
vip=192.0.2.1

n() {
	local ns=$1
	shift
	ip netns exec "bench-$ns" "$@"
}

cleanup() {
	ip netns del bench-cl 2> /dev/null || true
	ip netns del bench-lb 2> /dev/null || true
}
trap cleanup EXIT

setup() {
	cleanup
	ip netns add bench-cl
	ip netns add bench-lb
	ip link add to-lb netns bench-cl type veth peer to-cl netns bench-lb
	n cl ip addr add 10.0.1.2/24 dev to-lb
	n lb ip addr add 10.0.1.1/24 dev to-cl
	n cl ip link set to-lb up
	n lb ip link set to-cl up
	n cl ip route add default via 10.0.1.1
	n lb ip link add dummy0 type dummy
	n lb ip link set dummy0 up
	n lb ip route add 10.0.3.0/24 dev dummy0
	n lb sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0
}

# Unreclaimable slab memory in bytes.
slab() {
	awk '/^SUnreclaim:/ { print $2 * 1024 }' /proc/meminfo
}

# measure LABEL: sends the SYNs and prints ns/SYN and slab bytes/flow.
measure() {
	local before after ns
	sync
	before=$(slab)
	ns=$(n cl "$synsend" 10.0.1.2 "$vip" 80 "$count")
	after=$(slab)
	printf '  %-36s %8s ns/SYN %8s bytes/flow\n' "$1" "$ns" \
		"$(((after - before) / count))"
}

echo "# $count SYNs from distinct ports, $(uname -r), $(nproc) CPUs (TCG)"

setup
n lb ip route add "$vip/32" dev dummy0
measure "routing only (no LB)"

setup
insmod "$kmod/mptcp_lb.ko"
n lb "$cli" -b - <<EOF
proxy add p1 address 10.0.3.1
proxy add p2 address 10.0.3.2
proxy add p3 address 10.0.3.3
service add $vip:80 member p1 member p2 member p3
EOF
measure "mptcp_lb (ipip, Maglev)"
echo "  flow entries: $(n lb "$cli" flows | wc -l)"
cleanup
rmmod mptcp_lb

setup
modprobe ip_vs
modprobe ip_vs_mh
n lb ip addr add "$vip/32" dev lo
n lb ipvsadm -A -t "$vip:80" -s mh
for i in 1 2 3; do
	n lb ipvsadm -a -t "$vip:80" -r "10.0.3.$i:80" -i
done
measure "IPVS (tunnel, mh scheduler)"
echo "  connection entries: $(n lb ipvsadm -Lnc | tail -n +3 | wc -l)"
cleanup
