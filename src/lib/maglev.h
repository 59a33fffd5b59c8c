/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Maglev consistent hashing (Eisenbud et al., NSDI 2016) with weights: picks
 * the proxy for a new connection so that every LB with the same members
 * picks the same one, and removing one of N members moves about 1/N of the
 * connections.
 */
#ifndef _MLB_LIB_MAGLEV_H
#define _MLB_LIB_MAGLEV_H

#include <uapi/linux/mptcp_lb.h>
#include "compat.h"

#define MLB_MAGLEV_EMPTY	U32_MAX

/**
 * struct mlb_maglev_member - one candidate of a Maglev table
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
