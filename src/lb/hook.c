// SPDX-License-Identifier: GPL-2.0
#include <linux/bottom_half.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>

#include "cipher.h"
#include "flow.h"
#include "hash.h"
#include "hook.h"
#include "icmp.h"
#include "idset.h"
#include "learn.h"
#include "maglev.h"
#include "mptcp_key.h"
#include "mptcp_opt.h"
#include "proxy.h"
#include "service.h"
#include "stats.h"
#include "vip.h"
#include "xmit.h"

/* The longest TCP header: a data offset of 15 words. */
#define TCP_HEADER_MAX	(15 * 4)

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
 * The parsed MPTCP options of a TCP header, or -EINVAL if its data offset
 * is below 5 words or runs past the packet, a segment the TCP stack drops.
 */
static int tcp_options(struct sk_buff *skb, unsigned int thoff,
		       struct mlb_mptcp_opts *opts)
{
	u8 buf[TCP_HEADER_MAX];
	const u8 *th;
	int len;

	len = min_t(int, skb->len - thoff, TCP_HEADER_MAX);
	th = skb_header_pointer(skb, thoff, len, buf);
	if (!th || mlb_mptcp_parse_tcp(th, len, opts))
		return -EINVAL;
	return 0;
}

/*
 * Counts what a SYN's options hold that the stack behind would not use,
 * and returns the options the LB routes it by.  A SYN with both a version
 * 1 (or later) MP_CAPABLE and MP_JOIN is no join: subflow_check_req()
 * (net/mptcp/subflow.c) does not take it as one, and Linux 6.1 and 6.12
 * proxies answer it with MP_CAPABLE (selftests/vm/options.sh).  It goes by Maglev as MP_CAPABLE,
 * so that a learning proxy's flow waits for its keys: if the proxy made
 * it plain TCP instead, the next segment without keys ends the wait.
 */
static u32 syn_options(struct mlb_net *mn, struct mlb_service *service,
		       const struct mlb_mptcp_opts *opts)
{
	u32 both = MLB_FOUND_MP_CAPABLE | MLB_FOUND_MP_JOIN_SYN;
	u32 found = opts->found;

	if (found & MLB_FOUND_TRUNCATED)
		mlb_count(mn, service, MPTCP_LB_A_STATS_SYN_OPT_TRUNCATED);
	/* subflow_check_req() looks at the SYN form of MP_JOIN alone. */
	if (found & (MLB_FOUND_MPTCP_IGNORED | MLB_FOUND_MP_JOIN_OTHER))
		mlb_count(mn, service, MPTCP_LB_A_STATS_SYN_MPTCP_IGNORED);
	/* Linux ignores version 0: for it, the SYN carries a join alone. */
	if ((found & both) == both && opts->mpc.version) {
		mlb_count(mn, service, MPTCP_LB_A_STATS_SYN_MPC_JOIN);
		found &= ~MLB_FOUND_MP_JOIN_SYN;
	}
	if (found & MLB_FOUND_MPC_FUTURE)
		mlb_count(mn, service, MPTCP_LB_A_STATS_SYN_MPC_FUTURE);
	return found;
}

/*
 * Every member, draining or of weight 0 too: their connections keep
 * adding subflows.
 */
static bool is_member(const struct mlb_service_conf *conf, u32 proxy_id)
{
	return mlb_idset_has(&conf->member_ids, proxy_id);
}

/* The decoding proxy a token decrypts to, or NULL with why in @drop. */
static struct mlb_proxy *decoded_proxy(struct mlb_net *mn, u32 token,
				       int *drop)
{
	const struct mlb_range_table *table;
	const struct mlb_cipher *cipher;
	const struct mlb_range *range;
	struct mlb_proxy *proxy;

	cipher = rcu_dereference(mn->cipher);
	if (!cipher) {
		*drop = MPTCP_LB_A_STATS_DROP_NO_SECRET;
		return NULL;
	}
	table = rcu_dereference(mn->ranges);
	range = table ? mlb_range_index_lookup(&table->index, &table->set,
					       mlb_token_to_x(&cipher->rc5,
							      token)) :
			NULL;
	proxy = range ? xa_load(&mn->proxies, range->owner) : NULL;
	/*
	 * A learning proxy's ranges route nothing: its tokens are random.  A
	 * direct proxy with ranges runs the issuer.
	 */
	if (!proxy || proxy->tokens == MPTCP_LB_PROXY_TOKENS_LEARN) {
		*drop = MPTCP_LB_A_STATS_DROP_UNKNOWN_TOKEN;
		return NULL;
	}
	return proxy;
}

