// SPDX-License-Identifier: GPL-2.0
/*
 * Maglev: deterministic for a member set, slots proportional to weights,
 * and little movement when the member set changes.
 */
#include "kselftest_harness.h"
#include "hash.h"
#include "maglev.h"
#include "members.h"

#define SIZE MPTCP_LB_MAGLEV_SIZE_DEFAULT
#define MAX_MEMBERS 64

static u32 table[SIZE], other[SIZE];
static u8 scratch[MAX_MEMBERS * 64];

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

/*
 * Tables are a contract between LBs of different versions behind one ECMP
 * router: these digests were taken from the build before it stepped its
 * permutations without a division, and any change to them reroutes
 * connections during a rolling upgrade.
 */
TEST(tables_match_earlier_versions)
{
	static const struct {
		u32 n, size;
		u64 digest;
	} cases[] = {
		{ 3, MPTCP_LB_MAGLEV_SIZE_MIN, 0xa64cab6fda1aa289ULL },
		{ 100, MPTCP_LB_MAGLEV_SIZE_DEFAULT, 0x4c738a0d67b2b0f1ULL },
		{ 1000, MPTCP_LB_MAGLEV_SIZE_MAX, 0xeb5c45243af4932fULL },
	};
	u32 *t = malloc(MPTCP_LB_MAGLEV_SIZE_MAX * sizeof(u32));
	struct mlb_maglev_member *m = calloc(1000, sizeof(*m));
	void *work = malloc(mlb_maglev_scratch_size(1000));
	u32 c, i;

	ASSERT_TRUE(t && m && work);
	for (c = 0; c < ARRAY_SIZE(cases); c++) {
		u64 digest = 0;

		make_members(m, cases[c].n, 0);
		for (i = 0; i < cases[c].n; i++)
			m[i].weight = 1 + i % 7;
		ASSERT_EQ(0, mlb_maglev_build(t, cases[c].size, m,
					      cases[c].n, work));
		for (i = 0; i < cases[c].size; i++)
			digest = mlb_mix64(digest ^ t[i]);
		EXPECT_EQ(cases[c].digest, digest);
	}
	free(work);
	free(m);
	free(t);
}

/*
 * The share of slots that change owner when member @gone of @n equal
 * members is removed, in multiples of the ideal @size / @n.  @m is
 * restored before it returns.
 */
static double moved_share(u32 *before, u32 *after, u32 size,
			  struct mlb_maglev_member *m, u32 n, u32 gone,
			  void *work)
{
	struct mlb_maglev_member last = m[n - 1], removed = m[gone];
	u32 i, moved = 0;

	if (mlb_maglev_build(before, size, m, n, work))
		return -1;
	/* The last member takes the removed one's index. */
	m[gone] = last;
	if (mlb_maglev_build(after, size, m, n - 1, work))
		return -1;
	m[gone] = removed;
	for (i = 0; i < size; i++) {
		u32 now = after[i] == gone ? n - 1 : after[i];

		moved += now != before[i];
	}
	return (double)moved * n / size;
}

/*
 * At fleet sizes the share moved exceeds 1/N (see maglev.h); it must stay
 * where it was measured, and must not grow with the table.  1000 members
 * is beyond MPTCP_LB_SERVICE_MEMBERS_MAX, measured for the library alone.
 */
TEST(removing_one_of_a_fleet)
{
	static const struct {
		u32 n, size, removals;
		double bound;
	} cases[] = {
		{ 10, MPTCP_LB_MAGLEV_SIZE_DEFAULT, 10, 1.1 },
		{ 100, MPTCP_LB_MAGLEV_SIZE_DEFAULT, 8, 1.7 },
		{ 100, MPTCP_LB_MAGLEV_SIZE_MAX, 2, 1.15 },
		{ MPTCP_LB_SERVICE_MEMBERS_MAX, MPTCP_LB_MAGLEV_SIZE_DEFAULT, 8,
		  6.0 },
		{ MPTCP_LB_SERVICE_MEMBERS_MAX, MPTCP_LB_MAGLEV_SIZE_MAX, 2,
		  2.0 },
		{ 1000, MPTCP_LB_MAGLEV_SIZE_DEFAULT, 4, 7.5 },
		{ 1000, MPTCP_LB_MAGLEV_SIZE_MAX, 2, 3.2 },
	};
	u32 *before = malloc(MPTCP_LB_MAGLEV_SIZE_MAX * sizeof(u32));
	u32 *after = malloc(MPTCP_LB_MAGLEV_SIZE_MAX * sizeof(u32));
	struct mlb_maglev_member *m = calloc(1000, sizeof(*m));
	void *work = malloc(mlb_maglev_scratch_size(1000));
	u32 c, r;

	ASSERT_TRUE(before && after && m && work);
	for (c = 0; c < ARRAY_SIZE(cases); c++) {
		u32 n = cases[c].n, size = cases[c].size;
		double worst = 0;

		make_members(m, n, 1);
		for (r = 0; r < cases[c].removals; r++) {
			/* Spread over the id order, which is the fill order. */
			double x = moved_share(before, after, size, m, n,
					       r * 7919 % n, work);

			ASSERT_LT(0, x);
			if (x > worst)
				worst = x;
		}
		TH_LOG("%u members, %u slots: worst of %u removals moved %.3f x 1/N",
		       n, size, cases[c].removals, worst);
		EXPECT_LE(worst, cases[c].bound);
	}
	free(work);
	free(m);
	free(after);
	free(before);
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
