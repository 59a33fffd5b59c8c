#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The whole system with real MPTCP: a client with two paths opens
# connections through the LB to three proxy hosts (selftests/topology.sh)
# and the kernel's path manager adds a second subflow to each, which the
# LB routes by its token.  With the issuer module on the proxies every
# join lands on its connection's proxy; without it, only by chance.
#
# Usage (inside the VM): mptcp.sh MODULE_DIR

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

kmod=$1
# shellcheck source=selftests/topology.sh
source "$top/selftests/topology.sh"
topology_up "$kmod"

mptcp_paths_up

# tokens_in_range: how many tokens the hosts issued, each checked to
# decrypt into its host's third; fails at the first that does not.
tokens_in_range() {
	local h i token x lo hi count=0
	for i in 1 2 3; do
		h=h$i
		lo=$(((i - 1) * third))
		hi=$((lo + third - 1))
		[[ $i == 3 ]] && hi=0xfffffeff
		[[ -e $tmp/tokens-$h ]] || continue
		while read -r token; do
			x=$("$cli" token decode "$token" secret "$secret")
			if ((x < lo || x > hi)); then
				echo "$h issued $token, X $x"
				return 1
			fi
			count=$((count + 1))
		done < "$tmp/tokens-$h"
	done
	echo "$count"
}

check "the LB's ranges cover X" own_thirds 4

# Control: stock proxies pick random keys, so a join reaches the proxy
# of its connection with probability 1/3; asserted loosely (at most 70%
# of 30 is more than 4 standard deviations away).
read -r ok _ total _ <<< "$(joined "$vip4" 30)"
echo "# without the issuer: $ok of 30 joins established ($total intact)"
check "without the issuer most joins fail" test "$ok" -le 21 -a "$total" -eq 30

check "load the issuer" insmod "$kmod/mptcp_lb_issuer.ko"
check "configure it on every proxy host" issue_thirds
check_output "it reads the request layout from BTF" "1" \
	bash -c "ip netns exec mlb-h1-$$ '$cli' issuer show | grep -c 'key-offset [0-9]* token-offset [0-9]*'"
rm -f "$tmp"/tokens-h*
check_output "with the issuer, 50 of 50 joins are established" \
	"50 joins, 50 intact" joined "$vip4" 50
check_output "all 50 tokens decrypt into their proxy's range" "50" \
	tokens_in_range
echo "# issuer counters on h1: $(n h1 "$cli" issuer show | grep -o 'keys-pooled.*')"

for h in "${hosts[@]}"; do
	n "$h" sysctl -qw net.ipv4.tcp_syncookies=2
done
rm -f "$tmp"/tokens-h*
check_output "with syncookies, 20 of 20 joins are established" \
	"20 joins, 20 intact" joined "$vip4" 20
check_output "so do the 20 issued with syncookies" "20" tokens_in_range
for h in "${hosts[@]}"; do
	n "$h" sysctl -qw net.ipv4.tcp_syncookies=1
done

n cl ip mptcp endpoint flush
n cl ip mptcp endpoint add fd00:4::2 dev to-rt2 subflow
check "the IPv6 proxies take X" own_thirds 6
rm -f "$tmp"/tokens-h*
check_output "over IPv6, 30 of 30 joins are established" \
	"30 joins, 30 intact" joined "$vip6" 30
check_output "and their 30 tokens are in range" "30" tokens_in_range

# Unloading while connections are open leaves them intact.
n cl python3 "$kit" connect "$vip6" 80 5 --mptcp --size 200000 \
	--pause "$tmp/go" > "$tmp/paused" &
client=$!
until grep -q paused "$tmp/paused"; do sleep 0.2; done
check "unload the issuer with connections open" rmmod mptcp_lb_issuer
touch "$tmp/go"
wait "$client" || true
check_output "they complete intact" "5" grep -c ' ok' "$tmp/paused"
check_dmesg
finish
