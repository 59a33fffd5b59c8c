/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The netfilter hooks of the data path: every TCP packet for a service's
 * address and port, and every ICMP error about one, goes to one proxy.
 */
#ifndef _MLB_HOOK_H
#define _MLB_HOOK_H

#include <linux/types.h>

#include "flow.h"
#include "service.h"

struct mlb_net;
struct mlb_proxy;
struct sk_buff;

/**
 * struct mlb_conn - the connection a packet belongs to, seen from the client
 * @service: the service's address and port, padding zeroed
 * @flow: the client's address and port
 */
struct mlb_conn {
	struct mlb_service_key service;
	struct mlb_flow_key flow;
};

int mlb_hooks_register(struct mlb_net *mn);
void mlb_hooks_unregister(struct mlb_net *mn);
void mlb_count(struct mlb_net *mn, struct mlb_service *service, int type);
u32 mlb_maglev_proxy(const struct mlb_service_conf *conf,
		     const struct mlb_conn *conn);
unsigned int mlb_forward(struct mlb_net *mn, struct mlb_service *service,
			 struct sk_buff *skb, u32 proxy_id, int drop,
			 unsigned long kinds);
unsigned int mlb_forward_to(struct mlb_net *mn, struct mlb_service *service,
			    struct sk_buff *skb, struct mlb_proxy *proxy,
			    int drop, unsigned long kinds);
enum mlb_flow_insert mlb_record(struct mlb_net *mn,
				struct mlb_service *service,
				const struct mlb_service_conf *conf,
				const struct mlb_conn *conn, u32 *proxy_id,
				u8 flags, u32 token, u32 seq_end);

#endif /* _MLB_HOOK_H */
