#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What `make demo` runs inside the VM: the topology of the VM selftests
# with two LBs behind ECMP and three proxy hosts running the issuer, all
# configured with the CLI as Documentation/admin.rst says, each LB
# announcing the VIPs to the router over BGP (BIRD); p1 and p2 take their
# joins through the LBs, which route them by token, and p3 is a direct
# proxy, whose joins go to an address of its own around the LBs.  Then
# real MPTCP connections, all at once, each shown subflow by subflow: the
# LB it crossed (or none), the proxy it reached, the bytes it carried.
# Then the same connections through the same LBs running IPVS's Maglev
# scheduler, which hashes every subflow on its own.  It says how long each
# part took, and if it fails, at which step, with the failing command's
# output; a connection through mptcp_lb that is not intact fails it.
#
# Usage (inside the VM): demo.sh MODULE_DIR

set -eE

# load_lb, which selftests/topology.sh calls; the demo's own check and
# check_output below replace the TAP ones.
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../selftests/lib.sh"
kmod=$1
connections=8
direct4=198.51.100.3
current_step="start"

bold() {
	printf '\033[1m%s\033[0m\n' "$*"
}

# step NAME: what the demo does now, which a failure names, with the
# output of this step alone.
step() {
	current_step=$*
	: > "$out"
}

# failed STATUS CAUSE: which step failed, and why; the ERR trap, and the
# checks, which name their command: in the trap, $BASH_COMMAND is the
# last command the shell ran, "return 1" for a failing function.  Only
# the demo's own shell reports: a background job (a server) that dies
# leaves its errors in $out, for the step it breaks, and a command
# substitution's failure is its assignment's.
failed() {
	((BASHPID == $$)) || exit "$1"
	trap - ERR
	exec 2>&"$stderr"
	echo "demo: failed at step \"$current_step\": $2" >&2
	[[ -s $out ]] && sed 's/^/demo:   /' "$out" >&2
	exit "$1"
}
trap 'failed $? "\"$BASH_COMMAND\" exited with status $?"' ERR

# uptime: the guest's uptime in whole seconds.
uptime_s() {
	local up
	read -r up _ < /proc/uptime
	echo "${up%.*}"
}

# selftests/topology.sh reports its steps through these two, which stop
# the demo, with the command's output, on a failure.
check() {
	local what=$1
	shift
	step "$what"
	"$@" > "$out" 2>&1 || failed $? "\"$*\" exited with status $?"
	echo "    $what"
}

check_output() {
	local what=$1 expected=$2
	shift 2
	step "$what"
	"$@" > "$out" 2>&1 || failed $? "\"$*\" exited with status $?"
	if [[ $(cat "$out") != "$expected" ]]; then
		echo "expected: $expected" >> "$out"
		failed 1 "\"$*\" did not print what was expected"
	fi
	echo "    $what"
}

# shellcheck source=selftests/topology.sh
source "$top/selftests/topology.sh"
# The output of the current step, which failed() shows: that of its
# checks, and the standard error of its other commands, all of the
# demo's (kept as $stderr for failed()).
out=$tmp/step-output
exec {stderr}>&2 2>> "$out"

cat <<'PICTURE'

                       ┌── lb1 ──┐   ipip    ┌── h1 (proxy p1)
  client ══ router ═ECMP        ├──────────▶├── h2 (proxy p2, weight 2)
  2 paths     ║        └── lb2 ──┘           └── h3 (proxy p3, direct)
              ║                   ◀── replies go straight to the client
              ╚═══ joins to p3's own address 198.51.100.3 ═══▶ h3

PICTURE
start=$SECONDS
bold "==> Network namespaces, veths, tunnels; mptcp_lb on lb1 (booted $(uname -r), up $(uptime_s) s)"
step "the topology"
topology_up "$kmod"
bold "==> p3 is a direct proxy: the C flag, and $direct4 announced (ADD_ADDR)"
check "h3: sysctl net.mptcp.allow_join_initial_addr_port=0; ip mptcp endpoint add $direct4 signal" \
	direct_up h3 "$direct4"
