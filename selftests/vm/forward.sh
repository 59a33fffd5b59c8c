#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The data path with real packets: a client, a router, the LB and three
# proxy hosts (selftests/topology.sh), each decapsulating with the kernel's
# own tunnel devices and serving over the kernel's TCP and MPTCP.  What
# reaches each proxy is read from its tunnel device's counters,
# independently of the LB's.
#
# Usage (inside the VM): forward.sh MODULE_DIR

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

kmod=$1
# shellcheck source=selftests/topology.sh
source "$top/selftests/topology.sh"
topology_up "$kmod"

for family in 4 6; do
	vip=$vip4 && [[ $family == 6 ]] && vip=$vip6
	check_output "TCP over IPv$family: 30 transfers intact, every proxy used" \
		"30 ok, 3 proxies" transfers "$vip" 30 --size 20000
	check_output "MPTCP over IPv$family: 20 transfers intact" "20 ok" \
		bash -c "ip netns exec mlb-cl-$$ python3 '$kit' connect $vip 80 20 --mptcp --size 20000 |
			awk '\$2 == \"ok\" { ok++ } END { print ok + 0, \"ok\" }'"
done

# The counters those transfers left, in the Prometheus text format: valid
# for promtool, and each sample the value the CLI shows.
prom() {
	"$cli" -n "mlb-lb-$$" stats show format prometheus
}
# prom_value METRIC{LABELS}: one sample's value.
prom_value() {
	prom | awk -v m="$1" '$1 == m { print $2 }'
}
# shown OBJECT ID COUNTER: a counter of "mptcplb -s OBJECT show ID".
shown() {
	lb -j -s "$1" show "$2" | grep -o "\"$3\":[0-9]*" | cut -d: -f2
}
labels="netns=\"mlb-lb-$$\""
prom_valid() {
	prom > "$tmp/prom" && promtool check metrics < "$tmp/prom"
}
check "promtool check metrics accepts the Prometheus output" prom_valid
check "the namespace forwarded packets" \
	test "$(prom_value "mptcplb_packets_total{$labels}")" -gt 0
check_output "mptcplb_packets_total is stats' packets" "$(lb_counter lb packets)" \
	prom_value "mptcplb_packets_total{$labels}"
check_output "mptcplb_learned_tokens is stats' learned-tokens" \
	"$(lb_counter lb learned-tokens)" \
	prom_value "mptcplb_learned_tokens{$labels}"
check_output "mptcplb_proxy_syn_new_total of p2 is its syn-new" \
	"$(shown proxy p2 syn-new)" \
	prom_value "mptcplb_proxy_syn_new_total{$labels,proxy=\"p2\",family=\"ipv4\"}"
check_output "mptcplb_service_bytes_total of the IPv6 service is its bytes" \
	"$(shown service "[$vip6]:80" bytes)" \
	prom_value "mptcplb_service_bytes_total{$labels,service=\"[$vip6]:80\",family=\"ipv6\"}"

# 2000 SYNs from fixed ports: the spread is the same on every run, and
# must follow the weights 1:2:1 within a few percent.  Each proxy answers
# with a SYN/ACK, the client with a RST, which follows its SYN's flow.
before=$(rx_all)
n cl python3 "$kit" syn 10.0.1.2 "$vip4" 80 2000
after=$(rx_all)
read -r a b c <<< "$(delta "$before" "$after")"
echo "# 2000 SYNs and their RSTs by weight 1:2:1 reached h1 $a, h2 $b, h3 $c"
check "new connections follow the weights" \
	test $((a + b + c)) -eq 4000 -a "$a" -gt 800 -a "$a" -lt 1200 \
	-a "$b" -gt 1800 -a "$b" -lt 2200 -a "$c" -gt 800 -a "$c" -lt 1200

# join FAMILY X: sends a SYN + MP_JOIN whose token decrypts to X.
join() {
	local vip=$vip4 src=10.0.1.2 token
	[[ $1 == 6 ]] && vip=$vip6 src=fd00:1::2
	token=$("$cli" token encode "$2" secret "$secret")
	n cl python3 "$kit" join "$src" "$vip" 80 "$token" "${@:3}"
}

