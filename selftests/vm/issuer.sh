#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The issuer with request layouts that do not fit the running kernel.  The
# layout is userspace's word (the CLI reads it from BTF), so the module
# must not read or write past the request socket the kernel allocated,
# whatever layout-size claims: layouts whose key or token lie past the
# real object but inside the claimed size are accepted, then skipped and
# counted in layout-out-of-bounds while MPTCP connections keep the
# kernel's own keys.  The layouts are sent with the kernel's YNL CLI
# (build/kernel/6.12, from tools/setup.sh), which sends any values.
#
# Usage (inside the VM): issuer.sh MODULE_DIR

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

kmod=$1
kit=$top/selftests/vm/tcpkit.py
ynl=$top/build/kernel/6.12/tools/net/ynl/cli.py
spec=$top/Documentation/netlink/specs/mptcp_lb_issuer.yaml
secret=000102030405060708090a0b0c0d0e0f
# The server's share of X: a sixteenth, so that stock keys rarely land in
# it and issued ones always do.
range_hi=0x0fffffff
conns=20
srv=mlb-isrv-$$
cl=mlb-icl-$$
tmp=$(mktemp -d)
server=
echo_server=
capture=

cgroot=/sys/fs/cgroup
memcg=$cgroot/mlb-issuer-$$

cleanup() {
	local ns
	local pid
	for pid in $server $echo_server $capture; do
		kill "$pid" 2> /dev/null || true
	done
	for ns in $(ip netns list | grep -oE "^($srv|$cl)(-[0-9]+)?( |$)"); do
		ip netns del "$ns" 2> /dev/null || true
	done
	rmdir "$memcg" 2> /dev/null || true
	rmmod mptcp_lb_issuer 2> /dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

# slab: bytes of unreclaimable slab charged to $memcg.
slab() {
	awk '$1 == "slab_unreclaimable" { print $2 }' "$memcg/memory.stat"
}

dmesg -C
grep -q " $cgroot cgroup2 " /proc/mounts || mount -t cgroup2 none "$cgroot"
echo +memory > "$cgroot/cgroup.subtree_control"
ip netns add "$srv"
ip netns add "$cl"
ip link add to-cl netns "$srv" type veth peer to-srv netns "$cl"
ip -n "$srv" addr add 10.0.9.1/24 dev to-cl
ip -n "$cl" addr add 10.0.9.2/24 dev to-srv
for ns in "$srv" "$cl"; do
	ip -n "$ns" link set lo up
done
ip -n "$srv" link set to-cl up
ip -n "$cl" link set to-srv up
ip netns exec "$srv" python3 "$kit" serve srv 80 --tokens "$tmp/tokens" \
	> /dev/null &
server=$!
# Servers take a moment to listen under TCG.
until ip netns exec "$srv" ss -Hltn 'sport = :80' | grep -q .; do
	sleep 0.2
done

# issuer ARG...: mptcplb issuer in the server's namespace.
issuer() {
	ip netns exec "$srv" "$cli" issuer "$@"
}

# counter NAME: a value of mptcplb issuer show, empty if it has none.
counter() {
	ip netns exec "$srv" "$cli" -j issuer show | grep -o "\"$1\":[0-9]*" | cut -d: -f2
}

# value NAME: counter NAME, "missing" (0 in arithmetic) if it has none.
value() {
	local value
	value=$(counter "$1")
	echo "${value:-missing}"
}

# ynl_set SIZE KEY TOKEN: configures the server's issuer with this
# layout; prints what YNL said if the kernel refused it.
ynl_set() {
	local out
	out=$(ip netns exec "$srv" python3 "$ynl" --spec "$spec" --no-schema \
		--do config-set --json "$(printf '{"config": {
			"secret": "%s", "range": [{"lo": 0, "hi": %u}],
			"layout-size": %u, "key-offset": %u,
			"token-offset": %u}}' "$secret" "$range_hi" "$@")" 2>&1) &&
		return
	echo "$out"
	return 1
}

