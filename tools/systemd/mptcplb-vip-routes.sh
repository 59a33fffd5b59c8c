#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The routes a BGP daemon on the LB host announces the VIPs from: one
# blackhole route of protocol 196 per address of a service of this
# network namespace's LB, in the main table, which the daemon learns from
# the kernel (see "Announcing the VIPs over BGP" in Documentation/admin.rst).
# A blackhole, not a local route: the module takes the VIP's packets
# before routing, so the route only names the VIP, and BIRD 2's kernel
# protocol ignores local routes (RTN_LOCAL) but learns blackholes.
# The systemd units run it after configuring the LB and before emptying it.
#
# Usage: mptcplb-vip-routes sync    a route for each service address, and
#                                   no other route of protocol 196
#        mptcplb-vip-routes flush   no route of protocol 196: every VIP
#                                   is withdrawn
#
# Both can run any number of times.  The CLI is mptcplb from PATH.

set -euo pipefail

proto=196

# families: the address families of this host, 6 only with IPv6 enabled.
families() {
	echo 4
	[[ -e /proc/sys/net/ipv6 ]] && echo 6
	return 0
}

# ours FAMILY: the prefixes our routes of FAMILY (4 or 6) have now.
ours() {
	ip "-$1" route show table main proto "$proto" type blackhole |
		awk '{ print $2 }'
}

# vips: the services' addresses, without brackets or ports, once each.
vips() {
	mptcplb save | awk '$1 == "service" && $2 == "add" { print $3 }' |
		sed -E 's/^\[(.*)\]:[0-9]+$/\1/; s/^([0-9.]+):[0-9]+$/\1/' |
		sort -u
}

sync_routes() {
	local want vip family

	want=$(vips)
	for vip in $want; do
		ip route replace blackhole "$vip" table main proto "$proto"
	done
	for family in $(families); do
		for vip in $(ours "$family"); do
			grep -qxF "$vip" <<< "$want" ||
				ip route del blackhole "$vip" table main \
					proto "$proto"
		done
	done
}

case ${1:-} in
sync)
	sync_routes
	;;
flush)
	# Only a family with routes of ours: in a namespace without any IPv4
	# route the main table does not exist, and ip fails to flush it
	# ("FIB table does not exist"), which would stop ExecStop before it
	# empties the LB.
	for family in $(families); do
		routes=$(ours "$family")
		[[ -z $routes ]] ||
			ip "-$family" route flush table main proto "$proto" \
				type blackhole
	done
	;;
*)
	echo "usage: mptcplb-vip-routes { sync | flush }" >&2
	exit 2
	;;
esac
