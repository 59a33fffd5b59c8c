#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Static checks that `make check` runs before any test: checkpatch --strict,
# sparse and W=1 builds against every kernel, kernel-doc -Werror,
# shell scripts through shellcheck, SPDX lines, the versions of dkms.conf
# and debian/changelog, and that the generated files are current.
# Prints every finding and exits 1 if there was any.
#
# Usage: lint.sh BUILD_DIR "KVER..."

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=$1
kvers=$2
k61=$build/kernel/6.1
failed=0
cd "$top" || exit 1

step() {
	echo "--- lint: $*"
}

fail() {
	echo "lint: $*" >&2
	failed=1
}

mapfile -t kernel_files < <(git ls-files 'src/*.c' 'src/*.h' |
	grep -v '_gen\.[ch]$')
mapfile -t user_files < <(git ls-files 'tools/*.c' 'tools/*.h' \
	'selftests/*.c' 'selftests/*.h' | grep -v '_gen\.[ch]$')
mapfile -t sh_files < <(git ls-files '*.sh' '*.bash-completion' .ci/run)

step "checkpatch --strict"
# Generated files are left out, as in the kernel: their layout is the
# generator's.  Userspace has no <linux/compiler.h>, so the CLI defines
# __printf itself.
checkpatch() {
	perl "$k61/scripts/checkpatch.pl" --no-tree --strict --terse \
		--show-types --ignore SPDX_LICENSE_TAG,FILE_PATH_CHANGES "$@" 2>&1
}
out=$(checkpatch -f "${kernel_files[@]}"
      checkpatch --ignore PREFER_DEFINED_ATTRIBUTE_MACRO -f "${user_files[@]}")
echo "$out" | grep -E ': (ERROR|WARNING|CHECK):' || true
echo "$out" | grep -qE ': (ERROR|WARNING):' && fail "checkpatch"

step "SPDX identifiers"
# The formats of debian/changelog and debian/source/format have no comment.
for f in $(git ls-files |
	grep -vE '^(LICENSE|\.gitignore|debian/changelog|debian/source/format)$|seeds\.txt$'); do
	head -n 3 "$f" | grep -q 'SPDX-License-Identifier:' ||
		fail "$f has no SPDX line"
done

step "dkms.conf version is MLB_VERSION"
version=$(sed -n 's/^#define MLB_VERSION "\(.*\)"/\1/p' "$top/src/lib/version.h")
grep -qx "PACKAGE_VERSION=\"$version\"" "$top/dkms.conf" ||
	fail "dkms.conf's PACKAGE_VERSION is not $version"
step "debian/changelog's version is MLB_VERSION"
[[ $(dpkg-parsechangelog -l "$top/debian/changelog" -S Version) == "$version" ]] ||
	fail "debian/changelog's version is not $version"

step "kernel-doc -Werror"
perl "$k61/scripts/kernel-doc" -none -Werror "${kernel_files[@]}" ||
	fail "kernel-doc"

step "sparse (C=2) and W=1 against: $kvers"
for k in $kvers; do
	out=$(make --no-print-directory modules KVER="$k" \
		KBUILD_ARGS="C=2 CF=-D__CHECK_ENDIAN__" 2>&1) ||
		{ echo "$out"; fail "build against $k"; }
	# Before 6.2 struct nla_policy points to a non-const full range,
	# which YNL declares const (see Kbuild): the one finding accepted.
	echo "$out" | grep -E '(warning|error):' |
		grep -vE 'netlink_gen\.c:.*incorrect type in initializer \(different modifiers\)' &&
		fail "sparse/W=1 on $k"
done

step "shellcheck"
shellcheck -x "${sh_files[@]}" || fail "shellcheck"

step "YNL-generated files are current"
tools/ynl-gen.sh "$build/kernel/6.12" --check || fail "run make ynl-regen"

exit $failed