# refused SIZE KEY TOKEN: "MESSAGE @ ATTRIBUTE" of the kernel's extack if
# it refuses this layout, else "accepted".
refused() {
	local out msg attr
	if out=$(ynl_set "$@"); then
		echo accepted
		return
	fi
	msg=$(sed -n "s/.*'msg': '\([^']*\)'.*/\1/p" <<< "$out")
	attr=$(sed -n "s/.*'bad-attr': '\([^']*\)'.*/\1/p" <<< "$out")
	echo "$msg @ $attr"
}

# connections: "C intact, R in range" after $conns MPTCP connections at
# once: how many completed and how many of their tokens decrypt into the
# server's range.
connections() {
	local token x in_range=0
	rm -f "$tmp/tokens"
	ip netns exec "$cl" python3 "$kit" connect 10.0.9.1 80 "$conns" \
		--mptcp --size 1000 --parallel > "$tmp/conns" || true
	while read -r token; do
		x=$("$cli" token decode "$token" secret "$secret")
		((x > range_hi)) || in_range=$((in_range + 1))
	done < "$tmp/tokens"
	echo "$(grep -c ' ok$' "$tmp/conns") intact, $in_range in range"
}

# counted: "K issued, O out of bounds, M mismatched", as the issuer
# counted them since it was configured.
counted() {
	echo "$(($(counter keys-pooled) + $(counter keys-inline))) issued," \
		"$(counter layout-out-of-bounds) out of bounds," \
		"$(counter layout-mismatch) mismatched"
}

# stock CONNECTIONS: the output of connections shows the kernel's own
# keys: all intact, and about a sixteenth in range (more than half only
# with odds of 1e-8), where issued keys are all in range.
stock() {
	local intact in_range
	read -r intact _ in_range _ <<< "$1"
	[[ $intact == "$conns" ]] && ((in_range <= conns / 2))
}

check "load the issuer" insmod "$kmod/mptcp_lb_issuer.ko"
echo "# the refill worker's SHA-256: $(dmesg | grep -o 'refill with .*' | tail -1)"
check "configure it with the layout the CLI reads from BTF" \
	issuer set "$secret" range "0x00000000-$range_hi"
size=$(counter layout-size)
key=$(counter key-offset)
token=$(counter token-offset)
echo "# struct mptcp_subflow_request_sock: $size bytes, local_key at $key, token at $token"
check "issuer show reports that layout" \
	test "${size:-0}" -gt 0 -a "${key:-0}" -gt 0 -a "${token:-0}" -gt 0
# Layouts that cannot be any kernel's are refused at once, the extack
# naming what is wrong and where, and the BTF layout stays.
check_output "a misaligned local_key is refused" \
	"key-offset is not 8-byte aligned @ .config.key-offset" \
	refused "$size" $((key + 4)) "$token"
check_output "a misaligned token is refused" \
	"token-offset is not 4-byte aligned @ .config.token-offset" \
	refused "$size" "$key" $((token + 2))
check_output "a local_key in the TCP request is refused" \
	"key-offset lies in struct tcp_request_sock @ .config.key-offset" \
	refused "$size" 0 "$token"
check_output "a token in the TCP request is refused" \
	"token-offset lies in struct tcp_request_sock @ .config.token-offset" \
	refused "$size" "$key" 0
check_output "a local_key past layout-size is refused" \
	"local_key ends past layout-size @ .config.key-offset" \
	refused $((key + 4)) "$key" "$token"
check_output "a token past layout-size is refused" \
	"token ends past layout-size @ .config.token-offset" \
	refused $((token + 2)) "$key" "$token"
check_output "overlapping local_key and token are refused" \
	"token overlaps local_key @ .config.token-offset" \
	refused "$size" "$key" $((key + 4))
check_output "a layout above layout-size-max is refused" \
	"integer out of range @ .config.layout-size" \
	refused 4104 "$key" "$token"
check_output "an offset above layout-size-max is refused" \
	"integer out of range @ .config.key-offset" \
	refused "$size" 4104 "$token"
check_output "the BTF layout stays" "$size $key $token" \
	echo "$(counter layout-size) $(counter key-offset) $(counter token-offset)"

# Control: the right layout issues every token, so that what follows is
# the layout's doing.
check "configure it again from BTF" \
	issuer set "$secret" range "0x00000000-$range_hi"
check_output "with it, $conns connections are intact and in range" \
	"$conns intact, $conns in range" connections