check "lb1: mptcplb proxy set p3 direct $direct4" \
	lb proxy set p3 direct "$direct4"
bold "==> lb2 restored from lb1's saved configuration"
step "lb2"
second_lb_up
bold "==> BIRD on both LBs announces the VIPs; the router's BIRD, ECMP over both"
step "BIRD on the router and both LBs"
bgp_up
echo "    $(n rt ip route show "$vip4/32" | xargs)"
bold "==> The issuer on every proxy host, with the LBs' secret and its ranges"
step "the issuers"
issuers_up "$kmod"
step "MPTCP endpoints and limits"
mptcp_paths_up

# lb_name NS: the LB's name in the picture.
lb_name() {
	if [[ $1 == lb ]]; then
		echo lb1
	else
		echo "$1"
	fi
}

# subflows_seen: "LB CLIENT HOST" for every subflow the two LBs hold; the
# proxy p2 (mptcp_lb) or real server 10.0.32.2 (IPVS) is host h2.
subflows_seen() {
	local ns
	for ns in lb lb2; do
		if [[ $mode == mptcp_lb ]]; then
			n "$ns" "$cli" flows service "$vip4:80" |
				awk -v lb="$(lb_name "$ns")" \
					'{ print lb, $4, "h" substr($6, 2, 1) }'
		else
			n "$ns" ipvsadm -Lnc | awk -v lb="$(lb_name "$ns")" \
				'$1 == "TCP" { print lb, $4, "h" substr($6, 7, 1) }'
		fi
	done | sort
}

# row LABEL SUBFLOW LB PROXY TOKEN X BYTES VERDICT: a row of the table.
row() {
	printf '%4s  %-21s %-4s %-5s %-10s %-10s %8s  %s\n' "$@"
}

