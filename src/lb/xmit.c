// SPDX-License-Identifier: GPL-2.0
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <net/dsfield.h>
#include <net/gue.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ip6_route.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/route.h>
#include <net/udp.h>
/* skb_gso_validate_network_len() left skbuff.h for gso.h in 6.5. */
#ifdef MLB_HAVE_NET_GSO_H
#include <net/gso.h>
#endif

#include "proxy.h"
#include "route_cache.h"
#include "xmit.h"

/**
 * struct mlb_inner - what the outer header and the size checks take from
 * the packet they carry
 * @dsfield: its traffic class
 * @proto: its protocol number as a payload (IPPROTO_IPIP or IPPROTO_IPV6)
 * @df: whether its sender forbade routers to fragment it: IPv4's DF, and
 *	always for IPv6, which only the source fragments
 * @frag_max: the size of the largest fragment the hook reassembled it
 *	from, in bytes, or 0 if it came whole
 */
struct mlb_inner {
	u8 dsfield;
	u8 proto;
	bool df;
	u16 frag_max;
};

/*
 * inner_info(), fits() and prepare() are inlined into both xmit4() and
 * xmit6(): called, they cost every packet 40 instructions more.
 */
static __always_inline void inner_info(const struct sk_buff *skb,
				       struct mlb_inner *in)
{
	if (skb->protocol == htons(ETH_P_IP)) {
		in->dsfield = ipv4_get_dsfield(ip_hdr(skb));
		in->proto = IPPROTO_IPIP;
		in->df = ip_hdr(skb)->frag_off & htons(IP_DF);
		in->frag_max = IPCB(skb)->frag_max_size;
	} else {
		in->dsfield = ipv6_get_dsfield(ipv6_hdr(skb));
		in->proto = IPPROTO_IPV6;
		in->df = true;
		in->frag_max = IP6CB(skb)->frag_max_size;
	}
}

/*
 * Whether @skb exceeds @mtu as a router judges it (ip_exceeds_mtu(),
 * ip6_pkt_too_big()): a packet the hook reassembled by its largest
 * fragment @frag_max, which is what its sender sent and can make smaller,
 * a GSO packet by the segments it stands for.
 */
