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
	# $! of "n NS COMMAND &" is the subshell running n, not COMMAND:
	# what still runs in the namespaces is stopped by namespace, or it
	# would outlive the test, holding its output open.
	for ns in cl rt lb "${hosts[@]}" "${extra_ns[@]}"; do
		ip netns pids "mlb-$ns-$$" 2> /dev/null | xargs -r kill \
			2> /dev/null || true
		ip netns del "mlb-$ns-$$" 2> /dev/null || true
	done
	rmmod mptcp_lb 2> /dev/null || true
	rmmod mptcp_lb_issuer 2> /dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

# Every program a TCG guest starts costs it a second or more (its binary
# and libraries come over 9p): `ip` commands are queued per namespace
# with ipq NS ARG... (NS . for this one) and run by ipq_run, one
# `ip -batch` per namespace, this one's first (it makes the namespaces and
# veths the others configure).
declare -A ip_queue=()
ipq() {
	local ns=$1
	shift
	ip_queue[$ns]+="$*"$'\n'
}

ipq_run() {
	local ns
	for ns in . "${!ip_queue[@]}"; do
		[[ -n ${ip_queue[$ns]:-} ]] || continue
		if [[ $ns == . ]]; then
			ip -batch - <<< "${ip_queue[$ns]}" || return
		else
			ip -n "mlb-$ns-$$" -batch - <<< "${ip_queue[$ns]}" ||
				return
		fi
		unset "ip_queue[$ns]"
	done
}

# netns_up NS...: queues the namespaces, with lo up in each.
netns_up() {
	local ns
	for ns in "$@"; do
		ipq . netns add "mlb-$ns-$$"
		ipq "$ns" link set lo up
	done
}

# link A B A_ADDR4 B_ADDR4 A_ADDR6 B_ADDR6: queues a veth between
# namespaces.
link() {
	ipq . link add "to-$2" netns "mlb-$1-$$" type veth peer "to-$1" \
		netns "mlb-$2-$$"
	ipq "$1" addr add "$3/24" dev "to-$2"
	ipq "$2" addr add "$4/24" dev "to-$1"
	if ((ipv6)); then
		ipq "$1" addr add "$5/64" dev "to-$2" nodad
		ipq "$2" addr add "$6/64" dev "to-$1" nodad
	fi
	ipq "$1" link set "to-$2" up
	ipq "$2" link set "to-$1" up
}

# host_up H I: queues proxy host H, the I-th, with both VIPs and tunnel
# ends; host_serve H then starts its server.
host_up() {
	local h=$1 i=$2
	link rt "$h" "10.0.3$i.1" "10.0.3$i.2" "fd00:3$i::1" "fd00:3$i::2"
	ipq "$h" route add default via "10.0.3$i.1"
	ipq "$h" addr add "$vip4/32" dev lo
	ipq "$h" link add t4 type ipip local "10.0.3$i.2"
	ipq "$h" link set t4 up
	if ((ipv6)); then
		ipq "$h" route add default via "fd00:3$i::1"
		ipq "$h" addr add "$vip6/128" dev lo nodad
		ipq "$h" link add t6 type ip6tnl mode any local "fd00:3$i::2"
		ipq "$h" link set t6 up
	fi
}

