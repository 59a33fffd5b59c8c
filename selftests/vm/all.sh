#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs every VM selftest in this directory, in one VM boot: each prints
# TAP, which the host's runner counts.  Fails if any test script failed.
#
# Usage (inside the VM): all.sh MODULE_DIR

here=$(cd "$(dirname "$0")" && pwd)
status=0
for test in "$here"/*.sh; do
	[[ $test == "${BASH_SOURCE[0]}" || $test == "$here/all.sh" ]] && continue
	echo "# --- $(basename "$test") on $(uname -r)"
	start=$SECONDS
	"$test" "$1" || status=1
	echo "# $(basename "$test") took $((SECONDS - start)) s"
done
exit $status
