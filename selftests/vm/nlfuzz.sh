#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Random, truncated and malformed generic netlink requests to mptcp_lb and
# mptcp_lb_issuer (nlfuzz.py), each with a defect the kernel must refuse,
# sent by root in a network namespace and by an unprivileged user in user
# and network namespaces of its own, where GENL_UNS_ADMIN_PERM admits it.
# Every request is refused, the kernel stays up without a warning, and the
# LB's and the issuer's configurations are those set before.
#
# Usage (inside the VM): nlfuzz.sh MODULE_DIR
# Environment: NLFUZZ_SEED (random if unset, printed: set it to replay a
# run), NLFUZZ_COUNT (requests per sender, 10000).

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

kmod=$1
seed=${NLFUZZ_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
count=${NLFUZZ_COUNT:-10000}
fuzzer=$top/selftests/vm/nlfuzz.py
secret=000102030405060708090a0b0c0d0e0f

lb_setup "$kmod"
trap 'lb_cleanup; rmmod mptcp_lb_issuer 2> /dev/null || true' EXIT
insmod "$kmod/mptcp_lb_issuer.ko"
echo "# seed $seed (NLFUZZ_SEED=$seed replays this run)"

# Proxies of both families, with ranges or learning, draining or not, and
# services of both families, so that requests get past the lookups of the
# handlers: p4 is no member, p2 no member of the IPv6 service.
cat > "$tmp/config" <<EOF
secret set $secret rounds 12
proxy add p1 address 10.0.0.1 range 0x00000000-0x0fffffff
proxy add p2 address 10.0.0.2 state drain range 0x10000000-0x1fffffff range 0x40000000-0x4000ffff
proxy add p3 address 2001:db8::3 range 0x20000000-0x2fffffff
proxy add p4 address 2001:db8::4 tokens learn
service add 192.0.2.1:443 maglev-size 257 flow-max 1000 member p1 member p2 weight 3
service add [2001:db8::100]:80 maglev-size 1021 flow-max 2000 hash-seed 9 member p3 member p1 weight 0
issuer set $secret rounds 12 range 0x00000000-0x0fffffff range 0x40000000-0x4000ffff
EOF

# fuzz_here CLI FUZZER DIR SEED COUNT: in the namespaces of the test,
# configures the LB and the issuer, fuzzes, and leaves in DIR their
# configurations before and after, and the fuzzer's output and status.
fuzz_here() {
	local cli=$1 fuzzer=$2 dir=$3 seed=$4 count=$5 status=0

	"$cli" -b "$dir/../config" > "$dir/configure" 2>&1 ||
		echo "configure: exit status $?" >> "$dir/configure"
	"$cli" save > "$dir/lb-before" 2>&1
	"$cli" issuer show > "$dir/issuer-before" 2>&1
	python3 "$fuzzer" --seed "$seed" --count "$count" \
		--config "$dir/lb-before" > "$dir/fuzz" 2>&1 || status=$?
	echo "$status" > "$dir/fuzz-status"
	"$cli" save > "$dir/lb-after" 2>&1
	"$cli" issuer show > "$dir/issuer-after" 2>&1
	return 0
}

# results NAME DIR: the checks of what fuzz_here left in DIR.
results() {
	local name=$1 dir=$2

	check_output "$name: the LB and the issuer are configured" "" \
		cat "$dir/configure"
	sed 's/^[^#]/# &/' "$dir/fuzz"
	check_output "$name: every request is refused, answered as it must be" \
		0 cat "$dir/fuzz-status"
	check_output "$name: the LB's configuration is unchanged" \
		"$(cat "$dir/lb-before")" cat "$dir/lb-after"
	# The counters of the issuer's key pool change on their own.
	check_output "$name: the issuer's configuration is unchanged" \
		"$(sed 's/ keys-pooled .*//' "$dir/issuer-before")" \
		sed 's/ keys-pooled .*//' "$dir/issuer-after"
}

chmod 755 "$tmp"
mkdir "$tmp/root" "$tmp/user"
chown nobody: "$tmp/user"
run_here="$(declare -f fuzz_here); fuzz_here \"\$@\""

# Both at once, on the VM's two CPUs.
ip netns exec "$ns1" bash -c "$run_here" \
	- "$cli" "$fuzzer" "$tmp/root" "$seed" "$count" &
root=$!
setpriv --reuid=nobody --regid=nogroup --clear-groups \
	unshare --user --map-root-user --net bash -c \
	"cat /proc/self/uid_map > \"\$3/uid_map\"; $run_here" \
	- "$cli" "$fuzzer" "$tmp/user" "$((seed + 1))" "$count"
wait "$root"

results "root" "$tmp/root"
check_output "user: root only in its own user namespace" \
	"0 $(id -u nobody) 1" bash -c "xargs < '$tmp/user/uid_map'"
results "user" "$tmp/user"

check "the LB module unloads" rmmod mptcp_lb
check "the issuer module unloads" rmmod mptcp_lb_issuer
check_dmesg
finish
