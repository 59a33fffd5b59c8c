// SPDX-License-Identifier: GPL-2.0
/*
 * mptcplb service and mptcplb member: the virtual addresses and ports the
 * LB forwards, and the proxies that take their connections.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <uapi/linux/mptcp_lb.h>

#include "cli.h"
#include "genl.h"
#include "maglev.h"
#include "rendezvous.h"

static const char *const lookup_names[] = {
	[MPTCP_LB_SERVICE_LOOKUP_MAGLEV] = "maglev",
	[MPTCP_LB_SERVICE_LOOKUP_RENDEZVOUS] = "rendezvous",
};

static void service_help(void)
{
	fprintf(stderr,
		"Usage: mptcplb service add SERVICE [PARAM]... [member PROXY [weight W]]...\n"
		"       mptcplb service set SERVICE [PARAM]...\n"
		"       mptcplb service del SERVICE\n"
		"       mptcplb service show [SERVICE]\n"
		"       mptcplb service flush\n"
		"where  SERVICE := { IPv4:PORT | [IPv6]:PORT }, the virtual address\n"
		"       PARAM := { maglev-size PRIME | hash-seed N |\n"
		"                  lookup { maglev | rendezvous } |\n"
		"                  flow-max N | flow-timeout SECONDS |\n"
		"                  join-timeout SECONDS }\n"
		"\n"
		"New connections to SERVICE go to its members by a table of\n"
		"maglev-size slots (default %d), each taking a share\n"
		"proportional to its weight (0 to %d, default %d).  The lookup\n"
		"fills it by Maglev hashing (the default, at least %d slots per\n"
		"member) or by rendezvous hashing (at least %d per member),\n"
		"which moves only a removed or changed member's connections.\n"
		"LBs with the same lookup, hash-seed and members choose the\n"
		"same proxy.  The service\n"
		"tracks at most flow-max flows (default %d, fixed once added),\n"
		"idle ones for flow-timeout seconds (default %d), and idle\n"
		"confirmed join subflows and connections holding a learned\n"
		"token, which nothing else can route, for join-timeout\n"
		"seconds (default %d).  Members change with \"mptcplb member\".\n",
		MPTCP_LB_MAGLEV_SIZE_DEFAULT, MPTCP_LB_WEIGHT_MAX,
		MPTCP_LB_WEIGHT_DEFAULT, MLB_MAGLEV_SLOTS_PER_MEMBER,
		MLB_RENDEZVOUS_SLOTS_PER_MEMBER, MPTCP_LB_FLOW_MAX_DEFAULT,
		MPTCP_LB_FLOW_TIMEOUT_DEFAULT, MPTCP_LB_JOIN_TIMEOUT_DEFAULT);
}

static void member_help(void)
{
	fprintf(stderr,
		"Usage: mptcplb member set SERVICE PROXY [weight W]\n"
		"       mptcplb member del SERVICE PROXY\n"
		"\n"
		"set adds PROXY to the members of SERVICE, or changes its weight\n"
		"(default %d); weight 0 takes no new connection.  del removes\n"
		"it; its established flows stay on it.\n", MPTCP_LB_WEIGHT_DEFAULT);
}

/**
 * put_service_id() - put a service's address and port in a request
 * @req: the request, inside a service nest
 * @text: "192.0.2.1:443" or "[2001:db8::1]:443"
 *
 * Return: 0, or EXIT_REJECTED after printing why @text is not one.
 */
int put_service_id(struct nlmsghdr *req, const char *text)
{
	char addr[INET6_ADDRSTRLEN + 2];
	const char *colon = strrchr(text, ':');
	unsigned char buf[16];
	uint32_t port;
	size_t len;

	if (!colon || !parse_u32(colon + 1, &port) || !port || port > 65535)
		return value_error("service \"%s\" is not ADDRESS:PORT", text);
	len = colon - text;
	if (len >= sizeof(addr))
		return value_error("service \"%s\" is not ADDRESS:PORT", text);
	memcpy(addr, text, len);
	addr[len] = '\0';
	if (len > 2 && addr[0] == '[' && addr[len - 1] == ']') {
		addr[len - 1] = '\0';
		if (inet_pton(AF_INET6, addr + 1, buf) != 1)
			return value_error("\"%s\" is not an IPv6 address",
					   addr + 1);
		mnl_attr_put(req, MPTCP_LB_A_SERVICE_ADDR6, 16, buf);
	} else if (inet_pton(AF_INET, addr, buf) == 1) {
		mnl_attr_put(req, MPTCP_LB_A_SERVICE_ADDR4, 4, buf);
	} else {
		return value_error("\"%s\" is not an IPv4 address (IPv6 goes in brackets)",
				   addr);
	}
	mnl_attr_put_u16(req, MPTCP_LB_A_SERVICE_PORT, htons(port));
	return 0;
}

