#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The data path with real packets: a client, a router, the LB and three
# proxy hosts, each decapsulating with the kernel's own tunnel devices and
# serving over the kernel's TCP and MPTCP.  What reaches each proxy is read
# from its tunnel device's counters, independently of the LB's.
#
#   cl ── rt ── lb          VIPs 192.0.2.1 and 2001:db8::100 port 80,
#          ├── h1          routed by rt to lb, on lo of every proxy host
#          ├── h2          hN is proxy pN (IPv4 tunnel, ipip) and pNv6
#          └── h3          (IPv6 tunnel, ip6tnl), both serving port 80
#
# Usage (inside the VM): forward.sh MODULE_DIR

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

kmod=$1
kit=$top/selftests/vm/tcpkit.py
vip4=192.0.2.1
vip6=2001:db8::100
secret=000102030405060708090a0b0c0d0e0f
hosts=(h1 h2 h3)
pids=()

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
	for ns in cl rt lb "${hosts[@]}"; do
		ip netns del "mlb-$ns-$$" 2> /dev/null || true
	done
	rmmod mptcp_lb 2> /dev/null || true
}
trap cleanup EXIT

# link A B A_ADDR4 B_ADDR4 A_ADDR6 B_ADDR6: a veth between namespaces.
link() {
	ip link add "to-$2" netns "mlb-$1-$$" type veth peer "to-$1" \
		netns "mlb-$2-$$"
	n "$1" ip addr add "$3/24" dev "to-$2"
	n "$2" ip addr add "$4/24" dev "to-$1"
	n "$1" ip addr add "$5/64" dev "to-$2" nodad
	n "$2" ip addr add "$6/64" dev "to-$1" nodad
	n "$1" ip link set "to-$2" up
	n "$2" ip link set "to-$1" up
}

# host_up H I: proxy host H, the I-th, with both VIPs and tunnel ends.
host_up() {
	local h=$1 i=$2
	link rt "$h" "10.0.3$i.1" "10.0.3$i.2" "fd00:3$i::1" "fd00:3$i::2"
	n "$h" ip route add default via "10.0.3$i.1"
	n "$h" ip -6 route add default via "fd00:3$i::1"
	n "$h" ip addr add "$vip4/32" dev lo
	n "$h" ip addr add "$vip6/128" dev lo nodad
	n "$h" ip link set lo up
	n "$h" ip link add t4 type ipip local "10.0.3$i.2"
	n "$h" ip link add t6 type ip6tnl mode any local "fd00:3$i::2"
	n "$h" ip link set t4 up
	n "$h" ip link set t6 up
	# Decapsulated packets come from clients routed elsewhere.
	n "$h" sysctl -qw net.ipv4.conf.all.rp_filter=0 \
		net.ipv4.conf.t4.rp_filter=0
	n "$h" python3 "$kit" serve "$h" 80 > /dev/null &
	pids+=($!)
}

