# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The namespaces of the VM benchmarks, sourced by them: a client and the
# LB on a veth, every proxy address routed into dummy0, which drops what
# the LB sends.
#
#   cl ── lb ── dummy0

# n NS COMMAND...: runs COMMAND in the benchmark's namespace NS.
n() {
	local ns=$1
	shift
	ip netns exec "bench-$ns" "$@"
}

# cleanup: removes the namespaces, at exit too.
cleanup() {
	ip netns del bench-cl 2> /dev/null || true
	ip netns del bench-lb 2> /dev/null || true
}
trap cleanup EXIT

# setup: the namespaces, afresh.
setup() {
	cleanup
	ip netns add bench-cl
	ip netns add bench-lb
	# IPv4 only: no IPv6 duplicate address detection or MLD report runs
	# while a benchmark loads a module or turns a static key on.
	n cl sysctl -qw net.ipv6.conf.default.disable_ipv6=1
	n lb sysctl -qw net.ipv6.conf.default.disable_ipv6=1
	ip link add to-lb netns bench-cl type veth peer to-cl netns bench-lb
	n cl ip addr add 10.0.1.2/24 dev to-lb
	n lb ip addr add 10.0.1.1/24 dev to-cl
	n cl ip link set to-lb up
	n lb ip link set to-cl up
	n cl ip route add default via 10.0.1.1
	n lb ip link add dummy0 type dummy
	n lb ip link set dummy0 up
	n lb ip route add 10.0.3.0/24 dev dummy0
	n lb sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 \
		net.ipv4.conf.to-cl.rp_filter=0
	# No neighbour resolution while the clock runs, nor after.
	n cl ip neigh replace 10.0.1.1 dev to-lb nud permanent \
		lladdr "$(n lb cat /sys/class/net/to-cl/address)"
}

