// SPDX-License-Identifier: GPL-2.0
#include "kselftest_harness.h"
#include "ranges.h"
#include "ranges_model.h"

FIXTURE(set) {
	struct mlb_range storage[64];
	struct mlb_range_set set;
};

FIXTURE_SETUP(set)
{
	self->set.count = 0;
	self->set.capacity = 64;
	self->set.ranges = self->storage;
}

FIXTURE_TEARDOWN(set)
{
}

TEST_F(set, lookup_finds_owner_at_every_boundary)
{
	struct mlb_range_set *set = &self->set;

	ASSERT_EQ(0, mlb_range_insert(set, 1000, 1999, 2, NULL));
	ASSERT_EQ(0, mlb_range_insert(set, 0, 999, 1, NULL));
	ASSERT_EQ(0, mlb_range_insert(set, 0xfffffff0, 0xffffffff, 3, NULL));

	EXPECT_EQ(1, mlb_range_lookup(set, 0)->owner);
	EXPECT_EQ(1, mlb_range_lookup(set, 999)->owner);
	EXPECT_EQ(2, mlb_range_lookup(set, 1000)->owner);
	EXPECT_EQ(2, mlb_range_lookup(set, 1999)->owner);
	EXPECT_EQ(NULL, mlb_range_lookup(set, 2000));
	EXPECT_EQ(NULL, mlb_range_lookup(set, 0xffffffef));
	EXPECT_EQ(3, mlb_range_lookup(set, 0xfffffff0)->owner);
	EXPECT_EQ(3, mlb_range_lookup(set, 0xffffffff)->owner);
}

TEST_F(set, overlap_is_refused_and_names_the_owner)
{
	struct mlb_range_set *set = &self->set;
	const struct mlb_range *conflict = NULL;

	ASSERT_EQ(0, mlb_range_insert(set, 100, 199, 7, NULL));
	ASSERT_EQ(0, mlb_range_insert(set, 300, 399, 8, NULL));

	EXPECT_EQ(-EEXIST, mlb_range_insert(set, 199, 250, 9, &conflict));
	EXPECT_EQ(7, conflict->owner);
	EXPECT_EQ(-EEXIST, mlb_range_insert(set, 0, 1000, 9, &conflict));
	EXPECT_EQ(7, conflict->owner);
	EXPECT_EQ(-EEXIST, mlb_range_insert(set, 350, 350, 9, &conflict));
	EXPECT_EQ(8, conflict->owner);
	EXPECT_EQ(-EEXIST, mlb_range_insert(set, 250, 300, 9, &conflict));
	EXPECT_EQ(8, conflict->owner);
	/* Nothing changed by the refusals. */
	EXPECT_EQ(2, set->count);
	/* Adjacent is not overlapping. */
	EXPECT_EQ(0, mlb_range_insert(set, 200, 299, 9, NULL));
	EXPECT_EQ(9, mlb_range_lookup(set, 250)->owner);
}

TEST_F(set, bad_and_full)
{
	struct mlb_range_set *set = &self->set;
	u32 i;

	EXPECT_EQ(-EINVAL, mlb_range_insert(set, 5, 4, 1, NULL));
	for (i = 0; i < set->capacity; i++)
		ASSERT_EQ(0, mlb_range_insert(set, i * 10, i * 10 + 9, i, NULL));
	EXPECT_EQ(-ENOSPC, mlb_range_insert(set, 5000, 5001, 99, NULL));
	for (i = 1; i < set->count; i++)
		EXPECT_LT(set->ranges[i - 1].hi, set->ranges[i].lo);
}

static u32 next_random(u32 *state)
{
	*state = *state * 1103515245 + 12345;
	return *state;
}

/* Random disjoint ranges, checked against a linear scan. */
TEST_F(set, matches_linear_scan)
{
	struct mlb_range_set *set = &self->set;
	u32 state = 12345, i, j, x;

	for (i = 0; i < 1000 && set->count < set->capacity; i++) {
		u32 lo = next_random(&state);
		u32 len = next_random(&state) >> 8;
		u32 hi = lo + len < lo ? 0xffffffff : lo + len;

		mlb_range_insert(set, lo, hi, i, NULL);
	}
	ASSERT_LT(10, set->count);
	for (i = 0; i < 100000; i++) {
		const struct mlb_range *want = NULL;

		x = next_random(&state);
		for (j = 0; j < set->count; j++)
			if (set->ranges[j].lo <= x && x <= set->ranges[j].hi)
				want = &set->ranges[j];
		ASSERT_EQ(want, mlb_range_lookup(set, x));
	}
}


