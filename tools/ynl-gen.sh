#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Generates the files that come from the YNL spec with the kernel's own
# ynl-gen-c.py (from linux-source-6.12, extracted by tools/setup.sh).
#
# Usage: ynl-gen.sh KSRC_6_12 [--check]
#   --check  generate into a scratch directory and fail if the committed
#            files differ

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
ksrc=$1
spec=mptcp_lb.yaml
out=$top
if [[ ${2:-} == --check ]]; then
	out=$(mktemp -d)
	trap 'rm -rf "$out"' EXIT
fi

# ynl-gen-c.py validates the spec against the schemas next to the specs
# directory and names the spec by its path in a kernel tree.
cp "$top/Documentation/netlink/specs/$spec" \
	"$ksrc/Documentation/netlink/specs/$spec"
mkdir -p "$out/include/uapi/linux"
python3 "$ksrc/tools/net/ynl/ynl-gen-c.py" --mode uapi --header \
	--spec "$ksrc/Documentation/netlink/specs/$spec" \
	-o "$out/include/uapi/linux/mptcp_lb.h"

if [[ ${2:-} == --check ]]; then
	diff -u "$top/include/uapi/linux/mptcp_lb.h" \
		"$out/include/uapi/linux/mptcp_lb.h"
fi
