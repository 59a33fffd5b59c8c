// SPDX-License-Identifier: GPL-2.0
/*
 * mptcplb proxy: the proxies of a namespace's LB and the ranges of
 * routing integers X each owns.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>
#include <uapi/linux/mptcp_lb.h>
#include <uapi/linux/mptcp_lb_issuer.h>

#include "cli.h"
#include "genl.h"
#include "name.h"

static const char *const state_names[] = {
	[MPTCP_LB_PROXY_STATE_ACTIVE] = "active",
	[MPTCP_LB_PROXY_STATE_DRAIN] = "drain",
};

static const char *const tokens_names[] = {
	[MPTCP_LB_PROXY_TOKENS_DECODE] = "decode",
	[MPTCP_LB_PROXY_TOKENS_LEARN] = "learn",
	[MPTCP_LB_PROXY_TOKENS_DIRECT] = "direct",
};

static const char *const encap_names[] = {
	[MPTCP_LB_PROXY_ENCAP_IPIP] = "ipip",
	[MPTCP_LB_PROXY_ENCAP_GUE] = "gue",
};

static void proxy_help(void)
{
	fprintf(stderr,
		"Usage: mptcplb proxy add NAME address ADDR [range LO-HI]... [state STATE]\n"
		"                         [tokens TOKENS | direct DADDR] [encap ENCAP]\n"
		"                         [encap-port PORT]\n"
		"       mptcplb proxy set NAME [address ADDR] [range LO-HI]... [state STATE]\n"
		"                         [tokens TOKENS | direct DADDR] [encap ENCAP]\n"
		"                         [encap-port PORT]\n"
		"       mptcplb proxy del NAME\n"
		"       mptcplb proxy show [NAME]\n"
		"       mptcplb proxy flush\n"
		"where  NAME := " MLB_NAME_RULE "\n"
		"       ADDR := { IPv4 address | IPv6 address }, unicast, the tunnel\n"
		"               endpoint\n"
		"       LO-HI := an inclusive range of routing integers X\n"
		"       STATE := { active | drain }\n"
		"       TOKENS := { decode | learn | direct }\n"
		"       DADDR := { IPv4 address | IPv6 address }, unicast, the proxy's own\n"
		"       ENCAP := { ipip | gue }, gue needing the proxy's fou PORT\n"
		"\n"
		"A proxy owns up to %d ranges; no X belongs to two proxies.\n"
		"A draining proxy takes no new connection but its tokens still\n"
		"route to it.  A decoding proxy runs the issuer: its tokens decrypt\n"
		"into its ranges.  A learning proxy issues stock tokens, which the\n"
		"LB learns from the handshakes it forwards; its ranges route\n"
		"nothing.  A direct proxy (\"direct DADDR\" is \"tokens direct\"\n"
		"with its address) announces DADDR, which clients join around the\n"
		"LB; joins that reach the LB anyway go by its ranges if it has\n"
		"some (it runs the issuer), or are dropped (drop-join-direct).\n"
		"ipip (the default) is IPIP or IPv6-in-IPv6; gue is UDP\n"
		"to PORT with a GUE header, its source port from the flow's hash.\n"
		"set changes what it is given; ranges, if given,\n"
		"replace all of the proxy's.  A member of a service cannot be\n"
		"deleted.\n", MPTCP_LB_PROXY_RANGES_MAX);
}

/**
 * parse_range() - read "LO-HI", an inclusive range of routing integers
 * @text: the argument
 * @lo: set to its first integer
 * @hi: set to its last
 *
 * Return: 0, or EXIT_REJECTED after printing why @text is not one.
 */
int parse_range(const char *text, uint32_t *lo, uint32_t *hi)
{
	char lo_text[32], *dash;

	dash = strchr(text, '-');
	if (!dash || (size_t)(dash - text) >= sizeof(lo_text))
		return value_error("range \"%s\" is not LO-HI", text);
	memcpy(lo_text, text, dash - text);
	lo_text[dash - text] = '\0';
	if (!parse_u32(lo_text, lo) || !parse_u32(dash + 1, hi))
		return value_error("range \"%s\" is not two 32-bit numbers",
				   text);
	return 0;
}

/**
 * put_range_nest() - put "LO-HI" in a request as a range nest
 * @req: the request
 * @type: the nest's attribute type; both families number lo and hi alike
 * @text: the argument
 *
 * Return: 0, or EXIT_REJECTED after printing why @text is not a range.
 */
