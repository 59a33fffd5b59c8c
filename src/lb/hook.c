// SPDX-License-Identifier: GPL-2.0
#include <linux/bottom_half.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_bridge.h>
#include <linux/netfilter_ipv6.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/ipv6_frag.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>

#include "flow.h"
#include "handshake.h"
#include "hash.h"
#include "hook.h"
#include "icmp.h"
#include "maglev.h"
#include "proxy.h"
#include "service.h"
#include "stats.h"
#include "vip.h"
#include "xmit.h"

/**
 * mlb_count() - count an event in a namespace's and a service's counters
 * @mn: the namespace
 * @service: the service
 * @type: the MPTCP_LB_A_STATS_* counter
 */
void mlb_count(struct mlb_net *mn, struct mlb_service *service, int type)
{
	mlb_stats_inc(mn->stats, type);
	mlb_stats_inc(service->stats, type);
}

/**
 * mlb_maglev_proxy() - the proxy Maglev picks for a connection
 * @conf: the service's configuration
 * @conn: the connection
 *
 * Return: a proxy id, or %MLB_MAGLEV_EMPTY if no member takes new ones.
 */
u32 mlb_maglev_proxy(const struct mlb_service_conf *conf,
		     const struct mlb_conn *conn)
{
	unsigned int len = conn->service.family == AF_INET ? 4 : 16;
	u64 hash;

	hash = mlb_flow_hash(conn->flow.client.s6_addr,
			     (const u8 *)&conn->service.addr, len,
			     ntohs(conn->flow.client_port),
			     ntohs(conn->service.port), conf->hash_seed);
	return mlb_maglev_pick(conf->lookup, conf->maglev_size, hash);
}

/*
 * Counts a packet of @len bytes sent, in the counters whose bits @kinds
 * has too: each of the namespace's, the service's and the proxy's.
 */
static __always_inline void count_sent(struct mlb_stats __percpu *stats,
				       unsigned int len, unsigned long kinds)
{
	mlb_stats_inc(stats, MPTCP_LB_A_STATS_PACKETS);
	mlb_stats_add(stats, MPTCP_LB_A_STATS_BYTES, len);
	for (; kinds; kinds &= kinds - 1)
		mlb_stats_inc(stats, __ffs(kinds));
}

/**
 * mlb_forward_to() - mlb_forward() with the proxy itself
 * @mn: the namespace
 * @service: the service the packet is for
 * @skb: the packet, data at its network header
 * @proxy: where to, or NULL to drop it
 * @drop: the MPTCP_LB_A_STATS_DROP_* reason if @proxy is NULL
 * @kinds: as for mlb_forward()
 *
 * Return: the netfilter verdict, %NF_STOLEN or %NF_DROP.
 */
unsigned int mlb_forward_to(struct mlb_net *mn, struct mlb_service *service,
			    struct sk_buff *skb, struct mlb_proxy *proxy,
			    int drop, unsigned long kinds)
{
	unsigned int len = skb->len;

	if (proxy)
		drop = mlb_xmit(mn->net, skb, proxy);
	if (drop) {
		mlb_count(mn, service, drop);
		return NF_DROP;
	}
	count_sent(mn->stats, len, kinds);
	count_sent(service->stats, len, kinds);
	count_sent(proxy->stats, len, kinds);
	return NF_STOLEN;
}

/**
 * mlb_forward() - send a packet to a proxy, or drop it, counting either way
 * @mn: the namespace
 * @service: the service the packet is for
 * @skb: the packet, data at its network header
 * @proxy_id: where to, or U32_MAX to drop it
 * @drop: the MPTCP_LB_A_STATS_DROP_* reason if @proxy_id is U32_MAX
 * @kinds: bits of the counters the packet also counts in when sent
 *	(syn-join, syn-new, icmp...)
 *
 * Return: the netfilter verdict, %NF_STOLEN or %NF_DROP.
 */
unsigned int mlb_forward(struct mlb_net *mn, struct mlb_service *service,
			 struct sk_buff *skb, u32 proxy_id, int drop,
			 unsigned long kinds)
{
	struct mlb_proxy *proxy = NULL;

	if (proxy_id != U32_MAX) {
		proxy = xa_load(&mn->proxies, proxy_id);
		/* Or removed since the flow was recorded. */
		if (!proxy)
			drop = MPTCP_LB_A_STATS_DROP_NO_PROXY;
	}
	return mlb_forward_to(mn, service, skb, proxy, drop, kinds);
}

