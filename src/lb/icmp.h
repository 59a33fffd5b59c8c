/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ICMP errors the data path acts on: those about a service's connections.
 */
#ifndef _MLB_ICMP_H
#define _MLB_ICMP_H

struct mlb_net;
struct sk_buff;

unsigned int mlb_icmp_v4(struct mlb_net *mn, struct sk_buff *skb,
			 unsigned int off);
unsigned int mlb_icmp_v6(struct mlb_net *mn, struct sk_buff *skb,
			 unsigned int off);

#endif /* _MLB_ICMP_H */