/*
 * Whether the LB learns the tokens of @proxy's connections: a learning
 * proxy's, to route their joins, and a direct proxy's without ranges, to
 * tell its joins from unknown ones and drop them.  Joins belong on its
 * direct address: net.mptcp.allow_join_initial_addr_port=0, which sets
 * the C flag, also has the proxy deny joins to its initial address, the
 * VIP (Documentation/networking/mptcp-sysctl.rst), so that the LB spares
 * it the SYN and counts the clients that ignore the flag.
 */
static bool learns(const struct mlb_proxy *proxy)
{
	return proxy->tokens == MPTCP_LB_PROXY_TOKENS_LEARN ||
	       (proxy->tokens == MPTCP_LB_PROXY_TOKENS_DIRECT &&
		!proxy->nranges);
}

/*
 * Whether a join whose learned token names @proxy is to be dropped: a
 * direct proxy's that has no ranges, as it is now (one given ranges since
 * routes the joins of its connections learned before).
 */
static bool learns_to_drop(const struct mlb_proxy *proxy)
{
	return proxy->tokens == MPTCP_LB_PROXY_TOKENS_DIRECT &&
	       !proxy->nranges;
}

/*
 * The member a join's token names, or NULL with the reason in @drop;
 * %MLB_FLOW_LEARNED is added to @flags if a learned token named it.
 */
static struct mlb_proxy *join_proxy(struct mlb_net *mn,
				    const struct mlb_service_conf *conf,
				    u32 token, u8 *flags, int *drop)
{
	const struct mlb_learned *learned;
	struct mlb_proxy *proxy;

	/*
	 * The learned entry first: a stock proxy's random token decrypts
	 * into a decoding proxy's range as often as those ranges cover the
	 * integers, while the entry proves which proxy issued it.
	 */
	learned = mlb_learn_lookup(mn, token);
	if (learned) {
		if (READ_ONCE(learned->conflict)) {
			*drop = MPTCP_LB_A_STATS_DROP_TOKEN_CONFLICT;
			return NULL;
		}
		proxy = xa_load(&mn->proxies, learned->proxy_id);
		if (proxy && learns_to_drop(proxy)) {
			*drop = MPTCP_LB_A_STATS_DROP_JOIN_DIRECT;
			return NULL;
		}
		*flags |= MLB_FLOW_LEARNED;
	} else {
		proxy = decoded_proxy(mn, token, drop);
		if (!proxy)
			return NULL;
	}
	/* A proxy deleted since it was learned is no member either. */
	if (proxy && is_member(conf, proxy->id))
		return proxy;
	*drop = MPTCP_LB_A_STATS_DROP_NOT_MEMBER;
	return NULL;
}

/*
 * A SYN's proxy: by its token for an MP_JOIN, by Maglev otherwise, or
 * NULL with the reason in @drop.  @flags and @token are set for the
 * flow entry.
 */
