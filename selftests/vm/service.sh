#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Services and their members through the CLI, proxy set, the notifications
# seen by "mptcplb monitor", and "mptcplb save" restored by "mptcplb -b"
# and by "mptcplb restore", which changes only what differs:
# round trips in text and JSON, every rejection with its extack text and
# no trace of it, proxy names the kernel refuses (sent past mptcplb's own
# check), privilege and isolation between namespaces.
#
# Usage (inside the VM): service.sh MODULE_DIR

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

kmod=$1
lb_setup "$kmod"

# The monitor runs from the start; a marker change proves it listens.
# Appending, so that emptying the file later does not leave a hole.
"$cli" -n "$ns1" monitor >> "$tmp/events" &
monitor=$!
until grep -q "marker" "$tmp/events"; do
	lb proxy add marker address 10.9.9.9
	lb proxy del marker
	sleep 0.2
done
: > "$tmp/events"

check "set the secret" lb secret set 000102030405060708090a0b0c0d0e0f
check "add proxies" lb -b - <<EOF
proxy add p1 address 10.0.0.1 range 0x00000000-0x0fffffff
proxy add p2 address 2001:db8::2 range 0x10000000-0x1fffffff
proxy add p3 address 10.0.0.3 range 0x20000000-0x2fffffff state drain
EOF

check_output "no service yet" "" lb service show
check_output "no service yet, JSON" "[]" lb -j service show
check "add an IPv4 service" lb service add 192.0.2.1:443 member p1 member p2 weight 3
check "add an IPv6 service with every parameter" \
	lb service add "[2001:db8::100]:80" maglev-size 257 hash-seed 0xfeedface \
	flow-max 1000 flow-timeout 60 join-timeout 7200 member p3 weight 0
s1="service 192.0.2.1:443 maglev-size 65537 hash-seed 0 flow-max 1048576 flow-timeout 300 join-timeout 14400 lookup maglev member p1 weight 1 member p2 weight 3"
s2="service [2001:db8::100]:80 maglev-size 257 hash-seed 4277009102 flow-max 1000 flow-timeout 60 join-timeout 7200 lookup maglev member p3 weight 0"
check_output "show all" "$s1
$s2" lb service show
check_output "show one, JSON" \
	'[{"service":"[2001:db8::100]:80","maglev-size":257,"hash-seed":4277009102,"flow-max":1000,"flow-timeout":60,"join-timeout":7200,"lookup":"maglev","members":[{"proxy":"p3","weight":0}]}]' \
	lb -j service show "[2001:db8::100]:80"

lb save > "$tmp/before"
check_output "duplicate service is refused" \
	"mptcplb: a service of this address and port exists (File exists)" \
	lb service add 192.0.2.1:443
check_output "a Maglev size that is not a prime is refused" \
	"mptcplb: the Maglev size is not a prime (Invalid argument)" \
	lb service add 192.0.2.2:443 maglev-size 1000
check_output "a Maglev size out of bounds is refused" \
	"mptcplb: integer out of range (Numerical result out of range)" \
	lb service add 192.0.2.2:443 maglev-size 7
check_output "an unknown member is refused" \
	"mptcplb: no proxy of this name (No such file or directory)" \
	lb service add 192.0.2.2:443 member p1 member nope
check_output "a member twice is refused" \
	"mptcplb: the proxy is a member twice (File exists)" \
	lb service add 192.0.2.2:443 member p1 member p1 weight 2
check_output "a weight above the maximum is refused" \
	"mptcplb: integer out of range (Numerical result out of range)" \
	lb service add 192.0.2.2:443 member p1 weight 65536
check_output "a zero flow limit is refused" \
	"mptcplb: integer out of range (Numerical result out of range)" \
	lb service set 192.0.2.1:443 flow-max 0
check_output "the flow limit cannot change" \
	"mptcplb: the flow limit is fixed when the service is added (Invalid argument)" \
	lb service set "[2001:db8::100]:80" flow-max 2000
check "repeating the flow limit is no change" \
	lb service set "[2001:db8::100]:80" flow-max 1000
