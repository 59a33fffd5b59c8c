#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mptcplb restore reads and checks the whole file before it asks the
# kernel anything, on the host (no module): a file that is wrong, or that
# contradicts itself, is refused with status 1 and "nothing changed"; one
# that is right gets as far as the kernel, which is missing here.

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
good=$tmp/good.conf
cat > "$good" <<EOF
# mptcplb save: restore with "mptcplb restore FILE"
vip set stray local
service flush
proxy flush
proxy add p1 address 10.0.0.1 state active tokens decode encap ipip range 0x00000000-0x0fffffff
proxy add p2 address 2001:db8::2 tokens learn range 0x10000000-0x1fffffff
proxy add p3 address 10.0.0.3 encap gue encap-port 5555 direct 10.0.1.3
service add 192.0.2.1:443 maglev-size 65537 flow-max 1024 member p1 weight 1 member p2 weight 3
service add [2001:db8::100]:80 maglev-size 307 member p3 member p2 weight 0
EOF

# refused DESCRIPTION LINE MESSAGE: the good file with LINE added is
# refused, saying MESSAGE and that nothing changed.
refused() {
	local file=$tmp/bad.conf
	{ cat "$good"; echo "$2"; } > "$file"
	check_exit "$1: status 1" 1 "$cli" restore "$file"
	check_output "$1: said, nothing changed" "mptcplb: $3
mptcplb: restore: $file: nothing changed" \
		bash -c "'$cli' restore '$file' 2>&1 | grep -v 'batch stopped here'"
}

check_output "a good file gets as far as the kernel" \
	"mptcplb: the mptcp_lb module is not loaded (no generic netlink family \"mptcp_lb\")
mptcplb: restore: $good: nothing changed" "$cli" restore "$good"
check_output "so does one from stdin" \
	"mptcplb: the mptcp_lb module is not loaded (no generic netlink family \"mptcp_lb\")
mptcplb: restore: -: nothing changed" bash -c "'$cli' restore - < '$good'"
check_exit "restore without FILE is a usage error" 2 "$cli" restore
check_exit "so is restore with two" 2 "$cli" restore "$good" "$good"
check_output "a missing file is said" \
	"mptcplb: cannot open batch file \"/nonexistent\": No such file or directory
mptcplb: restore: /nonexistent: nothing changed" "$cli" restore /nonexistent

# Read as an empty file, it would delete the whole configuration.
check_output "a directory is said, not read as an empty file" \
	"mptcplb: cannot read batch file \"$tmp\": Is a directory
mptcplb: restore: $tmp: nothing changed" "$cli" restore "$tmp"

# A file that save failed to write, empty or only its header.
printf '# mptcplb save: restore with "mptcplb restore FILE"\n\n' > "$tmp/empty"
check_output "a file without a command is refused" \
	"mptcplb: restore: $tmp/empty holds no command: the flushes empty an LB
mptcplb: restore: $tmp/empty: nothing changed" "$cli" restore "$tmp/empty"
check_output "so is a file of no byte" \
	"mptcplb: restore: /dev/null holds no command: the flushes empty an LB
mptcplb: restore: /dev/null: nothing changed" "$cli" restore /dev/null

refused "a command save does not print" "member set 192.0.2.1:443 p1 weight 2" \
	'restore: "member set" is not a line of save (vip set, secret set, proxy add, service add, the flushes)'
refused "a command that would print" "secret generate" \
	'restore: "secret generate" is not a line of save (vip set, secret set, proxy add, service add, the flushes)'
refused "a word proxy add does not know" "proxy add p4 adress 10.0.0.4" \
	'proxy add: unknown argument "adress" (try "mptcplb help")'
refused "a bad address" "service add 192.0.2.300:80" \
	'"192.0.2.300" is not an IPv4 address (IPv6 goes in brackets)'
refused "a proxy added twice" "proxy add p1 address 10.0.0.9" \
	"restore: proxy p1 is added twice"
refused "a service added twice, however written" \
	"service add [2001:db8:0::100]:80 member p1" \
	"restore: service [2001:db8::100]:80 is added twice"
refused "a member that is no proxy of the file" \
	"service add 192.0.2.2:80 member p9" \
	"restore: service 192.0.2.2:80: member p9 is no proxy of the file"
refused "a member given twice" "service add 192.0.2.2:80 member p1 member p1" \
	"restore: service 192.0.2.2:80: member p1 is given twice"
refused "ranges of two proxies that overlap" \
	"proxy add p4 address 10.0.0.4 range 0x0fff0000-0x10000000" \
	"restore: proxy p4: range 0x0fff0000-0x10000000 overlaps one of proxy p1"
refused "a range upside down" "proxy add p4 address 10.0.0.4 range 9-8" \
	"restore: proxy p4: range lo is above hi"
refused "a direct address without tokens direct" \
	"proxy add p4 address 10.0.0.4 direct 10.0.1.4 tokens decode" \
	"restore: proxy p4: a direct address is only for tokens direct"
refused "an address given as IPv4 and as IPv6" \
	"proxy add p4 address 10.0.0.4 address 2001:db8::4" \
	"restore: proxy p4: address is given both as IPv4 and as IPv6"
refused "a direct address given as IPv6 and as IPv4" \
	"proxy add p4 address 10.0.0.4 direct 2001:db8::4 direct 10.0.1.4" \
	"restore: proxy p4: direct is given both as IPv4 and as IPv6"
refused "a direct address that is no unicast one" \
	"proxy add p4 address 10.0.0.4 direct 127.0.0.1" \
	"restore: proxy p4: the direct address must be a unicast address"
refused "a proxy address that is no unicast one" \
	"proxy add p4 address 0.0.0.0" \
	"restore: proxy p4: the proxy address must be a unicast address"
refused "an IPv4-mapped direct address" \
	"proxy add p4 address 2001:db8::4 direct ::ffff:192.0.2.4" \
	"restore: proxy p4: the direct address must be a unicast address"
refused "encap gue without its port" "proxy add p4 address 10.0.0.4 encap gue" \
	"restore: proxy p4: encap gue needs encap-port"
refused "a secret too short" "secret set 010203" \
	"restore: secret set: secret length 3 is not from 4 to 32"
refused "rounds out of their range" "secret set 0102030405060708 rounds 33" \
	"restore: secret set: rounds 33 is not from 1 to 32"
refused "a Maglev size that is no prime" \
	"service add 192.0.2.2:80 maglev-size 1000" \
	"restore: service 192.0.2.2:80: maglev-size 1000 is not a prime"
refused "a Maglev table too small for its members" \
	"service add 192.0.2.2:80 maglev-size 257 member p1 member p2 member p3" \
	"restore: service 192.0.2.2:80: maglev-size 257 is below 100 x 3 members"
refused "a rendezvous table too small for its members" \
	"service add 192.0.2.2:80 maglev-size 1031 lookup rendezvous member p1 member p2 member p3" \
	"restore: service 192.0.2.2:80: maglev-size 1031 is below 512 x 3 members"
# 1000 members of the longest names would overflow the request.
many=$(printf ' member p%030d' $(seq 1000))
refused "more members than a service takes" "service add 192.0.2.2:80$many" \
	"service add: more than 512 members"
refused "a value out of its range" "service add 192.0.2.2:80 flow-timeout 0" \
	"restore: service 192.0.2.2:80: flow-timeout 0 is not from 1 to 86400"
refused "a weight out of its range" "service add 192.0.2.2:80 member p1 weight 65536" \
	"restore: service 192.0.2.2:80: weight 65536 is not from 0 to 65535"
finish
