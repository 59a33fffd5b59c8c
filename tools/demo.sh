#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What `make demo` runs inside the VM: the topology of the VM selftests
# with two LBs behind ECMP and three proxy hosts running the issuer, all
# configured with the CLI as Documentation/admin.rst says; then real MPTCP
# connections, one at a time, each shown subflow by subflow: the LB it
# crossed, the proxy it reached, the bytes it carried.  Then the same
# connections through the same LBs running IPVS's Maglev scheduler, which
# hashes every subflow on its own.
#
# Usage (inside the VM): demo.sh MODULE_DIR

set -e

# load_lb, which selftests/topology.sh calls; the demo's own check and
# check_output below replace the TAP ones.
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../selftests/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
cli=$top/tools/mptcplb/mptcplb
kmod=$1
connections=8

bold() {
	printf '\033[1m%s\033[0m\n' "$*"
}

# selftests/topology.sh reports its steps through these two.
check() {
	local what=$1
	shift
	if ! "$@" > /dev/null; then
		echo "demo: failed: $what" >&2
		exit 1
	fi
	echo "    $what"
}

check_output() {
	local what=$1 expected=$2
	shift 2
	if [[ $("$@") != "$expected" ]]; then
		echo "demo: failed: $what" >&2
		exit 1
	fi
	echo "    $what"
}

# shellcheck source=selftests/topology.sh
source "$top/selftests/topology.sh"

cat <<'PICTURE'

                       ┌── lb1 ──┐   ipip    ┌── h1 (proxy p1)
  client ══ router ═ECMP        ├──────────▶├── h2 (proxy p2, weight 2)
  2 paths              └── lb2 ──┘           └── h3 (proxy p3)
                                  ◀── replies go straight to the client

PICTURE
bold "==> Network namespaces, veths, tunnels; mptcp_lb on lb1 (booted $(uname -r))"
topology_up "$kmod"
bold "==> lb2 restored from lb1's saved configuration; ECMP over both"
second_lb_up
bold "==> The issuer on every proxy host, with the LBs' secret and its ranges"
issuers_up "$kmod"
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

# connection I: one MPTCP connection, printed as table rows.
connection() {
	local before after line host token x verdict sub via reached bytes
	local label=$1
	local -A acked
	before=$(subflows_seen)
	line=$(n cl python3 "$kit" connect "$vip4" 80 1 --mptcp --report \
		--size 400000) || true
	after=$(subflows_seen)
	read -r host verdict token rest <<< "$line"
	token=${token#token=}
	for sub in $rest; do
		acked[${sub%=*}]=${sub#*=}
	done
	x=$("$cli" token decode "$token" secret "$secret" 2> /dev/null) || x=-
	[[ $verdict == ok ]] && intact=$((intact + 1))
	whole=1
	while read -r via sub reached; do
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
		printf '%4s  %-21s %-4s %-5s %-10s %-10s %8s  %s\n' "$label" \
			"$sub" "$via" "$reached" "$token" "$x" "$bytes" "$verdict"
		label="" token="" x=""
	done < <(comm -13 <(echo "$before") <(echo "$after") | sort -k2,2)
	one_proxy=$((one_proxy + whole))
}

# run_connections: the table of $connections connections.
run_connections() {
	intact=0 one_proxy=0
	printf '%4s  %-21s %-4s %-5s %-10s %-10s %8s  %s\n' conn subflow LB \
		proxy token X bytes verdict
	for ((c = 1; c <= connections; c++)); do
		connection "$c"
	done
	echo
	bold "    $mode: $intact of $connections connections intact, $one_proxy with every subflow on one proxy"
}

# counters NS: the LB's main counters and its non-zero drops, one line.
counters() {
	echo "    $(lb_name "$1"): $(n "$1" "$cli" -j stats |
		grep -o '"\(packets\|syn-new\|syn-join\|drop-[a-z-]*\)":[0-9]*' |
		grep -v '"drop-[a-z-]*":0$' | tr -d '"' | tr ':' ' ' | xargs)"
}

mode=mptcp_lb
bold "==> $connections MPTCP connections through mptcp_lb, one at a time"
echo "    (first row: the initial subflow from 10.0.1.2, second: the join from"
echo "    10.0.4.2; the LB ECMP chose, the proxy it reached, the bytes it carried)"
run_connections
bold "==> LB counters (mptcplb stats)"
counters lb
counters lb2
echo "    (drop-too-big is path MTU discovery at work: a packet that no longer"
echo "    fits once encapsulated gets ICMP back, as a router would send)"

mode="IPVS mh"
bold "==> Contrast: the same LBs running IPVS with Maglev on each subflow"
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
