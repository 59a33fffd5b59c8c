#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The flow table with many entries, mptcp_lb next to IPVS (tunnel mode,
# mh scheduler) in the same VM.  For each size, half of the flows open
# with a plain SYN and half with a SYN + MP_JOIN (whose token routes:
# the proxies' ranges cover all of X), each confirmed by its third ACK;
# then one more ACK per flow hits its entry.  Prints the time per insert
# (the SYNs) and per lookup (the last ACKs), the memory kept per flow,
# mptcp_lb again with GUE, and the same packets routed: to a blackhole
# (what every column shares), bare, and into an IPIP device.  A
# benchmark: it prints numbers and asserts nothing.  The VM is emulated (TCG): compare the columns,
# not the absolute times.  Under MLB_VM_ICOUNT=0 (see tools/vm/run.sh),
# as make bench runs it, a guest nanosecond is one guest instruction:
# the numbers are the same from run to run whatever else the host does,
# but cache misses, which a big table costs on real hardware, are not in
# them.
#
#   cl ── lb ── dummy0     every proxy address is routed into dummy0,
#                          which drops what the LB sends
#
# Only packets drive the tables (tools/bench/flowsend.c), so this measures
# whatever the flow table is.  Both are sized for twice the flows:
# mptcp_lb's flow-max, and IPVS's connection table has 2^20 buckets
# (conn_tab_bits, its most; its default 2^12 would chain 256 deep at 1M).
# Idle timeouts are an hour, longer than any run.
#
# Usage (inside the VM): flow-bench.sh MODULE_DIR FLOWSEND_BINARY [SIZE...]
#   SIZE defaults to 1000 100000 1000000

set -e

