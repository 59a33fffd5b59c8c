// SPDX-License-Identifier: GPL-2.0
#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/memcontrol.h>
#include <linux/overflow.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/sock.h>

#include "flow.h"
#include "learn.h"
#include "netlink.h"
#include "netlink_gen.h"
#include "netns.h"
#include "proxy.h"
#include "service.h"

/*
 * Chains are short and bounded: a lookup reads at most this many entries,
 * whatever the traffic.  Buckets are a quarter of the flow limit, so a
 * full table averages four entries per chain.
 */
#define MLB_FLOW_CHAIN_MAX	8
#define MLB_FLOW_PER_BUCKET	4
/* Writers of different buckets rarely wait for each other with this many. */
#define MLB_FLOW_LOCKS_MAX	1024
/* A closing connection's entry outlives its last packet this long. */
#define MLB_FLOW_CLOSING_TIMEOUT	(10 * HZ)
/* Buckets a dump reads in one RCU read-side section, without a pause. */
#define MLB_FLOW_DUMP_CHUNK	1024

static struct kmem_cache *flow_cache __read_mostly;

/**
 * mlb_flow_init() - create the cache flows are allocated from
 *
 * Return: 0 or -ENOMEM.
 */
int __init mlb_flow_init(void)
{
	BUILD_BUG_ON(sizeof(struct mlb_flow) > 64);
	flow_cache = KMEM_CACHE(mlb_flow, SLAB_HWCACHE_ALIGN | SLAB_ACCOUNT);
	return flow_cache ? 0 : -ENOMEM;
}

/**
 * mlb_flow_uninit() - destroy the cache once every flow is freed
 */
void mlb_flow_uninit(void)
{
	/* Flows are freed by call_rcu(); wait for the last callbacks. */
	rcu_barrier();
	kmem_cache_destroy(flow_cache);
}

static void free_flow(struct rcu_head *head)
{
	kmem_cache_free(flow_cache, container_of(head, struct mlb_flow, rcu));
}

/* Jiffies as flows keep them. */
static u32 now(void)
{
	return (u32)jiffies;
}

static bool used_before(const struct mlb_flow *flow, u32 when)
{
	return (s32)(READ_ONCE(flow->last_used) - when) < 0;
}

/**
 * mlb_flow_table_alloc() - an empty flow table
 * @mn: the namespace of its service
 * @max: most flows it will hold
 *
 * Return: the table, or NULL.
 */
struct mlb_flow_table *mlb_flow_table_alloc(struct mlb_net *mn, u32 max)
{
	u32 nbuckets = roundup_pow_of_two(max_t(u32, max / MLB_FLOW_PER_BUCKET,
						1));
	u32 nlocks = min_t(u32, nbuckets, MLB_FLOW_LOCKS_MAX);
	struct mlb_flow_table *table;
	u32 i;

	table = kvzalloc(struct_size(table, buckets, nbuckets), MLB_GFP_SIZED);
	if (!table)
		return NULL;
	table->locks = kcalloc(nlocks, sizeof(table->locks[0]),
			       GFP_KERNEL_ACCOUNT);
	if (!table->locks) {
		kvfree(table);
		return NULL;
	}
	for (i = 0; i < nlocks; i++)
		spin_lock_init(&table->locks[i]);
	/*
	 * Flows are allocated in softirq context, where the kernel cannot
	 * tell whom to charge: the table charges them, and the tokens they
	 * learn, to the memory cgroup of whoever configured the service.
	 */
	table->memcg = get_mem_cgroup_from_mm(current->mm);
	table->mn = mn;
	table->lock_mask = nlocks - 1;
	table->mask = nbuckets - 1;
	table->max = max;
	table->seed = get_random_u32();
	return table;
}

/*
 * Under the flow's bucket lock, before the entry is freed or its flags
 * rewritten: it no longer holds its learned token.
 */
static void release_token(struct mlb_flow_table *table, struct mlb_flow *flow)
{
	if (flow->flags & MLB_FLOW_LEARNED)
		mlb_learn_put(table->mn, flow->token);
}

/**
 * mlb_flow_table_free() - free a table and its flows
 * @table: no longer reachable by any reader, or NULL
 */