static int put_u32_arg(struct nlmsghdr *req, uint16_t type, const char *key,
		       const char *text)
{
	uint32_t value;

	if (!parse_u32(text, &value))
		return value_error("%s \"%s\" is not a 32-bit number", key,
				   text);
	mnl_attr_put_u32(req, type, value);
	return 0;
}

/* Puts a "member PROXY [weight W]" at @argv; returns the words it used. */
static int put_member(struct nlmsghdr *req, int argc, char **argv, int *err)
{
	struct nlattr *nest;
	int used = 1;

	nest = mnl_attr_nest_start(req, MPTCP_LB_A_SERVICE_MEMBER);
	*err = put_proxy_name(req, MPTCP_LB_A_MEMBER_PROXY, argv[0]);
	if (argc >= 3 && !strcmp(argv[1], "weight")) {
		*err = *err ?: put_u32_arg(req, MPTCP_LB_A_MEMBER_WEIGHT,
					   "weight", argv[2]);
		used = 3;
	} else if (argc == 2 && !strcmp(argv[1], "weight")) {
		*err = *err ?: usage_error("member: \"weight\" needs a value");
	}
	mnl_attr_nest_end(req, nest);
	return used;
}

/* service add and service set: add also takes members. */
static int service_change(int argc, char **argv, uint8_t cmd)
{
	static const struct {
		const char *key;
		uint16_t type;
	} params[] = {
		{ "maglev-size", MPTCP_LB_A_SERVICE_MAGLEV_SIZE },
		{ "flow-max", MPTCP_LB_A_SERVICE_FLOW_MAX },
		{ "flow-timeout", MPTCP_LB_A_SERVICE_FLOW_TIMEOUT },
		{ "join-timeout", MPTCP_LB_A_SERVICE_JOIN_TIMEOUT },
	};
	const char *verb = cmd == MPTCP_LB_CMD_SERVICE_NEW ? "add" : "set";
	unsigned int p, members = 0;
	char buf[REQ_BUF_LEN];
	struct nlmsghdr *req;
	struct nlattr *nest;
	uint64_t seed;
	int i, err;

	if (argc < 1)
		return usage_error("service %s: missing SERVICE", verb);
	req = genl_request(buf, cmd, 0);
	nest = mnl_attr_nest_start(req, MPTCP_LB_A_SERVICE);
	err = put_service_id(req, argv[0]);
	for (i = 1; i < argc && !err; i += 2) {
		if (i + 1 >= argc)
			return usage_error("service %s: \"%s\" needs a value",
					   verb, argv[i]);
		if (genl_room(req, cmd == MPTCP_LB_CMD_SERVICE_NEW ?
				   "service add" : "service set"))
			return EXIT_REJECTED;
		for (p = 0; p < ARRAY_SIZE(params); p++)
			if (!strcmp(argv[i], params[p].key))
				break;
		if (p < ARRAY_SIZE(params)) {
			err = put_u32_arg(req, params[p].type, params[p].key,
					  argv[i + 1]);
		} else if (!strcmp(argv[i], "hash-seed")) {
			if (!parse_u64(argv[i + 1], &seed))
				return value_error("hash-seed \"%s\" is not a 64-bit number",
						   argv[i + 1]);
			mnl_attr_put_u64(req, MPTCP_LB_A_SERVICE_HASH_SEED,
					 seed);
		} else if (!strcmp(argv[i], "lookup")) {
			err = put_choice(req, MPTCP_LB_A_SERVICE_LOOKUP,
					 lookup_names, ARRAY_SIZE(lookup_names),
					 "service: lookup", argv[i + 1]);
		} else if (!strcmp(argv[i], "member") &&
			   cmd == MPTCP_LB_CMD_SERVICE_NEW) {
			/* The kernel's limit, said before it is asked. */
			if (++members > MPTCP_LB_SERVICE_MEMBERS_MAX)
				return value_error("service add: more than %d members",
						   MPTCP_LB_SERVICE_MEMBERS_MAX);
			i += put_member(req, argc - i - 1, argv + i + 1,
					&err) - 1;
		} else {
			return usage_error("service %s: unknown argument \"%s\"",
					   verb, argv[i]);
		}
	}
	if (err)
		return err;
	mnl_attr_nest_end(req, nest);
	return genl_transact(req, NULL, NULL);
}