for family in 4 6; do
	for i in 1 2 3; do
		x=$(((i - 1) * 0x10000000 + 0x0abcdef))
		[[ $family == 6 ]] && x=$((x + 0x30000000))
		expected="0 0 0"
		expected=${expected:0:$(((i - 1) * 2))}1${expected:$(((i - 1) * 2 + 1))}
		before=$(rx_all)
		join "$family" "$x"
		check_output "IPv$family join with X in h$i's range reaches h$i alone" \
			"$expected" delta "$before" "$(rx_all)"
	done
done

before=$(rx_all)
unknown=$(lb_counter lb drop-unknown-token)
join 4 0xf0000000
check_output "a token in no range reaches no proxy" "0 0 0" \
	delta "$before" "$(rx_all)"
check_output "and is counted" "$((unknown + 1))" lb_counter lb drop-unknown-token
not_member=$(lb_counter lb drop-not-member)
join 4 0x30000001
check_output "a token of a proxy not in the service is dropped" "0 0 0" \
	delta "$before" "$(rx_all)"
check_output "and is counted" "$((not_member + 1))" lb_counter lb drop-not-member
check_output "the LB counted the joins per proxy" "1 1 1 1 1 1" \
	bash -c "'$cli' -n mlb-lb-$$ -j -s proxy show | grep -o '\"syn-join\":[0-9]*' | cut -d: -f2 | xargs"

# The join flows above came from port 40000; the last went to h3.  Its
# third ACK confirms it: a SYN of its 4-tuple no longer moves it.
for family in 4 6; do
	join "$family" $((0x20000001 + (family == 6 ? 0x30000000 : 0))) --ack
done
kept=$(lb_counter lb syn-kept)
before=$(rx_all)
join 4 0x0abcdef
check_output "a SYN of a confirmed join's 4-tuple goes to the join's proxy" \
	"0 0 1" delta "$before" "$(rx_all)"
check_output "and is counted" "$((kept + 1))" lb_counter lb syn-kept

# A SYN whose SYN/ACK is late or lost is retransmitted a second later:
# it stays on the proxy that may have answered it, even though members
# were added or drained meanwhile, or the client would establish with
# one proxy and send the rest to another.  A SYN of the 4-tuple with
# another initial sequence number is a new connection, routed afresh,
# and so is the SYN retransmitted once its proxy left the service.  From
# an address whose answers the router drops: the client's RST to the
# SYN/ACK would close the flow.
n cl ip addr add 10.0.1.98/32 dev to-rt
n cl ip addr add fd00:1::98/128 dev to-rt nodad preferred_lft 0
n rt ip route add blackhole 10.0.1.98/32
n rt ip -6 route add blackhole fd00:1::98/128
# syn FAMILY PORT SEQ: the proxy (p1, p2, p3) that one SYN to port 87
# from PORT reached, alone, or what each of h1, h2 and h3 received.
syn() {
	local vip=$vip4 src=10.0.1.98 before after
	[[ $1 == 6 ]] && vip=$vip6 src=fd00:1::98
	before=$(rx_all)
	n cl python3 "$kit" segment "$src" "$vip" 87 S "$2" --seq "$3" \
		> /dev/null
	after=$(delta "$before" "$(rx_all)")
	case $after in
	"1 0 0") echo p1 ;;
	"0 1 0") echo p2 ;;
	"0 0 1") echo p3 ;;
	*) echo "$after" ;;
	esac
}
for family in 4 6; do
	vip=$vip4 suffix=''
	[[ $family == 6 ]] && vip=[$vip6] suffix=v6
	check "IPv$family: a service of p1 alone" \
		lb service add "$vip:87" member "p1$suffix"
	check_output "a SYN reaches p1" p1 syn "$family" 30000 1000
	# A slot in 65537 is left to p1.
	check "p2 joins with all but all the weight" \
		lb member set "$vip:87" "p2$suffix" weight 65535
	check_output "the SYN retransmitted still reaches p1" p1 \
		syn "$family" 30000 1000
	check_output "a SYN with another sequence number reaches p2" p2 \
		syn "$family" 30000 2000
	check_output "another connection's SYN reaches p2" p2 \
		syn "$family" 30001 3000
	check "p2 takes no new connections" \
		lb member set "$vip:87" "p2$suffix" weight 0
	check_output "that SYN retransmitted still reaches p2" p2 \
		syn "$family" 30001 3000
	check "p2 leaves the service" lb member del "$vip:87" "p2$suffix"
	check_output "that SYN retransmitted now goes to p1" p1 \
		syn "$family" 30001 3000
	check "that service goes" lb service del "$vip:87"