void mlb_flow_table_free(struct mlb_flow_table *table)
{
	struct hlist_node *tmp;
	struct mlb_flow *flow;
	u32 i;

	if (!table)
		return;
	for (i = 0; i <= table->mask; i++) {
		hlist_for_each_entry_safe(flow, tmp, &table->buckets[i],
					  node) {
			release_token(table, flow);
			kmem_cache_free(flow_cache, flow);
		}
		if (!(i % 1024))
			cond_resched();
	}
	mem_cgroup_put(table->memcg);
	kfree(table->locks);
	kvfree(table);
}

static u32 bucket(const struct mlb_flow_table *table,
		  const struct in6_addr *client, __be16 client_port)
{
	return jhash2((__force const u32 *)client->s6_addr32, 4,
		      table->seed ^ (__force u16)client_port) & table->mask;
}

static spinlock_t *bucket_lock(struct mlb_flow_table *table, u32 index)
{
	return &table->locks[index & table->lock_mask];
}

static bool same_key(const struct mlb_flow *flow,
		     const struct mlb_flow_key *key)
{
	return flow->client_port == key->client_port &&
	       ipv6_addr_equal(&flow->client, &key->client);
}

/**
 * mlb_flow_lookup() - a flow's entry, refreshed
 * @table: the service's flows; the caller holds the RCU read lock
 * @key: the flow
 * @closing: the packet carries a FIN or RST
 *
 * Return: the entry, valid until the RCU read lock is dropped, whose
 * fields the caller reads once; NULL if the flow is unknown.
 */
struct mlb_flow *mlb_flow_lookup(struct mlb_flow_table *table,
				 const struct mlb_flow_key *key, bool closing)
{
	u32 index = bucket(table, &key->client, key->client_port);
	u32 jiffies_now = now();
	struct mlb_flow *flow;
	u8 flags;

	hlist_for_each_entry_rcu(flow, &table->buckets[index], node) {
		if (!same_key(flow, key))
			continue;
		/* Written only when it changes: the line stays shared. */
		if (READ_ONCE(flow->last_used) != jiffies_now)
			WRITE_ONCE(flow->last_used, jiffies_now);
		flags = READ_ONCE(flow->flags);
		/*
		 * Unlocked: racing with a SYN that rewrites the entry can
		 * only make it expire sooner or later.
		 */
		if (closing && !(flags & MLB_FLOW_CLOSING))
			WRITE_ONCE(flow->flags, flags | MLB_FLOW_CLOSING);
		return flow;
	}
	return NULL;
}

static bool expired(const struct mlb_flow *flow, unsigned int timeout)
{
	if (flow->flags & MLB_FLOW_CLOSING)
		timeout = min_t(unsigned int, timeout,
				MLB_FLOW_CLOSING_TIMEOUT);
	return used_before(flow, now() - timeout);
}

/* Under its bucket lock. */
static void remove_flow(struct mlb_flow_table *table, struct mlb_flow *flow)
{
	release_token(table, flow);
	/* A learner still holding it must see it settled. */
	WRITE_ONCE(flow->flags, 0);
	hlist_del_rcu(&flow->node);
	atomic_dec(&table->count);
	call_rcu(&flow->rcu, free_flow);
}

/* Under its bucket lock: the flags and token of an entry being (re)made. */
static void set_flow(struct mlb_flow_table *table, struct mlb_flow *flow,
		     u32 proxy_id, u8 flags, u32 token)
{
	if ((flags & MLB_FLOW_LEARNED) &&
	    !mlb_learn_hold(table->mn, token, proxy_id))
		flags &= ~MLB_FLOW_LEARNED;
	WRITE_ONCE(flow->token, token);
	WRITE_ONCE(flow->proxy_id, proxy_id);
	WRITE_ONCE(flow->flags, flags);
	WRITE_ONCE(flow->last_used, now());
}

/**
 * mlb_flow_insert() - record which proxy a flow goes to
 * @table: the service's flows
 * @key: the flow
 * @proxy_id: its proxy
 * @flags: %MLB_FLOW_JOIN for an MP_JOIN subflow, which only the table can
 *	route; %MLB_FLOW_LEARNING for an MPTCP connection to a learning
 *	proxy; %MLB_FLOW_LEARNED with @token for a join routed by a learned
 *	token, which the entry then keeps alive if it is still known
 * @token: see @flags
 *
 * Called for every SYN: an entry of the same flow is rewritten, so that a
 * reused 4-tuple never inherits a stale proxy or token.  When the bucket
 * is at its chain limit, or the table at its flow limit, the least
 * recently used entry of the bucket that is not pinned (%MLB_FLOW_PINNED)
 * gives way; if all are pinned, the new flow is not recorded and the
 * caller counts it.  Never sleeps.
 *
 * Return: what happened, see &enum mlb_flow_insert.
 */
