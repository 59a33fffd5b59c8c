/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The members of a service and the configuration built from them: its
 * Maglev table, rebuilt when they or a member proxy's state change.
 */
#ifndef _MLB_MEMBER_H
#define _MLB_MEMBER_H

#include <linux/types.h>

#include "service.h"

struct mlb_proxy;
struct netlink_ext_ack;
struct nlattr;

struct mlb_service_conf *
mlb_conf_build(struct mlb_net *mn, const struct mlb_service_conf *params,
	       const struct mlb_member *members, u32 nmembers,
	       const struct mlb_proxy *pending, struct netlink_ext_ack *extack);
struct mlb_member *mlb_members_parse(struct mlb_net *mn, struct nlattr *nest,
				     u32 *nmembers,
				     struct netlink_ext_ack *extack);
struct mlb_service *mlb_service_using(struct mlb_net *mn, u32 proxy_id);
int mlb_services_prepare(struct mlb_net *mn, const struct mlb_proxy *pending);
void mlb_services_commit(struct mlb_net *mn);

#endif /* _MLB_MEMBER_H */