check_output "set on an unknown service is refused" \
	"mptcplb: no service of this address and port (No such file or directory)" \
	lb service set 192.0.2.9:443 flow-max 5
check_exit "port 0 is a bad value" 1 lb service add 192.0.2.2:0
check_exit "an IPv6 service needs brackets" 1 lb service add 2001:db8::1:80
check_exit "members are not changed by set" 2 \
	lb service set 192.0.2.1:443 member p3
check_output "removing a non-member is refused" \
	"mptcplb: the proxy is not a member of the service (No such file or directory)" \
	lb member del 192.0.2.1:443 p3
if [[ $(uname -r) == 6.1.* ]]; then
	busy="the proxy is a member of a service"
else
	busy="proxy p1 is a member of a service"
fi
check_output "a member cannot be deleted" \
	"mptcplb: $busy (Device or resource busy)" lb proxy del p1
check_output "proxies with members cannot be flushed" \
	"mptcplb: $busy (Device or resource busy)" lb proxy flush
check_output "proxy set refuses an overlap" \
	"mptcplb: the proxy's ranges overlap each other (File exists)" \
	lb proxy set p2 range 0x10000000-0x10000fff range 0x10000f00-0x10001fff
check_output "proxy set on an unknown proxy is refused" \
	"mptcplb: no proxy of this name (No such file or directory)" \
	lb proxy set nope state drain

# Names that would not print as one word, or would read as an option.
raw() {
	ip netns exec "$ns1" python3 "$top/selftests/vm/nlkit.py" "$@"
}
rule="the proxy name must be 1 to 31 ASCII letters, digits, '.', '_' and '-', not starting with '-' (Invalid argument)"
check_output "a proxy name with spaces is refused" "$rule" \
	raw proxy-new "p1 weight 0 member p2" 10.0.0.9
check_output "a proxy name with a newline is refused" "$rule" \
	raw proxy-new $'x\nproxy flush' 10.0.0.9
check_output "a proxy name starting with '-' is refused" "$rule" \
	raw proxy-new -p 10.0.0.9
check_output "a UTF-8 proxy name is refused" "$rule" \
	raw proxy-new "café" 10.0.0.9
check_output "a Latin-1 proxy name is refused" "$rule" \
	raw proxy-new $'caf\xe9' 10.0.0.9
check_output "an empty proxy name is refused" "$rule" raw proxy-new "" 10.0.0.9
check_output "a 32-byte proxy name is refused" \
	"Attribute failed policy validation (Invalid argument)" \
	raw proxy-new "$(printf '%032d' 0)" 10.0.0.9
for cmd in proxy-set proxy-del proxy-get; do
	check_output "$cmd refuses a bad name" "$rule" raw "$cmd" "p1 x"
done
check "a 31-byte proxy name is taken" \
	raw proxy-new "$(printf '%031d' 0)" 10.0.0.9
check "and deleted" raw proxy-del "$(printf '%031d' 0)"
check_output "rejected requests changed nothing" "$(cat "$tmp/before")" lb save

# A table of fewer than 100 slots per member (512 with rendezvous) is
# refused, whole, whether members are added, the table shrinks or the
# lookup changes.  few SIZE LEAST PER_MEMBER MEMBERS: the refusal.
if [[ $(uname -r) == 6.1.* ]]; then
	few() { echo "maglev-size is below 100 slots per member, 512 with rendezvous"; }
else
	few() { echo "maglev-size $1 is below $2: $3 slots for each of $4 members"; }
fi
check "three members in 1021 slots" \
	lb service add 192.0.2.2:443 maglev-size 1021 flow-max 1024 \
	member p1 member p2 member p3
check "two members in 257 slots" \
	lb service add 192.0.2.3:443 maglev-size 257 flow-max 1024 \
	member p1 member p2
lb save > "$tmp/small"
check_output "shrinking a table below 100 slots per member is refused" \
	"mptcplb: $(few 257 300 100 3) (Invalid argument)" \
	lb service set 192.0.2.2:443 maglev-size 257 flow-timeout 5
check_output "a member that needs more slots is refused" \
	"mptcplb: $(few 257 300 100 3) (Invalid argument)" \
	lb member set 192.0.2.3:443 p3
