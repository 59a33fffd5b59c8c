#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Configuration churn under traffic (issue 12): for a minute, while both
# guest CPUs push packets through the LB of selftests/topology.sh, the
# configuration keeps changing under them.  At once:
#
#   traffic  real TCP and MPTCP connections to both VIPs' port 80, each
#            checking its data; and on each CPU a flood of crafted
#            segments (MPTCP handshakes, joins, ACKs, plain SYNs), from
#            an address whose answers the router drops, at port 81, whose
#            services are the ones deleted, and at port 80
#   churn    one batch, fed round after round: port 81's services added
#            and deleted again and again, members added, removed and
#            reweighted, proxies added, drained, changed and deleted, the
#            secret replaced; every round ends with the configuration it
#            began with
#   dumps    services, proxies, flows and the saved configuration
#
# Port 80's services stay throughout, so that the LB's hooks stay
# registered: registering the first one flips a static key, which TCG can
# get wrong while packets flow.  Passes if the guest lives, dmesg stays
# clean, and afterwards the configuration, saved and restored, still
# routes every join of real MPTCP connections to its proxy.
#
# Usage (inside the VM): churn.sh MODULE_DIR [SECONDS]

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

kmod=$1
seconds=${2:-60}
# shellcheck source=selftests/topology.sh
source "$top/selftests/topology.sh"
topology_up "$kmod"
issuers_up "$kmod"
mptcp_paths_up

other_secret=0f0e0d0c0b0a09080706050403020100
# Services that come and go: small, so that adding one is quick (307
# slots: 100 for each of up to 3 members).
small="maglev-size 307 flow-max 1024"
# Port 80's again, with a flow table that dumps go through quickly: a dump
# holds the genetlink lock, which every change waits for.  One stays, so
# that the hooks do.
check "port 80's services with smaller flow tables" lb -b - <<EOF
service del $vip4:80
service add $vip4:80 maglev-size 1021 flow-max 16384 member p1 member p2 weight 2 member p3
service del [$vip6]:80
service add [$vip6]:80 maglev-size 1021 flow-max 16384 member p1v6 member p2v6 member p3v6
EOF
flood4=10.0.1.99
flood6=fd00:1::99
n cl ip addr add "$flood4/32" dev to-rt
# Deprecated, so that real connections do not pick it as their source.
n cl ip addr add "$flood6/128" dev to-rt nodad preferred_lft 0
n rt ip route add blackhole "$flood4/32"
n rt ip -6 route add blackhole "$flood6/128"

# cycle MEMBERS4 MEMBERS6 [COMMAND]: port 81's services added with these
# members, changed by COMMAND, shown (their counters say what they
# forwarded) and deleted.
cycle() {
	echo "service add $vip4:81 $small $1"
	echo "service add [$vip6]:81 $small $2"
	[[ -z $3 ]] || echo "$3"
	echo "service show $vip4:81"
	echo "service show [$vip6]:81"
	echo "service del $vip4:81"
	echo "service del [$vip6]:81"
}

# One round of churn, from the topology's configuration back to it.
mapfile -t round <<EOF
proxy add c4 address 10.0.33.2 range 0x60000000-0x6fffffff
$(cycle "member p1 member p2" "member p2v6 member p3v6")
proxy add c6 address fd00:32::2 range 0x70000000-0x7fffffff tokens learn
$(cycle "member p1 member c4 weight 2" "member c6 member p1v6")
member set $vip4:80 p1 weight 3
$(cycle "member c4 member p3" "member p2v6 member c6 weight 4" \
	"member set [$vip6]:81 p3v6 weight 2")
proxy set p2 state drain
$(cycle "member p2 member p3" "member c6" "member del [$vip6]:81 c6")
secret set $other_secret
$(cycle "member c4" "member p1v6 member p3v6" \
	"service set $vip4:81 hash-seed 7 flow-timeout 5")
member del $vip4:80 p3
$(cycle "member p1 member p3 weight 0" "member c6 member p2v6" \
	"member set $vip4:81 c4")
