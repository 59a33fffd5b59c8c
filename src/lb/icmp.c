// SPDX-License-Identifier: GPL-2.0
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/ratelimit.h>
#include <linux/udp.h>
#include <net/addrconf.h>
#include <net/gue.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/route.h>

#include "flow.h"
#include "hook.h"
#include "icmp.h"
#include "maglev.h"
#include "proxy.h"
#include "service.h"
#include "stats.h"
#include "xmit.h"

/*
 * What the LB reads of a quoted packet: its IP header, then the ports,
 * the first 4 bytes of TCP; RFC 792 and RFC 4443 section 2.4 (c)
 * guarantee 8 bytes after the quoted IP header, Linux quotes up to 576
 * (IPv4) or 1280 (IPv6) bytes in all.
 */
#define QUOTED_PORTS	4

/**
 * struct mlb_icmp - an ICMP error being read
 * @skb: the packet, data at its IP header
 * @too_big: fragmentation needed (IPv4) or packet too big (IPv6)
 * @mtu: the MTU it reports, if @too_big
 */
struct mlb_icmp {
	struct sk_buff *skb;
	bool too_big;
	u32 mtu;
};

/* Sends a copy of @skb to each member but the last, @skb to the last. */
static unsigned int fan_out(struct mlb_net *mn, struct mlb_service *service,
			    const struct mlb_service_conf *conf,
			    struct sk_buff *skb)
{
	struct sk_buff *copy;
	u32 i;

	for (i = 0; i + 1 < conf->nmembers; i++) {
		copy = skb_copy(skb, GFP_ATOMIC);
		if (!copy) {
			mlb_count(mn, service, MPTCP_LB_A_STATS_DROP_ERROR);
			continue;
		}
		if (mlb_forward(mn, service, copy, conf->members[i].proxy_id,
				0, BIT(MPTCP_LB_A_STATS_ICMP)) != NF_STOLEN)
			kfree_skb(copy);
	}
	return mlb_forward(mn, service, skb, conf->members[i].proxy_id, 0,
			   BIT(MPTCP_LB_A_STATS_ICMP));
}

/*
 * Whether an error is no longer than a router sends one: 576 bytes in
 * all for IPv4 (RFC 1812 section 4.3.2.3), 1280 for IPv6 (RFC 4443
 * section 2.4 (c)), and not reassembled.  Only those are fanned out: a
 * forged error of 64 KiB in fragments, copied to every member, would
 * multiply the attacker's bytes by their number.
 */
static bool router_sized(const struct sk_buff *skb,
			 const struct mlb_conn *conn)
{
	if (conn->service.family == AF_INET)
		return skb->len <= 576 && !IPCB(skb)->frag_max_size;
	return skb->len <= IPV6_MIN_MTU && !IP6CB(skb)->frag_max_size;
}

/*
 * An ICMP error quoting a packet the proxy sent from a service's address
 * to a client: it goes to that connection's proxy, which alone can act
 * on it (path MTU, unreachable client).  Without a flow entry (the
 * connection's packets go through another LB, or this one restarted),
 * Maglev names the proxy of a first subflow but not of a join: a packet
 * too big, which a join's proxy needs to keep sending, goes to every
 * member, within the namespace's rate, if a router could have sent it;
 * the others go by Maglev.
 */