check_output "a service of too many members for its table is refused" \
	"mptcplb: $(few 257 300 100 3) (Invalid argument)" \
	lb service add 192.0.2.4:443 maglev-size 257 member p1 member p2 member p3
check_output "a rendezvous lookup for three members in 1021 slots is refused" \
	"mptcplb: $(few 1021 1536 512 3) (Invalid argument)" \
	lb service set 192.0.2.2:443 lookup rendezvous
check_output "an unknown lookup is a usage error" \
	"mptcplb: service: lookup is maglev or rendezvous, not \"ring\" (try \"mptcplb help\")" \
	lb service set 192.0.2.2:443 lookup ring
check_exit "with status 2" 2 lb service set 192.0.2.2:443 lookup ring
check_output "and the refusals changed nothing" "$(cat "$tmp/small")" lb save
check "two members in 1031 slots by rendezvous" \
	lb service add 192.0.2.4:443 lookup rendezvous maglev-size 1031 \
	flow-max 1024 member p1 member p2
check_output "the lookup is shown" '"lookup":"rendezvous"' \
	bash -c "'$cli' -n $ns1 -j service show 192.0.2.4:443 | grep -o '\"lookup\":\"[a-z]*\"'"
check_output "a third member needs 1536 slots" \
	"mptcplb: $(few 1031 1536 512 3) (Invalid argument)" \
	lb member set 192.0.2.4:443 p3
check "which Maglev has" lb service set 192.0.2.4:443 lookup maglev
check "then it is taken" lb member set 192.0.2.4:443 p3
check "and that one goes too" lb service del 192.0.2.4:443
check "delete the first" lb service del 192.0.2.2:443
check "and the second" lb service del 192.0.2.3:443

check "change service parameters" \
	lb service set 192.0.2.1:443 flow-timeout 30 hash-seed 7 join-timeout 600
check "add a member" lb member set 192.0.2.1:443 p3 weight 2
check "change a weight" lb member set 192.0.2.1:443 p1 weight 5
check "remove a member" lb member del 192.0.2.1:443 p2
check_output "the service shows every change" \
	"service 192.0.2.1:443 maglev-size 65537 hash-seed 7 flow-max 1048576 flow-timeout 30 join-timeout 600 lookup maglev member p1 weight 5 member p3 weight 2" \
	lb service show 192.0.2.1:443
check "drain a proxy and move its ranges" \
	lb proxy set p1 state drain range 0x30000000-0x3000ffff
check "change a proxy's address" lb proxy set p2 address 10.0.0.2
check_output "proxy set keeps what it is not given" \
	"name p1 address 10.0.0.1 state drain tokens decode encap ipip range 0x30000000-0x3000ffff
name p2 address 10.0.0.2 state active tokens decode encap ipip range 0x10000000-0x1fffffff
name p3 address 10.0.0.3 state drain tokens decode encap ipip range 0x20000000-0x2fffffff" \
	lb proxy show
check "the freed range is free" \
	lb proxy add p4 address 10.0.0.4 range 0x00000000-0x0000ffff

check_output "other namespace has no service" "" "$cli" -n "$ns2" service show
lb save > "$tmp/saved"
check_output "save prints a batch" "# mptcplb save: restore with \"mptcplb restore FILE\"
# secret (not saved, set it with \"secret set\"): algorithm rc5-16 secret-len 16 rounds 16 fingerprint 0xbe45cb26
vip set stray drop
service flush
proxy flush
proxy add p1 address 10.0.0.1 state drain tokens decode encap ipip range 0x30000000-0x3000ffff
proxy add p2 address 10.0.0.2 state active tokens decode encap ipip range 0x10000000-0x1fffffff
proxy add p3 address 10.0.0.3 state drain tokens decode encap ipip range 0x20000000-0x2fffffff
proxy add p4 address 10.0.0.4 state active tokens decode encap ipip range 0x00000000-0x0000ffff
service add 192.0.2.1:443 maglev-size 65537 hash-seed 7 flow-max 1048576 flow-timeout 30 join-timeout 600 lookup maglev member p1 weight 5 member p3 weight 2
service add [2001:db8::100]:80 maglev-size 257 hash-seed 4277009102 flow-max 1000 flow-timeout 60 join-timeout 7200 lookup maglev member p3 weight 0" \
	cat "$tmp/saved"
