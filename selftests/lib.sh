#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the VM selftests: TAP output the host's runner counts, and
# comparisons of CLI output with what is expected, in the manner of
# tools/testing/selftests/net/mptcp/pm_netlink.sh.

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Used by the test scripts that source this file.
# shellcheck disable=SC2034
# MLB_CLI: another build of it, e.g. the one a package installed.
cli=${MLB_CLI:-$top/tools/mptcplb/mptcplb}
tests_run=0
tests_failed=0

report() {
	local status=$1
	shift
	tests_run=$((tests_run + 1))
	if [[ $status == 0 ]]; then
		echo "ok $tests_run - $*"
	else
		echo "not ok $tests_run - $*"
		tests_failed=$((tests_failed + 1))
	fi
}

# check DESCRIPTION COMMAND...: the command succeeds.
check() {
	local desc=$1 status=0
	shift
	"$@" || status=$?
	report "$status" "$desc"
}

# check_output DESCRIPTION EXPECTED COMMAND...: the command's stdout and
# stderr, together, are exactly EXPECTED.
check_output() {
	local desc=$1 expected=$2 out status=0
	shift 2
	out=$("$@" 2>&1) || true
	if [[ $out != "$expected" ]]; then
		status=1
		printf '#   expected: %s\n#   got:      %s\n' "$expected" "$out"
	fi
	report "$status" "$desc"
}

# check_exit DESCRIPTION STATUS COMMAND...: the command exits with STATUS.
check_exit() {
	local desc=$1 want=$2 got=0
	shift 2
	"$@" > /dev/null 2>&1 || got=$?
	[[ $got == "$want" ]] || echo "#   exit status $got, expected $want"
	report "$([[ $got == "$want" ]] && echo 0 || echo 1)" "$desc"
}

# Kernel warnings, oopses and leaks logged since the test began.
check_dmesg() {
	local bad
	bad=$(dmesg | grep -E 'WARNING:|BUG:|Oops|refcount_t|leak|Call Trace' || true)
	[[ -z $bad ]] || printf '# %s\n' "$bad"
	report "$([[ -z $bad ]] && echo 0 || echo 1)" "no kernel warning in dmesg"
}

# load_lb MODULE_DIR: loads the LB module, after nf_defrag_ipv6, whose
# reassembly it uses, which insmod does not load as modprobe would.
load_lb() {
	modprobe nf_defrag_ipv6 && insmod "$1/mptcp_lb.ko"
}

# lb_setup MODULE_DIR: loads the LB module and makes the namespaces $ns1
# and $ns2 and a scratch directory $tmp, all removed when the test exits.
lb_setup() {
	ns1=mlb-a-$$
	ns2=mlb-b-$$
	tmp=$(mktemp -d)
	trap lb_cleanup EXIT
	dmesg -C
	load_lb "$1"
	ip netns add "$ns1"
	ip netns add "$ns2"
}

lb_cleanup() {
	ip netns del "$ns1" 2> /dev/null || true
	ip netns del "$ns2" 2> /dev/null || true
	rmmod mptcp_lb 2> /dev/null || true
	rm -rf "$tmp"
}

# lb ARG...: mptcplb in the LB namespace $ns1.
lb() {
	"$cli" -n "$ns1" "$@"
}

# wait_until SECONDS COMMAND...: runs COMMAND five times a second until it
# succeeds, for at most SECONDS; fails if it never did.
wait_until() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@"; do
		((SECONDS < deadline)) || return 1
		sleep 0.2
	done
}

# unit_run UNIT INSTANCE KEY...: the KEY= lines of the systemd unit file
# UNIT in order, each a command run as systemd runs it for instance
# INSTANCE (%i; empty for a plain unit), in the network namespace
# /run/netns/INSTANCE if the unit says NetworkNamespacePath=, with the
# unit's paths mapped into this tree: load_lb $kmod for modprobe, the
# CLI and its VIP route helper built here, /etc/mptcplb as $etc.
unit_run() {
	local unit=$1 instance=$2 key line netns=()
	# As modprobe, a no-op if the module is loaded; kmod is the test's.
	# shellcheck disable=SC2154
	local modprobe="[[ -d /sys/module/mptcp_lb ]] || load_lb $kmod"
	shift 2
	if grep -qx 'NetworkNamespacePath=/run/netns/%i' "$unit"; then
		netns=(ip netns exec "$instance")
	fi
	export -f load_lb
	for key in "$@"; do
		while IFS= read -r line; do
			line=${line#"$key="}
			line=${line//%i/$instance}
			line=${line//\/sbin\/modprobe mptcp_lb/$modprobe}
			line=${line//\/usr\/sbin\/mptcplb-vip-routes/$top/tools/systemd/mptcplb-vip-routes.sh}
			line=${line//\/usr\/sbin\/mptcplb/$cli}
			line=${line//\/etc\/mptcplb/$etc}
			PATH=$top/tools/mptcplb:$PATH "${netns[@]}" bash -c "$line" ||
				return
		done < <(grep "^$key=" "$unit")
	done
}

finish() {
	echo "# $tests_run run, $tests_failed failed"
	[[ $tests_failed == 0 ]]
}