enum mlb_flow_insert mlb_flow_insert(struct mlb_flow_table *table,
				     const struct mlb_flow_key *key,
				     u32 proxy_id, u8 flags, u32 token)
{
	u32 index = bucket(table, &key->client, key->client_port);
	struct hlist_head *head = &table->buckets[index];
	spinlock_t *lock = bucket_lock(table, index);
	struct mlb_flow *flow, *victim = NULL;
	struct mem_cgroup *old_memcg;
	enum mlb_flow_insert ret;
	unsigned int chain = 0;

	spin_lock_bh(lock);
	hlist_for_each_entry(flow, head, node) {
		if (same_key(flow, key)) {
			release_token(table, flow);
			set_flow(table, flow, proxy_id, flags, token);
			ret = MLB_FLOW_UPDATED;
			goto unlock;
		}
		chain++;
		if (!(flow->flags & MLB_FLOW_PINNED) &&
		    (!victim || used_before(flow, victim->last_used)))
			victim = flow;
	}
	ret = MLB_FLOW_INSERTED;
	if (chain >= MLB_FLOW_CHAIN_MAX ||
	    atomic_read(&table->count) >= table->max) {
		if (!victim) {
			ret = MLB_FLOW_FULL;
			goto unlock;
		}
		remove_flow(table, victim);
		ret = MLB_FLOW_EVICTED;
	}
	old_memcg = set_active_memcg(table->memcg);
	/* Not GFP_ATOMIC: its __GFP_HIGH would force the charge. */
	flow = kmem_cache_alloc(flow_cache, GFP_NOWAIT | __GFP_NOWARN);
	set_active_memcg(old_memcg);
	if (!flow) {
		ret = MLB_FLOW_NOMEM;
		goto unlock;
	}
	flow->client = key->client;
	flow->client_port = key->client_port;
	set_flow(table, flow, proxy_id, flags, token);
	hlist_add_head_rcu(&flow->node, head);
	atomic_inc(&table->count);
unlock:
	spin_unlock_bh(lock);
	return ret;
}

/**
 * mlb_flow_learn() - settle what a learning flow entry learned
 * @table: the service's flows
 * @flow: an entry of @table with %MLB_FLOW_LEARNING, from mlb_flow_lookup()
 * @token: the token its proxy's key gives, or NULL if the keys went by
 *	unseen
 *
 * Of packets racing on other CPUs, one settles the entry.
 *
 * Return: what learning did, %MLB_LEARN_SETTLED if another packet (or a
 * removal) settled the entry first.
 */
enum mlb_learn_result mlb_flow_learn(struct mlb_flow_table *table,
				     struct mlb_flow *flow, const u32 *token)
{
	spinlock_t *lock = bucket_lock(table, bucket(table, &flow->client,
						     flow->client_port));
	enum mlb_learn_result ret = MLB_LEARN_MISSED;
	struct mem_cgroup *old_memcg;
	u8 flags;

	spin_lock_bh(lock);
	flags = flow->flags;
	if (!(flags & MLB_FLOW_LEARNING)) {
		ret = MLB_LEARN_SETTLED;
		goto unlock;
	}
	flags &= ~MLB_FLOW_LEARNING;
	if (token) {
		old_memcg = set_active_memcg(table->memcg);
		ret = mlb_learn(table->mn, *token, flow->proxy_id);
		set_active_memcg(old_memcg);
		if (ret != MLB_LEARN_MISSED) {
			WRITE_ONCE(flow->token, *token);
			flags |= MLB_FLOW_LEARNED;
		}
	}
	WRITE_ONCE(flow->flags, flags);
unlock:
	spin_unlock_bh(lock);
	return ret;
}

/**
 * mlb_flow_gc() - forget idle flows in the next slice of buckets
 * @table: the service's flows
 * @timeout: jiffies after which an idle flow is forgotten
 * @nbuckets: how many buckets to scan; the next call goes on from there
 *
 * Runs in process context, under the RCU read lock that keeps @table:
 * the caller bounds @nbuckets and pauses between calls.
 *
 * Return: number of flows forgotten.
 */