/**
 * mlb_record() - record which proxy a flow goes to, counting what that cost
 * @mn: the namespace
 * @service: the flow's service
 * @conf: its configuration
 * @conn: the flow
 * @proxy_id: see mlb_flow_insert()
 * @flags: see mlb_flow_insert()
 * @token: see mlb_flow_insert()
 * @seq_end: see mlb_flow_insert()
 *
 * A join that could not be recorded is left to the caller, which drops it.
 *
 * Return: what mlb_flow_insert() did.
 */
enum mlb_flow_insert mlb_record(struct mlb_net *mn,
				struct mlb_service *service,
				const struct mlb_service_conf *conf,
				const struct mlb_conn *conn, u32 *proxy_id,
				u8 flags, u32 token, u32 seq_end)
{
	enum mlb_flow_insert ret;

	ret = mlb_flow_insert(service->flows, &conn->flow, proxy_id, flags,
			      token, seq_end, &conf->member_ids);
	switch (ret) {
	case MLB_FLOW_EVICTED:
		mlb_count(mn, service, MPTCP_LB_A_STATS_FLOW_EVICTED);
		break;
	case MLB_FLOW_FULL:
	case MLB_FLOW_NOMEM:
		if (flags & MLB_FLOW_JOIN)
			break;
		mlb_count(mn, service, MPTCP_LB_A_STATS_FLOW_UNTRACKED);
		/* Its token, if any, can never be learned: say so. */
		if (flags & MLB_FLOW_LEARNING)
			mlb_count(mn, service, MPTCP_LB_A_STATS_LEARN_MISSED);
		break;
	default:
		break;
	}
	return ret;
}

/* Where a segment other than a SYN stands in its flow. */
static void tcp_segment(const struct sk_buff *skb, unsigned int thoff,
			const struct tcphdr *th,
			struct mlb_flow_segment *segment)
{
	unsigned int hdr_end = thoff + th->doff * 4;

	/* The IP layer trimmed the packet to its length. */
	segment->seq = ntohl(th->seq);
	segment->end = segment->seq + th->fin +
		       (skb->len > hdr_end ? skb->len - hdr_end : 0);
	segment->closing = th->fin || th->rst;
}

static unsigned int tcp_packet(struct mlb_net *mn, struct sk_buff *skb,
			       unsigned int thoff, struct mlb_conn *conn)
{
	const struct mlb_service_conf *conf;
	struct mlb_flow_segment segment;
	struct mlb_service *service;
	bool out_of_sequence = false;
	const struct tcphdr *th;
	struct mlb_flow *flow;
	struct tcphdr buf __uninitialized;
	int drop = 0;
	u32 proxy_id;

	th = skb_header_pointer(skb, thoff, sizeof(buf), &buf);
	if (!th)
		return NF_ACCEPT;
	conn->service.port = th->dest;
	service = mlb_service_lookup(mn, &conn->service);
	if (!service)
		return NF_ACCEPT;
	conn->flow.client_port = th->source;
	conf = rcu_dereference(service->conf);

	if (th->syn && !th->ack)
		return mlb_syn_packet(mn, service, conf, skb, thoff, th, conn);
	tcp_segment(skb, thoff, th, &segment);
	flow = mlb_flow_lookup(service->flows, &conn->flow, &segment,
			       &out_of_sequence);
	if (flow) {
		proxy_id = READ_ONCE(flow->proxy_id);
		if (out_of_sequence && segment.closing)
			mlb_count(mn, service, MPTCP_LB_A_STATS_CLOSE_IGNORED);
		/*
		 * Keys out of sequence are a blind attacker's: one without
		 * MP_CAPABLE would end the wait, one with would teach a token.
		 */
		if (!out_of_sequence &&
		    (READ_ONCE(flow->flags) & MLB_FLOW_LEARNING))
			mlb_learn_keys(mn, service, conf, skb, thoff, flow);
		return mlb_forward(mn, service, skb, proxy_id, 0, 0);
	}
	mlb_count(mn, service, MPTCP_LB_A_STATS_FLOW_MISS);
	proxy_id = mlb_maglev_proxy(conf, conn);
	if (proxy_id == MLB_MAGLEV_EMPTY)
		drop = MPTCP_LB_A_STATS_DROP_NO_PROXY;
	else
		mlb_record(mn, service, conf, conn, &proxy_id, 0, 0,
			   segment.end);
	return mlb_forward(mn, service, skb, proxy_id, drop, 0);
}

