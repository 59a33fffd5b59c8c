/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of the flow table share: flow.c, which adds and finds
 * entries, and flow_evict.c, which takes them out.
 */
#ifndef _MLB_FLOW_TABLE_H
#define _MLB_FLOW_TABLE_H

#include <linux/rcupdate.h>
#include <linux/spinlock.h>

#include "flow.h"

static inline bool used_before(const struct mlb_flow *flow, u32 when)
{
	return (s32)(READ_ONCE(flow->last_used) - when) < 0;
}

static inline spinlock_t *bucket_lock(struct mlb_flow_table *table,
				      u32 index)
{
	return &table->locks[index & table->lock_mask];
}

/* Under the lock of its bucket: the entry a link of the chain points to. */
static inline struct mlb_flow *locked(struct mlb_flow __rcu *const *link,
				      spinlock_t *lock)
{
	return rcu_dereference_protected(*link, lockdep_is_held(lock));
}

/*
 * An entry only the table can route, whose client has confirmed it and
 * not closed it: neither evicted nor rewritten by a SYN.
 */
static inline bool precious(u8 flags)
{
	return (flags & MLB_FLOW_PINNED) &&
	       (flags & (MLB_FLOW_CONFIRMED | MLB_FLOW_CLOSING)) ==
	       MLB_FLOW_CONFIRMED;
}

void mlb_flow_remove(struct mlb_flow_table *table,
		     struct mlb_flow __rcu **link, struct mlb_flow *flow);
bool mlb_flow_evict(struct mlb_flow_table *table, u32 index, spinlock_t *lock,
		    bool chain_full);

#endif /* _MLB_FLOW_TABLE_H */
