#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Writes the CLI's table of counters from the YNL spec's stats attribute
# set: each counter's name (the spec's, which the CLI prints) and its doc
# (the help line of its Prometheus metric), so that neither is kept twice.
#
# Usage: stats-gen.py SPEC OUTPUT

import re
import sys
import textwrap

import yaml

spec_path, out_path = sys.argv[1:]
with open(spec_path, encoding="utf-8") as f:
    spec = yaml.safe_load(f)
stats = next(s for s in spec["attribute-sets"] if s["name"] == "stats")


def c_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


lines = [
    "// SPDX-License-Identifier: GPL-2.0",
    "/*",
    " * Do not edit: tools/stats-gen.py writes it from",
    " * Documentation/netlink/specs/mptcp_lb.yaml.",
    " */",
    "#include <uapi/linux/mptcp_lb.h>",
    "",
    '#include "cli.h"',
    "",
    "const struct stats_attr stats_attrs[MPTCP_LB_A_STATS_MAX + 1] = {",
]
for attr in stats["attributes"]:
    if attr["type"] == "pad":
        continue
    enum = "MPTCP_LB_A_STATS_" + re.sub("[^A-Z0-9]", "_", attr["name"].upper())
    doc = " ".join(attr["doc"].split())
    pieces = textwrap.wrap(doc, 60, drop_whitespace=False,
                           break_on_hyphens=False)
    lines.append(f"\t[{enum}] = {{")
    lines.append(f"\t\t.name = {c_string(attr['name'])},")
    for i, piece in enumerate(pieces):
        lead = "\t\t.doc = " if i == 0 else "\t\t       "
        tail = "," if i == len(pieces) - 1 else ""
        lines.append(lead + c_string(piece) + tail)
    lines.append("\t},")
lines.append("};")
with open(out_path, "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")
