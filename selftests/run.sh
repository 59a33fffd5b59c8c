#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs every test of `make check` and ends with "N passed, M failed":
# the userspace unit tests, the CLI tests that need no kernel, the bounded
# fuzz run, the install paths (make install, the Debian packages installed
# by dpkg, their DKMS build, the systemd unit), the VM selftests on every
# kernel in $KVERS, and on each of them again the one test of a kernel
# booted with ipv6.disable=1.  Each suite prints TAP; its "ok" and "not
# ok" lines are counted, and a suite that dies without reporting counts as
# a failure of its own.
#
# Environment: BUILD (build directory), KVERS (kernels), FUZZ_SECONDS (30),
# TESTS (space-separated subset of: unit cli fuzz install vm vm-noipv6),
# MLB_VM_JOBS (VM boots at once, 1).

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
kvers=${KVERS:-$("$top/tools/kernels.sh")}
suites=${TESTS:-unit cli fuzz install vm vm-noipv6}
log=$build/test-logs
# One boot runs every VM test of a kernel: longer than run.sh's default,
# to catch a hung guest, not a slow one (make check must end within CI's
# 90 minutes anyway).
export MLB_VM_TIMEOUT=${MLB_VM_TIMEOUT:-3600}
passed=0
failed=0
mkdir -p "$log"

# suite NAME COMMAND...: runs a TAP-speaking command and counts its results.
suite() {
	local name=$1 file status ok notok
	shift
	file=$log/$name.log
	mkdir -p "$(dirname "$file")"
	echo "=== $name"
	"$@" 2>&1 | sed -u 's/\r$//' | tee "$file"
	status=${PIPESTATUS[0]}
	ok=$(grep -cE '^ok [0-9]+' "$file")
	notok=$(grep -cE '^not ok [0-9]+' "$file")
	if [[ $status != 0 && $notok == 0 ]]; then
		echo "not ok - $name exited with status $status"
		notok=1
	fi
	passed=$((passed + ok))
	failed=$((failed + notok))
}

# VM boots run $MLB_VM_JOBS at a time, each started as it is queued once
# a slot is free, and vm_run counts their logs in the order they were
# queued, so that the output reads as if they had run in turn.  One at a
# time by default: each guest has two vCPUs, and two guests on a host of
# two cores ran slower together than one after the other (a vCPU
# descheduled while holding a lock stalls the other).
vm_jobs=()

# vm_job NAME COMMAND...: runs a VM suite in the background.
vm_job() {
	local file=$log/${1//\//_}
	vm_jobs+=("$1")
	shift
	while (($(jobs -rp | wc -l) >= ${MLB_VM_JOBS:-1})); do
		wait -n
	done
	echo "=== ${vm_jobs[-1]}: started in the background"
	(
		status=0
		"$@" > "$file.out" 2>&1 || status=$?
		echo "$status" > "$file.status"
	) &
}

# vm_replay NAME: prints a finished VM suite's output, returns its status.
vm_replay() {
	cat "$log/$1.out"
	return "$(cat "$log/$1.status")"
}

vm_run() {
	local name

	wait
	for name in "${vm_jobs[@]}"; do
		suite "$name" vm_replay "${name//\//_}"
	done
}

fuzz() {
	if "$top/selftests/fuzz/run.sh" "$build" "${FUZZ_SECONDS:-30}"; then
		echo "ok 1 - fuzz mptcp_opt, ranges and rendezvous for ${FUZZ_SECONDS:-30} s"
	else
		echo "not ok 1 - fuzz mptcp_opt, ranges and rendezvous"
	fi
}

for s in $suites; do
	case $s in
	unit)
		for t in "$build"/unit/*_test; do
			suite "unit/$(basename "$t")" "$t"
		done
		;;
	cli)
		for t in "$top"/selftests/cli/*.sh; do
			suite "cli/$(basename "$t" .sh)" "$t"
		done
		;;
	fuzz)
		suite fuzz fuzz
		;;
	install)
		suite install "$top/selftests/install/install.sh" "$kvers"
		;;
	vm)
		for k in $kvers; do
			vm_job "vm/$k" "$top/tools/vm/run.sh" -k "$k" \
				"$top/selftests/vm/all.sh" "$build/kmod/$k"
		done
		;;
	vm-noipv6)
		for k in $kvers; do
			vm_job "vm-noipv6/$k" env MLB_VM_CMDLINE=ipv6.disable=1 \
				"$top/tools/vm/run.sh" -k "$k" \
				"$top/selftests/vm-noipv6/ipv6_disabled.sh" \
				"$build/kmod/$k"
		done
		;;
	esac
done

vm_run
echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
