#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Proxy names that mptcplb refuses before sending anything, on the host (no
# kernel needed): every command that names a proxy, the exact message and
# exit status 1.  A valid name gets past the check, to the kernel.

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

rule="must be 1 to 31 ASCII letters, digits, '.', '_' and '-', not starting with '-'"

# refused DESCRIPTION NAME: every command naming a proxy refuses NAME.
refused() {
	local desc=$1 name=$2 expected
	expected="mptcplb: proxy name \"$name\" $rule"
	check_output "$desc: proxy add" "$expected" \
		"$cli" proxy add "$name" address 192.0.2.1
	check_output "$desc: proxy set" "$expected" \
		"$cli" proxy set "$name" state drain
	check_output "$desc: proxy del" "$expected" "$cli" proxy del "$name"
	check_output "$desc: proxy show" "$expected" "$cli" proxy show "$name"
	check_output "$desc: service add" "$expected" \
		"$cli" service add 192.0.2.1:443 member p1 member "$name" weight 2
	check_output "$desc: member set" "$expected" \
		"$cli" member set 192.0.2.1:443 "$name" weight 2
	check_output "$desc: member del" "$expected" \
		"$cli" member del 192.0.2.1:443 "$name"
	check_output "$desc: flows" "$expected" "$cli" flows proxy "$name"
	check_exit "$desc: exit status" 1 "$cli" proxy add "$name" address 192.0.2.1
}

refused "spaces" "p1 weight 0 member p2"
refused "a newline" $'x\nproxy flush'
refused "a tab" $'p\t1'
refused "a leading '-'" -p1
refused "a comment" "#p1"
refused "UTF-8" "café"
refused "empty" ""
refused "32 bytes" "$(printf '%032d' 0)"

check_output "the batch stops at a bad name, before running it" \
	"mptcplb: proxy name \"a:b\" $rule
mptcplb: -:1: batch stopped here" \
	"$cli" -b - <<< "proxy add a:b address 192.0.2.1"

# The kernel is not reached here, so a valid name fails later, differently.
for name in "$(printf '%031d' 0)" abcdefghijklmnopqrstuvwxyz.-_01 \
	ABCDEFGHIJKLMNOPQRSTUVWXYZ23456 _789 .0 p-; do
	check_output "\"$name\" is a name" "" \
		bash -c "'$cli' proxy del '$name' 2>&1 | grep -F 'proxy name' || true"
done
check_output "the usage states the rule" \
	"where  NAME := 1 to 31 ASCII letters, digits, '.', '_' and '-', not starting with '-'" \
	bash -c "'$cli' proxy help 2>&1 | grep 'NAME :='"
finish
