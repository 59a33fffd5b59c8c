#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Join subflows are precious (issue 13): the later packets of an MP_JOIN
# subflow carry no token, so its flow entry is the one state the LB
# cannot recompute.  Real MPTCP connections through the LB of
# selftests/topology.sh, the proxies running the issuer, each connection
# with a backup join from the client's second link:
#
#   flood  20,000 SYN + MP_JOIN with random tokens from random sources
#          fill a service's 1024 flows; then every join of real
#          connections is recorded, confirmed, and outlives a second flood
#   idle   joins idle past their service's flow-timeout of 2 s
#   spoof  from the client's side of the LB, a RST with a random
#          sequence number, or a plain SYN, with a join's 4-tuple; then
#          the joins idle past the 10 s a closing entry is kept
#
# over IPv4, and idle and spoof over IPv6 too.  Meanwhile the members of
# the idle and spoof services change so that Maglev would send any of
# their subflows to another proxy than their connection's: a join that
# lost its entry is reset, never saved by luck.  Then the client's first
# link goes down and every connection must finish intact over its join,
# through the LB.  Also join-timeout, the service parameter.
#
# Usage (inside the VM): joins.sh MODULE_DIR

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

kmod=$1
# shellcheck source=selftests/topology.sh
source "$top/selftests/topology.sh"
topology_up "$kmod"

started=$SECONDS
idle4=192.0.2.2
spoof4=192.0.2.3
idle6=2001:db8::102
spoof6=2001:db8::103
# The client's second link, where the joins come from.
join4=10.0.4.2
join6=fd00:4::2
seed=${JOINS_SEED:-$RANDOM}
echo "# flood seed $seed (JOINS_SEED)"

# vips_up ADDR...: these are VIPs too, on every proxy host and routed to
# the LB.
vips_up() {
	local h vip
	for h in "${hosts[@]}"; do
		for vip in "$@"; do
			echo "addr add $vip dev lo"
		done | n "$h" ip -batch -
	done
	for vip in "$@"; do
		if [[ $vip == *:* ]]; then
			echo "route add $vip/128 via fd00:2::2"
		else
			echo "route add $vip/32 via 10.0.2.2"
		fi
	done | n rt ip -batch -
}

vips_up "$idle4" "$spoof4" "$idle6" "$spoof6"
# Where the floods come from; the router drops what proxies answer.
n rt ip route add blackhole 10.99.0.0/16
n rt sysctl -qw net.ipv4.conf.to-cl.rp_filter=0

insmod "$kmod/mptcp_lb_issuer.ko"
check "every proxy host issues tokens in its third of X" issue_thirds
check "the IPv4 proxies own them" own_thirds 4
mptcp_paths_up
n cl ip mptcp endpoint flush
n cl ip mptcp endpoint add "$join4" dev to-rt2 subflow backup
n cl ip mptcp endpoint add "$join6" dev to-rt2 subflow backup

# The flood's service has a small table.  The others start with one
# member: their connections all go to h1.
check "a service of 1024 flows, one per test and family" lb -b - <<EOF
service del $vip4:80
service add $vip4:80 maglev-size 1021 flow-max 1024 member p1 member p2 weight 2 member p3
service add $idle4:80 maglev-size 1021 flow-max 1024 flow-timeout 2 member p1
service add [$idle6]:80 maglev-size 1021 flow-max 1024 flow-timeout 2 member p1v6
service add $spoof4:80 maglev-size 1021 flow-max 1024 member p1
service add [$spoof6]:80 maglev-size 1021 flow-max 1024 member p1v6
EOF

# query ARG...: mptcplb in the LB's namespace, entered by the CLI itself.
query() {
	"$cli" -n "mlb-lb-$$" "$@"
}

# param SERVICE NAME: a parameter of SERVICE as service show prints it.
param() {
	query service show "$1" | awk -v name="$2" '
		{ for (i = 1; i < NF; i++) if ($i == name) print $(i + 1) }'
}

