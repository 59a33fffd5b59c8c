// SPDX-License-Identifier: GPL-2.0
/*
 * mptcplb flows: the connections and subflows each service's flow table
 * holds, and the proxy each goes to.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>
#include <uapi/linux/mptcp_lb.h>

#include "cli.h"
#include "genl.h"

static void flows_help(void)
{
	fprintf(stderr,
		"Usage: mptcplb flows [service SERVICE] [proxy NAME]\n"
		"where  SERVICE := { IPv4:PORT | [IPv6]:PORT }\n"
		"\n"
		"One line per flow: its service, the client's address and port,\n"
		"the proxy it goes to, its kind (join: made by a SYN + MP_JOIN,\n"
		"which only this table can route; new: any other), its state\n"
		"(syn: awaiting the client's next packet; confirmed: the client\n"
		"sent it in sequence; closing: a FIN or RST in sequence went\n"
		"by), its idle time in milliseconds and, for a flow to a\n"
		"learning proxy, the token it keeps learned.  This table and the\n"
		"learned tokens are the LB's own: other LBs and a restarted one\n"
		"do not have them.\n");
}

static void show_client(const struct nlattr *addr, uint16_t port)
{
	char text[INET6_ADDRSTRLEN], client[INET6_ADDRSTRLEN + 8];
	int family = mnl_attr_get_payload_len(addr) == 4 ? AF_INET : AF_INET6;

	if (!inet_ntop(family, mnl_attr_get_payload(addr), text, sizeof(text)))
		return;
	snprintf(client, sizeof(client), family == AF_INET ? "%s:%u" :
		 "[%s]:%u", text, port);
	out_str("client", client);
}

static void flow_print(const struct nlattr *nest)
{
	const struct nlattr *attr, *addr = NULL;
	bool join = false, closing = false, confirmed = false;
	uint16_t port = 0;

	mnl_attr_for_each_nested(attr, nest) {
		switch (mnl_attr_get_type(attr)) {
		case MPTCP_LB_A_FLOW_SERVICE:
			service_id_print(attr);
			break;
		case MPTCP_LB_A_FLOW_CLIENT_ADDR4:
		case MPTCP_LB_A_FLOW_CLIENT_ADDR6:
			addr = attr;
			break;
		case MPTCP_LB_A_FLOW_CLIENT_PORT:
			if (!mnl_attr_validate(attr, MNL_TYPE_U16))
				port = ntohs(mnl_attr_get_u16(attr));
			break;
		case MPTCP_LB_A_FLOW_JOIN:
			join = true;
			break;
		case MPTCP_LB_A_FLOW_CLOSING:
			closing = true;
			break;
		case MPTCP_LB_A_FLOW_CONFIRMED:
			confirmed = true;
			break;
		}
	}
	if (addr)
		show_client(addr, port);
	mnl_attr_for_each_nested(attr, nest) {
		if (mnl_attr_get_type(attr) == MPTCP_LB_A_FLOW_PROXY &&
		    !mnl_attr_validate(attr, MNL_TYPE_NUL_STRING))
			out_str("proxy", mnl_attr_get_str(attr));
	}
	out_str("kind", join ? "join" : "new");
	out_str("state", closing ? "closing" : confirmed ? "confirmed" :
		"syn");
	mnl_attr_for_each_nested(attr, nest) {
		if (mnl_attr_validate(attr, MNL_TYPE_U32))
			continue;
		if (mnl_attr_get_type(attr) == MPTCP_LB_A_FLOW_IDLE)
			out_u32("idle-ms", mnl_attr_get_u32(attr));
		else if (mnl_attr_get_type(attr) == MPTCP_LB_A_FLOW_TOKEN)
			out_hex32("token", mnl_attr_get_u32(attr));
	}
}

static const struct object_printer printer = {
	.type = MPTCP_LB_A_FLOW,
	.print = flow_print,
};

static int flows_run(int argc, char **argv)
{
	char buf[REQ_BUF_LEN];
	struct nlattr *nest, *service;
	struct nlmsghdr *req;
	int i, err = 0;

	if (argc > 0 && is_help(argv[0])) {
		flows_help();
		return 0;
	}
	req = genl_request(buf, MPTCP_LB_CMD_FLOW_GET, NLM_F_DUMP);
	nest = mnl_attr_nest_start(req, MPTCP_LB_A_FLOW);
	for (i = 0; i < argc && !err; i += 2) {
		if (i + 1 >= argc)
			return usage_error("flows: \"%s\" needs a value",
					   argv[i]);
		if (!strcmp(argv[i], "service")) {
			service = mnl_attr_nest_start(req,
						      MPTCP_LB_A_FLOW_SERVICE);
			err = put_service_id(req, argv[i + 1]);
			mnl_attr_nest_end(req, service);
		} else if (!strcmp(argv[i], "proxy")) {
			err = put_proxy_name(req, MPTCP_LB_A_FLOW_PROXY,
					     argv[i + 1]);
		} else {
			return usage_error("flows: unknown argument \"%s\"",
					   argv[i]);
		}
	}
	if (err)
		return err;
	mnl_attr_nest_end(req, nest);
	out_list_open();
	err = genl_transact(req, print_cb, (void *)&printer);
	out_list_close();
	return err;
}

const struct cli_object flows_object = {
	.name = "flows",
	.run = flows_run,
	.help = flows_help,
};
