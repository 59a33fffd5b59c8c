/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Maglev consistent hashing (Eisenbud et al., NSDI 2016) with weights: picks
 * the proxy for a new connection so that every LB with the same members
 * picks the same one, and removing a member moves its connections and few
 * of the others'.
 */

/**
 * DOC: balance and disruption
 *
 * For a table of M slots and N members; the numbers are measured by
 * selftests/unit/maglev_test.c, which fails if they are exceeded.
 *
 * Balance: equal members hold M/N slots, give or take one, since each
 * claims one slot a turn; weighted members hold shares proportional to
 * their weights (within 1% for weights 1 to 10 in 65537 slots, tested).
 * The paper asks for M > 100 * N for a 1% balance (section 3.4), which the
 * LB enforces with %MLB_MAGLEV_SLOTS_PER_MEMBER.
 *
 * Disruption: removing one of N equal members moves its own M/N slots and
 * some of the others'.  Maglev gives no worst-case bound: the share moved
 * grows with N at a given M/N and shrinks as M/N grows.  The bounds kept,
 * in multiples of the ideal M/N: 1.1 for N = 10, 1.7 for 100 and 6.0 for
 * 512 (the member limit) with the default M = 65537; 1.15 for 100 and 2.0
 * for 512 with M = 1048573, the largest size (measured: 1.03, 1.61, 5.7,
 * 1.11 and 1.84).  A service that needs a bound takes the rendezvous fill
 * (rendezvous.h), which moves the removed member's slots alone.  The
 * table is a pure function of the members' ids and weights and of M, so
 * LBs configured alike agree slot for slot.
 */
#ifndef _MLB_LIB_MAGLEV_H
#define _MLB_LIB_MAGLEV_H

#include <uapi/linux/mptcp_lb.h>
#include "compat.h"

#define MLB_MAGLEV_EMPTY	U32_MAX

/*
 * Smallest number of slots per member: the Maglev paper's rule for a 1%
 * balance (section 3.4, "M > 100 * N").  The default size keeps it for the
 * largest service, see check_size() in src/lb/member.c.
 */
#define MLB_MAGLEV_SLOTS_PER_MEMBER	100

/**
 * struct mlb_maglev_member - one candidate of a Maglev or rendezvous table
 * @id: stable identity, e.g. mlb_hash64() of the proxy's name; it alone
 *	decides the member's slot preferences and its place in the fill order
 * @weight: share of the table, 0 to %MPTCP_LB_WEIGHT_MAX; 0 gets no slot
 */
struct mlb_maglev_member {
	u64 id;
	u32 weight;
};

bool mlb_maglev_size_valid(u32 size);

size_t mlb_maglev_scratch_size(u32 nmembers);

/**
 * mlb_maglev_pick() - the slot of a Maglev table a connection hash selects
 * @table: the table
 * @size: its number of slots
 * @hash: e.g. mlb_flow_hash() of the connection
 *
 * Folds the hash to 32 bits first: a 64-bit modulo is a library call on
 * 32-bit kernels, and every LB must compute the same slot.
 *
 * Return: the slot's content, a member index or %MLB_MAGLEV_EMPTY.
 */
static inline u32 mlb_maglev_pick(const u32 *table, u32 size, u64 hash)
{
	return table[(u32)(hash ^ (hash >> 32)) % size];
}

int mlb_maglev_build(u32 *table, u32 size,
		     const struct mlb_maglev_member *members, u32 nmembers,
		     void *scratch);

#endif /* _MLB_LIB_MAGLEV_H */