# saved SERVICE NAME: the parameter as save prints it.
saved() {
	query save | awk -v service="$1" -v name="$2" '
		$1 == "service" && $2 == "add" && $3 == service {
			for (i = 4; i < NF; i++) if ($i == name) print $(i + 1) }'
}

check_output "join-timeout is 14400 s by default" "14400" \
	param "$spoof4:80" join-timeout
check "a week is accepted" lb service set "$spoof4:80" join-timeout 604800
check_output "and shown" "604800" param "$spoof4:80" join-timeout
check_exit "a second more is refused" 1 \
	lb service set "$spoof4:80" join-timeout 604801
check "service add takes it too" lb service add "[$spoof6]:81" \
	maglev-size 1021 flow-max 1024 join-timeout 3600 member p1v6
check_output "save keeps it" "3600" saved "[$spoof6]:81" join-timeout
lb service del "[$spoof6]:81" 2> /dev/null || true

# joins SERVICE [PORT...]: "J joins, C confirmed, K closing, on PROXIES"
# of the entries of joins from the client's second link in SERVICE's flow
# table (of these client ports, if given).
joins() {
	local service=$1
	shift
	query flows service "$service" | awk -v a4="$join4:" \
		-v a6="[$join6]:" -v ports="$*" '
		function field(name, i) {
			for (i = 1; i < NF; i++)
				if ($i == name)
					return $(i + 1)
			return ""
		}
		BEGIN { n = split(ports, p); for (i = 1; i <= n; i++) wanted[p[i]] }
		{
			client = field("client")
			if (field("kind") != "join" ||
			    (index(client, a4) != 1 && index(client, a6) != 1))
				next
			sub(/.*:/, "", client)
			if (n && !(client in wanted))
				next
			count++
			conf += field("state") == "confirmed"
			closing += field("state") == "closing"
			proxy = field("proxy")
			if (!(proxy in seen)) {
				seen[proxy]
				list[++proxies] = proxy
			}
		}
		END {
			for (i = 2; i <= proxies; i++)
				for (j = i; j > 1 && list[j - 1] > list[j]; j--) {
					t = list[j]
					list[j] = list[j - 1]
					list[j - 1] = t
				}
			on = proxies ? list[1] : "none"
			for (i = 2; i <= proxies; i++)
				on = on "," list[i]
			printf "%d joins, %d confirmed, %d closing, on %s\n",
				count, conf, closing, on
		}'
}

# join_counts SERVICE: what joins says, but where they go.
join_counts() {
	joins "$@" | sed 's/, on .*//'
}

# join_ports SERVICE: the client ports of those entries, in order.
join_ports() {
	query flows service "$1" | awk -v a4="$join4:" -v a6="[$join6]:" '
		{ for (i = 1; i < NF; i++) if ($i == "client") client = $(i + 1) }
		/ kind join / && (index(client, a4) == 1 || index(client, a6) == 1) {
			sub(/.*:/, "", client)
			print client
		}' | sort -n
}

# flows_of SERVICE PORT...: SERVICE's entries of these client ports.
flows_of() {
	local service=$1
	shift
	query flows service "$service" | awk -v ports="$*" '
		BEGIN { n = split(ports, p); for (i = 1; i <= n; i++) wanted[p[i]] }
		{ port = $4; sub(/.*:/, "", port) } port in wanted'
}

# counter NAME: the namespace's counter NAME, "absent" if it has none.
counter() {
	local value
	value=$(query -j stats | grep -o "\"$1\":[0-9]*" | cut -d: -f2)
	echo "${value:-absent}"
}

# grown NAME BEFORE: how much counter NAME grew since it was BEFORE.
grown() {
	local now
	now=$(counter "$1")
	if [[ $now == absent || $2 == absent ]]; then
		echo absent
	else
		echo $((now - $2))
	fi
}

