// SPDX-License-Identifier: GPL-2.0
#include "ranges.h"

/* Index of the first range whose @hi is >= @x, or @set->count. */
static u32 first_ending_at_or_after(const struct mlb_range_set *set, u32 x)
{
	u32 lo = 0, hi = set->count;

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
	u32 i = first_ending_at_or_after(set, lo);

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

	i = first_ending_at_or_after(set, lo);
	memmove(&set->ranges[i + 1], &set->ranges[i],
		(set->count - i) * sizeof(set->ranges[0]));
	set->ranges[i].lo = lo;
	set->ranges[i].hi = hi;
	set->ranges[i].owner = owner;
	set->count++;
	return 0;
}