done

check_output "the flow table holds the last join of each service" \
	"service 192.0.2.1:80 client 10.0.1.2:40000 proxy p3 kind join state confirmed
service [2001:db8::100]:80 client [fd00:1::2]:40000 proxy p3v6 kind join state confirmed" \
	bash -c "'$cli' -n mlb-lb-$$ flows | grep 'kind join' | sed 's/ idle-ms .*//'"
check_output "flows filter by service and proxy" \
	"service 192.0.2.1:80 client 10.0.1.2:40000 proxy p3 kind join state confirmed" \
	bash -c "'$cli' -n mlb-lb-$$ flows service $vip4:80 proxy p3 | grep 'kind join' | sed 's/ idle-ms .*//'"
check_output "flows of an unknown service" \
	"mptcplb: no service of this address and port (No such file or directory)" \
	lb flows service 192.0.2.99:80
check_output "flows in JSON" "2" \
	bash -c "'$cli' -n mlb-lb-$$ -j flows | grep -o '\"kind\":\"join\"' | wc -l"

for family in 4 6; do
	vip=$vip4 client=10.0.1.2
	[[ $family == 6 ]] && vip=$vip6 client=fd00:1::2
	join "$family" $((0x20000001 + (family == 6 ? 0x30000000 : 0)))
	icmp=$(lb_counter lb icmp)
	before=$(rx_all)
	n cl python3 "$kit" icmp "$client" "$vip" 80 "$client" 40000
	check_output "IPv$family ICMP error about a flow reaches its proxy alone" \
		"0 0 1" delta "$before" "$(rx_all)"
	check_output "and is counted" "$((icmp + 1))" lb_counter lb icmp
done

# Connections opened before the changes must finish on their proxy: a
# move would end them with a reset from a proxy that does not know them.
n cl python3 "$kit" connect "$vip4" 80 12 --size 200000 \
	--pause "$tmp/go" > "$tmp/sticky" &
client=$!
until grep -q paused "$tmp/sticky"; do sleep 0.2; done
check "change weights, add a member, drain a proxy" lb -b - <<EOF
member set $vip4:80 p1 weight 5
member set $vip4:80 p1v6 weight 3
proxy set p2 state drain
EOF
touch "$tmp/go"
wait "$client" || true
echo "# established connections were on: $(grep ok "$tmp/sticky" | cut -d' ' -f1 | sort | uniq -c | xargs)"
check_output "established connections stay on their proxy" "12" \
	grep -c ' ok$' "$tmp/sticky"
check_output "new connections avoid the drained proxy" "20 ok, 0 on h2" \
	bash -c "ip netns exec mlb-cl-$$ python3 '$kit' connect $vip4 80 20 --size 1000 |
		awk '\$2 == \"ok\" { ok++ } \$1 == \"h2\" { h2++ } END { print ok + 0, \"ok,\", h2 + 0, \"on h2\" }'"

# A small table under a SYN flood: the confirmed join stays, the rest
# gives way, and idle flows go.
check "a service with room for 64 flows" \
	lb service add "$vip4:81" flow-max 64 member p1 member p2
n cl python3 "$kit" join 10.0.1.2 "$vip4" 81 \
	"$("$cli" token encode 0x01000000 secret "$secret")" --sport 50000 --ack
evicted=$(lb_counter lb flow-evicted)
n cl python3 "$kit" syn 10.0.1.2 "$vip4" 81 500 --sport 30000
check "500 SYNs left at most 64 flows" \
	test "$(lb flows service "$vip4:81" | wc -l)" -le 64
check "and evicted some" test "$(lb_counter lb flow-evicted)" -gt "$evicted"
check_output "but not the join" "1" \
	bash -c "'$cli' -n mlb-lb-$$ flows service $vip4:81 | grep -c 'client 10.0.1.2:50000 proxy p1 kind join'"
# A table of one bucket under a flood from the address whose answers the
# router drops, so that the flood's entries await their client's ACK:
# they give way before an established connection and a join awaiting
# its third ACK, both older than all of them.
check "a service with room for 4 flows, in one bucket" \
	lb service add "$vip4:86" flow-max 4 member p1 member p2
