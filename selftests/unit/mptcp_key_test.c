// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 8684 token and initial data sequence number of a key; expected
 * values computed independently with Python's hashlib:
 * sha256(key.to_bytes(8, "big")).digest()[:4] and [24:], and for version
 * 0, sha1(key.to_bytes(8, "big")).digest()[:4].
 */
#include "kselftest_harness.h"
#include "mptcp_key.h"

TEST(known_tokens)
{
	EXPECT_EQ(0xaf5570f5U, mlb_mptcp_key_token(0));
	EXPECT_EQ(0xcd266215U, mlb_mptcp_key_token(1));
	EXPECT_EQ(0x55c53f5dU, mlb_mptcp_key_token(0x0123456789abcdefULL));
	EXPECT_EQ(0x12a3ae44U, mlb_mptcp_key_token(0xffffffffffffffffULL));
}

TEST(known_idsn)
{
	u32 token;
	u64 idsn;

	mlb_mptcp_key_hash(0x0123456789abcdefULL, &token, &idsn);
	EXPECT_EQ(0x55c53f5dU, token);
	EXPECT_EQ(0x570762cd38be9818ULL, idsn);
	mlb_mptcp_key_hash(0, &token, &idsn);
	EXPECT_EQ(0xaf5570f5U, token);
	EXPECT_EQ(0xe5b2328de0e83dfcULL, idsn);
}

TEST(known_tokens_v0)
{
	EXPECT_EQ(0x05fe4057U, mlb_mptcp_key_token_v0(0));
	EXPECT_EQ(0xcb473678U, mlb_mptcp_key_token_v0(1));
	EXPECT_EQ(0x0ca2eadbU, mlb_mptcp_key_token_v0(0x0123456789abcdefULL));
	EXPECT_EQ(0xbe673e8aU, mlb_mptcp_key_token_v0(0xffffffffffffffffULL));
}

TEST_HARNESS_MAIN
