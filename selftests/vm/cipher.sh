#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The token cipher through the CLI: set and show, JSON, every rejection
# with its extack text, nothing changed by a rejected request, privilege,
# and isolation between namespaces.
#
# Usage (inside the VM): cipher.sh MODULE_DIR

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

kmod=$1
secret=00112233445566778899aabbccddeeff
lb_setup "$kmod"

check_output "no secret yet" \
	"mptcplb: no secret is set in this namespace (No such file or directory)" \
	lb secret show
check "set a 16-byte secret" lb secret set $secret
fp=$("$cli" secret fingerprint $secret)
check_output "fingerprint matches an independent SHA-256" \
	"0x$(python3 -c "import hashlib; print(hashlib.sha256(bytes.fromhex('$secret')).hexdigest()[:8])")" \
	echo "$fp"
check_output "show: length, default rounds, fingerprint" \
	"algorithm rc5-16 secret-len 16 rounds 16 fingerprint $fp" lb secret show
check_output "show -j carries no secret" \
	"{\"algorithm\":\"rc5-16\",\"secret-len\":16,\"rounds\":16,\"fingerprint\":\"$fp\"}" \
	lb -j secret show
check "set with rounds" lb secret set $secret rounds 20
check_output "rounds applied" \
	"algorithm rc5-16 secret-len 16 rounds 20 fingerprint $fp" lb secret show

check_output "rounds 0 rejected by the policy" \
	"mptcplb: integer out of range (Numerical result out of range)" \
	lb secret set $secret rounds 0
check_output "rounds 33 rejected by the policy" \
	"mptcplb: integer out of range (Numerical result out of range)" \
	lb secret set $secret rounds 33
check_output "3-byte secret rejected" \
	"mptcplb: the secret is shorter than 4 bytes (Invalid argument)" \
	lb secret set 001122
check_output "33-byte secret rejected" \
	"mptcplb: the secret is longer than 32 bytes (Invalid argument)" \
	lb secret set "$(printf '%066d' 0)"
check_output "rejected requests changed nothing" \
	"algorithm rc5-16 secret-len 16 rounds 20 fingerprint $fp" lb secret show
check_output "4-byte secret accepted with a warning" \
	'mptcplb: warning: a 4-byte secret is open to an offline search from a few tokens; "mptcplb secret generate" makes a 16-byte one' \
	lb secret set 01020304
check_exit "odd hex is a bad value" 1 lb secret set 0011223
check_exit "missing secret is a usage error" 2 lb secret set
check_exit "unknown keyword is a usage error" 2 lb secret set $secret salt 1

check_output "other namespace has its own (no) secret" \
	"mptcplb: no secret is set in this namespace (No such file or directory)" \
	"$cli" -n "$ns2" secret show
check_output "unprivileged show is refused" \
	"mptcplb: Operation not permitted" \
	ip netns exec "$ns1" setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$cli" secret show
check_output "unprivileged set is refused" \
	"mptcplb: Operation not permitted" \
	ip netns exec "$ns1" setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$cli" secret set $secret
check_output "generate makes 16 random bytes" 1 \
	bash -c "'$cli' secret generate | grep -cxE '[0-9a-f]{32}'"

check "namespace with a secret goes away" ip netns del "$ns2"
check "module unloads with a secret configured" rmmod mptcp_lb
check_dmesg
finish
