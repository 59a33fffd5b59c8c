# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# $top, $cli and check come from lib.sh, which the tests source first.
# shellcheck disable=SC2154
#
# The namespaces of the data path tests, sourced by them after lib.sh:
#
#   cl ══ rt ── lb          VIPs 192.0.2.1 and 2001:db8::100 port 80,
#          ├── h1          routed by rt to lb, on lo of every proxy host
#          ├── h2          hN is proxy pN (IPv4 tunnel, ipip) and pNv6
#          └── h3          (IPv6 tunnel, ip6tnl), both serving port 80
#
# The client has two links to the router (10.0.1.2 and 10.0.4.2), so that
# MPTCP can open a second subflow.  topology_up MODULE_DIR builds it all,
# loads the LB module and configures the LB; removed on exit.  With
# ipv6=0 (a kernel booted with ipv6.disable=1) it is IPv4 alone: no IPv6
# address, route, tunnel, VIP or proxy.

# Used by the test scripts that source this file.
# shellcheck disable=SC2034
kit=$top/selftests/vm/tcpkit.py
vip4=192.0.2.1
vip6=2001:db8::100
secret=000102030405060708090a0b0c0d0e0f
hosts=(h1 h2 h3)
ipv6=${ipv6:-1}
# Namespaces a test adds, removed with the others.
extra_ns=()
pids=()
tmp=$(mktemp -d)
# n NS COMMAND...: COMMAND in namespace NS of this test.
n() {
	local ns=$1
	shift
	ip netns exec "mlb-$ns-$$" "$@"
}

