/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The handshake of a flow through the hooks: where a SYN goes, by its
 * MP_JOIN token or by Maglev, and the token a learning proxy's
 * connection teaches with the keys of its third ACK.
 */
#ifndef _MLB_HANDSHAKE_H
#define _MLB_HANDSHAKE_H

#include <linux/types.h>

struct mlb_conn;
struct mlb_flow;
struct mlb_net;
struct mlb_service;
struct mlb_service_conf;
struct sk_buff;
struct tcphdr;

unsigned int mlb_syn_packet(struct mlb_net *mn, struct mlb_service *service,
			    const struct mlb_service_conf *conf,
			    struct sk_buff *skb, unsigned int thoff,
			    const struct tcphdr *th, const struct mlb_conn *conn);
void mlb_learn_keys(struct mlb_net *mn, struct mlb_service *service,
		    const struct mlb_service_conf *conf, struct sk_buff *skb,
		    unsigned int thoff, struct mlb_flow *flow);

#endif /* _MLB_HANDSHAKE_H */
