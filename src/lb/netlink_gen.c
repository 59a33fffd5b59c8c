// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/mptcp_lb.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink_gen.h"

#include <uapi/linux/mptcp_lb.h>

/* Integer value ranges */
static const struct netlink_range_validation mptcp_lb_a_service_maglev_size_range = {
	.min	= MPTCP_LB_MAGLEV_SIZE_MIN,
	.max	= MPTCP_LB_MAGLEV_SIZE_MAX,
};

static const struct netlink_range_validation mptcp_lb_a_service_flow_max_range = {
	.min	= 1ULL,
	.max	= MPTCP_LB_FLOW_MAX_MAX,
};

static const struct netlink_range_validation mptcp_lb_a_service_flow_timeout_range = {
	.min	= 1ULL,
	.max	= MPTCP_LB_FLOW_TIMEOUT_MAX,
};

static const struct netlink_range_validation mptcp_lb_a_service_join_timeout_range = {
	.min	= 1ULL,
	.max	= MPTCP_LB_JOIN_TIMEOUT_MAX,
};

static const struct netlink_range_validation mptcp_lb_a_member_weight_range = {
	.max	= MPTCP_LB_WEIGHT_MAX,
};

/* Common nested types */
const struct nla_policy mptcp_lb_cipher_nl_policy[MPTCP_LB_A_CIPHER_FINGERPRINT + 1] = {
	[MPTCP_LB_A_CIPHER_ALGORITHM] = NLA_POLICY_MAX(NLA_U32, 0),
	[MPTCP_LB_A_CIPHER_SECRET] = { .type = NLA_BINARY, },
	[MPTCP_LB_A_CIPHER_ROUNDS] = NLA_POLICY_RANGE(NLA_U32, MPTCP_LB_ROUNDS_MIN, MPTCP_LB_ROUNDS_MAX),
	[MPTCP_LB_A_CIPHER_SECRET_LEN] = { .type = NLA_U32, },
	[MPTCP_LB_A_CIPHER_FINGERPRINT] = { .type = NLA_U32, },
};

const struct nla_policy mptcp_lb_flow_nl_policy[MPTCP_LB_A_FLOW_CONFIRMED + 1] = {
	[MPTCP_LB_A_FLOW_SERVICE] = NLA_POLICY_NESTED(mptcp_lb_service_nl_policy),
	[MPTCP_LB_A_FLOW_CLIENT_ADDR4] = { .type = NLA_U32, },
	[MPTCP_LB_A_FLOW_CLIENT_ADDR6] = NLA_POLICY_EXACT_LEN(16),
	[MPTCP_LB_A_FLOW_CLIENT_PORT] = { .type = NLA_U16, },
	[MPTCP_LB_A_FLOW_PROXY] = { .type = NLA_NUL_STRING, .len = MPTCP_LB_PROXY_NAME_LEN_MAX, },
	[MPTCP_LB_A_FLOW_JOIN] = { .type = NLA_FLAG, },
	[MPTCP_LB_A_FLOW_CLOSING] = { .type = NLA_FLAG, },
	[MPTCP_LB_A_FLOW_IDLE] = { .type = NLA_U32, },
	[MPTCP_LB_A_FLOW_TOKEN] = { .type = NLA_U32, },
	[MPTCP_LB_A_FLOW_CONFIRMED] = { .type = NLA_FLAG, },
};

const struct nla_policy mptcp_lb_member_nl_policy[MPTCP_LB_A_MEMBER_WEIGHT + 1] = {
	[MPTCP_LB_A_MEMBER_PROXY] = { .type = NLA_NUL_STRING, .len = MPTCP_LB_PROXY_NAME_LEN_MAX, },
	[MPTCP_LB_A_MEMBER_WEIGHT] = NLA_POLICY_FULL_RANGE(NLA_U32, &mptcp_lb_a_member_weight_range),
};

