#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds the fuzzers with clang (libFuzzer, ASan, UBSan): the option
# parser's (its fast path against the general parser) from the seed
# corpus, the range index's against a scan of the ranges, and the
# rendezvous fill's against a model that scores every member of every
# slot, and runs them for SECONDS in all, a third each.  Exit status 0 only if neither found
# anything.
#
# Usage: run.sh BUILD_DIR [SECONDS]

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=$1
seconds=${2:-30}
out=$build/fuzz
mkdir -p "$out/corpus"

# target_sources TARGET: the library files a fuzzer links.
target_sources() {
	case $1 in
	rendezvous) echo rendezvous maglev hash ;;
	*) echo "$1" ;;
	esac
}
for target in mptcp_opt ranges rendezvous; do
	sources=()
	for source in $(target_sources "$target"); do
		sources+=("$top/src/lib/$source.c")
	done
	clang -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -I"$top/include" -I"$top/src/lib" \
		-o "$out/${target}_fuzz" "$here/${target}_fuzz.c" \
		"${sources[@]}"
done

n=0
grep -v '^#' "$here/seeds.txt" | while read -r hex; do
	n=$((n + 1))
	echo "$hex" | xxd -r -p > "$out/corpus/seed-$n"
done
mkdir -p "$out/ranges-corpus" "$out/rendezvous-corpus"

# libFuzzer reports every new input; keep that in a log and show it whole
# only when the run failed.
fuzz() {
	local target=$1 corpus=$2 status=0

	"$out/${target}_fuzz" -max_total_time="$(( (seconds + 2) / 3 ))" \
		-print_final_stats=1 -artifact_prefix="$out/$target-" \
		"$corpus" > "$out/$target.log" 2>&1 || status=$?
	if (( status )); then
		cat "$out/$target.log"
	else
		echo "$target:"
		grep -E '^(stat::|Done )' "$out/$target.log"
	fi
	return $status
}

status=0
fuzz mptcp_opt "$out/corpus" || status=1
fuzz ranges "$out/ranges-corpus" || status=1
fuzz rendezvous "$out/rendezvous-corpus" || status=1
exit $status