/*
 * Fragments are reassembled before anything looks for ports: a later
 * fragment has none, and the proxy needs them all.  The hook calls the
 * kernel's reassembly itself, as act_ct does (tcf_ct_handle_fragments()),
 * instead of enabling nf_defrag's hooks, which cost every packet of the
 * namespace two more hook calls, the outer packets the LB sends included
 * (LOCAL_OUT): 5% of a SYN's cost, 7% of an established packet's.  The
 * queues are those nf_defrag uses for zone 0 (nf_ct_defrag_user()), so
 * that nothing differs with conntrack on, whose nf_defrag reassembles
 * first.
 */
static u32 defrag_user_v4(const struct sk_buff *skb)
{
	return nf_bridge_in_prerouting(skb) ? IP_DEFRAG_CONNTRACK_BRIDGE_IN :
					      IP_DEFRAG_CONNTRACK_IN;
}

/* Its IPv6 twin, as nf_ct6_defrag_user() picks them. */
static u32 defrag_user_v6(const struct sk_buff *skb)
{
	return nf_bridge_in_prerouting(skb) ? IP6_DEFRAG_CONNTRACK_BRIDGE_IN :
					      IP6_DEFRAG_CONNTRACK_IN;
}

/*
 * Reassembles an IPv4 fragment.  Returns true if @skb is now whole,
 * false if ip_defrag() took it: queued, or freed as it could not be.
 */
static bool defrag_v4(struct net *net, struct sk_buff *skb)
{
	if (ip_defrag(net, skb, defrag_user_v4(skb)))
		return false;
	/* As nf_defrag: a router may fragment it again. */
	skb->ignore_df = 1;
	return true;
}

static unsigned int classify_v4(struct mlb_net *mn, struct sk_buff *skb)
{
	const struct iphdr *iph;
	struct mlb_conn conn = {};
	unsigned int off;

	if (ip_is_fragment(ip_hdr(skb)) && !defrag_v4(mn->net, skb))
		return NF_STOLEN;
	iph = ip_hdr(skb);
	conn.service.family = AF_INET;
	off = ip_hdrlen(skb);
	if (iph->protocol == IPPROTO_TCP) {
		conn.service.addr.v4 = iph->daddr;
		conn.flow.client.s6_addr32[0] = iph->saddr;
		return tcp_packet(mn, skb, off, &conn);
	}
	if (iph->protocol == IPPROTO_ICMP)
		return mlb_icmp_v4(mn, skb, off);
	return NF_ACCEPT;
}

static unsigned int classify_v6(struct mlb_net *mn, struct sk_buff *skb)
{
	const struct ipv6hdr *ip6h;
	struct mlb_conn conn = {};
	unsigned int off = 0;
	int flags = 0;
	int proto;
	int err;

	proto = ipv6_find_hdr(skb, &off, -1, NULL, &flags);
	if (flags & IP6_FH_F_FRAG) {
		/* As defrag_v4(), with the verdicts of nf_defrag_ipv6's hook. */
		err = nf_ct_frag6_gather(mn->net, skb, defrag_user_v6(skb));
		if (err == -EINPROGRESS)
			return NF_STOLEN;
		if (err)
			return NF_DROP;
		off = 0;
		flags = 0;
		proto = ipv6_find_hdr(skb, &off, -1, NULL, &flags);
		/*
		 * Left a fragment, one nf_ct_frag6_gather() does not queue
		 * (with more to come and a length not a multiple of 8, a
		 * first one cut before its transport header, a jumbogram's):
		 * no whole packet.
		 */
		if (flags & IP6_FH_F_FRAG)
			return NF_ACCEPT;
	}
	if (proto < 0)
		return NF_ACCEPT;
	ip6h = ipv6_hdr(skb);
	conn.service.family = AF_INET6;
	if (proto == IPPROTO_TCP) {
		conn.service.addr.v6 = ip6h->daddr;
		conn.flow.client = ip6h->saddr;
		return tcp_packet(mn, skb, off, &conn);
	}
	if (proto == IPPROTO_ICMPV6)
		return mlb_icmp_v6(mn, skb, off);
	return NF_ACCEPT;
}

