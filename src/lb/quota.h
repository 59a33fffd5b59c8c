/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a namespace owned by a user namespace other than the initial one
 * may configure: its root can be anyone allowed to unshare.
 */
#ifndef _MLB_QUOTA_H
#define _MLB_QUOTA_H

#include <linux/types.h>

struct mlb_net;
struct netlink_ext_ack;

int mlb_quota_proxy(struct mlb_net *mn, struct netlink_ext_ack *extack);
int mlb_quota_service(struct mlb_net *mn, u32 flow_max,
		      struct netlink_ext_ack *extack);

#endif /* _MLB_QUOTA_H */
