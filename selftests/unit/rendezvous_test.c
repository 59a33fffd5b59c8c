// SPDX-License-Identifier: GPL-2.0
/*
 * The rendezvous fill: the same table as a slot-by-slot model that scores
 * every member in floating point (rendezvous_model.h), shares that follow
 * the weights, and removals that move the removed member's slots alone.
 */
#include <math.h>

#include "kselftest_harness.h"
#include "hash.h"
#include "members.h"
#include "rendezvous.h"
#include "rendezvous_model.h"

#define MAX_MEMBERS MPTCP_LB_SERVICE_MEMBERS_MAX

/* The least prime of at least @slots_per_member slots for each of @n. */
static u32 least_size(u32 n, u32 slots_per_member)
{
	u32 size = n * slots_per_member;

	while (!mlb_maglev_size_valid(size))
		size++;
	return size;
}

static u32 count(const u32 *t, u32 size, u32 member)
{
	u32 i, n = 0;

	for (i = 0; i < size; i++)
		n += t[i] == member;
	return n;
}

/* -log2(u) of a hash, in libm's doubles, in 16.16 fixed point. */
static double exact_neg_log2(u64 hash)
{
	return -log2((double)(hash | 1) / 18446744073709551616.0) * 65536;
}

/* Every table entry, read where the interpolation adds nothing. */
TEST(log2_table_is_libm_rounded)
{
	u32 i;

	for (i = 0; i < 256; i++) {
		u64 hash = (u64)(256 + i) << 55;

		ASSERT_EQ(lround(exact_neg_log2(hash)),
			  mlb_rendezvous_neg_log2(hash)) TH_LOG("entry %u", i);
	}
}

TEST(neg_log2_within_three_of_libm)
{
	u64 hash = 1;
	u32 i;

	for (i = 0; i < 1000000; i++) {
		double want = exact_neg_log2(hash);
		double got = mlb_rendezvous_neg_log2(hash);

		ASSERT_GE(3.0, fabs(got - want)) TH_LOG("hash %llx",
							(unsigned long long)hash);
		/* Every exponent, many mantissas. */
		hash = mlb_mix64(hash) >> (i % 64);
	}
	EXPECT_EQ(64U << 16, mlb_rendezvous_neg_log2(0));
	EXPECT_GE(1, mlb_rendezvous_neg_log2(U64_MAX));
}

/*
 * Whatever path the build takes (equal weights skip the logarithms), its
 * table must be the model's.
 */
TEST(same_table_as_the_model)
{
	static u32 table[MPTCP_LB_MAGLEV_SIZE_MIN * 8], want[ARRAY_SIZE(table)];
	struct mlb_maglev_member m[24];
	u64 seed = 1;
	u32 round, i;

	for (round = 0; round < 400; round++) {
		u32 n = round % ARRAY_SIZE(m) + 1, size = 2053;

		make_members(m, n, 0);
		for (i = 0; i < n; i++) {
			seed = mlb_mix64(seed + i);
			/* Equal weights, weights of one bit, any weight, 0. */
			switch (round % 4) {
			case 0:
				m[i].weight = 7;
				break;
			case 1:
				m[i].weight = 1 + (seed & 1);
				break;
			case 2:
				m[i].weight = seed % (MPTCP_LB_WEIGHT_MAX + 1);
				break;
			default:
				m[i].weight = seed % 3;
			}
		}
		if (round % 8 == 7)
			size = MPTCP_LB_MAGLEV_SIZE_MIN;
		ASSERT_EQ(0, mlb_rendezvous_build(table, size, m, n));
		model_build(want, size, m, n);
		for (i = 0; i < size; i++)
			ASSERT_EQ(want[i], table[i])
				TH_LOG("round %u, slot %u", round, i);
	}
}

