// SPDX-License-Identifier: GPL-2.0
/*
 * The connection hash Maglev picks proxies with: the same on every build,
 * sensitive to every field, and spreading connections evenly.
 */
#include "kselftest_harness.h"
#include "hash.h"
#include "maglev.h"

static const u8 client4[4] = { 198, 51, 100, 7 }, vip4[4] = { 192, 0, 2, 1 };
static const u8 client6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 7 };
static const u8 vip6[16] = { 0x20, 0x01, 0x0d, 0xb8, [14] = 1, [15] = 0 };

/*
 * Values from an independent Python model of the function: a change would
 * make LBs of two versions disagree.
 */
TEST(values_are_stable)
{
	EXPECT_EQ(0x0fd820b0b3f3aa56ULL,
		  mlb_flow_hash(client4, vip4, 4, 40000, 443, 0));
	EXPECT_EQ(0x5d09762e53736b4eULL,
		  mlb_flow_hash(client6, vip6, 16, 40000, 443, 0));
}

TEST(every_field_counts)
{
	u64 base = mlb_flow_hash(client6, vip6, 16, 40000, 443, 1);
	u8 addr[16];
	int i;

	EXPECT_NE(base, mlb_flow_hash(client6, vip6, 16, 40001, 443, 1));
	EXPECT_NE(base, mlb_flow_hash(client6, vip6, 16, 40000, 444, 1));
	EXPECT_NE(base, mlb_flow_hash(client6, vip6, 16, 40000, 443, 2));
	EXPECT_NE(base, mlb_flow_hash(vip6, client6, 16, 40000, 443, 1));
	for (i = 0; i < 16; i++) {
		memcpy(addr, client6, sizeof(addr));
		addr[i] ^= 0x80;
		EXPECT_NE(base, mlb_flow_hash(addr, vip6, 16, 40000, 443, 1));
		EXPECT_NE(base, mlb_flow_hash(client6, addr, 16, 40000, 443, 1));
	}
}

/* 4 equal members, 200,000 connections from one client: within 2% each. */
TEST(spreads_ports_evenly)
{
	const struct mlb_maglev_member members[] = {
		{ 1, 1 }, { 2, 1 }, { 3, 1 }, { 4, 1 },
	};
	const u32 size = 65537, n = 200000;
	u32 *table = calloc(size, sizeof(*table)), counts[4] = {}, i;
	void *scratch = malloc(mlb_maglev_scratch_size(4));

	ASSERT_EQ(0, mlb_maglev_build(table, size, members, 4, scratch));
	for (i = 0; i < n; i++) {
		u8 src[4] = { 10, 0, (u8)(i >> 16), (u8)(i >> 8) };

		counts[mlb_maglev_pick(table, size,
				       mlb_flow_hash(src, vip4, 4, (u16)(i * 7919),
						     443, 5))]++;
	}
	for (i = 0; i < 4; i++) {
		EXPECT_LT(n / 4 * 98 / 100, counts[i]);
		EXPECT_GT(n / 4 * 102 / 100, counts[i]);
	}
	free(scratch);
	free(table);
}

TEST_HARNESS_MAIN
