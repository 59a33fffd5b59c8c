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
		"       mptcplb stats show format prometheus\n"
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
		"format prometheus prints all of them, the namespace's, each\n"
		"proxy's and each service's, in the Prometheus text format,\n"
		"as mptcplb_COUNTER_total, mptcplb_proxy_COUNTER_total and\n"
		"mptcplb_service_COUNTER_total.  zero zeroes all of them.\n");
}

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
		if (type <= MPTCP_LB_A_STATS_MAX && stats_attrs[type].name &&
		    !mnl_attr_validate(attr, MNL_TYPE_U64))
			out_u64(stats_attrs[type].name, mnl_attr_get_u64(attr));
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
	if (argc == 3 && !strcmp(argv[0], "show") &&
	    !strcmp(argv[1], "format")) {
		if (strcmp(argv[2], "prometheus"))
			return usage_error("stats: unknown format \"%s\"",
					   argv[2]);
		return prom_stats_show();
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
