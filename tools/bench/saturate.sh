#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Forwarding rates at saturation, side by side in one VM: a sender on CPU
# 0 offers packets to the LB's namespace, which forwards them on CPU 1
# (RPS on the device they come in on), and what the LB forwarded is
# counted where it leaves (dummy0, which drops it).  For plain
# forwarding, forwarding into an IPIP device (the limit of a tunnelling
# LB), mptcp_lb with IPIP and with GUE, and IPVS in tunnel mode with the
# mh scheduler:
#   established   ACKs of FLOWS flows in turn, each confirmed first
#                 (tools/bench/flowsend.c's passes), so every packet finds
#                 its entry;
#   new           a SYN of a new flow each, as many as the sender sends.
# Flows are confirmed through the veth from cl; the floods come in
# through a tap device, nic0, into which flowsend writes frames: it
# receives them as a NIC's driver would, with room in front for the outer
# headers (see flowsend.c).  "drops" are the packets the LB's CPU could
# not take (its backlog, /proc/net/softnet_stat): where there are none,
# the sender was the limit, not the LB.  A benchmark: it
# prints numbers and asserts nothing.  The VM is emulated (TCG) and its
# vCPUs share the host, whose other work moves a vCPU's speed by tens of
# percent from one minute to the next: every size is measured ROUNDS
# times (default 3), each round every path in turn, and the summary
# takes each path's median round.
#
# With one CPU under QEMU's icount (MLB_VM_CPUS=1 MLB_VM_ICOUNT=0, see
# tools/vm/run.sh), the numbers no longer move: a guest nanosecond is a
# guest instruction, whatever the host does.  The sender and the LB then
# take turns on the one CPU, each frame forwarded within flowsend's
# write() (tun_get_user() hands it to netif_receive_skb()), and a
# "sender" row floods frames to another host's MAC address (flowsend -o),
# which ip_rcv_core() drops where every path begins: what the LB's side
# costs per packet is a path's time per packet less the sender's, and the
# summary gives the rate of that cost alone, what a CPU doing nothing
# else would reach.  Caches and TLBs are not emulated: a big table costs
# no more than a small one there.
#
#   cl ── lb ── dummy0     every proxy address is routed into dummy0
#         │
#        nic0 (tap)  ←  flowsend, on CPU 0
#
# Usage (inside the VM, 2 CPUs, or 1 under icount):
#   saturate.sh MODULE_DIR FLOWSEND [SECONDS [ROUNDS [FLOWS...]]]

set -e

