/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which proxy owns a routing integer X: a sorted array of disjoint,
 * inclusive ranges searched in O(log n).
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

const struct mlb_range *mlb_range_lookup(const struct mlb_range_set *set,
					 u32 x);
const struct mlb_range *mlb_range_overlap(const struct mlb_range_set *set,
					  u32 lo, u32 hi);
int mlb_range_insert(struct mlb_range_set *set, u32 lo, u32 hi, u32 owner,
		     const struct mlb_range **conflict);

#endif /* _MLB_LIB_RANGES_H */
