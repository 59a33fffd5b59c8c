// SPDX-License-Identifier: GPL-2.0
#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/overflow.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <net/ipv6.h>

#include "flow.h"

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

static struct kmem_cache *flow_cache __read_mostly;

/**
 * mlb_flow_init() - create the cache flows are allocated from
 *
 * Return: 0 or -ENOMEM.
 */
int __init mlb_flow_init(void)
{
	BUILD_BUG_ON(sizeof(struct mlb_flow) > 64);
	flow_cache = KMEM_CACHE(mlb_flow, SLAB_HWCACHE_ALIGN);
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

/**
 * mlb_flow_table_alloc() - an empty flow table
 * @max: most flows it will hold
 *
 * Return: the table, or NULL.
 */
struct mlb_flow_table *mlb_flow_table_alloc(u32 max)
{
	u32 nbuckets = roundup_pow_of_two(max_t(u32, max / MLB_FLOW_PER_BUCKET,
						1));
	u32 nlocks = min_t(u32, nbuckets, MLB_FLOW_LOCKS_MAX);
	struct mlb_flow_table *table;
	u32 i;

	table = kvzalloc(struct_size(table, buckets, nbuckets), GFP_KERNEL);
	if (!table)
		return NULL;
	table->locks = kcalloc(nlocks, sizeof(table->locks[0]), GFP_KERNEL);
	if (!table->locks) {
		kvfree(table);
		return NULL;
	}
	for (i = 0; i < nlocks; i++)
		spin_lock_init(&table->locks[i]);
	table->lock_mask = nlocks - 1;
	table->mask = nbuckets - 1;
	table->max = max;
	table->seed = get_random_u32();
	return table;
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
	for (i = 0; i <= table->mask; i++)
		hlist_for_each_entry_safe(flow, tmp, &table->buckets[i], node)
			kmem_cache_free(flow_cache, flow);
	kfree(table->locks);
	kvfree(table);
}

static u32 bucket(const struct mlb_flow_table *table,
		  const struct mlb_flow_key *key)
{
	return jhash2((__force const u32 *)key->client.s6_addr32, 4,
		      table->seed ^ (__force u16)key->client_port) &
	       table->mask;
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
 * mlb_flow_lookup() - the proxy of a flow, refreshing it
 * @table: the service's flows; the caller holds the RCU read lock
 * @key: the flow
 * @closing: the packet carries a FIN or RST
 *
 * Return: the proxy id, or U32_MAX if the flow is unknown.
 */
u32 mlb_flow_lookup(struct mlb_flow_table *table,
		    const struct mlb_flow_key *key, bool closing)
{
	struct mlb_flow *flow;
	u8 flags;

	hlist_for_each_entry_rcu(flow, &table->buckets[bucket(table, key)],
				 node) {
		if (!same_key(flow, key))
			continue;
		/* Written only when it changes: the line stays shared. */
		if (READ_ONCE(flow->last_used) != jiffies)
			WRITE_ONCE(flow->last_used, jiffies);
		flags = READ_ONCE(flow->flags);
		/*
		 * Unlocked: racing with a SYN that rewrites the entry can
		 * only make it expire sooner or later.
		 */
		if (closing && !(flags & MLB_FLOW_CLOSING))
			WRITE_ONCE(flow->flags, flags | MLB_FLOW_CLOSING);
		return READ_ONCE(flow->proxy_id);
	}
	return U32_MAX;
}

static bool expired(const struct mlb_flow *flow, unsigned long timeout)
{
	if (flow->flags & MLB_FLOW_CLOSING)
		timeout = min(timeout, MLB_FLOW_CLOSING_TIMEOUT);
	return time_after(jiffies, READ_ONCE(flow->last_used) + timeout);
}

static void remove_flow(struct mlb_flow_table *table, struct mlb_flow *flow)
{
	hlist_del_rcu(&flow->node);
	atomic_dec(&table->count);
	call_rcu(&flow->rcu, free_flow);
}

/**
 * mlb_flow_insert() - record which proxy a flow goes to
 * @table: the service's flows
 * @key: the flow
 * @proxy_id: its proxy
 * @join: it is an MP_JOIN subflow, which only the table can route
 *
 * Called for every SYN: an entry of the same flow is rewritten, so that a
 * reused 4-tuple never inherits a stale proxy.  When the bucket is at its
 * chain limit, or the table at its flow limit, the least recently used
 * entry of the bucket that is not a join gives way; if all are joins, the
 * new flow is not recorded and the caller counts it.  Never sleeps.
 *
 * Return: what happened, see &enum mlb_flow_insert.
 */
enum mlb_flow_insert mlb_flow_insert(struct mlb_flow_table *table,
				     const struct mlb_flow_key *key,
				     u32 proxy_id, bool join)
{
	u32 index = bucket(table, key);
	struct hlist_head *head = &table->buckets[index];
	spinlock_t *lock = bucket_lock(table, index);
	struct mlb_flow *flow, *victim = NULL;
	enum mlb_flow_insert ret;
	unsigned int chain = 0;

	spin_lock_bh(lock);
	hlist_for_each_entry(flow, head, node) {
		if (same_key(flow, key)) {
			WRITE_ONCE(flow->proxy_id, proxy_id);
			WRITE_ONCE(flow->flags, join ? MLB_FLOW_JOIN : 0);
			WRITE_ONCE(flow->last_used, jiffies);
			ret = MLB_FLOW_UPDATED;
			goto unlock;
		}
		chain++;
		if (!(flow->flags & MLB_FLOW_JOIN) &&
		    (!victim || time_before(flow->last_used, victim->last_used)))
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
	flow = kmem_cache_alloc(flow_cache, GFP_ATOMIC);
	if (!flow) {
		ret = MLB_FLOW_NOMEM;
		goto unlock;
	}
	flow->client = key->client;
	flow->client_port = key->client_port;
	flow->flags = join ? MLB_FLOW_JOIN : 0;
	flow->proxy_id = proxy_id;
	flow->last_used = jiffies;
	hlist_add_head_rcu(&flow->node, head);
	atomic_inc(&table->count);
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
 * Runs in process context.
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
		if (!(table->gc_next % 1024))
			cond_resched();
	}
	return removed;
}
