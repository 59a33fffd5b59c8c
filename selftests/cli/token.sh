#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mptcplb token: output and exit status of every verb, on the host (no
# kernel needed).  Expected tokens come from the published RC5-16/16/8
# vector and from SHA-256 computed by Python's hashlib.

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

key=0001020304050607

check_output "encode the published vector" 0x23a8d72e \
	"$cli" token encode 0x00010203 secret $key
check_output "decode the published vector" 0x00010203 \
	"$cli" token decode 0x23a8d72e secret $key
check_output "decimal input, explicit rounds" 0x23a8d72e \
	"$cli" token encode 66051 secret $key rounds 16
check_output "rounds change the token" 0 \
	bash -c "[[ \$('$cli' token encode 1 secret $key rounds 12) != \$('$cli' token encode 1 secret $key) ]]; echo \$?"
check_output "JSON output: the token as a hex string" '{"token":"0x23a8d72e"}' \
	"$cli" -j token encode 0x00010203 secret $key
check_output "RFC 8684 token of a key" 0x55c53f5d \
	"$cli" token from-key 0x0123456789abcdef
check_output "token of key 0" 0xaf5570f5 "$cli" token from-key 0
check_output "version 0 token of key 1 (SHA-1)" 0xcb473678 \
	"$cli" token from-key 1 version 0
check_output "version 1 is the default" 0xcd266215 "$cli" token from-key 1 version 1
check_exit "version 2 exits 1" 1 "$cli" token from-key 1 version 2

# TOKEN is hex as ss -M ("token:%x"), ip mptcp monitor ("token=%08x") and
# tcpdump ("token 0x%x") print it; 0x23a8d72e is 598267694 in decimal.
# Encoding X 7 and 15 gives the all-digit tokens 0x10648899 and 0x03925676.
check_output "token without 0x, as ss -M prints it" 0x00010203 \
	"$cli" token decode 23a8d72e secret $key
check_output "token with 0X, in capitals" 0x00010203 \
	"$cli" token decode 0X23A8D72E secret $key
check_output "fixture: X 7 encodes to an all-digit token" 0x10648899 \
	"$cli" token encode 7 secret $key
check_output "all-digit token is hex, as ip mptcp monitor prints it" \
	0x00000007 "$cli" token decode 10648899 secret $key
check_output "all-digit token with 0x" 0x00000007 \
	"$cli" token decode 0x10648899 secret $key
check_output "all-digit token without ss's leading zero" 0x0000000f \
	"$cli" token decode 3925676 secret $key
check_output "decimal token is refused, not misread" \
	'mptcplb: token "598267694" is not 32-bit hex (0x optional, never decimal)' \
	"$cli" token decode 598267694 secret $key
check_exit "decimal token exits 1" 1 "$cli" token decode 598267694 secret $key
check_exit "token above 32 bits exits 1" 1 \
	"$cli" token decode 0x100000000 secret $key
for bad in 23a8d72g 0x -1 +1 " 1" "1 " 0x0x1 ""; do
	check_exit "token \"$bad\" exits 1" 1 "$cli" token decode "$bad" secret $key
done
check_output "JSON output of a decoded token: X as a hex string" '{"x":"0x00010203"}' \
	"$cli" -j token decode 23a8d72e secret $key
# A token from JSON output decodes back to its X: as a decimal number,
# 59922038, it was read as the hex token 0x59922038 and gave another X.
check_output "a token of JSON output decodes to its X" 0x0000000f \
	bash -c "'$cli' token decode \"\$('$cli' -j token encode 15 secret $key |
		python3 -c 'import json, sys; print(json.load(sys.stdin)[\"token\"])')\" secret $key"
check_output "fingerprint in JSON: the text's hex, as a string" \
	"{\"fingerprint\":\"$("$cli" secret fingerprint $key)\"}" \
	"$cli" -j secret fingerprint $key

check_output "not a number" 'mptcplb: X "12ab" is not a 32-bit number' \
	"$cli" token encode 12ab secret $key
check_exit "not a number exits 1" 1 "$cli" token encode 12ab secret $key
check_exit "X above 32 bits exits 1" 1 "$cli" token encode 0x100000000 secret $key
check_exit "negative X exits 1" 1 "$cli" token encode -1 secret $key
check_output "odd hex secret" \
	'mptcplb: secret "0001020" has an odd number of hex digits' \
	"$cli" token encode 1 secret 0001020
check_output "short secret" 'mptcplb: secret is 3 bytes, must be 4 to 32' \
	"$cli" token encode 1 secret 000102
check_exit "long secret exits 1" 1 "$cli" token encode 1 secret "$(printf '%066d' 0)"
check_exit "non-hex secret exits 1" 1 "$cli" token encode 1 secret 00gg0102
check_output "rounds out of range" 'mptcplb: rounds must be 1 to 32' \
	"$cli" token decode 1 secret $key rounds 33
check_exit "key above 64 bits exits 1" 1 "$cli" token from-key 0x10000000000000000
check_exit "missing secret is a usage error" 2 "$cli" token encode 1
check_exit "unknown keyword is a usage error" 2 "$cli" token encode 1 secret $key salt 2
check_exit "unknown verb is a usage error" 2 "$cli" token bogus
check_exit "help exits 0" 0 "$cli" token help
finish
