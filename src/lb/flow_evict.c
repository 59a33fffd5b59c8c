// SPDX-License-Identifier: GPL-2.0
/*
 * How entries leave a flow table: evicted when a chain or the table is
 * full, forgotten when idle.
 */
#include <linux/jiffies.h>
#include <linux/minmax.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>

#include "flow.h"
#include "flow_table.h"

/*
 * Buckets after a SYN's own where a full table looks for an entry to
 * evict, as conntrack's early drop does (NF_CT_EVICTION_RANGE).
 */
#define MLB_FLOW_EVICT_RANGE		8
/* A closing connection's entry outlives its last packet this long. */
#define MLB_FLOW_CLOSING_TIMEOUT	(10 * HZ)
/*
 * A SYN's entry awaits its client's next packet this long: the client
 * retransmits its SYN after 1, 3, 7, 15 and 31 seconds, and acknowledges
 * the first SYN/ACK that reaches it (conntrack keeps SYN_RECV 60 s).
 */
#define MLB_FLOW_UNCONFIRMED_TIMEOUT	(30 * HZ)

/*
 * An entry whose loss costs least: closing, or awaiting its client's ACK
 * and pinning nothing (not a join, awaiting no token to learn), so that
 * Maglev gives its proxy again; a flood of plain SYNs makes such entries.
 */
static bool expendable(u8 flags)
{
	return (flags & MLB_FLOW_CLOSING) ||
	       !(flags & (MLB_FLOW_CONFIRMED | MLB_FLOW_PINNED));
}

/*
 * Whether @flow, not precious, gives way before @victim: an expendable
 * entry first, then the least recently used.  A flood of SYNs thus
 * pushes out its own entries before the connections that carry data,
 * which Maglev routes again only while the members stay, as conntrack's
 * early drop takes unassured entries only.  A blind attacker can confirm
 * its entries with a spoofed ACK, where conntrack waits for a reply:
 * confirmation only ranks entries within a bucket, it does not make an
 * insert look further.  Unconfirmed pinned entries are not expendable: a
 * join's third ACK reaches its proxy only through its entry, and a
 * learning proxy's connection teaches its token only through its own.
 */
static bool evicted_before(const struct mlb_flow *flow,
			   const struct mlb_flow *victim)
{
	bool cheap = expendable(flow->flags);

	if (cheap != expendable(victim->flags))
		return cheap;
	return used_before(flow, victim->last_used);
}

/*
 * Under the lock of bucket @index: removes the entry that is not precious
 * and gives way first (evicted_before()), if it has one.
 */
static bool evict_lru(struct mlb_flow_table *table, u32 index,
		      spinlock_t *lock)
{
	struct mlb_flow __rcu **link, **victim_link = NULL;
	struct mlb_flow *flow, *victim = NULL;

	for (link = &table->buckets[index]; (flow = locked(link, lock));
	     link = &flow->next) {
		if (!precious(flow->flags) &&
		    (!victim || evicted_before(flow, victim))) {
			victim = flow;
			victim_link = link;
		}
	}
	if (victim)
		mlb_flow_remove(table, victim_link, victim);
	return victim;
}

/*
 * Under @held, the lock of bucket @index, in a full table where that
 * bucket has no entry to give way: evicts one from the next buckets.
 * Once a table is full every insert evicts in its own bucket, so chain
 * lengths stay as they were when it filled up, and a bucket empty then
 * (one in e^4 at four entries per bucket), or holding only precious
 * entries, would refuse its 4-tuples for as long as a flood keeps the
 * table full of unconfirmed joins: their joins would be dropped.  The
 * other buckets' locks are only tried, so that no order among them is
 * needed; one that another CPU holds is skipped.
 */
static bool evict_nearby(struct mlb_flow_table *table, u32 index,
			 spinlock_t *held)
{
	spinlock_t *lock;
	bool evicted;
	u32 i, next;

	for (i = 1; i <= MLB_FLOW_EVICT_RANGE && i <= table->mask; i++) {
		next = (index + i) & table->mask;
		lock = bucket_lock(table, next);
		if (lock == held) {
			evicted = evict_lru(table, next, lock);
		} else if (spin_trylock(lock)) {
			evicted = evict_lru(table, next, lock);
			spin_unlock(lock);
		} else {
			continue;
		}
		if (evicted)
			return true;
	}
	return false;
}

/**
 * mlb_flow_evict() - make room for an entry in a bucket
 * @table: the service's flows
 * @index: the bucket
 * @lock: its lock, held
 * @chain_full: the bucket's chain is at its limit, so that only an entry
 *	of its own makes room; else the table is full, and one of the next
 *	buckets' does too
 *
 * Return: whether an entry was evicted.
 */
bool mlb_flow_evict(struct mlb_flow_table *table, u32 index, spinlock_t *lock,
		    bool chain_full)
{
	return evict_lru(table, index, lock) ||
	       (!chain_full && evict_nearby(table, index, lock));
}

static bool expired(const struct mlb_flow *flow,
		    const struct mlb_flow_timeouts *timeouts)
{
	unsigned long timeout = timeouts->flow;
	u8 flags = flow->flags;

	if (flags & MLB_FLOW_CLOSING)
		timeout = min(timeout, MLB_FLOW_CLOSING_TIMEOUT);
	else if (precious(flags))
		timeout = timeouts->join;
	else if (flags & MLB_FLOW_PINNED)
		timeout = min(timeouts->join, MLB_FLOW_UNCONFIRMED_TIMEOUT);
	return used_before(flow, mlb_flow_jiffies() - timeout);
}

/**
 * mlb_flow_gc() - forget idle flows in the next slice of buckets
 * @table: the service's flows
 * @timeouts: how long idle flows are kept
 * @nbuckets: how many buckets to scan; the next call goes on from there
 *
 * Runs in process context, under the RCU read lock that keeps @table:
 * the caller bounds @nbuckets and pauses between calls.
 *
 * Return: number of flows forgotten.
 */
unsigned int mlb_flow_gc(struct mlb_flow_table *table,
			 const struct mlb_flow_timeouts *timeouts,
			 unsigned int nbuckets)
{
	struct mlb_flow __rcu **link;
	unsigned int removed = 0;
	struct mlb_flow *flow;
	spinlock_t *lock;
	u32 index;

	nbuckets = min(nbuckets, table->mask + 1);
	while (nbuckets--) {
		index = table->gc_next;
		table->gc_next = (index + 1) & table->mask;
		lock = bucket_lock(table, index);
		spin_lock_bh(lock);
		link = &table->buckets[index];
		while ((flow = locked(link, lock))) {
			if (expired(flow, timeouts)) {
				/* @link now points to the next one. */
				mlb_flow_remove(table, link, flow);
				removed++;
			} else {
				link = &flow->next;
			}
		}
		spin_unlock_bh(lock);
	}
	return removed;
}
