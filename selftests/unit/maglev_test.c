// SPDX-License-Identifier: GPL-2.0
/*
 * Maglev: deterministic for a member set, slots proportional to weights,
 * and little movement when the member set changes.
 */
#include "kselftest_harness.h"
#include "hash.h"
#include "maglev.h"

#define SIZE MPTCP_LB_MAGLEV_SIZE_DEFAULT
#define MAX_MEMBERS 64

static u32 table[SIZE], other[SIZE];
static u8 scratch[MAX_MEMBERS * 64];

static void make_members(struct mlb_maglev_member *m, u32 n, u32 weight)
{
	char name[16];
	u32 i;

	for (i = 0; i < n; i++) {
		int len = snprintf(name, sizeof(name), "proxy%u", i);

		m[i].id = mlb_hash64(name, len, 0);
		m[i].weight = weight ? weight : i + 1;
	}
}

static u32 count(const u32 *t, u32 member)
{
	u32 i, n = 0;

	for (i = 0; i < SIZE; i++)
		n += t[i] == member;
	return n;
}

TEST(sizes)
{
	EXPECT_TRUE(mlb_maglev_size_valid(65537));
	EXPECT_TRUE(mlb_maglev_size_valid(MPTCP_LB_MAGLEV_SIZE_MIN));
	EXPECT_TRUE(mlb_maglev_size_valid(MPTCP_LB_MAGLEV_SIZE_MAX));
	EXPECT_FALSE(mlb_maglev_size_valid(65536));
	EXPECT_FALSE(mlb_maglev_size_valid(65535));
	EXPECT_FALSE(mlb_maglev_size_valid(251));
	EXPECT_FALSE(mlb_maglev_size_valid(1048583));
	ASSERT_GE(sizeof(scratch), mlb_maglev_scratch_size(MAX_MEMBERS));
}

TEST(balance_within_one_percent_of_weights)
{
	struct mlb_maglev_member m[10];
	u32 i, total = 0;

	make_members(m, 10, 0);
	for (i = 0; i < 10; i++)
		total += m[i].weight;
	ASSERT_EQ(0, mlb_maglev_build(table, SIZE, m, 10, scratch));
	for (i = 0; i < 10; i++) {
		double want = (double)SIZE * m[i].weight / total;
		double got = count(table, i);

		EXPECT_GE(want * 0.01, got > want ? got - want : want - got)
			TH_LOG("member %u: %.0f slots, want %.1f", i, got, want);
	}
	EXPECT_EQ(0, count(table, MLB_MAGLEV_EMPTY));
}

TEST(zero_weight_gets_no_slot)
{
	struct mlb_maglev_member m[4];

	make_members(m, 4, 5);
	m[2].weight = 0;
	ASSERT_EQ(0, mlb_maglev_build(table, SIZE, m, 4, scratch));
	EXPECT_EQ(0, count(table, 2));
	EXPECT_EQ(0, count(table, MLB_MAGLEV_EMPTY));

	m[0].weight = 0;
	m[1].weight = 0;
	m[3].weight = 0;
	ASSERT_EQ(0, mlb_maglev_build(table, SIZE, m, 4, scratch));
	EXPECT_EQ(SIZE, count(table, MLB_MAGLEV_EMPTY));
	ASSERT_EQ(0, mlb_maglev_build(table, SIZE, m, 0, scratch));
	EXPECT_EQ(SIZE, count(table, MLB_MAGLEV_EMPTY));
}

/* Every LB must compute the same table, whatever order it holds members in. */
TEST(member_order_does_not_matter)
{
	struct mlb_maglev_member m[16], rev[16];
	u32 i;

	make_members(m, 16, 0);
	for (i = 0; i < 16; i++)
		rev[i] = m[15 - i];
	ASSERT_EQ(0, mlb_maglev_build(table, SIZE, m, 16, scratch));
	ASSERT_EQ(0, mlb_maglev_build(other, SIZE, rev, 16, scratch));
	for (i = 0; i < SIZE; i++)
		ASSERT_EQ(m[table[i]].id, rev[other[i]].id);
}

TEST(removing_one_of_n_moves_about_one_nth)
{
	struct mlb_maglev_member m[MAX_MEMBERS];
	u32 n, i, moved;

	for (n = 4; n <= MAX_MEMBERS; n *= 2) {
		make_members(m, n, 1);
		ASSERT_EQ(0, mlb_maglev_build(table, SIZE, m, n, scratch));
		/* Drop member 1: the last one moves into its place. */
		m[1] = m[n - 1];
		ASSERT_EQ(0, mlb_maglev_build(other, SIZE, m, n - 1, scratch));
		make_members(m, n, 1);
		moved = 0;
		for (i = 0; i < SIZE; i++) {
			u32 now = other[i] == 1 ? n - 1 : other[i];

			moved += now != table[i];
		}
		TH_LOG("%u members: %.2f%% of slots moved, 1/N is %.2f%%", n,
		       100.0 * moved / SIZE, 100.0 / n);
		EXPECT_LE(moved, SIZE / n * 3 / 2);
		EXPECT_GE(moved, SIZE / n);
	}
}

TEST(rejects_bad_input)
{
	struct mlb_maglev_member m[3];

	make_members(m, 3, 1);
	EXPECT_EQ(-EINVAL, mlb_maglev_build(table, 65536, m, 3, scratch));
	m[1].weight = MPTCP_LB_WEIGHT_MAX + 1;
	EXPECT_EQ(-EINVAL, mlb_maglev_build(table, SIZE, m, 3, scratch));
	m[1].weight = 1;
	m[2].id = m[0].id;
	EXPECT_EQ(-EINVAL, mlb_maglev_build(table, SIZE, m, 3, scratch));
}

TEST_HARNESS_MAIN
