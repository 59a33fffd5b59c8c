// SPDX-License-Identifier: GPL-2.0
/*
 * mptcplb info: what the loaded module supports.
 */
#include <stdio.h>
#include <linux/genetlink.h>
#include <uapi/linux/mptcp_lb.h>

#include "cli.h"
#include "genl.h"

static void info_help(void)
{
	fprintf(stderr,
		"Usage: mptcplb info\n"
		"\n"
		"Shows the version of the loaded mptcp_lb module and the limits\n"
		"of every configurable value.\n");
}

static const char *const limit_names[MPTCP_LB_A_INFO_MAX + 1] = {
	[MPTCP_LB_A_INFO_SECRET_LEN_MIN] = "secret-len-min",
	[MPTCP_LB_A_INFO_SECRET_LEN_MAX] = "secret-len-max",
	[MPTCP_LB_A_INFO_ROUNDS_MIN] = "rounds-min",
	[MPTCP_LB_A_INFO_ROUNDS_MAX] = "rounds-max",
	[MPTCP_LB_A_INFO_ROUNDS_DEFAULT] = "rounds-default",
	[MPTCP_LB_A_INFO_MAGLEV_SIZE_DEFAULT] = "maglev-size-default",
	[MPTCP_LB_A_INFO_MAGLEV_SIZE_MIN] = "maglev-size-min",
	[MPTCP_LB_A_INFO_MAGLEV_SIZE_MAX] = "maglev-size-max",
	[MPTCP_LB_A_INFO_WEIGHT_MAX] = "weight-max",
	[MPTCP_LB_A_INFO_FLOW_MAX_MAX] = "flow-max-max",
	[MPTCP_LB_A_INFO_FLOW_TIMEOUT_MAX] = "flow-timeout-max",
	[MPTCP_LB_A_INFO_JOIN_TIMEOUT_MAX] = "join-timeout-max",
	[MPTCP_LB_A_INFO_SERVICE_MEMBERS_MAX] = "service-members-max",
};

static int info_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *top, *attr;

	mnl_attr_for_each(top, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(top) != MPTCP_LB_A_INFO)
			continue;
		out_open();
		mnl_attr_for_each_nested(attr, top) {
			unsigned int type = mnl_attr_get_type(attr);

			if (type == MPTCP_LB_A_INFO_VERSION &&
			    !mnl_attr_validate(attr, MNL_TYPE_NUL_STRING))
				out_str("version", mnl_attr_get_str(attr));
			else if (type <= MPTCP_LB_A_INFO_MAX &&
				 limit_names[type] &&
				 !mnl_attr_validate(attr, MNL_TYPE_U32))
				out_u32(limit_names[type],
					mnl_attr_get_u32(attr));
		}
		out_close();
	}
	return MNL_CB_OK;
}

static int info_run(int argc, char **argv)
{
	char buf[REQ_BUF_LEN];

	if (argc > 0 && is_help(argv[0])) {
		info_help();
		return 0;
	}
	if (argc > 0)
		return usage_error("info: unexpected argument \"%s\"", argv[0]);
	return genl_transact(genl_request(buf, MPTCP_LB_CMD_INFO_GET, 0),
			     info_cb, NULL);
}

const struct cli_object info_object = {
	.name = "info",
	.run = info_run,
	.help = info_help,
};
