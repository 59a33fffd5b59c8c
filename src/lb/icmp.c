// SPDX-License-Identifier: GPL-2.0
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "flow.h"
#include "hook.h"
#include "icmp.h"
#include "maglev.h"
#include "service.h"

/*
 * An ICMP error quoting a packet the proxy sent from a service's address
 * to a client: it goes to that connection's proxy, which alone can act
 * on it (path MTU, unreachable client).
 */
static unsigned int icmp_error(struct mlb_net *mn, struct sk_buff *skb,
			       unsigned int quoted_thoff, struct mlb_conn *conn)
{
	const struct mlb_service_conf *conf;
	struct mlb_service *service;
	struct mlb_flow *flow;
	__be16 buf[2];
	const __be16 *ports;
	u32 proxy_id;
	int drop = 0;

	/* The first 8 bytes of the quoted TCP header hold the ports. */
	ports = skb_header_pointer(skb, quoted_thoff, sizeof(buf), buf);
	if (!ports)
		return NF_ACCEPT;
	conn->service.port = ports[0];
	service = mlb_service_lookup(mn, &conn->service);
	if (!service)
		return NF_ACCEPT;
	conn->flow.client_port = ports[1];
	conf = rcu_dereference(service->conf);
	flow = mlb_flow_lookup(service->flows, &conn->flow, NULL, NULL);
	if (flow) {
		proxy_id = READ_ONCE(flow->proxy_id);
	} else {
		proxy_id = mlb_maglev_proxy(conf, conn);
		if (proxy_id == MLB_MAGLEV_EMPTY)
			drop = MPTCP_LB_A_STATS_DROP_NO_PROXY;
	}
	return mlb_forward(mn, service, skb, proxy_id, drop,
			   BIT(MPTCP_LB_A_STATS_ICMP));
}

/**
 * mlb_icmp_v4() - route an ICMP error about a service's connection
 * @mn: the namespace
 * @skb: an ICMP packet, data at its IPv4 header
 * @off: offset of its ICMP header
 *
 * Return: the netfilter verdict; %NF_ACCEPT for what is not ours.
 */
unsigned int mlb_icmp_v4(struct mlb_net *mn, struct sk_buff *skb,
			 unsigned int off)
{
	const struct iphdr *iph = ip_hdr(skb), *quoted;
	struct mlb_conn conn = {};
	struct iphdr qbuf;
	u8 tbuf[2];
	const u8 *type;

	type = skb_header_pointer(skb, off, sizeof(tbuf), tbuf);
	if (!type || (type[0] != ICMP_DEST_UNREACH &&
		      type[0] != ICMP_TIME_EXCEEDED &&
		      type[0] != ICMP_PARAMETERPROB))
		return NF_ACCEPT;
	off += sizeof(struct icmphdr);
	quoted = skb_header_pointer(skb, off, sizeof(qbuf), &qbuf);
	if (!quoted || quoted->protocol != IPPROTO_TCP ||
	    quoted->saddr != iph->daddr)
		return NF_ACCEPT;
	conn.service.family = AF_INET;
	conn.service.addr.v4 = quoted->saddr;
	conn.flow.client.s6_addr32[0] = quoted->daddr;
	return icmp_error(mn, skb, off + quoted->ihl * 4, &conn);
}

/**
 * mlb_icmp_v6() - route an ICMPv6 error about a service's connection
 * @mn: the namespace
 * @skb: an ICMPv6 packet, data at its IPv6 header
 * @off: offset of its ICMPv6 header
 *
 * Return: the netfilter verdict; %NF_ACCEPT for what is not ours.
 */
unsigned int mlb_icmp_v6(struct mlb_net *mn, struct sk_buff *skb,
			 unsigned int off)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb), *quoted;
	struct mlb_conn conn = {};
	struct ipv6hdr qbuf;
	u8 tbuf[2];
	const u8 *type;

	type = skb_header_pointer(skb, off, sizeof(tbuf), tbuf);
	if (!type || type[0] > ICMPV6_PARAMPROB || !type[0])
		return NF_ACCEPT;
	off += sizeof(struct icmp6hdr);
	quoted = skb_header_pointer(skb, off, sizeof(qbuf), &qbuf);
	/* Extension headers in the quote are not followed. */
	if (!quoted || quoted->nexthdr != IPPROTO_TCP ||
	    !ipv6_addr_equal(&quoted->saddr, &ip6h->daddr))
		return NF_ACCEPT;
	conn.service.family = AF_INET6;
	conn.service.addr.v6 = quoted->saddr;
	conn.flow.client = quoted->daddr;
	return icmp_error(mn, skb, off + sizeof(*quoted), &conn);
}
