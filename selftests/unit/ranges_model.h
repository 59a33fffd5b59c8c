/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The naive model of range lookups, against which the unit tests and the
 * fuzzer check mlb_range_lookup() and the range index.
 */
#ifndef _MLB_RANGES_MODEL_H
#define _MLB_RANGES_MODEL_H

#include "ranges.h"

/* The range holding @x by a scan of every range, or NULL. */
static const struct mlb_range *linear_lookup(const struct mlb_range_set *set,
					     u32 x)
{
	u32 i;

	for (i = 0; i < set->count; i++)
		if (set->ranges[i].lo <= x && x <= set->ranges[i].hi)
			return &set->ranges[i];
	return NULL;
}

#endif /* _MLB_RANGES_MODEL_H */