host_serve() {
	# Decapsulated packets come from clients routed elsewhere.
	n "$1" sysctl -qw net.ipv4.conf.all.rp_filter=0 \
		net.ipv4.conf.t4.rp_filter=0
	n "$1" python3 "$kit" serve "$1" 80 --tokens "$tmp/tokens-$1" \
		> "$tmp/serve-$1" &
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
	"$cli" -n "mlb-lb-$$" "$@"
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

# intact VIP N [ARG...]: "K ok" of N transfers, whichever proxies took them.
intact() {
	transfers "$@" | cut -d, -f1
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
	local ns
	for ns in cl "${hosts[@]}"; do
		ipq "$ns" mptcp limits set subflow 2 add_addr_accepted 2
	done
	ipq cl mptcp endpoint add 10.0.4.2 dev to-rt2 subflow
	ipq_run
}

# direct_up HOST ADDRESS: HOST's proxy takes the joins of its connections
# at ADDRESS (IPv4), an address of its own that the router reaches around
# the LBs: it sets the C flag (allow_join_initial_addr_port=0) and
# announces ADDRESS in an ADD_ADDR (a signal endpoint), as admin.rst's
# direct proxy does.  The LBs' side, "proxy set PROXY direct ADDRESS", is
# the caller's.
direct_up() {
	n "$1" ip addr add "$2/32" dev lo
	n rt ip route add "$2/32" via "10.0.3${1#h}.2"
	n "$1" sysctl -qw net.mptcp.allow_join_initial_addr_port=0
	n "$1" ip mptcp endpoint add "$2" signal
}

# issuers_up: the issuer on every proxy host, hN issuing tokens in pN's
# range, 0x(N-1)0000000-0x(N-1)fffffff.
issuers_up() {
	local i range
	insmod "$1/mptcp_lb_issuer.ko"
	for i in 1 2 3; do
		range=$(printf '0x%x0000000-0x%xfffffff' $((i - 1)) $((i - 1)))
		check "h$i: mptcplb issuer set SECRET range $range" \
			"$cli" -n "mlb-h$i-$$" issuer set "$secret" range "$range"
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
# IPv4 VIP over both by ECMP on addresses, protocol and ports (a static
# route, until bgp_up).
second_lb_up() {
	extra_ns+=(lb2)
	netns_up lb2
	link lb2 rt 10.0.5.2 10.0.5.1 fd00:5::2 fd00:5::1
	ipq lb2 route add default via 10.0.5.1
	ipq_run
	check "the second LB restores the first one's saved configuration" \
		bash -c "'$cli' -n mlb-lb-$$ save | '$cli' -n mlb-lb2-$$ -b -"
	"$cli" -n "mlb-lb2-$$" secret set "$secret"
	check_output "both LBs are configured alike" "$(lb save)" \
		"$cli" -n "mlb-lb2-$$" save
	# Policy 1 would reuse the hash of the client's socket, which veth
	# carries over (skb->l4_hash); policy 3 hashes the 5-tuple of every
	# packet, as a router on a wire does.
	n rt sysctl -qw net.ipv4.fib_multipath_hash_policy=3 \
		net.ipv4.fib_multipath_hash_fields=0x37
	n rt ip route replace "$vip4/32" nexthop via 10.0.2.2 \
		nexthop via 10.0.5.2
}

# BGP timers short enough that a test waits seconds, not minutes, for a
# session to come up or go (RFC 4271 section 10: hold time 3 s is the
# least); no graceful restart, so that a stopped LB's routes go at once.
bgp_timers="hold time 3; keepalive time 1; connect retry time 1;
	connect delay time 1; error wait time 1, 5; graceful restart off;"

# bird_up NS CONFIG: BIRD in namespace NS with configuration CONFIG, its
# control socket and log in $tmp; stopped on exit.
bird_up() {
	echo "log \"$tmp/bird-$1.log\" all;
$2" > "$tmp/bird-$1.conf"
	ip netns exec "mlb-$1-$$" bird -f -c "$tmp/bird-$1.conf" \
		-s "$tmp/bird-$1.ctl" &
	pids+=($!)
}

# lb_bird NS ADDR4 ROUTER4 ADDR6 ROUTER6: the LB's BIRD, as
# Documentation/admin.rst configures it: the VIP routes of protocol 196
# that mptcplb-vip-routes installs, announced to the router (AS 65000)
# from AS 65001, one session per family.
lb_bird() {
	local conf="router id $2;
protocol device {}
protocol kernel vips4 {
	ipv4 { import where krt_source = 196; export none; };
	learn;
}
protocol bgp router4 {
	local $2 as 65001; neighbor $3 as 65000; $bgp_timers
	ipv4 { import none; export where proto = \"vips4\"; };
}"
	if ((ipv6)); then
		conf+="
protocol kernel vips6 {
	ipv6 { import where krt_source = 196; export none; };
	learn;
}
protocol bgp router6 {
	local $4 as 65001; neighbor $5 as 65000; $bgp_timers
	ipv6 { import none; export where proto = \"vips6\"; };
}"
	fi
	n "$1" env PATH="$top/tools/mptcplb:$PATH" \
		"$top/tools/systemd/mptcplb-vip-routes.sh" sync
	bird_up "$1" "$conf"
}

# router_bird: the router's BIRD, sessions with both LBs, every route it
# learns in the kernel's table, equal ones merged into one multipath route.
router_bird() {
	local conf="router id 10.0.2.1;
protocol device {}
protocol kernel { ipv4 { import none; export all; }; merge paths on; }
template bgp lbs { local as 65000; $bgp_timers }
protocol bgp lb1v4 from lbs {
	neighbor 10.0.2.2 as 65001; ipv4 { import all; export none; };
}
protocol bgp lb2v4 from lbs {
	neighbor 10.0.5.2 as 65001; ipv4 { import all; export none; };
}"
	if ((ipv6)); then
		conf+="
protocol kernel { ipv6 { import none; export all; }; merge paths on; }
protocol bgp lb1v6 from lbs {
	neighbor fd00:2::2 as 65001; ipv6 { import all; export none; };
}
protocol bgp lb2v6 from lbs {
	neighbor fd00:5::2 as 65001; ipv6 { import all; export none; };
}"
	fi
	bird_up rt "$conf"
}

# nexthops PREFIX: how many next hops the router's route to PREFIX has.
nexthops() {
	local route family=-4
	# ip route show lists IPv4 routes alone unless told otherwise.
	[[ $1 == *:* ]] && family=-6
	route=$(n rt ip "$family" route show "$1")
	# grep -c prints 0, but fails, when nothing matches.
	if [[ $route == *nexthop* ]]; then
		grep -c nexthop <<< "$route" || true
	else
		grep -c via <<< "$route" || true
	fi
}

# vips_via N: the router's routes to the VIPs have N next hops each.
vips_via() {
	[[ $(nexthops "$vip4/32") == "$1" ]] &&
		{ ((!ipv6)) || [[ $(nexthops "$vip6/128") == "$1" ]]; }
}

# bgp_converged: the router's routes to the VIPs have both LBs as next
# hops within 60 s (a loaded TCG guest can take that long); if not, why:
# the end of each BIRD's log and the router's routes, printed before the
# cleanup removes the logs.
bgp_converged() {
	local log
	wait_until 60 vips_via 2 && return
	for log in "$tmp"/bird-*.log; do
		echo "# the end of $(basename "$log"):"
		tail -n 10 "$log" | sed 's/^/#   /'
	done
	echo "# the router's routes:"
	{ n rt ip -4 route show; n rt ip -6 route show; } | sed 's/^/#   /'
	return 1
}

# bgp_up: after second_lb_up, the router's static routes to the VIPs give
# way to what BIRD learns over BGP from both LBs, which announce their VIP
# routes; waits for the multipath routes.
bgp_up() {
	n rt ip route del "$vip4/32"
	((!ipv6)) || n rt ip -6 route del "$vip6/128"
	router_bird
	lb_bird lb 10.0.2.2 10.0.2.1 fd00:2::2 fd00:2::1
	lb_bird lb2 10.0.5.2 10.0.5.1 fd00:5::2 fd00:5::1
	check "BGP: the router routes the VIPs to both LBs" bgp_converged
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

# joined VIP COUNT: "J joins, I intact" for COUNT connections at once,
# each of which tries one join before it sends all its data.
joined() {
	local before
	before=$(join_acks)
	n cl python3 "$kit" connect "$1" 80 "$2" --mptcp --subflows \
		--size 50000 --parallel > "$tmp/joined" || true
	echo "$(($(join_acks) - before)) joins, $(grep -c ' ok' "$tmp/joined") intact"
}

topology_up() {
	local h i sysctls

	dmesg -C
	load_lb "$1"
	netns_up cl rt lb "${hosts[@]}"
	link cl rt 10.0.1.2 10.0.1.1 fd00:1::2 fd00:1::1
	ipq . link add to-rt2 netns "mlb-cl-$$" type veth peer to-cl2 \
		netns "mlb-rt-$$"
	ipq cl addr add 10.0.4.2/24 dev to-rt2
	ipq rt addr add 10.0.4.1/24 dev to-cl2
	ipq cl link set to-rt2 up
	ipq rt link set to-cl2 up
	link lb rt 10.0.2.2 10.0.2.1 fd00:2::2 fd00:2::1
	for i in 1 2 3; do
		host_up "h$i" "$i"
	done
	ipq cl route add default via 10.0.1.1
	# For subflows bound to the second link; the first link is preferred.
	ipq cl route add default via 10.0.4.1 dev to-rt2 metric 4000
	ipq lb route add default via 10.0.2.1
	ipq rt route add "$vip4/32" via 10.0.2.2
	if ((ipv6)); then
		ipq cl addr add fd00:4::2/64 dev to-rt2 nodad
		ipq rt addr add fd00:4::1/64 dev to-cl2 nodad
		ipq cl route add default via fd00:1::1
		ipq cl route add default via fd00:4::1 dev to-rt2 metric 4000
		ipq lb route add default via fd00:2::1
		ipq rt route add "$vip6/128" via fd00:2::2
	fi
	ipq_run
	sysctls=(net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0)
	((!ipv6)) || sysctls+=(net.ipv6.conf.all.forwarding=1)
	n rt sysctl -qw "${sysctls[@]}"
	for h in "${hosts[@]}"; do
		host_serve "$h"
	done

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

	# Servers take a moment to listen under TCG: each says when it does.
	for h in "${hosts[@]}"; do
		wait_until 60 test -s "$tmp/serve-$h" || {
			echo "# the server of $h does not listen" >&2
			return 1
		}
	done
}