check_output "all issued keys" "$conns issued, 0 out of bounds, 0 mismatched" \
	counted

# A layout claiming the largest size, its key in the last 8 bytes: past
# the real object, inside the claimed size.
check "a local_key past the request socket is accepted" \
	ynl_set 4096 4088 "$token"
out=$(connections)
echo "# $out"
check "the connections complete with the kernel's keys" stock "$out"
check_output "the issuer skips and counts every request" \
	"0 issued, $conns out of bounds, 0 mismatched" counted

# The real key, a token just past the real object.
past=$(((size + 7) / 8 * 8))
check "a token past the request socket is accepted" \
	ynl_set $((past + 8)) "$key" "$past"
out=$(connections)
echo "# $out"
check "the connections complete with the kernel's keys" stock "$out"
check_output "the issuer skips and counts every request" \
	"0 issued, $conns out of bounds, 0 mismatched" counted

# A claimed size above the real one does not matter while the fields fit.
check "the real offsets with a larger claimed size are accepted" \
	ynl_set 4096 "$key" "$token"
check_output "they issue every key" "$conns intact, $conns in range" \
	connections
check_output "and count nothing else" \
	"$conns issued, 0 out of bounds, 0 mismatched" counted

# A configuration (8 KiB with its key pool) is charged to the memory
# cgroup of whoever sets it: $cfgs of them, set from a cgroup of their
# own in namespaces made outside it, raise its slab by at least half of
# that.  memory.stat is read after its periodic flush (every 2 s).  All
# of X is theirs, so that their pools fill at once.
cfgs=16
mkdir "$memcg"
for i in $(seq "$cfgs"); do
	ip netns add "$srv-$i"
done
before=$(sleep 3; slab)
check "configure $cfgs namespaces from a cgroup of their own" \
	bash -c "echo \$\$ > '$memcg/cgroup.procs' &&
	for i in \$(seq $cfgs); do
		ip netns exec '$srv-'\$i '$cli' issuer set $secret \\
			range 0x00000000-0xffffffff || exit
	done"
after=$(sleep 3; slab)
echo "# slab of the configuring cgroup: $before before, $after after"
check "$cfgs configurations are charged to the cgroup that set them" \
	test $((after - before)) -ge $((cfgs * 4096))
# All of X: every draw is a key, so with no SYN yet, refill-draws (the
# draws the worker made) is the pool's size; it used to count 256 draws
# for every key found.
stats=$(ip netns exec "$srv-1" "$cli" -j issuer show)
pooled=$(grep -o '"pool-size":[0-9]*' <<< "$stats" | cut -d: -f2)
drawn=$(grep -o '"refill-draws":[0-9]*' <<< "$stats" | cut -d: -f2)
check "fixture: the pool of all of X holds keys" test "${pooled:-0}" -gt 0
check_output "refill-draws counts one draw for each of them" "$pooled" \
	echo "$drawn"

fleet_start=$SECONDS
# Below the minimum share, 1/65536 of X, a key costs more draws than
# the refill worker may spend: such ranges are refused, the extack naming
# the share; the minimum itself is accepted.
check_output "a range of one integer of X is refused" \
	"mptcplb: the ranges cover less than 1/65536 of X, the minimum share (Invalid argument)" \
	issuer set "$secret" range 0-0
check_exit "with status 1" 1 issuer set "$secret" range 0-0
check_exit "ranges 1 short of 1/65536 together are refused" 1 \
	issuer set "$secret" range 0-0x7fff range 0x10000-0x17ffe
check "1/65536 of X is accepted" issuer set "$secret" range 0-0xffff

# A flood of MP_CAPABLE SYNs to a proxy owning 1/4096 of X, more than
# its refill worker grinds keys for: the pool runs dry at once.  The SYN
# path never grinds for a syncookie, and at most a few draws otherwise
# (which land in 1/4096 with odds of 1/1000): each SYN gets a pooled key
# or the kernel's own, and the counters say which and why.  The
# watchdogs are made twice as quick (soft lockup after 10 s, hung task
# after 20 s; not quicker: at a 2 s soft lockup threshold, a vCPU of the
# TCG guest that the loaded host did not run for 3 s was reported as
# stuck in its idle task), and dmesg is checked at the end.
flood=1000
watchdog=$(sysctl -n kernel.watchdog_thresh)
sysctl -qw kernel.watchdog_thresh=5
hung=/proc/sys/kernel/hung_task_timeout_secs
[[ ! -e $hung ]] || { hung_was=$(cat "$hung"); echo 20 > "$hung"; }

