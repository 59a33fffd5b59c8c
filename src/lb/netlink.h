/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The mptcp_lb generic netlink family: the control plane of the LB.  The
 * policies and the ops table are generated from the YNL spec into
 * netlink_gen.c; each object's handlers live in that object's file.
 */
#ifndef _MLB_NETLINK_H
#define _MLB_NETLINK_H

#include <net/genetlink.h>

#include "netlink_gen.h"

/*
 * The last top-level attribute a request may carry.  learned-tokens,
 * before it but only ever reported, has no entry in the generated
 * policy: strict validation refuses it in requests.
 */
#define MLB_NL_REQUEST_ATTR_MAX	(ARRAY_SIZE(mptcp_lb_lb_nl_policy) - 1)

typedef int (*mlb_nl_fill_t)(struct sk_buff *msg, struct genl_info *info,
			     const void *arg);
typedef int (*mlb_nl_put_t)(struct sk_buff *msg, const void *entry,
			    const void *arg);

int mlb_nl_reply(struct genl_info *info, size_t size, mlb_nl_fill_t fill,
		 const void *arg);
void mlb_nl_notify(struct genl_info *info, size_t size, mlb_nl_fill_t fill,
		   const void *arg);
void *mlb_nl_dump_start(struct sk_buff *skb, struct netlink_callback *cb);
int mlb_nl_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
		    mlb_nl_put_t put, const void *entry, const void *arg);
int mlb_nl_dump_xa(struct sk_buff *skb, struct netlink_callback *cb,
		   struct xarray *xa, mlb_nl_put_t put, const void *arg);
void mlb_nl_dump_size_xa(struct netlink_callback *cb, struct xarray *xa,
			 size_t (*msg_size)(const void *entry));
u32 mlb_nl_count(const struct nlattr *nest, int type);
bool mlb_nl_reject_read_only(struct nlattr **tb, int type,
			     struct netlink_ext_ack *extack);
bool mlb_nl_reject_ipv6(const struct nlattr *attr,
			struct netlink_ext_ack *extack);
int mlb_genl_init(void);
void mlb_genl_uninit(void);

#endif /* _MLB_NETLINK_H */