kmod=$1
flowsend=$2
shift 2
sizes=("$@")
((${#sizes[@]})) || sizes=(1000 100000 1000000)
top=$(cd "$(dirname "$0")/../.." && pwd)
cli=$top/tools/mptcplb/mptcplb
vip=192.0.2.1
clients=10.128.0.0

# shellcheck source=tools/bench/namespaces.sh
source "$(dirname "$0")/namespaces.sh"

# Unreclaimable slab memory in bytes.
slab() {
	awk '/^SUnreclaim:/ { print $2 * 1024 }' /proc/meminfo
}

# Slab and vmalloc memory in bytes: what a table allocated up front takes.
kmem() {
	awk '/^(SUnreclaim|VmallocUsed):/ { sum += $2 }
	     END { print sum * 1024 }' /proc/meminfo
}

# What an object of slab cache $1 takes with its metadata, or "-".
objsize() {
	cat "/sys/kernel/slab/$1/slab_size" 2> /dev/null || echo -
}

# run SIZE LABEL [SHOWN]: sends SIZE flows from the client, on the CPU
# that then runs the LB's hook (veth hands the packet over in the
# sender's softirq); prints a row, SHOWN as its size, of the 10th
# percentile and median ns per packet of each pass and sets them in
# $syn, $join, $confirm, $lookup.
run() {
	local start=$SECONDS out m_syn m_join m_confirm m_lookup

	out=$(n cl taskset -c 0 "$flowsend" "$clients" "$vip" 80 "$1")
	read -r syn join confirm lookup m_syn m_join m_confirm m_lookup \
		<<< "$out"
	printf '  %-8s %-9s %15s %15s %15s %15s %5s\n' "${3-$1}" "$2" \
		"$syn/$m_syn" "$join/$m_join" "$confirm/$m_confirm" \
		"$lookup/$m_lookup" "$((SECONDS - start)) s"
}

# measure KEY SETUP: the passes of $size flows through SETUP, kept in
# result[$size.KEY] as "insert lookup bytes-per-flow".
measure() {
	local before

	before=$(slab)
	run "$size" "$2" ""
	result[$size.$1]="$(((syn + join) / 2)) $lookup \
		$((($(slab) - before) / size))"
}

# Counters that are not zero, from "name value" pairs.
nonzero() {
	awk '{ for (i = 1; i < NF; i += 2) if ($(i + 1) != "0")
		printf "%s %s ", $i, $(i + 1); print "" }'
}

declare -A result
echo "# flow table: half plain SYN, half SYN + MP_JOIN flows, each confirmed by"
echo "# its third ACK, then one ACK per flow; $(uname -r), $(nproc) CPUs (TCG)"
if [[ -n ${MLB_VM_ICOUNT:-} ]]; then
	echo "# clock: QEMU icount, 2^$MLB_VM_ICOUNT ns per guest instruction"
else
	echo "# clock: real time, which other work on the host inflates"
fi
echo "# ns per packet, 10th percentile/median over chunks of 64 flows:"
printf '  %-8s %-9s %15s %15s %15s %15s %5s\n' flows setup "plain SYN" \
	"join SYN" "confirm ACK" "lookup ACK" took
# mlb_measure KEY LABEL [PROXY_OPTION...]: the passes through mptcp_lb,
# its three proxies created with PROXY_OPTIONs (an encapsulation).
mlb_measure() {
	local key=$1 label=$2 before table
	shift 2

	mlb_up "$kmod" "$cli" "$@"
	before=$(kmem)
	n lb "$cli" service add "$vip:80" flow-max $((2 * size)) \
		flow-timeout 3600 member p1 member p2 member p3
	table=$(($(kmem) - before))
	measure "$key" "$label"
	echo "             flow-max $((2 * size)): service add took" \
		"$((table / 1024)) KiB (buckets, Maglev table);" \
		"slab_size of mlb_flow: $(objsize mlb_flow)"
	echo "             $(n lb "$cli" stats | nonzero)"
	mlb_down
}

for size in "${sizes[@]}"; do
	# The same packets dropped by the LB's route: the sender and the
	# receive path, which every column below shares.
	setup
	n lb ip route add blackhole "$vip/32"
	run "$size" drop
	result[$size.drop]=$lookup
	result[$size.dropsyn]=$(((syn + join) / 2))

	setup
	n lb ip route add "$vip/32" dev dummy0
	run "$size" forward
	result[$size.fwd]=$lookup

	# The same routing into an IPIP device: the encapsulation mptcp_lb
	# adds, without its hook; the least any tunnelling LB can cost.
	ipip_up "$vip"
	run "$size" "fwd+ipip"
	result[$size.ipip]=$lookup

	mlb_measure mlb mptcp_lb
	mlb_measure gue "mlb gue" encap gue encap-port 6080

	setup
	before=$(kmem)
	ipvs_up "$vip"
	table=$(($(kmem) - before))
	measure ipvs IPVS
	echo "             conn_tab_bits 20: modprobe and ipvsadm took" \
		"$((table / 1024)) KiB (buckets, module); slab_size of" \
		"ip_vs_conn: $(objsize ip_vs_conn)"
	n lb ipvsadm -Ln | awk '$1 == "->" && $5 ~ /^[0-9]+$/ {
		active += $5; inactive += $6 }
		END { printf "             connections: %d active, %d inactive\n",
		      active, inactive }'
	ipvs_down
done

cat <<EOF

# insert: the SYNs (half plain, half join); lookup: an ACK to an existing
# entry; both the 10th percentile above.  B/flow: unreclaimable slab
# growth over the run, per flow.  forward: plain routing of the lookup ACKs;
# fwd+ipip: the same routed into an IPIP device, the limit for a tunnelling
# LB.  Packets per second are 10^9 / ns, of one CPU.
EOF
printf '  %-8s %11s %11s %11s %11s %11s %11s %11s %11s\n' flows \
	"mlb insert" "mlb lookup" "mlb B/flow" "ipvs insert" "ipvs lookup" \
	"ipvs B/conn" "forward" "fwd+ipip"
printf '  %-8s %11s %11s %11s %11s %11s %11s %11s %11s\n' "" ns ns "" ns ns \
	"" ns ns
for size in "${sizes[@]}"; do
	read -r mi ml mb <<< "${result[$size.mlb]}"
	read -r ii il ib <<< "${result[$size.ipvs]}"
	printf '  %-8s %11s %11s %11s %11s %11s %11s %11s %11s\n' "$size" \
		"$mi" "$ml" "$mb" "$ii" "$il" "$ib" "${result[$size.fwd]}" \
		"${result[$size.ipip]}"
done
cat <<EOF

# Established packets (lookup ACKs): per second on one CPU, and each
# path's own cost, ns above "drop" (the sender, veth, the LB's receive
# path and route lookup, which every path pays); then new connections
# (the SYNs, insert above) likewise, over the dropped SYNs.
EOF
printf '  %-8s %9s %9s %9s %9s | %9s %9s %9s %9s %9s %8s\n' flows \
	"mlb pps" "gue pps" "IPVS pps" "ipip pps" mptcp_lb "mlb gue" IPVS \
	forward fwd+ipip "vs IPVS"
for size in "${sizes[@]}"; do
	read -r _ ml _ <<< "${result[$size.mlb]}"
	read -r _ gl _ <<< "${result[$size.gue]}"
	read -r _ il _ <<< "${result[$size.ipvs]}"
	awk -v s="$size" -v m="$ml" -v g="$gl" -v i="$il" \
		-v f="${result[$size.fwd]}" -v t="${result[$size.ipip]}" \
		-v d="${result[$size.drop]}" \
		'BEGIN { printf "  %-8s %9d %9d %9d %9d | %9d %9d %9d %9d %9d %7.2fx\n",
		s, 1e9 / m, 1e9 / g, 1e9 / i, 1e9 / t, m - d, g - d, i - d,
		f - d, t - d, (i - d) / (m - d) }'
done
printf '  %-8s %9s %9s %9s %8s\n' "new conn" mptcp_lb "mlb gue" IPVS "vs IPVS"
for size in "${sizes[@]}"; do
	read -r mi _ _ <<< "${result[$size.mlb]}"
	read -r gi _ _ <<< "${result[$size.gue]}"
	read -r ii _ _ <<< "${result[$size.ipvs]}"
	awk -v s="$size" -v m="$mi" -v g="$gi" -v i="$ii" \
		-v d="${result[$size.dropsyn]}" \
		'BEGIN { printf "  %-8s %9d %9d %9d %7.2fx\n",
		s, m - d, g - d, i - d, (i - d) / (m - d) }'
done
