#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The ways onto a production host, exercised on this one without touching
# its root: `make install` into a staging root for every kernel, the
# systemd units verified there, and DKMS building both modules for every
# kernel from `make dkms-source` in a private tree; the modules DKMS built
# then pass the smoke test in the VM of their kernel.
#
# Usage: install.sh "KVERS"

set -e
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

kvers=$1
# Below the work tree: the VM sees it, not the host's /tmp.
mkdir -p "$top/build"
tmp=$(mktemp -d "$top/build/install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
version=$(sed -n 's/^#define MLB_VERSION "\(.*\)"/\1/p' \
	"$top/src/lib/version.h")

# quietly COMMAND...: runs it, showing its output (as TAP comments) only
# if it fails.
quietly() {
	"$@" > "$tmp/out" 2>&1 || {
		sed 's/^/# /' "$tmp/out"
		return 1
	}
}

for k in $kvers; do
	check "make install for $k" \
		quietly make -C "$top" --no-print-directory install KVER="$k" \
		DESTDIR="$root"
	check_output "it staged both modules for $k in updates/" \
		"lib/modules/$k/updates/mptcp_lb.ko
lib/modules/$k/updates/mptcp_lb_issuer.ko" \
		bash -c "cd '$root' && ls lib/modules/$k/updates/*.ko* | sed 's/\.xz$//'"
done
check_output "and the CLI, its manual page, its completion and the units" \
	"lib/systemd/system/mptcplb.service
lib/systemd/system/mptcplb@.service
usr/sbin/mptcplb
usr/sbin/mptcplb-vip-routes
usr/share/bash-completion/completions/mptcplb
usr/share/man/man8/mptcplb.8" \
	bash -c "cd '$root' && find usr lib/systemd -type f | sort"
check_output "the installed CLI runs" "$("$cli" token from-key 1)" \
	"$root/usr/sbin/mptcplb" token from-key 1

# systemd-analyze looks for the unit's programs under the root it is given.
install -D /sbin/modprobe "$root/sbin/modprobe"
check "systemd-analyze verify accepts the unit" \
	systemd-analyze verify --man=no --root="$root" \
	/lib/systemd/system/mptcplb.service
check "and an instance of the namespace template" \
	systemd-analyze verify --man=no --root="$root" \
	/lib/systemd/system/mptcplb@lb1.service

check "make dkms-source lays out /usr/src/mptcp-lb-$version" \
	quietly make -C "$top" --no-print-directory dkms-source DESTDIR="$root"
dkms=(--dkmstree "$tmp/dkms" --sourcetree "$root/usr/src")
mkdir "$tmp/dkms"
check "dkms add takes the source tree" \
	quietly dkms add "${dkms[@]}" "mptcp-lb/$version"
for k in $kvers; do
	check "dkms builds both modules for $k" \
		quietly dkms build "${dkms[@]}" "mptcp-lb/$version" -k "$k"
	built=$tmp/dkms/mptcp-lb/$version/$k/x86_64/module
	# DKMS compresses them as the kernel's own modules are.
	for ko in "$built"/*.ko.xz; do
		[[ -e $ko ]] && xz -d "$ko"
	done
	check_output "they carry version $version" "$version" \
		modinfo -F version "$built/mptcp_lb.ko"
	check "the DKMS-built modules pass the smoke test on $k" \
		quietly "$top/tools/vm/run.sh" -k "$k" "$top/selftests/vm/smoke.sh" "$built"
done
finish
