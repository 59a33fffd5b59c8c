#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What the issuer costs a proxy: MPTCP SYNs answered per second by a
# listener with syncookies (every SYN takes the key path), without the
# module and with it for a proxy owning 1/16 to 1/4096 of X, and the time
# to grind the pool's first keys.  As fast as one sender can, SYNs
# outrun the refill worker at small shares: the pool runs dry, and the
# rest keep the kernel's keys (unroutable-syncookie) at no cost to the
# SYN path.  A benchmark: it asserts nothing.
#
# Usage (inside the VM): issuer-bench.sh MODULE_DIR SYNSEND_BINARY [N]

set -e

kmod=$1
synsend=$2
count=${3:-5000}
top=$(cd "$(dirname "$0")/../.." && pwd)
cli=$top/tools/mptcplb/mptcplb
secret=000102030405060708090a0b0c0d0e0f

n() {
	local ns=$1
	shift
	ip netns exec "bench-$ns" "$@"
}

cleanup() {
	kill "$server" 2> /dev/null || true
	ip netns del bench-cl 2> /dev/null || true
	ip netns del bench-px 2> /dev/null || true
}
trap cleanup EXIT

ip netns add bench-cl
ip netns add bench-px
ip link add to-px netns bench-cl type veth peer to-cl netns bench-px
n cl ip addr add 10.0.1.2/24 dev to-px
n px ip addr add 10.0.1.1/24 dev to-cl
n cl ip link set to-px up
n px ip link set to-cl up
n px sysctl -qw net.ipv4.tcp_syncookies=2
n px python3 "$top/selftests/vm/tcpkit.py" serve px 80 > /dev/null &
server=$!
until n px ss -Hltn 'sport = :80' | grep -q .; do sleep 0.2; done
# The client's kernel answers the SYN/ACKs with resets: nothing is kept.

# counter NAME: a counter of mptcplb issuer show.
counter() {
	n px "$cli" -j issuer show | grep -o "\"$1\":[0-9]*" | cut -d: -f2
}

echo "# $count MPTCP SYNs to a syncookie listener, $(uname -r) (TCG)"
printf '  %-18s %8s %10s %s\n' "share of X" "ns/SYN" "first keys" \
	"keys pooled/unroutable, refill ms"
printf '  %-18s %8s\n' "no issuer module" \
	"$(n cl "$synsend" 10.0.1.2 10.0.1.1 80 "$count" mptcp)"

insmod "$kmod/mptcp_lb_issuer.ko"
for bits in 4 8 10 12; do
	start=$(date +%s.%N)
	n px "$cli" issuer set "$secret" \
		range "0-$(((1 << (32 - bits)) - 1))"
	until (($(counter pool-size) >= $(counter pool-target))); do
		sleep 0.01
	done
	refill=$(echo "$(date +%s.%N) - $start" | bc)
	ns=$(n cl "$synsend" 10.0.1.2 10.0.1.1 80 "$count" mptcp)
	printf '  %-18s %8s %8.2f s %s/%s, %s\n' "1/$((1 << bits))" "$ns" \
		"$refill" "$(counter keys-pooled)" "$(counter keys-unroutable)" \
		"$(($(counter refill-usecs) / 1000))"
done
n px "$cli" issuer del
rmmod mptcp_lb_issuer