/*
 * The hook of both families.  What no service took goes on to routing,
 * unless it is to a service's address: see mlb_vip_stray().  @priv is the
 * namespace's &struct mlb_net, found without net_generic()'s lookup.
 *
 * The receive path runs the hooks with bottom halves disabled, which the
 * data path needs (mlb_xmit()'s per-CPU route cache and the flow
 * table's bucket locks), but an NFQUEUE verdict does not:
 * nf_reinject() runs the hooks after the queue's from the daemon's
 * sendmsg(), bottom halves enabled.  They are then disabled here, as IPVS
 * disables them around its per-CPU counters (ip_vs_in_stats()), whose
 * hooks also run in process context.
 */
static unsigned int mlb_hook(void *priv, struct sk_buff *skb,
			     const struct nf_hook_state *state)
{
	bool bh_enabled = !softirq_count();
	unsigned int verdict;

	if (unlikely(bh_enabled))
		local_bh_disable();
	verdict = state->pf == NFPROTO_IPV4 ? classify_v4(priv, skb) :
					      classify_v6(priv, skb);
	if (verdict == NF_ACCEPT)
		verdict = mlb_vip_stray(priv, skb, state);
	if (unlikely(bh_enabled))
		local_bh_enable();
	return verdict;
}

/*
 * Before routing, so that the VIP needs no local address, and after
 * nf_defrag (which reassembled first if conntrack enabled it), before
 * conntrack itself, which has nothing to track in packets the LB only
 * passes on.  Each namespace registers a copy whose private data is its
 * &struct mlb_net, as nf_tables registers a copy per base chain.
 */
static const struct nf_hook_ops hook_ops[] = {
	{
		.hook = mlb_hook,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP_PRI_CONNTRACK_DEFRAG + 1,
	},
	{
		.hook = mlb_hook,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP6_PRI_CONNTRACK_DEFRAG + 1,
	},
};

/*
 * The IPv4 hook, and the IPv6 one unless IPv6 is disabled at boot: no
 * IPv6 packet would reach it, and no IPv6 service can be configured.
 */
static unsigned int hook_count(void)
{
	return ipv6_mod_enabled() ? ARRAY_SIZE(hook_ops) : 1;
}

/**
 * mlb_hooks_register() - start forwarding in a namespace
 * @mn: the namespace, whose lock the caller holds
 *
 * Done when its first service is added: namespaces without a service pay
 * nothing per packet.  The hooks reassemble fragments themselves (see
 * defrag_v4()): IPVS's IPv4 hooks get packets that ip_local_deliver()
 * reassembled, and IPVS enables nf_defrag_ipv6 with its IPv6 services
 * (ip_vs_add_service()).
 *
 * Return: 0 or a negative errno.
 */
int mlb_hooks_register(struct mlb_net *mn)
{
	unsigned int i;
	int err;

	if (mn->hooked)
		return 0;
	BUILD_BUG_ON(sizeof(mn->hook_ops) != sizeof(hook_ops));
	memcpy(mn->hook_ops, hook_ops, sizeof(hook_ops));
	for (i = 0; i < ARRAY_SIZE(hook_ops); i++)
		mn->hook_ops[i].priv = mn;
	err = nf_register_net_hooks(mn->net, mn->hook_ops, hook_count());
	if (err)
		return err;
	WRITE_ONCE(mn->hooked, true);
	return 0;
}

/**
 * mlb_hooks_unregister() - stop forwarding in a namespace
 * @mn: the namespace, whose lock the caller holds
 *
 * A hook that started before may still be running when it returns (the
 * hook entries are freed by RCU, nf_unregister_net_hooks() does not wait
 * for them): what the hooks read must be freed after a grace period.
 */
void mlb_hooks_unregister(struct mlb_net *mn)
{
	if (!mn->hooked)
		return;
	nf_unregister_net_hooks(mn->net, mn->hook_ops, hook_count());
	WRITE_ONCE(mn->hooked, false);
}
