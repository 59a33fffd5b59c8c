#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Accepted MPTCP connections per second with the issuer and without, side
# by side in one VM: a client opens and closes connections to a proxy's
# listener as fast as it can for SECONDS, without the module, then with
# it for a proxy owning 1/16, 1/256, 1/1024 and 1/4096 of X; then the
# same with the client paced at PER_SECOND connections per second (a
# sustained rate the pool is sized for, rather than the listener's
# limit); then the same as the first while synsend floods the listener
# with spoofed MP_CAPABLE SYNs (syncookies on).  Prints connections per
# second, keys-unroutable (and its syncookie part), the refill worker's
# time and its time per draw.  A benchmark: it asserts nothing; under TCG
# compare the columns, not the numbers.
#
# Usage (inside the VM):
#   issuer-accept.sh MODULE_DIR SYNSEND_BINARY [SECONDS [PER_SECOND]]

set -e

kmod=$1
synsend=$2
seconds=${3:-30}
per_second=${4:-20}
top=$(cd "$(dirname "$0")/../.." && pwd)
cli=$top/tools/mptcplb/mptcplb
kit=$top/selftests/vm/tcpkit.py
secret=000102030405060708090a0b0c0d0e0f
server=
flooder=
stock=

n() {
	local ns=$1
	shift
	ip netns exec "acc-$ns" "$@"
}

cleanup() {
	local pid
	for pid in $server $flooder; do
		kill "$pid" 2> /dev/null || true
	done
	ip netns del acc-cl 2> /dev/null || true
	ip netns del acc-px 2> /dev/null || true
	rmmod mptcp_lb_issuer 2> /dev/null || true
}
trap cleanup EXIT

ip netns add acc-cl
ip netns add acc-px
ip link add to-px netns acc-cl type veth peer to-cl netns acc-px
n cl ip addr add 10.0.1.2/24 dev to-px
n cl ip addr add 10.0.1.3/24 dev to-px
n px ip addr add 10.0.1.1/24 dev to-cl
n cl ip link set to-px up
n px ip link set to-cl up
n px python3 "$kit" serve px 80 > /dev/null &
server=$!
until n px ss -Hltn 'sport = :80' | grep -q .; do sleep 0.2; done

# counter NAME: a counter of $stats, one mptcplb issuer show, so that
# the counters of a row are read at once while a flood goes on.
counter() {
	grep -o "\"$1\":[0-9]*" <<< "$stats" | cut -d: -f2
}

# row LABEL [RANGE_HI]: accepted connections per second for $seconds,
# with the issuer owning 0 to RANGE_HI of X, or without it; the client
# runs with $pace (empty: as fast as it can).
row() {
	local rate stats unroutable="-" cookie="-" refill="-" per_draw="-"
	if [[ -n ${2:-} ]]; then
		n px "$cli" issuer set "$secret" range "0-$2"
		sleep 1
	fi
	# shellcheck disable=SC2086 # $pace is empty or an option and its value
	rate=$(n cl python3 "$kit" rate 10.0.1.1 80 "$seconds" $pace)
	if [[ -z ${2:-} ]]; then
		stock=$rate
	else
		stats=$(n px "$cli" -j issuer show)
		unroutable=$(counter keys-unroutable)
		cookie=$(counter unroutable-syncookie)
		refill=$(($(counter refill-usecs) / 1000))
		per_draw=$(awk -v us="$(counter refill-usecs)" \
			-v n="$(counter refill-draws)" \
			'BEGIN { printf "%.2f", (n > 0 ? us / n : 0) }')
	fi
	printf '  %-26s %10s %9s %12s %10s %10s %8s\n' "$1" "$rate" \
		"$(awk -v r="$rate" -v s="$stock" \
			'BEGIN { printf "%.0f%%", (s > 0 ? 100 * r / s : 0) }')" \
		"$unroutable" "$cookie" "$refill" "$per_draw"
}

# table TITLE: a row without the module and one per share.
table() {
	local bits
	echo "# $1, $seconds s each, $(uname -r) (TCG)"
	printf '  %-26s %10s %9s %12s %10s %10s %8s\n' "share of X" \
		"conns/s" "of stock" "unroutable" "syncookie" "refill ms" \
		"µs/draw"
	rmmod mptcp_lb_issuer 2> /dev/null || true
	row "no issuer module"
	insmod "$kmod/mptcp_lb_issuer.ko"
	for bits in 4 8 10 12; do
		row "1/$((1 << bits))" $(((1 << (32 - bits)) - 1))
	done
}

pace=
table "MPTCP connections accepted"
pace="--per-second $per_second"
table "the same with the client paced at $per_second connections per second"
pace=
n px sysctl -qw net.ipv4.tcp_syncookies=2
n cl "$synsend" 10.0.1.3 10.0.1.1 80 100000000 mptcp > /dev/null &
flooder=$!
table "the same under a spoofed MP_CAPABLE SYN flood"
