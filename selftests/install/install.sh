#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The ways onto a production host, exercised on this one without touching
# its root: `make install` into a staging root for every kernel, the
# systemd units verified there; the Debian packages built by
# dpkg-buildpackage from a copy of the tree, checked by lintian, then
# installed by dpkg into a target root, a copy-on-write overlay of this
# host's, so that their maintainer scripts run: the DKMS package's
# postinst builds and installs both modules for every kernel, the CLI's
# enables its unit.  The modules DKMS installed and the CLI the package
# installed pass the smoke test in the VM of their kernel; a purge then
# leaves nothing of them in the target.
#
# The whole script runs in a mount namespace of its own, where the target
# is mounted: whatever the packages' scripts do, and however this script
# ends, the changes to the target stay in memory and vanish with it.
#
# Usage: install.sh "KVERS"

set -e
if [[ -z ${MLB_INSTALL_UNSHARED:-} ]]; then
	MLB_INSTALL_UNSHARED=1 exec unshare --mount --propagation private \
		"$0" "$@"
fi
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

kvers=$1
# Below the work tree: the VM sees it, not the host's /tmp.
mkdir -p "$top/build"
tmp=$(mktemp -d "$top/build/install.XXXXXX")
root=$tmp/root
target=$tmp/target
layers=$tmp/layers
# --one-file-system: never into the target, were it still mounted.
trap 'umount -R "$target" "$layers" 2> /dev/null;
	rm -rf --one-file-system "$tmp"' EXIT
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
debs=("mptcp-lb-dkms_${version}_all.deb"
      "mptcplb_${version}_$(dpkg --print-architecture).deb")
check "lintian finds no error or warning in them" \
	quietly lintian --fail-on error,warning "$tmp/src/"*.changes

# The target: this host's root, where the packages' Depends are installed
# (tools/setup.sh), seen through an overlay whose changes go to a tmpfs.
# Its /dev has the devices dpkg and DKMS use, its /proc is read-only, and
# its /run is empty: no systemd runs there, so the unit is enabled, not
# started.
mkdir "$layers" "$target"
mount -t tmpfs mlb-install "$layers"
mkdir "$layers/upper" "$layers/work"
mount -t overlay mlb-install \
	-o "lowerdir=/,upperdir=$layers/upper,workdir=$layers/work" "$target"
mount -t proc -o ro proc "$target/proc"
for dir in dev run tmp; do
	mount -t tmpfs mlb-install "$target/$dir"
done
for dev in null zero full random urandom; do
	touch "$target/dev/$dev"
	mount --bind "/dev/$dev" "$target/dev/$dev"
done
# DKMS reads its own commands' output through /dev/fd (<(...)).
ln -s /proc/self/fd "$target/dev/fd"
cp "${debs[@]/#/$tmp/src/}" "$target/tmp"

# in_target COMMAND...: runs it chrooted in the target, cut off from the
# network and unable to load a module into this host's kernel.
in_target() {
	DEBIAN_FRONTEND=noninteractive unshare --net \
		setpriv --bounding-set -sys_module chroot "$target" "$@"
}

# installed PACKAGE: the files the package installed in the target, but
# for debhelper's in /usr/share/doc, without the .gz debhelper added.
installed() {
	local file

	in_target dpkg-query -L "$1" | while read -r file; do
		if [[ -f $target$file && $file != /usr/share/doc/* ]]; then
			echo "${file#/}"
		fi
	done | sed 's/\.gz$//' | sort
}

# dpkg, not apt: apt would fetch a missing Depends from the mirror, dpkg
# refuses to configure a package whose Depends are not installed.
check "dpkg installs both, their Depends met and their scripts run" \
	quietly in_target dpkg -i "${debs[@]/#//tmp/}"
check_output "mptcplb holds what make install-cli installs" \
	"$(cd "$root" && find usr/sbin usr/share lib/systemd -type f | sort)" \
	installed mptcplb
check_output "mptcp-lb-dkms holds what make dkms-source lays out" \
	"$(make -C "$top" --no-print-directory dkms-source DESTDIR="$tmp/made" \
		> /dev/null && cd "$tmp/made" && find usr/src -type f | sort)" \
	installed mptcp-lb-dkms
check_output "mptcplb's postinst enabled its unit" "enabled" \
	in_target systemctl is-enabled mptcplb.service

machine=$(uname -m)
for k in $kvers; do
	dkms_dir=/lib/modules/$k/updates/dkms
	# dkms status warns on stderr about readelf's findings.
	check_output "the postinst had DKMS build and install both modules for $k" \
		"mptcp-lb/$version, $k, $machine: installed" \
		in_target sh -c "dkms status -m mptcp-lb -k $k 2> /dev/null"
	check_output "where modprobe finds them" \
		"$dkms_dir/mptcp_lb.ko
$dkms_dir/mptcp_lb_issuer.ko" \
		in_target sh -c "modinfo -k $k -F filename mptcp_lb mptcp_lb_issuer |
			sed 's/\.xz$//'"
	# smoke.sh insmods MODULE_DIR/mptcp_lb.ko: copies, uncompressed
	# (-f: 6.1's are not compressed).
	mods=$tmp/modules/$k
	mkdir -p "$mods"
	for ko in "$target$dkms_dir"/*.ko*; do
		[[ -e $ko ]] && xz -dcf "$ko" > "$mods/$(basename "${ko%.xz}")"
	done
	check_output "they carry version $version" "$version" \
		modinfo -F version "$mods/mptcp_lb.ko"
	# QEMU, in this namespace, shares the target with the VM as part of /.
	check "the DKMS-installed modules and the installed CLI pass the smoke test on $k" \
		quietly "$top/tools/vm/run.sh" -k "$k" \
		env MLB_CLI="$target/usr/sbin/mptcplb" \
		"$top/selftests/vm/smoke.sh" "$mods"
done

check "dpkg purges both" \
	quietly in_target dpkg --purge mptcplb mptcp-lb-dkms
# Its stderr too: of a DKMS tree left without its source, dkms status
# only complains there.
check_output "their prerm had DKMS remove the modules from every kernel" "" \
	in_target dkms status -m mptcp-lb
for k in $kvers; do
	check_exit "modprobe no longer finds them for $k" 1 \
		in_target modinfo -k "$k" -F filename mptcp_lb
done
# Whiteouts (character devices) are what the purge removed of a copy
# installed on this host, if it has one.
check_output "and nothing named after them is left in the target" "" \
	bash -c "cd '$layers/upper' && find . -path '*mptcp*' ! -type c"
finish