# connections GROUP VIP N: N MPTCP connections to VIP:80 in the
# background, each paused half-way once its join is made, until
# $tmp/go exists; their results in $tmp/GROUP.
groups=()
connections() {
	n cl python3 "$kit" connect "$2" 80 "$3" --mptcp --subflows \
		--size 50000 --pause "$tmp/go" --timeout 40 > "$tmp/$1" &
	pids+=($!)
	groups+=("$1 $3 $!")
}

# paused GROUP: waits for GROUP's connections to pause.
paused() {
	local name count pid
	read -r name count pid <<< "$(printf '%s\n' "${groups[@]}" |
		grep "^$1 ")"
	until grep -q paused "$tmp/$name"; do
		kill -0 "$pid" 2> /dev/null || return 1
		sleep 0.2
	done
}

# flood N: N random joins at $vip4:80 from 10.99.0.0/16, reported.
flood() {
	local sent failed secs routed
	routed=$(counter syn-join)
	read -r sent failed secs < <(n cl python3 "$kit" joinflood \
		10.99.0.0/16 "$vip4" 80 "$1" --seed "$seed")
	seed=$((seed + 1))
	echo "# flood: $sent SYN + MP_JOIN sent ($failed failed) in $secs s, $(grown syn-join "$routed") routed by token"
}

# 1. The flood.  The thirds cover X but for its last 256 integers: each
# random token routes, to a proxy that resets a join it does not know.
echo "# $((SECONDS - started)) s: flood"
# Meanwhile the connections of part 2 over IPv4, to services of their own.
connections idle4 "$idle4" 3
connections spoof4 "$spoof4" 4
untracked=$(counter drop-join-untracked)
flood 20000
# Nothing is confirmed: every join evicts a flood join, in its bucket or
# near it, even where its bucket was empty when the table filled up.
check_output "no join of it is dropped for want of room" "0" \
	grown drop-join-untracked "$untracked"
# flood_flows: entries in the flood's service.
flood_flows() {
	query flows service "$vip4:80" | wc -l
}
# At least: the limit is checked and the count raised under different
# buckets' locks, which two CPUs may hold at once.
check "the flood fills the flow table" test "$(flood_flows)" -ge 1024
echo "# LB counters: $(lb stats)"
connections flood "$vip4" 10
check "10 connections after it" paused flood
check_output "each of their joins is recorded and confirmed" \
	"10 joins, 10 confirmed, 0 closing" join_counts "$vip4:80"
echo "# $((SECONDS - started)) s: the joins are open"
# Enough to renew the table five times.
flood 5000
check_output "and outlives a second flood" \
	"10 joins, 10 confirmed, 0 closing" join_counts "$vip4:80"
# Ten confirmed entries fill no chain.
check_output "which drops no join either" "0" \
	grown drop-join-untracked "$untracked"
echo "# LB counters: $(lb stats)"

# 2. Idle and spoofed joins, all to h1 for now.
echo "# $((SECONDS - started)) s: idle and spoofed connections"
check "3 idle IPv4 connections" paused idle4
check "4 IPv4 connections to spoof" paused spoof4
check "the IPv6 proxies own the thirds of X" own_thirds 6
connections idle6 "$idle6" 3
connections spoof6 "$spoof6" 4
check "3 idle IPv6 connections" paused idle6
check "4 IPv6 connections to spoof" paused spoof6
echo "# $((SECONDS - started)) s: all connections open"
check "p1 takes no new connection, p2 and p3 all" lb -b - <<EOF
member set $idle4:80 p2
member set $idle4:80 p3
member set $idle4:80 p1 weight 0
member set $spoof4:80 p2
member set $spoof4:80 p3
member set $spoof4:80 p1 weight 0
member set [$idle6]:80 p2v6
member set [$idle6]:80 p3v6
member set [$idle6]:80 p1v6 weight 0
member set [$spoof6]:80 p2v6
member set [$spoof6]:80 p3v6
member set [$spoof6]:80 p1v6 weight 0
EOF
echo "# $((SECONDS - started)) s: members changed"
check_output "IPv4 idle joins are recorded and confirmed" \
	"3 joins, 3 confirmed, 0 closing, on p1" joins "$idle4:80"
