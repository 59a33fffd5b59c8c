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
check_output "JSON output" '{"token":598267694}' \
	"$cli" -j token encode 0x00010203 secret $key
check_output "RFC 8684 token of a key" 0x55c53f5d \
	"$cli" token from-key 0x0123456789abcdef
check_output "token of key 0" 0xaf5570f5 "$cli" token from-key 0
check_output "version 0 token of key 1 (SHA-1)" 0xcb473678 \
	"$cli" token from-key 1 version 0
check_output "version 1 is the default" 0xcd266215 "$cli" token from-key 1 version 1
check_exit "version 2 exits 1" 1 "$cli" token from-key 1 version 2

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
