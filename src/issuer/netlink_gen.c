// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/mptcp_lb_issuer.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink_gen.h"

#include <uapi/linux/mptcp_lb_issuer.h>

/* Common nested types */
const struct nla_policy mptcp_lb_issuer_config_nl_policy[MPTCP_LB_ISSUER_A_CONFIG_STATS + 1] = {
	[MPTCP_LB_ISSUER_A_CONFIG_SECRET] = { .type = NLA_BINARY, },
	[MPTCP_LB_ISSUER_A_CONFIG_ROUNDS] = NLA_POLICY_RANGE(NLA_U32, MPTCP_LB_ISSUER_ROUNDS_MIN, MPTCP_LB_ISSUER_ROUNDS_MAX),
	[MPTCP_LB_ISSUER_A_CONFIG_RANGE] = NLA_POLICY_NESTED(mptcp_lb_issuer_range_nl_policy),
	[MPTCP_LB_ISSUER_A_CONFIG_LAYOUT_SIZE] = NLA_POLICY_MAX(NLA_U32, MPTCP_LB_ISSUER_LAYOUT_SIZE_MAX),
	[MPTCP_LB_ISSUER_A_CONFIG_KEY_OFFSET] = NLA_POLICY_MAX(NLA_U32, MPTCP_LB_ISSUER_LAYOUT_SIZE_MAX),
	[MPTCP_LB_ISSUER_A_CONFIG_TOKEN_OFFSET] = NLA_POLICY_MAX(NLA_U32, MPTCP_LB_ISSUER_LAYOUT_SIZE_MAX),
	[MPTCP_LB_ISSUER_A_CONFIG_FINGERPRINT] = { .type = NLA_U32, },
	[MPTCP_LB_ISSUER_A_CONFIG_SECRET_LEN] = { .type = NLA_U32, },
	[MPTCP_LB_ISSUER_A_CONFIG_STATS] = NLA_POLICY_NESTED(mptcp_lb_issuer_stats_nl_policy),
};

const struct nla_policy mptcp_lb_issuer_range_nl_policy[MPTCP_LB_ISSUER_A_RANGE_HI + 1] = {
	[MPTCP_LB_ISSUER_A_RANGE_LO] = { .type = NLA_U32, },
	[MPTCP_LB_ISSUER_A_RANGE_HI] = { .type = NLA_U32, },
};

const struct nla_policy mptcp_lb_issuer_stats_nl_policy[MPTCP_LB_ISSUER_A_STATS_ACCEPT_RATE + 1] = {
	[MPTCP_LB_ISSUER_A_STATS_KEYS_POOLED] = { .type = NLA_U64, },
	[MPTCP_LB_ISSUER_A_STATS_KEYS_INLINE] = { .type = NLA_U64, },
	[MPTCP_LB_ISSUER_A_STATS_KEYS_UNROUTABLE] = { .type = NLA_U64, },
	[MPTCP_LB_ISSUER_A_STATS_LAYOUT_MISMATCH] = { .type = NLA_U64, },
	[MPTCP_LB_ISSUER_A_STATS_POOL_SIZE] = { .type = NLA_U64, },
	[MPTCP_LB_ISSUER_A_STATS_LAYOUT_OUT_OF_BOUNDS] = { .type = NLA_U64, },
	[MPTCP_LB_ISSUER_A_STATS_UNROUTABLE_SYNCOOKIE] = { .type = NLA_U64, },
	[MPTCP_LB_ISSUER_A_STATS_UNROUTABLE_INLINE_MISS] = { .type = NLA_U64, },
	[MPTCP_LB_ISSUER_A_STATS_REFILL_DRAWS] = { .type = NLA_U64, },
	[MPTCP_LB_ISSUER_A_STATS_REFILL_USECS] = { .type = NLA_U64, },
	[MPTCP_LB_ISSUER_A_STATS_REFILL_BACKOFFS] = { .type = NLA_U64, },
	[MPTCP_LB_ISSUER_A_STATS_POOL_TARGET] = { .type = NLA_U64, },
	[MPTCP_LB_ISSUER_A_STATS_ACCEPT_RATE] = { .type = NLA_U64, },
};

/* Global operation policy for mptcp_lb_issuer */
const struct nla_policy mptcp_lb_issuer_issuer_nl_policy[MPTCP_LB_ISSUER_A_CONFIG + 1] = {
	[MPTCP_LB_ISSUER_A_CONFIG] = NLA_POLICY_NESTED(mptcp_lb_issuer_config_nl_policy),
};

/* Ops table for mptcp_lb_issuer */
const struct genl_small_ops mptcp_lb_issuer_nl_ops[3] = {
	{
		.cmd	= MPTCP_LB_ISSUER_CMD_CONFIG_SET,
		.doit	= mptcp_lb_issuer_nl_config_set_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MPTCP_LB_ISSUER_CMD_CONFIG_GET,
		.doit	= mptcp_lb_issuer_nl_config_get_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MPTCP_LB_ISSUER_CMD_CONFIG_DEL,
		.doit	= mptcp_lb_issuer_nl_config_del_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
};