/**
 * service_id_text() - write the address and port of a service nest
 * @nest: an attribute of the service set
 * @text: "ADDR:PORT" or "[ADDR]:PORT"
 * @len: size of @text, at least INET6_ADDRSTRLEN + 8
 *
 * Return: AF_INET or AF_INET6, or 0 if the nest has no address.
 */
int service_id_text(const struct nlattr *nest, char *text, size_t len)
{
	const struct nlattr *attr, *addr_attr = NULL;
	char addr[INET6_ADDRSTRLEN];
	uint16_t port = 0;

	mnl_attr_for_each_nested(attr, nest) {
		switch (mnl_attr_get_type(attr)) {
		case MPTCP_LB_A_SERVICE_ADDR4:
		case MPTCP_LB_A_SERVICE_ADDR6:
			addr_attr = attr;
			break;
		case MPTCP_LB_A_SERVICE_PORT:
			if (!mnl_attr_validate(attr, MNL_TYPE_U16))
				port = ntohs(mnl_attr_get_u16(attr));
			break;
		}
	}
	if (!addr_attr)
		return 0;
	if (mnl_attr_get_type(addr_attr) == MPTCP_LB_A_SERVICE_ADDR4 &&
	    mnl_attr_get_payload_len(addr_attr) == 4 &&
	    inet_ntop(AF_INET, mnl_attr_get_payload(addr_attr), addr,
		      sizeof(addr))) {
		snprintf(text, len, "%s:%u", addr, port);
		return AF_INET;
	}
	if (mnl_attr_get_payload_len(addr_attr) == 16 &&
	    inet_ntop(AF_INET6, mnl_attr_get_payload(addr_attr), addr,
		      sizeof(addr))) {
		snprintf(text, len, "[%s]:%u", addr, port);
		return AF_INET6;
	}
	return 0;
}

/**
 * service_id_print() - print the address and port of a service nest
 * @nest: an attribute of the service set
 */
void service_id_print(const struct nlattr *nest)
{
	char text[INET6_ADDRSTRLEN + 8];

	if (service_id_text(nest, text, sizeof(text)))
		out_id("service", text);
	else
		out_unprintable("service address");
}

static void show_member(const struct nlattr *nest)
{
	const char *proxy = NULL;
	const struct nlattr *attr;
	uint32_t weight = 0;

	mnl_attr_for_each_nested(attr, nest) {
		if (mnl_attr_get_type(attr) == MPTCP_LB_A_MEMBER_PROXY &&
		    !mnl_attr_validate(attr, MNL_TYPE_NUL_STRING))
			proxy = mnl_attr_get_str(attr);
		else if (mnl_attr_get_type(attr) == MPTCP_LB_A_MEMBER_WEIGHT &&
			 !mnl_attr_validate(attr, MNL_TYPE_U32))
			weight = mnl_attr_get_u32(attr);
	}
	if (proxy)
		out_member_item(proxy, weight);
	else
		out_unprintable("proxy name");
}

/**
 * service_print() - print the fields of a service
 * @nest: its MPTCP_LB_A_SERVICE attribute
 */
void service_print(const struct nlattr *nest)
{
	static const char *const names[MPTCP_LB_A_SERVICE_MAX + 1] = {
		[MPTCP_LB_A_SERVICE_MAGLEV_SIZE] = "maglev-size",
		[MPTCP_LB_A_SERVICE_FLOW_MAX] = "flow-max",
		[MPTCP_LB_A_SERVICE_FLOW_TIMEOUT] = "flow-timeout",
		[MPTCP_LB_A_SERVICE_JOIN_TIMEOUT] = "join-timeout",
	};
	const struct nlattr *attr;
	unsigned int type;

	service_id_print(nest);
	mnl_attr_for_each_nested(attr, nest) {
		type = mnl_attr_get_type(attr);
		if (type == MPTCP_LB_A_SERVICE_HASH_SEED &&
		    !mnl_attr_validate(attr, MNL_TYPE_U64))
			out_u64("hash-seed", mnl_attr_get_u64(attr));
		else if (type == MPTCP_LB_A_SERVICE_LOOKUP)
			show_choice(attr, "lookup", lookup_names,
				    ARRAY_SIZE(lookup_names), "service lookup");
		else if (type <= MPTCP_LB_A_SERVICE_MAX && names[type] &&
			 !mnl_attr_validate(attr, MNL_TYPE_U32))
			out_u32(names[type], mnl_attr_get_u32(attr));
		else if (type == MPTCP_LB_A_SERVICE_STATS && show_stats)
			stats_print(attr);
	}
	out_array_open("members");
	mnl_attr_for_each_nested(attr, nest)
		if (mnl_attr_get_type(attr) == MPTCP_LB_A_SERVICE_MEMBER)
			show_member(attr);
	out_array_close();
}