# connections: $connections MPTCP connections at once, as table rows,
# each subflow in the row of its connection (a join that was reset too:
# tcpkit.py reports the joins it sent); a subflow that no LB holds went
# around them, to a direct proxy.  tcpkit.py's exit status is left in
# $tcpkit_status, the table first.
connections() {
	local before after host verdict token x sub via reached bytes whole
	local label c rows
	local -A conn_of acked via_lb
	local -a lines subs_of
	before=$(subflows_seen)
	step "$mode: $connections connections"
	tcpkit_status=0
	n cl python3 "$kit" connect "$vip4" 80 "$connections" --mptcp --report \
		--size 400000 --parallel > "$out" 2>&1 || tcpkit_status=$?
	after=$(subflows_seen)
	mapfile -t lines < <(sort -t' ' -k4 "$out")
	rows=$(comm -13 <(echo "$before") <(echo "$after") | sort -k2,2)
	while read -r via sub reached; do
		[[ -n $sub ]] && via_lb[$sub]=$via
	done <<< "$rows"
	for c in "${!lines[@]}"; do
		for sub in ${lines[c]}; do
			[[ $sub == *=* && $sub != token=* ]] || continue
			conn_of[${sub%=*}]=$c
			acked[${sub%=*}]=${sub#*=}
			subs_of[c]+=" ${sub%=*}"
		done
	done
	intact=0 one_proxy=0
	for c in "${!lines[@]}"; do
		read -r host verdict token _ <<< "${lines[c]}"
		# A connection that failed reports no token.
		x=-
		if [[ $token == token=* ]]; then
			token=${token#token=}
			x=$("$cli" token decode "$token" secret "$secret")
		else
			token=""
		fi
		[[ $verdict == ok ]] && intact=$((intact + 1))
		whole=1
		label=$((c + 1))
		while read -r via sub reached; do
			[[ ${conn_of[$sub]:-} == "$c" ]] || continue
			bytes=${acked[$sub]:--}
			if [[ $reached != "$host" ]]; then
				verdict="wrong proxy: reset"
				whole=0
			elif [[ $bytes == - ]]; then
				verdict="not established"
				whole=0
			else
				verdict=ok
			fi
			row "$label" "$sub" "$via" "$reached" "$token" "$x" \
				"$bytes" "$verdict"
			label="" token="" x=""
		done <<< "$rows"
		# A join of this connection that no LB saw: it can only
		# have been established on the connection's own proxy.
		for sub in ${subs_of[c]:-}; do
			[[ -z ${via_lb[$sub]:-} ]] || continue
			bytes=${acked[$sub]}
			if [[ $bytes == - ]]; then
				verdict="not established"
				whole=0
			else
				verdict="ok, around the LBs"
			fi
			row "$label" "$sub" - "$host" "$token" "$x" "$bytes" \
				"$verdict"
			label="" token="" x=""
		done
		one_proxy=$((one_proxy + whole))
	done
	# What no connection reported: none, unless tcpkit.py missed a join.
	while read -r via sub reached; do
		[[ -n $sub && -z ${conn_of[$sub]:-} ]] || continue
		row "?" "$sub" "$via" "$reached" "" "" "-" \
			"of no connection seen"
	done <<< "$rows"
}

# run_connections: the table of $connections connections, which fails
# the step if tcpkit.py did, or, through mptcp_lb, if a connection is not
# intact; IPVS breaks joins, which the table shows.
run_connections() {
	row conn subflow LB proxy token X bytes verdict
	connections
	echo
	bold "    $mode: $intact of $connections connections intact, $one_proxy with every subflow on one proxy (guest up $(uptime_s) s)"
	((!tcpkit_status)) ||
		failed "$tcpkit_status" "tcpkit.py connect exited with status $tcpkit_status"
	[[ $mode != mptcp_lb ]] || ((intact == connections)) ||
		failed 1 "$intact of $connections connections intact, not all"
}

# counters NS: the LB's main counters and its non-zero drops, one line.
counters() {
	echo "    $(lb_name "$1"): $(n "$1" "$cli" -j stats |
		grep -o '"\(packets\|syn-new\|syn-join\|drop-[a-z-]*\)":[0-9]*' |
		grep -v '"drop-[a-z-]*":0$' | tr -d '"' | tr ':' ' ' | xargs)"
}

mode=mptcp_lb
bold "==> $connections MPTCP connections through mptcp_lb, all at once"
echo "    (first row: the initial subflow from 10.0.1.2, second: the join, from"
echo "    10.0.4.2 to the VIP, or to p3's own address from the default source"
echo "    10.0.1.2, around the LBs (LB -); the LB ECMP chose, the proxy it"
echo "    reached, the bytes it carried)"
run_connections
bold "==> LB counters (mptcplb stats)"
step "LB counters"
counters lb
counters lb2
echo "    (drop-too-big is path MTU discovery at work: a packet that no longer"
echo "    fits once encapsulated gets ICMP back, as a router would send)"
part1=$((SECONDS - start))
bold "==> mptcp_lb part: $part1 s (guest up $(uptime_s) s)"

mode="IPVS mh"
bold "==> Contrast: the same LBs running IPVS with Maglev on each subflow"
step "IPVS services in place of mptcp_lb's"
# p3 joins through the VIP again, like the others.
n h3 sysctl -qw net.mptcp.allow_join_initial_addr_port=1
n h3 ip mptcp endpoint flush
for ns in lb lb2; do
	n "$ns" "$cli" service flush
	n "$ns" ip addr add "$vip4/32" dev lo
done
modprobe ip_vs_mh
for ns in lb lb2; do
	n "$ns" ipvsadm -A -t "$vip4:80" -s mh -b mh-port
	for i in 1 2 3; do
		n "$ns" ipvsadm -a -t "$vip4:80" -r "10.0.3$i.2:80" -i \
			-w "$([[ $i == 2 ]] && echo 2 || echo 1)"
	done
done
echo "    ipvsadm -A -t $vip4:80 -s mh -b mh-port; -a -r 10.0.3N.2:80 -i"
run_connections
echo
echo "A join hashed on its own 4-tuple reaches its connection's proxy by chance:"
echo "with shares 1/4, 1/2, 1/4, that is 1/16 + 1/4 + 1/16 = 3/8 of the time; the"
echo "proxy that does not know its token resets it."
bold "==> IPVS part: $((SECONDS - start - part1)) s; the demo took $((SECONDS - start)) s (guest up $(uptime_s) s)"