static struct mlb_proxy *syn_proxy(struct mlb_net *mn,
				   struct mlb_service *service,
				   const struct mlb_service_conf *conf,
				   struct sk_buff *skb, unsigned int thoff,
				   const struct mlb_conn *conn, u8 *flags,
				   u32 *token, int *drop)
{
	struct mlb_mptcp_opts opts;
	struct mlb_proxy *proxy;
	u32 proxy_id;

	if (tcp_options(skb, thoff, &opts)) {
		*drop = MPTCP_LB_A_STATS_DROP_MALFORMED;
		return NULL;
	}
	opts.found = syn_options(mn, service, &opts);
	if (opts.found & MLB_FOUND_MP_JOIN_SYN) {
		*flags = MLB_FLOW_JOIN;
		*token = opts.join.token;
		return join_proxy(mn, conf, opts.join.token, flags, drop);
	}
	proxy_id = mlb_maglev_proxy(conf, conn);
	proxy = proxy_id == MLB_MAGLEV_EMPTY ? NULL :
		xa_load(&mn->proxies, proxy_id);
	if (!proxy) {
		*drop = MPTCP_LB_A_STATS_DROP_NO_PROXY;
		return NULL;
	}
	/* Plain TCP SYNs have no key to learn. */
	if ((opts.found & MLB_FOUND_MP_CAPABLE) && learns(proxy))
		*flags = MLB_FLOW_LEARNING;
	return proxy;
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

/* mlb_forward() with the proxy, or NULL to drop the packet for @drop. */
static unsigned int forward_to(struct mlb_net *mn,
			       struct mlb_service *service,
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
	return forward_to(mn, service, skb, proxy, drop, kinds);
}

/*
 * Records which proxy a flow goes to, counting what that cost; see
 * mlb_flow_insert() for the arguments.  A join that could not be
 * recorded is left to the caller, which drops it.
 */
static enum mlb_flow_insert record(struct mlb_net *mn,
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

/* The counters a SYN routed with these flow flags counts in. */
static unsigned long syn_kinds(u8 flags)
{
	if (!(flags & MLB_FLOW_JOIN))
		return BIT(MPTCP_LB_A_STATS_SYN_NEW);
	if (flags & MLB_FLOW_LEARNED)
		return BIT(MPTCP_LB_A_STATS_SYN_JOIN) |
		       BIT(MPTCP_LB_A_STATS_SYN_JOIN_LEARNED);
	return BIT(MPTCP_LB_A_STATS_SYN_JOIN);
}

/*
 * A SYN goes where its token or Maglev says, computed afresh whatever a
 * stale entry of the tuple says, unless a precious entry holds the tuple
 * or the SYN is the entry's own, retransmitted (see mlb_flow_insert()).
 */
static unsigned int syn_packet(struct mlb_net *mn,
			       struct mlb_service *service,
			       const struct mlb_service_conf *conf,
			       struct sk_buff *skb, unsigned int thoff,
			       const struct tcphdr *th,
			       const struct mlb_conn *conn)
{
	u32 proxy_id, token = 0;
	struct mlb_proxy *proxy;
	int drop = 0;
	u8 flags = 0;

	proxy = syn_proxy(mn, service, conf, skb, thoff, conn, &flags, &token,
			  &drop);
	if (!proxy)
		return forward_to(mn, service, skb, NULL, drop, 0);
	proxy_id = proxy->id;
	switch (record(mn, service, conf, conn, &proxy_id, flags, token,
		       ntohl(th->seq) + 1)) {
	case MLB_FLOW_KEPT:
		return mlb_forward(mn, service, skb, proxy_id, 0,
				   BIT(MPTCP_LB_A_STATS_SYN_KEPT));
	case MLB_FLOW_REPEATED:
		/* Where the entry says, which the SYN went to before. */
		return mlb_forward(mn, service, skb, proxy_id, 0,
				   syn_kinds(flags));
	case MLB_FLOW_FULL:
	case MLB_FLOW_NOMEM:
		/* Forwarded, its later packets would go by Maglev. */
		if (flags & MLB_FLOW_JOIN)
			return forward_to(mn, service, skb, NULL,
					  MPTCP_LB_A_STATS_DROP_JOIN_UNTRACKED,
					  0);
		fallthrough;
	default:
		return forward_to(mn, service, skb, proxy, 0,
				  syn_kinds(flags));
	}
}

/*
 * Learns the token of a learning proxy's connection from the keys of
 * MP_CAPABLE, which the client's third ACK carries (and, in version 1,
 * its first data packet in case that ACK was lost): the proxy's key is
 * the receiver's.  A packet without MP_CAPABLE ends the wait: the
 * connection fell back to TCP, or its keys went by elsewhere.
 */
static void learn(struct mlb_net *mn, struct mlb_service *service,
		  const struct mlb_service_conf *conf, struct sk_buff *skb,
		  unsigned int thoff, struct mlb_flow *flow)
{
	struct mlb_proxy *proxy, *shadow;
	struct mlb_mptcp_opts opts;
	const u32 *seen = NULL;
	int unused;
	u32 token;

	if (tcp_options(skb, thoff, &opts))
		return;
	if (opts.found & MLB_FOUND_MP_CAPABLE) {
		if (opts.mpc.nkeys < 2)
			return;
		token = opts.mpc.version ?
			mlb_mptcp_key_token(opts.mpc.receiver_key) :
			mlb_mptcp_key_token_v0(opts.mpc.receiver_key);
		seen = &token;
	}
	switch (mlb_flow_learn(service->flows, flow, seen)) {
	case MLB_LEARN_NEW:
	case MLB_LEARN_HELD:
		mlb_count(mn, service, MPTCP_LB_A_STATS_LEARNED);
		proxy = xa_load(&mn->proxies, READ_ONCE(flow->proxy_id));
		if (proxy)
			mlb_stats_inc(proxy->stats, MPTCP_LB_A_STATS_LEARNED);
		shadow = decoded_proxy(mn, token, &unused);
		if (shadow && is_member(conf, shadow->id))
			mlb_count(mn, service, MPTCP_LB_A_STATS_LEARN_SHADOWED);
		break;
	case MLB_LEARN_COLLISION:
		mlb_count(mn, service, MPTCP_LB_A_STATS_LEARN_COLLISION);
		break;
	case MLB_LEARN_MISSED:
		mlb_count(mn, service, MPTCP_LB_A_STATS_LEARN_MISSED);
		break;
	case MLB_LEARN_SETTLED:
		break;
	}
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
	struct tcphdr buf;
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
		return syn_packet(mn, service, conf, skb, thoff, th, conn);
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
			learn(mn, service, conf, skb, thoff, flow);
		return mlb_forward(mn, service, skb, proxy_id, 0, 0);
	}
	mlb_count(mn, service, MPTCP_LB_A_STATS_FLOW_MISS);
	proxy_id = mlb_maglev_proxy(conf, conn);
	if (proxy_id == MLB_MAGLEV_EMPTY)
		drop = MPTCP_LB_A_STATS_DROP_NO_PROXY;
	else
		record(mn, service, conf, conn, &proxy_id, 0, 0, segment.end);
	return mlb_forward(mn, service, skb, proxy_id, drop, 0);
}

static unsigned int classify_v4(struct mlb_net *mn, struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct mlb_conn conn = {};
	unsigned int off;

	/*
	 * nf_defrag, enabled with the hook, joined the fragments before it;
	 * one it let through (a looped packet conntrack saw) has no ports.
	 */
	if (iph->frag_off & htons(IP_OFFSET))
		return NF_ACCEPT;
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
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct mlb_conn conn = {};
	unsigned int off = 0;
	unsigned short frag_off;
	int proto;

	/* A later fragment nf_defrag let through, as in classify_v4(). */
	proto = ipv6_find_hdr(skb, &off, -1, &frag_off, NULL);
	if (proto < 0 || frag_off)
		return NF_ACCEPT;
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
 * data path needs (mlb_xmit()'s per-CPU route cache, dst_cache, and the
 * flow table's bucket locks), but an NFQUEUE verdict does not:
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
 * defragmentation (enabled with the hooks), before conntrack itself,
 * which has nothing to track in packets the LB only passes on.  Each
 * namespace registers a copy whose private data is its &struct mlb_net,
 * as nf_tables registers a copy per base chain.
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

/* nf_defrag for the families hooked, or a negative errno. */
static int defrag_enable(struct net *net)
{
	int err;

	err = nf_defrag_ipv4_enable(net);
	if (err || hook_count() == 1)
		return err;
	err = nf_defrag_ipv6_enable(net);
	if (err)
		nf_defrag_ipv4_disable(net);
	return err;
}

static void defrag_disable(struct net *net)
{
	if (hook_count() > 1)
		nf_defrag_ipv6_disable(net);
	nf_defrag_ipv4_disable(net);
}

/**
 * mlb_hooks_register() - start forwarding in a namespace
 * @mn: the namespace, whose lock the caller holds
 *
 * Done when its first service is added: namespaces without a service pay
 * nothing per packet.  Reassembly comes with the hooks: a fragment
 * without ports could not be told to belong to a service, and the proxy
 * needs them all.  IPVS enables nf_defrag_ipv6 with its IPv6 services
 * (ip_vs_add_service()); its IPv4 hooks run after ip_local_deliver()
 * reassembled, ours before routing.  nf_defrag counts its users per
 * namespace, conntrack being another.
 *
 * Return: 0 or a negative errno.
 */
int mlb_hooks_register(struct mlb_net *mn)
{
	unsigned int i;
	int err;

	if (mn->hooked)
		return 0;
	err = defrag_enable(mn->net);
	if (err)
		return err;
	BUILD_BUG_ON(sizeof(mn->hook_ops) != sizeof(hook_ops));
	memcpy(mn->hook_ops, hook_ops, sizeof(hook_ops));
	for (i = 0; i < ARRAY_SIZE(hook_ops); i++)
		mn->hook_ops[i].priv = mn;
	err = nf_register_net_hooks(mn->net, mn->hook_ops, hook_count());
	if (err) {
		defrag_disable(mn->net);
		return err;
	}
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
	defrag_disable(mn->net);
	WRITE_ONCE(mn->hooked, false);
}