member set [$vip6]:80 p2v6 weight 0
$(cycle "member p3 member c4" "member p3v6")
proxy set c4 range 0x68000000-0x6fffffff state drain
$(cycle "member p1 member c4" "member p1v6 member c6")
proxy set c6 state drain tokens decode
$(cycle "member p2" "member c6 member p2v6" "member del $vip4:81 p2")
proxy set c4 state active
proxy set p2 state active
$(cycle "member c4 member p2" "member p1v6")
member set $vip4:80 p3
member set $vip4:80 p1 weight 1
$(cycle "member p3 member p1" "member p2v6 member p1v6")
member set [$vip6]:80 p2v6 weight 1
proxy set p1v6 state drain
$(cycle "member p1 member c4" "member p1v6 member p3v6")
proxy set p1v6 state active
proxy del c4
$(cycle "member p2 member p1" "member c6 member p3v6")
proxy del c6
secret set $secret
EOF
shows_per_round=$(printf '%s\n' "${round[@]}" | grep -c '^service show')
deletions_per_round=$(printf '%s\n' "${round[@]}" | grep -c '^service del')

# connect_loop VIP [ARG...]: until the end, a few TCP then a few MPTCP
# connections (with ARGs) to VIP:80 at a time, their results in
# $tmp/connect-VIP.
connect_loop() {
	local vip=$1
	shift
	while ((EPOCHSECONDS < end)); do
		n cl python3 "$kit" connect "$vip" 80 3 --size 20000 || true
		n cl python3 "$kit" connect "$vip" 80 3 --mptcp --size 20000 \
			"$@" || true
	done > "$tmp/connect-$vip"
}