/* Checks the index of @set against the model at every range boundary. */
static void check_index(struct __test_metadata *_metadata,
			const struct mlb_range_set *set, u32 bits)
{
	u32 *first = malloc(mlb_range_index_entries(bits) * sizeof(*first));
	struct mlb_range_index index;
	u32 i, k, x;

	ASSERT_NE(NULL, first);
	mlb_range_index_build(&index, bits, first, set);
	for (i = 0; i < set->count; i++) {
		const u32 edges[] = { set->ranges[i].lo - 1, set->ranges[i].lo,
				      set->ranges[i].hi, set->ranges[i].hi + 1 };

		for (k = 0; k < ARRAY_SIZE(edges); k++) {
			x = edges[k];
			ASSERT_EQ(linear_lookup(set, x),
				  mlb_range_index_lookup(&index, set, x));
		}
	}
	/* And the first and last integer of every slot. */
	for (i = 0; i < 1U << bits; i++) {
		x = i << (32 - bits);
		ASSERT_EQ(linear_lookup(set, x),
			  mlb_range_index_lookup(&index, set, x));
		x |= U32_MAX >> bits;
		ASSERT_EQ(linear_lookup(set, x),
			  mlb_range_index_lookup(&index, set, x));
	}
	free(first);
}

TEST(index_size_follows_the_count)
{
	EXPECT_EQ(1, mlb_range_index_bits(0));
	EXPECT_EQ(1, mlb_range_index_bits(1));
	EXPECT_EQ(2, mlb_range_index_bits(2));
	EXPECT_EQ(15, mlb_range_index_bits(10000));
	EXPECT_EQ(16, mlb_range_index_bits(1U << 15));
	EXPECT_EQ(16, mlb_range_index_bits(U32_MAX));
	EXPECT_EQ(65537, mlb_range_index_entries(16));
}

/*
 * The index agrees with the scan for sets as the configuration makes them
 * (evenly spread, as many slots or fewer than ranges, crowded into one
 * slot, empty, at both ends of X) and every size of index.
 */
TEST_F(set, index_matches_linear_scan)
{
	struct mlb_range_set *set = &self->set;
	u32 state = 777, bits, i, n;

	for (bits = 1; bits <= MLB_RANGE_INDEX_BITS_MAX; bits++)
		check_index(_metadata, set, bits);
	for (n = 1; n <= 64; n *= 4) {
		set->count = 0;
		for (i = 0; i < n; i++) {
			u32 lo = ((u64)i << 32) / n;
			u32 hi = ((u64)(i + 1) << 32) / n - 1;

			ASSERT_EQ(0, mlb_range_insert(set, lo, hi, i, NULL));
		}
		for (bits = 1; bits <= MLB_RANGE_INDEX_BITS_MAX; bits++)
			check_index(_metadata, set, bits);
	}
	/* Tiny ranges in one slot, and the very first and last integers. */
	set->count = 0;
	for (i = 0; i < 60; i++)
		ASSERT_EQ(0, mlb_range_insert(set, 0x12340000 + 3 * i,
					      0x12340000 + 3 * i + 1, i, NULL));
	ASSERT_EQ(0, mlb_range_insert(set, 0, 0, 100, NULL));
	ASSERT_EQ(0, mlb_range_insert(set, U32_MAX, U32_MAX, 101, NULL));
	for (bits = 1; bits <= MLB_RANGE_INDEX_BITS_MAX; bits++)
		check_index(_metadata, set, bits);
	/* Random ranges of random sizes. */
	set->count = 0;
	for (i = 0; i < 1000 && set->count < set->capacity; i++) {
		u32 lo = next_random(&state);
		u32 len = next_random(&state) >> (next_random(&state) % 32);

		mlb_range_insert(set, lo, lo + len < lo ? U32_MAX : lo + len,
				 i, NULL);
	}
	for (bits = 1; bits <= MLB_RANGE_INDEX_BITS_MAX; bits++)
		check_index(_metadata, set, bits);
}

TEST_HARNESS_MAIN