int put_range_nest(struct nlmsghdr *req, uint16_t type, const char *text)
{
	struct nlattr *nest;
	uint32_t lo, hi;
	int err;

	err = parse_range(text, &lo, &hi);
	if (err)
		return err;
	nest = mnl_attr_nest_start(req, type);
	mnl_attr_put_u32(req, MPTCP_LB_A_RANGE_LO, lo);
	mnl_attr_put_u32(req, MPTCP_LB_A_RANGE_HI, hi);
	mnl_attr_nest_end(req, nest);
	return 0;
}

/**
 * put_proxy_name() - put the name of a proxy, as the user gave it, in a
 *	request
 * @req: the request
 * @type: the attribute that names the proxy in this request
 * @name: the argument
 *
 * The kernel refuses the same names, but an older module takes any, and
 * "mptcplb save" could not print them so that they restore.
 *
 * Return: 0, or EXIT_REJECTED after printing why @name is not a name.
 */
int put_proxy_name(struct nlmsghdr *req, uint16_t type, const char *name)
{
	if (!mlb_name_valid(name))
		return value_error("proxy name \"%s\" must be " MLB_NAME_RULE,
				   name);
	mnl_attr_put_strz(req, type, name);
	return 0;
}

static int put_port(struct nlmsghdr *req, const char *text)
{
	uint32_t port;

	if (!parse_u32(text, &port) || !port || port > 65535)
		return value_error("encap-port \"%s\" is not a port from 1 to 65535",
				   text);
	mnl_attr_put_u16(req, MPTCP_LB_A_PROXY_ENCAP_PORT, htons(port));
	return 0;
}

/* Puts @text as @type4 if it is an IPv4 address, as @type6 if IPv6. */
static int put_addr(struct nlmsghdr *req, uint16_t type4, uint16_t type6,
		    const char *text)
{
	struct in6_addr addr6;
	struct in_addr addr4;

	if (inet_pton(AF_INET, text, &addr4) == 1) {
		mnl_attr_put(req, type4, sizeof(addr4), &addr4);
		return 0;
	}
	if (inet_pton(AF_INET6, text, &addr6) == 1) {
		mnl_attr_put(req, type6, sizeof(addr6), &addr6);
		return 0;
	}
	return value_error("\"%s\" is not an IPv4 or IPv6 address", text);
}

/**
 * put_choice() - put the index of a name as a u32 attribute
 * @req: the request
 * @type: the attribute
 * @names: the names of the attribute's values, by value
 * @count: how many of @names
 * @what: the argument, as usage errors name it: "proxy: state"
 * @text: the name given
 *
 * Return: 0, or EXIT_USAGE after naming the values @what takes.
 */
int put_choice(struct nlmsghdr *req, uint16_t type,
	       const char *const *names, uint32_t count,
	       const char *what, const char *text)
{
	char list[64] = "";
	uint32_t i;

	for (i = 0; i < count; i++) {
		if (!strcmp(text, names[i])) {
			mnl_attr_put_u32(req, type, i);
			return 0;
		}
	}
	for (i = 0; i < count; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list),
			 "%s%s", i ? (i + 1 < count ? ", " : " or ") : "",
			 names[i]);
	return usage_error("%s is %s, not \"%s\"", what, list, text);
}