# churn_loop: rounds into one batch until the end, each waited for by
# reading its shows back; "ROUNDS FAILED FORWARDED" in $tmp/churn, the
# last the packets port 81's services forwarded before their deletion.
churn_loop() {
	local rounds=0 failed=0 forwarded=0 line i to from
	# Line-buffered, so that each show comes out as it is done.
	coproc batch { n lb stdbuf -oL "$cli" -j -s -b - 2> "$tmp/churn.err"; }
	to=${batch[1]}
	from=${batch[0]}
	# A batch that stopped fails the next read, not this shell.
	trap '' PIPE
	while ((EPOCHSECONDS < end && !failed)); do
		printf '%s\n' "${round[@]}" >&"$to"
		for ((i = 0; i < shows_per_round; i++)); do
			if ! read -r line <&"$from"; then
				failed=1
				break
			fi
			[[ $line =~ \"packets\":([0-9]+) ]] &&
				forwarded=$((forwarded + BASH_REMATCH[1]))
		done
		rounds=$((rounds + 1 - failed))
	done
	exec {to}>&-
	# coproc sets it.
	# shellcheck disable=SC2154
	wait "$batch_PID" || failed=1
	echo "$rounds $failed $forwarded" > "$tmp/churn"
}

# dump_loop: the dumps of $tmp/dumps as batches until the end; "BATCHES
# FAILED" in $tmp/dumped.
dump_loop() {
	local batches=0 failed=0
	printf '%s\n' "service show" "proxy show" "flows" "save" > "$tmp/dumps"
	while ((EPOCHSECONDS < end)); do
		lb -s -b "$tmp/dumps" > /dev/null 2>> "$tmp/dumps.err" ||
			failed=$((failed + 1))
		batches=$((batches + 1))
	done
	echo "$batches $failed" > "$tmp/dumped"
}

configured=$(lb save)
packets=$(lb_counter lb packets)
# One flood per CPU, so that packets race each change on the other CPU.
taskset -c 0 ip netns exec "mlb-cl-$$" python3 "$kit" flood "$flood4" \
	"$vip4" "$seconds" 81 80 > "$tmp/flood-4" &
floods=($!)
taskset -c 1 ip netns exec "mlb-cl-$$" python3 "$kit" flood "$flood6" \
	"$vip6" "$seconds" 81 80 > "$tmp/flood-6" &
floods+=($!)
pids+=("${floods[@]}")
# They start once they have built their segments.
until grep -q flooding "$tmp/flood-4" && grep -q flooding "$tmp/flood-6"; do
	sleep 0.5
done
# The uptime places an oops, which the kernel stamps with it.
echo "# churning for $seconds s from $(cut -d' ' -f1 /proc/uptime) s of uptime"
end=$((EPOCHSECONDS + seconds))
# IPv4 joins only: the proxies' tokens are in IPv4 proxies' ranges.
connect_loop "$vip4" --subflows &
loops=($!)
connect_loop "$vip6" &
loops+=($!)
churn_loop &
loops+=($!)
dump_loop &
loops+=($!)
pids+=("${loops[@]}")
wait "${floods[@]}" "${loops[@]}" || true

read -r sent4 failed4 < <(tail -n 1 "$tmp/flood-4") || true
read -r sent6 failed6 < <(tail -n 1 "$tmp/flood-6") || true
echo "# flooded $sent4 segments at $vip4, $sent6 at $vip6 ($failed4 and $failed6 not sent): $(((sent4 + sent6) / seconds)) per second"
check "both floods ran" test "$sent4" -gt 0 -a "$sent6" -gt 0
read -r rounds failed forwarded < "$tmp/churn" || true
echo "# $rounds rounds of churn, $((rounds * deletions_per_round)) services deleted; they had forwarded $forwarded packets, the LB $(($(lb_counter lb packets) - packets)) in all"
[[ $failed == 0 ]] || sed 's/^/# /' "$tmp/churn.err"
check_output "every round of churn succeeded" "0" echo "$failed"
check "the churn deleted services many times" \
	test "$((rounds * deletions_per_round))" -ge 100
check "the services being deleted were forwarding packets" \
	test "$forwarded" -gt 0
read -r batches failed < "$tmp/dumped" || true
echo "# $batches batches of dumps"
[[ $failed == 0 ]] || sed 's/^/# /' "$tmp/dumps.err"
check_output "every dump succeeded" "0" echo "$failed"
for vip in "$vip4" "$vip6"; do
	total=$(wc -l < "$tmp/connect-$vip")
	intact=$(grep -c ' ok' "$tmp/connect-$vip" || true)
	echo "# $intact of $total connections to $vip intact, $(grep -c 'join=ok' "$tmp/connect-$vip" || true) with a join"
	check "connections to $vip were made during the churn" \
		test "$total" -ge 6
	check_output "all carried their data intact" "$total" echo "$intact"
	# What became of the others: the proxy and how it failed, or the
	# error of a connection that never reached one.
	grep -v ' ok' "$tmp/connect-$vip" | sed 's/^/#   /' || true
done
# Whether the flood made the flow tables evict entries (the namespace's
# counters: port 80's tables and the port 81 ones the churn deleted): a
# connection whose entry went on follows Maglev, which the churn changes.
echo "# flow tables: $(lb_counter lb flow-evicted) evicted," \
	"$(lb_counter lb flow-miss) missed, $(lb_counter lb flow-untracked) untracked"

check_output "the churn ended with the configuration it began with" \
	"$configured" lb save
lb save > "$tmp/saved"
check "restore the saved configuration" lb -b "$tmp/saved"
check "and the secret, which it leaves out" lb secret set "$secret"
check_output "the LB is configured as saved" "$configured" lb save
check_output "the restored LB routes 20 of 20 joins to their proxy" \
	"20 joins, 20 intact" joined "$vip4" 20
check_output "and carries MPTCP connections over IPv6" "10 ok" \
	bash -c "ip netns exec mlb-cl-$$ python3 '$kit' connect $vip6 80 10 --mptcp --size 20000 |
		awk '\$2 == \"ok\" { ok++ } END { print ok + 0, \"ok\" }'"
check_dmesg
finish