check "restore into another namespace" "$cli" -n "$ns2" -b "$tmp/saved"
"$cli" -n "$ns2" secret set 000102030405060708090a0b0c0d0e0f
check_output "the restored namespace saves the same" "$(cat "$tmp/saved")" \
	"$cli" -n "$ns2" save
check "restore over a changed configuration" lb -b "$tmp/saved" < /dev/null
check_output "restoring replaced it exactly" "$(cat "$tmp/saved")" lb save

# changes COMMAND...: the changes COMMAND makes, as the monitor sees them
# ("EVENT OBJECT" each), then its exit status.  A marker proxy added
# after it shows that the monitor printed them all.
changes() {
	local before status=0
	before=$(wc -l < "$tmp/events")
	"$@" > /dev/null 2>&1 || status=$?
	lb proxy add marker address 10.9.9.9
	until tail -n "+$((before + 1))" "$tmp/events" |
		grep -q "proxy-new name marker "; do
		sleep 0.2
	done
	lb proxy del marker
	tail -n "+$((before + 1))" "$tmp/events" | grep -v " name marker " |
		awk '{ print $2, $4 }'
	echo "exit $status"
}

check_output "restore of what is there changes nothing" "exit 0" \
	changes lb restore "$tmp/saved"
sed 's/member p1 weight 5/member p1 weight 6/' "$tmp/saved" > "$tmp/weight"
check_output "restore of one new weight changes that member alone" \
	"member-set 192.0.2.1:443
exit 0" changes lb restore "$tmp/weight"
sed 's/lookup maglev member p1/lookup rendezvous member p1/' "$tmp/weight" \
	> "$tmp/lookup"
check_output "restore of a new lookup sets that service alone" \
	"service-set 192.0.2.1:443
exit 0" changes lb restore "$tmp/lookup"
check_output "which has it" "lookup rendezvous" \
	bash -c "'$cli' -n $ns1 service show 192.0.2.1:443 | grep -o 'lookup [a-z]*'"
check "and back" lb restore "$tmp/weight"
sed 's/flow-max 1000 /flow-max 2000 /' "$tmp/weight" > "$tmp/flow-max"
check_output "restore refuses a new flow-max, changing nothing" "exit 1" \
	changes lb restore "$tmp/flow-max"
check_output "and says why" \
	"mptcplb: restore: service [2001:db8::100]:80: flow-max 1000 would become 2000: only deleting the service, which ends its connections, can
mptcplb: restore: $tmp/flow-max: nothing changed" lb restore "$tmp/flow-max"
sed -e 's/0x10000000-0x1fffffff/p4s/; s/0x00000000-0x0000ffff/0x10000000-0x1fffffff/' \
	-e 's/p4s/0x00000000-0x0000ffff/' "$tmp/weight" > "$tmp/trade"
check_output "restore refuses two proxies trading ranges, changing nothing" \
	"exit 1" changes lb restore "$tmp/trade"
sed 's/^proxy add p4 /proxy add p5 /' "$tmp/weight" > "$tmp/rename"
check_output "a proxy whose ranges a new one takes goes first" \
	"proxy-del p4
proxy-new p5
exit 0" changes lb restore "$tmp/rename"
grep -v -e '2001:db8::100' -e '^proxy add p2 ' "$tmp/rename" > "$tmp/fewer"
check_output "what the file does not name goes last, services first" \
	"service-del [2001:db8::100]:80
proxy-del p2
exit 0" changes lb restore "$tmp/fewer"
check "restore from stdin" lb restore - < "$tmp/saved"
check_output "brings back what was saved, in another order" \
	"$(sort "$tmp/saved")" bash -c "'$cli' -n '$ns1' save | sort"
check_output "a save that cannot be written fails" \
	"mptcplb: save: cannot write: No space left on device" \
	bash -c "'$cli' -n '$ns1' save > /dev/full"