/* proxy add and proxy set: the same arguments, an address needed by add. */
static int proxy_change(int argc, char **argv, uint8_t cmd)
{
	const char *verb = cmd == MPTCP_LB_CMD_PROXY_NEW ? "add" : "set";
	bool have_addr = false, have_direct = false, have_tokens = false;
	char buf[REQ_BUF_LEN];
	struct nlmsghdr *req;
	struct nlattr *nest;
	int i, err;

	if (argc < 1)
		return usage_error("proxy %s: missing NAME", verb);
	req = genl_request(buf, cmd, 0);
	nest = mnl_attr_nest_start(req, MPTCP_LB_A_PROXY);
	err = put_proxy_name(req, MPTCP_LB_A_PROXY_NAME, argv[0]);
	for (i = 1; i < argc && !err; i += 2) {
		if (i + 1 >= argc)
			return usage_error("proxy %s: \"%s\" needs a value",
					   verb, argv[i]);
		if (genl_room(req, cmd == MPTCP_LB_CMD_PROXY_NEW ?
				   "proxy add" : "proxy set"))
			return EXIT_REJECTED;
		if (!strcmp(argv[i], "address")) {
			err = put_addr(req, MPTCP_LB_A_PROXY_ADDR4,
				       MPTCP_LB_A_PROXY_ADDR6, argv[i + 1]);
			have_addr = true;
		} else if (!strcmp(argv[i], "direct")) {
			err = put_addr(req, MPTCP_LB_A_PROXY_DIRECT_ADDR4,
				       MPTCP_LB_A_PROXY_DIRECT_ADDR6,
				       argv[i + 1]);
			have_direct = true;
		} else if (!strcmp(argv[i], "range")) {
			err = put_range_nest(req, MPTCP_LB_A_PROXY_RANGE,
					     argv[i + 1]);
		} else if (!strcmp(argv[i], "state")) {
			err = put_choice(req, MPTCP_LB_A_PROXY_STATE,
					 state_names, ARRAY_SIZE(state_names),
					 "proxy: state", argv[i + 1]);
		} else if (!strcmp(argv[i], "tokens")) {
			err = put_choice(req, MPTCP_LB_A_PROXY_TOKENS,
					 tokens_names, ARRAY_SIZE(tokens_names),
					 "proxy: tokens", argv[i + 1]);
			have_tokens = true;
		} else if (!strcmp(argv[i], "encap")) {
			err = put_choice(req, MPTCP_LB_A_PROXY_ENCAP,
					 encap_names, ARRAY_SIZE(encap_names),
					 "proxy: encap", argv[i + 1]);
		} else if (!strcmp(argv[i], "encap-port")) {
			err = put_port(req, argv[i + 1]);
		} else {
			return usage_error("proxy %s: unknown argument \"%s\"",
					   verb, argv[i]);
		}
	}
	if (err)
		return err;
	if (!have_addr && cmd == MPTCP_LB_CMD_PROXY_NEW)
		return usage_error("proxy add: missing \"address ADDR\"");
	/* "direct DADDR" is the join mode; "tokens" may say it too. */
	if (have_direct && !have_tokens)
		mnl_attr_put_u32(req, MPTCP_LB_A_PROXY_TOKENS,
				 MPTCP_LB_PROXY_TOKENS_DIRECT);
	mnl_attr_nest_end(req, nest);
	return genl_transact(req, NULL, NULL);
}

/* Prints as @key an address attribute that holds @len bytes of @family. */
static void show_addr(const struct nlattr *attr, const char *key, int family,
		      uint16_t len)
{
	char text[INET6_ADDRSTRLEN];

	if (mnl_attr_get_payload_len(attr) == len &&
	    inet_ntop(family, mnl_attr_get_payload(attr), text, sizeof(text)))
		out_str(key, text);
	else
		out_unprintable(family == AF_INET ? "proxy IPv4 address" :
				"proxy IPv6 address");
}

/**
 * show_choice() - print the name of the value a u32 attribute holds
 * @attr: the attribute
 * @key: the field's name
 * @names: the names of its values, by value
 * @count: how many of @names
 * @what: what out_unprintable() says if the value has no name
 */
void show_choice(const struct nlattr *attr, const char *key,
		 const char *const *names, uint32_t count, const char *what)
{
	if (!mnl_attr_validate(attr, MNL_TYPE_U32) &&
	    mnl_attr_get_u32(attr) < count)
		out_str(key, names[mnl_attr_get_u32(attr)]);
	else
		out_unprintable(what);
}

/* Both families number a range's attributes alike. */
_Static_assert((int)MPTCP_LB_A_RANGE_LO == (int)MPTCP_LB_ISSUER_A_RANGE_LO &&
	       (int)MPTCP_LB_A_RANGE_HI == (int)MPTCP_LB_ISSUER_A_RANGE_HI &&
	       (int)MPTCP_LB_A_RANGE_MAX == (int)MPTCP_LB_ISSUER_A_RANGE_MAX,
	       "range attributes differ");

/**
 * range_print() - print a range of X as an array item
 * @nest: a range nest of either family
 */
void range_print(const struct nlattr *nest)
{
	uint32_t bounds[MPTCP_LB_A_RANGE_MAX + 1] = {};
	const struct nlattr *attr;

	mnl_attr_for_each_nested(attr, nest)
		if (mnl_attr_get_type(attr) <= MPTCP_LB_A_RANGE_MAX &&
		    !mnl_attr_validate(attr, MNL_TYPE_U32))
			bounds[mnl_attr_get_type(attr)] = mnl_attr_get_u32(attr);
	out_range_item(bounds[MPTCP_LB_A_RANGE_LO], bounds[MPTCP_LB_A_RANGE_HI]);
}

/**
 * proxy_print() - print the fields of a proxy
 * @nest: its MPTCP_LB_A_PROXY attribute
 */
