#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Proxies through the CLI: add, show (one and dump), delete, flush, IPv4
# and IPv6, JSON, range overlaps refused without a trace, every rejection
# with its extack text, a dump long enough to need continuation, privilege
# and isolation between namespaces.
#
# Usage (inside the VM): proxy.sh MODULE_DIR

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

kmod=$1
lb_setup "$kmod"

check_output "no proxy yet" "" lb proxy show
check_output "no proxy yet, JSON" "[]" lb -j proxy show
check "add an IPv4 proxy" lb proxy add p1 address 10.0.0.1 range 0-0xfff
check "add a draining IPv6 proxy with two ranges" \
	lb proxy add p2 address 2001:db8::2 range 0x3000-0x3fff \
	range 0x1000-0x1fff state drain
p1="name p1 address 10.0.0.1 state active tokens decode encap ipip range 0x00000000-0x00000fff"
p2="name p2 address 2001:db8::2 state drain tokens decode encap ipip range 0x00003000-0x00003fff range 0x00001000-0x00001fff"
check_output "show all" "$p1
$p2" lb proxy show
check_output "show one, JSON" \
	'[{"name":"p2","address":"2001:db8::2","state":"drain","tokens":"decode","encap":"ipip","ranges":[{"lo":"0x00003000","hi":"0x00003fff"},{"lo":"0x00001000","hi":"0x00001fff"}]}]' \
	lb -j proxy show p2

if [[ $(uname -r) == 6.1.* ]]; then
	overlap="a range overlaps one of another proxy"
else
	overlap="range 0x00001800-0x00002000 overlaps 0x00001000-0x00001fff of proxy p2"
fi
check_output "overlap with another proxy is refused" \
	"mptcplb: $overlap (File exists)" \
	lb proxy add p3 address 10.0.0.3 range 0x5000-0x5fff range 0x1800-0x2000
check_output "overlap within the proxy is refused" \
	"mptcplb: the proxy's ranges overlap each other (File exists)" \
	lb proxy add p3 address 10.0.0.3 range 0x5000-0x6000 range 0x5fff-0x7000
check_output "duplicate name is refused" \
	"mptcplb: a proxy of this name exists (File exists)" \
	lb proxy add p1 address 10.0.0.9 range 0x9000-0x9fff
check_output "lo above hi is refused" \
	"mptcplb: range lo is above hi (Invalid argument)" \
	lb proxy add p3 address 10.0.0.3 range 0x20-0x10
check_output "too long a name is refused" \
	"mptcplb: proxy name \"$(printf 'p%.0s' {1..32})\" must be 1 to 31 ASCII letters, digits, '.', '_' and '-', not starting with '-'" \
	lb proxy add "$(printf 'p%.0s' {1..32})" address 10.0.0.3
check_output "rejected requests changed nothing" "$p1
$p2" lb proxy show
check_exit "missing address is a usage error" 2 lb proxy add p3 range 1-2
check_exit "bad address is a bad value" 1 lb proxy add p3 address 10.0.0.300
check_exit "bad range is a bad value" 1 lb proxy add p3 address 10.0.0.3 range 5
check_exit "bad state is a usage error" 2 lb proxy add p3 address 10.0.0.3 state up

check "delete a proxy" lb proxy del p1
check_output "its ranges are free again" "" \
	lb proxy add p4 address 10.0.0.4 range 0x800-0x8ff
check_output "deleted proxy is gone" \
	"mptcplb: no proxy of this name (No such file or directory)" \
	lb proxy show p1
check_output "deleting it again fails" \
	"mptcplb: no proxy of this name (No such file or directory)" \
	lb proxy del p1

# A proxy address names one host: the route lookup would rewrite a
# wildcard one, and nothing can decapsulate for a group or loopback.
for bad in 0.0.0.0 224.0.0.5 255.255.255.255 127.0.0.1 :: ::1 ff02::1 \
	::ffff:10.0.0.9; do
	check_output "proxy address $bad is refused" \
		"mptcplb: the proxy address must be a unicast address (Invalid argument)" \
		lb proxy add u1 address "$bad"
done
check_output "and proxy set refuses it too" \
	"mptcplb: the proxy address must be a unicast address (Invalid argument)" \
	lb proxy set p4 address 0.0.0.0

# GUE needs its port, which proxy set keeps and leaving GUE forgets.
check_output "gue without a port is refused" \
	"mptcplb: encap gue needs encap-port (Invalid argument)" \
	lb proxy add g1 address 10.0.0.8 encap gue
check_output "a port without gue is refused" \
	"mptcplb: encap-port is only for encap gue (Invalid argument)" \
	lb proxy add g1 address 10.0.0.8 encap-port 6080
check_exit "port 0 is a bad value" 1 \
	lb proxy add g1 address 10.0.0.8 encap gue encap-port 0
check "add a gue proxy" lb proxy add g1 address 10.0.0.8 encap gue encap-port 6080
check "set its state alone" lb proxy set g1 state drain
check_output "it keeps gue and its port" \
	"name g1 address 10.0.0.8 state drain tokens decode encap gue encap-port 6080" \
	lb proxy show g1
check_output "JSON too" \
	'[{"name":"g1","address":"10.0.0.8","state":"drain","tokens":"decode","encap":"gue","encap-port":6080,"ranges":[]}]' \
	lb -j proxy show g1
check "back to ipip" lb proxy set g1 encap ipip
check_output "forgets the port" \
	"name g1 address 10.0.0.8 state drain tokens decode encap ipip" \
	lb proxy show g1
check_output "so gue again needs one" \
	"mptcplb: encap gue needs encap-port (Invalid argument)" \
	lb proxy set g1 encap gue
check "remove it" lb proxy del g1

check_output "other namespace has no proxy" "" "$cli" -n "$ns2" proxy show
check_output "unprivileged add is refused" "mptcplb: Operation not permitted" \
	ip netns exec "$ns1" setpriv --reuid=65534 --regid=65534 \
	--clear-groups "$cli" proxy add p5 address 10.0.0.5
check_output "unprivileged show is refused" "mptcplb: Operation not permitted" \
	ip netns exec "$ns1" setpriv --reuid=65534 --regid=65534 \
	--clear-groups "$cli" proxy show

# Each CLI run costs about half a second under TCG, so the dump is made
# long (more than one message buffer) with many ranges, not many proxies.
count=50
per_proxy=20
start=$(date +%s.%N)
for i in $(seq 1 $count); do
	ranges=()
	for j in $(seq 0 $((per_proxy - 1))); do
		lo=$(((i * per_proxy + j) * 0x10000))
		ranges+=(range "$lo-$((lo + 0xffff))")
	done
	lb proxy add "bulk$i" address "10.1.0.$i" "${ranges[@]}"
done
added=$(date +%s.%N)
check_output "a dump of $count proxies with $per_proxy ranges each is whole" \
	"$((count + 2)) $((count * per_proxy + 3)) bulk$count" \
	bash -c "'$cli' -n '$ns1' proxy show | awk '{ n++; r += gsub(/ range /, \"\"); last = \$2 } END { print n, r, last }'"
done_at=$(date +%s.%N)
echo "# $count proxies added in $(echo "$added - $start" | bc) s, dumped in $(echo "$done_at - $added" | bc) s"
check "flush" lb proxy flush
check_output "flush removed them all" "" lb proxy show

lb proxy add kept address 10.0.0.7 range 1-2
check "namespace with proxies goes away" ip netns del "$ns1"
"$cli" -n "$ns2" proxy add kept address 10.0.0.7 range 1-2
check "module unloads with proxies configured" rmmod mptcp_lb
check_dmesg
finish