static unsigned int icmp_error(struct mlb_net *mn, struct mlb_icmp *icmp,
			       unsigned int quoted_thoff, struct mlb_conn *conn)
{
	const struct mlb_service_conf *conf;
	struct mlb_service *service;
	struct mlb_flow *flow;
	__be16 buf[2];
	const __be16 *ports;
	u32 proxy_id;
	int drop = 0;

	ports = skb_header_pointer(icmp->skb, quoted_thoff, sizeof(buf), buf);
	if (!ports)
		return NF_ACCEPT;
	conn->service.port = ports[0];
	service = mlb_service_lookup(mn, &conn->service);
	if (!service)
		return NF_ACCEPT;
	conn->flow.client_port = ports[1];
	conf = rcu_dereference(service->conf);
	flow = mlb_flow_lookup(service->flows, &conn->flow, NULL, NULL);
	if (flow)
		return mlb_forward(mn, service, icmp->skb,
				   READ_ONCE(flow->proxy_id), 0,
				   BIT(MPTCP_LB_A_STATS_ICMP));
	if (icmp->too_big && conf->nmembers && router_sized(icmp->skb, conn)) {
		if (__ratelimit(&mn->icmp_fanout)) {
			mlb_count(mn, service, MPTCP_LB_A_STATS_ICMP_FANOUT);
			return fan_out(mn, service, conf, icmp->skb);
		}
		mlb_count(mn, service, MPTCP_LB_A_STATS_ICMP_FANOUT_LIMITED);
	}
	proxy_id = mlb_maglev_proxy(conf, conn);
	if (proxy_id == MLB_MAGLEV_EMPTY)
		drop = MPTCP_LB_A_STATS_DROP_NO_PROXY;
	return mlb_forward(mn, service, icmp->skb, proxy_id, drop,
			   BIT(MPTCP_LB_A_STATS_ICMP));
}

/*
 * The quoted IPv4 header at @off, if it is one the bytes after which may
 * be read as a transport header: version 4, a length that holds the
 * header (ihl of 5 or more), first fragment.
 */
static const struct iphdr *quoted_v4(const struct sk_buff *skb,
				     unsigned int off, struct iphdr *buf)
{
	const struct iphdr *iph;

	iph = skb_header_pointer(skb, off, sizeof(*buf), buf);
	if (!iph || iph->version != 4 || iph->ihl < 5 ||
	    ntohs(iph->tot_len) < iph->ihl * 4 ||
	    (iph->frag_off & htons(IP_OFFSET)))
		return NULL;
	return iph;
}

/* The quoted IPv6 header at @off, if it is one. */
static const struct ipv6hdr *quoted_v6(const struct sk_buff *skb,
				       unsigned int off, struct ipv6hdr *buf)
{
	const struct ipv6hdr *ip6h;

	ip6h = skb_header_pointer(skb, off, sizeof(*buf), buf);
	if (!ip6h || ip6h->version != 6)
		return NULL;
	return ip6h;
}

/*
 * The client connection of the packet the LB encapsulated, quoted at @off
 * as IPv4 or IPv6 (@proto, the outer protocol number): TCP from a client
 * to a service; the offset of its TCP header, or 0 if it is not one.
 * Extension headers are not followed, as the LB sends none.  @df: whether
 * the client forbade fragmentation, as an IPv6 client always does.
 */
static unsigned int tunnelled_conn(const struct sk_buff *skb,
				   unsigned int off, u8 proto,
				   struct mlb_conn *conn, bool *df)
{
	union {
		struct iphdr v4;
		struct ipv6hdr v6;
	} buf;
	const struct ipv6hdr *ip6h;
	const struct iphdr *iph;

	if (proto == IPPROTO_IPIP) {
		iph = quoted_v4(skb, off, &buf.v4);
		if (!iph || iph->protocol != IPPROTO_TCP)
			return 0;
		conn->service.family = AF_INET;
		conn->service.addr.v4 = iph->daddr;
		conn->flow.client.s6_addr32[0] = iph->saddr;
		*df = iph->frag_off & htons(IP_DF);
		return off + iph->ihl * 4;
	}
	ip6h = quoted_v6(skb, off, &buf.v6);
	if (!ip6h || ip6h->nexthdr != IPPROTO_TCP)
		return 0;
	conn->service.family = AF_INET6;
	conn->service.addr.v6 = ip6h->daddr;
	conn->flow.client = ip6h->saddr;
	*df = true;
	return off + sizeof(*ip6h);
}

