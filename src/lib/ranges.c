// SPDX-License-Identifier: GPL-2.0
#include "ranges.h"

/**
 * mlb_range_overlap() - find a range that shares an integer with [lo, hi]
 * @set: the range set
 * @lo: first integer
 * @hi: last integer
 *
 * Return: the lowest overlapping range, or NULL if [@lo, @hi] is free.
 */
const struct mlb_range *mlb_range_overlap(const struct mlb_range_set *set,
					  u32 lo, u32 hi)
{
	u32 i = mlb_range_first_ending(set, 0, set->count, lo);

	if (i < set->count && set->ranges[i].lo <= hi)
		return &set->ranges[i];
	return NULL;
}

/**
 * mlb_range_lookup() - find the range that holds @x
 * @set: the range set
 * @x: routing integer
 *
 * Return: the range holding @x, or NULL if no proxy owns it.
 */
const struct mlb_range *mlb_range_lookup(const struct mlb_range_set *set,
					 u32 x)
{
	return mlb_range_overlap(set, x, x);
}

/**
 * mlb_range_insert() - add [lo, hi] for @owner, keeping the set sorted
 * @set: the range set
 * @lo: first integer
 * @hi: last integer
 * @owner: proxy identifier stored with the range
 * @conflict: set to the overlapping range on -EEXIST, may be NULL
 *
 * Return: 0; -EINVAL if @lo > @hi; -EEXIST if the range overlaps one in the
 * set (nothing is changed); -ENOSPC if the set is full.
 */
int mlb_range_insert(struct mlb_range_set *set, u32 lo, u32 hi, u32 owner,
		     const struct mlb_range **conflict)
{
	const struct mlb_range *other;
	u32 i;

	if (lo > hi)
		return -EINVAL;
	other = mlb_range_overlap(set, lo, hi);
	if (other) {
		if (conflict)
			*conflict = other;
		return -EEXIST;
	}
	if (set->count == set->capacity)
		return -ENOSPC;

	i = mlb_range_first_ending(set, 0, set->count, lo);
	memmove(&set->ranges[i + 1], &set->ranges[i],
		(set->count - i) * sizeof(set->ranges[0]));
	set->ranges[i].lo = lo;
	set->ranges[i].hi = hi;
	set->ranges[i].owner = owner;
	set->count++;
	return 0;
}

/**
 * mlb_range_index_bits() - the size of the index of a range set
 * @count: the ranges it will index, at most
 *
 * Two slots or more per range, so that most slots hold at most one range
 * boundary, up to %MLB_RANGE_INDEX_BITS_MAX bits.
 *
 * Return: the index's bits, 1 to %MLB_RANGE_INDEX_BITS_MAX.
 */
u32 mlb_range_index_bits(u32 count)
{
	u32 bits = 1;

	while (bits < MLB_RANGE_INDEX_BITS_MAX && (1U << bits) < 2ULL * count)
		bits++;
	return bits;
}

/**
 * mlb_range_index_entries() - the entries an index of @bits needs
 * @bits: from mlb_range_index_bits()
 *
 * Return: 2^@bits + 1, 65537 at most (4 bytes each).
 */
u32 mlb_range_index_entries(u32 bits)
{
	return (1U << bits) + 1;
}

/**
 * mlb_range_index_build() - index a range set, in O(slots + ranges)
 * @index: the index to fill
 * @bits: its size, from mlb_range_index_bits()
 * @first: mlb_range_index_entries(@bits) entries, which @index points to
 * @set: the ranges; changing them makes the index stale
 */
void mlb_range_index_build(struct mlb_range_index *index, u32 bits,
			   u32 *first, const struct mlb_range_set *set)
{
	u32 slots = 1U << bits, slot, i = 0;

	index->shift = 32 - bits;
	index->first = first;
	for (slot = 0; slot < slots; slot++) {
		u32 start = slot << index->shift;

		while (i < set->count && set->ranges[i].hi < start)
			i++;
		first[slot] = i;
	}
	first[slots] = set->count;
}