# rx H: packets H's two tunnel devices have decapsulated.
rx() {
	n "$1" cat /sys/class/net/t4/statistics/rx_packets \
		/sys/class/net/t6/statistics/rx_packets | paste -sd+ | bc
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

dmesg -C
insmod "$kmod/mptcp_lb.ko"
for ns in cl rt lb "${hosts[@]}"; do
	ip netns add "mlb-$ns-$$"
	n "$ns" ip link set lo up
done
link cl rt 10.0.1.2 10.0.1.1 fd00:1::2 fd00:1::1
link lb rt 10.0.2.2 10.0.2.1 fd00:2::2 fd00:2::1
for i in 1 2 3; do
	host_up "h$i" "$i"
done
n cl ip route add default via 10.0.1.1
n cl ip -6 route add default via fd00:1::1
n lb ip route add default via 10.0.2.1
n lb ip -6 route add default via fd00:2::1
n rt sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 \
	net.ipv4.conf.all.rp_filter=0
n rt ip route add "$vip4/32" via 10.0.2.2
n rt ip -6 route add "$vip6/128" via fd00:2::2

check "configure the LB" lb -b - <<EOF
secret set $secret
proxy add p1 address 10.0.31.2 range 0x00000000-0x0fffffff
proxy add p2 address 10.0.32.2 range 0x10000000-0x1fffffff
proxy add p3 address 10.0.33.2 range 0x20000000-0x2fffffff
proxy add p1v6 address fd00:31::2 range 0x30000000-0x3fffffff
proxy add p2v6 address fd00:32::2 range 0x40000000-0x4fffffff
proxy add p3v6 address fd00:33::2 range 0x50000000-0x5fffffff
service add $vip4:80 member p1 member p2 weight 2 member p3
service add [$vip6]:80 member p1v6 member p2v6 member p3v6
EOF

# Servers take a moment to listen under TCG.
for h in "${hosts[@]}"; do
	until n "$h" ss -Hltn 'sport = :80' | grep -q .; do sleep 0.2; done
done

for family in 4 6; do
	vip=$vip4 && [[ $family == 6 ]] && vip=$vip6
	check_output "TCP over IPv$family: 30 transfers intact, every proxy used" \
		"30 ok, 3 proxies" \
		bash -c "ip netns exec mlb-cl-$$ python3 '$kit' connect $vip 80 30 --size 20000 |
			awk '\$2 == \"ok\" { ok++; seen[\$1] } END { print ok + 0, \"ok,\", length(seen), \"proxies\" }'"
	check_output "MPTCP over IPv$family: 20 transfers intact" "20 ok" \
		bash -c "ip netns exec mlb-cl-$$ python3 '$kit' connect $vip 80 20 --mptcp --size 20000 |
			awk '\$2 == \"ok\" { ok++ } END { print ok + 0, \"ok\" }'"
done

# 2000 SYNs from fixed ports: the spread is the same on every run, and
# must follow the weights 1:2:1 within a few percent.  Each proxy answers
# with a SYN/ACK, the client with a RST, which follows its SYN's flow.
before=$(rx_all)
n cl python3 "$kit" syn 10.0.1.2 "$vip4" 80 2000
after=$(rx_all)
read -r a b c <<< "$(delta "$before" "$after")"
echo "# 2000 SYNs and their RSTs by weight 1:2:1 reached h1 $a, h2 $b, h3 $c"
check "new connections follow the weights" \
	test $((a + b + c)) -eq 4000 -a "$a" -gt 800 -a "$a" -lt 1200 \
	-a "$b" -gt 1800 -a "$b" -lt 2200 -a "$c" -gt 800 -a "$c" -lt 1200

# join FAMILY X: sends a SYN + MP_JOIN whose token decrypts to X.
join() {
	local vip=$vip4 src=10.0.1.2 token
	[[ $1 == 6 ]] && vip=$vip6 src=fd00:1::2
	token=$("$cli" token encode "$2" secret "$secret")
	n cl python3 "$kit" join "$src" "$vip" 80 "$token"
}

for family in 4 6; do
	for i in 1 2 3; do
		x=$(((i - 1) * 0x10000000 + 0x0abcdef))
		[[ $family == 6 ]] && x=$((x + 0x30000000))
		expected="0 0 0"
		expected=${expected:0:$(((i - 1) * 2))}1${expected:$(((i - 1) * 2 + 1))}
		before=$(rx_all)
		join "$family" "$x"
		check_output "IPv$family join with X in h$i's range reaches h$i alone" \
			"$expected" delta "$before" "$(rx_all)"
	done
done

counter() {
	lb -j stats | grep -o "\"$1\":[0-9]*" | cut -d: -f2
}

before=$(rx_all)
unknown=$(counter drop-unknown-token)
join 4 0xf0000000
check_output "a token in no range reaches no proxy" "0 0 0" \
	delta "$before" "$(rx_all)"
check_output "and is counted" "$((unknown + 1))" counter drop-unknown-token
not_member=$(counter drop-not-member)
join 4 0x30000001
check_output "a token of a proxy not in the service is dropped" "0 0 0" \
	delta "$before" "$(rx_all)"
check_output "and is counted" "$((not_member + 1))" counter drop-not-member
check_output "the LB counted the joins per proxy" "1 1 1 1 1 1" \
	bash -c "'$cli' -n mlb-lb-$$ -j -s proxy show | grep -o '\"syn-join\":[0-9]*' | cut -d: -f2 | xargs"

lb stats > /dev/null
echo "# LB counters: $(lb stats)"
check "removing the services stops the hooks" lb service flush
before=$(rx_all)
n cl python3 "$kit" syn 10.0.1.2 "$vip4" 80 10
check_output "without a service nothing is forwarded" "0 0 0" \
	delta "$before" "$(rx_all)"
check "module unloads" rmmod mptcp_lb
check_dmesg
finish
