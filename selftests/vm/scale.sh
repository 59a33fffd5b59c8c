#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The control plane at scale: 10,000 proxies restored from one batch and
# dumped back whole, and a service with the most members it may have,
# which must still fit a dump message.  Times go to the log; nothing is
# asserted about them.
#
# Usage (inside the VM): scale.sh MODULE_DIR

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

kmod=$1
lb_setup "$kmod"

# now: seconds since the epoch, with nanoseconds.
now() {
	date +%s.%N
}

# first_dump_message NS CMD: what a dump of mptcp_lb command CMD answers
# first on a socket of NS that never received before (not the CLI's,
# which resolves the family on the socket it dumps with): the first
# message's buffer is sized before the socket ever said how large its
# own is.
first_dump_message() {
	local family
	family=$(ip netns exec "$1" genl ctrl get name mptcp_lb |
		awk '$1 == "ID:" { print $2 }')
	ip netns exec "$1" python3 - "$family" "$2" <<'EOF'
import socket, struct, sys
NETLINK_GENERIC, NLM_F_REQUEST, NLM_F_DUMP = 16, 0x1, 0x300
family, command = int(sys.argv[1], 0), int(sys.argv[2])
with socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                   NETLINK_GENERIC) as sock:
    sock.send(struct.pack("=IHHIIBBH", 20, family,
                          NLM_F_REQUEST | NLM_F_DUMP, 1, 0, command, 1, 0))
    reply = sock.recv(1 << 20)
kind = struct.unpack_from("=H", reply, 4)[0]
if kind == family:
    print("message of family mptcp_lb")
else:
    # NLMSG_DONE or NLMSG_ERROR: an errno follows the header.
    print("message type", kind, "errno", -struct.unpack_from("=i", reply, 16)[0])
EOF
}

proxies=10000
members=$("$cli" -j info | grep -o '"service-members-max":[0-9]*' | cut -d: -f2)
# Proxy i owns the i-th of $proxies equal slices of the 32-bit X space.
awk -v n=$proxies 'BEGIN {
	step = int(4294967296 / n)
	for (i = 0; i < n; i++)
		printf "proxy add p%d address 10.%d.%d.%d range %.0f-%.0f\n", i,
			int(i / 65536), int(i / 256) % 256, i % 256,
			i * step, (i + 1) * step - 1
}' > "$tmp/proxies"
awk -v n="$members" 'BEGIN {
	printf "service add 192.0.2.1:443"
	for (i = 0; i < n; i++)
		printf " member p%d weight %d", i, i + 1
	printf "\n"
}' > "$tmp/service"

start=$(now)
check "add $proxies proxies in one batch" lb -b "$tmp/proxies"
added=$(now)
check_output "a dump of $proxies proxies is whole" \
	"$proxies p0 p$((proxies - 1))" \
	bash -c "'$cli' -n '$ns1' proxy show | awk 'NR == 1 { first = \$2 } { n++; last = \$2 } END { print n, first, last }'"
dumped=$(now)
check_output "the JSON dump has them all" "$proxies" \
	bash -c "'$cli' -n '$ns1' -j proxy show | grep -o '\"name\"' | wc -l"
if [[ $(uname -r) == 6.1.* ]]; then
	overlap="a range overlaps one of another proxy"
else
	overlap="range 0x7fff0000-0x7fff0000 overlaps 0x7ff96408-0x7ffff1bf of proxy p4999"
fi
check_output "an overlap is still found among them" \
	"mptcplb: $overlap (File exists)" \
	lb proxy add extra address 10.255.0.1 range 0x7fff0000-0x7fff0000
# Command numbers: include/uapi/linux/mptcp_lb.h.
awk 'BEGIN { printf "proxy add wide address 10.255.0.2"
	for (i = 0; i < 256; i++) printf " range %d-%d", 2 * i, 2 * i
	print "" }' > "$tmp/wide"
check "a proxy of the most ranges, alone in a namespace" \
	"$cli" -n "$ns2" -b "$tmp/wide"
check_output "it fits the first message of a dump on a fresh socket" \
	"message of family mptcp_lb" first_dump_message "$ns2" 7
echo "# $proxies proxies: batch add $(echo "$(now) - $start" | bc) s in all, $(echo "$added - $start" | bc) s to add, $(echo "$dumped - $added" | bc) s to dump"

start=$(now)
check "a service with $members members" lb -b "$tmp/service"
check_output "its dump carries every member" "$members" \
	bash -c "'$cli' -n '$ns1' service show | grep -o ' member ' | wc -l"
check_output "it fits the first message of a dump on a fresh socket" \
	"message of family mptcp_lb" first_dump_message "$ns1" 12
check_output "one more member is refused" \
	"mptcplb: the service has $members members already (No space left on device)" \
	lb member set 192.0.2.1:443 p$((proxies - 1))
echo "# service of $members members added and dumped in $(echo "$(now) - $start" | bc) s"

start=$(now)
check "flush the service and the proxies" lb -b - <<< $'service flush\nproxy flush'
echo "# flushed in $(echo "$(now) - $start" | bc) s"
check_output "nothing is left" "" lb proxy show
check_dmesg
finish