/* The member of @conf whose address is @daddr, of @family. */
static struct mlb_proxy *member_at(struct mlb_net *mn,
				   const struct mlb_service_conf *conf,
				   u8 family, const union mlb_addr *daddr)
{
	struct mlb_proxy *proxy;
	u32 i;

	for (i = 0; i < conf->nmembers; i++) {
		proxy = xa_load(&mn->proxies, conf->members[i].proxy_id);
		if (!proxy || proxy->family != family)
			continue;
		if (family == AF_INET ? proxy->addr.v4 == daddr->v4 :
		    ipv6_addr_equal(&proxy->addr.v6, &daddr->v6))
			return proxy;
	}
	return NULL;
}

/*
 * A router past the LB says that the LB's packet to a proxy, quoted at
 * @outer_off, the client's packet in it at @inner_off, is too big: lower
 * the path MTU to that proxy, as ip_vs_in_icmp() and ip_vs_in_icmp_v6()
 * do for their tunnels, and tell the client, whose packet it carried,
 * what fits now, so that it does not wait for a retransmission to learn
 * it from mlb_xmit().  The error is the LB's own: consumed.
 */
static unsigned int tunnel_too_big(struct mlb_net *mn, struct mlb_icmp *icmp,
				   struct mlb_service *service,
				   struct mlb_proxy *proxy, unsigned int outer_off,
				   unsigned int inner_off, bool df)
{
	struct sk_buff *skb = icmp->skb;
	unsigned int mtu;

	/*
	 * The updates read the outer header at skb->data, the ICMP the inner.
	 * Its protocol keys the IPv4 lookup as it keys mlb_xmit()'s, which
	 * policy routing (ip rule ipproto) may tell apart.
	 */
	__skb_pull(skb, outer_off);
	if (proxy->family == AF_INET)
		ipv4_update_pmtu(skb, mn->net, icmp->mtu, 0,
				 ((const struct iphdr *)skb->data)->protocol);
	else
		ip6_update_pmtu(skb, mn->net, htonl(icmp->mtu), 0, 0,
				sock_net_uid(mn->net, NULL));
	mlb_count(mn, service, MPTCP_LB_A_STATS_ICMP_TUNNEL_MTU);
	mlb_stats_inc(proxy->stats, MPTCP_LB_A_STATS_ICMP_TUNNEL_MTU);
	/*
	 * The route's MTU, not the error's, which the kernel clamps
	 * (ip_rt_min_pmtu, IPV6_MIN_MTU), as ip_vs_in_icmp() prefers it.
	 * An IPv4 client that lets the LB fragment is not told.
	 */
	mtu = mlb_xmit_mtu(mn->net, proxy, skb->data);
	if (!df || !mtu)
		goto out;
	__skb_pull(skb, inner_off - outer_off);
	skb_reset_network_header(skb);
	/* What the ICMP code reads there, the outer header's, is not its. */
	memset(skb->cb, 0, sizeof(skb->cb));
	skb->protocol = service->key.family == AF_INET ? htons(ETH_P_IP) :
							 htons(ETH_P_IPV6);
	mlb_send_too_big(skb, mtu);
out:
	consume_skb(skb);
	return NF_STOLEN;
}

/*
 * The GUE header the LB sends quoted at @off behind its UDP header:
 * variant 0, no control message, no options, as push_gue() in xmit.c
 * builds it.  Its inner protocol, and the UDP destination port in
 * @port, or 0 if it is not one.
 */
static u8 quoted_gue(const struct sk_buff *skb, unsigned int off,
		     __be16 *port)
{
	struct {
		struct udphdr udp;
		struct guehdr gue;
	} buf;
	const typeof(buf) *hdr;

	hdr = skb_header_pointer(skb, off, sizeof(buf), &buf);
	if (!hdr || hdr->gue.version || hdr->gue.control || hdr->gue.hlen)
		return 0;
	*port = hdr->udp.dest;
	return hdr->gue.proto_ctype;
}

