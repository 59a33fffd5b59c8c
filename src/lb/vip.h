/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The addresses of a namespace's services (VIPs), and what becomes of the
 * packets to them that no service takes: routing would send them back
 * toward the router they came from.
 */
#ifndef _MLB_VIP_H
#define _MLB_VIP_H

#include "netns.h"

struct mlb_service_key;
struct nf_hook_state;
struct sk_buff;

void mlb_vips_init(struct mlb_net *mn);
int mlb_vip_hold(struct mlb_net *mn, const struct mlb_service_key *service);
void mlb_vip_put(struct mlb_net *mn, const struct mlb_service_key *service);
unsigned int mlb_vip_stray(struct mlb_net *mn, struct sk_buff *skb,
			   const struct nf_hook_state *state);

#endif /* _MLB_VIP_H */