n cl python3 "$kit" segment 10.0.1.98 "$vip4" 86 S 50001 --seq 7000 \
	> /dev/null
n cl python3 "$kit" segment 10.0.1.98 "$vip4" 86 A 50001 --seq 7001 \
	> /dev/null
n cl python3 "$kit" join 10.0.1.98 "$vip4" 86 \
	"$("$cli" token encode 0x01000000 secret "$secret")" --sport 50002
n cl python3 "$kit" syn 10.0.1.98 "$vip4" 86 100 --sport 30000
check_output "100 SYNs evict their own entries, not the others" \
	"4 flows: 10.0.1.98:50001 new confirmed, 10.0.1.98:50002 join syn" \
	bash -c "'$cli' -n mlb-lb-$$ flows service $vip4:86 | sort |
		awk '{ n++ } \$4 ~ /:5000[12]\$/ { kept = kept \", \" \$4 \" \" \$8 \" \" \$10 }
		     END { print n + 0, \"flows:\" substr(kept, 2) }'"
check "that service goes" lb service del "$vip4:86"
# A table full of confirmed joins drops a new join: forwarded, its later
# packets would go by Maglev.
check "a service with room for one flow" \
	lb service add "$vip4:83" flow-max 1 member p1
token=$("$cli" token encode 0x01000000 secret "$secret")
n cl python3 "$kit" join 10.0.1.2 "$vip4" 83 "$token" --sport 50010 --ack
untracked=$(lb_counter lb drop-join-untracked)
before=$(rx_all)
n cl python3 "$kit" join 10.0.1.2 "$vip4" 83 "$token" --sport 50011
check_output "a join finding the table full of confirmed joins reaches no proxy" \
	"0 0 0" delta "$before" "$(rx_all)"
check_output "and is counted" "$((untracked + 1))" \
	lb_counter lb drop-join-untracked
check "that service goes" lb service del "$vip4:83"
check "shorten the idle timeout" lb service set "$vip4:81" flow-timeout 1
sleep 4
check_output "idle flows are forgotten, the confirmed join kept" \
	"client 10.0.1.2:50000 proxy p1 kind join state confirmed" \
	bash -c "'$cli' -n mlb-lb-$$ flows service $vip4:81 | cut -d' ' -f3-10"
check "shorten the join timeout" lb service set "$vip4:81" join-timeout 1
sleep 4
check_output "then the join is forgotten too" "0" \
	bash -c "'$cli' -n mlb-lb-$$ flows service $vip4:81 | wc -l"

# A join goes to any member, of weight 0 (and here draining) too: its
# connections keep adding subflows.
check "a service whose member p2 takes no new connection" \
	lb service add "$vip4:84" member p1 member p2 weight 0
before=$(rx_all)
n cl python3 "$kit" join 10.0.1.2 "$vip4" 84 \
	"$("$cli" token encode 0x10000000 secret "$secret")" --sport 50020
check_output "a join to a member of weight 0 reaches it" "0 1 0" \
	delta "$before" "$(rx_all)"
check "that service goes" lb service del "$vip4:84"

# A service filled by rendezvous hashing sends each new connection where
# lookup_model.py, written apart from the C library, says: weighted over
# IPv4, equal weights (the path without logarithms) over IPv6.  p2 still
# drains: it takes no slot, as weight 0.
# sent_to SERVICE: "SPORT PROXY" of its flows, by port.
sent_to() {
	lb flows service "$1" |
		sed -E 's/.* client .*:([0-9]+) proxy ([^ ]+) .*/\1 \2/' | sort -n
}
model=$top/selftests/vm/lookup_model.py
for family in 4 6; do
	if [[ $family == 4 ]]; then
		client=10.0.1.2 vip=$vip4 service=$vip4:85
		members=(p1:1 p2:2 p3:3) model_members=(p1:1 p2:0 p3:3)
	else
		client=fd00:1::2 vip=$vip6 service="[$vip6]:85"
		members=(p1v6:1 p2v6:1 p3v6:1) model_members=("${members[@]}")
	fi
	args=()
	for member in "${members[@]}"; do
		args+=(member "${member%:*}" weight "${member#*:}")
	done
	check "an IPv$family service looked up by rendezvous hashing" \
		lb service add "$service" lookup rendezvous hash-seed 5 "${args[@]}"
	n cl python3 "$kit" syn "$client" "$vip" 85 64 --sport 31000
	check_output "its 64 new connections go where the model says" \
		"$(python3 "$model" 65537 5 "$client" "$vip" 85 31000 64 "${model_members[@]}")" \
		sent_to "$service"
	check "that service goes" lb service del "$service"
done

# A flow entry outlives its proxy; the next proxy added must not inherit
# it by taking the removed proxy's id.
check "a proxy of its own service" lb -b - <<EOF
proxy add p9 address 10.0.31.2 range 0x60000000-0x6fffffff
service add $vip4:82 member p9
EOF
n cl python3 "$kit" join 10.0.1.2 "$vip4" 82 \
	"$("$cli" token encode 0x60000000 secret "$secret")" --sport 50001
check "its member and the proxy go, another proxy comes" lb -b - <<EOF
member del $vip4:82 p9
proxy del p9
proxy add p10 address 10.0.32.2
EOF
check_output "the stale flow names no proxy" \
	"service 192.0.2.1:82 client 10.0.1.2:50001 kind join state syn" \
	bash -c "'$cli' -n mlb-lb-$$ flows service $vip4:82 | sed 's/ idle-ms .*//'"

# An NFQUEUE ahead of the LB, as an inspecting daemon sets up: its
# verdicts run the LB's hook from the daemon's sendmsg(), bottom halves
# enabled (nf_reinject()), which the data path disables itself.
n lb python3 "$kit" nfqueue 3 "$tmp/unqueue" > "$tmp/queued" &
queue=$!
for _ in {1..100}; do
	grep -qx bound "$tmp/queued" || ! kill -0 "$queue" 2> /dev/null && break
	sleep 0.2
done
n lb nft add table inet mlbq
n lb nft add chain inet mlbq pre '{ type filter hook prerouting priority -450; }'
# Without the daemon, the queue would drop every packet.
check "a daemon is bound to NFQUEUE 3" grep -qx bound "$tmp/queued"
if grep -qx bound "$tmp/queued"; then
	n lb nft add rule inet mlbq pre tcp dport 80 queue num 3
fi
for family in 4 6; do
	vip=$vip4 && [[ $family == 6 ]] && vip=$vip6
	check_output "IPv$family through an NFQUEUE daemon's verdicts: 10 transfers intact" \
		"10 ok" intact "$vip" 10 --size 20000
done
# The rule goes first: without the daemon, the queue drops what it holds.
n lb nft delete table inet mlbq
touch "$tmp/unqueue"
wait "$queue" || true
echo "# NFQUEUE: $(tail -n 1 "$tmp/queued")"
check "the daemon's verdicts let the packets through" \
	grep -qx '[1-9][0-9]* accepted' "$tmp/queued"

# A receive timestamp must not ride along to the LB's egress, where
# sch_fq reads it as a delivery time decades ahead and drops the packet.
# Crafted SYNs carry no transmit time (a client's TCP segments carry its
# own, which veth keeps), so the LB's receive path stamps them.  The
# socket asks for timestamps while no traffic flows.
n lb tc qdisc replace dev to-rt root fq
n lb python3 -c 'import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, 29, 1)  # SO_TIMESTAMP, not in Python 3.11
time.sleep(600)' &
stamper=$!
sleep 2
check "a socket on the LB asks for receive timestamps" kill -0 "$stamper"
before=$(rx_all)
n cl python3 "$kit" syn 10.0.1.2 "$vip4" 80 20 --sport 33000
passed=$(delta "$before" "$(rx_all)" | tr ' ' '+')
check_output "fq and a timestamping socket on the LB: 20 SYNs and their RSTs pass" \
	"40" echo "$((passed))"
kill "$stamper"
wait "$stamper" 2> /dev/null || true
n lb tc qdisc del dev to-rt root

echo "# LB counters: $(lb stats)"
check "removing the services stops the hooks" lb service flush
before=$(rx_all)
n cl python3 "$kit" syn 10.0.1.2 "$vip4" 80 10
check_output "without a service nothing is forwarded" "0 0 0" \
	delta "$before" "$(rx_all)"
check "module unloads" rmmod mptcp_lb
check_dmesg
finish
