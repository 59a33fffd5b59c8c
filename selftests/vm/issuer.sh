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

cgroot=/sys/fs/cgroup
memcg=$cgroot/mlb-issuer-$$

cleanup() {
	local ns
	[[ -z $server ]] || kill "$server" 2> /dev/null || true
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

# connections: "C intact, R in range" after $conns MPTCP connections: how
# many completed and how many of their tokens decrypt into the server's
# range.
connections() {
	local token x in_range=0
	rm -f "$tmp/tokens"
	ip netns exec "$cl" python3 "$kit" connect 10.0.9.1 80 "$conns" \
		--mptcp --size 1000 > "$tmp/conns" || true
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

check_dmesg
finish