const struct nla_policy mptcp_lb_proxy_nl_policy[MPTCP_LB_A_PROXY_DIRECT_ADDR6 + 1] = {
	[MPTCP_LB_A_PROXY_NAME] = { .type = NLA_NUL_STRING, .len = MPTCP_LB_PROXY_NAME_LEN_MAX, },
	[MPTCP_LB_A_PROXY_ADDR4] = { .type = NLA_U32, },
	[MPTCP_LB_A_PROXY_ADDR6] = NLA_POLICY_EXACT_LEN(16),
	[MPTCP_LB_A_PROXY_STATE] = NLA_POLICY_MAX(NLA_U32, 1),
	[MPTCP_LB_A_PROXY_TOKENS] = NLA_POLICY_MAX(NLA_U32, 2),
	[MPTCP_LB_A_PROXY_RANGE] = NLA_POLICY_NESTED(mptcp_lb_range_nl_policy),
	[MPTCP_LB_A_PROXY_STATS] = NLA_POLICY_NESTED(mptcp_lb_stats_nl_policy),
	[MPTCP_LB_A_PROXY_ENCAP] = NLA_POLICY_MAX(NLA_U32, 1),
	[MPTCP_LB_A_PROXY_ENCAP_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[MPTCP_LB_A_PROXY_DIRECT_ADDR4] = { .type = NLA_U32, },
	[MPTCP_LB_A_PROXY_DIRECT_ADDR6] = NLA_POLICY_EXACT_LEN(16),
};

const struct nla_policy mptcp_lb_range_nl_policy[MPTCP_LB_A_RANGE_HI + 1] = {
	[MPTCP_LB_A_RANGE_LO] = { .type = NLA_U32, },
	[MPTCP_LB_A_RANGE_HI] = { .type = NLA_U32, },
};

const struct nla_policy mptcp_lb_service_nl_policy[MPTCP_LB_A_SERVICE_LOOKUP + 1] = {
	[MPTCP_LB_A_SERVICE_ADDR4] = { .type = NLA_U32, },
	[MPTCP_LB_A_SERVICE_ADDR6] = NLA_POLICY_EXACT_LEN(16),
	[MPTCP_LB_A_SERVICE_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[MPTCP_LB_A_SERVICE_MAGLEV_SIZE] = NLA_POLICY_FULL_RANGE(NLA_U32, &mptcp_lb_a_service_maglev_size_range),
	[MPTCP_LB_A_SERVICE_HASH_SEED] = { .type = NLA_U64, },
	[MPTCP_LB_A_SERVICE_FLOW_MAX] = NLA_POLICY_FULL_RANGE(NLA_U32, &mptcp_lb_a_service_flow_max_range),
	[MPTCP_LB_A_SERVICE_FLOW_TIMEOUT] = NLA_POLICY_FULL_RANGE(NLA_U32, &mptcp_lb_a_service_flow_timeout_range),
	[MPTCP_LB_A_SERVICE_MEMBER] = NLA_POLICY_NESTED(mptcp_lb_member_nl_policy),
	[MPTCP_LB_A_SERVICE_STATS] = NLA_POLICY_NESTED(mptcp_lb_stats_nl_policy),
	[MPTCP_LB_A_SERVICE_JOIN_TIMEOUT] = NLA_POLICY_FULL_RANGE(NLA_U32, &mptcp_lb_a_service_join_timeout_range),
	[MPTCP_LB_A_SERVICE_LOOKUP] = NLA_POLICY_MAX(NLA_U32, 1),
};

const struct nla_policy mptcp_lb_stats_nl_policy[MPTCP_LB_A_STATS_DROP_JOIN_DIRECT + 1] = {
	[MPTCP_LB_A_STATS_PACKETS] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_BYTES] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_SYN_JOIN] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_SYN_NEW] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_FLOW_MISS] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_FLOW_EVICTED] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_FLOW_UNTRACKED] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_ICMP] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_DROP_NO_SECRET] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_DROP_UNKNOWN_TOKEN] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_DROP_NOT_MEMBER] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_DROP_NO_PROXY] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_DROP_MALFORMED] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_DROP_NO_ROUTE] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_DROP_TOO_BIG] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_DROP_ERROR] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_SYN_JOIN_LEARNED] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_LEARNED] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_LEARN_COLLISION] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_LEARN_SHADOWED] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_LEARN_MISSED] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_DROP_TOKEN_CONFLICT] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_DROP_JOIN_UNTRACKED] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_SYN_KEPT] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_CLOSE_IGNORED] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_SYN_OPT_TRUNCATED] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_SYN_MPTCP_IGNORED] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_SYN_MPC_FUTURE] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_SYN_MPC_JOIN] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_DROP_STRAY] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_STRAY_LOCAL] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_ICMP_TUNNEL_MTU] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_ICMP_FANOUT] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_ICMP_FANOUT_LIMITED] = { .type = NLA_U64, },
	[MPTCP_LB_A_STATS_DROP_JOIN_DIRECT] = { .type = NLA_U64, },
};

