#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# help at every level of mptcplb, on the host: exit status 0 and a usage
# text on stderr for every object, exit status 2 without a command.

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

objects="flows info issuer member monitor proxy restore save secret service stats token vip"
for object in $objects; do
	check_output "$object help prints its usage" "Usage: mptcplb $object" \
		bash -c "'$cli' $object help 2>&1 | head -1 | cut -d' ' -f1-3"
done
for object in issuer member proxy secret service token vip; do
	check_exit "$object without a command is a usage error" 2 "$cli" "$object"
done
check_output "the top-level usage lists every object" \
	"where  OBJECT := { flows | info | issuer | member | monitor |" \
	bash -c "'$cli' help 2>&1 | sed -n 3p"
check_output "stats knows one format" \
	'mptcplb: stats: unknown format "json" (try "mptcplb help")' \
	"$cli" stats show format json
check_exit "stats format needs a name" 2 "$cli" stats show format
check_output "without the module, the Prometheus output is nothing" "" \
	bash -c "'$cli' stats show format prometheus 2> /dev/null"
check_exit "and its exit status 1" 1 "$cli" stats show format prometheus
check_exit "-b takes no object" 2 "$cli" -b /dev/null proxy show
check_output "a missing batch file is a bad value" \
	"mptcplb: cannot open batch file \"/nonexistent\": No such file or directory" \
	"$cli" -b /nonexistent

# A command line may repeat an argument without end; what fits in one
# request, as the kernel would take it, is all that is read.
# repeated N WORDS...: WORDS, N times over.
repeated() {
	local n=$1
	shift
	for ((; n > 0; n--)); do
		printf '%s\n' "$@"
	done
}
mapfile -t ranges < <(repeated 4000 range 1-2)
mapfile -t seeds < <(repeated 4000 hash-seed 1)
check_output "4000 ranges are too many for proxy add" \
	"mptcplb: proxy add: too many arguments for one request" \
	"$cli" proxy add p1 address 10.0.0.1 "${ranges[@]}"
check_output "and for issuer set" \
	"mptcplb: issuer set: too many arguments for one request" \
	"$cli" issuer set 00112233445566778899aabbccddeeff "${ranges[@]}"
check_output "4000 seeds are too many for service add" \
	"mptcplb: service add: too many arguments for one request" \
	"$cli" service add 192.0.2.1:80 "${seeds[@]}"
check_exit "with exit status 1" 1 "$cli" service set 192.0.2.1:80 "${seeds[@]}"
finish
