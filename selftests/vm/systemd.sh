#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The commands of tools/systemd/mptcplb.service, run as systemd runs them
# at boot, reload and shutdown, with its paths mapped into this tree: a
# configuration saved with `mptcplb save` comes back exactly after the
# module is reloaded, as after a reboot, with a route of protocol 196 for
# each VIP, for the BGP daemon, which a reload brings in line with the
# services and a stop removes.  Then the same for a namespaced LB through
# the template mptcplb@.service.  Last, the LB of selftests/topology.sh
# is reloaded through the template with one weight changed, under
# established connections: they stay on their proxies, and the services
# keep their flows, which a reload that flushes and adds again loses.
#
# Usage (inside the VM): systemd.sh MODULE_DIR

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

kmod=$1
unit=$top/tools/systemd/mptcplb.service
template=$top/tools/systemd/mptcplb@.service
# Its cleanup removes $tmp and namespaces mlb-NAME-$$, extra_ns's too.
# shellcheck source=selftests/topology.sh
source "$top/selftests/topology.sh"
extra_ns=(unit bare)
etc=$tmp/etc
ns=mlb-unit-$$
bare=mlb-bare-$$

# vip_routes [NETNS]: the VIP routes, "TYPE PREFIX" each, IPv4 first.
vip_routes() {
	local family
	for family in 4 6; do
		ip ${1:+-n "$1"} "-$family" route show table main proto 196
	done | awk '{ print $1, $2 }'
}

# lb_and_routes NETNS: the services and proxies of its LB, its VIP routes.
lb_and_routes() {
	"$cli" -n "$1" save | grep '^[sp]'
	vip_routes "$1"
}

dmesg -C
load_lb "$kmod"
mkdir -p "$etc"
"$cli" secret generate > "$etc/secret"
"$cli" -b - <<-EOF
secret set file $etc/secret
proxy add p1 address 10.0.0.1 range 0x00000000-0x0fffffff
proxy add p2 address 2001:db8::2 range 0x10000000-0x1fffffff tokens learn
service add 192.0.2.1:443 hash-seed 7 member p1 member p2 weight 3
service add 192.0.2.1:80 member p1
service add [2001:db8::100]:80 member p2
EOF
check "the operator saves the configuration" \
	bash -c "'$cli' save > '$etc/mptcplb.conf'"
saved=$(cat "$etc/mptcplb.conf")
fingerprint=$("$cli" secret show | grep -o 'fingerprint .*')
rmmod mptcp_lb

check "ExecStartPre and ExecStart load and configure the LB" \
	unit_run "$unit" "" ExecStartPre ExecStart
check_output "the configuration is back exactly" "$saved" "$cli" save
check_output "and so is the secret" "$fingerprint" \
	bash -c "'$cli' secret show | grep -o 'fingerprint .*'"
check_output "with one blackhole route per VIP, for BGP" \
	"blackhole 192.0.2.1
blackhole 2001:db8::100" vip_routes
check "ExecReload applies the files again" unit_run "$unit" "" ExecReload
check_output "which changes nothing" "$saved" "$cli" save
check_output "nor the routes" "blackhole 192.0.2.1
blackhole 2001:db8::100" vip_routes
sed -i '/2001:db8::100/d' "$etc/mptcplb.conf"
echo "service add 192.0.2.3:80 member p1" >> "$etc/mptcplb.conf"
check "ExecReload applies a configuration with other VIPs" \
	unit_run "$unit" "" ExecReload
check_output "whose routes replace those of the VIPs gone" \
	"blackhole 192.0.2.1
blackhole 192.0.2.3" vip_routes
check "ExecStop empties the LB" unit_run "$unit" "" ExecStop
check_output "no proxy or service is left" "vip set stray drop
service flush
proxy flush" bash -c "'$cli' save | grep -v '^#'"
check_output "and no VIP route" "" vip_routes
unit_run "$unit" "" ExecStart
before=$("$cli" save)
sed -i 's/flow-max 1048576/flow-max 4096/' "$etc/mptcplb.conf"
check_exit "ExecReload refuses a new flow-max" 1 unit_run "$unit" "" ExecReload
check_output "and changes nothing" "$before" "$cli" save
unit_run "$unit" "" ExecStop

