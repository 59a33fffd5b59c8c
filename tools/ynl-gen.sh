#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Generates the files that come from the YNL spec with the kernel's own
# ynl-gen-c.py (from linux-source-6.12, extracted by tools/setup.sh), and
# the CLI's table of counters with tools/stats-gen.py.
#
# Usage: ynl-gen.sh KSRC_6_12 [--check]
#   --check  generate into a scratch directory and fail if the committed
#            files differ

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
ksrc=$1
out=$top
if [[ ${2:-} == --check ]]; then
	out=$(mktemp -d)
	trap 'rm -rf "$out"' EXIT
fi

# SPEC MODE KIND FILE: what each spec generates.
generated=(
	"mptcp_lb uapi --header include/uapi/linux/mptcp_lb.h"
	"mptcp_lb kernel --header src/lb/netlink_gen.h"
	"mptcp_lb kernel --source src/lb/netlink_gen.c"
	"mptcp_lb_issuer uapi --header include/uapi/linux/mptcp_lb_issuer.h"
	"mptcp_lb_issuer kernel --header src/issuer/netlink_gen.h"
	"mptcp_lb_issuer kernel --source src/issuer/netlink_gen.c"
)
status=0
for g in "${generated[@]}"; do
	read -r name mode kind file <<< "$g"
	spec=$name.yaml
	# ynl-gen-c.py validates the spec against the schemas next to the
	# specs directory and names the spec by its path in a kernel tree.
	cp "$top/Documentation/netlink/specs/$spec" \
		"$ksrc/Documentation/netlink/specs/$spec"
	mkdir -p "$(dirname "$out/$file")"
	python3 "$ksrc/tools/net/ynl/ynl-gen-c.py" --mode "$mode" "$kind" \
		--spec "$ksrc/Documentation/netlink/specs/$spec" -o "$out/$file"
	if [[ ${2:-} == --check ]]; then
		diff -u "$top/$file" "$out/$file" || status=1
	fi
done
# The CLI's names and help lines of the counters.
file=tools/mptcplb/stats_gen.c
mkdir -p "$(dirname "$out/$file")"
python3 "$top/tools/stats-gen.py" \
	"$top/Documentation/netlink/specs/mptcp_lb.yaml" "$out/$file"
if [[ ${2:-} == --check ]]; then
	diff -u "$top/$file" "$out/$file" || status=1
fi
exit $status
