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


# unload MODULE: unloads it once the namespaces that held it are gone:
# their cleanup runs after "ip netns del" returns.
unload() {
	local tries=0

	until rmmod "$1" 2> /dev/null; do
		if ((++tries == 600)); then
			rmmod "$1"
			return
		fi
		sleep 0.1
	done
}

# ipip_up VIP: the namespaces afresh, VIP routed into an IPIP device: the
# encapsulation mptcp_lb adds, without its hook.
ipip_up() {
	setup
	n lb ip tunnel add ipip0 mode ipip local 10.0.1.1 remote 10.0.3.1
	n lb ip link set ipip0 up
	n lb ip route add "$1/32" dev ipip0
}

# mlb_up MODULE_DIR CLI [PROXY_OPTION...]: the namespaces afresh,
# mptcp_lb loaded with three proxies p1 to p3 (their ranges cover all of
# X) created with PROXY_OPTIONs; the service is the caller's.
mlb_up() {
	local kmod=$1 cli=$2
	shift 2

	setup
	modprobe nf_defrag_ipv6
	insmod "$kmod/mptcp_lb.ko"
	n lb "$cli" -b - <<-END
		secret set 000102030405060708090a0b0c0d0e0f
		proxy add p1 address 10.0.3.1 range 0-0x55555554 $*
		proxy add p2 address 10.0.3.2 range 0x55555555-0xaaaaaaa9 $*
		proxy add p3 address 10.0.3.3 range 0xaaaaaaaa-0xffffffff $*
	END
}

# mlb_down: the namespaces gone, then mptcp_lb unloaded.
mlb_down() {
	cleanup
	unload mptcp_lb
}

# ipvs_up VIP: in the namespaces set up, IPVS loaded (a connection table
# of 2^20 buckets, its most) with VIP:80 in tunnel mode, mh, to the three
# proxies, idle timeouts of an hour.
ipvs_up() {
	modprobe ip_vs conn_tab_bits=20
	modprobe ip_vs_mh
	n lb ip addr add "$1/32" dev lo
	n lb ipvsadm --set 3600 120 300
	n lb ipvsadm -A -t "$1:80" -s mh
	for i in 1 2 3; do
		n lb ipvsadm -a -t "$1:80" -r "10.0.3.$i:80" -i
	done
}

# ipvs_down: the namespaces gone, then IPVS unloaded.
ipvs_down() {
	cleanup
	unload ip_vs_mh
	unload ip_vs
}