/*
 * An error quoting, at @off, the outer header of a tunnelled packet
 * (@family, from @saddr to @daddr, carrying @proto, @outer_len long):
 * handled if the LB sent it (a local source, to a member of the service
 * of the client packet it carries, in that member's encapsulation, IPIP
 * or UDP and GUE to its port, whose flow goes to that member), its
 * checksum is right and it says too big.  Other errors about the tunnel
 * (an unreachable proxy, an expired hop limit) are the operator's to see
 * in the stack's ICMP counters; the client's TCP would abort a connection
 * attempt on some, for a path its retransmissions may find repaired.
 */
static unsigned int tunnel_error(struct mlb_net *mn, struct mlb_icmp *icmp,
				 u8 family, const union mlb_addr *saddr,
				 const union mlb_addr *daddr, u8 proto,
				 unsigned int off, unsigned int outer_len)
{
	const struct mlb_service_conf *conf;
	struct mlb_service *service;
	struct mlb_conn conn = {};
	struct mlb_proxy *proxy;
	struct mlb_flow *flow;
	unsigned int thoff;
	__be16 buf[2];
	u8 encap = MPTCP_LB_PROXY_ENCAP_IPIP;
	const __be16 *ports;
	__be16 gue_port = 0;
	bool df;

	if (!icmp->too_big)
		return NF_ACCEPT;
	if (proto == IPPROTO_UDP) {
		proto = quoted_gue(icmp->skb, off + outer_len, &gue_port);
		outer_len += sizeof(struct udphdr) + sizeof(struct guehdr);
		encap = MPTCP_LB_PROXY_ENCAP_GUE;
	}
	if (proto != IPPROTO_IPIP && proto != IPPROTO_IPV6)
		return NF_ACCEPT;
	if (family == AF_INET ?
	    inet_addr_type(mn->net, saddr->v4) != RTN_LOCAL :
	    !ipv6_chk_addr(mn->net, &saddr->v6, NULL, 0))
		return NF_ACCEPT;
	thoff = tunnelled_conn(icmp->skb, off + outer_len, proto, &conn, &df);
	if (!thoff)
		return NF_ACCEPT;
	ports = skb_header_pointer(icmp->skb, thoff, sizeof(buf), buf);
	if (!ports)
		return NF_ACCEPT;
	conn.service.port = ports[1];
	service = mlb_service_lookup(mn, &conn.service);
	if (!service)
		return NF_ACCEPT;
	conf = rcu_dereference(service->conf);
	proxy = member_at(mn, conf, family, daddr);
	/* Quoted as the LB sends to it: UDP to port 0 is not IPIP. */
	if (!proxy || proxy->encap != encap || proxy->encap_port != gue_port)
		return NF_ACCEPT;
	/* A connection the LB sends there, as ip_vs_in_icmp() wants its own. */
	conn.flow.client_port = ports[0];
	flow = mlb_flow_lookup(service->flows, &conn.flow, NULL, NULL);
	if (!flow || READ_ONCE(flow->proxy_id) != proxy->id)
		return NF_ACCEPT;
	/* Consumed here, so checked as icmp_rcv() and icmpv6_rcv() would. */
	if (nf_checksum(icmp->skb, NF_INET_PRE_ROUTING,
			off - sizeof(struct icmphdr),
			family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6,
			family))
		return NF_ACCEPT;
	/* Both headers linear, where the updates and icmp_send() read them. */
	if (!pskb_may_pull(icmp->skb, thoff + QUOTED_PORTS))
		return NF_ACCEPT;
	return tunnel_too_big(mn, icmp, service, proxy, off, off + outer_len,
			      df);
}

/**
 * mlb_icmp_v4() - act on an ICMP error about a service's connection
 * @mn: the namespace
 * @skb: an ICMP packet, data at its IPv4 header
 * @off: offset of its ICMP header
 *
 * An error about a proxy's packet to a client goes to the proxy; one
 * about the LB's own packet to a proxy that was too big lowers the path
 * MTU to the proxy, see tunnel_too_big().
 *
 * Return: the netfilter verdict; %NF_ACCEPT for what is not ours.
 */