cleanup() {
	local ns
	for pid in "${pids[@]}"; do
		kill "$pid" 2> /dev/null || true
	done
	for ns in cl rt lb "${hosts[@]}" "${extra_ns[@]}"; do
		ip netns del "mlb-$ns-$$" 2> /dev/null || true
	done
	rmmod mptcp_lb 2> /dev/null || true
	rmmod mptcp_lb_issuer 2> /dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

# link A B A_ADDR4 B_ADDR4 A_ADDR6 B_ADDR6: a veth between namespaces.
link() {
	ip link add "to-$2" netns "mlb-$1-$$" type veth peer "to-$1" \
		netns "mlb-$2-$$"
	n "$1" ip addr add "$3/24" dev "to-$2"
	n "$2" ip addr add "$4/24" dev "to-$1"
	if ((ipv6)); then
		n "$1" ip addr add "$5/64" dev "to-$2" nodad
		n "$2" ip addr add "$6/64" dev "to-$1" nodad
	fi
	n "$1" ip link set "to-$2" up
	n "$2" ip link set "to-$1" up
}

# host_up H I: proxy host H, the I-th, with both VIPs and tunnel ends.
host_up() {
	local h=$1 i=$2
	link rt "$h" "10.0.3$i.1" "10.0.3$i.2" "fd00:3$i::1" "fd00:3$i::2"
	n "$h" ip route add default via "10.0.3$i.1"
	n "$h" ip addr add "$vip4/32" dev lo
	n "$h" ip link set lo up
	n "$h" ip link add t4 type ipip local "10.0.3$i.2"
	n "$h" ip link set t4 up
	if ((ipv6)); then
		n "$h" ip -6 route add default via "fd00:3$i::1"
		n "$h" ip addr add "$vip6/128" dev lo nodad
		n "$h" ip link add t6 type ip6tnl mode any local "fd00:3$i::2"
		n "$h" ip link set t6 up
	fi
	# Decapsulated packets come from clients routed elsewhere.
	n "$h" sysctl -qw net.ipv4.conf.all.rp_filter=0 \
		net.ipv4.conf.t4.rp_filter=0
	n "$h" python3 "$kit" serve "$h" 80 --tokens "$tmp/tokens-$h" \
		> /dev/null &
	pids+=($!)
}

# rx H: packets H's tunnel devices have decapsulated.
rx() {
	# shellcheck disable=SC2016 # expanded in H's namespace
	n "$1" bash -c 'cat /sys/class/net/t[46]/statistics/rx_packets' |
		paste -sd+ | bc
}

# rx_all: "h1 h2 h3" packet counts.
rx_all() {
	local h counts=()
	for h in "${hosts[@]}"; do
		counts+=("$(rx "$h")")
	done
	echo "${counts[*]}"
}

# delta BEFORE AFTER: what each proxy host received in between.
delta() {
	local -a b a
	read -ra b <<< "$1"
	read -ra a <<< "$2"
	echo "$((a[0] - b[0])) $((a[1] - b[1])) $((a[2] - b[2]))"
}

lb() {
	n lb "$cli" "$@"
}

# transfers VIP N [ARG...]: N transfers from the client to VIP port 80
# (tcpkit.py connect ... ARG...): "K ok, P proxies", K of them intact and
# answered by P proxies.
transfers() {
	local vip=$1 count=$2
	shift 2
	n cl python3 "$kit" connect "$vip" 80 "$count" "$@" |
		awk '$2 == "ok" { ok++; seen[$1] } END { print ok + 0, "ok,", length(seen), "proxies" }'
}

# lb_counter NS NAME: a counter (or learned-tokens) of the LB in NS.
lb_counter() {
	n "$1" "$cli" -j stats | grep -o "\"$2\":[0-9]*" | cut -d: -f2
}

# narrow_hop MTU: the router's links to the proxy hosts carry at most MTU
# bytes, a hop past the LB that its outer packets may not fit.
narrow_hop() {
	local h

	for h in "${hosts[@]}"; do
		n rt ip link set "to-$h" mtu "$1"
		n "$h" ip link set to-rt mtu "$1"
	done
}

# mptcp_paths_up: the client's second path becomes an MPTCP subflow
# endpoint, and client and proxy hosts accept two subflows.
mptcp_paths_up() {
	local h
	n cl ip mptcp limits set subflow 2 add_addr_accepted 2
	for h in "${hosts[@]}"; do
		n "$h" ip mptcp limits set subflow 2 add_addr_accepted 2
	done
	n cl ip mptcp endpoint add 10.0.4.2 dev to-rt2 subflow
}

# issuers_up: the issuer on every proxy host, hN issuing tokens in pN's
# range, 0x(N-1)0000000-0x(N-1)fffffff.
issuers_up() {
	local i range
	insmod "$1/mptcp_lb_issuer.ko"
	for i in 1 2 3; do
		range=$(printf '0x%x0000000-0x%xfffffff' $((i - 1)) $((i - 1)))
		check "h$i: mptcplb issuer set SECRET range $range" \
			n "h$i" "$cli" issuer set "$secret" range "$range"
	done
}

# X in thirds, one per host, for the issuers and the LB's ranges alike.
third=0x55555555

# third_range I: the I-th third of X (0 to 2), the last 256 left out.
third_range() {
	local lo=$(($1 * third))
	local hi=$((lo + third - 1))
	[[ $1 == 2 ]] && hi=0xfffffeff
	printf '0x%08x-0x%08x' "$lo" "$hi"
}

# own_thirds FAMILY: the LB gives the proxies of FAMILY (4 or 6) a third
# of X each, those of the other family a corner: each host is one proxy.
own_thirds() {
	local i mine=""
	[[ $1 == 6 ]] && mine=v6
	{
		for i in 1 2 3; do
			echo "proxy set p$i range 0xffffff0$i-0xffffff0$i"
			echo "proxy set p${i}v6 range 0xffffff1$i-0xffffff1$i"
		done
		for i in 1 2 3; do
			echo "proxy set p$i$mine range $(third_range $((i - 1)))"
		done
	} | lb -b -
}

# issue_thirds: each host's issuer (loaded) takes its third of X.
issue_thirds() {
	local i
	for i in 1 2 3; do
		n "h$i" "$cli" issuer set "$secret" range "$(third_range $((i - 1)))"
	done
}

# second_lb_up: LB namespace lb2 on its own link to the router, restored
# from the first LB's saved configuration, and the router spreading the
# IPv4 VIP over both by ECMP on addresses, protocol and ports.
second_lb_up() {
	ip netns add "mlb-lb2-$$"
	extra_ns+=(lb2)
	n lb2 ip link set lo up
	link lb2 rt 10.0.5.2 10.0.5.1 fd00:5::2 fd00:5::1
	n lb2 ip route add default via 10.0.5.1
	check "the second LB restores the first one's saved configuration" \
		bash -c "'$cli' -n mlb-lb-$$ save | '$cli' -n mlb-lb2-$$ -b -"
	n lb2 "$cli" secret set "$secret"
	check_output "both LBs are configured alike" "$(lb save)" \
		n lb2 "$cli" save
	# Policy 1 would reuse the hash of the client's socket, which veth
	# carries over (skb->l4_hash); policy 3 hashes the 5-tuple of every
	# packet, as a router on a wire does.
	n rt sysctl -qw net.ipv4.fib_multipath_hash_policy=3 \
		net.ipv4.fib_multipath_hash_fields=0x37
	n rt ip route replace "$vip4/32" nexthop via 10.0.2.2 \
		nexthop via 10.0.5.2
}

# join_acks: MP_JOIN third ACKs the three proxies received, in all: a
# join that reached another proxy than its connection's gets a reset.
join_acks() {
	local h total=0
	for h in "${hosts[@]}"; do
		total=$((total + $(n "$h" nstat -saz MPTcpExtMPJoinAckRx |
				   awk '/MPJoinAckRx/ { print $2 }')))
	done
	echo "$total"
}

# joined VIP COUNT: "J joins, I intact" for COUNT connections, each of
# which tries one join before it sends all its data.
joined() {
	local before
	before=$(join_acks)
	n cl python3 "$kit" connect "$1" 80 "$2" --mptcp --subflows \
		--size 50000 > "$tmp/joined" || true
	echo "$(($(join_acks) - before)) joins, $(grep -c ' ok' "$tmp/joined") intact"
}

topology_up() {
	local h i ns

	dmesg -C
	load_lb "$1"
	for ns in cl rt lb "${hosts[@]}"; do
		ip netns add "mlb-$ns-$$"
		n "$ns" ip link set lo up
	done
	link cl rt 10.0.1.2 10.0.1.1 fd00:1::2 fd00:1::1
	ip link add to-rt2 netns "mlb-cl-$$" type veth peer to-cl2 netns "mlb-rt-$$"
	n cl ip addr add 10.0.4.2/24 dev to-rt2
	n rt ip addr add 10.0.4.1/24 dev to-cl2
	n cl ip link set to-rt2 up
	n rt ip link set to-cl2 up
	link lb rt 10.0.2.2 10.0.2.1 fd00:2::2 fd00:2::1
	for i in 1 2 3; do
		host_up "h$i" "$i"
	done
	n cl ip route add default via 10.0.1.1
	# For subflows bound to the second link; the first link is preferred.
	n cl ip route add default via 10.0.4.1 dev to-rt2 metric 4000
	n lb ip route add default via 10.0.2.1
	n rt sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0
	n rt ip route add "$vip4/32" via 10.0.2.2
	if ((ipv6)); then
		n cl ip addr add fd00:4::2/64 dev to-rt2 nodad
		n rt ip addr add fd00:4::1/64 dev to-cl2 nodad
		n cl ip -6 route add default via fd00:1::1
		n cl ip -6 route add default via fd00:4::1 dev to-rt2 metric 4000
		n lb ip -6 route add default via fd00:2::1
		n rt sysctl -qw net.ipv6.conf.all.forwarding=1
		n rt ip -6 route add "$vip6/128" via fd00:2::2
	fi

	{
		echo "secret set $secret"
		echo "proxy add p1 address 10.0.31.2 range 0x00000000-0x0fffffff"
		echo "proxy add p2 address 10.0.32.2 range 0x10000000-0x1fffffff"
		echo "proxy add p3 address 10.0.33.2 range 0x20000000-0x2fffffff"
		if ((ipv6)); then
			echo "proxy add p1v6 address fd00:31::2 range 0x30000000-0x3fffffff"
			echo "proxy add p2v6 address fd00:32::2 range 0x40000000-0x4fffffff"
			echo "proxy add p3v6 address fd00:33::2 range 0x50000000-0x5fffffff"
		fi
		echo "service add $vip4:80 member p1 member p2 weight 2 member p3"
		if ((ipv6)); then
			echo "service add [$vip6]:80 member p1v6 member p2v6 member p3v6"
		fi
	} > "$tmp/lb-config"
	check "configure the LB" lb -b "$tmp/lb-config"

	# Servers take a moment to listen under TCG.
	for h in "${hosts[@]}"; do
		until n "$h" ss -Hltn 'sport = :80' | grep -q .; do sleep 0.2; done
	done
}