TEST(shares_follow_the_weights)
{
	static u32 table[MPTCP_LB_MAGLEV_SIZE_DEFAULT];
	struct mlb_maglev_member m[10];
	u32 i, total = 0;

	make_members(m, 10, 0);
	for (i = 0; i < 10; i++)
		total += m[i].weight;
	ASSERT_EQ(0, mlb_rendezvous_build(table, ARRAY_SIZE(table), m, 10));
	for (i = 0; i < 10; i++) {
		double want = (double)ARRAY_SIZE(table) * m[i].weight / total;
		double got = count(table, ARRAY_SIZE(table), i);

		/* 4 standard deviations of a binomial draw. */
		EXPECT_GE(4 * sqrt(want), fabs(got - want))
			TH_LOG("member %u: %.0f slots, want %.1f", i, got, want);
	}
	EXPECT_EQ(0, count(table, ARRAY_SIZE(table), MLB_MAGLEV_EMPTY));
}

TEST(zero_weight_gets_no_slot)
{
	static u32 table[MPTCP_LB_MAGLEV_SIZE_MIN];
	struct mlb_maglev_member m[4];
	u32 size = ARRAY_SIZE(table);

	make_members(m, 4, 5);
	m[2].weight = 0;
	ASSERT_EQ(0, mlb_rendezvous_build(table, size, m, 4));
	EXPECT_EQ(0, count(table, size, 2));
	EXPECT_EQ(0, count(table, size, MLB_MAGLEV_EMPTY));
	m[0].weight = 0;
	m[1].weight = 0;
	m[3].weight = 0;
	ASSERT_EQ(0, mlb_rendezvous_build(table, size, m, 4));
	EXPECT_EQ(size, count(table, size, MLB_MAGLEV_EMPTY));
	ASSERT_EQ(0, mlb_rendezvous_build(table, size, m, 0));
	EXPECT_EQ(size, count(table, size, MLB_MAGLEV_EMPTY));
}

TEST(refuses_what_maglev_refuses)
{
	static u32 table[MPTCP_LB_MAGLEV_SIZE_MIN];
	struct mlb_maglev_member m[3];

	make_members(m, 3, 1);
	EXPECT_EQ(-EINVAL, mlb_rendezvous_build(table, 256, m, 3));
	m[1].weight = MPTCP_LB_WEIGHT_MAX + 1;
	EXPECT_EQ(-EINVAL, mlb_rendezvous_build(table, ARRAY_SIZE(table), m,
						3));
	m[1].weight = 1;
	m[2].id = m[0].id;
	EXPECT_EQ(-EINVAL, mlb_rendezvous_build(table, ARRAY_SIZE(table), m,
						3));
}

/* Every LB must compute the same table, whatever order it holds members in. */
TEST(member_order_does_not_matter)
{
	static u32 table[MPTCP_LB_MAGLEV_SIZE_DEFAULT], other[ARRAY_SIZE(table)];
	struct mlb_maglev_member m[16], rev[16];
	u32 i;

	make_members(m, 16, 0);
	for (i = 0; i < 16; i++)
		rev[i] = m[15 - i];
	ASSERT_EQ(0, mlb_rendezvous_build(table, ARRAY_SIZE(table), m, 16));
	ASSERT_EQ(0, mlb_rendezvous_build(other, ARRAY_SIZE(table), rev, 16));
	for (i = 0; i < ARRAY_SIZE(table); i++)
		ASSERT_EQ(m[table[i]].id, rev[other[i]].id);
}

/*
 * Removing a member moves its slots and no other; changing one member's
 * weight moves slots only to or from it.  With equal weights and with
 * weights of 1 to 16.
 */
TEST(only_the_changed_member_moves)
{
	static u32 table[MPTCP_LB_MAGLEV_SIZE_DEFAULT], other[ARRAY_SIZE(table)];
	struct mlb_maglev_member m[16], removed;
	u32 size = ARRAY_SIZE(table), weight, i;

	for (weight = 0; weight < 2; weight++) {
		make_members(m, 16, weight);
		ASSERT_EQ(0, mlb_rendezvous_build(table, size, m, 16));
		removed = m[3];
		m[3] = m[15];
		ASSERT_EQ(0, mlb_rendezvous_build(other, size, m, 15));
		m[3] = removed;
		for (i = 0; i < size; i++) {
			u32 now = other[i] == 3 ? 15 : other[i];

			if (table[i] != 3)
				ASSERT_EQ(table[i], now) TH_LOG("slot %u", i);
		}

		m[5].weight += 3;
		ASSERT_EQ(0, mlb_rendezvous_build(other, size, m, 16));
		for (i = 0; i < size; i++)
			if (other[i] != table[i])
				ASSERT_EQ(5, other[i]) TH_LOG("slot %u", i);
	}
}