unsigned int mlb_flow_gc(struct mlb_flow_table *table, unsigned int timeout,
			 unsigned int nbuckets)
{
	unsigned int removed = 0;
	struct hlist_node *tmp;
	struct mlb_flow *flow;
	spinlock_t *lock;
	u32 index;

	nbuckets = min(nbuckets, table->mask + 1);
	while (nbuckets--) {
		index = table->gc_next;
		table->gc_next = (index + 1) & table->mask;
		lock = bucket_lock(table, index);
		spin_lock_bh(lock);
		hlist_for_each_entry_safe(flow, tmp, &table->buckets[index],
					  node) {
			if (expired(flow, timeout)) {
				remove_flow(table, flow);
				removed++;
			}
		}
		spin_unlock_bh(lock);
	}
	return removed;
}

/**
 * struct flow_filter - what a flow-get dump is restricted to
 * @service_id: only this service's flows, if not ULONG_MAX; by id, which
 *	outlives a pause of the dump where a pointer could be reused
 * @proxy_id: only flows to this proxy, if not U32_MAX
 */
struct flow_filter {
	unsigned long service_id;
	u32 proxy_id;
};

/*
 * Under the RCU read lock: the dump's filter, from its flow nest.  The
 * request is parsed here rather than taken from the dump's info, which
 * moved between 6.1 and 6.12.
 */
static int parse_filter(struct mlb_net *mn, struct netlink_callback *cb,
			struct flow_filter *filter)
{
	struct nlattr *service_tb[MPTCP_LB_A_SERVICE_MAX + 1];
	struct nlattr *top[MLB_NL_REQUEST_ATTR_MAX + 1], *nest;
	struct nlattr *tb[MPTCP_LB_A_FLOW_MAX + 1];
	const struct mlb_service *service;
	const struct mlb_proxy *proxy;
	struct mlb_service_key key;
	int err;

	filter->service_id = ULONG_MAX;
	filter->proxy_id = U32_MAX;
	err = nlmsg_parse(cb->nlh, GENL_HDRLEN, top, MLB_NL_REQUEST_ATTR_MAX,
			  mptcp_lb_lb_nl_policy, cb->extack);
	if (err)
		return err;
	nest = top[MPTCP_LB_A_FLOW];
	if (!nest)
		return 0;
	err = nla_parse_nested(tb, MPTCP_LB_A_FLOW_MAX, nest,
			       mptcp_lb_flow_nl_policy, cb->extack);
	if (err)
		return err;
	if (tb[MPTCP_LB_A_FLOW_SERVICE]) {
		err = mlb_service_key_parse(tb[MPTCP_LB_A_FLOW_SERVICE],
					    service_tb, &key, cb->extack);
		if (err)
			return err;
		service = mlb_service_lookup(mn, &key);
		if (!service) {
			NL_SET_ERR_MSG_ATTR(cb->extack,
					    tb[MPTCP_LB_A_FLOW_SERVICE],
					    "no service of this address and port");
			return -ENOENT;
		}
		filter->service_id = service->id;
	}
	if (tb[MPTCP_LB_A_FLOW_PROXY]) {
		proxy = mlb_proxy_find(mn, nla_data(tb[MPTCP_LB_A_FLOW_PROXY]));
		if (!proxy) {
			NL_SET_ERR_MSG_ATTR(cb->extack, tb[MPTCP_LB_A_FLOW_PROXY],
					    "no proxy of this name");
			return -ENOENT;
		}
		filter->proxy_id = proxy->id;
	}
	return 0;
}

/**
 * struct flow_dump - where the flows being dumped belong
 * @mn: the namespace
 * @service: the service
 */
struct flow_dump {
	struct mlb_net *mn;
	const struct mlb_service *service;
};