const struct nla_policy mptcp_lb_vip_nl_policy[MPTCP_LB_A_VIP_STRAY + 1] = {
	[MPTCP_LB_A_VIP_STRAY] = NLA_POLICY_MAX(NLA_U32, 1),
};

/* Global operation policy for mptcp_lb */
const struct nla_policy mptcp_lb_lb_nl_policy[MPTCP_LB_A_VIP + 1] = {
	[MPTCP_LB_A_CIPHER] = NLA_POLICY_NESTED(mptcp_lb_cipher_nl_policy),
	[MPTCP_LB_A_PROXY] = NLA_POLICY_NESTED(mptcp_lb_proxy_nl_policy),
	[MPTCP_LB_A_SERVICE] = NLA_POLICY_NESTED(mptcp_lb_service_nl_policy),
	[MPTCP_LB_A_FLOW] = NLA_POLICY_NESTED(mptcp_lb_flow_nl_policy),
	[MPTCP_LB_A_VIP] = NLA_POLICY_NESTED(mptcp_lb_vip_nl_policy),
};

/* Ops table for mptcp_lb */
const struct genl_small_ops mptcp_lb_nl_ops[20] = {
	{
		.cmd	= MPTCP_LB_CMD_INFO_GET,
		.doit	= mptcp_lb_nl_info_get_doit,
	},
	{
		.cmd	= MPTCP_LB_CMD_CIPHER_SET,
		.doit	= mptcp_lb_nl_cipher_set_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MPTCP_LB_CMD_CIPHER_GET,
		.doit	= mptcp_lb_nl_cipher_get_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MPTCP_LB_CMD_PROXY_NEW,
		.doit	= mptcp_lb_nl_proxy_new_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MPTCP_LB_CMD_PROXY_SET,
		.doit	= mptcp_lb_nl_proxy_set_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MPTCP_LB_CMD_PROXY_DEL,
		.doit	= mptcp_lb_nl_proxy_del_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MPTCP_LB_CMD_PROXY_GET,
		.doit	= mptcp_lb_nl_proxy_get_doit,
		.dumpit	= mptcp_lb_nl_proxy_get_dumpit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MPTCP_LB_CMD_PROXY_FLUSH,
		.doit	= mptcp_lb_nl_proxy_flush_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MPTCP_LB_CMD_SERVICE_NEW,
		.doit	= mptcp_lb_nl_service_new_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MPTCP_LB_CMD_SERVICE_SET,
		.doit	= mptcp_lb_nl_service_set_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MPTCP_LB_CMD_SERVICE_DEL,
		.doit	= mptcp_lb_nl_service_del_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MPTCP_LB_CMD_SERVICE_GET,
		.doit	= mptcp_lb_nl_service_get_doit,
		.dumpit	= mptcp_lb_nl_service_get_dumpit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MPTCP_LB_CMD_SERVICE_FLUSH,
		.doit	= mptcp_lb_nl_service_flush_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MPTCP_LB_CMD_MEMBER_SET,
		.doit	= mptcp_lb_nl_member_set_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MPTCP_LB_CMD_MEMBER_DEL,
		.doit	= mptcp_lb_nl_member_del_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MPTCP_LB_CMD_STATS_GET,
		.doit	= mptcp_lb_nl_stats_get_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MPTCP_LB_CMD_STATS_ZERO,
		.doit	= mptcp_lb_nl_stats_zero_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MPTCP_LB_CMD_FLOW_GET,
		.dumpit	= mptcp_lb_nl_flow_get_dumpit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MPTCP_LB_CMD_VIP_SET,
		.doit	= mptcp_lb_nl_vip_set_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MPTCP_LB_CMD_VIP_GET,
		.doit	= mptcp_lb_nl_vip_get_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
};

static const struct genl_multicast_group mptcp_lb_nl_mcgrps[] = {
	[MPTCP_LB_NLGRP_CONFIG] = { "config", },
};
