// SPDX-License-Identifier: GPL-2.0
/* The id set against a linear scan of the ids added to it. */
#include "kselftest_harness.h"
#include "idset.h"

#define IDS_MAX 512

static bool linear_has(const u32 *ids, u32 n, u32 id)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

TEST(size_is_twice_the_count)
{
	EXPECT_EQ(1, mlb_idset_bits(0));
	EXPECT_EQ(1, mlb_idset_bits(1));
	EXPECT_EQ(2, mlb_idset_bits(2));
	EXPECT_EQ(3, mlb_idset_bits(3));
	EXPECT_EQ(10, mlb_idset_bits(512));
}

TEST(empty_set_has_nothing)
{
	struct mlb_idset set;
	u32 slots[2];

	mlb_idset_init(&set, mlb_idset_bits(0), slots);
	EXPECT_FALSE(mlb_idset_has(&set, 0));
	EXPECT_FALSE(mlb_idset_has(&set, MLB_IDSET_EMPTY));
}

/*
 * Ids in sequence, of a stride of a power of two (ids reused round an
 * XArray), and random 31-bit ones, every count up to a service's most
 * members; absent ids include the empty mark.
 */
TEST(matches_linear_scan)
{
	u32 ids[IDS_MAX], slots[2 * IDS_MAX], state = 1, kind, n, i, id;
	struct mlb_idset set;

	for (kind = 0; kind < 3; kind++) {
		for (n = 0; n <= IDS_MAX; n += n < 16 ? 1 : 31) {
			mlb_idset_init(&set, mlb_idset_bits(n), slots);
			for (i = 0; i < n; i++) {
				state = state * 1103515245 + 12345;
				ids[i] = kind == 0 ? i + 7 :
					 kind == 1 ? i << 12 :
					 state >> 1;
				mlb_idset_add(&set, ids[i]);
				/* Twice is once. */
				mlb_idset_add(&set, ids[i]);
			}
			for (i = 0; i < n; i++)
				ASSERT_TRUE(mlb_idset_has(&set, ids[i]));
			for (i = 0; i < 4096; i++) {
				state = state * 1103515245 + 12345;
				id = i < 2048 ? i << (i % 13) : state;
				ASSERT_EQ(linear_has(ids, n, id),
					  mlb_idset_has(&set, id));
			}
			ASSERT_FALSE(mlb_idset_has(&set, MLB_IDSET_EMPTY));
		}
	}
}

TEST_HARNESS_MAIN
