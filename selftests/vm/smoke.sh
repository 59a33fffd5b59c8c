#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The LB module loads, registers its generic netlink family in every
# network namespace, answers the CLI, and unloads without a warning.
#
# Usage (inside the VM): smoke.sh MODULE_DIR

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

kmod=$1
ns=mlb-smoke-$$

cleanup() {
	ip netns del "$ns" 2> /dev/null || true
	rmmod mptcp_lb 2> /dev/null || true
}
trap cleanup EXIT

dmesg -C
check "module loads" load_lb "$kmod"

version=$(modinfo -F version "$kmod/mptcp_lb.ko")
check_output "info lists version and limits" \
	"version $version secret-len-min 4 secret-len-max 32 rounds-min 1 rounds-max 32 rounds-default 16 maglev-size-default 65537 maglev-size-min 257 maglev-size-max 1048573 weight-max 65535 flow-max-max 16777216 flow-timeout-max 86400 join-timeout-max 604800 service-members-max 512" \
	"$cli" info
check "info -j is valid JSON with the version" \
	python3 -c "import json, sys; d = json.load(sys.stdin); sys.exit(d['version'] != '$version')" \
	< <("$cli" -j info)
ip netns add "$ns"
check_output "family answers in another namespace (-n)" \
	"$version" bash -c "'$cli' -j -n '$ns' info | python3 -c 'import json, sys; print(json.load(sys.stdin)[\"version\"])'"
check_exit "unexpected argument is a usage error" 2 "$cli" info extra
check_exit "unknown namespace is rejected" 1 "$cli" -n no-such-ns info

check "module unloads" rmmod mptcp_lb
check_output "CLI says when the module is missing" \
	'mptcplb: the mptcp_lb module is not loaded (no generic netlink family "mptcp_lb")' \
	"$cli" info
check_dmesg
finish
