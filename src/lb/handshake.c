// SPDX-License-Identifier: GPL-2.0
#include <linux/tcp.h>

#include "cipher.h"
#include "flow.h"
#include "handshake.h"
#include "hook.h"
#include "idset.h"
#include "learn.h"
#include "maglev.h"
#include "mptcp_key.h"
#include "mptcp_opt.h"
#include "proxy.h"
#include "stats.h"

/* The longest TCP header: a data offset of 15 words. */
#define TCP_HEADER_MAX	(15 * 4)

/*
 * The parsed MPTCP options of a TCP header, or -EINVAL if its data offset
 * is below 5 words or runs past the packet, a segment the TCP stack drops.
 */
static int tcp_options(struct sk_buff *skb, unsigned int thoff,
		       struct mlb_mptcp_opts *opts)
{
	/*
	 * Written before it is read: spared the zeroing that kernels built
	 * with CONFIG_INIT_STACK_ALL_ZERO give every stack variable.
	 */
	u8 buf[TCP_HEADER_MAX] __uninitialized;
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
	struct mlb_mptcp_opts opts __uninitialized;
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

/**
 * mlb_syn_packet() - send a SYN where it goes, recording its flow
 * @mn: the namespace
 * @service: the SYN's service
 * @conf: its configuration
 * @skb: the SYN, data at its network header
 * @thoff: the offset of its TCP header
 * @th: its TCP header
 * @conn: its connection
 *
 * A SYN goes where its token or Maglev says, computed afresh whatever a
 * stale entry of the tuple says, unless a precious entry holds the tuple
 * or the SYN is the entry's own, retransmitted (see mlb_flow_insert()).
 *
 * Return: the netfilter verdict, %NF_STOLEN or %NF_DROP.
 */
unsigned int mlb_syn_packet(struct mlb_net *mn, struct mlb_service *service,
			    const struct mlb_service_conf *conf,
			    struct sk_buff *skb, unsigned int thoff,
			    const struct tcphdr *th, const struct mlb_conn *conn)
{
	u32 proxy_id, token = 0;
	struct mlb_proxy *proxy;
	int drop = 0;
	u8 flags = 0;

	proxy = syn_proxy(mn, service, conf, skb, thoff, conn, &flags, &token,
			  &drop);
	if (!proxy)
		return mlb_forward_to(mn, service, skb, NULL, drop, 0);
	proxy_id = proxy->id;
	switch (mlb_record(mn, service, conf, conn, &proxy_id, flags, token,
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
			return mlb_forward_to(mn, service, skb, NULL,
					  MPTCP_LB_A_STATS_DROP_JOIN_UNTRACKED,
					  0);
		fallthrough;
	default:
		return mlb_forward_to(mn, service, skb, proxy, 0,
				  syn_kinds(flags));
	}
}

/**
 * mlb_learn_keys() - learn a token from a segment of a learning flow
 * @mn: the namespace
 * @service: the flow's service
 * @conf: its configuration
 * @skb: the segment, in sequence, data at its network header
 * @thoff: the offset of its TCP header
 * @flow: its entry, which has %MLB_FLOW_LEARNING
 *
 * Learns the token of a learning proxy's connection from the keys of
 * MP_CAPABLE, which the client's third ACK carries (and, in version 1,
 * its first data packet in case that ACK was lost): the proxy's key is
 * the receiver's.  A packet without MP_CAPABLE ends the wait: the
 * connection fell back to TCP, or its keys went by elsewhere.
 */
void mlb_learn_keys(struct mlb_net *mn, struct mlb_service *service,
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
