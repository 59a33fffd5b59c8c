#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The ways onto a production host, exercised on this one without touching
# its root: `make install` into a staging root for every kernel, the
# systemd units verified there; the Debian packages built by
# dpkg-buildpackage from a copy of the tree, checked by lintian and
# unpacked into a clean root; DKMS building both modules for every kernel
# from the DKMS package's sources (`make dkms-source`'s) in a private
# tree; the modules DKMS built and the packaged CLI then pass the smoke
# test in the VM of their kernel.
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
check_output "and the CLI, the manual pages, its completion and the units" \
	"lib/systemd/system/mptcplb.service
lib/systemd/system/mptcplb@.service
usr/sbin/mptcplb
usr/sbin/mptcplb-vip-routes
usr/share/bash-completion/completions/mptcplb
usr/share/man/man8/mptcplb-vip-routes.8
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

# The packages, built from the tree's files alone, out of the tree: the
# build's products and the .debs stay in the scratch directory.
src=$tmp/src/mptcp-lb-$version
mkdir -p "$src"
(cd "$top" && git ls-files -co --exclude-standard -z | grep -zv '^build/' |
	xargs -0 cp --parents -t "$src")
check "dpkg-buildpackage builds the packages" \
	quietly bash -c "cd '$src' && dpkg-buildpackage -us -uc -b"
debs=("$tmp/src/mptcp-lb-dkms_${version}_all.deb"
      "$tmp/src/mptcplb_${version}_$(dpkg --print-architecture).deb")
check "lintian finds no error or warning in them" \
	quietly lintian --fail-on error,warning "$tmp/src/"*.changes
pkgroot=$tmp/pkgroot
for deb in "${debs[@]}"; do
	dpkg-deb -x "$deb" "$pkgroot"
done
check_output "mptcplb holds what make install-cli installs" \
	"$(cd "$root" && find usr/sbin usr/share lib/systemd -type f | sort)" \
	bash -c "cd '$pkgroot' && find usr/sbin usr/share lib/systemd -type f |
		grep -v '^usr/share/doc/' | sed 's/\.gz$//' | sort"
check_output "mptcp-lb-dkms holds what make dkms-source lays out" \
	"$(make -C "$top" --no-print-directory dkms-source DESTDIR="$tmp/made" \
		> /dev/null && cd "$tmp/made" && find usr/src -type f | sort)" \
	bash -c "cd '$pkgroot' && find usr/src -type f | sort"
dpkg-deb -e "${debs[0]}" "$tmp/dkms-control"
check_output "its postinst hands mptcp-lb/$version to DKMS" \
	"DKMS_NAME=mptcp-lb DKMS_VERSION=$version /usr/lib/dkms/common.postinst" \
	bash -c "grep -oE '^DKMS_(NAME|VERSION)=.*|/usr/lib/dkms/common.postinst' \
		'$tmp/dkms-control/postinst' | xargs"

dkms=(--dkmstree "$tmp/dkms" --sourcetree "$pkgroot/usr/src")
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
	check "the DKMS-built modules and the packaged CLI pass the smoke test on $k" \
		quietly "$top/tools/vm/run.sh" -k "$k" \
		env MLB_CLI="$pkgroot/usr/sbin/mptcplb" \
		"$top/selftests/vm/smoke.sh" "$built"
done
finish
