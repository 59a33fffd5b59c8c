/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which proxy owns a routing integer X: a sorted array of disjoint,
 * inclusive ranges, searched in O(log n) while it is changed, and through
 * a direct index on the top bits of X, in O(1), by the data path.
 */
#ifndef _MLB_LIB_RANGES_H
#define _MLB_LIB_RANGES_H

#include "compat.h"

/**
 * struct mlb_range - an inclusive range of routing integers and its owner
 * @lo: first integer of the range
 * @hi: last integer of the range, @hi >= @lo
 * @owner: caller's identifier of the proxy that owns the range
 */
struct mlb_range {
	u32 lo;
	u32 hi;
	u32 owner;
};

/**
 * struct mlb_range_set - disjoint ranges sorted by @lo
 * @count: ranges in use
 * @capacity: size of @ranges
 * @ranges: the caller-allocated array
 */
struct mlb_range_set {
	u32 count;
	u32 capacity;
	struct mlb_range *ranges;
};

/* Largest index: 2^16 slots, 256 KiB, for 2^15 ranges or more. */
#define MLB_RANGE_INDEX_BITS_MAX	16

/**
 * struct mlb_range_index - direct index over a &struct mlb_range_set
 * @shift: 32 less the index's bits: X falls in slot X >> @shift
 * @first: (U32_MAX >> @shift) + 2 entries: @first[s] is the position of
 *	the first range that ends at or after the first integer of slot s,
 *	the only one of the slot's ranges that can begin before it; the
 *	last entry is the number of ranges
 *
 * The range holding an X of slot s, if any, is among @first[s] to
 * @first[s + 1]: with at least two slots per range, one or two of them
 * for ranges of similar sizes.  Ranges crowded into one slot cost a binary
 * search among them, never more than the whole set's.  The caller
 * provides @first, mlb_range_index_entries() of them.
 */
struct mlb_range_index {
	u32 shift;
	u32 *first;
};

u32 mlb_range_index_bits(u32 count);
u32 mlb_range_index_entries(u32 bits);
void mlb_range_index_build(struct mlb_range_index *index, u32 bits,
			   u32 *first, const struct mlb_range_set *set);

/**
 * mlb_range_first_ending() - binary search of a slice of a range set
 * @set: the range set
 * @lo: first position searched
 * @hi: one past the last position searched
 * @x: routing integer
 *
 * Return: the position of the first range of @lo..@hi - 1 whose last
 * integer is @x or above, or @hi if none is.
 */
static inline u32 mlb_range_first_ending(const struct mlb_range_set *set,
					 u32 lo, u32 hi, u32 x)
{
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (set->ranges[mid].hi < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/**
 * mlb_range_index_lookup() - find the range that holds @x, in O(1)
 * @index: the index of @set, built since @set last changed
 * @set: the range set
 * @x: routing integer
 *
 * Inline: every join routed by its token looks its X up.
 *
 * Return: what mlb_range_lookup() returns: the range holding @x, or NULL.
 */
static inline const struct mlb_range *
mlb_range_index_lookup(const struct mlb_range_index *index,
		       const struct mlb_range_set *set, u32 x)
{
	u32 slot = x >> index->shift;
	u32 lo = index->first[slot], hi = index->first[slot + 1];

	/*
	 * Ranges before lo end before the slot; range hi, if any, ends
	 * after it: the first of lo..hi to end at or after x is the only
	 * one that can hold it.  Mostly lo, with one slot per range or more.
	 */
	if (lo < hi && set->ranges[lo].hi < x)
		lo = mlb_range_first_ending(set, lo + 1, hi, x);
	if (lo < set->count && set->ranges[lo].lo <= x)
		return &set->ranges[lo];
	return NULL;
}

const struct mlb_range *mlb_range_lookup(const struct mlb_range_set *set,
					 u32 x);
const struct mlb_range *mlb_range_overlap(const struct mlb_range_set *set,
					  u32 lo, u32 hi);
int mlb_range_insert(struct mlb_range_set *set, u32 lo, u32 hi, u32 owner,
		     const struct mlb_range **conflict);

#endif /* _MLB_LIB_RANGES_H */
