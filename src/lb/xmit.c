// SPDX-License-Identifier: GPL-2.0
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/dsfield.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>
#include <net/route.h>
/* skb_gso_validate_network_len() left skbuff.h for gso.h in 6.5. */
#ifdef MLB_HAVE_NET_GSO_H
#include <net/gso.h>
#endif

#include "proxy.h"
#include "xmit.h"

/* The inner packet's traffic class and protocol number as a payload. */
static void inner_info(const struct sk_buff *skb, u8 *dsfield, u8 *proto,
		       bool *df)
{
	if (skb->protocol == htons(ETH_P_IP)) {
		*dsfield = ipv4_get_dsfield(ip_hdr(skb));
		*proto = IPPROTO_IPIP;
		*df = ip_hdr(skb)->frag_off & htons(IP_DF);
	} else {
		*dsfield = ipv6_get_dsfield(ipv6_hdr(skb));
		*proto = IPPROTO_IPV6;
		/* Only the source may fragment IPv6. */
		*df = true;
	}
}

static bool too_big(const struct sk_buff *skb, unsigned int mtu)
{
	if (skb_is_gso(skb))
		return !skb_gso_validate_network_len(skb, mtu);
	return skb->len > mtu;
}

/**
 * mlb_send_too_big() - tell a client what a router would
 * @skb: the client's packet, at its network header, skb->protocol set
 * @mtu: the largest packet that fits the tunnel, in bytes
 *
 * Sends fragmentation needed or packet too big (no smaller than
 * %IPV6_MIN_MTU).  An IPv4 ICMP error is sourced by the input route,
 * which the packet, caught before routing, does not have yet.
 */
void mlb_send_too_big(struct sk_buff *skb, unsigned int mtu)
{
	const struct iphdr *iph;

	if (skb->protocol == htons(ETH_P_IPV6)) {
		icmpv6_send(skb, ICMPV6_PKT_TOOBIG, 0,
			    max_t(unsigned int, mtu, IPV6_MIN_MTU));
		return;
	}
	iph = ip_hdr(skb);
	if (!skb_dst(skb) &&
	    ip_route_input_noref(skb, iph->daddr, iph->saddr, iph->tos,
				 skb->dev))
		return;
	icmp_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, htonl(mtu));
}

/* Makes room for the outer header and readies offloads for it. */
static int prepare(struct sk_buff *skb, unsigned int headroom, int gso_type,
		   u8 inner_proto)
{
	nf_reset_ct(skb);
	/*
	 * A receive timestamp, set when a socket of the host asked for them,
	 * would reach the egress qdisc as a delivery time: sch_fq drops the
	 * packet as decades beyond its horizon.  Cleared as ip_forward_finish()
	 * and IPVS's ip_vs_tunnel_xmit_prepare() clear it.
	 */
	skb_clear_tstamp(skb);
	if (skb_cow_head(skb, headroom))
		return -ENOMEM;
	/* Resets CHECKSUM_COMPLETE, which the new header would falsify. */
	if (iptunnel_handle_offloads(skb, gso_type))
		return -ENOMEM;
	skb_set_inner_ipproto(skb, inner_proto);
	return 0;
}

static int xmit4(struct net *net, struct sk_buff *skb, __be32 daddr)
{
	struct flowi4 fl4 = { .daddr = daddr };
	unsigned int mtu;
	struct iphdr *iph;
	struct rtable *rt;
	u8 dsfield, proto;
	bool df;

	inner_info(skb, &dsfield, &proto, &df);
	fl4.flowi4_proto = proto;
	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt))
		return MPTCP_LB_A_STATS_DROP_NO_ROUTE;
	mtu = dst_mtu(&rt->dst) - sizeof(*iph);
	if (df && too_big(skb, mtu)) {
		mlb_send_too_big(skb, mtu);
		ip_rt_put(rt);
		return MPTCP_LB_A_STATS_DROP_TOO_BIG;
	}
	if (prepare(skb, LL_RESERVED_SPACE(rt->dst.dev) + sizeof(*iph),
		    SKB_GSO_IPXIP4, proto)) {
		ip_rt_put(rt);
		return MPTCP_LB_A_STATS_DROP_ERROR;
	}
	skb_push(skb, sizeof(*iph));
	skb_reset_network_header(skb);
	iph = ip_hdr(skb);
	iph->version = 4;
	iph->ihl = sizeof(*iph) >> 2;
	iph->tos = dsfield;
	iph->frag_off = df ? htons(IP_DF) : 0;
	iph->ttl = ip4_dst_hoplimit(&rt->dst);
	iph->protocol = proto;
	iph->saddr = fl4.saddr;
	iph->daddr = daddr;
	skb->protocol = htons(ETH_P_IP);
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	skb_dst_drop(skb);
	skb_dst_set(skb, &rt->dst);
	ip_select_ident(net, skb, NULL);
	/* ip_local_out() sets the length and checksum, then consumes it. */
	ip_local_out(net, NULL, skb);
	return 0;
}

static int xmit6(struct net *net, struct sk_buff *skb,
		 const struct in6_addr *daddr)
{
	struct flowi6 fl6 = { .daddr = *daddr };
	struct dst_entry *dst;
	struct ipv6hdr *ip6h;
	unsigned int mtu;
	u8 dsfield, proto;
	bool df;

	inner_info(skb, &dsfield, &proto, &df);
	fl6.flowi6_proto = proto;
	/* Also chooses the source address. */
	if (ip6_dst_lookup(net, NULL, &dst, &fl6))
		return MPTCP_LB_A_STATS_DROP_NO_ROUTE;
	mtu = dst_mtu(dst) - sizeof(*ip6h);
	if (df && too_big(skb, mtu)) {
		mlb_send_too_big(skb, mtu);
		dst_release(dst);
		return MPTCP_LB_A_STATS_DROP_TOO_BIG;
	}
	if (prepare(skb, LL_RESERVED_SPACE(dst->dev) + sizeof(*ip6h),
		    SKB_GSO_IPXIP6, proto)) {
		dst_release(dst);
		return MPTCP_LB_A_STATS_DROP_ERROR;
	}
	skb_push(skb, sizeof(*ip6h));
	skb_reset_network_header(skb);
	ip6h = ipv6_hdr(skb);
	ip6_flow_hdr(ip6h, dsfield, 0);
	ip6h->nexthdr = proto;
	ip6h->hop_limit = ip6_dst_hoplimit(dst);
	ip6h->saddr = fl6.saddr;
	ip6h->daddr = *daddr;
	skb->protocol = htons(ETH_P_IPV6);
	/* An IPv4 packet that may be fragmented may be, by us. */
	skb->ignore_df = !df;
	memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
	skb_dst_drop(skb);
	skb_dst_set(skb, dst);
	ip6_local_out(net, NULL, skb);
	return 0;
}

/**
 * mlb_xmit() - send a packet, encapsulated, to a proxy
 * @net: the namespace
 * @skb: an IPv4 or IPv6 packet, data at its network header
 * @proxy: where to; its address family chooses the outer header
 *
 * Return: 0 if @skb was consumed, or the MPTCP_LB_A_STATS_DROP_* reason
 * it was not sent for (the caller drops it).
 */
int mlb_xmit(struct net *net, struct sk_buff *skb,
	     const struct mlb_proxy *proxy)
{
	if (proxy->family == AF_INET)
		return xmit4(net, skb, proxy->addr.v4);
	return xmit6(net, skb, &proxy->addr.v6);
}
