/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/mptcp_lb_issuer.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_MPTCP_LB_ISSUER_GEN_H
#define _LINUX_MPTCP_LB_ISSUER_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/mptcp_lb_issuer.h>

/* Common nested types */
extern const struct nla_policy mptcp_lb_issuer_config_nl_policy[MPTCP_LB_ISSUER_A_CONFIG_STATS + 1];
extern const struct nla_policy mptcp_lb_issuer_range_nl_policy[MPTCP_LB_ISSUER_A_RANGE_HI + 1];
extern const struct nla_policy mptcp_lb_issuer_stats_nl_policy[MPTCP_LB_ISSUER_A_STATS_ACCEPT_RATE + 1];

/* Global operation policy for mptcp_lb_issuer */
extern const struct nla_policy mptcp_lb_issuer_issuer_nl_policy[MPTCP_LB_ISSUER_A_CONFIG + 1];

/* Ops table for mptcp_lb_issuer */
extern const struct genl_small_ops mptcp_lb_issuer_nl_ops[3];

int mptcp_lb_issuer_nl_config_set_doit(struct sk_buff *skb,
				       struct genl_info *info);
int mptcp_lb_issuer_nl_config_get_doit(struct sk_buff *skb,
				       struct genl_info *info);
int mptcp_lb_issuer_nl_config_del_doit(struct sk_buff *skb,
				       struct genl_info *info);

#endif /* _LINUX_MPTCP_LB_ISSUER_GEN_H */
