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

# shellcheck source=tools/bench/namespaces.sh
source "$(dirname "$0")/namespaces.sh"

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
modprobe nf_defrag_ipv6
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