unsigned int mlb_icmp_v4(struct mlb_net *mn, struct sk_buff *skb,
			 unsigned int off)
{
	const struct iphdr *iph = ip_hdr(skb), *quoted;
	struct mlb_icmp icmp = { .skb = skb };
	union mlb_addr saddr, daddr;
	const struct icmphdr *ih;
	struct mlb_conn conn = {};
	struct icmphdr ibuf;
	struct iphdr qbuf;

	ih = skb_header_pointer(skb, off, sizeof(ibuf), &ibuf);
	if (!ih || (ih->type != ICMP_DEST_UNREACH &&
		    ih->type != ICMP_TIME_EXCEEDED &&
		    ih->type != ICMP_PARAMETERPROB))
		return NF_ACCEPT;
	icmp.too_big = ih->type == ICMP_DEST_UNREACH &&
		       ih->code == ICMP_FRAG_NEEDED;
	icmp.mtu = ntohs(ih->un.frag.mtu);
	off += sizeof(*ih);
	quoted = quoted_v4(skb, off, &qbuf);
	if (!quoted || quoted->saddr != iph->daddr)
		return NF_ACCEPT;
	if (quoted->protocol != IPPROTO_TCP) {
		saddr.v4 = quoted->saddr;
		daddr.v4 = quoted->daddr;
		return tunnel_error(mn, &icmp, AF_INET, &saddr, &daddr,
				    quoted->protocol, off, quoted->ihl * 4);
	}
	conn.service.family = AF_INET;
	conn.service.addr.v4 = quoted->saddr;
	conn.flow.client.s6_addr32[0] = quoted->daddr;
	return icmp_error(mn, &icmp, off + quoted->ihl * 4, &conn);
}

/**
 * mlb_icmp_v6() - act on an ICMPv6 error about a service's connection
 * @mn: the namespace
 * @skb: an ICMPv6 packet, data at its IPv6 header
 * @off: offset of its ICMPv6 header
 *
 * As mlb_icmp_v4().
 *
 * Return: the netfilter verdict; %NF_ACCEPT for what is not ours.
 */
unsigned int mlb_icmp_v6(struct mlb_net *mn, struct sk_buff *skb,
			 unsigned int off)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb), *quoted;
	struct mlb_icmp icmp = { .skb = skb };
	union mlb_addr saddr, daddr;
	const struct icmp6hdr *ih;
	struct mlb_conn conn = {};
	struct ipv6hdr qbuf;
	struct icmp6hdr ibuf;

	ih = skb_header_pointer(skb, off, sizeof(ibuf), &ibuf);
	if (!ih || ih->icmp6_type > ICMPV6_PARAMPROB || !ih->icmp6_type)
		return NF_ACCEPT;
	icmp.too_big = ih->icmp6_type == ICMPV6_PKT_TOOBIG;
	icmp.mtu = ntohl(ih->icmp6_mtu);
	off += sizeof(*ih);
	quoted = quoted_v6(skb, off, &qbuf);
	/* Extension headers in the quote are not followed. */
	if (!quoted || !ipv6_addr_equal(&quoted->saddr, &ip6h->daddr))
		return NF_ACCEPT;
	if (quoted->nexthdr != IPPROTO_TCP) {
		saddr.v6 = quoted->saddr;
		daddr.v6 = quoted->daddr;
		return tunnel_error(mn, &icmp, AF_INET6, &saddr, &daddr,
				    quoted->nexthdr, off, sizeof(*quoted));
	}
	conn.service.family = AF_INET6;
	conn.service.addr.v6 = quoted->saddr;
	conn.flow.client = quoted->daddr;
	return icmp_error(mn, &icmp, off + sizeof(*quoted), &conn);
}
