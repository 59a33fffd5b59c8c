#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Installs what building and testing mptcp-lb needs, from Debian's archive
# only, and extracts the few kernel-tree tools the build uses (kselftest
# harness, checkpatch, kernel-doc from linux-source-6.1; the YNL generator
# from linux-source-6.12) into build/kernel/.  Idempotent: a second run with
# everything present does nothing.
#
# debhelper, dh-dkms and lintian build and check the Debian packages
# (debian/); prometheus is there for its promtool, which checks the CLI's
# metrics.
#
# Usage: setup.sh [BUILD_DIR]

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}

packages=(
	build-essential bc kmod cpio xz-utils pkg-config
	linux-image-amd64 linux-headers-amd64
	linux-image-6.12-amd64 linux-headers-6.12-amd64
	linux-source-6.1 linux-source-6.12
	qemu-system-x86 busybox-static iproute2 ethtool ipvsadm
	libmnl-dev libssl-dev libbpf-dev
	clang libclang-rt-dev sparse shellcheck xxd git bash-completion valgrind
	python3 python3-yaml python3-jsonschema python3-docutils python3-pyroute2
	dkms systemd nftables bird2
	debhelper dh-dkms lintian
	prometheus
)

missing=()
for pkg in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
	[[ $status == installed ]] || missing+=("$pkg")
done
if (( ${#missing[@]} )); then
	echo "setup: installing ${missing[*]}"
	if (( EUID )); then
		echo "setup: need root to install packages" >&2
		exit 1
	fi
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "${missing[@]}"
fi

# Extracts MEMBERS of /usr/src/linux-source-VER.tar.xz into DIR, once.
extract() {
	local ver=$1 dir=$2 stamp
	shift 2
	stamp=$dir/.extracted
	if [[ -e $stamp && $stamp -nt /usr/src/linux-source-$ver.tar.xz ]]; then
		return
	fi
	echo "setup: extracting kernel tools from linux-source-$ver"
	rm -rf "$dir"
	mkdir -p "$dir"
	tar -xJf "/usr/src/linux-source-$ver.tar.xz" -C "$dir" \
		--strip-components=1 --wildcards "${@/#/linux-source-$ver/}"
	touch "$stamp"
}

extract 6.1 "$build/kernel/6.1" \
	tools/testing/selftests/kselftest_harness.h \
	tools/testing/selftests/kselftest.h \
	scripts/checkpatch.pl scripts/spelling.txt \
	scripts/const_structs.checkpatch scripts/kernel-doc

extract 6.12 "$build/kernel/6.12" \
	'tools/net/ynl/*' 'Documentation/netlink/*.yaml'
# ynl-gen-c.py finds the tree's root by its MAINTAINERS file.
touch "$build/kernel/6.12/MAINTAINERS"