# syn_flood SYNCOOKIES: sends $flood MP_CAPABLE SYNs to the server with
# tcp_syncookies set to SYNCOOKIES, after a fresh configuration's pool
# had a second to fill.
syn_flood() {
	local start
	ip netns exec "$srv" sysctl -qw net.ipv4.tcp_syncookies="$1"
	issuer set "$secret" range 0-0x000fffff
	sleep 1
	start=$(date +%s%N)
	ip netns exec "$cl" python3 "$kit" syn 10.0.9.2 10.0.9.1 80 "$flood" \
		--mptcp
	echo "# $flood SYNs in $((($(date +%s%N) - start) / 1000000)) ms:" \
		"$(ip netns exec "$srv" "$cli" issuer show | grep -o 'keys-pooled.*')"
}

syn_flood 2
check_output "syncookie SYNs never grind a key" 0 value keys-inline
check_output "each got a pooled key or was counted unroutable-syncookie" \
	"$flood" echo $(($(value keys-pooled) + $(value unroutable-syncookie)))
check_output "keys-unroutable is unroutable-syncookie" \
	"$(value unroutable-syncookie)" value keys-unroutable
check "the refill worker backed off" test "$(value refill-backoffs)" -gt 0
syn_flood 0
asked=$(($(value keys-pooled) + $(value keys-inline) + $(value keys-unroutable)))
check "most of them asked for a key" test "$asked" -ge $((flood / 2))
check "the other SYNs grind at most 4 draws: few inline keys" \
	test "$(value keys-inline)" -le $((asked / 100))
check_output "keys-unroutable is unroutable-inline-miss" \
	"$(value unroutable-inline-miss)" value keys-unroutable
ip netns exec "$srv" sysctl -qw net.ipv4.tcp_syncookies=1
sysctl -qw kernel.watchdog_thresh="$watchdog"
[[ -z ${hung_was:-} ]] || echo "$hung_was" > "$hung"

# Outgoing MPTCP connections from a configured namespace keep the
# kernel's keys: each token is SHA-256 of the key the client sends in its
# third ACK (captured at the server), and about a sixteenth of them fall
# in the issuer's sixteenth of X, not all.
check "configure the issuer with a sixteenth of X" \
	issuer set "$secret" range "0x00000000-$range_hi"
ip netns exec "$cl" python3 "$kit" serve cl 81 > /dev/null &
echo_server=$!
ip netns exec "$cl" python3 "$kit" keys "$tmp/stop" > "$tmp/keys" &
capture=$!
until grep -q capturing "$tmp/keys" &&
	ip netns exec "$cl" ss -Hltn 'sport = :81' | grep -q .; do
	sleep 0.2
done
check "$conns connections from the configured namespace" \
	ip netns exec "$srv" python3 "$kit" connect 10.0.9.2 81 "$conns" \
	--mptcp --size 100 --tokens "$tmp/own"
touch "$tmp/stop"
wait "$capture" || true
kill "$echo_server"
from_keys=$(grep -v capturing "$tmp/keys" | while read -r key; do
	"$cli" token from-key "$key"
done | sort)
check_output "their tokens are SHA-256 of the keys they sent" \
	"$(sort "$tmp/own")" echo "$from_keys"
in_range=0
while read -r token; do
	x=$("$cli" token decode "$token" secret "$secret")
	((x > range_hi)) || in_range=$((in_range + 1))
done < "$tmp/own"
echo "# $in_range of $conns outgoing tokens in the issuer's sixteenth"
check "they are not the issuer's" test "$in_range" -le $((conns / 2))
check_output "the issuer issued nothing" "0 0 0" \
	echo "$(value keys-pooled) $(value keys-inline) $(value keys-unroutable)"
echo "# the minimum share, flood and outgoing checks took $((SECONDS - fleet_start)) s"

check_dmesg
finish