# Every character a proxy name may have, first and in the longest names.
n1=abcdefghijklmnopqrstuvwxyz.-_01
n2=ABCDEFGHIJKLMNOPQRSTUVWXYZ23456
check "proxies of every allowed character" lb -b - <<EOF
proxy add $n1 address 10.2.0.1
proxy add $n2 address 10.2.0.2
proxy add _789 address 10.2.0.3
proxy add .0 address 10.2.0.4
service add 192.0.2.7:443 member $n1 member $n2 member _789 member .0
EOF
lb save > "$tmp/names"
check_output "save prints their names as they are" \
	"proxy add $n1 address 10.2.0.1 state active tokens decode encap ipip
proxy add $n2 address 10.2.0.2 state active tokens decode encap ipip
proxy add _789 address 10.2.0.3 state active tokens decode encap ipip
proxy add .0 address 10.2.0.4 state active tokens decode encap ipip
service add 192.0.2.7:443 maglev-size 65537 hash-seed 0 flow-max 1048576 flow-timeout 300 join-timeout 14400 lookup maglev member $n1 weight 1 member $n2 weight 1 member _789 weight 1 member .0 weight 1" \
	grep -E "10\.2\.0\.|192\.0\.2\.7" "$tmp/names"
check "they restore into another namespace" "$cli" -n "$ns2" -b "$tmp/names"
check_output "which saves the same" "$(cat "$tmp/names")" "$cli" -n "$ns2" save
printf 'proxy add x1 address 10.1.1.1\nproxy add x2 address nope\nproxy add x3 address 10.1.1.3\n' > "$tmp/bad"
check_output "a batch stops at its first failing line" \
	"mptcplb: \"nope\" is not an IPv4 or IPv6 address
mptcplb: $tmp/bad:2: batch stopped here" lb -b "$tmp/bad"
check_output "the lines before it were applied, not those after" \
	"name x1 address 10.1.1.1 state active tokens decode encap ipip" \
	bash -c "'$cli' -n '$ns1' proxy show | grep \"^name x\""

check_output "unprivileged service add is refused" "mptcplb: Operation not permitted" \
	ip netns exec "$ns1" setpriv --reuid=65534 --regid=65534 \
	--clear-groups "$cli" service add 192.0.2.3:443
check_output "unprivileged service show is refused" "mptcplb: Operation not permitted" \
	ip netns exec "$ns1" setpriv --reuid=65534 --regid=65534 \
	--clear-groups "$cli" service show
check_output "unprivileged monitor is refused" \
	"mptcplb: cannot listen to group \"config\": Operation not permitted" \
	ip netns exec "$ns1" setpriv --reuid=65534 --regid=65534 \
	--clear-groups "$cli" monitor

check "delete a service" lb service del "[2001:db8::100]:80"
check "flush the services" lb service flush
check_output "no service is left" "" lb service show
check "proxies are free to go" lb proxy del p1

kill "$monitor"
wait "$monitor" 2> /dev/null || true
check_output "the monitor saw every change, in order" \
	"event cipher-set algorithm rc5-16 secret-len 16 rounds 16 fingerprint 0xbe45cb26
event proxy-new name p1 address 10.0.0.1 state active tokens decode encap ipip range 0x00000000-0x0fffffff" \
	head -2 "$tmp/events"
check_output "the monitor saw changes of every kind" \
	"cipher-set member-del member-set proxy-del proxy-flush proxy-new proxy-set service-del service-flush service-new service-set vip-set" \
	bash -c "awk '{ print \$2 }' '$tmp/events' | sort -u | xargs"
check_output "the monitor prints JSON" \
	'{"event":"service-flush"}' \
	bash -c "'$cli' -n '$ns1' -j monitor > '$tmp/json' & pid=\$!; until [[ -s '$tmp/json' ]]; do '$cli' -n '$ns1' service flush; sleep 0.2; done; kill \$pid; head -1 '$tmp/json'"

"$cli" -n "$ns2" proxy show > /dev/null
check "namespace with services goes away" ip netns del "$ns2"
check "module unloads with services configured" rmmod mptcp_lb
check_dmesg
finish
