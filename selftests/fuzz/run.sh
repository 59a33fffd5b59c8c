#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds the option-parser fuzzer with clang (libFuzzer, ASan, UBSan) and
# runs it for a bounded time from the seed corpus.  Exit status 0 only if
# it found nothing.
#
# Usage: run.sh BUILD_DIR [SECONDS]

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=$1
seconds=${2:-30}
out=$build/fuzz
mkdir -p "$out/corpus"

clang -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -I"$top/include" -I"$top/src/lib" \
	-o "$out/mptcp_opt_fuzz" "$here/mptcp_opt_fuzz.c" \
	"$top/src/lib/mptcp_opt.c"

n=0
grep -v '^#' "$here/seeds.txt" | while read -r hex; do
	n=$((n + 1))
	echo "$hex" | xxd -r -p > "$out/corpus/seed-$n"
done

# libFuzzer reports every new input; keep that in a log and show it whole
# only when the run failed.
status=0
"$out/mptcp_opt_fuzz" -max_total_time="$seconds" -print_final_stats=1 \
	-artifact_prefix="$out/" "$out/corpus" > "$out/fuzz.log" 2>&1 ||
	status=$?
if (( status )); then
	cat "$out/fuzz.log"
else
	grep -E '^(stat::|Done )' "$out/fuzz.log"
fi
exit $status
