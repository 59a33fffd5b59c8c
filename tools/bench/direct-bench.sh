#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What the LB carries of an MPTCP connection in each join mode, side by
# side in one VM, on the selftests' topology (one LB):
#
#   token        the proxy runs the issuer; the client's join goes to
#                the VIP and the LB routes it by token
#   direct       the proxy sets the C flag and announces its own
#                address; the join goes there, around the LB
#   dflt-limits  the same, the client with the default limits (subflow
#                2, add_addr_accepted 0) and no endpoint
#   dflt+endp    the same, the client's second path a subflow endpoint
#   backup       direct, and the proxy's endpoint for the VIP a backup:
#                the initial subflow, through the LB, carries data only
#                while no other subflow is up
#
# COUNT connections of SIZE bytes each, client to proxy, from a client
# with two paths that (but in the dflt rows) accepts ADD_ADDR; then
# COUNT downloads of SIZE bytes, proxy to client, in the token, direct
# and backup modes.  With DSR the LB carries only what the client sends,
# so an upload is its most expensive direction and a download costs it
# the client's ACKs.  Prints, per connection, the joins the proxies
# confirmed and those the LB routed, the packets and bytes it forwarded
# (packets as it sees them: veth passes the sender's GSO packets on
# whole, as a NIC's GRO would merge them), the bytes through the LB as a
# share of the data, and the LB's CPU: the time spent in mptcp_lb's
# netfilter hooks, the transmit of what they forward included, measured
# by the function_graph tracer (which adds its own cost to each call;
# under TCG compare the rows, not the numbers).
# A benchmark: it asserts nothing.
#
# Usage (inside the VM): direct-bench.sh MODULE_DIR [COUNT] [SIZE]

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../../selftests/lib.sh"

kmod=$1
count=${2:-4}
size=${3:-10000000}
# shellcheck source=selftests/topology.sh
source "$top/selftests/topology.sh"
topology_up "$kmod" > /dev/null
issuers_up "$kmod" > /dev/null
mptcp_paths_up
direct4=198.51.100.3
tracing=/sys/kernel/tracing
[[ -e $tracing/trace ]] || mount -t tracefs nodev "$tracing"
echo 0 > "$tracing/tracing_on"
# Only the hooks are traced, so that nothing else pays the tracer's cost;
# each call's time includes what it calls.
echo mlb_hook > "$tracing/set_ftrace_filter"
echo function_graph > "$tracing/current_tracer"
echo 16384 > "$tracing/buffer_size_kb"

# hook_usecs COMMAND...: runs COMMAND with the hooks traced, then prints
# the microseconds spent in them, in all.
hook_usecs() {
	echo > "$tracing/trace"
	echo 1 > "$tracing/tracing_on"
	"$@"
	echo 0 > "$tracing/tracing_on"
	if grep -q 'overrun: [1-9]' "$tracing"/per_cpu/cpu*/stats; then
		echo "the trace buffer overran: raise buffer_size_kb" >&2
		exit 1
	fi
	# Each call is one line, "CPU) DURATION us | mlb_hook [mptcp_lb]();",
	# the duration marked with "+", "!", "#"... when long.
	awk '/mlb_hook/ { for (i = 1; i < NF; i++)
		if ($(i + 1) == "us") t += $i } END { printf "%d", t }' \
		"$tracing/trace"
}

# only P: new connections go to proxy P alone.
only() {
	local p
	for p in p1 p2 p3; do
		if [[ $p == "$1" ]]; then
			echo "proxy set $p state active"
		else
			echo "proxy set $p state drain"
		fi
	done | lb -b -
}

# connections MODE: COUNT connections to the VIP in $direction (empty
# or --download), their report lines in $tmp.
connections() {
	# --report: each waits for its join before it sends.
	# shellcheck disable=SC2086 # $direction is empty or an option
	n cl python3 "$kit" connect "$vip4" 80 "$count" --mptcp --report \
		--size "$size" --timeout 120 $direction > "$tmp/$1$direction" ||
		true
}

# measure MODE: COUNT connections, and their row of the table.
measure() {
	local packets bytes joins acks start ok usecs
	packets=$(lb_counter lb packets)
	bytes=$(lb_counter lb bytes)
	joins=$(lb_counter lb syn-join)
	acks=$(join_acks)
	start=$SECONDS
	usecs=$(hook_usecs connections "$1")
	ok=$(grep -c '^h[0-9] ok' "$tmp/$1$direction" || true)
	packets=$(($(lb_counter lb packets) - packets))
	bytes=$(($(lb_counter lb bytes) - bytes))
	joins=$(($(lb_counter lb syn-join) - joins))
	acks=$(($(join_acks) - acks))
	printf '  %-11s %4d/%-3d %6s %6s %9d %12d %7s %9d %5d\n' "$1" "$ok" \
		"$count" "$(bc <<< "scale=1; $acks / $count")" \
		"$(bc <<< "scale=1; $joins / $count")" $((packets / count)) \
		$((bytes / count)) \
		"$(bc <<< "scale=1; 100 * $bytes / ($count * $size)")%" \
		$((usecs / count)) $((SECONDS - start))
}

# table TITLE: the table's heading.
table() {
	echo "# $count connections of $size bytes, $1, $(uname -r)"
	printf '  %-11s %8s %6s %6s %9s %12s %7s %9s %5s\n' mode intact \
		joins joins "LB pkts" "LB bytes" "of data" "LB µs" s
	printf '  %-11s %8s %6s %6s %9s %12s %7s %9s %5s\n' "" "" /conn \
		"via LB" /conn /conn "via LB" /conn ""
}

direction=
table "client to proxy"
only p1
measure token

direct_up h3 "$direct4"
lb proxy set p3 direct "$direct4"
only p3
measure direct
# What a client with the default limits does with the C flag and the
# ADD_ADDR: without an endpoint of its own, then with one.
n cl ip mptcp limits set subflow 2 add_addr_accepted 0
n cl ip mptcp endpoint flush
measure dflt-limits
n cl ip mptcp endpoint add 10.0.4.2 dev to-rt2 subflow
measure dflt+endp
n cl ip mptcp limits set subflow 2 add_addr_accepted 2

n h3 ip mptcp endpoint add "$vip4" backup
measure backup

direction=--download
table "proxy to client"
only p1
measure token
n h3 ip mptcp endpoint flush
n h3 ip mptcp endpoint add "$direct4" signal
only p3
measure direct
n h3 ip mptcp endpoint add "$vip4" backup
measure backup
echo nop > "$tracing/current_tracer"
echo > "$tracing/set_ftrace_filter"
check_dmesg