kmod=$1
flowsend=$2
seconds=${3:-5}
rounds=${4:-3}
shift $(($# < 4 ? $# : 4))
if [[ ! $rounds =~ ^[1-9][0-9]*$ ]]; then
	echo "saturate.sh: ROUNDS must be a positive number" >&2
	exit 2
fi
sizes=("$@")
((${#sizes[@]})) || sizes=(1000)
top=$(cd "$(dirname "$0")/../.." && pwd)
cli=$top/tools/mptcplb/mptcplb
vip=192.0.2.1
clients=10.128.0.0

# shellcheck source=tools/bench/namespaces.sh
source "$(dirname "$0")/namespaces.sh"

# The CPU that forwards: CPU 1, or with one CPU the one.
lb_cpu=$(($(nproc) - 1))
if ((lb_cpu > 1)) || { ((!lb_cpu)) && [[ -z ${MLB_VM_ICOUNT:-} ]]; }; then
	echo "saturate.sh: needs 2 CPUs, or 1 under icount" >&2
	exit 1
fi

# Packets the LB sent out of dummy0.
forwarded() {
	n lb cat /sys/class/net/dummy0/statistics/tx_packets
}

# Packets the forwarding CPU's backlog dropped (second field of its
# softnet_stat line, in hex).
backlog_drops() {
	local fields

	read -ra fields < <(sed -n "$((lb_cpu + 1))p" /proc/net/softnet_stat)
	echo $((16#${fields[1]}))
}

# The forwarding CPU's "busy total" ticks: all but idle and iowait, and
# all.
lb_cpu_ticks() {
	awk -v cpu="cpu$lb_cpu" '$1 == cpu {
		print $2 + $3 + $4 + $7 + $8 + $9,
		      $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat
}

# flood MODE SIZE [OPTION]: -a or -s of flowsend for $seconds, with
# OPTION; prints "sent/s forwarded/s drops busy capacity": the busy share
# of the forwarding CPU ($lb_cpu) and what it would forward per second
# fully busy (with one CPU, which also sends, measure() uses the sent
# rate instead).
flood() {
	local before drops sent took busy total

	before=$(forwarded)
	drops=$(backlog_drops)
	read -r busy total <<< "$(lb_cpu_ticks)"
	read -r sent took < <(n lb taskset -c 0 "$flowsend" "$1" "$seconds" \
		-i nic0 "${@:3}" "$clients" "$vip" 80 "$2")
	read -r busy total <<< "$(lb_cpu_ticks | awk -v b="$busy" -v t="$total" \
		'{ print $1 - b, $2 - t }')"
	awk -v s="$sent" -v t="$took" -v f="$(($(forwarded) - before))" \
		-v d="$(($(backlog_drops) - drops))" -v b="$busy" -v a="$total" \
		'BEGIN { printf "%d %d %d %d%% %d\n", s / t, f / t, d,
			 100 * b / a, f / t * a / b }'
}

# measure KEY LABEL SIZE: fills SIZE flows, then floods with both kinds
# of packets; prints a row and adds what the forwarding CPU forwards
# fully busy to est_caps[SIZE.KEY] (established packets) and
# new_caps[SIZE.KEY] (new connections), one word a round.  KEY "sender"
# fills nothing and floods another host's MAC address, which the stack
# drops.
measure() {
	local est_sent est est_drops est_busy est_cap
	local new_sent new new_drops new_busy new_cap
	local -a other=()

	n lb ip tuntap add dev nic0 mode tap
	n lb ip link set nic0 up
	n lb sysctl -qw net.ipv4.conf.nic0.rp_filter=0
	# The NIC's packets to CPU 1, the sender on CPU 0.
	((!lb_cpu)) ||
		n lb sh -c 'echo 2 > /sys/class/net/nic0/queues/rx-0/rps_cpus'
	if [[ $1 == sender ]]; then
		other=(-o)
	else
		n cl taskset -c 0 "$flowsend" "$clients" "$vip" 80 "$3" \
			> /dev/null
	fi
	read -r est_sent est est_drops est_busy est_cap \
		<<< "$(flood -a "$3" "${other[@]}")"
	read -r new_sent new new_drops new_busy new_cap \
		<<< "$(flood -s "$3" "${other[@]}")"
	# A flood that failed said why; its round would pair wrong.
	[[ $est_cap && $new_cap ]] || exit 1
	# With one CPU, what was sent per second of flowsend's own time, all
	# of it forwarded within write() (or dropped by the sender's row).
	if ((!lb_cpu)); then
		est_cap=$est_sent new_cap=$new_sent
		[[ $1 == sender || ($est == "$est_sent" && $new == "$new_sent") ]] ||
			echo "# $2 forwarded less than was sent: its rates count both"
	fi
	printf '  %-8s %-9s %8s %8s %6s %5s %8s  %8s %8s %6s %5s %8s\n' \
		"$3" "$2" "$est_sent" "$est" "$est_drops" "$est_busy" \
		"$est_cap" "$new_sent" "$new" "$new_drops" "$new_busy" "$new_cap"
	est_caps[$3.$1]+=" $est_cap"
	new_caps[$3.$1]+=" $new_cap"
}

# mlb_measure KEY LABEL SIZE [PROXY_OPTION...]: measure through mptcp_lb,
# its proxies created with PROXY_OPTIONs, with room for the SIZE flows and
# a million new ones.
mlb_measure() {
	local key=$1 label=$2 size=$3
	shift 3

	mlb_up "$kmod" "$cli" "$@"
	n lb "$cli" service add "$vip:80" flow-max $((2 * size + 1048576)) \
		flow-timeout 3600 member p1 member p2 member p3
	measure "$key" "$label" "$size"
	mlb_down
}

# RPS turns a static key on with the first CPU map set: once, now, while
# no packet flows, and kept on by a device that stays (under TCG, code
# patched while another vCPU runs it can fault).
if ((lb_cpu)); then
	ip link add rps-key type dummy
	echo 2 > /sys/class/net/rps-key/queues/rx-0/rps_cpus
fi
# Its device node, /dev/net/tun, comes with the module.
modprobe tun

# median WORD...: the median of numbers, the lower of the middle two.
median() {
	printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"
}

declare -A est_caps new_caps
echo "# saturation: $(uname -r), $(nproc) CPUs (TCG${MLB_VM_ICOUNT:+, icount})," \
	"$seconds s per flood, $rounds rounds"
if ((lb_cpu)); then
	echo "# packets per second: sent by CPU 0, forwarded by CPU 1; drops: CPU 1's"
	echo "# backlog; busy: CPU 1's share not idle; cap: forwarded / busy, what CPU 1"
	echo "# forwards fully busy (established ACKs, then SYNs of new flows)"
else
	echo "# packets per second of the one CPU, which sends and forwards in turn"
	echo "# (established ACKs, then SYNs of new flows; no backlog, so no drops);"
	echo "# sender: to another host's MAC address, which the stack drops"
fi
printf '  %-8s %-9s %8s %8s %6s %5s %8s  %8s %8s %6s %5s %8s\n' flows setup \
	sent fwd drops busy cap sent fwd drops busy cap
for size in "${sizes[@]}"; do
	for ((round = 0; round < rounds; round++)); do
		if ((!lb_cpu)); then
			setup
			measure sender sender "$size"
		fi
		setup
		n lb ip route add "$vip/32" dev dummy0
		measure fwd forward "$size"

		ipip_up "$vip"
		measure ipip "fwd+ipip" "$size"

		mlb_measure mlb mptcp_lb "$size"
		mlb_measure gue "mlb gue" "$size" encap gue encap-port 6080

		setup
		ipvs_up "$vip"
		measure ipvs IPVS "$size"
		ipvs_down
	done
done

# lb_side SIZE ARRAY: with one CPU, each path's rates at SIZE flows in
# ARRAY (est_caps or new_caps) become those of the LB's side alone, whose
# time per packet is the path's less the sender's in the same round.
lb_side() {
	local -n rates=$2
	local key

	for key in fwd ipip mlb gue ipvs; do
		rates[$1.$key]=$(awk -v p="${rates[$1.$key]}" \
			-v s="${rates[$1.sender]}" \
			'BEGIN { n = split(p, a, " "); split(s, b, " ")
				 for (r = 1; r <= n; r++)
					 printf " %d", 1 / (1 / a[r] - 1 / b[r]) }')
	done
}

# ratios SIZE ARRAY PEER: mptcp_lb's share of PEER's rate at SIZE flows
# in each round of ARRAY (est_caps or new_caps), one word a round.
ratios() {
	local -n caps=$2

	awk -v m="${caps[$1.mlb]}" -v p="${caps[$1.$3]}" \
		'BEGIN { n = split(m, a, " "); split(p, b, " ")
			 for (r = 1; r <= n; r++)
				 printf " %.2f", a[r] / b[r] }'
}

# row SIZE LABEL ARRAY: the summary row of SIZE flows from ARRAY: each
# path's median round, then the median of mptcp_lb's shares of a peer's
# rate in the same round, so that a slow round weighs on both alike.
row() {
	local -n caps=$3
	local key
	local -a med=()

	for key in fwd ipip mlb gue ipvs; do
		# shellcheck disable=SC2086 # one word a round
		med+=("$(median ${caps[$1.$key]})")
	done
	# shellcheck disable=SC2046 # one word a round
	printf '  %-8s %-12s %10d %10d %10d %10d %10d %8.2fx %8.2fx\n' \
		"$1" "$2" "${med[@]}" "$(median $(ratios "$1" "$3" ipip))" \
		"$(median $(ratios "$1" "$3" ipvs))"
}

echo
if ((lb_cpu)); then
	echo "# What CPU 1 forwards per second fully busy (cap above), each path's"
else
	for size in "${sizes[@]}"; do
		lb_side "$size" est_caps
		lb_side "$size" new_caps
	done
	echo "# What the LB's side forwards per second, the sender's time taken off"
	echo "# (10^9 / guest ns per packet above the sender's, instructions under"
	echo "# icount shift 0), each path's"
fi
cat <<EOF
# median round, and the median over rounds of mptcp_lb's share of a
# peer's rate in the same round: of fwd+ipip (the goal: at least 0.9)
# and of IPVS (the goals: 1.5 for established packets, 2 for new
# connections).
EOF
printf '  %-8s %-12s %10s %10s %10s %10s %10s %9s %9s\n' flows packets \
	forward fwd+ipip mptcp_lb "mlb gue" IPVS "of ipip" "of IPVS"
for size in "${sizes[@]}"; do
	row "$size" established est_caps
	row "$size" new new_caps
done
echo
echo "# mptcp_lb's share of IPVS's, round by round"
for size in "${sizes[@]}"; do
	printf '  %-8s established%s, new%s\n' "$size" \
		"$(ratios "$size" est_caps ipvs | sed 's/[0-9.][0-9.]*/&x/g')" \
		"$(ratios "$size" new_caps ipvs | sed 's/[0-9.][0-9.]*/&x/g')"
done
