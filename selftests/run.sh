#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs every test of `make check` and ends with "N passed, M failed":
# the userspace unit tests, the CLI tests that need no kernel, the bounded
# fuzz run, the install paths (make install, DKMS, the systemd unit), the
# VM selftests on every kernel in $KVERS, and on each of them again the
# one test of a kernel booted with ipv6.disable=1.  Each suite prints TAP;
# its "ok" and "not ok" lines are counted, and a suite that dies without
# reporting counts as a failure of its own.
#
# Environment: BUILD (build directory), KVERS (kernels), FUZZ_SECONDS (30),
# TESTS (space-separated subset of: unit cli fuzz install vm vm-noipv6).

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
kvers=${KVERS:-$("$top/tools/kernels.sh")}
suites=${TESTS:-unit cli fuzz install vm vm-noipv6}
log=$build/test-logs
# One boot runs every VM test of a kernel: longer than run.sh's default.
export MLB_VM_TIMEOUT=${MLB_VM_TIMEOUT:-2700}
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

fuzz() {
	if "$top/selftests/fuzz/run.sh" "$build" "${FUZZ_SECONDS:-30}"; then
		echo "ok 1 - fuzz mptcp_opt and ranges for ${FUZZ_SECONDS:-30} s"
	else
		echo "not ok 1 - fuzz mptcp_opt and ranges"
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
			suite "vm/$k" "$top/tools/vm/run.sh" -k "$k" \
				"$top/selftests/vm/all.sh" "$build/kmod/$k"
		done
		;;
	vm-noipv6)
		for k in $kvers; do
			suite "vm-noipv6/$k" env MLB_VM_CMDLINE=ipv6.disable=1 \
				"$top/tools/vm/run.sh" -k "$k" \
				"$top/selftests/vm-noipv6/ipv6_disabled.sh" \
				"$build/kmod/$k"
		done
		;;
	esac
done

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
