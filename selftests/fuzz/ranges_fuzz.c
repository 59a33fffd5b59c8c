// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the range set and its index: the input is a list
 * of big-endian (lo, length) pairs, inserted as the configuration inserts
 * ranges (overlaps refused), then the index the configuration builds and
 * one of a size the input's last byte picks are compared with a scan of
 * the ranges at every range boundary, at every slot's first and last
 * integer (up to 2^12 slots) and at the integers the input ends with.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "ranges.h"
#include "../unit/ranges_model.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

#define RANGES_MAX	256

static u32 first[(1U << MLB_RANGE_INDEX_BITS_MAX) + 1];

static void check(const struct mlb_range_index *index,
		  const struct mlb_range_set *set, u32 x)
{
	const struct mlb_range *want = linear_lookup(set, x);

	if (mlb_range_index_lookup(index, set, x) != want ||
	    mlb_range_lookup(set, x) != want)
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct mlb_range storage[RANGES_MAX];
	struct mlb_range_set set = {
		.capacity = RANGES_MAX, .ranges = storage,
	};
	struct mlb_range_index index;
	u32 sizes[2], bits, i, k, n = size / 8;

	for (i = 0; i < n && set.count < RANGES_MAX; i++) {
		u32 lo = mlb_get_be32(data + 8 * i);
		u32 len = mlb_get_be32(data + 8 * i + 4);

		mlb_range_insert(&set, lo, len > U32_MAX - lo ? U32_MAX : lo + len,
				 i, NULL);
	}
	sizes[0] = mlb_range_index_bits(set.count);
	sizes[1] = size ? 1 + data[size - 1] % MLB_RANGE_INDEX_BITS_MAX : 1;
	for (k = 0; k < 2; k++) {
		bits = sizes[k];
		mlb_range_index_build(&index, bits, first, &set);
		for (i = 0; i < set.count; i++) {
			check(&index, &set, set.ranges[i].lo - 1);
			check(&index, &set, set.ranges[i].lo);
			check(&index, &set, set.ranges[i].hi);
			check(&index, &set, set.ranges[i].hi + 1);
		}
		for (i = 0; i < 1U << bits && bits <= 12; i++) {
			check(&index, &set, i << (32 - bits));
			check(&index, &set, i << (32 - bits) | U32_MAX >> bits);
		}
		for (i = 8 * n; i + 4 <= size; i++)
			check(&index, &set, mlb_get_be32(data + i));
	}
	return 0;
}
