/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sending a packet to its proxy: encapsulated in IPv4 or IPv6 (ipip, sit
 * or ip6tnl on the proxy), answered by the proxy directly to the client.
 */
#ifndef _MLB_XMIT_H
#define _MLB_XMIT_H

#include <linux/types.h>

struct mlb_proxy;
struct net;
struct sk_buff;

int mlb_xmit(struct net *net, struct sk_buff *skb, struct mlb_proxy *proxy);
void mlb_send_too_big(struct sk_buff *skb, unsigned int mtu);
unsigned int mlb_xmit_mtu(struct net *net, const struct mlb_proxy *proxy,
			  const void *outer);

#endif /* _MLB_XMIT_H */