static bool too_big(const struct sk_buff *skb, unsigned int mtu,
		    unsigned int frag_max)
{
	if (skb->len <= mtu)
		return false;
	if (frag_max)
		return frag_max > mtu;
	if (skb_is_gso(skb))
		return !skb_gso_validate_network_len(skb, mtu);
	return true;
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
		/* Linux ignores smaller ones (tcp_v6_err(), since 5.14). */
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

/*
 * Whether @skb may enter a tunnel whose path leaves @mtu bytes for it;
 * if not, its sender is told.  @fragment says if the outer packet may be
 * fragmented: if the sender allowed it, if the hook joined what the
 * sender sent in pieces that fit (the outer carries them joined, as
 * ip6_tnl and ipip carry what the stack hands them), and for an IPv6
 * packet of at most 1280 bytes over a path below 1280 plus the outer
 * header, which must get across (RFC 2473 section 7.1, as ip6_tnl_xmit()
 * and sit's ipip6_tunnel_xmit() do).
 */
static __always_inline bool fits(struct sk_buff *skb,
				 const struct mlb_inner *in, unsigned int mtu,
				 bool *fragment)
{
	unsigned int limit = mtu;

	if (skb->protocol == htons(ETH_P_IPV6))
		limit = max_t(unsigned int, mtu, IPV6_MIN_MTU);
	if (in->df && too_big(skb, limit, in->frag_max)) {
		mlb_send_too_big(skb, limit);
		return false;
	}
	*fragment = !in->df || too_big(skb, mtu, 0);
	return true;
}

/* Makes room for the outer header and readies offloads for it. */
static __always_inline int prepare(struct sk_buff *skb,
				   unsigned int headroom, int gso_type,
				   u8 inner_proto)
{
	/*
	 * Untracked, as IPVS sends what it tunnels (ip_vs_notrack()): with
	 * conntrack on in the namespace, each outer flow would take an entry,
	 * one per client flow with GUE's source ports, that nothing needs.
	 */
	nf_reset_ct(skb);
#if IS_ENABLED(CONFIG_NF_CONNTRACK)
	nf_ct_set(skb, NULL, IP_CT_UNTRACKED);
#endif
	/*
	 * A receive timestamp, set when a socket of the host asked for them,
	 * would reach the egress qdisc as a delivery time: sch_fq drops the
	 * packet as decades beyond its horizon.  Cleared as ip_forward_finish()
	 * and IPVS's ip_vs_tunnel_xmit_prepare() clear it.
	 */
	skb_clear_tstamp(skb);
	if (skb_cow_head(skb, headroom))
		return -ENOMEM;
	/*
	 * The inner headers iptunnel_handle_offloads() records start at the
	 * client's IP header, not at the Ethernet header it came in: UDP
	 * tunnel GSO takes the tunnel header to end at the inner MAC header
	 * (__skb_udp_tunnel_segment()).
	 */
	skb_reset_mac_header(skb);
	/* Resets CHECKSUM_COMPLETE, which the new header would falsify. */
	if (iptunnel_handle_offloads(skb, gso_type))
		return -ENOMEM;
	skb_set_inner_ipproto(skb, inner_proto);
	return 0;
}

/*
 * The headers in front of the client's packet, in bytes: the outer IP
 * header of @proxy's family, then with GUE the UDP and GUE headers.
 */
static unsigned int outer_len(const struct mlb_proxy *proxy)
{
	unsigned int len = proxy->family == AF_INET ? sizeof(struct iphdr) :
						      sizeof(struct ipv6hdr);

	if (proxy->encap == MPTCP_LB_PROXY_ENCAP_GUE)
		len += sizeof(struct udphdr) + sizeof(struct guehdr);
	return len;
}

/* The outer header's protocol: UDP for GUE, the inner's for IPIP. */
static u8 outer_proto(const struct mlb_proxy *proxy, u8 inner_proto)
{
	if (proxy->encap == MPTCP_LB_PROXY_ENCAP_GUE)
		return IPPROTO_UDP;
	return inner_proto;
}

/*
 * Pushes the UDP and GUE headers in front of the client's packet: GUE
 * variant 0 with no flags or options, its protocol the inner packet's
 * (draft-ietf-intarea-gue section 3.1), which fou's gue_udp_recv()
 * hands to that protocol's handler, the proxy's tunnel device, as
 * IPVS's ipvs_gue_encap() builds it.  The UDP checksum is left to the
 * caller.
 */
static void push_gue(struct sk_buff *skb, const struct mlb_proxy *proxy,
		     __be16 sport, u8 inner_proto)
{
	struct guehdr *gueh;
	struct udphdr *uh;

	gueh = skb_push(skb, sizeof(*gueh));
	gueh->word = 0;
	gueh->proto_ctype = inner_proto;
	uh = skb_push(skb, sizeof(*uh));
	skb_reset_transport_header(skb);
	uh->source = sport;
	uh->dest = proxy->encap_port;
	uh->len = htons(skb->len);
	uh->check = 0;
}

/*
 * The route of outer packets carrying @proto to @fl4's destination, which
 * also picks their source address into @fl4.  With a protocol, the lookup
 * applies IPsec policies (xfrm_lookup_route()).
 */
static struct rtable *outer_route4(struct net *net, u8 proto,
				   struct flowi4 *fl4)
{
	fl4->flowi4_proto = proto;
	return ip_route_output_key(net, fl4);
}

/*
 * The same for IPv6: ip6_dst_lookup_flow() applies IPsec policies
 * (xfrm_lookup()), as ip6_tnl and IPVS look up their outer routes.
 */
static struct dst_entry *outer_route6(struct net *net, u8 proto,
				      struct flowi6 *fl6)
{
	fl6->flowi6_proto = proto;
	return ip6_dst_lookup_flow(net, NULL, fl6, NULL);
}

/*
 * The route of IPIP packets to @proxy carrying @inner_proto, cached per
 * CPU: the lookup was a tenth of an established packet's cost.  Only
 * IPv4 IPIP is cached, whose lookup keys (the proxy's address and the
 * protocol) are the same for every packet, so the cache answers what the
 * lookup would: GUE's ports and IPv6's flow labels spread flows over a
 * multipath route, and a cache would keep them on one path.  A cached
 * route comes without a reference, as IPVS's packets use a real server's
 * (__ip_vs_get_out_rt()), which @noref says: see mlb_route_cache_get().
 * Its source address is set in @saddr.
 */
static struct rtable *ipip_route4(struct net *net, struct mlb_proxy *proxy,
				  u8 inner_proto, __be32 *saddr, bool *noref)
{
	struct mlb_route_cache __percpu *cache;
	struct flowi4 fl4 __uninitialized;
	struct rtable *rt;

	cache = proxy->routes[inner_proto == IPPROTO_IPV6];
	rt = mlb_route_cache_get(cache, saddr);
	if (rt) {
		*noref = true;
		return rt;
	}
	/* Zeroed on a miss only: a hit needs no flow. */
	fl4 = (struct flowi4){ .daddr = proxy->addr.v4 };
	rt = outer_route4(net, inner_proto, &fl4);
	if (IS_ERR(rt))
		return rt;
	mlb_route_cache_set(cache, rt, fl4.saddr);
	*saddr = fl4.saddr;
	return rt;
}

/*
 * Drops the reference xmit4() holds on @rt, which it has not given to
 * the packet: none if it uses a cached route (@noref).
 */
static void put_route4(struct rtable *rt, bool noref)
{
	if (!noref)
		ip_rt_put(rt);
}

/*
 * Sets @skb's hash to its 5-tuple's, which the outer UDP source port and
 * IPv6 flow label are made from.  The hash a packet arrives with cannot
 * serve: it may be the sending socket's (on veth), which TCP re-draws
 * after a timeout, or missing until the flow dissector fills it, so
 * one subflow's packets would leave with different ports or labels
 * (measured on 6.1: 10 of 20 subflows did).
 */
static void flow_hash(struct sk_buff *skb)
{
	skb_set_hash(skb, __skb_get_hash_symmetric(skb), PKT_HASH_TYPE_L4);
}

/*
 * The outer UDP source port of GUE: from flow_hash(), within the local
 * port range, as udp_flow_src_port() makes it for every UDP tunnel, so
 * that the proxy's RSS and ECMP on the way tell flows apart
 * (draft-ietf-intarea-gue section 5.11).
 */
static __be16 gue_sport(struct net *net, struct sk_buff *skb)
{
	return udp_flow_src_port(net, skb, 0, 0, false);
}

/*
 * The route of GUE packets to @proxy, whose UDP source port, from the
 * packet's flow_hash(), it sets in @sport, and source address in @saddr.
 */
static struct rtable *gue_route4(struct net *net, struct sk_buff *skb,
				 const struct mlb_proxy *proxy, __be16 *sport,
				 __be32 *saddr)
{
	struct flowi4 fl4 = { .daddr = proxy->addr.v4 };
	struct rtable *rt;

	flow_hash(skb);
	fl4.fl4_sport = gue_sport(net, skb);
	fl4.fl4_dport = proxy->encap_port;
	rt = outer_route4(net, IPPROTO_UDP, &fl4);
	*sport = fl4.fl4_sport;
	*saddr = fl4.saddr;
	return rt;
}

static int xmit4(struct net *net, struct sk_buff *skb,
		 struct mlb_proxy *proxy)
{
	bool gue = proxy->encap == MPTCP_LB_PROXY_ENCAP_GUE;
	unsigned int hlen = outer_len(proxy);
	struct mlb_inner in;
	bool noref = false;
	struct iphdr *iph;
	struct rtable *rt;
	__be16 sport = 0;
	bool fragment;
	__be32 saddr;

	inner_info(skb, &in);
	rt = gue ? gue_route4(net, skb, proxy, &sport, &saddr) :
		   ipip_route4(net, proxy, in.proto, &saddr, &noref);
	if (IS_ERR(rt))
		return MPTCP_LB_A_STATS_DROP_NO_ROUTE;
	if (!fits(skb, &in, dst_mtu(&rt->dst) - hlen, &fragment)) {
		put_route4(rt, noref);
		return MPTCP_LB_A_STATS_DROP_TOO_BIG;
	}
	/* A zero UDP checksum, as RFC 768 allows and fou sends by default. */
	if (prepare(skb, LL_RESERVED_SPACE(rt->dst.dev) + hlen,
		    SKB_GSO_IPXIP4 | (gue ? SKB_GSO_UDP_TUNNEL : 0),
		    in.proto)) {
		put_route4(rt, noref);
		return MPTCP_LB_A_STATS_DROP_ERROR;
	}
	if (gue)
		push_gue(skb, proxy, sport, in.proto);
	skb_push(skb, sizeof(*iph));
	skb_reset_network_header(skb);
	iph = ip_hdr(skb);
	iph->version = 4;
	iph->ihl = sizeof(*iph) >> 2;
	iph->tos = in.dsfield;
	iph->frag_off = fragment ? 0 : htons(IP_DF);
	iph->ttl = ip4_dst_hoplimit(&rt->dst);
	iph->protocol = outer_proto(proxy, in.proto);
	/* The lookup leaves a destination it was given as it was. */
	iph->saddr = saddr;
	iph->daddr = proxy->addr.v4;
	skb->protocol = htons(ETH_P_IP);
	skb->ignore_df = fragment;
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	skb_dst_drop(skb);
	if (noref)
		skb_dst_set_noref(skb, &rt->dst);
	else
		skb_dst_set(skb, &rt->dst);
	/* One ID per segment the packet becomes, as iptunnel_xmit() takes. */
	ip_select_ident_segs(net, skb, NULL, skb_shinfo(skb)->gso_segs ?: 1);
	/* ip_local_out() sets the length and checksum, then consumes it. */
	ip_local_out(net, NULL, skb);
	return 0;
}

static int xmit6(struct net *net, struct sk_buff *skb,
		 const struct mlb_proxy *proxy)
{
	bool gue = proxy->encap == MPTCP_LB_PROXY_ENCAP_GUE;
	struct flowi6 fl6 = { .daddr = proxy->addr.v6 };
	unsigned int hlen = outer_len(proxy);
	struct dst_entry *dst;
	struct ipv6hdr *ip6h;
	struct mlb_inner in;
	bool fragment;

	inner_info(skb, &in);
	/*
	 * The flow label from the client packet's flow_hash(), as ip6_tnl
	 * labels what it sends (RFC 6438 section 3); hashed first, so that
	 * ip6_make_flowlabel() does not hash the outer addresses instead.
	 * The sysctl auto_flowlabels may turn it off.
	 */
	flow_hash(skb);
	if (gue) {
		fl6.fl6_sport = gue_sport(net, skb);
		fl6.fl6_dport = proxy->encap_port;
	}
	fl6.flowlabel = ip6_make_flowlabel(net, skb, 0, true, &fl6);
	dst = outer_route6(net, outer_proto(proxy, in.proto), &fl6);
	if (IS_ERR(dst))
		return MPTCP_LB_A_STATS_DROP_NO_ROUTE;
	if (!fits(skb, &in, dst_mtu(dst) - hlen, &fragment)) {
		dst_release(dst);
		return MPTCP_LB_A_STATS_DROP_TOO_BIG;
	}
	/*
	 * A UDP checksum: a zero one over IPv6 (RFC 6935) reaches only
	 * receivers that opt in, as fou's sockets do (udp_sock_create6()),
	 * and middleboxes may drop it (RFC 6936 section 5).
	 */
	if (prepare(skb, LL_RESERVED_SPACE(dst->dev) + hlen,
		    SKB_GSO_IPXIP6 | (gue ? SKB_GSO_UDP_TUNNEL_CSUM : 0),
		    in.proto)) {
		dst_release(dst);
		return MPTCP_LB_A_STATS_DROP_ERROR;
	}
	if (gue) {
		push_gue(skb, proxy, fl6.fl6_sport, in.proto);
		udp6_set_csum(false, skb, &fl6.saddr, &fl6.daddr, skb->len);
	}
	skb_push(skb, sizeof(*ip6h));
	skb_reset_network_header(skb);
	ip6h = ipv6_hdr(skb);
	ip6_flow_hdr(ip6h, in.dsfield, fl6.flowlabel);
	ip6h->nexthdr = outer_proto(proxy, in.proto);
	ip6h->hop_limit = ip6_dst_hoplimit(dst);
	ip6h->saddr = fl6.saddr;
	ip6h->daddr = fl6.daddr;
	skb->protocol = htons(ETH_P_IPV6);
	/* Only the source fragments IPv6: the outer's source is the LB. */
	skb->ignore_df = fragment;
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
 * @proxy: where to; its address family chooses the outer header, its
 *	encapsulation whether UDP and GUE follow it
 *
 * Return: 0 if @skb was consumed, or the MPTCP_LB_A_STATS_DROP_* reason
 * it was not sent for (the caller drops it).
 */
int mlb_xmit(struct net *net, struct sk_buff *skb, struct mlb_proxy *proxy)
{
	if (proxy->family == AF_INET)
		return xmit4(net, skb, proxy);
	return xmit6(net, skb, proxy);
}

/**
 * mlb_xmit_mtu() - the largest inner packet the route of a tunnelled
 *	packet carries
 * @net: the namespace
 * @proxy: the proxy it went to
 * @outer: its outer header as an ICMP error quotes it, readable through
 *	the UDP ports with GUE
 *
 * Looks up the route mlb_xmit() took for it, path MTU exceptions
 * included, by the keys that chose it: besides the addresses, the
 * protocol (policy routing, IPsec), with GUE the UDP ports and for IPv6
 * the flow label, which multipath routes hash (fib_multipath_hash(),
 * rt6_multipath_hash()).
 *
 * Return: the route's MTU less the outer headers (IP, and UDP and GUE
 * with GUE), in bytes, or 0 without a route.
 */
unsigned int mlb_xmit_mtu(struct net *net, const struct mlb_proxy *proxy,
			  const void *outer)
{
	const struct ipv6hdr *ip6h = outer;
	const struct iphdr *iph = outer;
	struct dst_entry *dst;
	const struct udphdr *uh;
	struct flowi6 fl6 = {};
	struct flowi4 fl4 = {};
	unsigned int mtu;
	struct rtable *rt;

	if (proxy->family == AF_INET) {
		fl4.daddr = iph->daddr;
		fl4.saddr = iph->saddr;
		if (iph->protocol == IPPROTO_UDP) {
			uh = outer + iph->ihl * 4;
			fl4.fl4_sport = uh->source;
			fl4.fl4_dport = uh->dest;
		}
		rt = outer_route4(net, iph->protocol, &fl4);
		if (IS_ERR(rt))
			return 0;
		mtu = dst_mtu(&rt->dst) - outer_len(proxy);
		ip_rt_put(rt);
		return mtu;
	}
	fl6.daddr = ip6h->daddr;
	fl6.saddr = ip6h->saddr;
	fl6.flowlabel = ip6_flowlabel(ip6h);
	if (ip6h->nexthdr == IPPROTO_UDP) {
		uh = outer + sizeof(*ip6h);
		fl6.fl6_sport = uh->source;
		fl6.fl6_dport = uh->dest;
	}
	dst = outer_route6(net, ip6h->nexthdr, &fl6);
	if (IS_ERR(dst))
		return 0;
	mtu = dst_mtu(dst) - outer_len(proxy);
	dst_release(dst);
	return mtu;
}
