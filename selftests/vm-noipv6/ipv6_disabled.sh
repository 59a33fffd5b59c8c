#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The LB on a kernel booted with ipv6.disable=1, which selftests/run.sh
# boots for this test alone (MLB_VM_CMDLINE=ipv6.disable=1): IPv6 proxies
# and services are refused, with the reason, and leave no trace, and IPv4
# is forwarded as ever, through the IPv4 half of selftests/topology.sh.
#
# Usage (inside the VM): ipv6_disabled.sh MODULE_DIR

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

kmod=$1
# Read by topology.sh: no IPv6 address, route, tunnel, VIP or proxy.
ipv6=0
# shellcheck source=selftests/topology.sh
source "$top/selftests/topology.sh"

check_output "the kernel runs with IPv6 disabled" "1" \
	cat /sys/module/ipv6/parameters/disable
topology_up "$kmod"

before=$(rx_all)
check_output "TCP over IPv4: 30 transfers intact, every proxy used" \
	"30 ok, 3 proxies" transfers "$vip4" 30 --size 20000
read -r a b c <<< "$(delta "$before" "$(rx_all)")"
echo "# the proxy hosts decapsulated $a, $b and $c packets"
check "every proxy host got them through its IPv4 tunnel" \
	test "$a" -gt 0 -a "$b" -gt 0 -a "$c" -gt 0

# Nothing may have an IPv6 address: were p1 moved to one, the next
# connection sent to it would oops in ip6_pol_route() (6.12).
lb save > "$tmp/before"
refused="mptcplb: IPv6 is disabled on this host (Address family not supported by protocol)"
check_output "an IPv6 proxy is refused" "$refused" \
	lb proxy add p4 address fd00:34::2 range 0x30000000-0x3fffffff
check_output "a proxy cannot move to IPv6" "$refused" \
	lb proxy set p1 address fd00:31::2
check_output "an IPv6 service is refused" "$refused" \
	lb service add "[$vip6]:80" member p1
check_output "the refused requests changed nothing" "$(cat "$tmp/before")" \
	lb save
check_dmesg
finish
