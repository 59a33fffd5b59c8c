// SPDX-License-Identifier: GPL-2.0
#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/memcontrol.h>
#include <linux/overflow.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <net/ipv6.h>
#include <net/tcp.h>

#include "flow.h"
#include "flow_table.h"
#include "learn.h"
#include "netns.h"

/*
 * Chains are short and bounded: a lookup reads at most this many entries,
 * whatever the traffic.  Buckets are a quarter of the flow limit, so a
 * full table averages four entries per chain.
 */
#define MLB_FLOW_CHAIN_MAX	8
#define MLB_FLOW_PER_BUCKET	4
/* Writers of different buckets rarely wait for each other with this many. */
#define MLB_FLOW_LOCKS_MAX	1024
/*
 * How far from the end of what the client was seen to send a segment may
 * start and still be in sequence: the data a client has in flight beyond
 * the LB when it sends a FIN or RST, or by which its retransmissions
 * reorder.  A blind attacker's random sequence number falls in it once in
 * 2^15 tries.
 */
#define MLB_FLOW_SEQ_WINDOW		(64 * 1024)

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
	 * Flows are allocated by the hooks, in softirq context or an NFQUEUE
	 * daemon's verdict, where the kernel cannot tell whom to charge: the
	 * table charges them, and the tokens they learn, to the memory
	 * cgroup of whoever configured the service.
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
	struct mlb_flow *flow, *next;
	u32 i;

	if (!table)
		return;
	for (i = 0; i <= table->mask; i++) {
		/* No reader, no writer: nothing to protect the chain from. */
		for (flow = rcu_dereference_protected(table->buckets[i], 1);
		     flow; flow = next) {
			next = rcu_dereference_protected(flow->next, 1);
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

static bool same_key(const struct mlb_flow *flow,
		     const struct mlb_flow_key *key)
{
	return flow->client_port == key->client_port &&
	       ipv6_addr_equal(&flow->client, &key->client);
}

/*
 * Whether a segment starting at @seq is in sequence with an entry that
 * saw the client's data up to @seq_end: RFC 5961 section 3 asks a TCP to
 * accept a RST only at exactly its next expected sequence number, which
 * the LB, seeing one direction, knows within a window.
 */
static bool in_sequence(u32 seq, u32 seq_end)
{
	return seq - seq_end + MLB_FLOW_SEQ_WINDOW <= 2 * MLB_FLOW_SEQ_WINDOW;
}

/*
 * The hooks' lock of a bucket.  The hook runs the data path with bottom
 * halves disabled (see mlb_hook()), so it takes the lock as it is;
 * expiry, in process context, takes it with spin_lock_bh().  Taken with
 * them enabled, a softirq on the same CPU could spin on it forever: that
 * warns on every kernel, lockdep or not, for a read of preempt_count.
 */
static void hook_lock(spinlock_t *lock)
	__acquires(lock)
{
	WARN_ON_ONCE(!softirq_count());
	spin_lock(lock);
}

/*
 * What a segment in sequence with @seq_end, the entry's end when it was
 * looked up, does to the entry: it moves that end, confirms the entry
 * and, if a FIN or RST, closes it.  A SYN may rewrite the entry
 * meanwhile, for another connection, whose end the segment must not move
 * and whose flags it must not set.
 */
static void advance(struct mlb_flow_table *table, u32 index,
		    struct mlb_flow *flow, u32 seq_end,
		    const struct mlb_flow_segment *segment)
{
	spinlock_t *lock = bucket_lock(table, index);
	u8 set = MLB_FLOW_CONFIRMED;

	/*
	 * Forward only, and not once a SYN rewrote the entry for another
	 * connection: a racing segment that moved it must not hold back a
	 * longer one (a GRO segment may be longer than the window).
	 */
	while (after(segment->end, seq_end) &&
	       in_sequence(segment->seq, seq_end) &&
	       !try_cmpxchg(&flow->seq_end, &seq_end, segment->end))
		;
	if (segment->closing)
		set |= MLB_FLOW_CLOSING;
	/* A flow's flags change a few times only: most segments lock nothing. */
	if ((READ_ONCE(flow->flags) & set) == set)
		return;
	hook_lock(lock);
	if (in_sequence(segment->end, READ_ONCE(flow->seq_end)))
		WRITE_ONCE(flow->flags, flow->flags | set);
	spin_unlock(lock);
}

/**
 * mlb_flow_lookup() - a flow's entry, refreshed by a segment
 * @table: the service's flows; the caller holds the RCU read lock
 * @key: the flow
 * @segment: the segment of the flow being forwarded, which refreshes the
 *	entry and, in sequence, confirms or closes it (the caller then is
 *	a hook: bottom halves disabled); NULL for a packet that only names
 *	the flow (an ICMP error)
 * @out_of_sequence: set if @segment is out of sequence, which leaves the
 *	entry as it was but for its idle time; else left alone
 *
 * Return: the entry, valid until the RCU read lock is dropped, whose
 * fields the caller reads once; NULL if the flow is unknown.
 */
struct mlb_flow *mlb_flow_lookup(struct mlb_flow_table *table,
				 const struct mlb_flow_key *key,
				 const struct mlb_flow_segment *segment,
				 bool *out_of_sequence)
{
	u32 index = bucket(table, &key->client, key->client_port);
	u32 jiffies_now = mlb_flow_jiffies(), seq_end;
	struct mlb_flow *flow;

	for (flow = rcu_dereference(table->buckets[index]); flow;
	     flow = rcu_dereference(flow->next)) {
		if (!same_key(flow, key))
			continue;
		if (!segment)
			return flow;
		/*
		 * Any segment says the flow is alive: a blind attacker can
		 * keep an entry, never end it.
		 */
		if (READ_ONCE(flow->last_used) != jiffies_now)
			WRITE_ONCE(flow->last_used, jiffies_now);
		seq_end = READ_ONCE(flow->seq_end);
		if (in_sequence(segment->seq, seq_end))
			advance(table, index, flow, seq_end, segment);
		else
			*out_of_sequence = true;
		return flow;
	}
	return NULL;
}

/**
 * mlb_flow_remove() - take an entry out of its table
 * @table: the service's flows
 * @link: the link of the chain that points to @flow
 * @flow: the entry, under the lock of its bucket
 *
 * A reader standing on it goes on along its unchanged next pointer; it is
 * freed after a grace period.
 */
void mlb_flow_remove(struct mlb_flow_table *table,
		     struct mlb_flow __rcu **link, struct mlb_flow *flow)
{
	release_token(table, flow);
	/* A learner still holding it must see it settled. */
	WRITE_ONCE(flow->flags, 0);
	rcu_assign_pointer(*link, rcu_access_pointer(flow->next));
	atomic_dec(&table->count);
	call_rcu(&flow->rcu, free_flow);
}

/* Under its bucket lock: an entry being (re)made by a SYN. */
static void set_flow(struct mlb_flow_table *table, struct mlb_flow *flow,
		     u32 proxy_id, u8 flags, u32 token, u32 seq_end)
{
	if ((flags & MLB_FLOW_LEARNED) &&
	    !mlb_learn_hold(table->mn, token, proxy_id))
		flags &= ~MLB_FLOW_LEARNED;
	WRITE_ONCE(flow->token, token);
	WRITE_ONCE(flow->proxy_id, proxy_id);
	WRITE_ONCE(flow->seq_end, seq_end);
	flow->syn_end = seq_end;
	WRITE_ONCE(flow->flags, flags);
	WRITE_ONCE(flow->last_used, mlb_flow_jiffies());
}

/*
 * Under its bucket lock: whether @flow was made by the SYN that ends at
 * @seq_end, with @flags and @token as for mlb_flow_insert(): the same
 * initial sequence number, the same kind and, for a SYN + MP_JOIN, the
 * same token.
 */
static bool same_syn(const struct mlb_flow *flow, u8 flags, u32 token,
		     u32 seq_end)
{
	if (flow->syn_end != seq_end || ((flow->flags ^ flags) & MLB_FLOW_JOIN))
		return false;
	return !(flags & MLB_FLOW_JOIN) || flow->token == token;
}

/*
 * Under its bucket lock: whether a SYN (or a segment the table lost)
 * leaves its 4-tuple's entry as it is, and why.  The entry's proxy must
 * still exist.  A precious entry stays.  So does one that this SYN made,
 * retransmitted because its SYN/ACK is late or lost, or duplicated by the
 * network, while its proxy is one of the service's @members: that proxy
 * may have answered it, and routed afresh by a configuration changed
 * since (members added, reweighted or drained), the SYN would have the
 * client establish with one proxy and send the rest to another, which
 * resets it.  IPVS likewise sends a SYN of a known connection where it
 * went until that closed (is_new_conn_expected()), to a server of weight
 * 0 too, unless expire_nodest_conn is set.  A proxy removed from the
 * service, or deleted, is where the operator sends nothing more: the SYN
 * is routed afresh.
 */
static enum mlb_flow_insert kept(struct mlb_flow_table *table,
				 const struct mlb_flow *flow, u8 flags,
				 u32 token, u32 seq_end,
				 const struct mlb_idset *members)
{
	if (!xa_load(&table->mn->proxies, flow->proxy_id))
		return MLB_FLOW_UPDATED;
	if (precious(flow->flags))
		return MLB_FLOW_KEPT;
	if (same_syn(flow, flags, token, seq_end) &&
	    !(flow->flags & MLB_FLOW_CLOSING) &&
	    mlb_idset_has(members, flow->proxy_id))
		return MLB_FLOW_REPEATED;
	return MLB_FLOW_UPDATED;
}

/**
 * mlb_flow_insert() - record which proxy a flow goes to
 * @table: the service's flows
 * @key: the flow
 * @proxy_id: its proxy; if the flow's entry is kept, set to the proxy the
 *	entry names
 * @flags: %MLB_FLOW_JOIN for an MP_JOIN subflow, which only the table can
 *	route; %MLB_FLOW_LEARNING for an MPTCP connection to a learning
 *	proxy; %MLB_FLOW_LEARNED with @token for a join routed by a learned
 *	token, which the entry then keeps alive if it is still known
 * @token: see @flags
 * @seq_end: the sequence number the client's next segment carries: its
 *	SYN's plus one, or the end of the segment that made the entry
 * @members: the proxies of the service's members,
 *	&mlb_service_conf.member_ids
 *
 * Called for every SYN and for segments of flows the table lost.  An
 * entry of the same flow is rewritten, so that a reused 4-tuple never
 * inherits a stale proxy or token, unless its proxy still exists and it
 * is precious (confirmed, open, only the table can route it) or was made
 * by this very SYN, retransmitted (same @seq_end, kind and join token;
 * not closing; the proxy in @members): the segment then goes where the
 * entry says, like IPVS does unless conn_reuse_mode lets it reschedule.
 * A client that reuses the 4-tuple of a precious entry gets the old
 * proxy's challenge ACK, answers it with a RST in sequence that closes
 * the entry, and its next SYN is routed afresh; one that reuses another
 * entry's 4-tuple sends another initial sequence number.
 *
 * When the bucket is at its chain limit, or the table at its flow limit,
 * an entry of the bucket that is not precious gives way: a closing one,
 * or one awaiting its client that pins nothing, before the others (an
 * unconfirmed join or learning connection, an established flow), each
 * kind least recently used first; in a full table, one of the next
 * %MLB_FLOW_EVICT_RANGE buckets' if the bucket has none.  If all are
 * precious, the new flow is not recorded.  For the hooks: bottom halves
 * disabled.
 *
 * Return: what happened, see &enum mlb_flow_insert.
 */
enum mlb_flow_insert mlb_flow_insert(struct mlb_flow_table *table,
				     const struct mlb_flow_key *key,
				     u32 *proxy_id, u8 flags, u32 token,
				     u32 seq_end,
				     const struct mlb_idset *members)
{
	u32 index = bucket(table, &key->client, key->client_port);
	spinlock_t *lock = bucket_lock(table, index);
	struct mem_cgroup *old_memcg;
	struct mlb_flow __rcu **link;
	struct mlb_flow *flow;
	enum mlb_flow_insert ret;
	unsigned int chain = 0;
	u32 old_token;
	u8 old_flags;

	hook_lock(lock);
	for (link = &table->buckets[index]; (flow = locked(link, lock));
	     link = &flow->next) {
		if (same_key(flow, key)) {
			ret = kept(table, flow, flags, token, seq_end,
				   members);
			if (ret != MLB_FLOW_UPDATED) {
				*proxy_id = flow->proxy_id;
				WRITE_ONCE(flow->last_used,
					   mlb_flow_jiffies());
				goto unlock;
			}
			/*
			 * The old token is let go once the new one is held:
			 * they may be the same, and this entry its last
			 * holder.
			 */
			old_flags = flow->flags;
			old_token = flow->token;
			set_flow(table, flow, *proxy_id, flags, token, seq_end);
			if (old_flags & MLB_FLOW_LEARNED)
				mlb_learn_put(table->mn, old_token);
			goto unlock;
		}
		chain++;
	}
	ret = MLB_FLOW_INSERTED;
	if (chain >= MLB_FLOW_CHAIN_MAX ||
	    atomic_read(&table->count) >= table->max) {
		if (!mlb_flow_evict(table, index, lock,
				    chain >= MLB_FLOW_CHAIN_MAX)) {
			ret = MLB_FLOW_FULL;
			goto unlock;
		}
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
	set_flow(table, flow, *proxy_id, flags, token, seq_end);
	RCU_INIT_POINTER(flow->next, locked(&table->buckets[index], lock));
	rcu_assign_pointer(table->buckets[index], flow);
	atomic_inc(&table->count);
unlock:
	spin_unlock(lock);
	return ret;
}

/**
 * mlb_flow_learn() - settle what a learning flow entry learned
 * @table: the service's flows
 * @flow: an entry of @table with %MLB_FLOW_LEARNING, from mlb_flow_lookup()
 * @token: the token its proxy's key gives, or NULL if the keys went by
 *	unseen
 *
 * Of packets racing on other CPUs, one settles the entry.  For the hooks:
 * bottom halves disabled.
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

	hook_lock(lock);
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
	spin_unlock(lock);
	return ret;
}
