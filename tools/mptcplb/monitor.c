// SPDX-License-Identifier: GPL-2.0
/*
 * mptcplb monitor: prints every configuration change of the namespace's
 * LB as it happens, one line (or JSON object) per change.
 */
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>
#include <uapi/linux/mptcp_lb.h>

#include "cli.h"
#include "genl.h"

static void monitor_help(void)
{
	fprintf(stderr,
		"Usage: mptcplb monitor\n"
		"\n"
		"Prints each configuration change of this namespace's LB, made\n"
		"by anyone, until interrupted: \"event\" names the command that\n"
		"made it, the other fields are the object afterwards (before,\n"
		"for a deletion; none, for a flush).\n");
}

static const struct {
	const char *name;
	struct object_printer printer;
} events[] = {
	[MPTCP_LB_CMD_CIPHER_SET] = { "cipher-set",
				      { MPTCP_LB_A_CIPHER, cipher_print } },
	[MPTCP_LB_CMD_PROXY_NEW] = { "proxy-new",
				     { MPTCP_LB_A_PROXY, proxy_print } },
	[MPTCP_LB_CMD_PROXY_SET] = { "proxy-set",
				     { MPTCP_LB_A_PROXY, proxy_print } },
	[MPTCP_LB_CMD_PROXY_DEL] = { "proxy-del",
				     { MPTCP_LB_A_PROXY, proxy_print } },
	[MPTCP_LB_CMD_PROXY_FLUSH] = { "proxy-flush" },
	[MPTCP_LB_CMD_SERVICE_NEW] = { "service-new",
				       { MPTCP_LB_A_SERVICE, service_print } },
	[MPTCP_LB_CMD_SERVICE_SET] = { "service-set",
				       { MPTCP_LB_A_SERVICE, service_print } },
	[MPTCP_LB_CMD_SERVICE_DEL] = { "service-del",
				       { MPTCP_LB_A_SERVICE, service_print } },
	[MPTCP_LB_CMD_SERVICE_FLUSH] = { "service-flush" },
	[MPTCP_LB_CMD_MEMBER_SET] = { "member-set",
				      { MPTCP_LB_A_SERVICE, service_print } },
	[MPTCP_LB_CMD_MEMBER_DEL] = { "member-del",
				      { MPTCP_LB_A_SERVICE, service_print } },
	[MPTCP_LB_CMD_VIP_SET] = { "vip-set", { MPTCP_LB_A_VIP, vip_print } },
};

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const struct object_printer *printer = NULL;
	const char *name = "unknown";
	struct nlattr *top;

	if (genl->cmd < ARRAY_SIZE(events) && events[genl->cmd].name) {
		name = events[genl->cmd].name;
		printer = &events[genl->cmd].printer;
	}
	out_open();
	out_str("event", name);
	mnl_attr_for_each(top, nlh, sizeof(*genl))
		if (printer && printer->print &&
		    mnl_attr_get_type(top) == printer->type)
			printer->print(top);
	out_close();
	/* Whoever reads the events reads them as they happen. */
	fflush(stdout);
	return MNL_CB_OK;
}

static int monitor_run(int argc, char **argv)
{
	if (argc > 0 && is_help(argv[0])) {
		monitor_help();
		return 0;
	}
	if (argc > 0)
		return usage_error("monitor: unexpected argument \"%s\"",
				   argv[0]);
	return genl_monitor(event_cb);
}

const struct cli_object monitor_object = {
	.name = "monitor",
	.run = monitor_run,
	.help = monitor_help,
};
