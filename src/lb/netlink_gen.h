/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/mptcp_lb.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_MPTCP_LB_GEN_H
#define _LINUX_MPTCP_LB_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/mptcp_lb.h>

/* Common nested types */
extern const struct nla_policy mptcp_lb_cipher_nl_policy[MPTCP_LB_A_CIPHER_FINGERPRINT + 1];
extern const struct nla_policy mptcp_lb_flow_nl_policy[MPTCP_LB_A_FLOW_CONFIRMED + 1];
extern const struct nla_policy mptcp_lb_member_nl_policy[MPTCP_LB_A_MEMBER_WEIGHT + 1];
extern const struct nla_policy mptcp_lb_proxy_nl_policy[MPTCP_LB_A_PROXY_DIRECT_ADDR6 + 1];
extern const struct nla_policy mptcp_lb_range_nl_policy[MPTCP_LB_A_RANGE_HI + 1];
extern const struct nla_policy mptcp_lb_service_nl_policy[MPTCP_LB_A_SERVICE_LOOKUP + 1];
extern const struct nla_policy mptcp_lb_stats_nl_policy[MPTCP_LB_A_STATS_DROP_JOIN_DIRECT + 1];
extern const struct nla_policy mptcp_lb_vip_nl_policy[MPTCP_LB_A_VIP_STRAY + 1];

/* Global operation policy for mptcp_lb */
extern const struct nla_policy mptcp_lb_lb_nl_policy[MPTCP_LB_A_VIP + 1];

/* Ops table for mptcp_lb */
extern const struct genl_small_ops mptcp_lb_nl_ops[20];

int mptcp_lb_nl_info_get_doit(struct sk_buff *skb, struct genl_info *info);
int mptcp_lb_nl_cipher_set_doit(struct sk_buff *skb, struct genl_info *info);
int mptcp_lb_nl_cipher_get_doit(struct sk_buff *skb, struct genl_info *info);
int mptcp_lb_nl_proxy_new_doit(struct sk_buff *skb, struct genl_info *info);
int mptcp_lb_nl_proxy_set_doit(struct sk_buff *skb, struct genl_info *info);
int mptcp_lb_nl_proxy_del_doit(struct sk_buff *skb, struct genl_info *info);
int mptcp_lb_nl_proxy_get_doit(struct sk_buff *skb, struct genl_info *info);
int mptcp_lb_nl_proxy_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb);
int mptcp_lb_nl_proxy_flush_doit(struct sk_buff *skb, struct genl_info *info);
int mptcp_lb_nl_service_new_doit(struct sk_buff *skb, struct genl_info *info);
int mptcp_lb_nl_service_set_doit(struct sk_buff *skb, struct genl_info *info);
int mptcp_lb_nl_service_del_doit(struct sk_buff *skb, struct genl_info *info);
int mptcp_lb_nl_service_get_doit(struct sk_buff *skb, struct genl_info *info);
int mptcp_lb_nl_service_get_dumpit(struct sk_buff *skb,
				   struct netlink_callback *cb);
int mptcp_lb_nl_service_flush_doit(struct sk_buff *skb, struct genl_info *info);
int mptcp_lb_nl_member_set_doit(struct sk_buff *skb, struct genl_info *info);
int mptcp_lb_nl_member_del_doit(struct sk_buff *skb, struct genl_info *info);
int mptcp_lb_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info);
int mptcp_lb_nl_stats_zero_doit(struct sk_buff *skb, struct genl_info *info);
int mptcp_lb_nl_flow_get_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb);
int mptcp_lb_nl_vip_set_doit(struct sk_buff *skb, struct genl_info *info);
int mptcp_lb_nl_vip_get_doit(struct sk_buff *skb, struct genl_info *info);

enum {
	MPTCP_LB_NLGRP_CONFIG,
};

#endif /* _LINUX_MPTCP_LB_GEN_H */