void proxy_print(const struct nlattr *nest)
{
	const struct nlattr *attr;

	mnl_attr_for_each_nested(attr, nest) {
		switch (mnl_attr_get_type(attr)) {
		case MPTCP_LB_A_PROXY_NAME:
			if (!mnl_attr_validate(attr, MNL_TYPE_NUL_STRING))
				out_proxy_name(mnl_attr_get_str(attr));
			else
				out_unprintable("proxy name");
			break;
		case MPTCP_LB_A_PROXY_ADDR4:
			show_addr(attr, "address", AF_INET, 4);
			break;
		case MPTCP_LB_A_PROXY_ADDR6:
			show_addr(attr, "address", AF_INET6, 16);
			break;
		case MPTCP_LB_A_PROXY_DIRECT_ADDR4:
			show_addr(attr, "direct", AF_INET, 4);
			break;
		case MPTCP_LB_A_PROXY_DIRECT_ADDR6:
			show_addr(attr, "direct", AF_INET6, 16);
			break;
		case MPTCP_LB_A_PROXY_STATE:
			show_choice(attr, "state", state_names,
				    ARRAY_SIZE(state_names), "proxy state");
			break;
		case MPTCP_LB_A_PROXY_TOKENS:
			show_choice(attr, "tokens", tokens_names,
				    ARRAY_SIZE(tokens_names),
				    "proxy \"tokens\" value");
			break;
		case MPTCP_LB_A_PROXY_ENCAP:
			show_choice(attr, "encap", encap_names,
				    ARRAY_SIZE(encap_names),
				    "proxy \"encap\" value");
			break;
		case MPTCP_LB_A_PROXY_ENCAP_PORT:
			if (!mnl_attr_validate(attr, MNL_TYPE_U16))
				out_u32("encap-port",
					ntohs(mnl_attr_get_u16(attr)));
			else
				out_unprintable("proxy encap-port");
			break;
		case MPTCP_LB_A_PROXY_STATS:
			if (show_stats)
				stats_print(attr);
			break;
		}
	}
	out_array_open("ranges");
	mnl_attr_for_each_nested(attr, nest)
		if (mnl_attr_get_type(attr) == MPTCP_LB_A_PROXY_RANGE)
			range_print(attr);
	out_array_close();
}

static const struct object_printer printer = {
	.type = MPTCP_LB_A_PROXY,
	.print = proxy_print,
};

static int put_name(struct nlmsghdr *req, const char *name)
{
	return put_proxy_name(req, MPTCP_LB_A_PROXY_NAME, name);
}

/*
 * A request about the proxy NAME, or about all proxies if NAME is NULL,
 * printing the proxies in the reply if @show.
 */
static int name_request(uint8_t cmd, const char *name, bool show)
{
	return genl_object_request(cmd, MPTCP_LB_A_PROXY, put_name, name,
				   show ? &printer : NULL);
}

/**
 * proxy_show_all() - print every proxy
 *
 * Return: 0, or EXIT_REJECTED after printing why.
 */
int proxy_show_all(void)
{
	return name_request(MPTCP_LB_CMD_PROXY_GET, NULL, true);
}

static int proxy_run(int argc, char **argv)
{
	if (argc < 1 || is_help(argv[0])) {
		proxy_help();
		return argc < 1 ? EXIT_USAGE : 0;
	}
	if (!strcmp(argv[0], "add"))
		return proxy_change(argc - 1, argv + 1, MPTCP_LB_CMD_PROXY_NEW);
	if (!strcmp(argv[0], "set"))
		return proxy_change(argc - 1, argv + 1, MPTCP_LB_CMD_PROXY_SET);
	if (!strcmp(argv[0], "del")) {
		if (argc != 2)
			return usage_error("proxy del: expects one NAME");
		return name_request(MPTCP_LB_CMD_PROXY_DEL, argv[1], false);
	}
	if (!strcmp(argv[0], "show")) {
		if (argc > 2)
			return usage_error("proxy show: expects at most a NAME");
		return name_request(MPTCP_LB_CMD_PROXY_GET,
				    argc == 2 ? argv[1] : NULL, true);
	}
	if (!strcmp(argv[0], "flush")) {
		if (argc != 1)
			return usage_error("proxy flush: takes no argument");
		return name_request(MPTCP_LB_CMD_PROXY_FLUSH, NULL, false);
	}
	return usage_error("proxy: unknown command \"%s\"", argv[0]);
}

const struct cli_object proxy_object = {
	.name = "proxy",
	.run = proxy_run,
	.help = proxy_help,
};