/*
 * Removing the member of the largest share, the worst case, at the
 * fewest slots the LB allows (MLB_RENDEZVOUS_SLOTS_PER_MEMBER each):
 * what rendezvous.h promises, in multiples of the ideal share.
 */
TEST(worst_removal_at_the_least_size)
{
	static const struct {
		u32 n;
		double bound;
	} cases[] = {
		{ 10, 1.2 },
		{ 100, 1.2 },
		{ MPTCP_LB_SERVICE_MEMBERS_MAX, 1.2 },
	};
	struct mlb_maglev_member *m = calloc(MAX_MEMBERS, sizeof(*m));
	u32 *table = malloc(MPTCP_LB_MAGLEV_SIZE_MAX * sizeof(u32));
	u32 *slots = calloc(MAX_MEMBERS, sizeof(u32));
	u32 c, i;

	ASSERT_TRUE(m && table && slots);
	for (c = 0; c < ARRAY_SIZE(cases); c++) {
		u32 n = cases[c].n, most = 0;
		u32 size = least_size(n, MLB_RENDEZVOUS_SLOTS_PER_MEMBER);
		double worst;

		make_members(m, n, 1);
		ASSERT_EQ(0, mlb_rendezvous_build(table, size, m, n));
		memset(slots, 0, MAX_MEMBERS * sizeof(u32));
		for (i = 0; i < size; i++)
			slots[table[i]]++;
		for (i = 0; i < n; i++)
			if (slots[i] > most)
				most = slots[i];
		worst = (double)most * n / size;
		TH_LOG("%u members, %u slots: the worst removal moves %.3f x 1/N",
		       n, size, worst);
		EXPECT_GE(cases[c].bound, worst);
	}
	free(slots);
	free(table);
	free(m);
}

/*
 * Tables are a contract between LBs of different versions behind one ECMP
 * router: a change to these digests reroutes connections during a rolling
 * upgrade.
 */
TEST(tables_match_earlier_versions)
{
	static const struct {
		u32 n, size;
		u64 digest;
	} cases[] = {
		{ 3, MPTCP_LB_MAGLEV_SIZE_MIN, 0x27e3671e13ee1937ULL },
		{ 100, MPTCP_LB_MAGLEV_SIZE_DEFAULT, 0x5d92733c5bfb2d41ULL },
		{ 100, 51203, 0x56245368e7f30ed5ULL },
	};
	u32 *t = malloc(MPTCP_LB_MAGLEV_SIZE_DEFAULT * sizeof(u32));
	struct mlb_maglev_member *m = calloc(100, sizeof(*m));
	u32 c, i;

	ASSERT_TRUE(t && m);
	for (c = 0; c < ARRAY_SIZE(cases); c++) {
		u64 digest = 0;

		make_members(m, cases[c].n, 0);
		/* Weighted, then equal weights. */
		for (i = 0; i < cases[c].n; i++)
			m[i].weight = c == 2 ? 3 : 1 + i % 7;
		ASSERT_EQ(0, mlb_rendezvous_build(t, cases[c].size, m,
						  cases[c].n));
		for (i = 0; i < cases[c].size; i++)
			digest = mlb_mix64(digest ^ t[i]);
		EXPECT_EQ(cases[c].digest, digest)
			TH_LOG("case %u: digest 0x%llx", c,
			       (unsigned long long)digest);
	}
	free(m);
	free(t);
}

TEST_HARNESS_MAIN
