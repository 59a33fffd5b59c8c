#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What `make demo` runs inside the VM.  Until the data path exists it shows
# the pieces that do: the module loading, the CLI talking to it over
# generic netlink, and the token arithmetic LBs and proxies share.
#
# Usage (inside the VM): demo.sh MODULE_DIR

set -e

top=$(cd "$(dirname "$0")/.." && pwd)
cli=$top/tools/mptcplb/mptcplb
kmod=$1
secret=00112233445566778899aabbccddeeff

say() {
	printf '\n\033[1m== %s\033[0m\n' "$*"
}

run() {
	echo "\$ mptcplb $*"
	"$cli" "$@"
}

say "loading mptcp_lb on $(uname -r)"
insmod "$kmod/mptcp_lb.ko"
dmesg | grep mptcp_lb | tail -n 1

say "the CLI asks the module what it supports"
run info
run -p info

say "a proxy owning X in [0x10000000, 0x1fffffff] issues this token for X = 0x12345678"
token=$("$cli" token encode 0x12345678 secret "$secret")
run token encode 0x12345678 secret "$secret"
say "the LB decrypts the token of an MP_JOIN back into X and so finds the proxy"
run token decode "$token" secret "$secret"
say "the RFC 8684 token a stock kernel derives from MPTCP key 0x0123456789abcdef"
run token from-key 0x0123456789abcdef

say "unloading"
rmmod mptcp_lb
echo "done: no warning in dmesg: $(dmesg | grep -cE 'WARNING:|BUG:' || true) warnings"
