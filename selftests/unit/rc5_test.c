// SPDX-License-Identifier: GPL-2.0
/*
 * RC5-16 against the published vector and as a permutation: what every LB
 * and every proxy must agree on bit for bit.
 */
#include "kselftest_harness.h"
#include "rc5.h"

static const u8 vector_key[8] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07 };

/* draft-krovetz-rc6-rc5-vectors-00, RC5-16/16/8. */
TEST(published_vector)
{
	const u8 plain[4] = { 0x00, 0x01, 0x02, 0x03 };
	const u8 cipher[4] = { 0x23, 0xa8, 0xd7, 0x2e };
	struct mlb_rc5 rc5;
	u8 out[4];

	ASSERT_EQ(0, mlb_rc5_setkey(&rc5, vector_key, 8, 16));
	mlb_rc5_encrypt(&rc5, plain, out);
	EXPECT_EQ(0, memcmp(out, cipher, 4));
	mlb_rc5_decrypt(&rc5, cipher, out);
	EXPECT_EQ(0, memcmp(out, plain, 4));
}

/* The block is the token as on the wire; X is the block read big-endian. */
TEST(token_convention)
{
	struct mlb_rc5 rc5;

	ASSERT_EQ(0, mlb_rc5_setkey(&rc5, vector_key, 8, 16));
	EXPECT_EQ(0x23a8d72eU, mlb_x_to_token(&rc5, 0x00010203));
	EXPECT_EQ(0x00010203U, mlb_token_to_x(&rc5, 0x23a8d72e));
}

TEST(round_trip_every_key_length_and_rounds)
{
	u8 key[MPTCP_LB_SECRET_LEN_MAX];
	unsigned int len, rounds, i;
	struct mlb_rc5 rc5;
	u32 x = 0x9e3779b9;

	for (i = 0; i < sizeof(key); i++)
		key[i] = (u8)(i * 37 + 11);
	for (len = MPTCP_LB_SECRET_LEN_MIN; len <= MPTCP_LB_SECRET_LEN_MAX; len++) {
		for (rounds = MPTCP_LB_ROUNDS_MIN; rounds <= MPTCP_LB_ROUNDS_MAX; rounds++) {
			ASSERT_EQ(0, mlb_rc5_setkey(&rc5, key, len, rounds));
			for (i = 0; i < 64; i++) {
				x = x * 1664525 + 1013904223;
				ASSERT_EQ(x, mlb_token_to_x(&rc5, mlb_x_to_token(&rc5, x)));
			}
		}
	}
}

static int cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/* A permutation of 2^32 values: no two X of a 2^20 sample share a token. */
TEST(distinct_x_give_distinct_tokens)
{
	const u32 n = 1 << 20;
	struct mlb_rc5 rc5;
	u32 *tokens, x;

	tokens = malloc(n * sizeof(*tokens));
	ASSERT_NE(NULL, tokens);
	ASSERT_EQ(0, mlb_rc5_setkey(&rc5, vector_key, 8, 16));
	for (x = 0; x < n; x++)
		tokens[x] = mlb_x_to_token(&rc5, x * 4099);
	qsort(tokens, n, sizeof(*tokens), cmp_u32);
	for (x = 1; x < n; x++)
		ASSERT_NE(tokens[x - 1], tokens[x]);
	free(tokens);
}

TEST(secret_and_rounds_are_bounded)
{
	u8 key[MPTCP_LB_SECRET_LEN_MAX + 1] = {};
	struct mlb_rc5 rc5;

	EXPECT_EQ(-EINVAL, mlb_rc5_setkey(&rc5, key, MPTCP_LB_SECRET_LEN_MIN - 1, 16));
	EXPECT_EQ(-EINVAL, mlb_rc5_setkey(&rc5, key, MPTCP_LB_SECRET_LEN_MAX + 1, 16));
	EXPECT_EQ(-EINVAL, mlb_rc5_setkey(&rc5, key, 8, MPTCP_LB_ROUNDS_MIN - 1));
	EXPECT_EQ(-EINVAL, mlb_rc5_setkey(&rc5, key, 8, MPTCP_LB_ROUNDS_MAX + 1));
	EXPECT_EQ(0, mlb_rc5_setkey(&rc5, key, MPTCP_LB_SECRET_LEN_MIN, MPTCP_LB_ROUNDS_MIN));
}

/* Different secrets must route differently, or the secret protects nothing. */
TEST(secret_changes_the_mapping)
{
	u8 other[8] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x06 };
	struct mlb_rc5 a, b;
	unsigned int same = 0;
	u32 x;

	ASSERT_EQ(0, mlb_rc5_setkey(&a, vector_key, 8, 16));
	ASSERT_EQ(0, mlb_rc5_setkey(&b, other, 8, 16));
	for (x = 0; x < 4096; x++)
		same += mlb_x_to_token(&a, x) == mlb_x_to_token(&b, x);
	EXPECT_GE(1, same);
}

TEST_HARNESS_MAIN
