// SPDX-License-Identifier: GPL-2.0
/*
 * mptcplb stats: the data path's counters, of the namespace here and, with
 * -s, of each proxy and service in their show output.
 */
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>
#include <uapi/linux/mptcp_lb.h>

#include "cli.h"
#include "genl.h"

bool show_stats;

static void stats_help(void)
{
	fprintf(stderr,
		"Usage: mptcplb stats [show]\n"
		"       mptcplb stats zero\n"
		"\n"
		"show prints the namespace's counters: packets and bytes\n"
		"forwarded, SYNs routed by token (syn-join) and by Maglev\n"
		"(syn-new), flow table events, ICMP errors forwarded, and one\n"
		"drop-* counter per reason a packet is dropped; then what token\n"
		"learning did: tokens learned and kept (learned-tokens, the LB's\n"
		"own state, lost with it), collisions, shadowed and missed\n"
		"tokens, and joins routed by a learned token; stray packets to\n"
		"a service's address dropped or passed to this host (see\n"
		"\"mptcplb vip help\").  \"mptcplb -s\n"
		"proxy show\" and \"mptcplb -s service show\" add each object's.\n"
		"zero zeroes all of them.\n");
}

static const char *const names[MPTCP_LB_A_STATS_MAX + 1] = {
	[MPTCP_LB_A_STATS_PACKETS] = "packets",
	[MPTCP_LB_A_STATS_BYTES] = "bytes",
	[MPTCP_LB_A_STATS_SYN_JOIN] = "syn-join",
	[MPTCP_LB_A_STATS_SYN_NEW] = "syn-new",
	[MPTCP_LB_A_STATS_FLOW_MISS] = "flow-miss",
	[MPTCP_LB_A_STATS_FLOW_EVICTED] = "flow-evicted",
	[MPTCP_LB_A_STATS_FLOW_UNTRACKED] = "flow-untracked",
	[MPTCP_LB_A_STATS_ICMP] = "icmp",
	[MPTCP_LB_A_STATS_DROP_NO_SECRET] = "drop-no-secret",
	[MPTCP_LB_A_STATS_DROP_UNKNOWN_TOKEN] = "drop-unknown-token",
	[MPTCP_LB_A_STATS_DROP_NOT_MEMBER] = "drop-not-member",
	[MPTCP_LB_A_STATS_DROP_NO_PROXY] = "drop-no-proxy",
	[MPTCP_LB_A_STATS_DROP_MALFORMED] = "drop-malformed",
	[MPTCP_LB_A_STATS_DROP_NO_ROUTE] = "drop-no-route",
	[MPTCP_LB_A_STATS_DROP_TOO_BIG] = "drop-too-big",
	[MPTCP_LB_A_STATS_DROP_ERROR] = "drop-error",
	[MPTCP_LB_A_STATS_SYN_JOIN_LEARNED] = "syn-join-learned",
	[MPTCP_LB_A_STATS_LEARNED] = "learned",
	[MPTCP_LB_A_STATS_LEARN_COLLISION] = "learn-collision",
	[MPTCP_LB_A_STATS_LEARN_SHADOWED] = "learn-shadowed",
	[MPTCP_LB_A_STATS_LEARN_MISSED] = "learn-missed",
	[MPTCP_LB_A_STATS_DROP_TOKEN_CONFLICT] = "drop-token-conflict",
	[MPTCP_LB_A_STATS_DROP_JOIN_UNTRACKED] = "drop-join-untracked",
	[MPTCP_LB_A_STATS_SYN_KEPT] = "syn-kept",
	[MPTCP_LB_A_STATS_CLOSE_IGNORED] = "close-ignored",
	[MPTCP_LB_A_STATS_SYN_OPT_TRUNCATED] = "syn-opt-truncated",
	[MPTCP_LB_A_STATS_SYN_MPTCP_IGNORED] = "syn-mptcp-ignored",
	[MPTCP_LB_A_STATS_SYN_MPC_FUTURE] = "syn-mpc-future",
	[MPTCP_LB_A_STATS_SYN_MPC_JOIN] = "syn-mpc-join",
	[MPTCP_LB_A_STATS_DROP_STRAY] = "drop-stray",
	[MPTCP_LB_A_STATS_STRAY_LOCAL] = "stray-local",
	[MPTCP_LB_A_STATS_ICMP_TUNNEL_MTU] = "icmp-tunnel-mtu",
	[MPTCP_LB_A_STATS_ICMP_FANOUT] = "icmp-fanout",
	[MPTCP_LB_A_STATS_ICMP_FANOUT_LIMITED] = "icmp-fanout-limited",
	[MPTCP_LB_A_STATS_DROP_JOIN_DIRECT] = "drop-join-direct",
};

/**
 * stats_print() - print counters
 * @nest: a stats nest; its counters, in a "stats" object in JSON
 */
void stats_print(const struct nlattr *nest)
{
	const struct nlattr *attr;
	unsigned int type;

	out_nest_open("stats");
	mnl_attr_for_each_nested(attr, nest) {
		type = mnl_attr_get_type(attr);
		if (type <= MPTCP_LB_A_STATS_MAX && names[type] &&
		    !mnl_attr_validate(attr, MNL_TYPE_U64))
			out_u64(names[type], mnl_attr_get_u64(attr));
	}
	out_nest_close();
}

/* The namespace's reply: its learned tokens, then its counters. */
static int stats_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *top;

	out_open();
	mnl_attr_for_each(top, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(top) == MPTCP_LB_A_LEARNED_TOKENS &&
		    !mnl_attr_validate(top, MNL_TYPE_U32))
			out_u32("learned-tokens", mnl_attr_get_u32(top));
		else if (mnl_attr_get_type(top) == MPTCP_LB_A_STATS)
			stats_print(top);
	}
	out_close();
	return MNL_CB_OK;
}

static int stats_run(int argc, char **argv)
{
	char buf[REQ_BUF_LEN];

	if (argc > 0 && is_help(argv[0])) {
		stats_help();
		return 0;
	}
	if (argc > 1)
		return usage_error("stats: unexpected argument \"%s\"", argv[1]);
	if (argc == 0 || !strcmp(argv[0], "show"))
		return genl_transact(genl_request(buf, MPTCP_LB_CMD_STATS_GET, 0),
				     stats_cb, NULL);
	if (!strcmp(argv[0], "zero"))
		return genl_transact(genl_request(buf, MPTCP_LB_CMD_STATS_ZERO,
						  0), NULL, NULL);
	return usage_error("stats: unknown command \"%s\"", argv[0]);
}

const struct cli_object stats_object = {
	.name = "stats",
	.run = stats_run,
	.help = stats_help,
};
