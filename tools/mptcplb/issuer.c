// SPDX-License-Identifier: GPL-2.0
/*
 * mptcplb local: the proxy-side module (mptcp_lb_issuer) on this host, which
 * makes the kernel's MPTCP server issue tokens in this proxy's ranges.
 * The module needs to know where the running kernel keeps an MPTCP
 * request's key and token; the structure is private, so this reads it
 * from the kernel's BTF.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/btf.h>
#include <linux/genetlink.h>
#include <uapi/linux/mptcp_lb_issuer.h>

#include "cli.h"
#include "genl.h"

#define LAYOUT_STRUCT "mptcp_subflow_request_sock"

static void issuer_help(void)
{
	fprintf(stderr,
		"Usage: mptcplb issuer set SECRET [rounds N] range LO-HI [range LO-HI]...\n"
		"       mptcplb issuer show\n"
		"       mptcplb issuer del\n"
		"where  SECRET := { HEX | file PATH }\n"
		"\n"
		"On a proxy host with the mptcp_lb_issuer module, set makes this\n"
		"namespace's MPTCP server issue only tokens whose decryption\n"
		"under SECRET (the load balancers') falls in the ranges: the\n"
		"proxy's ranges in the load balancers' configuration.  show\n"
		"prints the configuration and counters, del stops it.\n");
}

/* Where struct mptcp_subflow_request_sock keeps its key and token. */
static int read_layout(struct nlmsghdr *req)
{
	static const struct {
		const char *member;
		uint16_t type;
		unsigned int size;
	} fields[] = {
		{ "local_key", MPTCP_LB_ISSUER_A_CONFIG_KEY_OFFSET, 8 },
		{ "token", MPTCP_LB_ISSUER_A_CONFIG_TOKEN_OFFSET, 4 },
	};
	const struct btf_member *member;
	const struct btf_type *type;
	unsigned int i, j, found = 0;
	struct btf *btf;
	int id;

	btf = btf__load_vmlinux_btf();
	if (!btf)
		return value_error("cannot read the kernel's BTF: %s",
				   strerror(errno));
	id = btf__find_by_name_kind(btf, LAYOUT_STRUCT, BTF_KIND_STRUCT);
	if (id < 0) {
		btf__free(btf);
		return value_error("the kernel's BTF has no struct %s",
				   LAYOUT_STRUCT);
	}
	type = btf__type_by_id(btf, id);
	mnl_attr_put_u32(req, MPTCP_LB_ISSUER_A_CONFIG_LAYOUT_SIZE, type->size);
	member = btf_members(type);
	for (i = 0; i < btf_vlen(type); i++, member++) {
		for (j = 0; j < ARRAY_SIZE(fields); j++) {
			if (strcmp(btf__name_by_offset(btf, member->name_off),
				   fields[j].member) ||
			    btf_member_bitfield_size(type, i) ||
			    btf_member_bit_offset(type, i) % 8 ||
			    btf__resolve_size(btf, member->type) !=
			    fields[j].size)
				continue;
			mnl_attr_put_u32(req, fields[j].type,
					 btf_member_bit_offset(type, i) / 8);
			found++;
		}
	}
	btf__free(btf);
	if (found != ARRAY_SIZE(fields))
		return value_error("struct %s has no usable local_key and token",
				   LAYOUT_STRUCT);
	return 0;
}

static int put_rounds(struct nlmsghdr *req, const char *text)
{
	uint32_t rounds;

	if (!parse_u32(text, &rounds))
		return value_error("rounds \"%s\" is not a number", text);
	mnl_attr_put_u32(req, MPTCP_LB_ISSUER_A_CONFIG_ROUNDS, rounds);
	return 0;
}

static int issuer_set(int argc, char **argv)
{
	char buf[REQ_BUF_LEN];
	uint8_t secret[SECRET_BUF_LEN];
	struct nlmsghdr *req;
	struct nlattr *nest;
	unsigned int len;
	int i, err;

	err = read_secret_arg(&argc, &argv, secret, &len);
	if (err)
		return err;
	req = genl_request(buf, MPTCP_LB_ISSUER_CMD_CONFIG_SET, 0);
	nest = mnl_attr_nest_start(req, MPTCP_LB_ISSUER_A_CONFIG);
	mnl_attr_put(req, MPTCP_LB_ISSUER_A_CONFIG_SECRET, len, secret);
	memset(secret, 0, sizeof(secret));
	for (i = 0; i < argc && !err; i += 2) {
		if (i + 1 >= argc)
			err = usage_error("issuer set: \"%s\" needs a value",
					  argv[i]);
		else if (genl_room(req, "issuer set"))
			err = EXIT_REJECTED;
		else if (!strcmp(argv[i], "rounds"))
			err = put_rounds(req, argv[i + 1]);
		else if (!strcmp(argv[i], "range"))
			err = put_range_nest(req,
					     MPTCP_LB_ISSUER_A_CONFIG_RANGE,
					     argv[i + 1]);
		else
			err = usage_error("issuer set: unknown argument \"%s\"",
					  argv[i]);
	}
	err = err ?: read_layout(req);
	if (!err) {
		mnl_attr_nest_end(req, nest);
		err = genl_transact_family(req, MPTCP_LB_ISSUER_FAMILY_NAME,
					   NULL, NULL);
	}
	memset(buf, 0, sizeof(buf));
	return err;
}