static const struct object_printer printer = {
	.type = MPTCP_LB_A_SERVICE,
	.print = service_print,
};

/*
 * A request about SERVICE, or about all services if @service is NULL,
 * printing the services in the reply if @show.
 */
static int service_request(uint8_t cmd, const char *service, bool show)
{
	return genl_object_request(cmd, MPTCP_LB_A_SERVICE, put_service_id,
				   service, show ? &printer : NULL);
}

/**
 * service_show_all() - print every service
 *
 * Return: 0, or EXIT_REJECTED after printing why.
 */
int service_show_all(void)
{
	return service_request(MPTCP_LB_CMD_SERVICE_GET, NULL, true);
}

static int service_run(int argc, char **argv)
{
	if (argc < 1 || is_help(argv[0])) {
		service_help();
		return argc < 1 ? EXIT_USAGE : 0;
	}
	if (!strcmp(argv[0], "add"))
		return service_change(argc - 1, argv + 1,
				      MPTCP_LB_CMD_SERVICE_NEW);
	if (!strcmp(argv[0], "set"))
		return service_change(argc - 1, argv + 1,
				      MPTCP_LB_CMD_SERVICE_SET);
	if (!strcmp(argv[0], "del")) {
		if (argc != 2)
			return usage_error("service del: expects one SERVICE");
		return service_request(MPTCP_LB_CMD_SERVICE_DEL, argv[1],
				       false);
	}
	if (!strcmp(argv[0], "show")) {
		if (argc > 2)
			return usage_error("service show: expects at most a SERVICE");
		return service_request(MPTCP_LB_CMD_SERVICE_GET,
				       argc == 2 ? argv[1] : NULL, true);
	}
	if (!strcmp(argv[0], "flush")) {
		if (argc != 1)
			return usage_error("service flush: takes no argument");
		return service_request(MPTCP_LB_CMD_SERVICE_FLUSH, NULL,
				       false);
	}
	return usage_error("service: unknown command \"%s\"", argv[0]);
}

const struct cli_object service_object = {
	.name = "service",
	.run = service_run,
	.help = service_help,
};

static int member_run(int argc, char **argv)
{
	char buf[REQ_BUF_LEN];
	struct nlmsghdr *req;
	struct nlattr *nest;
	bool set;
	int err = 0;

	if (argc < 1 || is_help(argv[0])) {
		member_help();
		return argc < 1 ? EXIT_USAGE : 0;
	}
	set = !strcmp(argv[0], "set");
	if (!set && strcmp(argv[0], "del"))
		return usage_error("member: unknown command \"%s\"", argv[0]);
	if (argc < 3 || argc > (set ? 5 : 3) || (argc > 3 && argc != 5))
		return usage_error("member %s: expects SERVICE PROXY%s", argv[0],
				   set ? " [weight W]" : "");
	req = genl_request(buf, set ? MPTCP_LB_CMD_MEMBER_SET :
				      MPTCP_LB_CMD_MEMBER_DEL, 0);
	nest = mnl_attr_nest_start(req, MPTCP_LB_A_SERVICE);
	err = put_service_id(req, argv[1]);
	if (!err && put_member(req, argc - 2, argv + 2, &err) != argc - 2)
		err = usage_error("member %s: unknown argument \"%s\"",
				  argv[0], argv[3]);
	if (err)
		return err;
	mnl_attr_nest_end(req, nest);
	return genl_transact(req, NULL, NULL);
}

const struct cli_object member_object = {
	.name = "member",
	.run = member_run,
	.help = member_help,
};
