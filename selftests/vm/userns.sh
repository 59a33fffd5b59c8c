#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# An unprivileged user configures an LB of its own, as root of its own
# user and network namespaces (unshare -Urn), inside a memory cgroup:
# the module's caps on services, proxies and tracked flows refuse it with
# a clear error, and with the caps raised by the host's root, what its
# requests allocate is charged to its cgroup, which refuses it in turn,
# leaving the host's memory alone.
#
# Usage (inside the VM): userns.sh MODULE_DIR

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

kmod=$1
lb_setup "$kmod"
params=/sys/module/mptcp_lb/parameters
cgroot=/sys/fs/cgroup
[[ -e $cgroot/cgroup.controllers ]] || mount -t cgroup2 cgroup2 "$cgroot"
echo +memory > "$cgroot/cgroup.subtree_control"
cgroup=$cgroot/mlb-$$
mkdir "$cgroup"
echo 64M > "$cgroup/memory.max"
[[ ! -e /proc/sys/kernel/unprivileged_userns_clone ]] ||
	sysctl -qw kernel.unprivileged_userns_clone=1
chmod 755 "$tmp"
mkdir -m 777 "$tmp/run"

# unprivileged COMMAND: COMMAND as nobody, in the cgroup, as root of new
# user and network namespaces that end with it.
unprivileged() {
	sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' sh \
		"$cgroup" setpriv --reuid=65534 --regid=65534 --clear-groups \
		unshare -Urn "$@"
}

# batch FILE: mptcplb -b FILE in the unprivileged LB.
batch() {
	unprivileged "$cli" -b "$1"
}

vmalloc_kib() {
	awk '/^VmallocUsed:/ { print $2 }' /proc/meminfo
}

check_output "root of a user namespace configures its own LB" \
	"service 192.0.2.1:80 maglev-size 257 hash-seed 0 flow-max 1024 flow-timeout 300 join-timeout 14400 lookup maglev member p1 weight 1" \
	unprivileged bash -c "'$cli' -b - <<< 'proxy add p1 address 10.0.0.1
service add 192.0.2.1:80 maglev-size 257 flow-max 1024 member p1' && '$cli' service show"

check_output "the default caps are the module's parameters" "64 1024 1048576" \
	bash -c "cat $params/userns_{services_max,proxies_max,flow_max_total} | paste -sd ' '"
check_output "a service tracking more flows than a user namespace may is refused" \
	"mptcplb: a user namespace's LB would track too many flows (mptcp_lb parameter userns_flow_max_total) (No space left on device)" \
	unprivileged "$cli" service add 192.0.2.1:80 flow-max 16777216

# As many services and proxies as the caps, then one more; caps lowered,
# so that it takes seconds under TCG.
echo 4 > "$params/userns_services_max"
echo 16 > "$params/userns_proxies_max"
for i in $(seq 5); do
	echo "service add 192.0.2.$i:80 maglev-size 257 flow-max 1024"
done > "$tmp/services"
check_output "services are added up to the cap, then refused" \
	"mptcplb: a user namespace's LB has its most services (mptcp_lb parameter userns_services_max) (No space left on device)
mptcplb: $tmp/services:5: batch stopped here" batch "$tmp/services"
for i in $(seq 17); do
	echo "proxy add p$i address 10.1.0.$i"
done > "$tmp/proxies"
check_output "proxies are added up to the cap, then refused" \
	"mptcplb: a user namespace's LB has its most proxies (mptcp_lb parameter userns_proxies_max) (No space left on device)
mptcplb: $tmp/proxies:17: batch stopped here" batch "$tmp/proxies"
check_output "the host's root is not capped" "" \
	bash -c "'$cli' -n '$ns1' -b '$tmp/services' && '$cli' -n '$ns1' service flush"

# Caps lifted: the cgroup's limit alone stands.  A service of the
# largest flow limit has 32 MiB of buckets: the second cannot be charged.
echo 1000 > "$params/userns_services_max"
echo 4294967295 > "$params/userns_flow_max_total"
for i in 1 2 3 4; do
	echo "service add 192.0.2.$i:80 maglev-size 257 flow-max 16777216"
done > "$tmp/big"
before=$(vmalloc_kib)
check_output "the memory cgroup refuses what the caps let through" \
	"mptcplb: Cannot allocate memory
mptcplb: $tmp/big:2: batch stopped here
charged" unprivileged bash -c "'$cli' -b '$tmp/big' 2>&1
	(( \$(cat '$cgroup/memory.current') > 32 << 20 )) && echo charged"
# The namespace is freed in the background once its last process exits.
for _ in $(seq 50); do
	after=$(vmalloc_kib)
	((after - before < 8 << 10)) && break
	sleep 0.2
done
echo "# VmallocUsed: $before KiB before, $after KiB after"
check "the host's vmalloc use is back where it was" \
	test $((after - before)) -lt $((8 << 10))

# Flows are made by traffic, in softirq context: they are charged to the
# cgroup of whoever added the service, and refused once it is full.  The
# SYNs go out a veth and come back in at its peer, in the same namespace;
# they are sent by the host's root, whose memory is charged elsewhere.
unprivileged bash -ec "'$cli' -b - <<< 'proxy add p1 address 10.0.0.1
service add 192.0.2.1:80 maglev-size 257 flow-max 65536 member p1'
	ip link add v0 type veth peer name v1
	ip addr add 10.9.0.1/24 dev v0
	ip link set v0 up
	ip link set v1 up
	ip neigh add 10.9.0.2 dev v0 \\
		lladdr \$(ip -br link show v1 | awk '{ print \$3 }')
	ip route add 192.0.2.1/32 via 10.9.0.2
	echo \$\$ > '$tmp/run/lb.pid'
	exec sleep 600" &
for _ in $(seq 100); do
	[[ -s $tmp/run/lb.pid ]] && break
	sleep 0.2
done
lb_pid=$(cat "$tmp/run/lb.pid")
in_lb() {
	nsenter -t "$lb_pid" -n "$@"
}
echo $(($(cat "$cgroup/memory.current") + (256 << 10))) > "$cgroup/memory.max"
in_lb python3 "$top/selftests/vm/tcpkit.py" syn 10.9.0.1 192.0.2.1 80 16384 \
	--sport 20000
flows=$(in_lb "$cli" flows | wc -l)
untracked=$(in_lb "$cli" -j stats | grep -o '"flow-untracked":[0-9]*' |
	cut -d: -f2)
echo "# 16384 SYNs: $flows flows tracked, $untracked untracked; cgroup at $(cat "$cgroup/memory.current") of $(cat "$cgroup/memory.max") bytes"
check "a full cgroup refuses flows, which are counted untracked" \
	test "$flows" -lt 16384 -a "$untracked" -gt 0
kill "$lb_pid"
wait

rmdir "$cgroup"
check_dmesg
finish