static void issuer_stats_print(const struct nlattr *nest)
{
	static const char *const names[MPTCP_LB_ISSUER_A_STATS_MAX + 1] = {
		[MPTCP_LB_ISSUER_A_STATS_KEYS_POOLED] = "keys-pooled",
		[MPTCP_LB_ISSUER_A_STATS_KEYS_INLINE] = "keys-inline",
		[MPTCP_LB_ISSUER_A_STATS_KEYS_UNROUTABLE] = "keys-unroutable",
		[MPTCP_LB_ISSUER_A_STATS_LAYOUT_MISMATCH] = "layout-mismatch",
		[MPTCP_LB_ISSUER_A_STATS_POOL_SIZE] = "pool-size",
		[MPTCP_LB_ISSUER_A_STATS_LAYOUT_OUT_OF_BOUNDS] =
			"layout-out-of-bounds",
		[MPTCP_LB_ISSUER_A_STATS_UNROUTABLE_SYNCOOKIE] =
			"unroutable-syncookie",
		[MPTCP_LB_ISSUER_A_STATS_UNROUTABLE_INLINE_MISS] =
			"unroutable-inline-miss",
		[MPTCP_LB_ISSUER_A_STATS_REFILL_DRAWS] = "refill-draws",
		[MPTCP_LB_ISSUER_A_STATS_REFILL_USECS] = "refill-usecs",
		[MPTCP_LB_ISSUER_A_STATS_REFILL_BACKOFFS] = "refill-backoffs",
		[MPTCP_LB_ISSUER_A_STATS_POOL_TARGET] = "pool-target",
		[MPTCP_LB_ISSUER_A_STATS_ACCEPT_RATE] = "accept-rate",
	};
	const struct nlattr *attr;
	unsigned int type;

	out_nest_open("stats");
	mnl_attr_for_each_nested(attr, nest) {
		type = mnl_attr_get_type(attr);
		if (type <= MPTCP_LB_ISSUER_A_STATS_MAX && names[type] &&
		    !mnl_attr_validate(attr, MNL_TYPE_U64))
			out_u64(names[type], mnl_attr_get_u64(attr));
	}
	out_nest_close();
}

static void config_print(const struct nlattr *nest)
{
	static const char *const names[MPTCP_LB_ISSUER_A_CONFIG_MAX + 1] = {
		[MPTCP_LB_ISSUER_A_CONFIG_SECRET_LEN] = "secret-len",
		[MPTCP_LB_ISSUER_A_CONFIG_ROUNDS] = "rounds",
		[MPTCP_LB_ISSUER_A_CONFIG_LAYOUT_SIZE] = "layout-size",
		[MPTCP_LB_ISSUER_A_CONFIG_KEY_OFFSET] = "key-offset",
		[MPTCP_LB_ISSUER_A_CONFIG_TOKEN_OFFSET] = "token-offset",
	};
	const struct nlattr *attr;
	unsigned int type;

	mnl_attr_for_each_nested(attr, nest) {
		type = mnl_attr_get_type(attr);
		if (type == MPTCP_LB_ISSUER_A_CONFIG_FINGERPRINT &&
		    !mnl_attr_validate(attr, MNL_TYPE_U32))
			out_hex32("fingerprint", mnl_attr_get_u32(attr));
		else if (type <= MPTCP_LB_ISSUER_A_CONFIG_MAX && names[type] &&
			 !mnl_attr_validate(attr, MNL_TYPE_U32))
			out_u32(names[type], mnl_attr_get_u32(attr));
	}
	out_array_open("ranges");
	mnl_attr_for_each_nested(attr, nest)
		if (mnl_attr_get_type(attr) == MPTCP_LB_ISSUER_A_CONFIG_RANGE)
			range_print(attr);
	out_array_close();
	mnl_attr_for_each_nested(attr, nest)
		if (mnl_attr_get_type(attr) == MPTCP_LB_ISSUER_A_CONFIG_STATS)
			issuer_stats_print(attr);
}

static const struct object_printer printer = {
	.type = MPTCP_LB_ISSUER_A_CONFIG,
	.print = config_print,
};

static int issuer_run(int argc, char **argv)
{
	char buf[REQ_BUF_LEN];

	if (argc < 1 || is_help(argv[0])) {
		issuer_help();
		return argc < 1 ? EXIT_USAGE : 0;
	}
	if (!strcmp(argv[0], "set"))
		return issuer_set(argc - 1, argv + 1);
	if (argc > 1)
		return usage_error("issuer %s: unexpected argument \"%s\"",
				   argv[0], argv[1]);
	if (!strcmp(argv[0], "show"))
		return genl_transact_family(genl_request(buf,
							 MPTCP_LB_ISSUER_CMD_CONFIG_GET,
							 0),
					    MPTCP_LB_ISSUER_FAMILY_NAME,
					    print_cb, (void *)&printer);
	if (!strcmp(argv[0], "del"))
		return genl_transact_family(genl_request(buf,
							 MPTCP_LB_ISSUER_CMD_CONFIG_DEL,
							 0),
					    MPTCP_LB_ISSUER_FAMILY_NAME,
					    NULL, NULL);
	return usage_error("issuer: unknown command \"%s\"", argv[0]);
}

const struct cli_object issuer_object = {
	.name = "issuer",
	.run = issuer_run,
	.help = issuer_help,
};