ip netns add "$ns"
mkdir -p "$etc/$ns"
cp "$etc/secret" "$etc/$ns/secret"
echo "$saved" > "$etc/$ns/mptcplb.conf"
check "mptcplb@$ns.service configures the LB of $ns" \
	unit_run "$template" "$ns" ExecStartPre ExecStart
check_output "with its configuration" "$saved" "$cli" -n "$ns" save
check_output "and its VIP routes" "blackhole 192.0.2.1
blackhole 2001:db8::100" vip_routes "$ns"
check_output "none in the initial namespace" "" vip_routes
check "its ExecReload and ExecStop run" \
	unit_run "$template" "$ns" ExecReload ExecStop
check_output "and leave $ns without service or VIP route" "service flush
proxy flush" lb_and_routes "$ns"

# A namespace with no IPv4 route, not even lo's, has no IPv4 main table,
# which ip refuses to flush: ExecStop must still empty the LB.
ip netns add "$bare"
mkdir -p "$etc/$bare"
cp "$etc/secret" "$etc/$bare/secret"
cat > "$etc/$bare/mptcplb.conf" <<-EOF
proxy add p2 address 2001:db8::2 range 0x10000000-0x1fffffff
service add [2001:db8::100]:80 member p2
EOF
check "an IPv6-only LB in $bare, which has no IPv4 route" \
	unit_run "$template" "$bare" ExecStartPre ExecStart
check_output "and its IPv6 VIP route" "blackhole 2001:db8::100" \
	vip_routes "$bare"
check_output "fixture: $bare has no IPv4 main table" 2 \
	bash -c "ip -n '$bare' -4 route flush table main &> /dev/null; echo \$?"
check "ExecStop runs there" unit_run "$template" "$bare" ExecStop
check_output "and leaves $bare without service or VIP route" "service flush
proxy flush" lb_and_routes "$bare"
check_dmesg
rmmod mptcp_lb

# held_flows: the flows of the topology's LB, without their idle time.
held_flows() {
	lb flows | sed 's/ idle-ms [0-9]*//' | sort
}

topology_up "$kmod"
lbns=mlb-lb-$$
mkdir -p "$etc/$lbns"
echo "$secret" > "$etc/$lbns/secret"
lb save > "$etc/$lbns/mptcplb.conf"
for vip in "$vip4" "$vip6"; do
	n cl python3 "$kit" connect "$vip" 80 8 --size 200000 \
		--pause "$tmp/go" > "$tmp/held-$vip" &
	pids+=($!)
done
wait_until 60 grep -q paused "$tmp/held-$vip4"
wait_until 60 grep -q paused "$tmp/held-$vip6"
flows=$(held_flows)
check "16 connections hold flows" test "$(wc -l <<< "$flows")" -ge 16
sed -i 's/member p1 weight 1/member p1 weight 6/' "$etc/$lbns/mptcplb.conf"
check "the template's ExecReload applies a new weight" \
	unit_run "$template" "$lbns" ExecReload
check_output "which the LB has" "member p1 weight 6" \
	bash -c "'$cli' -n $lbns service show $vip4:80 | grep -o 'member p1 weight 6'"
check_output "the services kept their flows" "$flows" held_flows
touch "$tmp/go"
wait "${pids[@]: -2}" || true
echo "# established connections were on: $(cat "$tmp"/held-* | grep ok | cut -d' ' -f1 | sort | uniq -c | xargs)"
check_output "established connections lived through the reload" "16" \
	bash -c "cat '$tmp'/held-* | grep -c ' ok$'"
check_dmesg
finish
