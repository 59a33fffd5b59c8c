#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The commands of tools/systemd/mptcplb.service, run as systemd runs them
# at boot, reload and shutdown, with its paths mapped into this tree: a
# configuration saved with `mptcplb save` comes back exactly after the
# module is reloaded, as after a reboot.
#
# Usage (inside the VM): systemd.sh MODULE_DIR

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

kmod=$1
unit=$top/tools/systemd/mptcplb.service
tmp=$(mktemp -d)
etc=$tmp/etc

cleanup() {
	rmmod mptcp_lb 2> /dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

# unit_run KEY...: the unit's KEY= lines in order, each a command.
unit_run() {
	local key line
	for key in "$@"; do
		while IFS= read -r line; do
			line=${line#"$key="}
			line=${line//\/sbin\/modprobe mptcp_lb/load_lb $kmod}
			line=${line//\/usr\/sbin\/mptcplb/$cli}
			line=${line//\/etc\/mptcplb/$etc}
			eval "$line" || return
		done < <(grep "^$key=" "$unit")
	done
}

dmesg -C
load_lb "$kmod"
mkdir -p "$etc"
"$cli" secret generate > "$etc/secret"
"$cli" -b - <<-EOF
secret set file $etc/secret
proxy add p1 address 10.0.0.1 range 0x00000000-0x0fffffff
proxy add p2 address 2001:db8::2 range 0x10000000-0x1fffffff tokens learn
service add 192.0.2.1:443 hash-seed 7 member p1 member p2 weight 3
EOF
check "the operator saves the configuration" \
	bash -c "'$cli' save > '$etc/mptcplb.conf'"
saved=$(cat "$etc/mptcplb.conf")
fingerprint=$("$cli" secret show | grep -o 'fingerprint .*')
rmmod mptcp_lb

check "ExecStartPre and ExecStart load and configure the LB" \
	unit_run ExecStartPre ExecStart
check_output "the configuration is back exactly" "$saved" "$cli" save
check_output "and so is the secret" "$fingerprint" \
	bash -c "'$cli' secret show | grep -o 'fingerprint .*'"
check "ExecReload applies the files again" unit_run ExecReload
check_output "which changes nothing" "$saved" "$cli" save
check "ExecStop empties the LB" unit_run ExecStop
check_output "no proxy or service is left" "vip set stray drop
service flush
proxy flush" bash -c "'$cli' save | grep -v '^#'"
check_dmesg
finish
