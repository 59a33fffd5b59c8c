// SPDX-License-Identifier: GPL-2.0
/*
 * mptcplb vip: what becomes of stray packets, those to a service's address
 * that no service takes.
 */
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>
#include <uapi/linux/mptcp_lb.h>

#include "cli.h"
#include "genl.h"

static const char *const stray_names[] = {
	[MPTCP_LB_VIP_STRAY_DROP] = "drop",
	[MPTCP_LB_VIP_STRAY_LOCAL] = "local",
};

static void vip_help(void)
{
	fprintf(stderr,
		"Usage: mptcplb vip set stray { drop | local }\n"
		"       mptcplb vip show\n"
		"\n"
		"A stray packet is one to the address of a service (a VIP) that\n"
		"no service takes: another port or protocol, ICMP echo.  Routed,\n"
		"it would go back to the router that sent it, until its TTL runs\n"
		"out.  drop (the default) drops it, counted in drop-stray; local\n"
		"passes it to this host's stack, counted in stray-local, if the\n"
		"VIP is one of its addresses (on lo, for sshd or ping), and drops\n"
		"it otherwise.\n");
}

/**
 * vip_print() - print the fields of a vip nest
 * @nest: its MPTCP_LB_A_VIP attribute
 */
void vip_print(const struct nlattr *nest)
{
	const struct nlattr *attr;

	mnl_attr_for_each_nested(attr, nest) {
		if (mnl_attr_get_type(attr) != MPTCP_LB_A_VIP_STRAY)
			continue;
		if (!mnl_attr_validate(attr, MNL_TYPE_U32) &&
		    mnl_attr_get_u32(attr) < ARRAY_SIZE(stray_names))
			out_str("stray", stray_names[mnl_attr_get_u32(attr)]);
		else
			out_unprintable("vip \"stray\" value");
	}
}

static const struct object_printer printer = {
	.type = MPTCP_LB_A_VIP,
	.print = vip_print,
};

static int vip_set(int argc, char **argv)
{
	char buf[REQ_BUF_LEN];
	struct nlmsghdr *req;
	struct nlattr *nest;
	uint32_t i;

	if (argc != 2 || strcmp(argv[0], "stray"))
		return usage_error("vip set: expects \"stray { drop | local }\"");
	for (i = 0; i < ARRAY_SIZE(stray_names); i++)
		if (!strcmp(argv[1], stray_names[i]))
			break;
	if (i == ARRAY_SIZE(stray_names))
		return usage_error("vip set: stray is drop or local, not \"%s\"",
				   argv[1]);
	req = genl_request(buf, MPTCP_LB_CMD_VIP_SET, 0);
	nest = mnl_attr_nest_start(req, MPTCP_LB_A_VIP);
	mnl_attr_put_u32(req, MPTCP_LB_A_VIP_STRAY, i);
	mnl_attr_nest_end(req, nest);
	return genl_transact(req, NULL, NULL);
}

/**
 * vip_save() - print the vip settings as the command that restores them
 *
 * Return: 0, or EXIT_REJECTED after printing why.
 */
int vip_save(void)
{
	char buf[REQ_BUF_LEN];

	out_save("vip set");
	return genl_transact(genl_request(buf, MPTCP_LB_CMD_VIP_GET, 0),
			     print_cb, (void *)&printer);
}

static int vip_run(int argc, char **argv)
{
	char buf[REQ_BUF_LEN];

	if (argc < 1 || is_help(argv[0])) {
		vip_help();
		return argc < 1 ? EXIT_USAGE : 0;
	}
	if (!strcmp(argv[0], "set"))
		return vip_set(argc - 1, argv + 1);
	if (strcmp(argv[0], "show"))
		return usage_error("vip: unknown command \"%s\"", argv[0]);
	if (argc > 1)
		return usage_error("vip show: unexpected argument \"%s\"",
				   argv[1]);
	return genl_transact(genl_request(buf, MPTCP_LB_CMD_VIP_GET, 0),
			     print_cb, (void *)&printer);
}

const struct cli_object vip_object = {
	.name = "vip",
	.run = vip_run,
	.help = vip_help,
};