static int put_flow(struct sk_buff *skb, const void *entry, const void *arg)
{
	const struct flow_dump *dump = arg;
	const struct mlb_service *service = dump->service;
	const struct mlb_flow *flow = entry;
	struct nlattr *nest, *service_nest;
	const struct mlb_proxy *proxy;
	u8 flags = READ_ONCE(flow->flags);
	u32 idle = now() - READ_ONCE(flow->last_used);

	proxy = xa_load(&dump->mn->proxies, READ_ONCE(flow->proxy_id));

	nest = nla_nest_start(skb, MPTCP_LB_A_FLOW);
	if (!nest)
		return -EMSGSIZE;
	service_nest = nla_nest_start(skb, MPTCP_LB_A_FLOW_SERVICE);
	if (!service_nest || mlb_service_key_put(skb, &service->key))
		goto cancel;
	nla_nest_end(skb, service_nest);
	if ((service->key.family == AF_INET ?
	     nla_put_in_addr(skb, MPTCP_LB_A_FLOW_CLIENT_ADDR4,
			     flow->client.s6_addr32[0]) :
	     nla_put_in6_addr(skb, MPTCP_LB_A_FLOW_CLIENT_ADDR6,
			      &flow->client)) ||
	    nla_put_be16(skb, MPTCP_LB_A_FLOW_CLIENT_PORT, flow->client_port) ||
	    (proxy && nla_put_string(skb, MPTCP_LB_A_FLOW_PROXY, proxy->name)) ||
	    ((flags & MLB_FLOW_JOIN) &&
	     nla_put_flag(skb, MPTCP_LB_A_FLOW_JOIN)) ||
	    ((flags & MLB_FLOW_CLOSING) &&
	     nla_put_flag(skb, MPTCP_LB_A_FLOW_CLOSING)) ||
	    nla_put_u32(skb, MPTCP_LB_A_FLOW_IDLE, jiffies_to_msecs(idle)) ||
	    ((flags & MLB_FLOW_LEARNED) &&
	     nla_put_u32(skb, MPTCP_LB_A_FLOW_TOKEN, READ_ONCE(flow->token))))
		goto cancel;
	nla_nest_end(skb, nest);
	return 0;

cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/*
 * Dumps one service's flows from bucket cb->args[1], skipping the first
 * cb->args[2] entries of it, which the previous message carried.  A flow
 * added or removed between two messages may be missed or seen twice, as
 * with any table that changes during a dump.  Called under the RCU read
 * lock, which it drops between chunks of buckets: a service removed
 * meanwhile ends its part of the dump.
 */
static int dump_service_flows(struct sk_buff *skb,
			      struct netlink_callback *cb, struct mlb_net *mn,
			      const struct mlb_service *service,
			      const struct flow_filter *filter)
{
	const struct flow_dump dump = { mn, service };
	struct mlb_flow_table *table = service->flows;
	struct mlb_flow *flow;
	unsigned long skip;

	for (; cb->args[1] <= table->mask; cb->args[1]++, cb->args[2] = 0) {
		/* Millions of buckets: pause, then check the service is there. */
		if (cb->args[1] && !(cb->args[1] % MLB_FLOW_DUMP_CHUNK)) {
			rcu_read_unlock();
			cond_resched();
			rcu_read_lock();
			if (xa_load(&mn->services, cb->args[0]) != service)
				return 0;
		}
		skip = cb->args[2];
		hlist_for_each_entry_rcu(flow, &table->buckets[cb->args[1]],
					 node) {
			if (skip) {
				skip--;
				continue;
			}
			if ((filter->proxy_id == U32_MAX ||
			     READ_ONCE(flow->proxy_id) == filter->proxy_id) &&
			    mlb_nl_dump_one(skb, cb, put_flow, flow, &dump))
				return -EMSGSIZE;
			cb->args[2]++;
		}
	}
	return 0;
}

/* cb->args[0]: service id, [1]: bucket, [2]: entries of it already sent. */
int mptcp_lb_nl_flow_get_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	struct mlb_net *mn = mlb_net(sock_net(skb->sk));
	struct mlb_service *service;
	struct flow_filter filter;
	unsigned long id;
	int err;

	rcu_read_lock();
	err = parse_filter(mn, cb, &filter);
	if (err)
		goto unlock;
	xa_for_each_start(&mn->services, id, service, cb->args[0]) {
		if (filter.service_id != ULONG_MAX && id != filter.service_id)
			continue;
		if (id != cb->args[0]) {
			cb->args[0] = id;
			cb->args[1] = 0;
			cb->args[2] = 0;
		}
		err = dump_service_flows(skb, cb, mn, service, &filter);
		if (err)
			break;
	}
	if (!err)
		cb->args[0] = ULONG_MAX;
unlock:
	rcu_read_unlock();
	if (err && !skb->len)
		return err;
	return skb->len;
}