check_output "IPv6 idle joins are recorded and confirmed" \
	"3 joins, 3 confirmed, 0 closing, on p1v6" joins "[$idle6]:80"

echo "# $((SECONDS - started)) s: spoofing"
ignored=$(counter close-ignored)
kept=$(counter syn-kept)
for family in 4 6; do
	if [[ $family == 4 ]]; then
		service=$spoof4:80 vip=$spoof4 src=$join4 proxy=p1
	else
		service=[$spoof6]:80 vip=$spoof6 src=$join6 proxy=p1v6
	fi
	check_output "IPv$family joins to spoof are recorded and confirmed" \
		"4 joins, 4 confirmed, 0 closing, on $proxy" joins "$service"
	mapfile -t ports < <(join_ports "$service")
	rst=("${ports[@]:0:2}")
	syn=("${ports[@]:2}")
	if ((${#ports[@]} == 4)); then
		n cl python3 "$kit" segment "$src" "$vip" 80 R "${rst[@]}" \
			S "${syn[@]}" > /dev/null
	fi
	check_output "IPv$family: a RST with a random sequence number leaves a join open" \
		"2 joins, 2 confirmed, 0 closing, on $proxy" joins "$service" "${rst[@]}"
	check_output "IPv$family: a plain SYN leaves a join where it was" \
		"2 joins, 2 confirmed, 0 closing, on $proxy" joins "$service" "${syn[@]}"
	flows_of "$service" "${ports[@]}" | sed 's/^/#   /'
done
spoofed=$SECONDS
check_output "the LB counts the RSTs as implausible" "4" \
	grown close-ignored "$ignored"
check_output "and sends the SYNs to their joins' proxy" "4" \
	grown syn-kept "$kept"

# Past the time a closing entry is kept, 10 s, and a pass of the
# collector, which scans these small tables in a second.
wait=$((spoofed + 13 - SECONDS))
sleep $((wait > 0 ? wait : 0))
echo "# $((SECONDS - spoofed)) s since the spoofing"
for service in "$idle4:80" "[$idle6]:80" "$spoof4:80" "[$spoof6]:80"; do
	count=3
	[[ $service == *$idle4* || $service == *$idle6* ]] || count=4
	check_output "$service: its joins are kept however long idle" \
		"$count joins, $count confirmed, 0 closing" join_counts "$service"
done
echo "# $((SECONDS - started)) s: the first link goes down"

# 3. Whatever is left to send goes by the joins.
check "the client's first link goes down" n rt ip link set to-cl down
failover=$SECONDS
touch "$tmp/go"
for group in "${groups[@]}"; do
	read -r name count pid <<< "$group"
	wait "$pid" || true
	check_output "$name: $count connections finish intact over their joins" \
		"$count" grep -c ' ok' "$tmp/$name"
	echo "# $name: $(cut -d' ' -f2- "$tmp/$name" | sort | uniq -c | xargs)"
done
echo "# the connections took $((SECONDS - failover)) s to finish"

# open_joins: join entries of the services that are not closing.
open_joins() {
	local service
	for service in "$vip4:80" "$idle4:80" "[$idle6]:80" "$spoof4:80" \
		"[$spoof6]:80"; do
		joins "$service"
	done | awk '{ open += $1 - $5 } END { print open + 0 }'
}

# until_closed: waits up to 10 s for every join entry to be closing.
until_closed() {
	local i
	for i in $(seq 20); do
		[[ $(open_joins) == 0 ]] && return 0
		sleep 0.5
	done
	return 1
}
check "the joins' own FINs close their entries" until_closed
echo "# LB counters: $(lb stats)"
echo "# $((SECONDS - started)) s in all"
check_dmesg
finish
